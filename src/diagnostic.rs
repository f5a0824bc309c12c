//! A finding, as data: code, severity, the byte span it points at, the message,
//! the change a rule proposes (a corrected value, a line to add, a setting to
//! write elsewhere) and, once the fix layer has spelled that change in the file's
//! format, the byte edits that make it. Rules build these; reporters render them;
//! the fix engine applies their edits. Nothing here knows a format or a terminal.

use std::ops::Range;
use std::path::PathBuf;

use crate::codes::Code;
pub use crate::codes::Severity;
use crate::fix::{Fix, Proposal};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// The path as the user gave it or as the walk found it.
    pub path: PathBuf,
    /// Byte range in the file the finding points at (the value's text).
    pub span: Range<usize>,
    /// One line; already redacted.
    pub message: String,
    /// What to write instead; already redacted.
    pub help: Option<String>,
    /// The change the rule proposes, in terms of values (no format, no bytes).
    pub proposal: Option<Proposal>,
    /// The proposal as byte edits of its file, once the fix layer could spell it
    /// there (`fix::materialize`); `None` when the file's style cannot hold it.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A finding with the code's default severity, no help and no fix.
    pub fn new(code: Code, path: PathBuf, span: Range<usize>, message: String) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.severity(),
            path,
            span,
            message,
            help: None,
            proposal: None,
            fix: None,
        }
    }

    pub fn name(&self) -> &'static str {
        self.code.name()
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_proposal(mut self, proposal: Option<Proposal>) -> Diagnostic {
        self.proposal = proposal;
        self
    }
}

/// 1-based line and column (in characters) of a byte offset. For many offsets
/// into one text, build a `LineIndex` once instead: this scans from the start.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_col(offset)
}

/// Where each line of a text starts, so that turning the offsets of many
/// findings into line and column costs a binary search each, not a scan of the
/// text each (a 4 MiB `.env` of 80,000 findings took a minute that way). The
/// column counts characters from the last offset asked on the same line when
/// it can, so that many findings on one long line (a minified bundle) cost
/// the line's length once, not once each.
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of the start of every line; the first is 0.
    starts: Vec<usize>,
    /// The last (line start, offset, column) computed.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineIndex { text, starts, last: std::cell::Cell::new((usize::MAX, 0, 0)) }
    }

    /// 1-based line and column (in characters, a leading BOM not counted).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        let (last_start, last_offset, last_col) = self.last.get();
        let col = if last_start == line_start && last_offset <= offset && last_offset > line_start {
            // Past the line's leading BOMs (a cached offset inside them is never kept).
            last_col + self.text[last_offset..offset].chars().count()
        } else {
            self.text[line_start..offset].trim_start_matches('\u{feff}').chars().count() + 1
        };
        if !self.text[line_start..offset].starts_with('\u{feff}') {
            self.last.set((line_start, offset, col));
        }
        (line, col)
    }
}

#[cfg(test)]
mod tests {
    use super::line_col;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "# 中文\nA=\"https://x\"";
        let off = text.find("https").unwrap();
        assert_eq!(line_col(text, off), (2, 4));
        assert_eq!(line_col("ab", 0), (1, 1));
        assert_eq!(line_col("\u{feff}ab", 3), (1, 1));
    }

    #[test]
    fn many_columns_on_one_long_line_cost_the_line_once() {
        let text = format!("{}\n", "é".repeat(2_000_000));
        let index = super::LineIndex::new(&text);
        let start = std::time::Instant::now();
        for i in 0..20_000 {
            assert_eq!(index.line_col(i * 200), (1, i * 100 + 1));
        }
        // A scan from the line's start each time would read 40 GB.
        assert!(start.elapsed() < std::time::Duration::from_secs(10), "{:?}", start.elapsed());
    }

    #[test]
    fn the_index_agrees_with_a_scan_at_every_offset() {
        let text = "\u{feff}A=1\r\n# é\n\nB=\"x\ny\"\nlast";
        let index = super::LineIndex::new(text);
        let forward = (0..=text.len() + 2).filter(|&o| o > text.len() || text.is_char_boundary(o));
        let offsets: Vec<usize> =
            forward.clone().chain(forward.rev()).chain([5, 3, 12, 0, 8, 10, 4]).collect();
        for offset in offsets {
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let col = before[start..].trim_start_matches('\u{feff}').chars().count() + 1;
            assert_eq!(index.line_col(offset), (line, col), "offset {offset}");
        }
    }
}
