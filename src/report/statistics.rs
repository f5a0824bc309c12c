//! `--statistics`: how many findings each rule has, instead of the findings,
//! the most frequent first (ties by code), tab-separated (→) as ruff prints them:
//!
//! ```text
//! 2→CR102→[*] unexpected-version-segment
//! 1→CR501→    hardcoded-api-key
//! ```
//!
//! `[*]` marks a rule whose findings have a fix. With `--output-format json`
//! the same table is a JSON array of `{code, name, count, fixable}`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::outcome::Outcome;

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct RuleCount {
    pub code: &'static str,
    pub name: &'static str,
    pub count: usize,
    /// How many of them have a fix.
    pub fixable: usize,
}

pub fn counts(report: &Outcome) -> Vec<RuleCount> {
    let mut by_code: BTreeMap<&'static str, RuleCount> = BTreeMap::new();
    for (_, d) in report.diagnostics() {
        let entry = by_code.entry(d.code.as_str()).or_insert(RuleCount {
            code: d.code.as_str(),
            name: d.name(),
            count: 0,
            fixable: 0,
        });
        entry.count += 1;
        entry.fixable += usize::from(d.fix.is_some());
    }
    let mut counts: Vec<RuleCount> = by_code.into_values().collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    counts
}

pub fn render_text(report: &Outcome) -> String {
    let counts = counts(report);
    let width = counts.iter().map(|c| c.count.to_string().len()).max().unwrap_or(1);
    let mut out = String::new();
    for c in counts {
        let mark = if c.fixable > 0 { "[*] " } else { "    " };
        out.push_str(&format!("{:>width$}\t{}\t{mark}{}\n", c.count, c.code, c.name));
    }
    out
}

pub fn render_json(report: &Outcome) -> String {
    let mut text = serde_json::to_string_pretty(&counts(report)).expect("plain data serializes");
    text.push('\n');
    text
}
