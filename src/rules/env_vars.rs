//! CR403 legacy-env-var: `OPENAI_API_BASE` (read by LangChain, LiteLLM, Aider)
//! without `OPENAI_BASE_URL` beside it: openai >= 1.0 ignores the old name and
//! silently talks to api.openai.com. Judged for values on the gateway only. The
//! unsafe fix adds the new variable beside the old one, with the corrected value.
//! Which variable is legacy, and of what, is data (`legacy_of` in rules/env.toml).

use super::registry::rule;
use super::{url_value, FileFacts, LintContext};
use crate::catalog::{Catalog, Role};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Segment};
use crate::fix::{insert, Applicability, Fix};
use crate::settings::Setting;
use crate::url::{classify_host, UrlParts};

pub fn check(
    catalog: &Catalog,
    ctx: &LintContext,
    file: &FileFacts,
    text: &str,
    doc: &Document,
    settings: &[Setting],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in settings.iter().filter(|s| s.rule.role == Role::BaseUrl) {
        let Some(new_name) = &s.rule.legacy_of else { continue };
        let value = s.entry.scalar.value.trim();
        let on_gateway =
            UrlParts::parse(value).is_some_and(|u| classify_host(catalog, &u.host).is_gateway_related());
        let mut sibling = s.group.clone();
        sibling.push(Segment::Key(new_name.clone()));
        if !on_gateway || doc.get(&sibling).is_some() {
            continue;
        }
        let corrected = url_value::analyse(catalog, ctx, s)
            .and_then(|f| f.corrected)
            .unwrap_or_else(|| value.to_string());
        let old_name = match s.entry.path.last() {
            Some(Segment::Key(k)) => k.clone(),
            _ => continue,
        };
        let fix = doc
            .entries
            .iter()
            .find(|e| e.path == s.entry.path && e.scalar.token == s.entry.scalar.token)
            .and_then(|e| insert::sibling_line(text, doc.format, &doc.entries, e, new_name, &corrected))
            .map(|edit| Fix::new(Applicability::Unsafe, edit));
        out.push(Diagnostic {
            code: "CR403",
            severity: rule("CR403").map_or(Severity::Warning, |r| r.severity),
            path: file.path.clone(),
            span: s.entry.scalar.content.clone(),
            message: format!(
                "`{old_name}` alone: openai >= 1.0 reads only `{new_name}` and would call api.openai.com instead of the gateway"
            ),
            help: Some(crate::redact::redact(&format!("add `{new_name}={corrected}` beside it"))),
            fix,
        });
    }
    out
}
