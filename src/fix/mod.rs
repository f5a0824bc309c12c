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
}

impl Fix {
    pub fn new(applicability: Applicability, edit: Edit) -> Fix {
        Fix { applicability, edits: vec![edit] }
    }
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
    fn overlapping_fixes_are_deferred_deterministically() {
        let text = "0123456789";
        let (a, b) = (fix(2, 6, "A"), fix(4, 8, "B"));
        let (out, taken, skipped) = apply_fixes(text, &[&b, &a]);
        assert_eq!(out, "01A6789");
        assert_eq!((taken, skipped), (vec![&a], vec![&b]));
    }
}
