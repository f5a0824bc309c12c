//! The default, human format: miette's graphical report with the source line,
//! the value underlined, the message and the corrected value as help.
//! Snippets are redacted before miette sees them, with spans moved to match.

use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents,
    Report, SourceCode, SourceSpan, SpanContents,
};

use super::RenderOptions;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Severity};
use crate::outcome::Outcome;
use crate::redact::{map_offset, redact_with_moves};

pub fn render(report: &Outcome, opts: &RenderOptions) -> String {
    let theme = if opts.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(opts.width).with_links(false);
    let mut out = String::new();
    for file in &report.files {
        // Once per file, not per finding: a file may hold tens of thousands.
        let source = file.current_text().map(RedactedSource::new);
        for d in &file.diagnostics {
            out.push_str(&render_one(&handler, d, source.as_ref()));
            out.push('\n');
        }
    }
    out
}

fn render_one(handler: &GraphicalReportHandler, d: &Diagnostic, source: Option<&RedactedSource>) -> String {
    // miette appends the line and column of the first label to this name.
    let name = d.path.display().to_string();
    let mut diag = MietteDiagnostic::new(d.message.clone())
        .with_code(format!("{} {}", d.code, d.name()))
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        });
    let mut help_text = None;
    if let Some(help) = &d.help {
        let safety = match &d.fix {
            Some(f) if f.applicability == crate::fix::Applicability::Unsafe => {
                " (unsafe fix: --unsafe-fixes)"
            }
            Some(_) => " (fix: --fix)",
            None => "",
        };
        help_text = Some(format!("{help}{safety}"));
    }
    let mut s = String::new();
    match source {
        Some(source) => {
            if let Some(help) = help_text {
                diag = diag.with_help(help);
            }
            let span = source.map(d.span.start)..source.map(d.span.end).max(source.map(d.span.start));
            let window = source.window(name, span.clone());
            let label = LabeledSpan::at(span, label_for(d.code));
            let report = Report::new(diag.with_label(label)).with_source_code(window);
            let _ = handler.render_report(&mut s, report.as_ref());
        }
        None => {
            // No text to show (a database record, an unreadable file): the
            // path goes with the help.
            let help = match help_text {
                Some(help) => format!("{help}\nin {name}"),
                None => format!("in {name}"),
            };
            let report = Report::new(diag.with_help(help));
            let _ = handler.render_report(&mut s, report.as_ref());
        }
    }
    s
}

/// A file's text with keys masked, the map from original offsets into it, and
/// where its lines start as miette counts lines (`\n`, `\r\n` or a lone `\r`).
struct RedactedSource {
    text: Arc<str>,
    moves: Vec<(std::ops::Range<usize>, usize)>,
    line_starts: Vec<usize>,
}

impl RedactedSource {
    fn new(source: &str) -> RedactedSource {
        let (text, moves) = redact_with_moves(source);
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || b == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
                line_starts.push(i + 1);
            }
        }
        RedactedSource { text: text.into(), moves, line_starts }
    }

    /// Moves a byte offset of the original into the redacted text.
    fn map(&self, offset: usize) -> usize {
        map_offset(&self.moves, offset)
    }

    /// The lines around `span` (a few more than miette shows), so that miette
    /// reads a few lines instead of the whole file for every finding.
    fn window(&self, name: String, span: std::ops::Range<usize>) -> SourceWindow {
        const MARGIN: usize = 3;
        let line_of = |offset: usize| self.line_starts.partition_point(|&s| s <= offset) - 1;
        let first_line = line_of(span.start).saturating_sub(MARGIN);
        let end_line = line_of(span.end) + MARGIN + 1;
        let start = self.line_starts[first_line];
        let end = self.line_starts.get(end_line).copied().unwrap_or(self.text.len());
        SourceWindow { name, text: self.text.clone(), start, end, first_line }
    }
}

/// Part of a source, `text[start..end]`, starting at line `first_line` (0-based),
/// that miette reads as if it were the whole file: spans, lines and columns it
/// gets back are those of the whole file.
struct SourceWindow {
    name: String,
    text: Arc<str>,
    start: usize,
    end: usize,
    first_line: usize,
}

impl SourceCode for SourceWindow {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let offset = span.offset().checked_sub(self.start).ok_or(MietteError::OutOfBounds)?;
        let part = &self.text.as_bytes()[self.start..self.end];
        let inner = part.read_span(
            &SourceSpan::new(offset.into(), span.len()),
            context_lines_before,
            context_lines_after,
        )?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + self.start).into(), inner.span().len()),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count() + self.first_line,
        )))
    }
}

fn label_for(code: Code) -> &'static str {
    match code {
        Code::CR901 => "here",
        Code::CR501 => "key",
        _ => "this value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::NamedSource;

    #[test]
    fn offsets_follow_the_masking() {
        let key = "sk-0123456789abcdefghijABCDEFGHIJ0123456789abcdwxyz";
        let source = format!("A={key}\nB=https://x\nC={key}\n");
        let (red, moves) = redact_with_moves(&source);
        let map = |o| map_offset(&moves, o);
        assert!(!red.contains(key));
        let b = source.find("https").unwrap();
        assert_eq!(&red[map(b)..map(b + 9)], "https://x");
        assert_eq!(&red[map(2)..map(2 + key.len())], "sk-01…wxyz");
        let c = source.rfind("sk-").unwrap();
        assert_eq!(&red[map(c)..map(c + key.len())], "sk-01…wxyz");
        assert_eq!(map(source.len()), red.len());
    }

    #[test]
    fn a_window_renders_like_the_whole_file() {
        // Findings near the start, in the middle (CRLF and lone CR lines around)
        // and at the very end of a file without a final newline.
        let mut source = String::new();
        for i in 0..40 {
            source.push_str(&format!("LINE_{i}=value{i}{}", ["\n", "\r\n", "\r"][i % 3]));
        }
        source.push_str("LAST=https://api.crazyrouter.com/v1");
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
        let red = RedactedSource::new(&source);
        for needle in ["value0", "value1", "value17", "value18", "value19", "https"] {
            let at = source.find(needle).unwrap();
            let span = at..at + needle.len();
            let diag = || MietteDiagnostic::new("m").with_label(LabeledSpan::at(span.clone(), "this value"));
            let (mut whole, mut windowed) = (String::new(), String::new());
            let report = Report::new(diag()).with_source_code(NamedSource::new("f", source.clone()));
            let _ = handler.render_report(&mut whole, report.as_ref());
            let report = Report::new(diag()).with_source_code(red.window("f".into(), span.clone()));
            let _ = handler.render_report(&mut windowed, report.as_ref());
            assert_eq!(windowed, whole, "{needle}");
        }
    }
}
