//! The registry of rule codes: one table where a reader finds every rule, its
//! name, default severity, what its fix is, and its page (`crlint rule CODE`
//! prints the page verbatim; pages live in `src/rules/docs/`).

use crate::diagnostic::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    Safe,
    SafeWhereTrivial,
    Unsafe,
    None,
}

impl FixKind {
    pub fn label(self) -> &'static str {
        match self {
            FixKind::Safe => "safe",
            FixKind::SafeWhereTrivial => "safe where trivial",
            FixKind::Unsafe => "unsafe",
            FixKind::None => "none",
        }
    }
}

#[derive(Debug)]
pub struct RuleInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub fix: FixKind,
    pub summary: &'static str,
    pub doc: &'static str,
}

macro_rules! rules {
    ($( $code:literal $name:literal $sev:ident $fix:ident $summary:literal; )*) => {
        pub static RULES: &[RuleInfo] = &[$(
            RuleInfo {
                code: $code,
                name: $name,
                severity: Severity::$sev,
                fix: FixKind::$fix,
                summary: $summary,
                doc: include_str!(concat!("docs/", $code, ".md")),
            },
        )*];
    };
}

rules! {
    "CR001" "unused-suppression" Warning None "a `crlint: ignore` comment that suppresses nothing";
    "CR101" "doubled-version-segment" Error Safe "`/v1/v1`, `/v1beta/v1beta`, `/v1/messages/v1/messages` … in a URL";
    "CR102" "unexpected-version-segment" Error Safe "the client wants ROOT (or another version), the value has `/v1` or `/v1beta`";
    "CR103" "missing-version-segment" Error Safe "the client wants V1 or V1BETA, the value has none";
    "CR104" "endpoint-in-base-url" Error Safe "a base URL that already holds an endpoint";
    "CR105" "base-url-not-full-endpoint" Error Safe "the client wants the full endpoint, the value is a base";
    "CR106" "trailing-slash-breaks-client" Error Safe "a trailing `/` where this client concatenates without trimming";
    "CR107" "malformed-url" Error SafeWhereTrivial "not a URL: spaces, stray quotes, missing scheme";
    "CR201" "console-host-as-api" Error Safe "the web console host used as an API host";
    "CR202" "insecure-scheme" Error Safe "`http://` to a gateway host";
    "CR203" "region-mismatch" Warning Safe "the host's region differs from the chosen region";
    "CR204" "mixed-regions" Warning None "one project points at both regional entries";
    "CR205" "unknown-gateway-host" Error Unsafe "a host that looks like the gateway but is not one of its entries";
    "CR301" "unknown-endpoint" Error Unsafe "a full URL whose path is in no table";
    "CR302" "wrong-method" Error None "a documented path used with the wrong method";
    "CR303" "undocumented-endpoint" Info None "served by the platform but not in the documented table";
    "CR401" "claude-over-chat-completions" Warning None "a Claude model behind an OpenAI-compatible provider in an agent client";
    "CR402" "codex-wire-api-chat" Error Safe "Codex `wire_api = \"chat\"` is refused by current Codex";
    "CR403" "legacy-env-var" Warning Unsafe "`OPENAI_API_BASE` alone: ignored by openai >= 1.0";
    "CR404" "gemini-cli-auth-type" Error Unsafe "`GOOGLE_GEMINI_BASE_URL` without `security.auth.selectedType = \"gemini-api-key\"`";
    "CR405" "shared-env-conflict" Warning None "one variable read by clients that want different shapes";
    "CR406" "codex-legacy-profile" Warning None "Codex `profile = …` or `[profiles.<name>]` in config.toml: no longer loaded (error for `profile =`)";
    "CR501" "hardcoded-api-key" Warning None "a gateway key written into a file (error when git tracks it)";
    "CR502" "key-in-url" Error None "a key in a URL query";
    "CR901" "parse-error" Error None "the file does not parse";
    "CR902" "unreadable-file" Error None "permission, not UTF-8, too large, not a regular file";
}

pub fn rule(code: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// The order in which the URL rules claim a value: a value gets one finding,
/// with the first code that applies (design.md).
pub const URL_PRECEDENCE: &[&str] =
    &["CR107", "CR201", "CR202", "CR205", "CR101", "CR104", "CR102", "CR103", "CR105", "CR106", "CR203"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_page_with_the_four_headings() {
        for r in RULES {
            assert!(r.doc.starts_with(&format!("# {} {}", r.code, r.name)), "{} page title", r.code);
            for heading in ["## What it does", "## Why is this bad?", "## Example", "## Fix safety"] {
                assert!(r.doc.contains(heading), "{} lacks {heading}", r.code);
            }
        }
        assert!(URL_PRECEDENCE.iter().all(|c| rule(c).is_some()));
    }
}
