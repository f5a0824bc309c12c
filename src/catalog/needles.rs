//! The needles: every string whose presence in a file may make crlint find
//! something there, compiled once (when the catalog loads) into one
//! Aho-Corasick automaton, so that one pass over a file's bytes says what the
//! file may mention. A file that mentions nothing the catalog knows holds no
//! setting, no gateway URL and no key, and need not be parsed.
//!
//! What counts, all from `rules/` (none of it is written here):
//! - hosts: each gateway entry and console host and the brand label; and the
//!   pieces of each console host that any look-alike keeps one of intact
//!   (`mention_pieces`: a name within `max_edit_distance` edits of a host cut into
//!   `max_edit_distance + 1` pieces leaves one piece untouched), which count only
//!   inside a URL's host (a piece such as `route` is a common word);
//! - names: every variable of `rules/env.toml`, every variable an
//!   environment-only client reads, the marker variables, the image names, and
//!   the last literal key of every setting path of the profiles whose files are
//!   scanned (`scanned_kinds` of `rules/checks.toml`): what makes an entry of a
//!   script, manifest or document a setting;
//! - the key format's literal prefix (`sk-`), counted only when the characters
//!   after it could complete a key;
//! - the inline-suppression word (`crlint`), so that an unused `crlint: ignore`
//!   comment is still reported (CR001);
//! - the top-level keys profiles require (`requires_key`: `model_list`,
//!   `apiVersion`, `kind`), recorded apart: a YAML file that lacks them is no
//!   LiteLLM or Kubernetes file, told without parsing it.
//!
//! Matching ignores ASCII case (a superset of every case-sensitive match).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// What a needle stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A gateway or console host, or the brand label: a mention wherever it is.
    Host,
    /// A piece of a console host (`route`): a mention only inside a URL's host
    /// (the caller asks the URL regex, `Catalog::may_mention`).
    Piece,
    Name,
    /// The key format's literal prefix; the byte after it must start a key.
    KeyPrefix,
    /// A top-level key some profile requires, by its index in `required`.
    Required(usize),
}

/// The automaton and what each of its patterns stands for.
#[derive(Debug, Clone)]
pub struct Needles {
    automaton: AhoCorasick,
    /// The host needles alone: few, so searched with SIMD (Teddy), for files read
    /// only for URLs (docs, code), where nothing else counts.
    hosts: AhoCorasick,
    kinds: Vec<Kind>,
    /// The `requires_key` words, each once; `Mentions::required` has bit i for word i.
    required: Vec<String>,
    /// How many characters of `[0-9A-Za-z]` complete a key after its prefix.
    key_body: usize,
}

/// What one pass over a text found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mentions {
    /// A gateway host, the brand label or a piece of a console host.
    pub host: bool,
    /// A gateway host or the brand label, a variable the catalog knows, a key,
    /// or a `crlint:` comment (a piece alone is not enough: `route` is a word).
    pub anything: bool,
    /// Bit i: the i-th required top-level key occurs.
    required: u64,
}

/// The strings `Needles::build` compiles, by kind.
#[derive(Debug, Default)]
pub struct NeedleSources {
    pub hosts: Vec<String>,
    pub pieces: Vec<String>,
    pub names: Vec<String>,
    pub key_prefix: Option<(String, usize)>,
    pub required: Vec<String>,
}

impl Needles {
    pub fn build(sources: NeedleSources) -> Result<Needles, String> {
        let hosts = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(sources.hosts.iter().chain(&sources.pieces).filter(|h| !h.is_empty()))
            .map_err(|e| format!("needles: {e}"))?;
        let mut patterns: Vec<(String, Kind)> = Vec::new();
        for host in sources.hosts {
            patterns.push((host, Kind::Host));
        }
        for piece in sources.pieces {
            patterns.push((piece, Kind::Piece));
        }
        for name in sources.names {
            patterns.push((name, Kind::Name));
        }
        let mut key_body = 0;
        if let Some((prefix, body)) = sources.key_prefix {
            patterns.push((prefix, Kind::KeyPrefix));
            key_body = body;
        }
        let mut required: Vec<String> = Vec::new();
        for word in sources.required {
            if !required.contains(&word) {
                required.push(word);
            }
        }
        if required.len() > 64 {
            return Err(format!("{} required top-level keys: at most 64", required.len()));
        }
        for (i, word) in required.iter().enumerate() {
            patterns.push((word.clone(), Kind::Required(i)));
        }
        patterns.retain(|(p, _)| !p.is_empty());
        patterns.sort_by_key(|a| a.0.to_ascii_lowercase());
        patterns.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0) && a.1 == b.1);
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(patterns.iter().map(|(p, _)| p.as_bytes()))
            .map_err(|e| format!("needles: {e}"))?;
        Ok(Needles {
            automaton,
            hosts,
            kinds: patterns.into_iter().map(|(_, k)| k).collect(),
            required,
            key_body,
        })
    }

    /// One pass over `bytes` (any bytes: not necessarily UTF-8).
    pub fn scan(&self, bytes: &[u8]) -> Mentions {
        let mut found = Mentions::default();
        let all_required =
            if self.required.len() == 64 { u64::MAX } else { (1u64 << self.required.len()) - 1 };
        for m in self.automaton.find_overlapping_iter(bytes) {
            match self.kinds[m.pattern().as_usize()] {
                Kind::Host => {
                    found.host = true;
                    found.anything = true;
                }
                Kind::Piece => found.host = true,
                Kind::Name => found.anything = true,
                Kind::KeyPrefix => {
                    let body = &bytes[m.end()..];
                    if body.len() >= self.key_body
                        && body[..self.key_body].iter().all(u8::is_ascii_alphanumeric)
                    {
                        found.anything = true;
                    }
                }
                Kind::Required(i) => found.required |= 1 << i,
            }
            if found.anything && found.required == all_required {
                break; // nothing more to learn
            }
        }
        found
    }

    /// Whether `bytes` hold a host needle: `scan(bytes).host`, faster.
    pub fn has_host(&self, bytes: &[u8]) -> bool {
        self.hosts.is_match(bytes)
    }

    /// Every word of `keys` (a profile's `requires_key`) occurs in the text scanned.
    pub fn has_all(&self, found: &Mentions, keys: &[String]) -> bool {
        keys.iter().all(|k| {
            self.required.iter().position(|w| w == k).is_some_and(|i| found.required & (1 << i) != 0)
        })
    }
}

/// The literal start of a key pattern (`sk-` of `sk-[0-9A-Za-z]{48}`) and the
/// length of the `[0-9A-Za-z]{N}` body after it, when the pattern has that form.
pub fn key_prefix(pattern: &str) -> Option<(String, usize)> {
    let start = pattern.find(['[', '\\', '(', '.', '{', '*', '+', '?', '|', '^', '$'])?;
    let (prefix, rest) = pattern.split_at(start);
    let count = rest.strip_prefix("[0-9A-Za-z]{")?.strip_suffix('}')?.parse().ok()?;
    (!prefix.is_empty()).then(|| (prefix.to_string(), count))
}

/// The pieces of `hosts` that a look-alike within `max_edits` edits of one of
/// them keeps one of intact: each host cut into `max_edits + 1` pieces.
pub fn mention_pieces(hosts: &[String], max_edits: usize) -> Vec<String> {
    let parts = max_edits + 1;
    let mut pieces = Vec::new();
    for host in hosts {
        let chars: Vec<char> = host.chars().collect();
        let size = chars.len().div_ceil(parts);
        pieces.extend(chars.chunks(size.max(1)).map(|c| c.iter().collect::<String>()));
    }
    pieces.sort();
    pieces.dedup();
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn needles() -> Needles {
        Needles::build(NeedleSources {
            hosts: vec!["example.org".into()],
            pieces: mention_pieces(&["example.org".into()], 2),
            names: vec!["SOME_BASE_URL".into(), "crlint".into()],
            key_prefix: Some(("kk-".into(), 8)),
            required: vec!["model_list".into(), "apiVersion".into(), "kind".into()],
        })
        .unwrap()
    }

    #[test]
    fn a_key_prefix_counts_only_before_a_key_body() {
        let n = needles();
        assert!(!n.scan(b"a task-list and kk-short").anything);
        assert!(n.scan(b"token: kk-abcd1234").anything);
        assert!(!n.scan(b"token: kk-abcd123").anything);
    }

    #[test]
    fn hosts_names_and_required_keys_are_told_apart() {
        let n = needles();
        let plain = n.scan(b"apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n");
        assert_eq!((plain.host, plain.anything), (false, false));
        assert!(n.has_all(&plain, &["apiVersion".into(), "kind".into()]));
        assert!(!n.has_all(&plain, &["model_list".into()]));
        let named = n.scan(b"export some_base_url=x");
        assert_eq!((named.host, named.anything), (false, true));
        let piece = n.scan(b"see https://EXAMP1E.0rg/");
        assert_eq!((piece.host, piece.anything), (true, false));
        let host = n.scan(b"see https://EXAMPLE.org/");
        assert_eq!((host.host, host.anything), (true, true));
    }

    #[test]
    fn the_key_pattern_gives_its_prefix_and_body() {
        assert_eq!(key_prefix("sk-[0-9A-Za-z]{48}"), Some(("sk-".into(), 48)));
        assert_eq!(key_prefix("[0-9]{4}"), None);
    }
}
