//! The key-reference forms of `rules/key-refs.toml`, compiled: each form (`${VAR}`,
//! `{env:VAR}`, `printenv VAR`, …) becomes a matcher that finds the variable's
//! name in a value, and the first form of a syntax is what `crlint setup` writes.
//!
//! Not for: deciding which forms a client expands (its profile says), or looking a
//! variable up (`settings::key_ref`).

use regex::Regex;

use super::types::{KeyLookup, KeyRefKind, KeyRefSpec};

/// The placeholder a form writes the variable's name as.
const VAR: &str = "VAR";

#[derive(Debug, Clone)]
pub struct KeyRefSyntax {
    pub spec: KeyRefSpec,
    /// One whole-value pattern per form (escaped literals around the name's
    /// group: always a valid regex), compiled the first time a value is read:
    /// most runs never resolve a key, and compiling them all was a tenth of the
    /// start-up.
    patterns: Vec<String>,
    matchers: std::sync::OnceLock<Vec<Regex>>,
}

impl KeyRefSyntax {
    pub fn compile(spec: KeyRefSpec) -> Result<KeyRefSyntax, String> {
        if spec.forms.is_empty() {
            return Err(format!("syntax {}: no forms", spec.id));
        }
        if spec.lookup.is_empty() {
            return Err(format!("syntax {}: no lookup", spec.id));
        }
        let patterns = spec
            .forms
            .iter()
            .map(|f| form_regex(f).map_err(|e| format!("syntax {}: form {f:?}: {e}", spec.id)))
            .collect::<Result<_, _>>()?;
        Ok(KeyRefSyntax { spec, patterns, matchers: std::sync::OnceLock::new() })
    }

    pub fn id(&self) -> &str {
        &self.spec.id
    }

    pub fn is_helper(&self) -> bool {
        self.spec.kind == KeyRefKind::Helper
    }

    pub fn lookup(&self) -> &[KeyLookup] {
        &self.spec.lookup
    }

    /// The variable `value` (trimmed) names in one of this syntax's forms.
    pub fn variable<'v>(&self, value: &'v str) -> Option<&'v str> {
        let value = value.trim();
        let matchers = self.matchers.get_or_init(|| {
            // Valid by construction (`form_regex`); one that were not would match nothing.
            self.patterns.iter().filter_map(|p| Regex::new(p).ok()).collect()
        });
        matchers.iter().find_map(|m| m.captures(value).and_then(|c| c.get(1)).map(|g| g.as_str()))
    }

    /// How a config names `var` in this syntax (its first form).
    pub fn write(&self, var: &str) -> String {
        self.spec.forms[0].replacen(VAR, var, 1)
    }
}

/// The whole-value matcher of a form: literal text, `VAR` as a variable name, and
/// each run of spaces as blanks (at least one between two word characters).
fn form_regex(form: &str) -> Result<String, String> {
    let (before, after) = form.split_once(VAR).ok_or("no VAR in it")?;
    if after.contains(VAR) {
        return Err("VAR twice".into());
    }
    let mut pattern = String::from("^");
    pattern.push_str(&literal(before, true));
    pattern.push_str("([A-Za-z_][A-Za-z0-9_]*)");
    pattern.push_str(&literal(after, false));
    pattern.push('$');
    Ok(pattern)
}

/// `text` as a regex: literal characters, each run of spaces as blanks. `before_var`:
/// the text ends where the variable's name starts (a word character).
fn literal(text: &str, before_var: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            let start = i;
            while i < chars.len() && chars[i] == ' ' {
                i += 1;
            }
            let prev_word = start > 0 && is_word(chars[start - 1]);
            let next_word = chars.get(i).map_or(before_var, |&c| is_word(c));
            out.push_str(if prev_word && next_word { r"\s+" } else { r"\s*" });
            continue;
        }
        out.push_str(&regex::escape(&chars[i].to_string()));
        i += 1;
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::types::Mark;

    fn syntax(forms: &[&str]) -> KeyRefSyntax {
        KeyRefSyntax::compile(KeyRefSpec {
            id: "t".into(),
            kind: KeyRefKind::Reference,
            forms: forms.iter().map(|f| f.to_string()).collect(),
            lookup: vec![KeyLookup::Environment],
            mark: Mark::U,
            source: "x".into(),
        })
        .unwrap()
    }

    #[test]
    fn forms_find_the_variable_and_nothing_else() {
        let brace = syntax(&["${VAR}"]);
        assert_eq!(brace.variable("${CR_KEY}"), Some("CR_KEY"));
        assert_eq!(brace.variable("  ${CR_KEY} "), Some("CR_KEY"));
        assert_eq!(brace.variable("${CR-KEY}"), None);
        assert_eq!(brace.variable("x${CR_KEY}"), None);
        assert_eq!(brace.write("A"), "${A}");
        let secrets = syntax(&["${{ secrets.VAR }}"]);
        assert_eq!(secrets.variable("${{ secrets.CR_KEY }}"), Some("CR_KEY"));
        assert_eq!(secrets.variable("${{secrets.CR_KEY}}"), Some("CR_KEY"));
        assert_eq!(secrets.write("K"), "${{ secrets.K }}");
        let printenv = syntax(&["printenv VAR"]);
        assert_eq!(printenv.variable("printenv CR_KEY"), Some("CR_KEY"));
        assert_eq!(printenv.variable("printenvCR_KEY"), None);
        assert_eq!(printenv.variable("printenv A; curl x"), None);
        let name = syntax(&["VAR"]);
        assert_eq!(name.variable("CR_KEY"), Some("CR_KEY"));
        assert_eq!(name.variable("sk-abc"), None);
        let echo = syntax(&["echo \"${VAR}\"", "echo $VAR"]);
        assert_eq!(echo.variable("echo \"${K}\""), Some("K"));
        assert_eq!(echo.variable("echo $K"), Some("K"));
        assert_eq!(echo.write("K"), "echo \"${K}\"");
    }

    #[test]
    fn a_form_needs_one_var() {
        let spec = |f: &str| KeyRefSpec {
            id: "t".into(),
            kind: KeyRefKind::Reference,
            forms: vec![f.into()],
            lookup: vec![KeyLookup::Environment],
            mark: Mark::U,
            source: "x".into(),
        };
        assert!(KeyRefSyntax::compile(spec("${X}")).is_err());
        assert!(KeyRefSyntax::compile(spec("VAR VAR")).is_err());
    }
}
