//! Inline suppressions: a comment holding `crlint: ignore CR102` (several codes
//! with commas, `crlint: ignore CR102, CR201`; every code with
//! `crlint: ignore` or `crlint: ignore all`) silences the findings of those
//! codes that start on the comment's own line, or, when the comment stands
//! alone on its line, on the line below it. Text after the codes is a free
//! reason: `# crlint: ignore CR501 -- a revoked demo key`.
//!
//! A suppression that silences nothing is reported as CR001 at the comment,
//! naming the codes that were not used. Suppressions are matched against every
//! finding, before `select`, `ignore` and per-file ignores, so narrowing the
//! run never makes a comment look unused; a CR001 is then filtered like any
//! other code.
//!
//! Project rules (CR204, CR404, CR405) report after every file is linted: their
//! findings go through `silenced_by`; a code of theirs in a list is never
//! called unused by the per-file pass, and an `ignore all` comment that only
//! they use has its CR001 withdrawn by the caller.
//!
//! Works for every format whose parser fills `Document.comments`; knows
//! comments and line numbers, not formats or rules.

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use regex::Regex;

use crate::codes::{rule, Code};
use crate::diagnostic::{line_col, Diagnostic};
use crate::document::Comment;

/// What one suppression comment covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Codes {
    All,
    Only(Vec<String>),
}

#[derive(Debug)]
struct Suppression {
    span: Range<usize>,
    codes: Codes,
    /// 1-based lines the comment silences.
    lines: Range<usize>,
    /// For `Only`, which codes silenced something; for `All`, whether anything was.
    used: Vec<bool>,
}

fn directive() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\bcrlint:\s*ignore\b(?:\s*(?P<all>all)\b|(?P<codes>\s*[a-z]{2}\d{3}(?:\s*,\s*[a-z]{2}\d{3})*))?")
            .expect("valid regex")
    })
}

/// The codes a comment's text suppresses, if it is a suppression.
pub fn parse_directive(text: &str) -> Option<Codes> {
    let caps = directive().captures(text)?;
    match caps.name("codes") {
        Some(list) if caps.name("all").is_none() => {
            Some(Codes::Only(list.as_str().split(',').map(|c| c.trim().to_ascii_uppercase()).collect()))
        }
        _ => Some(Codes::All),
    }
}

/// The suppressions among `comments`, with the lines each one covers.
fn suppressions(text: &str, comments: &[Comment]) -> Vec<Suppression> {
    comments
        .iter()
        .filter_map(|c| {
            let codes = parse_directive(&c.text)?;
            let (first, _) = line_col(text, c.span.start);
            let (last, _) = line_col(text, c.span.end);
            let line_start = text[..c.span.start.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
            let alone = text[line_start..c.span.start].trim_start_matches('\u{feff}').trim().is_empty();
            let lines = first..last + 1 + usize::from(alone);
            let used = vec![
                false;
                match &codes {
                    Codes::All => 1,
                    Codes::Only(list) => list.len(),
                }
            ];
            Some(Suppression { span: c.span.clone(), codes, lines, used })
        })
        .collect()
}

/// Drops the findings that a comment suppresses and adds a CR001 for each
/// suppression that suppressed nothing (or some of whose codes did not).
/// Codes in `deferred` (found later, by the project rules) are never called unused here.
pub fn apply_suppressions(
    path: &Path,
    text: &str,
    comments: &[Comment],
    diagnostics: Vec<Diagnostic>,
    deferred: &[Code],
) -> Vec<Diagnostic> {
    let mut suppressions = suppressions(text, comments);
    if suppressions.is_empty() {
        return diagnostics;
    }
    let mut kept: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            let (line, _) = line_col(text, d.span.start);
            let mut silenced = false;
            for s in suppressions.iter_mut().filter(|s| s.lines.contains(&line)) {
                match &s.codes {
                    Codes::All => {
                        s.used[0] = true;
                        silenced = true;
                    }
                    Codes::Only(list) => {
                        for (i, code) in list.iter().enumerate() {
                            if code == d.code.as_str() {
                                s.used[i] = true;
                                silenced = true;
                            }
                        }
                    }
                }
            }
            !silenced
        })
        .collect();
    for s in &mut suppressions {
        if let Codes::Only(list) = &s.codes {
            for (code, used) in list.iter().zip(s.used.iter_mut()) {
                *used |= deferred.iter().any(|d| d.as_str() == code);
            }
        }
    }
    kept.extend(suppressions.iter().filter_map(|s| unused(path, text, s)));
    kept.sort_by_key(|d| (d.span.start, d.code));
    kept
}

/// A suppression that silences a finding reported after the per-file pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Silencer {
    /// The comment's span (where the per-file pass put its CR001, if it did).
    pub span: Range<usize>,
    /// `crlint: ignore` / `ignore all`: the per-file pass's CR001 for it, if any, is now wrong.
    pub all: bool,
}

/// The suppression among `comments` that silences `d`, if one does.
pub fn silenced_by(text: &str, comments: &[Comment], d: &Diagnostic) -> Option<Silencer> {
    let (line, _) = line_col(text, d.span.start);
    suppressions(text, comments).into_iter().find_map(|s| {
        let covers = match &s.codes {
            Codes::All => true,
            Codes::Only(list) => list.iter().any(|c| c == d.code.as_str()),
        };
        (covers && s.lines.contains(&line)).then(|| Silencer { span: s.span, all: s.codes == Codes::All })
    })
}

fn unused(path: &Path, text: &str, s: &Suppression) -> Option<Diagnostic> {
    let comment = text.get(s.span.clone()).unwrap_or("").trim();
    let (message, help) = match &s.codes {
        Codes::All if !s.used[0] => (
            crate::tr!("suppress.nothing", comment = comment, next = next_line(s)),
            crate::tr!("suppress.remove"),
        ),
        Codes::All => return None,
        Codes::Only(list) => {
            let idle: Vec<&str> =
                list.iter().zip(&s.used).filter(|(_, used)| !**used).map(|(c, _)| c.as_str()).collect();
            if idle.is_empty() {
                return None;
            }
            let unknown: Vec<&str> = idle.iter().copied().filter(|c| rule(c).is_none()).collect();
            let names = idle.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
            let help = if !unknown.is_empty() {
                crate::tr!("suppress.no_code", codes = unknown.join(", "))
            } else if idle.len() == list.len() {
                crate::tr!("suppress.remove")
            } else {
                crate::tr!("suppress.remove_codes", names = names)
            };
            (crate::tr!("suppress.unused", names = names, next = next_line(s)), help)
        }
    };
    Some(Diagnostic::new(Code::CR001, path.to_path_buf(), s.span.clone(), message).with_help(help))
}

fn next_line(s: &Suppression) -> String {
    if s.lines.len() > 1 {
        crate::tr!("suppress.or_next")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_found_anywhere_in_a_comment() {
        assert_eq!(parse_directive(" crlint: ignore CR102"), Some(Codes::Only(vec!["CR102".into()])));
        assert_eq!(
            parse_directive("crlint:ignore cr102,CR201 -- why"),
            Some(Codes::Only(vec!["CR102".into(), "CR201".into()]))
        );
        assert_eq!(
            parse_directive("legacy proxy; crlint: ignore CR102 , CR201"),
            Some(Codes::Only(vec!["CR102".into(), "CR201".into()]))
        );
        assert_eq!(parse_directive(" crlint: ignore"), Some(Codes::All));
        assert_eq!(parse_directive(" crlint: ignore all"), Some(Codes::All));
        assert_eq!(parse_directive(" crlint: ignore -- a reason"), Some(Codes::All));
        assert_eq!(parse_directive(" crlint: ignored"), None);
        assert_eq!(parse_directive(" not a directive"), None);
    }
}
