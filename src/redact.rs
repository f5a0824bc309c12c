//! What crlint prints of text it did not write (file contents, values, paths,
//! messages and errors that quote them): API keys masked, and the characters a
//! terminal or a CI runner would act on shown as escapes.
//!
//! Keys: a key shows as `sk-ab…wxyz` at most. The pattern is wider than the
//! gateway's exact key format on purpose (a key with a typo, or another vendor's
//! `sk-` key, must not be printed either): `sk-` and 8 or more of
//! `[A-Za-z0-9_-]`, where any of these characters may be written escaped
//! (`\u002d`, `\u{2d}`, `\U0000002d`, `\x2d`, a shell's `\-`, `%2D` or `%252D`
//! in a URL, `&#45;` or `&#x2d;` in markup), and where the key may be cut by a
//! line break (a YAML or TOML multi-line string, a quoted dotenv value, a
//! shell's `\` continuation, a JSON `\n` or a URL's `%0A`): the piece on the
//! next line is masked too (`…`) when it looks like a piece of a key (mixed
//! digits and letters) or follows a continuation, and else unless it reads as
//! the next assignment (`NAME=`, `name:`), another word or another key.
//!
//! Pieces of known keys: a message or a fix derived from a value can cut a
//! key's `sk-` off (a URL parser reads `#` as the start of a fragment), so the
//! keys of the files checked are learned first (`learn`), and any run of key
//! characters holding 8 of a learned key's characters in a row (a window that
//! mixes digits and letters) is masked as `…` as well.
//!
//! Display (`safe_line`, `safe_block`, `show`): keys masked, then control
//! characters (C0 but the tab, DEL, C1), bidirectional overrides and
//! invisible format characters rendered as `\x1b` or `\u{202e}`; the legacy
//! GitHub runner command marker `##[` (matched anywhere in a line) as
//! `#\x23[`; and `::` where a line (after blanks) or a word starts, the runner's
//! command prefix, as `\x3a:`. One line (`safe_line`) also renders `\n` and
//! `\r`; a block (`safe_block`) keeps `\n` and `\r\n`.
//!
//! Base64: a key hidden in base64 (a one-click import link's payload) is
//! masked too: the whole base64 run shows as `[base64 holding sk-ab…wxyz]`.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::RwLock;

/// Keys shorter than this print as `…` alone: 5 + 4 characters of a short key would
/// give most of it away.
const MIN_LEN_FOR_HINT: usize = 20;

/// Characters after `sk-` for a key-like string.
const MIN_KEY_BODY: usize = 8;

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

/// The 8-character windows of the keys learned (`learn`).
static KNOWN: RwLock<BTreeSet<[u8; WINDOW]>> = RwLock::new(BTreeSet::new());

/// Characters in a row that make a piece of a learned key.
const WINDOW: usize = 8;

/// Learns the keys in `text` (a file's contents, a path): from now on a run
/// of key characters holding a piece of one is masked too, even without its
/// `sk-`. Windows of one kind of character (`xxxxxxxx`, `00000000`) are not
/// learned: they are no secret and occur in ordinary text.
pub fn learn(text: &str) {
    let keys = find_keys(text);
    if keys.is_empty() {
        return;
    }
    let mut known = KNOWN.write().unwrap_or_else(|e| e.into_inner());
    for key in keys {
        for w in key.chars.as_bytes().windows(WINDOW) {
            if token_like(std::str::from_utf8(w).unwrap_or("")) {
                known.insert(w.try_into().expect("a window of WINDOW bytes"));
            }
        }
    }
}

/// The runs of key characters in `text`, outside `keys`, that hold a piece of
/// a learned key.
fn known_pieces(text: &str, keys: &[Key]) -> Vec<Range<usize>> {
    let known = KNOWN.read().unwrap_or_else(|e| e.into_inner());
    if known.is_empty() {
        return Vec::new();
    }
    let b = text.as_bytes();
    let mut covered: Vec<&Range<usize>> = keys.iter().flat_map(|k| &k.pieces).collect();
    covered.sort_by_key(|r| r.start);
    let mut next_key = 0;
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !is_key_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_key_byte(b[i]) {
            i += 1;
        }
        while covered.get(next_key).is_some_and(|r| r.end <= start) {
            next_key += 1;
        }
        let overlaps = covered.get(next_key).is_some_and(|r| r.start < i);
        if !overlaps && b[start..i].windows(WINDOW).any(|w| known.contains(w)) {
            out.push(start..i);
        }
    }
    out
}

/// The replacements that mask `text`'s keys and pieces of learned keys, in order.
fn secret_replacements(text: &str) -> Vec<(Range<usize>, Cow<'static, str>)> {
    let keys = find_keys(text);
    let mut reps = key_replacements(&keys);
    let pieces = known_pieces(text, &keys);
    if !pieces.is_empty() {
        reps.extend(pieces.into_iter().map(|r| (r, Cow::Borrowed("…"))));
    }
    // Base64 runs that decode to text holding a key (a link's payload).
    if text.len() >= 40 {
        for m in base64_run().find_iter(text) {
            if reps.iter().any(|(r, _)| r.start < m.end() && m.start() < r.end) {
                continue;
            }
            if let Some(key) = key_in_base64(m.as_str()) {
                reps.push((m.range(), Cow::Owned(format!("[base64 holding {}]", mask(&key)))));
            }
        }
    }
    reps.sort_by_key(|(r, _)| r.start);
    reps
}

fn base64_run() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| regex::Regex::new(r"[A-Za-z0-9+/_\-]{40,}={0,2}").expect("valid regex"))
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
    find_keys(&text).into_iter().next().map(|k| k.chars)
}

/// `text` with every key-like string masked.
pub fn redact(text: &str) -> String {
    let reps = secret_replacements(text);
    if reps.is_empty() {
        return text.to_string();
    }
    apply(text, reps).0
}

/// The byte ranges of key-like strings in `text` (a key cut by a line break has
/// one range per piece).
pub fn key_ranges(text: &str) -> Vec<Range<usize>> {
    find_keys(text).into_iter().flat_map(|k| k.pieces).collect()
}

/// One change of the original text: the byte range replaced and where its
/// replacement ends in the output.
pub type Move = (Range<usize>, usize);

/// The text with keys masked, and for each piece of a key its range in the
/// original and where its mask ends.
pub fn redact_with_moves(source: &str) -> (String, Vec<Move>) {
    apply(source, secret_replacements(source))
}

/// Moves a byte offset of the original past the replacements before it (an
/// offset inside a replaced range lands at the end of its replacement).
pub fn map_offset(moves: &[Move], offset: usize) -> usize {
    // The last replacement that starts before the offset decides.
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

/// How a text is laid out where it is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Inside one line: line breaks are shown as `\n` and `\r`, and `::` is
    /// escaped where any word starts (a wrapped line may start there).
    Line,
    /// Lines of their own: `\n` and `\r\n` stay, `::` is escaped where a line starts.
    Block,
}

/// A text made safe to print, and where each offset of the original went.
#[derive(Debug, Clone)]
pub struct Shown {
    pub text: String,
    moves: Vec<Move>,
}

impl Shown {
    /// The offset in `text` of a byte offset of the original.
    pub fn map(&self, offset: usize) -> usize {
        map_offset(&self.moves, offset)
    }
}

/// `text` safe to print: keys masked, controls and command markers escaped.
pub fn show(text: &str, layout: Layout) -> Shown {
    let mut reps = secret_replacements(text);
    reps.extend(escapes(text, layout));
    reps.sort_by_key(|(r, _)| r.start);
    let (text, moves) = apply(text, reps);
    Shown { text, moves }
}

/// One line of untrusted text, safe to print (see the module's opening).
pub fn safe_line(text: &str) -> String {
    if text.bytes().all(|b| b.is_ascii_alphanumeric() || b"/._-+@=, ()[]`'\"".contains(&b)) {
        return redact(text);
    }
    show(text, Layout::Line).text
}

/// Lines of untrusted text, safe to print (see the module's opening).
pub fn safe_block(text: &str) -> String {
    show(text, Layout::Block).text
}

/// A JSON document safe to print: the characters `serde_json` leaves as they
/// are but a terminal would act on (DEL, C1, the invisible ones of
/// `safe_line`) written as `\uXXXX`, and the runner's `##[` as `##\u005b`.
/// Both occur only inside strings, whose values stay the same.
pub fn json_safe(json: &str) -> String {
    if !json.contains("##[") && !json.chars().any(is_hidden) {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len());
    let mut hashes = 0;
    for c in json.chars() {
        match c {
            '[' if hashes >= 2 => out.push_str("\\u005b"),
            c if is_hidden(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
        hashes = if c == '#' { hashes + 1 } else { 0 };
    }
    out
}

/// Whether a character is printed as an escape: C0 controls but the tab (and,
/// in a block, the line ends), DEL, C1, and the invisible characters that
/// reorder or hide text (bidirectional marks, embeddings, overrides and
/// isolates, zero-width spaces and joiners, line and paragraph separators).
fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}')
}

fn escaped(c: char) -> String {
    if c == '\n' {
        "\\n".into()
    } else if c == '\r' {
        "\\r".into()
    } else if c.is_ascii() {
        format!("\\x{:02x}", c as u32)
    } else {
        format!("\\u{{{:x}}}", c as u32)
    }
}

/// The escapes `text` needs in `layout`, in order.
fn escapes(text: &str, layout: Layout) -> Vec<(Range<usize>, Cow<'static, str>)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(Range<usize>, Cow<'static, str>)> = Vec::new();
    // Whether only blanks precede on this line / the previous character was blank.
    let mut line_start = true;
    let mut after_blank = true;
    for (i, c) in text.char_indices() {
        let next = bytes.get(i + 1).copied();
        match c {
            '\n' if layout == Layout::Block => {
                line_start = true;
                after_blank = true;
                continue;
            }
            '\r' if layout == Layout::Block && next == Some(b'\n') => continue,
            '\n' | '\r' => out.push((i..i + 1, Cow::Owned(escaped(c)))),
            '\t' => {}
            c if is_hidden(c) => out.push((i..i + c.len_utf8(), Cow::Owned(escaped(c)))),
            ':' if next == Some(b':') => {
                let starts = match layout {
                    Layout::Line => after_blank,
                    Layout::Block => line_start,
                };
                if starts {
                    out.push((i..i + 1, Cow::Borrowed("\\x3a")));
                }
            }
            '#' if next == Some(b'[') && i > 0 && bytes[i - 1] == b'#' => {
                out.push((i..i + 1, Cow::Borrowed("\\x23")));
            }
            _ => {}
        }
        let blank = c.is_whitespace();
        line_start = line_start && blank;
        after_blank = blank;
    }
    out
}

/// Applies sorted, non-overlapping replacements; returns the text and the moves.
fn apply<S: AsRef<str>>(text: &str, reps: Vec<(Range<usize>, S)>) -> (String, Vec<Move>) {
    let mut out = String::with_capacity(text.len());
    let mut moves = Vec::with_capacity(reps.len());
    let mut pos = 0;
    for (r, with) in reps {
        out.push_str(&text[pos..r.start]);
        out.push_str(with.as_ref());
        moves.push((r.clone(), out.len()));
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    (out, moves)
}

/// One key found: the byte ranges of its pieces (one, or more when line breaks
/// cut it) and its characters, unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    pieces: Vec<Range<usize>>,
    chars: String,
}

/// The first piece shows the key's mask, the others `…`.
fn key_replacements(keys: &[Key]) -> Vec<(Range<usize>, Cow<'static, str>)> {
    let mut out = Vec::new();
    for k in keys {
        for (i, piece) in k.pieces.iter().enumerate() {
            let with = if i == 0 { Cow::Owned(mask(&k.chars)) } else { Cow::Borrowed("…") };
            out.push((piece.clone(), with));
        }
    }
    out
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Every key-like string of `text`, left to right, in one pass.
fn find_keys(text: &str) -> Vec<Key> {
    let b = text.as_bytes();
    let mut keys = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if matches!(b[i], b's' | b'\\' | b'%' | b'&') {
            if let Some(key) = key_at(b, i) {
                i = key.pieces.last().map_or(i + 1, |p| p.end);
                keys.push(key);
                continue;
            }
        }
        i += 1;
    }
    keys
}

/// The key that starts at `start`, if one does.
fn key_at(b: &[u8], start: usize) -> Option<Key> {
    let mut chars = String::new();
    let mut at = start;
    for want in [b's', b'k', b'-'] {
        let (c, len) = key_char(b, at)?;
        if c != want {
            return None;
        }
        chars.push(c as char);
        at += len;
    }
    at = run(b, at, &mut chars);
    let mut pieces = Vec::with_capacity(1);
    pieces.push(start..at);
    // A line break inside the key: the piece on the next line belongs to it.
    while let Some(piece) = continuation(b, at) {
        let mut more = String::new();
        let end = run(b, piece, &mut more);
        chars.push_str(&more);
        pieces.push(piece..end);
        at = end;
    }
    (chars.len() >= 3 + MIN_KEY_BODY).then_some(Key { pieces, chars })
}

/// Reads key characters from `at`; returns where they end.
fn run(b: &[u8], mut at: usize, chars: &mut String) -> usize {
    while let Some((c, len)) = key_char(b, at) {
        chars.push(c as char);
        at += len;
    }
    at
}

/// Where the rest of a key cut at `end` starts on the next line, if it does:
/// after one line break (`line_break`) and the next line's indentation, a run
/// of key characters that starts with a letter or digit and is not itself a
/// key. Right after a line continuation (`\` and a break, written directly
/// after the key) the run always belongs to the key, as a shell reads it.
/// After blanks and a break, or a plain break, the run is the key's rest when
/// it looks like one (`token_like`), or else when it is not the next
/// assignment (`NAME=`, `name:`) or the first of several words (`export B=1`):
/// followed by the end of the line or text, a comment, or directly by another
/// character (a quote, a bracket, the rest of a file name).
fn continuation(b: &[u8], end: usize) -> Option<usize> {
    let before = blanks(b, end);
    let (at, joined) = line_break(b, before)?;
    let at = blanks(b, at);
    let (first, _) = key_char(b, at)?;
    if !first.is_ascii_alphanumeric() || key_at_start(b, at) {
        return None;
    }
    let mut piece = String::new();
    let run_end = run(b, at, &mut piece);
    if (joined && before == end) || token_like(&piece) {
        return Some(at);
    }
    let after = blanks(b, run_end);
    let accept = match b.get(after) {
        None | Some(b'#') => true,
        Some(b'=' | b':') => false,
        Some(_) if line_break(b, after).is_some() => true,
        Some(_) => after == run_end,
    };
    accept.then_some(at)
}

/// Whether a run of key characters reads as a piece of a random key rather
/// than a name (`OPENAI_BASE_URL`, `base_url`, `export`): 8 or more characters
/// mixing at least two of digits, capitals and small letters.
fn token_like(piece: &str) -> bool {
    let has = |f: fn(&u8) -> bool| piece.as_bytes().iter().any(f);
    let classes = [has(u8::is_ascii_digit), has(u8::is_ascii_uppercase), has(u8::is_ascii_lowercase)];
    piece.len() >= 8 && classes.iter().filter(|&&c| c).count() >= 2
}

/// Past the blanks at `at`: spaces, tabs and escaped tabs (`\t`).
fn blanks(b: &[u8], mut at: usize) -> usize {
    loop {
        match b.get(at) {
            Some(b' ' | b'\t') => at += 1,
            Some(b'\\') if b.get(at + 1) == Some(&b't') => at += 2,
            _ => return at,
        }
    }
}

/// The end of one line break at `at`, if one is there, and whether it joins
/// lines (a continuation): a real one (`\r\n`, `\n`, `\r`), a line continuation
/// (`\` and a real one, or written escaped: `\\` and an escaped one), or an
/// escaped one (`\\n`, `\\r\\n`, `\\u000a`, `%0A`, `%0D%0A`).
fn line_break(b: &[u8], at: usize) -> Option<(usize, bool)> {
    let one = |at: usize| -> Option<(u8, usize)> {
        let is_break = |v: u32| v == 0x0a || v == 0x0d;
        match *b.get(at)? {
            c @ (b'\r' | b'\n') => Some((c, at + 1)),
            b'\\' => match *b.get(at + 1)? {
                b'n' => Some((b'\n', at + 2)),
                b'r' => Some((b'\r', at + 2)),
                b'u' => hex_value(b.get(at + 2..at + 6)?).filter(|&v| is_break(v)).map(|v| (v as u8, at + 6)),
                _ => None,
            },
            b'%' => hex_value(b.get(at + 1..at + 3)?).filter(|&v| is_break(v)).map(|v| (v as u8, at + 3)),
            _ => None,
        }
    };
    let both = |c: u8, end: usize| match one(end) {
        Some((b'\n', after)) if c == b'\r' => after,
        _ => end,
    };
    // A continuation: `\` before a real break, `\\` before an escaped one.
    let joined = match (b.get(at), b.get(at + 1)) {
        (Some(b'\\'), Some(b'\r' | b'\n')) => Some(at + 1),
        (Some(b'\\'), Some(b'\\')) => Some(at + 2).filter(|&j| b.get(j) == Some(&b'\\')),
        _ => None,
    };
    if let Some((c, end)) = joined.and_then(&one) {
        return Some((both(c, end), true));
    }
    let (c, end) = one(at)?;
    Some((both(c, end), false))
}

/// Whether `sk-` (in any spelling) starts at `at`.
fn key_at_start(b: &[u8], mut at: usize) -> bool {
    for want in [b's', b'k', b'-'] {
        match key_char(b, at) {
            Some((c, len)) if c == want => at += len,
            _ => return false,
        }
    }
    true
}

/// The key character written at `at` (plain or escaped) and the bytes it takes.
fn key_char(b: &[u8], at: usize) -> Option<(u8, usize)> {
    let first = *b.get(at)?;
    if is_key_byte(first) {
        return Some((first, 1));
    }
    let (value, len) = match first {
        b'\\' => {
            // `\\u002d` (an escape inside an escaped string) counts too.
            let mut j = at;
            while b.get(j) == Some(&b'\\') && j - at < 8 {
                j += 1;
            }
            let kind = *b.get(j)?;
            let hex = |from: usize, n: usize| hex_value(b.get(from..from + n)?).map(|v| (v, from + n - at));
            let decoded = match kind {
                b'u' if b.get(j + 1) == Some(&b'{') => {
                    let close = (j + 2..(j + 9).min(b.len())).find(|&k| b[k] == b'}')?;
                    hex_value(&b[j + 2..close]).map(|v| (v, close + 1 - at))
                }
                b'u' => hex(j + 1, 4),
                b'U' => hex(j + 1, 8),
                b'x' => hex(j + 1, 2),
                _ => None,
            };
            // Else a shell's `\-`: the character itself (not `\n`, `\t` and
            // the like, which JSON and C read as control characters).
            let literal = is_key_byte(kind) && !b"nrtbfv0".contains(&kind);
            decoded.or_else(|| literal.then_some((u32::from(kind), j + 1 - at)))?
        }
        b'%' => {
            let (v, len) = hex_value(b.get(at + 1..at + 3)?).map(|v| (v, 3))?;
            if v == 0x25 {
                // `%252D`: encoded twice.
                (hex_value(b.get(at + 3..at + 5)?)?, 5)
            } else {
                (v, len)
            }
        }
        b'&' if b.get(at + 1) == Some(&b'#') => {
            let (from, radix) =
                if matches!(b.get(at + 2), Some(b'x' | b'X')) { (at + 3, 16) } else { (at + 2, 10) };
            let semi = (from..(from + 8).min(b.len())).find(|&k| b[k] == b';')?;
            let digits = std::str::from_utf8(&b[from..semi]).ok()?;
            (u32::from_str_radix(digits, radix).ok()?, semi + 1 - at)
        }
        _ => return None,
    };
    let value = u8::try_from(value).ok().filter(|&v| is_key_byte(v))?;
    Some((value, len))
}

fn hex_value(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk-0123456789abcdefghijABCDEFGHIJ0123456789abcdwxyz";

    #[test]
    fn masks_keys_everywhere() {
        assert_eq!(redact(&format!("key {KEY} end")), "key sk-01…wxyz end");
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
        let source = format!("A={KEY}\nB=https://x\n");
        let (red, map) = redact_with_map(&source);
        assert!(!red.contains(KEY));
        let b = source.find("https").unwrap();
        assert_eq!(&red[map(b)..map(b + 9)], "https://x");
        assert_eq!(&red[map(2)..map(2 + KEY.len())], "sk-01…wxyz");
    }

    #[test]
    fn escaped_keys_are_keys() {
        let body = &KEY[3..];
        for spelled in [
            format!("sk\\u002d{body}"),
            format!("sk\\u002D{body}"),
            format!("\\u0073\\u006b\\u002d{body}"),
            format!("sk\\\\u002d{body}"),
            format!("sk\\u{{2d}}{body}"),
            format!("sk\\U0000002d{body}"),
            format!("sk\\x2d{body}"),
            format!("sk\\-{body}"),
            format!("sk%2D{body}"),
            format!("sk%2d{body}"),
            format!("%73%6B%2D{body}"),
            format!("sk%252D{body}"),
            format!("sk&#45;{body}"),
            format!("sk&#x2d;{body}"),
            format!("sk-{}\\u0079z", &body[..body.len() - 2]),
        ] {
            let text = format!("\"key\": \"{spelled}\"");
            let red = redact(&text);
            assert_eq!(red, "\"key\": \"sk-01…wxyz\"", "{spelled}");
            assert_eq!(key_ranges(&text).len(), 1, "{spelled}");
        }
        // `\/` is JSON's `/`: a URL written so keeps its key masked.
        assert_eq!(redact(&format!("https:\\/\\/h\\/v1?key={KEY}")), "https:\\/\\/h\\/v1?key=sk-01…wxyz");
    }

    #[test]
    fn a_key_cut_by_a_line_break_is_masked_on_both_lines() {
        for (text, want) in [
            // YAML plain scalar over two lines.
            (
                format!("api_key: {}\n  {}\nmodel: x\n", &KEY[..20], &KEY[20..]),
                "api_key: sk-01…wxyz\n  …\nmodel: x\n",
            ),
            // TOML line continuation inside a multi-line string.
            (
                format!("k = \"\"\"{}\\\n    {}\"\"\"\n", &KEY[..30], &KEY[30..]),
                "k = \"\"\"sk-01…wxyz\\\n    …\"\"\"\n",
            ),
            // A quoted dotenv value, CRLF.
            (format!("K=\"{}\r\n{}\"\r\n", &KEY[..6], &KEY[6..]), "K=\"sk-01…wxyz\r\n…\"\r\n"),
            // A JSON string with an escaped line break, and a URL with an encoded one.
            (format!("\"{}\\n  {}\"", &KEY[..12], &KEY[12..]), "\"sk-01…wxyz\\n  …\""),
            (format!("?k={}%0D%0A{}&x=1", &KEY[..12], &KEY[12..]), "?k=sk-01…wxyz%0D%0A…&x=1"),
            // A file name with a line break in the key.
            (format!("dir/{}\n  {}é.env", &KEY[..20], &KEY[20..]), "dir/sk-01…wxyz\n  …é.env"),
            // A piece that looks like a key's, whatever follows it.
            (format!("{}\n  {}=x", &KEY[..20], &KEY[20..]), "sk-01…wxyz\n  …=x"),
            (format!("{}\n{} ::notice::", &KEY[..20], &KEY[20..]), "sk-01…wxyz\n… ::notice::"),
            // A shell continuation right after the key, plain and written in JSON.
            (format!("{}\\\n{}=.env", &KEY[..9], &KEY[9..]), "sk-01…wxyz\\\n…=.env"),
            (format!("\"{}\\\\\\n{}=\"", &KEY[..9], &KEY[9..]), "\"sk-01…wxyz\\\\\\n…=\""),
        ] {
            assert_eq!(redact(&text), want, "{text:?}");
        }
        // The next assignment, another key, a list item or a comment are not the rest of a key.
        for text in [
            format!("A={KEY}\nOPENAI_BASE_URL=https://x\n"),
            format!("a: {KEY}\nmodel: x\n"),
            format!("{KEY}\n{KEY}\n"),
            format!("- {KEY}\n- x\n"),
            format!("A={KEY}\n# note\n"),
            format!("A={KEY}\nexport B=1\n"),
            format!("A={KEY} \\\n  B=1\n"),
            format!("A={KEY}\nOPENAI_API_KEY=x\n"),
        ] {
            let red = redact(&text);
            assert_eq!(red, text.replace(KEY, "sk-01…wxyz"), "{text:?}");
        }
    }

    #[test]
    fn pieces_of_a_learned_key_are_masked_without_their_prefix() {
        // A key of its own: what this test learns stays learned in this process.
        let key = "sk-LrnQz7Wv9Xy2Pq4Rs6Tu8Vw0Xa1Bc3De5Fg7Hi9Jk2Lm4No6";
        let cut = &key[12..40];
        assert_eq!(redact(&format!("https://h#45;{cut}/x")), format!("https://h#45;{cut}/x"));
        learn(&format!("URL=http://h/v1sk&#45;{}\nB=1\n", &key[3..]));
        assert_eq!(redact(&format!("https://h#45;{cut}/x")), "https://h#45;…/x");
        assert_eq!(safe_line(&format!("{cut}.env")), "….env");
        let shown = show(&format!("a {cut} \u{1b}b"), Layout::Line);
        assert_eq!(shown.text, "a … \\x1bb");
        // Short runs, and windows of one kind of character, are not pieces.
        assert_eq!(redact(&format!("{} xxxxxxxxxx", &key[12..19])), format!("{} xxxxxxxxxx", &key[12..19]));
    }

    #[test]
    fn controls_and_runner_markers_are_shown_as_escapes() {
        assert_eq!(safe_line("a\u{1b}]0;title\u{7}b"), "a\\x1b]0;title\\x07b");
        assert_eq!(safe_line("x\ny\rz\tw"), "x\\ny\\rz\tw");
        assert_eq!(safe_line("evil\u{202e}txt.env"), "evil\\u{202e}txt.env");
        assert_eq!(safe_line("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(safe_line("::add-mask::x"), "\\x3a:add-mask::x");
        assert_eq!(safe_line("a ::warning::x"), "a \\x3a:warning::x");
        assert_eq!(safe_line("std::env"), "std::env");
        assert_eq!(safe_line("x ##[add-mask]y"), "x #\\x23[add-mask]y");
        assert_eq!(safe_line("中文 é"), "中文 é");
        assert_eq!(safe_block("a\r\nb\rc\n  ::set-output::x\n"), "a\r\nb\\rc\n  \\x3a:set-output::x\n");
        assert_eq!(safe_block("a ::b"), "a ::b");
        assert_eq!(safe_line(&format!("dir/{KEY}/.env")), "dir/sk-01…wxyz/.env");
    }

    #[test]
    fn json_stays_json_with_the_same_values() {
        let value = "a\u{7f}\u{9b}b\u{202e}c ##[add-mask]d \u{1b}";
        let json = serde_json::to_string(&value).unwrap();
        let safe = json_safe(&json);
        assert_eq!(safe, "\"a\\u007f\\u009bb\\u202ec ##\\u005badd-mask]d \\u001b\"");
        assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), value);
    }

    #[test]
    fn shown_maps_offsets() {
        let text = format!("\u{1b}A={KEY} B");
        let shown = show(&text, Layout::Line);
        assert_eq!(shown.text, "\\x1bA=sk-01…wxyz B");
        let b = text.rfind('B').unwrap();
        assert_eq!(&shown.text[shown.map(b)..], "B");
        assert_eq!(shown.map(0), 0);
        assert_eq!(shown.map(1), 4);
    }

    #[test]
    fn scanning_is_linear() {
        // Many almost-keys and escapes: one pass, no blow-up.
        let text = "sk-1234567 %2 \\u00 &#; s".repeat(200_000);
        let start = std::time::Instant::now();
        assert!(key_ranges(&text).is_empty());
        let _ = safe_block(&text);
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "{:?}", start.elapsed());
    }
}
