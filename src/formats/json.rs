//! JSON and JSONC (comments and trailing commas allowed, as VS Code-style
//! settings files and OpenCode's `.jsonc` use them) into the document model,
//! with `jsonc-parser`'s byte ranges. Strict JSON is a subset and parses too.

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

pub fn parse(text: &str) -> Result<Document, ParseFailure> {
    let options = parse_options();
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
    Ok(Document { format: Format::Json, entries, comments })
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
    fn broken_json_points_at_the_error() {
        let text = "{\n  \"env\": {\n    \"A\": \"x\"\n    \"B\": \"y\"\n  }\n}";
        let err = parse(text).unwrap_err();
        // Right after the value that misses its comma.
        assert_eq!(err.span.start, text.find("\"x\"").unwrap() + 3, "{err:?}");
        assert!(err.message.to_lowercase().contains("comma"), "{}", err.message);
    }
}
