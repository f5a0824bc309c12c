//! JSON and JSONC (comments and trailing commas allowed, as VS Code-style
//! settings files and OpenCode's `.jsonc` use them), and JSON5 (OpenClaw's
//! `openclaw.json`), into the document model, with `jsonc-parser`'s byte
//! ranges. Strict JSON is a subset and parses too.

use jsonc_parser::ast::{Comment as AstComment, Value};
use jsonc_parser::{parse_to_ast, CollectOptions, CommentCollectionStrategy, ParseOptions};

use crate::document::{Comment, Document, Entry, Format, ParseFailure, Quote, Scalar, Segment};

/// How crlint reads JSON: JSONC (comments, trailing commas, single quotes) but
/// nothing a strict reader like Claude Code's would reject beyond that. The
/// setup merger uses the same options, so it never accepts what the linter refuses.
pub fn parse_options() -> ParseOptions {
    ParseOptions {
        allow_comments: true,
        allow_trailing_commas: true,
        allow_loose_object_property_names: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: true,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// How crlint reads JSON5: everything JSON5 allows (unquoted keys, single quotes,
/// hexadecimal, signed and bare-decimal numbers, `Infinity`/`NaN`, `\x41` escapes
/// and line continuations), and still no missing commas (JSON5 has none either).
pub fn json5_options() -> ParseOptions {
    ParseOptions {
        allow_loose_object_property_names: true,
        allow_hexadecimal_numbers: true,
        allow_unary_plus_numbers: true,
        allow_bare_decimal_point_numbers: true,
        allow_non_finite_numbers: true,
        allow_extended_string_escapes: true,
        ..parse_options()
    }
}

/// The options a format is read (and merged) with.
pub fn options_for(format: Format) -> ParseOptions {
    match format {
        Format::Json5 => json5_options(),
        _ => parse_options(),
    }
}

pub fn parse(text: &str) -> Result<Document, ParseFailure> {
    parse_with(text, Format::Json)
}

pub fn parse_json5(text: &str) -> Result<Document, ParseFailure> {
    parse_with(text, Format::Json5)
}

fn parse_with(text: &str, format: Format) -> Result<Document, ParseFailure> {
    let options = options_for(format);
    let collect = CollectOptions { comments: CommentCollectionStrategy::Separate, tokens: false };
    let result = parse_to_ast(text, &collect, &options).map_err(|e| ParseFailure {
        message: e.kind().to_string(),
        span: e.range().start..e.range().end.max(e.range().start),
    })?;
    let mut entries = Vec::new();
    if let Some(value) = &result.value {
        walk(text, value, &mut Vec::new(), None, &mut entries);
    }
    let mut comments: Vec<Comment> = result
        .comments
        .iter()
        .flat_map(|map| map.values())
        .flat_map(|list| list.iter())
        .map(|c| match c {
            AstComment::Line(l) => Comment { span: l.range.start..l.range.end, text: l.text.to_string() },
            AstComment::Block(b) => Comment { span: b.range.start..b.range.end, text: b.text.to_string() },
        })
        .collect();
    comments.sort_by_key(|c| c.span.start);
    comments.dedup();
    Ok(Document { format, entries, comments })
}

fn walk(
    text: &str,
    value: &Value,
    path: &mut Vec<Segment>,
    key_span: Option<std::ops::Range<usize>>,
    out: &mut Vec<Entry>,
) {
    let scalar = |token: std::ops::Range<usize>, value: String| {
        let (quote, content) = super::quoted_token(text, token.clone());
        Scalar { value, token, content, quote }
    };
    match value {
        Value::Object(obj) => {
            for prop in &obj.properties {
                let (name, span) = match &prop.name {
                    jsonc_parser::ast::ObjectPropName::String(s) => {
                        (s.value.to_string(), s.range.start..s.range.end)
                    }
                    jsonc_parser::ast::ObjectPropName::Word(w) => {
                        (w.value.to_string(), w.range.start..w.range.end)
                    }
                };
                path.push(Segment::Key(name));
                walk(text, &prop.value, path, Some(span), out);
                path.pop();
            }
        }
        Value::Array(arr) => {
            for (i, el) in arr.elements.iter().enumerate() {
                path.push(Segment::Index(i));
                walk(text, el, path, None, out);
                path.pop();
            }
        }
        Value::StringLit(s) => out.push(Entry {
            path: path.clone(),
            scalar: scalar(s.range.start..s.range.end, s.value.to_string()),
            key_span,
        }),
        Value::NumberLit(n) => out.push(Entry {
            path: path.clone(),
            scalar: Scalar {
                value: n.value.to_string(),
                token: n.range.start..n.range.end,
                content: n.range.start..n.range.end,
                quote: Quote::Bare,
            },
            key_span,
        }),
        Value::BooleanLit(b) => out.push(Entry {
            path: path.clone(),
            scalar: Scalar {
                value: b.value.to_string(),
                token: b.range.start..b.range.end,
                content: b.range.start..b.range.end,
                quote: Quote::Bare,
            },
            key_span,
        }),
        Value::NullKeyword(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_carry_exact_spans_and_decoded_values() {
        let text = "{\n  // comment\n  \"env\": {\"A\": \"https:\\/\\/x\", 'B': 'y',},\n  \"list\": [\"z\", true, 3]\n}";
        let doc = parse(text).unwrap();
        let a = doc.get(&[Segment::Key("env".into()), Segment::Key("A".into())]).unwrap();
        assert_eq!(a.scalar.value, "https://x");
        assert_eq!(&text[a.scalar.token.clone()], "\"https:\\/\\/x\"");
        assert_eq!(&text[a.scalar.content.clone()], "https:\\/\\/x");
        assert!(!a.scalar.is_verbatim(text));
        let b = doc.get(&[Segment::Key("env".into()), Segment::Key("B".into())]).unwrap();
        assert_eq!(b.scalar.quote, Quote::Single);
        let z = doc.get(&[Segment::Key("list".into()), Segment::Index(0)]).unwrap();
        assert_eq!(z.scalar.value, "z");
        assert_eq!(doc.get(&[Segment::Key("list".into()), Segment::Index(1)]).unwrap().scalar.value, "true");
        assert_eq!(doc.comments.len(), 1);
        assert_eq!(doc.comments[0].text, " comment");
    }

    #[test]
    fn json5_reads_what_json_refuses() {
        let text = "// openclaw\n{\n  models: {\n    providers: {\n      crx: { baseUrl: 'https://x/v1', maxTokens: 0x10, t: +1, u: .5, v: Infinity, },\n    },\n  },\n}\n";
        assert!(parse(text).is_err(), "strict JSON(C) refuses unquoted keys");
        let doc = parse_json5(text).unwrap();
        assert_eq!(doc.format, Format::Json5);
        let path = ["models", "providers", "crx", "baseUrl"].map(|k| Segment::Key(k.into()));
        let url = doc.get(&path).unwrap();
        assert_eq!(url.scalar.value, "https://x/v1");
        assert_eq!(url.scalar.quote, Quote::Single);
        assert_eq!(&text[url.key_span.clone().unwrap()], "baseUrl");
        let escaped = parse_json5("{a: 'x\\x41'}").unwrap();
        assert_eq!(escaped.entries[0].scalar.value, "xA");
        assert!(parse_json5("{a: 1 b: 2}").is_err(), "JSON5 still needs commas");
    }

    #[test]
    fn broken_json_points_at_the_error() {
        let text = "{\n  \"env\": {\n    \"A\": \"x\"\n    \"B\": \"y\"\n  }\n}";
        let err = parse(text).unwrap_err();
        // Right after the value that misses its comma.
        assert_eq!(err.span.start, text.find("\"x\"").unwrap() + 3, "{err:?}");
        assert!(err.message.to_lowercase().contains("comma"), "{}", err.message);
    }
}
