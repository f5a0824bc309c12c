//! `crlint setup CLIENT`: what to write for one client (`rules/setup/<client>.toml`
//! filled with the chosen region, model and key variable), merged into the files
//! that exist without losing anything (`merge`), shown as a diff or written with
//! a backup (`fix::write`). A second run finds nothing to change.
//!
//! Not for: prompting, linting or probing what was written (the command layer
//! does that, with `check` and `doctor`).

pub mod data;
pub mod merge;

use std::path::PathBuf;

use similar::TextDiff;

use crate::fix::write::{write_fixed, WriteOptions};
use crate::git::GitIndex;
use crate::places::Places;
use crate::probe::Secret;
use crate::redact::redact;
use crate::selector::Selector;

use data::{fill, KeyStyle, Scope, SetupProfile};
use merge::{Assignment, NewValue};

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct SetupRequest {
    pub client: String,
    pub scope: Option<Scope>,
    /// The gateway API host of the chosen region.
    pub host: String,
    pub model: Option<String>,
    /// The variable that holds the key.
    pub key_env: String,
}

#[derive(Debug, Clone)]
pub struct PlannedFile {
    pub path: PathBuf,
    /// `None` when the file does not exist yet.
    pub before: Option<String>,
    pub after: String,
    /// Holds the key itself: written owner-only.
    pub private: bool,
}

impl PlannedFile {
    pub fn changes(&self) -> bool {
        self.before.as_deref() != Some(self.after.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub profile: SetupProfile,
    pub scope: Scope,
    pub files: Vec<PlannedFile>,
    /// Things the user should know (a skipped value, where the key must come from).
    pub notes: Vec<String>,
    /// The key, when a file of the plan holds it: masked in every diff.
    pub secret: Option<Secret>,
}

pub fn profile(id: &str) -> Result<SetupProfile, String> {
    let all = data::profiles()?;
    let ids: Vec<String> = all.iter().map(|p| p.id.clone()).collect();
    all.into_iter()
        .find(|p| p.id == id)
        .ok_or_else(|| format!("no setup for {id:?}; one of: {}", ids.join(", ")))
}

/// Works out every file's new text; writes nothing.
pub fn plan(request: &SetupRequest, places: &Places) -> Result<Plan, String> {
    let profile = profile(&request.client)?;
    let scopes: Vec<Scope> =
        profile.files.iter().filter(|f| f.applies_on(places.os)).map(|f| f.scope).collect();
    let scope = match request.scope {
        Some(s) if scopes.contains(&s) => s,
        Some(s) => {
            return Err(format!(
                "{} has no {} scope on this OS",
                profile.name,
                format!("{s:?}").to_lowercase()
            ))
        }
        None if scopes.contains(&Scope::User) => Scope::User,
        None => {
            *scopes.first().ok_or_else(|| format!("{} has nothing to set up on this OS", profile.name))?
        }
    };
    if profile.needs_model && request.model.is_none() {
        return Err(format!("{}: give --model (its provider entries are models)", profile.name));
    }
    let key_literal =
        std::env::var(&request.key_env).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let key_ref = profile
        .key
        .reference
        .as_deref()
        .map(|r| fill(r, &|n| (n == "key_env").then(|| request.key_env.clone())));
    let lookup = |name: &str| -> Option<String> {
        let root = format!("https://{}", request.host);
        match name {
            "base_root" => Some(root),
            "base_v1" => Some(format!("{root}/v1")),
            "base_v1beta" => Some(format!("{root}/v1beta")),
            "host" => Some(request.host.clone()),
            "model" => request.model.clone(),
            "key_env" => Some(request.key_env.clone()),
            "key_ref" => key_ref.clone().flatten(),
            "key_literal" => key_literal.clone(),
            _ => None,
        }
    };
    let mut notes = Vec::new();
    let mut files = Vec::new();
    let mut skipped_model = false;
    let mut holds_key = false;
    for target in profile.files.iter().filter(|f| f.scope == scope && f.applies_on(places.os)) {
        let path =
            places.expand(&target.path).ok_or_else(|| format!("{}: no such place here", target.path))?;
        let before = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("{}: {e}", places.display(&path))),
        };
        let mut assignments = Vec::new();
        for entry in &target.set {
            let value = match &entry.value {
                toml::Value::String(t) => match fill(t, &lookup) {
                    Some(v) => NewValue::Text(v),
                    None if t.contains("{key_literal}") => {
                        notes.push(format!(
                            "{} is not set, so {} holds no key yet: set it and run setup again",
                            request.key_env,
                            places.display(&path)
                        ));
                        continue;
                    }
                    None => {
                        skipped_model = true; // no --model: the model entries wait
                        continue;
                    }
                },
                toml::Value::Integer(i) => NewValue::Integer(*i),
                toml::Value::Boolean(b) => NewValue::Bool(*b),
                _ => unreachable!("checked at load"),
            };
            let selector = Selector::parse(&entry.key).expect("checked at load");
            let Some(selector) = selector.fill(&lookup) else { continue };
            assignments.push(Assignment { steps: selector.steps, value, if_absent: entry.if_absent });
        }
        if assignments.is_empty() {
            continue;
        }
        let after = merge::merge(target.format, before.as_deref().unwrap_or(""), &assignments)
            .map_err(|why| format!("{}: {why}; nothing was written", places.display(&path)))?;
        if target.private {
            holds_key = true;
            let why = match &target.private_why {
                Some(why) => why.clone(),
                None => format!("{} cannot read it from the environment", profile.name),
            };
            notes.push(format!("{} holds the key itself ({why}): owner-only (0600)", places.display(&path)));
        }
        files.push(PlannedFile { path, before, after, private: target.private });
    }
    if skipped_model {
        notes.push("no --model given: the model is left as it is".into());
    }
    match profile.key.style {
        KeyStyle::Reference => notes.push(format!(
            "the key is read from ${}{}",
            request.key_env,
            if key_literal.is_some() { "" } else { " (not set in this shell)" }
        )),
        KeyStyle::ClientVariable => {
            let var = profile.key.variable.clone().unwrap_or_default();
            let set = std::env::var_os(&var).is_some_and(|v| !v.is_empty());
            notes.push(format!(
                "{} reads its key only from ${var} (environment){}",
                profile.name,
                if set { "" } else { ": export it in your shell profile" }
            ));
        }
    }
    let secret = key_literal.filter(|_| holds_key).map(Secret::new);
    Ok(Plan { profile, scope, files, notes, secret })
}

/// The unified diff of every change, redacted.
pub fn diff(plan: &Plan, places: &Places) -> String {
    let mut out = String::new();
    for f in plan.files.iter().filter(|f| f.changes()) {
        let name = places.display(&f.path);
        let old = f.before.as_deref().unwrap_or("");
        let old_name = if f.before.is_some() { name.clone() } else { "/dev/null".to_string() };
        let text = TextDiff::from_lines(old, &f.after)
            .unified_diff()
            .context_radius(3)
            .header(&old_name, &name)
            .to_string();
        out.push_str(&match &plan.secret {
            Some(secret) => secret.scrub(&text),
            None => redact(&text),
        });
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Writes every changed file: a new one created (its directory too), an existing
/// one atomically with a `.crlint-bak` backup outside git. Returns a line per file.
pub fn write(plan: &Plan, places: &Places) -> Result<Vec<String>, String> {
    let git = GitIndex::default();
    let mut done = Vec::new();
    for f in &plan.files {
        let shown = places.display(&f.path);
        if !f.changes() {
            done.push(format!("{shown}: already set up"));
            continue;
        }
        match &f.before {
            None => {
                if let Some(dir) = f.path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", places.display(dir)))?;
                }
                create(&f.path, f.after.as_bytes(), f.private).map_err(|e| format!("{shown}: {e}"))?;
                done.push(format!("{shown}: created"));
            }
            Some(before) => {
                let opts = WriteOptions {
                    backup: true,
                    in_git_work_tree: git.in_work_tree(&f.path),
                    holds_secret: f.private || !crate::redact::key_ranges(before).is_empty(),
                };
                let backup = write_fixed(&f.path, before.as_bytes(), f.after.as_bytes(), opts)
                    .map_err(|e| e.to_string())?;
                if f.private {
                    restrict(&f.path).map_err(|e| format!("{shown}: {e}"))?;
                }
                done.push(match backup {
                    Some(b) => format!("{shown}: updated (backup {})", places.display(&b)),
                    None => format!("{shown}: updated"),
                });
            }
        }
    }
    Ok(done)
}

fn create(path: &std::path::Path, bytes: &[u8], private: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    if private {
        restrict(path)?;
    }
    Ok(())
}

#[cfg(unix)]
fn restrict(path: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn restrict(_path: &std::path::Path) -> std::io::Result<()> {
    Ok(())
}
