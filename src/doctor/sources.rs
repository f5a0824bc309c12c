//! Reading one client's sources (`rules/doctor/<client>.toml`) on this machine:
//! which files exist (one path, the first found walking up, a file named by a
//! variable), what each read finds in them or in the environment, and where
//! (`file:line:col`, "environment", an rc file). The result is every candidate
//! value in precedence order; `resolve` picks the winners.
//!
//! Not for: linting or probing, or deciding precedence beyond ordering.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostic::line_col;
use crate::document::Document;
use crate::formats;
use crate::places::Places;
use crate::selector::{fill_text, Found, Selector};

use super::data::{DoctorProfile, ReadSpec, SourceSpec, Take, ValueRole};
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

/// A source file that exists, as read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The text, or why it could not be read.
    pub text: Result<String, String>,
}

#[derive(Debug, Clone, Default)]
pub struct Gathered {
    pub candidates: Vec<Candidate>,
    pub files: Vec<SourceFile>,
    /// Some source or detect path exists, or a value was found.
    pub in_use: bool,
}

/// Every candidate of `profile`, in precedence order. `prefer` tells which of
/// several wildcard matches of a base URL to take (one on the gateway, say).
pub fn gather(
    profile: &DoctorProfile,
    places: &Places,
    env: &Environment,
    prefer: &dyn Fn(&str) -> bool,
) -> Gathered {
    let mut out = Gathered::default();
    let paths: Vec<Option<PathBuf>> = profile
        .sources
        .iter()
        .map(|s| (s.applies_on(places.os) && !s.env).then(|| source_path(s, places, env)).flatten())
        .collect();
    for (si, source) in profile.sources.iter().enumerate() {
        if !source.applies_on(places.os) {
            continue;
        }
        let reads = &profile.reads[&source.reads];
        if source.env {
            read_environment(profile, source, si, reads, env, &mut out.candidates);
            continue;
        }
        let Some(path) = paths[si].clone() else { continue };
        // Run from the home directory, a project file is a user file: read once, at the later (user) rank.
        if paths[si + 1..].iter().flatten().any(|later| same_file(later, &path)) {
            continue;
        }
        let format = source.format.expect("checked at load");
        let text = crate::check::read_text(&path, 4 * 1024 * 1024).map_err(|e| e.to_string());
        if let Ok(text) = &text {
            if let Ok(doc) = formats::parse(format, text) {
                read_file(profile, source, si, reads, &path, text, &doc, prefer, &mut out.candidates);
            }
        }
        out.files.push(SourceFile { path, text });
    }
    out.candidates.sort_by_key(|c| c.order);
    let detected = profile.detect.iter().filter_map(|d| places.expand(d)).any(|p| p.exists());
    out.in_use = detected || !out.files.is_empty() || !out.candidates.is_empty();
    out
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
    profile: &DoctorProfile,
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
            c.source_label = format!("{} of new shells", source.label);
            out.push(c);
        }
    }
    let _ = profile;
}

#[allow(clippy::too_many_arguments)]
fn read_file(
    profile: &DoctorProfile,
    source: &SourceSpec,
    si: usize,
    reads: &[ReadSpec],
    path: &Path,
    text: &str,
    doc: &Document,
    prefer: &dyn Fn(&str) -> bool,
    out: &mut Vec<Candidate>,
) {
    let is_base =
        |r: &ReadSpec| profile.values.iter().any(|v| v.id == r.value && v.role == ValueRole::BaseUrl);
    // The base reads go first: their wildcards bind `{1}`, `{2}` for the other reads.
    let mut captures: Option<Vec<String>> = None;
    let mut order: Vec<(usize, &ReadSpec)> = reads.iter().enumerate().collect();
    order.sort_by_key(|(_, r)| !is_base(r));
    for (ri, read) in order {
        let lookup = |name: &str| placeholder(name, captures.as_deref(), doc);
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
            let origin = captures_origin(path, text, doc, &captures, profile, reads);
            out.push(make(var, Take::EnvName, origin));
            continue;
        }
        let Some(selector) = read.key.as_deref().and_then(|k| Selector::parse(k).ok()) else { continue };
        let Some(selector) = selector.fill(&lookup) else { continue };
        let found = selector.find(doc);
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
        }
        let span = chosen.entry.scalar.content.clone();
        let (line, col) = line_col(text, span.start);
        out.push(make(value, read.take, Origin::File { path: path.to_path_buf(), line, col, span }));
    }
}

/// `{1}` (a capture of the base read), `{1:env}` (the same as a variable name:
/// upper case, other characters as `_`), or `{a.b}` (another value of the file).
fn placeholder(name: &str, captures: Option<&[String]>, doc: &Document) -> Option<String> {
    let (name, filter) = name.split_once(':').unwrap_or((name, ""));
    let value = match name.parse::<usize>() {
        Ok(n) => captures?.get(n.checked_sub(1)?)?.clone(),
        Err(_) => Selector::parse(name).ok()?.find(doc).first()?.entry.scalar.value.clone(),
    };
    Some(match filter {
        "env" => value
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
            .collect(),
        _ => value,
    })
}

/// The location of the base value whose captures a derived read used.
fn captures_origin(
    path: &Path,
    text: &str,
    doc: &Document,
    captures: &Option<Vec<String>>,
    profile: &DoctorProfile,
    reads: &[ReadSpec],
) -> Origin {
    let base_span = reads
        .iter()
        .filter(|r| profile.values.iter().any(|v| v.id == r.value && v.role == ValueRole::BaseUrl))
        .filter_map(|r| Selector::parse(r.key.as_deref()?).ok())
        .flat_map(|s| {
            s.find(doc).into_iter().map(|f| (f.captures, f.entry.scalar.content.clone())).collect::<Vec<_>>()
        })
        .find(|(c, _)| Some(c) == captures.as_ref())
        .map(|(_, span)| span)
        .unwrap_or(0..0);
    let (line, col) = line_col(text, base_span.start);
    Origin::File { path: path.to_path_buf(), line, col, span: base_span }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::data::DoctorProfile;

    const PROFILE: &str = r#"
id = "t"
name = "T"
docs = "x"
[[values]]
id = "base"
role = "base-url"
label = "base"
shape = "v1"
mark = "U"
source = "x"
[[values]]
id = "key"
role = "key"
label = "key"
mark = "U"
source = "x"
[[sources]]
label = "environment"
env = true
reads = "env"
mark = "U"
source = "x"
[[sources]]
label = "settings"
path = "~/t.json"
format = "json"
reads = "settings"
mark = "U"
source = "x"
[[sources]]
label = "first .env"
walk = [".t/.env", ".env"]
fallback = ["~/.t/.env"]
format = "dotenv"
reads = "env"
mark = "U"
source = "x"
[reads]
env = [{ value = "base", key = "T_BASE" }, { value = "key", key = "T_KEY" }]
settings = [
  { value = "base", key = "providers.{use}.url" },
  { value = "base", key = "others.*.url" },
  { value = "key", env_var = "{1:env}_API_KEY" },
]
"#;

    fn texts(g: &Gathered) -> Vec<(String, String, String)> {
        g.candidates.iter().map(|c| (c.value_id.clone(), c.text.clone(), c.source_label.clone())).collect()
    }

    #[test]
    fn precedence_references_captures_and_the_first_env_file() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("h");
        let cwd = home.join("p/sub");
        std::fs::create_dir_all(cwd.join(".t")).unwrap();
        std::fs::write(
            home.join("t.json"),
            r#"{"use": "b", "providers": {"a": {"url": "u-a"}, "b": {"url": "u-b"}}, "others": {"my-gw": {"url": "https://api.crazyrouter.com/v1"}}}"#,
        )
        .unwrap();
        std::fs::write(home.join("p/.env"), "T_BASE=from-p\n").unwrap(); // shadowed by sub/.t/.env
        std::fs::write(cwd.join(".t/.env"), "T_BASE=from-sub\n").unwrap();
        let profile: DoctorProfile = toml::from_str(PROFILE).unwrap();
        let places = Places::at(&home, &cwd);
        let mut env = Environment::default();
        env.process.insert("T_KEY".into(), "k".into());
        env.read_rc_for_test(home.join(".bashrc"), "export T_BASE=from-rc\n");
        let prefer = |v: &str| v.contains("crazyrouter");
        let g = gather(&profile, &places, &env, &prefer);
        let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        assert_eq!(
            texts(&g),
            vec![
                s("base", "from-rc", "environment of new shells"),
                s("key", "k", "environment"),
                s("base", "u-b", "settings"),
                s("base", "https://api.crazyrouter.com/v1", "settings"),
                s("key", "MY_GW_API_KEY", "settings"),
                s("base", "from-sub", "first .env"),
            ]
        );
        assert!(g.in_use);
    }
}
