//! CR403 legacy-env-var: `OPENAI_API_BASE` (read by LangChain, LiteLLM, Aider)
//! without `OPENAI_BASE_URL` beside it: openai >= 1.0 ignores the old name and
//! silently talks to api.openai.com. Judged for values on the gateway only. The
//! unsafe fix adds the new variable beside the old one, with the corrected value.
//! Which variable is legacy, and of what, is data (`legacy_of` in rules/env.toml).

use super::{url_value, FileFacts, LintContext};
use crate::catalog::{Catalog, Role};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Segment};
use crate::fix::{Applicability, Change, Proposal};
use crate::settings::Setting;

pub fn check(
    catalog: &Catalog,
    ctx: &LintContext,
    file: &FileFacts,
    doc: &Document,
    settings: &[Setting],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for s in settings.iter().filter(|s| s.rule.role == Role::BaseUrl) {
        let Some(new_name) = &s.rule.legacy_of else { continue };
        let value = s.entry.scalar.value.trim();
        let mut sibling = s.group.clone();
        sibling.push(Segment::Key(new_name.clone()));
        if !s.on_gateway() || doc.get(&sibling).is_some() {
            continue;
        }
        let corrected = url_value::analyse(catalog, ctx, s)
            .and_then(|f| f.corrected)
            .unwrap_or_else(|| value.to_string());
        let old_name = match s.entry.path.last() {
            Some(Segment::Key(k)) => k.clone(),
            _ => continue,
        };
        // The anchor is the document's own entry (a virtual one has no line of its own).
        let proposal = doc
            .entries
            .iter()
            .find(|e| e.path == s.entry.path && e.scalar.token == s.entry.scalar.token)
            .map(|anchor| Proposal {
                applicability: Applicability::Unsafe,
                change: Change::AddSibling {
                    anchor: anchor.clone(),
                    name: new_name.clone(),
                    value: corrected.clone(),
                },
            });
        let why = catalog
            .env_variable(&old_name)
            .and_then(|v| v.legacy_why.as_deref().map(|w| crate::i18n::pick(w, v.legacy_why_zh.as_deref())))
            .map_or_else(
                || crate::tr!("rule.legacy_readers_want", new = new_name),
                |w| w.replace("{new}", new_name),
            );
        let message = crate::tr!("rule.legacy", old = old_name, why = why);
        let help = crate::redact::redact(&crate::tr!("rule.legacy_help", new = new_name, value = corrected));
        out.push(
            Diagnostic::new(Code::CR403, file.path.clone(), s.entry.scalar.content.clone(), message)
                .with_help(help)
                .with_proposal(proposal),
        );
    }
    out
}
