//! Redaction of API keys in anything crlint prints: messages, help, source
//! snippets, diffs, errors. A key shows as `sk-ab…wxyz` at most. A key hidden
//! in base64 (a one-click import link's payload) is masked too: the whole
//! base64 run shows as `[base64 holding sk-ab…wxyz]`. The pattern is
//! wider than the gateway's exact key format on purpose: a key with a typo, or
//! another vendor's `sk-` key, must not be printed either.

use std::sync::OnceLock;

use regex::Regex;

fn key_like() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"sk-[A-Za-z0-9_\-]{8,}").expect("valid regex"))
}

/// Keys shorter than this print as `…` alone: 5 + 4 characters of a short key would
/// give most of it away.
const MIN_LEN_FOR_HINT: usize = 20;

/// The redacted form of one key: first five characters, `…`, last four.
pub fn mask(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() < MIN_LEN_FOR_HINT {
        return "…".into();
    }
    let head: String = chars[..5].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// `text` with every key-like string masked (also inside base64).
pub fn redact(text: &str) -> String {
    redact_with_moves(text).0
}

fn base64_run() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"[A-Za-z0-9+/_\-]{40,}={0,2}").expect("valid regex"))
}

/// The key a base64 text decodes to text holding, if any (either alphabet, any padding).
fn key_in_base64(run: &str) -> Option<String> {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::engine::DecodePaddingMode;
    use base64::Engine;
    let config = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let alphabet =
        if run.contains(['-', '_']) { &base64::alphabet::URL_SAFE } else { &base64::alphabet::STANDARD };
    let bytes = GeneralPurpose::new(alphabet, config).decode(run).ok()?;
    let text = String::from_utf8_lossy(&bytes);
    key_like().find(&text).map(|m| m.as_str().to_string())
}

/// Every range of `text` to mask, with its mask: keys, and base64 runs that hide one.
fn secret_ranges(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out: Vec<(std::ops::Range<usize>, String)> =
        key_like().find_iter(text).map(|m| (m.range(), mask(m.as_str()))).collect();
    for m in base64_run().find_iter(text) {
        if out.iter().any(|(r, _)| r.start < m.end() && m.start() < r.end) {
            continue;
        }
        if let Some(key) = key_in_base64(m.as_str()) {
            out.push((m.range(), format!("[base64 holding {}]", mask(&key))));
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

/// The byte ranges of key-like strings in `text`.
pub fn key_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    key_like().find_iter(text).map(|m| m.range()).collect()
}

/// The text with keys masked, and for each key its range in the original and where its mask ends.
pub fn redact_with_moves(source: &str) -> (String, Vec<(std::ops::Range<usize>, usize)>) {
    let mut out = String::with_capacity(source.len());
    let mut moves = Vec::new();
    let mut pos = 0;
    for (r, masked) in secret_ranges(source) {
        out.push_str(&source[pos..r.start]);
        out.push_str(&masked);
        moves.push((r.clone(), out.len()));
        pos = r.end;
    }
    out.push_str(&source[pos..]);
    (out, moves)
}

/// Moves a byte offset of the original past the masks before it (an offset inside
/// a key lands at the end of its mask).
pub fn map_offset(moves: &[(std::ops::Range<usize>, usize)], offset: usize) -> usize {
    // The last key that starts before the offset decides.
    let i = moves.partition_point(|(orig, _)| orig.start < offset);
    match i.checked_sub(1).map(|i| &moves[i]) {
        None => offset,
        Some((orig, new_end)) if offset < orig.end => *new_end,
        Some((orig, new_end)) => offset - orig.end + new_end,
    }
}

/// The text with keys masked, and a function moving byte offsets of the
/// original into it (for reports that underline a span of redacted text).
pub fn redact_with_map(source: &str) -> (String, impl Fn(usize) -> usize) {
    let (out, moves) = redact_with_moves(source);
    (out, move |offset| map_offset(&moves, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keys_everywhere() {
        let key = "sk-0123456789abcdefghijABCDEFGHIJ0123456789abcdwxyz";
        assert_eq!(redact(&format!("key {key} end")), "key sk-01…wxyz end");
        assert_eq!(redact("sk-short"), "sk-short");
        assert_eq!(redact("sk-12345678"), "…");
        assert_eq!(mask("sk-123"), "…");
    }

    #[test]
    fn a_key_inside_base64_is_masked_with_the_whole_run() {
        use base64::Engine;
        let key = "sk-0123456789abcdefghijABCDEFGHIJ0123456789abcdwxyz";
        let json = format!("{{\"baseUrl\": \"https://x\", \"apiKey\": \"{key}\"}}");
        for b64 in [
            base64::engine::general_purpose::STANDARD.encode(&json),
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&json),
        ] {
            let text = format!("cherrystudio://providers/api-keys?v=1&data={b64} end");
            let red = redact(&text);
            assert!(!red.contains(&b64), "{red}");
            assert!(red.ends_with("data=[base64 holding sk-01…wxyz] end"), "{red}");
        }
        // Base64 without a key is left as it is.
        let plain = base64::engine::general_purpose::STANDARD
            .encode("{\"baseUrl\": \"https://api.example.test/v1\"}");
        assert_eq!(redact(&plain), plain);
    }

    #[test]
    fn offsets_follow_the_masking() {
        let key = "sk-0123456789abcdefghijABCDEFGHIJ0123456789abcdwxyz";
        let source = format!("A={key}\nB=https://x\n");
        let (red, map) = redact_with_map(&source);
        assert!(!red.contains(key));
        let b = source.find("https").unwrap();
        assert_eq!(&red[map(b)..map(b + 9)], "https://x");
        assert_eq!(&red[map(2)..map(2 + key.len())], "sk-01…wxyz");
    }
}
