//! Windows batch files (`.cmd`, `.bat`): `set NAME=value`, `set "NAME=value"`,
//! `setx NAME value` and `setx NAME "value"` (with `/M` or other switches
//! after), at the start of a line or after `&`, `&&`, `||`, `(`. `REM` and `::`
//! lines are comments. Values are kept as written (`%VAR%` is not expanded);
//! cmd has no escapes inside quotes, so a quoted value is verbatim. Never fails:
//! a batch file has no quoting that can be left open across lines.

use super::{is_name, Lexed};
use crate::document::{Comment, Entry, Quote, Scalar, Segment};

pub(super) fn lex(text: &str) -> Lexed {
    let mut entries = Vec::new();
    let mut comments = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let lead = line.len() - line.trim_start().len();
        let body = &line[lead..];
        let start = line_start + lead;
        let lower = body.to_ascii_lowercase();
        if lower.starts_with("rem ") || lower == "rem" || body.starts_with("::") {
            let skip = if body.starts_with("::") { 2 } else { 3 };
            comments.push(Comment { span: start..start + body.len(), text: body[skip..].to_string() });
            continue;
        }
        for (cmd_start, command) in commands(body) {
            entries.extend(command_entry(command, start + cmd_start));
        }
    }
    Lexed { entries, comments, failures: vec![] }
}

/// The commands of a line, split at `&`, `&&`, `||` and `(` outside quotes, with their offsets.
fn commands(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '&' | '|' | '(' | ')' if !quoted => {
                out.push((start, &line[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push((start, &line[start..]));
    out.into_iter()
        .map(|(s, c)| {
            let lead = c.len() - c.trim_start().len();
            (s + lead, c.trim())
        })
        .filter(|(_, c)| !c.is_empty())
        .collect()
}

fn command_entry(command: &str, at: usize) -> Option<Entry> {
    let lower = command.to_ascii_lowercase();
    let command = command.strip_prefix('@').unwrap_or(command);
    let (skip, setx) = if lower.trim_start_matches('@').starts_with("setx ") {
        (5, true)
    } else if lower.trim_start_matches('@').starts_with("set ") {
        (4, false)
    } else {
        return None;
    };
    let at = at + usize::from(lower.starts_with('@')) + skip;
    let rest = &command[skip..];
    let lead = rest.len() - rest.trim_start().len();
    let (rest, at) = (&rest[lead..], at + lead);
    if setx {
        // `setx NAME value` or `setx NAME "value"`, switches (`/M`) after.
        let name_end = rest.find(char::is_whitespace)?;
        let name = &rest[..name_end];
        let after = &rest[name_end..];
        let vlead = after.len() - after.trim_start().len();
        let value_at = name_end + vlead;
        let raw = &rest[value_at..];
        let (scalar, _) = word_scalar(raw, at + value_at)?;
        return is_name(name).then(|| Entry {
            path: vec![Segment::Key(name.to_string())],
            scalar,
            key_span: Some(at..at + name.len()),
        });
    }
    // `set "NAME=value"` or `set NAME=value` (`set /a`, `set /p` are no assignments).
    if rest.starts_with('/') {
        return None;
    }
    let (inner, inner_at, quoted) = match rest.strip_prefix('"') {
        Some(q) => (&q[..q.rfind('"').unwrap_or(q.len())], at + 1, true),
        None => (rest.trim_end(), at, false),
    };
    let eq = inner.find('=')?;
    let name = &inner[..eq];
    if !is_name(name) {
        return None;
    }
    let value = &inner[eq + 1..];
    let vstart = inner_at + eq + 1;
    let span = vstart..vstart + value.len();
    let quote = if quoted { Quote::Double } else { Quote::Bare };
    // Inside `set "NAME=value"` the value's own bytes are its text; token and
    // content are both the value, like a part of a larger string.
    let scalar = Scalar { value: value.to_string(), token: span.clone(), content: span, quote };
    Some(Entry {
        path: vec![Segment::Key(name.to_string())],
        scalar,
        key_span: Some(inner_at..inner_at + eq),
    })
}

/// The first word of `raw` (a `"…"` string or a run of non-space characters) as a scalar at `at`.
fn word_scalar(raw: &str, at: usize) -> Option<(Scalar, usize)> {
    if let Some(q) = raw.strip_prefix('"') {
        let close = q.find('"')?;
        let value = &q[..close];
        let scalar = Scalar {
            value: value.to_string(),
            token: at..at + close + 2,
            content: at + 1..at + 1 + close,
            quote: Quote::Double,
        };
        return Some((scalar, close + 2));
    }
    let end = raw.find(char::is_whitespace).unwrap_or(raw.len());
    (end > 0).then(|| {
        let span = at..at + end;
        (
            Scalar { value: raw[..end].to_string(), token: span.clone(), content: span, quote: Quote::Bare },
            end,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_and_setx_forms() {
        let text = "@echo off\r\nREM gateway\r\nset OPENAI_BASE_URL=https://api.crazyrouter.com/v1\r\nset \"ANTHROPIC_BASE_URL=https://api.crazyrouter.com\"\r\nsetx GOOGLE_GEMINI_BASE_URL \"https://api.crazyrouter.com\" /M\r\nif defined X (setx A a) & set /p B=ask\r\n:: done\r\n";
        let found = lex(text);
        let got: Vec<(String, String, &str)> = found
            .entries
            .iter()
            .map(|e| {
                let Segment::Key(k) = &e.path[0] else { panic!() };
                assert_eq!(&text[e.key_span.clone().unwrap()], k);
                (k.clone(), e.scalar.value.clone(), &text[e.scalar.content.clone()])
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "OPENAI_BASE_URL".into(),
                    "https://api.crazyrouter.com/v1".into(),
                    "https://api.crazyrouter.com/v1"
                ),
                (
                    "ANTHROPIC_BASE_URL".into(),
                    "https://api.crazyrouter.com".into(),
                    "https://api.crazyrouter.com"
                ),
                (
                    "GOOGLE_GEMINI_BASE_URL".into(),
                    "https://api.crazyrouter.com".into(),
                    "https://api.crazyrouter.com"
                ),
                ("A".into(), "a".into(), "a"),
            ]
        );
        assert_eq!(found.comments.len(), 2);
    }
}
