//! Shell rc files and scripts (`.bashrc`, `.zshrc`, `.profile`, `config.fish`,
//! PowerShell `profile.ps1`) into the document model: every environment
//! variable the file sets is an entry at path `[NAME]`, as in dotenv files, so
//! the same variable rules apply. Paths are not unique: a variable set twice
//! gives two entries, in file order.
//!
//! Recognized, at the start of a command (after `;`, `&&`, `|`, a newline,
//! `then`, `do`, `and`, ...):
//! - POSIX sh, bash, zsh: `NAME=value` (also several, before a command),
//!   `export`/`declare`/`typeset`/`local`/`readonly` with options and
//!   `NAME=value` words, `env NAME=value cmd`, csh and `launchctl` `setenv NAME value`;
//! - fish: `set -gx NAME value` and the other scope and export flags
//!   (`-x`, `-g`, `-U`, `-l`, `--export`, `--global`, `--universal`), with
//!   exactly one value word;
//! - PowerShell: `$env:NAME = "value"` (or `'value'`, `${env:NAME}`) and
//!   `[Environment]::SetEnvironmentVariable("NAME", "value", ...)`.
//!
//! Values may be bare words, `'…'` or `"…"` (`\"`, `\\`, `\$`, `` \` `` decoded;
//! fish also decodes `\'` and `\\` in single quotes, PowerShell `''`, `""` and
//! backtick escapes; `$VAR`, `${VAR}`, `$(…)`, fish `(…)` are kept as written,
//! never expanded). A value made of one quoted string is
//! `Quote::Single`/`Quote::Double` with the span inside the quotes; any other
//! word (bare, `$'…'`, or quoted pieces glued together) is `Quote::Bare` over
//! the whole word; a PowerShell here-string (`@"…"@`) is `Quote::Block`. `#`
//! comments (at the start of a word, outside quotes) and PowerShell `<# … #>`
//! are kept; heredoc bodies are skipped.
//!
//! A shell script is not a config file: any command that is not one of the
//! forms above is skipped, never an error. Only a quote (or backquote, or
//! here-string) left open at the end of the file is a parse failure, because
//! then nothing after it can be trusted.
//! The quoting rules differ between the three dialects (a `\` in a PowerShell
//! string is a plain character); `parse` guesses the dialect from the text,
//! `parse_dialect` takes it from a caller that knows the file name.
//!
//! Not for: expanding variables, following `source`, or aliases and functions
//! (`alias c='ANTHROPIC_BASE_URL=… claude'` sets nothing here).

use std::ops::Range;

use crate::document::{Comment, Document, Entry, Format, ParseFailure, Quote, Scalar, Segment};

/// The quoting rules a file is lexed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// sh, bash, zsh (and ksh, dash).
    Posix,
    Fish,
    PowerShell,
}

impl Dialect {
    /// Guesses the dialect: PowerShell when a line assigns `$env:NAME` or calls
    /// `SetEnvironmentVariable`, fish when a line runs `set` with fish's scope or
    /// export flags or closes a block with `end`, POSIX otherwise.
    pub fn detect(text: &str) -> Dialect {
        let mut fish = false;
        for line in text.lines() {
            let line = line.trim();
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("$env:")
                || lower.starts_with("${env:")
                || lower.contains("[environment]::setenvironmentvariable")
                || lower.contains("[system.environment]::setenvironmentvariable")
            {
                return Dialect::PowerShell;
            }
            let mut words = line.split_whitespace();
            if line == "end" || (words.next() == Some("set") && is_fish_set(words)) {
                fish = true;
            }
        }
        if fish {
            Dialect::Fish
        } else {
            Dialect::Posix
        }
    }
}

/// `set`'s arguments look like fish's: scope or export flags, then a name.
fn is_fish_set<'a>(mut words: impl Iterator<Item = &'a str>) -> bool {
    let mut flags = FishFlags::default();
    for w in words.by_ref() {
        if !w.starts_with('-') {
            return flags.is_assignment() && is_name(w);
        }
        if !flags.add(w) {
            return false;
        }
    }
    false
}

pub fn parse(text: &str) -> Result<Document, ParseFailure> {
    parse_dialect(text, Dialect::detect(text))
}

pub fn parse_dialect(text: &str, dialect: Dialect) -> Result<Document, ParseFailure> {
    let (entries, comments) = match dialect {
        Dialect::Posix | Dialect::Fish => {
            let mut lexer = Lexer {
                text,
                pos: 0,
                fish: dialect == Dialect::Fish,
                toks: vec![],
                comments: vec![],
                heredocs: vec![],
            };
            lexer.run()?;
            (posix_entries(text, &lexer.toks), lexer.comments)
        }
        Dialect::PowerShell => {
            let mut lexer = PsLexer { text, pos: 0, toks: vec![], comments: vec![] };
            lexer.run()?;
            (powershell_entries(&lexer.toks), lexer.comments)
        }
    };
    Ok(Document { format: Format::Shell, entries, comments })
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

fn unterminated(what: &str, at: usize) -> ParseFailure {
    ParseFailure { message: format!("unterminated {what}"), span: at..at + 1 }
}

// ---------------------------------------------------------------------------
// POSIX shells and fish

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartKind {
    /// Unquoted text; decoded on demand (`\x` is `x`).
    Bare,
    Single,
    Double,
    /// `$'…'`, `$(…)`, `${…}`, `` `…` ``, fish `(…)`.
    Other,
}

#[derive(Debug, Clone)]
struct Part {
    kind: PartKind,
    span: Range<usize>,
    /// The decoded text, except for `Bare` parts.
    value: String,
}

impl Part {
    fn value(&self, text: &str) -> String {
        match self.kind {
            PartKind::Bare => decode_bare(&text[self.span.clone()]),
            _ => self.value.clone(),
        }
    }
}

#[derive(Debug, Clone)]
struct Word {
    span: Range<usize>,
    parts: Vec<Part>,
}

impl Word {
    /// The word's text when it is a single unquoted, unescaped part.
    fn plain<'t>(&self, text: &'t str) -> Option<&'t str> {
        match self.parts.as_slice() {
            [p] if p.kind == PartKind::Bare && !text[p.span.clone()].contains('\\') => {
                Some(&text[p.span.clone()])
            }
            _ => None,
        }
    }
}

#[derive(Debug)]
enum Tok {
    Word(Word),
    /// Ends a command: newline, `;`, `&`, `|`, `(`, `)`.
    Sep,
    /// A redirection: the words after it up to the next separator are no command.
    Redirect,
}

fn decode_bare(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\n') => {}
            Some('\r') if chars.peek() == Some(&'\n') => {
                chars.next();
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

struct Lexer<'t> {
    text: &'t str,
    pos: usize,
    fish: bool,
    toks: Vec<Tok>,
    comments: Vec<Comment>,
    /// Heredocs opened on the current line: delimiter and whether tabs are stripped (`<<-`).
    heredocs: Vec<(String, bool)>,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u8> {
        self.text.as_bytes().get(self.pos + n).copied()
    }

    /// Length of a line continuation (`\` + line end) at `pos`, or 0.
    fn continuation_at(&self, pos: usize) -> usize {
        let rest = &self.text.as_bytes()[pos..];
        if rest.starts_with(b"\\\n") {
            2
        } else if rest.starts_with(b"\\\r\n") {
            3
        } else {
            0
        }
    }

    fn run(&mut self) -> Result<(), ParseFailure> {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.toks.push(Tok::Sep);
                    self.skip_heredoc_bodies();
                }
                b'\\' if self.continuation_at(self.pos) > 0 => self.pos += self.continuation_at(self.pos),
                b'#' => self.comment(),
                b';' | b'&' | b'|' | b')' => {
                    self.pos += 1;
                    self.toks.push(Tok::Sep);
                }
                b'(' if !self.fish => {
                    self.pos += 1;
                    self.toks.push(Tok::Sep);
                }
                b'<' if self.text[self.pos..].starts_with("<<")
                    && !self.text[self.pos..].starts_with("<<<") =>
                {
                    self.heredoc_start()?;
                }
                b'<' | b'>' => {
                    self.pos += 1;
                    self.toks.push(Tok::Redirect);
                }
                _ => {
                    let word = self.word()?;
                    self.toks.push(Tok::Word(word));
                }
            }
        }
        Ok(())
    }

    fn comment(&mut self) {
        let start = self.pos;
        let eol = self.text[start..].find('\n').map_or(self.text.len(), |i| start + i);
        let body = self.text[start + 1..eol].trim_end_matches('\r');
        self.comments.push(Comment { span: start..start + 1 + body.len(), text: body.to_string() });
        self.pos = eol;
    }

    /// `<<DELIM`, `<<-DELIM`, `<< 'DELIM'`: the body starts on the next line.
    fn heredoc_start(&mut self) -> Result<(), ParseFailure> {
        self.pos += 2;
        let strip_tabs = self.peek() == Some(b'-');
        if strip_tabs {
            self.pos += 1;
        }
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
        self.toks.push(Tok::Redirect);
        if matches!(self.peek(), None | Some(b'\n' | b'\r' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'))
        {
            return Ok(());
        }
        let word = self.word()?;
        let delim: String = word.parts.iter().map(|p| p.value(self.text)).collect();
        self.heredocs.push((delim, strip_tabs));
        Ok(())
    }

    fn skip_heredoc_bodies(&mut self) {
        for (delim, strip_tabs) in std::mem::take(&mut self.heredocs) {
            while self.pos < self.text.len() {
                let eol = self.text[self.pos..].find('\n').map_or(self.text.len(), |i| self.pos + i);
                let mut line = self.text[self.pos..eol].trim_end_matches('\r');
                if strip_tabs {
                    line = line.trim_start_matches('\t');
                }
                self.pos = (eol + 1).min(self.text.len());
                if line == delim {
                    break;
                }
            }
        }
    }

    fn word(&mut self) -> Result<Word, ParseFailure> {
        let start = self.pos;
        let mut parts: Vec<Part> = Vec::new();
        let bare = |parts: &mut Vec<Part>, range: Range<usize>| match parts.last_mut() {
            Some(p) if p.kind == PartKind::Bare && p.span.end == range.start => p.span.end = range.end,
            _ => parts.push(Part { kind: PartKind::Bare, span: range, value: String::new() }),
        };
        while let Some(b) = self.peek() {
            let at = self.pos;
            match b {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b')' => break,
                b'(' if !self.fish => break,
                b'(' => {
                    let end = self.balanced(at, b'(', b')')?;
                    parts.push(Part {
                        kind: PartKind::Other,
                        span: at..end,
                        value: self.text[at..end].to_string(),
                    });
                }
                b'\\' => {
                    let len = self.text[at + 1..].chars().next().map_or(0, char::len_utf8);
                    let len = if self.text[at + 1..].starts_with("\r\n") { 2 } else { len };
                    self.pos = at + 1 + len;
                    bare(&mut parts, at..self.pos);
                }
                b'\'' => parts.push(self.single_quoted()?),
                b'"' => parts.push(self.double_quoted()?),
                b'$' if self.peek_at(1) == Some(b'\'') && !self.fish => parts.push(self.ansi_quoted()?),
                b'$' if matches!(self.peek_at(1), Some(b'(' | b'{')) => {
                    let (open, close) =
                        if self.peek_at(1) == Some(b'(') { (b'(', b')') } else { (b'{', b'}') };
                    let end = self.balanced(at + 1, open, close)?;
                    parts.push(Part {
                        kind: PartKind::Other,
                        span: at..end,
                        value: self.text[at..end].to_string(),
                    });
                }
                b'`' if !self.fish => {
                    let end = self.backticks(at)?;
                    parts.push(Part {
                        kind: PartKind::Other,
                        span: at..end,
                        value: self.text[at..end].to_string(),
                    });
                }
                _ => {
                    let len = self.text[at..].chars().next().map_or(1, char::len_utf8);
                    self.pos = at + len;
                    bare(&mut parts, at..self.pos);
                }
            }
        }
        Ok(Word { span: start..self.pos, parts })
    }

    fn single_quoted(&mut self) -> Result<Part, ParseFailure> {
        let start = self.pos;
        let mut value = String::new();
        let mut chars = self.text[start + 1..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\'' => {
                    self.pos = start + 1 + i + 1;
                    return Ok(Part { kind: PartKind::Single, span: start..self.pos, value });
                }
                // fish decodes `\'` and `\\` inside single quotes; POSIX shells nothing.
                '\\' if self.fish => match chars.clone().next() {
                    Some((_, e @ ('\'' | '\\'))) => {
                        chars.next();
                        value.push(e);
                    }
                    _ => value.push('\\'),
                },
                c => value.push(c),
            }
        }
        Err(unterminated("'-quoted string", start))
    }

    fn double_quoted(&mut self) -> Result<Part, ParseFailure> {
        let start = self.pos;
        let mut value = String::new();
        self.pos += 1;
        while let Some(b) = self.peek() {
            let at = self.pos;
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok(Part { kind: PartKind::Double, span: start..self.pos, value });
                }
                b'\\' => {
                    let next = self.text[at + 1..].chars().next();
                    let mut len = next.map_or(0, char::len_utf8);
                    match next {
                        Some(c @ ('"' | '\\' | '$')) => value.push(c),
                        Some('`') if !self.fish => value.push('`'),
                        Some('\n') => {}
                        Some('\r') if self.text[at + 2..].starts_with('\n') => len = 2,
                        Some(c) => {
                            value.push('\\');
                            value.push(c);
                        }
                        None => {}
                    }
                    self.pos = at + 1 + len;
                }
                b'$' if matches!(self.peek_at(1), Some(b'(' | b'{')) => {
                    let (open, close) =
                        if self.peek_at(1) == Some(b'(') { (b'(', b')') } else { (b'{', b'}') };
                    let end = self.balanced(at + 1, open, close)?;
                    value.push_str(&self.text[at..end]);
                }
                b'`' if !self.fish => {
                    let end = self.backticks(at)?;
                    value.push_str(&self.text[at..end]);
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

    /// bash `$'…'`: backslash escapes, decoded for the common ones.
    fn ansi_quoted(&mut self) -> Result<Part, ParseFailure> {
        let start = self.pos;
        let mut value = String::new();
        let mut chars = self.text[start + 2..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\'' => {
                    self.pos = start + 2 + i + 1;
                    return Ok(Part { kind: PartKind::Other, span: start..self.pos, value });
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, 't')) => value.push('\t'),
                    Some((_, 'r')) => value.push('\r'),
                    Some((_, e @ ('\\' | '\'' | '"' | '?'))) => value.push(e),
                    Some((_, other)) => {
                        value.push('\\');
                        value.push(other);
                    }
                    None => break,
                },
                c => value.push(c),
            }
        }
        Err(unterminated("$'-quoted string", start + 1))
    }

    /// Skips `open … close` starting at `open_at`, with nesting and quotes
    /// inside; returns the offset after `close` (the end of the text when unclosed).
    fn balanced(&mut self, open_at: usize, open: u8, close: u8) -> Result<usize, ParseFailure> {
        self.pos = open_at + 1;
        let mut depth = 1;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => self.pos += 1 + self.text[self.pos + 1..].chars().next().map_or(0, char::len_utf8),
                b'\'' => {
                    self.single_quoted()?;
                }
                b'"' => {
                    self.double_quoted()?;
                }
                b'`' if !self.fish => {
                    self.backticks(self.pos)?;
                }
                _ if b == open => {
                    depth += 1;
                    self.pos += 1;
                }
                _ if b == close => {
                    depth -= 1;
                    self.pos += 1;
                    if depth == 0 {
                        return Ok(self.pos);
                    }
                }
                _ => self.pos += 1,
            }
        }
        Ok(self.pos)
    }

    fn backticks(&mut self, at: usize) -> Result<usize, ParseFailure> {
        self.pos = at + 1;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => self.pos += 1 + self.text[self.pos + 1..].chars().next().map_or(0, char::len_utf8),
                b'`' => {
                    self.pos += 1;
                    return Ok(self.pos);
                }
                _ => self.pos += 1,
            }
        }
        Err(unterminated("`-quoted command", at))
    }
}

/// The scalar of a value made of `parts`, whose whole text is `token`.
fn value_scalar(text: &str, token: Range<usize>, parts: &[Part]) -> Scalar {
    let value: String = parts.iter().map(|p| p.value(text)).collect();
    match parts {
        [p] if matches!(p.kind, PartKind::Single | PartKind::Double) => {
            let quote = if p.kind == PartKind::Single { Quote::Single } else { Quote::Double };
            Scalar { value, token, content: p.span.start + 1..p.span.end - 1, quote }
        }
        _ => Scalar { value, content: token.clone(), token, quote: Quote::Bare },
    }
}

/// `NAME=value` as an entry, or `None` when the word is no assignment.
fn assignment(text: &str, word: &Word) -> Option<Entry> {
    let first = word.parts.first().filter(|p| p.kind == PartKind::Bare)?;
    let raw = &text[first.span.clone()];
    let eq = raw.find('=')?;
    if !is_name(&raw[..eq]) || text[word.span.end..].starts_with('(') {
        return None;
    }
    let name_span = first.span.start..first.span.start + eq;
    let value_start = name_span.end + 1;
    let mut parts = Vec::with_capacity(word.parts.len());
    if value_start < first.span.end {
        parts.push(Part { kind: PartKind::Bare, span: value_start..first.span.end, value: String::new() });
    }
    parts.extend(word.parts[1..].iter().cloned());
    let scalar = value_scalar(text, value_start..word.span.end, &parts);
    Some(Entry { path: vec![Segment::Key(raw[..eq].to_string())], scalar, key_span: Some(name_span) })
}

/// A whole word as the value of `name`.
fn word_entry(text: &str, name: &Word, value: &Word) -> Option<Entry> {
    let key = name.plain(text).filter(|n| is_name(n))?;
    let scalar = value_scalar(text, value.span.clone(), &value.parts);
    Some(Entry { path: vec![Segment::Key(key.to_string())], scalar, key_span: Some(name.span.clone()) })
}

/// fish `set` flags seen so far.
#[derive(Default)]
struct FishFlags {
    scoped: bool,
    other: bool,
}

impl FishFlags {
    /// Adds one `-…` argument; false when it is no flag of fish's `set`.
    fn add(&mut self, arg: &str) -> bool {
        if let Some(long) = arg.strip_prefix("--") {
            match long {
                "export" | "global" | "universal" | "local" | "function" => self.scoped = true,
                "unexport" | "path" | "unpath" => {}
                "erase" | "query" | "show" | "names" | "append" | "prepend" | "long" => self.other = true,
                _ => return false,
            }
            return true;
        }
        let short = &arg[1..];
        if short.is_empty() {
            return false;
        }
        for c in short.chars() {
            match c {
                'x' | 'g' | 'U' | 'l' | 'f' => self.scoped = true,
                'u' => {}
                'e' | 'q' | 'S' | 'n' | 'a' | 'p' | 'L' => self.other = true,
                _ => return false,
            }
        }
        true
    }

    /// `set` with these flags assigns a whole value.
    fn is_assignment(&self) -> bool {
        self.scoped && !self.other
    }
}

const KEYWORDS: &[&str] = &[
    "then",
    "do",
    "else",
    "elif",
    "if",
    "while",
    "until",
    "!",
    "{",
    "time",
    "and",
    "or",
    "not",
    "begin",
    "builtin",
    "command",
    "noglob",
    "nocorrect",
];

fn posix_entries(text: &str, toks: &[Tok]) -> Vec<Entry> {
    let mut entries = Vec::new();
    for command in toks.split(|t| matches!(t, Tok::Sep)) {
        // Words after a redirection are file names, not arguments that matter here.
        let words: Vec<&Word> = command
            .iter()
            .map_while(|t| match t {
                Tok::Word(w) => Some(w),
                _ => None,
            })
            .collect();
        let mut i = 0;
        while i < words.len() && words[i].plain(text).is_some_and(|w| KEYWORDS.contains(&w)) {
            i += 1;
        }
        while let Some(entry) = words.get(i).and_then(|w| assignment(text, w)) {
            entries.push(entry);
            i += 1;
        }
        let Some(command_name) = words.get(i).and_then(|w| w.plain(text)) else { continue };
        let args = &words[i + 1..];
        match command_name {
            "export" | "declare" | "typeset" | "local" | "readonly" | "env" => {
                for w in args {
                    if w.plain(text).is_some_and(|a| a.starts_with(['-', '+'])) {
                        continue;
                    }
                    match assignment(text, w) {
                        Some(entry) => entries.push(entry),
                        None if command_name == "env" => break,
                        None => {}
                    }
                }
            }
            "setenv" => {
                if let [name, value] = args {
                    entries.extend(word_entry(text, name, value));
                }
            }
            "launchctl" => {
                if let [sub, name, value] = args {
                    if sub.plain(text) == Some("setenv") {
                        entries.extend(word_entry(text, name, value));
                    }
                }
            }
            "set" => {
                let mut flags = FishFlags::default();
                let mut rest = args;
                while let Some((first, tail)) = rest.split_first() {
                    let Some(arg) = first.plain(text).filter(|a| a.starts_with('-')) else { break };
                    rest = tail;
                    if arg == "--" {
                        break;
                    }
                    if !flags.add(arg) {
                        flags.other = true;
                    }
                }
                if let ([name, value], true) = (rest, flags.is_assignment()) {
                    entries.extend(word_entry(text, name, value));
                }
            }
            _ => {}
        }
    }
    entries
}

// ---------------------------------------------------------------------------
// PowerShell

#[derive(Debug)]
enum PsTok {
    Word(String, Range<usize>),
    Str(Scalar),
    Punct(u8),
    Sep,
}

struct PsLexer<'t> {
    text: &'t str,
    pos: usize,
    toks: Vec<PsTok>,
    comments: Vec<Comment>,
}

impl PsLexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn run(&mut self) -> Result<(), ParseFailure> {
        while let Some(b) = self.peek() {
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
                    self.toks.push(PsTok::Str(s));
                }
                b'"' => {
                    let s = self.double_quoted()?;
                    self.toks.push(PsTok::Str(s));
                }
                b'=' | b'(' | b')' | b',' | b'{' | b'}' | b'|' | b'&' => {
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
        self.toks.push(PsTok::Str(Scalar { value, token: start..self.pos, content, quote: Quote::Block }));
        Ok(())
    }
}

fn powershell_entries(toks: &[PsTok]) -> Vec<Entry> {
    let mut entries = Vec::new();
    // Blocks (`if (…) { … }`) hold statements of their own.
    for statement in toks.split(|t| matches!(t, PsTok::Sep | PsTok::Punct(b'{' | b'}'))) {
        match statement {
            // A string and nothing else: `"a" + $b` is an expression this does not evaluate.
            [PsTok::Word(var, span), PsTok::Punct(b'='), PsTok::Str(value)] => {
                let lower = var.to_ascii_lowercase();
                let name = if lower.starts_with("$env:") {
                    Some((&var[5..], span.start + 5..span.end))
                } else if lower.starts_with("${env:") && var.ends_with('}') {
                    Some((&var[6..var.len() - 1], span.start + 6..span.end - 1))
                } else {
                    None
                };
                if let Some((name, key_span)) = name.filter(|(n, _)| is_name(n)) {
                    entries.push(Entry {
                        path: vec![Segment::Key(name.to_string())],
                        scalar: value.clone(),
                        key_span: Some(key_span),
                    });
                }
            }
            [PsTok::Word(call, _), PsTok::Punct(b'('), PsTok::Str(name), PsTok::Punct(b','), PsTok::Str(value), PsTok::Punct(b')' | b','), ..] =>
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
            _ => {}
        }
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testkit::{assert_spans_on_boundaries, random_texts};

    fn check_spans(text: &str, doc: &Document) {
        for e in &doc.entries {
            let s = &e.scalar;
            let token = &text[s.token.clone()];
            match s.quote {
                Quote::Double => {
                    assert!(token.len() >= 2 && token.ends_with('"') && token.contains('"'), "{token:?}")
                }
                Quote::Single => {
                    assert!(token.len() >= 2 && token.ends_with('\'') && token.contains('\''), "{token:?}")
                }
                Quote::Bare => assert_eq!(s.token, s.content),
                Quote::Block => assert!(token.starts_with('@') && token.ends_with('@')),
                _ => panic!("no such quotes in shell: {e:?}"),
            }
            assert!(s.token.start <= s.content.start && s.content.end <= s.token.end);
            if matches!(s.quote, Quote::Single | Quote::Double) {
                assert_eq!(s.content, s.token.start + 1..s.token.end - 1, "{e:?}");
            }
            let raw = &text[s.content.clone()];
            if !raw.contains(['\\', '\'', '"', '`', '$']) {
                assert_eq!(raw, s.value, "{e:?}");
            }
            let Segment::Key(name) = &e.path[0] else { panic!() };
            assert_eq!(&text[e.key_span.clone().unwrap()], name);
        }
    }

    fn entries(text: &str, dialect: Dialect) -> Vec<(String, String, Quote, String)> {
        let doc = parse_dialect(text, dialect).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        check_spans(text, &doc);
        flat(text, &doc)
    }

    use crate::formats::testkit::{flat, row as e};

    #[test]
    fn bash_and_zsh_assignments() {
        let text = "#!/bin/bash\n# 网关设置 ünïcode\nexport ANTHROPIC_BASE_URL=https://api.crazyrouter.com # note\nexport A=1 B='two words' C=\"x\\\"y\\$z \\\\ $HOME\"\nD=${HOME}/x E=$(cat \"f g\") cmd arg F=ignored\nif [ -z \"$X\" ]; then export X=\"a b\"; fi\ndeclare -x G=g; typeset -gx H=h; local I=i\necho export J=no\nK=a\"b\"'c'\nL=\nM=$'a\\tb'\nexport N\narr=(1 2)\n";
        let got = entries(text, Dialect::Posix);
        let want = vec![
            e(
                "ANTHROPIC_BASE_URL",
                "https://api.crazyrouter.com",
                Quote::Bare,
                "https://api.crazyrouter.com",
            ),
            e("A", "1", Quote::Bare, "1"),
            e("B", "two words", Quote::Single, "two words"),
            e("C", "x\"y$z \\ $HOME", Quote::Double, "x\\\"y\\$z \\\\ $HOME"),
            e("D", "${HOME}/x", Quote::Bare, "${HOME}/x"),
            e("E", "$(cat \"f g\")", Quote::Bare, "$(cat \"f g\")"),
            e("X", "a b", Quote::Double, "a b"),
            e("G", "g", Quote::Bare, "g"),
            e("H", "h", Quote::Bare, "h"),
            e("I", "i", Quote::Bare, "i"),
            e("K", "abc", Quote::Bare, "a\"b\"'c'"),
            e("L", "", Quote::Bare, ""),
            e("M", "a\tb", Quote::Bare, "$'a\\tb'"),
        ];
        assert_eq!(got, want);
        let doc = parse(text).unwrap();
        let comments: Vec<&str> = doc.comments.iter().map(|c| &text[c.span.clone()]).collect();
        assert_eq!(comments, vec!["#!/bin/bash", "# 网关设置 ünïcode", "# note"]);
        let b = doc.get(&[Segment::Key("B".into())]).unwrap();
        assert_eq!(&text[b.scalar.token.clone()], "'two words'");
    }

    #[test]
    fn comments_only_at_word_starts_and_outside_quotes() {
        let text = "A=a#b # real\nB='# no' ;# yes\necho \"#no\" x#y $#\n";
        let doc = parse(text).unwrap();
        assert_eq!(doc.get(&[Segment::Key("A".into())]).unwrap().scalar.value, "a#b");
        let got: Vec<&str> = doc.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(got, vec![" real", " yes"]);
    }

    #[test]
    fn crlf_continuations_multiline_quotes_and_heredocs() {
        let text = "export A=x \\\r\n  B=y\r\nC=\"multi\r\nline\"\r\nC2=\"con\\\r\ntinued\"\r\ncat <<EOF\r\nexport NOT=set\r\nit's fine\r\nEOF\r\ncat <<-'END' > f\n\tD=no\n\tEND\nE=after\n";
        let got = entries(text, Dialect::Posix);
        assert_eq!(
            got,
            vec![
                e("A", "x", Quote::Bare, "x"),
                e("B", "y", Quote::Bare, "y"),
                e("C", "multi\r\nline", Quote::Double, "multi\r\nline"),
                e("C2", "continued", Quote::Double, "con\\\r\ntinued"),
                e("E", "after", Quote::Bare, "after"),
            ]
        );
    }

    #[test]
    fn fish_set_forms() {
        let text = "# fish\nset -gx ANTHROPIC_BASE_URL https://api.crazyrouter.com\nset -x A 'it\\'s'\nset -Ux B \"q\"\nset --export --global C c\nset --global D d\nset -e E\nset -gx PATH a b c\nset -l F (pwd)\nif status is-interactive\n  set -gx G g\nend\n";
        assert_eq!(Dialect::detect(text), Dialect::Fish);
        let got = entries(text, Dialect::Fish);
        assert_eq!(
            got,
            vec![
                e(
                    "ANTHROPIC_BASE_URL",
                    "https://api.crazyrouter.com",
                    Quote::Bare,
                    "https://api.crazyrouter.com"
                ),
                e("A", "it's", Quote::Single, "it\\'s"),
                e("B", "q", Quote::Double, "q"),
                e("C", "c", Quote::Bare, "c"),
                e("D", "d", Quote::Bare, "d"),
                e("F", "(pwd)", Quote::Bare, "(pwd)"),
                e("G", "g", Quote::Bare, "g"),
            ]
        );
        // bash's own `set` is no assignment.
        assert!(entries("set -euo pipefail\nset -x\nset -- a b\n", Dialect::Posix).is_empty());
        assert_eq!(Dialect::detect("set -euo pipefail\nset -x\n"), Dialect::Posix);
    }

    #[test]
    fn powershell_forms() {
        let text = "# profile\n$env:ANTHROPIC_BASE_URL = \"https://api.crazyrouter.com\"\n$Env:A='it''s' # c\n${env:B} = \"C:\\tools\\\"\n[Environment]::SetEnvironmentVariable(\"C\", \"`\"q`\" `$x\", \"User\")\n[System.Environment]::SetEnvironmentVariable('D', 'd', [EnvironmentVariableTarget]::User)\n<# block\ncomment #>\n$env:E = @\"\nhere\n\"@\n$x = \"$($env:F) \"\"\"\nWrite-Host \"done\"\nif ($x) { $env:G = 'g' }\n$env:H = \"a\" + $b\n$env:I += \"i\"\n[Environment]::SetEnvironmentVariable(\"J\", \"j\" + $k)\n";
        assert_eq!(Dialect::detect(text), Dialect::PowerShell);
        let got = entries(text, Dialect::PowerShell);
        assert_eq!(
            got,
            vec![
                e(
                    "ANTHROPIC_BASE_URL",
                    "https://api.crazyrouter.com",
                    Quote::Double,
                    "https://api.crazyrouter.com"
                ),
                e("A", "it's", Quote::Single, "it''s"),
                e("B", "C:\\tools\\", Quote::Double, "C:\\tools\\"),
                e("C", "\"q\" $x", Quote::Double, "`\"q`\" `$x"),
                e("D", "d", Quote::Single, "d"),
                e("E", "here", Quote::Block, "here"),
                e("G", "g", Quote::Single, "g"),
            ]
        );
        let doc = parse(text).unwrap();
        let comments: Vec<&str> = doc.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(comments, vec![" profile", " c", " block\ncomment "]);
        let c = doc.get(&[Segment::Key("C".into())]).unwrap();
        assert_eq!(&text[c.key_span.clone().unwrap()], "C");
    }

    #[test]
    fn other_setters() {
        let got = entries("setenv A a\nlaunchctl setenv B \"b\"\nenv C=c D=d cmd E=e\n", Dialect::Posix);
        assert_eq!(
            got,
            vec![
                e("A", "a", Quote::Bare, "a"),
                e("B", "b", Quote::Double, "b"),
                e("C", "c", Quote::Bare, "c"),
                e("D", "d", Quote::Bare, "d"),
            ]
        );
    }

    #[test]
    fn unparseable_lines_are_skipped_but_an_open_quote_fails() {
        let text = "fi }{ (( )) ]] ;; esac\nfor x in *; do :; done\nA=1\n";
        assert_eq!(entries(text, Dialect::Posix), vec![e("A", "1", Quote::Bare, "1")]);
        let text = "A=1\n名=x\nB=\"open\nC=2\n";
        let err = parse(text).unwrap_err();
        assert_eq!(err.span.start, text.find('"').unwrap());
        let err = parse_dialect("echo 'x\n", Dialect::Posix).unwrap_err();
        assert_eq!(err.span, 5..6);
        assert!(parse_dialect("$env:A = \"x\n", Dialect::PowerShell).is_err());
        // An apostrophe in a comment or a heredoc is no quote.
        assert!(parse("# don't\ncat <<X\ndon't\nX\n").is_ok());
    }

    #[test]
    fn property_raw_text_decodes_to_the_value_when_there_are_no_escapes() {
        let mut next = crate::formats::testkit::rng(0x2545_f491_4f6c_dd1d);
        let pieces = ["a", "中文", "ü", "😀", "https://x/v1", " ", "$HOME", "#", "'", "\"", "\\", "=", "`"];
        for _ in 0..300 {
            let dialect = [Dialect::Posix, Dialect::Fish, Dialect::PowerShell][next(3)];
            let mut text = String::new();
            let mut expected = Vec::new();
            for i in 0..1 + next(5) {
                let mut raw = String::new();
                for _ in 0..1 + next(4) {
                    raw.push_str(pieces[next(pieces.len())]);
                }
                let (quoted, value) = match (next(2), dialect) {
                    (0, Dialect::PowerShell) => (format!("'{}'", raw.replace('\'', "''")), raw.clone()),
                    (_, Dialect::PowerShell) => (
                        format!("\"{}\"", raw.replace('`', "``").replace('"', "`\"").replace('$', "`$")),
                        raw.clone(),
                    ),
                    (0, Dialect::Fish) => {
                        (format!("'{}'", raw.replace('\\', "\\\\").replace('\'', "\\'")), raw.clone())
                    }
                    (0, _) => (format!("'{}'", raw.replace('\'', "'\\''")), raw.clone()),
                    (_, Dialect::Fish) => (
                        format!("\"{}\"", raw.replace('\\', "\\\\").replace('"', "\\\"").replace('$', "\\$")),
                        raw.clone(),
                    ),
                    _ => (
                        format!(
                            "\"{}\"",
                            raw.replace('\\', "\\\\")
                                .replace('"', "\\\"")
                                .replace('$', "\\$")
                                .replace('`', "\\`")
                        ),
                        raw.clone(),
                    ),
                };
                if next(3) == 0 {
                    text.push_str("# 注释 it's \"\n");
                }
                let line = match dialect {
                    Dialect::Posix => format!("export V{i}={quoted}"),
                    Dialect::Fish => format!("set -gx V{i} {quoted}"),
                    Dialect::PowerShell => format!("$env:V{i} = {quoted}"),
                };
                text.push_str(&line);
                text.push_str(if next(2) == 0 { " # c\r\n" } else { "\n" });
                expected.push(value);
            }
            let doc = parse_dialect(&text, dialect).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
            check_spans(&text, &doc);
            let values: Vec<&str> = doc.entries.iter().map(|e| e.scalar.value.as_str()).collect();
            assert_eq!(values, expected, "{text:?}");
            for e in &doc.entries {
                let raw = &text[e.scalar.content.clone()];
                let escapes = match (dialect, e.scalar.quote) {
                    (Dialect::PowerShell, Quote::Single) => raw.contains("''"),
                    (Dialect::PowerShell, _) => raw.contains('`') || raw.contains("\"\""),
                    (Dialect::Posix, Quote::Single) => false,
                    _ => raw.contains('\\'),
                };
                if e.scalar.quote != Quote::Bare && !escapes {
                    assert_eq!(raw, e.scalar.value, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn dispatch_strips_a_bom_and_detects_the_dialect() {
        let text = "\u{feff}$env:OPENAI_BASE_URL = 'https://api.crazyrouter.com/v1' # 注\n";
        let doc = crate::formats::parse(Format::Shell, text).unwrap();
        assert_eq!(&text[doc.entries[0].scalar.token.clone()], "'https://api.crazyrouter.com/v1'");
        assert_eq!(&text[doc.comments[0].span.clone()], "# 注");
        let text = "\u{feff}export A=\"x\"\n";
        let doc = crate::formats::parse(Format::Shell, text).unwrap();
        assert_eq!(&text[doc.entries[0].scalar.content.clone()], "x");
    }

    /// Arbitrary text never panics, and every span lies on character boundaries.
    #[test]
    fn arbitrary_text_never_panics() {
        for text in random_texts("ab=#- \n\r\t'\"\\$(){}`;&|<>@:E中é😀x[]+", 20_000, 80) {
            if let Ok(doc) = parse(&text) {
                assert_spans_on_boundaries(&text, &doc);
            }
        }
    }
}
