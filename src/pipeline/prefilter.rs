//! The gate before a parser: one pass of the catalog's needles
//! (`catalog::needles`) over a walked file's bytes decides whether it may hold
//! anything crlint reports, so that the cost of a run follows what a tree
//! mentions, not its bytes.
//!
//! - A client's own config (a profile whose kind is not in `scanned_kinds` of
//!   `rules/checks.toml`: `.claude/settings.json`, `.codex/config.toml`, a
//!   LiteLLM config, `package.json`) is always parsed: such files are few.
//! - A file claimed by scanned kinds (scripts, Dockerfiles, compose files, CI
//!   workflows, Kubernetes manifests, dotenv files) is analysed only when the
//!   scan finds a gateway host or the brand, a link scheme, a variable or
//!   setting key the catalog knows (as a whole word), a key, a `crlint:` comment,
//!   or a URL whose host may be the gateway's (`url::gateway_url_at`: pieces of
//!   console hosts count only in a URL's host part, and only when a host a
//!   reader could cut there is one the rules judge). Otherwise it is still a
//!   file checked with nothing found, and its text is not kept; when only a
//!   parse can tell whether it counts (its profile requires top-level keys), it
//!   is parsed but not analysed.
//! - A profile that must see top-level keys (`requires_key`: LiteLLM's
//!   `model_list`, Kubernetes' `apiVersion` and `kind`) does not apply to a file
//!   whose bytes lack one of those words: no parse to find that out.
//! - A file read only for URLs (docs, code) is counted as checked exactly when
//!   the scanners' old prefilter (`Catalog::mention_regex`, run on URL host parts
//!   only) matches it, as before the gate; it is parsed only when a URL in it
//!   may be the gateway's, it holds a link scheme, or it names anything else
//!   the catalog knows.
//!
//! Files named on the command line, and runs that keep documents (the doctor),
//! are not gated. What is lost: a syntax error (CR901) in a script or manifest
//! that names nothing crlint knows, and a client's structural finding in a
//! code block of such a file, are no longer reported.

use super::is_scan;
use crate::catalog::{Catalog, Mentions, ProfileMatch};
use crate::document::Format;
use crate::formats;
use crate::url::{gateway_url_at, prefilter_matches};

/// What to do with a walked file once its bytes are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gate {
    /// Nothing reads it (a scanner without a host, a profile without its keys).
    Skip,
    /// Read by profiles of scanned kinds only, and it mentions nothing: a file
    /// checked, with nothing to find, when its text is valid.
    Quiet,
    /// Parse it as before.
    Parse,
}

/// The gate for a file the walk found, claimed by `matched`, holding `bytes`.
pub(super) fn gate(catalog: &Catalog, matched: &[ProfileMatch], bytes: &[u8]) -> Gate {
    let mut marks = Vec::new();
    if matched.iter().all(|m| is_scan(m.format)) {
        // Read only for URLs: counted as checked when the scanners' prefilter
        // matches (a URL's host part holds a piece of a console host), as it
        // always was; parsed only when that URL may be the gateway's or the text
        // names anything else the catalog knows; otherwise counted, not parsed.
        let scheme = catalog.needles.mark_hosts(bytes, &mut marks);
        if !prefilter_matches(catalog, bytes, &marks, scheme) {
            return Gate::Skip;
        }
        if scheme || gateway_url_at(catalog, bytes, &marks) || catalog.needles.scan(bytes).anything {
            return Gate::Parse;
        }
        return Gate::Quiet;
    }
    let found: Mentions = catalog.needles.scan(bytes);
    // A piece of a host (`route`, `r.com`) is a mention only inside a URL's host
    // that may be the gateway's: asked once, and only when a reader needs it.
    let mut urls = None;
    let mut url_mention = || {
        *urls.get_or_insert_with(|| {
            let scheme = catalog.needles.mark_hosts(bytes, &mut marks);
            scheme || gateway_url_at(catalog, bytes, &marks)
        })
    };
    let mut reads = false;
    for m in matched {
        if is_scan(m.format) {
            if url_mention() {
                return Gate::Parse;
            }
            continue;
        }
        if !catalog.needles.has_all(bytes, m.requires_key) {
            continue;
        }
        if found.anything || !catalog.is_scanned_kind(&m.client.profile.kind) {
            return Gate::Parse;
        }
        reads = true;
    }
    if reads && url_mention() {
        return Gate::Parse;
    }
    if reads {
        Gate::Quiet
    } else {
        Gate::Skip
    }
}

/// Whether a `Quiet` file can be counted as checked, with nothing found,
/// without parsing it, and the run say what it said before: its primary reading
/// (`format`) has a reader that needs no key (so the file was a file checked
/// whatever its document held), its bytes are text (else CR902, as before), and
/// it is within the values budget (else CR902; only a text of `MIN_VALUES`
/// bytes or more can hold that many values). Otherwise it is parsed.
pub(super) fn quiet_as_before(matched: &[ProfileMatch], format: Format, bytes: &[u8]) -> bool {
    if !matched.iter().any(|m| m.format == format && m.requires_key.is_empty()) {
        return false; // which profile reads it depends on its top-level keys: parse
    }
    if memchr::memchr(0, bytes).is_some() {
        return false;
    }
    let Ok(text) = std::str::from_utf8(bytes) else { return false };
    text.len() < formats::budget::MIN_VALUES || formats::budget::check(format, text).is_ok()
}
