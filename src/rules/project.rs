//! Project-level rules: checks that need more than one file, run once after every
//! file is linted. They see `ProjectFacts`, a view of the settings of every file
//! of the run (and of the companion files they asked to read), and return
//! findings that point into one file; a finding's proposal may set a value in
//! another file (`fix::Change::SetElsewhere`). Like every rule, they know
//! settings and URL facts, not file formats, and never write a file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{regions, requires, shared_env};
use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::settings::Setting;

/// One file as the project rules see it.
#[derive(Debug, Clone)]
pub struct FileView<'a> {
    pub path: &'a Path,
    /// The project (command-line path) the file belongs to; empty for a companion,
    /// which belongs to whichever project asked for it.
    pub root: &'a Path,
    /// The text the settings were found in (the fixed text when fixes were applied).
    pub text: &'a str,
    /// The settings of every reading of the file.
    pub settings: Vec<&'a Setting>,
}

/// The settings of every file of the run.
#[derive(Debug, Clone, Default)]
pub struct ProjectFacts<'a> {
    pub files: Vec<FileView<'a>>,
    /// The region the user chose (`--region`), if any.
    pub chosen_region: Option<String>,
}

impl<'a> ProjectFacts<'a> {
    pub fn file(&self, path: &Path) -> Option<&FileView<'a>> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// Files the project rules want to see although the run did not name them (the
/// `.gemini/settings.json` next to a Gemini CLI `.env`): the caller reads those that
/// exist into the facts, without reporting on them.
pub fn companions(catalog: &Catalog, facts: &ProjectFacts) -> Vec<PathBuf> {
    let mut out = requires::companions(catalog, facts);
    out.extend(shared_env::companions(catalog, facts));
    // A set, not `facts.file` per companion: that was files × companions path
    // comparisons (a few percent of a monorepo's run, on one thread).
    let known: BTreeSet<&Path> = facts.files.iter().map(|f| f.path).collect();
    out.retain(|p| !known.contains(p.as_path()));
    out.sort();
    out.dedup();
    out
}

pub fn check(catalog: &Catalog, facts: &ProjectFacts) -> Vec<Diagnostic> {
    let mut out = requires::check(catalog, facts);
    out.extend(regions::check(catalog, facts));
    out.extend(shared_env::check(catalog, facts));
    out
}
