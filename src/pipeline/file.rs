//! One file through the pipeline: read it (untrusted, once), decide how it is
//! read (the formats and clients the catalog matches by path, narrowed by the
//! keys its document shows), parse it once per format, find its settings, lint,
//! spell each proposed fix in the file's format, apply inline suppressions and
//! the run's selection. With fixing on, hand it to the fix loop.

use std::path::{Path, PathBuf};

use super::prefilter::{self, Gate};
use super::{fixes, is_scan, Analysed, CheckOptions};
use crate::catalog::{Catalog, ProfileMatch};
use crate::codes::{Code, PROJECT_CODES};
use crate::diagnostic::Diagnostic;
use crate::discover::Candidate;
use crate::document::{Document, Format, ParseFailure, Segment};
use crate::formats;
use crate::git::GitIndex;
use crate::outcome::{Analysis, FileOutcome, Reading};
use crate::read::{read_capped_into, read_text, text_of, ReadFailure};
use crate::rules::{lint_document, FileFacts};
use crate::settings::{find_settings, Reader as ClientReader};
use crate::suppress::apply_suppressions;

/// How `check_matched` reads a file read only for URLs: into a buffer kept from
/// file to file, and without a second look at a file the walk saw as regular.
pub(super) struct Reader<'b> {
    pub buffer: &'b mut Vec<u8>,
    pub seen_regular: bool,
}

/// One way of reading a text: a format and the clients that read it so.
#[derive(Debug, Clone)]
pub(super) struct Plan<'c> {
    pub format: Format,
    pub readers: Vec<ClientReader<'c>>,
    /// People read or run the file, no client loads it: a part that does not
    /// parse is skipped (`formats::parse_lenient`), never a CR901 hiding the rest.
    pub lenient: bool,
}

/// Every profile that reads the file in `format` says it is a document.
fn lenient(matched: &[ProfileMatch], format: Format) -> bool {
    let mut of_format = matched.iter().filter(|m| m.format == format).peekable();
    of_format.peek().is_some() && of_format.all(|m| m.document)
}

/// Parses `text` in `format`, leniently for a document.
fn parse_reading(format: Format, lenient: bool, text: &str) -> Result<Document, ParseFailure> {
    if lenient {
        formats::parse_lenient(format, text).map(|(doc, _skipped)| doc)
    } else {
        formats::parse(format, text)
    }
}

/// Lints one file; `None` when no client profile applies to it.
pub fn check_file(
    catalog: &Catalog,
    opts: &CheckOptions,
    git: &GitIndex,
    candidate: &Candidate,
) -> Option<FileOutcome> {
    let matched = catalog.profiles_for_path(&crate::discover::match_path(&candidate.path));
    check_matched(
        catalog,
        opts,
        git,
        candidate,
        matched,
        Reader { buffer: &mut Vec::new(), seen_regular: false },
    )
}

/// `check_file` once the profiles matching the path are known.
pub(super) fn check_matched(
    catalog: &Catalog,
    opts: &CheckOptions,
    git: &GitIndex,
    candidate: &Candidate,
    matched: Vec<ProfileMatch>,
    read: Reader,
) -> Option<FileOutcome> {
    let path = &candidate.path;
    if matched.is_empty() {
        return None;
    }
    formats::count::attribute(path, || check_matched_here(catalog, opts, git, candidate, matched, read))
}

fn check_matched_here(
    catalog: &Catalog,
    opts: &CheckOptions,
    git: &GitIndex,
    candidate: &Candidate,
    matched: Vec<ProfileMatch>,
    read: Reader,
) -> Option<FileOutcome> {
    let path = &candidate.path;
    // A switcher's database is no text: read record by record, read-only.
    if let Some(m) = matched.iter().find(|m| m.format == Format::Sqlite) {
        let spec = m.client.profile.store.as_ref()?;
        let facts = FileFacts { path: path.clone(), git_tracked: git.is_tracked(path) };
        let outcome = super::store::check_store(catalog, opts, &facts, &m.client.profile.name, spec);
        return Some(FileOutcome { root: candidate.root.clone(), ..outcome });
    }
    // A file claimed only by profiles that must look inside it ("any YAML with a
    // `model_list`") is nobody's config until it shows the keys: a walk does not
    // report it when it cannot be read or parsed; a path named on the command line is.
    let named_by_path = matched.iter().any(|m| m.requires_key.is_empty());
    // Files read only to find URLs in them (docs, scripts, code) are not config files.
    let scan_only = matched.iter().all(|m| is_scan(m.format));
    // Asked only of files that get past the prefilter: `is_tracked` resolves the
    // path (a `stat` and a lookup), which on a monorepo cost a sixth of the run
    // when asked of every source file.
    let facts = || FileFacts { path: path.clone(), git_tracked: git.is_tracked(path) };
    // As before a read failed: a walk skips what is not (or no longer) a config
    // file it can read; a path named on the command line, or a config known by
    // name, is reported (CR902).
    let refused = |why: ReadFailure| -> Option<FileOutcome> {
        match why {
            // Deleted between the walk and the read: nothing left to check. A path
            // named on the command line, or a dangling symlink, is still reported.
            // (Not "is it there now": it may have been created again since.)
            ReadFailure::Refused(r) if r.is_not_found() && !candidate.explicit && !is_symlink(path) => None,
            _ if (!named_by_path || scan_only) && !candidate.explicit => None,
            why => {
                let facts = facts();
                let d = file_level(&facts, Code::CR902, crate::tr!("doctor.cannot_check", why = why));
                Some(FileOutcome {
                    diagnostics: opts.selection.apply(vec![d]),
                    ..FileOutcome::new(path.clone(), facts.git_tracked)
                })
            }
        }
    };
    // The primary reading: the most specific config profile's format.
    let format: Format = matched.iter().find(|m| !is_scan(m.format)).unwrap_or(&matched[0]).format;
    // A file that mentions nothing and must still be parsed (to learn whether its
    // top-level keys make it a profile's file, whether it parses): parsed, not analysed.
    let mut quiet = false;
    let text = if !candidate.explicit && !opts.keep_documents {
        // Found by the walk: read into the buffer kept from file to file, and
        // through the gate (`prefilter`): a file that mentions nothing the
        // catalog knows is not parsed, and gets no text of its own.
        let bytes = read.buffer;
        if let Err(r) = read_capped_into(path, opts.max_file_size, read.seen_regular, bytes) {
            return refused(ReadFailure::Refused(r));
        }
        match prefilter::gate(catalog, &matched, bytes) {
            Gate::Skip => return None,
            Gate::Quiet if prefilter::quiet_as_before(&matched, format, bytes) => {
                return Some(FileOutcome {
                    root: candidate.root.clone(),
                    ..FileOutcome::new(path.clone(), false)
                });
            }
            Gate::Quiet => quiet = true,
            Gate::Parse => {}
        }
        match text_of(bytes.to_vec()) {
            Ok(text) => text,
            Err(why) => return refused(why),
        }
    } else {
        let text = match read_text(path, opts.max_file_size) {
            Ok(text) => text,
            Err(why) => return refused(why),
        };
        if scan_only && !catalog.mention_regex().is_match(text.as_bytes()) {
            return None;
        }
        text
    };
    // The primary reading, with the profiles whose required keys the document
    // shows. Parsed once, here, and handed to the analysis.
    // More values than its size allows: refused before a parser spends memory on
    // it (`formats::budget`), like a file over the size limit.
    if let Err(why) = formats::budget::check(format, &text) {
        if (!named_by_path || scan_only) && !candidate.explicit {
            return None;
        }
        let facts = facts();
        let d = file_level(&facts, Code::CR902, crate::tr!("doctor.cannot_check", why = why));
        return Some(FileOutcome {
            diagnostics: opts.selection.apply(vec![d]),
            ..FileOutcome::new(path.clone(), facts.git_tracked)
        });
    }
    let parsed = parse_reading(format, lenient(&matched, format), &text);
    let readers: Vec<ClientReader> = matched
        .iter()
        .filter(|m| m.format == format)
        .filter(|m| match &parsed {
            Ok(doc) => m.requires_key.iter().all(|k| has_top_level_key(doc, k)),
            Err(_) => m.requires_key.is_empty(),
        })
        .map(ClientReader::from)
        .collect();
    let readers = match (readers.is_empty(), candidate.explicit) {
        (false, _) => readers,
        (true, true) if parsed.is_err() => {
            matched.iter().filter(|m| m.format == format).map(ClientReader::from).collect()
        }
        (true, _) => return None,
    };
    let plan = plan(format, readers, &matched);
    if quiet && plan.len() == 1 && parsed.is_ok() {
        // Nothing it mentions can be a setting, a gateway URL or a key: a file
        // checked, with nothing found (as `quiet_as_before`, once it parsed).
        return Some(FileOutcome { root: candidate.root.clone(), ..FileOutcome::new(path.clone(), false) });
    }
    let facts = facts();
    let analysed = analyse(catalog, opts, &facts, &plan, &text, Some(parsed));
    let mut result = FileOutcome {
        diagnostics: analysed.diagnostics,
        root: candidate.root.clone(),
        analysis: analysed.analysis,
        ..FileOutcome::new(path.clone(), facts.git_tracked)
    };
    if let Some(include_unsafe) = opts.fix {
        let lint = |text: &str| analyse(catalog, opts, &facts, &plan, text, None);
        if let Some(outcome) = fixes::fix_text(&text, include_unsafe, &result.diagnostics, lint) {
            result.fixed = Some(outcome.text);
            result.applied = outcome.applied;
            result.before_fix = std::mem::replace(&mut result.diagnostics, outcome.remaining.diagnostics);
            result.analysis = outcome.remaining.analysis;
        }
    }
    // The text is kept for what needs it later: the findings' snippets, fixes,
    // the project pass (which sees files with settings), the doctor's documents.
    // A checked file with nothing in it does not keep its text to the end of the run.
    let needed = !result.diagnostics.is_empty()
        || result.analysis.settings().next().is_some()
        || opts.fix.is_some()
        || opts.keep_documents;
    result.source = needed.then_some(text);
    Some(result)
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The primary reading first, then every other format some profile reads the file
/// in (a `.sh` is read for its exports, then for its curl lines), scanners last.
fn plan<'c>(format: Format, readers: Vec<ClientReader<'c>>, matched: &[ProfileMatch<'c>]) -> Vec<Plan<'c>> {
    let mut out = vec![Plan { format, readers, lenient: lenient(matched, format) }];
    let mut others: Vec<&ProfileMatch> =
        matched.iter().filter(|m| m.format != format && m.requires_key.is_empty()).collect();
    others.sort_by_key(|m| is_scan(m.format));
    for m in others {
        match out.iter_mut().find(|p| p.format == m.format) {
            Some(p) => p.readers.push(ClientReader::from(m)),
            None => out.push(Plan {
                format: m.format,
                readers: vec![ClientReader::from(m)],
                lenient: lenient(matched, m.format),
            }),
        }
    }
    out
}

/// The plan a file's analysis was made with, rebuilt from the catalog (for a
/// file the project pass edits): each reading's format and clients, with the
/// key-reference forms their file patterns give them.
pub(super) fn plan_of<'c>(catalog: &'c Catalog, path: &Path, analysis: &Analysis) -> Vec<Plan<'c>> {
    let matched = catalog.profiles_for_path(&crate::discover::match_path(path));
    analysis
        .readings
        .iter()
        .filter(|r| r.embedded.is_none())
        .map(|r| Plan {
            format: r.format,
            lenient: lenient(&matched, r.format),
            readers: r
                .clients
                .iter()
                .filter_map(|id| {
                    match matched.iter().find(|m| m.client.profile.id == *id && m.format == r.format) {
                        Some(m) => Some(ClientReader::from(m)),
                        None => catalog.client(id).map(ClientReader::of),
                    }
                })
                .collect(),
        })
        .collect()
}

/// The plan for a file no analysis exists of (a companion to read, a file a fix
/// creates): the first format the catalog reads it in, with its clients.
pub(super) fn plan_by_path<'c>(catalog: &'c Catalog, path: &Path) -> Option<Vec<Plan<'c>>> {
    let matched = catalog.profiles_for_path(&crate::discover::match_path(path));
    let format = matched.first()?.format;
    let readers = matched.iter().filter(|m| m.format == format).map(ClientReader::from).collect();
    Some(vec![Plan { format, readers, lenient: lenient(&matched, format) }])
}

fn has_top_level_key(doc: &Document, key: &str) -> bool {
    // A key whose value holds no scalar at all (`model_list: []`) does not count.
    doc.entries.iter().any(|e| e.path.first() == Some(&Segment::Key(key.to_string())))
}

/// Parses `text` in every reading of `plan` (the first from `first` when given),
/// finds the settings, lints, and spells each proposal in the reading's format;
/// the documents inside the file (`embedded`) are read after its config readings
/// and before its URL scans, so that a value shown in a code block is judged as
/// its client's setting, not as a loose URL. A value is claimed by the first
/// reading that finds it (one value, one finding). If a reading does not parse,
/// the file gets CR901 and no finding carries a fix: a file that does not parse
/// is never written. A finding in a counterexample is dropped.
pub(super) fn analyse(
    catalog: &Catalog,
    opts: &CheckOptions,
    facts: &FileFacts,
    plan: &[Plan],
    text: &str,
    mut first: Option<Result<Document, ParseFailure>>,
) -> Analysed {
    let mut out = Vec::new();
    let mut analysis = Analysis::default();
    let mut claimed: Vec<std::ops::Range<usize>> = Vec::new();
    let mut unparsable = false;
    let mut inner: Option<super::embedded::InnerFindings> = None;
    let outer_format = plan.first().map(|p| p.format);
    for (i, reading) in plan.iter().enumerate() {
        if is_scan(reading.format) && inner.is_none() {
            inner = Some(read_inner(
                catalog,
                opts,
                facts,
                outer_format,
                text,
                &mut claimed,
                &mut out,
                &mut analysis,
            ));
        }
        let parsed = match first.take().filter(|_| i == 0) {
            Some(parsed) => parsed,
            None => parse_reading(reading.format, reading.lenient, text),
        };
        let clients = reading.readers.iter().map(|r| r.client.profile.id.clone()).collect();
        match parsed {
            Err(failure) => {
                let mut d = file_level(
                    facts,
                    Code::CR901,
                    crate::tr!("file.parse_error", format = reading.format, why = failure.message),
                );
                d.span = failure.span.start.min(text.len())..failure.span.end.min(text.len());
                d.help = Some(crate::tr!("file.parse_error_help"));
                out.push(d);
                unparsable = true;
                analysis.readings.push(Reading {
                    format: reading.format,
                    clients,
                    document: None,
                    failure: Some(failure),
                    settings: vec![],
                    embedded: None,
                });
            }
            Ok(mut doc) => {
                doc.entries.retain(|e| {
                    !claimed.iter().any(|r| r.start < e.scalar.token.end && e.scalar.token.start < r.end)
                });
                claimed.extend(doc.entries.iter().map(|e| e.scalar.token.clone()));
                let mut settings = find_settings(catalog, &reading.readers, &doc, text);
                // A document's prose: hosts move where the value's own line says.
                let prose = reading.format == Format::Markdown;
                if prose {
                    super::embedded::hint_regions(catalog, text, &mut settings);
                }
                let ctx = crate::rules::LintContext { prose, ..opts.lint.clone() };
                for mut d in lint_document(catalog, &ctx, facts, &doc, &settings) {
                    d.fix = d
                        .proposal
                        .as_ref()
                        .and_then(|p| crate::fix::materialize(text, reading.format, &doc.entries, p));
                    out.push(d);
                }
                analysis.comments.extend(std::mem::take(&mut doc.comments));
                analysis.readings.push(Reading {
                    format: reading.format,
                    clients,
                    document: opts.keep_documents.then_some(doc),
                    failure: None,
                    settings,
                    embedded: None,
                });
            }
        }
    }
    let inner = match inner {
        Some(found) => found,
        None => read_inner(catalog, opts, facts, outer_format, text, &mut claimed, &mut out, &mut analysis),
    };
    if unparsable {
        out.iter_mut().for_each(|d| {
            d.fix = None;
            d.proposal = None;
        });
    }
    // Counterexamples are wrong on purpose.
    out.retain(|d| !inner.quiet.iter().any(|q| q.start <= d.span.start && d.span.start < q.end));
    // Several readings of one file find the same comments: each counts once.
    analysis.comments.sort_by_key(|c| (c.span.start, c.span.end));
    analysis.comments.dedup_by(|a, b| a.span == b.span);
    // The project rules' codes are judged when they run (`project`).
    let mut out = apply_suppressions(&facts.path, text, &analysis.comments, out, PROJECT_CODES);
    // Later (the project pass) only suppressions are asked about: a code file's
    // other comments are not kept to the end of the run.
    analysis.comments.retain(|c| crate::suppress::parse_directive(&c.text).is_some());
    out.sort_by_key(|d| (d.span.start, d.code));
    Analysed { analysis, diagnostics: opts.selection.apply(out) }
}

/// The documents inside the file, read and merged into what its readings found.
#[allow(clippy::too_many_arguments)]
fn read_inner(
    catalog: &Catalog,
    opts: &CheckOptions,
    facts: &FileFacts,
    format: Option<Format>,
    text: &str,
    claimed: &mut Vec<std::ops::Range<usize>>,
    out: &mut Vec<Diagnostic>,
    analysis: &mut Analysis,
) -> super::embedded::InnerFindings {
    let Some(format) = format else { return Default::default() };
    let mut found = super::embedded::read_inner(catalog, opts, facts, format, text);
    claimed.append(&mut found.claimed);
    out.append(&mut found.diagnostics);
    analysis.readings.append(&mut found.readings);
    analysis.comments.append(&mut found.comments);
    found
}

pub(super) fn file_level(facts: &FileFacts, code: Code, message: String) -> Diagnostic {
    Diagnostic::new(code, facts.path.clone(), 0..0, message)
}

/// The facts of a file the pipeline did not find itself (a companion).
pub(super) fn facts_of(path: &Path, git_tracked: bool) -> FileFacts {
    FileFacts { path: PathBuf::from(path), git_tracked }
}
