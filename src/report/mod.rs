//! Reporters: render diagnostics for people and machines. They know the
//! diagnostic data and the file text (for line, column and snippets), never a
//! parser or a rule. Everything they print is redacted: a key shows as
//! `sk-ab…wxyz` at most.
//!
//! People: `text` (miette), `concise` (one line each), `--statistics`, and the
//! verdicts of the probe (`probe`, also used by the JSON and the doctor).
//! Text from a file or a path is shown with keys masked and control
//! characters escaped (`redact::safe_line`, `redact::show`), and the work and
//! output per finding are bounded (long lines cut around the span, messages
//! cut to 1,000 characters).
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
use crate::redact::safe_line;

pub use self::probe::lines as probe_lines;
pub use self::text::source_error;

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

/// Why `--statistics` cannot be printed in `format`, if it cannot: a SARIF log
/// without its results would tell code scanning every alert was fixed.
pub fn statistics_refused(format: OutputFormat) -> Option<&'static str> {
    (format == OutputFormat::Sarif).then_some(
        "--statistics cannot be combined with --output-format sarif: a SARIF log without its results \
         would close every code-scanning alert (use --output-format json for the counts as JSON)",
    )
}

/// The whole output of a run. `json` and `sarif` are one document each, with
/// nothing around it; the other formats end with the summary line unless quiet.
/// `--statistics` is a JSON array with `json`, one `::notice` with `github`,
/// a table otherwise (the caller refuses it with `sarif`: `statistics_refused`).
pub fn render(format: OutputFormat, report: &Outcome, opts: &RenderOptions) -> String {
    if opts.statistics && format == OutputFormat::Json {
        return statistics::render_json(report);
    }
    let mut out = match format {
        OutputFormat::Github if opts.statistics => {
            github::command("notice", "crlint statistics", &statistics::render_text(report))
        }
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
/// numbers are the JSON `summary`'s: `problems` is what remains. The words come
/// from the message catalog (`check.*`).
pub fn summary(report: &Outcome, unsafe_fixes: bool) -> String {
    let Summary { problems, fixable, unsafe_fixable, fixed, files, files_with_problems } =
        Summary::of(report, unsafe_fixes);
    let count_problems = |n: usize| match n {
        1 => crate::tr!("check.problems_one"),
        n => crate::tr!("check.problems_many", n = n),
    };
    let count_files = |n: usize| match n {
        1 => crate::tr!("check.files_one"),
        n => crate::tr!("check.files_many", n = n),
    };
    let place = if problems == 0 {
        crate::tr!("check.place_none", files = count_files(files))
    } else {
        crate::tr!("check.place", with = count_files(files_with_problems), n = files)
    };
    let mut fixes = Vec::new();
    if fixable > 0 {
        fixes.push(crate::tr!("check.fix_safe", n = fixable));
    }
    match (fixable, unsafe_fixable) {
        (_, 0) => {}
        (0, n) => fixes.push(crate::tr!("check.fix_unsafe_only", n = n)),
        (_, n) => fixes.push(crate::tr!("check.fix_unsafe_more", n = n)),
    }
    let fixes = if fixes.is_empty() {
        String::new()
    } else {
        crate::tr!("check.fixes", list = fixes.join(&crate::tr!("list.sep")))
    };
    if fixed > 0 {
        return crate::tr!(
            "check.summary_fixed",
            fixed = count_problems(fixed),
            remaining = problems,
            fixes = fixes,
            place = place
        );
    }
    crate::tr!("check.summary_found", problems = count_problems(problems), fixes = fixes, place = place)
}

/// `--show-fixes`: what `--fix` changed, one line each, at the position in the
/// file as it was; path and message on their one line (`redact::safe_line`).
/// With `github`, each line is a `::notice` command.
pub fn fixes_applied(report: &Outcome, format: OutputFormat) -> String {
    let mut out = String::new();
    for file in &report.files {
        let index = file.source.as_deref().map(crate::diagnostic::LineIndex::new);
        for d in &file.applied {
            let (line, col) = index.as_ref().map_or((1, 1), |i| i.line_col(d.span.start));
            let at = format!("{}:{line}:{col}", safe_line(&d.path.display().to_string()));
            let message = text::shown_message(&d.message);
            out.push_str(&crate::tr!("check.fixed_line", at = at, code = d.code, message = message));
            out.push('\n');
        }
    }
    match format {
        OutputFormat::Github => github::commands("notice", "crlint fix", &out),
        _ => out,
    }
}

/// The verdicts of `--probe` after the findings: `probe …` lines, or with
/// `github` one command each (`notice` when it went well, else `error`).
pub fn probe_verdicts(results: &[crate::probe::ProbeResult], format: OutputFormat) -> String {
    match format {
        OutputFormat::Github => results
            .iter()
            .map(|r| {
                let level = if r.verdict.is_ok() { "notice" } else { "error" };
                github::commands(level, "crlint probe", &probe::lines(std::slice::from_ref(r)))
            })
            .collect(),
        _ => probe::lines(results),
    }
}
