//! From a configured base URL to the URL of the gateway's model list.
//!
//! For: turning a base URL plus the shape the client expects (ROOT, V1, V1BETA,
//! FULL) into the one `GET …/v1/models` URL the probe asks, reading the shape off
//! the URL when the caller does not know it. Not for: judging whether the shape is
//! right for a client (that is the lint's job); a wrong shape here simply yields a
//! URL that the gateway answers with 404, which is what the probe should report.

pub use crate::catalog::{BaseSuffixes, Shape};

/// A URL taken apart just enough for path surgery.
struct BaseUrl<'a> {
    scheme: String,
    authority: &'a str,
    /// Without trailing slashes; empty for the root.
    path: &'a str,
}

fn split(base_url: &str) -> Result<BaseUrl<'_>, String> {
    let url = base_url.trim();
    let (scheme, rest) = url.split_once("://").ok_or_else(|| format!("not a URL (no scheme): {url:?}"))?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(format!("not an http(s) URL: {url:?}"));
    }
    // Query and fragment never matter for the model list, and may hold a key.
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    // User information (`user@host`) is never probed: it hides which host a
    // client contacts (`https://api.crazyrouter.com@evil.test/v1` goes to
    // evil.test, `%2f@` and `:443@` spell the same), parsers disagree on it (a
    // `\` is a `/` to some), and a key must go only where the lint says (CR206).
    if authority.contains(['@', '\\']) {
        return Err("the host part holds user information (`…@`) or a backslash: which host a client contacts is unclear; nothing sent".into());
    }
    if authority.is_empty() || authority.contains(char::is_whitespace) {
        return Err(format!("no valid host in {url:?}"));
    }
    Ok(BaseUrl { scheme, authority, path: path.trim_end_matches('/') })
}

/// Where a known endpoint starts in `path` (the index of its `/v1` or `/v1beta`).
/// The endpoints are those of `rules/endpoints.toml` `[base_suffixes]`, the ones
/// the lint's CR104 knows, so the probe takes for FULL what the lint does.
fn endpoint_start(path: &str, endpoints: &BaseSuffixes) -> Option<usize> {
    ["/v1/", "/v1beta/"].iter().find_map(|version| {
        path.match_indices(version)
            .map(|(i, _)| i)
            .find(|&i| endpoints.is_endpoint(&path[i + version.len() - 1..]))
    })
}

/// The shape a URL has on its face: see the module docs of `probe`.
pub fn infer_shape(base_url: &str, endpoints: &BaseSuffixes) -> Result<Option<Shape>, String> {
    let url = split(base_url)?;
    Ok(shape_of_path(url.path, endpoints))
}

fn shape_of_path(path: &str, endpoints: &BaseSuffixes) -> Option<Shape> {
    if path.is_empty() {
        Some(Shape::Root)
    } else if endpoint_start(path, endpoints).is_some() {
        Some(Shape::Full)
    } else if path.ends_with("/v1") {
        Some(Shape::V1)
    } else if path.ends_with("/v1beta") {
        Some(Shape::V1beta)
    } else {
        None // a prefix of some other kind
    }
}

/// The model list URL for `base_url` used with `shape` (read off the URL when
/// `None`; a path that fits no shape is taken as a prefix and gets `/models`).
pub fn models_url(base_url: &str, shape: Option<Shape>, endpoints: &BaseSuffixes) -> Result<String, String> {
    let url = split(base_url)?;
    let path = url.path;
    let new_path = match shape.or_else(|| shape_of_path(path, endpoints)) {
        Some(Shape::Root) => format!("{path}/v1/models"),
        Some(Shape::V1) => format!("{path}/models"),
        Some(Shape::V1beta) => match path.strip_suffix("/v1beta") {
            Some(prefix) => format!("{prefix}/v1/models"),
            None => return Err(format!("expected a path ending in /v1beta, got {path:?}")),
        },
        Some(Shape::Full) => match endpoint_start(path, endpoints) {
            Some(i) => format!("{}/v1/models", &path[..i]),
            None => return Err(format!("no known endpoint at the end of {path:?}")),
        },
        None => format!("{path}/models"),
    };
    Ok(format!("{}://{}{new_path}", url.scheme, url.authority))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &str = "https://api.crazyrouter.com";

    fn endpoints() -> BaseSuffixes {
        crate::catalog::Catalog::embedded().unwrap().base_suffixes
    }

    fn models_url(base: &str, shape: Option<Shape>) -> Result<String, String> {
        super::models_url(base, shape, &endpoints())
    }

    fn url(base: &str, shape: Option<Shape>) -> String {
        models_url(base, shape).unwrap()
    }

    #[test]
    fn explicit_shapes() {
        let want = "https://api.crazyrouter.com/v1/models";
        assert_eq!(url(HOST, Some(Shape::Root)), want);
        assert_eq!(url(&format!("{HOST}/"), Some(Shape::Root)), want);
        assert_eq!(url(&format!("{HOST}/v1"), Some(Shape::V1)), want);
        assert_eq!(url(&format!("{HOST}/v1//"), Some(Shape::V1)), want);
        assert_eq!(url(&format!("{HOST}/v1beta"), Some(Shape::V1beta)), want);
        for endpoint in [
            "/v1/chat/completions",
            "/v1/messages",
            "/v1/responses",
            "/v1/completions",
            "/v1/embeddings",
            "/v1beta/models/gemini-2.5-pro:generateContent",
            "/v1beta/models/gemini-2.5-pro:streamGenerateContent",
        ] {
            assert_eq!(url(&format!("{HOST}{endpoint}"), Some(Shape::Full)), want);
        }
    }

    #[test]
    fn explicit_shape_wins_over_the_url() {
        // A doubled segment is kept: the probe should then see the 404 the client sees.
        assert_eq!(url(&format!("{HOST}/v1"), Some(Shape::Root)), "https://api.crazyrouter.com/v1/v1/models");
        assert!(models_url(HOST, Some(Shape::V1beta)).is_err());
        assert!(models_url(&format!("{HOST}/v1"), Some(Shape::Full)).is_err());
    }

    #[test]
    fn shape_read_off_the_url() {
        let want = "https://api.crazyrouter.com/v1/models";
        assert_eq!(url(HOST, None), want);
        assert_eq!(url(&format!("{HOST}/"), None), want);
        assert_eq!(url(&format!("{HOST}/v1/"), None), want);
        assert_eq!(url(&format!("{HOST}/v1beta"), None), want);
        assert_eq!(url(&format!("{HOST}/v1/chat/completions"), None), want);
        assert_eq!(url(&format!("{HOST}/v1/messages/"), None), want);
        assert_eq!(
            url("https://cn.crazyrouter.com/proxy/openai", None),
            "https://cn.crazyrouter.com/proxy/openai/models"
        );
        assert_eq!(
            url("https://cn.crazyrouter.com/proxy/v1/responses", None),
            "https://cn.crazyrouter.com/proxy/v1/models"
        );
        assert_eq!(infer_shape(HOST, &endpoints()).unwrap(), Some(Shape::Root));
        assert_eq!(infer_shape("https://h/x", &endpoints()).unwrap(), None);
        // What the lint does not know as an endpoint is no FULL URL for the probe either.
        assert_eq!(
            infer_shape(&format!("{HOST}/v1/chat/completions"), &BaseSuffixes::default()).unwrap(),
            None
        );
    }

    #[test]
    fn query_and_ports() {
        assert_eq!(
            url("HTTPS://api.crazyrouter.com:8443/v1?key=sk-secret#x", None),
            "https://api.crazyrouter.com:8443/v1/models"
        );
        assert_eq!(url("http://api.crazyrouter.com/v1", None), "http://api.crazyrouter.com/v1/models");
    }

    #[test]
    fn user_information_is_never_probed() {
        // Regression: the probe dropped what came before the last `@` and asked
        // the host after it; clients may read the same text otherwise.
        for base in [
            "https://api.crazyrouter.com@evil.test/v1",
            "https://api.crazyrouter.com%2f@evil.test/v1",
            "https://api.crazyrouter.com:443@evil.test/v1",
            "https://evil.test@api.crazyrouter.com/v1",
            "https://user:pw@api.crazyrouter.com/v1",
            "https://evil.test\\@api.crazyrouter.com/v1",
        ] {
            let why = models_url(base, None).unwrap_err();
            assert!(why.contains("user information") && !why.contains("pw"), "{base}: {why}");
        }
        // An `@` in the path or the query is no user information.
        assert_eq!(
            url("https://api.crazyrouter.com/v1?from=a@b", None),
            "https://api.crazyrouter.com/v1/models"
        );
    }

    #[test]
    fn rejects_non_urls() {
        assert!(models_url("api.crazyrouter.com/v1", None).is_err());
        assert!(models_url("ftp://api.crazyrouter.com", None).is_err());
        assert!(models_url("https://", None).is_err());
        assert!(models_url("https:///v1", None).is_err());
    }
}
