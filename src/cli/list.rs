//! The listings: `crlint rules` and `crlint rule CODE` (the code registry),
//! `crlint clients` and `crlint endpoints` (the catalog), printed for people.
//! Knows the data and nothing of files.

use crate::catalog::knowledge::Knowledge;
use crate::catalog::{Catalog, Role, RouteMatch};
use crate::codes::{rule, RULES};

/// Prints `text` and says the command went well.
pub fn print(text: &str) -> i32 {
    super::output::out(text);
    0
}

/// Every rule, one line each.
pub fn rules() -> String {
    RULES
        .iter()
        .map(|r| {
            format!(
                "{}  {:<30} {:<8} fix: {:<18} {}\n",
                r.code,
                r.name,
                r.severity.as_str(),
                r.fix.label(),
                r.summary_in(crate::i18n::lang())
            )
        })
        .collect()
}

/// `crlint rule CODE`: the page, or a usage error.
pub fn rule_page(code: &str) -> i32 {
    match rule(code) {
        Some(r) => print(r.page(crate::i18n::lang())),
        None => {
            super::output::err(&crate::tr!("cli.no_rule", code = code));
            2
        }
    }
}

/// The width of the key-path column of `crlint clients`; a longer path gets a
/// line of its own, its description on the next.
const PATH_COLUMN: usize = 44;

/// Every client: its files, then each setting with its role, shape and mark.
pub fn clients(catalog: &Catalog) -> String {
    let mut out = crate::tr!("list.marks");
    out.push_str("\n\n");
    // How fresh this is: the day of the knowledge and the versions it was proven on.
    if let Ok(k) = Knowledge::embedded() {
        out.push_str(&crate::tr!("list.knowledge", date = k.date));
        out.push('\n');
        out.push_str(&k.versions_list("  "));
        out.push('\n');
    }
    // Where variables are set, for a client configured by its environment only.
    let env_places: Vec<&str> = catalog
        .clients
        .iter()
        // Files of variables only (no setting of their own): not a program's
        // own `env` block, which only that program reads.
        .filter(|c| {
            (!c.profile.env_vars_at.is_empty() || !c.env_positions.is_empty()) && c.settings.is_empty()
        })
        .map(|c| c.profile.name.as_str())
        .collect();
    // A client known only on a machine (the SDK environment) has no file to list here.
    for c in catalog.clients.iter().filter(|c| {
        !c.profile.files.is_empty() || !c.profile.settings.is_empty() || !c.profile.reads_env.is_empty()
    }) {
        let p = &c.profile;
        out.push_str(&format!("{} ({})\n", p.name, p.id));
        if p.files.is_empty() {
            let names: Vec<&str> = if p.reads_env.is_empty() {
                c.settings.iter().map(|(_, s)| s.path.as_str()).collect()
            } else {
                p.reads_env.iter().map(String::as_str).collect()
            };
            let line = crate::tr!("list.files_env", names = names.join(", "), places = env_places.join(", "));
            out.push_str(&format!("  {line}\n"));
            if !p.images.is_empty() {
                out.push_str(&format!("  {}\n", crate::tr!("list.images", images = p.images.join(", "))));
            }
        } else {
            let files: Vec<String> = p.files.iter().map(|f| format!("{} [{}]", f.glob, f.format)).collect();
            out.push_str(&format!("  {}\n", crate::tr!("list.files", files = files.join(", "))));
        }
        let user: Vec<&str> = p.user_files.iter().map(|u| u.path.as_str()).collect();
        if !user.is_empty() {
            out.push_str(&format!("  {}\n", crate::tr!("list.user_files", files = user.join(", "))));
        }
        if let Some(machine) = p.machine.as_ref().filter(|_| p.files.is_empty()) {
            let sources: Vec<String> = machine.sources.iter().map(describe_source).collect();
            out.push_str(&format!("  on a machine (crlint doctor): {}\n", sources.join("; ")));
        }
        for (_, s) in &c.settings {
            let what = match (s.role, s.shape) {
                (Role::BaseUrl, Some(shape)) => {
                    let also: String = s.also_accepts.iter().map(|a| format!(" or {}", a.name())).collect();
                    format!("base URL, {}{also}", shape.name())
                }
                (Role::EndpointUrl, _) => "full URL, checked against the endpoint table".to_string(),
                (role, _) => role.label().to_string(),
            };
            let when = if s.when.is_empty() {
                String::new()
            } else {
                let conditions: Vec<String> = s.when.iter().map(|w| describe_condition(&s.path, w)).collect();
                format!(" (when {})", conditions.join(" and "))
            };
            let slash = if s.slash_breaks { ", a trailing / breaks it" } else { "" };
            let described = format!("{what}{slash}{when} [{:?}]", s.mark);
            if s.path.chars().count() > PATH_COLUMN {
                out.push_str(&format!("  {}\n  {:<PATH_COLUMN$} {described}\n", s.path, ""));
            } else {
                out.push_str(&format!("  {:<PATH_COLUMN$} {described}\n", s.path));
            }
        }
        if !p.env_vars_at.is_empty() {
            out.push_str(&format!("  {}\n", crate::tr!("list.every_variable")));
        }
        out.push('\n');
    }
    out.push_str(&crate::tr!("list.env_heading"));
    out.push('\n');
    for v in &catalog.env {
        let shape = v.shape.map(|s| format!(", {}", s.name())).unwrap_or_default();
        out.push_str(&format!(
            "  {:<24} {}{shape} [{:?}]  read by {}\n",
            v.name,
            v.role.label(),
            v.mark,
            v.read_by.join(", ")
        ));
    }
    out
}

/// A setting's condition for people: "`provider` is `openai` or `openai-responses`".
fn describe_condition(path: &str, c: &crate::catalog::Condition) -> String {
    let subject = match (&c.key, c.capture) {
        (Some(key), _) => format!("`{key}`"),
        // The N-th wildcard of the setting's own path.
        (None, Some(n)) => format!("the {} `*` of `{path}`", ordinal(n)),
        (None, None) => format!("`{path}`"),
    };
    let quoted = |list: &[String]| list.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(" or ");
    if c.absent {
        format!("{subject} is absent")
    } else if !c.any_of.is_empty() {
        format!("{subject} is {}", quoted(&c.any_of))
    } else if !c.starts_with.is_empty() {
        format!("{subject} starts with {}", quoted(&c.starts_with))
    } else {
        format!("{subject} is set")
    }
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        n => format!("{n}th"),
    }
}

/// Where `crlint doctor` looks for a client's values: a file, a walk, a variable.
fn describe_source(s: &crate::catalog::SourceSpec) -> String {
    let mut parts = Vec::new();
    if let Some(path) = &s.path {
        parts.push(path.clone());
    }
    if !s.walk.is_empty() {
        parts.push(format!("the first of {} walking up", s.walk.join(", ")));
    }
    if !s.fallback.is_empty() {
        parts.push(format!("else {}", s.fallback.join(", ")));
    }
    if let Some(var) = &s.path_env {
        parts.push(format!("the file ${var} names"));
    }
    if s.env {
        parts.push("the environment".into());
    }
    format!("{} ({})", s.label, parts.join(", "))
}

/// The endpoint table: method, path, family, documented or only served.
pub fn endpoints(catalog: &Catalog) -> String {
    let mut out = format!("{:<8} {:<46} {:<20} {}\n", "METHOD", "PATH", "FAMILY", "STATUS");
    for r in &catalog.routes.routes {
        let status =
            if r.spec.documented { crate::tr!("list.documented") } else { crate::tr!("list.undocumented") };
        out.push_str(&format!(
            "{:<8} {:<46} {:<20} {status}\n",
            r.spec.methods.join("/"),
            r.spec.path,
            r.spec.family
        ));
    }
    out
}

/// Looks a path up: the route, or "did you mean". The flag says whether it was found.
pub fn lookup(catalog: &Catalog, path: &str) -> (String, bool) {
    let clean = path.split(['?', '#']).next().unwrap_or(path);
    let clean = clean.split_once("://").map_or(clean, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let clean = if clean.len() > 1 { clean.trim_end_matches('/') } else { clean };
    let shown = crate::redact::safe_line(clean);
    match catalog.routes.lookup(clean) {
        RouteMatch::Found(r) => {
            let status = if r.spec.documented {
                crate::tr!("list.documented")
            } else {
                crate::tr!("list.served_only")
            };
            (format!("{} {}: {} ({status})\n", r.spec.methods.join("/"), r.spec.path, r.spec.family), true)
        }
        RouteMatch::Unknown(Some(r)) => (
            crate::tr!(
                "list.no_endpoint_near",
                path = shown,
                methods = r.spec.methods.join("/"),
                route = r.spec.path
            ) + "\n",
            false,
        ),
        RouteMatch::Unknown(None) => (crate::tr!("list.no_endpoint", path = shown) + "\n", false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_routes_and_suggests_near_ones() {
        let c = Catalog::embedded().unwrap();
        assert_eq!(
            lookup(&c, "/v1/chat/completion"),
            (
                "/v1/chat/completion: no such endpoint; did you mean POST /v1/chat/completions?\n".into(),
                false
            )
        );
        assert!(
            lookup(&c, "https://api.crazyrouter.com/v1beta/models/gemini-2.5-pro:generateContent?alt=sse").1
        );
        assert!(lookup(&c, "/v1/messages/count_tokens").0.contains("not documented"));
        assert!(!lookup(&c, "/totally/else").1);
    }
}
