//! One run of `check`, stage by stage: discover (then `[scan]` include/exclude)
//! → read (untrusted, once: `read`) → parse (once per format the file is read in)
//! → settings (URL facts computed once per value) → lint → inline suppressions
//! and the run's selection, file by file (`file`), with the documents inside a
//! file (code blocks, heredocs) read the same way (`embedded`); with fixing on, the fix loop
//! (`fixes`: apply, then re-parse only the files it edited); then the project
//! pass over the same analysed files (`project`); the result is an `Outcome`.
//! `write` puts fixed texts on disk.
//!
//! It ties the rooms together and owns nothing they do: a file that cannot be
//! read is a CR902 finding, one that does not parse a CR901 finding, and both
//! are reported, never rewritten, never a panic.

mod embedded;
mod file;
mod fixes;
mod prefilter;
mod project;
mod store;
mod write;

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::config::{ScanFilter, Selection};
use crate::diagnostic::Diagnostic;
use crate::discover::{discover, Candidate};
use crate::git::GitIndex;
use crate::outcome::{Analysis, Outcome};
use crate::rules::LintContext;

pub use file::check_file;
pub use write::write_fixes;

/// The URL scanners (docs, scripts, code) read a file after its config parsers
/// and after the documents inside it.
fn is_scan(format: crate::document::Format) -> bool {
    format.is_url_scan()
}

/// A text's analysis and its findings, selected and suppressed.
#[derive(Debug, Clone)]
pub(crate) struct Analysed {
    pub analysis: Analysis,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub lint: LintContext,
    /// Which findings to report.
    pub selection: Selection,
    /// Files larger than this are not read (CR902).
    pub max_file_size: u64,
    /// Compute fixes (`--fix`, `--diff`): `Some(include_unsafe)`.
    pub fix: Option<bool>,
    /// Which discovered files to check at all (`[scan] include / exclude`).
    pub scan: ScanFilter,
    /// Keep each reading's parsed document in the outcome (the doctor reads values
    /// off them); otherwise only the settings are kept.
    pub keep_documents: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            lint: LintContext::default(),
            selection: Selection::default(),
            max_file_size: 4 * 1024 * 1024,
            fix: None,
            scan: ScanFilter::default(),
            keep_documents: false,
        }
    }
}

pub fn check_paths(catalog: &Catalog, opts: &CheckOptions, paths: &[PathBuf]) -> Outcome {
    let mut outcome = check_files(catalog, opts, paths);
    one_file_one_outcome(&mut outcome.files);
    project::project_pass(catalog, opts, &mut outcome.files);
    outcome.files.sort_by(|a, b| a.path.cmp(&b.path));
    outcome
}

/// A file reached by two paths (`.env -> .env.development`, or named twice
/// through a link) is one file: the outcomes of one device and inode are one,
/// kept under the path that is no symbolic link (the file the user edits),
/// else the first by name. So a finding is reported once and `--fix` writes
/// the file once (a second write would find it changed since it was read).
fn one_file_one_outcome(files: &mut Vec<crate::outcome::FileOutcome>) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let identity = |path: &Path| std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()));
        let is_link = |path: &Path| std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        // (device and inode, is a link, index)
        type Keyed = (Option<(u64, u64)>, bool, usize);
        let mut keyed: Vec<Keyed> =
            files.iter().enumerate().map(|(i, f)| (identity(&f.path), is_link(&f.path), i)).collect();
        // Same file together; in a group, the real path first, then by name (the files are sorted).
        keyed.sort();
        let mut drop = vec![false; files.len()];
        for pair in keyed.windows(2) {
            if pair[0].0.is_some() && pair[0].0 == pair[1].0 {
                drop[pair[1].2] = true;
            }
        }
        if drop.iter().any(|d| *d) {
            let mut i = 0;
            files.retain(|_| {
                i += 1;
                !drop[i - 1]
            });
        }
    }
    #[cfg(not(unix))]
    let _ = files;
}

/// Every file on its own: lint and, with fixing on, fix.
fn check_files(catalog: &Catalog, opts: &CheckOptions, paths: &[PathBuf]) -> Outcome {
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
    let mut files: Vec<_> = std::thread::scope(|scope| {
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
    Outcome { files, errors: discovery.errors, warnings: discovery.warnings, probes: vec![] }
}

/// One directory (the common case, and a monorepo's): each file is checked on
/// the walker's threads as the walk yields it, with one read buffer per thread.
/// The same files, checks and results as `discover` then `check_file`, without
/// first collecting and sorting every candidate (60,000 on the benchmark tree)
/// or matching each path against the catalog twice. Several paths may overlap
/// and are discovered (and deduplicated) first.
fn check_walk(catalog: &Catalog, opts: &CheckOptions, root: &Path) -> Outcome {
    let git = GitIndex::default();
    let found = std::sync::Mutex::new(Vec::new());
    let base = crate::discover::MatchBase::new(root);
    let warnings = crate::discover::walk_files(catalog, root, || {
        let mut buffer = Vec::new();
        let (git, found, base) = (&git, &found, &base);
        move |entry: ignore::DirEntry| {
            let matched = catalog.profiles_for_path(&base.of(entry.path()));
            if matched.is_empty() || !opts.scan.admits(entry.path()) {
                return;
            }
            let seen_regular = entry.file_type().is_some_and(|t| t.is_file());
            let candidate = Candidate { path: entry.into_path(), root: root.to_path_buf(), explicit: false };
            let read = file::Reader { buffer: &mut buffer, seen_regular };
            if let Some(result) = file::check_matched(catalog, opts, git, &candidate, matched, read) {
                found.lock().unwrap_or_else(|e| e.into_inner()).push(result);
            }
        }
    });
    let mut files = found.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Outcome { files, errors: vec![], warnings, probes: vec![] }
}
