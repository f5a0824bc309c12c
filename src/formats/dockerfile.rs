//! Dockerfiles (`Dockerfile`, `*.Dockerfile`, `Containerfile`) into the
//! document model: every variable an `ENV` or `ARG` instruction sets is an
//! entry at path `[NAME]`, as in dotenv files, so the same variable rules
//! apply. A variable set twice gives two entries, in file order.
//!
//! Accepted as Docker's parser accepts them: instructions in any case,
//! `ENV NAME=value [NAME2="v 2" …]`, the legacy `ENV NAME value with spaces`,
//! `ARG NAME=default` (an `ARG NAME` without default gives no entry),
//! `ONBUILD ENV …`, line continuations with the escape character (`\`, or the
//! one a `# escape=` parser directive names), comment lines (a `#` first on
//! its line, also between continued lines), CRLF line ends, and BuildKit
//! heredocs after `RUN`/`COPY`/`ADD`, whose bodies are skipped. Values may be
//! bare, `'…'` or `"…"` (the escape character before `"`, `$` or itself is
//! decoded); `$VAR` and `${VAR}` are kept as written, never expanded. A value
//! that is one quoted string is `Quote::Single`/`Quote::Double` with the span
//! inside the quotes; any other is `Quote::Bare` over its whole text.
//!
//! An `ENV` that Docker rejects (no value, a word without `=` in the
//! `NAME=value` form) or an unterminated quote in `ENV`/`ARG` is a parse
//! failure; every other instruction is skipped unread.

use std::ops::Range;

use crate::document::{Comment, Document, Entry, Format, ParseFailure, Quote, Scalar, Segment};

pub fn parse(text: &str) -> Result<Document, ParseFailure> {
    let mut p = Lines { text, pos: 0, escape: '\\', comments: Vec::new() };
    let mut entries = Vec::new();
    p.directives();
    while p.pos < text.len() {
        let (line, next) = p.line_at(p.pos);
        let trimmed = line.trim_start_matches([' ', '\t']);
        let indent = p.pos + (line.len() - trimmed.len());
        if trimmed.trim_end().is_empty() {
            p.pos = next;
            continue;
        }
        if trimmed.starts_with('#') {
            p.comment(indent, trimmed);
            p.pos = next;
            continue;
        }
        let chars = p.instruction(indent);
        let word_end = |from: usize| {
            chars[from..].iter().position(|&(_, c)| is_blank(c)).map_or(chars.len(), |i| from + i)
        };
        let word_start = |from: usize| {
            chars[from..].iter().position(|&(_, c)| !is_blank(c)).map_or(chars.len(), |i| from + i)
        };
        let mut keyword_range = 0..word_end(0);
        let mut keyword: String = chars[keyword_range.clone()].iter().map(|&(_, c)| c).collect();
        if keyword.eq_ignore_ascii_case("onbuild") {
            let start = word_start(keyword_range.end);
            keyword_range = start..word_end(start);
            keyword = chars[keyword_range.clone()].iter().map(|&(_, c)| c).collect();
        }
        let keyword = keyword.to_ascii_uppercase();
        // Only ENV and ARG are read here: a quote left open elsewhere is the shell's business.
        let strict = keyword == "ENV" || keyword == "ARG";
        let args = split_words(&chars, keyword_range.end, p.escape, strict)?;
        let args = args.as_slice();
        match keyword.as_str() {
            "ENV" => env(&chars, args, p.escape, &mut entries, span_of(&chars, keyword_range))?,
            "ARG" => {
                for word in args {
                    if let Some(entry) = pair(&chars, word.clone(), p.escape)? {
                        entries.push(entry);
                    }
                }
            }
            "RUN" | "COPY" | "ADD" => p.skip_heredocs(&chars, args),
            _ => {}
        }
    }
    Ok(Document { format: Format::Dockerfile, entries, comments: p.comments })
}

/// A character of an instruction with continuations and comment lines taken out,
/// and its byte offset in the file.
type Char = (usize, char);

struct Lines<'t> {
    text: &'t str,
    pos: usize,
    escape: char,
    comments: Vec<Comment>,
}

impl<'t> Lines<'t> {
    /// The line at `pos` without its line end, and where the next line starts.
    fn line_at(&self, pos: usize) -> (&'t str, usize) {
        let eol = self.text[pos..].find('\n').map_or(self.text.len(), |i| pos + i);
        let next = (eol + 1).min(self.text.len());
        (self.text[pos..eol].trim_end_matches('\r'), next)
    }

    fn comment(&mut self, at: usize, line: &str) {
        self.comments.push(Comment { span: at..at + line.len(), text: line[1..].to_string() });
    }

    /// Parser directives (`# escape=``) at the top of the file, before any other line.
    fn directives(&mut self) {
        let mut pos = 0;
        while pos < self.text.len() {
            let (line, next) = self.line_at(pos);
            let Some(body) = line.strip_prefix('#') else { return };
            let Some((name, value)) = body.split_once('=') else { return };
            if name.trim().eq_ignore_ascii_case("escape") {
                match value.trim() {
                    "`" => self.escape = '`',
                    "\\" => self.escape = '\\',
                    _ => {}
                }
            }
            pos = next;
        }
    }

    /// Reads the instruction starting at `start`, across continuations, and
    /// moves past it. Comment and blank lines inside it are dropped.
    fn instruction(&mut self, start: usize) -> Vec<Char> {
        let mut chars = Vec::new();
        let mut pos = start;
        loop {
            let (line, next) = self.line_at(pos);
            let body = line.trim_end_matches([' ', '\t']);
            let continued = body.ends_with(self.escape);
            let keep = if continued { &body[..body.len() - self.escape.len_utf8()] } else { line };
            chars.extend(keep.char_indices().map(|(i, c)| (pos + i, c)));
            pos = next;
            if !continued {
                break;
            }
            // Comment and empty lines between continued lines belong to no instruction.
            while pos < self.text.len() {
                let (line, next) = self.line_at(pos);
                let trimmed = line.trim_start_matches([' ', '\t']);
                if trimmed.starts_with('#') {
                    let at = pos + (line.len() - trimmed.len());
                    self.comment(at, trimmed);
                } else if !trimmed.trim_end().is_empty() {
                    break;
                }
                pos = next;
            }
            if pos >= self.text.len() {
                break;
            }
        }
        self.pos = pos;
        chars
    }

    /// Skips the bodies of the heredocs (`<<EOF`, `<<-"EOF"`) that the words open.
    fn skip_heredocs(&mut self, chars: &[Char], words: &[Range<usize>]) {
        for word in words {
            let word: String = chars[word.clone()].iter().map(|&(_, c)| c).collect();
            let Some(rest) = word.trim_start_matches(|c: char| c.is_ascii_digit()).strip_prefix("<<") else {
                continue;
            };
            let (strip_tabs, rest) = match rest.strip_prefix('-') {
                Some(r) => (true, r),
                None => (false, rest),
            };
            let delim = rest.trim_matches(['"', '\'']);
            if delim.is_empty() || delim.contains('<') {
                continue;
            }
            while self.pos < self.text.len() {
                let (line, next) = self.line_at(self.pos);
                self.pos = next;
                let line = if strip_tabs { line.trim_start_matches('\t') } else { line };
                if line == delim {
                    break;
                }
            }
        }
    }
}

fn span_of(chars: &[Char], range: Range<usize>) -> Range<usize> {
    match (chars.get(range.start), range.end.checked_sub(1).and_then(|i| chars.get(i))) {
        (Some(&(start, _)), Some(&(last, c))) if range.end > range.start => start..last + c.len_utf8(),
        (Some(&(start, _)), _) => start..start,
        _ => chars.last().map_or(0..0, |&(at, c)| at + c.len_utf8()..at + c.len_utf8()),
    }
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Splits an instruction from `from` on into words (index ranges into
/// `chars`) at blanks outside quotes. An unterminated quote fails when
/// `strict`, and runs to the end otherwise.
fn split_words(
    chars: &[Char],
    from: usize,
    escape: char,
    strict: bool,
) -> Result<Vec<Range<usize>>, ParseFailure> {
    let mut words = Vec::new();
    let mut i = from;
    while i < chars.len() {
        if is_blank(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !is_blank(chars[i].1) {
            i = match skip_unit(chars, i, escape) {
                Ok(next) => next,
                Err(e) if strict => return Err(e),
                Err(_) => chars.len(),
            };
        }
        words.push(start..i);
    }
    Ok(words)
}

/// Skips one character, escape pair or quoted string starting at `i`.
fn skip_unit(chars: &[Char], i: usize, escape: char) -> Result<usize, ParseFailure> {
    let c = chars[i].1;
    if c == escape {
        return Ok((i + 2).min(chars.len()));
    }
    if c != '"' && c != '\'' {
        return Ok(i + 1);
    }
    let mut j = i + 1;
    while j < chars.len() {
        if chars[j].1 == escape && c == '"' {
            j += 2;
        } else if chars[j].1 == c {
            return Ok(j + 1);
        } else {
            j += 1;
        }
    }
    let at = chars[i].0;
    Err(ParseFailure { message: format!("unterminated {c}-quoted value"), span: at..at + 1 })
}

/// The scalar of `chars[range]`: quotes removed and escapes decoded; quoted
/// when it is one quoted string.
fn scalar(chars: &[Char], range: Range<usize>, escape: char) -> Result<Scalar, ParseFailure> {
    let mut value = String::new();
    let mut units = 0;
    let mut whole_quote: Option<char> = None;
    let mut i = range.start;
    while i < range.end {
        let c = chars[i].1;
        let next = skip_unit(&chars[..range.end], i, escape)?;
        units += 1;
        if c == '"' || c == '\'' {
            if i == range.start && next == range.end {
                whole_quote = Some(c);
            }
            // Inside double quotes the escape character escapes only `"`, `$` and itself.
            let inner_end = next - 1;
            let mut j = i + 1;
            while j < inner_end {
                let d = chars[j].1;
                let escapable = |e: char| e == '"' || e == '$' || e == escape;
                if c == '"' && d == escape && j + 1 < inner_end && escapable(chars[j + 1].1) {
                    value.push(chars[j + 1].1);
                    j += 2;
                } else {
                    value.push(d);
                    j += 1;
                }
            }
        } else if c == escape {
            if let Some(&(_, e)) = chars.get(i + 1).filter(|_| i + 1 < range.end) {
                value.push(e);
            }
        } else {
            value.push(c);
        }
        i = next;
    }
    let token = span_of(chars, range);
    Ok(match whole_quote.filter(|_| units == 1) {
        Some(q) => Scalar {
            value,
            content: token.start + 1..token.end - 1,
            token,
            quote: if q == '"' { Quote::Double } else { Quote::Single },
        },
        None => Scalar { value, content: token.clone(), token, quote: Quote::Bare },
    })
}

/// A `NAME=value` word as an entry; `None` for a bare `NAME`.
fn pair(chars: &[Char], word: Range<usize>, escape: char) -> Result<Option<Entry>, ParseFailure> {
    let Some(eq) = chars[word.clone()].iter().position(|&(_, c)| c == '=').map(|i| word.start + i) else {
        return Ok(None);
    };
    let name: String = chars[word.start..eq].iter().map(|&(_, c)| c).collect();
    if name.is_empty() || name.contains(['"', '\'', escape]) {
        let at = chars[word.start].0;
        return Err(ParseFailure {
            message: "a variable name can not be blank or quoted".into(),
            span: at..at + 1,
        });
    }
    let mut scalar = scalar(chars, eq + 1..word.end, escape)?;
    if eq + 1 == word.end {
        let after = chars[eq].0 + 1;
        scalar.token = after..after;
        scalar.content = after..after;
    }
    let key_span = span_of(chars, word.start..eq);
    Ok(Some(Entry { path: vec![Segment::Key(name)], scalar, key_span: Some(key_span) }))
}

fn env(
    chars: &[Char],
    args: &[Range<usize>],
    escape: char,
    entries: &mut Vec<Entry>,
    keyword: Range<usize>,
) -> Result<(), ParseFailure> {
    let Some(first) = args.first() else {
        return Err(ParseFailure { message: "ENV requires at least one argument".into(), span: keyword });
    };
    let first_has_eq = chars[first.clone()].iter().any(|&(_, c)| c == '=');
    if !first_has_eq {
        // Legacy `ENV NAME value with spaces`: the value is the rest of the instruction.
        let Some(last) = args.get(1..).and_then(|a| a.last()) else {
            return Err(ParseFailure {
                message: "ENV NAME needs a value".into(),
                span: span_of(chars, first.clone()),
            });
        };
        let value = scalar(chars, args[1].start..last.end, escape)?;
        let name: String = chars[first.clone()].iter().map(|&(_, c)| c).collect();
        entries.push(Entry {
            path: vec![Segment::Key(name)],
            scalar: value,
            key_span: Some(span_of(chars, first.clone())),
        });
        return Ok(());
    }
    for word in args {
        match pair(chars, word.clone(), escape)? {
            Some(entry) => entries.push(entry),
            None => {
                return Err(ParseFailure {
                    message: "ENV: no `=` in this word; the form is NAME=value".into(),
                    span: span_of(chars, word.clone()),
                })
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::testkit::{assert_spans_on_boundaries, random_texts};

    fn entries(text: &str) -> Vec<(String, String, Quote, String)> {
        let doc = parse(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
        for e in &doc.entries {
            let s = &e.scalar;
            let token = &text[s.token.clone()];
            match s.quote {
                Quote::Double => {
                    assert!(token.starts_with('"') && token.ends_with('"') && token.len() >= 2, "{token:?}")
                }
                Quote::Single => {
                    assert!(token.starts_with('\'') && token.ends_with('\'') && token.len() >= 2, "{token:?}")
                }
                Quote::Bare => assert_eq!(s.token, s.content),
                _ => panic!("{e:?}"),
            }
            if matches!(s.quote, Quote::Single | Quote::Double) {
                assert_eq!(s.content, s.token.start + 1..s.token.end - 1, "{e:?}");
            }
            let raw = &text[s.content.clone()];
            if !raw.contains(['\\', '`', '\'', '"', '\n']) {
                assert_eq!(raw, s.value, "{e:?}");
            }
            let Segment::Key(name) = &e.path[0] else { panic!() };
            assert_eq!(&text[e.key_span.clone().unwrap()], name);
        }
        flat(text, &doc)
    }

    use crate::formats::testkit::{flat, row as e};

    #[test]
    fn env_and_arg_forms() {
        let text = "# syntax=docker/dockerfile:1\nFROM node:22 AS base\n# 中文注释\nARG VERSION=1.2 NOVALUE\nenv ANTHROPIC_BASE_URL=https://api.crazyrouter.com A=\"v 2\" B='x y' C=\"q\\\"$HOME\"\nENV LEGACY value with  spaces\nENV LEGACY2 \"quoted legacy\"\n  Env  D=\nONBUILD ENV E=e\nRUN echo ENV F=no # not a comment\n";
        let got = entries(text);
        assert_eq!(
            got,
            vec![
                e("VERSION", "1.2", Quote::Bare, "1.2"),
                e(
                    "ANTHROPIC_BASE_URL",
                    "https://api.crazyrouter.com",
                    Quote::Bare,
                    "https://api.crazyrouter.com"
                ),
                e("A", "v 2", Quote::Double, "v 2"),
                e("B", "x y", Quote::Single, "x y"),
                e("C", "q\"$HOME", Quote::Double, "q\\\"$HOME"),
                e("LEGACY", "value with  spaces", Quote::Bare, "value with  spaces"),
                e("LEGACY2", "quoted legacy", Quote::Double, "quoted legacy"),
                e("D", "", Quote::Bare, ""),
                e("E", "e", Quote::Bare, "e"),
            ]
        );
        let doc = parse(text).unwrap();
        let comments: Vec<&str> = doc.comments.iter().map(|c| &text[c.span.clone()]).collect();
        assert_eq!(comments, vec!["# syntax=docker/dockerfile:1", "# 中文注释"]);
        let a = doc.get(&[Segment::Key("A".into())]).unwrap();
        assert_eq!(&text[a.scalar.token.clone()], "\"v 2\"");
    }

    #[test]
    fn continuations_comments_and_crlf() {
        let text = "FROM x\r\nENV A=1 \\\r\n    # inside\r\n\r\n    B=\"two \\\r\n  lines\" \\  \r\n    C=3\r\nRUN echo \\\r\n  ENV D=no\r\nENV E=5\r\n";
        let got = entries(text);
        assert_eq!(
            got,
            vec![
                e("A", "1", Quote::Bare, "1"),
                e("B", "two   lines", Quote::Double, "two \\\r\n  lines"),
                e("C", "3", Quote::Bare, "3"),
                e("E", "5", Quote::Bare, "5"),
            ]
        );
        let doc = parse(text).unwrap();
        assert_eq!(doc.comments.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), vec![" inside"]);
    }

    #[test]
    fn escape_directive_and_heredocs() {
        let text = "# escape=`\nFROM windows\nENV PATH=C:\\tools\\bin `\n    B=\"a`\"b\"\nRUN <<EOF\nENV NOT=set\n# not a comment\nEOF\nRUN echo $((1<<2))\nENV AFTER=yes\n";
        let got = entries(text);
        assert_eq!(
            got,
            vec![
                e("PATH", "C:\\tools\\bin", Quote::Bare, "C:\\tools\\bin"),
                e("B", "a\"b", Quote::Double, "a`\"b"),
                e("AFTER", "yes", Quote::Bare, "yes"),
            ]
        );
        assert_eq!(parse(text).unwrap().comments.len(), 1);
    }

    #[test]
    fn rejected_forms_fail_where_docker_fails() {
        let text = "FROM x\nENV A=1 B\n";
        assert_eq!(parse(text).unwrap_err().span, 15..16);
        let text = "FROM x\nENV ONLYNAME\n";
        assert_eq!(parse(text).unwrap_err().span, 11..19);
        let text = "FROM x\nENV\n";
        assert_eq!(parse(text).unwrap_err().span, 7..10);
        let text = "FROM x\nENV A=\"open\nENV B=1\n";
        assert_eq!(parse(text).unwrap_err().span, 13..14);
        // A quote in another instruction is not ours to judge.
        assert!(parse("RUN echo \"open\nENV A=1\n").is_ok());
    }

    #[test]
    fn property_raw_text_decodes_to_the_value_when_there_are_no_escapes() {
        let mut next = crate::formats::testkit::rng(0x1234_5678_9abc_def1);
        let pieces = ["a", "中文", "ü", "😀", "https://x/v1", " ", "$HOME", "#", "'", "\"", "\\", "="];
        for _ in 0..300 {
            let mut text = String::from("FROM x\n");
            let mut expected = Vec::new();
            for i in 0..1 + next(5) {
                let mut raw = String::new();
                for _ in 0..1 + next(4) {
                    raw.push_str(pieces[next(pieces.len())]);
                }
                let quoted = if next(2) == 0 && !raw.contains('\'') {
                    format!("'{raw}'")
                } else {
                    format!("\"{}\"", raw.replace('\\', "\\\\").replace('"', "\\\"").replace('$', "\\$"))
                };
                if next(3) == 0 {
                    text.push_str("# 注释 it's \"\n");
                }
                let kw = ["ENV", "env", "ARG"][next(3)];
                text.push_str(&format!("{kw} V{i}={quoted}{}", if next(2) == 0 { "\r\n" } else { "\n" }));
                expected.push(raw);
            }
            let doc = parse(&text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
            let values: Vec<&str> = doc.entries.iter().map(|e| e.scalar.value.as_str()).collect();
            assert_eq!(values, expected, "{text:?}");
            for e in &doc.entries {
                let raw = &text[e.scalar.content.clone()];
                let token = &text[e.scalar.token.clone()];
                assert!(token.len() == raw.len() + 2 && token.contains(raw));
                if e.scalar.quote == Quote::Single || !raw.contains('\\') {
                    assert_eq!(raw, e.scalar.value, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn dispatch_strips_a_bom() {
        let text = "\u{feff}# 注\nFROM x\nENV A=\"https://api.crazyrouter.com\"\n";
        let doc = crate::formats::parse(Format::Dockerfile, text).unwrap();
        assert_eq!(&text[doc.entries[0].scalar.token.clone()], "\"https://api.crazyrouter.com\"");
        assert_eq!(&text[doc.comments[0].span.clone()], "# 注");
        assert_eq!(serde_json::to_string(&Format::Dockerfile).unwrap(), "\"dockerfile\"");
        assert_eq!(Format::Yaml.to_string(), "yaml");
    }

    /// Arbitrary text never panics, and every span lies on character boundaries.
    #[test]
    fn arbitrary_text_never_panics() {
        for text in random_texts("ab=#- \n\r\t'\"\\$`ENVARGRUN<中é😀{}", 20_000, 80) {
            if let Ok(doc) = parse(&text) {
                assert_spans_on_boundaries(&text, &doc);
            }
        }
    }
}
