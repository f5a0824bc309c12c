//! Documents inside documents: a Markdown code block, a file a script writes
//! through a heredoc or a PowerShell here-string, and (issue 16) a provider
//! record in a switcher's database or a one-click import link are each a
//! document of a known format, often for a known reader. An extractor finds
//! them in their container and says, for each (`Inner`), its text, its
//! language, the file it stands for when the container names one, and where it
//! sits in the container (`Placement`). The pipeline then reads each like a
//! file: parse (once per format), settings, lint, and spells each fix in the
//! inner text; `Placement` maps findings and fixes back to the container, so
//! one set of rules and one fix engine serve files and the documents inside
//! them alike.
//!
//! Three placements, by how the inner text is made from the container:
//! - `Slices`: byte runs of the container (a code block without its
//!   indentation or `> ` prefixes, a heredoc body): findings point at the exact
//!   bytes, fixes edit them (`SpanMap`);
//! - `Encoded`: decoded from a span of the container (a base64 link, a JSON
//!   string holding JSON): findings point at the whole span; a fix, when the
//!   extractor gives an encoder, re-encodes the fixed inner text into that span;
//! - `Record`: from a container that is not text (a database row): findings
//!   point at a record locator and name it; nothing is ever written.
//!
//! An extractor may also name parts of its container that must not be judged
//! at all (`Extraction::quiet`): the counterexamples of a guide ("Incorrect:",
//! "错误示例", ❌), which are wrong on purpose.
//!
//! This room knows the document model, the formats (their lexers, to find the
//! heredocs of a script) and the shape of an edit; it knows no client, no rule
//! and no catalog (the words it needs, such as counterexample markers, are
//! handed in as `Vocabulary`). Adding an extractor: `../notes`' embedded-api.md
//! and README's Architecture section.

pub mod links;
pub mod markdown;
pub mod names;
pub mod scripts;
pub mod spanmap;

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::document::Format;
use crate::fix::Edit;
pub use spanmap::SpanMap;

/// Turns a fixed inner text back into the container's bytes for an `Encoded`
/// placement (`None`: it cannot be spelled there).
pub type Encoder = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Where an inner document's text comes from in its container.
#[derive(Clone)]
pub enum Placement {
    /// Byte runs of the container's text.
    Slices(SpanMap),
    /// Decoded from the container's bytes `span`; fixed by re-encoding the whole
    /// text with `encode`, or not at all (the finding's help says what to write).
    Encoded { span: Range<usize>, encode: Option<Encoder> },
    /// A record of a container that is not text, named by `locator`
    /// (`providers[id=3].settings_config`); never written.
    Record { locator: String },
}

impl fmt::Debug for Placement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Placement::Slices(map) => f.debug_tuple("Slices").field(map).finish(),
            Placement::Encoded { span, encode } => f
                .debug_struct("Encoded")
                .field("span", span)
                .field("encode", &encode.as_ref().map(|_| "…"))
                .finish(),
            Placement::Record { locator } => f.debug_struct("Record").field("locator", locator).finish(),
        }
    }
}

impl Placement {
    /// The container span of an inner span: exact for `Slices`, the whole
    /// container span for `Encoded`, nothing (0..0) for `Record`.
    pub fn span(&self, inner: Range<usize>) -> Range<usize> {
        match self {
            Placement::Slices(map) => map.span(inner).unwrap_or_else(|| {
                let e = map.outer_extent();
                e.start..e.start
            }),
            Placement::Encoded { span, .. } => span.clone(),
            Placement::Record { .. } => 0..0,
        }
    }

    /// The locator a finding names, for a record of a container that is not text.
    pub fn locator(&self) -> Option<&str> {
        match self {
            Placement::Record { locator } => Some(locator),
            _ => None,
        }
    }

    /// The container edits that make the inner `edits` (of `inner_text`), or
    /// `None` when they cannot be made there: an edit across what the container
    /// adds between the inner text's bytes, a replacement holding a character of
    /// `guard` (which the container would read differently), a new line where
    /// the container prefixes its lines, no encoder, or a record.
    pub fn edits(&self, inner_text: &str, edits: &[Edit], guard: &[char]) -> Option<Vec<Edit>> {
        if edits.iter().any(|e| e.replacement.contains(guard)) {
            return None;
        }
        match self {
            Placement::Slices(map) => {
                let prefixed = map.has_line_prefixes();
                edits
                    .iter()
                    .map(|e| {
                        if prefixed && e.replacement.contains('\n') {
                            return None;
                        }
                        let range = map.edit(e.range.clone())?;
                        Some(Edit { range, replacement: e.replacement.clone() })
                    })
                    .collect()
            }
            Placement::Encoded { span, encode } => {
                let encode = encode.as_ref()?;
                let mut ordered: Vec<&Edit> = edits.iter().collect();
                ordered.sort_by_key(|e| std::cmp::Reverse(e.range.start));
                let mut fixed = inner_text.to_string();
                for e in ordered {
                    fixed.get(e.range.clone())?;
                    fixed.replace_range(e.range.clone(), &e.replacement);
                }
                Some(vec![Edit { range: span.clone(), replacement: encode(&fixed)? }])
            }
            Placement::Record { .. } => None,
        }
    }
}

/// One document inside a container.
#[derive(Debug, Clone)]
pub struct Inner {
    /// The inner document's text, decoded.
    pub text: String,
    pub placement: Placement,
    /// The language the container says it is written in (a fence's info
    /// string, the extension of the file a script writes), if it says.
    pub format: Option<Format>,
    /// The file it stands for, when the container names it, as a path the
    /// catalog's patterns can match (`.codex/config.toml`; see `names::file`).
    pub file: Option<String>,
    /// Characters a fix must not write into it (an unquoted heredoc expands `$`
    /// and `` ` ``): a fix whose replacement holds one is withheld.
    pub guard: Vec<char>,
    /// What it is, for people: "code block", "heredoc writing ~/.codex/config.toml".
    pub label: String,
}

/// What an extractor found in a container.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub inners: Vec<Inner>,
    /// Container byte ranges no finding may point into: counterexamples.
    pub quiet: Vec<Range<usize>>,
    /// Something that should have been a document and does not decode (a link
    /// whose base64 or percent-encoding is broken): its container span and why.
    pub problems: Vec<(Range<usize>, String)>,
}

/// Words from the data (`rules/documents.toml`) that extractors need.
#[derive(Debug, Clone, Copy, Default)]
pub struct Vocabulary<'a> {
    /// A line or a code block introduced by one of these shows what not to do.
    pub counterexample_labels: &'a [String],
    /// Marks that make a line a counterexample wherever they stand on it (❌).
    pub counterexample_marks: &'a [String],
    /// The one-click link forms to decode (`links`).
    pub links: &'a [links::LinkForm<'a>],
}

/// Finds the documents inside one kind of container.
pub trait Extractor: Sync {
    /// A short name (`markdown`, `script-writes`), for the debug counter.
    fn id(&self) -> &'static str;
    fn extract(&self, text: &str, vocabulary: &Vocabulary) -> Extraction;
}

/// The extractors that read a container of this format, in order.
pub fn extractors(format: Format) -> &'static [&'static dyn Extractor] {
    match format {
        Format::Markdown => &[&markdown::CodeBlocks, &links::Links],
        Format::Shell | Format::PowerShell => &[&scripts::FileWrites, &links::Links],
        Format::Text
        | Format::Source
        | Format::Json
        | Format::Json5
        | Format::Yaml
        | Format::Toml
        | Format::Dotenv
        | Format::Cmd
        | Format::Dockerfile => &[&links::Links],
        Format::Sqlite => &[],
    }
}

/// True when `line` is labelled as a counterexample: it starts (after list
/// markers, emphasis and a heading's `#`) with one of the labels followed by
/// `:`, `：` or nothing, or holds one of the marks anywhere.
pub fn is_counterexample(line: &str, vocabulary: &Vocabulary) -> bool {
    if vocabulary.counterexample_marks.iter().any(|m| line.contains(m.as_str())) {
        return true;
    }
    let body = line.trim_start().trim_start_matches(|c: char| "#>-*+_` \t".contains(c));
    // A numbered list item: `2. Incorrect:`.
    let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let body = match body[digits..].strip_prefix(['.', ')']) {
        Some(rest) if digits > 0 => rest.trim_start_matches(|c: char| "*_` \t".contains(c)),
        _ => body,
    };
    let lower = body.to_lowercase();
    vocabulary.counterexample_labels.iter().any(|label| {
        // (Labels are written in lower case; lowered here only when they are not.)
        let label = match label.chars().any(char::is_uppercase) {
            true => std::borrow::Cow::Owned(label.to_lowercase()),
            false => std::borrow::Cow::Borrowed(label.as_str()),
        };
        lower.strip_prefix(label.as_ref()).is_some_and(|rest| {
            let rest = rest.trim_start_matches(|c: char| "*_` ".contains(c));
            // A label in a script without spaces between words ("不要这样写：",
            // "错误的写法:") may run on in that script up to its colon.
            let ideographic = |c: char| ('\u{3040}'..='\u{9fff}').contains(&c);
            let rest = if label.chars().last().is_some_and(ideographic) {
                rest.trim_start_matches(ideographic)
            } else {
                rest
            };
            rest.is_empty() || rest.starts_with([':', '：', '(', '（', '-', '—'])
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(r: Range<usize>, s: &str) -> Edit {
        Edit { range: r, replacement: s.into() }
    }

    #[test]
    fn slices_map_edits_and_refuse_what_the_container_would_misread() {
        let outer = "> ```\n> A=x\n> ```\n";
        let start = outer.find("A=x").unwrap();
        let mut map = SpanMap::new();
        map.push_verbatim(start..start + 4);
        let p = Placement::Slices(map);
        assert_eq!(p.span(2..3), start + 2..start + 3);
        let out = p.edits("A=x\n", &[edit(2..3, "yy")], &[]).unwrap();
        assert_eq!(out, vec![edit(start + 2..start + 3, "yy")]);
        assert!(p.edits("A=x\n", &[edit(2..3, "$y")], &['$']).is_none());
    }

    #[test]
    fn encoded_placements_reencode_the_whole_span_or_refuse() {
        let upper: Encoder = Arc::new(|s: &str| Some(s.to_uppercase()));
        let p = Placement::Encoded { span: 5..9, encode: Some(upper) };
        assert_eq!(p.span(1..2), 5..9);
        let out = p.edits("abcd", &[edit(1..2, "xy")], &[]).unwrap();
        assert_eq!(out, vec![edit(5..9, "AXYCD")]);
        let none = Placement::Encoded { span: 5..9, encode: None };
        assert!(none.edits("abcd", &[edit(1..2, "x")], &[]).is_none());
        let record = Placement::Record { locator: "providers[id=3]".into() };
        assert_eq!(record.span(1..2), 0..0);
        assert_eq!(record.locator(), Some("providers[id=3]"));
        assert!(record.edits("abcd", &[edit(1..2, "x")], &[]).is_none());
    }

    #[test]
    fn counterexample_labels_and_marks() {
        let labels =
            vec!["Incorrect".to_string(), "错误示例".to_string(), "Not".to_string(), "不要".to_string()];
        let marks = vec!["❌".to_string()];
        let v = Vocabulary { counterexample_labels: &labels, counterexample_marks: &marks, links: &[] };
        for yes in [
            "Incorrect:",
            "**Incorrect:**",
            "- 错误示例：",
            "### Incorrect",
            "❌ `https://x`",
            "Not: https://x",
            "不要这样写：`https://x`",
            "错误示例写法：",
        ] {
            assert!(is_counterexample(yes, &v), "{yes}");
        }
        for no in ["Correct:", "Nothing to do", "Note: the gateway", "This is not wrong", "不要忘记设置 key"]
        {
            assert!(!is_counterexample(no, &v), "{no}");
        }
    }
}
