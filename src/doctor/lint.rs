//! The lint findings of the doctor's values. Files that exist are linted with the
//! check pipeline (what the clients' files in `rules/clients/` know), and a
//! value takes the findings at its span; a value no profile covers (an
//! environment variable, an rc export, a file no profile matches) is linted
//! alone, as a base-URL setting of the shape the client's `[machine]` section
//! gives it.
//!
//! Not for: choosing winners (`sources`) or deciding a client's status (`doctor`).

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::catalog::{Catalog, Client, Role, Take, ValueRole, ValueSpec};
use crate::codes::{Code, Severity};
use crate::diagnostic::{line_col, Diagnostic};
use crate::document::{Document, Entry, Format, Quote, Scalar, Segment};
use crate::machine_paths::Places;
use crate::outcome::Outcome;
use crate::redact::redact;
use crate::rules::{lint_document, FileFacts, LintContext};
use crate::settings::{Setting, SettingRule, UrlFacts};

use super::sources::{origin_text, Candidate, Origin};

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: Code,
    /// `error`, `warning`, `info`, or `note` (a key kept in a private file outside git).
    pub severity: String,
    pub at: String,
    pub message: String,
    #[serde(skip)]
    pub fails: bool,
}

/// The findings of one value: the check pipeline's at its span, else (no profile
/// covers it) the value linted alone as a setting of the doctor profile's shape.
pub(super) fn value_findings(
    catalog: &Catalog,
    client: &Client,
    spec: &ValueSpec,
    c: &Candidate,
    outcome: &Outcome,
    places: &Places,
    used: &mut Vec<(PathBuf, std::ops::Range<usize>)>,
) -> Vec<Finding> {
    if let (Origin::File { path, span, .. }, Take::Value) = (&c.origin, c.take) {
        if let Some(file) = outcome.file(path) {
            used.push((path.clone(), span.clone()));
            let text = file.current_text().unwrap_or_default();
            return file
                .diagnostics
                .iter()
                .filter(|d| overlaps(span, &d.span))
                .map(|d| finding(d, text, places, true))
                .collect();
        }
    }
    if spec.role != ValueRole::BaseUrl {
        return vec![];
    }
    let at = origin_text(&c.origin, places);
    lint_alone(catalog, client, spec, c.text.trim())
        .into_iter()
        .map(|d| Finding {
            code: d.code,
            severity: d.severity.as_str().into(),
            at: at.clone(),
            message: redact(&d.message),
            fails: d.severity >= Severity::Warning,
        })
        .collect()
}

/// Lints one value as the base-URL setting `spec` describes, whatever file it came from.
fn lint_alone(catalog: &Catalog, client: &Client, spec: &ValueSpec, value: &str) -> Vec<Diagnostic> {
    let doc = Document {
        format: Format::Dotenv,
        entries: vec![Entry {
            path: vec![Segment::Key(spec.label.clone())],
            scalar: Scalar {
                value: value.into(),
                token: 0..value.len(),
                content: 0..value.len(),
                quote: Quote::Bare,
            },
            key_span: None,
        }],
        comments: vec![],
    };
    let setting = Setting {
        entry: doc.entries[0].clone(),
        rule: SettingRule {
            client_id: client.profile.id.clone(),
            client_name: client.profile.name.clone(),
            client_kind: client.profile.kind.clone(),
            role: Role::BaseUrl,
            shape: spec.shape,
            protocol: spec.protocol.clone(),
            slash_breaks: spec.slash_breaks,
            accepts_full: false,
            also_accepts: vec![],
            default_endpoint: None,
            legacy_of: None,
            provider_ref: None,
            expect: vec![],
            key_refs: client.key_refs.clone(),
            root_is_base: false,
            prose: false,
            undecided: false,
            decided_by: None,
            mark: spec.mark,
            source: spec.source.clone(),
        },
        group: vec![],
        scope: vec![],
        provider_id: None,
        read_by: vec![client.profile.id.clone()],
        key_readers: vec![],
        part_of_value: false,
        url: UrlFacts::of(catalog, value),
        region_hint: None,
    };
    let facts = FileFacts { path: PathBuf::from(&spec.label), git_tracked: false };
    lint_document(catalog, &LintContext::default(), &facts, &doc, &[setting])
}

pub(super) fn finding(d: &Diagnostic, text: &str, places: &Places, fails: bool) -> Finding {
    // A file that could not be read has no line to point at.
    let at = if d.code == Code::CR902 {
        places.display(&d.path)
    } else {
        let (line, col) = line_col(text, d.span.start);
        format!("{}:{line}:{col}", places.display(&d.path))
    };
    // A key kept in an owner-only file outside git is where keys belong for
    // clients that cannot reference a variable: noted, not a failure.
    let private = d.code == Code::CR501 && is_private(&d.path);
    Finding {
        code: d.code,
        severity: if private { "note".into() } else { d.severity.as_str().into() },
        at,
        message: redact(&d.message),
        fails: fails && !private && d.severity >= Severity::Warning,
    }
}

#[cfg(unix)]
fn is_private(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).map(|m| m.permissions().mode()).unwrap_or(0o644);
    mode & 0o077 == 0 && !crate::git::GitIndex::default().in_work_tree(path)
}

#[cfg(not(unix))]
fn is_private(path: &Path) -> bool {
    !crate::git::GitIndex::default().in_work_tree(path)
}

pub(super) fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end || a.start == b.start
}
