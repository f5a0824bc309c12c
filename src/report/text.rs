//! The default, human format: miette's graphical report with the source line,
//! the value underlined, the message and the corrected value as help.
//!
//! miette never sees the file: each finding gets an excerpt of its own, built
//! from the file's text with keys masked (once per file), a line before and a
//! line after the span, the span itself over at most `MAX_SPAN_LINES` lines,
//! and each line longer than `LONG_LINE` bytes cut to a window around the
//! span with `…` where it was cut. Control characters and the CI runner's
//! command markers in it are escaped (`redact::show`), and so are the path,
//! the message and the help. So the work and the output per finding are
//! bounded whatever the file's lines (a minified bundle, a one-line JSON),
//! and a span at any column renders (miette cannot pad past column 65,535).
//! Lines and columns in the header are the file's (columns count characters).

use std::ops::Range;
use std::path::Path;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents,
    Report, SourceCode, SourceSpan, SpanContents,
};

use super::RenderOptions;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, LineIndex, Severity};
use crate::outcome::Outcome;
use crate::redact::{map_offset, redact_with_moves, safe_line, show, Layout, Move};

/// Lines up to this many bytes are shown whole.
const LONG_LINE: usize = 200;
/// A longer line shows this many bytes …
const WINDOW: usize = 160;
/// … starting this many bytes before the span.
const BEFORE: usize = 40;
/// A span over more lines is underlined on its first lines only.
const MAX_SPAN_LINES: usize = 6;
/// Messages and help are cut to this many characters (they may quote a value).
pub const MAX_MESSAGE: usize = 1000;

pub fn render(report: &Outcome, opts: &RenderOptions) -> String {
    let handler = handler(opts.color, opts.width);
    let mut out = String::new();
    for file in &report.files {
        // Once per file, not per finding: a file may hold tens of thousands.
        let source = file.current_text().map(Snippets::new);
        for d in &file.diagnostics {
            out.push_str(&render_one(&handler, d, source.as_ref()));
            out.push('\n');
        }
    }
    out
}

/// One error inside a file that is not a finding (a wrong `crlint.toml`),
/// drawn like a finding: `path`, the excerpt around `span`, message and help.
pub fn source_error(
    path: &Path,
    source: &str,
    span: Range<usize>,
    code: &str,
    message: &str,
    help: Option<&str>,
    color: bool,
) -> String {
    let mut diag = MietteDiagnostic::new(shown_message(message)).with_code(code.to_string());
    if let Some(help) = help {
        diag = diag.with_help(shown_message(help));
    }
    let excerpt = Snippets::new(source).excerpt(safe_line(&path.display().to_string()), span);
    let label = LabeledSpan::at(excerpt.span.clone(), "here");
    let report = Report::new(diag.with_label(label)).with_source_code(excerpt);
    let mut out = String::new();
    let _ = handler(color, 100).render_report(&mut out, report.as_ref());
    out
}

fn handler(color: bool, width: usize) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    // Long words are not broken: a piece of a message cannot start a line.
    // Lines break at spaces only: a URL or a path is never cut in two (a word
    // longer than the width overflows instead).
    GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// A message or help as printed: one line, keys masked, controls escaped, at
/// most `MAX_MESSAGE` characters.
pub fn shown_message(text: &str) -> String {
    safe_line(&cut_middle(text, MAX_MESSAGE))
}

/// `text`, or its first and last characters around a `…` when it is longer than `max`.
pub fn cut_middle(text: &str, max: usize) -> String {
    if text.len() <= max || text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max / 2).collect();
    let tail: String = {
        let mut tail: Vec<char> = text.chars().rev().take(max / 2 - 1).collect();
        tail.reverse();
        tail.into_iter().collect()
    };
    format!("{head}…{tail}")
}

fn render_one(handler: &GraphicalReportHandler, d: &Diagnostic, source: Option<&Snippets<'_>>) -> String {
    // miette appends the line and column of the first label to this name.
    let name = safe_line(&d.path.display().to_string());
    let mut diag = MietteDiagnostic::new(shown_message(&d.message))
        .with_code(format!("{} {}", d.code, d.name()))
        .with_severity(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        });
    let mut help_text = None;
    if let Some(help) = &d.help {
        let safety = match &d.fix {
            Some(f) if f.applicability == crate::fix::Applicability::Unsafe => crate::tr!("text.unsafe_fix"),
            Some(_) => crate::tr!("text.safe_fix"),
            None => String::new(),
        };
        help_text = Some(format!("{}{safety}", shown_message(help)));
    }
    let mut s = String::new();
    match source {
        Some(source) => {
            if let Some(help) = help_text {
                diag = diag.with_help(help);
            }
            let excerpt = source.excerpt(name, d.span.clone());
            let label = LabeledSpan::at(excerpt.span.clone(), label_for(d.code));
            let report = Report::new(diag.with_label(label)).with_source_code(excerpt);
            let _ = handler.render_report(&mut s, report.as_ref());
        }
        None => {
            // No text to show (a database record, an unreadable file): the
            // path goes with the help.
            let place = crate::tr!("text.in_file", path = name);
            let help = match help_text {
                Some(help) => format!("{help}\n{place}"),
                None => place,
            };
            let report = Report::new(diag.with_help(help));
            let _ = handler.render_report(&mut s, report.as_ref());
        }
    }
    s
}

/// A file's text with keys masked, the map from original offsets into it,
/// where its lines start (at `\n`), and the original's line index for the
/// line and column of each finding.
struct Snippets<'t> {
    text: String,
    moves: Vec<Move>,
    line_starts: Vec<usize>,
    index: LineIndex<'t>,
}

/// The part of a file one finding shows, as miette reads it.
struct Excerpt {
    name: String,
    text: String,
    /// The finding's span in `text`.
    span: Range<usize>,
    /// The file's line (0-based) of the excerpt's first line.
    first_line: usize,
    /// The file's column (0-based, in characters) where the span starts.
    column: usize,
}

impl<'t> Snippets<'t> {
    fn new(source: &'t str) -> Snippets<'t> {
        let (text, moves) = redact_with_moves(source);
        let mut line_starts = vec![0];
        line_starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        Snippets { text, moves, line_starts, index: LineIndex::new(source) }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// The bytes of line `l`, without its line end.
    fn line(&self, l: usize) -> Range<usize> {
        let start = self.line_starts[l];
        let mut end = self.line_starts.get(l + 1).map_or(self.text.len(), |&next| next - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' && end < self.text.len() {
            end -= 1;
        }
        start..end
    }

    fn excerpt(&self, name: String, span: Range<usize>) -> Excerpt {
        let (_, column) = self.index.line_col(span.start);
        let start = map_offset(&self.moves, span.start).min(self.text.len());
        let mut end = map_offset(&self.moves, span.end).clamp(start, self.text.len());
        let first_span_line = self.line_of(start);
        let mut last_span_line = if end > start { self.line_of(end - 1) } else { first_span_line };
        if last_span_line >= first_span_line + MAX_SPAN_LINES {
            last_span_line = first_span_line + MAX_SPAN_LINES - 1;
            end = self.line(last_span_line).end;
        }
        let first = first_span_line.saturating_sub(1);
        let last = (last_span_line + 1).min(self.line_starts.len() - 1);
        // Where a cut line's window starts, relative to its line: the span's column.
        let from = (start - self.line_starts[first_span_line]).saturating_sub(BEFORE);
        let mut text = String::new();
        let (mut span_start, mut span_end) = (0, 0);
        for l in first..=last {
            let range = self.line(l);
            let content = &self.text[range.clone()];
            let (a, b) = if content.len() <= LONG_LINE {
                (0, content.len())
            } else {
                let a = if l > first_span_line && l <= last_span_line { 0 } else { from.min(content.len()) };
                let a = floor_boundary(content, a);
                (a, ceil_boundary(content, (a + WINDOW).min(content.len())))
            };
            let lead = if a > 0 { "…" } else { "" };
            let shown = show(&content[a..b], Layout::Line);
            let base = text.len() + lead.len();
            let at = |offset: usize| {
                base + shown.map(offset.clamp(range.start + a, range.start + b) - range.start - a)
            };
            if l == first_span_line {
                span_start = at(start);
            }
            if l == last_span_line {
                // A span that goes on past the cut ends after its `…`.
                span_end =
                    if end > range.start + b { base + shown.text.len() + "…".len() } else { at(end) };
            }
            text.push_str(lead);
            text.push_str(&shown.text);
            if b < content.len() {
                text.push('…');
            }
            // Each line keeps its line break, as miette would see it in the file.
            if l + 1 < self.line_starts.len() {
                text.push('\n');
            }
        }
        Excerpt {
            name,
            text,
            span: span_start..span_end.max(span_start),
            first_line: first,
            column: column.saturating_sub(1),
        }
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_bytes().read_span(span, context_lines_before, context_lines_after)?;
        // The header's column: the file's, in characters, for the finding's own span.
        let column = if context_lines_before == 0 && span.offset() == self.span.start {
            self.column
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count() + self.first_line,
        )))
    }
}

fn label_for(code: Code) -> String {
    match code {
        Code::CR901 => crate::tr!("text.label_here"),
        Code::CR501 => crate::tr!("text.label_key"),
        _ => crate::tr!("text.label_value"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(source: &str, needle: &str) -> Excerpt {
        let at = source.find(needle).unwrap();
        Snippets::new(source).excerpt("f".into(), at..at + needle.len())
    }

    /// The column of `needle` in `line` as a terminal shows it (CJK characters are two columns).
    fn column_of(line: &str, needle: &str) -> usize {
        crate::i18n::display_width(&line[..line.find(needle).unwrap()])
    }

    /// A line holding CJK text: the underline starts under the value's first
    /// character and is as wide as the value, counting two columns per CJK character.
    #[test]
    fn the_underline_sits_under_the_value_after_cjk_text() {
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
        for (source, value) in [
            (
                "{\"说明\": \"网关地址\", \"url\": \"https://api.crazyrouter.com/v1/v1\"}\n",
                "https://api.crazyrouter.com/v1/v1",
            ),
            (
                "# 国际入口\nBASE=\"根域名\" URL=https://crazyrouter.com/v1 # 控制台\n",
                "https://crazyrouter.com/v1",
            ),
            ("名前=値 　全角 URL=\"中文路径/v1\"\n", "中文路径/v1"),
        ] {
            let start = source.find(value).unwrap();
            let d = Diagnostic::new(Code::CR201, "f.env".into(), start..start + value.len(), "m".into());
            let out = render_one(&handler, &d, Some(&Snippets::new(source)));
            let lines: Vec<&str> = out.lines().collect();
            let at = lines.iter().position(|l| l.contains(value)).unwrap_or_else(|| panic!("{out}"));
            let (code, marks) = (lines[at], lines[at + 1]);
            let first = marks.find(['─', '┬']).unwrap_or_else(|| panic!("no underline:\n{out}"));
            let last = marks.rfind(['─', '┬']).unwrap();
            let from = crate::i18n::display_width(&marks[..first]);
            let to = crate::i18n::display_width(&marks[..last]) + 1;
            assert_eq!(from, column_of(code, value), "underline start:\n{out}");
            assert_eq!(to - from, crate::i18n::display_width(value), "underline width:\n{out}");
        }
    }

    #[test]
    fn a_short_file_shows_whole_lines_around_the_span() {
        let e = excerpt("a=1\nb=https://x\nc=3\nd=4\n", "https://x");
        assert_eq!(e.text, "a=1\nb=https://x\nc=3\n");
        assert_eq!(&e.text[e.span.clone()], "https://x");
        assert_eq!((e.first_line, e.column), (0, 2));
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let source = format!(
            "{}\n{}X=https://x {}\n{}\n",
            "a".repeat(500),
            "b".repeat(70_000),
            "c".repeat(500),
            "d".repeat(500)
        );
        let e = excerpt(&source, "https://x");
        assert_eq!(&e.text[e.span.clone()], "https://x");
        assert!(e.text.len() < 4 * (WINDOW + 10), "{}", e.text.len());
        let lines: Vec<&str> = e.text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with('…') && lines[1].ends_with('…'), "{}", lines[1]);
        assert_eq!((e.first_line, e.column), (0, 70_002));
    }

    #[test]
    fn a_long_span_is_cut_and_underlined_to_the_cut() {
        let source = format!("K=\"{}\"\n", "v".repeat(100_000));
        let at = source.find('v').unwrap();
        let e = Snippets::new(&source).excerpt("f".into(), at..at + 100_000);
        assert!(e.text.len() < WINDOW + 10);
        assert!(e.text[e.span.clone()].ends_with('…'));
    }

    #[test]
    fn a_span_over_many_lines_is_underlined_on_its_first_lines() {
        let source = format!("A=\"{}\"\nB=1\n", "x\n".repeat(10_000));
        let at = source.find('x').unwrap();
        let e = Snippets::new(&source).excerpt("f".into(), at..source.find('"').unwrap() + 20_003);
        assert_eq!(e.text.lines().count(), MAX_SPAN_LINES + 1);
    }

    #[test]
    fn controls_and_keys_in_the_excerpt_are_escaped_and_masked() {
        let key = "sk-0123456789abcdefghijABCDEFGHIJ0123456789abcdwxyz";
        let source = format!("\u{1b}]0;x\u{7}\nA={key}\u{1b}[2J B=https://x\r\n");
        let e = excerpt(&source, "https://x");
        assert_eq!(e.text, "\\x1b]0;x\\x07\nA=sk-01…wxyz\\x1b[2J B=https://x\n");
        assert_eq!(&e.text[e.span.clone()], "https://x");
    }

    #[test]
    fn a_finding_at_any_column_renders() {
        let handler = handler(false, 100);
        for col in [10, 65_534, 65_535, 65_536, 300_000] {
            let source = format!("{}https://x\n", "a".repeat(col));
            let e = excerpt(&source, "https://x");
            let label = LabeledSpan::at(e.span.clone(), "this value");
            let report = Report::new(MietteDiagnostic::new("m").with_label(label)).with_source_code(e);
            let mut out = String::new();
            handler.render_report(&mut out, report.as_ref()).unwrap();
            assert!(out.contains(&format!("[f:1:{}]", col + 1)), "{out}");
            assert!(out.len() < 2000, "{}", out.len());
        }
    }
}
