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
    /// A one-click link's `scheme://`: its URL hides in its encoding, a mention.
    Scheme,
    /// A piece of a console host (`route`): a mention only inside a URL's host
    /// (the caller asks the URL regex, `Catalog::may_mention`).
    Piece,
    /// A variable, key, marker or image name. `word`: the name is an identifier
    /// (`[A-Za-z0-9_]`), a mention only as a whole word (`DATABASE_URL` does not
    /// mention `BASE_URL`: no reader takes one name for the other).
    Name { word: bool },
    /// The key format's literal prefix; the byte after it must start a key.
    KeyPrefix,
    /// A top-level key some profile requires, by its index in `required`.
    Required(usize),
}

/// The automaton and what each of its patterns stands for.
#[derive(Debug, Clone)]
pub struct Needles {
    automaton: AhoCorasick,
    /// The host needles alone (hosts, link schemes, pieces): few, so searched with
    /// SIMD (Teddy), for files read only for URLs (docs, code), where nothing
    /// else counts.
    hosts: AhoCorasick,
    /// What each pattern of `hosts` stands for.
    host_kinds: Vec<Kind>,
    kinds: Vec<Kind>,
    /// The `requires_key` words, each once; `Mentions::required` has bit i for word i.
    required: Vec<String>,
    /// How many characters of `[0-9A-Za-z]` complete a key after its prefix.
    key_body: usize,
}

/// What one pass over a text found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mentions {
    /// A gateway host, the brand label, a link scheme or a piece of a console host.
    pub host: bool,
    /// A gateway host or the brand label, a link scheme, a variable the catalog
    /// knows, a key, or a `crlint:` comment (a piece alone is not enough: `route`
    /// is a word).
    pub anything: bool,
    /// A one-click link's scheme.
    pub scheme: bool,
    /// Bit i: the i-th required top-level key occurs.
    required: u64,
}

/// The strings `Needles::build` compiles, by kind.
#[derive(Debug, Default)]
pub struct NeedleSources {
    pub hosts: Vec<String>,
    /// One-click link schemes, each with its `://`.
    pub schemes: Vec<String>,
    pub pieces: Vec<String>,
    pub names: Vec<String>,
    /// Pieces of names (the literal part of a templated key): mentions anywhere.
    pub fragments: Vec<String>,
    pub key_prefix: Option<(String, usize)>,
    pub required: Vec<String>,
}

impl Needles {
    pub fn build(sources: NeedleSources) -> Result<Needles, String> {
        let mut host_patterns: Vec<(String, Kind)> = Vec::new();
        host_patterns.extend(sources.hosts.iter().map(|h| (h.clone(), Kind::Host)));
        host_patterns.extend(sources.schemes.iter().map(|h| (h.clone(), Kind::Scheme)));
        host_patterns.extend(sources.pieces.iter().map(|h| (h.clone(), Kind::Piece)));
        host_patterns.retain(|(p, _)| !p.is_empty());
        let hosts = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(host_patterns.iter().map(|(p, _)| p.as_bytes()))
            .map_err(|e| format!("needles: {e}"))?;
        let mut patterns: Vec<(String, Kind)> = host_patterns.clone();
        for name in sources.names {
            let word = !name.is_empty() && name.bytes().all(is_word_byte);
            patterns.push((name, Kind::Name { word }));
        }
        for fragment in sources.fragments {
            patterns.push((fragment, Kind::Name { word: false }));
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
            host_kinds: host_patterns.into_iter().map(|(_, k)| k).collect(),
            kinds: patterns.into_iter().map(|(_, k)| k).collect(),
            required,
            key_body,
        })
    }

    /// One pass over `bytes` (any bytes: not necessarily UTF-8).
    pub fn scan(&self, bytes: &[u8]) -> Mentions {
        self.scan_marking(bytes, &mut Vec::new())
    }

    /// `scan`, and where each host and piece match starts, in order, appended to
    /// `marks` (all of them while nothing else makes the text a mention).
    pub fn scan_marking(&self, bytes: &[u8], marks: &mut Vec<usize>) -> Mentions {
        let mut found = Mentions::default();
        let all_required =
            if self.required.len() == 64 { u64::MAX } else { (1u64 << self.required.len()) - 1 };
        for m in self.automaton.find_overlapping_iter(bytes) {
            match self.kinds[m.pattern().as_usize()] {
                Kind::Host => {
                    found.host = true;
                    found.anything = true;
                    marks.push(m.start());
                }
                Kind::Scheme => {
                    found.host = true;
                    found.anything = true;
                    found.scheme = true;
                }
                Kind::Piece => {
                    found.host = true;
                    marks.push(m.start());
                }
                Kind::Name { word } => {
                    let before = m.start().checked_sub(1).map(|i| bytes[i]);
                    let after = bytes.get(m.end()).copied();
                    if !word || !(before.is_some_and(is_word_byte) || after.is_some_and(is_word_byte)) {
                        found.anything = true;
                    }
                }
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

    /// The host needles alone, faster than `scan` (not every match: at least one
    /// in each run of bytes without a space or a `/` that holds one): the start
    /// of each host or piece match appended to `marks`; whether a link scheme
    /// occurs.
    pub fn mark_hosts(&self, bytes: &[u8], marks: &mut Vec<usize>) -> bool {
        let mut scheme = false;
        for m in self.hosts.find_iter(bytes) {
            match self.host_kinds[m.pattern().as_usize()] {
                Kind::Scheme => scheme = true,
                _ => marks.push(m.start()),
            }
        }
        scheme
    }

    /// Every word of `keys` (a profile's `requires_key`) occurs in the text scanned.
    pub fn has_all(&self, found: &Mentions, keys: &[String]) -> bool {
        keys.iter().all(|k| {
            self.required.iter().position(|w| w == k).is_some_and(|i| found.required & (1 << i) != 0)
        })
    }
}

/// A byte of an identifier.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
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
            schemes: vec![],
            pieces: mention_pieces(&["example.org".into()], 2),
            names: vec!["SOME_BASE_URL".into(), "crlint".into(), "org/image-name".into()],
            fragments: vec!["PART_".into()],
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
    fn an_identifier_is_a_mention_only_as_a_whole_word() {
        let n = needles();
        for text in [
            "export SOME_BASE_URL=x",
            "${SOME_BASE_URL:-y}",
            "env[\"some_base_url\"]",
            "SOME_BASE_URL",
            "- name: SOME_BASE_URL\n",
        ] {
            assert!(n.scan(text.as_bytes()).anything, "{text}");
        }
        for text in ["export AWESOME_BASE_URL=x", "SOME_BASE_URLS=1", "my_some_base_url", "SOME_BASE_URL2"] {
            assert!(!n.scan(text.as_bytes()).anything, "{text}");
        }
        // Names that are no identifiers (images) and fragments count anywhere.
        assert!(n.scan(b"image: ghcr.io/org/image-name:latest").anything);
        assert!(n.scan(b"xorg/image-namex").anything);
        assert!(n.scan(b"MY_PART_2").anything);
        // A word found once is enough, though another occurrence is inside a longer name.
        assert!(n.scan(b"DATA_SOME_BASE_URL=1\nSOME_BASE_URL=2").anything);
    }

    #[test]
    fn the_key_pattern_gives_its_prefix_and_body() {
        assert_eq!(key_prefix("sk-[0-9A-Za-z]{48}"), Some(("sk-".into(), 48)));
        assert_eq!(key_prefix("[0-9]{4}"), None);
    }
}
