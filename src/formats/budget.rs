//! How much a text may hold before it is parsed: the memory a parse takes grows
//! with the number of values in the text (each is a node of the parser's tree,
//! then an entry of the document model with its key path, then a setting), not
//! with its bytes. A 4 MiB config of two million one-byte array items took 15 s
//! and 850 MB; four of them at once, 3.4 GB. So before a parser runs, a linear
//! scan counts what the text could hold (an estimate made for each format, never
//! a parse) and refuses a text holding more than `max_values` for its size: a
//! CR902 in `check`, a parse failure for every other caller. What is accepted
//! costs a bounded multiple of the file's size (README, "Performance and
//! robustness", has the figures).
//!
//! The counts, per format, of the things that become nodes, entries or comments:
//! JSON and TOML, every string, bare word (number, key, boolean, date) and
//! comment outside strings; YAML, dotenv, shell and Dockerfiles, lines (an entry
//! or a comment needs a line of its own, or a `,` or `: ` in YAML, or an `=` in
//! a shell assignment); free text, its URLs; source code, URLs and comment marks.
//! The YAML reader also stops keeping nodes past the budget while it reads
//! (`yaml::parse`), since one line can hold a block sequence of many items.
//!
//! Not for: a file's byte size (`read` caps that before anything is read).

use crate::document::Format;

/// Every text may hold this many values, whatever its size.
pub const MIN_VALUES: usize = 20_000;
/// Beyond that, one value per this many bytes: a real config spends more on
/// each value (a key, quotes, a URL); a dump of one-byte items spends two.
pub const BYTES_PER_VALUE: usize = 16;

/// The most values a text of `len` bytes may hold.
pub fn max_values(len: usize) -> usize {
    MIN_VALUES + len / BYTES_PER_VALUE
}

/// `Err(why)` when `text`, read as `format`, could hold more values than its
/// size allows. Linear in the text, no allocation.
pub fn check(format: Format, text: &str) -> Result<(), String> {
    let max = max_values(text.len());
    let count = estimate(format, text.as_bytes(), max);
    if count > max {
        return Err(format!(
            "too many values for its size: over {max} in {} bytes (at most {MIN_VALUES} plus one per {BYTES_PER_VALUE} bytes); not parsed",
            text.len()
        ));
    }
    Ok(())
}

/// The count `check` compares, stopping once it passes `stop`.
fn estimate(format: Format, bytes: &[u8], stop: usize) -> usize {
    let lines = || memchr::memchr_iter(b'\n', bytes).count() + 1;
    let count = |b: u8| memchr::memchr_iter(b, bytes).count();
    let find = |s: &[u8]| memchr::memmem::find_iter(bytes, s).count();
    match format {
        Format::Json | Format::Json5 => words(bytes, Syntax::Json, stop),
        Format::Toml => words(bytes, Syntax::Toml, stop),
        Format::Yaml => lines() + count(b',') + find(b": "),
        Format::Dotenv => lines(),
        Format::Shell | Format::PowerShell | Format::Cmd | Format::Dockerfile => lines() + count(b'='),
        // Entries are URLs only; source code also keeps its comments.
        Format::Text | Format::Markdown => find(b"://"),
        Format::Source => find(b"://") + count(b'#') + find(b"//") + find(b"/*"),
        // Never parsed as text: a store is capped by its own size limit (`crate::store`).
        Format::Sqlite => 0,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Json,
    Toml,
}

/// Strings, bare words and comments outside strings, in JSON (`//`, `/* */`
/// comments, `"…"` and `'…'` strings) or TOML (`#` comments, basic, literal and
/// multi-line strings). An unterminated string runs to the end, as the parser
/// will say.
fn words(bytes: &[u8], syntax: Syntax, stop: usize) -> usize {
    // A word starts with a letter, a digit or a sign; a TOML time goes on through `:`.
    let starts_word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'.');
    let is_word = |b: u8| starts_word(b) || b == b':';
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() && n <= stop {
        let b = bytes[i];
        let rest = &bytes[i..];
        if syntax == Syntax::Toml && (rest.starts_with(b"\"\"\"") || rest.starts_with(b"'''")) {
            let close = &rest[..3];
            i += 3 + memchr::memmem::find(&bytes[i + 3..], close).map_or(bytes.len(), |j| j + 3);
        } else if b == b'"' || b == b'\'' {
            // TOML literal strings have no escapes; every other string does.
            let escapes = !(syntax == Syntax::Toml && b == b'\'');
            i = string_end(bytes, i, b, escapes);
        } else if (syntax == Syntax::Toml && b == b'#') || (syntax == Syntax::Json && rest.starts_with(b"//"))
        {
            i = memchr::memchr(b'\n', rest).map_or(bytes.len(), |j| i + j);
        } else if syntax == Syntax::Json && rest.starts_with(b"/*") {
            i = memchr::memmem::find(&rest[2..], b"*/").map_or(bytes.len(), |j| i + 2 + j + 2);
        } else if starts_word(b) {
            while i < bytes.len() && is_word(bytes[i]) {
                i += 1;
            }
        } else {
            i += 1;
            continue;
        }
        n += 1;
    }
    n
}

/// The index after the quote that closes the string opened at `open`.
fn string_end(bytes: &[u8], open: usize, quote: u8, escapes: bool) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if escapes => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_values_not_bytes() {
        let json = "{\n  // note\n  \"env\": {\"A\": \"x, y: [z]\", 'B': 12.5e3, \"C\": true},\n  /* a, b */ \"l\": [1, null]\n}";
        // note, env, A, "x, y: [z]", B, 12.5e3, C, true, a-b comment, l, 1, null
        assert_eq!(estimate(Format::Json, json.as_bytes(), usize::MAX), 12);
        let toml = "# c\n[model_providers.x]\nbase_url = \"https://a/v1\" # tail\nlist = [1, 'two', \"\"\"three\n, 3\"\"\"]\nd = 1979-05-27T07:32:00Z\n";
        // c, model_providers.x, base_url, "https…", tail, list, 1, 'two', """…""", d, date
        assert_eq!(estimate(Format::Toml, toml.as_bytes(), usize::MAX), 11);
        assert_eq!(estimate(Format::Dotenv, b"A=1\n# c\nB=2", usize::MAX), 3);
        assert_eq!(estimate(Format::Yaml, b"a: [1, 2]\nb: c\n", usize::MAX), 6);
        assert_eq!(estimate(Format::Text, b"see https://a and http://b\n\n\n", usize::MAX), 2);
    }

    #[test]
    fn a_dump_of_tiny_items_is_refused_a_dense_config_is_not() {
        let items = 1_000_000;
        let dump = format!("a = [{}1]\n", "1,".repeat(items));
        assert!(check(Format::Toml, &dump).unwrap_err().contains("too many values"));
        let json = format!("{{\"a\": [{}1]}}", "1,".repeat(items));
        assert!(check(Format::Json, &json).is_err());
        let yaml = format!("a:\n{}", "- 1\n".repeat(items));
        assert!(check(Format::Yaml, &yaml).is_err());
        assert!(check(Format::Dotenv, &"A=1\n".repeat(items)).is_err());
        // 20,000 Codex providers (the hostile suite's case): 21 bytes a value.
        let provider = |i: usize| {
            format!("[model_providers.p{i}]\nbase_url = \"https://api.crazyrouter.com/v1\"\nwire_api = \"chat\"\nenv_key = \"K\"\n")
        };
        let codex: String = (0..20_000).map(provider).collect();
        assert_eq!(check(Format::Toml, &codex), Ok(()));
        // Small files hold what they like.
        assert_eq!(check(Format::Json, &format!("[{}1]", "1,".repeat(MIN_VALUES - 10))), Ok(()));
    }

    #[test]
    fn the_scan_stops_early_and_never_overruns() {
        for text in ["\"unterminated", "'''open", "/* open", "a = \"\\", "#"] {
            estimate(Format::Json, text.as_bytes(), 10);
            estimate(Format::Toml, text.as_bytes(), 10);
        }
        assert_eq!(words(b"1,1,1,1,1,1", Syntax::Json, 2), 3);
    }
}
