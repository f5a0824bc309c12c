//! CR404 gemini-cli-auth-type: Gemini CLI pointed at the gateway by
//! `GOOGLE_GEMINI_BASE_URL` (in `.gemini/.env` or `.env`) fails headless use with
//! "Invalid auth method selected." unless its settings select API-key auth,
//! `security.auth.selectedType = "gemini-api-key"` (R, Gemini CLI 0.61.0).
//!
//! A project rule: the value lives in one file, the setting in another. The
//! settings file looked at is the project's `.gemini/settings.json` (beside the
//! `.env`, or the settings of the `.gemini/` directory holding `.gemini/.env`);
//! a user's own `~/.gemini/settings.json` is not looked at, since CI and
//! teammates do not share it. A plain `.env` is read by google-genai too, so for
//! it the rule speaks only when the project has a `.gemini/settings.json` (it uses
//! Gemini CLI); a `.gemini/.env` always belongs to Gemini CLI.
//!
//! The unsafe fix writes the key into that settings file (creating it when
//! missing) with jsonc-parser's CST, keeping comments, order and indentation.

use std::path::{Path, PathBuf};

use jsonc_parser::cst::{CstInputValue, CstRootNode};
use jsonc_parser::ParseOptions;

use super::project::{FileSettings, ProjectFacts};
use super::registry::rule;
use crate::catalog::{Catalog, Role};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fix::{edit_between, Applicability, Fix, FixTarget};
use crate::settings::Setting;
use crate::url::{classify_host, UrlParts};

const CLIENT: &str = "gemini-cli";
/// The value that selects API-key auth (R 0.61.0; `AuthType.USE_GEMINI` in the CLI's source).
const API_KEY_AUTH: &str = "gemini-api-key";
const SETTINGS_DIR: &str = ".gemini";
const SETTINGS_FILE: &str = "settings.json";

/// The Gemini CLI base URLs on the gateway, each with its file and the settings file
/// that decides its auth, and whether the value sits in `.gemini/` itself.
fn gateway_base_urls<'f>(
    catalog: &Catalog,
    facts: &'f ProjectFacts,
) -> Vec<(&'f FileSettings, &'f Setting, PathBuf, bool)> {
    let mut out = Vec::new();
    for file in &facts.files {
        for s in &file.settings {
            let read_by_gemini = s.read_by.iter().any(|c| c == CLIENT);
            let on_gateway = UrlParts::parse(s.entry.scalar.value.trim())
                .is_some_and(|u| classify_host(catalog, &u.host).is_gateway_related());
            if s.rule.role != Role::BaseUrl || !read_by_gemini || !on_gateway {
                continue;
            }
            let dir = file.path.parent().unwrap_or(Path::new(""));
            let in_settings_dir = dir.file_name().is_some_and(|n| n == SETTINGS_DIR);
            let settings_dir = if in_settings_dir { dir.to_path_buf() } else { dir.join(SETTINGS_DIR) };
            out.push((file, s, settings_dir.join(SETTINGS_FILE), in_settings_dir));
        }
    }
    out
}

pub fn companions(catalog: &Catalog, facts: &ProjectFacts) -> Vec<PathBuf> {
    gateway_base_urls(catalog, facts).into_iter().map(|(_, _, settings, _)| settings).collect()
}

pub fn check(catalog: &Catalog, facts: &ProjectFacts) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (file, base, settings_path, in_settings_dir) in gateway_base_urls(catalog, facts) {
        let settings = facts.file(&settings_path);
        if settings.is_none() && !in_settings_dir {
            continue; // a plain .env in a project with no sign of Gemini CLI
        }
        let auth = settings.and_then(|f| {
            f.settings.iter().find(|s| s.rule.role == Role::AuthType && s.rule.client_id == CLIENT)
        });
        if auth.is_some_and(|a| a.entry.scalar.value == API_KEY_AUTH) {
            continue;
        }
        let why = match auth {
            Some(a) => format!("selects `{}`", a.entry.scalar.value),
            None if settings.is_some() => "does not set `security.auth.selectedType`".to_string(),
            None => "does not exist".to_string(),
        };
        let fix = settings_fix(settings.map(|f| f.text.as_str()), &settings_path);
        out.push(Diagnostic {
            code: "CR404",
            severity: rule("CR404").map_or(Severity::Error, |r| r.severity),
            path: file.path.clone(),
            span: base.entry.scalar.content.clone(),
            message: format!(
                "Gemini CLI: `{}` {why}; headless use (`gemini -p`, CI) fails with \"Invalid auth method selected.\"",
                settings_path.display()
            ),
            help: Some(format!(
                "set `\"security\": {{ \"auth\": {{ \"selectedType\": \"{API_KEY_AUTH}\" }} }}` in `{}`",
                settings_path.display()
            )),
            fix,
        });
    }
    out
}

/// The unsafe fix: `security.auth.selectedType = "gemini-api-key"` written into the
/// settings text (or a new file). `None` when the existing text does not parse.
fn settings_fix(existing: Option<&str>, path: &Path) -> Option<Fix> {
    let old = existing.unwrap_or("");
    let new = with_api_key_auth(old)?;
    let target = FixTarget { path: path.to_path_buf(), create: existing.is_none() };
    Some(Fix::elsewhere(Applicability::Unsafe, vec![edit_between(old, &new)], target))
}

/// `text` with `security.auth.selectedType` set to `"gemini-api-key"`, through the
/// CST so that comments, key order and indentation stay. An empty text becomes a
/// new settings object.
pub fn with_api_key_auth(text: &str) -> Option<String> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = &text[..text.len() - body.len()];
    if body.trim().is_empty() {
        let value = serde_json::json!({ "security": { "auth": { "selectedType": API_KEY_AUTH } } });
        return Some(format!("{bom}{}\n", serde_json::to_string_pretty(&value).ok()?));
    }
    let root = CstRootNode::parse(body, &ParseOptions::default()).ok()?;
    let settings = root.object_value()?;
    let auth = settings.object_value_or_set("security").object_value_or_set("auth");
    match auth.get("selectedType") {
        Some(prop) => prop.set_value(CstInputValue::String(API_KEY_AUTH.into())),
        None => {
            auth.append("selectedType", CstInputValue::String(API_KEY_AUTH.into()));
        }
    }
    Some(format!("{bom}{root}"))
}

#[cfg(test)]
mod tests {
    use super::with_api_key_auth;

    #[test]
    fn writes_the_key_keeping_comments_and_indentation() {
        let text = "{\n    // my theme\n    \"ui\": { \"theme\": \"GitHub\" },\n    \"model\": { \"name\": \"gemini-2.5-pro\" }\n}\n";
        let out = with_api_key_auth(text).unwrap();
        assert!(out.starts_with("{\n    // my theme\n    \"ui\": { \"theme\": \"GitHub\" },\n"), "{out}");
        assert!(out.contains("\"selectedType\": \"gemini-api-key\""), "{out}");
        let doc = crate::formats::parse(crate::document::Format::Json, &out).unwrap();
        let path: Vec<_> = ["security", "auth", "selectedType"]
            .iter()
            .map(|k| crate::document::Segment::Key(k.to_string()))
            .collect();
        assert_eq!(doc.get(&path).unwrap().scalar.value, "gemini-api-key");
    }

    #[test]
    fn replaces_another_auth_type_and_creates_a_new_file() {
        let text = "{\r\n  \"security\": {\r\n    \"auth\": { \"selectedType\": \"oauth-personal\" }\r\n  }\r\n}\r\n";
        let out = with_api_key_auth(text).unwrap();
        assert_eq!(out, text.replace("oauth-personal", "gemini-api-key"));
        let new = with_api_key_auth("").unwrap();
        assert!(new.contains("\"selectedType\": \"gemini-api-key\""), "{new}");
        assert!(with_api_key_auth("{ broken").is_none());
    }
}
