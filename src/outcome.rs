//! What a run of the pipeline ends with, and all that reporters and the command
//! layer read: each file's findings (as they stand after any fix), what `--fix`
//! changed, the texts the findings point into, the settings found (for the probe
//! and the doctor), and the verdicts of `--probe`.
//!
//! Not for: producing any of it (`pipeline`), or printing it (`report`).

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::document::{Comment, Document, Format, ParseFailure};
use crate::settings::Setting;

/// One way a file was read: a format, the clients that read it so (ids, claiming
/// order), and what came of it.
#[derive(Debug, Clone)]
pub struct Reading {
    pub format: Format,
    pub clients: Vec<String>,
    /// The parsed document, when the run keeps documents (`CheckOptions::keep_documents`);
    /// its entries are those this reading owns (a value belongs to the first reading that finds it).
    pub document: Option<Document>,
    /// Why the text does not parse in this format.
    pub failure: Option<ParseFailure>,
    /// Its settings; for a document inside the file, their spans are the file's.
    pub settings: Vec<Setting>,
    /// A document inside the file (a code block, a heredoc), named for people:
    /// its settings are shown, not configured here, so project rules (regions,
    /// cross-file requirements) leave them out. Its `document` is never kept.
    pub embedded: Option<String>,
}

/// Every reading of one text.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub readings: Vec<Reading>,
    /// The comments of every reading, each once (for inline suppressions).
    pub comments: Vec<Comment>,
}

impl Analysis {
    pub fn settings(&self) -> impl Iterator<Item = &Setting> {
        self.readings.iter().flat_map(|r| r.settings.iter())
    }

    /// The settings of the file's own readings, without those of documents inside it.
    pub fn own_settings(&self) -> impl Iterator<Item = &Setting> {
        self.readings.iter().filter(|r| r.embedded.is_none()).flat_map(|r| r.settings.iter())
    }

    /// The file's first own reading (documents inside it are read before its
    /// URL scan, so they may come first), else the first.
    fn first_own(&self) -> Option<&Reading> {
        self.readings.iter().find(|r| r.embedded.is_none()).or(self.readings.first())
    }

    /// The format of the file's first own reading, if any.
    pub fn format(&self) -> Option<Format> {
        self.first_own().map(|r| r.format)
    }

    /// The clients of the file's first own reading.
    pub fn clients(&self) -> &[String] {
        self.first_own().map_or(&[], |r| r.clients.as_slice())
    }
}

#[derive(Debug, Clone)]
pub struct FileOutcome {
    pub path: PathBuf,
    /// The command-line path the file was found under (the project it belongs to).
    pub root: PathBuf,
    /// The text as read, when it could be read (for snippets and fixes).
    pub source: Option<String>,
    /// The findings; with fixing on, those that remain in `fixed`.
    pub diagnostics: Vec<Diagnostic>,
    /// With fixing on: the fixed text, when it differs from `source`.
    pub fixed: Option<String>,
    /// With fixing on: the findings the fixes resolved, as found in the text they applied to.
    pub applied: Vec<Diagnostic>,
    /// With fixing on: the findings of `source` before any fix (reported again if the write fails).
    pub before_fix: Vec<Diagnostic>,
    pub git_tracked: bool,
    /// The readings of the text as it ends (fixed or not).
    pub analysis: Analysis,
    /// Not checked itself: a file a project rule asked to see (Gemini CLI's
    /// settings beside a `.env`), or that a fix of another file's finding writes.
    /// Not counted among the checked files and never reported on.
    pub companion: bool,
    /// With fixing on: the file does not exist and writing it creates it.
    pub creates: bool,
}

impl FileOutcome {
    pub fn new(path: PathBuf, git_tracked: bool) -> FileOutcome {
        FileOutcome {
            path,
            root: PathBuf::new(),
            source: None,
            diagnostics: vec![],
            fixed: None,
            applied: vec![],
            before_fix: vec![],
            git_tracked,
            analysis: Analysis::default(),
            companion: false,
            creates: false,
        }
    }

    /// The text the remaining findings point into: the fixed text when there is one.
    pub fn current_text(&self) -> Option<&str> {
        self.fixed.as_deref().or(self.source.as_deref())
    }

    pub fn settings(&self) -> impl Iterator<Item = &Setting> {
        self.analysis.settings()
    }
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// Sorted by path.
    pub files: Vec<FileOutcome>,
    /// Usage and I/O errors about the command line (exit code 2).
    pub errors: Vec<String>,
    /// What the walk could not enter (printed to stderr; the exit code stays).
    pub warnings: Vec<String>,
    /// With `--probe`: the verdict for each gateway base URL found.
    pub probes: Vec<crate::probe::ProbeResult>,
}

impl Outcome {
    /// Every finding of every checked file, with its file.
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileOutcome, &Diagnostic)> {
        self.files.iter().flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }

    pub fn file(&self, path: &Path) -> Option<&FileOutcome> {
        self.files.iter().find(|f| f.path == path)
    }
}
