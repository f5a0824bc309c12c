//! A key path (`catalog::KeyPath`) walked over a parsed document: every entry it
//! names, with what its wildcards matched. `[field=value]` steps look the
//! element's field up in the same document. For the doctor's reads, which name
//! values the lint settings do not (the provider a `model_provider` selects).
//!
//! Not for: the lint's settings (`find_settings` matches each entry against every
//! pattern once), or writing (`fix::merge`).

use crate::catalog::KeyPath;
use crate::document::{Document, Entry, Segment};

/// A value a key path found, with the segments its wildcards matched.
#[derive(Debug, Clone)]
pub struct Found<'d> {
    pub entry: &'d Entry,
    pub captures: Vec<Segment>,
}

/// Every entry of `doc` that `path` names, in document order. `path` must be
/// filled (no `{…}` left): a template or capture step matches nothing.
pub fn find<'d>(path: &KeyPath, doc: &'d Document) -> Vec<Found<'d>> {
    let element_holds = |element: &[Segment], (field, value): (&str, &str)| {
        let mut probe = element.to_vec();
        probe.push(Segment::Key(field.to_string()));
        doc.entries.iter().any(|e| e.path == probe && e.scalar.value == value)
    };
    doc.entries
        .iter()
        .filter_map(|entry| {
            path.matches_with(&entry.path, &element_holds).map(|captures| Found { entry, captures })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::formats;

    fn found(path: &str, json: &str) -> Vec<(String, Vec<Segment>)> {
        let doc = formats::parse(Format::Json, json).unwrap();
        find(&KeyPath::parse(path).unwrap(), &doc)
            .into_iter()
            .map(|f| (f.entry.scalar.value.clone(), f.captures))
            .collect()
    }

    #[test]
    fn finds_values_with_captures_and_element_selectors() {
        let json = r#"{"p": {"x": {"url": "u1"}, "y": {"url": "u2"}}, "m": [{"id": "a", "u": "1"}, {"id": "b", "u": "2"}]}"#;
        let key = |k: &str| Segment::Key(k.into());
        assert_eq!(
            found("p.*.url", json),
            vec![("u1".into(), vec![key("x")]), ("u2".into(), vec![key("y")])]
        );
        assert_eq!(found("m[id=b].u", json), vec![("2".into(), vec![])]);
        assert_eq!(found("m[*].u", json).len(), 2);
        assert!(found("m[id=c].u", json).is_empty());
        assert!(found("m.*.u", json).is_empty(), "`*` is a key, never an index");
    }
}
