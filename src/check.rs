//! The `check` pipeline for one run: discover → read → parse → settings → lint.
//! It ties the rooms together and owns nothing they do: a file that cannot be
//! read is a CR902 finding, one that does not parse a CR901 finding, and both
//! are reported, never rewritten, never a panic.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::catalog::{Catalog, Client};
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::{discover, Candidate};
use crate::document::Format;
use crate::fix::write::{write_fixed, WriteError, WriteOptions};
use crate::fix::{apply_fixes, Applicability, Fix};
use crate::formats;
use crate::git::GitIndex;
use crate::probe_targets::{configured_endpoints, ConfiguredEndpoint};
use crate::rules::registry::rule;
use crate::rules::{lint_document, FileFacts, LintContext};
use crate::settings::find_settings;
use crate::untrusted_file::{read_capped, Refusal};

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
}

impl CheckReport {
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileResult, &Diagnostic)> {
        self.files.iter().flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }
}

pub fn check_paths(catalog: &Catalog, opts: &CheckOptions, paths: &[PathBuf]) -> CheckReport {
    let discovery = discover(catalog, paths);
    let git = GitIndex::default();
    let candidates = discovery.candidates;
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
    CheckReport { files, errors: discovery.errors }
}

/// Lints one file; `None` when no client profile applies to it.
pub fn check_file(
    catalog: &Catalog,
    opts: &CheckOptions,
    git: &GitIndex,
    candidate: &Candidate,
) -> Option<FileResult> {
    let path = &candidate.path;
    let matched = catalog.clients_for_path(&path.to_string_lossy());
    if matched.is_empty() {
        return None;
    }
    let facts = FileFacts { path: path.clone(), git_tracked: git.is_tracked(path) };
    let text = match read_text(path, opts.max_file_size) {
        Ok(text) => text,
        // Deleted between the walk and the read: nothing left to check. A path
        // named on the command line, or a dangling symlink, is still reported.
        // (Not "is it there now": it may have been created again since.)
        Err(ReadFailure::Refused(r)) if r.is_not_found() && !candidate.explicit && !is_symlink(path) => {
            return None;
        }
        Err(why) => {
            let d = file_level(&facts, "CR902", format!("cannot be checked: {why}"));
            return Some(FileResult {
                path: path.clone(),
                source: None,
                diagnostics: filter(opts, vec![d]),
                fixed: None,
                applied: vec![],
                before_fix: vec![],
                endpoints: vec![],
                git_tracked: facts.git_tracked,
            });
        }
    };
    // Every client matching the file reads it in the first matching format.
    let format: Format = matched[0].1;
    let clients: Vec<&Client> = matched.iter().filter(|(_, f)| *f == format).map(|(c, _)| *c).collect();
    let lint = |text: &str| filter(opts, lint_text(catalog, opts, &facts, format, &clients, text));
    let mut result = FileResult {
        path: path.clone(),
        diagnostics: lint(&text),
        fixed: None,
        applied: vec![],
        before_fix: vec![],
        endpoints: vec![],
        git_tracked: facts.git_tracked,
        source: None,
    };
    if let Some(include_unsafe) = opts.fix {
        let outcome = fix_text(&text, include_unsafe, &result.diagnostics, lint);
        if outcome.text != text {
            result.fixed = Some(outcome.text);
            result.applied = outcome.applied;
            result.before_fix = std::mem::replace(&mut result.diagnostics, outcome.remaining);
        }
    }
    if opts.collect_endpoints {
        let current = result.fixed.as_deref().unwrap_or(&text);
        result.endpoints = configured_endpoints(catalog, path, format, &clients, current);
    }
    result.source = Some(text);
    Some(result)
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn lint_text(
    catalog: &Catalog,
    opts: &CheckOptions,
    facts: &FileFacts,
    format: Format,
    clients: &[&Client],
    text: &str,
) -> Vec<Diagnostic> {
    match formats::parse(format, text) {
        Err(failure) => {
            let mut d = file_level(facts, "CR901", format!("{format} does not parse: {}", failure.message));
            d.span = failure.span.start.min(text.len())..failure.span.end.min(text.len());
            d.help = Some("crlint never rewrites a file it cannot parse; fix the syntax first".into());
            vec![d]
        }
        Ok(doc) => {
            let settings = find_settings(catalog, clients, &doc);
            lint_document(catalog, &opts.lint, facts, text, &doc, &settings)
        }
    }
}

/// The result of fixing one text.
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
        let fixes: Vec<&Fix> =
            diagnostics.iter().filter(|d| applicable(d)).filter_map(|d| d.fix.as_ref()).collect();
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
    for file in &mut report.files {
        let (Some(source), Some(fixed)) = (&file.source, &file.fixed) else { continue };
        let opts = WriteOptions {
            backup,
            in_git_work_tree: git.in_work_tree(&file.path),
            holds_secret: !crate::redact::key_ranges(source).is_empty(),
        };
        if let Err(e) = write_fixed(&file.path, source.as_bytes(), fixed.as_bytes(), opts) {
            errors.push(e);
            file.fixed = None;
            file.applied.clear();
            file.diagnostics = std::mem::take(&mut file.before_fix);
        }
    }
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

fn filter(opts: &CheckOptions, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let matches = |code: &str, list: &[String]| {
        list.iter().any(|s| s.eq_ignore_ascii_case("ALL") || code.starts_with(&s.to_ascii_uppercase()))
    };
    diagnostics
        .into_iter()
        .filter(|d| opts.select.is_empty() || matches(d.code, &opts.select))
        .filter(|d| !matches(d.code, &opts.ignore))
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
    let bytes = read_capped(path, max).map_err(ReadFailure::Refused)?;
    if bytes.contains(&0) {
        return Err(ReadFailure::Binary);
    }
    String::from_utf8(bytes).map_err(|e| ReadFailure::NotUtf8 { offset: e.utf8_error().valid_up_to() })
}
