//! The endpoint table compiled for lookups: exact match of a path against the
//! route templates, and "did you mean" by edit distance when nothing matches.

use super::types::RouteSpec;

/// Placeholders a template may use; anything else is a data error.
const PLACEHOLDERS: &[&str] = &["model", "task_id", "id", "type"];

#[derive(Debug, Clone)]
pub struct Route {
    pub spec: RouteSpec,
    matcher: Template,
}

/// A path template, compiled: literal text, placeholders (one or more characters
/// other than `/`) and a final `*` (anything but a line break). Matched whole,
/// by hand: as exact as the regex it replaces, without compiling one per route
/// when the catalog loads.
#[derive(Debug, Clone)]
struct Template(Vec<Part>);

#[derive(Debug, Clone)]
enum Part {
    Literal(String),
    Placeholder,
    Rest,
}

impl Template {
    fn is_match(&self, path: &str) -> bool {
        matches(&self.0, path)
    }
}

fn matches(parts: &[Part], text: &str) -> bool {
    match parts.split_first() {
        None => text.is_empty(),
        Some((Part::Literal(l), rest)) => text.strip_prefix(l.as_str()).is_some_and(|t| matches(rest, t)),
        Some((Part::Rest, _)) => !text.contains('\n'),
        Some((Part::Placeholder, rest)) => {
            let run = text.find('/').unwrap_or(text.len());
            text[..run].char_indices().map(|(i, c)| i + c.len_utf8()).any(|end| matches(rest, &text[end..]))
        }
    }
}

#[derive(Debug)]
pub struct RouteTable {
    pub routes: Vec<Route>,
}

#[derive(Debug, Clone, Copy)]
pub enum RouteMatch<'a> {
    Found(&'a Route),
    /// No route has this path; the nearest template, if one is close.
    Unknown(Option<&'a Route>),
}

impl RouteTable {
    pub fn compile(specs: &[RouteSpec]) -> Result<RouteTable, String> {
        let mut routes = Vec::new();
        for spec in specs {
            let matcher = template_regex(&spec.path)?;
            if spec.methods.is_empty()
                || spec
                    .methods
                    .iter()
                    .any(|m| !matches!(m.as_str(), "GET" | "POST" | "PUT" | "DELETE" | "PATCH"))
            {
                return Err(format!("route {}: methods must be HTTP methods", spec.path));
            }
            routes.push(Route { spec: spec.clone(), matcher });
        }
        Ok(RouteTable { routes })
    }

    /// Looks up a concrete path (no query, no trailing slash).
    pub fn lookup(&self, path: &str) -> RouteMatch<'_> {
        if let Some(r) = self.routes.iter().find(|r| r.matcher.is_match(path)) {
            return RouteMatch::Found(r);
        }
        RouteMatch::Unknown(self.nearest(path))
    }

    /// The path starts like a route of the table (`/v1/…`, `/mj/…`, `/kling/…`): an API
    /// call rather than a web page.
    pub fn is_api_path(&self, path: &str) -> bool {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        !first.is_empty()
            && self
                .routes
                .iter()
                .any(|r| r.spec.path.trim_start_matches('/').split('/').next() == Some(first))
    }

    /// The route whose template is nearest to `path`, when it is plausibly a typo of it.
    pub fn nearest(&self, path: &str) -> Option<&Route> {
        self.routes
            .iter()
            .map(|r| (strsim::levenshtein(&r.spec.path, path), r))
            .filter(|(d, r)| *d <= (r.spec.path.len() / 4).max(2))
            .min_by_key(|(d, _)| *d)
            .map(|(_, r)| r)
    }
}

impl Route {
    pub fn allows(&self, method: &str) -> bool {
        self.spec.methods.iter().any(|m| m.eq_ignore_ascii_case(method))
    }
}

/// `/v1beta/models/{model}:generateContent` → `^/v1beta/models/[^/]+?:generateContent$`.
fn template_regex(template: &str) -> Result<Template, String> {
    let err = |why: &str| format!("route {template:?}: {why}");
    if !template.starts_with('/') {
        return Err(err("a path template starts with /"));
    }
    let mut parts = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('{') {
            let close = after.find('}').ok_or_else(|| err("unclosed {"))?;
            let name = &after[..close];
            if !PLACEHOLDERS.contains(&name) {
                return Err(err(&format!("unknown placeholder {{{name}}}")));
            }
            parts.push(Part::Placeholder);
            rest = &after[close + 1..];
        } else if rest == "*" {
            parts.push(Part::Rest);
            rest = "";
        } else {
            let next = rest.find(['{', '*']).unwrap_or(rest.len());
            let literal = &rest[..next];
            if literal.contains('}') {
                return Err(err("stray }"));
            }
            if next < rest.len() && rest[next..].starts_with('*') && next + 1 != rest.len() {
                return Err(err("* is only allowed at the end"));
            }
            parts.push(Part::Literal(literal.to_string()));
            rest = &rest[next..];
        }
    }
    Ok(Template(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_compile_and_match() {
        let re = template_regex("/v1beta/models/{model}:generateContent").unwrap();
        assert!(re.is_match("/v1beta/models/gemini-2.5-flash:generateContent"));
        assert!(!re.is_match("/v1beta/models/a/b:generateContent"));
        assert!(!re.is_match("/v1beta/models/gemini:streamGenerateContent"));
        assert!(template_regex("/v1/dashboard/billing/*").unwrap().is_match("/v1/dashboard/billing/usage"));
        assert!(template_regex("/v1/dashboard/billing/*").unwrap().is_match("/v1/dashboard/billing/"));
        assert!(!template_regex("/v1/dashboard/billing/*").unwrap().is_match("/v1/dashboard/billing"));
        let two = template_regex("/jimeng/fetch/{task_id}").unwrap();
        assert!(two.is_match("/jimeng/fetch/é1"));
        assert!(!two.is_match("/jimeng/fetch/"));
        assert!(!two.is_match("/jimeng/fetch/a/"));
        assert!(!two.is_match("/jimeng/fetch/a/b"));
        let mid = template_regex("/v1/{model}/x{id}y").unwrap();
        assert!(mid.is_match("/v1/m/xay"));
        assert!(mid.is_match("/v1/m/xayy"));
        assert!(!mid.is_match("/v1/m/xy"));
    }

    #[test]
    fn malformed_templates_are_rejected() {
        for bad in ["v1/models", "/v1/{model", "/v1/{nope}", "/v1/*/x", "/v1/}x"] {
            assert!(template_regex(bad).is_err(), "{bad} should be rejected");
        }
    }
}
