//! What a gateway's answer to `GET …/v1/models` means.
//!
//! For: the probe verdicts of the design (ok, unauthorized, wrong-path,
//! unreachable, timeout, unexpected, plus refused), their one-line summaries, and
//! turning a raw response into one of them, including "model not offered, did you
//! mean". Not for: making the request (`http`) or deciding whether it may be made
//! (`policy`). Every text stored in a verdict has been scrubbed of keys.

use serde::Deserialize;

use super::http::{FetchError, RawResponse};
use super::secret::{scrub, Secret};

/// How much of an unexpected body a verdict keeps.
const EXCERPT_CHARS: usize = 200;

/// Below this Jaro-Winkler similarity an offered model is no useful suggestion.
const MIN_SIMILARITY: f64 = 0.7;

#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// 200 with a model list. `missing_models`: configured models not offered,
    /// each with the nearest offered id when one is close enough.
    Ok {
        model_count: usize,
        missing_models: Vec<(String, Option<String>)>,
    },
    /// 401/403: host and path are right; the key is wrong, or none was sent.
    Unauthorized {
        status: u16,
        key_sent: bool,
    },
    /// 404, or an HTML page: the host or the URL's shape is wrong.
    WrongPath {
        status: u16,
        html: bool,
        hint: String,
    },
    /// DNS, connect or TLS failure (or an unusable CA file).
    Unreachable {
        cause: String,
    },
    Timeout,
    /// Anything else: the status and a short, redacted excerpt or note.
    Unexpected {
        status: u16,
        excerpt: String,
    },
    /// Not contacted at all: see `policy`.
    Refused {
        reason: String,
    },
}

impl Verdict {
    /// The design's verdict name, for reports and JSON.
    pub fn name(&self) -> &'static str {
        match self {
            // One verdict for one case, the same in every output and the exit code:
            // a model list without a model the config names is not "ok".
            Verdict::Ok { missing_models, .. } if !missing_models.is_empty() => "model-not-offered",
            Verdict::Ok { .. } => "ok",
            Verdict::Unauthorized { .. } => "unauthorized",
            Verdict::WrongPath { .. } => "wrong-path",
            Verdict::Unreachable { .. } => "unreachable",
            Verdict::Timeout => "timeout",
            Verdict::Unexpected { .. } => "unexpected",
            Verdict::Refused { .. } => "refused",
        }
    }

    /// True only for a model list that offers every configured model.
    pub fn is_ok(&self) -> bool {
        matches!(self, Verdict::Ok { missing_models, .. } if missing_models.is_empty())
    }

    /// One line for a human.
    pub fn summary(&self) -> String {
        match self {
            Verdict::Ok { model_count, missing_models } if missing_models.is_empty() => {
                crate::tr!("probe.ok", n = model_count)
            }
            Verdict::Ok { model_count, missing_models } => {
                let missing: Vec<String> = missing_models
                    .iter()
                    .map(|(model, near)| match near {
                        Some(near) => crate::tr!("probe.near", model = model, near = near),
                        None => model.clone(),
                    })
                    .collect();
                crate::tr!("probe.missing", models = missing.join(", "), n = model_count)
            }
            Verdict::Unauthorized { status, key_sent: false } => {
                crate::tr!("probe.key_missing", status = status)
            }
            Verdict::Unauthorized { status, .. } => {
                crate::tr!("probe.unauthorized", status = status)
            }
            Verdict::WrongPath { status, hint, .. } => {
                crate::tr!("probe.wrong_path", status = status, hint = hint)
            }
            Verdict::Unreachable { cause } => crate::tr!("probe.unreachable", cause = cause),
            Verdict::Timeout => crate::tr!("probe.timeout"),
            Verdict::Unexpected { status, excerpt } => {
                crate::tr!("probe.unexpected", status = status, excerpt = excerpt)
            }
            Verdict::Refused { reason } => crate::tr!("probe.refused", reason = reason),
        }
    }
}

/// The verdict for a request that produced no response.
pub(crate) fn classify_error(err: FetchError, key: Option<&Secret>) -> Verdict {
    match err {
        FetchError::Timeout => Verdict::Timeout,
        FetchError::Unreachable(cause) => Verdict::Unreachable { cause: scrub(&cause, key) },
    }
}

#[derive(Deserialize)]
struct ModelList {
    data: Vec<ModelEntry>,
}

#[derive(Deserialize)]
struct ModelEntry {
    id: String,
}

/// The verdict for a response; `models` are the models the config names.
pub(crate) fn classify(raw: &RawResponse, models: &[String], key: Option<&Secret>) -> Verdict {
    let status = raw.status;
    if raw.too_large {
        return Verdict::Unexpected {
            status,
            excerpt: "body larger than the probe's cap: not read".to_string(),
        };
    }
    if status == 401 || status == 403 {
        return Verdict::Unauthorized { status, key_sent: key.is_some() };
    }
    let html = is_html(raw);
    if status == 404 || (html && (200..500).contains(&status) && !(300..400).contains(&status)) {
        let hint = if html {
            "an HTML page: this is the web console or a wrong host/path"
        } else {
            "no model list here: check the base URL's /v1 segment for this client"
        };
        return Verdict::WrongPath { status, html, hint: hint.to_string() };
    }
    if (300..400).contains(&status) {
        let target = raw.location.as_deref().map(location_host);
        let excerpt = match target {
            Some(target) => format!("redirect to {target}, not followed"),
            None => "redirect without a Location, not followed".to_string(),
        };
        return Verdict::Unexpected { status, excerpt: scrub(&excerpt, key) };
    }
    if status == 200 {
        return match serde_json::from_slice::<ModelList>(&raw.body) {
            Ok(list) => {
                let offered: Vec<&str> = list.data.iter().map(|m| m.id.as_str()).collect();
                Verdict::Ok { model_count: offered.len(), missing_models: missing_models(models, &offered) }
            }
            Err(_) => Verdict::Unexpected {
                status,
                excerpt: format!("not a model list: {}", excerpt(&raw.body, key)),
            },
        };
    }
    Verdict::Unexpected { status, excerpt: excerpt(&raw.body, key) }
}

fn is_html(raw: &RawResponse) -> bool {
    let declared =
        raw.content_type.as_deref().is_some_and(|ct| ct.to_ascii_lowercase().starts_with("text/html"));
    let body_start = raw.body.iter().find(|b| !b.is_ascii_whitespace());
    declared || body_start == Some(&b'<')
}

/// Where a `Location` points: `host h` for an absolute URL (only the host: the
/// rest may hold anything), `path p on the same host` for a relative one.
fn location_host(location: &str) -> String {
    match location.split_once("://") {
        Some((_, rest)) => {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
            let host = authority.rsplit('@').next().unwrap_or_default();
            format!("host {host}")
        }
        None => {
            let path = location.split(['?', '#']).next().unwrap_or_default();
            format!("path {path} on the same host")
        }
    }
}

/// The first characters of a body, whitespace folded, keys redacted. Redaction
/// comes first so that a cut cannot leave a longer piece of a key than the hint.
fn excerpt(body: &[u8], key: Option<&Secret>) -> String {
    let text = String::from_utf8_lossy(body);
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let clean = scrub(&folded, key);
    let mut short: String = clean.chars().take(EXCERPT_CHARS).collect();
    if short.len() < clean.len() {
        short.push('…');
    }
    if short.is_empty() {
        short.push_str("(empty body)");
    }
    short
}

/// Configured models that are not offered, each with the nearest offered id.
fn missing_models(configured: &[String], offered: &[&str]) -> Vec<(String, Option<String>)> {
    configured
        .iter()
        .filter(|model| !offered.contains(&model.as_str()))
        .map(|model| (model.clone(), nearest(model, offered)))
        .collect()
}

fn nearest(model: &str, offered: &[&str]) -> Option<String> {
    let wanted = model.to_ascii_lowercase();
    // Jaro-Winkler favours a shared prefix, which is how model names vary
    // (`claude-sonnet-4` vs `claude-sonnet-4-5`); Levenshtein breaks ties.
    let score = |id: &str| {
        let id = id.to_ascii_lowercase();
        (strsim::jaro_winkler(&wanted, &id), strsim::normalized_levenshtein(&wanted, &id))
    };
    offered
        .iter()
        .map(|id| (score(id), *id))
        .filter(|((jw, _), _)| *jw >= MIN_SIMILARITY)
        .max_by(|(a, _), (b, _)| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal))
        .map(|(_, id)| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, content_type: &str, body: &str) -> RawResponse {
        RawResponse {
            status,
            content_type: Some(content_type.to_string()),
            location: None,
            body: body.as_bytes().to_vec(),
            too_large: false,
        }
    }

    #[test]
    fn nearest_prefers_the_same_family() {
        let offered = ["gpt-4o", "claude-sonnet-4-5", "gemini-2.5-pro"];
        assert_eq!(nearest("claude-sonet-4-5", &offered).as_deref(), Some("claude-sonnet-4-5"));
        assert_eq!(nearest("zzzz", &offered), None);
    }

    #[test]
    fn model_list_with_a_missing_model() {
        let body = r#"{"object":"list","data":[{"id":"gpt-4o"},{"id":"gpt-4o-mini"}]}"#;
        let models = vec!["gpt-4o".to_string(), "gpt-4o-mimi".to_string()];
        let verdict = classify(&raw(200, "application/json", body), &models, None);
        assert_eq!(
            verdict,
            Verdict::Ok {
                model_count: 2,
                missing_models: vec![("gpt-4o-mimi".into(), Some("gpt-4o-mini".into()))],
            }
        );
        assert!(verdict.summary().contains("did you mean gpt-4o-mini"));
    }

    #[test]
    fn html_is_wrong_path_even_with_200() {
        let verdict = classify(&raw(200, "text/plain", "  <!doctype html>"), &[], None);
        assert!(matches!(verdict, Verdict::WrongPath { html: true, .. }));
    }

    #[test]
    fn unexpected_excerpt_is_redacted_and_short() {
        let key = Secret::new("sk-0123456789abcdefghijklmnop");
        let body = format!("oops {} {}", key.expose(), "x".repeat(500));
        let verdict = classify(&raw(500, "text/plain", &body), &[], Some(&key));
        let Verdict::Unexpected { excerpt, .. } = &verdict else { panic!("{verdict:?}") };
        assert!(excerpt.starts_with("oops sk-01…mnop x"));
        assert!(!excerpt.contains(key.expose()));
        assert!(excerpt.chars().count() <= EXCERPT_CHARS + 1);
    }

    #[test]
    fn unauthorized_without_a_key_says_key_missing() {
        let verdict = classify(&raw(401, "application/json", "{}"), &[], None);
        assert!(verdict.summary().contains("key missing"));
    }
}
