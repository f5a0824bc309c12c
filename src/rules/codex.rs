//! CR402 codex-wire-api-chat: current Codex refuses `wire_api = "chat"` at load
//! time (R 0.169.0). Judged only for a provider whose base URL is on the
//! gateway or a look-alike of it: other providers are not crlint's business.
//!
//! CR406 codex-legacy-profile: profiles moved out of config.toml into
//! `<name>.config.toml` (R 0.169.0): a top-level `profile = "x"` stops every run,
//! a `[profiles.x]` table is ignored, and `--profile x` then fails to load. Judged
//! only in a file that points a base URL at the gateway.

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
    if !gateway_groups.is_empty() {
        out.extend(legacy_profiles(file, settings));
    }
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

/// CR406: the top-level `profile = "x"` (an error: Codex stops), and each
/// `[profiles.x]` table once, at its first setting (a warning: ignored until
/// `--profile x`, which then fails to load).
fn legacy_profiles(file: &FileFacts, settings: &[Setting]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: HashSet<&[Segment]> = HashSet::new();
    for s in settings.iter().filter(|s| s.rule.role == Role::LegacyProfile) {
        let name = s.rule.client_name.as_str();
        let (severity, message, help) = if s.group.is_empty() {
            let p = s.entry.scalar.value.as_str();
            (
                Severity::Error,
                format!("{name}: a `profile = \"{p}\"` line in config.toml is no longer supported, and the config fails to load"),
                format!("remove it; put the profile's settings in `{p}.config.toml` beside config.toml and run `codex --profile {p}`"),
            )
        } else {
            if !seen.insert(s.scope.as_slice()) {
                continue;
            }
            let p = s.provider_id.as_deref().unwrap_or("…");
            (
                rule("CR406").map_or(Severity::Warning, |r| r.severity),
                format!("{name}: `[profiles.{p}]` in config.toml is ignored, and `--profile {p}` fails to load the config"),
                format!("move these settings into `{p}.config.toml` beside config.toml (without the `[profiles.{p}]` header) and run `codex --profile {p}`"),
            )
        };
        out.push(Diagnostic {
            code: "CR406",
            severity,
            path: file.path.clone(),
            span: s.entry.scalar.content.clone(),
            message,
            help: Some(help),
            fix: None,
        });
    }
    out
}
