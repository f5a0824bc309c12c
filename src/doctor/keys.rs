//! Which key a client would send, from the key value that won: a literal, a
//! reference (`${VAR}`, `$VAR`, `{env:VAR}`, Continue's `${{ secrets.VAR }}`), a
//! setting that names the variable (Codex `env_key`), or a helper command that
//! only prints a variable (`printenv VAR`, `echo $VAR`). A variable is looked up
//! in this process, then in the shell start-up files, then in the client's secret
//! files. Helper commands are never run.
//!
//! Not for: printing keys. What leaves this room is a `Secret` and a description
//! that names variables and files, never a key.

use std::path::PathBuf;

use crate::document::{Format, Segment};
use crate::formats;
use crate::places::Places;
use crate::probe::Secret;
use crate::probe_targets::{key_reference, KeySource};

use super::data::Take;
use super::environment::Environment;
use super::sources::Candidate;

#[derive(Debug, Clone)]
pub struct ResolvedKey {
    pub secret: Option<Secret>,
    /// For people: `$CRAZYROUTER_API_KEY → sk-ab…wxyz (environment)`, `… (not set)`.
    pub description: String,
}

pub fn resolve(
    candidate: &Candidate,
    env: &Environment,
    secret_files: &[PathBuf],
    places: &Places,
) -> ResolvedKey {
    let secrets_only = continue_secret(candidate.text.trim()).is_some() && candidate.take == Take::Value;
    let var = match candidate.take {
        Take::EnvName => Some(candidate.text.trim().to_string()),
        Take::Helper => helper_variable(&candidate.text),
        Take::Value => match reference(candidate.text.trim()) {
            KeySource::Env(var) => Some(var),
            _ => None,
        },
    };
    let Some(var) = var else {
        if candidate.take == Take::Helper {
            return ResolvedKey {
                secret: None,
                description: format!("apiKeyHelper `{}` (a command; not run)", candidate.text.trim()),
            };
        }
        let secret = Secret::new(candidate.text.trim());
        return ResolvedKey { description: format!("{secret} (written as is)"), secret: Some(secret) };
    };
    let shown = match candidate.take {
        Take::Helper => format!("apiKeyHelper `{}`", candidate.text.trim()),
        Take::EnvName => format!("${var}"),
        Take::Value => candidate.text.trim().to_string(),
    };
    // Continue reads `${{ secrets.NAME }}` from its .env files only, not the environment.
    if let Some((value, set_by)) = env.lookup(&var).filter(|_| !secrets_only) {
        let from = match set_by {
            Some(a) if !env.process.contains_key(&var) => {
                format!("{}:{} (not in this shell)", places.display(&a.path), a.line)
            }
            Some(a) => format!("environment, from {}:{}", places.display(&a.path), a.line),
            None => "environment".to_string(),
        };
        let secret = Secret::new(value.trim());
        return ResolvedKey { description: format!("{shown} → {secret} ({from})"), secret: Some(secret) };
    }
    for file in secret_files {
        if let Some((value, line)) = dotenv_value(file, &var) {
            let secret = Secret::new(value.trim());
            let from = format!("{}:{line}", places.display(file));
            return ResolvedKey {
                description: format!("{shown} → {secret} ({from})"), secret: Some(secret)
            };
        }
    }
    ResolvedKey { secret: None, description: format!("{shown} → {var} is not set") }
}

/// Continue's `${{ secrets.NAME }}`, then the common references.
fn reference(value: &str) -> KeySource {
    match continue_secret(value) {
        Some(name) => KeySource::Env(name),
        None => key_reference(value),
    }
}

fn continue_secret(value: &str) -> Option<String> {
    let inner = value.strip_prefix("${{")?.strip_suffix("}}")?.trim();
    Some(inner.strip_prefix("secrets.")?.trim().to_string())
}

/// `printenv VAR`, `echo $VAR`, `echo "${VAR}"`: the variable; anything else: `None`.
fn helper_variable(command: &str) -> Option<String> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let var = match words.as_slice() {
        ["printenv", var] => var.to_string(),
        ["echo", word] | ["echo", "-n", word] => {
            let word = word.trim_matches('"');
            let word = word.strip_prefix('$')?;
            word.strip_prefix('{').and_then(|w| w.strip_suffix('}')).unwrap_or(word).to_string()
        }
        _ => return None,
    };
    (!var.is_empty() && var.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())).then_some(var)
}

fn dotenv_value(file: &std::path::Path, var: &str) -> Option<(String, usize)> {
    let text = crate::check::read_text(file, 1024 * 1024).ok()?;
    let doc = formats::parse(Format::Dotenv, &text).ok()?;
    let entry = doc.entries.iter().rev().find(|e| e.path == [Segment::Key(var.to_string())])?;
    Some((entry.scalar.value.clone(), crate::diagnostic::line_col(&text, entry.scalar.token.start).0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helper_commands_that_print_a_variable() {
        assert_eq!(helper_variable("printenv CR_KEY").as_deref(), Some("CR_KEY"));
        assert_eq!(helper_variable("echo \"${CR_KEY}\"").as_deref(), Some("CR_KEY"));
        assert_eq!(helper_variable("echo $CR_KEY").as_deref(), Some("CR_KEY"));
        assert_eq!(helper_variable("~/bin/get-key.sh"), None);
        assert_eq!(helper_variable("printenv A; curl x"), None);
    }

    #[test]
    fn continue_secrets_name_a_variable() {
        assert_eq!(reference("${{ secrets.CR_KEY }}"), KeySource::Env("CR_KEY".into()));
        assert_eq!(reference("{env:CR_KEY}"), KeySource::Env("CR_KEY".into()));
    }
}
