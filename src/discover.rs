//! Discovery: which files to check. Walks the given paths in parallel with the
//! `ignore` crate (ripgrep's walker): `.gitignore` is honoured, hidden files are
//! looked at (`.env`, `.claude/` are hidden), `.git/`, `node_modules/` and
//! `target/` are never entered. A file the catalog knows by name (a `.env`,
//! `.claude/settings.local.json`) is examined even when git ignores it, since
//! that is exactly where such settings live, and so is a git-ignored hidden
//! directory a catalog pattern goes through (`.claude/`, `.codex/`); other
//! git-ignored directories are not entered. Paths named on the command line are
//! examined whatever the ignore files say.
//!
//! Symbolic links: the walk never enters a linked directory, and follows a
//! linked file only when its target lies inside the directory walked
//! (`resolves_within`); a link that leaves it (to `~/.ssh/…`, `/etc/…`, another
//! project) is not checked, said on stderr like an unreadable directory. So a
//! checkout cannot make crlint read, print or write a file outside the paths it
//! was given. A path named on the command line is the user's own choice and is
//! followed wherever it points (a dotfile linked into a dotfiles repository).
//! What remains: a link swapped between the walk's look and the read.
//!
//! Discovery knows file names and the catalog's patterns, not file contents.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::catalog::Catalog;
use crate::read::io_reason;

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
    /// Directories inside the walk that could not be read (permission denied):
    /// not checked, said on stderr, the exit code unchanged (as ripgrep does).
    pub warnings: Vec<String>,
}

pub fn discover(catalog: &Catalog, roots: &[PathBuf]) -> Discovery {
    let mut candidates = Vec::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for root in roots {
        match std::fs::symlink_metadata(root) {
            Err(e) => errors.push(format!("{}: {}", root.display(), io_reason(&e))),
            // is_dir() follows a symlink: a linked directory is walked, a linked file checked.
            Ok(_) if root.is_dir() => {
                let (found, skipped) = walk(catalog, root);
                candidates.extend(found);
                warnings.extend(skipped);
            }
            // A file no client reads (`notes.txt`): said, not silently "0 files".
            Ok(_) if !catalog.claims_path(&match_path(root)) => warnings.push(format!(
                "{}: no client crlint knows reads a file of this name or kind; not checked \
                 (`crlint clients` lists the files each client reads)",
                root.display()
            )),
            // Files named one by one form one project together.
            Ok(_) => candidates.push(Candidate { path: root.clone(), root: PathBuf::new(), explicit: true }),
        }
    }
    candidates.sort();
    candidates.dedup_by(|a, b| a.path == b.path);
    warnings.sort();
    warnings.dedup();
    Discovery { candidates, errors, warnings }
}

fn walk(catalog: &Catalog, root: &Path) -> (Vec<Candidate>, Vec<String>) {
    let files = Mutex::new(Vec::new());
    let base = MatchBase::new(root);
    let skipped = walk_files(catalog, root, || {
        |entry: ignore::DirEntry| {
            if catalog.claims_path(&base.of(entry.path())) {
                files.lock().unwrap().push(entry.into_path());
            }
        }
    });
    let files = files.into_inner().unwrap();
    let found = files.into_iter().map(|path| Candidate { path, root: root.to_path_buf(), explicit: false });
    (found.collect(), skipped)
}

/// The walk of one directory `discover` does, in parallel, handing every file
/// (not directory) the walker yields to a visitor: `make` builds one per walker
/// thread (so each can keep a buffer of its own), and files come in no
/// particular order. The walker's whitelist lets only files some catalog
/// pattern names through, `not_globs` aside: a visitor still asks the catalog.
/// Returns what the walk could not enter (an unreadable directory), one line each.
pub fn walk_files<'s, V>(catalog: &Catalog, root: &Path, mut make: impl FnMut() -> V) -> Vec<String>
where
    V: FnMut(ignore::DirEntry) + Send + 's,
{
    let mut walker = ignore::WalkBuilder::new(root);
    walker.hidden(false).filter_entry(|e| {
        !(e.file_type().is_some_and(|t| t.is_dir())
            && SKIPPED_DIRS.contains(&e.file_name().to_str().unwrap_or("")))
    });
    match known_names_override(catalog, root) {
        Ok(overrides) => {
            walker.overrides(overrides);
        }
        // Only a catalog glob the ignore crate rejects gets here (the catalog
        // compiled it with globset already): walk without the shortcut, which
        // still finds every known file that git does not ignore.
        Err(e) => debug_assert!(false, "catalog globs as overrides: {e}"),
    }
    let skipped = Mutex::new(Vec::new());
    let base = MatchBase::new(root);
    // Links are judged against the directory as it resolves (it may be a link).
    let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    walker.build_parallel().run(|| {
        let mut visit = make();
        let (skipped, inside, base) = (&skipped, &inside, &base);
        Box::new(move |entry| {
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|t| t.is_dir()) => {}
                Ok(entry) if entry.path_is_symlink() && !resolves_within(inside, entry.path()) => {
                    // Only a file some catalog pattern names gets here (the
                    // whitelist): an unknown link is not worth a line.
                    if catalog.claims_path(&base.of(entry.path())) {
                        skipped.lock().unwrap().push(format!(
                            "{}: a symbolic link out of {}; not followed",
                            entry.path().display(),
                            root.display()
                        ));
                    }
                }
                Ok(entry) => visit(entry),
                Err(e) => skipped.lock().unwrap().push(walk_error(&e)),
            }
            ignore::WalkState::Continue
        })
    });
    let mut skipped = skipped.into_inner().unwrap();
    skipped.sort();
    skipped
}

/// `PATH: permission denied; not checked`, from the walker's error (a path, and
/// an I/O error or a link loop, possibly nested).
fn walk_error(err: &ignore::Error) -> String {
    fn parts(err: &ignore::Error, path: &mut Option<PathBuf>) -> String {
        match err {
            ignore::Error::WithPath { path: p, err } => {
                *path = Some(p.clone());
                parts(err, path)
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                parts(err, path)
            }
            ignore::Error::Io(io) => io_reason(io),
            ignore::Error::Loop { child, .. } => {
                *path = Some(child.clone());
                "a symlink loop".to_string()
            }
            other => other.to_string(),
        }
    }
    let mut path = None;
    let reason = parts(err, &mut path);
    match path {
        Some(p) => format!("{}: {reason}; not checked", p.display()),
        None => format!("{reason}; not checked"),
    }
}

/// The walk's whitelist: every file name pattern of the catalog (so a git-ignored
/// `.env` is still yielded) and every hidden directory those patterns go through
/// (so a git-ignored `.claude/` is still entered). A whitelist also makes the
/// walker drop every other file before it reaches us, so unknown files cost a
/// directory entry and nothing else.
///
/// This replaced a second `read_dir` of every directory after the walk, looking
/// for what git ignored: on the benchmark tree (100,000 files, 7,400 directories)
/// that pass, serial and with linear look-ups, was 80% of the run (see
/// BENCHMARKS.md).
fn known_names_override(
    catalog: &Catalog,
    root: &Path,
) -> Result<ignore::overrides::Override, ignore::Error> {
    let mut builder = ignore::overrides::OverrideBuilder::new(root);
    let mut hidden_dirs = BTreeSet::new();
    let base: Vec<String> = normalized(&absolute(root))
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    for spec in catalog.clients.iter().flat_map(|c| c.profile.files.iter()) {
        // Any depth: the catalog matches its globs against the whole walked path.
        let glob = spec.glob.trim_start_matches('/');
        let glob = if glob.starts_with("**/") { glob.to_string() } else { format!("**/{glob}") };
        for one in crate::catalog::expand_braces(&glob) {
            builder.add(&one)?;
            for rest in below_root(&base, one.trim_start_matches("**/")) {
                builder.add(&format!("/{rest}"))?;
            }
        }
        let components: Vec<&str> = spec.glob.split('/').collect();
        for dir in &components[..components.len().saturating_sub(1)] {
            if dir.starts_with('.') && !dir.contains(['*', '?', '[', '{']) {
                hidden_dirs.insert(dir.to_string());
            }
        }
    }
    for dir in hidden_dirs {
        builder.add(&format!("**/{dir}/"))?;
    }
    builder.build()
}

/// The rest of a pattern (`.claude/settings.json`, leading `**/` taken off)
/// below a walked directory that is itself inside the pattern: walking
/// `~/.claude` (its last component `.claude` matching the pattern's first),
/// the walker must let `settings.json` through, anchored at the root.
fn below_root(base: &[String], glob: &str) -> Vec<String> {
    let parts: Vec<&str> = glob.split('/').collect();
    let mut found = Vec::new();
    // k components of the pattern inside the walked directory's own path.
    for k in 1..parts.len() {
        if k > base.len() || parts[..k].contains(&"**") {
            break;
        }
        let tail = &base[base.len() - k..];
        let matches = parts[..k].iter().zip(tail).all(|(pattern, name)| {
            globset::Glob::new(pattern).is_ok_and(|g| g.compile_matcher().is_match(name.as_str()))
        });
        if matches {
            found.push(parts[k..].join("/"));
        }
    }
    found
}

/// Whether `path`, every link in it followed, lies inside `dir` (canonical).
/// A dangling link is judged by where it points (a file could appear there); a
/// link loop reaches no file at all, and reading it fails on its own.
pub fn resolves_within(dir: &Path, path: &Path) -> bool {
    match resolve(path) {
        Some(resolved) => resolved.starts_with(dir),
        None => true,
    }
}

/// Where `path` leads once its links are followed, existing or not (`None` for a
/// loop): what `resolves_within` compares.
pub fn resolve(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok().or_else(|| resolve_dangling(path))
}

/// Where a path that does not exist (yet) would be: its links followed as far
/// as they go, then the missing rest appended. `None` for a loop.
fn resolve_dangling(path: &Path) -> Option<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&path) {
            // A link: follow it one step (relative to its directory).
            Ok(target) => {
                path = match path.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            // Not a link: resolve its ancestors, then add the missing name.
            Err(_) => {
                let name = path.file_name()?.to_os_string();
                let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
                let parent = std::fs::canonicalize(parent).ok().or_else(|| resolve_dangling(parent))?;
                return Some(parent.join(name));
            }
        }
    }
    None
}

/// The path the catalog's patterns are matched against: absolute (joined to
/// the working directory) and normalized by name (`.` dropped, `..` taking its
/// parent off), links not followed. So `settings.json` named from inside
/// `~/.claude`, or found by walking `~/.claude` itself, is still
/// `…/.claude/settings.json`, which is what the patterns name.
pub fn match_path(path: &Path) -> String {
    normalized(&absolute(path)).to_string_lossy().into_owned()
}

/// `path` joined to the working directory when relative.
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path))
}

/// `.` dropped and `..` taking its parent off, by name only.
pub fn normalized(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The match paths of the files a walk of `root` yields: `root`'s match path
/// computed once, the part below it appended.
pub struct MatchBase<'r> {
    root: &'r Path,
    base: PathBuf,
}

impl<'r> MatchBase<'r> {
    pub fn new(root: &'r Path) -> Self {
        MatchBase { root, base: normalized(&absolute(root)) }
    }

    pub fn of(&self, path: &Path) -> String {
        match path.strip_prefix(self.root) {
            Ok(rest) => normalized(&self.base.join(rest)).to_string_lossy().into_owned(),
            Err(_) => match_path(path),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_ignored_config_files_and_config_dirs_are_found_other_ignored_dirs_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        std::fs::create_dir(root.join(".git")).unwrap();
        write(".gitignore", ".env\n.claude/\n.venv/\nbuild/\n");
        write("sub/.gitignore", ".codex/\n");
        for rel in [
            ".env",
            ".claude/settings.json",
            ".claude/settings.local.json",
            "src/.env.local",
            "sub/.codex/config.toml",
            // Not found: inside an ignored directory that is no config directory,
            // inside node_modules, or no config name at all.
            ".venv/.env",
            "build/.env",
            "node_modules/pkg/.env",
            "notes.txt",
            "src/.env.local.swp",
        ] {
            write(rel, "A=b\n");
        }
        let catalog = Catalog::embedded().unwrap();
        let found: Vec<String> = discover(&catalog, &[root.to_path_buf()])
            .candidates
            .iter()
            .map(|c| c.path.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            found,
            [
                ".claude/settings.json",
                ".claude/settings.local.json",
                ".env",
                "src/.env.local",
                "sub/.codex/config.toml"
            ]
        );
    }
}
