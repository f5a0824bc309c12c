//! `crlint doctor`: the user-level view. For each client in use on this machine
//! it says which value the client will actually use (following that client's
//! precedence, the `[machine]` section of `rules/clients/<client>.toml`), where the value comes from
//! (`file:line:col`, the environment, a shell start-up file), what it shadows,
//! what the lint says about it, and whether the gateway answers (a probe of each
//! winning base URL with the key the client would send).
//!
//! Not for: changing anything (`crlint setup` and `check --fix` write), or
//! project-wide scans (`crlint check`).

pub mod environment;
mod examine;
mod keys;
mod lint;
pub mod report;
mod sources;
pub mod stores;

use serde::Serialize;

use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::machine_paths::Places;
use crate::pipeline::{check_paths, CheckOptions};
use crate::probe::{self, ProbeOptions, Secret};
use crate::settings::key_ref::SendPolicy;

pub use examine::{Shown, ValueReport};
pub use lint::Finding;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Every winning value is clean and every probe answered `ok` (or `--offline`).
    Ok,
    /// A winning value has a finding, a file does not parse, or a probe failed.
    Problems,
    /// No winning base URL on the gateway: the client is not pointed at it.
    NotConfigured,
    /// Clean values, but `--offline` and no key found for a base URL: nothing
    /// says it would work, so it is not "ok" (exit code 1, as a probe would say).
    KeyMissing,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Problems => "problems",
            Status::NotConfigured => "not configured for the gateway",
            Status::KeyMissing => "not checked: key missing",
        }
    }

    /// The status as the text report says it, in this run's language.
    pub fn text(self) -> String {
        match self {
            Status::Ok => crate::tr!("doctor.status_ok"),
            Status::Problems => crate::tr!("doctor.status_problems"),
            Status::NotConfigured => crate::tr!("doctor.status_not_configured"),
            Status::KeyMissing => crate::tr!("doctor.status_key_missing"),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProbeLine {
    pub group: String,
    pub verdict: String,
    pub url: String,
    pub summary: String,
    pub latency_ms: u128,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClientReport {
    pub id: String,
    pub name: String,
    pub status: Status,
    pub values: Vec<ValueReport>,
    pub other_findings: Vec<Finding>,
    pub probes: Vec<ProbeLine>,
    pub notes: Vec<String>,
    /// A switcher's stores: every provider it keeps, per app, and the active one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stores: Vec<stores::StoreReport>,
}

pub struct DoctorOptions {
    /// `None` with `--offline`.
    pub probe: Option<ProbeOptions>,
    /// The key for a client whose config names none (`--api-key-env`).
    pub fallback_key: Option<Secret>,
    /// Which variables' values may be sent as a key (`--api-key-env`, the default).
    pub send_policy: SendPolicy,
    /// Only this client (by id), in use or not.
    pub only: Option<String>,
}

/// Examines every client in use (or `opts.only`), probes them all at once, and reports.
pub fn run(catalog: &Catalog, places: &Places, opts: &DoctorOptions) -> Result<Vec<ClientReport>, String> {
    if let Some(only) = &opts.only {
        let known = |c: &crate::catalog::Client| &c.profile.id == only;
        if !catalog.machine_clients().any(|(c, _)| known(c))
            && !catalog.clients.iter().any(|c| c.profile.store.is_some() && known(c))
        {
            let ids: Vec<&str> = catalog.machine_clients().map(|(c, _)| c.profile.id.as_str()).collect();
            return Err(crate::tr!("doctor.no_profile", client = only, ids = ids.join(", ")));
        }
    }
    let env = environment::Environment::load(places, &catalog.rc_files);
    let selected: Vec<_> = catalog
        .machine_clients()
        .filter(|(c, _)| opts.only.as_ref().is_none_or(|o| o == &c.profile.id))
        .map(|(client, machine)| (client, machine, sources::locate(machine, places, &env)))
        .collect();
    // Every file any client reads, read and parsed once by the check pipeline.
    let mut files: Vec<PathBuf> = selected.iter().flat_map(|(_, _, l)| l.files().cloned()).collect();
    // Switchers' stores, read with the rest (read-only).
    let switchers: Vec<(&crate::catalog::Client, Vec<PathBuf>)> = catalog
        .clients
        .iter()
        .filter(|c| opts.only.as_ref().is_none_or(|o| o == &c.profile.id))
        .map(|c| (c, stores::paths(c, places)))
        .filter(|(_, paths)| !paths.is_empty())
        .collect();
    files.extend(switchers.iter().flat_map(|(_, paths)| paths.iter().cloned()));
    files.sort();
    files.dedup();
    let check_opts = CheckOptions { keep_documents: true, ..CheckOptions::default() };
    let outcome =
        if files.is_empty() { Default::default() } else { check_paths(catalog, &check_opts, &files) };
    let examined: Vec<_> = selected
        .iter()
        .map(|(client, machine, located)| {
            examine::examine(catalog, client, machine, located, &outcome, places, &env, &opts.send_policy)
        })
        .filter(|e| e.in_use || opts.only.is_some())
        .collect();
    let mut targets = Vec::new();
    for (i, e) in examined.iter().enumerate() {
        for (group, target) in &e.targets {
            let mut target = target.clone();
            // A withheld key is not replaced by another: the probe goes without one.
            if target.api_key.is_none() && target.key_note.is_none() {
                target.api_key = opts.fallback_key.clone();
            }
            targets.push((i, group.clone(), target));
        }
    }
    let results = match &opts.probe {
        Some(probe_opts) => {
            probe::run_probes(targets.iter().map(|(_, _, t)| t.clone()).collect(), probe_opts)
        }
        None => vec![],
    };
    let mut reports = Vec::new();
    for (i, e) in examined.into_iter().enumerate() {
        let probes: Vec<ProbeLine> = targets
            .iter()
            .zip(&results)
            .filter(|((owner, _, _), _)| *owner == i)
            .map(|((_, group, _), r)| {
                let v = crate::report::probe::view(r);
                ProbeLine {
                    group: group.clone(),
                    verdict: v.verdict.to_string(),
                    url: v.url,
                    summary: v.summary,
                    latency_ms: v.latency_ms,
                }
            })
            .collect();
        let fails =
            e.values.iter().filter_map(|v| v.winner.as_ref()).any(|w| w.findings.iter().any(|f| f.fails))
                || e.other_findings.iter().any(|f| f.fails)
                || probes.iter().any(|p| p.verdict != "ok");
        // Offline, a target with no key is not known to work.
        let key_missing = opts.probe.is_none()
            && targets.iter().any(|(owner, _, t)| *owner == i && t.api_key.is_none() && t.key_note.is_none());
        let status = if fails {
            Status::Problems
        } else if e.targets.is_empty() {
            Status::NotConfigured
        } else if key_missing {
            Status::KeyMissing
        } else {
            Status::Ok
        };
        let mut notes = e.not_configured.clone();
        if opts.probe.is_none() && !e.targets.is_empty() {
            notes.push(crate::tr!("doctor.not_probed"));
        }
        reports.push(ClientReport {
            id: e.id,
            name: e.name,
            status,
            values: e.values,
            other_findings: e.other_findings,
            probes,
            notes,
            stores: vec![],
        });
    }
    for (client, paths) in switchers {
        let Some(spec) = client.profile.store.as_ref() else { continue };
        let mut report = ClientReport {
            id: client.profile.id.clone(),
            name: client.profile.name.clone(),
            status: Status::Ok,
            values: vec![],
            other_findings: vec![],
            probes: vec![],
            notes: vec![],
            stores: vec![],
        };
        for path in paths {
            let (listing, whole) = stores::report(client, spec, &path, &outcome, places);
            report.other_findings.extend(whole);
            report.stores.extend(listing);
        }
        let fails = report.other_findings.iter().any(|f| f.fails)
            || report
                .stores
                .iter()
                .flat_map(|s| &s.apps)
                .flat_map(|a| &a.providers)
                .any(|p| p.findings.iter().any(|f| f.fails));
        if fails {
            report.status = Status::Problems;
        }
        reports.push(report);
    }
    Ok(reports)
}
