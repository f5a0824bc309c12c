//! `--output-format json`: every finding as one JSON document, for scripts.
//!
//! The schema is stable; a change that removes or retypes a field bumps
//! `version`. Adding a field does not.
//!
//! ```text
//! {
//!   "version": 1,
//!   "diagnostics": [
//!     {
//!       "code": "CR102",                         rule code
//!       "name": "unexpected-version-segment",    rule name
//!       "severity": "error",                     error | warning | info (after `severity` overrides)
//!       "path": "app/.claude/settings.json",     as given or found, `/`-separated
//!       "start": {"line": 3, "column": 28},      1-based; columns count characters
//!       "end": {"line": 3, "column": 60},        exclusive
//!       "message": "…",
//!       "help": "use `https://api.crazyrouter.com`" | null,
//!       "fix": null | {
//!         "applicability": "safe" | "unsafe",
//!         "edits": [{"start": {…}, "end": {…}, "content": "…"}]
//!       }
//!     }
//!   ],
//!   "summary": {"problems": 4, "fixable": 3, "unsafe_fixable": 1, "fixed": 0,
//!               "files": 3, "files_with_problems": 2},
//!   "probes": [                                  with `--probe`; else empty
//!     {
//!       "origin": ".env:2:17",                   where the base URL is set
//!       "base_url": "https://api.crazyrouter.com/v1",
//!       "models_url": "https://api.crazyrouter.com/v1/models",
//!       "verdict": "ok",                         ok | model-not-offered | unauthorized | wrong-path
//!                                                | unreachable | timeout | unexpected | refused
//!       "summary": "ok: 212 models offered",
//!       "latency_ms": 143
//!     }
//!   ]
//! }
//! ```
//!
//! `problems` counts the findings listed (after `--fix`, those that remain), as
//! the text summary does; `fixable` those of them `--fix` would fix (safe fixes;
//! with `--unsafe-fixes`, every fix), `unsafe_fixable` how many more
//! `--unsafe-fixes` would; `fixed` those `--fix` resolved, `files` the files
//! checked, `files_with_problems` those with a finding listed.
//!
//! Keys are redacted in every string, fix content included (`sk-ab…wxyz`): a
//! fix whose content held a key is shown, never applied from this output.
//! Messages and help are cut to 1,000 characters. Characters a terminal would
//! act on and the CI runner's `##[` are written as `\uXXXX` escapes
//! (`redact::json_safe`): the values are the same.
//! Not for: `--statistics`, which has its own JSON (see `statistics`).

use serde::Serialize;

use super::located::{locate, Located, Position};
use super::Summary;
use crate::diagnostic::Severity;
use crate::fix::Applicability;
use crate::outcome::Outcome;
use crate::redact::{json_safe, redact};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
    probes: Vec<JsonProbe>,
}

#[derive(Serialize)]
struct JsonProbe {
    origin: String,
    base_url: String,
    models_url: String,
    verdict: &'static str,
    summary: String,
    latency_ms: u128,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    path: String,
    start: Position,
    end: Position,
    message: String,
    help: Option<String>,
    fix: Option<JsonFix>,
}

#[derive(Serialize)]
struct JsonFix {
    applicability: Applicability,
    edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
struct JsonEdit {
    start: Position,
    end: Position,
    content: String,
}

pub fn render(report: &Outcome, unsafe_fixes: bool) -> String {
    let diagnostics = locate(report).into_iter().map(to_json).collect();
    let probes = report
        .probes
        .iter()
        .map(|r| {
            let v = super::probe::view(r);
            JsonProbe {
                origin: v.origin,
                base_url: v.base_url,
                models_url: redact(&r.models_url),
                verdict: v.verdict,
                summary: v.summary,
                latency_ms: v.latency_ms,
            }
        })
        .collect();
    let output =
        Output { version: SCHEMA_VERSION, diagnostics, summary: Summary::of(report, unsafe_fixes), probes };
    let mut text = json_safe(&serde_json::to_string_pretty(&output).expect("plain data serializes"));
    text.push('\n');
    text
}

fn to_json(l: Located<'_>) -> JsonDiagnostic<'_> {
    let d = l.diagnostic;
    JsonDiagnostic {
        code: d.code.as_str(),
        name: d.name(),
        severity: d.severity,
        path: l.path,
        start: l.start,
        end: l.end,
        message: l.message,
        help: l.help,
        fix: l.fix.map(|f| JsonFix {
            applicability: f.applicability,
            edits: f
                .edits
                .into_iter()
                .map(|e| JsonEdit { start: e.start, end: e.end, content: e.content })
                .collect(),
        }),
    }
}
