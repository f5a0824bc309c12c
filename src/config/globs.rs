//! Path globs of a configuration file (`[scan] include / exclude`,
//! `[lint] per-file-ignores`), matched the way `.gitignore` lines are:
//!
//! - relative to the directory holding `crlint.toml`; `*` stops at `/`, `**` does not;
//! - a glob without `/` (`.env.*`, `vendor`) matches that name at any depth;
//!   a leading `/` anchors it to the config's directory instead;
//! - a glob that names a directory matches everything under it.
//!
//! A path outside the config's directory is matched as it was given.
//! Not for: the catalog's file patterns, which say which files are configs at all.

use std::path::{Path, PathBuf};

// `.` dropped and `..` resolved by name, as the walk matches paths.
use crate::discover::normalized as normalize;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// A list of globs and the directory they are relative to.
#[derive(Debug, Clone)]
pub struct PathGlobs {
    base: PathBuf,
    set: GlobSet,
    /// For each glob of `set`, the index of the user's glob it came from.
    origin: Vec<usize>,
    len: usize,
}

impl PathGlobs {
    /// Compiles `globs`; on failure, the index of the bad glob and why.
    pub fn new(base: &Path, globs: &[String]) -> Result<PathGlobs, (usize, String)> {
        let mut builder = GlobSetBuilder::new();
        let mut origin = Vec::new();
        for (i, raw) in globs.iter().enumerate() {
            for pattern in expansions(raw) {
                let glob = GlobBuilder::new(&pattern)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| (i, e.kind().to_string()))?;
                builder.add(glob);
                origin.push(i);
            }
        }
        let set = builder.build().map_err(|e| (0, e.to_string()))?;
        let base = normalize(&std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf()));
        Ok(PathGlobs { base, set, origin, len: globs.len() })
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The indices of the user's globs that match `path`, ascending, without repeats.
    pub fn matches(&self, path: &Path) -> Vec<usize> {
        let relative = self.relative(path);
        let mut hits: Vec<usize> = self.set.matches(relative).into_iter().map(|i| self.origin[i]).collect();
        hits.sort_unstable();
        hits.dedup();
        hits
    }

    pub fn is_match(&self, path: &Path) -> bool {
        self.set.is_match(self.relative(path))
    }

    fn relative(&self, path: &Path) -> String {
        let absolute = normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
        let shown = absolute.strip_prefix(&self.base).unwrap_or(path);
        shown.to_string_lossy().replace('\\', "/").trim_start_matches("./").to_string()
    }
}

/// The globset patterns one user glob stands for.
fn expansions(raw: &str) -> Vec<String> {
    let trimmed = raw.trim_start_matches("./").trim_end_matches('/');
    let (anchored, glob) = match trimmed.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (trimmed.contains('/'), trimmed),
    };
    let mut out = vec![glob.to_string(), format!("{glob}/**")];
    if !anchored {
        out.push(format!("**/{glob}"));
        out.push(format!("**/{glob}/**"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(list: &[&str]) -> PathGlobs {
        let list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        PathGlobs::new(Path::new("/repo"), &list).unwrap()
    }

    #[test]
    fn names_match_at_any_depth_and_slashes_anchor() {
        let g = globs(&[".env.*", "/top.env", "services/**/x.json", "vendor"]);
        assert_eq!(g.matches(Path::new("/repo/a/b/.env.local")), vec![0]);
        assert_eq!(g.matches(Path::new("/repo/top.env")), vec![1]);
        assert!(g.matches(Path::new("/repo/a/top.env")).is_empty());
        assert_eq!(g.matches(Path::new("/repo/services/w/x.json")), vec![2]);
        assert_eq!(g.matches(Path::new("/repo/services/x.json")), vec![2]);
        assert_eq!(g.matches(Path::new("/repo/lib/vendor/a/.env")), vec![3]);
        assert!(g.matches(Path::new("/repo/.env")).is_empty());
    }

    #[test]
    fn star_stops_at_slash() {
        let g = globs(&["services/*.env"]);
        assert!(g.is_match(Path::new("/repo/services/a.env")));
        assert!(!g.is_match(Path::new("/repo/services/w/a.env")));
    }

    #[test]
    fn relative_paths_resolve_against_the_working_directory() {
        let cwd = std::env::current_dir().unwrap();
        let list = vec!["fixtures/**".to_string()];
        let g = PathGlobs::new(&cwd, &list).unwrap();
        assert!(g.is_match(Path::new("./fixtures/demo/.env")));
        assert!(g.is_match(Path::new("x/../fixtures/demo/.env")));
    }

    #[test]
    fn a_bad_glob_names_its_index() {
        let list = vec!["ok".to_string(), "a[".to_string()];
        assert_eq!(PathGlobs::new(Path::new("/"), &list).unwrap_err().0, 1);
    }
}
