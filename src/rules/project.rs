//! What the project-level rules see: `ProjectFacts`, a view of the settings of
//! every file of the run (and of the companion files they asked to read). The
//! rules themselves (`requires`, `regions`, `shared_env`) run once after every
//! file is linted (`rules::check_project`) and return findings that point into
//! one file; a finding's proposal may set a value in another file
//! (`fix::Change::SetElsewhere`). Like every rule, they know settings and URL
//! facts, not file formats, and never write a file.

use std::path::Path;

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
    /// `files` by path, built on the first lookup (a run may hold 100,000 files).
    pub by_path: std::cell::OnceCell<std::collections::HashMap<std::path::PathBuf, usize>>,
}

impl<'a> ProjectFacts<'a> {
    pub fn file(&self, path: &Path) -> Option<&FileView<'a>> {
        let index = self.by_path.get_or_init(|| {
            let mut index = std::collections::HashMap::with_capacity(self.files.len());
            for (i, f) in self.files.iter().enumerate() {
                index.entry(f.path.to_path_buf()).or_insert(i);
            }
            index
        });
        index.get(path).map(|&i| &self.files[i])
    }
}
