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

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].trim_start_matches('\u{feff}').chars().count() + 1;
    (line, col)
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
}
