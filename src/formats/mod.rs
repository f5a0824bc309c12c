//! Format parsers: each turns a file's text into the spanned document model
//! (`crate::document`). They know that model and nothing of clients, rules,
//! reports or the network. A text that does not parse gives a `ParseFailure`
//! with the byte offset it points at; it is then never rewritten.
//!
//! A UTF-8 byte-order mark is stripped here, once, and every span is shifted
//! back so that offsets always index the file as it is on disk.

pub mod budget;
mod comments;
pub mod count;
pub mod dockerfile;
pub mod dotenv;
pub mod json;
pub mod shell;
pub mod source;
#[cfg(test)]
mod testkit;
pub mod text;
pub mod toml;
pub mod yaml;

pub(crate) use comments::line_comments;

use crate::document::{Document, Format, ParseFailure};

const BOM: &str = "\u{feff}";

/// Parses `text` as `format`. A text holding more values than its size allows
/// (`budget`) is refused before any parser runs.
pub fn parse(format: Format, text: &str) -> Result<Document, ParseFailure> {
    count::record(format);
    parse_uncounted(format, text, false).map(|(doc, _)| doc)
}

/// Like `parse`, for a file people read or run rather than one a client loads (an
/// install script): a part that does not parse (a shell line with a quote left
/// open) is skipped and returned among the failures, and the rest is read. The
/// formats with no such parts fail as `parse` does.
pub fn parse_lenient(format: Format, text: &str) -> Result<(Document, Vec<ParseFailure>), ParseFailure> {
    count::record(format);
    parse_uncounted(format, text, true)
}

fn parse_uncounted(
    format: Format,
    text: &str,
    lenient: bool,
) -> Result<(Document, Vec<ParseFailure>), ParseFailure> {
    budget::check(format, text).map_err(|message| ParseFailure { message, span: 0..0 })?;
    let (body, shift) = match text.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (text, 0),
    };
    let shell = |dialect: Option<shell::Dialect>| {
        let dialect = dialect.unwrap_or_else(|| shell::Dialect::detect(body));
        if lenient {
            Ok(shell::parse_lenient(body, dialect))
        } else {
            shell::parse_dialect(body, dialect).map(|doc| (doc, vec![]))
        }
    };
    let parsed = match format {
        Format::Json => json::parse(body).map(|d| (d, vec![])),
        Format::Json5 => json::parse_json5(body).map(|d| (d, vec![])),
        Format::Toml => toml::parse(body).map(|d| (d, vec![])),
        Format::Dotenv => dotenv::parse_checked(body).map(|d| (d, vec![])),
        Format::Yaml => yaml::parse(body).map(|d| (d, vec![])),
        Format::Shell | Format::PowerShell | Format::Cmd => shell(shell::Dialect::of_format(format)),
        Format::Dockerfile => dockerfile::parse(body).map(|d| (d, vec![])),
        Format::Text => Ok((text::parse(body), vec![])),
        Format::Markdown => Ok((text::parse_markdown(body), vec![])),
        Format::Source => Ok((source::parse(body), vec![])),
        // A database is read by `crate::store`, never as text.
        Format::Sqlite => Err(ParseFailure { message: "a database, not a text".into(), span: 0..0 }),
    };
    match parsed {
        Ok((mut doc, mut failures)) => {
            doc.format = format;
            for f in &mut failures {
                f.span = f.span.start + shift..f.span.end + shift;
            }
            if shift > 0 {
                for e in &mut doc.entries {
                    e.scalar.token = e.scalar.token.start + shift..e.scalar.token.end + shift;
                    e.scalar.content = e.scalar.content.start + shift..e.scalar.content.end + shift;
                    e.key_span = e.key_span.take().map(|k| k.start + shift..k.end + shift);
                }
                for c in &mut doc.comments {
                    c.span = c.span.start + shift..c.span.end + shift;
                }
            }
            Ok((doc, failures))
        }
        Err(mut failure) => {
            failure.span = failure.span.start + shift..failure.span.end + shift;
            Err(failure)
        }
    }
}

/// The `Quote` of a token from its first byte, and the content range inside it.
pub(crate) fn quoted_token(
    text: &str,
    token: std::ops::Range<usize>,
) -> (crate::document::Quote, std::ops::Range<usize>) {
    use crate::document::Quote;
    let raw = &text[token.clone()];
    for (open, quote) in [
        ("\"\"\"", Quote::TripleDouble),
        ("'''", Quote::TripleSingle),
        ("\"", Quote::Double),
        ("'", Quote::Single),
    ] {
        if raw.len() >= 2 * open.len() && raw.starts_with(open) && raw.ends_with(open) {
            return (quote, token.start + open.len()..token.end - open.len());
        }
    }
    (Quote::Bare, token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_skipped_and_spans_index_the_file() {
        let text = "\u{feff}{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://api.crazyrouter.com\"}}";
        let doc = parse(Format::Json, text).unwrap();
        let e = &doc.entries[0];
        assert_eq!(&text[e.scalar.content.clone()], "https://api.crazyrouter.com");
        let dotenv = "\u{feff}A=b\n";
        let doc = parse(Format::Dotenv, dotenv).unwrap();
        assert_eq!(&dotenv[doc.entries[0].scalar.token.clone()], "b");
    }
}
