//! One client, examined: the winner and the shadowed values of each of its
//! values (from `sources`), their lint findings (`lint`), and the probe target of
//! each group: its winning base URL with the key and model of the same group.
//!
//! Not for: sending probes or printing (`doctor::report`).

use std::path::PathBuf;

use serde::Serialize;

use crate::catalog::{Catalog, Client, MachineSpec, Take, ValueRole, ValueSpec};
use crate::codes::Code;
use crate::machine_paths::Places;
use crate::outcome::Outcome;
use crate::probe::ProbeTarget;
use crate::redact::redact;
use crate::settings::key_ref::{KeyRef, SendPolicy};
use crate::settings::UrlFacts;
use crate::url::HostClass;

use super::environment::Environment;
use super::keys::{reference, resolve, DoctorVariables, ResolvedKey};
use super::lint::{finding, overlaps, value_findings, Finding};
use super::sources::{gather, origin_text, Candidate, Located, Origin};

#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    /// The value as written; a key only masked, a reference as written.
    pub value: String,
    pub from: String,
    pub source: String,
    /// Differs from the winning value.
    pub conflicts: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueReport {
    pub id: String,
    pub label: String,
    pub role: ValueRole,
    pub group: String,
    pub winner: Option<Shown>,
    pub shadowed: Vec<Shown>,
}

/// What one client looks like before probing.
#[derive(Debug, Clone)]
pub struct Examined {
    pub id: String,
    pub name: String,
    pub in_use: bool,
    pub values: Vec<ValueReport>,
    /// Findings of the client's files not tied to a value shown.
    pub other_findings: Vec<Finding>,
    /// One per group whose winning base URL is on a gateway API host.
    pub targets: Vec<(String, ProbeTarget)>,
    /// Why no probe is possible for a group (a base URL elsewhere, none at all).
    pub not_configured: Vec<String>,
}

/// One client as its files (parsed by the pipeline: `outcome`) and environment show it.
#[allow(clippy::too_many_arguments)]
pub fn examine(
    catalog: &Catalog,
    client: &Client,
    machine: &MachineSpec,
    located: &Located,
    outcome: &Outcome,
    places: &Places,
    env: &Environment,
    policy: &SendPolicy,
) -> Examined {
    let prefer = |v: &str| UrlFacts::of(catalog, v).is_some_and(|u| u.on_gateway());
    let gathered = gather(machine, located, outcome, env, places.os, &prefer);
    let secret_files: Vec<PathBuf> = machine.secret_files.iter().filter_map(|t| places.expand(t)).collect();
    let vars = DoctorVariables { env, secret_files: &secret_files, places, policy };
    // The forms the client expands where the value is written: per file (Gemini
    // CLI expands `${VAR}` in settings.json, not in its `.env`), else its own.
    let forms_of = |c: &Candidate| -> Vec<String> {
        match &c.origin {
            Origin::File { path, .. } => catalog
                .profiles_for_path(&path.to_string_lossy())
                .into_iter()
                .find(|m| m.client.profile.id == client.profile.id)
                .map_or_else(|| client.key_refs.clone(), |m| m.key_refs.to_vec()),
            _ => client.key_refs.clone(),
        }
    };
    let forms: &dyn Fn(&Candidate) -> Vec<String> = &forms_of;
    let mut used: Vec<(PathBuf, std::ops::Range<usize>)> = Vec::new();
    let mut values = Vec::new();
    let mut winner_files: Vec<PathBuf> = Vec::new();
    for spec in &machine.values {
        let mut candidates = gathered.candidates.iter().filter(|c| c.value_id == spec.id);
        let winner = candidates.next();
        let winner_key =
            winner.filter(|_| spec.role == ValueRole::Key).map(|w| resolve(catalog, w, &forms(w), &vars));
        let show = |c: &Candidate, used: &mut Vec<(PathBuf, std::ops::Range<usize>)>| {
            let findings = value_findings(catalog, client, spec, c, outcome, places, used);
            let key = (spec.role == ValueRole::Key).then(|| resolve(catalog, c, &forms(c), &vars));
            // Two spellings of one variable (`$K`, `${K}`) are the same key.
            let conflicts = match (&key, &winner_key) {
                (Some(k), Some(w)) => k.secret != w.secret,
                _ => winner.is_some_and(|w| w.text.trim() != c.text.trim()),
            };
            shown(catalog, &forms(c), spec, c, conflicts, key, findings, places)
        };
        let winner_shown = winner.map(|w| show(w, &mut used));
        if let Some(Origin::File { path, .. }) = winner.map(|w| &w.origin) {
            winner_files.push(path.clone());
        }
        let shadowed = candidates.map(|c| show(c, &mut used)).collect();
        values.push(ValueReport {
            id: spec.id.clone(),
            label: spec.label.clone(),
            role: spec.role,
            group: spec.group.clone(),
            winner: winner_shown,
            shadowed,
        });
    }
    let mut other_findings = Vec::new();
    for path in &gathered.files {
        let Some(file) = outcome.file(path) else { continue };
        let text = file.current_text().unwrap_or("");
        for d in &file.diagnostics {
            if used.iter().any(|(p, span)| p == path && overlaps(span, &d.span)) {
                continue;
            }
            let fails = winner_files.contains(path) || matches!(d.code, Code::CR901 | Code::CR902);
            other_findings.push(finding(d, text, places, fails));
        }
    }
    for (path, why) in &gathered.unreadable {
        other_findings.push(Finding {
            code: Code::CR902,
            severity: "error".into(),
            at: places.display(path),
            message: crate::tr!("doctor.cannot_check", why = why),
            fails: true,
        });
    }
    other_findings.sort_by(|a, b| a.at.cmp(&b.at));
    let (targets, not_configured) =
        probe_targets(catalog, machine, &gathered.candidates, forms, &vars, places);
    Examined {
        id: client.profile.id.clone(),
        name: client.profile.name.clone(),
        in_use: gathered.in_use,
        values,
        other_findings,
        targets,
        not_configured,
    }
}

#[allow(clippy::too_many_arguments)]
fn shown(
    catalog: &Catalog,
    forms: &[String],
    spec: &ValueSpec,
    c: &Candidate,
    conflicts: bool,
    key: Option<ResolvedKey>,
    findings: Vec<Finding>,
    places: &Places,
) -> Shown {
    let value = match (spec.role, c.take) {
        (ValueRole::Key, Take::EnvName) => format!("${}", c.text.trim()),
        (ValueRole::Key, Take::Helper) => format!("apiKeyHelper: {}", c.text.trim()),
        // A reference is shown as written; a key only masked.
        (ValueRole::Key, Take::Value) => match reference(catalog, c, forms) {
            KeyRef::Var { .. } => c.text.trim().to_string(),
            _ => crate::redact::mask(c.text.trim()),
        },
        _ => c.text.clone(),
    };
    Shown {
        value: redact(&value),
        from: origin_text(&c.origin, places),
        source: c.source_label.clone(),
        conflicts,
        key: key.map(|k| redact(&k.description)),
        findings,
    }
}

/// One target per group whose winning base URL is on a gateway API host.
fn probe_targets(
    catalog: &Catalog,
    machine: &MachineSpec,
    candidates: &[Candidate],
    forms: &dyn Fn(&Candidate) -> Vec<String>,
    vars: &DoctorVariables,
    places: &Places,
) -> (Vec<(String, ProbeTarget)>, Vec<String>) {
    let mut targets = Vec::new();
    let mut not_configured = Vec::new();
    let winner = |id: &str| candidates.iter().find(|c| c.value_id == id);
    for base in machine.values.iter().filter(|v| v.role == ValueRole::BaseUrl) {
        let of_group = |role: ValueRole| {
            machine
                .values
                .iter()
                .filter(move |v| v.group == base.group && v.role == role)
                .find_map(|v| winner(&v.id))
        };
        let Some(found) = winner(&base.id) else {
            not_configured.push(format!("{}{}", base.label, crate::tr!("doctor.not_set_tail")));
            continue;
        };
        let url = found.text.trim();
        let host = UrlFacts::of(catalog, url).map(|u| u.host);
        if !matches!(host, Some(HostClass::Entry { .. })) {
            if !matches!(&host, Some(h) if h.is_gateway_related()) {
                not_configured.push(crate::tr!("doctor.not_gateway", label = base.label, url = redact(url)));
            }
            continue;
        }
        let mut target = ProbeTarget::new(url.to_string(), origin_text(&found.origin, places));
        target.shape = base.shape;
        if let Some(key) = of_group(ValueRole::Key).map(|k| resolve(catalog, k, &forms(k), vars)) {
            target.api_key = key.secret;
            target.key_note = key.withheld;
        }
        target.models =
            of_group(ValueRole::Model).map(|m| vec![m.text.trim().to_string()]).unwrap_or_default();
        targets.push((base.group.clone(), target));
    }
    // In a client of several groups (the SDK environment) an unset group is no news.
    if !targets.is_empty() {
        let tail = crate::tr!("doctor.not_set_tail");
        not_configured.retain(|n| !n.ends_with(&tail));
    }
    (targets, not_configured)
}
