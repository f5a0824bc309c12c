//! Merging values into a config file without losing anything: other keys,
//! comments, order and formatting stay. One merger per format: JSON/JSONC through
//! jsonc-parser's concrete syntax tree, TOML through `toml_edit::DocumentMut`,
//! YAML by byte spans from `formats::yaml` (there is no YAML CST: a value is
//! replaced in place, a missing key gets a line at its siblings' indentation),
//! dotenv by line. A merge that changes nothing returns the text unchanged, which
//! is what makes `crlint setup` idempotent.
//!
//! Used by `crlint setup` (what its `[setup]` section says to set) and by the
//! fixes that write a setting into another file (CR404).
//!
//! Not for: deciding what to set, or writing files.

mod dotenv;
mod json;
mod toml;
mod yaml;

use crate::document::Format;

/// One step of a path to write: a key, or the array element whose `field` holds
/// `value` (created when missing).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Find { field: String, value: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewValue {
    Text(String),
    Integer(i64),
    Bool(bool),
}

impl NewValue {
    /// How the value reads back from a parsed document (`Scalar::value`).
    pub fn as_scalar_text(&self) -> String {
        match self {
            NewValue::Text(s) => s.clone(),
            NewValue::Integer(i) => i.to_string(),
            NewValue::Bool(b) => b.to_string(),
        }
    }
}

/// A writable key path (`catalog::KeyPath::is_writable`, its templates filled) as
/// steps to write; `None` when it holds a step no merger can write (a wildcard).
pub fn steps_of(path: &crate::catalog::KeyPath) -> Option<Vec<Step>> {
    use crate::catalog::Step as P;
    path.steps
        .iter()
        .map(|s| match s {
            P::Key(k) => Some(Step::Key(k.clone())),
            P::Find { field, value } => Some(Step::Find { field: field.clone(), value: value.clone() }),
            _ => None,
        })
        .collect()
}

/// One value to set at a concrete path (keys and `[field=value]` elements only).
#[derive(Debug, Clone)]
pub struct Assignment {
    pub steps: Vec<Step>,
    pub value: NewValue,
    /// Leave an existing value alone.
    pub if_absent: bool,
}

impl Assignment {
    pub fn describe(&self) -> String {
        self.steps
            .iter()
            .map(|s| match s {
                Step::Key(k) => k.clone(),
                Step::Find { field, value } => format!("[{field}={value}]"),
            })
            .collect::<Vec<_>>()
            .join(".")
            .replace(".[", "[")
    }
}

/// `text` with every assignment applied, in order.
pub fn merge(format: Format, text: &str, assignments: &[Assignment]) -> Result<String, String> {
    match format {
        Format::Json => json::merge(text, assignments, Format::Json),
        Format::Json5 => json::merge(text, assignments, Format::Json5),
        Format::Toml => toml::merge(text, assignments),
        Format::Yaml => yaml::merge(text, assignments),
        Format::Dotenv => dotenv::merge(text, assignments),
        other => Err(format!("crlint cannot merge into {other} files")),
    }
}

/// The line ending the file already uses.
pub(crate) fn line_ending(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// Assignments for the mergers' unit tests.
#[cfg(test)]
pub(crate) mod testkit {
    use super::{Assignment, NewValue, Step};

    /// A text value along `steps`.
    pub fn set(steps: Vec<Step>, value: &str) -> Assignment {
        Assignment { steps, value: NewValue::Text(value.into()), if_absent: false }
    }

    /// A text value along plain keys (`["model_providers", "cr", "base_url"]`).
    pub fn set_keys(path: &[&str], value: &str) -> Assignment {
        set(path.iter().map(|k| key(k)).collect(), value)
    }

    pub fn key(k: &str) -> Step {
        Step::Key(k.into())
    }
}
