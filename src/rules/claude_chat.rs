//! CR401 claude-over-chat-completions: a Claude model configured behind an
//! OpenAI-compatible provider (protocol `openai`, a `/v1` base or the full
//! `/v1/chat/completions` endpoint: the client will call chat completions) in an
//! agent client, on the gateway. The gateway's own
//! page says tool use by Claude models belongs on `/v1/messages`.
//!
//! Which models belong to which base URL is read off the settings, not a format:
//! a model setting belongs to a base URL when it sits inside the same provider
//! object (`Setting::scope`: `provider.crazy`, `models[2]`, `Providers[0]`), or when
//! its value names the provider by id (`model = "crazy/claude-sonnet-4-5"`, for a
//! setting with `provider_ref`).

use super::FileFacts;
use crate::catalog::{Catalog, Role, Shape};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::settings::Setting;

pub fn check(catalog: &Catalog, file: &FileFacts, settings: &[Setting]) -> Vec<Diagnostic> {
    // Which kinds of client rely on tool calls, which protocols are chat
    // completions, which models are Claude's: rules/checks.toml.
    let facts = &catalog.checks.claude_over_chat;
    let bases: Vec<&Setting> = settings
        .iter()
        .filter(|s| {
            s.rule.role == Role::BaseUrl
                && matches!(s.rule.shape, Some(Shape::V1 | Shape::Full))
                && s.rule.protocol.as_ref().is_some_and(|p| facts.protocols.contains(p))
                && facts.kinds.contains(&s.rule.client_kind)
                && s.on_gateway()
        })
        .collect();
    let mut out = Vec::new();
    for model in settings.iter().filter(|s| s.rule.role == Role::Model) {
        let value = model.entry.scalar.value.trim();
        let (provider, name) = match model.rule.provider_ref.as_deref().and_then(|sep| value.split_once(sep))
        {
            Some((p, n)) => (Some(p), n),
            None => (None, value),
        };
        if !is_claude(name, &facts.model_prefixes) {
            continue;
        }
        let Some(base) = bases.iter().find(|b| {
            b.rule.client_id == model.rule.client_id
                && match provider {
                    Some(p) => b.provider_id.as_deref() == Some(p),
                    None => model.scope.starts_with(&b.scope),
                }
        }) else {
            continue;
        };
        let message = crate::tr!(
            "rule.claude_over_chat",
            client = model.rule.client_name,
            value = value,
            base = base.entry.scalar.value.trim(),
            route =
                base.rule.protocol.as_ref().and_then(|p| catalog.protocols.get(p)).map_or("", String::as_str),
        );
        out.push(
            Diagnostic::new(Code::CR401, file.path.clone(), model.entry.scalar.content.clone(), message)
                .with_help(crate::i18n::pick(&facts.help, facts.help_zh.as_deref())),
        );
    }
    out
}

/// `claude-…`, `anthropic/claude-…`, `openai/claude-…`: the last path segment names a Claude model.
fn is_claude(name: &str, prefixes: &[String]) -> bool {
    let last = name.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    prefixes.iter().any(|p| last.starts_with(&p.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::is_claude;

    #[test]
    fn claude_model_names() {
        let prefixes = crate::catalog::Catalog::embedded().unwrap().checks.claude_over_chat.model_prefixes;
        for yes in ["claude-sonnet-4-5", "anthropic/claude-opus-4", "Claude-3-5-Haiku", "openai/claude-x"] {
            assert!(is_claude(yes, &prefixes), "{yes}");
        }
        for no in ["gpt-4o", "claudette/gpt", "deepseek-chat", ""] {
            assert!(!is_claude(no, &prefixes), "{no}");
        }
    }
}
