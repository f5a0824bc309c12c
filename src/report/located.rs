//! Diagnostics resolved for the machine formats (`json`, `sarif`, `github`):
//! byte spans turned into 1-based line and column (columns count characters,
//! ends are exclusive; one line index per file), paths turned into
//! `/`-separated strings, and every text that reaches the output (path,
//! message, help, fix content) passed through `redact` once more, here, so
//! that no machine format can print a key. Messages and help are cut to
//! `text::MAX_MESSAGE` characters (they may quote a value); fix contents are
//! kept whole (a program applies them). Control characters are left to each
//! format's own escaping.
//!
//! Not for: choosing what to print or how; each format does that.

use std::path::Path;

use super::text::{cut_middle, MAX_MESSAGE};
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::fix::Applicability;
use crate::outcome::Outcome;
use crate::redact::redact;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone)]
pub struct LocatedEdit {
    pub start: Position,
    pub end: Position,
    /// The replacement text, redacted.
    pub content: String,
}

#[derive(Debug, Clone)]
pub struct LocatedFix {
    pub applicability: Applicability,
    pub edits: Vec<LocatedEdit>,
}

/// One diagnostic as the machine formats see it.
#[derive(Debug, Clone)]
pub struct Located<'a> {
    pub diagnostic: &'a Diagnostic,
    /// The path as given or found, `/`-separated, `./` dropped, redacted.
    pub path: String,
    pub start: Position,
    pub end: Position,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<LocatedFix>,
    /// The text of the finding's first line before its span, whitespace
    /// collapsed: the key it belongs to, independent of the value (fingerprints).
    pub line_prefix: String,
}

pub fn locate(report: &Outcome) -> Vec<Located<'_>> {
    let mut out = Vec::new();
    for file in &report.files {
        let source = file.current_text().unwrap_or("");
        let index = LineIndex::new(source);
        out.extend(file.diagnostics.iter().map(|d| {
            let at = |offset: usize| {
                let (line, column) = index.line_col(offset);
                Position { line, column }
            };
            let fix = d.fix.as_ref().map(|f| LocatedFix {
                applicability: f.applicability,
                edits: f
                    .edits
                    .iter()
                    .map(|e| LocatedEdit {
                        start: at(e.range.start),
                        end: at(e.range.end),
                        content: redact(&e.replacement),
                    })
                    .collect(),
            });
            Located {
                diagnostic: d,
                // Masked before `\` turns into `/`: an escaped key in a name stays a key.
                path: slash_path(Path::new(&redact(&d.path.to_string_lossy()))),
                start: at(d.span.start),
                end: at(d.span.end.max(d.span.start)),
                message: redact(&cut_middle(&d.message, MAX_MESSAGE)),
                help: d.help.as_deref().map(|h| redact(&cut_middle(h, MAX_MESSAGE))),
                fix,
                line_prefix: redact(&line_prefix(source, d.span.start)),
            }
        }));
    }
    out
}

/// `path` with `/` separators and without a leading `./`.
pub fn slash_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut rest = text.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    rest.to_string()
}

/// At most this many bytes before a finding make its line prefix: the key
/// part of a line, not the whole of a minified one.
const MAX_PREFIX: usize = 256;

fn line_prefix(source: &str, offset: usize) -> String {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let floor = floor_char_boundary(source, offset.saturating_sub(MAX_PREFIX));
    let line_start = source[floor..offset].rfind('\n').map_or(floor, |i| floor + i + 1);
    source[line_start..offset].trim_start_matches('\u{feff}').split_whitespace().collect::<Vec<_>>().join(" ")
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_use_slashes_without_dot_prefix() {
        assert_eq!(slash_path(Path::new("./a/b.env")), "a/b.env");
        assert_eq!(slash_path(Path::new("a\\b\\.env")), "a/b/.env");
        assert_eq!(slash_path(Path::new("/abs/x")), "/abs/x");
    }

    #[test]
    fn line_prefix_is_the_key_part_of_the_line() {
        let src = "a = 1\n  base_url   = \"https://x\"\n";
        let at = src.find('"').unwrap();
        assert_eq!(line_prefix(src, at), "base_url =");
        assert_eq!(line_prefix(src, 0), "");
        let long = format!("{}key = \"x\"", "a ".repeat(100_000));
        let prefix = line_prefix(&long, long.len() - 3);
        assert!(prefix.ends_with("a a key =") && prefix.len() <= MAX_PREFIX, "{prefix}");
    }
}
