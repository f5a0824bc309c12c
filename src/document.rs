//! The spanned document model: what every format parser produces and the only
//! view of a file that the rest of crlint sees.
//!
//! A document is a flat list of scalar entries, each with its key path (object
//! keys and array indices from the root), its decoded value, the exact byte
//! range of its token in the file, and how it is quoted. Sibling lookups
//! (conditions such as "the `npm` key next to this `options.baseURL`") are
//! path lookups on that list. This module knows nothing of clients, rules or
//! output; it only describes text.

use std::fmt;
use std::ops::Range;

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A key path from the document root, e.g. `env.ANTHROPIC_BASE_URL` or `models[2].apiBase`.
pub type KeyPath = Vec<Segment>;

pub fn display_path(path: &[Segment]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The HTTP method a text entry's path records (`request.<METHOD>`, see
/// `formats::text`), when the text showed one.
pub fn request_method(path: &[Segment]) -> Option<&str> {
    match path {
        [Segment::Key(r), Segment::Key(m)] if r == "request" => Some(m.as_str()),
        _ => None,
    }
}

/// How a scalar is written, so that a fix can write its replacement in the same style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// No quotes: dotenv `KEY=value`, YAML plain scalars, shell words.
    Bare,
    /// `"…"`: JSON strings, TOML basic strings, dotenv/YAML/shell double quotes.
    Double,
    /// `'…'`: TOML literal strings, dotenv/YAML/shell single quotes, JSON5 single quotes.
    Single,
    /// `"""…"""` (TOML multi-line basic).
    TripleDouble,
    /// `'''…'''` (TOML multi-line literal).
    TripleSingle,
    /// A YAML block scalar (`|` or `>`); never rewritten in place.
    Block,
}

/// A scalar value and where its text sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    /// The decoded value (escapes resolved, quotes removed).
    pub value: String,
    /// Byte range of the whole token, quotes included.
    pub token: Range<usize>,
    /// Byte range of the text between the quotes (equal to `token` when bare).
    pub content: Range<usize>,
    pub quote: Quote,
}

impl Scalar {
    /// True when the raw text between the quotes equals the decoded value, i.e.
    /// the value has no escapes and a byte offset into `value` is a byte offset into the file.
    pub fn is_verbatim(&self, source: &str) -> bool {
        source.get(self.content.clone()) == Some(self.value.as_str())
    }
}

/// A scalar with its place in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: KeyPath,
    pub scalar: Scalar,
    /// Byte range of the key's text when there is one (for messages and inserts).
    pub key_span: Option<Range<usize>>,
}

/// The format a document was parsed from: decides how values are re-quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Json,
    /// JSON5 (unquoted keys, single quotes, hex and signed numbers, `Infinity`,
    /// line continuations, comments, trailing commas): OpenClaw's `openclaw.json`.
    Json5,
    Toml,
    Dotenv,
    Yaml,
    /// sh, bash, zsh or fish (guessed from the text; PowerShell too, when it shows).
    Shell,
    /// PowerShell scripts and profiles (`.ps1`).
    #[serde(rename = "powershell")]
    PowerShell,
    /// Windows batch files (`.cmd`, `.bat`).
    Cmd,
    Dockerfile,
    /// URLs in free text: `.http`/`.rest` files, shell scripts' curl lines.
    Text,
    /// A Markdown (or MDX) document: its prose is read as `Text`; its code blocks
    /// are documents of their own (`crate::embedded`).
    Markdown,
    /// URL string literals in source code, keyed by their call context.
    Source,
    /// A SQLite database (a switcher's store): not text; read record by record,
    /// read-only, by `crate::store`.
    Sqlite,
}

impl Format {
    /// Formats read only to find URLs in free text (docs, scripts' curl lines,
    /// code): their "setting paths" (`url`, `request.*`) name no key of a file.
    pub fn is_url_scan(self) -> bool {
        matches!(self, Format::Text | Format::Markdown | Format::Source)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "json",
            Format::Json5 => "json5",
            Format::Toml => "toml",
            Format::Dotenv => "dotenv",
            Format::Yaml => "yaml",
            Format::Shell => "shell",
            Format::PowerShell => "powershell",
            Format::Cmd => "cmd",
            Format::Dockerfile => "dockerfile",
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Source => "source",
            Format::Sqlite => "sqlite",
        })
    }
}

/// A comment in the file, for inline suppressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub span: Range<usize>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub format: Format,
    pub entries: Vec<Entry>,
    pub comments: Vec<Comment>,
}

impl Document {
    pub fn get(&self, path: &[Segment]) -> Option<&Entry> {
        self.entries.iter().find(|e| e.path == path)
    }
}

/// A file that does not parse: the message and the byte offset it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseFailure {
    pub message: String,
    pub span: Range<usize>,
}
