//! Fixes as data, and the one engine that applies them. A fix is a list of
//! byte-range edits with an applicability; rules produce fixes and never touch
//! files. Applying edits knows no rule and no format: quoting is decided when
//! the edit is built (`quote`).

pub mod insert;
pub mod quote;
pub mod write;

use std::ops::Range;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Applied by `--fix`.
    Safe,
    /// Applied only with `--unsafe-fixes`: the result is a guess a person should review.
    Unsafe,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
    /// The file the edits apply to when it is not the finding's own file (CR404
    /// writes Gemini CLI's settings for a finding in a `.env`).
    pub target: Option<FixTarget>,
}

/// Another file a fix edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FixTarget {
    pub path: std::path::PathBuf,
    /// The file does not exist yet: the edits apply to an empty text and create it.
    pub create: bool,
}

impl Fix {
    pub fn new(applicability: Applicability, edit: Edit) -> Fix {
        Fix { applicability, edits: vec![edit], target: None }
    }

    /// A fix whose edits apply to another file.
    pub fn elsewhere(applicability: Applicability, edits: Vec<Edit>, target: FixTarget) -> Fix {
        Fix { applicability, edits, target: Some(target) }
    }
}

/// The one edit that turns `old` into `new`: the bytes between their common prefix
/// and common suffix (on character boundaries). For fixes computed by rewriting a
/// whole text (a CST edit), so that the fix still touches only what changed.
pub fn edit_between(old: &str, new: &str) -> Edit {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = 0;
    for (a, b) in old.chars().rev().zip(new.chars().rev()) {
        if a != b || suffix + a.len_utf8() > max_suffix {
            break;
        }
        suffix += a.len_utf8();
    }
    Edit { range: prefix..old.len() - suffix, replacement: new[prefix..new.len() - suffix].to_string() }
}

/// Applies the edits of `fixes` to `text`. Fixes are taken in order of their
/// first edit; a fix that overlaps one already taken is skipped and returned, so
/// the caller can re-lint and try again (as ruff does). Deterministic.
pub fn apply_fixes<'f>(text: &str, fixes: &[&'f Fix]) -> (String, Vec<&'f Fix>, Vec<&'f Fix>) {
    let mut ordered: Vec<&Fix> = fixes.to_vec();
    ordered.sort_by_key(|f| f.edits.iter().map(|e| (e.range.start, e.range.end)).min());
    let mut taken: Vec<&Fix> = Vec::new();
    let mut skipped = Vec::new();
    let mut edits: Vec<&Edit> = Vec::new();
    for fix in ordered {
        let overlaps = fix.edits.iter().any(|e| edits.iter().any(|t| ranges_touch(&e.range, &t.range)));
        if overlaps {
            skipped.push(fix);
        } else {
            edits.extend(fix.edits.iter());
            taken.push(fix);
        }
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.replacement);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    (out, taken, skipped)
}

/// Two ranges conflict when they share a byte, or when both insert at the same point.
fn ranges_touch(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end || a.start == b.start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(start: usize, end: usize, with: &str) -> Fix {
        Fix::new(Applicability::Safe, Edit { range: start..end, replacement: with.into() })
    }

    #[test]
    fn applies_non_overlapping_edits_and_keeps_the_rest() {
        let text = "a=111\nb=222\r\n";
        let (f1, f2) = (fix(2, 5, "x"), fix(8, 11, "yy"));
        let (out, taken, skipped) = apply_fixes(text, &[&f2, &f1]);
        assert_eq!(out, "a=x\nb=yy\r\n");
        assert_eq!((taken.len(), skipped.len()), (2, 0));
    }

    #[test]
    fn edit_between_covers_only_the_change() {
        let old = "{\n  \"a\": 1\n}\n";
        let new = "{\n  \"a\": 1,\n  \"b\": 2\n}\n";
        let e = edit_between(old, new);
        let mut out = old.to_string();
        out.replace_range(e.range.clone(), &e.replacement);
        assert_eq!(out, new);
        assert_eq!(e.range, 10..10);
        let e = edit_between("", "x");
        assert_eq!((e.range, e.replacement.as_str()), (0..0, "x"));
        let e = edit_between("aé", "aéé");
        assert_eq!(e.range.start, 3);
    }

    #[test]
    fn overlapping_fixes_are_deferred_deterministically() {
        let text = "0123456789";
        let (a, b) = (fix(2, 6, "A"), fix(4, 8, "B"));
        let (out, taken, skipped) = apply_fixes(text, &[&b, &a]);
        assert_eq!(out, "01A6789");
        assert_eq!((taken, skipped), (vec![&a], vec![&b]));
    }
}
