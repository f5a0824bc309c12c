//! dotenv files (`.env`, `.env.local`, `prod.env`) into the document model,
//! with a small lexer of our own: no dotenv crate reports byte spans.
//!
//! Accepted, as python-dotenv and the Node `dotenv` package accept them:
//! `NAME=value`, `export NAME=value`, spaces around `=`, unquoted values ending
//! at an inline ` #` comment, `'literal'`, `"escaped\n"` (may span lines),
//! empty values, CRLF line ends. A line that is no assignment is skipped, as
//! those loaders skip it; an unterminated quote is a parse failure.

use crate::document::{Comment, Document, Entry, Format, ParseFailure, Quote, Scalar, Segment};

pub fn parse_checked(text: &str) -> Result<Document, ParseFailure> {
    let mut lexer = Lexer { text, pos: 0, entries: vec![], comments: vec![] };
    while lexer.pos < text.len() {
        lexer.line()?;
    }
    Ok(Document { format: Format::Dotenv, entries: lexer.entries, comments: lexer.comments })
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    entries: Vec<Entry>,
    comments: Vec<Comment>,
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn skip_blanks(&mut self) {
        let n = self.rest().len() - self.rest().trim_start_matches([' ', '\t']).len();
        self.pos += n;
    }

    fn end_of_line(&self) -> usize {
        self.rest().find('\n').map_or(self.text.len(), |i| self.pos + i)
    }

    fn skip_line(&mut self) {
        let eol = self.end_of_line();
        self.pos = (eol + 1).min(self.text.len());
    }

    /// Records a `#` comment starting at `self.pos` up to the end of the line.
    fn comment_here(&mut self) {
        let eol = self.end_of_line();
        let body = self.text[self.pos + 1..eol].trim_end_matches('\r');
        self.comments.push(Comment { span: self.pos..self.pos + 1 + body.len(), text: body.to_string() });
        self.skip_line();
    }

    fn line(&mut self) -> Result<(), ParseFailure> {
        self.skip_blanks();
        if self.rest().starts_with('#') {
            self.comment_here();
            return Ok(());
        }
        if let Some(after) = self.rest().strip_prefix("export") {
            if after.starts_with([' ', '\t']) {
                self.pos += "export".len();
                self.skip_blanks();
            }
        }
        let name_len = self
            .rest()
            .char_indices()
            .take_while(|&(i, c)| {
                c == '_' || c.is_ascii_alphabetic() || (i > 0 && (c.is_ascii_digit() || c == '.' || c == '-'))
            })
            .count();
        if name_len == 0 {
            self.skip_line();
            return Ok(());
        }
        let key_span = self.pos..self.pos + name_len;
        let name = self.text[key_span.clone()].to_string();
        self.pos += name_len;
        self.skip_blanks();
        if !self.rest().starts_with('=') {
            self.skip_line();
            return Ok(());
        }
        self.pos += 1;
        self.skip_blanks();
        let scalar = match self.rest().chars().next() {
            Some(q @ ('"' | '\'')) => self.quoted(q)?,
            _ => self.unquoted(),
        };
        self.entries.push(Entry { path: vec![Segment::Key(name)], scalar, key_span: Some(key_span) });
        self.skip_blanks();
        if self.rest().starts_with('#') {
            self.comment_here();
        } else {
            self.skip_line();
        }
        Ok(())
    }

    fn unquoted(&mut self) -> Scalar {
        let start = self.pos;
        let eol = self.end_of_line();
        let line = &self.text[start..eol];
        // An inline comment starts at a '#' that follows whitespace.
        let mut end = line.len();
        let bytes = line.as_bytes();
        for i in 1..bytes.len() {
            if bytes[i] == b'#' && (bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') {
                end = i;
                break;
            }
        }
        let value = line[..end].trim_end_matches([' ', '\t', '\r']);
        let token = start..start + value.len();
        self.pos = start + value.len();
        Scalar { value: value.to_string(), content: token.clone(), token, quote: Quote::Bare }
    }

    fn quoted(&mut self, q: char) -> Result<Scalar, ParseFailure> {
        let start = self.pos;
        let mut value = String::new();
        let mut chars = self.text[start + 1..].char_indices();
        while let Some((i, c)) = chars.next() {
            let at = start + 1 + i;
            if c == q {
                self.pos = at + 1;
                let quote = if q == '"' { Quote::Double } else { Quote::Single };
                return Ok(Scalar { value, token: start..at + 1, content: start + 1..at, quote });
            }
            if c == '\\' && q == '"' {
                match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, 'r')) => value.push('\r'),
                    Some((_, 't')) => value.push('\t'),
                    Some((_, other)) => {
                        if !matches!(other, '"' | '\\' | '$' | '\'') {
                            value.push('\\');
                        }
                        value.push(other)
                    }
                    None => break,
                }
            } else {
                value.push(c);
            }
        }
        Err(ParseFailure { message: format!("unterminated {q}-quoted value"), span: start..start + 1 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(String, String, Quote)> {
        parse_checked(text)
            .unwrap()
            .entries
            .into_iter()
            .map(|e| {
                let Segment::Key(k) = &e.path[0] else { unreachable!() };
                (k.clone(), e.scalar.value, e.scalar.quote)
            })
            .collect()
    }

    #[test]
    fn lexes_the_common_forms() {
        let text = "# top\r\nexport A=https://x/v1 # note\r\nB = 'lit # not a comment'\nC=\"esc\\\"aped\\n\"\nD=\nE=a#b\nnot an assignment\n  F=\"multi\nline\"\nG=x";
        let v = values(text);
        assert_eq!(v[0], ("A".into(), "https://x/v1".into(), Quote::Bare));
        assert_eq!(v[1], ("B".into(), "lit # not a comment".into(), Quote::Single));
        assert_eq!(v[2], ("C".into(), "esc\"aped\n".into(), Quote::Double));
        assert_eq!(v[3], ("D".into(), "".into(), Quote::Bare));
        assert_eq!(v[4], ("E".into(), "a#b".into(), Quote::Bare));
        assert_eq!(v[5], ("F".into(), "multi\nline".into(), Quote::Double));
        assert_eq!(v[6], ("G".into(), "x".into(), Quote::Bare));
        let doc = parse_checked(text).unwrap();
        assert_eq!(doc.comments.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), vec![" top", " note"]);
    }

    #[test]
    fn spans_exclude_crlf_and_comments() {
        let text = "A=https://x/v1 \r\nB=\"q\"\r\n";
        let doc = parse_checked(text).unwrap();
        assert_eq!(&text[doc.entries[0].scalar.token.clone()], "https://x/v1");
        assert_eq!(&text[doc.entries[1].scalar.token.clone()], "\"q\"");
        assert_eq!(&text[doc.entries[1].scalar.content.clone()], "q");
        assert_eq!(&text[doc.entries[1].key_span.clone().unwrap()], "B");
    }

    #[test]
    fn unterminated_quote_fails_at_the_quote() {
        let err = parse_checked("A=1\nB=\"open\n").unwrap_err();
        assert_eq!(err.span, 6..7);
    }
}
