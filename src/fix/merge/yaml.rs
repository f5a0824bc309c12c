//! YAML by byte spans, since no YAML crate keeps comments on a round trip: the
//! spanned document of `formats::yaml` says where each scalar and key is. An
//! existing value is replaced in place, in its own quoting (`fix::quote`); a
//! missing key is added as a new line after the last line of its mapping, at the
//! indentation of its siblings; a missing sequence element (`models[name=x]`) is
//! appended after the last item as `- name: x`, its fields indented under it.
//!
//! It refuses, rather than guess, where lines cannot be added safely: flow style
//! (`{a: 1}`, `[a]`), a key present with an empty value, a mapping below the top
//! level whose children are all nested mappings (no sibling line to copy the
//! indentation from; the top level's keys start where its first line does).
//!
//! Not for: anchors, tags or multi-document files beyond the first document's keys.

use super::Step;
use super::{line_ending, Assignment, NewValue};
use crate::document::{Document, Format, Segment};
use crate::fix::quote::replace_value;
use crate::formats;

pub fn merge(text: &str, assignments: &[Assignment]) -> Result<String, String> {
    let mut out = text.to_string();
    for a in assignments {
        out = set_one(&out, a).map_err(|why| format!("{}: {why}", a.describe()))?;
    }
    Ok(out)
}

fn set_one(text: &str, a: &Assignment) -> Result<String, String> {
    let doc = formats::parse(Format::Yaml, text).map_err(|f| format!("does not parse: {}", f.message))?;
    let mut path: Vec<Segment> = Vec::new();
    for step in &a.steps {
        match step {
            Step::Key(k) => path.push(Segment::Key(k.clone())),
            Step::Find { field, value } => match find_index(&doc, &path, field, value) {
                Some(index) => path.push(Segment::Index(index)),
                None => {
                    let depth = deepest_container(&doc, &path);
                    return insert(text, &doc, &path[..depth], &a.steps[depth..], &a.value);
                }
            },
        }
    }
    let value = a.value.as_scalar_text();
    if let Some(entry) = doc.get(&path) {
        if a.if_absent || entry.scalar.value == value {
            return Ok(text.to_string());
        }
        let edit = replace_value(text, Format::Yaml, &entry.scalar, &value)
            .ok_or("its quoting (a block scalar) cannot hold the new value")?;
        let mut out = text.to_string();
        out.replace_range(edit.range, &edit.replacement);
        return Ok(out);
    }
    let depth = deepest_container(&doc, &path[..path.len() - 1]);
    insert(text, &doc, &path[..depth], &a.steps[depth..], &a.value)
}

fn find_index(doc: &Document, seq: &[Segment], field: &str, value: &str) -> Option<usize> {
    doc.entries.iter().find_map(|e| match e.path.get(seq.len()..) {
        Some([Segment::Index(i), Segment::Key(f)])
            if e.path.starts_with(seq) && f == field && e.scalar.value == value =>
        {
            Some(*i)
        }
        _ => None,
    })
}

/// How much of `path` exists as a container (a mapping or sequence with entries); 0 is the root.
fn deepest_container(doc: &Document, path: &[Segment]) -> usize {
    (1..=path.len()).rev().find(|&d| has_children(doc, &path[..d])).unwrap_or(0)
}

fn has_children(doc: &Document, prefix: &[Segment]) -> bool {
    doc.entries.iter().any(|e| e.path.len() > prefix.len() && e.path.starts_with(prefix))
}

/// Adds `steps` (relative to the existing container `at`) with `value`.
fn insert(
    text: &str,
    doc: &Document,
    at: &[Segment],
    steps: &[Step],
    value: &NewValue,
) -> Result<String, String> {
    let eol = line_ending(text);
    let under: Vec<_> =
        doc.entries.iter().filter(|e| e.path.len() > at.len() && e.path.starts_with(at)).collect();
    let flow = under.iter().filter_map(|e| e.key_span.as_ref()).any(|k| {
        let line_start = text[..k.start].rfind('\n').map_or(0, |i| i + 1);
        text[line_start..k.start].trim_end().ends_with(['{', ','])
    });
    if flow {
        return Err("flow style ({…} or […]) here; add it by hand".into());
    }
    let (indent, position) = if under.is_empty() {
        if !at.is_empty() || !doc.entries.is_empty() {
            return Err("no place to add it found".into());
        }
        (0, text.len())
    } else {
        let indent = match steps.first() {
            // Items of the sequence `at`: their first key sits two columns after the dash.
            Some(Step::Find { .. }) => {
                let cols =
                    under.iter().filter(|e| e.path.len() == at.len() + 2).filter_map(|e| key_column(text, e));
                cols.min()
                    .ok_or("the sequence's items are not mappings")?
                    .checked_sub(2)
                    .ok_or("odd indentation")?
            }
            _ => {
                let siblings: Vec<_> = under.iter().filter(|e| e.path.len() == at.len() + 1).collect();
                match siblings.iter().find_map(|e| key_column(text, e)) {
                    Some(column) => column,
                    // The top level whose keys all hold nested values: its keys start
                    // where its first content line does.
                    None if at.is_empty() => top_level_indent(text).ok_or("no sibling line to follow")?,
                    None => return Err("no sibling line to follow".into()),
                }
            }
        };
        let last = under.iter().map(|e| e.scalar.token.end).max().unwrap_or(0);
        let line_end = text[last..].find('\n').map_or(text.len(), |i| last + i + 1);
        (indent, line_end)
    };
    if let Some(Step::Key(k)) = steps.first() {
        let pad = " ".repeat(indent);
        let empty =
            regex::Regex::new(&format!(r"(?m)^{pad}{}:[ \t]*(#.*)?\r?$", regex::escape(k))).expect("valid");
        if empty.is_match(text) && at.is_empty() {
            return Err(format!("`{k}` is present with an empty value; fill it by hand"));
        }
    }
    let mut out = text.to_string();
    let mut block = String::new();
    if position == text.len() && !text.is_empty() && !text.ends_with('\n') {
        block.push_str(eol);
    }
    render(steps, value, indent, eol, &mut block);
    out.insert_str(position, &block);
    Ok(out)
}

/// The indentation of the document's first line that is neither blank, a comment
/// nor a document marker: where the keys of its top-level mapping start.
fn top_level_indent(text: &str) -> Option<usize> {
    text.lines()
        .find(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && t != "---"
        })
        .map(|l| l.len() - l.trim_start_matches(' ').len())
}

/// The lines for `steps` at `indent` spaces.
fn render(steps: &[Step], value: &NewValue, indent: usize, eol: &str, out: &mut String) {
    let pad = " ".repeat(indent);
    match steps {
        [Step::Key(k)] => out.push_str(&format!("{pad}{}: {}{eol}", key(k), scalar(value))),
        [Step::Key(k), rest @ ..] => {
            out.push_str(&format!("{pad}{}:{eol}", key(k)));
            render(rest, value, indent + 2, eol, out);
        }
        [Step::Find { field, value: v }, rest @ ..] => {
            out.push_str(&format!("{pad}- {}: {}{eol}", key(field), scalar(&NewValue::Text(v.clone()))));
            if !rest.is_empty() {
                render(rest, value, indent + 2, eol, out);
            }
        }
        _ => {}
    }
}

fn key(k: &str) -> String {
    if plain(k) {
        k.to_string()
    } else {
        serde_json::to_string(k).expect("a string serializes")
    }
}

fn scalar(value: &NewValue) -> String {
    match value {
        NewValue::Text(s) if plain(s) => s.clone(),
        NewValue::Text(s) => serde_json::to_string(s).expect("a string serializes"),
        other => other.as_scalar_text(),
    }
}

/// A plain scalar that reads back as the same string (not a number, boolean or null).
fn plain(s: &str) -> bool {
    let reserved = ["true", "false", "yes", "no", "on", "off", "null", "~"];
    !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '/' || c == '.')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@+ ()".contains(c))
        && !s.contains(": ")
        && !s.ends_with([':', ' '])
        && !reserved.contains(&s.to_ascii_lowercase().as_str())
        && s.parse::<f64>().is_err()
}

fn key_column(text: &str, e: &crate::document::Entry) -> Option<usize> {
    let start = e.key_span.as_ref()?.start;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    Some(text[line_start..start].chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::testkit::{key, set};

    #[test]
    fn replaces_and_adds_keys_and_items() {
        let text = "# mine\nname: x # keep\nmodels:\n  - name: Other\n    provider: ollama\n\n# tail\n";
        let find = Step::Find { field: "name".into(), value: "CR m".into() };
        let sets = [
            set(vec![key("name")], "y"),
            set(vec![key("models"), find.clone(), key("apiBase")], "https://h/v1"),
            set(vec![key("models"), find, key("apiKey")], "${{ secrets.K }}"),
            set(vec![key("schema")], "v1"),
        ];
        let out = merge(text, &sets).unwrap();
        assert_eq!(
            out,
            "# mine\nname: y # keep\nmodels:\n  - name: Other\n    provider: ollama\n  - name: CR m\n    apiBase: https://h/v1\n    apiKey: \"${{ secrets.K }}\"\nschema: v1\n\n# tail\n"
        );
        assert_eq!(merge(&out, &sets).unwrap(), out);
    }

    #[test]
    fn builds_a_new_file_and_refuses_flow_style() {
        let find = Step::Find { field: "name".into(), value: "a".into() };
        let out = merge("", &[set(vec![key("models"), find, key("model")], "gpt-5")]).unwrap();
        assert_eq!(out, "models:\n  - name: a\n    model: gpt-5\n");
        assert!(merge("a: {b: 1}\n", &[set(vec![key("a"), key("c")], "2")]).is_err());
        assert!(merge("models:\n", &[set(vec![key("models"), key("c")], "2")]).is_err());
    }

    #[test]
    fn a_top_level_of_nested_values_takes_new_keys_at_its_own_indentation() {
        let find = Step::Find { field: "name".into(), value: "cr".into() };
        let text = "# hermes\nmodel:\n  default: m\n";
        let out = merge(text, &[set(vec![key("custom_providers"), find, key("base_url")], "https://h/v1")])
            .unwrap();
        assert_eq!(
            out,
            "# hermes\nmodel:\n  default: m\ncustom_providers:\n  - name: cr\n    base_url: https://h/v1\n"
        );
        // Below the top level, a mapping of nested values still has no line to follow.
        assert!(merge("a:\n  b:\n    c: 1\n", &[set(vec![key("a"), key("d")], "2")]).is_err());
    }
}
