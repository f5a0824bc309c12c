//! Host rules: CR201 console host as API, CR202 `http://`, CR205 a look-alike
//! of a gateway host, CR203 a region other than the chosen one, CR206 a gateway
//! name in the user information that hides the host really contacted. Each
//! states its problem and (but CR206) moves the draft URL's host or scheme to
//! where it must point.

use super::url_case::UrlCase;
use super::Problem;
use crate::catalog::Catalog;
use crate::codes::Code;
use crate::url::{classify_host, gateway_name_in_userinfo, HostClass, UrlParts};

/// CR206: `https://api.crazyrouter.com@evil.test/v1` reads as the gateway, but
/// what comes before the `@` is user information: clients send the request, and
/// the key, to `evil.test`. Judged before the host (which is usually not the
/// gateway's at all); a URL whose host is a gateway API entry is left to the
/// other rules. No fix: which host was meant is for a person to say.
pub fn gateway_in_userinfo(catalog: &Catalog, parts: &UrlParts) -> Option<Problem> {
    let userinfo = parts.userinfo.as_deref()?;
    if matches!(classify_host(catalog, &parts.host), HostClass::Entry { .. }) {
        return None;
    }
    let named = gateway_name_in_userinfo(catalog, userinfo)?;
    Some(Problem {
        code: Code::CR206,
        message: crate::tr!("rule.gateway_in_userinfo", named = named, host = parts.host),
    })
}

pub fn console_host(case: &UrlCase, draft: &mut UrlParts) -> Option<Problem> {
    if case.host != HostClass::Console {
        return None;
    }
    draft.host = case.target_host.clone();
    Some(Problem { code: Code::CR201, message: crate::tr!("rule.console_host", host = case.parts.host) })
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
        message: crate::tr!("rule.insecure_scheme", scheme = case.parts.scheme),
    })
}

pub fn lookalike_host(case: &UrlCase, draft: &mut UrlParts) -> Option<Problem> {
    let HostClass::Lookalike { nearest } = &case.host else { return None };
    draft.host = nearest.clone();
    Some(Problem {
        code: Code::CR205,
        message: crate::tr!("rule.lookalike_host", host = case.parts.host, nearest = nearest),
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
        message: crate::tr!("rule.region_mismatch", host = case.parts.host, region = region, chosen = chosen),
    })
}
