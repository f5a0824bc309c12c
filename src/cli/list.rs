//! The listings: `crlint rules` and `crlint rule CODE` (the code registry),
//! `crlint clients` and `crlint endpoints` (the catalog), printed for people.
//! Knows the data and nothing of files.

use crate::catalog::{Catalog, Role, RouteMatch};
use crate::codes::{rule, RULES};

/// Prints `text` and says the command went well.
pub fn print(text: &str) -> i32 {
    print!("{text}");
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
                r.summary()
            )
        })
        .collect()
}

/// `crlint rule CODE`: the page, or a usage error.
pub fn rule_page(code: &str) -> i32 {
    match rule(code) {
        Some(r) => print(r.doc),
        None => {
            eprintln!("crlint: no rule {code}; `crlint rules` lists them all");
            2
        }
    }
}

/// Every client: its files, then each setting with its role, shape and mark.
pub fn clients(catalog: &Catalog) -> String {
    let mut out = String::new();
    // A client known only on a machine (the SDK environment) has no file to list here.
    for c in catalog.clients.iter().filter(|c| {
        !c.profile.files.is_empty() || !c.profile.settings.is_empty() || !c.profile.reads_env.is_empty()
    }) {
        let p = &c.profile;
        out.push_str(&format!("{} ({})\n", p.name, p.id));
        let files: Vec<String> = p.files.iter().map(|f| format!("{} [{}]", f.glob, f.format)).collect();
        out.push_str(&format!("  files: {}\n", files.join(", ")));
        let user: Vec<&str> = p.user_files.iter().map(|u| u.path.as_str()).collect();
        if !user.is_empty() {
            out.push_str(&format!("  user files: {}\n", user.join(", ")));
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
            let when = if s.when.is_empty() { String::new() } else { " (conditional)".to_string() };
            let slash = if s.slash_breaks { ", a trailing / breaks it" } else { "" };
            out.push_str(&format!("  {:<44} {what}{slash}{when} [{:?}]\n", s.path, s.mark));
        }
        if !p.env_vars_at.is_empty() {
            out.push_str("  every variable of rules/env.toml (see below)\n");
        }
        out.push('\n');
    }
    out.push_str("Environment variables (rules/env.toml)\n");
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

/// The endpoint table: method, path, family, documented or only served.
pub fn endpoints(catalog: &Catalog) -> String {
    let mut out = format!("{:<8} {:<46} {:<20} {}\n", "METHOD", "PATH", "FAMILY", "STATUS");
    for r in &catalog.routes.routes {
        let status = if r.spec.documented { "documented" } else { "served, undocumented" };
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
    match catalog.routes.lookup(clean) {
        RouteMatch::Found(r) => {
            let status =
                if r.spec.documented { "documented" } else { "served by the gateway, not documented" };
            (format!("{} {}: {} ({status})\n", r.spec.methods.join("/"), r.spec.path, r.spec.family), true)
        }
        RouteMatch::Unknown(Some(r)) => (
            format!(
                "{clean}: no such endpoint; did you mean {} {}?\n",
                r.spec.methods.join("/"),
                r.spec.path
            ),
            false,
        ),
        RouteMatch::Unknown(None) => {
            (format!("{clean}: no such endpoint (crlint endpoints lists them all)\n"), false)
        }
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
