//! The fix loop of one file: apply the applicable fixes of its findings,
//! re-analyse the result (a parse per reading, and only of a text that
//! changed), and repeat while fixes remain (overlapping ones wait for the next
//! pass), as ruff does. Deterministic. Fixes that edit another file are the
//! project pass's business.

use std::collections::HashSet;

use super::Analysed;
use crate::diagnostic::Diagnostic;
use crate::fix::{apply_fixes, Applicability, Fix};

/// Passes of apply-then-re-lint before giving up on fixes that keep overlapping.
const MAX_FIX_PASSES: usize = 10;

pub(super) struct FixOutcome {
    pub text: String,
    pub applied: Vec<Diagnostic>,
    /// The analysis of `text` and its findings.
    pub remaining: Analysed,
}

/// `None` when no fix changed the text.
pub(super) fn fix_text(
    text: &str,
    include_unsafe: bool,
    found: &[Diagnostic],
    lint: impl Fn(&str) -> Analysed,
) -> Option<FixOutcome> {
    let applicable = |d: &Diagnostic| {
        d.fix.as_ref().is_some_and(|f| include_unsafe || f.applicability == Applicability::Safe)
    };
    let mut current = text.to_string();
    let mut diagnostics = found.to_vec();
    let mut applied = Vec::new();
    let mut last: Option<Analysed> = None;
    for _ in 0..MAX_FIX_PASSES {
        let fixes: Vec<&Fix> = diagnostics
            .iter()
            .filter(|d| applicable(d))
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| f.target.is_none())
            .collect();
        if fixes.is_empty() {
            break;
        }
        let (next, taken, _) = apply_fixes(&current, &fixes);
        // A set, not a scan of `taken` per finding: that was quadratic in the
        // number of fixes (a minute on a 4 MiB `.env` of 80,000).
        let taken: HashSet<&Fix> = taken.into_iter().collect();
        applied.extend(
            diagnostics.iter().filter(|d| d.fix.as_ref().is_some_and(|f| taken.contains(f))).cloned(),
        );
        if next == current {
            break;
        }
        current = next;
        crate::formats::count::record_pass();
        let analysed = lint(&current);
        diagnostics = analysed.diagnostics.clone();
        last = Some(analysed);
    }
    let remaining = last.filter(|_| current != text)?;
    Some(FixOutcome { text: current, applied, remaining })
}
