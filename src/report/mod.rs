//! Reporters: render diagnostics for people and machines. They know the
//! diagnostic data and the file text (for line, column and snippets), never a
//! parser or a rule. Everything they print is redacted: a key shows as
//! `sk-ab…wxyz` at most.
//!
//! People: `text` (miette), `concise` (one line each), `--statistics`, and the
//! verdicts of the probe (`probe`, also used by the JSON and the doctor).
//! Machines: `json` (crlint's own stable schema), `sarif` (2.1.0, code
//! scanning), `github` (workflow-command annotations); these go through
//! `located`, which resolves positions and redacts every string once more.

mod concise;
pub mod diff;
mod github;
mod json;
mod located;
pub mod probe;
mod sarif;
mod statistics;
mod text;

use serde::Serialize;

use crate::outcome::Outcome;

pub use self::probe::lines as probe_lines;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// miette: the source line with the value underlined, the message and the fix.
    Text,
    /// One line per finding: `path:line:col: CODE message`.
    Concise,
    /// One JSON document with every finding and a summary (stable schema, `"version": 1`).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions annotations (`::error file=…,line=…::message`).
    Github,
}

impl OutputFormat {
    /// A format whose output is one document for a program to parse: nothing
    /// else may go to stdout with it.
    pub fn is_document(self) -> bool {
        matches!(self, OutputFormat::Json | OutputFormat::Sarif)
    }
}

pub struct RenderOptions {
    pub color: bool,
    /// Terminal width for wrapping the text format.
    pub width: usize,
    /// Only the findings: no summary line.
    pub quiet: bool,
    /// Counts per rule instead of the findings.
    pub statistics: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { color: false, width: 100, quiet: false, statistics: false }
    }
}

/// The whole output of a run. `json` and `sarif` are one document each, with
/// nothing around it; the other formats end with the summary line unless quiet.
pub fn render(format: OutputFormat, report: &Outcome, opts: &RenderOptions) -> String {
    if opts.statistics && format == OutputFormat::Json {
        return statistics::render_json(report);
    }
    let mut out = match format {
        _ if opts.statistics => statistics::render_text(report),
        OutputFormat::Text => text::render(report, opts),
        OutputFormat::Concise => concise::render(report),
        OutputFormat::Json => return json::render(report),
        OutputFormat::Sarif => return sarif::render(report),
        OutputFormat::Github => github::render(report),
    };
    if !opts.quiet {
        out.push_str(&summary(report));
        out.push('\n');
    }
    out
}

/// The numbers of the summary line (and of the JSON `summary`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Findings reported (after `--fix`: the ones that remain).
    pub problems: usize,
    /// Of those, how many have a fix.
    pub fixable: usize,
    /// Findings `--fix` resolved in this run.
    pub fixed: usize,
    /// Files checked.
    pub files: usize,
}

impl Summary {
    pub fn of(report: &Outcome) -> Summary {
        Summary {
            problems: report.diagnostics().count(),
            fixable: report.diagnostics().filter(|(_, d)| d.fix.is_some()).count(),
            fixed: report.files.iter().map(|f| f.applied.len()).sum(),
            // A file written only because another file's fix needed it was not checked.
            files: report.files.iter().filter(|f| !f.companion).count(),
        }
    }
}

/// `Found 3 problems (2 fixable) in 5 files.`, or after `--fix`:
/// `Found 3 problems (2 fixed, 1 remaining) in 5 files.`
pub fn summary(report: &Outcome) -> String {
    let Summary { problems: remaining, fixable, fixed, files } = Summary::of(report);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let detail = match (fixed, fixable) {
        (0, 0) => String::new(),
        (0, n) => format!(" ({n} fixable)"),
        (f, _) => format!(" ({f} fixed, {remaining} remaining)"),
    };
    format!("Found {}{detail} in {}.", plural(remaining + fixed, "problem"), plural(files, "file"))
}

/// `--show-fixes`: what `--fix` changed, one line each, at the position in the file as it was.
pub fn fixes_applied(report: &Outcome) -> String {
    let mut out = String::new();
    for file in &report.files {
        let index = file.source.as_deref().map(crate::diagnostic::LineIndex::new);
        for d in &file.applied {
            let (line, col) = index.as_ref().map_or((1, 1), |i| i.line_col(d.span.start));
            out.push_str(&format!("Fixed {}:{line}:{col}: {} {}\n", d.path.display(), d.code, d.message));
        }
    }
    out
}
