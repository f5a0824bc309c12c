//! What the fuzz targets share: the embedded catalog, loaded once, and the
//! lint pipeline of `crlint::check::check_file` without the file system (parse →
//! settings → lint), plus the invariants every result must keep: spans and
//! edits inside the text and on character boundaries, and reports that render.

use std::path::PathBuf;
use std::sync::LazyLock;

use crlint::catalog::{Catalog, Client};
use crlint::check::{CheckReport, FileResult};
use crlint::diagnostic::Diagnostic;
use crlint::document::{Document, Format};
use crlint::report::{render, OutputFormat, RenderOptions};
use crlint::rules::{lint_document, FileFacts, LintContext};
use crlint::settings::find_settings;

pub static CATALOG: LazyLock<Catalog> =
    LazyLock::new(|| Catalog::embedded().expect("the built-in rules load"));

/// A file name the catalog reads in `format`.
pub fn file_name(format: Format) -> &'static str {
    match format {
        Format::Json => ".claude/settings.json",
        Format::Toml => ".codex/config.toml",
        _ => ".env",
    }
}

/// Parses `text` and checks every span of the document.
pub fn parse(format: Format, text: &str) -> Option<Document> {
    let doc = crlint::formats::parse(format, text).ok()?;
    for e in &doc.entries {
        let s = &e.scalar;
        assert_in_text(text, &s.token, "token");
        assert_in_text(text, &s.content, "content");
        assert!(
            s.token.start <= s.content.start && s.content.end <= s.token.end,
            "content outside its token"
        );
        if let Some(k) = &e.key_span {
            assert_in_text(text, k, "key");
        }
    }
    for c in &doc.comments {
        assert_in_text(text, &c.span, "comment");
    }
    Some(doc)
}

/// The findings of `text` as a file of `format`; `None` when it does not parse.
pub fn lint(format: Format, text: &str) -> Option<Vec<Diagnostic>> {
    let catalog = &*CATALOG;
    let matched = catalog.clients_for_path(file_name(format));
    let clients: Vec<&Client> = matched.iter().filter(|(_, f)| *f == format).map(|(c, _)| *c).collect();
    let doc = parse(format, text)?;
    let settings = find_settings(catalog, &clients, &doc);
    let facts = FileFacts { path: PathBuf::from(file_name(format)), git_tracked: false };
    let found = lint_document(catalog, &LintContext::default(), &facts, text, &doc, &settings);
    for d in &found {
        assert_in_text(text, &d.span, d.code);
        for edit in d.fix.iter().flat_map(|f| f.edits.iter()) {
            assert_in_text(text, &edit.range, "edit");
        }
    }
    Some(found)
}

/// Renders `found` in every output format (line index, snippets, redaction).
pub fn render_all(format: Format, text: &str, found: Vec<Diagnostic>) {
    let report = CheckReport {
        files: vec![FileResult {
            path: PathBuf::from(file_name(format)),
            source: Some(text.to_string()),
            diagnostics: found,
            fixed: None,
            applied: vec![],
            before_fix: vec![],
            endpoints: vec![],
            git_tracked: false,
        }],
        errors: vec![],
    };
    for output in [OutputFormat::Text, OutputFormat::Concise] {
        let out = render(output, &report, &RenderOptions { color: false, width: 100 });
        assert!(out.ends_with(" file.\n"), "{out}");
    }
}

fn assert_in_text(text: &str, range: &std::ops::Range<usize>, what: &str) {
    assert!(
        range.start <= range.end && range.end <= text.len(),
        "{what} {range:?} outside a text of {}",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what} {range:?} splits a character"
    );
}
