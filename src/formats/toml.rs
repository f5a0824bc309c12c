//! TOML into the document model, with the spans `toml_edit` keeps when it
//! parses an immutable document (mutable documents drop them).

use toml_edit::{Item, Table, Value};

use crate::document::{Document, Entry, Format, ParseFailure, Quote, Scalar, Segment};

pub fn parse(text: &str) -> Result<Document, ParseFailure> {
    let doc = toml_edit::Document::parse(text.to_string()).map_err(|e| ParseFailure {
        message: e.message().trim().to_string(),
        span: e.span().unwrap_or(0..0),
    })?;
    let mut entries = Vec::new();
    walk_table(text, doc.as_table(), &mut Vec::new(), &mut entries);
    Ok(Document { format: Format::Toml, entries, comments: super::line_comments(text, '#') })
}

fn walk_table(text: &str, table: &Table, path: &mut Vec<Segment>, out: &mut Vec<Entry>) {
    for (key, item) in table.iter() {
        let key_span = table.get_key_value(key).and_then(|(k, _)| k.span());
        path.push(Segment::Key(key.to_string()));
        walk_item(text, item, key_span, path, out);
        path.pop();
    }
}

fn walk_item(
    text: &str,
    item: &Item,
    key_span: Option<std::ops::Range<usize>>,
    path: &mut Vec<Segment>,
    out: &mut Vec<Entry>,
) {
    match item {
        Item::None => {}
        Item::Value(v) => walk_value(text, v, key_span, path, out),
        Item::Table(t) => walk_table(text, t, path, out),
        Item::ArrayOfTables(arr) => {
            for (i, t) in arr.iter().enumerate() {
                path.push(Segment::Index(i));
                walk_table(text, t, path, out);
                path.pop();
            }
        }
    }
}

fn walk_value(
    text: &str,
    value: &Value,
    key_span: Option<std::ops::Range<usize>>,
    path: &mut Vec<Segment>,
    out: &mut Vec<Entry>,
) {
    let Some(token) = value.span() else { return };
    let scalar = match value {
        Value::String(s) => {
            let (quote, content) = super::quoted_token(text, token.clone());
            Scalar { value: s.value().to_string(), token, content, quote }
        }
        Value::Integer(_) | Value::Float(_) | Value::Boolean(_) | Value::Datetime(_) => Scalar {
            value: text[token.clone()].to_string(),
            content: token.clone(),
            token,
            quote: Quote::Bare,
        },
        Value::Array(arr) => {
            for (i, v) in arr.iter().enumerate() {
                path.push(Segment::Index(i));
                walk_value(text, v, None, path, out);
                path.pop();
            }
            return;
        }
        Value::InlineTable(t) => {
            for (k, v) in t.iter() {
                let ks = t.get_key_value(k).and_then(|(k, _)| k.span());
                path.push(Segment::Key(k.to_string()));
                walk_value(text, v, ks, path, out);
                path.pop();
            }
            return;
        }
    };
    out.push(Entry { path: path.clone(), scalar, key_span });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_in_tables_inline_tables_and_arrays_of_tables() {
        let text = "model = \"gpt-5\" # the model\n[model_providers.crazy]\nbase_url = 'https://api.crazyrouter.com/v1/v1'\nenv = { KEY = \"\"\"x\"\"\" }\n[[list]]\nurl = \"u\"\n";
        let doc = parse(text).unwrap();
        let k = |s: &str| Segment::Key(s.into());
        let b = doc.get(&[k("model_providers"), k("crazy"), k("base_url")]).unwrap();
        assert_eq!(b.scalar.quote, Quote::Single);
        assert_eq!(&text[b.scalar.content.clone()], "https://api.crazyrouter.com/v1/v1");
        assert_eq!(&text[b.key_span.clone().unwrap()], "base_url");
        let inline = doc.get(&[k("model_providers"), k("crazy"), k("env"), k("KEY")]).unwrap();
        assert_eq!(inline.scalar.quote, Quote::TripleDouble);
        assert_eq!(inline.scalar.value, "x");
        assert_eq!(doc.get(&[k("list"), Segment::Index(0), k("url")]).unwrap().scalar.value, "u");
        assert_eq!(doc.comments.len(), 1);
    }

    #[test]
    fn broken_toml_points_at_the_error() {
        let err = parse("[a]\nb = \"unterminated\n").unwrap_err();
        assert!(err.span.start >= 4, "{err:?}");
    }
}
