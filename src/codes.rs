//! The registry of rule codes: one typed table where a reader finds every rule,
//! its name, default severity, what its fix is, and its page (`crlint rule CODE`
//! prints the page verbatim; pages live in `rules/pages/en/`). Depends on nothing:
//! diagnostics, rules, reporters and the configuration all look codes up here.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

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
    pub code: Code,
    pub name: &'static str,
    pub severity: Severity,
    pub fix: FixKind,
    pub summary: &'static str,
    pub doc: &'static str,
}

macro_rules! rules {
    ($( $code:ident $name:literal $sev:ident $fix:ident $summary:literal; )*) => {
        /// A rule code. `Code::CR102.as_str()` is `"CR102"`.
        #[allow(clippy::upper_case_acronyms)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $code, )* }

        pub static RULES: &[RuleInfo] = &[$(
            RuleInfo {
                code: Code::$code,
                name: $name,
                severity: Severity::$sev,
                fix: FixKind::$fix,
                summary: $summary,
                doc: include_str!(concat!("../rules/pages/en/", stringify!($code), ".md")),
            },
        )*];

        impl Code {
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$code => stringify!($code), )* }
            }
        }
    };
}

rules! {
    CR001 "unused-suppression" Warning None "a `crlint: ignore` comment that suppresses nothing";
    CR101 "doubled-version-segment" Error Safe "`/v1/v1`, `/v1beta/v1beta`, `/v1/messages/v1/messages` … in a URL";
    CR102 "unexpected-version-segment" Error Safe "the client wants ROOT (or another version), the value has `/v1` or `/v1beta`";
    CR103 "missing-version-segment" Error Safe "the client wants V1 or V1BETA, the value has none";
    CR104 "endpoint-in-base-url" Error Safe "a base URL that already holds an endpoint";
    CR105 "base-url-not-full-endpoint" Error Safe "the client wants the full endpoint, the value is a base";
    CR106 "trailing-slash-breaks-client" Error Safe "a trailing `/` where this client concatenates without trimming";
    CR107 "malformed-url" Error SafeWhereTrivial "not a URL: spaces, stray quotes, missing scheme";
    CR201 "console-host-as-api" Error Safe "the web console host used as an API host";
    CR202 "insecure-scheme" Error Safe "`http://` to a gateway host";
    CR203 "region-mismatch" Warning Safe "the host's region differs from the chosen region";
    CR204 "mixed-regions" Warning None "one project points at both regional entries";
    CR205 "unknown-gateway-host" Error Unsafe "a host that looks like the gateway but is not one of its entries";
    CR301 "unknown-endpoint" Error Unsafe "a full URL whose path is in no table";
    CR302 "wrong-method" Error None "a documented path used with the wrong method";
    CR303 "undocumented-endpoint" Info None "served by the platform but not in the documented table";
    CR401 "claude-over-chat-completions" Warning None "a Claude model behind an OpenAI-compatible provider in an agent client";
    CR402 "codex-wire-api-chat" Error Safe "Codex `wire_api = \"chat\"` is refused by current Codex";
    CR403 "legacy-env-var" Warning Unsafe "`OPENAI_API_BASE` alone: ignored by openai >= 1.0";
    CR404 "gemini-cli-auth-type" Error Unsafe "`GOOGLE_GEMINI_BASE_URL` without `security.auth.selectedType = \"gemini-api-key\"`";
    CR405 "shared-env-conflict" Warning None "one variable read by clients that want different shapes";
    CR406 "codex-legacy-profile" Warning None "Codex `profile = …` or `[profiles.<name>]` in config.toml: no longer loaded (error for `profile =`)";
    CR501 "hardcoded-api-key" Warning None "a gateway key written into a file (error when git tracks it)";
    CR502 "key-in-url" Error None "a key in a URL query";
    CR901 "parse-error" Error None "the file does not parse";
    CR902 "unreadable-file" Error None "permission, not UTF-8, too large, not a regular file";
}

impl Code {
    pub fn info(self) -> &'static RuleInfo {
        RULES.iter().find(|r| r.code == self).expect("every code has its row")
    }

    pub fn name(self) -> &'static str {
        self.info().name
    }

    pub fn severity(self) -> Severity {
        self.info().severity
    }

    /// `CR102` (any case) → the code.
    pub fn parse(text: &str) -> Option<Code> {
        RULES.iter().find(|r| r.code.as_str().eq_ignore_ascii_case(text)).map(|r| r.code)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The row of a code given as text.
pub fn rule(code: &str) -> Option<&'static RuleInfo> {
    Code::parse(code).map(Code::info)
}

/// The order in which the URL rules claim a value: a value gets one finding,
/// with the first code that applies (design.md).
pub const URL_PRECEDENCE: &[Code] = &[
    Code::CR107,
    Code::CR201,
    Code::CR202,
    Code::CR205,
    Code::CR101,
    Code::CR104,
    Code::CR102,
    Code::CR103,
    Code::CR105,
    Code::CR106,
    Code::CR203,
];

/// The codes of rules that judge several files at once (their inline
/// suppressions are judged after the project pass, not with each file).
pub const PROJECT_CODES: &[Code] = &[Code::CR204, Code::CR404, Code::CR405];

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
    }

    #[test]
    fn codes_read_back() {
        for r in RULES {
            assert_eq!(Code::parse(r.code.as_str()), Some(r.code));
            assert_eq!(Code::parse(&r.code.as_str().to_lowercase()), Some(r.code));
        }
        assert_eq!(Code::parse("CR999"), None);
    }
}
