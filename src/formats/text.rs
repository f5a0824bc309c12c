//! URLs in free text: Markdown (prose and code blocks), `.http`/`.rest` request
//! files, shell scripts. Every `http://` or `https://` URL becomes an entry; its
//! key path says what the text shows of the request:
//!
//! - `request.<METHOD>` when the method is visible: a `curl` command (`-X GET`,
//!   `--request`, or POST implied by `-d`/`--data*`/`--json`/`-F`, GET otherwise,
//!   across `\`-continued lines) or an HTTP request line (`POST https://…`);
//! - `url` otherwise.
//!
//! Not for: environment assignments (the shell and dotenv parsers read those)
//! or judging the URL (rules do). Never fails: text has no syntax to break.

use crate::document::{Document, Entry, Format, Quote, Scalar, Segment};

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

pub fn parse(text: &str) -> Document {
    let mut entries = Vec::new();
    let mut offset = 0;
    for logical in logical_lines(text) {
        let (start, line) = (logical.0, &text[logical.0..logical.1]);
        let method = method_of(line);
        for (range, url) in urls_in(line) {
            let token = start + range.start..start + range.end;
            let path = match method {
                Some(m) => vec![Segment::Key("request".into()), Segment::Key(m.to_string())],
                None => vec![Segment::Key("url".into())],
            };
            let quote = quote_around(text, &token);
            entries.push(Entry {
                path,
                scalar: Scalar { value: url.to_string(), token: token.clone(), content: token, quote },
                key_span: None,
            });
        }
        offset = logical.1;
    }
    let _ = offset;
    Document { format: Format::Text, entries, comments: super::line_comments(text, '#') }
}

/// A URL inside quotes keeps them around it: a fix must not add characters the
/// quotes cannot hold. The quote is recorded; the token stays the URL itself.
fn quote_around(text: &str, token: &std::ops::Range<usize>) -> Quote {
    let before = text[..token.start].chars().next_back();
    let after = text[token.end..].chars().next();
    match (before, after) {
        (Some('"'), Some('"')) => Quote::Double,
        (Some('\''), Some('\'')) => Quote::Single,
        _ => Quote::Bare,
    }
}

/// Byte ranges of logical lines: a line ending in `\` continues on the next.
fn logical_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let end = pos + line.len();
        let body = line.trim_end_matches(['\n', '\r']).trim_end();
        if !body.ends_with('\\') {
            out.push((start, end));
            start = end;
        }
        pos = end;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// The method a line shows: an HTTP request line, or a curl command's flags.
fn method_of(line: &str) -> Option<&'static str> {
    let trimmed = line.trim_start();
    if let Some(first) = trimmed.split_whitespace().next() {
        if let Some(m) = METHODS.iter().find(|m| **m == first) {
            let rest = trimmed[first.len()..].trim_start();
            if rest.starts_with("http://") || rest.starts_with("https://") {
                return Some(m);
            }
        }
    }
    let words: Vec<&str> =
        line.split_whitespace().map(|w| w.trim_matches(['"', '\'', '`', '$', '('])).collect();
    let curl = words.iter().position(|w| *w == "curl")?;
    let mut implied = "GET";
    let mut i = curl + 1;
    while i < words.len() {
        let w = words[i];
        let explicit = if w == "-X" || w == "--request" {
            words.get(i + 1).copied()
        } else {
            w.strip_prefix("--request=").or_else(|| w.strip_prefix("-X").filter(|m| !m.is_empty()))
        };
        if let Some(m) = explicit {
            return METHODS.iter().find(|x| x.eq_ignore_ascii_case(m)).copied();
        }
        if w == "-d" || w.starts_with("--data") || w == "--json" || w == "-F" || w == "--form" {
            implied = "POST";
        }
        if w == "-I" || w == "--head" {
            implied = "HEAD";
        }
        i += 1;
    }
    Some(implied)
}

/// `(range in line, url)` for every http(s) URL in the line.
fn urls_in(line: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = line[from..].find("://") {
        let colon = from + found;
        let scheme_start = line[..colon]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphabetic())
            .last()
            .map_or(colon, |(i, _)| i);
        let scheme = &line[scheme_start..colon];
        let end = line[colon + 3..]
            .find(|c: char| c.is_whitespace() || "\"'<>`|\\{}^".contains(c))
            .map_or(line.len(), |i| colon + 3 + i);
        if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
            let mut url = &line[scheme_start..end];
            // Prose and Markdown punctuation that ends a URL rather than belonging to it.
            while let Some(last) = url.chars().last() {
                let unbalanced_paren = last == ')' && url.matches('(').count() < url.matches(')').count();
                if ".,;:!?]*".contains(last) || unbalanced_paren {
                    url = &url[..url.len() - last.len_utf8()];
                } else {
                    break;
                }
            }
            if url.len() > scheme.len() + 3 {
                out.push((scheme_start..scheme_start + url.len(), url));
            }
        }
        from = end.max(colon + 3);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String)> {
        parse(text)
            .entries
            .iter()
            .map(|e| {
                assert_eq!(&text[e.scalar.token.clone()], e.scalar.value);
                (crate::document::display_path(&e.path), e.scalar.value.clone())
            })
            .collect()
    }

    #[test]
    fn curl_commands_and_request_lines_show_their_method() {
        let md = "Call it:\n\n```sh\ncurl https://api.crazyrouter.com/v1/models \\\n  -H 'Authorization: Bearer $KEY'\ncurl -X GET \"https://api.crazyrouter.com/v1/chat/completions\"\ncurl https://api.crazyrouter.com/v1/messages -d '{}'\n```\nSee [the docs](https://crazyrouter.com/docs).\n";
        assert_eq!(
            found(md),
            vec![
                ("request.GET".into(), "https://api.crazyrouter.com/v1/models".into()),
                ("request.GET".into(), "https://api.crazyrouter.com/v1/chat/completions".into()),
                ("request.POST".into(), "https://api.crazyrouter.com/v1/messages".into()),
                ("url".into(), "https://crazyrouter.com/docs".into()),
            ]
        );
        let http = "### models\nGET https://api.crazyrouter.com/v1/models\nAuthorization: Bearer {{key}}\n\nPOST https://cn.crazyrouter.com/v1/responses HTTP/1.1\n";
        assert_eq!(
            found(http),
            vec![
                ("request.GET".into(), "https://api.crazyrouter.com/v1/models".into()),
                ("request.POST".into(), "https://cn.crazyrouter.com/v1/responses".into()),
            ]
        );
    }

    #[test]
    fn quotes_are_recorded_and_prose_punctuation_dropped() {
        let doc = parse("x = \"https://a.b/v1\"; see https://c.d/e).\n");
        assert_eq!(doc.entries[0].scalar.quote, Quote::Double);
        assert_eq!(doc.entries[1].scalar.value, "https://c.d/e");
    }
}
