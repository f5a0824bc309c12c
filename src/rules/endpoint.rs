//! Endpoint rules, for full URLs (curl lines, request files, string literals, FULL
//! settings) that the URL rules found nothing wrong with: CR301 a path in no
//! table ("did you mean"), CR302 a documented path with the wrong method (when
//! the text shows the method), CR303 a path the platform serves but does not
//! document. A bare base (`https://host`, `/v1`, `/v1beta`) is left alone.

use super::FileFacts;
use crate::catalog::{Catalog, Role, RouteMatch, Shape};
use crate::codes::Code;
use crate::diagnostic::Diagnostic;
use crate::document::request_method;
use crate::fix::{Applicability, Proposal};
use crate::redact::redact;
use crate::settings::Setting;

pub fn check(catalog: &Catalog, file: &FileFacts, setting: &Setting) -> Option<Diagnostic> {
    let full = setting.rule.role == Role::EndpointUrl || setting.rule.shape == Some(Shape::Full);
    if !full || !setting.on_api_entry() {
        return None;
    }
    let parts = &setting.url.as_ref()?.parts;
    let path = parts.path.trim_end_matches('/');
    if matches!(path, "" | "/v1" | "/v1beta") {
        return None;
    }
    let method = request_method(&setting.entry.path);
    let make = |code: Code, message: String, help: Option<String>, proposal: Option<Proposal>| {
        let mut d =
            Diagnostic::new(code, file.path.clone(), setting.entry.scalar.content.clone(), redact(&message));
        d.help = help.map(|h| redact(&h));
        d.with_proposal(proposal)
    };
    match catalog.routes.lookup(path) {
        RouteMatch::Found(route) => {
            if let Some(m) = method.filter(|m| !route.allows(m)) {
                return Some(make(
                    Code::CR302,
                    crate::tr!(
                        "rule.wrong_method",
                        path = path,
                        methods = route.spec.methods.join(&crate::tr!("list.or")),
                        method = m
                    ),
                    Some(crate::tr!(
                        "rule.wrong_method_help",
                        methods = route.spec.methods.join(&crate::tr!("list.or"))
                    )),
                    None,
                ));
            }
            if !route.spec.documented {
                let note = route
                    .spec
                    .note
                    .as_deref()
                    .map(|n| {
                        crate::tr!("rule.note", note = crate::i18n::pick(n, route.spec.note_zh.as_deref()))
                    })
                    .unwrap_or_default();
                return Some(make(
                    Code::CR303,
                    crate::tr!("rule.undocumented", path = path, note = note),
                    None,
                    None,
                ));
            }
            None
        }
        RouteMatch::Unknown(nearest) => {
            let (help, proposal) =
                match nearest.filter(|r| !r.spec.path.contains('{') && !r.spec.path.ends_with('*')) {
                    Some(r) => {
                        let mut fixed = parts.clone();
                        fixed.path = r.spec.path.clone();
                        let scalar = &setting.entry.scalar;
                        let proposal = Proposal::replace(
                            Applicability::Unsafe,
                            scalar,
                            setting.part_of_value,
                            &fixed.render(),
                        );
                        (Some(crate::tr!("rule.did_you_mean", value = r.spec.path)), Some(proposal))
                    }
                    None => (
                        nearest
                            .map(|r| crate::tr!("rule.did_you_mean", value = r.spec.path))
                            .or(Some(crate::tr!("rule.unknown_endpoint_help"))),
                        None,
                    ),
                };
            Some(make(Code::CR301, crate::tr!("rule.unknown_endpoint", path = path), help, proposal))
        }
    }
}
