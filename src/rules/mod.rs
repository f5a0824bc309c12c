//! The lint rules. Each rule is a small function over a setting and the facts
//! of its value (URL parts, host class, path shape, endpoint lookup); rules know
//! nothing of file formats, never write files, and return fixes as data.
//!
//! Families: `malformed` (CR107), `host` (CR201-CR205), `shape` (CR101-CR106),
//! combined per value by `url_value` (one finding per value, in the order of
//! `registry::URL_PRECEDENCE`); `endpoint` (CR301-CR303, for full URLs that passed
//! those); `claude_chat` (CR401); `env_vars` (CR403); `codex` (CR402); `secrets`
//! (CR501, CR502). Rules that need several files (`gemini_auth`, CR404) run once
//! per run over `project::ProjectFacts`, as do `regions` (CR204) and `shared_env` (CR405).

mod claude_chat;
mod codex;
mod endpoint;
mod env_vars;
mod gemini_auth;
mod host;
mod malformed;
pub mod project;
mod regions;
pub mod registry;
mod secrets;
mod shape;
mod shared_env;
mod url_value;

use std::path::PathBuf;

use crate::catalog::{Catalog, Role};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::settings::Setting;
use crate::url::{classify_host, HostClass, UrlParts};

/// Choices that apply to the whole run.
#[derive(Debug, Clone, Default)]
pub struct LintContext {
    /// The region the user chose (`--region`, `[gateway] region`); `None` keeps each value's region.
    pub region: Option<String>,
    /// Where a host that must move goes when no region was chosen: the one region the
    /// file's other gateway values already use. Set per file by `lint_document`.
    pub fallback_region: Option<String>,
}

/// What the engine knows of the file being linted.
#[derive(Debug, Clone)]
pub struct FileFacts {
    pub path: PathBuf,
    /// Git tracks this file (a key in it is then an error, not a warning).
    pub git_tracked: bool,
}

/// One problem a rule found in a value, before precedence picks the finding's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub message: String,
}

pub fn lint_document(
    catalog: &Catalog,
    ctx: &LintContext,
    file: &FileFacts,
    text: &str,
    doc: &Document,
    settings: &[Setting],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ctx = &LintContext { fallback_region: file_region(catalog, doc, settings), ..ctx.clone() };
    for setting in settings {
        match setting.rule.role {
            Role::BaseUrl | Role::EndpointUrl => {
                let found = url_value::check(catalog, ctx, file, text, doc.format, setting);
                if found.is_none() {
                    out.extend(endpoint::check(catalog, file, text, doc.format, setting));
                }
                out.extend(found);
            }
            _ => {}
        }
    }
    out.extend(env_vars::check(catalog, ctx, file, text, doc, settings));
    out.extend(claude_chat::check(catalog, file, settings));
    out.extend(codex::check(catalog, file, text, doc, settings));
    out.extend(secrets::check(catalog, file, doc, settings));
    out.sort_by_key(|d| (d.span.start, d.code));
    out
}

/// The region of the file's gateway values (its entries and the parts of values
/// its settings read), when they all agree on one.
fn file_region(catalog: &Catalog, doc: &Document, settings: &[Setting]) -> Option<String> {
    let mut regions: Vec<String> = doc
        .entries
        .iter()
        .chain(settings.iter().map(|s| &s.entry))
        .filter_map(|e| UrlParts::parse(e.scalar.value.trim()))
        .filter_map(|u| match classify_host(catalog, &u.host) {
            HostClass::Entry { region } => Some(region),
            _ => None,
        })
        .collect();
    regions.sort();
    regions.dedup();
    (regions.len() == 1).then(|| regions.remove(0))
}
