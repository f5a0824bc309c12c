//! A client's cross-file requirements, as its data states them (`[[requires]]`
//! in `rules/clients/<id>.toml`): a base URL the client reads, on the gateway,
//! works only when a companion file holds a setting of some role with one value.
//! Gemini CLI pointed at the gateway by `GOOGLE_GEMINI_BASE_URL` fails headless
//! use unless its project settings select API-key auth (CR404).
//!
//! The companion of a value in a file inside a directory named like the
//! companion's directory is that directory's file; otherwise it is the
//! companion path beside the value's file. A missing companion is reported only
//! in the first case (elsewhere the client may not be in use: a plain `.env` is
//! read by many SDKs). A user's own home files are not looked at: CI and
//! teammates do not share them. The unsafe fix sets the value in the companion
//! (creating it when missing).

use std::path::{Path, PathBuf};

use super::project::{FileView, ProjectFacts};
use crate::catalog::{Catalog, KeyPath, Requirement, Role};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::fix::{merge, Applicability, Change, Proposal};
use crate::i18n::pick;
use crate::settings::Setting;

/// One base URL a requirement applies to, with the companion that decides it.
struct Case<'f> {
    requirement: &'f Requirement,
    client_id: &'f str,
    client_name: &'f str,
    file: &'f FileView<'f>,
    base: &'f Setting,
    companion: PathBuf,
    /// The value's file sits in the companion's directory itself.
    inside: bool,
}

fn cases<'f>(catalog: &'f Catalog, facts: &'f ProjectFacts<'f>) -> Vec<Case<'f>> {
    let mut out = Vec::new();
    for client in catalog.clients.iter().filter(|c| !c.profile.requires.is_empty()) {
        let id = &client.profile.id;
        for file in &facts.files {
            for &base in &file.settings {
                if base.rule.role != Role::BaseUrl || !base.read_by.contains(id) || !base.on_gateway() {
                    continue;
                }
                for requirement in &client.profile.requires {
                    let Some((dir_name, file_name)) = requirement.companion.split_once('/') else { continue };
                    let dir = file.path.parent().unwrap_or(Path::new(""));
                    let inside = dir.file_name().is_some_and(|n| n == dir_name);
                    let companion_dir = if inside { dir.to_path_buf() } else { dir.join(dir_name) };
                    out.push(Case {
                        requirement,
                        client_id: id,
                        client_name: &client.profile.name,
                        file,
                        base,
                        companion: companion_dir.join(file_name),
                        inside,
                    });
                }
            }
        }
    }
    out
}

pub fn companions(catalog: &Catalog, facts: &ProjectFacts) -> Vec<PathBuf> {
    cases(catalog, facts).into_iter().map(|c| c.companion).collect()
}

pub fn check(catalog: &Catalog, facts: &ProjectFacts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for case in cases(catalog, facts) {
        let r = case.requirement;
        let Some(code) = Code::parse(&r.code) else { continue };
        let companion = facts.file(&case.companion);
        if companion.is_none() && !case.inside {
            continue; // no sign the client is in use here
        }
        let found = companion.and_then(|f| {
            f.settings.iter().find(|s| s.rule.role == r.role && s.rule.client_id == case.client_id)
        });
        if found.is_some_and(|s| s.entry.scalar.value == r.equals) {
            continue;
        }
        let shown = case.companion.display().to_string();
        let why = match found {
            Some(s) => {
                pick(&r.why_other, r.why_other_zh.as_deref()).replace("{found}", &s.entry.scalar.value)
            }
            None if companion.is_some() => pick(&r.why_unset, r.why_unset_zh.as_deref()).to_string(),
            None => pick(&r.why_missing, r.why_missing_zh.as_deref()).to_string(),
        };
        let fill = |t: &str| {
            t.replace("{client}", case.client_name).replace("{companion}", &shown).replace("{why}", &why)
        };
        let steps = KeyPath::parse(&r.write).ok().as_ref().and_then(merge::steps_of);
        let proposal = steps.map(|steps| Proposal {
            applicability: Applicability::Unsafe,
            change: Change::SetElsewhere {
                path: case.companion.clone(),
                create: companion.is_none(),
                steps,
                value: r.equals.clone(),
            },
        });
        out.push(
            Diagnostic::new(
                code,
                case.file.path.to_path_buf(),
                case.base.entry.scalar.content.clone(),
                fill(pick(&r.message, r.message_zh.as_deref())),
            )
            .with_help(fill(pick(&r.help, r.help_zh.as_deref())))
            .with_proposal(proposal),
        );
    }
    out
}
