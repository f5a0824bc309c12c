//! The POSIX shells (sh, bash, zsh, dash, ksh) and fish: words with their
//! quoting (`'…'`, `"…"` with `\"`, `\\`, `\$`, `` \` `` decoded, `$'…'`, `$(…)`,
//! `${…}`, backquotes, fish's `(…)` and its `\'` in single quotes), `#` comments,
//! `\`-newline continuations, redirections and heredocs. Two readings of the
//! lexed commands: the variables a file sets (`lex`, for the document model), and
//! the commands themselves with their redirections and heredoc bodies
//! (`commands`, for `crate::embedded`, which reads the files a script writes).

use std::ops::Range;

use super::{is_name, line_end, unterminated, Lexed};
use crate::document::{Comment, Entry, ParseFailure, Quote, Scalar, Segment};

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
    /// Ends a command: newline, `;`, `&`, `|`, `(`, `)`; `true` for a pipe `|`.
    Sep(bool),
    /// A redirection (`>`, `>>`, `<`, `<<`…): the words after it up to the next
    /// separator are no command; the first is its target.
    Redirect(Redirect),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Redirect {
    /// `>`, `>|`, `&>`: the file is written.
    Write,
    /// `>>`: appended to.
    Append,
    /// `<`, `<<<`, `>&2` and the rest: nothing this reads.
    Other,
    /// `<<DELIM`: the heredoc whose body is `Lexer::bodies[i]`.
    Heredoc(usize),
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
    /// Heredocs opened on the current line: delimiter, whether tabs are stripped
    /// (`<<-`), whether the delimiter was quoted, and the index of its body.
    heredocs: Vec<(String, bool, bool, usize)>,
    /// Every heredoc body, in order of the `<<` that opened it.
    bodies: Vec<HeredocBody>,
    /// With `Some`: a quote left open fails its line only, recorded here.
    failures: Option<Vec<ParseFailure>>,
}

/// The body of a heredoc: the lines between the line of its `<<` and its delimiter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeredocBody {
    /// Byte range of the body's lines (the delimiter line excluded).
    pub body: Range<usize>,
    /// `<<-`: leading tabs of each line are not part of the text.
    pub strip_tabs: bool,
    /// The delimiter was quoted (`<<'EOF'`): no `$` expansion in the body.
    pub literal: bool,
    /// The delimiter line was found (else the body runs to the end of the text).
    pub closed: bool,
}

/// One word of a command: its decoded value and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandWord {
    pub value: String,
    pub span: Range<usize>,
    /// The bytes of the value when the word is one quoted string whose text is
    /// its value (`'…'`, or `"…"` without escapes or expansions), or a bare word
    /// without escapes: the range inside the quotes.
    pub verbatim: Option<Range<usize>>,
    /// `'…'`, `"…"` or bare: how a value written there must be quoted.
    pub quote: Quote,
}

/// A simple command as a script runs it: its words, the files it writes, the
/// heredoc it reads, and whether its output goes to the next command (`|`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<CommandWord>,
    /// `(append, target)` of each `>` / `>>` redirection.
    pub writes: Vec<(bool, CommandWord)>,
    pub heredoc: Option<HeredocBody>,
    pub piped: bool,
}

impl<'t> Lexer<'t> {
    fn new(text: &'t str, fish: bool, lenient: bool) -> Lexer<'t> {
        Lexer {
            text,
            pos: 0,
            fish,
            toks: vec![],
            comments: vec![],
            heredocs: vec![],
            bodies: vec![],
            failures: lenient.then(Vec::new),
        }
    }

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
        while self.pos < self.text.len() {
            let toks = self.toks.len();
            let at = self.pos;
            if let Err(failure) = self.step() {
                let Some(failures) = self.failures.as_mut() else { return Err(failure) };
                // Lenient: the line the quote opened on is dropped, and lexing
                // goes on at the next line as at the start of a command.
                failures.push(failure);
                self.toks.truncate(toks);
                self.heredocs.clear();
                self.pos = (line_end(self.text, at) + 1).max(at + 1).min(self.text.len());
                self.toks.push(Tok::Sep(false));
            }
        }
        Ok(())
    }

    fn step(&mut self) -> Result<(), ParseFailure> {
        let Some(b) = self.peek() else { return Ok(()) };
        let rest = &self.text[self.pos..];
        match b {
            b' ' | b'\t' | b'\r' => self.pos += 1,
            b'\n' => {
                self.pos += 1;
                self.toks.push(Tok::Sep(false));
                self.skip_heredoc_bodies();
            }
            b'\\' if self.continuation_at(self.pos) > 0 => self.pos += self.continuation_at(self.pos),
            b'#' => self.comment(),
            b'|' if rest.starts_with("||") => {
                self.pos += 2;
                self.toks.push(Tok::Sep(false));
            }
            b'|' => {
                self.pos += 1;
                self.toks.push(Tok::Sep(true));
            }
            b';' | b'&' | b')' if !rest.starts_with("&>") => {
                self.pos += 1;
                self.toks.push(Tok::Sep(false));
            }
            b'(' if !self.fish => {
                self.pos += 1;
                self.toks.push(Tok::Sep(false));
            }
            b'<' if rest.starts_with("<<") && !rest.starts_with("<<<") => self.heredoc_start()?,
            b'<' | b'>' | b'&' => {
                let (len, kind) = if rest.starts_with(">>") {
                    (2, Redirect::Append)
                } else if rest.starts_with(">&") || rest.starts_with("<&") {
                    // `>&2`, `2>&1`, `<&-`: a descriptor, not a file.
                    let digits = rest[2..].bytes().take_while(|c| c.is_ascii_digit() || *c == b'-').count();
                    (2 + digits, Redirect::Other)
                } else if rest.starts_with("<<<") || b == b'<' {
                    (if rest.starts_with("<<<") { 3 } else { 1 }, Redirect::Other)
                } else if rest.starts_with("&>") || rest.starts_with(">|") {
                    (2, Redirect::Write)
                } else {
                    (1, Redirect::Write)
                };
                self.pos += len;
                self.toks.push(Tok::Redirect(kind));
            }
            _ => {
                // A file descriptor before a redirection (`2>`, `1>>`) is no word.
                if b.is_ascii_digit() && matches!(self.peek_at(1), Some(b'>' | b'<')) {
                    self.pos += 1;
                    return Ok(());
                }
                let word = self.word()?;
                self.toks.push(Tok::Word(word));
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
        if matches!(self.peek(), None | Some(b'\n' | b'\r' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'))
        {
            self.toks.push(Tok::Redirect(Redirect::Other));
            return Ok(());
        }
        let word = self.word()?;
        let delim: String = word.parts.iter().map(|p| p.value(self.text)).collect();
        let literal = word.parts.iter().any(|p| p.kind != PartKind::Bare)
            || self.text[word.span.clone()].contains('\\');
        let index = self.bodies.len();
        self.bodies.push(HeredocBody { body: 0..0, strip_tabs, literal, closed: false });
        self.toks.push(Tok::Redirect(Redirect::Heredoc(index)));
        self.heredocs.push((delim, strip_tabs, literal, index));
        Ok(())
    }

    fn skip_heredoc_bodies(&mut self) {
        for (delim, strip_tabs, _, index) in std::mem::take(&mut self.heredocs) {
            let start = self.pos;
            let mut end = self.text.len();
            let mut closed = false;
            while self.pos < self.text.len() {
                let line_start = self.pos;
                let eol = self.text[self.pos..].find('\n').map_or(self.text.len(), |i| self.pos + i);
                let mut line = self.text[self.pos..eol].trim_end_matches('\r');
                if strip_tabs {
                    line = line.trim_start_matches('\t');
                }
                self.pos = (eol + 1).min(self.text.len());
                if line == delim {
                    end = line_start;
                    closed = true;
                    break;
                }
            }
            let body = &mut self.bodies[index];
            body.body = start..end.max(start);
            body.closed = closed;
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

/// The variables `text` sets, its comments and, with `lenient`, the lines that did not lex.
pub(super) fn lex(text: &str, fish: bool, lenient: bool) -> Result<Lexed, ParseFailure> {
    let mut lexer = Lexer::new(text, fish, lenient);
    lexer.run()?;
    Ok(Lexed {
        entries: posix_entries(text, &lexer.toks),
        comments: lexer.comments,
        failures: lexer.failures.unwrap_or_default(),
    })
}

/// The simple commands of a script, in order, leniently (a line with a quote
/// left open is dropped): what `crate::embedded` reads the files it writes from.
pub fn commands(text: &str, fish: bool) -> Vec<Command> {
    let mut lexer = Lexer::new(text, fish, true);
    if lexer.run().is_err() {
        return vec![];
    }
    let mut out = Vec::new();
    let mut current = Command { words: vec![], writes: vec![], heredoc: None, piped: false };
    let mut pending: Option<Redirect> = None;
    for tok in &lexer.toks {
        match tok {
            Tok::Word(w) => match pending.take() {
                Some(Redirect::Write) => current.writes.push((false, command_word(text, w))),
                Some(Redirect::Append) => current.writes.push((true, command_word(text, w))),
                Some(_) => {}
                None => current.words.push(command_word(text, w)),
            },
            Tok::Redirect(Redirect::Heredoc(i)) => {
                current.heredoc = lexer.bodies.get(*i).cloned();
                pending = None;
            }
            Tok::Redirect(r) => pending = Some(*r),
            Tok::Sep(pipe) => {
                current.piped = *pipe;
                let done = std::mem::replace(
                    &mut current,
                    Command { words: vec![], writes: vec![], heredoc: None, piped: false },
                );
                if !done.words.is_empty() || done.heredoc.is_some() {
                    out.push(done);
                }
                pending = None;
            }
        }
    }
    if !current.words.is_empty() || current.heredoc.is_some() {
        out.push(current);
    }
    out
}

fn command_word(text: &str, w: &Word) -> CommandWord {
    let value: String = w.parts.iter().map(|p| p.value(text)).collect();
    let (verbatim, quote) = match w.parts.as_slice() {
        [p] if p.kind == PartKind::Single => (Some(p.span.start + 1..p.span.end - 1), Quote::Single),
        [p] if p.kind == PartKind::Double && text[p.span.start + 1..p.span.end - 1] == p.value => {
            (Some(p.span.start + 1..p.span.end - 1), Quote::Double)
        }
        [p] if p.kind == PartKind::Bare && !text[p.span.clone()].contains('\\') => {
            (Some(p.span.clone()), Quote::Bare)
        }
        _ => (None, Quote::Bare),
    };
    CommandWord { value, span: w.span.clone(), verbatim, quote }
}

/// `set`'s arguments look like fish's: scope or export flags, then a name.
pub(super) fn is_fish_set<'a>(mut words: impl Iterator<Item = &'a str>) -> bool {
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

fn posix_entries(text: &str, toks: &[Tok]) -> Vec<Entry> {
    let mut entries = Vec::new();
    for command in toks.split(|t| matches!(t, Tok::Sep(_))) {
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
