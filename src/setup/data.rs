//! The typed shape of `rules/setup/*.toml`: for one client, the files `crlint
//! setup` writes per scope and OS, in which format, the values it sets (key
//! selectors with templates), and how the client takes its key. Loaded strictly.
//!
//! Templates: `{base_root}` (`https://host`), `{base_v1}`, `{base_v1beta}`,
//! `{host}`, `{model}`, `{key_env}` (the variable holding the key), `{key_ref}`
//! (the client's way of naming that variable, from `[key] ref`), `{key_literal}`
//! (the key itself: only in a user-level file marked `private`). `{{` and `}}`
//! stand for braces.
//!
//! Not for: merging into files (`setup::merge`).

use serde::Deserialize;

use crate::catalog::Mark;
use crate::document::Format;
use crate::places::Os;
use crate::selector::Selector;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/setup.rs"));
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupProfile {
    pub id: String,
    pub name: String,
    /// The client's provider entries are models: `--model` is required.
    #[serde(default)]
    pub needs_model: bool,
    pub key: KeySpec,
    pub files: Vec<TargetFile>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyStyle {
    /// The config names the variable (`ref`).
    Reference,
    /// The client reads one fixed variable (`variable`) and nothing in its config names it.
    ClientVariable,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySpec {
    pub style: KeyStyle,
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
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

/// Every setup profile embedded in the binary, in file-name order.
pub fn profiles() -> Result<Vec<SetupProfile>, String> {
    embedded::SETUP_FILES.iter().map(|(name, text)| load(name, text)).collect()
}

fn load(name: &str, text: &str) -> Result<SetupProfile, String> {
    let err = |m: String| format!("rules/setup/{name}: {m}");
    let profile: SetupProfile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
    if format!("{}.toml", profile.id) != name {
        return Err(err(format!("id {:?} does not match the file name", profile.id)));
    }
    match (profile.key.style, &profile.key.reference, &profile.key.variable) {
        (KeyStyle::Reference, Some(_), None) | (KeyStyle::ClientVariable, None, Some(_)) => {}
        _ => return Err(err("[key]: a reference needs `ref`, a client-variable needs `variable`".into())),
    }
    for file in &profile.files {
        if file.private && file.scope != Scope::User {
            return Err(err(format!("{}: only a user-level file may hold the key", file.path)));
        }
        for entry in &file.set {
            Selector::parse(&entry.key).map_err(err)?;
            if !matches!(
                entry.value,
                toml::Value::String(_) | toml::Value::Integer(_) | toml::Value::Boolean(_)
            ) {
                return Err(err(format!("{}: a value is a string, an integer or a boolean", entry.key)));
            }
            let literal = entry.value.as_str().is_some_and(|v| v.contains("{key_literal}"));
            if literal && !file.private {
                return Err(err(format!("{}: {{key_literal}} only in a `private` file", entry.key)));
            }
        }
    }
    Ok(profile)
}

/// `template` with `{name}` filled by `lookup` (`None` when one has no value) and
/// `{{`, `}}` as braces.
pub fn fill(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
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
    fn every_embedded_profile_loads() {
        let all = profiles().unwrap();
        assert!(all.iter().any(|p| p.id == "codex"));
    }

    #[test]
    fn templates_with_escaped_braces() {
        let lookup = |n: &str| (n == "key_env").then(|| "CR_KEY".to_string());
        assert_eq!(fill("${{{key_env}}}", &lookup).unwrap(), "${CR_KEY}");
        assert_eq!(fill("{{env:{key_env}}}", &lookup).unwrap(), "{env:CR_KEY}");
        assert_eq!(fill("${{{{ secrets.{key_env} }}}}", &lookup).unwrap(), "${{ secrets.CR_KEY }}");
        assert_eq!(fill("${key_env}", &lookup).unwrap(), "$CR_KEY");
        assert!(fill("{model}", &lookup).is_none());
    }
}
