//! A setting's value constraints, as the client's data states them
//! (`[settings.expect]` in `rules/clients/<id>.toml`): "this setting must be one
//! of these values" (or "none of these", "must not be there at all", "must name
//! a key of that table", "must not be set beside that sibling"), else the code
//! and message the data names; or a note said wherever the setting is judged.
//! Codex's `wire_api = "chat"` (CR402), its legacy profiles (CR406), its
//! reserved provider ids (CR407), the top-level `base_url` it ignores (CR408), a
//! `model_provider` naming no table (CR409), Claude Code's two keys (CR410) and
//! Open WebUI's first-start-only variables (CR411) are such constraints.
//!
//! Judged only where the gateway is concerned: a setting whose provider object
//! (or, with `scope = "file"`, whose file; with `scope = "value"`, whose own
//! value) points at the gateway or a look-alike; other providers are not
//! crlint's business. A `fix` value is a safe fix, proposed as the corrected value.

use std::collections::HashSet;

use super::FileFacts;
use crate::catalog::{Catalog, Expect, ExpectScope, KeyPath, Role, Subject};
use crate::codes::{Code, Severity};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Segment};
use crate::fix::{Applicability, Proposal};
use crate::settings::{DecidedBy, Setting};

pub fn check(_catalog: &Catalog, file: &FileFacts, doc: &Document, settings: &[Setting]) -> Vec<Diagnostic> {
    // The providers whose base URL is on the gateway, gathered once: a scan of
    // every setting per constrained setting was quadratic in a file of thousands
    // of providers.
    let gateway_scopes: HashSet<&[Segment]> = settings
        .iter()
        .filter(|b| b.rule.role == Role::BaseUrl && b.on_gateway())
        .map(|b| b.scope.as_slice())
        .collect();
    let mut reported: HashSet<(&[Segment], &str)> = HashSet::new();
    let mut out = Vec::new();
    for s in settings {
        for expect in &s.rule.expect {
            let Some(code) = Code::parse(&expect.code) else { continue };
            let judged = match expect.scope {
                ExpectScope::Provider => gateway_scopes.contains(s.scope.as_slice()),
                ExpectScope::File => !gateway_scopes.is_empty(),
                ExpectScope::Value => s.on_gateway(),
                ExpectScope::Image => s.on_gateway() && s.rule.decided_by == Some(DecidedBy::Image),
            };
            let value = match expect.subject {
                Subject::Value => s.entry.scalar.value.as_str(),
                Subject::Provider => s.provider_id.as_deref().unwrap_or_default(),
            };
            if !judged || holds(expect, value, s, doc) {
                continue;
            }
            if expect.once_per_provider && !reported.insert((s.scope.as_slice(), expect.code.as_str())) {
                continue;
            }
            let fill = |template: &str| {
                template
                    .replace("{client}", &s.rule.client_name)
                    .replace("{value}", value)
                    .replace("{provider}", s.provider_id.as_deref().unwrap_or("…"))
                    .replace("{fix}", expect.fix.as_deref().unwrap_or(""))
                    .replace("{sibling}", expect.conflicts_with.as_deref().unwrap_or(""))
            };
            let mut d = Diagnostic::new(
                code,
                file.path.clone(),
                s.entry.scalar.content.clone(),
                crate::redact::redact(&fill(crate::i18n::pick(
                    &expect.message,
                    expect.message_zh.as_deref(),
                ))),
            );
            if let Some(severity) = expect.severity.as_deref().and_then(Severity::parse) {
                d.severity = severity;
            }
            d.help = expect.help.as_deref().map(|h| fill(crate::i18n::pick(h, expect.help_zh.as_deref())));
            let proposal = expect
                .fix
                .as_deref()
                .map(|f| Proposal::replace(Applicability::Safe, &s.entry.scalar, s.part_of_value, f));
            out.push(d.with_proposal(proposal));
        }
    }
    out
}

/// The value meets the constraint.
fn holds(expect: &Expect, value: &str, s: &Setting, doc: &Document) -> bool {
    if expect.absent || expect.note {
        return false;
    }
    if let Some(table) = &expect.names_key_of {
        return expect.builtin.iter().any(|b| b == value) || names_a_key(doc, table, value);
    }
    if let Some(sibling) = &expect.conflicts_with {
        let mut path = s.group.clone();
        path.push(Segment::Key(sibling.clone()));
        return !doc.entries.iter().any(|e| e.path == path && !e.scalar.value.trim().is_empty());
    }
    if !expect.one_of.is_empty() {
        return expect.one_of.iter().any(|v| v == value);
    }
    !expect.none_of.iter().any(|v| v == value)
}

/// Some entry of `doc` lies under `table.<key>` (a table with at least one value).
fn names_a_key(doc: &Document, table: &str, key: &str) -> bool {
    let Some(mut prefix) = KeyPath::parse(table).ok().and_then(|p| p.instantiate(&[])) else {
        return false;
    };
    prefix.push(Segment::Key(key.to_string()));
    doc.entries.iter().any(|e| e.path.starts_with(&prefix))
}
