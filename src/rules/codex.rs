//! CR402 codex-wire-api-chat: current Codex refuses `wire_api = "chat"` at load
//! time (R 0.169.0). Judged only for a provider whose base URL is on the
//! gateway or a look-alike of it: other providers are not crlint's business.

use super::registry::rule;
use super::FileFacts;
use crate::catalog::{Catalog, Role};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
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
    for s in settings.iter().filter(|s| s.rule.role == Role::WireApi && s.entry.scalar.value == "chat") {
        let on_gateway = settings.iter().any(|b| {
            b.rule.role == Role::BaseUrl
                && b.group == s.group
                && UrlParts::parse(b.entry.scalar.value.trim())
                    .is_some_and(|u| classify_host(catalog, &u.host).is_gateway_related())
        });
        if !on_gateway {
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
