//! TOML through `toml_edit::DocumentMut`: tables that are missing are added as
//! `[a.b]` sections, an existing value is replaced keeping its comments and
//! spacing (its decor), and nothing else is touched.
//!
//! Not for: arrays of tables (`[[x]]`): no client setup needs one, and it refuses.

use toml_edit::{DocumentMut, Item, Table, Value};

use super::Step;
use super::{Assignment, NewValue};

pub fn merge(text: &str, assignments: &[Assignment]) -> Result<String, String> {
    let mut doc: DocumentMut =
        text.parse().map_err(|e: toml_edit::TomlError| format!("does not parse: {e}"))?;
    for a in assignments {
        let keys: Vec<&str> = a
            .steps
            .iter()
            .map(|s| match s {
                Step::Key(k) => Ok(k.as_str()),
                _ => Err(format!("{}: TOML arrays of tables are not merged", a.describe())),
            })
            .collect::<Result<_, _>>()?;
        let (last, parents) = keys.split_last().expect("a selector has a step");
        let mut table: &mut Table = doc.as_table_mut();
        for key in parents {
            let item = table.entry(key).or_insert_with(|| {
                let mut t = Table::new();
                t.set_implicit(true);
                Item::Table(t)
            });
            table = item.as_table_mut().ok_or_else(|| format!("{}: `{key}` is not a table", a.describe()))?;
        }
        table.set_implicit(false);
        let new = match &a.value {
            NewValue::Text(s) => Value::from(s.as_str()),
            NewValue::Integer(i) => Value::from(*i),
            NewValue::Bool(b) => Value::from(*b),
        };
        match table.get_mut(last) {
            Some(_) if a.if_absent => {}
            Some(Item::Value(old)) => {
                if !same(old, &new) {
                    let decor = old.decor().clone();
                    *old = new;
                    *old.decor_mut() = decor;
                }
            }
            Some(_) => return Err(format!("{}: holds a table, not a value", a.describe())),
            None => {
                table.insert(last, Item::Value(new));
            }
        }
    }
    Ok(doc.to_string())
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::testkit::set_keys as set;

    #[test]
    fn keeps_comments_and_adds_sections() {
        let text = "# mine\nmodel = \"gpt-5\" # keep\n\n[other]\nx = 1\n";
        let sets =
            [set(&["model_provider"], "cr"), set(&["model_providers", "cr", "base_url"], "https://h/v1")];
        let out = merge(text, &sets).unwrap();
        assert!(out.starts_with("# mine\nmodel = \"gpt-5\" # keep\n"), "{out}");
        assert!(out.contains("[model_providers.cr]\nbase_url = \"https://h/v1\"\n"), "{out}");
        assert!(!out.contains("[model_providers]\n"), "{out}");
        assert_eq!(merge(&out, &sets).unwrap(), out);
        let changed = merge(&out, &[set(&["model"], "o3")]).unwrap();
        assert!(changed.contains("model = \"o3\" # keep\n"), "{changed}");
    }
}
