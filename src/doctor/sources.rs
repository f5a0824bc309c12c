//! Reading one client's sources (its `[machine]` section) on this machine: which
//! files exist (one path, the first found walking up, a file named by a
//! variable), what each read finds in them or in the environment, and where
//! (`file:line:col`, "environment", an rc file). The files are read and parsed
//! once, by the check pipeline (`locate` says which; `gather` reads values off the
//! parsed documents it kept). The result is every candidate value in precedence
//! order; `examine` picks the winners.
//!
//! Not for: linting or probing, or deciding precedence beyond ordering.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::catalog::{fill_text, KeyPath, MachineSpec, ReadSpec, SourceSpec, Take, ValueRole};
use crate::diagnostic::LineIndex;
use crate::document::{Document, Format, Segment};
use crate::machine_paths::Places;
use crate::outcome::Outcome;
use crate::settings::segment_text;
use crate::settings::select::{find, Found};

use super::environment::Environment;

/// Where a candidate value was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File {
        path: PathBuf,
        line: usize,
        col: usize,
        span: Range<usize>,
    },
    /// This process's environment; `set_by` when an rc file exports the same value.
    Process {
        var: String,
        set_by: Option<(PathBuf, usize, usize)>,
    },
    /// Exported by a shell start-up file (not in this process's environment).
    Rc {
        var: String,
        path: PathBuf,
        line: usize,
        col: usize,
    },
}

/// Where a value comes from, for people: `~/.claude/settings.json:3:28`, `environment $X`.
pub fn origin_text(origin: &Origin, places: &Places) -> String {
    match origin {
        Origin::File { path, line, col, .. } => format!("{}:{line}:{col}", places.display(path)),
        Origin::Process { var, set_by: Some((path, line, col)) } => {
            format!("environment ${var}, from {}:{line}:{col}", places.display(path))
        }
        Origin::Process { var, set_by: None } => format!("environment ${var}"),
        Origin::Rc { path, line, col, .. } => format!("{}:{line}:{col}", places.display(path)),
    }
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub value_id: String,
    pub text: String,
    pub take: Take,
    pub origin: Origin,
    pub source_label: String,
    /// (tier, source index, read index): lower wins.
    pub order: (u8, usize, usize),
}

/// The files a client's sources name on this machine (one per file source that
/// applies and exists, `None` elsewhere), and whether the client looks in use.
#[derive(Debug, Clone, Default)]
pub struct Located {
    pub paths: Vec<Option<PathBuf>>,
    pub detected: bool,
}

impl Located {
    pub fn files(&self) -> impl Iterator<Item = &PathBuf> {
        self.paths.iter().flatten()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Gathered {
    pub candidates: Vec<Candidate>,
    /// The source files that exist, in source order.
    pub files: Vec<PathBuf>,
    /// Source files no client profile matches that could not be read, with why
    /// (those the pipeline read carry their CR902 in the outcome).
    pub unreadable: Vec<(PathBuf, String)>,
    /// Some source or detect path exists, or a value was found.
    pub in_use: bool,
}

pub fn locate(machine: &MachineSpec, places: &Places, env: &Environment) -> Located {
    let mut paths: Vec<Option<PathBuf>> = machine
        .sources
        .iter()
        .map(|s| (s.applies_on(places.os) && !s.env).then(|| source_path(s, places, env)).flatten())
        .collect();
    // Run from the home directory, a project file is a user file: read once, at the later (user) rank.
    for i in 0..paths.len() {
        let Some(path) = paths[i].clone() else { continue };
        if paths[i + 1..].iter().flatten().any(|later| same_file(later, &path)) {
            paths[i] = None;
        }
    }
    let detected = machine.detect.iter().filter_map(|d| places.expand(d)).any(|p| p.exists());
    Located { paths, detected }
}

/// Every candidate of the section, in precedence order, from the files `located`
/// found as the pipeline parsed them (`outcome`). `prefer` tells which of several
/// wildcard matches of a base URL to take (one on the gateway, say).
pub fn gather(
    machine: &MachineSpec,
    located: &Located,
    outcome: &Outcome,
    env: &Environment,
    os: crate::catalog::Os,
    prefer: &dyn Fn(&str) -> bool,
) -> Gathered {
    let mut out = Gathered::default();
    for (si, source) in machine.sources.iter().enumerate() {
        if !source.applies_on(os) {
            continue;
        }
        let reads = &machine.reads[&source.reads];
        if source.env {
            read_environment(source, si, reads, env, &mut out.candidates);
            continue;
        }
        let Some(path) = located.paths[si].clone() else { continue };
        let format = source.format.expect("checked at load");
        match parsed(outcome, &path, format) {
            Ok(Some((text, doc))) => {
                let file = SourceFile { path: &path, text: &text, doc: &doc };
                read_file(machine, source, si, reads, &file, prefer, &mut out.candidates);
            }
            Ok(None) => {}
            Err(why) => out.unreadable.push((path.clone(), why)),
        }
        out.files.push(path);
    }
    out.candidates.sort_by_key(|c| c.order);
    out.in_use = located.detected || !out.files.is_empty() || !out.candidates.is_empty();
    out
}

/// The file's text and its document in `format`: the pipeline's, or (a file no
/// client profile matches in that format) read and parsed here, with the same
/// care. `Ok(None)`: the text does not parse (or the pipeline could not read it,
/// and said so); `Err`: a file of no profile that cannot be read.
fn parsed(outcome: &Outcome, path: &Path, format: Format) -> Result<Option<(String, Document)>, String> {
    let text = match outcome.file(path) {
        Some(file) => {
            let Some(text) = file.current_text() else { return Ok(None) };
            let kept =
                file.analysis.readings.iter().find(|r| r.format == format).and_then(|r| r.document.clone());
            if let Some(doc) = kept {
                return Ok(Some((text.to_string(), doc)));
            }
            text.to_string()
        }
        None => crate::read::read_text(path, 4 * 1024 * 1024).map_err(|e| e.to_string())?,
    };
    let doc = crate::formats::count::attribute(path, || crate::formats::parse(format, &text)).ok();
    Ok(doc.map(|doc| (text, doc)))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The file a source names on this machine, if it exists.
fn source_path(source: &SourceSpec, places: &Places, env: &Environment) -> Option<PathBuf> {
    if let Some(template) = &source.path {
        return places.expand(template).filter(|p| p.is_file());
    }
    if let Some(var) = &source.path_env {
        let value = env.process.get(var).filter(|v| !v.is_empty())?;
        return Some(PathBuf::from(value)).filter(|p| p.is_file());
    }
    for dir in places.cwd.ancestors() {
        if let Some(found) = source.walk.iter().map(|name| dir.join(name)).find(|p| p.is_file()) {
            return Some(found);
        }
    }
    source.fallback.iter().filter_map(|t| places.expand(t)).find(|p| p.is_file())
}

fn read_environment(
    source: &SourceSpec,
    si: usize,
    reads: &[ReadSpec],
    env: &Environment,
    out: &mut Vec<Candidate>,
) {
    for (ri, read) in reads.iter().enumerate() {
        let Some(var) = &read.key else { continue };
        let candidate = |text: String, origin: Origin| Candidate {
            value_id: read.value.clone(),
            text,
            take: read.take,
            origin,
            source_label: source.label.clone(),
            order: (read.tier, si, ri),
        };
        let process = env.process.get(var).filter(|v| !v.is_empty());
        if let Some(value) = process {
            let set_by =
                env.rc_values(var).find(|a| &a.value == value).map(|a| (a.path.clone(), a.line, a.col));
            out.push(candidate(value.clone(), Origin::Process { var: var.clone(), set_by }));
        }
        for a in env.rc_values(var).filter(|a| Some(&a.value) != process) {
            let origin = Origin::Rc { var: var.clone(), path: a.path.clone(), line: a.line, col: a.col };
            let mut c = candidate(a.value.clone(), origin);
            // Not in this shell, but every new one gets it.
            c.source_label = crate::tr!("doctor.new_shells", source = source.label);
            out.push(c);
        }
    }
}

/// A source file as parsed.
struct SourceFile<'a> {
    path: &'a Path,
    text: &'a str,
    doc: &'a Document,
}

fn read_file(
    machine: &MachineSpec,
    source: &SourceSpec,
    si: usize,
    reads: &[ReadSpec],
    file: &SourceFile,
    prefer: &dyn Fn(&str) -> bool,
    out: &mut Vec<Candidate>,
) {
    let is_base =
        |r: &ReadSpec| machine.values.iter().any(|v| v.id == r.value && v.role == ValueRole::BaseUrl);
    let lines = LineIndex::new(file.text);
    // The base reads go first: their wildcards bind `{1}`, `{2}` for the other reads.
    let mut captures: Option<Vec<Segment>> = None;
    let mut base_span: Range<usize> = 0..0;
    let mut order: Vec<(usize, &ReadSpec)> = reads.iter().enumerate().collect();
    order.sort_by_key(|(_, r)| !is_base(r));
    for (ri, read) in order {
        let lookup = |name: &str| placeholder(name, captures.as_deref(), file.doc);
        let make = |text: String, take: Take, origin: Origin| Candidate {
            value_id: read.value.clone(),
            text,
            take,
            origin,
            source_label: source.label.clone(),
            order: (read.tier, si, ri),
        };
        if let Some(template) = &read.env_var {
            // The variable the client reads: its location is where the setting that names it is.
            let Some(var) = fill_text(template, &lookup) else { continue };
            let (line, col) = lines.line_col(base_span.start);
            let origin = Origin::File { path: file.path.to_path_buf(), line, col, span: base_span.clone() };
            out.push(make(var, Take::EnvName, origin));
            continue;
        }
        let Some(path) = read.key.as_deref().and_then(|k| KeyPath::parse(k).ok()) else { continue };
        let Some(path) = path.fill(captures.as_deref().unwrap_or(&[]), &lookup) else { continue };
        let found = find(&path, file.doc);
        let chosen: Option<&Found> = if is_base(read) {
            found.iter().find(|f| prefer(&f.entry.scalar.value)).or(found.first())
        } else {
            found.first()
        };
        let Some(chosen) = chosen else { continue };
        let mut value = chosen.entry.scalar.value.clone();
        if let Some(prefix) = &read.strip_prefix {
            let Some(prefix) = fill_text(prefix, &lookup) else { continue };
            let Some(rest) = value.strip_prefix(&prefix) else { continue };
            value = rest.to_string();
        }
        if is_base(read) && captures.is_none() && !chosen.captures.is_empty() {
            captures = Some(chosen.captures.clone());
            base_span = chosen.entry.scalar.content.clone();
        }
        let span = chosen.entry.scalar.content.clone();
        let (line, col) = lines.line_col(span.start);
        out.push(make(value, read.take, Origin::File { path: file.path.to_path_buf(), line, col, span }));
    }
}

/// `{1}` (a capture of the base read), `{1:env}` (the same as a variable name:
/// upper case, other characters as `_`), or `{a.b}` (another value of the file).
fn placeholder(name: &str, captures: Option<&[Segment]>, doc: &Document) -> Option<String> {
    let (name, filter) = name.split_once(':').unwrap_or((name, ""));
    let value = match name.parse::<usize>() {
        Ok(n) => segment_text(captures?.get(n.checked_sub(1)?)?),
        Err(_) => find(&KeyPath::parse(name).ok()?, doc).first()?.entry.scalar.value.clone(),
    };
    Some(match filter {
        "env" => value
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
            .collect(),
        _ => value,
    })
}
