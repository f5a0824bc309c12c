//! CR402 codex-wire-api-chat: current Codex refuses `wire_api = "chat"` at load
//! time (R 0.169.0). Judged only for a provider whose base URL is on the
//! gateway or a look-alike of it: other providers are not crlint's business.

use std::collections::HashSet;

use super::registry::rule;
use super::FileFacts;
use crate::catalog::{Catalog, Role};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Segment};
use crate::fix::{quote, Applicability, Fix};
use crate::settings::Setting;
use crate::url::{classify_host, UrlParts};

pub fn check(
    catalog: &Catalog,
    file: &FileFacts,
    text: &str,
    doc: &Document,
    settings: &[Setting],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The providers (groups) whose base URL is on the gateway, gathered once:
    // a scan of every setting per `wire_api` was quadratic in a file of
    // thousands of providers.
    let gateway_groups: HashSet<&[Segment]> = settings
        .iter()
        .filter(|b| {
            b.rule.role == Role::BaseUrl
                && UrlParts::parse(b.entry.scalar.value.trim())
                    .is_some_and(|u| classify_host(catalog, &u.host).is_gateway_related())
        })
        .map(|b| b.group.as_slice())
        .collect();
    for s in settings.iter().filter(|s| s.rule.role == Role::WireApi && s.entry.scalar.value == "chat") {
        if !gateway_groups.contains(s.group.as_slice()) {
            continue;
        }
        let fix = quote::replace_value(text, doc.format, &s.entry.scalar, "responses")
            .map(|edit| Fix::new(Applicability::Safe, edit));
        out.push(Diagnostic {
            code: "CR402",
            severity: rule("CR402").map_or(Severity::Error, |r| r.severity),
            path: file.path.clone(),
            span: s.entry.scalar.content.clone(),
            message: format!(
                "{}: `wire_api = \"chat\"` is no longer supported and the config fails to load; the gateway serves `/v1/responses`",
                s.rule.client_name
            ),
            help: Some("use `wire_api = \"responses\"`".into()),
            fix,
        });
    }
    out
}
