//! `crlint setup CLIENT`: what to write for one client (the `[setup]` section of
//! `rules/clients/<client>.toml` filled with the chosen region, model and key
//! variable), merged into the files that exist without losing anything
//! (`fix::merge`), shown as a diff or written with a backup (`fix::write`). A
//! second run finds nothing to change.
//!
//! Not for: prompting, linting or probing what was written (the command layer
//! does that, with `check` and `doctor`).

use std::path::PathBuf;

use similar::TextDiff;

use crate::catalog::{fill_template as fill, Catalog, Client, KeyPath, Scope, SetupSpec};
use crate::fix::merge::{self, Assignment, NewValue};
use crate::fix::write::{write_fixed, WriteOptions};
use crate::git::GitIndex;
use crate::machine_paths::Places;
use crate::probe::Secret;
use crate::redact::redact;

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
pub struct Plan<'c> {
    pub client: &'c Client,
    pub setup: &'c SetupSpec,
    pub scope: Scope,
    pub files: Vec<PlannedFile>,
    /// Things the user should know (a skipped value, where the key must come from).
    pub notes: Vec<String>,
    /// The key, when a file of the plan holds it: masked in every diff.
    pub secret: Option<Secret>,
}

/// The client `crlint setup` can write, by id.
pub fn client<'c>(catalog: &'c Catalog, id: &str) -> Result<(&'c Client, &'c SetupSpec), String> {
    catalog.setup_clients().find(|(c, _)| c.profile.id == id).ok_or_else(|| {
        let ids: Vec<&str> = catalog.setup_clients().map(|(c, _)| c.profile.id.as_str()).collect();
        crate::tr!("setup.no_setup", client = format!("{id:?}"), ids = ids.join(", "))
    })
}

/// Works out every file's new text; writes nothing.
pub fn plan<'c>(catalog: &'c Catalog, request: &SetupRequest, places: &Places) -> Result<Plan<'c>, String> {
    let (client, setup) = client(catalog, &request.client)?;
    let name = &client.profile.name;
    let scopes: Vec<Scope> =
        setup.files.iter().filter(|f| f.applies_on(places.os)).map(|f| f.scope).collect();
    let scope = match request.scope {
        Some(s) if scopes.contains(&s) => s,
        Some(s) => {
            return Err(crate::tr!("setup.no_scope", client = name, scope = format!("{s:?}").to_lowercase()))
        }
        None if scopes.contains(&Scope::User) => Scope::User,
        None => *scopes.first().ok_or_else(|| crate::tr!("setup.nothing_here", client = name))?,
    };
    if setup.needs_model && request.model.is_none() {
        return Err(crate::tr!("setup.needs_model", client = name));
    }
    let key_literal =
        std::env::var(&request.key_env).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    // The client's way of naming the variable: the first form of its syntax.
    let key_ref =
        setup.key.syntax.as_deref().and_then(|s| catalog.key_ref(s)).map(|s| s.write(&request.key_env));
    let family = setup.family(request.model.as_deref());
    let base_lookup = |name: &str| -> Option<String> {
        let root = format!("https://{}", request.host);
        match name {
            "base_root" => Some(root),
            "base_v1" => Some(format!("{root}/v1")),
            "base_v1beta" => Some(format!("{root}/v1beta")),
            "host" => Some(request.host.clone()),
            "model" => request.model.clone(),
            "key_env" => Some(request.key_env.clone()),
            "key_ref" => key_ref.clone(),
            "key_literal" => key_literal.clone(),
            _ => None,
        }
    };
    let lookup = |name: &str| -> Option<String> {
        base_lookup(name).or_else(|| {
            let template = family?.vars.get(name)?;
            crate::catalog::fill_template(template, &base_lookup)
        })
    };
    let mut notes = Vec::new();
    let mut files = Vec::new();
    let mut skipped_model = false;
    let mut holds_key = false;
    for target in setup.files.iter().filter(|f| f.scope == scope && f.applies_on(places.os)) {
        let path =
            places.expand(&target.path).ok_or_else(|| crate::tr!("setup.no_place", path = target.path))?;
        let before = read_existing(&path).map_err(|e| format!("{}: {e}", places.display(&path)))?;
        let mut assignments = Vec::new();
        for entry in &target.set {
            let value = match &entry.value {
                toml::Value::String(t) => match fill(t, &lookup) {
                    Some(v) => NewValue::Text(v),
                    None if t.contains("{key_literal}") => {
                        notes.push(crate::tr!(
                            "setup.key_unset",
                            var = request.key_env,
                            path = places.display(&path)
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
            let path = KeyPath::parse(&entry.key).expect("checked at load");
            let Some(steps) = path.fill(&[], &lookup).as_ref().and_then(merge::steps_of) else { continue };
            assignments.push(Assignment { steps, value, if_absent: entry.if_absent });
        }
        if assignments.is_empty() {
            continue;
        }
        let after = merge::merge(target.format, before.as_deref().unwrap_or(""), &assignments)
            .map_err(|why| crate::tr!("setup.merge_failed", path = places.display(&path), why = why))?;
        if target.private {
            holds_key = true;
            let why = match &target.private_why {
                Some(why) => why.clone(),
                None => crate::tr!("setup.no_env", client = name),
            };
            notes.push(crate::tr!("setup.holds_key", path = places.display(&path), why = why));
        }
        files.push(PlannedFile { path, before, after, private: target.private });
    }
    if skipped_model {
        notes.push(crate::tr!("setup.no_model"));
    }
    match &setup.key.variable {
        None if key_literal.is_some() => notes.push(crate::tr!("setup.key_from", var = request.key_env)),
        None => notes.push(crate::tr!("setup.key_from_unset", var = request.key_env)),
        Some(var) => {
            let set = std::env::var_os(var).is_some_and(|v| !v.is_empty());
            notes.push(if set {
                crate::tr!("setup.key_only_env", client = name, var = var)
            } else {
                crate::tr!("setup.key_only_env_unset", client = name, var = var)
            });
        }
    }
    for export in &setup.export {
        let set = std::env::var_os(&export.variable).is_some_and(|v| !v.is_empty());
        if !set {
            notes.push(format!(
                "{var} is not written ({why}): export {var}=\"${key}\" in your shell profile",
                var = export.variable,
                why = export.why,
                key = request.key_env
            ));
        }
    }
    let secret = key_literal.filter(|_| holds_key).map(Secret::new);
    Ok(Plan { client, setup, scope, files, notes, secret })
}

/// The text of a file setup will merge into, read with the same care as `check`
/// (never a FIFO, a device or an unbounded read); `None` when it does not exist.
fn read_existing(path: &std::path::Path) -> Result<Option<String>, String> {
    match crate::read::read_text(path, 4 * 1024 * 1024) {
        Ok(text) => Ok(Some(text)),
        Err(crate::read::ReadFailure::Refused(r)) if r.is_not_found() => Ok(None),
        Err(why) => Err(why.to_string()),
    }
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
            done.push(crate::tr!("setup.already", path = shown));
            continue;
        }
        match &f.before {
            None => {
                if let Some(dir) = f.path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", places.display(dir)))?;
                }
                create(&f.path, f.after.as_bytes(), f.private).map_err(|e| format!("{shown}: {e}"))?;
                done.push(crate::tr!("setup.created", path = shown));
            }
            Some(before) => {
                let opts = WriteOptions {
                    backup: true,
                    in_git_work_tree: git.in_work_tree(&f.path),
                    private: f.private,
                };
                let backup = write_fixed(&f.path, before.as_bytes(), f.after.as_bytes(), opts)
                    .map_err(|e| e.to_string())?;
                done.push(match backup {
                    Some(b) => crate::tr!("setup.updated_backup", path = shown, backup = places.display(&b)),
                    None => crate::tr!("setup.updated", path = shown),
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
