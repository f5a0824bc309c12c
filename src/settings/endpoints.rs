//! What to probe: the gateway base URLs a file configures, each with the shape
//! its client expects, the key the config names (`key_ref::KeyRef`: a literal, a
//! variable in a form its reader expands, Codex's `env_key`) and the models it
//! names. Read off the settings the lint already found, with no parse of its own;
//! turning a reference into a key happens at probe time.

use std::collections::HashMap;
use std::path::Path;

use super::key_ref::{self, KeyRef, Taken};
use super::Setting;
use crate::catalog::{Catalog, Role, Shape};
use crate::diagnostic::LineIndex;
use crate::document::Segment;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfiguredEndpoint {
    pub base_url: String,
    pub shape: Shape,
    pub key: KeyRef,
    pub models: Vec<String>,
    /// `path:line:col` of the base-URL value.
    pub origin: String,
}

/// The gateway base URLs among `settings` (values on API entries only: a value that
/// still needs a host fix is a lint finding, not something to probe).
pub fn configured_endpoints(
    catalog: &Catalog,
    path: &Path,
    text: &str,
    settings: &[Setting],
) -> Vec<ConfiguredEndpoint> {
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
    for s in settings {
        by_group.entry(s.group.as_slice()).or_default().push(s);
    }
    for base in settings.iter().filter(|s| s.rule.role == Role::BaseUrl && s.on_api_entry()) {
        let (line, col) = lines.line_col(base.entry.scalar.content.start);
        out.push(ConfiguredEndpoint {
            base_url: base.entry.scalar.value.trim().to_string(),
            shape: base.rule.shape.unwrap_or(Shape::V1),
            key: key_for(catalog, base, &by_group[base.group.as_slice()]),
            models: models.clone(),
            origin: format!("{}:{line}:{col}", path.display()),
        });
    }
    out
}

/// The key that goes with a base URL: a key setting of the same group and protocol
/// (or of no protocol), else the variable a `key-env` setting of the group names.
/// `group`: the settings of the base URL's group, in document order.
fn key_for(catalog: &Catalog, base: &Setting, group: &[&Setting]) -> KeyRef {
    let protocol_fits = |s: &&&Setting| {
        s.rule.protocol.is_none() || base.rule.protocol.is_none() || s.rule.protocol == base.rule.protocol
    };
    if let Some(k) = group
        .iter()
        .filter(protocol_fits)
        .find(|s| s.rule.role == Role::ApiKey && !s.entry.scalar.value.trim().is_empty())
    {
        return key_ref::read(catalog, &k.entry.scalar.value, Taken::Value, &k.rule.key_refs);
    }
    if let Some(k) = group.iter().find(|s| s.rule.role == Role::KeyEnv) {
        return key_ref::read(catalog, &k.entry.scalar.value, Taken::VariableName, &[]);
    }
    KeyRef::Nothing
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::formats;
    use crate::settings::{find_settings, Reader};

    fn endpoints(id: &str, format: Format, text: &str) -> Vec<ConfiguredEndpoint> {
        let catalog = Catalog::embedded().unwrap();
        let doc = formats::parse(format, text).unwrap();
        let reader = Reader::of(catalog.client(id).unwrap());
        let settings = find_settings(&catalog, &[reader], &doc, text);
        configured_endpoints(&catalog, Path::new(".env"), text, &settings)
    }

    #[test]
    fn a_dotenv_pairs_urls_with_keys_of_their_protocol() {
        let text = "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\nANTHROPIC_BASE_URL=https://cn.crazyrouter.com\nOPENAI_API_KEY=${CR_KEY}\nANTHROPIC_AUTH_TOKEN=${OTHER}\nFOREIGN_URL=https://x\n";
        let found = endpoints("dotenv", Format::Dotenv, text);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].shape, found[0].key.var()), (Shape::V1, Some("CR_KEY")));
        assert_eq!((found[1].shape, found[1].key.var()), (Shape::Root, Some("OTHER")));
        assert_eq!(found[1].origin, ".env:2:20");
    }

    #[test]
    fn codex_env_key_names_the_variable() {
        let text = "model = \"gpt-5\"\n[model_providers.cr]\nbase_url = \"https://api.crazyrouter.com/v1\"\nenv_key = \"CR_KEY\"\n";
        let found = endpoints("codex", Format::Toml, text);
        assert_eq!(found[0].key.var(), Some("CR_KEY"));
        assert_eq!(found[0].models, vec!["gpt-5".to_string()]);
    }

    #[test]
    fn continue_secrets_name_a_variable_for_the_probe_too() {
        let text = "models:\n  - provider: openai\n    apiBase: https://api.crazyrouter.com/v1\n    apiKey: ${{ secrets.CR_KEY }}\n    model: gpt-4o\n";
        let found = endpoints("continue", Format::Yaml, text);
        assert_eq!(found[0].key.var(), Some("CR_KEY"), "{:?}", found[0].key);
    }
}
