//! Documents inside a file, through the same path as the file: the extractors
//! of `crate::embedded` find them (a Markdown code block, a heredoc a script
//! writes), and each is read as the file it shows: the clients the catalog
//! matches to the file it names, or, when it names none, the clients of its
//! format whose settings claim the most of its values. Then parse (once per
//! format, counted against `FILE#N`), settings, lint, and each fix spelled in
//! the inner text's format; `Placement` maps the findings' spans and the fixes'
//! edits back to the file (a fix that cannot be made there is withheld, the
//! finding stays). An inner document that does not parse is left to the file's
//! own URL scan: no CR901, nothing hidden.
//!
//! Documents are read for people: a host that must move goes to the chosen
//! region, else the region the value's own line names, else the region the
//! inner document's own values use, else the default; never the region some
//! other part of the file mentions. Their settings are shown, not configured:
//! the project rules leave them out (`Reading::embedded`).

use std::ops::Range;
use std::path::PathBuf;

use super::{is_scan, CheckOptions};
use crate::catalog::{Catalog, ProfileMatch};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::document::{Comment, Document, Format, Segment};
use crate::embedded::{self, Inner, Placement, Vocabulary};
use crate::fix::Fix;
use crate::formats;
use crate::outcome::Reading;
use crate::rules::{lint_document, FileFacts};
use crate::settings::{find_settings, Reader as ClientReader, Setting};

/// What the documents inside one file gave.
#[derive(Default)]
pub(super) struct InnerFindings {
    pub diagnostics: Vec<Diagnostic>,
    pub readings: Vec<Reading>,
    pub comments: Vec<Comment>,
    /// The file's bytes their settings own: the file's own scan leaves them alone.
    pub claimed: Vec<Range<usize>>,
    /// The file's bytes no finding may point into (counterexamples).
    pub quiet: Vec<Range<usize>>,
}

/// Every document inside `text`, a file read first in `format`.
pub(super) fn read_inner(
    catalog: &Catalog,
    opts: &CheckOptions,
    facts: &FileFacts,
    format: Format,
    text: &str,
) -> InnerFindings {
    let mut out = InnerFindings::default();
    let extractors = embedded::extractors(format);
    if extractors.is_empty() {
        return out;
    }
    let words = &catalog.documents.counterexamples;
    let links = link_forms(catalog);
    let vocabulary = Vocabulary {
        counterexample_labels: &words.labels,
        counterexample_marks: &words.marks,
        links: &links,
    };
    let mut n = 0;
    for extractor in extractors {
        formats::count::record_extraction(extractor.id());
        let extraction = extractor.extract(text, &vocabulary);
        out.quiet.extend(extraction.quiet);
        // A link that does not decode: said, at the link, with the reason.
        for (span, reason) in extraction.problems {
            let mut d = Diagnostic::new(
                Code::CR901,
                facts.path.clone(),
                span,
                format!("this one-click import link does not decode: {reason}"),
            );
            d.help = Some("the app will refuse it or import something else; write the link again".into());
            out.diagnostics.push(d);
        }
        for inner in &extraction.inners {
            n += 1;
            let label = PathBuf::from(format!("{}#{n}", facts.path.display()));
            formats::count::attribute(&label, || read_one(catalog, opts, facts, text, inner, &mut out));
        }
    }
    out
}

/// The format an inner document is read in, and the profiles that read it;
/// `true` when the file it names decides them.
fn readers_of<'c>(catalog: &'c Catalog, inner: &Inner) -> Option<(Format, Vec<ProfileMatch<'c>>, bool)> {
    if let Some(file) = &inner.file {
        let matched: Vec<ProfileMatch> = catalog
            .profiles_for_path(file)
            .into_iter()
            .filter(|m| !is_scan(m.format) || m.format == Format::Source)
            .collect();
        let format = match inner.format {
            Some(f) if matched.iter().any(|m| m.format == f) => Some(f),
            _ => matched.first().map(|m| m.format),
        };
        if let Some(format) = format {
            let readers: Vec<ProfileMatch> = matched.into_iter().filter(|m| m.format == format).collect();
            return Some((format, readers, true));
        }
    }
    let format = inner.format?;
    // Text in a document is the file's own scan's business.
    if matches!(format, Format::Text | Format::Markdown) {
        return None;
    }
    Some((format, catalog.profiles_for_format(format), false))
}

pub(super) fn read_one(
    catalog: &Catalog,
    opts: &CheckOptions,
    facts: &FileFacts,
    outer: &str,
    inner: &Inner,
    out: &mut InnerFindings,
) {
    let Some((mut format, mut profiles, mut by_name)) = readers_of(catalog, inner) else { return };
    // A document that does not parse is left to the file's URL scan; a JSON
    // block that is not JSON (unquoted keys, single quotes, trailing commas) is
    // read as JSON5 by the same clients, else as a JavaScript object literal.
    let doc = match formats::parse_lenient(format, &inner.text) {
        Ok((doc, _skipped)) => doc,
        Err(_) if format == Format::Json => match formats::parse_lenient(Format::Json5, &inner.text) {
            Ok((doc, _)) => {
                format = Format::Json5;
                doc
            }
            Err(_) => {
                let Ok((doc, _)) = formats::parse_lenient(Format::Source, &inner.text) else { return };
                (format, profiles, by_name) =
                    (Format::Source, catalog.profiles_for_format(Format::Source), false);
                doc
            }
        },
        Err(_) => return,
    };
    let mut profiles: Vec<ProfileMatch> =
        profiles.into_iter().filter(|m| m.requires_key.iter().all(|k| has_top_level_key(&doc, k))).collect();
    if !by_name {
        // The clients whose settings claim the most of its values read it first.
        let claims =
            |m: &ProfileMatch| find_settings(catalog, &[ClientReader::from(m)], &doc, &inner.text).len();
        let mut scored: Vec<(usize, usize, ProfileMatch)> =
            profiles.into_iter().enumerate().map(|(i, m)| (claims(&m), i, m)).collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        profiles = scored.into_iter().map(|(_, _, m)| m).collect();
    }
    let readers: Vec<ClientReader> = profiles.iter().map(ClientReader::from).collect();
    let mut settings = find_settings(catalog, &readers, &doc, &inner.text);
    let placement = &inner.placement;
    let mut lines = LineRegions::default();
    for s in &mut settings {
        let at = placement.span(s.entry.scalar.content.clone());
        s.region_hint = lines.hint(catalog, outer, at.start);
    }
    for mut d in lint_document(catalog, &opts.lint, facts, &doc, &settings) {
        // A container may expand `$` itself (an unquoted heredoc, a printf of a
        // double-quoted argument) and hand the client the variable's value: which
        // references reach the client is not known here, so CR503 is not judged
        // inside an embedded document.
        if d.code == crate::codes::Code::CR503 {
            continue;
        }
        let fix =
            d.proposal.as_ref().and_then(|p| crate::fix::materialize(&inner.text, format, &doc.entries, p));
        d.fix = fix.filter(|f| f.target.is_none()).and_then(|f| {
            let edits = placement.edits(&inner.text, &f.edits, &inner.guard)?;
            // A re-encoded link or string cannot be reviewed by eye: unsafe.
            let applicability = match placement {
                Placement::Encoded { .. } => crate::fix::Applicability::Unsafe,
                _ => f.applicability,
            };
            Some(Fix { applicability, edits, target: None })
        });
        d.span = placement.span(d.span.clone());
        // A record is never written: its proposal stays, for the help that says
        // what to change in the app that keeps it (`super::store`).
        if !matches!(placement, Placement::Record { .. }) {
            d.proposal = None;
        }
        if let Some(locator) = placement.locator() {
            d.message = format!("{locator}: {}", d.message);
        }
        out.diagnostics.push(d);
    }
    for s in &mut settings {
        let e = &mut s.entry;
        e.scalar.token = placement.span(e.scalar.token.clone());
        e.scalar.content = placement.span(e.scalar.content.clone());
        e.key_span = e.key_span.take().map(|k| placement.span(k));
        if matches!(placement, Placement::Slices(_)) {
            out.claimed.push(e.scalar.token.clone());
        }
    }
    // A link's URLs are its app's settings: the file's own scan leaves the link alone.
    if let Placement::Encoded { span, .. } = placement {
        out.claimed.push(span.clone());
    }
    out.comments.extend(
        doc.comments.iter().map(|c| Comment { span: placement.span(c.span.clone()), text: c.text.clone() }),
    );
    out.readings.push(Reading {
        format,
        clients: profiles.iter().map(|m| m.client.profile.id.clone()).collect(),
        document: None,
        failure: None,
        settings,
        embedded: Some(inner.label.clone()),
    });
}

/// The region a value's line names (`documents.toml`), for values in text order:
/// a line's region is read once, however many values it holds (one line of
/// 5,000 URLs read its 250 KB 5,000 times: 1.6 s).
#[derive(Default)]
struct LineRegions {
    last: Option<(std::ops::Range<usize>, Option<String>)>,
}

impl LineRegions {
    fn hint(&mut self, catalog: &Catalog, text: &str, at: usize) -> Option<String> {
        let at = at.min(text.len());
        if let Some((line, region)) = &self.last {
            // (A value at the line's end, its `\n` or the text's end, is on that line.)
            if line.start <= at && at <= line.end {
                return region.clone();
            }
        }
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let region = catalog.documents.region_named(&text[start..end]).map(str::to_string);
        self.last = Some((start..end, region.clone()));
        region
    }
}

/// The region hints of a document's own prose settings.
pub(super) fn hint_regions(catalog: &Catalog, text: &str, settings: &mut [Setting]) {
    let mut lines = LineRegions::default();
    for s in settings {
        s.region_hint = lines.hint(catalog, text, s.entry.scalar.content.start);
    }
}

fn has_top_level_key(doc: &Document, key: &str) -> bool {
    doc.entries.iter().any(|e| e.path.first() == Some(&Segment::Key(key.to_string())))
}

/// The one-click link forms of every client (`[[links]]`), as the link
/// extractor takes them.
fn link_forms(catalog: &Catalog) -> Vec<embedded::links::LinkForm<'_>> {
    let mut out = Vec::new();
    for client in &catalog.clients {
        for l in &client.profile.links {
            out.push(embedded::links::LinkForm {
                scheme: &l.scheme,
                path: &l.path,
                requires: l.requires.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
                app_param: l.app_param.as_deref(),
                first_item: l.first_item.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
                targets: l
                    .apps
                    .iter()
                    .map(|a| embedded::links::LinkTarget {
                        app: &a.app,
                        name: &a.name,
                        file: &a.file,
                        format: a.format,
                        template: a.template.as_deref(),
                        params: a.params.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
                        payload: a.payload.as_deref(),
                    })
                    .collect(),
            });
        }
    }
    out
}
