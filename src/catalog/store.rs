//! The typed shape of what a client's file says of a switcher's store and of
//! one-click import links (`[store]` and `[[links]]` in
//! `rules/clients/<id>.toml`): which query yields the stored providers, which
//! file each app's record becomes (so the profiles of that file judge it), and
//! how a link of a scheme becomes the document the app would build from it.
//! Data only; `crate::store` and `crate::embedded::links` do the reading.

use serde::Deserialize;

use super::types::Mark;
use crate::document::Format;

/// A switcher's database: one row per stored provider.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreSpec {
    /// The query, read-only, whose rows are `(app, id, name, document, current)`:
    /// the app the provider is for, its id and name, its JSON text, and whether
    /// the store marks it active (1/0).
    pub query: String,
    /// How a finding names a row: `{app}` and `{id}` are filled in.
    pub locator: String,
    /// A JSON file beside the database whose keys name each app's active
    /// provider (`StoreApp::active_key`), winning over the `current` column when
    /// the id it names exists.
    #[serde(default)]
    pub active_file: Option<String>,
    /// Databases larger than this are not opened (CR902).
    #[serde(default = "default_max_bytes")]
    pub max_bytes: u64,
    /// The apps whose providers are read; a row of another app is listed by the
    /// doctor, not judged.
    pub apps: Vec<StoreApp>,
    /// What the app's user does to change a provider (the help of a finding).
    pub edit_hint: String,
    pub mark: Mark,
    pub source: String,
}

fn default_max_bytes() -> u64 {
    256 * 1024 * 1024
}

/// One app's providers in a store.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoreApp {
    /// The value of the query's app column.
    pub app: String,
    /// For people: "Claude Code".
    pub name: String,
    /// The file a provider of this app becomes, as a catalog path
    /// (`.claude/settings.json`): the profiles of that path judge the record.
    pub file: String,
    pub format: Format,
    /// The record's key whose value is the document: a string holding the
    /// file's text (Codex's `config`), or an object written as the file's lines
    /// (Gemini's `env` → `.env`). None: the record itself.
    #[serde(default)]
    pub take: Option<String>,
    /// The record is the value of `<wrap>.<id>` in the file (an OpenCode
    /// provider fragment becomes `provider.<id>`; `models.providers` nests).
    #[serde(default)]
    pub wrap: Option<String>,
    /// The record is the one item of the list at this key path (Hermes'
    /// `custom_providers[]`).
    #[serde(default)]
    pub wrap_list: Option<String>,
    /// The key of `StoreSpec::active_file` naming this app's active provider.
    #[serde(default)]
    pub active_key: Option<String>,
}

/// A one-click import link: `<scheme>://<path>?…`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkSpec {
    pub scheme: String,
    /// What follows `scheme://` up to the query (`v1/import`).
    pub path: String,
    /// Query parameters the link must have, with their values (`resource = "provider"`).
    #[serde(default)]
    pub requires: std::collections::BTreeMap<String, String>,
    /// The parameter naming the app the link targets; none: one app.
    #[serde(default)]
    pub app_param: Option<String>,
    /// Parameters that hold a list, with its separator: the app takes the first
    /// item (`endpoint = ","`: `endpoint=https://a,https://b` imports `https://a`).
    #[serde(default)]
    pub first_item: std::collections::BTreeMap<String, String>,
    pub apps: Vec<LinkApp>,
    pub mark: Mark,
    pub source: String,
}

/// How a link for one app becomes the document that app would get.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkApp {
    /// The value of `app_param` ("" when the link has no app parameter).
    #[serde(default)]
    pub app: String,
    /// For people: "Claude Code".
    pub name: String,
    /// The file the document stands for (a catalog path).
    pub file: String,
    pub format: Format,
    /// The document, with `{param}` holes filled by the query parameters
    /// (escaped for a JSON or TOML basic string); parameters in `params`.
    #[serde(default)]
    pub template: Option<String>,
    /// Parameter → the key path its value takes in the document.
    #[serde(default)]
    pub params: std::collections::BTreeMap<String, String>,
    /// A parameter holding the whole document as base64 (standard or URL-safe,
    /// padded or not); used when the template's parameters are absent.
    #[serde(default)]
    pub payload: Option<String>,
}
