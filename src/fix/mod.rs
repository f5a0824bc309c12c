//! Fixes as data, and the one engine that applies them. A fix is a list of
//! byte-range edits with an applicability; rules produce fixes and never touch
//! files. Applying edits knows no rule and no format: quoting is decided when
//! the edit is built (`quote`).

pub mod insert;
pub mod quote;
pub mod write;

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Applied by `--fix`.
    Safe,
    /// Applied only with `--unsafe-fixes`: the result is a guess a person should review.
    Unsafe,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
    /// The file the edits apply to when it is not the finding's own file (CR404
    /// writes Gemini CLI's settings for a finding in a `.env`).
    pub target: Option<FixTarget>,
}

/// Another file a fix edits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
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
    // The ranges taken so far, start → end. They never touch one another, so a
    // new range can only touch its neighbours in start order: a look-up each
    // instead of a scan of every edit taken (quadratic on a file of 80,000 fixes).
    let mut claimed: BTreeMap<usize, usize> = BTreeMap::new();
    let touches_claimed = |claimed: &BTreeMap<usize, usize>, r: &Range<usize>| {
        let before = claimed.range(..=r.start).next_back();
        let after = claimed.range(r.start + 1..).next();
        [before, after].into_iter().flatten().any(|(&start, &end)| ranges_touch(r, &(start..end)))
    };
    for fix in ordered {
        if fix.edits.iter().any(|e| touches_claimed(&claimed, &e.range)) {
            skipped.push(fix);
        } else {
            for e in &fix.edits {
                let end = claimed.entry(e.range.start).or_insert(e.range.end);
                *end = (*end).max(e.range.end);
            }
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
    fn overlap_checks_find_every_neighbour() {
        // The claimed ranges are looked up by start; check the edges against a scan.
        let text = "0123456789abcdefghij";
        let spans = [(2, 6), (6, 6), (6, 9), (4, 5), (9, 12), (12, 12), (0, 2), (11, 15), (15, 20), (14, 14)];
        let fixes: Vec<Fix> = spans.iter().map(|&(s, e)| fix(s, e, "_")).collect();
        let refs: Vec<&Fix> = fixes.iter().collect();
        let (_, taken, skipped) = apply_fixes(text, &refs);
        let mut ordered = refs.clone();
        ordered.sort_by_key(|f| (f.edits[0].range.start, f.edits[0].range.end));
        let mut expected: Vec<&Fix> = Vec::new();
        for f in ordered {
            if !expected.iter().any(|t| ranges_touch(&t.edits[0].range, &f.edits[0].range)) {
                expected.push(f);
            }
        }
        assert_eq!(taken, expected);
        assert_eq!(taken.len() + skipped.len(), spans.len());
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
