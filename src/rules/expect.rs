//! A setting's value constraints, as the client's data states them
//! (`[settings.expect]` in `rules/clients/<id>.toml`): "this setting must be one
//! of these values" (or "none of these", or "must not be there at all"), else
//! the code and message the data names. Codex's `wire_api = "chat"` (CR402) and
//! its legacy profiles (CR406) are such constraints.
//!
//! Judged only where the gateway is concerned: a setting whose provider object
//! (or, with `scope = "file"`, whose file) points a base URL at the gateway or a
//! look-alike; other providers are not crlint's business. A `fix` value is a safe
//! fix, proposed as the corrected value.

use std::collections::HashSet;

use super::FileFacts;
use crate::catalog::{Catalog, Expect, ExpectScope, Role};
use crate::codes::{Code, Severity};
use crate::diagnostic::Diagnostic;
use crate::document::Segment;
use crate::fix::{Applicability, Proposal};
use crate::settings::Setting;

pub fn check(_catalog: &Catalog, file: &FileFacts, settings: &[Setting]) -> Vec<Diagnostic> {
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
        let Some(expect) = &s.rule.expect else { continue };
        let Some(code) = Code::parse(&expect.code) else { continue };
        let judged = match expect.scope {
            ExpectScope::Provider => gateway_scopes.contains(s.scope.as_slice()),
            ExpectScope::File => !gateway_scopes.is_empty(),
        };
        let value = s.entry.scalar.value.as_str();
        if !judged || holds(expect, value) {
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
        };
        let mut d =
            Diagnostic::new(code, file.path.clone(), s.entry.scalar.content.clone(), fill(&expect.message));
        if let Some(severity) = expect.severity.as_deref().and_then(Severity::parse) {
            d.severity = severity;
        }
        d.help = expect.help.as_deref().map(fill);
        let proposal = expect
            .fix
            .as_deref()
            .map(|f| Proposal::replace(Applicability::Safe, &s.entry.scalar, s.part_of_value, f));
        out.push(d.with_proposal(proposal));
    }
    out
}

/// The value meets the constraint.
fn holds(expect: &Expect, value: &str) -> bool {
    if expect.absent {
        return false;
    }
    if !expect.one_of.is_empty() {
        return expect.one_of.iter().any(|v| v == value);
    }
    !expect.none_of.iter().any(|v| v == value)
}
