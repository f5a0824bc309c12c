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

use super::registry::rule;
use super::FileFacts;
use crate::catalog::{Catalog, Role, Shape};
use crate::diagnostic::{Diagnostic, Severity};
use crate::settings::Setting;
use crate::url::{classify_host, UrlParts};

/// Profiles of this kind rely on tool calls (see README, "Client kinds").
const AGENT_KIND: &str = "agent";

pub fn check(catalog: &Catalog, file: &FileFacts, settings: &[Setting]) -> Vec<Diagnostic> {
    let bases: Vec<&Setting> = settings
        .iter()
        .filter(|s| {
            s.rule.role == Role::BaseUrl
                && matches!(s.rule.shape, Some(Shape::V1 | Shape::Full))
                && s.rule.protocol.as_deref() == Some("openai")
                && s.rule.client_kind == AGENT_KIND
                && UrlParts::parse(s.entry.scalar.value.trim())
                    .is_some_and(|u| classify_host(catalog, &u.host).is_gateway_related())
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
        if !is_claude(name) {
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
        out.push(Diagnostic {
            code: "CR401",
            severity: rule("CR401").map_or(Severity::Warning, |r| r.severity),
            path: file.path.clone(),
            span: model.entry.scalar.content.clone(),
            message: format!(
                "{}: `{value}` is a Claude model behind an OpenAI-compatible provider (`{}`, over `/v1/chat/completions`): tool calls may fail",
                model.rule.client_name,
                base.entry.scalar.value.trim()
            ),
            help: Some(
                "serve Claude models through the client's Anthropic provider, on the gateway's `/v1/messages` route"
                    .into(),
            ),
            fix: None,
        });
    }
    out
}

/// `claude-…`, `anthropic/claude-…`, `openai/claude-…`: the last path segment names a Claude model.
fn is_claude(name: &str) -> bool {
    name.rsplit('/').next().is_some_and(|m| m.to_ascii_lowercase().starts_with("claude"))
}

#[cfg(test)]
mod tests {
    use super::is_claude;

    #[test]
    fn claude_model_names() {
        for yes in ["claude-sonnet-4-5", "anthropic/claude-opus-4", "Claude-3-5-Haiku", "openai/claude-x"] {
            assert!(is_claude(yes), "{yes}");
        }
        for no in ["gpt-4o", "claudette/gpt", "deepseek-chat", ""] {
            assert!(!is_claude(no), "{no}");
        }
    }
}
