//! What to probe: the gateway base URLs a file configures, each with the shape
//! its client expects, the key the config names (a literal, or a variable:
//! `$VAR`, `${VAR}`, `{env:VAR}`, `os.environ/VAR`, Codex's `env_key`) and the
//! models it names. Built from the same settings the lint sees; turning key
//! references into keys happens at probe time, from the environment.

use std::collections::HashMap;
use std::path::Path;

use crate::catalog::{Catalog, Client, Role, Shape};
use crate::diagnostic::LineIndex;
use crate::document::{Format, Segment};
use crate::formats;
use crate::settings::{find_settings, Setting};
use crate::url::{classify_host, HostClass, UrlParts};

/// Where a probe's key comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// Written in the file (never printed).
    Literal(String),
    /// Named environment variable.
    Env(String),
    /// The config names none.
    Unnamed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfiguredEndpoint {
    pub base_url: String,
    pub shape: Shape,
    pub key: KeySource,
    pub models: Vec<String>,
    /// `path:line:col` of the base-URL value.
    pub origin: String,
}

/// The gateway base URLs `text` configures (values on API entries only: a value
/// that still needs a host fix is a lint finding, not something to probe).
pub fn configured_endpoints(
    catalog: &Catalog,
    path: &Path,
    format: Format,
    clients: &[&Client],
    text: &str,
) -> Vec<ConfiguredEndpoint> {
    let Ok(doc) = formats::parse(format, text) else { return vec![] };
    let settings = find_settings(catalog, clients, &doc, text);
    let models: Vec<String> = settings
        .iter()
        .filter(|s| s.rule.role == Role::Model && !s.entry.scalar.value.is_empty())
        .map(|s| s.entry.scalar.value.clone())
        .collect();
    let mut out = Vec::new();
    let lines = LineIndex::new(text);
    // Each group's settings, gathered once: a scan of every setting per base
    // URL was quadratic in a file of thousands of providers.
    let mut by_group: HashMap<&[Segment], Vec<&Setting>> = HashMap::new();
    for s in &settings {
        by_group.entry(s.group.as_slice()).or_default().push(s);
    }
    for base in settings.iter().filter(|s| s.rule.role == Role::BaseUrl) {
        let value = base.entry.scalar.value.trim();
        let Some(parts) = UrlParts::parse(value) else { continue };
        if !matches!(classify_host(catalog, &parts.host), HostClass::Entry { .. }) {
            continue;
        }
        let (line, col) = lines.line_col(base.entry.scalar.content.start);
        out.push(ConfiguredEndpoint {
            base_url: value.to_string(),
            shape: base.rule.shape.unwrap_or(Shape::V1),
            key: key_for(base, &by_group[base.group.as_slice()]),
            models: models.clone(),
            origin: format!("{}:{line}:{col}", path.display()),
        });
    }
    out
}

/// The key that goes with a base URL: a key setting of the same group and protocol
/// (or of no protocol), else the variable a `key-env` setting of the group names.
/// `group`: the settings of the base URL's group, in document order.
fn key_for(base: &Setting, group: &[&Setting]) -> KeySource {
    let protocol_fits = |s: &&&Setting| {
        s.rule.protocol.is_none() || base.rule.protocol.is_none() || s.rule.protocol == base.rule.protocol
    };
    if let Some(k) = group
        .iter()
        .filter(protocol_fits)
        .find(|s| s.rule.role == Role::ApiKey && !s.entry.scalar.value.trim().is_empty())
    {
        return key_reference(k.entry.scalar.value.trim());
    }
    if let Some(k) = group.iter().find(|s| s.rule.role == Role::KeyEnv) {
        return KeySource::Env(k.entry.scalar.value.trim().to_string());
    }
    KeySource::Unnamed
}

/// `$VAR`, `${VAR}`, `{env:VAR}`, `os.environ/VAR` → the variable; anything else is the key itself.
pub fn key_reference(value: &str) -> KeySource {
    let var = value
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| value.strip_prefix("{env:").and_then(|r| r.strip_suffix('}')))
        .or_else(|| value.strip_prefix("os.environ/"))
        .or_else(|| value.strip_prefix('$'));
    match var {
        Some(v) if !v.is_empty() && v.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) => {
            KeySource::Env(v.into())
        }
        _ => KeySource::Literal(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_references() {
        for (text, var) in [
            ("$A_KEY", "A_KEY"),
            ("${A_KEY}", "A_KEY"),
            ("{env:A_KEY}", "A_KEY"),
            ("os.environ/A_KEY", "A_KEY"),
        ] {
            assert_eq!(key_reference(text), KeySource::Env(var.into()));
        }
        assert_eq!(key_reference("sk-abc"), KeySource::Literal("sk-abc".into()));
    }

    #[test]
    fn a_dotenv_pairs_urls_with_keys_of_their_protocol() {
        let catalog = Catalog::embedded().unwrap();
        let text = "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\nANTHROPIC_BASE_URL=https://cn.crazyrouter.com\nOPENAI_API_KEY=${CR_KEY}\nANTHROPIC_AUTH_TOKEN=$OTHER\nFOREIGN_URL=https://x\n";
        let client = catalog.client("dotenv").unwrap();
        let found = configured_endpoints(&catalog, Path::new(".env"), Format::Dotenv, &[client], text);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].shape, &found[0].key), (Shape::V1, &KeySource::Env("CR_KEY".into())));
        assert_eq!((found[1].shape, &found[1].key), (Shape::Root, &KeySource::Env("OTHER".into())));
        assert_eq!(found[1].origin, ".env:2:20");
    }

    #[test]
    fn codex_env_key_names_the_variable() {
        let catalog = Catalog::embedded().unwrap();
        let text = "model = \"gpt-5\"\n[model_providers.cr]\nbase_url = \"https://api.crazyrouter.com/v1\"\nenv_key = \"CR_KEY\"\n";
        let client = catalog.client("codex").unwrap();
        let found = configured_endpoints(&catalog, Path::new("c.toml"), Format::Toml, &[client], text);
        assert_eq!(found[0].key, KeySource::Env("CR_KEY".into()));
        assert_eq!(found[0].models, vec!["gpt-5".to_string()]);
    }
}
