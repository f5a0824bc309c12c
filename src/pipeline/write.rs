//! Writing what `--fix` produced: every fixed text goes to disk through
//! `fix::write` (atomic, checked, with a backup outside git); a file that cannot
//! be written is put back in the outcome as unfixed, with its findings as found,
//! and so is every finding whose fix targeted it.

use std::path::PathBuf;

use crate::fix::write::{write_fixed, write_new, WriteError, WriteOptions};
use crate::git::GitIndex;
use crate::outcome::Outcome;

/// Writes every fixed file of `outcome`. Returns what could not be written.
pub fn write_fixes(outcome: &mut Outcome, backup: bool) -> Vec<WriteError> {
    let git = GitIndex::default();
    let mut errors = Vec::new();
    let mut failed: Vec<PathBuf> = Vec::new();
    for file in &mut outcome.files {
        let (Some(source), Some(fixed)) = (&file.source, &file.fixed) else { continue };
        let written = if file.creates {
            write_new(&file.path, fixed.as_bytes())
        } else {
            let opts =
                WriteOptions { backup, in_git_work_tree: git.in_work_tree(&file.path), private: false };
            write_fixed(&file.path, source.as_bytes(), fixed.as_bytes(), opts).map(|_| ())
        };
        if let Err(e) = written {
            errors.push(e);
            failed.push(file.path.clone());
            file.fixed = None;
            // Fixes of other files' findings stay applied; this file's own come back.
            file.applied.retain(|d| d.fix.as_ref().is_some_and(|f| f.target.is_some()));
            file.diagnostics = std::mem::take(&mut file.before_fix);
        }
    }
    // A finding whose fix targeted a file that could not be written is not fixed.
    for file in &mut outcome.files {
        let (back, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut file.applied).into_iter().partition(|d| {
            d.fix.as_ref().and_then(|f| f.target.as_ref()).is_some_and(|t| failed.contains(&t.path))
        });
        file.applied = kept;
        file.diagnostics.extend(back);
        file.diagnostics.sort_by_key(|d| (d.span.start, d.code));
    }
    outcome.files.retain(|f| !(f.companion && f.fixed.is_none()));
    errors
}
