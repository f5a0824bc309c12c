//! The `check` pipeline for one run: discover → read → parse → settings → lint.
//! It ties the rooms together and owns nothing they do: a file that cannot be
//! read is a CR902 finding, one that does not parse a CR901 finding, and both
//! are reported, never rewritten, never a panic.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::{discover, io_reason, Candidate};
use crate::document::Format;
use crate::formats;
use crate::git::GitIndex;
use crate::rules::registry::rule;
use crate::rules::{lint_document, FileFacts, LintContext};
use crate::settings::find_settings;

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub lint: LintContext,
    /// Codes (or prefixes such as `CR1`) to report; empty means all.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Files larger than this are not read (CR902).
    pub max_file_size: u64,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            lint: LintContext::default(),
            select: vec![],
            ignore: vec![],
            max_file_size: 4 * 1024 * 1024,
        }
    }
}

#[derive(Debug, Clone)]
pub struct FileResult {
    pub path: PathBuf,
    /// The text as read, when it could be read (for snippets and fixes).
    pub source: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
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
        Err(why) => {
            let d = file_level(&facts, "CR902", format!("cannot be checked: {why}"));
            return Some(FileResult { path: path.clone(), source: None, diagnostics: filter(opts, vec![d]) });
        }
    };
    // Every client matching the file reads it in the first matching format.
    let format: Format = matched[0].1;
    let clients: Vec<_> = matched.iter().filter(|(_, f)| *f == format).map(|(c, _)| *c).collect();
    let diagnostics = match formats::parse(format, &text) {
        Err(failure) => {
            let mut d = file_level(&facts, "CR901", format!("{format} does not parse: {}", failure.message));
            d.span = failure.span.start.min(text.len())..failure.span.end.min(text.len());
            d.help = Some("crlint never rewrites a file it cannot parse; fix the syntax first".into());
            vec![d]
        }
        Ok(doc) => {
            let settings = find_settings(catalog, &clients, &doc);
            lint_document(catalog, &opts.lint, &facts, &text, &doc, &settings)
        }
    };
    Some(FileResult { path: path.clone(), diagnostics: filter(opts, diagnostics), source: Some(text) })
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

/// Reads a config file as UTF-8 text, refusing what is not a regular file, too
/// large, binary or not UTF-8. Never blocks on a FIFO: its type is checked first.
pub fn read_text(path: &Path, max: u64) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > max {
        return Err(format!("{} bytes, over the {max}-byte limit", meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > max {
        return Err(format!("over the {max}-byte limit"));
    }
    if bytes.contains(&0) {
        return Err("binary content (NUL bytes)".into());
    }
    String::from_utf8(bytes)
        .map_err(|e| format!("not UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()))
}
