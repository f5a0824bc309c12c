//! CR501 hardcoded-api-key: a gateway key written into a file; CR502 key-in-url.
//! CR501: a gateway key written into a file. An error when
//! git tracks the file (it is then shared with everyone who clones it), a
//! warning otherwise (a local `.env` is where keys often live, but still worth
//! knowing). The key is never printed: messages carry its masked form.
//!
//! A value counts as a gateway key when it has the gateway's key format and
//! either is an API-key setting or sits in a file that points at the gateway;
//! another vendor's key with the same outer pattern (OpenAI's legacy keys embed
//! `T3BlbkFJ`) is left alone.

use super::FileFacts;
use crate::catalog::{Catalog, Role};
use crate::codes::{Code, Severity};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::redact::mask;
use crate::settings::{Setting, UrlFacts};

pub fn check(catalog: &Catalog, file: &FileFacts, doc: &Document, settings: &[Setting]) -> Vec<Diagnostic> {
    let file_points_at_gateway =
        doc.entries.iter().any(|e| UrlFacts::of(catalog, &e.scalar.value).is_some_and(|u| u.on_gateway()));
    let foreign = &catalog.gateway.key.foreign_markers;
    let mut out = Vec::new();
    for entry in &doc.entries {
        let value = &entry.scalar.value;
        if let Some(d) = key_in_url(catalog, file, entry) {
            out.push(d);
            continue;
        }
        let Some(found) = catalog.key_regex.find(value) else { continue };
        if value.contains("://") || foreign.iter().any(|m| found.as_str().contains(m.as_str())) {
            continue; // a key inside a URL is CR502's business
        }
        // The setting's entry is this entry (same path and span), a virtual entry with
        // its scalar (a Kubernetes `{name, value}` pair) or a part of it (a compose
        // item `OPENAI_API_KEY=sk-…` read as the variable).
        let is_key_setting = settings.iter().any(|s| {
            s.rule.role == Role::ApiKey
                && (s.entry.scalar.content == entry.scalar.content
                    || s.part_of_value
                        && entry.scalar.content.start <= s.entry.scalar.content.start
                        && s.entry.scalar.content.end <= entry.scalar.content.end)
        });
        if !(is_key_setting || file_points_at_gateway) {
            continue;
        }
        let span = entry.scalar.content.clone();
        let message = if file.git_tracked {
            crate::tr!("rule.key_written_tracked", key = mask(found.as_str()))
        } else {
            crate::tr!("rule.key_written", key = mask(found.as_str()))
        };
        let mut d = Diagnostic::new(Code::CR501, file.path.clone(), span, message)
            .with_help(crate::tr!("rule.key_written_help", var = catalog.default_key_env()));
        if file.git_tracked {
            d.severity = Severity::Error;
        }
        out.push(d);
    }
    out
}

/// CR502: a key in a gateway URL's query (`?key=sk-…`): URLs end up in logs,
/// shell history and proxies. Any key-like string in the query counts.
fn key_in_url(catalog: &Catalog, file: &FileFacts, entry: &crate::document::Entry) -> Option<Diagnostic> {
    let url = UrlFacts::of(catalog, &entry.scalar.value).filter(UrlFacts::on_gateway)?;
    let query = url.parts.query.as_deref()?;
    let key = crate::redact::key_ranges(query).into_iter().next().map(|r| query[r].to_string())?;
    let message = crate::tr!("rule.key_in_url", key = mask(&key));
    Some(
        Diagnostic::new(Code::CR502, file.path.clone(), entry.scalar.content.clone(), message)
            .with_help(crate::tr!("rule.key_in_url_help")),
    )
}
