//! Project-level rules: checks that need more than one file, run once after every
//! file is linted. They see `ProjectFacts`, the settings of every file of the run
//! (and of the companion files they asked to read), and return findings that
//! point into one file; a finding's fix may edit another file (`Fix::target`).
//! Like every rule, they know settings and URL facts, not file formats, and never
//! write a file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{gemini_auth, regions, shared_env};
use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::document::Format;
use crate::settings::Setting;

/// One file as the project rules see it.
#[derive(Debug, Clone)]
pub struct FileSettings {
    pub path: PathBuf,
    /// The project (command-line path) the file belongs to; companions take their reader's.
    pub root: PathBuf,
    pub format: Format,
    /// The profiles that read the file, in claiming order.
    pub clients: Vec<String>,
    /// The text the settings were found in (the fixed text when fixes were applied).
    pub text: String,
    pub settings: Vec<Setting>,
}

/// The settings of every file of the run.
#[derive(Debug, Clone, Default)]
pub struct ProjectFacts {
    pub files: Vec<FileSettings>,
    /// The region the user chose (`--region`), if any.
    pub chosen_region: Option<String>,
}

impl ProjectFacts {
    pub fn file(&self, path: &Path) -> Option<&FileSettings> {
        self.files.iter().find(|f| f.path == path)
    }
}

/// Files the project rules want to see although the run did not name them (the
/// `.gemini/settings.json` next to a Gemini CLI `.env`): the caller reads those that
/// exist into the facts, without reporting on them.
pub fn companions(catalog: &Catalog, facts: &ProjectFacts) -> Vec<PathBuf> {
    let mut out = gemini_auth::companions(catalog, facts);
    out.extend(shared_env::companions(catalog, facts));
    // A set, not `facts.file` per companion: that was files × companions path
    // comparisons (a few percent of a monorepo's run, on one thread).
    let known: BTreeSet<&Path> = facts.files.iter().map(|f| f.path.as_path()).collect();
    out.retain(|p| !known.contains(p.as_path()));
    out.sort();
    out.dedup();
    out
}

/// The codes the project rules report (inline suppressions of these are judged
/// after the project pass, not with each file).
pub const CODES: &[&str] = &["CR204", "CR404", "CR405"];

pub fn check(catalog: &Catalog, facts: &ProjectFacts) -> Vec<Diagnostic> {
    let mut out = gemini_auth::check(catalog, facts);
    out.extend(regions::check(catalog, facts));
    out.extend(shared_env::check(catalog, facts));
    out
}
