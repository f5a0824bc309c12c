//! A switcher's store: the SQLite database in which CC Switch (and
//! claude-code-router 3.x) keep every provider the user saved, of which only
//! the active one is written out to the client's file. Each stored provider is
//! a document of the file it becomes (a Claude provider's JSON is a Claude
//! Code `settings.json`; a Codex provider's `config` string is a Codex
//! `config.toml`), so it is handed to the pipeline as an `embedded::Inner`
//! with a `Record` placement, and judged by the same client profiles as that
//! file. Which query, which app, which file: `[store]` in the switcher's
//! `rules/clients/<id>.toml` (`catalog::StoreSpec`).
//!
//! Nothing here ever writes: the database is opened read-only and immutable
//! (`?mode=ro&immutable=1`: no lock, no journal, no WAL checkpoint, so a
//! running app is never blocked and the file's bytes and mtime never change),
//! `PRAGMA query_only` is set on top. A database in WAL mode whose `-wal` holds
//! pages not yet checkpointed is copied (database and log, both read like any
//! untrusted file) into a private temporary directory and the copy is opened,
//! so the log is seen without touching the app's `-shm`. A hostile store (not
//! SQLite, truncated, corrupt, too large, a log without its database, a record
//! that is not JSON) is a `Failure` with the reason, never a panic.

mod sqlite;

use std::collections::BTreeMap;
use std::path::Path;

use crate::catalog::{StoreApp, StoreSpec};
use crate::document::Format;
use crate::embedded::{Inner, Placement};

pub use sqlite::{Failure, FailureKind};

/// One stored provider, as the store's query gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub app: String,
    pub id: String,
    pub name: String,
    pub document: String,
    /// The store's own "current" mark.
    pub current: bool,
}

/// What a store holds.
#[derive(Debug, Clone, Default)]
pub struct Contents {
    pub rows: Vec<Row>,
    /// App → the id of its active provider (the `active_file`'s choice when
    /// that id exists, else the row marked current).
    pub active: BTreeMap<String, String>,
}

/// Reads the rows of the store at `path`, read-only.
pub fn read(path: &Path, spec: &StoreSpec) -> Result<Contents, Failure> {
    let rows = sqlite::rows(path, spec)?;
    let chosen = spec.active_file.as_ref().and_then(|name| read_active_file(&path.with_file_name(name)));
    let mut active = BTreeMap::new();
    for app in &spec.apps {
        let of_app = |id: &str| rows.iter().any(|r| r.app == app.app && r.id == id);
        let named = app
            .active_key
            .as_ref()
            .and_then(|k| chosen.as_ref()?.get(k)?.as_str().map(str::to_string))
            .filter(|id| of_app(id));
        let marked = rows.iter().find(|r| r.app == app.app && r.current).map(|r| r.id.clone());
        if let Some(id) = named.or(marked) {
            active.insert(app.app.clone(), id);
        }
    }
    Ok(Contents { rows, active })
}

/// The JSON object of the switcher's own settings file, if it reads as one.
fn read_active_file(path: &Path) -> Option<serde_json::Map<String, serde_json::Value>> {
    let text = crate::read::read_text(path, 4 * 1024 * 1024).ok()?;
    match serde_json::from_str(&text).ok()? {
        serde_json::Value::Object(map) => Some(map),
        _ => None,
    }
}

/// A record that could not be made a document: its locator and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRecord {
    pub locator: String,
    pub reason: String,
}

/// The documents of a store's rows, for the apps the spec reads; `switcher`
/// names the app that keeps the store (for labels).
pub fn documents(spec: &StoreSpec, switcher: &str, contents: &Contents) -> (Vec<Inner>, Vec<BadRecord>) {
    let mut inners = Vec::new();
    let mut bad = Vec::new();
    for row in &contents.rows {
        let Some(app) = spec.apps.iter().find(|a| a.app == row.app) else { continue };
        let locator = locator(spec, row);
        match document_of(app, row) {
            Ok(Some(text)) => inners.push(Inner {
                text,
                placement: Placement::Record { locator },
                format: Some(app.format),
                file: Some(app.file.clone()),
                guard: vec![],
                label: format!("{switcher} provider \"{}\" (id {}) for {}", row.name, row.id, app.name),
            }),
            Ok(None) => {}
            Err(reason) => bad.push(BadRecord { locator, reason }),
        }
    }
    (inners, bad)
}

/// How a finding names a row.
pub fn locator(spec: &StoreSpec, row: &Row) -> String {
    spec.locator.replace("{app}", &row.app).replace("{id}", &row.id).replace("{name}", &row.name)
}

/// The text of the file a row becomes; `None` when the row holds nothing of it.
fn document_of(app: &StoreApp, row: &Row) -> Result<Option<String>, String> {
    let value: serde_json::Value = serde_json::from_str(&row.document)
        .map_err(|e| format!("the provider's settings are not JSON: {e}"))?;
    let value = match &app.take {
        None => value,
        Some(key) => match value.get(key) {
            None | Some(serde_json::Value::Null) => return Ok(None),
            Some(v) => v.clone(),
        },
    };
    let text = match (&value, app.format) {
        (serde_json::Value::String(text), _) => text.clone(),
        (serde_json::Value::Object(map), Format::Dotenv) => dotenv_lines(map),
        // JSON is JSON5, and YAML (flow style) too.
        (_, Format::Json | Format::Json5 | Format::Yaml) => match (&app.wrap, &app.wrap_list) {
            (Some(wrap), _) => pretty(&nest(wrap, serde_json::json!({ row.id.as_str(): value }))),
            (None, Some(list)) => pretty(&nest(list, serde_json::json!([value]))),
            // As stored: the findings quote what the user typed.
            (None, None) if app.take.is_none() => row.document.clone(),
            (None, None) => pretty(&value),
        },
        _ => return Err(format!("the provider's settings do not hold a {} document", app.format)),
    };
    Ok(Some(text))
}

/// `value` at the dot-separated key path `path` of an otherwise empty object.
fn nest(path: &str, value: serde_json::Value) -> serde_json::Value {
    path.rsplit('.').fold(value, |inner, key| serde_json::json!({ key: inner }))
}

fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).expect("a JSON value serializes")
}

/// An object's string values as `.env` lines (`KEY="value"`, JSON-escaped).
fn dotenv_lines(map: &serde_json::Map<String, serde_json::Value>) -> String {
    let mut out = String::new();
    for (key, value) in map {
        let value = match value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => continue,
            other => other.to_string(),
        };
        let plain =
            !value.is_empty() && value.chars().all(|c| c.is_ascii_graphic() && !"\"'#$\\`".contains(c));
        if plain {
            out.push_str(&format!("{key}={value}\n"));
        } else {
            out.push_str(&format!("{key}={}\n", serde_json::to_string(&value).expect("a string serializes")));
        }
    }
    out
}

#[cfg(test)]
mod tests;
