//! Discovery: which files to check. Walks the given paths in parallel with the
//! `ignore` crate (ripgrep's walker): `.gitignore` is honoured, hidden files are
//! looked at (`.env`, `.claude/` are hidden), `.git/`, `node_modules/` and
//! `target/` are never entered. A file the catalog knows by name (a `.env`,
//! `.claude/settings.local.json`) is examined even when git ignores it, since
//! that is exactly where such settings live; paths named on the command line are
//! examined whatever the ignore files say. A file claimed only by a profile that
//! must look inside it (`requires_key`, e.g. "any YAML with a `model_list`") is a
//! candidate when the walk finds it, but is not rescued from the ignore files.
//!
//! Discovery knows file names and the catalog's patterns, not file contents.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::catalog::Catalog;

/// Directories never entered: version control, dependencies, build output.
const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target"];

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    /// The command-line path it was found under: the project it belongs to.
    pub root: PathBuf,
    /// Named on the command line rather than found by the walk.
    pub explicit: bool,
}

#[derive(Debug)]
pub struct Discovery {
    pub candidates: Vec<Candidate>,
    /// Command-line paths that do not exist or cannot be walked: usage errors.
    pub errors: Vec<String>,
}

pub fn discover(catalog: &Catalog, roots: &[PathBuf]) -> Discovery {
    let mut candidates = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
        match std::fs::symlink_metadata(root) {
            Err(e) => errors.push(format!("{}: {}", root.display(), io_reason(&e))),
            // is_dir() follows a symlink: a linked directory is walked, a linked file checked.
            Ok(_) if root.is_dir() => candidates.extend(walk(catalog, root)),
            // Files named one by one form one project together.
            Ok(_) => candidates.push(Candidate { path: root.clone(), root: PathBuf::new(), explicit: true }),
        }
    }
    candidates.sort();
    candidates.dedup_by(|a, b| a.path == b.path);
    Discovery { candidates, errors }
}

fn walk(catalog: &Catalog, root: &Path) -> Vec<Candidate> {
    let files = Mutex::new(Vec::new());
    let dirs = Mutex::new(Vec::new());
    ignore::WalkBuilder::new(root)
        .hidden(false)
        .filter_entry(|e| {
            !(e.file_type().is_some_and(|t| t.is_dir())
                && SKIPPED_DIRS.contains(&e.file_name().to_str().unwrap_or("")))
        })
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                if let Ok(entry) = entry {
                    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                    if is_dir {
                        dirs.lock().unwrap().push(entry.into_path());
                    } else if is_known(catalog, entry.path()) {
                        files.lock().unwrap().push(entry.into_path());
                    }
                }
                ignore::WalkState::Continue
            })
        });
    let mut files = files.into_inner().unwrap();
    let seen: HashSet<PathBuf> = files.iter().cloned().collect();
    // The files git ignores but the catalog knows by name, in the directories the walk entered.
    for dir in dirs.into_inner().unwrap() {
        rescue_ignored(catalog, &dir, &seen, &mut files, 2);
    }
    files.into_iter().map(|path| Candidate { path, root: root.to_path_buf(), explicit: false }).collect()
}

/// Looks in `dir` for known config files the walk skipped, and into hidden config
/// directories (`.claude/`, `.codex/`) up to `depth` levels when those were skipped whole.
fn rescue_ignored(
    catalog: &Catalog,
    dir: &Path,
    seen: &HashSet<PathBuf>,
    found: &mut Vec<PathBuf>,
    depth: usize,
) {
    let Ok(children) = std::fs::read_dir(dir) else { return };
    for child in children.flatten() {
        let path = child.path();
        let Ok(kind) = child.file_type() else { continue };
        if kind.is_dir() {
            let name = child.file_name();
            let name = name.to_string_lossy();
            if depth > 0
                && name.starts_with('.')
                && !SKIPPED_DIRS.contains(&name.as_ref())
                && !seen.iter().any(|s| s.starts_with(&path))
            {
                rescue_ignored(catalog, &path, seen, found, depth - 1);
            }
        } else if !seen.contains(&path)
            && !found.contains(&path)
            && catalog.known_by_name(&path.to_string_lossy())
        {
            found.push(path);
        }
    }
}

fn is_known(catalog: &Catalog, path: &Path) -> bool {
    !catalog.clients_for_path(&path.to_string_lossy()).is_empty()
}

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
