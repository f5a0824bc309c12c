//! A switcher's store through the pipeline: `crate::store` reads its rows
//! read-only and makes each stored provider the document of the file it
//! becomes; each is then read exactly like a document inside a file
//! (`embedded::read_one`: the profiles of that file, parse once, settings,
//! lint), its findings prefixed with the record's locator. Nothing is ever
//! written: a finding's help says what to change in the app that keeps the
//! store and offers the corrected value. A key stored there is where the app
//! keeps it (CR501 is not reported on a store); a store that cannot be read is
//! one CR902 (or CR901 when it is SQLite but does not read) with the reason.

use std::path::PathBuf;

use super::embedded::{read_one, InnerFindings};
use super::CheckOptions;
use crate::catalog::{Catalog, StoreSpec};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::fix::{Change, Proposal};
use crate::formats;
use crate::outcome::{Analysis, FileOutcome};
use crate::rules::FileFacts;
use crate::store::{self, FailureKind};

/// Lints every provider of the store at `facts.path`; `switcher` names the app.
pub(super) fn check_store(
    catalog: &Catalog,
    opts: &CheckOptions,
    facts: &FileFacts,
    switcher: &str,
    spec: &StoreSpec,
) -> FileOutcome {
    let path = &facts.path;
    let mut diagnostics = Vec::new();
    let mut analysis = Analysis::default();
    match store::read(path, spec) {
        Err(failure) => {
            let (code, what) = match failure.kind {
                FailureKind::Unreadable => (Code::CR902, "cannot be checked"),
                FailureKind::Malformed => (Code::CR901, "does not read as a store"),
            };
            let mut d = whole(facts, code, format!("{switcher}'s store {what}: {}", failure.reason));
            d.help = Some("crlint only reads a store, never repairs or writes it".into());
            diagnostics.push(d);
        }
        Ok(contents) => {
            let (inners, bad) = store::documents(spec, switcher, &contents);
            for b in bad {
                let mut d = whole(facts, Code::CR901, format!("{}: {}", b.locator, b.reason));
                d.help = Some(format!("{}: its settings must be valid JSON", spec.edit_hint));
                diagnostics.push(d);
            }
            let mut found = InnerFindings::default();
            for (n, inner) in inners.iter().enumerate() {
                let label = PathBuf::from(format!("{}#{}", path.display(), n + 1));
                formats::count::attribute(&label, || read_one(catalog, opts, facts, "", inner, &mut found));
            }
            for mut d in found.diagnostics {
                if d.code == Code::CR501 {
                    continue;
                }
                let change = d.proposal.take().map(|p| what_to_write(&p));
                d.fix = None;
                d.help = Some(match (change, d.help.take()) {
                    (Some(change), _) => format!("{}: {change}", spec.edit_hint),
                    (None, Some(help)) => format!("{}: {help}", spec.edit_hint),
                    (None, None) => spec.edit_hint.clone(),
                });
                diagnostics.push(d);
            }
            analysis.readings = found.readings;
            analysis.comments = found.comments;
        }
    }
    let diagnostics = opts.selection.apply(diagnostics);
    FileOutcome { diagnostics, analysis, ..FileOutcome::new(path.clone(), facts.git_tracked) }
}

/// A proposal in words, with the corrected value.
fn what_to_write(p: &Proposal) -> String {
    match &p.change {
        Change::Replace { scalar, part_of_value: false, value } => {
            format!("change `{}` to `{value}`", scalar.value)
        }
        Change::Replace { scalar, part_of_value: true, value } => {
            format!("in `{}`, write `{value}`", scalar.value)
        }
        Change::AddSibling { anchor, name, value } => {
            format!("beside `{}`, add `{name}` = `{value}`", crate::document::display_path(&anchor.path))
        }
        Change::SetElsewhere { path, steps: _, value, .. } => {
            format!("set `{value}` in {}", path.display())
        }
    }
}

/// A finding about the store as a whole (or a record of it: its message names the locator).
fn whole(facts: &FileFacts, code: Code, message: String) -> Diagnostic {
    Diagnostic::new(code, facts.path.clone(), 0..0, message)
}
