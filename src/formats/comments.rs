//! Line comments found lexically, for formats whose parser keeps none
//! (`toml_edit` keeps comments only as decoration strings without offsets).
//! A comment starts at the marker when it is outside a quoted string on its line.

use crate::document::Comment;

pub fn line_comments(text: &str, marker: char) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut quote: Option<char> = None;
        let mut escaped = false;
        for (i, c) in line.char_indices() {
            match quote {
                Some(q) => {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' && q == '"' {
                        escaped = true;
                    } else if c == q {
                        quote = None;
                    }
                }
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == marker => {
                    let body = line[i + c.len_utf8()..].trim_end_matches(['\n', '\r']);
                    let end = offset + i + c.len_utf8() + body.len();
                    out.push(Comment { span: offset + i..end, text: body.to_string() });
                    break;
                }
                None => {}
            }
        }
        offset += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comments_outside_strings() {
        let text = "a = \"x # not\" # yes\r\n# whole line\nb = 'y#'\n";
        let c = line_comments(text, '#');
        assert_eq!(c.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), vec![" yes", " whole line"]);
        assert_eq!(&text[c[0].span.clone()], "# yes");
    }
}
