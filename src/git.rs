//! Which files git tracks, asked once per repository (`git ls-files`), so that a
//! key in a tracked file can be an error and one in an ignored `.env` a warning.
//! Without git, or outside a work tree, nothing is tracked.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

#[derive(Default)]
pub struct GitIndex {
    /// Work-tree root → tracked files (absolute paths).
    repos: Mutex<HashMap<PathBuf, HashSet<PathBuf>>>,
}

impl GitIndex {
    /// The path is inside a git work tree (some ancestor holds `.git`).
    pub fn in_work_tree(&self, path: &Path) -> bool {
        std::fs::canonicalize(path).is_ok_and(|abs| abs.ancestors().skip(1).any(|d| d.join(".git").exists()))
    }

    pub fn is_tracked(&self, path: &Path) -> bool {
        let Ok(abs) = std::fs::canonicalize(path) else { return false };
        let Some(root) = abs.ancestors().skip(1).find(|d| d.join(".git").exists()).map(Path::to_path_buf)
        else {
            return false;
        };
        let mut repos = self.repos.lock().unwrap();
        let tracked = repos.entry(root.clone()).or_insert_with(|| tracked_files(&root));
        tracked.contains(&abs)
    }
}

fn tracked_files(root: &Path) -> HashSet<PathBuf> {
    let Ok(out) = Command::new("git").arg("-C").arg(root).args(["ls-files", "-z"]).output() else {
        return HashSet::new();
    };
    if !out.status.success() {
        return HashSet::new();
    }
    out.stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| root.join(String::from_utf8_lossy(p).as_ref()))
        .collect()
}
