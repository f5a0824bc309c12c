//! dotenv by line: an existing `NAME=` keeps its line and quoting (only the value
//! changes, re-quoted as `check --fix` would); a new variable is appended as
//! `NAME=value`, in the file's line ending.
//!
//! Not for: shell rc files (`export`, `set -gx`), which `setup` never writes.

use super::Step;
use super::{line_ending, Assignment};
use crate::document::{Format, Segment};
use crate::fix::quote::replace_value;
use crate::formats;

pub fn merge(text: &str, assignments: &[Assignment]) -> Result<String, String> {
    let mut out = text.to_string();
    for a in assignments {
        let [Step::Key(name)] = a.steps.as_slice() else {
            return Err(format!("{}: a .env holds plain variables only", a.describe()));
        };
        let value = a.value.as_scalar_text();
        let doc =
            formats::parse(Format::Dotenv, &out).map_err(|f| format!("does not parse: {}", f.message))?;
        let existing = doc.entries.iter().rev().find(|e| e.path == [Segment::Key(name.clone())]);
        match existing {
            Some(_) if a.if_absent => {}
            Some(e) if e.scalar.value == value => {}
            Some(e) => {
                let edit = replace_value(&out, Format::Dotenv, &e.scalar, &value)
                    .ok_or_else(|| format!("{name}: its quoting cannot hold the new value"))?;
                out.replace_range(edit.range, &edit.replacement);
            }
            None => {
                let eol = line_ending(&out);
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push_str(eol);
                }
                out.push_str(&format!("{name}={}{eol}", quoted(&value)));
            }
        }
    }
    Ok(out)
}

/// Bare when the value reads back as itself, else double-quoted.
fn quoted(value: &str) -> String {
    if value.chars().any(|c| c.is_whitespace() || matches!(c, '#' | '"' | '\'' | '\\')) {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(name: &str, value: &str) -> Assignment {
        super::super::testkit::set_keys(&[name], value)
    }

    #[test]
    fn replaces_in_place_and_appends() {
        let text = "# keys\r\nA='old' # note\r\nB=2";
        let out = merge(text, &[set("A", "new"), set("C", "${K}")]).unwrap();
        assert_eq!(out, "# keys\r\nA='new' # note\r\nB=2\r\nC=${K}\r\n");
        assert_eq!(merge(&out, &[set("A", "new"), set("C", "${K}")]).unwrap(), out);
    }
}
