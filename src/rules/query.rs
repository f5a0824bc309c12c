//! CR108 query-in-base-url: a base URL with a query string or a fragment (the
//! tracking parameters of a shared link, `?utm_campaign=x/v1` with the path
//! pasted inside the query, an anchor). The draft loses both; where the
//! reader's shape does not say which path it needs (a URL in a guide or in code,
//! judged as a full URL), a version path the query or fragment ends with is
//! restored (`…?utm_campaign=x/v1` → `…/v1`). A query holding a key is left to
//! CR502: no fix removes a credential.

use super::url_case::UrlCase;
use super::Problem;
use crate::catalog::Shape;
use crate::codes::Code;
use crate::url::UrlParts;

/// The longest query shown in a message.
const SHOWN: usize = 40;

pub fn query_in_base(case: &UrlCase, draft: &mut UrlParts) -> Option<Problem> {
    let parts = &case.parts;
    if parts.query.is_none() && parts.fragment.is_none() {
        return None;
    }
    // A full endpoint may take a query (`/v1/messages?beta=true`); a bare base never does.
    let bare = matches!(parts.path.trim_end_matches('/'), "" | "/v1" | "/v1beta");
    if case.shape == Shape::Full && !bare {
        return None;
    }
    // A key in the query is CR502's (send it in a header, rotate it): a fix
    // never drops a credential the client may be relying on.
    if parts.query.as_deref().is_some_and(|q| !crate::redact::key_ranges(q).is_empty()) {
        return None;
    }
    let tail: String = [parts.query.as_deref(), parts.fragment.as_deref()].into_iter().flatten().collect();
    if case.shape == Shape::Full && parts.path.trim_matches('/').is_empty() {
        for version in ["/v1beta", "/v1"] {
            if tail.trim_end_matches('/').ends_with(version) {
                draft.path = version.to_string();
                break;
            }
        }
    }
    draft.query = None;
    draft.fragment = None;
    // `https://host/?utm_source=…`, `…/v1/?utm_source=…`: a link copied from a
    // browser; the `/` before the query goes with it.
    if draft.path.ends_with('/') {
        draft.path.pop();
    }
    let written = match (&parts.query, &parts.fragment) {
        (Some(q), _) => format!("?{q}"),
        (None, Some(f)) => format!("#{f}"),
        (None, None) => unreachable!(),
    };
    let shown = if written.chars().count() > SHOWN {
        format!("{}…", written.chars().take(SHOWN).collect::<String>())
    } else {
        written
    };
    Some(Problem {
        code: Code::CR108,
        message: format!(
            "`{shown}`: a base URL has no query string or fragment; the client appends its paths after it"
        ),
    })
}
