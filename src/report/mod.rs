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
    /// The source line with the value underlined, the message and the fix.
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
    /// `--unsafe-fixes` is on: an unsafe fix counts as fixable.
    pub unsafe_fixes: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions { color: false, width: 100, quiet: false, statistics: false, unsafe_fixes: false }
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
        OutputFormat::Json => return json::render(report, opts.unsafe_fixes),
        OutputFormat::Sarif => return sarif::render(report),
        OutputFormat::Github => github::render(report),
    };
    if !opts.quiet {
        out.push_str(&summary(report, opts.unsafe_fixes));
        out.push('\n');
    }
    out
}

/// The numbers of the summary line (and of the JSON `summary`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Findings reported (after `--fix`: the ones that remain).
    pub problems: usize,
    /// Of those, how many `--fix` would fix (with `--unsafe-fixes`, the unsafe
    /// fixes too).
    pub fixable: usize,
    /// Of those, how many more `--unsafe-fixes` would fix.
    pub unsafe_fixable: usize,
    /// Findings `--fix` resolved in this run.
    pub fixed: usize,
    /// Files checked.
    pub files: usize,
    /// Of those, the files with a finding reported.
    pub files_with_problems: usize,
}

impl Summary {
    pub fn of(report: &Outcome, unsafe_fixes: bool) -> Summary {
        let with_fix = |safe: bool| {
            report
                .diagnostics()
                .filter(|(_, d)| {
                    d.fix
                        .as_ref()
                        .is_some_and(|f| (f.applicability == crate::fix::Applicability::Safe) == safe)
                })
                .count()
        };
        let (safe, unsafe_only) = (with_fix(true), with_fix(false));
        Summary {
            problems: report.diagnostics().count(),
            fixable: if unsafe_fixes { safe + unsafe_only } else { safe },
            unsafe_fixable: if unsafe_fixes { 0 } else { unsafe_only },
            fixed: report.files.iter().map(|f| f.applied.len()).sum(),
            // A file written only because another file's fix needed it was not checked.
            files: report.files.iter().filter(|f| !f.companion).count(),
            files_with_problems: report.files.iter().filter(|f| !f.diagnostics.is_empty()).count(),
        }
    }
}

/// `Found 3 problems (2 fixable, 1 more with --unsafe-fixes) in 2 files (5 checked).`,
/// or after `--fix`: `Fixed 2 problems; 1 remaining in 1 file (5 checked).` The
/// numbers are the JSON `summary`'s: `problems` is what remains.
pub fn summary(report: &Outcome, unsafe_fixes: bool) -> String {
    let Summary { problems, fixable, unsafe_fixable, fixed, files, files_with_problems } =
        Summary::of(report, unsafe_fixes);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let place = if problems == 0 {
        format!(" ({} checked)", plural(files, "file"))
    } else {
        format!(" in {} ({files} checked)", plural(files_with_problems, "file"))
    };
    let mut fixes = Vec::new();
    if fixable > 0 {
        fixes.push(format!("{fixable} fixable"));
    }
    match (fixable, unsafe_fixable) {
        (_, 0) => {}
        (0, n) => fixes.push(format!("{n} fixable with --unsafe-fixes")),
        (_, n) => fixes.push(format!("{n} more with --unsafe-fixes")),
    }
    let fixes = if fixes.is_empty() { String::new() } else { format!(" ({})", fixes.join(", ")) };
    if fixed > 0 {
        return format!("Fixed {}; {problems} remaining{fixes}{place}.", plural(fixed, "problem"));
    }
    format!("Found {}{fixes}{place}.", plural(problems, "problem"))
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
