//! Settings: which entries of a parsed document are gateway settings, and what
//! each must look like. The client profile's key-path patterns (with wildcards
//! and conditions on sibling values) and the environment-variable table are
//! matched against the document's entries; the result names a role (base URL,
//! key, model, …), the shape a base URL must have, and the fact's source.
//! This module knows the catalog and the document model, not file formats.

use crate::catalog::{Catalog, Client, Condition, KeyPattern, Mark, Role, Shape};
use crate::document::{Document, Entry, Segment};

/// What a matched entry is for, whichever data row said so.
#[derive(Debug, Clone)]
pub struct SettingRule {
    pub client_id: String,
    pub client_name: String,
    /// The agent kind of the client (`agent`, `env`, …), from its profile.
    pub client_kind: String,
    pub role: Role,
    pub shape: Option<Shape>,
    pub protocol: Option<String>,
    pub slash_breaks: bool,
    /// FULL endpoints also accepted by a ROOT setting (LiteLLM's ANTHROPIC_API_BASE).
    pub accepts_full: bool,
    pub default_endpoint: Option<String>,
    /// The variable this legacy one stands for (OPENAI_API_BASE → OPENAI_BASE_URL).
    pub legacy_of: Option<String>,
    pub mark: Mark,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Setting<'d> {
    pub entry: &'d Entry,
    pub rule: SettingRule,
    /// The path of the object that holds this setting (`model_providers.crazy`),
    /// so that rules can find its siblings.
    pub group: Vec<Segment>,
}

/// The settings of `doc` for the given clients, in document order, one per entry.
pub fn find_settings<'d>(catalog: &Catalog, clients: &[&Client], doc: &'d Document) -> Vec<Setting<'d>> {
    let mut out: Vec<Setting<'d>> = Vec::new();
    for entry in &doc.entries {
        if let Some(setting) = clients.iter().find_map(|c| match_entry(catalog, c, doc, entry)) {
            out.push(setting);
        }
    }
    out
}

fn match_entry<'d>(
    catalog: &Catalog,
    client: &Client,
    doc: &Document,
    entry: &'d Entry,
) -> Option<Setting<'d>> {
    let group = entry.path[..entry.path.len().saturating_sub(1)].to_vec();
    for (pattern, spec) in &client.settings {
        let Some(captures) = pattern.matches(&entry.path) else { continue };
        if spec.when.iter().all(|c| condition_holds(doc, c, &captures)) {
            return Some(Setting {
                entry,
                group,
                rule: SettingRule {
                    client_id: client.profile.id.clone(),
                    client_name: spec.name.clone().unwrap_or_else(|| client.profile.name.clone()),
                    client_kind: client.profile.kind.clone(),
                    role: spec.role,
                    shape: spec.shape,
                    protocol: spec.protocol.clone(),
                    slash_breaks: spec.slash_breaks,
                    accepts_full: false,
                    default_endpoint: spec.default_endpoint.clone(),
                    legacy_of: None,
                    mark: spec.mark,
                    source: spec.source.clone(),
                },
            });
        }
    }
    let prefix = client.profile.env_vars_at.as_deref()?;
    let prefix_path: Vec<Segment> =
        if prefix.is_empty() { vec![] } else { KeyPattern::parse(prefix).ok()?.instantiate(&[])? };
    let (Segment::Key(name), true) = (entry.path.last()?, entry.path.len() == prefix_path.len() + 1) else {
        return None;
    };
    if entry.path[..prefix_path.len()] != prefix_path[..] {
        return None;
    }
    let var = catalog.env_variable(name)?;
    Some(Setting {
        entry,
        group,
        rule: SettingRule {
            client_id: client.profile.id.clone(),
            client_name: env_readers(&var.name, &var.read_by),
            client_kind: client.profile.kind.clone(),
            role: var.role,
            shape: var.shape,
            protocol: var.protocol.clone(),
            slash_breaks: false,
            accepts_full: var.accepts_full,
            default_endpoint: None,
            legacy_of: var.legacy_of.clone(),
            mark: var.mark,
            source: var.source.clone(),
        },
    })
}

/// "`OPENAI_BASE_URL` (read by OpenAI SDKs, Qwen Code, …)": short enough for a message.
fn env_readers(name: &str, read_by: &[String]) -> String {
    let mut readers = read_by.iter().take(2).cloned().collect::<Vec<_>>().join(", ");
    if read_by.len() > 2 {
        readers.push_str(", …");
    }
    format!("`{name}` (read by {readers})")
}

fn condition_holds(doc: &Document, cond: &Condition, captures: &[Segment]) -> bool {
    let value: Option<String> = if let Some(n) = cond.capture {
        captures.get(n - 1).map(|s| match s {
            Segment::Key(k) => k.clone(),
            Segment::Index(i) => i.to_string(),
        })
    } else {
        let Some(key) = &cond.key else { return false };
        let Some(path) = KeyPattern::parse(key).ok().and_then(|p| p.instantiate(captures)) else {
            return false;
        };
        doc.get(&path).map(|e| e.scalar.value.clone())
    };
    match value {
        None => cond.absent,
        Some(_) if cond.absent => false,
        Some(v) => {
            (cond.any_of.is_empty() || cond.any_of.contains(&v))
                && (cond.starts_with.is_empty() || cond.starts_with.iter().any(|p| v.starts_with(p.as_str())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats;

    fn settings_of(client_toml: &str, json: &str) -> Vec<(String, Option<Shape>)> {
        let clients = vec![("clients/t.toml".to_string(), client_toml.to_string())];
        let catalog = Catalog::from_sources(
            include_str!("../rules/gateway.toml"),
            include_str!("../rules/endpoints.toml"),
            include_str!("../rules/env.toml"),
            &clients,
        )
        .unwrap();
        let doc = formats::parse(crate::document::Format::Json, json).unwrap();
        let client = catalog.client("t").unwrap();
        find_settings(&catalog, &[client], &doc)
            .into_iter()
            .map(|s| (crate::document::display_path(&s.entry.path), s.rule.shape))
            .collect()
    }

    const CLIENT: &str = r#"
id = "t"
name = "T"
kind = "agent"
docs = "x"
[[files]]
glob = "**/t.json"
format = "json"
scope = "project"
[[settings]]
path = "provider.*.options.baseURL"
role = "base-url"
shape = "v1"
mark = "R"
source = "x"
[[settings.when]]
key = "provider.*.npm"
any_of = ["@ai-sdk/anthropic"]
[[settings]]
path = "provider.*.options.baseURL"
role = "base-url"
shape = "v1beta"
mark = "R"
source = "x"
[[settings.when]]
capture = 1
any_of = ["google"]
[[settings.when]]
key = "provider.*.npm"
absent = true
"#;

    #[test]
    fn conditions_on_siblings_and_captures_choose_the_shape() {
        let json = r#"{"provider": {
            "a": {"npm": "@ai-sdk/anthropic", "options": {"baseURL": "x"}},
            "google": {"options": {"baseURL": "y"}},
            "google2": {"options": {"baseURL": "z"}},
            "other": {"npm": "@ai-sdk/openai", "options": {"baseURL": "w"}}
        }}"#;
        assert_eq!(
            settings_of(CLIENT, json),
            vec![
                ("provider.a.options.baseURL".to_string(), Some(Shape::V1)),
                ("provider.google.options.baseURL".to_string(), Some(Shape::V1beta)),
            ]
        );
    }
}
