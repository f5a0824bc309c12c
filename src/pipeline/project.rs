//! The project pass: after every file is analysed (and fixed), the project
//! rules run once over a view of the settings of all files (`ProjectFacts`,
//! built from the same analyses, never a copy kept in step by hand), with the
//! companion files they ask for read in as unreported files. With fixing on, a
//! proposal that sets a value in another file is spelled in that file's format
//! and applied to its text (a checked file's, or a new one the outcome will
//! create); only that file is analysed again, and the rules run again on the
//! result until nothing more is fixed. Writes nothing (`write` does).

use std::path::{Path, PathBuf};

use super::file::{analyse, facts_of, plan_by_path, plan_of};
use super::CheckOptions;
use crate::catalog::Catalog;
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::fix::{apply_fixes, Applicability, Change};
use crate::outcome::FileOutcome;
use crate::read::read_text;
use crate::rules::project::{FileView, ProjectFacts};
use crate::rules::{check_project, project_companions};
use crate::suppress;

/// How many times the project rules run and their fixes apply, at most.
const MAX_PROJECT_PASSES: usize = 4;

fn facts<'a>(opts: &CheckOptions, files: &'a [FileOutcome]) -> ProjectFacts<'a> {
    ProjectFacts {
        files: files
            .iter()
            .filter_map(|f| {
                Some(FileView {
                    path: &f.path,
                    root: &f.root,
                    text: f.current_text()?,
                    settings: f.analysis.own_settings().collect(),
                })
                .filter(|_| !f.analysis.readings.is_empty())
            })
            .collect(),
        chosen_region: opts.lint.region.clone(),
        by_path: Default::default(),
    }
}

/// The project rules over every file's settings; with fixing on, their fixes are
/// applied to the files they target (read, or created), and the rules run again
/// on the result until nothing more is fixed.
pub(super) fn project_pass(catalog: &Catalog, opts: &CheckOptions, files: &mut Vec<FileOutcome>) {
    let wanted = project_companions(catalog, &facts(opts, files));
    let given = given_dirs(files);
    for path in wanted {
        if !within(&given, &path) {
            continue; // a link in the checkout leads elsewhere: neither read nor written
        }
        if let Some(companion) = read_companion(catalog, opts, &path) {
            files.push(companion);
        }
    }
    let applicable = |d: &Diagnostic| {
        opts.fix.is_some_and(|include_unsafe| {
            d.proposal.as_ref().is_some_and(|p| include_unsafe || p.applicability == Applicability::Safe)
        })
    };
    let same = |a: &Diagnostic, b: &Diagnostic| a.path == b.path && a.span == b.span && a.code == b.code;
    // Findings of the last round left unfixed, and those whose fix could not be applied.
    let mut pending: Vec<Diagnostic> = Vec::new();
    let mut failed: Vec<Diagnostic> = Vec::new();
    for round in 0..MAX_PROJECT_PASSES {
        let found = {
            let facts = facts(opts, files);
            let found = check_project(catalog, &facts);
            let found = without_suppressed(files, found);
            opts.selection.apply(found)
        };
        let found = spell_elsewhere(catalog, files, found, &given);
        // Gone since the last round: resolved by the fix of another finding (two
        // `.env` files of one project, one settings file to write).
        for d in pending.drain(..) {
            if !found.iter().any(|f| same(f, &d)) {
                if let Some(file) = files.iter_mut().find(|f| f.path == d.path) {
                    file.applied.push(d);
                }
            }
        }
        // One fix per target file per round: the next round sees its result.
        let mut targets: Vec<PathBuf> = Vec::new();
        let (mut to_apply, mut remaining) = (Vec::new(), Vec::new());
        for d in found {
            let target = d.fix.as_ref().and_then(|f| f.target.as_ref()).map(|t| t.path.clone());
            match target {
                Some(t) if applicable(&d) && !targets.contains(&t) && !failed.iter().any(|f| same(f, &d)) => {
                    targets.push(t);
                    to_apply.push(d);
                }
                _ => remaining.push(d),
            }
        }
        if to_apply.is_empty() || round + 1 == MAX_PROJECT_PASSES {
            for d in remaining.into_iter().chain(to_apply) {
                attach(files, d);
            }
            // Companions were read to be seen; only those a fix writes stay.
            files.retain(|f| !(f.companion && f.fixed.is_none()));
            return;
        }
        for d in to_apply {
            if apply_elsewhere(catalog, opts, files, &d) {
                if let Some(file) = files.iter_mut().find(|f| f.path == d.path) {
                    file.applied.push(d);
                }
            } else {
                failed.push(d);
            }
        }
        pending = remaining;
    }
}

/// Each proposal that sets a value in another file, spelled as edits of that
/// file's current text (or of an empty one it would create); a proposal that
/// changes a value of the finding's own file (a reader the project pass decided)
/// is spelled in that file and targets it, so that it is applied like the others.
fn spell_elsewhere(
    catalog: &Catalog,
    files: &[FileOutcome],
    found: Vec<Diagnostic>,
    given: &[PathBuf],
) -> Vec<Diagnostic> {
    found
        .into_iter()
        .map(|mut d| {
            if let Some(p @ crate::fix::Proposal { change: Change::Replace { .. }, .. }) = &d.proposal {
                if let Some(file) = files.iter().find(|f| f.path == d.path) {
                    let text = file.current_text().unwrap_or("");
                    let format = file.analysis.format();
                    d.fix = format.and_then(|f| crate::fix::materialize(text, f, &[], p)).map(|mut fix| {
                        fix.target = Some(crate::fix::FixTarget { path: d.path.clone(), create: false });
                        fix
                    });
                }
            } else if let Some(p @ crate::fix::Proposal { change: Change::SetElsewhere { path, .. }, .. }) =
                &d.proposal
            {
                if !within(given, path) {
                    return d; // no fix that writes through a link out of the checkout
                }
                let target = files.iter().find(|f| &f.path == path);
                let format = match target {
                    Some(f) => f.analysis.format(),
                    None => plan_by_path(catalog, path).map(|plan| plan[0].format),
                };
                let text = target.and_then(FileOutcome::current_text).unwrap_or("");
                d.fix = format.and_then(|format| crate::fix::materialize_elsewhere(text, format, p));
            }
            d
        })
        .collect()
}

/// The directories this run was given, as they resolve: each walked path, and
/// the directory of each file named on the command line (where a fix may create
/// a companion such as `.gemini/settings.json`).
fn given_dirs(files: &[FileOutcome]) -> Vec<PathBuf> {
    let mut dirs: Vec<&Path> = files
        .iter()
        .filter(|f| !f.companion)
        .map(|f| match f.root.as_os_str().is_empty() {
            true => f.path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")),
            false => f.root.as_path(),
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs.into_iter().filter_map(|d| std::fs::canonicalize(d).ok()).collect()
}

/// A companion path that stays inside one of the given directories once its
/// links are followed (`discover::resolves_within`).
fn within(given: &[PathBuf], path: &Path) -> bool {
    // `resolves_within` of each directory, the path resolved once (not once per
    // directory: 284 files named on the command line spent half the run here).
    !given.is_empty()
        && match crate::discover::resolve(path) {
            Some(resolved) => given.iter().any(|dir| resolved.starts_with(dir)),
            None => true,
        }
}

/// Drops the project findings that a `crlint: ignore` comment of their file
/// silences; an `ignore all` comment that silences one loses the CR001 the
/// per-file pass gave it.
fn without_suppressed(files: &mut [FileOutcome], found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    found
        .into_iter()
        .filter(|d| {
            let Some(file) = files.iter().find(|f| f.path == d.path) else { return true };
            let Some(text) = file.current_text() else { return true };
            let Some(silencer) = suppress::silenced_by(text, &file.analysis.comments, d) else { return true };
            if silencer.all {
                for f in files.iter_mut().filter(|f| f.path == d.path) {
                    f.diagnostics.retain(|x| !(x.code == Code::CR001 && x.span == silencer.span));
                }
            }
            false
        })
        .collect()
}

/// Puts a project finding with the findings of its file.
fn attach(files: &mut [FileOutcome], d: Diagnostic) {
    if let Some(file) = files.iter_mut().find(|f| f.path == d.path) {
        file.diagnostics.push(d);
        file.diagnostics.sort_by_key(|d| (d.span.start, d.code));
    }
}

/// Applies a fix whose edits target another file to that file's text (a checked
/// file's fixed text, a companion's, or a new file the outcome will create) and
/// analyses it again. False when the edit does not apply.
fn apply_elsewhere(
    catalog: &Catalog,
    opts: &CheckOptions,
    files: &mut Vec<FileOutcome>,
    d: &Diagnostic,
) -> bool {
    let Some(fix) = &d.fix else { return false };
    let Some(target) = &fix.target else { return false };
    let index = match files.iter().position(|f| f.path == target.path) {
        Some(i) => i,
        None if target.create && !target.path.exists() => {
            let mut file = FileOutcome::new(target.path.clone(), false);
            file.source = Some(String::new());
            file.companion = true;
            file.creates = true;
            files.push(file);
            files.len() - 1
        }
        None => return false,
    };
    let file = &mut files[index];
    let old = file.current_text().unwrap_or("").to_string();
    let local = crate::fix::Fix { target: None, ..fix.clone() };
    let (new, taken, _) = apply_fixes(&old, &[&local]);
    if taken.is_empty() || new == old {
        return false;
    }
    let plan = if file.analysis.readings.is_empty() {
        plan_by_path(catalog, &file.path)
    } else {
        Some(plan_of(catalog, &file.path, &file.analysis))
    };
    let Some(plan) = plan else { return false };
    let facts = facts_of(&file.path, file.git_tracked);
    // Only the first reading: the one whose settings the project rules see.
    let analysed = formats_attributed(&file.path, || {
        crate::formats::count::record_pass();
        analyse(catalog, opts, &facts, &plan[..1], &new, None)
    });
    if !file.companion {
        if file.fixed.is_none() {
            file.before_fix = file.diagnostics.clone();
        }
        file.diagnostics = analysed.diagnostics;
    }
    file.analysis = analysed.analysis;
    file.fixed = (file.source.as_deref() != Some(new.as_str())).then_some(new);
    true
}

fn formats_attributed<R>(path: &Path, work: impl FnOnce() -> R) -> R {
    crate::formats::count::attribute(path, work)
}

/// A file the project rules asked to see: its analysis, when it exists, can be
/// read and some profile knows it. Never reported on.
fn read_companion(catalog: &Catalog, opts: &CheckOptions, path: &Path) -> Option<FileOutcome> {
    let text = read_text(path, opts.max_file_size).ok()?;
    let plan = plan_by_path(catalog, path)?;
    let facts = facts_of(path, false);
    let analysed = formats_attributed(path, || analyse(catalog, opts, &facts, &plan, &text, None));
    let mut file = FileOutcome::new(path.to_path_buf(), false);
    file.source = Some(text);
    file.analysis = analysed.analysis;
    file.companion = true;
    Some(file)
}
