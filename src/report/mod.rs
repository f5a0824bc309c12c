//! Reporters: render diagnostics for people and machines. They know the
//! diagnostic data and the file text (for line, column and snippets), never a
//! parser or a rule. Everything they print is redacted: a key shows as
//! `sk-ab…wxyz` at most.

mod concise;
pub mod diff;
mod text;

use crate::check::CheckReport;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// miette: the source line with the value underlined, the message and the fix.
    Text,
    /// One line per finding: `path:line:col: CODE message`.
    Concise,
}

pub struct RenderOptions {
    pub color: bool,
    /// Terminal width for wrapping the text format.
    pub width: usize,
}

pub fn render(format: OutputFormat, report: &CheckReport, opts: &RenderOptions) -> String {
    let mut out = match format {
        OutputFormat::Text => text::render(report, opts),
        OutputFormat::Concise => concise::render(report),
    };
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// `Found 3 problems (2 fixable) in 5 files.`, or after `--fix`:
/// `Found 3 problems (2 fixed, 1 remaining) in 5 files.`
pub fn summary(report: &CheckReport) -> String {
    let remaining = report.diagnostics().count();
    let fixed: usize = report.files.iter().map(|f| f.applied.len()).sum();
    let fixable = report.diagnostics().filter(|(_, d)| d.fix.is_some()).count();
    let files = report.files.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let detail = match (fixed, fixable) {
        (0, 0) => String::new(),
        (0, n) => format!(" ({n} fixable)"),
        (f, _) => format!(" ({f} fixed, {remaining} remaining)"),
    };
    format!("Found {}{detail} in {}.", plural(remaining + fixed, "problem"), plural(files, "file"))
}

/// `--show-fixes`: what `--fix` changed, one line each, at the position in the file as it was.
pub fn fixes_applied(report: &CheckReport) -> String {
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
