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
    /// A variable, key, marker or image name. `word`: the name is an identifier
    /// (`[A-Za-z0-9_]`), a mention only as a whole word (`DATABASE_URL` does not
    /// mention `BASE_URL`: no reader takes one name for the other).
    Name { word: bool },
    /// The key format's literal prefix; the byte after it must start a key.
    KeyPrefix,
}

/// The automaton and what each of its patterns stands for.
#[derive(Debug, Clone)]
pub struct Needles {
    automaton: AhoCorasick,
    /// The same patterns in lower case, leftmost-first and case-sensitive, run
    /// on a lower-cased copy of the text: its prefilters make it several times
    /// faster than the case-insensitive automaton, and where it finds nothing no
    /// pattern occurs at all (most files); else the exact pass starts at its match.
    first: AhoCorasick,
    /// The host needles and the pieces of console hosts: searched only in the
    /// host part of each URL (the bytes after a `://` up to a space or a `/`).
    hosts: AhoCorasick,
    /// Link schemes without their `://`, lower case.
    schemes: Vec<String>,
    /// `://`, searched with SIMD.
    separator: memchr::memmem::Finder<'static>,
    kinds: Vec<Kind>,
    /// The `requires_key` words, each once, and their own automaton: looked for
    /// only in a file a profile claims on condition of them (a YAML file), so
    /// that the first pass over every other file need not stop at `kind`.
    required: Vec<String>,
    required_words: AhoCorasick,
    /// How many characters of `[0-9A-Za-z]` complete a key after its prefix.
    key_body: usize,
}

/// What one pass over a text found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mentions {
    /// A gateway host, the brand label or a link scheme, anywhere.
    pub host: bool,
    /// A gateway host or the brand label, a link scheme, a variable the catalog
    /// knows, a key, or a `crlint:` comment (pieces of hosts are not looked for
    /// here: `route` is a word; see `mark_hosts`).
    pub anything: bool,
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
        let hosts = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(sources.hosts.iter().chain(&sources.pieces).filter(|h| !h.is_empty()))
            .map_err(|e| format!("needles: {e}"))?;
        let mut patterns: Vec<(String, Kind)> = Vec::new();
        patterns.extend(sources.hosts.iter().map(|h| (h.clone(), Kind::Host)));
        patterns.extend(sources.schemes.iter().map(|h| (h.clone(), Kind::Scheme)));
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
        let required_words = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(&required)
            .map_err(|e| format!("needles: {e}"))?;
        patterns.retain(|(p, _)| !p.is_empty());
        patterns.sort_by_key(|a| a.0.to_ascii_lowercase());
        patterns.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0) && a.1 == b.1);
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            // A DFA: measured against a contiguous NFA (which builds in 0.2 ms
            // instead of about 1), 4% faster on `ops` and 13% on `helm`, the same on ten files.
            .kind(Some(AhoCorasickKind::DFA))
            .build(patterns.iter().map(|(p, _)| p.as_bytes()))
            .map_err(|e| format!("needles: {e}"))?;
        let first = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            // The prefilter does the work; a contiguous NFA builds fastest and,
            // measured on the lowered copy, verifies candidates faster than a DFA.
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(patterns.iter().map(|(p, _)| p.to_ascii_lowercase()))
            .map_err(|e| format!("needles: {e}"))?;
        let schemes = sources
            .schemes
            .iter()
            .map(|s| s.strip_suffix("://").unwrap_or(s).to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect();
        Ok(Needles {
            automaton,
            first,
            hosts,
            schemes,
            separator: memchr::memmem::Finder::new(b"://"),
            kinds: patterns.into_iter().map(|(_, k)| k).collect(),
            required,
            required_words,
            key_body,
        })
    }

    /// One pass over `bytes` (any bytes: not necessarily UTF-8).
    pub fn scan(&self, bytes: &[u8]) -> Mentions {
        let mut found = Mentions::default();
        // Where the first occurrence of any pattern starts, if one does.
        let Some(start) = LOWERED.with_borrow_mut(|lowered| {
            lowered.clear();
            lowered.extend(bytes.iter().map(u8::to_ascii_lowercase));
            self.first.find(lowered.as_slice()).map(|m| m.start())
        }) else {
            return found;
        };
        let input = aho_corasick::Input::new(bytes).span(start..bytes.len());
        for m in self.automaton.find_overlapping_iter(input) {
            match self.kinds[m.pattern().as_usize()] {
                Kind::Host | Kind::Scheme => {
                    found.host = true;
                    found.anything = true;
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
            }
            if found.anything && found.host {
                break; // nothing more to learn
            }
        }
        found
    }

    /// Whether `bytes` hold a host needle or a piece of one, anywhere.
    pub fn has_host(&self, bytes: &[u8]) -> bool {
        self.hosts.is_match(bytes)
    }

    /// The host parts of the URLs in `bytes` (after each `://`, up to a space or
    /// a `/`), searched for hosts and pieces of console hosts: the start of a
    /// match appended to `marks`, at least one in each host part that holds one.
    /// Whether a link scheme ends at one of those `://`. A text without `://`
    /// costs one SIMD search.
    pub fn mark_hosts(&self, bytes: &[u8], marks: &mut Vec<usize>) -> bool {
        let mut scheme = false;
        for at in self.separator.find_iter(bytes) {
            let before = &bytes[..at];
            scheme |= self.schemes.iter().any(|s| {
                before.len() >= s.len() && before[before.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes())
            });
            let start = at + 3;
            let end = bytes[start..]
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b'/')
                .map_or(bytes.len(), |i| start + i);
            marks.extend(self.hosts.find_iter(&bytes[start..end]).map(|m| start + m.start()));
        }
        scheme
    }

    /// Every word of `keys` (a profile's `requires_key`) occurs in `bytes`, in
    /// any case (a superset of the parser's keys; the parse decides).
    pub fn has_all(&self, bytes: &[u8], keys: &[String]) -> bool {
        if keys.is_empty() {
            return true;
        }
        let wanted: Vec<usize> = keys
            .iter()
            .map(|k| self.required.iter().position(|w| w == k))
            .collect::<Option<_>>()
            .unwrap_or_default();
        if wanted.len() != keys.len() {
            return false; // a key no profile declared: never looked for
        }
        let mut seen = vec![false; self.required.len()];
        for m in self.required_words.find_overlapping_iter(bytes) {
            seen[m.pattern().as_usize()] = true;
            if wanted.iter().all(|&i| seen[i]) {
                return true;
            }
        }
        false
    }
}

thread_local! {
    /// A lower-cased copy of the text being scanned, kept from file to file.
    static LOWERED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
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
        let manifest = b"apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n";
        let plain = n.scan(manifest);
        assert_eq!((plain.host, plain.anything), (false, false));
        assert!(n.has_all(manifest, &["apiVersion".into(), "kind".into()]));
        assert!(n.has_all(manifest, &["APIVERSION".into()][..0]));
        assert!(!n.has_all(manifest, &["model_list".into()]));
        assert!(!n.has_all(manifest, &["undeclared".into()]));
        let named = n.scan(b"export some_base_url=x");
        assert_eq!((named.host, named.anything), (false, true));
        // A piece is no mention for the scan; it is marked in a URL's host part only.
        let piece = b"see https://EXAMP1E.0rg/ and exam, also ftp://x/exam";
        assert_eq!(n.scan(piece), Mentions::default());
        let mut marks = Vec::new();
        assert!(!n.mark_hosts(piece, &mut marks));
        assert_eq!(marks, [12], "only the piece in the first URL's host part");
        let host = n.scan(b"see https://EXAMPLE.org/");
        assert_eq!((host.host, host.anything), (true, true));
    }

    #[test]
    fn the_first_pass_finds_what_the_exact_pass_finds() {
        let n = needles();
        // Needles inside one another, at the start, at the end, in any case.
        for text in [
            "",
            "x",
            "SOME_BASE_URL",
            "xx SOME_BASE_URL",
            "a-kk-abcd1234",
            "kk-abcd1234 and kk-short",
            "see https://example.org",
            "Some_Base_Url=1 and model_listkind",
            "MY_SOME_BASE_URL org/image-name",
            "xorg/image-namex part_",
        ] {
            let exact = {
                // The overlapping automaton over the whole text, as the scan was.
                let mut found = Mentions::default();
                for m in n.automaton.find_overlapping_iter(text.as_bytes()) {
                    match n.kinds[m.pattern().as_usize()] {
                        Kind::Host | Kind::Scheme => (found.host, found.anything) = (true, true),
                        Kind::Name { word } => {
                            let b = text.as_bytes();
                            let before = m.start().checked_sub(1).map(|i| b[i]);
                            let after = b.get(m.end()).copied();
                            if !word || !(before.is_some_and(is_word_byte) || after.is_some_and(is_word_byte))
                            {
                                found.anything = true;
                            }
                        }
                        Kind::KeyPrefix => {
                            let body = &text.as_bytes()[m.end()..];
                            if body.len() >= n.key_body
                                && body[..n.key_body].iter().all(u8::is_ascii_alphanumeric)
                            {
                                found.anything = true;
                            }
                        }
                    }
                }
                found
            };
            assert_eq!(n.scan(text.as_bytes()), exact, "{text:?}");
        }
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
