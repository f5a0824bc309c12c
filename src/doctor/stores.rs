//! The doctor's view of a switcher's store (CC Switch's database): every
//! provider it keeps, app by app, which one is active, the base URL each would
//! write, and what the lint says of each (the check pipeline read the store
//! with the other files; this only sorts its findings by record). Read-only,
//! like everything the doctor does; never probed (only the active provider is
//! in a client's file, and that file is the client's own report).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::lint::{finding, Finding};
use crate::catalog::{Client, Role, StoreSpec};
use crate::machine_paths::Places;
use crate::outcome::Outcome;
use crate::store;

#[derive(Debug, Clone, Serialize)]
pub struct StoreReport {
    /// Where the store is, for people (`~/.cc-switch/cc-switch.db`).
    pub path: String,
    pub apps: Vec<AppProviders>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppProviders {
    /// The store's name for the app (`claude`).
    pub app: String,
    /// For people: "Claude Code" (the app's own name when the rules know it).
    pub name: String,
    pub providers: Vec<StoredProvider>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoredProvider {
    pub id: String,
    pub name: String,
    pub active: bool,
    /// The base URL it would write (the first one its record holds).
    pub base_url: Option<String>,
    pub findings: Vec<Finding>,
}

/// The stores of `client` on this machine: the paths its `user_files` name
/// (a write-ahead log left without its database is named instead, to say so).
pub(super) fn paths(client: &Client, places: &Places) -> Vec<PathBuf> {
    if client.profile.store.is_none() {
        return vec![];
    }
    let mut out = Vec::new();
    for f in &client.profile.user_files {
        let Some(path) = places.expand(&f.path) else { continue };
        let mut wal = path.clone().into_os_string();
        wal.push("-wal");
        let wal = PathBuf::from(wal);
        if path.is_file() {
            out.push(path);
        } else if wal.is_file() {
            out.push(wal);
        }
    }
    out
}

/// What the check of `path` (in `outcome`) says of each stored provider, and
/// the findings about the store as a whole.
pub(super) fn report(
    client: &Client,
    spec: &StoreSpec,
    path: &Path,
    outcome: &Outcome,
    places: &Places,
) -> (Option<StoreReport>, Vec<Finding>) {
    let file = outcome.files.iter().find(|f| f.path == path);
    let diagnostics = file.map(|f| f.diagnostics.as_slice()).unwrap_or_default();
    let Ok(contents) = store::read(path, spec) else {
        let whole = diagnostics.iter().map(|d| finding(d, "", places, true)).collect();
        return (None, whole);
    };
    let name = &client.profile.name;
    let (inners, _) = store::documents(spec, name, &contents);
    let mut claimed = vec![false; diagnostics.len()];
    let mut apps: Vec<AppProviders> = Vec::new();
    for row in &contents.rows {
        let locator = store::locator(spec, row);
        let prefix = format!("{locator}: ");
        let findings: Vec<Finding> = diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| d.message.starts_with(&prefix))
            .map(|(i, d)| {
                claimed[i] = true;
                let mut f = finding(d, "", places, true);
                f.message = f.message.trim_start_matches(&prefix).to_string();
                f.at = format!("{} {}", places.display(path), locator_tail(&locator));
                f
            })
            .collect();
        let label =
            inners.iter().find(|i| i.placement.locator() == Some(locator.as_str())).map(|i| i.label.clone());
        let base_url = file.and_then(|f| {
            f.analysis
                .readings
                .iter()
                .filter(|r| r.embedded.is_some() && r.embedded == label)
                .flat_map(|r| r.settings.iter())
                .find(|s| s.rule.role == Role::BaseUrl)
                .map(|s| s.entry.scalar.value.clone())
        });
        let provider = StoredProvider {
            id: row.id.clone(),
            name: row.name.clone(),
            active: contents.active.get(&row.app) == Some(&row.id),
            base_url,
            findings,
        };
        match apps.iter_mut().find(|a| a.app == row.app) {
            Some(a) => a.providers.push(provider),
            None => apps.push(AppProviders {
                app: row.app.clone(),
                name: spec.apps.iter().find(|a| a.app == row.app).map_or(row.app.clone(), |a| a.name.clone()),
                providers: vec![provider],
            }),
        }
    }
    let whole = diagnostics
        .iter()
        .zip(&claimed)
        .filter(|(_, c)| !**c)
        .map(|(d, _)| finding(d, "", places, true))
        .collect();
    (Some(StoreReport { path: places.display(path), apps }), whole)
}

/// `providers[app_type=claude, id=p1].settings_config` out of a locator that
/// also names the provider.
fn locator_tail(locator: &str) -> &str {
    locator.rsplit(" at ").next().unwrap_or(locator)
}
