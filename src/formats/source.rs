//! String literals in source code (Python, JavaScript/TypeScript, Go, Rust,
//! Java): URLs and key-like tokens, with the call context they sit in as their
//! key path, so that data can say what `OpenAI(base_url=…)` or
//! `new GoogleGenAI({ httpOptions: { baseUrl } })` must hold. The path lists,
//! from the outside in, the callee of each enclosing call (`new X(`, `a.b.X(` →
//! `X`) and the key each value is given under (`key=`, `key:`, `"key":`, a
//! variable assigned): `c = OpenAI(base_url="…")` → `c.OpenAI.base_url`;
//! `genai.Client(http_options=types.HttpOptions(base_url="…"))` →
//! `Client.http_options.HttpOptions.base_url`; a top-level `openai.base_url = "…"`
//! → `"openai.base_url"`. A literal outside any such context gets `url`. Data
//! anchors patterns at the end (`**.OpenAI.base_url`), so the variable names
//! around a call do not matter.
//!
//! The environment, as code sets or defaults it, is `env.NAME`:
//! `os.environ["NAME"] = "…"`, `process.env.NAME = "…"`,
//! `os.environ.setdefault("NAME", "…")`, `os.getenv("NAME", "…")`,
//! `os.environ.get("NAME", "…")`, `os.Setenv("NAME", "…")`,
//! `env::set_var("NAME", "…")`, `process.env.NAME || "…"` (and `??`, `or`).
//!
//! Which literals are entries: a URL (a literal that is one URL), each URL
//! inside a longer string (an error message: `"… get your key at https://…"`,
//! as a part of the literal with its own span), and a token that may be a key
//! (letters and digits, 20 to 200 characters, no spaces).
//!
//! A small lexer, not a parser: it knows strings, comments and brackets well
//! enough to find literals and their context, and never fails.

use crate::document::{Comment, Document, Entry, Format, Quote, Scalar, Segment};

#[derive(Default)]
struct Frame {
    callee: Option<String>,
    key: Option<Vec<String>>,
    /// The identifier before `[`: a subscript's base (`os.environ`).
    subscript_of: Option<String>,
    /// The first string literal inside this bracket, and how many there were.
    first_string: Option<String>,
    strings: usize,
    /// Commas seen: the argument a literal is.
    args: usize,
    /// An environment call (`os.getenv`, `os.Setenv`, …): its variable, once its first argument names it.
    env_call: bool,
    env_name: Option<String>,
}

/// Functions whose first argument names an environment variable and whose
/// second is the value set or the default.
const ENV_CALLS: &[&str] = &["getenv", "Getenv", "putenv", "Setenv", "setenv", "set_var", "LookupEnv"];

/// The key path a dotted name is given under: `process.env.NAME` → `env.NAME`,
/// any other name as one key.
fn key_of(ident: &str) -> Vec<String> {
    let parts: Vec<&str> = ident.split('.').collect();
    if let [.., env, name] = parts.as_slice() {
        if matches!(*env, "env" | "environ") && !name.is_empty() {
            return vec!["env".into(), name.to_string()];
        }
    }
    vec![ident.to_string()]
}

fn is_env_call(full: &str) -> bool {
    let last = full.rsplit(['.', ':']).next().unwrap_or(full);
    ENV_CALLS.contains(&last) || (full.contains("environ") && matches!(last, "setdefault" | "get"))
}

pub fn parse(text: &str) -> Document {
    let bytes = text.as_bytes();
    let mut entries = Vec::new();
    let mut comments = Vec::new();
    let mut frames: Vec<Frame> = vec![Frame::default()];
    // The last identifier (dotted) seen, and whether `=`/`:` followed it (a key).
    let mut last_ident: Option<String> = None;
    // `process.env.X || "…"`: the next literal is that variable's default.
    let mut default_for: Option<Vec<String>> = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'#' if !prev_is_ident_char(bytes, i) => {
                let end = line_end(bytes, i);
                comments.push(Comment { span: i..end, text: text[i + 1..end].to_string() });
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = line_end(bytes, i);
                comments.push(Comment { span: i..end, text: text[i + 2..end].to_string() });
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..].find("*/").map_or(text.len(), |p| i + 2 + p + 2);
                comments.push(Comment {
                    span: i..end,
                    text: text[i + 2..end.saturating_sub(2).max(i + 2)].to_string(),
                });
                i = end;
            }
            b'"' | b'\'' | b'`' => {
                let (end, content, quote) = string_end(text, i);
                let value = &text[content.clone()];
                if let Some(f) = frames.last_mut() {
                    f.strings += 1;
                    f.first_string.get_or_insert_with(|| value.to_string());
                    if f.env_call && f.args == 0 && f.env_name.is_none() && is_env_name(value) {
                        f.env_name = Some(value.to_string());
                    }
                }
                if !value.contains(['\\', '\n']) {
                    let mut path = context_path(&frames);
                    if let Some(key) = default_for.take() {
                        path = key.into_iter().map(Segment::Key).collect();
                    }
                    literal_entries(value, i..end, content.clone(), quote, path, &mut entries);
                }
                default_for = None;
                // `"key": value` in a dict or object literal: the string is a key.
                let after = text[end..].trim_start_matches([' ', '\t']);
                if after.starts_with(':') && !after.starts_with("::") {
                    if let Some(f) = frames.last_mut() {
                        f.key = Some(vec![value.to_string()]);
                    }
                }
                last_ident = None;
                i = end;
            }
            b'(' | b'{' | b'[' => {
                let mut frame = Frame::default();
                if c == b'(' {
                    if let Some(full) = last_ident.take() {
                        frame.env_call = is_env_call(&full);
                        frame.callee = Some(full.rsplit(['.', ':']).next().unwrap_or(&full).to_string());
                    }
                } else if c == b'[' {
                    frame.subscript_of = last_ident.take();
                }
                frames.push(frame);
                last_ident = None;
                i += 1;
            }
            b')' | b'}' | b']' => {
                let closed = if frames.len() > 1 { frames.pop() } else { None };
                last_ident = None;
                // `os.environ["NAME"]`: the subscript names what is assigned next.
                if let Some(f) = closed {
                    if let (b']', Some(base), Some(key), 1) = (c, &f.subscript_of, &f.first_string, f.strings)
                    {
                        last_ident = Some(format!("{base}.{key}"));
                    }
                    if let (b')', Some(name)) = (c, f.env_name) {
                        last_ident = Some(format!("env.{name}"));
                    }
                }
                i += 1;
            }
            b',' | b';' | b'\n' => {
                // A new argument, property or statement: the key no longer applies.
                if c != b'\n' || frames.len() == 1 {
                    if let Some(f) = frames.last_mut() {
                        f.key = None;
                        if c == b',' {
                            f.args += 1;
                        }
                    }
                }
                last_ident = None;
                default_for = None;
                i += 1;
            }
            b'|' | b'?' if bytes.get(i + 1) == Some(&c) => {
                // `process.env.X || "…"`, `?? "…"`: a default for that variable.
                default_for = last_ident.take().map(|n| key_of(&n)).filter(|k| k.len() == 2);
                i += 2;
            }
            b'=' | b':' => {
                let compare = bytes.get(i + 1).is_some_and(|n| *n == b'=' || (c == b':' && *n == b':'));
                let arrow = c == b'=' && bytes.get(i + 1) == Some(&b'>');
                if compare || arrow {
                    i += 2;
                    continue;
                }
                if let (Some(name), Some(f)) = (last_ident.take(), frames.last_mut()) {
                    f.key = Some(key_of(&name));
                }
                i += 1;
            }
            _ if c == b'_' || c.is_ascii_alphabetic() || c == b'$' => {
                let start = i;
                while i < bytes.len() {
                    let b = bytes[i];
                    if b == b'_' || b == b'$' || b == b'.' || b.is_ascii_alphanumeric() {
                        i += 1;
                    } else if b == b':'
                        && bytes.get(i + 1) == Some(&b':')
                        && bytes.get(i + 2).is_some_and(|n| n.is_ascii_alphabetic() || *n == b'_')
                    {
                        i += 2; // `env::set_var`
                    } else {
                        break;
                    }
                }
                let word = &text[start..i];
                // A string prefix such as Python's r"…", f"…", b"…".
                if matches!(bytes.get(i), Some(b'"') | Some(b'\''))
                    && word.len() <= 2
                    && word.chars().all(|c| "rRbBfFuU".contains(c))
                {
                    continue;
                }
                // Python's `or`: `os.getenv("X") or "…"`.
                if word == "or" {
                    default_for = last_ident.take().map(|n| key_of(&n)).filter(|k| k.len() == 2);
                    continue;
                }
                last_ident =
                    if word == "new" { last_ident } else { Some(word.trim_end_matches('.').to_string()) };
            }
            _ => i += 1,
        }
    }
    Document { format: Format::Source, entries, comments }
}

/// The entries of one string literal: itself when it is a URL or a token that
/// may be a key; each URL inside it when it is longer text.
fn literal_entries(
    value: &str,
    token: std::ops::Range<usize>,
    content: std::ops::Range<usize>,
    quote: Quote,
    path: Vec<Segment>,
    entries: &mut Vec<Entry>,
) {
    let trimmed = value.trim();
    let one_url = value.contains("://") && !trimmed.contains(char::is_whitespace) && {
        let scheme = trimmed.split("://").next().unwrap_or("");
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphabetic())
    };
    if one_url || (value.contains("://") && value.trim() != value && !trimmed.contains(char::is_whitespace)) {
        entries.push(Entry {
            path,
            scalar: Scalar { value: value.to_string(), token, content, quote },
            key_span: None,
        });
        return;
    }
    if value.contains("://") {
        // Text holding URLs: each is a part of the literal, with its own bytes.
        for (range, url) in super::text::urls(value) {
            let span = content.start + range.start..content.start + range.end;
            entries.push(Entry {
                path: path.clone(),
                scalar: Scalar { value: url.to_string(), token: span.clone(), content: span, quote },
                key_span: None,
            });
        }
        return;
    }
    let token_like = (20..=200).contains(&value.len())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || "-_".contains(c))
        && value.chars().any(|c| c.is_ascii_alphabetic())
        && !value.contains("__");
    if token_like {
        entries.push(Entry {
            path,
            scalar: Scalar { value: value.to_string(), token, content, quote },
            key_span: None,
        });
    }
}

fn is_env_name(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn context_path(frames: &[Frame]) -> Vec<Segment> {
    let mut path = Vec::new();
    for f in frames {
        if let Some(name) = &f.env_name {
            path.push(Segment::Key("env".into()));
            path.push(Segment::Key(name.clone()));
            continue;
        }
        if let Some(c) = &f.callee {
            path.push(Segment::Key(c.clone()));
        }
        if let Some(k) = &f.key {
            path.extend(k.iter().map(|k| Segment::Key(k.clone())));
        }
    }
    if path.is_empty() {
        path.push(Segment::Key("url".into()));
    }
    path
}

fn prev_is_ident_char(bytes: &[u8], i: usize) -> bool {
    i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|b| *b == b'\n').map_or(bytes.len(), |p| from + p)
}

/// The end of the string literal opening at `start` (triple quotes included), its content range and quote.
fn string_end(text: &str, start: usize) -> (usize, std::ops::Range<usize>, Quote) {
    let bytes = text.as_bytes();
    let q = bytes[start];
    let triple = bytes.len() >= start + 3 && bytes[start + 1] == q && bytes[start + 2] == q;
    let (open, quote) = match (q, triple) {
        (b'"', true) => (3, Quote::TripleDouble),
        (b'\'', true) => (3, Quote::TripleSingle),
        (b'"', false) => (1, Quote::Double),
        _ => (1, Quote::Single),
    };
    let mut i = start + open;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == b'\n' && open == 1 && q != b'`' {
            return (i, start + 1..i, quote); // unterminated on its line: stop there
        }
        if bytes[i] == q && (open == 1 || bytes[i..].starts_with(&[q, q, q])) {
            return (i + open, start + open..i, quote);
        }
        i += 1;
    }
    (bytes.len(), start + open..bytes.len(), quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String)> {
        parse(text)
            .entries
            .iter()
            .map(|e| {
                assert_eq!(&text[e.scalar.content.clone()], e.scalar.value);
                (crate::document::display_path(&e.path), e.scalar.value.clone())
            })
            .collect()
    }

    #[test]
    fn python_constructors() {
        let py = r#"
import openai
from google import genai
from google.genai import types

client = OpenAI(api_key=os.environ["KEY"], base_url="https://api.crazyrouter.com/v1")
claude = anthropic.Anthropic(
    base_url='https://api.crazyrouter.com',  # root
)
g = genai.Client(http_options=types.HttpOptions(base_url="https://api.crazyrouter.com"))
g2 = genai.Client(http_options={"base_url": "https://cn.crazyrouter.com"})
openai.base_url = "https://api.crazyrouter.com/v1/"
ENDPOINT = "https://api.crazyrouter.com/v1/chat/completions"
"#;
        assert_eq!(
            found(py),
            vec![
                ("client.OpenAI.base_url".into(), "https://api.crazyrouter.com/v1".into()),
                ("claude.Anthropic.base_url".into(), "https://api.crazyrouter.com".into()),
                ("g.Client.http_options.HttpOptions.base_url".into(), "https://api.crazyrouter.com".into()),
                ("g2.Client.http_options.base_url".into(), "https://cn.crazyrouter.com".into()),
                ("openai.base_url".into(), "https://api.crazyrouter.com/v1/".into()),
                ("ENDPOINT".into(), "https://api.crazyrouter.com/v1/chat/completions".into()),
            ]
        );
    }

    #[test]
    fn javascript_constructors() {
        let js = r#"
const openai = new OpenAI({ apiKey: process.env.KEY, baseURL: 'https://api.crazyrouter.com/v1' });
const anthropic = createAnthropic({
  baseURL: "https://api.crazyrouter.com/v1", // the AI SDK wants /v1
});
const ai = new GoogleGenAI({ apiKey, httpOptions: { baseUrl: `https://api.crazyrouter.com` } });
fetch("https://api.crazyrouter.com/v1/models", { method: "GET" });
"#;
        assert_eq!(
            found(js),
            vec![
                ("openai.OpenAI.baseURL".into(), "https://api.crazyrouter.com/v1".into()),
                ("anthropic.createAnthropic.baseURL".into(), "https://api.crazyrouter.com/v1".into()),
                ("ai.GoogleGenAI.httpOptions.baseUrl".into(), "https://api.crazyrouter.com".into()),
                ("fetch".into(), "https://api.crazyrouter.com/v1/models".into()),
            ]
        );
    }

    #[test]
    fn never_panics_on_truncated_text() {
        let js = "const a = new OpenAI({ baseURL: \"https://api.crazyrouter.com/v1\" });";
        for cut in 0..js.len() {
            let _ = parse(&js[..cut]);
        }
        let _ = parse("'''unterminated https://x");
    }
}
