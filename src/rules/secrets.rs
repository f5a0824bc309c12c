//! CR501 hardcoded-api-key: a gateway key written into a file. An error when
//! git tracks the file (it is then shared with everyone who clones it), a
//! warning otherwise (a local `.env` is where keys often live, but still worth
//! knowing). The key is never printed: messages carry its masked form.
//!
//! A value counts as a gateway key when it has the gateway's key format and
//! either is an API-key setting or sits in a file that points at the gateway;
//! another vendor's key with the same outer pattern (OpenAI's legacy keys embed
//! `T3BlbkFJ`) is left alone.

use std::collections::HashSet;

use super::registry::rule;
use super::FileFacts;
use crate::catalog::{Catalog, Role};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Entry};
use crate::redact::mask;
use crate::settings::Setting;
use crate::url::{classify_host, UrlParts};

pub fn check(catalog: &Catalog, file: &FileFacts, doc: &Document, settings: &[Setting]) -> Vec<Diagnostic> {
    let file_points_at_gateway = doc.entries.iter().any(|e| {
        UrlParts::parse(e.scalar.value.trim())
            .is_some_and(|u| classify_host(catalog, &u.host).is_gateway_related())
    });
    let foreign = &catalog.gateway.key.foreign_markers;
    // The entries a client reads as an API key, by address: one look-up per
    // entry rather than a scan of every setting (quadratic in a file of keys).
    let key_entries: HashSet<*const Entry> = settings
        .iter()
        .filter(|s| s.rule.role == Role::ApiKey)
        .map(|s| std::ptr::from_ref(s.entry))
        .collect();
    let mut out = Vec::new();
    for entry in &doc.entries {
        let value = &entry.scalar.value;
        let Some(found) = catalog.key_regex.find(value) else { continue };
        if value.contains("://") || foreign.iter().any(|m| found.as_str().contains(m.as_str())) {
            continue; // a key inside a URL is CR502's business
        }
        let is_key_setting = key_entries.contains(&std::ptr::from_ref(entry));
        if !(is_key_setting || file_points_at_gateway) {
            continue;
        }
        let span = entry.scalar.content.clone();
        let (severity, tracked) = if file.git_tracked {
            (Severity::Error, " and git tracks this file")
        } else {
            (rule("CR501").map_or(Severity::Warning, |r| r.severity), "")
        };
        out.push(Diagnostic {
            code: "CR501",
            severity,
            path: file.path.clone(),
            span,
            message: format!("a gateway key (`{}`) is written into this file{tracked}", mask(found.as_str())),
            help: Some(
                "reference an environment variable instead (e.g. `${CRAZYROUTER_API_KEY}`), and rotate the key if it was shared"
                    .into(),
            ),
            fix: None,
        });
    }
    out
}
