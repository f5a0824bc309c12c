//! Endpoint rules, for full URLs (curl lines, request files, string literals, FULL
//! settings) that the URL rules found nothing wrong with: CR301 a path in no
//! table ("did you mean"), CR302 a documented path with the wrong method (when
//! the text shows the method), CR303 a path the platform serves but does not
//! document. A bare base (`https://host`, `/v1`, `/v1beta`) is left alone.

use super::registry::rule;
use super::FileFacts;
use crate::catalog::{Catalog, Role, RouteMatch, Shape};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{request_method, Format};
use crate::fix::{quote, Applicability, Fix};
use crate::redact::redact;
use crate::settings::Setting;
use crate::url::{classify_host, HostClass, UrlParts};

pub fn check(
    catalog: &Catalog,
    file: &FileFacts,
    text: &str,
    format: Format,
    setting: &Setting,
) -> Option<Diagnostic> {
    let full = setting.rule.role == Role::EndpointUrl || setting.rule.shape == Some(Shape::Full);
    if !full {
        return None;
    }
    let value = setting.entry.scalar.value.trim();
    let parts = UrlParts::parse(value)?;
    if !matches!(classify_host(catalog, &parts.host), HostClass::Entry { .. }) {
        return None;
    }
    let path = parts.path.trim_end_matches('/');
    if matches!(path, "" | "/v1" | "/v1beta") {
        return None;
    }
    let method = request_method(&setting.entry.path);
    let make = |code: &'static str, message: String, help: Option<String>, fix: Option<Fix>| Diagnostic {
        code,
        severity: rule(code).map_or(Severity::Error, |r| r.severity),
        path: file.path.clone(),
        span: setting.entry.scalar.content.clone(),
        message: redact(&message),
        help: help.map(|h| redact(&h)),
        fix,
    };
    match catalog.routes.lookup(path) {
        RouteMatch::Found(route) => {
            if let Some(m) = method.filter(|m| !route.allows(m)) {
                return Some(make(
                    "CR302",
                    format!("`{path}` takes {}, not {m}", route.spec.methods.join(" or ")),
                    Some(format!("send it with {}", route.spec.methods.join(" or "))),
                    None,
                ));
            }
            if !route.spec.documented {
                let note = route.spec.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
                return Some(make(
                    "CR303",
                    format!(
                        "`{path}` is served by the gateway but not in its documented endpoint table{note}"
                    ),
                    None,
                    None,
                ));
            }
            None
        }
        RouteMatch::Unknown(nearest) => {
            let (help, fix) =
                match nearest.filter(|r| !r.spec.path.contains('{') && !r.spec.path.ends_with('*')) {
                    Some(r) => {
                        let mut fixed = parts.clone();
                        fixed.path = r.spec.path.clone();
                        let edit = quote::replace_value(text, format, &setting.entry.scalar, &fixed.render());
                        (
                            Some(format!("did you mean `{}`?", r.spec.path)),
                            edit.map(|e| Fix::new(Applicability::Unsafe, e)),
                        )
                    }
                    None => (
                        nearest
                            .map(|r| format!("did you mean `{}`?", r.spec.path))
                            .or(Some("`crlint endpoints` lists every route".into())),
                        None,
                    ),
                };
            Some(make("CR301", format!("`{path}` is no endpoint of the gateway"), help, fix))
        }
    }
}
