//! The lint rules. Each rule is a small function over settings and the facts of
//! their values (URL parts, host class, path shape, endpoint lookup); rules know
//! nothing of file formats, never write files, and propose their fixes as
//! corrected values (`fix::Proposal`), which the fix layer spells in the file's
//! format.
//!
//! Families: `malformed` (CR107), `query` (CR108), `host` (CR201-CR205), `shape` (CR101-CR106),
//! combined per value by `url_value` (one finding per value, in the order of
//! `codes::URL_PRECEDENCE`); `endpoint` (CR301-CR303, for full URLs that passed
//! those); `claude_chat` (CR401); `env_vars` (CR403); `expect` (a setting's
//! value constraints from the client's data: CR402, CR406-CR411); `secrets` (CR501,
//! CR502). Rules that need several files run once per run over
//! `project::ProjectFacts`: `requires` (a client's cross-file requirements from
//! its data: CR404), `regions` (CR204), `shared_env` (CR405), `readers` (a
//! variable's reader named by the package beside it, else CR412).

mod claude_chat;
mod endpoint;
mod env_vars;
mod expect;
mod host;
mod malformed;
pub mod project;
mod query;
mod readers;
mod regions;
mod requires;
mod secrets;
mod shape;
mod shared_env;
mod unexpanded;
mod url_case;
mod url_value;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::catalog::{Catalog, Role};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::settings::{Setting, UrlFacts};
use crate::url::HostClass;

/// Choices that apply to the whole run.
#[derive(Debug, Clone, Default)]
pub struct LintContext {
    /// The region the user chose (`--region`, `[gateway] region`); `None` keeps each value's region.
    pub region: Option<String>,
    /// Where a host that must move goes when no region was chosen: the one region the
    /// file's other gateway values already use. Set per file by `lint_document`.
    pub fallback_region: Option<String>,
    /// The values are a document's prose (a guide people copy from): a host that
    /// must move does not follow the region other parts of the text mention, only
    /// the chosen one or the one its own line names (`Setting::region_hint`).
    pub prose: bool,
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
    pub code: Code,
    pub message: String,
}

/// Every per-file rule over one parsed document and its settings.
pub fn lint_document(
    catalog: &Catalog,
    ctx: &LintContext,
    file: &FileFacts,
    doc: &Document,
    settings: &[Setting],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let fallback_region = if ctx.prose { None } else { file_region(catalog, doc, settings) };
    let ctx = &LintContext { fallback_region, ..ctx.clone() };
    for setting in settings {
        if matches!(setting.rule.role, Role::BaseUrl | Role::EndpointUrl) {
            let found = url_value::check(catalog, ctx, file, setting);
            if found.is_none() {
                out.extend(endpoint::check(catalog, file, setting));
            }
            out.extend(found);
        }
    }
    out.extend(env_vars::check(catalog, ctx, file, doc, settings));
    out.extend(claude_chat::check(catalog, file, settings));
    out.extend(expect::check(catalog, file, doc, settings));
    out.extend(secrets::check(catalog, file, doc, settings));
    out.extend(unexpanded::check(catalog, file, doc, settings));
    out.sort_by_key(|d| (d.span.start, d.code));
    out
}

/// Files the project rules want to see although the run did not name them (the
/// `.gemini/settings.json` next to a Gemini CLI `.env`): the caller reads those that
/// exist into the facts, without reporting on them.
pub fn project_companions(catalog: &Catalog, facts: &project::ProjectFacts) -> Vec<PathBuf> {
    let mut out = requires::companions(catalog, facts);
    out.extend(shared_env::companions(catalog, facts));
    out.extend(readers::companions(catalog, facts));
    // A set, not `facts.file` per companion: that was files × companions path
    // comparisons (a few percent of a monorepo's run, on one thread).
    let known: BTreeSet<&Path> = facts.files.iter().map(|f| f.path).collect();
    out.retain(|p| !known.contains(p.as_path()));
    out.sort();
    out.dedup();
    out
}

/// Every project rule over the facts of the whole run.
pub fn check_project(catalog: &Catalog, facts: &project::ProjectFacts) -> Vec<Diagnostic> {
    let mut out = requires::check(catalog, facts);
    out.extend(regions::check(catalog, facts));
    out.extend(shared_env::check(catalog, facts));
    out.extend(readers::check(catalog, facts));
    out
}

/// The codes the catalog's data names (value constraints, requirements) that
/// are no rule of the registry: a data error, said before any file is read.
pub fn unknown_codes(catalog: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    for client in &catalog.clients {
        let named = client
            .settings
            .iter()
            .flat_map(|(_, s)| s.expect.iter().map(|e| e.code.as_str()))
            .chain(client.profile.requires.iter().map(|r| r.code.as_str()));
        for code in named {
            if Code::parse(code).is_none() {
                out.push(format!("rules/clients/{}.toml: no rule {code}", client.profile.id));
            }
        }
    }
    out
}

/// The region of the file's gateway values (its entries and the parts of values
/// its settings read), when they all agree on one.
fn file_region(catalog: &Catalog, doc: &Document, settings: &[Setting]) -> Option<String> {
    let entry_facts = doc.entries.iter().filter_map(|e| UrlFacts::of(catalog, &e.scalar.value));
    let setting_facts = settings.iter().filter_map(|s| s.url.clone());
    let mut regions: Vec<String> = entry_facts
        .chain(setting_facts)
        .filter_map(|u| match u.host {
            HostClass::Entry { region } => Some(region),
            _ => None,
        })
        .collect();
    regions.sort();
    regions.dedup();
    (regions.len() == 1).then(|| regions.remove(0))
}
