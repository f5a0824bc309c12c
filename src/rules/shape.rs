//! Shape rules: CR101 doubled segment, CR104 endpoint in a base URL, CR102
//! unexpected (or wrong) version segment, CR103 missing version, CR105 a base
//! where the client wants the full endpoint, CR106 a trailing slash the client
//! does not trim. `target_path` is the path the setting's shape calls for; the
//! checks only say what is wrong with the path as written.

use super::url_case::UrlCase;
use super::Problem;
use crate::catalog::{RouteMatch, Shape};
use crate::codes::Code;

/// The path (no trailing slash) that the setting's shape calls for.
pub fn target_path(case: &UrlCase) -> String {
    match case.shape {
        Shape::Root => String::new(),
        Shape::V1 => "/v1".into(),
        Shape::V1beta => "/v1beta".into(),
        Shape::Full => {
            let collapsed = &case.path.collapsed;
            if matches!(case.routes_lookup(collapsed), Some(RouteMatch::Found(_))) {
                collapsed.clone()
            } else if case.path.extra.is_some()
                || (case.path.endpoint.is_some() && case.path.version.is_some())
            {
                // Something endpoint-like we do not know: leave it to CR301 rather than guess.
                collapsed.clone()
            } else {
                case.full_endpoint().unwrap_or_else(|| collapsed.clone())
            }
        }
    }
}

pub fn doubled(case: &UrlCase) -> Option<Problem> {
    let d = case.path.doubled.as_ref()?;
    Some(Problem { code: Code::CR101, message: crate::tr!("rule.doubled", segment = d) })
}

pub fn endpoint_in_base(case: &UrlCase) -> Option<Problem> {
    if case.shape == Shape::Full {
        return None;
    }
    let ep = case.path.endpoint.as_ref()?;
    if case.accepts_full && matches!(case.routes_lookup(&case.path.collapsed), Some(RouteMatch::Found(_))) {
        return None;
    }
    Some(Problem { code: Code::CR104, message: crate::tr!("rule.endpoint_in_base", endpoint = ep) })
}

pub fn unexpected_version(case: &UrlCase) -> Option<Problem> {
    let wanted = match case.shape {
        Shape::Root => None,
        Shape::V1 => Some("v1"),
        Shape::V1beta => Some("v1beta"),
        Shape::Full => return None,
    };
    let written = match (&case.path.version, &case.path.extra) {
        (Some(v), _) if Some(v.as_str()) != wanted => format!("/{v}"),
        (None, Some(extra)) if case.shape == Shape::Root => extra.clone(),
        _ => return None,
    };
    if case.shape == Shape::Root && case.accepts_full && case.path.endpoint.is_some() {
        return None;
    }
    Some(Problem {
        code: Code::CR102,
        message: crate::tr!(
            "rule.unexpected_version",
            who = case.who,
            wants = case.shape.label(),
            written = written
        ),
    })
}

pub fn missing_version(case: &UrlCase) -> Option<Problem> {
    if !matches!(case.shape, Shape::V1 | Shape::V1beta) || case.path.version.is_some() {
        return None;
    }
    Some(Problem {
        code: Code::CR103,
        message: crate::tr!("rule.missing_version", who = case.who, wants = case.shape.label()),
    })
}

pub fn not_full_endpoint(case: &UrlCase) -> Option<Problem> {
    if case.shape != Shape::Full || case.path.endpoint.is_some() || case.path.extra.is_some() || case.free_url
    {
        return None;
    }
    // A FULL base-url setting names its protocol or endpoint (checked at load).
    let example = case.full_endpoint().unwrap_or_default();
    Some(Problem {
        code: Code::CR105,
        message: crate::tr!("rule.not_full_endpoint", who = case.who, example = example),
    })
}

pub fn trailing_slash(case: &UrlCase) -> Option<Problem> {
    if !case.slash_breaks || !case.parts.has_trailing_slash() {
        return None;
    }
    Some(Problem { code: Code::CR106, message: crate::tr!("rule.trailing_slash", who = case.who) })
}
