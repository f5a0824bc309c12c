//! Which key a key setting names: the key itself, or a variable in one of the
//! key-reference forms of `rules/key-refs.toml` that its reader expands (`${VAR}`,
//! `{env:VAR}`, `${{ secrets.VAR }}`, `printenv VAR`, a bare name for Codex's
//! `env_key`, …), and where that variable is looked for. The one resolver that
//! `check --probe`, `crlint doctor` and `crlint setup` share: each brings its own
//! view of the variables (`Variables`).
//!
//! Not for: printing keys (callers hold them as `probe::Secret`), or deciding
//! which keys may be sent where (`probe::policy`).

use crate::catalog::{Catalog, KeyLookup};

/// What a key value names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyRef {
    /// Nothing: an empty value.
    Nothing,
    /// The key, written as is.
    Literal(String),
    /// A variable, named in `syntax`; looked for in `lookup` order.
    Var { name: String, syntax: String, lookup: Vec<KeyLookup> },
    /// A command whose output is the key and that names no variable crlint can tell; never run.
    Command(String),
}

impl KeyRef {
    /// The variable's name, for a reference.
    pub fn var(&self) -> Option<&str> {
        match self {
            KeyRef::Var { name, .. } => Some(name),
            _ => None,
        }
    }
}

/// How the value of a key setting is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// A key, or a reference in one of `forms`.
    Value,
    /// The name of the variable itself (Codex `env_key`).
    VariableName,
    /// A command whose output is the key (Claude Code `apiKeyHelper`).
    Command,
}

/// Reads `value` as `taken`, with the key-reference forms `forms` (syntax ids).
pub fn read(catalog: &Catalog, value: &str, taken: Taken, forms: &[String]) -> KeyRef {
    let value = value.trim();
    if value.is_empty() {
        return KeyRef::Nothing;
    }
    let found = |ids: &mut dyn Iterator<Item = &str>| {
        ids.filter_map(|id| catalog.key_ref(id)).find_map(|syntax| {
            syntax.variable(value).map(|name| KeyRef::Var {
                name: name.to_string(),
                syntax: syntax.id().to_string(),
                lookup: syntax.lookup().to_vec(),
            })
        })
    };
    match taken {
        Taken::Value => found(
            &mut forms
                .iter()
                .map(String::as_str)
                .filter(|id| catalog.key_ref(id).is_some_and(|s| !s.is_helper())),
        )
        .unwrap_or_else(|| KeyRef::Literal(value.to_string())),
        Taken::VariableName if crate::catalog::is_env_name(value) => KeyRef::Var {
            name: value.to_string(),
            syntax: "name".into(),
            lookup: vec![KeyLookup::Environment],
        },
        Taken::VariableName => KeyRef::Literal(value.to_string()),
        Taken::Command => {
            let mut helpers = catalog.key_refs.iter().filter(|s| s.is_helper()).map(|s| s.id());
            found(&mut helpers).unwrap_or_else(|| KeyRef::Command(value.to_string()))
        }
    }
}

/// A value its reader takes as written although it is in a key-reference form
/// some other reader expands (`${VAR}` in Claude Code's `env`, in Gemini CLI's
/// `.env`): the reference `value` would be with every form, when `forms` (the
/// forms the reader expands here) leave it a literal. The client then sends
/// the text itself, not the variable's value.
pub fn unexpanded(catalog: &Catalog, value: &str, forms: &[String]) -> Option<KeyRef> {
    if !matches!(read(catalog, value, Taken::Value, forms), KeyRef::Literal(_)) {
        return None;
    }
    let every: Vec<String> = catalog.key_refs.iter().map(|s| s.id().to_string()).collect();
    let as_reference = read(catalog, value, Taken::Value, &every);
    // A bare name is a reference only where a reader takes names (Pi's `apiKey`):
    // elsewhere it is a word, and a key that is a word is no reference.
    matches!(&as_reference, KeyRef::Var { syntax, .. } if syntax != "name").then_some(as_reference)
}

/// How a list of forms reads for people: `${VAR}`, `{env:VAR}`, ….
pub fn forms_shown(catalog: &Catalog, forms: &[String]) -> Vec<String> {
    forms
        .iter()
        .filter_map(|id| catalog.key_ref(id))
        .filter(|s| !s.is_helper())
        .map(|s| format!("`{}`", s.write("VAR")))
        .collect()
}

/// A view of the variables a reference may name.
pub trait Variables {
    /// The value of `var` in `place`, with where it was found (for people).
    fn get(&self, place: KeyLookup, var: &str) -> Option<Found>;
}

/// A variable's value and where it came from (`environment`, `~/.bashrc:3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub value: String,
    pub from: String,
}

/// The key `r` stands for: a literal as is, a variable from the first place of
/// its lookup order that has it. `None` when it names nothing there.
pub fn resolve(r: &KeyRef, vars: &dyn Variables) -> Option<Found> {
    match r {
        KeyRef::Literal(k) => Some(Found { value: k.clone(), from: "written as is".into() }),
        KeyRef::Var { name, lookup, .. } => lookup.iter().find_map(|place| vars.get(*place, name)),
        KeyRef::Nothing | KeyRef::Command(_) => None,
    }
}

/// Which keys may leave the machine. A config names a variable, and crlint
/// would send its value to the gateway: but the config may come from an
/// untrusted checkout, and the variable may be any secret of the environment a
/// CI job runs in (`env_key = "AWS_SECRET_ACCESS_KEY"`, `${GITHUB_TOKEN}`). So
/// a variable's value is sent only when it is a key in the gateway's format
/// (`rules/gateway.toml` `[key]`, not another vendor's key of that shape), or
/// when the variable is one the user chose: `--api-key-env NAME` or the
/// default (`CRAZYROUTER_API_KEY`). A key written into the config itself is
/// sent as it is (it is no secret of the environment).
#[derive(Debug, Clone)]
pub struct SendPolicy {
    /// Variables whose value is sent whatever it looks like.
    trusted: Vec<String>,
}

impl SendPolicy {
    /// The default variable, and `--api-key-env` when given.
    pub fn new(catalog: &Catalog, api_key_env: Option<&str>) -> SendPolicy {
        let mut trusted = vec![catalog.default_key_env().to_string()];
        trusted.extend(api_key_env.map(str::to_string));
        SendPolicy { trusted }
    }

    /// `Err(why)` when the key `found` for `r` must not be sent.
    pub fn vet(&self, catalog: &Catalog, r: &KeyRef, found: &Found) -> Result<(), String> {
        let KeyRef::Var { name, .. } = r else { return Ok(()) };
        if self.trusted.iter().any(|t| t == name) || is_gateway_key(catalog, &found.value) {
            return Ok(());
        }
        Err(format!(
            "${name} holds no gateway key (not in the gateway's key format): a variable a config names is sent only then, or when it is {} or the one --api-key-env names; probed without a key",
            catalog.default_key_env()
        ))
    }
}

/// `value` is, as a whole, a key in the gateway's format and not another
/// vendor's key of the same shape.
pub fn is_gateway_key(catalog: &Catalog, value: &str) -> bool {
    let value = value.trim();
    catalog.key_regex.find(value).is_some_and(|m| m.range() == (0..value.len()))
        && !catalog.gateway.key.foreign_markers.iter().any(|m| value.contains(m.as_str()))
}

/// This process's environment, and nothing else (the probe's view).
pub struct ProcessEnv;

impl Variables for ProcessEnv {
    fn get(&self, place: KeyLookup, var: &str) -> Option<Found> {
        if place != KeyLookup::Environment {
            return None;
        }
        let value = std::env::var(var).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())?;
        Some(Found { value, from: "environment".into() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(value: &str) -> Found {
        Found { value: value.into(), from: "environment".into() }
    }

    #[test]
    fn only_gateway_keys_or_chosen_variables_may_be_sent() {
        let catalog = Catalog::embedded().unwrap();
        let all: Vec<String> = catalog.key_refs.iter().map(|s| s.id().to_string()).collect();
        let policy = SendPolicy::new(&catalog, Some("MY_CR_KEY"));
        let key = format!("sk-{}", "a1B2".repeat(12));
        let var = |text: &str| read(&catalog, text, Taken::Value, &all);
        // Any secret of a CI environment, named by the checkout: withheld.
        for (r, value) in [
            (read(&catalog, "AWS_SECRET_ACCESS_KEY", Taken::VariableName, &[]), "wJalrXUtnFEMI/K7MDENG"),
            (var("${GITHUB_TOKEN}"), "ghp_0123456789abcdefghijklmnopqrstuvwxyz"),
            (var("{env:NPM_TOKEN}"), "npm_0123456789abcdef"),
            (read(&catalog, "printenv X", Taken::Command, &[]), "anything"),
            // Another vendor's key of the gateway's shape (OpenAI's legacy marker).
            (var("$OPENAI_API_KEY"), "sk-T3BlbkFJ0123456789012345678901234567890123456789"),
            // The format, but not the whole value.
            (var("$K"), &format!("{key} trailing")),
        ] {
            let why = policy.vet(&catalog, &r, &found(value)).unwrap_err();
            assert!(why.contains("probed without a key"), "{r:?}: {why}");
        }
        // A gateway key from any variable; any value of a chosen variable; a literal.
        assert_eq!(policy.vet(&catalog, &var("${ANY_NAME}"), &found(&key)), Ok(()));
        assert_eq!(policy.vet(&catalog, &var("$MY_CR_KEY"), &found("not-a-key")), Ok(()));
        let default = format!("${}", catalog.default_key_env());
        assert_eq!(policy.vet(&catalog, &var(&default), &found("not-a-key")), Ok(()));
        assert_eq!(policy.vet(&catalog, &KeyRef::Literal("x".into()), &found("x")), Ok(()));
        // Without --api-key-env, that variable is nobody's choice.
        let plain = SendPolicy::new(&catalog, None);
        assert!(plain.vet(&catalog, &var("$MY_CR_KEY"), &found("not-a-key")).is_err());
    }

    #[test]
    fn one_reading_of_every_form() {
        let catalog = Catalog::embedded().unwrap();
        let all: Vec<String> = catalog.key_refs.iter().map(|s| s.id().to_string()).collect();
        let var = |v: &str| read(&catalog, v, Taken::Value, &all).var().map(String::from);
        for (text, name) in [
            ("$A_KEY", "A_KEY"),
            ("${A_KEY}", "A_KEY"),
            ("{env:A_KEY}", "A_KEY"),
            ("os.environ/A_KEY", "A_KEY"),
            ("${{ secrets.A_KEY }}", "A_KEY"),
        ] {
            assert_eq!(var(text).as_deref(), Some(name), "{text}");
        }
        assert_eq!(read(&catalog, "sk-abc", Taken::Value, &all), KeyRef::Literal("sk-abc".into()));
        // A command form is not a value form: `printenv X` as a key is the text itself.
        assert_eq!(read(&catalog, "printenv X", Taken::Value, &all), KeyRef::Literal("printenv X".into()));
        assert_eq!(read(&catalog, "printenv CR_KEY", Taken::Command, &[]).var(), Some("CR_KEY"));
        assert_eq!(read(&catalog, "echo \"${CR_KEY}\"", Taken::Command, &[]).var(), Some("CR_KEY"));
        assert_eq!(
            read(&catalog, "~/bin/key.sh", Taken::Command, &[]),
            KeyRef::Command("~/bin/key.sh".into())
        );
        assert_eq!(read(&catalog, "CR_KEY", Taken::VariableName, &[]).var(), Some("CR_KEY"));
        assert_eq!(read(&catalog, "  ", Taken::Value, &all), KeyRef::Nothing);
    }

    #[test]
    fn a_form_the_reader_does_not_expand_is_the_text_itself() {
        let catalog = Catalog::embedded().unwrap();
        let only_env_colon = vec!["env-colon".to_string()];
        assert_eq!(
            read(&catalog, "${CR_KEY}", Taken::Value, &only_env_colon),
            KeyRef::Literal("${CR_KEY}".into())
        );
    }

    #[test]
    fn lookup_follows_the_syntax_order() {
        struct Two;
        impl Variables for Two {
            fn get(&self, place: KeyLookup, var: &str) -> Option<Found> {
                let from = match place {
                    KeyLookup::Environment => "env",
                    KeyLookup::SecretFiles => "file",
                };
                Some(Found { value: format!("{var}@{from}"), from: from.into() })
            }
        }
        let catalog = Catalog::embedded().unwrap();
        let secrets = read(&catalog, "${{ secrets.K }}", Taken::Value, &["secrets".to_string()]);
        assert_eq!(resolve(&secrets, &Two).unwrap().from, "file");
        let brace = read(&catalog, "${K}", Taken::Value, &["dollar-brace".to_string()]);
        assert_eq!(resolve(&brace, &Two).unwrap().from, "env");
    }
}
