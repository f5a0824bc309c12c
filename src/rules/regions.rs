//! CR204 mixed-regions: one project points at both regional entries. Each entry
//! works, but a team gets two latencies, two sets of logs and a fix that depends
//! on who last edited which file. Reported on the values of the region fewer
//! values use (on a tie, those not in the default region), naming one value of
//! the other region; no fix, since which region is right is the team's choice
//! (`--region` then reports the others as CR203, and this rule stays quiet).
//!
//! Only client base-URL settings count: URLs in docs and code literals may list
//! both entries on purpose, and so may a value that is a list of URLs (Open
//! WebUI's `;`-separated failover) or a proxy whose job is routing (profiles of
//! `kind = "proxy"`, such as LiteLLM).

use std::collections::BTreeMap;

use super::project::ProjectFacts;
use super::registry::rule;
use crate::catalog::{Catalog, Role};
use crate::diagnostic::{line_col, Diagnostic, Severity};
use crate::url::{classify_host, HostClass, UrlParts};

pub fn check(catalog: &Catalog, facts: &ProjectFacts) -> Vec<Diagnostic> {
    if facts.chosen_region.is_some() {
        return vec![];
    }
    // A project is what one command-line path holds: compare within each.
    let mut roots: Vec<&std::path::Path> = facts.files.iter().map(|f| f.root.as_path()).collect();
    roots.sort();
    roots.dedup();
    roots.into_iter().flat_map(|root| check_project(catalog, facts, root)).collect()
}

fn check_project(catalog: &Catalog, facts: &ProjectFacts, root: &std::path::Path) -> Vec<Diagnostic> {
    // region → (file index, setting index, host) of every gateway value.
    let mut by_region: BTreeMap<String, Vec<(usize, usize, String)>> = BTreeMap::new();
    for (fi, file) in facts.files.iter().enumerate().filter(|(_, f)| f.root == root) {
        for (si, s) in file.settings.iter().enumerate() {
            if s.rule.role != Role::BaseUrl || s.part_of_value || s.rule.client_kind == "proxy" {
                continue;
            }
            let Some(url) = UrlParts::parse(s.entry.scalar.value.trim()) else { continue };
            if let HostClass::Entry { region } = classify_host(catalog, &url.host) {
                by_region.entry(region).or_default().push((fi, si, url.host.to_ascii_lowercase()));
            }
        }
    }
    if by_region.len() < 2 {
        return vec![];
    }
    let default = &catalog.gateway.default_region;
    let majority = by_region
        .iter()
        .max_by_key(|(region, values)| (values.len(), *region == default))
        .map(|(r, _)| r.clone())
        .unwrap_or_default();
    let (mfi, msi, mhost) = by_region[&majority][0].clone();
    let example_file = &facts.files[mfi];
    let (line, col) = line_col(&example_file.text, example_file.settings[msi].entry.scalar.content.start);
    let example = format!("{}:{line}:{col}", example_file.path.display());
    let mut out = Vec::new();
    for (region, values) in by_region.iter().filter(|(r, _)| **r != majority) {
        for (fi, si, host) in values {
            let file = &facts.files[*fi];
            let s = &file.settings[*si];
            out.push(Diagnostic {
                code: "CR204",
                severity: rule("CR204").map_or(Severity::Warning, |r| r.severity),
                path: file.path.clone(),
                span: s.entry.scalar.content.clone(),
                message: format!(
                    "`{host}` is the {region} entry, but this project points at the {majority} entry `{mhost}` elsewhere ({example})"
                ),
                help: Some("pick one region for the project: `crlint check --fix --region intl|east-asia`".into()),
                fix: None,
            });
        }
    }
    out
}
