//! JSON, JSONC and JSON5 through jsonc-parser's concrete syntax tree: a missing object
//! or array is created where the path needs it, an array element is found by one
//! of its fields (`[id=gpt-5]`) or appended, and a value is replaced only when it
//! differs. Comments, order, indentation and trailing commas stay as they are.
//!
//! Not for: removing or renaming keys; it only adds and replaces.

use jsonc_parser::cst::{CstArray, CstInputValue, CstNode, CstObject, CstRootNode};

use super::Step;
use super::{Assignment, NewValue};
use crate::document::Format;

/// `format` is JSON (JSONC) or JSON5: the file is read with the options the
/// linter reads it with, so setup never accepts what the linter refuses.
pub fn merge(text: &str, assignments: &[Assignment], format: Format) -> Result<String, String> {
    let options = crate::formats::json::options_for(format);
    let root = CstRootNode::parse(text, &options).map_err(|e| format!("does not parse: {}", e.kind()))?;
    let Some(mut object) = root.object_value_or_create() else {
        return Err("the top level is not an object".into());
    };
    let original = root.to_string();
    for a in assignments {
        set(&mut object, a)?;
    }
    let out = root.to_string();
    // A brand-new file gets a final newline, as editors write them.
    Ok(if text.trim().is_empty() && out != original && !out.ends_with('\n') { out + "\n" } else { out })
}

fn set(root: &mut CstObject, a: &Assignment) -> Result<(), String> {
    let what = a.describe();
    let (last, parents) = a.steps.split_last().expect("a selector has a step");
    let Step::Key(last) = last else { return Err(format!("{what}: must end in a key")) };
    let mut object = root.clone();
    let mut i = 0;
    while i < parents.len() {
        let Step::Key(key) = &parents[i] else {
            return Err(format!("{what}: an element needs an array key"));
        };
        match parents.get(i + 1) {
            Some(Step::Find { field, value }) => {
                let array = object
                    .array_value_or_create(key)
                    .ok_or_else(|| format!("{what}: `{key}` is not an array"))?;
                object = element(&array, field, value)
                    .ok_or_else(|| format!("{what}: `{key}` holds a non-object"))?;
                i += 2;
            }
            _ => {
                object = object
                    .object_value_or_create(key)
                    .ok_or_else(|| format!("{what}: `{key}` is not an object"))?;
                i += 1;
            }
        }
    }
    let new = match &a.value {
        NewValue::Text(s) => CstInputValue::String(s.clone()),
        NewValue::Integer(n) => CstInputValue::Number(n.to_string()),
        NewValue::Bool(b) => CstInputValue::Bool(*b),
    };
    match object.get(last) {
        Some(_) if a.if_absent => {}
        Some(prop) => {
            if !prop.value().is_some_and(|v| holds(&v, &a.value)) {
                prop.set_value(new);
            }
        }
        None => {
            object.append(last, new);
        }
    }
    Ok(())
}

/// The object of `array` whose `field` is the string `value`, appended when none is.
fn element(array: &CstArray, field: &str, value: &str) -> Option<CstObject> {
    for node in array.elements() {
        if let Some(obj) = node.as_object() {
            if obj
                .get(field)
                .and_then(|p| p.value())
                .is_some_and(|v| holds(&v, &NewValue::Text(value.into())))
            {
                return Some(obj);
            }
        }
    }
    let added =
        array.append(CstInputValue::Object(vec![(field.to_string(), CstInputValue::String(value.into()))]));
    added.as_object()
}

fn holds(node: &CstNode, value: &NewValue) -> bool {
    match value {
        NewValue::Text(s) => {
            node.as_string_lit().and_then(|l| l.decoded_value().ok()).is_some_and(|v| &v == s)
        }
        NewValue::Integer(n) => node.as_number_lit().is_some_and(|l| l.to_string() == n.to_string()),
        NewValue::Bool(b) => node.as_boolean_lit().is_some_and(|l| l.value() == *b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::testkit::{key, set};

    #[test]
    fn merges_keeping_comments_and_finds_elements() {
        let text = "{\n  // mine\n  \"theme\": \"dark\", /* keep */\n  \"env\": {\"A\": \"1\"},\n}\n";
        let find = Step::Find { field: "id".into(), value: "m".into() };
        let sets = [
            set(vec![key("env"), key("ANTHROPIC_BASE_URL")], "https://h"),
            set(vec![key("providers"), find.clone(), key("baseUrl")], "https://h/v1"),
            set(vec![key("providers"), find, key("envKey")], "K"),
        ];
        let out = merge(text, &sets, Format::Json).unwrap();
        assert!(
            out.contains("// mine") && out.contains("/* keep */") && out.contains("\"theme\": \"dark\""),
            "{out}"
        );
        let doc = crate::formats::parse(crate::document::Format::Json, &out).unwrap();
        let get = |p: &str| {
            let path = crate::catalog::KeyPath::parse(p).unwrap();
            crate::settings::select::find(&path, &doc)[0].entry.scalar.value.clone()
        };
        assert_eq!(get("env.ANTHROPIC_BASE_URL"), "https://h");
        assert_eq!(get("env.A"), "1");
        assert_eq!(get("providers[id=m].envKey"), "K");
        assert_eq!(merge(&out, &sets, Format::Json).unwrap(), out);
    }

    #[test]
    fn an_empty_file_becomes_an_object() {
        let out = merge("", &[set(vec![key("a"), key("b")], "c")], Format::Json).unwrap();
        assert_eq!(crate::formats::parse(crate::document::Format::Json, &out).unwrap().entries.len(), 1);
        assert!(out.ends_with('\n'));
    }
}
