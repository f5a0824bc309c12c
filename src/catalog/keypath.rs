//! The one key-path language of `rules/`: how a lint setting, a doctor read, a
//! condition and a setup assignment name a value inside a config file.
//!
//! - `env.ANTHROPIC_BASE_URL`: keys split on `.`; `"a.b".c`: a quoted key may hold dots.
//! - `providers.*.base_url`: `*` is any object key, `models[*].apiBase`: `[*]` any array
//!   index, `[2]` one index; each `*` / `[*]` is captured, in order.
//! - `**`: any number of steps (zero or more), not captured.
//! - `{1}` (or `[{1}]`) as a whole step: what the first wildcard of another path of the same
//!   provider matched (`models.{1}.apiKey` beside `models[*].apiBase`).
//! - `model_providers.{model_provider}.base_url`: a `{name}` inside a key is filled before
//!   use with another value of the same file (or a setup template such as `{model}`), so a
//!   filled value with dots stays one key.
//! - `modelProviders.openai[id={model}]`: the array element whose `id` field holds that value.
//!
//! Lint setting paths use keys, `*`, `[*]`, `[N]` and `**` only (`KeyPath::is_pattern`);
//! setup assignments use keys and `[field=value]` only (`KeyPath::is_writable`).
//!
//! Not for: walking a parsed document (`settings::select` does, with this type), or
//! writing into a file (`fix::merge`).

use std::fmt;

use crate::document::Segment;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    /// A key holding `{name}` placeholders, filled before use.
    Template(String),
    /// `*`: any object key, captured.
    AnyKey,
    Index(usize),
    /// `[*]`: any array index, captured.
    AnyIndex,
    /// `**`: any number of steps.
    AnyDepth,
    /// `[field=value]`: the array element whose `field` holds `value` (may hold placeholders).
    Find {
        field: String,
        value: String,
    },
    /// `{N}`: the segment the N-th wildcard of the base path matched (1-based).
    Capture(usize),
}

/// Decides a `[field=value]` step: does the array element at this path hold `value` in `field`?
pub type ElementTest<'a> = dyn Fn(&[Segment], (&str, &str)) -> bool + 'a;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyPath {
    pub steps: Vec<Step>,
}

impl KeyPath {
    pub fn parse(text: &str) -> Result<KeyPath, String> {
        let err = |why: &str| format!("key path {text:?}: {why}");
        let chars: Vec<char> = text.chars().collect();
        let mut steps = Vec::new();
        let mut i = 0;
        let mut expect_key = true;
        while i < chars.len() {
            match chars[i] {
                '[' => {
                    let close = chars[i..].iter().position(|&c| c == ']').ok_or_else(|| err("unclosed ["))?;
                    let inner: String = chars[i + 1..i + close].iter().collect();
                    steps.push(
                        bracket_step(&inner)
                            .ok_or_else(|| err("expected [*], [N], [{N}] or [field=value]"))?,
                    );
                    i += close + 1;
                    expect_key = false;
                }
                '.' => {
                    if expect_key {
                        return Err(err("empty key"));
                    }
                    i += 1;
                    expect_key = true;
                }
                '"' => {
                    if !expect_key {
                        return Err(err("a quoted key must follow a dot"));
                    }
                    let close =
                        chars[i + 1..].iter().position(|&c| c == '"').ok_or_else(|| err("unclosed quote"))?;
                    steps.push(Step::Key(chars[i + 1..i + 1 + close].iter().collect()));
                    i += close + 2;
                    expect_key = false;
                }
                _ => {
                    if !expect_key {
                        return Err(err("a key must follow a dot"));
                    }
                    let end = key_end(&chars, i).ok_or_else(|| err("unclosed {"))?;
                    let key: String = chars[i..end].iter().collect();
                    steps.push(bare_step(&key).ok_or_else(|| err("a quote or a brace out of place"))?);
                    i = end;
                    expect_key = false;
                }
            }
        }
        if steps.is_empty() || expect_key {
            return Err(err("empty path or trailing dot"));
        }
        Ok(KeyPath { steps })
    }

    /// Like `parse`, but "" is the document root (the path with no step), as
    /// `env_vars_at = [""]` means the top level.
    pub fn parse_position(text: &str) -> Result<KeyPath, String> {
        if text.is_empty() {
            Ok(KeyPath { steps: vec![] })
        } else {
            KeyPath::parse(text)
        }
    }

    /// Only steps a lint pattern may hold: keys, `*`, `[*]`, `[N]`, `**`.
    pub fn is_pattern(&self) -> bool {
        self.steps.iter().all(|s| {
            matches!(s, Step::Key(_) | Step::AnyKey | Step::Index(_) | Step::AnyIndex | Step::AnyDepth)
        })
    }

    /// Only steps a merger can write: keys (templates filled later) and `[field=value]`.
    pub fn is_writable(&self) -> bool {
        self.steps.iter().all(|s| matches!(s, Step::Key(_) | Step::Template(_) | Step::Find { .. }))
            && matches!(self.steps.last(), Some(Step::Key(_) | Step::Template(_)))
    }

    /// The index of the first captured wildcard, if any.
    pub fn first_wildcard(&self) -> Option<usize> {
        self.steps.iter().position(|s| matches!(s, Step::AnyKey | Step::AnyIndex))
    }

    pub fn wildcard_count(&self) -> usize {
        self.steps.iter().filter(|s| matches!(s, Step::AnyKey | Step::AnyIndex)).count()
    }

    /// The highest `{N}` the path refers to (0 when none).
    pub fn max_capture(&self) -> usize {
        self.steps
            .iter()
            .filter_map(|s| if let Step::Capture(n) = s { Some(*n) } else { None })
            .max()
            .unwrap_or(0)
    }

    /// The `{name}` placeholders of keys and element values, in order.
    pub fn placeholders(&self) -> Vec<String> {
        let mut out = Vec::new();
        for s in &self.steps {
            match s {
                Step::Template(t) => out.extend(placeholders_of(t)),
                Step::Find { field, value } => {
                    out.extend(placeholders_of(field));
                    out.extend(placeholders_of(value));
                }
                _ => {}
            }
        }
        out
    }

    /// The path with its first wildcards replaced, in order, by `captures`; the
    /// wildcards beyond them stay wildcards (a condition's free wildcards).
    pub fn bind(&self, captures: &[Segment]) -> KeyPath {
        let mut next = captures.iter();
        let steps = self
            .steps
            .iter()
            .map(|p| match p {
                Step::AnyKey | Step::AnyIndex => match next.next() {
                    Some(seg) => step_of(seg),
                    None => p.clone(),
                },
                other => other.clone(),
            })
            .collect();
        KeyPath { steps }
    }

    /// The path with `{N}` steps replaced by `captures[N-1]` and `{name}` placeholders
    /// filled by `lookup`; `None` when one has no value.
    pub fn fill(&self, captures: &[Segment], lookup: &dyn Fn(&str) -> Option<String>) -> Option<KeyPath> {
        let steps = self
            .steps
            .iter()
            .map(|s| {
                Some(match s {
                    Step::Template(t) => Step::Key(fill_text(t, lookup)?),
                    Step::Find { field, value } => {
                        Step::Find { field: fill_text(field, lookup)?, value: fill_text(value, lookup)? }
                    }
                    Step::Capture(n) => step_of(captures.get(n.checked_sub(1)?)?),
                    other => other.clone(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(KeyPath { steps })
    }

    /// Matches the beginning of `path`; returns the captures.
    pub fn matches_prefix(&self, path: &[Segment]) -> Option<Vec<Segment>> {
        if path.len() < self.steps.len() {
            return None;
        }
        self.matches(&path[..self.steps.len()])
    }

    /// Matches a concrete path; returns the segments the wildcards matched. A path
    /// still holding placeholders or `[field=value]` steps matches nothing here (an
    /// element selector needs the document: `settings::select`).
    pub fn matches(&self, path: &[Segment]) -> Option<Vec<Segment>> {
        let mut captures = Vec::new();
        match_from(&self.steps, path, &mut captures, &|_, _| false).then_some(captures)
    }

    /// Like `matches`, with `find(element_path, (field, value))` deciding `[field=value]` steps.
    pub fn matches_with(&self, path: &[Segment], find: &ElementTest) -> Option<Vec<Segment>> {
        let mut captures = Vec::new();
        match_from(&self.steps, path, &mut captures, find).then_some(captures)
    }

    /// The concrete path obtained by filling the wildcards with `captures`, in order.
    /// `None` when the path has more wildcards than captures, or other open steps.
    pub fn instantiate(&self, captures: &[Segment]) -> Option<Vec<Segment>> {
        let mut next = captures.iter();
        self.steps
            .iter()
            .map(|p| match p {
                Step::Key(k) => Some(Segment::Key(k.clone())),
                Step::Index(i) => Some(Segment::Index(*i)),
                Step::AnyKey | Step::AnyIndex => next.next().cloned(),
                _ => None,
            })
            .collect()
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for s in &self.steps {
            let dot = if first { "" } else { "." };
            match s {
                Step::Key(k) if k.contains(['.', '[', ']', '"', '{', '}']) || k == "*" || k == "**" => {
                    write!(f, "{dot}\"{k}\"")?
                }
                Step::Key(k) | Step::Template(k) => write!(f, "{dot}{k}")?,
                Step::AnyKey => write!(f, "{dot}*")?,
                Step::AnyDepth => write!(f, "{dot}**")?,
                Step::Capture(n) => write!(f, "{dot}{{{n}}}")?,
                Step::Index(i) => write!(f, "[{i}]")?,
                Step::AnyIndex => write!(f, "[*]")?,
                Step::Find { field, value } => write!(f, "[{field}={value}]")?,
            }
            first = false;
        }
        Ok(())
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

fn placeholders_of(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        out.push(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    out
}

/// Where a bare key starting at `i` ends: at a `.` or `[` outside `{…}`.
fn key_end(chars: &[char], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    while i < chars.len() {
        match chars[i] {
            '{' => depth += 1,
            '}' => depth = depth.checked_sub(1)?,
            '.' | '[' if depth == 0 => return Some(i),
            _ => {}
        }
        i += 1;
    }
    (depth == 0).then_some(i)
}

fn bare_step(key: &str) -> Option<Step> {
    if key.contains('"') {
        return None;
    }
    Some(match key {
        "*" => Step::AnyKey,
        "**" => Step::AnyDepth,
        _ => match capture_number(key) {
            Some(n) => Step::Capture(n),
            None if key.contains(['{', '}']) => {
                if key.matches('{').count() != key.matches('}').count() {
                    return None;
                }
                Step::Template(key.to_string())
            }
            None => Step::Key(key.to_string()),
        },
    })
}

fn bracket_step(inner: &str) -> Option<Step> {
    if inner == "*" {
        return Some(Step::AnyIndex);
    }
    if let Some(n) = capture_number(inner) {
        return Some(Step::Capture(n));
    }
    if let Ok(i) = inner.parse::<usize>() {
        return Some(Step::Index(i));
    }
    let (field, value) = inner.split_once('=')?;
    (!field.is_empty()).then(|| Step::Find { field: field.to_string(), value: value.to_string() })
}

/// `{3}` → 3.
fn capture_number(text: &str) -> Option<usize> {
    let n: usize = text.strip_prefix('{')?.strip_suffix('}')?.parse().ok()?;
    (n > 0).then_some(n)
}

fn step_of(seg: &Segment) -> Step {
    match seg {
        Segment::Key(k) => Step::Key(k.clone()),
        Segment::Index(i) => Step::Index(*i),
    }
}

fn match_from(steps: &[Step], path: &[Segment], captures: &mut Vec<Segment>, find: &ElementTest) -> bool {
    match_at(steps, path, 0, captures, find)
}

/// Matches `steps` against `full[at..]`; `full[..at]` is the path so far (for element look-ups).
fn match_at(
    steps: &[Step],
    full: &[Segment],
    at: usize,
    captures: &mut Vec<Segment>,
    find: &ElementTest,
) -> bool {
    let Some((first, rest)) = steps.split_first() else { return at == full.len() };
    if *first == Step::AnyDepth {
        return (at..=full.len()).any(|skip| {
            let mark = captures.len();
            let ok = match_at(rest, full, skip, captures, find);
            if !ok {
                captures.truncate(mark);
            }
            ok
        });
    }
    let Some(seg) = full.get(at) else { return false };
    match (first, seg) {
        (Step::Key(k), Segment::Key(s)) if k == s => {}
        (Step::Index(i), Segment::Index(s)) if i == s => {}
        (Step::AnyKey, Segment::Key(_)) | (Step::AnyIndex, Segment::Index(_)) => captures.push(seg.clone()),
        (Step::Find { field, value }, Segment::Index(_)) if find(&full[..=at], (field, value)) => {}
        _ => return false,
    }
    match_at(rest, full, at + 1, captures, find)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Segment {
        Segment::Key(s.into())
    }

    #[test]
    fn parses_and_matches_wildcards() {
        let p = KeyPath::parse("provider.*.options.baseURL").unwrap();
        let caps = p.matches(&[key("provider"), key("crazy"), key("options"), key("baseURL")]).unwrap();
        assert_eq!(caps, vec![key("crazy")]);
        assert!(p.matches(&[key("provider"), key("crazy"), key("options")]).is_none());
        let npm = KeyPath::parse("provider.*.npm").unwrap();
        assert_eq!(npm.instantiate(&caps).unwrap(), vec![key("provider"), key("crazy"), key("npm")]);
        // `*` is a key, `[*]` an index: never the other.
        assert!(p.matches(&[key("provider"), Segment::Index(0), key("options"), key("baseURL")]).is_none());
    }

    #[test]
    fn parses_indices_quoted_keys_captures_templates_and_elements() {
        let p = KeyPath::parse(r#"models[*].apiBase"#).unwrap();
        assert_eq!(p.steps, vec![Step::Key("models".into()), Step::AnyIndex, Step::Key("apiBase".into())]);
        assert_eq!(
            p.matches(&[key("models"), Segment::Index(3), key("apiBase")]),
            Some(vec![Segment::Index(3)])
        );
        let q = KeyPath::parse("\"a.b\".c[0]").unwrap();
        assert_eq!(q.steps, vec![Step::Key("a.b".into()), Step::Key("c".into()), Step::Index(0)]);
        let r = KeyPath::parse("model_providers.{model_provider}.base_url").unwrap();
        assert_eq!(r.steps[1], Step::Template("{model_provider}".into()));
        assert_eq!(r.placeholders(), vec!["model_provider".to_string()]);
        let s = KeyPath::parse("models.{1}.apiKey").unwrap();
        assert_eq!(s.steps[1], Step::Capture(1));
        assert_eq!(KeyPath::parse("models[{2}]").unwrap().steps[1], Step::Capture(2));
        let t = KeyPath::parse("modelProviders.openai[id={model}].baseUrl").unwrap();
        assert_eq!(t.steps[2], Step::Find { field: "id".into(), value: "{model}".into() });
        assert!(t.is_writable() && !t.is_pattern());
        assert!(p.is_pattern() && !p.is_writable());
    }

    #[test]
    fn fills_captures_templates_and_element_values() {
        let t = KeyPath::parse("modelProviders.openai[id={model}].baseUrl").unwrap();
        let filled = t.fill(&[], &|n| (n == "model").then(|| "gpt-4.1".to_string())).unwrap();
        assert_eq!(filled.steps[2], Step::Find { field: "id".into(), value: "gpt-4.1".into() });
        let s = KeyPath::parse("models.{1}.apiKey").unwrap();
        let filled = s.fill(&[Segment::Index(2)], &|_| None).unwrap();
        assert_eq!(filled.steps[1], Step::Index(2));
        assert!(s.fill(&[], &|_| None).is_none());
        let r = KeyPath::parse("p.{name}.url").unwrap();
        let filled = r.fill(&[], &|_| Some("a.b".into())).unwrap();
        assert_eq!(filled.steps[1], Step::Key("a.b".into()), "a filled value with dots stays one key");
        assert_eq!(filled.to_string(), "p.\"a.b\".url");
    }

    #[test]
    fn any_depth_matches_zero_or_more_steps() {
        let p = KeyPath::parse("**.baseURL").unwrap();
        assert!(p.matches(&[key("baseURL")]).is_some());
        assert!(p.matches(&[key("a"), Segment::Index(2), key("baseURL")]).is_some());
        assert!(p.matches(&[key("a")]).is_none());
        let all = KeyPath::parse("**").unwrap();
        assert!(all.matches(&[key("x"), key("y")]).is_some());
        let mid = KeyPath::parse("a.**.*.c").unwrap();
        assert_eq!(mid.matches(&[key("a"), key("b"), key("q"), key("c")]), Some(vec![key("q")]));
    }

    #[test]
    fn binds_leading_wildcards_and_keeps_the_rest_free() {
        let p = KeyPath::parse("Providers[*].transformer.use[*]").unwrap();
        let bound = p.bind(&[Segment::Index(2)]);
        let path =
            |i| vec![key("Providers"), Segment::Index(i), key("transformer"), key("use"), Segment::Index(0)];
        assert!(bound.matches(&path(2)).is_some());
        assert!(bound.matches(&path(1)).is_none());
        assert_eq!(p.first_wildcard(), Some(1));
        let root = KeyPath::parse_position("").unwrap();
        assert_eq!(root.matches(&[]), Some(vec![]));
        assert_eq!(root.matches_prefix(&[key("A")]), Some(vec![]));
        assert!(KeyPath::parse_position("services.*.environment")
            .unwrap()
            .matches_prefix(&[key("services")])
            .is_none());
    }

    #[test]
    fn element_steps_ask_the_document() {
        let p = KeyPath::parse("m[id=b].u").unwrap();
        let path = [key("m"), Segment::Index(1), key("u")];
        let is_b = |element: &[Segment], (field, value): (&str, &str)| {
            field == "id" && value == "b" && element.last() == Some(&Segment::Index(1))
        };
        assert!(p.matches_with(&path, &is_b).is_some());
        assert!(p.matches(&path).is_none());
    }

    #[test]
    fn rejects_malformed_paths() {
        for bad in ["", "a..b", "a.", "a[", "a[x]", ".a", "\"a", "a{b", "a[=x]", "a\"b\""] {
            assert!(KeyPath::parse(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn displays_as_written() {
        for text in ["env.ANTHROPIC_BASE_URL", "models[*].apiBase", "a.{1}.b", "m[id={model}].u", "**.x"] {
            assert_eq!(KeyPath::parse(text).unwrap().to_string(), text);
        }
    }
}
