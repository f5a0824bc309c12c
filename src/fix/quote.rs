//! Writing a new value into a scalar's place in the file's own quoting style.
//! When the new value needs no escaping in that style and the old text had no
//! escapes, only the bytes between the quotes change; otherwise the whole token
//! is re-encoded in the same style (or the nearest style that can hold it).

use crate::document::{Format, Quote, Scalar};
use crate::fix::Edit;

/// The edit that makes `scalar` hold `new_value`; `None` when the file's style
/// cannot hold it safely (a YAML block scalar, a shell `'…'` value with a `'`):
/// such a finding is reported without a fix rather than rewritten by guesswork.
pub fn replace_value(source: &str, format: Format, scalar: &Scalar, new_value: &str) -> Option<Edit> {
    if scalar.quote == Quote::Block {
        return None;
    }
    // A real quoted scalar's token includes its quotes; equal token and content with
    // a quote style means a part of a value inside an outer quoted string (a compose
    // list item, one of `;`-separated URLs): only its own bytes may change.
    if scalar.token == scalar.content && scalar.quote != Quote::Bare {
        return replace_part(source, format, scalar, new_value);
    }
    if scalar.is_verbatim(source) && !needs_escaping(format, scalar.quote, new_value) {
        return Some(Edit { range: scalar.content.clone(), replacement: new_value.to_string() });
    }
    let old = &source[scalar.content.clone()];
    Some(Edit { range: scalar.token.clone(), replacement: encode(format, scalar.quote, new_value, old)? })
}

/// The edit for a part of a value (a virtual entry): its bytes only, and `None`
/// when the new value would need escaping in the surrounding string, since
/// re-quoting a part would break the value around it.
pub fn replace_part(source: &str, format: Format, scalar: &Scalar, new_value: &str) -> Option<Edit> {
    let verbatim = source.get(scalar.content.clone()) == Some(scalar.value.as_str());
    (verbatim && scalar.quote != Quote::Block && !needs_escaping(format, scalar.quote, new_value))
        .then(|| Edit { range: scalar.content.clone(), replacement: new_value.to_string() })
}

fn needs_escaping(format: Format, quote: Quote, value: &str) -> bool {
    let control = value.chars().any(|c| c.is_control());
    match (format, quote) {
        (_, Quote::Block) => true,
        (Format::Dotenv, Quote::Bare) => control || value.contains([' ', '#', '"', '\'', '\t']),
        (Format::Yaml, Quote::Bare) => control || !yaml_plain_safe(value),
        (Format::Shell | Format::PowerShell | Format::Dockerfile, Quote::Bare) => {
            control || value.contains(SHELL_SPECIALS)
        }
        (Format::Shell | Format::PowerShell | Format::Dockerfile, Quote::Double) => {
            control || value.contains(['"', '\\', '$', '`'])
        }
        (Format::PowerShell, Quote::Single) => control || value.contains('\''),
        // cmd: no escapes inside quotes; `%` expands and `^&|<>` are operators when bare.
        (Format::Cmd, Quote::Bare) => control || value.contains(CMD_SPECIALS),
        (Format::Cmd, _) => control || value.contains(['"', '%']),
        // A URL found in text or a source literal is replaced only by what needs no escaping there.
        (Format::Text | Format::Markdown | Format::Source | Format::Sqlite, _) => {
            control || value.contains(['"', '\'', '\\', '`', ' ', '$', '{', '}'])
        }
        (_, Quote::Bare) => true,
        (_, Quote::Double) | (_, Quote::TripleDouble) => control || value.contains(['"', '\\']),
        (_, Quote::Single) | (_, Quote::TripleSingle) => control || value.contains(['\'', '\\']),
    }
}

/// Characters a bare shell word cannot hold as themselves.
const SHELL_SPECIALS: &[char] = &[
    ' ', '\t', '"', '\'', '\\', '$', '`', '#', ';', '&', '|', '<', '>', '(', ')', '*', '?', '[', ']', '{',
    '}', '~',
];

/// Characters a bare cmd word cannot hold as themselves.
const CMD_SPECIALS: &[char] = &[' ', '\t', '"', '%', '^', '&', '|', '<', '>', '(', ')'];

/// A YAML plain scalar that reads back as the same string.
fn yaml_plain_safe(value: &str) -> bool {
    let first_ok =
        value.chars().next().is_some_and(|c| !"-?:,[]{}#&*!|>'\"%@`".contains(c) && !c.is_whitespace());
    first_ok && !value.contains(": ") && !value.contains(" #") && !value.ends_with([' ', ':'])
}

/// The full token for `value`, in `quote` style where it can hold it. `old` is the
/// old text between the quotes, to keep habits such as JSON's `\/`.
fn encode(format: Format, quote: Quote, value: &str, old: &str) -> Option<String> {
    Some(match (format, quote) {
        (Format::Json | Format::Json5, Quote::Single) if !value.contains(['\'', '\\']) => {
            format!("'{value}'")
        }
        (Format::Json | Format::Json5, _) => {
            let s = serde_json::to_string(value).expect("a string serializes");
            if old.contains("\\/") {
                s.replace('/', "\\/")
            } else {
                s
            }
        }
        (Format::Toml, Quote::Single) if !value.contains(['\'', '\n', '\r']) => format!("'{value}'"),
        (Format::Toml, Quote::TripleSingle) if !value.contains("'''") => format!("'''{value}'''"),
        (Format::Toml, _) => format!("\"{}\"", escape_basic(value)),
        (Format::Dotenv, Quote::Single) if !value.contains('\'') => format!("'{value}'"),
        (Format::Dotenv, Quote::Bare) if !needs_escaping(format, quote, value) => value.to_string(),
        (Format::Dotenv, _) => format!("\"{}\"", escape_basic(value).replace('$', "\\$")),
        (Format::Yaml, Quote::Single) => format!("'{}'", value.replace('\'', "''")),
        (Format::Yaml, _) => serde_json::to_string(value).expect("a string serializes"),
        // Shell dialects escape differently inside double quotes (POSIX `\`, PowerShell a
        // backtick); single quotes are literal in all three unless the value has a `'`.
        (Format::Shell | Format::PowerShell | Format::Dockerfile, _)
            if !value.contains(['\'', '\n', '\r']) =>
        {
            format!("'{value}'")
        }
        (Format::Shell | Format::PowerShell | Format::Dockerfile, _) => return None,
        (Format::Cmd, _) if !value.contains(['"', '%', '\n', '\r']) => format!("\"{value}\""),
        (Format::Cmd, _) => return None,
        (Format::Text | Format::Markdown | Format::Source | Format::Sqlite, _) => return None,
    })
}

fn escape_basic(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats;

    fn rewrite(format: Format, text: &str, new_value: &str) -> String {
        let doc = formats::parse(format, text).unwrap();
        let edit = replace_value(text, format, &doc.entries[0].scalar, new_value).unwrap();
        let mut out = text.to_string();
        out.replace_range(edit.range, &edit.replacement);
        // The result parses back to the new value.
        assert_eq!(formats::parse(format, &out).unwrap().entries[0].scalar.value, new_value, "{out}");
        out
    }

    #[test]
    fn keeps_each_format_s_quoting() {
        let url = "https://api.crazyrouter.com";
        assert_eq!(
            rewrite(Format::Json, r#"{"a": "https://x/v1"}"#, url),
            r#"{"a": "https://api.crazyrouter.com"}"#
        );
        assert_eq!(
            rewrite(Format::Json, r#"{"a": "https:\/\/x"}"#, url),
            r#"{"a": "https:\/\/api.crazyrouter.com"}"#
        );
        assert_eq!(rewrite(Format::Json, "{'a': 'x'}", url), "{'a': 'https://api.crazyrouter.com'}");
        assert_eq!(rewrite(Format::Toml, "a = 'x'\n", url), "a = 'https://api.crazyrouter.com'\n");
        assert_eq!(rewrite(Format::Toml, "a = \"x\"\n", url), "a = \"https://api.crazyrouter.com\"\n");
        assert_eq!(
            rewrite(Format::Toml, "a = \"\"\"x\"\"\"\n", url),
            "a = \"\"\"https://api.crazyrouter.com\"\"\"\n"
        );
        assert_eq!(rewrite(Format::Dotenv, "A=x # c\n", url), "A=https://api.crazyrouter.com # c\n");
        assert_eq!(rewrite(Format::Dotenv, "A='x'\n", url), "A='https://api.crazyrouter.com'\n");
        assert_eq!(rewrite(Format::Dotenv, "A=\"x\"\r\n", url), "A=\"https://api.crazyrouter.com\"\r\n");
    }

    #[test]
    fn yaml_shell_and_dockerfile_keep_their_quoting() {
        let url = "https://api.crazyrouter.com/v1";
        assert_eq!(
            rewrite(Format::Yaml, "api_base: https://x # c\n", url),
            "api_base: https://api.crazyrouter.com/v1 # c\n"
        );
        assert_eq!(rewrite(Format::Yaml, "a: 'x'\n", url), "a: 'https://api.crazyrouter.com/v1'\n");
        assert_eq!(rewrite(Format::Yaml, "a: \"x\"\n", url), "a: \"https://api.crazyrouter.com/v1\"\n");
        assert_eq!(rewrite(Format::Yaml, "a: x\n", "has: colon"), "a: \"has: colon\"\n");
        assert_eq!(rewrite(Format::Shell, "export A=x\n", url), "export A=https://api.crazyrouter.com/v1\n");
        assert_eq!(
            rewrite(Format::Shell, "set -gx A 'x'\n", url),
            "set -gx A 'https://api.crazyrouter.com/v1'\n"
        );
        assert_eq!(
            rewrite(Format::Shell, "$env:A = \"x\"\n", url),
            "$env:A = \"https://api.crazyrouter.com/v1\"\n"
        );
        assert_eq!(rewrite(Format::Dockerfile, "ENV A=x\n", url), "ENV A=https://api.crazyrouter.com/v1\n");
        assert_eq!(rewrite(Format::Shell, "export A=x\n", "a b"), "export A='a b'\n");
    }

    #[test]
    fn no_edit_where_the_style_cannot_hold_the_value() {
        let doc = formats::parse(Format::Yaml, "a: |\n  https://x\n").unwrap();
        assert!(replace_value("a: |\n  https://x\n", Format::Yaml, &doc.entries[0].scalar, "y").is_none());
        let text = "export A='x'\n";
        let doc = formats::parse(Format::Shell, text).unwrap();
        assert!(replace_value(text, Format::Shell, &doc.entries[0].scalar, "it's").is_none());
    }

    #[test]
    fn a_part_of_a_value_gets_a_content_edit_or_none() {
        let text = "environment:\n  - \"OPENAI_BASE_URL=https://x\"\n";
        let start = text.find("https").unwrap();
        let part = Scalar {
            value: "https://x".into(),
            token: start..start + 9,
            content: start..start + 9,
            quote: Quote::Double,
        };
        let edit = replace_value(text, Format::Yaml, &part, "https://api.crazyrouter.com/v1").unwrap();
        assert_eq!(edit.range, part.content);
        assert!(replace_value(text, Format::Yaml, &part, "needs \"escaping\"").is_none());
        let bare = Scalar { quote: Quote::Bare, ..part.clone() };
        assert!(replace_part(text, Format::Dotenv, &bare, "a b").is_none());
    }

    #[test]
    fn escapes_when_the_style_cannot_hold_the_value() {
        assert_eq!(rewrite(Format::Dotenv, "A=x\n", "has space"), "A=\"has space\"\n");
        assert_eq!(rewrite(Format::Toml, "a = 'x'\n", "it's"), "a = \"it's\"\n");
        assert_eq!(rewrite(Format::Json, r#"{"a": "x"}"#, "q\"uote"), r#"{"a": "q\"uote"}"#);
    }
}
