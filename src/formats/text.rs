//! URLs in free text: the prose of Markdown documents, `.http`/`.rest` request
//! files, shell scripts. Every `http://` or `https://` URL becomes an entry; its
//! key path says what the text shows around it:
//!
//! - `request.<METHOD>`: the URL is what a request line (`POST https://…`) or an
//!   HTTP command calls: an argument of its own of `curl` (`-X GET`, `--request`,
//!   or POST implied by `-d`/`--data*`/`--json`/`-F`, GET otherwise, across
//!   `\`-continued lines), `wget`, `http`/`xh` (HTTPie), PowerShell's
//!   `Invoke-RestMethod`/`Invoke-WebRequest` (`-Method`); a URL inside another
//!   argument (a header, a JSON body) is no request;
//! - `assign.<NAME>`: the URL is assigned to a name: `NAME=URL`, `NAME = "URL"`,
//!   `"name": "URL"`, `name: URL` (a dotted name keeps its last part:
//!   `model_providers.x.base_url` → `base_url`, `process.env.X` → `X`);
//! - `label.<words>`: prose labels the URL: `Base URL: https://…`,
//!   `**API 地址（Base URL）：** https://…` → `label.api 地址` (lower case, the
//!   parenthesised part, emphasis and code marks dropped);
//! - `url` otherwise.
//!
//! The method and the context are read inside one segment of a line: a line is
//! cut at `|` (a Markdown table's cells, a shell pipe) and at backticks (inline
//! code), so that a cell never takes the method of another. A URL ends at
//! whitespace, a quote, `<>`, `` ` ``, `|`, `\`, braces, `^`, and at the first
//! character that is not ASCII (Chinese prose glued to a URL: `…crazyrouter.com，然后`);
//! prose punctuation at its end (`.,;:!?]*` and an unbalanced `)`) is dropped.
//!
//! Comments: `#` lines for scripts and request files (`parse`), HTML comments
//! `<!-- … -->` for Markdown (`parse_markdown`, whose code blocks are documents
//! of their own: `crate::embedded`).
//!
//! Not for: environment assignments in scripts (the shell parsers read those)
//! or judging the URL (rules do). Never fails: text has no syntax to break.

use std::ops::Range;

use crate::document::{Comment, Document, Entry, Format, Quote, Scalar, Segment};

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// A script, request file or other text with `#` comments.
pub fn parse(text: &str) -> Document {
    Document { format: Format::Text, entries: entries(text), comments: super::line_comments(text, '#') }
}

/// A Markdown document's prose (its code blocks are read too, as text: their
/// own reading is `crate::embedded`'s business). Comments are `<!-- … -->`.
pub fn parse_markdown(text: &str) -> Document {
    Document { format: Format::Markdown, entries: entries(text), comments: html_comments(text) }
}

fn entries(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    for (start, end) in logical_lines(text) {
        let line = &text[start..end];
        for segment in segments(line) {
            let seg = &line[segment.clone()];
            let requests = requests_in(seg);
            for (range, url) in urls_in(seg) {
                let token = start + segment.start + range.start..start + segment.start + range.end;
                let path = match requests.iter().find(|(r, _)| *r == range) {
                    Some((_, m)) => vec![Segment::Key("request".into()), Segment::Key(m.to_string())],
                    None => table_label(line, segment.start, seg, range.start)
                        .unwrap_or_else(|| context(seg, range.start)),
                };
                let quote = quote_around(text, &token);
                out.push(Entry {
                    path,
                    scalar: Scalar { value: url.to_string(), token: token.clone(), content: token, quote },
                    key_span: None,
                });
            }
        }
    }
    out
}

fn html_comments(text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("<!--") {
        let start = from + i;
        let end = text[start + 4..].find("-->").map_or(text.len(), |j| start + 4 + j + 3);
        let body = text[start + 4..end].strip_suffix("-->").unwrap_or(&text[start + 4..end]);
        out.push(Comment { span: start..end, text: body.to_string() });
        from = end;
    }
    out
}

/// A URL inside quotes keeps them around it: a fix must not add characters the
/// quotes cannot hold. The quote is recorded; the token stays the URL itself.
fn quote_around(text: &str, token: &Range<usize>) -> Quote {
    let before = text[..token.start].chars().next_back();
    let after = text[token.end..].chars().next();
    match (before, after) {
        (Some('"'), Some('"')) => Quote::Double,
        (Some('\''), Some('\'')) => Quote::Single,
        _ => Quote::Bare,
    }
}

/// Byte ranges of logical lines: a line ending in `\` (or a PowerShell backtick) continues on the next.
fn logical_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let end = pos + line.len();
        let body = line.trim_end_matches(['\n', '\r']).trim_end();
        if !(body.ends_with('\\') || body.ends_with(" `")) {
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

/// The segments of a line: cut at `|` and at backticks outside quotes (a table's
/// cells, a pipeline's commands, inline code), line ends excluded.
fn segments(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quote: Option<u8> = None;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' && !prev_is_word(bytes, i) => quote = Some(b),
            None if b == b'|'
                || b == b'`' && !bytes.get(i + 1).is_some_and(|n| *n == b'\n' || *n == b'\r') =>
            {
                out.push(start..i);
                start = i + 1;
            }
            None => {}
        }
        i += 1;
    }
    out.push(start..line.len());
    out.retain(|r| !line[r.clone()].trim().is_empty());
    out
}

/// An apostrophe inside a word (`don't`) opens no quote.
fn prev_is_word(bytes: &[u8], i: usize) -> bool {
    i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] >= 0x80)
}

/// A shell word of a segment: the range of its text inside its quotes.
struct Word {
    inner: Range<usize>,
}

fn words(seg: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let bytes = seg.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        let mut quote: Option<u8> = None;
        while i < bytes.len() {
            let b = bytes[i];
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b.is_ascii_whitespace() => break,
                None => {}
            }
            i += 1;
        }
        let raw = &seg[start..i];
        let inner = match raw.as_bytes() {
            [q @ (b'"' | b'\''), .., last] if last == q && raw.len() >= 2 => start + 1..i - 1,
            _ => start..i,
        };
        out.push(Word { inner });
    }
    out
}

/// The URLs of a segment that a request line or an HTTP command calls, with the method.
fn requests_in(seg: &str) -> Vec<(Range<usize>, &'static str)> {
    let words = words(seg);
    let text = |w: &Word| &seg[w.inner.clone()];
    let is_url = |w: &Word| {
        let t = text(w);
        (t.starts_with("http://") || t.starts_with("https://")) && !t.contains(char::is_whitespace)
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // The start of a command: the segment's start, or after `;`, `&&`, `||`,
        // with prompts and wrappers skipped.
        let mut j = i;
        while j < words.len() && is_prefix(text(&words[j])) {
            j += 1;
        }
        let end = (j..words.len()).find(|&k| is_separator(text(&words[k]))).unwrap_or(words.len());
        // (A segment that starts with a separator, `|| x`, has no command there.)
        if let Some(first) = words.get(j).filter(|_| j < end) {
            let command = text(first).to_ascii_lowercase();
            let args = &words[j + 1..end];
            if let Some(m) = METHODS.iter().find(|m| **m == text(first)) {
                // An HTTP request line: `POST https://… HTTP/1.1`.
                if let Some(url) = args.first().filter(|w| is_url(w)) {
                    out.push((url.inner.clone(), *m));
                }
            } else if let Some(method) = http_command(&command, args.iter().map(text).collect()) {
                for w in args.iter().filter(|w| is_url(w)) {
                    out.push((w.inner.clone(), method));
                }
            }
        }
        i = end + 1;
    }
    // Only the URL itself: a URL word may end in prose punctuation the scanner drops.
    out.into_iter()
        .filter_map(|(r, m)| {
            urls_in(&seg[r.clone()]).first().map(|(u, _)| (r.start + u.start..r.start + u.end, m))
        })
        .collect()
}

/// Words that come before a command: prompts, `sudo`, `time`, `!`, `(`, `$(`.
fn is_prefix(word: &str) -> bool {
    matches!(word, "$" | "%" | ">" | "#" | "❯" | "➜" | "sudo" | "time" | "!" | "(" | "$(" | "PS>" | "exec")
        || word.starts_with("PS ") && word.ends_with('>')
        || word.ends_with(">") && word.contains(":\\")
}

fn is_separator(word: &str) -> bool {
    matches!(word, ";" | "&&" | "||" | "&") || word.ends_with(';')
}

/// The method of an HTTP command with these arguments, `None` when it is none.
fn http_command(command: &str, args: Vec<&str>) -> Option<&'static str> {
    let command = command.trim_start_matches("$(").trim_start_matches('(');
    let find = |m: &str| METHODS.iter().find(|x| x.eq_ignore_ascii_case(m)).copied();
    match command {
        "curl" | "curl.exe" => {
            let mut implied = "GET";
            for (i, w) in args.iter().enumerate() {
                let explicit = if *w == "-X" || *w == "--request" {
                    args.get(i + 1).copied()
                } else {
                    w.strip_prefix("--request=").or_else(|| w.strip_prefix("-X").filter(|m| !m.is_empty()))
                };
                if let Some(m) = explicit {
                    return find(m.trim_matches(['"', '\'']));
                }
                if *w == "-d" || w.starts_with("--data") || *w == "--json" || *w == "-F" || *w == "--form" {
                    implied = "POST";
                }
                if *w == "-I" || *w == "--head" {
                    implied = "HEAD";
                }
            }
            Some(implied)
        }
        "wget" => Some(if args.iter().any(|w| w.starts_with("--post-")) { "POST" } else { "GET" }),
        "http" | "https" | "xh" => Some(args.first().and_then(|m| find(m)).unwrap_or(
            if args.iter().any(|w| w.contains('=') && !w.contains("://")) { "POST" } else { "GET" },
        )),
        "invoke-restmethod" | "invoke-webrequest" | "irm" | "iwr" => {
            let method = args
                .iter()
                .position(|w| w.eq_ignore_ascii_case("-method"))
                .and_then(|i| args.get(i + 1))
                .and_then(|m| find(m.trim_matches(['"', '\''])));
            Some(method.unwrap_or("GET"))
        }
        _ => None,
    }
}

/// `assign.NAME`, `label.WORDS` or `url`: what the segment shows before the URL at `at`.
fn context(seg: &str, at: usize) -> Vec<Segment> {
    let url = || vec![Segment::Key("url".into())];
    let before = &seg[..at];
    // The quote that opens the value, then the spaces (and emphasis) before it.
    let t = before
        .strip_suffix(['"', '\''])
        .unwrap_or(before)
        .trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
    let Some(op) = t.chars().next_back().filter(|c| matches!(c, '=' | ':' | '：')) else { return url() };
    let head = &t[..t.len() - op.len_utf8()];
    // `:=`, `==`, `!=`, `<=` are no assignments of a value.
    if head.ends_with([':', '=', '!', '<', '>']) {
        return url();
    }
    let spaced = head.ends_with(char::is_whitespace);
    let h = head.trim_end();
    let key_quoted = h.ends_with(['"', '\'']);
    let h = h.strip_suffix(['"', '\'']).unwrap_or(h);
    let name_start = h
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || "_.-$:{}".contains(*c))
        .last()
        .map_or(h.len(), |(i, _)| i);
    let (prefix, name) = h.split_at(name_start);
    // `$env:NAME`, `${NAME}`, `process.env.NAME`, `a.b.base_url`: the last name.
    let last = name.rsplit(['.', ':']).next().unwrap_or(name).trim_matches(['{', '}', '$', '-']);
    let valid = last.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && !prefix.ends_with(|c: char| c.is_alphanumeric());
    if valid {
        let assign = vec![Segment::Key("assign".into()), Segment::Key(last.to_string())];
        if op == '=' {
            return assign;
        }
        // `"key": …` anywhere; `key: …` where a line of YAML or an object starts.
        let at_start = prefix.trim().chars().all(|c| "-*+>{,[".contains(c) || c.is_whitespace());
        if key_quoted || (!spaced && at_start && looks_like_key(name)) {
            return assign;
        }
    }
    if op == '=' {
        return url();
    }
    match label(head) {
        Some(words) => vec![Segment::Key("label".into()), Segment::Key(words)],
        None => url(),
    }
}

/// A table cell holding only a URL: the cell before it labels it
/// (`| API 地址 | `https://…` |` → `label.api 地址`), when that cell is a label.
fn table_label(line: &str, seg_start: usize, seg: &str, at: usize) -> Option<Vec<Segment>> {
    let bare = seg[..at].trim_matches(|c: char| c.is_whitespace() || c == '`').is_empty();
    if !bare || !line.trim_start().starts_with('|') {
        return None;
    }
    let cells = line[..seg_start].trim_end_matches(|c: char| c.is_whitespace() || c == '`');
    let cells = cells.strip_suffix('|')?;
    let cell = cells.rsplit('|').next()?.trim_matches(|c: char| c.is_whitespace() || c == '`');
    label(cell).map(|words| vec![Segment::Key("label".into()), Segment::Key(words)])
}

/// A key as configs write them (`base_url`, `baseURL`, `api-base`, `apiBase`,
/// `endpoint`), rather than a capitalised word of prose (`Endpoint`, `URL`).
fn looks_like_key(name: &str) -> bool {
    let camel = name.chars().any(|c| c.is_ascii_lowercase())
        && name.chars().skip(1).any(|c| c.is_ascii_uppercase())
        && !name.starts_with(|c: char| c.is_ascii_uppercase());
    name.contains(['_', '.', '-', '$']) || camel || name.chars().all(|c| !c.is_ascii_uppercase())
}

/// The label prose puts before a URL: the text since the last sentence mark, in
/// lower case, without emphasis, code marks, list markers or a parenthesised part.
fn label(head: &str) -> Option<String> {
    let start = head
        .rfind(['.', '!', '?', '。', '！', '？', ';', '；', '>', '"', '\'', '='])
        .map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8));
    let mut out = String::new();
    let mut depth = 0;
    for c in head[start..].chars() {
        match c {
            '(' | '（' | '[' => depth += 1,
            ')' | '）' | ']' => depth = (depth - 1).max(0),
            '*' | '`' | '#' | '"' | '\'' => {}
            _ if depth > 0 => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    let words: Vec<&str> = out.split_whitespace().filter(|w| !matches!(*w, "-" | "+" | "•")).collect();
    let words: Vec<&str> = match words.split_first() {
        Some((first, rest))
            if first.ends_with('.') && first[..first.len() - 1].chars().all(|c| c.is_ascii_digit()) =>
        {
            rest.to_vec()
        }
        _ => words,
    };
    let joined = words.join(" ");
    // Prose: letters, digits, spaces; no path, URL or code.
    let prose = joined.chars().all(|c| c.is_alphanumeric() || " _-".contains(c));
    (prose && !joined.is_empty() && joined.chars().count() <= 40).then_some(joined)
}

/// Every http(s) URL in `text`, without context: for parsers that find URLs
/// inside other strings (an error message in code).
pub(crate) fn urls(text: &str) -> Vec<(Range<usize>, &str)> {
    urls_in(text)
}

/// `(range in segment, url)` for every http(s) URL in the segment.
fn urls_in(line: &str) -> Vec<(Range<usize>, &str)> {
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
            .find(|c: char| c.is_whitespace() || !c.is_ascii() || "\"'<>`|\\{}^".contains(c))
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

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn curl_commands_and_request_lines_show_their_method() {
        let md = "Call it:\n\n```sh\ncurl https://api.crazyrouter.com/v1/models \\\n  -H 'Authorization: Bearer $KEY'\ncurl -X GET \"https://api.crazyrouter.com/v1/chat/completions\"\ncurl https://api.crazyrouter.com/v1/messages -d '{}'\n```\nSee [the docs](https://crazyrouter.com/docs).\n";
        assert_eq!(
            found(md),
            pairs(&[
                ("request.GET", "https://api.crazyrouter.com/v1/models"),
                ("request.GET", "https://api.crazyrouter.com/v1/chat/completions"),
                ("request.POST", "https://api.crazyrouter.com/v1/messages"),
                ("url", "https://crazyrouter.com/docs"),
            ])
        );
        let http = "### models\nGET https://api.crazyrouter.com/v1/models\nAuthorization: Bearer {{key}}\n\nPOST https://cn.crazyrouter.com/v1/responses HTTP/1.1\n";
        assert_eq!(
            found(http),
            pairs(&[
                ("request.GET", "https://api.crazyrouter.com/v1/models"),
                ("request.POST", "https://cn.crazyrouter.com/v1/responses"),
            ])
        );
    }

    #[test]
    fn only_the_command_s_own_url_arguments_are_requests() {
        let text = "$ curl -sS https://api.crazyrouter.com/v1/chat/completions -H \"Referer: https://crazyrouter.com/app\" -d '{\"image\": \"https://crazyrouter.com/a.png\"}' | jq .\n";
        assert_eq!(
            found(text),
            pairs(&[
                ("request.POST", "https://api.crazyrouter.com/v1/chat/completions"),
                ("label.referer", "https://crazyrouter.com/app"),
                ("assign.image", "https://crazyrouter.com/a.png"),
            ])
        );
        // Prose that names curl is no command.
        assert_eq!(
            found("Use curl or the SDK with https://api.crazyrouter.com/v1/chat/completions.\n"),
            pairs(&[("url", "https://api.crazyrouter.com/v1/chat/completions")])
        );
        let ps = "Invoke-RestMethod -Uri https://api.crazyrouter.com/v1/chat/completions -Method Post `\n  -Body $b\n";
        assert_eq!(found(ps), pairs(&[("request.POST", "https://api.crazyrouter.com/v1/chat/completions")]));
    }

    #[test]
    fn a_table_cell_does_not_take_another_cell_s_method() {
        let row = "| curl -X POST https://api.crazyrouter.com/v1/chat/completions | https://api.crazyrouter.com/v1/models |\n";
        assert_eq!(
            found(row),
            pairs(&[
                ("request.POST", "https://api.crazyrouter.com/v1/chat/completions"),
                ("url", "https://api.crazyrouter.com/v1/models"),
            ])
        );
    }

    #[test]
    fn assignments_and_labels_are_contexts() {
        let text = "Set `ANTHROPIC_BASE_URL=https://crazyrouter.com` first.\n\
                    \"baseURL\": \"https://crazyrouter.com/v1\",\n\
                    $env:OPENAI_BASE_URL = 'https://crazyrouter.com/v1'\n\
                    model_providers.x.base_url = \"https://crazyrouter.com\"\n\
                    **API 地址（Base URL）：** https://crazyrouter.com/v1\n\
                    - Base URL: https://crazyrouter.com\n\
                    Pricing: see https://crazyrouter.com/pricing or ask.\n\
                    if [ \"$X\" == https://a.b/c ]\n\
                    | API 地址 | `https://crazyrouter.com` |\n\
                    | Chat | https://crazyrouter.com/v1/chat/completions |\n";
        assert_eq!(
            found(text),
            pairs(&[
                ("assign.ANTHROPIC_BASE_URL", "https://crazyrouter.com"),
                ("assign.baseURL", "https://crazyrouter.com/v1"),
                ("assign.OPENAI_BASE_URL", "https://crazyrouter.com/v1"),
                ("assign.base_url", "https://crazyrouter.com"),
                ("label.api 地址", "https://crazyrouter.com/v1"),
                ("label.base url", "https://crazyrouter.com"),
                ("url", "https://crazyrouter.com/pricing"),
                ("url", "https://a.b/c"),
                ("label.api 地址", "https://crazyrouter.com"),
                ("label.chat", "https://crazyrouter.com/v1/chat/completions"),
            ])
        );
    }

    #[test]
    fn a_segment_that_starts_with_a_separator_is_read() {
        // `||` opens the segment: no command there, and no panic.
        assert_eq!(found("a || curl https://crazyrouter.com/v1/models\n").len(), 1);
        assert!(requests_in("&& x").is_empty());
        assert!(requests_in("||").is_empty());
    }

    #[test]
    fn a_url_ends_before_prose_glued_to_it() {
        assert_eq!(
            found("获取密钥请访问 https://crazyrouter.com，然后配置。\n(see https://crazyrouter.com/docs)\n"),
            pairs(&[("url", "https://crazyrouter.com"), ("url", "https://crazyrouter.com/docs")])
        );
    }

    #[test]
    fn quotes_are_recorded_and_prose_punctuation_dropped() {
        let doc = parse("x = \"https://a.b/v1\"; see https://c.d/e).\n");
        assert_eq!(doc.entries[0].scalar.quote, Quote::Double);
        assert_eq!(doc.entries[1].scalar.value, "https://c.d/e");
    }

    #[test]
    fn markdown_comments_are_html_comments() {
        let doc = parse_markdown("# Title\n<!-- crlint: ignore CR201 -->\nhttps://crazyrouter.com/v1\n");
        assert_eq!(doc.comments.len(), 1);
        assert_eq!(doc.comments[0].text, " crlint: ignore CR201 ");
    }

    #[test]
    fn never_panics() {
        for text in
            crate::formats::testkit::random_texts("ab=:：|`'\" \n\r\\$-_*()（）。https://x.y/", 5_000, 60)
        {
            let _ = parse(&text);
        }
    }
}
