//! The `check` pipeline for one run: discover (then `[scan]` include/exclude) →
//! read → parse → settings → lint → inline suppressions, file by file, then one
//! project pass (rules over the settings of every file, whose fixes may edit
//! another file); every finding then meets `select`/`ignore`, per-file ignores
//! and severity overrides. It ties the rooms together and owns nothing they do:
//! a file that cannot be read is a CR902 finding, one that does not parse a
//! CR901 finding, and both are reported, never rewritten, never a panic.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use crate::catalog::{Catalog, Client, ProfileMatch};
use crate::config::{PerFileIgnores, ScanFilter};
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::{discover, Candidate};
use crate::document::{Document, Format, Segment};
use crate::fix::write::{write_fixed, write_new, WriteError, WriteOptions};
use crate::fix::{apply_fixes, Applicability, Fix};
use crate::formats;
use crate::git::GitIndex;
use crate::probe_targets::{configured_endpoints, ConfiguredEndpoint};
use crate::rules::registry::rule;
use crate::rules::{lint_document, FileFacts, LintContext};
use crate::settings::{find_settings, Setting};
use crate::suppress::apply_suppressions;

mod project_pass;
use crate::untrusted_file::{read_capped, read_capped_into, Refusal};
use project_pass::project_pass;

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub lint: LintContext,
    /// Codes (or prefixes such as `CR1`) to report; empty means all.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Files larger than this are not read (CR902).
    pub max_file_size: u64,
    /// Compute fixes (`--fix`, `--diff`): `Some(include_unsafe)`.
    pub fix: Option<bool>,
    /// Collect the gateway endpoints each file configures (for `--probe`).
    pub collect_endpoints: bool,
    /// Codes not reported in the files matching a glob (`[lint] per-file-ignores`).
    pub per_file_ignores: PerFileIgnores,
    /// Severity overrides by code (`[lint] severity`).
    pub severity: BTreeMap<&'static str, Severity>,
    /// Which discovered files to check at all (`[scan] include / exclude`).
    pub scan: ScanFilter,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            lint: LintContext::default(),
            select: vec![],
            ignore: vec![],
            max_file_size: 4 * 1024 * 1024,
            fix: None,
            collect_endpoints: false,
            per_file_ignores: PerFileIgnores::default(),
            severity: BTreeMap::new(),
            scan: ScanFilter::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct FileResult {
    pub path: PathBuf,
    /// The text as read, when it could be read (for snippets and fixes).
    pub source: Option<String>,
    /// The findings; with fixing on, those that remain in `fixed`.
    pub diagnostics: Vec<Diagnostic>,
    /// With fixing on: the fixed text, when it differs from `source`.
    pub fixed: Option<String>,
    /// With fixing on: the findings the fixes resolved, as found in the text they applied to.
    pub applied: Vec<Diagnostic>,
    /// With fixing on: the findings of `source` before any fix (reported again if the write fails).
    pub before_fix: Vec<Diagnostic>,
    /// With `collect_endpoints`: the gateway endpoints of the file as it ends (fixed or not).
    pub endpoints: Vec<ConfiguredEndpoint>,
    pub git_tracked: bool,
    /// The format the file was read in, and the profiles that apply to it (claiming order).
    /// The command-line path the file was found under (the project it belongs to).
    pub root: PathBuf,
    pub format: Option<Format>,
    pub clients: Vec<String>,
    /// The settings of the file as it ends (fixed or not), for the project pass.
    pub settings: Vec<Setting>,
    /// Not checked itself: a file that a fix of another file's finding writes
    /// (Gemini CLI's settings for CR404). Not counted among the checked files.
    pub companion: bool,
    /// With fixing on: the file does not exist and writing it creates it.
    pub creates: bool,
}

impl FileResult {
    /// The text the remaining findings point into: the fixed text when there is one.
    pub fn current_text(&self) -> Option<&str> {
        self.fixed.as_deref().or(self.source.as_deref())
    }
}

#[derive(Debug, Default)]
pub struct CheckReport {
    pub files: Vec<FileResult>,
    /// Usage and I/O errors about the command line (exit code 2).
    pub errors: Vec<String>,
    /// What the walk could not enter (printed to stderr; the exit code stays).
    pub warnings: Vec<String>,
    /// With `--probe`: the verdict for each gateway base URL found.
    pub probes: Vec<crate::probe::ProbeResult>,
}

impl CheckReport {
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileResult, &Diagnostic)> {
        self.files.iter().flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }
}

pub fn check_paths(catalog: &Catalog, opts: &CheckOptions, paths: &[PathBuf]) -> CheckReport {
    let mut report = check_files(catalog, opts, paths);
    project_pass(catalog, opts, &mut report.files);
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    report
}

/// Every file on its own: lint and, with fixing on, fix.
fn check_files(catalog: &Catalog, opts: &CheckOptions, paths: &[PathBuf]) -> CheckReport {
    if let [root] = paths {
        // As `discover` tells a directory from a file.
        if std::fs::symlink_metadata(root).is_ok() && root.is_dir() {
            return check_walk(catalog, opts, root);
        }
    }
    let discovery = discover(catalog, paths);
    let git = GitIndex::default();
    let mut candidates = discovery.candidates;
    candidates.retain(|c| opts.scan.admits(&c.path));
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(candidates.len().max(1));
    let chunk = candidates.len().div_ceil(workers).max(1);
    let mut files: Vec<FileResult> = std::thread::scope(|scope| {
        let handles: Vec<_> = candidates
            .chunks(chunk)
            .map(|part| {
                scope.spawn(|| {
                    part.iter().filter_map(|c| check_file(catalog, opts, &git, c)).collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("a lint worker panicked")).collect()
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    CheckReport { files, errors: discovery.errors, warnings: discovery.warnings, probes: vec![] }
}

/// One directory (the common case, and a monorepo's): each file is checked on
/// the walker's threads as the walk yields it, with one read buffer per thread.
/// The same files, checks and results as `discover` then `check_file`, without
/// first collecting and sorting every candidate (60,000 on the benchmark tree)
/// or matching each path against the catalog twice. Several paths may overlap
/// and are discovered (and deduplicated) first.
fn check_walk(catalog: &Catalog, opts: &CheckOptions, root: &Path) -> CheckReport {
    let git = GitIndex::default();
    let found = std::sync::Mutex::new(Vec::new());
    let warnings = crate::discover::walk_files(catalog, root, || {
        let mut buffer = Vec::new();
        let (git, found) = (&git, &found);
        move |entry: ignore::DirEntry| {
            let matched = catalog.profiles_for_path(&entry.path().to_string_lossy());
            if matched.is_empty() || !opts.scan.admits(entry.path()) {
                return;
            }
            let seen_regular = entry.file_type().is_some_and(|t| t.is_file());
            let candidate = Candidate { path: entry.into_path(), root: root.to_path_buf(), explicit: false };
            let read = Reader { buffer: &mut buffer, seen_regular };
            if let Some(result) = check_matched(catalog, opts, git, &candidate, matched, read) {
                found.lock().unwrap().push(result);
            }
        }
    });
    let mut files = found.into_inner().unwrap();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    CheckReport { files, errors: vec![], warnings, probes: vec![] }
}

/// How `check_matched` reads a file read only for URLs: into a buffer kept from
/// file to file, and without a second look at a file the walk saw as regular.
struct Reader<'b> {
    buffer: &'b mut Vec<u8>,
    seen_regular: bool,
}

/// Lints one file; `None` when no client profile applies to it.
pub fn check_file(
    catalog: &Catalog,
    opts: &CheckOptions,
    git: &GitIndex,
    candidate: &Candidate,
) -> Option<FileResult> {
    let matched = catalog.profiles_for_path(&candidate.path.to_string_lossy());
    check_matched(
        catalog,
        opts,
        git,
        candidate,
        matched,
        Reader { buffer: &mut Vec::new(), seen_regular: false },
    )
}

/// `check_file` once the profiles matching the path are known.
fn check_matched(
    catalog: &Catalog,
    opts: &CheckOptions,
    git: &GitIndex,
    candidate: &Candidate,
    matched: Vec<ProfileMatch>,
    read: Reader,
) -> Option<FileResult> {
    let path = &candidate.path;
    if matched.is_empty() {
        return None;
    }
    // A file claimed only by profiles that must look inside it ("any YAML with a
    // `model_list`") is nobody's config until it shows the keys: a walk does not
    // report it when it cannot be read or parsed; a path named on the command line is.
    let named_by_path = matched.iter().any(|m| m.requires_key.is_empty());
    // Files read only to find URLs in them (docs, scripts, code) are not config files.
    let scan_only = matched.iter().all(|m| is_scan(m.format));
    // Asked only of files that get past the prefilter: `is_tracked` resolves the
    // path (a `stat` and a lookup), which on a monorepo cost a sixth of the run
    // when asked of every source file.
    let facts = || FileFacts { path: path.clone(), git_tracked: git.is_tracked(path) };
    // A file read only for URLs that cannot name the gateway is done: no parse, and
    // its text is not kept (a monorepo has tens of thousands of such files).
    let text = if scan_only && !candidate.explicit {
        // Found by the walk: every failure to read it is skipped like a text that
        // cannot name the gateway. So the prefilter runs on the bytes as read, in
        // the reused buffer, and only the few files that pass are checked for NUL
        // bytes and UTF-8 and get a text of their own (a copy the size of the
        // file: the buffer keeps its size from file to file).
        let bytes = read.buffer;
        if read_capped_into(path, opts.max_file_size, read.seen_regular, bytes).is_err()
            || !catalog.may_mention(bytes)
        {
            return None;
        }
        text_of(bytes.to_vec()).ok()?
    } else {
        let text = match read_text(path, opts.max_file_size) {
            Ok(text) => text,
            // Deleted between the walk and the read: nothing left to check. A path
            // named on the command line, or a dangling symlink, is still reported.
            // (Not "is it there now": it may have been created again since.)
            Err(ReadFailure::Refused(r)) if r.is_not_found() && !candidate.explicit && !is_symlink(path) => {
                return None;
            }
            Err(_) if (!named_by_path || scan_only) && !candidate.explicit => return None,
            Err(why) => {
                let facts = facts();
                let d = file_level(&facts, "CR902", format!("cannot be checked: {why}"));
                return Some(FileResult {
                    diagnostics: filter(opts, vec![d]),
                    ..FileResult::empty(path.clone(), facts.git_tracked)
                });
            }
        };
        if scan_only && !catalog.mention_regex.is_match(&text) {
            return None;
        }
        text
    };
    let facts = facts();
    // The primary reading: the most specific config profile's format, with the
    // profiles whose required keys the document shows.
    let format: Format = matched.iter().find(|m| !is_scan(m.format)).unwrap_or(&matched[0]).format;
    let parsed = formats::parse(format, &text).ok();
    let clients: Vec<&Client> = matched
        .iter()
        .filter(|m| m.format == format)
        .filter(|m| match &parsed {
            Some(doc) => m.requires_key.iter().all(|k| has_top_level_key(doc, k)),
            None => m.requires_key.is_empty(),
        })
        .map(|m| m.client)
        .collect();
    let clients = match (clients.is_empty(), candidate.explicit) {
        (false, _) => clients,
        (true, true) if parsed.is_none() => {
            matched.iter().filter(|m| m.format == format).map(|m| m.client).collect()
        }
        (true, _) => return None,
    };
    let readings = readings(format, clients, &matched);
    let lint = |text: &str| filter(opts, lint_text(catalog, opts, &facts, &readings, text));
    let mut result = FileResult {
        diagnostics: lint(&text),
        format: Some(format),
        root: candidate.root.clone(),
        clients: readings[0].1.iter().map(|c| c.profile.id.clone()).collect(),
        ..FileResult::empty(path.clone(), facts.git_tracked)
    };
    if let Some(include_unsafe) = opts.fix {
        let outcome = fix_text(&text, include_unsafe, &result.diagnostics, lint);
        if outcome.text != text {
            result.fixed = Some(outcome.text);
            result.applied = outcome.applied;
            result.before_fix = std::mem::replace(&mut result.diagnostics, outcome.remaining);
        }
    }
    let current = result.fixed.as_deref().unwrap_or(&text);
    if opts.collect_endpoints {
        result.endpoints = readings
            .iter()
            .flat_map(|(format, clients)| configured_endpoints(catalog, path, *format, clients, current))
            .collect();
    }
    result.settings = readings
        .iter()
        .flat_map(|(format, clients)| settings_of(catalog, *format, clients, current))
        .collect();
    result.source = Some(text);
    Some(result)
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The URL scanners (docs, scripts, code) read a file after its config parsers.
fn is_scan(format: Format) -> bool {
    matches!(format, Format::Text | Format::Source)
}

/// One way of reading a file: a format and the clients that read it so.
pub(crate) type Reading<'c> = (Format, Vec<&'c Client>);

/// The primary reading first, then every other format some profile reads the file
/// in (a `.sh` is read for its exports, then for its curl lines), scanners last.
fn readings<'c>(format: Format, clients: Vec<&'c Client>, matched: &[ProfileMatch<'c>]) -> Vec<Reading<'c>> {
    let mut out: Vec<Reading<'c>> = vec![(format, clients)];
    let mut others: Vec<&ProfileMatch> =
        matched.iter().filter(|m| m.format != format && m.requires_key.is_empty()).collect();
    others.sort_by_key(|m| is_scan(m.format));
    for m in others {
        match out.iter_mut().find(|(f, _)| *f == m.format) {
            Some((_, cs)) => cs.push(m.client),
            None => out.push((m.format, vec![m.client])),
        }
    }
    out
}

impl FileResult {
    pub(crate) fn empty(path: PathBuf, git_tracked: bool) -> FileResult {
        FileResult {
            path,
            source: None,
            diagnostics: vec![],
            fixed: None,
            applied: vec![],
            before_fix: vec![],
            endpoints: vec![],
            git_tracked,
            root: PathBuf::new(),
            format: None,
            clients: vec![],
            settings: vec![],
            companion: false,
            creates: false,
        }
    }
}

fn has_top_level_key(doc: &Document, key: &str) -> bool {
    // A key whose value holds no scalar at all (`model_list: []`) does not count.
    doc.entries.iter().any(|e| e.path.first() == Some(&Segment::Key(key.to_string())))
}

pub(crate) fn settings_of(
    catalog: &Catalog,
    format: Format,
    clients: &[&Client],
    text: &str,
) -> Vec<Setting> {
    formats::parse(format, text).map_or(vec![], |doc| find_settings(catalog, clients, &doc, text))
}

pub(crate) fn clients_by_id<'c>(catalog: &'c Catalog, ids: &[String]) -> Vec<&'c Client> {
    ids.iter().filter_map(|id| catalog.client(id)).collect()
}

/// Lints `text` in every reading. A value is claimed by the first reading that
/// finds it (one value, one finding). If a reading does not parse, the file gets
/// CR901 and no finding carries a fix: a file that does not parse is never written.
pub(crate) fn lint_text(
    catalog: &Catalog,
    opts: &CheckOptions,
    facts: &FileFacts,
    readings: &[Reading],
    text: &str,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut comments = Vec::new();
    let mut claimed: Vec<std::ops::Range<usize>> = Vec::new();
    let mut unparsable = false;
    for (format, clients) in readings {
        match formats::parse(*format, text) {
            Err(failure) => {
                let mut d =
                    file_level(facts, "CR901", format!("{format} does not parse: {}", failure.message));
                d.span = failure.span.start.min(text.len())..failure.span.end.min(text.len());
                d.help = Some("crlint never rewrites a file it cannot parse; fix the syntax first".into());
                out.push(d);
                unparsable = true;
            }
            Ok(mut doc) => {
                doc.entries.retain(|e| {
                    !claimed.iter().any(|r| r.start < e.scalar.token.end && e.scalar.token.start < r.end)
                });
                claimed.extend(doc.entries.iter().map(|e| e.scalar.token.clone()));
                let settings = find_settings(catalog, clients, &doc, text);
                out.extend(lint_document(catalog, &opts.lint, facts, text, &doc, &settings));
                comments.extend(doc.comments);
            }
        }
    }
    if unparsable {
        out.iter_mut().for_each(|d| d.fix = None);
    }
    // Several readings of one file find the same comments: each counts once.
    comments.sort_by_key(|c| (c.span.start, c.span.end));
    comments.dedup_by(|a, b| a.span == b.span);
    // The project rules' codes are judged when they run (`project_pass`).
    let mut out = apply_suppressions(&facts.path, text, &comments, out, crate::rules::project::CODES);
    out.sort_by_key(|d| (d.span.start, d.code));
    out
}

pub struct FixOutcome {
    pub text: String,
    pub applied: Vec<Diagnostic>,
    pub remaining: Vec<Diagnostic>,
}

/// Passes of apply-then-re-lint before giving up on fixes that keep overlapping.
const MAX_FIX_PASSES: usize = 10;

/// Applies the applicable fixes of `found`, re-lints, and repeats while fixes
/// remain (overlapping ones wait for the next pass), as ruff does. Deterministic.
pub fn fix_text(
    text: &str,
    include_unsafe: bool,
    found: &[Diagnostic],
    lint: impl Fn(&str) -> Vec<Diagnostic>,
) -> FixOutcome {
    let applicable = |d: &Diagnostic| {
        d.fix.as_ref().is_some_and(|f| include_unsafe || f.applicability == Applicability::Safe)
    };
    let mut current = text.to_string();
    let mut diagnostics = found.to_vec();
    let mut applied = Vec::new();
    for _ in 0..MAX_FIX_PASSES {
        // Fixes that edit another file are the project pass's business.
        let fixes: Vec<&Fix> = diagnostics
            .iter()
            .filter(|d| applicable(d))
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| f.target.is_none())
            .collect();
        if fixes.is_empty() {
            break;
        }
        let (next, taken, _) = apply_fixes(&current, &fixes);
        // A set, not a scan of `taken` per finding: that was quadratic in the
        // number of fixes (a minute on a 4 MiB `.env` of 80,000).
        let taken: HashSet<&Fix> = taken.into_iter().collect();
        applied.extend(
            diagnostics.iter().filter(|d| d.fix.as_ref().is_some_and(|f| taken.contains(f))).cloned(),
        );
        if next == current {
            break;
        }
        current = next;
        diagnostics = lint(&current);
    }
    FixOutcome { text: current, applied, remaining: diagnostics }
}

/// Writes every fixed file of `report`. Returns what could not be written; those
/// files are put back in the report as unfixed, with their findings as found.
pub fn write_fixes(report: &mut CheckReport, backup: bool) -> Vec<WriteError> {
    let git = GitIndex::default();
    let mut errors = Vec::new();
    let mut failed: Vec<PathBuf> = Vec::new();
    for file in &mut report.files {
        let (Some(source), Some(fixed)) = (&file.source, &file.fixed) else { continue };
        let written = if file.creates {
            write_new(&file.path, fixed.as_bytes())
        } else {
            let opts = WriteOptions {
                backup,
                in_git_work_tree: git.in_work_tree(&file.path),
                holds_secret: !crate::redact::key_ranges(source).is_empty(),
            };
            write_fixed(&file.path, source.as_bytes(), fixed.as_bytes(), opts).map(|_| ())
        };
        if let Err(e) = written {
            errors.push(e);
            failed.push(file.path.clone());
            file.fixed = None;
            // Fixes of other files' findings stay applied; this file's own come back.
            file.applied.retain(|d| d.fix.as_ref().is_some_and(|f| f.target.is_some()));
            file.diagnostics = std::mem::take(&mut file.before_fix);
        }
    }
    // A finding whose fix targeted a file that could not be written is not fixed.
    for file in &mut report.files {
        let (back, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut file.applied).into_iter().partition(|d| {
            d.fix.as_ref().and_then(|f| f.target.as_ref()).is_some_and(|t| failed.contains(&t.path))
        });
        file.applied = kept;
        file.diagnostics.extend(back);
        file.diagnostics.sort_by_key(|d| (d.span.start, d.code));
    }
    report.files.retain(|f| !(f.companion && f.fixed.is_none()));
    errors
}

fn file_level(facts: &FileFacts, code: &'static str, message: String) -> Diagnostic {
    Diagnostic {
        code,
        severity: rule(code).map_or(Severity::Error, |r| r.severity),
        path: facts.path.clone(),
        span: 0..0,
        message,
        help: None,
        fix: None,
    }
}

/// What the run's choices make of findings: `select` and `ignore`, then the
/// per-file ignores of each finding's file, then severity overrides.
pub(crate) fn filter(opts: &CheckOptions, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let matches = |code: &str, list: &[&str]| {
        list.iter().any(|s| s.eq_ignore_ascii_case("ALL") || code.starts_with(&s.to_ascii_uppercase()))
    };
    let select: Vec<&str> = opts.select.iter().map(String::as_str).collect();
    let ignore: Vec<&str> = opts.ignore.iter().map(String::as_str).collect();
    diagnostics
        .into_iter()
        .filter(|d| select.is_empty() || matches(d.code, &select))
        .filter(|d| !matches(d.code, &ignore))
        .filter(|d| !matches(d.code, &opts.per_file_ignores.codes_for(&d.path)))
        .map(|mut d| {
            if let Some(severity) = opts.severity.get(d.code) {
                d.severity = *severity;
            }
            d
        })
        .collect()
}

/// Why a config file's text could not be had.
#[derive(Debug)]
pub enum ReadFailure {
    Refused(Refusal),
    Binary,
    NotUtf8 { offset: usize },
}

impl std::fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadFailure::Refused(r) => r.fmt(f),
            ReadFailure::Binary => f.write_str("binary content (NUL bytes)"),
            ReadFailure::NotUtf8 { offset } => write!(f, "not UTF-8 (invalid byte at offset {offset})"),
        }
    }
}

/// Reads a config file as UTF-8 text, refusing what is not a regular file, too
/// large, binary or not UTF-8. Never blocks and never reads past `max` bytes
/// (see `untrusted_file`).
pub fn read_text(path: &Path, max: u64) -> Result<String, ReadFailure> {
    text_of(read_capped(path, max).map_err(ReadFailure::Refused)?)
}

/// A file's bytes as text: refused when binary (a NUL byte) or not UTF-8.
fn text_of(bytes: Vec<u8>) -> Result<String, ReadFailure> {
    if memchr::memchr(0, &bytes).is_some() {
        return Err(ReadFailure::Binary);
    }
    String::from_utf8(bytes).map_err(|e| ReadFailure::NotUtf8 { offset: e.utf8_error().valid_up_to() })
}
