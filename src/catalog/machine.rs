//! The typed shape of a client's `[machine]` section: where the client looks on
//! a machine, highest precedence first, and what it reads there (what `crlint
//! doctor` follows). Loaded strictly; checked in `Catalog::from_sources`.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::types::{Mark, Os, Shape};
use crate::document::Format;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MachineSpec {
    /// Directories or files whose presence says the client is in use.
    #[serde(default)]
    pub detect: Vec<String>,
    /// Dotenv files `secret-files` key references are read from (Continue).
    #[serde(default)]
    pub secret_files: Vec<String>,
    pub values: Vec<ValueSpec>,
    /// Highest precedence first.
    pub sources: Vec<SourceSpec>,
    pub reads: BTreeMap<String, Vec<ReadSpec>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueRole {
    BaseUrl,
    Key,
    Model,
}

/// One value the doctor follows (a base URL, a key, a model).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueSpec {
    pub id: String,
    pub role: ValueRole,
    pub label: String,
    /// Base URLs, keys and models of one group go together (one probe per group).
    #[serde(default = "main_group")]
    pub group: String,
    #[serde(default)]
    pub shape: Option<Shape>,
    #[serde(default)]
    pub protocol: Option<String>,
    #[serde(default)]
    pub slash_breaks: bool,
    /// A base URL whose shape depends on a sibling setting (OpenClaw's `api`): no
    /// `shape` here; the file's lint settings judge it, and the probe reads the
    /// shape off the URL.
    #[serde(default)]
    pub shape_by_settings: bool,
    pub mark: Mark,
    pub source: String,
}

fn main_group() -> String {
    "main".into()
}

/// A place the client reads: one file, the first file found walking up, a file
/// named by a variable, or the environment (process and shell start-up files).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    pub label: String,
    #[serde(default)]
    pub path: Option<String>,
    /// Names looked for in the working directory and each parent, in this order per directory.
    #[serde(default)]
    pub walk: Vec<String>,
    /// Templates tried after the walk found nothing.
    #[serde(default)]
    pub fallback: Vec<String>,
    #[serde(default)]
    pub path_env: Option<String>,
    #[serde(default)]
    pub env: bool,
    #[serde(default)]
    pub os: Vec<Os>,
    #[serde(default)]
    pub format: Option<Format>,
    /// The name of a list in `reads`.
    pub reads: String,
    pub mark: Mark,
    pub source: String,
}

impl SourceSpec {
    pub fn applies_on(&self, os: Os) -> bool {
        self.os.is_empty() || self.os.contains(&os)
    }
}

/// How a value found is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Take {
    /// As written (a key may be a reference in one of the client's `key_refs` forms).
    #[default]
    Value,
    /// The value names the variable that holds the key (Codex `env_key`).
    EnvName,
    /// A command whose output is the key (Claude Code `apiKeyHelper`); never run.
    Helper,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadSpec {
    /// The id of a value of the section.
    pub value: String,
    /// A key path (`catalog::KeyPath`); `{name}` is another value of the same file,
    /// `{1}` what the base read's first wildcard matched.
    #[serde(default)]
    pub key: Option<String>,
    /// Instead of `key`: the variable the client reads, named by a template (`{1:env}_API_KEY`).
    #[serde(default)]
    pub env_var: Option<String>,
    #[serde(default)]
    pub take: Take,
    /// Reads of a lower tier (a higher number) count only after every read of tier 1.
    #[serde(default = "first_tier")]
    pub tier: u8,
    /// Taken only when the value starts with this (filled) prefix, which is removed.
    #[serde(default)]
    pub strip_prefix: Option<String>,
}

fn first_tier() -> u8 {
    1
}
