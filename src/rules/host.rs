//! Host rules: CR201 console host as API, CR202 `http://`, CR205 a look-alike
//! of a gateway host, CR203 a region other than the chosen one. Each states its
//! problem and moves the draft URL's host or scheme to where it must point.

use super::url_case::UrlCase;
use super::Problem;
use crate::codes::Code;
use crate::url::{HostClass, UrlParts};

pub fn console_host(case: &UrlCase, draft: &mut UrlParts) -> Option<Problem> {
    if case.host != HostClass::Console {
        return None;
    }
    draft.host = case.target_host.clone();
    Some(Problem {
        code: Code::CR201,
        message: format!("`{}` is the web console, not an API host", case.parts.host),
    })
}

pub fn insecure_scheme(case: &UrlCase, draft: &mut UrlParts) -> Option<Problem> {
    if case.parts.scheme.eq_ignore_ascii_case(&case.catalog.gateway.scheme) {
        return None;
    }
    draft.scheme = case.catalog.gateway.scheme.clone();
    if case.parts.port.as_deref() == Some("80") {
        draft.port = None;
    }
    Some(Problem {
        code: Code::CR202,
        message: format!("`{}://`: the gateway is HTTPS only", case.parts.scheme),
    })
}

pub fn lookalike_host(case: &UrlCase, draft: &mut UrlParts) -> Option<Problem> {
    let HostClass::Lookalike { nearest } = &case.host else { return None };
    draft.host = nearest.clone();
    Some(Problem {
        code: Code::CR205,
        message: format!("`{}` is not a gateway host (did you mean `{nearest}`?)", case.parts.host),
    })
}

pub fn region_mismatch(case: &UrlCase, draft: &mut UrlParts) -> Option<Problem> {
    let (HostClass::Entry { region }, Some(chosen)) = (&case.host, &case.chosen_region) else { return None };
    if region == chosen {
        return None;
    }
    draft.host = case.target_host.clone();
    Some(Problem {
        code: Code::CR203,
        message: format!("`{}` is the {region} entry; the chosen region is {chosen}", case.parts.host),
    })
}
