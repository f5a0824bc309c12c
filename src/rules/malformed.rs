//! CR107 malformed-url: a value meant as a URL that is not one. The trivial
//! repairs (surrounding spaces or quotes, a missing `https://`, `https:/x`)
//! are safe; anything else has no fix.

use super::Problem;
use crate::codes::Code;

pub struct Cleaned {
    /// The text to analyse further: repaired when the repair is trivial.
    pub text: String,
    pub problem: Option<Problem>,
    /// True when `text` is a URL (after any trivial repair).
    pub parseable: bool,
}

pub fn check(raw: &str) -> Cleaned {
    let mut text = raw.trim().to_string();
    let mut why = Vec::new();
    if text.len() != raw.len() {
        why.push(crate::tr!("rule.malformed_whitespace"));
    }
    let stripped = text.trim_matches(|c| c == '"' || c == '\'' || c == '`');
    if stripped.len() != text.len() {
        text = stripped.trim().to_string();
        why.push(crate::tr!("rule.malformed_quotes"));
    }
    if let Some(rest) = text.strip_prefix("https:/").filter(|r| !r.starts_with('/')) {
        text = format!("https://{rest}");
        why.push(crate::tr!("rule.malformed_one_slash"));
    } else if let Some(rest) = text.strip_prefix("https//") {
        text = format!("https://{rest}");
        why.push(crate::tr!("rule.malformed_no_colon"));
    }
    if !text.contains("://") && looks_like_host(&text) {
        text = format!("https://{text}");
        why.push(crate::tr!("rule.malformed_no_scheme"));
    }
    let inner_space = text.contains(char::is_whitespace);
    let parseable = !inner_space && crate::url::UrlParts::parse(&text).is_some();
    if inner_space {
        why.push(crate::tr!("rule.malformed_spaces"));
    }
    let problem = (!why.is_empty()).then(|| Problem {
        code: Code::CR107,
        message: crate::tr!("rule.malformed", why = why.join(&crate::tr!("list.sep"))),
    });
    Cleaned { text, problem, parseable }
}

/// `api.crazyrouter.com/v1`: a dotted name followed by an optional path.
fn looks_like_host(text: &str) -> bool {
    let host = text.split(['/', '?']).next().unwrap_or("");
    host.contains('.') && host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trivial_repairs() {
        for (raw, fixed) in [
            (" https://api.crazyrouter.com ", "https://api.crazyrouter.com"),
            ("\"https://api.crazyrouter.com/v1\"", "https://api.crazyrouter.com/v1"),
            ("api.crazyrouter.com/v1", "https://api.crazyrouter.com/v1"),
            ("https:/api.crazyrouter.com", "https://api.crazyrouter.com"),
        ] {
            let c = check(raw);
            assert_eq!(c.text, fixed);
            assert!(c.parseable && c.problem.is_some(), "{raw}");
        }
        let ok = check("https://api.crazyrouter.com/v1");
        assert!(ok.problem.is_none() && ok.parseable);
        let bad = check("https://api.crazy router.com");
        assert!(!bad.parseable && bad.problem.is_some());
    }
}
