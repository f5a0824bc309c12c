//! The typed shape of one client's file, `rules/clients/<id>.toml`: everything
//! crlint knows of that client. Its files and the settings it reads there (lint),
//! the value constraints and cross-file requirements its loader enforces, the
//! key-reference forms it expands, where it looks on a machine (`machine`, for
//! `crlint doctor`) and what `crlint setup` writes (`setup`). Loaded strictly.

use serde::Deserialize;

use super::machine::MachineSpec;
use super::setup::SetupSpec;
use super::store::{LinkSpec, StoreSpec};
use super::types::{Mark, Role, Shape};
use crate::document::Format;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientProfile {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub docs: String,
    /// The files the client reads; none for a client configured only by its
    /// environment (its variables are then read wherever variables are set).
    #[serde(default)]
    pub files: Vec<FileSpec>,
    #[serde(default)]
    pub user_files: Vec<UserFile>,
    #[serde(default)]
    pub settings: Vec<SettingSpec>,
    /// Key-path patterns (wildcards allowed; "" = the top level) under which every
    /// variable of `rules/env.toml` is looked for, with the variable's own role and
    /// shape: `[""]` for a dotenv file, `["services.*.environment"]` for compose.
    #[serde(default)]
    pub env_vars_at: Vec<String>,
    /// Patterns of lists whose items are `NAME=value` strings (compose's list form of
    /// `environment`): each item is read as the variable `NAME` under the pattern,
    /// with the value part's own bytes as its span.
    #[serde(default)]
    pub env_lists_at: Vec<String>,
    /// Patterns of lists of `{name: NAME, value: VALUE}` objects (Kubernetes `env`):
    /// each `value` is read as the variable `NAME` under the pattern.
    #[serde(default)]
    pub env_pairs_at: Vec<String>,
    /// Variables of `rules/env.toml` this client reads from its environment, for
    /// clients configured by environment only (Open WebUI, LobeChat). Checked at load.
    #[serde(default)]
    pub reads_env: Vec<String>,
    /// Container images that run this client (`ghcr.io/open-webui/open-webui`; no
    /// tag, `docker.io/` and `library/` implied): a compose service or Kubernetes
    /// container running one of them is read by this client (`env_readers`).
    #[serde(default)]
    pub images: Vec<String>,
    /// `name`s of the client's own `package.json`: a file of variables beside it
    /// is read by this client (NextChat's `.env` beside its `nextchat` package).
    #[serde(default)]
    pub packages: Vec<String>,
    /// Variables only this client reads: one of them set beside a variable several
    /// clients read with different shapes names this client as its reader.
    #[serde(default)]
    pub markers: Vec<String>,
    /// For files of environments (compose, Kubernetes): where the variables of one
    /// program are set (`at`, as in `env_vars_at`) and where the image that program
    /// runs is named (`image`, its wildcards bound to those `at` matched).
    #[serde(default)]
    pub env_readers: Vec<EnvReaderAt>,
    /// The key-reference forms (`rules/key-refs.toml`) the client expands in its
    /// key settings; `None`: the file's default list.
    #[serde(default)]
    pub key_refs: Option<Vec<String>>,
    /// What the client's loader needs in another file for a value of this file to
    /// work (Gemini CLI's API-key auth in `.gemini/settings.json`).
    #[serde(default)]
    pub requires: Vec<Requirement>,
    /// Where the client looks on a machine, highest precedence first (`crlint doctor`).
    #[serde(default)]
    pub machine: Option<MachineSpec>,
    /// What `crlint setup <id>` writes.
    #[serde(default)]
    pub setup: Option<SetupSpec>,
    /// A switcher's database of providers (`crate::store`): read read-only,
    /// each record judged as the file it becomes.
    #[serde(default)]
    pub store: Option<StoreSpec>,
    /// One-click import links the client opens (`crate::embedded::links`).
    #[serde(default)]
    pub links: Vec<LinkSpec>,
}

/// Where a program's variables are set and where its image is named.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvReaderAt {
    pub at: String,
    pub image: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSpec {
    pub glob: String,
    pub format: Format,
    pub scope: String,
    #[serde(default)]
    pub not_globs: Vec<String>,
    /// Top-level keys the document must have for this pattern to apply (LiteLLM's
    /// `model_list`, Kubernetes' `apiVersion` and `kind`): lets a profile claim
    /// "any YAML file" without claiming every YAML file.
    #[serde(default)]
    pub requires_key: Vec<String>,
    /// Breaks a tie between two profiles whose patterns are equally specific
    /// (higher first; default 0). See `Catalog::profiles_for_path`.
    #[serde(default)]
    pub priority: i32,
    /// The key-reference forms the client expands in this file, when they differ
    /// from the client's own list.
    #[serde(default)]
    pub key_refs: Option<Vec<String>>,
    /// People read or run this file; no client loads it (an install script, a
    /// guide): a part that does not parse is skipped rather than a CR901 that
    /// hides the rest.
    #[serde(default)]
    pub document: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserFile {
    pub path: String,
    #[serde(default)]
    pub dir_env: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingSpec {
    /// Key path pattern: `a.b`, `providers.*.base_url`, `models[*].apiBase`.
    pub path: String,
    /// Who reads this setting, for messages, when it is not the profile's name
    /// (a profile of SDK constructors names each SDK).
    #[serde(default)]
    pub name: Option<String>,
    pub role: Role,
    #[serde(default)]
    pub shape: Option<Shape>,
    #[serde(default)]
    pub protocol: Option<String>,
    /// For FULL settings: the endpoint written when the value is only a base.
    #[serde(default)]
    pub default_endpoint: Option<String>,
    /// The client concatenates without trimming: a trailing `/` breaks it (CR106).
    #[serde(default)]
    pub slash_breaks: bool,
    /// A ROOT setting that also takes a FULL endpoint (LiteLLM's anthropic `api_base`).
    #[serde(default)]
    pub accepts_full: bool,
    /// Other shapes the client takes as well (OpenClaw's `anthropic-messages` strips a
    /// trailing `/v1`: ROOT or V1): a value of one of them is not reported.
    #[serde(default)]
    pub also_accepts: Vec<Shape>,
    /// The value is a list of URLs joined by this separator; each part is checked on its own.
    #[serde(default)]
    pub separator: Option<String>,
    /// For a model setting: the value names its provider before this separator
    /// (OpenCode's `model = "<provider-id>/<model>"`), so it belongs to that provider.
    #[serde(default)]
    pub provider_ref: Option<String>,
    /// Conditions on sibling values; all must hold. The first matching spec for a path wins.
    #[serde(default)]
    pub when: Vec<Condition>,
    /// Tried only after the variables of `env.toml` (`env_vars_at`): a catch-all
    /// such as `assign.*` must not take a variable the table knows.
    #[serde(default)]
    pub fallback: bool,
    /// For a URL in text or code (`endpoint-url`): a console host with no path
    /// here is an API base someone configured, not a link to the website (a
    /// name or label says it is a base URL).
    #[serde(default)]
    pub root_is_base: bool,
    /// The URL stands in running prose: its fix is unsafe (the sentence around it
    /// may explain it, a person reviews the change).
    #[serde(default)]
    pub prose: bool,
    /// What the client's loader accepts for this setting; another value is a finding.
    /// One table (`[settings.expect]`) or several (`[[settings.expect]]`).
    #[serde(default, deserialize_with = "one_or_many")]
    pub expect: Vec<Expect>,
    pub mark: Mark,
    pub source: String,
}

/// A condition on another value of the same document. `key` is a path pattern whose
/// wildcards are bound, in order, to what the setting's own pattern matched
/// (`provider.*.npm` next to `provider.*.options.baseURL`); wildcards beyond those are
/// free: the condition holds when some value they reach satisfies it
/// (`Providers[*].transformer.use[*]` any_of `Anthropic`), and `absent` when none
/// exists. `capture = N` tests the N-th wildcard itself. `none_of` excludes values
/// (`capture = 1` none_of the built-in ids).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub capture: Option<usize>,
    #[serde(default)]
    pub any_of: Vec<String>,
    #[serde(default)]
    pub starts_with: Vec<String>,
    /// A value that holds must be none of these (Qwen Code's custom provider ids:
    /// any id but its built-in protocols).
    #[serde(default)]
    pub none_of: Vec<String>,
    #[serde(default)]
    pub ends_with: Vec<String>,
    #[serde(default)]
    pub absent: bool,
}

/// A constraint the client's loader puts on a setting: "must be one of these
/// values" (or "none of these", or "must not be there at all", or "must name a
/// key of that table", or "must not be set beside that sibling"), else `code`
/// with `message`; or a `note` said wherever the setting is judged. Judged only
/// where the setting's provider (or, with `scope = "file"`, its file; with
/// `scope = "value"`, its own value) points at the gateway.
///
/// Templates: `{client}` (the client's name), `{value}` (the value found, or the
/// provider id with `subject = "provider"`), `{provider}` (what the setting
/// path's first `*` matched), `{fix}`, `{sibling}` (`conflicts_with`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub code: String,
    #[serde(default)]
    pub one_of: Vec<String>,
    #[serde(default)]
    pub none_of: Vec<String>,
    /// The setting must not be there at all (a layout the client no longer loads).
    #[serde(default)]
    pub absent: bool,
    /// No constraint: `message` is said wherever the setting is judged (a fact the
    /// user should know about a value that is right: Open WebUI reads it once).
    #[serde(default)]
    pub note: bool,
    /// The value must name a key of this table of the same document
    /// (`model_provider` → `[model_providers.<value>]`), or be one of `builtin`.
    #[serde(default)]
    pub names_key_of: Option<String>,
    /// Values `names_key_of` accepts without a table (the client's built-ins).
    #[serde(default)]
    pub builtin: Vec<String>,
    /// A sibling key (in the same object) that must not be set beside this one.
    #[serde(default)]
    pub conflicts_with: Option<String>,
    /// What is judged: the value, or the provider id (the first `*` of the path).
    #[serde(default)]
    pub subject: Subject,
    /// The value a safe fix writes.
    #[serde(default)]
    pub fix: Option<String>,
    /// `error`, `warning` or `info`, when it differs from the code's default.
    #[serde(default)]
    pub severity: Option<String>,
    /// Report once per provider object (the path down to the first `*`), at its first setting.
    #[serde(default)]
    pub once_per_provider: bool,
    #[serde(default)]
    pub scope: ExpectScope,
    pub message: String,
    /// The Chinese twin of `message` (same placeholders; `tests/messages.rs`).
    #[serde(default)]
    pub message_zh: Option<String>,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub help_zh: Option<String>,
}

/// Where a base URL on the gateway must be for an `Expect` to be judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExpectScope {
    /// The setting's own provider object (its sibling base URL).
    #[default]
    Provider,
    /// Anywhere in the setting's file.
    File,
    /// The setting's own value (a URL the client ignores where it is written).
    Value,
    /// The setting's own value, where a container image names its reader (a server
    /// deployed from compose or Kubernetes: Open WebUI's first-start-only variables).
    Image,
}

/// What an `Expect` judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    /// The setting's value.
    #[default]
    Value,
    /// What the setting path's first `*` matched (Codex's reserved provider ids).
    Provider,
}

/// One table or an array of them.
fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Expect>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(Box<Expect>),
        Many(Vec<Expect>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(e) => vec![*e],
        OneOrMany::Many(v) => v,
    })
}

/// A cross-file requirement: a base URL this client reads, on the gateway, works
/// only when the companion file holds a setting of `role` equal to `equals`.
///
/// `companion` is `DIR/FILE`: for a value in a file inside a directory named `DIR`,
/// that directory's `FILE`; otherwise `DIR/FILE` beside the value's file. A missing
/// companion is reported only in the first case (elsewhere the client may not be in
/// use). The unsafe fix writes `equals` at `write` in the companion (creating it).
/// Templates: `{client}`, `{companion}` (its path), `{why}` (one of the three
/// `why_…` texts), `{found}` (the value the companion holds instead).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub code: String,
    pub companion: String,
    pub role: Role,
    pub equals: String,
    pub write: String,
    pub message: String,
    #[serde(default)]
    pub message_zh: Option<String>,
    pub help: String,
    #[serde(default)]
    pub help_zh: Option<String>,
    pub why_missing: String,
    #[serde(default)]
    pub why_missing_zh: Option<String>,
    pub why_unset: String,
    #[serde(default)]
    pub why_unset_zh: Option<String>,
    pub why_other: String,
    #[serde(default)]
    pub why_other_zh: Option<String>,
    pub mark: Mark,
    pub source: String,
}
