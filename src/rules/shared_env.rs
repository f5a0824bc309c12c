//! CR405 shared-env-conflict: one environment variable read by clients that want
//! different shapes. `ANTHROPIC_BASE_URL` is the bare root for Claude Code and
//! the Anthropic SDKs, but `/v1` for the Vercel AI SDK's `@ai-sdk/anthropic`; a
//! `.env` of a project that depends on that package cannot satisfy both. Which
//! packages conflict with which variable is data (`conflicts` in rules/env.toml);
//! the dependencies come from the project's `package.json` files. No fix: the
//! way out is to give one reader its own setting (e.g. `createAnthropic({ baseURL })`).

use std::path::{Path, PathBuf};

use super::project::ProjectFacts;
use crate::catalog::{Catalog, Role};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::document::Segment;

/// How far up from a `.env` to look for the `package.json` of its project.
const PARENT_LEVELS: usize = 4;

/// The `package.json` files beside or above each file that sets a variable some
/// package reads differently, for the caller to read in.
pub fn companions(catalog: &Catalog, facts: &ProjectFacts) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for file in &facts.files {
        let has_conflicting_var =
            file.settings.iter().any(|s| conflicts_of(catalog, s).is_some_and(|c| !c.is_empty()));
        if has_conflicting_var {
            let dir = file.path.parent().unwrap_or(Path::new("."));
            out.extend(
                dir.ancestors()
                    .take(PARENT_LEVELS + 1)
                    .map(|d| d.join("package.json"))
                    .filter(|p| p.is_file()),
            );
        }
    }
    out
}

fn conflicts_of<'c>(
    catalog: &'c Catalog,
    s: &crate::settings::Setting,
) -> Option<&'c [crate::catalog::EnvConflict]> {
    if s.rule.role != Role::BaseUrl {
        return None;
    }
    let Some(Segment::Key(name)) = s.entry.path.last() else { return None };
    catalog.env_variable(name).map(|v| v.conflicts.as_slice())
}

pub fn check(catalog: &Catalog, facts: &ProjectFacts) -> Vec<Diagnostic> {
    // Every package some package.json depends on, with where and in which project
    // (a companion read for a file, with an empty root, counts for every project).
    let deps: Vec<(String, &Path, &Path)> = facts
        .files
        .iter()
        .flat_map(|f| {
            f.settings.iter().filter(|s| s.rule.role == Role::Dependency).filter_map(move |s| {
                match s.entry.path.last() {
                    Some(Segment::Key(pkg)) => Some((pkg.clone(), f.path, f.root)),
                    _ => None,
                }
            })
        })
        .collect();
    let mut out = Vec::new();
    for file in &facts.files {
        for s in &file.settings {
            let Some(conflicts) = conflicts_of(catalog, s) else { continue };
            let on_gateway = s.on_gateway();
            let Some(Segment::Key(name)) = s.entry.path.last() else { continue };
            for c in conflicts.iter().filter(|_| on_gateway) {
                let same_project = |root: &Path| root.as_os_str().is_empty() || root == file.root;
                let Some((_, manifest, _)) =
                    deps.iter().find(|(pkg, _, root)| *pkg == c.package && same_project(root))
                else {
                    continue;
                };
                let var = catalog.env_variable(name);
                let usual = var
                    .and_then(|v| v.shape)
                    .map_or_else(|| crate::tr!("rule.shared_env_another"), |sh| sh.label());
                out.push(
                    Diagnostic::new(
                        Code::CR405,
                        file.path.to_path_buf(),
                        s.entry.scalar.content.clone(),
                        crate::tr!(
                            "rule.shared_env",
                            name = name,
                            readers = var
                                .map(|v| v
                                    .read_by
                                    .iter()
                                    .take(2)
                                    .cloned()
                                    .collect::<Vec<_>>()
                                    .join(&crate::tr!("list.sep")))
                                .unwrap_or_default(),
                            usual = usual,
                            package = c.package,
                            manifest = manifest.display(),
                            wants = c.shape.label()
                        ),
                    )
                    .with_help(crate::tr!(
                        "rule.shared_env_help",
                        name = name,
                        package = c.package
                    )),
                );
            }
        }
    }
    out
}
