//! The key-path pattern language of `rules/clients/*.toml`: `env.ANTHROPIC_BASE_URL`,
//! `providers.*.base_url`, `models[*].apiBase`, `Providers[*].api_base_url`.
//! A `*` (key) or `[*]` (index) matches one step and is captured, so that a
//! condition can name the sibling of the same provider (`provider.*.npm`).
//! `**` matches any number of steps (zero or more) and is not captured.
//! Keys that contain dots are written in double quotes: `"a.b".c`.

use crate::document::Segment;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternSegment {
    Key(String),
    AnyKey,
    Index(usize),
    AnyIndex,
    /// `**`: any number of steps.
    AnyDepth,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPattern {
    pub segments: Vec<PatternSegment>,
}

impl KeyPattern {
    pub fn parse(text: &str) -> Result<KeyPattern, String> {
        let err = |why: &str| format!("key path {text:?}: {why}");
        let mut segments = Vec::new();
        let bytes: Vec<char> = text.chars().collect();
        let mut i = 0;
        let mut expect_key = true;
        while i < bytes.len() {
            match bytes[i] {
                '[' => {
                    let close = bytes[i..].iter().position(|&c| c == ']').ok_or_else(|| err("unclosed ["))?;
                    let inner: String = bytes[i + 1..i + close].iter().collect();
                    segments.push(if inner == "*" {
                        PatternSegment::AnyIndex
                    } else {
                        PatternSegment::Index(inner.parse().map_err(|_| err("index is not a number or *"))?)
                    });
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
                    let close =
                        bytes[i + 1..].iter().position(|&c| c == '"').ok_or_else(|| err("unclosed quote"))?;
                    segments.push(PatternSegment::Key(bytes[i + 1..i + 1 + close].iter().collect()));
                    i += close + 2;
                    expect_key = false;
                }
                _ => {
                    let end =
                        bytes[i..].iter().position(|&c| c == '.' || c == '[').map_or(bytes.len(), |p| i + p);
                    let key: String = bytes[i..end].iter().collect();
                    segments.push(match key.as_str() {
                        "*" => PatternSegment::AnyKey,
                        "**" => PatternSegment::AnyDepth,
                        _ => PatternSegment::Key(key),
                    });
                    i = end;
                    expect_key = false;
                }
            }
        }
        if segments.is_empty() || expect_key && !text.is_empty() {
            return Err(err("empty path or trailing dot"));
        }
        Ok(KeyPattern { segments })
    }

    /// Like `parse`, but "" is the document root (the pattern with no segment), as
    /// `env_vars_at = [""]` means the top level.
    pub fn parse_position(text: &str) -> Result<KeyPattern, String> {
        if text.is_empty() {
            Ok(KeyPattern { segments: vec![] })
        } else {
            KeyPattern::parse(text)
        }
    }

    /// The index of the first wildcard, if any.
    pub fn first_wildcard(&self) -> Option<usize> {
        self.segments.iter().position(|s| matches!(s, PatternSegment::AnyKey | PatternSegment::AnyIndex))
    }

    /// The pattern with its first wildcards replaced, in order, by `captures`; the
    /// wildcards beyond them stay wildcards.
    pub fn bind(&self, captures: &[Segment]) -> KeyPattern {
        let mut next = captures.iter();
        let segments = self
            .segments
            .iter()
            .map(|p| match p {
                PatternSegment::AnyKey | PatternSegment::AnyIndex => match next.next() {
                    Some(Segment::Key(k)) => PatternSegment::Key(k.clone()),
                    Some(Segment::Index(i)) => PatternSegment::Index(*i),
                    None => p.clone(),
                },
                other => other.clone(),
            })
            .collect();
        KeyPattern { segments }
    }

    /// Matches the beginning of `path`; returns the captures and the length matched.
    pub fn matches_prefix(&self, path: &[Segment]) -> Option<Vec<Segment>> {
        if path.len() < self.segments.len() {
            return None;
        }
        self.matches(&path[..self.segments.len()])
    }

    pub fn wildcard_count(&self) -> usize {
        self.segments
            .iter()
            .filter(|s| matches!(s, PatternSegment::AnyKey | PatternSegment::AnyIndex))
            .count()
    }

    /// Matches a concrete path; returns the segments the wildcards matched.
    pub fn matches(&self, path: &[Segment]) -> Option<Vec<Segment>> {
        let mut captures = Vec::new();
        match_from(&self.segments, path, &mut captures).then_some(captures)
    }

    /// The concrete path obtained by filling the wildcards with `captures`, in order.
    /// `None` when the pattern has more wildcards than captures.
    pub fn instantiate(&self, captures: &[Segment]) -> Option<Vec<Segment>> {
        let mut next = captures.iter();
        self.segments
            .iter()
            .map(|p| match p {
                PatternSegment::Key(k) => Some(Segment::Key(k.clone())),
                PatternSegment::Index(i) => Some(Segment::Index(*i)),
                PatternSegment::AnyKey | PatternSegment::AnyIndex => next.next().cloned(),
                PatternSegment::AnyDepth => None,
            })
            .collect()
    }
}

fn match_from(pattern: &[PatternSegment], path: &[Segment], captures: &mut Vec<Segment>) -> bool {
    let Some((first, rest)) = pattern.split_first() else { return path.is_empty() };
    if *first == PatternSegment::AnyDepth {
        return (0..=path.len()).any(|skip| {
            let mark = captures.len();
            let ok = match_from(rest, &path[skip..], captures);
            if !ok {
                captures.truncate(mark);
            }
            ok
        });
    }
    let Some((seg, path_rest)) = path.split_first() else { return false };
    match (first, seg) {
        (PatternSegment::Key(k), Segment::Key(s)) if k == s => {}
        (PatternSegment::Index(i), Segment::Index(s)) if i == s => {}
        (PatternSegment::AnyKey, Segment::Key(_)) | (PatternSegment::AnyIndex, Segment::Index(_)) => {
            captures.push(seg.clone())
        }
        _ => return false,
    }
    match_from(rest, path_rest, captures)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Segment {
        Segment::Key(s.into())
    }

    #[test]
    fn parses_and_matches_wildcards() {
        let p = KeyPattern::parse("provider.*.options.baseURL").unwrap();
        let caps = p.matches(&[key("provider"), key("crazy"), key("options"), key("baseURL")]).unwrap();
        assert_eq!(caps, vec![key("crazy")]);
        assert!(p.matches(&[key("provider"), key("crazy"), key("options")]).is_none());
        let npm = KeyPattern::parse("provider.*.npm").unwrap();
        assert_eq!(npm.instantiate(&caps).unwrap(), vec![key("provider"), key("crazy"), key("npm")]);
    }

    #[test]
    fn parses_indices_and_quoted_keys() {
        let p = KeyPattern::parse("models[*].apiBase").unwrap();
        assert_eq!(
            p.segments,
            vec![
                PatternSegment::Key("models".into()),
                PatternSegment::AnyIndex,
                PatternSegment::Key("apiBase".into())
            ]
        );
        assert_eq!(
            p.matches(&[key("models"), Segment::Index(3), key("apiBase")]),
            Some(vec![Segment::Index(3)])
        );
        let q = KeyPattern::parse("\"a.b\".c[0]").unwrap();
        assert_eq!(
            q.segments,
            vec![
                PatternSegment::Key("a.b".into()),
                PatternSegment::Key("c".into()),
                PatternSegment::Index(0)
            ]
        );
    }

    #[test]
    fn any_depth_matches_zero_or_more_steps() {
        let p = KeyPattern::parse("**.baseURL").unwrap();
        assert!(p.matches(&[key("baseURL")]).is_some());
        assert!(p.matches(&[key("a"), Segment::Index(2), key("baseURL")]).is_some());
        assert!(p.matches(&[key("a")]).is_none());
        let all = KeyPattern::parse("**").unwrap();
        assert!(all.matches(&[key("x"), key("y")]).is_some());
        let mid = KeyPattern::parse("a.**.*.c").unwrap();
        assert_eq!(mid.matches(&[key("a"), key("b"), key("q"), key("c")]), Some(vec![key("q")]));
    }

    #[test]
    fn binds_leading_wildcards_and_keeps_the_rest_free() {
        let p = KeyPattern::parse("Providers[*].transformer.use[*]").unwrap();
        let bound = p.bind(&[Segment::Index(2)]);
        assert!(bound
            .matches(&[
                key("Providers"),
                Segment::Index(2),
                key("transformer"),
                key("use"),
                Segment::Index(0)
            ])
            .is_some());
        assert!(bound
            .matches(&[
                key("Providers"),
                Segment::Index(1),
                key("transformer"),
                key("use"),
                Segment::Index(0)
            ])
            .is_none());
        assert_eq!(p.first_wildcard(), Some(1));
        let root = KeyPattern::parse_position("").unwrap();
        assert_eq!(root.matches(&[]), Some(vec![]));
        assert_eq!(root.matches_prefix(&[key("A")]), Some(vec![]));
        assert!(KeyPattern::parse_position("services.*.environment")
            .unwrap()
            .matches_prefix(&[key("services")])
            .is_none());
    }

    #[test]
    fn rejects_malformed_patterns() {
        for bad in ["", "a..b", "a.", "a[", "a[x]", ".a", "\"a"] {
            assert!(KeyPattern::parse(bad).is_err(), "{bad:?} should not parse");
        }
    }
}
