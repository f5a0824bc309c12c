//! Adding a key next to an existing one, in the file's own style: the new entry
//! is a copy of its sibling's line with the key and the value swapped, so the
//! indentation, the `export `, the quoting and the line ending are the file's.
//! Works where one entry sits on one line (dotenv, shell, Dockerfile, YAML and
//! TOML maps, JSON objects); returns `None` elsewhere rather than guess.

use crate::document::{Entry, Format};
use crate::fix::Edit;

/// The edit that adds `key` = `value` on a new line beside `sibling`.
pub fn sibling_line(
    source: &str,
    format: Format,
    entries: &[Entry],
    sibling: &Entry,
    key: &str,
    value: &str,
) -> Option<Edit> {
    let key_span = sibling.key_span.clone()?;
    let token = sibling.scalar.token.clone();
    let line_start = source[..key_span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[token.end..].find('\n').map_or(source.len(), |i| token.end + i);
    // Only a line that holds this entry alone can be copied.
    let alone = entries.iter().all(|e| {
        e.scalar.token == sibling.scalar.token
            || e.scalar.token.end <= line_start
            || e.scalar.token.start >= line_end
    });
    if !alone || source[token.clone()].contains('\n') || value.contains(['\n', '\r']) {
        return None;
    }
    let content = sibling.scalar.content.clone();
    let raw_key = &source[key_span.clone()];
    let new_key = if raw_key.starts_with('"') { format!("\"{key}\"") } else { key.to_string() };
    if !sibling.scalar.is_verbatim(source) || value.contains(['"', '\'', '\\', ' ', '#', '$', '`']) {
        return None;
    }
    let mut line = String::new();
    line.push_str(&source[line_start..key_span.start]);
    line.push_str(&new_key);
    line.push_str(&source[key_span.end..content.start]);
    line.push_str(value);
    line.push_str(&source[content.end..token.end]);
    // The sibling line's own ending; for a last line without one, the file's.
    let eol = if source[..line_end].ends_with('\r') || source[line_end..].starts_with("\r\n") {
        "\r\n"
    } else if line_end < source.len() {
        "\n"
    } else {
        crate::fix::merge::line_ending(source)
    };
    match format {
        // JSON: insert before the sibling so that commas stay right: the copy always gets one.
        Format::Json | Format::Json5 => {
            Some(Edit { range: line_start..line_start, replacement: format!("{line},{eol}") })
        }
        Format::Dotenv
        | Format::Shell
        | Format::PowerShell
        | Format::Cmd
        | Format::Dockerfile
        | Format::Yaml
        | Format::Toml => {
            let after = source[line_end..].strip_prefix('\n').map_or(line_end, |_| line_end + 1);
            let replacement = if after == source.len() && !source.ends_with('\n') {
                // After a last line without a line ending: the file still ends without one.
                format!("{eol}{line}")
            } else {
                format!("{line}{eol}")
            };
            Some(Edit { range: after..after, replacement })
        }
        Format::Text | Format::Markdown | Format::Source | Format::Sqlite => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats;

    fn add(format: Format, text: &str) -> Option<String> {
        let doc = formats::parse(format, text).unwrap();
        let sibling = doc
            .entries
            .iter()
            .find(|e| crate::document::display_path(&e.path).ends_with("OPENAI_API_BASE"))?;
        let edit = sibling_line(
            text,
            format,
            &doc.entries,
            sibling,
            "OPENAI_BASE_URL",
            "https://api.crazyrouter.com/v1",
        )?;
        let mut out = text.to_string();
        out.replace_range(edit.range, &edit.replacement);
        formats::parse(format, &out).expect("still parses");
        Some(out)
    }

    #[test]
    fn copies_the_sibling_line_in_each_format() {
        assert_eq!(
            add(Format::Dotenv, "A=1\nexport OPENAI_API_BASE=\"https://x/v1\" # old\r\nB=2").unwrap(),
            "A=1\nexport OPENAI_API_BASE=\"https://x/v1\" # old\r\nexport OPENAI_BASE_URL=\"https://api.crazyrouter.com/v1\"\r\nB=2"
        );
        assert_eq!(
            add(Format::Dotenv, "OPENAI_API_BASE=https://x").unwrap(),
            "OPENAI_API_BASE=https://x\nOPENAI_BASE_URL=https://api.crazyrouter.com/v1"
        );
        assert_eq!(
            add(Format::Yaml, "env:\n  OPENAI_API_BASE: https://x\n  B: c\n").unwrap(),
            "env:\n  OPENAI_API_BASE: https://x\n  OPENAI_BASE_URL: https://api.crazyrouter.com/v1\n  B: c\n"
        );
        assert_eq!(
            add(Format::Json, "{\n  \"env\": {\n    \"OPENAI_API_BASE\": \"https://x\"\n  }\n}\n").unwrap(),
            "{\n  \"env\": {\n    \"OPENAI_BASE_URL\": \"https://api.crazyrouter.com/v1\",\n    \"OPENAI_API_BASE\": \"https://x\"\n  }\n}\n"
        );
    }

    #[test]
    fn a_last_line_gets_the_files_line_ending_and_no_final_newline_is_added() {
        // Regression: the new line took LF in a CRLF file when the sibling was
        // the last line, and the file gained a final newline it never had.
        assert_eq!(
            add(Format::Dotenv, "A=1\r\nOPENAI_API_BASE=https://x").unwrap(),
            "A=1\r\nOPENAI_API_BASE=https://x\r\nOPENAI_BASE_URL=https://api.crazyrouter.com/v1"
        );
        assert_eq!(
            add(Format::Dotenv, "A=1\r\nOPENAI_API_BASE=https://x\r\n").unwrap(),
            "A=1\r\nOPENAI_API_BASE=https://x\r\nOPENAI_BASE_URL=https://api.crazyrouter.com/v1\r\n"
        );
        assert_eq!(
            add(Format::Yaml, "a: 1\r\nOPENAI_API_BASE: https://x").unwrap(),
            "a: 1\r\nOPENAI_API_BASE: https://x\r\nOPENAI_BASE_URL: https://api.crazyrouter.com/v1"
        );
    }

    #[test]
    fn refuses_lines_it_cannot_copy() {
        assert!(add(Format::Json, "{\"env\": {\"OPENAI_API_BASE\": \"https://x\", \"B\": \"c\"}}").is_none());
    }
}
