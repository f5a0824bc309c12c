//! Fixes as data, and the one engine that applies them. A rule proposes a
//! change in terms of values (`Proposal`: this scalar should hold that value, add
//! this variable beside that one, set this key in that file); `materialize` spells
//! it in the file's own format as byte-range edits (`quote` re-quotes in the
//! file's style, `insert` copies a sibling line, `merge` writes into another
//! file); `apply_fixes` applies edits, knowing no rule and no format; `write`
//! puts the result on disk atomically.

pub mod insert;
pub mod merge;
pub mod quote;
pub mod write;

use std::path::PathBuf;

use crate::document::{Entry, Format, Scalar};

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

/// A change a rule proposes, in terms of values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub applicability: Applicability,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The scalar (or, with `part_of_value`, the part of a value it stands for)
    /// should hold `value`.
    Replace { scalar: Scalar, part_of_value: bool, value: String },
    /// Add `name` = `value` beside `anchor`, an entry of the same file.
    AddSibling { anchor: Entry, name: String, value: String },
    /// Set `steps` to `value` in another file (`create`: it does not exist yet).
    SetElsewhere { path: PathBuf, create: bool, steps: Vec<merge::Step>, value: String },
}

impl Proposal {
    pub fn replace(
        applicability: Applicability,
        scalar: &Scalar,
        part_of_value: bool,
        value: &str,
    ) -> Proposal {
        Proposal {
            applicability,
            change: Change::Replace { scalar: scalar.clone(), part_of_value, value: value.to_string() },
        }
    }
}

/// The edits of `proposal` in a file of `format` whose text is `text` and whose
/// entries (of the reading the proposal came from) are `entries`. `None` when
/// the file's style cannot hold it (a YAML block scalar, a value that would need
/// escaping inside a larger string, a line that cannot be copied), or when it
/// edits another file (`materialize_elsewhere`).
pub fn materialize(text: &str, format: Format, entries: &[Entry], proposal: &Proposal) -> Option<Fix> {
    let edit = match &proposal.change {
        Change::Replace { scalar, part_of_value: true, value } => {
            quote::replace_part(text, format, scalar, value)?
        }
        Change::Replace { scalar, part_of_value: false, value } => {
            quote::replace_value(text, format, scalar, value)?
        }
        Change::AddSibling { anchor, name, value } => {
            insert::sibling_line(text, format, entries, anchor, name, value)?
        }
        Change::SetElsewhere { .. } => return None,
    };
    Some(Fix::new(proposal.applicability, edit))
}

/// The edits of a `SetElsewhere` proposal, given its target's text (empty when it
/// is created) and format: the setting merged in, keeping everything else.
pub fn materialize_elsewhere(target_text: &str, format: Format, proposal: &Proposal) -> Option<Fix> {
    let Change::SetElsewhere { path, create, steps, value } = &proposal.change else { return None };
    let assignment = merge::Assignment {
        steps: steps.clone(),
        value: merge::NewValue::Text(value.clone()),
        if_absent: false,
    };
    // A byte-order mark stays where it is; the mergers see the text after it.
    let body = target_text.strip_prefix('\u{feff}').unwrap_or(target_text);
    let bom = &target_text[..target_text.len() - body.len()];
    let new = format!("{bom}{}", merge::merge(format, body, &[assignment]).ok()?);
    if new == target_text {
        return None;
    }
    let target = FixTarget { path: path.clone(), create: *create };
    Some(Fix::elsewhere(proposal.applicability, vec![edit_between(target_text, &new)], target))
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
