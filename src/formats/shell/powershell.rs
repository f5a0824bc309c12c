//! PowerShell: `$env:NAME = "value"` (or `'value'`, `${env:NAME}`),
//! `[Environment]::SetEnvironmentVariable("NAME", "value", …)`,
//! `Set-Item Env:NAME "value"` / `New-Item -Path Env:NAME -Value "value"`, and
//! `setx NAME value` (the Windows program, as scripts call it). Strings decode
//! PowerShell's escapes: `''` in single quotes, `""` and backtick escapes in
//! double quotes; a backtick before a line end continues the line, and a
//! backtick outside quotes escapes the next character. Here-strings (`@"…"@`,
//! `@'…'@`) are `Quote::Block` values kept as written. `#` and `<# … #>` comments.
//!
//! `statements` gives the lexed statements themselves (words, strings with
//! their spans, punctuation) to `crate::embedded`, which reads the here-strings
//! a script writes into files.

use std::ops::Range;

use super::{is_name, line_end, unterminated, Lexed};
use crate::document::{Comment, Entry, ParseFailure, Quote, Scalar, Segment};

#[derive(Debug, Clone)]
enum PsTok {
    Word(String, Range<usize>),
    /// A string; `true` when it expands variables (`"…"`, `@"…"@`).
    Str(Scalar, bool),
    Punct(u8),
    Sep,
}

/// One piece of a statement, for readers of the script's commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A bare word (a command name, a parameter, `$variable`, a path), as written.
    Word(String, Range<usize>),
    /// A string literal: its decoded value and spans (`Quote::Block` for a
    /// here-string, whose value is its body as written), and whether it expands
    /// `$variables` (double quotes).
    Str(Scalar, bool),
    /// `=`, `(`, `)`, `,`, `{`, `}`, `|`, `&`, `+`.
    Punct(u8),
}

/// The statements of a script (split at line ends and `;`), leniently: a line
/// with a quote left open is dropped.
pub fn statements(text: &str) -> Vec<Vec<Item>> {
    let mut lexer = PsLexer { text, pos: 0, toks: vec![], comments: vec![], failures: Some(vec![]) };
    if lexer.run().is_err() {
        return vec![];
    }
    lexer
        .toks
        .split(|t| matches!(t, PsTok::Sep))
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.iter()
                .map(|t| match t {
                    PsTok::Word(w, span) => Item::Word(w.clone(), span.clone()),
                    PsTok::Str(s, expands) => Item::Str(s.clone(), *expands),
                    PsTok::Punct(p) => Item::Punct(*p),
                    PsTok::Sep => Item::Punct(b';'),
                })
                .collect()
        })
        .collect()
}

/// The variables `text` sets, its comments and, with `lenient`, the lines that did not lex.
pub(super) fn lex(text: &str, lenient: bool) -> Result<Lexed, ParseFailure> {
    let mut lexer =
        PsLexer { text, pos: 0, toks: vec![], comments: vec![], failures: lenient.then(Vec::new) };
    lexer.run()?;
    Ok(Lexed {
        entries: powershell_entries(&lexer.toks),
        comments: lexer.comments,
        failures: lexer.failures.unwrap_or_default(),
    })
}

struct PsLexer<'t> {
    text: &'t str,
    pos: usize,
    toks: Vec<PsTok>,
    comments: Vec<Comment>,
    /// With `Some`: a quote left open fails its line only, recorded here.
    failures: Option<Vec<ParseFailure>>,
}

impl PsLexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn run(&mut self) -> Result<(), ParseFailure> {
        while self.pos < self.text.len() {
            let toks = self.toks.len();
            let at = self.pos;
            if let Err(failure) = self.step() {
                let Some(failures) = self.failures.as_mut() else { return Err(failure) };
                failures.push(failure);
                self.toks.truncate(toks);
                self.pos = (line_end(self.text, at) + 1).max(at + 1).min(self.text.len());
                self.toks.push(PsTok::Sep);
            }
        }
        Ok(())
    }

    fn step(&mut self) -> Result<(), ParseFailure> {
        let Some(b) = self.peek() else { return Ok(()) };
        {
            let at = self.pos;
            let rest = &self.text[at..];
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'`' if rest[1..].starts_with('\n') || rest[1..].starts_with("\r\n") => {
                    self.pos += if rest[1..].starts_with('\n') { 2 } else { 3 };
                }
                b'\n' | b';' => {
                    self.pos += 1;
                    self.toks.push(PsTok::Sep);
                }
                b'<' if rest.starts_with("<#") => {
                    let end = rest.find("#>").map_or(self.text.len(), |i| at + i + 2);
                    let body = self.text[at + 2..end].strip_suffix("#>").unwrap_or(&self.text[at + 2..end]);
                    self.comments.push(Comment { span: at..end, text: body.to_string() });
                    self.pos = end;
                }
                b'#' => {
                    let eol = rest.find('\n').map_or(self.text.len(), |i| at + i);
                    let body = self.text[at + 1..eol].trim_end_matches('\r');
                    self.comments.push(Comment { span: at..at + 1 + body.len(), text: body.to_string() });
                    self.pos = eol;
                }
                b'@' if rest.starts_with("@\"") || rest.starts_with("@'") => self.here_string()?,
                b'\'' => {
                    let s = self.single_quoted()?;
                    self.toks.push(PsTok::Str(s, false));
                }
                b'"' => {
                    let s = self.double_quoted()?;
                    self.toks.push(PsTok::Str(s, true));
                }
                b'=' | b'(' | b')' | b',' | b'{' | b'}' | b'|' | b'&' | b'+' => {
                    self.pos += 1;
                    self.toks.push(PsTok::Punct(b));
                }
                _ => self.word(),
            }
        }
        Ok(())
    }

    fn word(&mut self) {
        let start = self.pos;
        if self.text[start..].starts_with("${") {
            self.pos = self.text[start..].find('}').map_or(self.text.len(), |i| start + i + 1);
        } else {
            while let Some(b) = self.peek() {
                // A backtick escapes the next character (`` `" `` is a quote, not a string).
                if b == b'`' {
                    let next = self.text[self.pos + 1..].chars().next();
                    if next.is_none_or(|c| c == '\n' || c == '\r') {
                        // A stray backtick before a line end: a word of its own.
                        if self.pos == start {
                            self.pos += 1;
                        }
                        break;
                    }
                    self.pos += 1 + next.map_or(0, char::len_utf8);
                    continue;
                }
                if matches!(
                    b,
                    b' ' | b'\t'
                        | b'\r'
                        | b'\n'
                        | b';'
                        | b'='
                        | b'('
                        | b')'
                        | b','
                        | b'{'
                        | b'}'
                        | b'|'
                        | b'&'
                        | b'\''
                        | b'"'
                ) {
                    break;
                }
                self.pos += self.text[self.pos..].chars().next().map_or(1, char::len_utf8);
            }
        }
        self.toks.push(PsTok::Word(self.text[start..self.pos].to_string(), start..self.pos));
    }

    fn single_quoted(&mut self) -> Result<Scalar, ParseFailure> {
        let start = self.pos;
        let mut value = String::new();
        let mut chars = self.text[start + 1..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                    chars.next();
                    value.push('\'');
                    continue;
                }
                let close = start + 1 + i;
                self.pos = close + 1;
                return Ok(Scalar {
                    value,
                    token: start..close + 1,
                    content: start + 1..close,
                    quote: Quote::Single,
                });
            }
            value.push(c);
        }
        Err(unterminated("'-quoted string", start))
    }

    fn double_quoted(&mut self) -> Result<Scalar, ParseFailure> {
        let start = self.pos;
        let mut value = String::new();
        self.pos += 1;
        while let Some(b) = self.peek() {
            let at = self.pos;
            match b {
                b'"' if self.text[at + 1..].starts_with('"') => {
                    value.push('"');
                    self.pos += 2;
                }
                b'"' => {
                    self.pos += 1;
                    return Ok(Scalar {
                        value,
                        token: start..at + 1,
                        content: start + 1..at,
                        quote: Quote::Double,
                    });
                }
                b'`' => {
                    let next = self.text[at + 1..].chars().next();
                    match next {
                        Some('n') => value.push('\n'),
                        Some('t') => value.push('\t'),
                        Some('r') => value.push('\r'),
                        Some('0') => value.push('\0'),
                        Some('e') => value.push('\u{1b}'),
                        Some(c) => value.push(c),
                        None => {}
                    }
                    self.pos = at + 1 + next.map_or(0, char::len_utf8);
                }
                b'$' if self.text[at + 1..].starts_with('(') => {
                    let end = self.subexpression(at + 1)?;
                    value.push_str(&self.text[at..end]);
                    self.pos = end;
                }
                _ => {
                    let c = self.text[at..].chars().next().unwrap_or_default();
                    value.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        Err(unterminated("\"-quoted string", start))
    }

    /// `(…)` inside a double-quoted string, with strings nested in it.
    fn subexpression(&mut self, open_at: usize) -> Result<usize, ParseFailure> {
        self.pos = open_at + 1;
        let mut depth = 1;
        while let Some(b) = self.peek() {
            match b {
                b'\'' => {
                    self.single_quoted()?;
                }
                b'"' => {
                    self.double_quoted()?;
                }
                b'(' => {
                    depth += 1;
                    self.pos += 1;
                }
                b')' => {
                    depth -= 1;
                    self.pos += 1;
                    if depth == 0 {
                        return Ok(self.pos);
                    }
                }
                _ => self.pos += self.text[self.pos..].chars().next().map_or(1, char::len_utf8),
            }
        }
        Ok(self.pos)
    }

    /// `@"…"@` and `@'…'@`: the body runs from the next line to a line starting
    /// with `"@`/`'@`. It is a `Quote::Block`, never rewritten in place, and
    /// kept as written (no escapes decoded).
    fn here_string(&mut self) -> Result<(), ParseFailure> {
        let start = self.pos;
        let q = &self.text[start + 1..start + 2];
        let closer = format!("\n{q}@");
        let body_start = self.text[start..].find('\n').map_or(self.text.len(), |i| start + i + 1);
        let Some(i) = self.text[body_start - 1..].find(&closer) else {
            return Err(unterminated("here-string", start));
        };
        let close = body_start - 1 + i;
        let content = body_start..close.max(body_start);
        let body = self.text[content.clone()].trim_end_matches('\r');
        let content = content.start..content.start + body.len();
        self.pos = close + closer.len();
        let value = body.to_string();
        let expands = q == "\"";
        self.toks.push(PsTok::Str(
            Scalar { value, token: start..self.pos, content, quote: Quote::Block },
            expands,
        ));
        Ok(())
    }
}

fn powershell_entries(toks: &[PsTok]) -> Vec<Entry> {
    let mut entries = Vec::new();
    // Blocks (`if (…) { … }`) hold statements of their own.
    for statement in toks.split(|t| matches!(t, PsTok::Sep | PsTok::Punct(b'{' | b'}'))) {
        match statement {
            // A string and nothing else: `"a" + $b` is an expression this does not evaluate.
            [PsTok::Word(var, span), PsTok::Punct(b'='), PsTok::Str(value, _)] => {
                if let Some((name, key_span)) = env_variable(var, span) {
                    entries.push(Entry {
                        path: vec![Segment::Key(name.to_string())],
                        scalar: value.clone(),
                        key_span: Some(key_span),
                    });
                }
            }
            [PsTok::Word(call, _), PsTok::Punct(b'('), PsTok::Str(name, _), PsTok::Punct(b','), PsTok::Str(value, _), PsTok::Punct(b')' | b','), ..] =>
            {
                let lower = call.to_ascii_lowercase();
                if (lower == "[environment]::setenvironmentvariable"
                    || lower == "[system.environment]::setenvironmentvariable")
                    && is_name(&name.value)
                {
                    entries.push(Entry {
                        path: vec![Segment::Key(name.value.clone())],
                        scalar: value.clone(),
                        key_span: Some(name.content.clone()),
                    });
                }
            }
            [PsTok::Word(command, _), args @ ..] => entries.extend(command_entry(command, args)),
            _ => {}
        }
    }
    entries
}

/// `$env:NAME` or `${env:NAME}`: the name and its span.
fn env_variable<'v>(var: &'v str, span: &Range<usize>) -> Option<(&'v str, Range<usize>)> {
    let lower = var.to_ascii_lowercase();
    let name = if lower.starts_with("$env:") {
        Some((&var[5..], span.start + 5..span.end))
    } else if lower.starts_with("${env:") && var.ends_with('}') {
        Some((&var[6..var.len() - 1], span.start + 6..span.end - 1))
    } else {
        None
    };
    name.filter(|(n, _)| is_name(n))
}

/// `setx NAME value`, `Set-Item Env:NAME value`, `New-Item -Path Env:NAME -Value value`.
fn command_entry(command: &str, args: &[PsTok]) -> Option<Entry> {
    let lower = command.to_ascii_lowercase();
    let as_scalar = |t: &PsTok| match t {
        PsTok::Str(s, _) => Some(s.clone()),
        PsTok::Word(w, span) if !w.starts_with(['-', '$', '(']) => {
            Some(Scalar { value: w.clone(), token: span.clone(), content: span.clone(), quote: Quote::Bare })
        }
        _ => None,
    };
    match lower.as_str() {
        "setx" | "setx.exe" => {
            // `setx NAME value [/M]`: exactly a name and a value.
            let plain: Vec<&PsTok> =
                args.iter().filter(|t| !matches!(t, PsTok::Word(w, _) if w.starts_with('/'))).collect();
            let [PsTok::Word(name, name_span), value] = plain.as_slice() else { return None };
            let scalar = as_scalar(value)?;
            is_name(name).then(|| Entry {
                path: vec![Segment::Key(name.clone())],
                scalar,
                key_span: Some(name_span.clone()),
            })
        }
        "set-item" | "si" | "new-item" | "ni" => {
            let mut path: Option<(String, Range<usize>)> = None;
            let mut value: Option<Scalar> = None;
            let mut i = 0;
            let mut positional = 0;
            while i < args.len() {
                match &args[i] {
                    PsTok::Word(p, _) if p.starts_with('-') => {
                        let name = p.to_ascii_lowercase();
                        let next = args.get(i + 1);
                        if name == "-path" || name == "-literalpath" {
                            path = next.and_then(env_target);
                            i += 2;
                            continue;
                        }
                        if name == "-value" {
                            value = next.and_then(as_scalar);
                            i += 2;
                            continue;
                        }
                        i += 1;
                    }
                    t => {
                        match positional {
                            0 => path = env_target(t),
                            1 => value = as_scalar(t),
                            _ => {}
                        }
                        positional += 1;
                        i += 1;
                    }
                }
            }
            let (name, key_span) = path?;
            Some(Entry { path: vec![Segment::Key(name)], scalar: value?, key_span: Some(key_span) })
        }
        _ => None,
    }
}

/// `Env:NAME`, `Env:\NAME`, `"env:NAME"`: the variable named.
fn env_target(t: &PsTok) -> Option<(String, Range<usize>)> {
    let (text, span) = match t {
        PsTok::Word(w, span) => (w.as_str(), span.clone()),
        PsTok::Str(s, _) if s.content.len() == s.value.len() && s.quote != Quote::Block => {
            (s.value.as_str(), s.content.clone())
        }
        _ => return None,
    };
    let lower = text.to_ascii_lowercase();
    let rest = lower.strip_prefix("env:")?;
    let skip = 4 + usize::from(rest.starts_with(['\\', '/']));
    let name = &text[skip..];
    is_name(name).then(|| (name.to_string(), span.start + skip..span.end))
}
