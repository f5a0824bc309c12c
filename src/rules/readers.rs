//! Readers decided by the project: a variable that several programs read with
//! different shapes (`OPENAI_API_BASE_URL`: Open WebUI wants `/v1`, chatgpt-web
//! the bare root), or one too generic to judge without its reader (NextChat's
//! `BASE_URL`), set where the file itself does not name its reader. The settings
//! layer decides the reader inside a file where it can (a compose service's or
//! Kubernetes container's image, a variable only one reader uses set beside it)
//! and leaves the others undecided (`SettingRule::undecided`, no shape).
//!
//! Here, once per run: a `package.json` beside the file whose `name` is a
//! client's own (`packages` in `rules/clients/<id>.toml`: NextChat's repository
//! is `nextchat`) names the reader, and the value is judged as that reader's
//! setting (the URL rules, with their fix, and its notes). Where nothing names
//! it, a variable whose readers want different shapes is CR412 reader-unknown:
//! its shape is not judged, and the finding says which value each reader would
//! need. Info when the value fits one of them, a warning when it fits none. No
//! fix: a guess could break the real reader. A variable with one known reader
//! that is too generic to judge alone (`BASE_URL`) gets nothing.

use std::path::{Path, PathBuf};

use super::project::{FileView, ProjectFacts};
use super::url_value::analyse;
use super::{FileFacts, LintContext};
use crate::catalog::{Catalog, Client, Role, Shape};
use crate::codes::{Code, Severity};
use crate::diagnostic::Diagnostic;
use crate::document::Segment;
use crate::redact::redact;
use crate::settings::Setting;

/// The manifest beside a value's file that may name its reader: the file name of
/// the profile that reads `package-name` settings (`rules/clients/package-json.toml`).
fn manifest_of(catalog: &Catalog, file: &Path) -> Option<PathBuf> {
    let profile =
        catalog.clients.iter().find(|c| c.settings.iter().any(|(_, s)| s.role == Role::PackageName))?;
    let name = profile.profile.files.first()?.glob.rsplit('/').next()?;
    Some(file.parent().unwrap_or(Path::new("")).join(name))
}

fn undecided<'a>(file: &'a FileView<'a>) -> impl Iterator<Item = &'a Setting> + 'a {
    file.settings.iter().copied().filter(|s| s.rule.undecided && s.on_gateway())
}

/// The `package.json` files beside files with undecided values, for the caller to read in.
pub fn companions(catalog: &Catalog, facts: &ProjectFacts) -> Vec<PathBuf> {
    facts
        .files
        .iter()
        .filter(|f| undecided(f).next().is_some())
        .filter_map(|f| manifest_of(catalog, f.path))
        .filter(|p| p.is_file())
        .collect()
}

/// The client whose own package the manifest beside `file` is.
fn package_reader<'c>(catalog: &'c Catalog, facts: &ProjectFacts, file: &Path) -> Option<&'c Client> {
    let manifest = facts.file(&manifest_of(catalog, file)?)?;
    manifest
        .settings
        .iter()
        .filter(|s| s.rule.role == Role::PackageName)
        .find_map(|s| catalog.client_of_package(&s.entry.scalar.value))
}

/// The readers of a variable and the shape each wants: environment-only
/// clients' settings first, then the generic readers of `rules/env.toml`.
fn readers_of(catalog: &Catalog, name: &str) -> Vec<(String, Shape)> {
    let mut out: Vec<(String, Shape)> =
        catalog.env_readings(name).filter_map(|(c, s)| Some((c.profile.name.clone(), s.shape?))).collect();
    if let Some(var) = catalog.env_variable(name) {
        let others: Vec<&str> =
            var.read_by.iter().filter(|r| !out.iter().any(|(n, _)| n == *r)).map(String::as_str).collect();
        if let (false, Some(shape)) = (others.is_empty(), var.shape) {
            out.push((others.join(", "), shape));
        }
    }
    out
}

pub fn check(catalog: &Catalog, facts: &ProjectFacts) -> Vec<Diagnostic> {
    let ctx = LintContext { region: facts.chosen_region.clone(), fallback_region: None, prose: false };
    let mut out = Vec::new();
    for file in &facts.files {
        if undecided(file).next().is_none() {
            continue;
        }
        let facts_of_file = FileFacts { path: file.path.to_path_buf(), git_tracked: false };
        let reader = package_reader(catalog, facts, file.path);
        for s in undecided(file) {
            let Some(Segment::Key(name)) = s.entry.path.last() else { continue };
            let decided = reader.and_then(|r| catalog.env_reading(r, name).map(|spec| (r, spec)));
            if let Some((r, spec)) = decided {
                let mut as_read = s.clone();
                as_read.rule.undecided = false;
                as_read.rule.decided_by = Some(crate::settings::DecidedBy::Package);
                as_read.rule.client_name =
                    crate::tr!("rule.readers.by_package", name = name, client = r.profile.name);
                as_read.rule.shape = spec.shape;
                as_read.rule.protocol = spec.protocol.clone();
                as_read.rule.slash_breaks = spec.slash_breaks;
                as_read.rule.also_accepts = spec.also_accepts.clone();
                out.extend(super::url_value::check(catalog, &ctx, &facts_of_file, &as_read));
                continue;
            }
            out.extend(unknown(catalog, &ctx, &facts_of_file, s, name));
        }
    }
    out
}

/// CR412 for a value whose readers want different shapes; nothing for one reader.
fn unknown(
    catalog: &Catalog,
    ctx: &LintContext,
    file: &FileFacts,
    s: &Setting,
    name: &str,
) -> Option<Diagnostic> {
    let readers = readers_of(catalog, name);
    let mut shapes: Vec<Shape> = readers.iter().map(|(_, sh)| *sh).collect();
    shapes.sort_by_key(|sh| sh.name());
    shapes.dedup();
    if shapes.len() < 2 {
        return None;
    }
    let mut fits = Vec::new();
    let mut wants = Vec::new();
    for (who, shape) in &readers {
        let mut as_read = s.clone();
        as_read.rule.shape = Some(*shape);
        as_read.rule.undecided = false;
        match analyse(catalog, ctx, &as_read) {
            None => fits.push(who.clone()),
            Some(f) => match f.corrected {
                Some(c) => wants.push(crate::tr!("rule.readers.needs_value", who = who, value = c)),
                None => wants.push(crate::tr!("rule.readers.needs_shape", who = who, shape = shape.label())),
            },
        }
    }
    let named: Vec<String> = readers.iter().map(|(who, shape)| format!("{who} ({})", shape.name())).collect();
    let list = match named.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            crate::tr!("list.and", rest = rest.join(&crate::tr!("list.sep")), last = last)
        }
        _ => named.join(""),
    };
    let verdict = if fits.is_empty() {
        crate::tr!("rule.readers.fits_none", wants = wants.join(&crate::tr!("list.semi")))
    } else {
        crate::tr!(
            "rule.readers.fits_some",
            fits = fits.join(&crate::tr!("list.sep")),
            wants = wants.join(&crate::tr!("list.semi"))
        )
    };
    let message = crate::tr!("rule.readers.unknown", name = name, list = list, verdict = verdict);
    let mut d =
        Diagnostic::new(Code::CR412, file.path.clone(), s.entry.scalar.content.clone(), redact(&message));
    d.severity = if fits.is_empty() { Severity::Warning } else { Severity::Info };
    d.help = Some(crate::tr!("rule.readers.unknown_help"));
    Some(d)
}
