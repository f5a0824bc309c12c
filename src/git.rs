//! Which files git tracks, asked once per repository (`git ls-files`), so that a
//! key in a tracked file can be an error and one in an ignored `.env` a warning.
//! Without git, or outside a work tree, nothing is tracked.
//!
//! Built for a monorepo: each directory is resolved (canonical path, work-tree
//! root above it) once and cached, not once per file, and the tracked list is
//! kept as `git ls-files -z` printed it and binary-searched, instead of hashing
//! tens of thousands of paths of which a few hundred are ever looked up (on the
//! benchmark tree, 62,000 tracked files: hashing them was a tenth of the run).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct GitIndex {
    /// A directory as given → its canonical path (None: it cannot be resolved).
    canonical_dirs: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// A canonical directory → the work-tree root at or above it (None: not in one).
    roots: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// A work-tree root → the paths git tracks in it.
    repos: Mutex<HashMap<PathBuf, Arc<TrackedPaths>>>,
}

impl GitIndex {
    /// The path is inside a git work tree (some ancestor holds `.git`).
    pub fn in_work_tree(&self, path: &Path) -> bool {
        self.locate(path).is_some()
    }

    pub fn is_tracked(&self, path: &Path) -> bool {
        let Some((root, abs)) = self.locate(path) else { return false };
        let tracked = {
            let mut repos = self.repos.lock().unwrap();
            repos.entry(root.clone()).or_insert_with(|| Arc::new(TrackedPaths::list(&root))).clone()
        };
        abs.strip_prefix(&root).is_ok_and(|rel| tracked.contains(rel))
    }

    /// The work-tree root holding `path` and `path` made absolute, with symlinks
    /// resolved (a linked config counts as its target).
    fn locate(&self, path: &Path) -> Option<(PathBuf, PathBuf)> {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let abs = if is_link {
            std::fs::canonicalize(path).ok()?
        } else {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            self.canonical_dir(parent)?.join(path.file_name()?)
        };
        let root = self.root_of(abs.parent()?)?;
        Some((root, abs))
    }

    fn canonical_dir(&self, dir: &Path) -> Option<PathBuf> {
        if let Some(known) = self.canonical_dirs.lock().unwrap().get(dir) {
            return known.clone();
        }
        let resolved = std::fs::canonicalize(dir).ok();
        self.canonical_dirs.lock().unwrap().insert(dir.to_path_buf(), resolved.clone());
        resolved
    }

    /// The nearest directory at or above `dir` (canonical) that holds `.git`.
    fn root_of(&self, dir: &Path) -> Option<PathBuf> {
        let mut unresolved = Vec::new();
        let mut found = None;
        for d in dir.ancestors() {
            if let Some(known) = self.roots.lock().unwrap().get(d) {
                found = known.clone();
                break;
            }
            unresolved.push(d);
            if d.join(".git").exists() {
                found = Some(d.to_path_buf());
                break;
            }
        }
        let mut roots = self.roots.lock().unwrap();
        for d in unresolved {
            roots.insert(d.to_path_buf(), found.clone());
        }
        found
    }
}

/// `git ls-files -z` of one work tree: the listing as printed and each path's range in it, sorted.
struct TrackedPaths {
    listing: Vec<u8>,
    paths: Vec<Range<usize>>,
}

impl TrackedPaths {
    fn list(root: &Path) -> TrackedPaths {
        let listing = match Command::new("git").arg("-C").arg(root).args(["ls-files", "-z"]).output() {
            Ok(out) if out.status.success() => out.stdout,
            _ => Vec::new(),
        };
        let mut paths = Vec::new();
        let mut start = 0;
        for (i, b) in listing.iter().enumerate() {
            if *b == 0 {
                if i > start {
                    paths.push(start..i);
                }
                start = i + 1;
            }
        }
        // Git lists the index in byte order already; sort only if it ever does not.
        if !paths.windows(2).all(|w| listing[w[0].clone()] <= listing[w[1].clone()]) {
            paths.sort_unstable_by(|a, b| listing[a.clone()].cmp(&listing[b.clone()]));
        }
        TrackedPaths { listing, paths }
    }

    /// `rel`: relative to the work-tree root, as git prints it (`/`-separated).
    fn contains(&self, rel: &Path) -> bool {
        let rel = git_bytes(rel);
        self.paths.binary_search_by(|r| self.listing[r.clone()].cmp(&rel[..])).is_ok()
    }
}

#[cfg(unix)]
fn git_bytes(rel: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    rel.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn git_bytes(rel: &Path) -> Vec<u8> {
    rel.to_string_lossy().replace('\\', "/").into_bytes()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@t"])
            .args(args)
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    }

    #[test]
    fn tracked_untracked_nested_and_linked_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        git(root, &["init", "-q"]);
        std::fs::create_dir_all(root.join("a/.claude")).unwrap();
        for f in ["a/.claude/settings.json", "a/b.env", "z.env", "untracked.env"] {
            std::fs::write(root.join(f), "A=1\n").unwrap();
        }
        git(root, &["add", "a", "z.env"]);
        std::os::unix::fs::symlink(root.join("a/b.env"), root.join("link.env")).unwrap();
        let index = GitIndex::default();
        assert!(index.is_tracked(&root.join("a/.claude/settings.json")));
        assert!(index.is_tracked(&root.join("a/b.env")));
        assert!(index.is_tracked(&root.join("z.env")));
        assert!(!index.is_tracked(&root.join("untracked.env")));
        assert!(!index.is_tracked(&root.join("a/missing.env")));
        // A link counts as its target.
        assert!(index.is_tracked(&root.join("link.env")));
        assert!(index.in_work_tree(&root.join("untracked.env")));
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.env"), "").unwrap();
        assert!(!index.in_work_tree(&outside.path().join("x.env")));
    }
}
