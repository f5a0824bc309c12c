//! Writing a new value into a scalar's place in the file's own quoting style.
//! When the new value needs no escaping in that style and the old text had no
//! escapes, only the bytes between the quotes change; otherwise the whole token
//! is re-encoded in the same style (or the nearest style that can hold it).

use crate::document::{Format, Quote, Scalar};
use crate::fix::Edit;

/// The edit that makes `scalar` hold `new_value`.
pub fn replace_value(source: &str, format: Format, scalar: &Scalar, new_value: &str) -> Edit {
    if scalar.is_verbatim(source) && !needs_escaping(format, scalar.quote, new_value) {
        return Edit { range: scalar.content.clone(), replacement: new_value.to_string() };
    }
    let old = &source[scalar.content.clone()];
    Edit { range: scalar.token.clone(), replacement: encode(format, scalar.quote, new_value, old) }
}

fn needs_escaping(format: Format, quote: Quote, value: &str) -> bool {
    let control = value.chars().any(|c| c.is_control());
    match (format, quote) {
        (_, Quote::Block) => true,
        (Format::Dotenv, Quote::Bare) => control || value.contains([' ', '#', '"', '\'', '\t']),
        (_, Quote::Bare) => true,
        (_, Quote::Double) | (_, Quote::TripleDouble) => control || value.contains(['"', '\\']),
        (_, Quote::Single) | (_, Quote::TripleSingle) => control || value.contains(['\'', '\\']),
    }
}

/// The full token for `value`, in `quote` style where it can hold it. `old` is the
/// old text between the quotes, to keep habits such as JSON's `\/`.
fn encode(format: Format, quote: Quote, value: &str, old: &str) -> String {
    match (format, quote) {
        (Format::Json, Quote::Single) if !value.contains(['\'', '\\']) => format!("'{value}'"),
        (Format::Json, _) => {
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
    }
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
        let edit = replace_value(text, format, &doc.entries[0].scalar, new_value);
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
    fn escapes_when_the_style_cannot_hold_the_value() {
        assert_eq!(rewrite(Format::Dotenv, "A=x\n", "has space"), "A=\"has space\"\n");
        assert_eq!(rewrite(Format::Toml, "a = 'x'\n", "it's"), "a = \"it's\"\n");
        assert_eq!(rewrite(Format::Json, r#"{"a": "x"}"#, "q\"uote"), r#"{"a": "q\"uote"}"#);
    }
}
