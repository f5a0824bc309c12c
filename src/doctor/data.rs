//! The typed shape of `rules/doctor/*.toml` (where each client looks, highest
//! precedence first, and what it reads there) and `rules/shells.toml` (the shell
//! start-up files), loaded strictly: unknown keys, unknown value ids, selectors
//! that do not parse and sources of no kind are load errors.
//!
//! Not for: reading the files those rules name (`doctor::sources`).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::catalog::{Mark, Shape};
use crate::document::Format;
use crate::places::Os;
use crate::selector::Selector;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/doctor.rs"));
}

const SHELLS_TOML: &str = include_str!("../../rules/shells.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoctorProfile {
    pub id: String,
    pub name: String,
    pub docs: String,
    /// Directories or files whose presence says the client is in use.
    #[serde(default)]
    pub detect: Vec<String>,
    /// Files `${{ secrets.NAME }}` references are read from (Continue).
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

/// How a value found is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Take {
    /// As written (a key may be a reference: `${VAR}`, `{env:VAR}`, `$VAR`).
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
    /// The id of a value of the profile.
    pub value: String,
    /// A selector; `{name}` is another value of the same file, `{1}` a capture of the base read.
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShellsFile {
    rc_files: Vec<RcFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RcFile {
    pub path: String,
    #[serde(default)]
    pub os: Vec<Os>,
    pub mark: Mark,
    pub source: String,
}

impl SourceSpec {
    pub fn applies_on(&self, os: Os) -> bool {
        self.os.is_empty() || self.os.contains(&os)
    }
}

impl RcFile {
    pub fn applies_on(&self, os: Os) -> bool {
        self.os.is_empty() || self.os.contains(&os)
    }
}

/// Every doctor profile embedded in the binary, in file-name order.
pub fn profiles() -> Result<Vec<DoctorProfile>, String> {
    embedded::DOCTOR_FILES.iter().map(|(name, text)| load(name, text)).collect()
}

/// The shell start-up files, in report order.
pub fn rc_files() -> Result<Vec<RcFile>, String> {
    let file: ShellsFile = toml::from_str(SHELLS_TOML).map_err(|e| format!("rules/shells.toml: {e}"))?;
    Ok(file.rc_files)
}

fn load(name: &str, text: &str) -> Result<DoctorProfile, String> {
    let err = |m: String| format!("rules/doctor/{name}: {m}");
    let profile: DoctorProfile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
    if format!("{}.toml", profile.id) != name {
        return Err(err(format!("id {:?} does not match the file name", profile.id)));
    }
    for v in &profile.values {
        if v.role == ValueRole::BaseUrl && v.shape.is_none() {
            return Err(err(format!("value {}: a base-url needs a shape", v.id)));
        }
    }
    for s in &profile.sources {
        let kinds = [s.path.is_some(), !s.walk.is_empty(), s.path_env.is_some(), s.env];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return Err(err(format!("source {:?}: give exactly one of path, walk, path_env, env", s.label)));
        }
        if !s.env && s.format.is_none() {
            return Err(err(format!("source {:?}: a file source needs a format", s.label)));
        }
        if !profile.reads.contains_key(&s.reads) {
            return Err(err(format!("source {:?}: no reads list {:?}", s.label, s.reads)));
        }
    }
    for (list, reads) in &profile.reads {
        for r in reads {
            if !profile.values.iter().any(|v| v.id == r.value) {
                return Err(err(format!("reads.{list}: unknown value {:?}", r.value)));
            }
            match (&r.key, &r.env_var) {
                (Some(k), None) => {
                    Selector::parse(k).map_err(err)?;
                }
                (None, Some(_)) => {}
                _ => return Err(err(format!("reads.{list}: give exactly one of key, env_var"))),
            }
        }
    }
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_profile_loads() {
        let profiles = profiles().unwrap();
        assert!(profiles.iter().any(|p| p.id == "claude-code"));
        assert!(rc_files().unwrap().iter().any(|r| r.path == "~/.bashrc"));
    }
}
