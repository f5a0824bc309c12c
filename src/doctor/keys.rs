//! Which key a client would send, from the key value that won: read with the one
//! key-reference resolver (`settings::key_ref`) in the forms the client expands,
//! a setting that names the variable (Codex `env_key`), or a helper command that
//! only prints a variable (`printenv VAR`, `echo $VAR`). A variable is looked up
//! where its form says: this process, then the shell start-up files
//! ("environment"), or the client's secret files. Helper commands are never run.
//! A variable's value that the send policy (`key_ref::SendPolicy`) withholds is
//! no key to probe with: the doctor says why, and probes without one.
//!
//! Not for: printing keys. What leaves this room is a `Secret` and a description
//! that names variables and files, never a key.

use std::path::PathBuf;

use crate::catalog::{Catalog, KeyLookup, Take};
use crate::document::{Format, Segment};
use crate::formats;
use crate::machine_paths::Places;
use crate::probe::Secret;
use crate::settings::key_ref::{self, Found, KeyRef, SendPolicy, Taken, Variables};

use super::environment::Environment;
use super::sources::Candidate;

#[derive(Debug, Clone)]
pub struct ResolvedKey {
    pub secret: Option<Secret>,
    /// Why a key that was found is not sent (`SendPolicy`).
    pub withheld: Option<String>,
    /// For people: `$CRAZYROUTER_API_KEY → sk-ab…wxyz (environment)`, `… (not set)`.
    pub description: String,
}

/// The doctor's view of the variables: the environment a new shell gets, and the
/// client's secret files.
pub struct DoctorVariables<'a> {
    pub env: &'a Environment,
    pub secret_files: &'a [PathBuf],
    pub places: &'a Places,
    /// Which of their values may be sent as a key.
    pub policy: &'a SendPolicy,
}

impl Variables for DoctorVariables<'_> {
    fn get(&self, place: KeyLookup, var: &str) -> Option<Found> {
        match place {
            KeyLookup::Environment => {
                let (value, set_by) = self.env.lookup(var)?;
                let from = match set_by {
                    Some(a) if !self.env.process.contains_key(var) => {
                        crate::tr!(
                            "doctor.not_in_shell",
                            at = format!("{}:{}", self.places.display(&a.path), a.line)
                        )
                    }
                    Some(a) => crate::tr!(
                        "doctor.env_from",
                        at = format!("{}:{}", self.places.display(&a.path), a.line)
                    ),
                    None => crate::tr!("doctor.environment"),
                };
                Some(Found { value: value.trim().to_string(), from })
            }
            KeyLookup::SecretFiles => self.secret_files.iter().find_map(|file| {
                let (value, line) = dotenv_value(file, var)?;
                Some(Found {
                    value: value.trim().to_string(),
                    from: format!("{}:{line}", self.places.display(file)),
                })
            }),
        }
    }
}

/// The reference a candidate key value makes, in the forms `forms` the client expands.
pub fn reference(catalog: &Catalog, candidate: &Candidate, forms: &[String]) -> KeyRef {
    let taken = match candidate.take {
        Take::Value => Taken::Value,
        Take::EnvName => Taken::VariableName,
        Take::Helper => Taken::Command,
    };
    key_ref::read(catalog, &candidate.text, taken, forms)
}

pub fn resolve(
    catalog: &Catalog,
    candidate: &Candidate,
    forms: &[String],
    vars: &DoctorVariables,
) -> ResolvedKey {
    let text = candidate.text.trim();
    let r = reference(catalog, candidate, forms);
    let var = match &r {
        KeyRef::Var { name, .. } => name.clone(),
        KeyRef::Command(command) => {
            return ResolvedKey {
                secret: None,
                withheld: None,
                description: crate::tr!("doctor.key_helper", command = command),
            };
        }
        KeyRef::Literal(_) | KeyRef::Nothing => {
            let secret = Secret::new(text);
            return ResolvedKey {
                description: crate::tr!("doctor.key_literal", key = secret),
                secret: Some(secret),
                withheld: None,
            };
        }
    };
    let shown = match candidate.take {
        Take::Helper => format!("apiKeyHelper `{text}`"),
        Take::EnvName => format!("${var}"),
        Take::Value => text.to_string(),
    };
    match key_ref::resolve(&r, vars) {
        Some(found) => {
            let secret = Secret::new(found.value.trim());
            match vars.policy.vet(catalog, &r, &found) {
                Ok(()) => ResolvedKey {
                    description: format!("{shown} → {secret} ({})", found.from),
                    secret: Some(secret),
                    withheld: None,
                },
                Err(why) => ResolvedKey {
                    description: crate::tr!(
                        "doctor.key_withheld",
                        shown = shown,
                        from = found.from,
                        why = why
                    ),
                    secret: None,
                    withheld: Some(why),
                },
            }
        }
        None => ResolvedKey {
            secret: None,
            withheld: None,
            description: crate::tr!("doctor.key_var_unset", shown = shown, var = var),
        },
    }
}

fn dotenv_value(file: &std::path::Path, var: &str) -> Option<(String, usize)> {
    let text = crate::read::read_text(file, 1024 * 1024).ok()?;
    let doc = formats::count::attribute(file, || formats::parse(Format::Dotenv, &text)).ok()?;
    let entry = doc.entries.iter().rev().find(|e| e.path == [Segment::Key(var.to_string())])?;
    Some((entry.scalar.value.clone(), crate::diagnostic::line_col(&text, entry.scalar.token.start).0))
}
