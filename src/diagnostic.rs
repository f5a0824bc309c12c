//! A finding, as data: code, severity, the byte span it points at, the message,
//! and the fix that would resolve it. Rules build these; reporters render them;
//! the fix engine applies their edits. Nothing here knows a format or a terminal.

use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

use crate::fix::Fix;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    /// The path as the user gave it or as the walk found it.
    pub path: PathBuf,
    /// Byte range in the file the finding points at (the value's text).
    pub span: Range<usize>,
    /// One line; already redacted.
    pub message: String,
    /// What to write instead; already redacted.
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn name(&self) -> &'static str {
        crate::rules::registry::rule(self.code).map_or("", |r| r.name)
    }
}

/// 1-based line and column (in characters) of a byte offset. For many offsets
/// into one text, build a `LineIndex` once instead: this scans from the start.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text).line_col(offset)
}

/// Where each line of a text starts, so that turning the offsets of many
/// findings into line and column costs a binary search each, not a scan of the
/// text each (a 4 MiB `.env` of 80,000 findings took a minute that way).
pub struct LineIndex<'t> {
    text: &'t str,
    /// Byte offset of the start of every line; the first is 0.
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> LineIndex<'t> {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters, a leading BOM not counted).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let line_start = self.starts[line - 1];
        let col = self.text[line_start..offset].trim_start_matches('\u{feff}').chars().count() + 1;
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
    fn the_index_agrees_with_a_scan_at_every_offset() {
        let text = "\u{feff}A=1\r\n# é\n\nB=\"x\ny\"\nlast";
        let index = super::LineIndex::new(text);
        for offset in (0..=text.len() + 2).filter(|&o| o > text.len() || text.is_char_boundary(o)) {
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let col = before[start..].trim_start_matches('\u{feff}').chars().count() + 1;
            assert_eq!(index.line_col(offset), (line, col), "offset {offset}");
        }
    }
}
