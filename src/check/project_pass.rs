//! The project pass of `check`: after every file is linted (and fixed), the
//! project rules run once over the settings of all files (`ProjectFacts`), with
//! the companion files they ask for read in; with fixing on, a fix that targets
//! another file is applied to that file's text (a checked file's, or a new one
//! the report will create), and the rules run again on the result. Knows the
//! report and the rules' facts; writes nothing (`write_fixes` does).

use std::path::{Path, PathBuf};

use super::{clients_by_id, filter, lint_text, read_text, settings_of, CheckOptions, FileResult};
use crate::catalog::{Catalog, Client};
use crate::diagnostic::Diagnostic;
use crate::fix::{apply_fixes, Applicability, Fix};
use crate::rules::project::{self, FileSettings, ProjectFacts};
use crate::rules::FileFacts;
use crate::{formats, suppress};

/// How many times the project rules run and their fixes apply, at most.
const MAX_PROJECT_PASSES: usize = 4;

/// The project rules over every file's settings; with fixing on, their fixes are
/// applied to the files they target (read, or created), and the rules run again
/// on the result until nothing more is fixed.
pub(super) fn project_pass(catalog: &Catalog, opts: &CheckOptions, files: &mut Vec<FileResult>) {
    let mut facts = ProjectFacts {
        files: files
            .iter()
            .filter_map(|f| {
                Some(FileSettings {
                    path: f.path.clone(),
                    root: f.root.clone(),
                    format: f.format?,
                    clients: f.clients.clone(),
                    text: f.current_text()?.to_string(),
                    settings: f.settings.clone(),
                })
            })
            .collect(),
        chosen_region: opts.lint.region.clone(),
    };
    for path in project::companions(catalog, &facts) {
        if let Some(companion) = read_companion(catalog, opts, &path) {
            facts.files.push(companion);
        }
    }
    let applicable = |d: &Diagnostic| {
        opts.fix.is_some_and(|include_unsafe| {
            d.fix.as_ref().is_some_and(|f| include_unsafe || f.applicability == Applicability::Safe)
        })
    };
    let same = |a: &Diagnostic, b: &Diagnostic| a.path == b.path && a.span == b.span && a.code == b.code;
    // Findings of the last round left unfixed, and those whose fix could not be applied.
    let mut pending: Vec<Diagnostic> = Vec::new();
    let mut failed: Vec<Diagnostic> = Vec::new();
    for round in 0..MAX_PROJECT_PASSES {
        let found = filter(opts, without_suppressed(files, &facts, project::check(catalog, &facts)));
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
            return;
        }
        for d in to_apply {
            if apply_elsewhere(catalog, opts, files, &mut facts, d.fix.as_ref().expect("filtered")) {
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

/// Drops the project findings that a `crlint: ignore` comment of their file
/// silences; an `ignore all` comment that silences one loses the CR001 the
/// per-file pass gave it.
fn without_suppressed(
    files: &mut [FileResult],
    facts: &ProjectFacts,
    found: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    found
        .into_iter()
        .filter(|d| {
            let Some(file) = facts.file(&d.path) else { return true };
            let comments =
                formats::parse(file.format, &file.text).map(|doc| doc.comments).unwrap_or_default();
            let Some(silencer) = suppress::silenced_by(&file.text, &comments, d) else { return true };
            if silencer.all {
                for f in files.iter_mut().filter(|f| f.path == d.path) {
                    f.diagnostics.retain(|x| !(x.code == "CR001" && x.span == silencer.span));
                }
            }
            false
        })
        .collect()
}

/// Puts a project finding with the findings of its file.
fn attach(files: &mut [FileResult], d: Diagnostic) {
    if let Some(file) = files.iter_mut().find(|f| f.path == d.path) {
        file.diagnostics.push(d);
        file.diagnostics.sort_by_key(|d| (d.span.start, d.code));
    }
}

/// Applies a fix whose edits target another file, in the report (a checked file's
/// fixed text, or a companion entry that will be written or created) and in the
/// facts. False when the target's text is not what the fix was computed on.
fn apply_elsewhere(
    catalog: &Catalog,
    opts: &CheckOptions,
    files: &mut Vec<FileResult>,
    facts: &mut ProjectFacts,
    fix: &Fix,
) -> bool {
    let Some(target) = &fix.target else { return false };
    let known = facts.files.iter().position(|f| f.path == target.path);
    let (old, format, clients) = match known {
        Some(i) => (facts.files[i].text.clone(), facts.files[i].format, facts.files[i].clients.clone()),
        None if target.create && !target.path.exists() => {
            let matched = catalog.clients_for_path(&target.path.to_string_lossy());
            let Some(&(_, format)) = matched.first() else { return false };
            (String::new(), format, matched.iter().map(|(c, _)| c.profile.id.clone()).collect())
        }
        None => return false,
    };
    let local = Fix { target: None, ..fix.clone() };
    let (new, taken, _) = apply_fixes(&old, &[&local]);
    if taken.is_empty() || new == old {
        return false;
    }
    let client_refs = clients_by_id(catalog, &clients);
    let settings = settings_of(catalog, format, &client_refs, &new);
    match files.iter_mut().find(|f| f.path == target.path) {
        Some(file) => {
            let facts_of_file = FileFacts { path: file.path.clone(), git_tracked: file.git_tracked };
            if file.fixed.is_none() {
                file.before_fix = file.diagnostics.clone();
            }
            file.diagnostics = filter(
                opts,
                lint_text(catalog, opts, &facts_of_file, &[(format, client_refs.clone())], &new),
            );
            file.fixed = (file.source.as_deref() != Some(new.as_str())).then(|| new.clone());
            file.settings = settings.clone();
        }
        None => {
            let mut file = FileResult::empty(target.path.clone(), false);
            file.source = Some(old.clone());
            file.fixed = Some(new.clone());
            file.format = Some(format);
            file.clients = clients.clone();
            file.settings = settings.clone();
            file.companion = true;
            file.creates = known.is_none();
            files.push(file);
        }
    }
    match known {
        Some(i) => {
            facts.files[i].text = new;
            facts.files[i].settings = settings;
        }
        None => facts.files.push(FileSettings {
            path: target.path.clone(),
            root: PathBuf::new(),
            format,
            clients,
            text: new,
            settings,
        }),
    }
    true
}

/// A file the project rules asked to see: its settings, when it exists, can be read,
/// and some profile knows it. Never reported on.
fn read_companion(catalog: &Catalog, opts: &CheckOptions, path: &Path) -> Option<FileSettings> {
    let text = read_text(path, opts.max_file_size).ok()?;
    let matched = catalog.clients_for_path(&path.to_string_lossy());
    let format = matched.first()?.1;
    let clients: Vec<&Client> = matched.iter().filter(|(_, f)| *f == format).map(|(c, _)| *c).collect();
    Some(FileSettings {
        path: path.to_path_buf(),
        // A companion belongs to whichever project asked for it.
        root: PathBuf::new(),
        format,
        clients: clients.iter().map(|c| c.profile.id.clone()).collect(),
        settings: settings_of(catalog, format, &clients, &text),
        text,
    })
}
