//! Reporters: render diagnostics for people and machines. They know the
//! diagnostic data and the file text (for line, column and snippets), never a
//! parser or a rule. Everything they print is redacted: a key shows as
//! `sk-ab…wxyz` at most.

mod concise;
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

/// `Found 3 problems (2 fixable) in 5 files.`
pub fn summary(report: &CheckReport) -> String {
    let problems = report.diagnostics().count();
    let fixable = report.diagnostics().filter(|(_, d)| d.fix.is_some()).count();
    let files = report.files.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let fixable = if fixable > 0 { format!(" ({fixable} fixable)") } else { String::new() };
    format!("Found {}{fixable} in {}.", plural(problems, "problem"), plural(files, "file"))
}
