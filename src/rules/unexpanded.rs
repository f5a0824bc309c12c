//! CR503 unexpanded-key-reference: a key setting holding a key-reference form
//! (`${VAR}`, `$VAR`, `{env:VAR}`, …) that a client reading this file does not
//! expand there, so it sends the text itself as the key (R: Claude Code's
//! settings `env`, Gemini CLI's and Qwen Code's `.env`, Codex, OpenCode's
//! `${VAR}`). Which forms each reader expands in each file is data (`key_refs`
//! in `rules/clients/<id>.toml`); `settings::key_ref` reads a value with them.

use super::FileFacts;
use crate::catalog::{Catalog, Role};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::settings::key_ref::{forms_shown, unexpanded};
use crate::settings::{Setting, UrlFacts};

/// Only in a file that points at the gateway (as CR501): a config for another
/// provider is not crlint's to judge.
pub fn check(catalog: &Catalog, file: &FileFacts, doc: &Document, settings: &[Setting]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let points_at_gateway =
        doc.entries.iter().any(|e| UrlFacts::of(catalog, &e.scalar.value).is_some_and(|u| u.on_gateway()));
    if !points_at_gateway {
        return out;
    }
    for setting in settings.iter().filter(|s| s.rule.role == Role::ApiKey) {
        let value = setting.entry.scalar.value.trim();
        let owner = [(setting.rule.client_name.clone(), setting.rule.key_refs.clone())];
        let readers = if setting.key_readers.is_empty() { &owner[..] } else { &setting.key_readers[..] };
        let literal: Vec<&(String, Vec<String>)> =
            readers.iter().filter(|(_, forms)| unexpanded(catalog, value, forms).is_some()).collect();
        let Some((first, forms)) = literal.first() else { continue };
        let var =
            unexpanded(catalog, value, forms).and_then(|r| r.var().map(str::to_string)).unwrap_or_default();
        let names: Vec<&str> = literal.iter().map(|(n, _)| n.as_str()).collect();
        let (verb, sends) = if names.len() == 1 { ("does", "sends") } else { ("do", "send") };
        let message = format!(
            "{} {verb} not expand `{value}` here: {} this text as the key, not the value of `{var}`",
            names.join(" and "),
            if names.len() == 1 { format!("it {sends}") } else { format!("they {sends}") }
        );
        let expands = forms_shown(catalog, forms);
        let help = if expands.is_empty() {
            format!(
                "{first} reads no variable reference in this file: export `{var}` under the name the client \
                 reads, or use the client's own way to name it (`crlint setup` writes one)"
            )
        } else {
            format!("write a form {first} expands here: {}", expands.join(", "))
        };
        out.push(
            Diagnostic::new(Code::CR503, file.path.clone(), setting.entry.scalar.content.clone(), message)
                .with_help(help),
        );
    }
    out
}
