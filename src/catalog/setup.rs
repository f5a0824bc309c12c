//! The typed shape of a client's `[setup]` section: the files `crlint setup`
//! writes per scope and OS, in which format, the values it sets (key paths with
//! templates), and how the client takes its key. Loaded strictly.
//!
//! Templates: `{base_root}` (`https://host`), `{base_v1}`, `{base_v1beta}`,
//! `{host}`, `{model}`, `{key_env}` (the variable holding the key), `{key_ref}`
//! (the client's way of naming that variable: the first form of `[setup.key]
//! syntax` in `rules/key-refs.toml`), `{key_literal}` (the key itself: only in a
//! user-level file marked `private`). `{{` and `}}` stand for braces.

use serde::Deserialize;

use super::types::{Mark, Os};
use crate::document::Format;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupSpec {
    /// The client's provider entries are models: `--model` is required.
    #[serde(default)]
    pub needs_model: bool,
    pub key: KeySpec,
    pub files: Vec<TargetFile>,
    /// Key variables setup does not write, with why: a reader of the file would
    /// send a reference as written (`.env`'s `GEMINI_API_KEY`, which Gemini CLI
    /// reads with `dotenv.parse`). Setup tells the user to export each.
    #[serde(default)]
    pub export: Vec<ExportSpec>,
    /// The provider kind by the model's family (Qwen Code: a Claude model behind its
    /// `anthropic` provider, any other behind `openai`): the first family whose
    /// prefixes the model starts with (no prefixes: any model) gives its `vars`
    /// to the templates (`{provider}`, …).
    #[serde(default)]
    pub model_families: Vec<ModelFamily>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFamily {
    #[serde(default)]
    pub prefixes: Vec<String>,
    pub vars: std::collections::BTreeMap<String, String>,
    pub mark: Mark,
    pub source: String,
}

impl SetupSpec {
    /// The family `model` belongs to (case-insensitive prefixes).
    pub fn family(&self, model: Option<&str>) -> Option<&ModelFamily> {
        let model = model?.to_ascii_lowercase();
        self.model_families.iter().find(|f| {
            f.prefixes.is_empty() || f.prefixes.iter().any(|p| model.starts_with(&p.to_ascii_lowercase()))
        })
    }
}

/// A variable the user exports instead (see `SetupSpec::export`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportSpec {
    pub variable: String,
    pub why: String,
    pub mark: Mark,
    pub source: String,
}

/// How the client takes its key: in the form of a key-reference `syntax` its
/// config names, or from one fixed `variable` nothing in its config names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySpec {
    #[serde(default)]
    pub syntax: Option<String>,
    #[serde(default)]
    pub variable: Option<String>,
    pub mark: Mark,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    User,
    Project,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetFile {
    pub scope: Scope,
    pub path: String,
    #[serde(default)]
    pub os: Vec<Os>,
    pub format: Format,
    /// Holds the key itself: written owner-only (0600), and only at user scope.
    #[serde(default)]
    pub private: bool,
    /// Why the key itself must be in this file, said when it is written.
    #[serde(default)]
    pub private_why: Option<String>,
    pub set: Vec<SetEntry>,
    pub mark: Mark,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetEntry {
    pub key: String,
    pub value: toml::Value,
    /// Set only when the file has no value there yet (required boilerplate).
    #[serde(default)]
    pub if_absent: bool,
    pub mark: Mark,
    pub source: String,
}

impl TargetFile {
    pub fn applies_on(&self, os: Os) -> bool {
        self.os.is_empty() || self.os.contains(&os)
    }
}

/// `template` with `{name}` filled by `lookup` (`None` when one has no value) and
/// `{{`, `}}` as braces.
pub fn fill_template(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let Some(stripped) = tail.strip_prefix('{') {
            let close = stripped.find('}')?;
            out.push_str(&lookup(&stripped[..close])?);
            rest = &stripped[close + 1..];
        } else {
            out.push('}');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_with_escaped_braces() {
        let lookup = |n: &str| (n == "key_env").then(|| "CR_KEY".to_string());
        assert_eq!(fill_template("${{{key_env}}}", &lookup).unwrap(), "${CR_KEY}");
        assert_eq!(fill_template("{{env:{key_env}}}", &lookup).unwrap(), "{env:CR_KEY}");
        assert_eq!(fill_template("${{{{ secrets.{key_env} }}}}", &lookup).unwrap(), "${{ secrets.CR_KEY }}");
        assert_eq!(fill_template("${key_env}", &lookup).unwrap(), "$CR_KEY");
        assert!(fill_template("{model}", &lookup).is_none());
    }
}
