//! Library-level guarantees of the spine: every finding points at exactly the
//! bytes of a value; every fix is computed as byte edits that produce a file
//! without that finding; good fixtures and foreign hosts give nothing.

use std::path::PathBuf;

use crlint::catalog::Catalog;
use crlint::codes::Code;
use crlint::fix::apply_fixes;
use crlint::formats;
use crlint::pipeline::{check_paths, CheckOptions};
use crlint::settings::{find_settings, Reader};

fn all_cases(kind: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for client in std::fs::read_dir("fixtures").unwrap().flatten() {
        if let Ok(entries) = std::fs::read_dir(client.path().join(kind)) {
            out.extend(entries.flatten().map(|e| e.path()));
        }
    }
    out.sort();
    out
}

/// Every finding of `paths` points at a value's exact bytes; returns how many were
/// checked, and how many were file-level (CR901, CR902: not about a value).
fn findings_span_values(paths: &[PathBuf]) -> (usize, usize) {
    let catalog = Catalog::embedded().unwrap();
    let report = check_paths(&catalog, &CheckOptions::default(), paths);
    let (mut checked, mut file_level) = (0, 0);
    for (file, d) in report.diagnostics() {
        if d.code == Code::CR901 || d.code == Code::CR902 {
            file_level += 1;
            continue;
        }
        let source = file.source.as_ref().unwrap();
        let format = file.analysis.format().unwrap();
        // A document crlint only scans (a script, a guide) is read leniently.
        let doc = formats::parse(format, source)
            .or_else(|_| formats::parse_lenient(format, source).map(|(doc, _)| doc))
            .unwrap();
        // A value: an entry of the document, or a part of one that a setting reads
        // (a compose item's value, one of `;`-separated URLs).
        let readers: Vec<_> =
            file.analysis.clients().iter().map(|id| Reader::of(catalog.client(id).unwrap())).collect();
        let settings = find_settings(&catalog, &readers, &doc, source);
        let entry = doc
            .entries
            .iter()
            .map(|e| &e.scalar)
            .chain(settings.iter().map(|s| &s.entry.scalar))
            // A value of a document inside the file (a code block, a heredoc), mapped to the file.
            .chain(file.analysis.settings().map(|s| &s.entry.scalar))
            .find(|s| s.content == d.span);
        assert!(
            entry.is_some(),
            "{}: {} span {:?} ({:?}) is no value",
            file.path.display(),
            d.code,
            d.span,
            &source[d.span.clone()]
        );
        checked += 1;
    }
    (checked, file_level)
}

#[test]
fn the_demo_findings_span_exactly_their_values() {
    assert!(findings_span_values(&["fixtures/demo".into()]).0 >= 5);
}

/// Every fix of `paths` removes its finding and changes no byte outside its edits;
/// returns how many files had fixes.
fn fixes_touch_only_their_values(paths: &[PathBuf]) -> usize {
    let catalog = Catalog::embedded().unwrap();
    let opts = CheckOptions::default();
    let report = check_paths(&catalog, &opts, paths);
    let mut fixed_files = 0;
    for file in &report.files {
        // Fixes of this file's own text (a fix that edits another file is tested in cli_fix).
        let fixes: Vec<_> =
            file.diagnostics.iter().filter_map(|d| d.fix.as_ref()).filter(|f| f.target.is_none()).collect();
        if fixes.is_empty() {
            continue;
        }
        let source = file.source.as_ref().unwrap();
        let (fixed, taken, skipped) = apply_fixes(source, &fixes);
        assert!(skipped.is_empty(), "{}: overlapping fixes", file.path.display());
        // Outside the edited ranges, the bytes are the same.
        let mut edits: Vec<_> = taken.iter().flat_map(|f| f.edits.iter()).collect();
        edits.sort_by_key(|e| e.range.start);
        let (mut pos, mut out_pos) = (0usize, 0usize);
        for e in edits {
            let keep = e.range.start - pos;
            assert_eq!(&source[pos..e.range.start], &fixed[out_pos..out_pos + keep]);
            out_pos += keep + e.replacement.len();
            pos = e.range.end;
        }
        assert_eq!(&source[pos..], &fixed[out_pos..]);
        // Re-linting the fixed text: the fixed codes are gone, the rest remain.
        let dir = tempfile::tempdir().unwrap();
        let rel = file.path.strip_prefix("fixtures").unwrap();
        let copy = dir.path().join(rel);
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        std::fs::write(&copy, &fixed).unwrap();
        let again = check_paths(&catalog, &opts, std::slice::from_ref(&copy));
        let left: Vec<_> =
            // Only the file is copied: project findings that need its neighbours (CR404) do not count.
            again.diagnostics().filter(|(_, d)| d.fix.as_ref().is_some_and(|f| f.target.is_none())).map(|(_, d)| d.code).collect();
        assert!(left.is_empty(), "{}: still fixable after fixing: {left:?}\n{fixed}", file.path.display());
        fixed_files += 1;
    }
    fixed_files
}

/// One bad case: its findings span values, and its fixes touch only their values.
fn bad_case(rel: &str) {
    let path = PathBuf::from("fixtures").join(rel);
    let (checked, file_level) = findings_span_values(std::slice::from_ref(&path));
    assert!(checked + file_level >= 1, "{rel}: no finding to check");
    fixes_touch_only_their_values(std::slice::from_ref(&path));
}

macro_rules! fixture_cases {
    ($($kind:ident $name:ident $rel:literal;)*) => {
        mod bad { $( fixture_cases!(@bad $kind $name $rel); )* }
    };
    (@bad bad $name:ident $rel:literal) => { #[test] fn $name() { super::bad_case($rel) } };
    (@bad good $name:ident $rel:literal) => {};
}

include!(concat!(env!("OUT_DIR"), "/fixture_cases.rs"));

#[test]
fn most_bad_cases_have_fixes() {
    assert!(fixes_touch_only_their_values(&all_cases("bad")) >= 40);
}

#[test]
fn good_fixtures_and_foreign_hosts_give_nothing() {
    let catalog = Catalog::embedded().unwrap();
    let report = check_paths(&catalog, &CheckOptions::default(), &all_cases("good"));
    assert!(report.files.len() >= 50, "{}", report.files.len());
    let found: Vec<_> = report
        .diagnostics()
        .map(|(f, d)| format!("{}: {} {}", f.path.display(), d.code, d.message))
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}
