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
use crate::catalog::{Catalog, Role};
use crate::codes::Code;
use crate::diagnostic::{line_col, Diagnostic};
use crate::url::HostClass;

pub fn check(catalog: &Catalog, facts: &ProjectFacts) -> Vec<Diagnostic> {
    if facts.chosen_region.is_some() {
        return vec![];
    }
    // A project is what one command-line path holds: compare within each.
    let mut roots: Vec<&std::path::Path> = facts.files.iter().map(|f| f.root).collect();
    roots.sort();
    roots.dedup();
    roots.into_iter().flat_map(|root| check_project(catalog, facts, root)).collect()
}

fn check_project(catalog: &Catalog, facts: &ProjectFacts, root: &std::path::Path) -> Vec<Diagnostic> {
    // region → (file index, setting index, host) of every gateway value.
    let mut by_region: BTreeMap<String, Vec<(usize, usize, String)>> = BTreeMap::new();
    for (fi, file) in facts.files.iter().enumerate().filter(|(_, f)| f.root == root) {
        for (si, s) in file.settings.iter().enumerate() {
            let skipped = catalog.checks.mixed_regions.skip_kinds.contains(&s.rule.client_kind);
            if s.rule.role != Role::BaseUrl || s.part_of_value || skipped {
                continue;
            }
            let Some(url) = &s.url else { continue };
            if let HostClass::Entry { region } = &url.host {
                by_region.entry(region.clone()).or_default().push((
                    fi,
                    si,
                    url.parts.host.to_ascii_lowercase(),
                ));
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
    let (line, col) = line_col(example_file.text, example_file.settings[msi].entry.scalar.content.start);
    let example = format!("{}:{line}:{col}", example_file.path.display());
    let mut out = Vec::new();
    for (region, values) in by_region.iter().filter(|(r, _)| **r != majority) {
        for (fi, si, host) in values {
            let file = &facts.files[*fi];
            let s = &file.settings[*si];
            let message = crate::tr!(
                "rule.mixed_regions",
                host = host,
                region = region,
                majority = majority,
                mhost = mhost,
                example = example
            );
            out.push(
                Diagnostic::new(
                    Code::CR204,
                    file.path.to_path_buf(),
                    s.entry.scalar.content.clone(),
                    message,
                )
                .with_help(crate::tr!("rule.mixed_regions_help", regions = catalog.regions().join("|"))),
            );
        }
    }
    out
}
