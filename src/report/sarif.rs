//! `--output-format sarif`: SARIF 2.1.0, as GitHub code scanning and other
//! SARIF viewers take it. One run; `tool.driver.rules` lists the rules that
//! have results, sorted by code, each with its page (`crlint rule CODE`) as
//! help; each result points at its rule by id and index, carries the finding's
//! region, a `partialFingerprints` entry that survives edits elsewhere in the
//! file and value changes, and its fix as SARIF `fixes` when there is one.
//!
//! Paths are relative URIs with `/` (percent-encoded where a URI needs it,
//! control characters included; a key in a path masked), resolved against the
//! directory crlint ran in, which is the repository root in CI. Strings are
//! escaped as in `json` (`redact::json_safe`). Not for: deciding exit codes or filtering; that happened before.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde::Serialize;

use super::located::{locate, slash_path, Located, Position};
use crate::codes::{rule, RuleInfo};
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::outcome::Outcome;
use crate::redact::{json_safe, redact};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The fingerprint's name and version: bump the version if its inputs change.
/// (The line prefix it hashes is at most the 256 bytes before the finding
/// since the output hardening of issue 14: same inputs on every line shorter
/// than that, so the version stayed; a finding deeper into a minified line
/// got a new fingerprint once.)
const FINGERPRINT_KEY: &str = "crlint/v1";

// The SARIF objects crlint writes, fields in the order of the specification.

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    /// `safe`, `unsafe`, `safe where trivial` or `none`.
    fix: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: HashMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

impl Region {
    fn new(start: Position, end: Position) -> Region {
        Region {
            start_line: start.line,
            start_column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

pub fn render(report: &Outcome) -> String {
    let located = locate(report);
    let codes: BTreeSet<&str> = located.iter().map(|l| l.diagnostic.code.as_str()).collect();
    let rules: Vec<&RuleInfo> = codes.iter().filter_map(|c| rule(c)).collect();
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let results = located
        .iter()
        .map(|l| {
            let uri = artifact_uri(Path::new(&redact(&l.diagnostic.path.to_string_lossy())));
            let hash = fnv1a(&[l.diagnostic.code.as_str(), &uri, &l.line_prefix]);
            let occurrence = seen.entry(hash).and_modify(|n| *n += 1).or_insert(1);
            let rule_index = rules.iter().position(|r| r.code == l.diagnostic.code);
            result(l, uri, rule_index, format!("{hash:016x}:{occurrence}"))
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "crlint",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: rules.iter().map(|r| rule_descriptor(r)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut text = json_safe(&serde_json::to_string_pretty(&log).expect("plain data serializes"));
    text.push('\n');
    text
}

fn rule_descriptor(r: &'static RuleInfo) -> Rule {
    Rule {
        id: r.code.as_str(),
        name: r.name,
        short_description: Text { text: r.summary().to_string() },
        full_description: Text { text: what_it_does(r.doc) },
        help: Help { text: r.doc, markdown: r.doc },
        help_uri: help_uri(r.code.as_str()),
        default_configuration: Configuration { level: level(r.severity) },
        properties: RuleProperties { fix: r.fix.label() },
    }
}

fn result(l: &Located<'_>, uri: String, rule_index: Option<usize>, fingerprint: String) -> SarifResult {
    let location = ArtifactLocation { uri };
    let fixes = l
        .fix
        .iter()
        .map(|fix| {
            let safety = match fix.applicability {
                Applicability::Safe => "safe fix: crlint check --fix",
                Applicability::Unsafe => "unsafe fix: crlint check --fix --unsafe-fixes",
            };
            let description = match &l.help {
                Some(help) => format!("{help} ({safety})"),
                None => safety.to_string(),
            };
            let replacements = fix
                .edits
                .iter()
                .map(|e| Replacement {
                    deleted_region: Region::new(e.start, e.end),
                    inserted_content: Text { text: e.content.clone() },
                })
                .collect();
            SarifFix {
                description: Text { text: description },
                artifact_changes: vec![ArtifactChange { artifact_location: location.clone(), replacements }],
            }
        })
        .collect();
    SarifResult {
        rule_id: l.diagnostic.code.as_str(),
        rule_index,
        level: level(l.diagnostic.severity),
        message: Text { text: l.message.clone() },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: location,
                region: Region::new(l.start, l.end),
            },
        }],
        partial_fingerprints: HashMap::from([(FINGERPRINT_KEY, fingerprint)]),
        fixes,
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn help_uri(code: &str) -> String {
    format!("{}/blob/main/src/rules/docs/{code}.md", env!("CARGO_PKG_REPOSITORY"))
}

/// The text under `## What it does` on a rule page, as one paragraph.
fn what_it_does(page: &str) -> String {
    let body = page.split_once("## What it does").map_or(page, |(_, rest)| rest);
    let body = body.split("\n## ").next().unwrap_or(body);
    body.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A relative URI (`/`-separated, percent-encoded) for a path under the
/// current directory; a `file://` URI for any other absolute path.
fn artifact_uri(path: &Path) -> String {
    let relative = match std::env::current_dir() {
        Ok(cwd) if path.is_absolute() => path.strip_prefix(&cwd).map(Path::to_path_buf).ok(),
        _ if path.is_absolute() => None,
        _ => Some(path.to_path_buf()),
    };
    match relative {
        Some(rel) => percent_encode(&slash_path(&rel)),
        None => {
            let absolute = slash_path(path);
            let root = if absolute.starts_with('/') { "" } else { "/" };
            format!("file://{root}{}", percent_encode(&absolute))
        }
    }
}

fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// FNV-1a, 64 bits, over the parts with a NUL between them: small, stable
/// across Rust versions and platforms (unlike `DefaultHasher`).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        let sep: &[u8] = if i == 0 { &[] } else { &[0] };
        for b in sep.iter().chain(part.as_bytes()) {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_the_reference_fnv1a() {
        // Reference values of FNV-1a 64 (draft-eastlake-fnv).
        assert_eq!(fnv1a(&[""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(&["a"]), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(artifact_uri(Path::new("./my dir/.env")), "my%20dir/.env");
        assert_eq!(artifact_uri(Path::new("a/中.env")), "a/%E4%B8%AD.env");
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(artifact_uri(&cwd.join("x/.env")), "x/.env");
    }

    #[test]
    fn full_description_is_the_first_section() {
        let page = "# CR1 x\n\n## What it does\nReports\na thing.\n\n## Why is this bad?\nBecause.";
        assert_eq!(what_it_does(page), "Reports a thing.");
    }
}
