//! Key selectors: the little path language of `rules/doctor/` and `rules/setup/`
//! for naming a value inside a config file, and finding it in a parsed document.
//!
//! `env.ANTHROPIC_BASE_URL` (keys split on `.`), `provider."my.model".name` (a
//! quoted key may hold dots), `provider.*.options.baseURL` (`*`: any key or
//! index, captured as `{1}`, `{2}`, … for sibling reads), `modelProviders.openai[id=gpt-5].baseUrl`
//! (the element of an array whose `id` is `gpt-5`), `models[*]`. A `{…}`
//! placeholder in a key or a selector value is filled before use ([`Selector::fill`]),
//! so a model name with dots stays one key.
//!
//! Not for: writing (each format's merger in `setup::merge` walks the same
//! steps), or the lint's key patterns (`catalog::KeyPattern`, which have conditions).

use crate::document::{Document, Entry, Segment};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    /// Any key or index; captured.
    Any,
    /// The array element whose `field` holds `value`.
    Find {
        field: String,
        value: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    pub steps: Vec<Step>,
}

/// A value a selector found, with what its wildcards matched.
#[derive(Debug, Clone)]
pub struct Found<'d> {
    pub entry: &'d Entry,
    pub captures: Vec<String>,
}

impl Selector {
    pub fn parse(text: &str) -> Result<Selector, String> {
        let mut steps = Vec::new();
        let mut chars = text.chars().peekable();
        let bad = |why: &str| format!("selector {text:?}: {why}");
        loop {
            let mut key = String::new();
            let mut quoted = false;
            if chars.peek() == Some(&'"') {
                chars.next();
                quoted = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some(c) => key.push(c),
                        None => return Err(bad("unclosed quote")),
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == '.' || c == '[' {
                        break;
                    }
                    key.push(c);
                    chars.next();
                }
            }
            match (quoted, key.as_str()) {
                (false, "*") => steps.push(Step::Any),
                (false, "") if chars.peek() != Some(&'[') || !steps.is_empty() => {
                    return Err(bad("empty key"))
                }
                (false, "") => {}
                _ => steps.push(Step::Key(key)),
            }
            while chars.peek() == Some(&'[') {
                chars.next();
                let inner: String = chars.by_ref().take_while(|&c| c != ']').collect();
                match inner.split_once('=') {
                    _ if inner == "*" => steps.push(Step::Any),
                    Some((field, value)) if !field.is_empty() => {
                        steps.push(Step::Find { field: field.to_string(), value: value.to_string() })
                    }
                    _ => return Err(bad("expected [*] or [field=value]")),
                }
            }
            match chars.next() {
                None => break,
                Some('.') => continue,
                Some(c) => return Err(bad(&format!("unexpected {c:?}"))),
            }
        }
        if steps.is_empty() {
            return Err(bad("empty"));
        }
        Ok(Selector { steps })
    }

    /// The selector with every `{name}` replaced by `lookup(name)`; `None` when one has no value.
    pub fn fill(&self, lookup: &dyn Fn(&str) -> Option<String>) -> Option<Selector> {
        let fill = |s: &str| fill_text(s, lookup);
        let steps = self
            .steps
            .iter()
            .map(|step| {
                Some(match step {
                    Step::Key(k) => Step::Key(fill(k)?),
                    Step::Any => Step::Any,
                    Step::Find { field, value } => Step::Find { field: fill(field)?, value: fill(value)? },
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Selector { steps })
    }

    /// Every entry of `doc` the selector names, in document order.
    pub fn find<'d>(&self, doc: &'d Document) -> Vec<Found<'d>> {
        doc.entries
            .iter()
            .filter_map(|entry| {
                let mut captures = Vec::new();
                matches(doc, &self.steps, &entry.path, 0, &mut captures).then_some(Found { entry, captures })
            })
            .collect()
    }
}

/// `text` with `{name}` placeholders filled; `None` when one has no value.
pub fn fill_text(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}')?;
        out.push_str(&rest[..open]);
        out.push_str(&lookup(&rest[open + 1..close])?);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

fn matches(
    doc: &Document,
    steps: &[Step],
    path: &[Segment],
    depth: usize,
    captures: &mut Vec<String>,
) -> bool {
    let (Some(step), Some(seg)) = (steps.get(depth), path.get(depth)) else {
        return steps.len() == depth && path.len() == depth;
    };
    let ok = match (step, seg) {
        (Step::Key(k), Segment::Key(s)) => k == s,
        // A captured index (`{1}` filled from `models.*`) names the element again.
        (Step::Key(k), Segment::Index(i)) => *k == i.to_string(),
        (Step::Any, Segment::Key(s)) => {
            captures.push(s.clone());
            true
        }
        (Step::Any, Segment::Index(i)) => {
            captures.push(i.to_string());
            true
        }
        (Step::Find { field, value }, Segment::Index(_)) => {
            let mut probe = path[..=depth].to_vec();
            probe.push(Segment::Key(field.clone()));
            doc.get(&probe).is_some_and(|e| &e.scalar.value == value)
        }
        _ => false,
    };
    ok && matches(doc, steps, path, depth + 1, captures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;
    use crate::formats;

    fn found(selector: &str, json: &str) -> Vec<(String, Vec<String>)> {
        let doc = formats::parse(Format::Json, json).unwrap();
        Selector::parse(selector)
            .unwrap()
            .find(&doc)
            .into_iter()
            .map(|f| (f.entry.scalar.value.clone(), f.captures))
            .collect()
    }

    #[test]
    fn parses_keys_quotes_wildcards_and_finds() {
        let s = Selector::parse(r#"a."b.c"[id=x].*[*]"#).unwrap();
        assert_eq!(
            s.steps,
            vec![
                Step::Key("a".into()),
                Step::Key("b.c".into()),
                Step::Find { field: "id".into(), value: "x".into() },
                Step::Any,
                Step::Any
            ]
        );
        assert!(Selector::parse("a..b").is_err());
        assert!(Selector::parse("a[id]").is_err());
    }

    #[test]
    fn finds_values_with_captures_and_element_selectors() {
        let json = r#"{"p": {"x": {"url": "u1"}, "y": {"url": "u2"}}, "m": [{"id": "a", "u": "1"}, {"id": "b", "u": "2"}]}"#;
        assert_eq!(
            found("p.*.url", json),
            vec![("u1".into(), vec!["x".into()]), ("u2".into(), vec!["y".into()])]
        );
        assert_eq!(found("m[id=b].u", json), vec![("2".into(), vec![])]);
        assert!(found("m[id=c].u", json).is_empty());
    }

    #[test]
    fn fills_placeholders_inside_one_key() {
        let s = Selector::parse("models.{model}.name").unwrap();
        let filled = s.fill(&|n| (n == "model").then(|| "gpt-4.1".to_string())).unwrap();
        assert_eq!(filled.steps[1], Step::Key("gpt-4.1".into()));
        assert!(s.fill(&|_| None).is_none());
    }
}
