//! The registry of rule codes: one typed table where a reader finds every rule,
//! its name, default severity, what its fix is, and its page (`crlint rule CODE`
//! prints the page verbatim; pages live in `rules/pages/en/`, their Chinese
//! twins in `rules/pages/zh-CN/`). Depends on nothing but `i18n`:
//! diagnostics, rules, reporters and the configuration all look codes up here.

use std::fmt;

use serde::Serialize;

use crate::i18n::Lang;

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
    pub doc: &'static str,
    /// The Chinese page (`rules/pages/zh-CN/`).
    pub doc_zh: &'static str,
}

impl RuleInfo {
    /// One line on what the rule finds (`rules/pages/en/summaries.toml`).
    pub fn summary(&self) -> &'static str {
        summaries(Lang::En).get(self.code.as_str()).map_or("", String::as_str)
    }

    /// The summary in `lang` (`rules/pages/zh-CN/summaries.toml`), English when it has none.
    pub fn summary_in(&self, lang: Lang) -> &'static str {
        summaries(lang).get(self.code.as_str()).map_or_else(|| self.summary(), String::as_str)
    }

    /// The page in `lang`.
    pub fn page(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.doc,
            Lang::ZhCn => self.doc_zh,
        }
    }
}

fn summaries(lang: Lang) -> &'static std::collections::BTreeMap<String, String> {
    type Table = std::collections::BTreeMap<String, String>;
    static EN: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    static ZH: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    let (cell, text) = match lang {
        Lang::En => (&EN, include_str!("../rules/pages/en/summaries.toml")),
        Lang::ZhCn => (&ZH, include_str!("../rules/pages/zh-CN/summaries.toml")),
    };
    cell.get_or_init(|| toml::from_str(text).expect("rules/pages/*/summaries.toml is a table of strings"))
}

macro_rules! rules {
    ($( $code:ident $name:literal $sev:ident $fix:ident; )*) => {
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
                doc: include_str!(concat!("../rules/pages/en/", stringify!($code), ".md")),
                doc_zh: include_str!(concat!("../rules/pages/zh-CN/", stringify!($code), ".md")),
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
    CR001 "unused-suppression" Warning None;
    CR101 "doubled-version-segment" Error Safe;
    CR102 "unexpected-version-segment" Error Safe;
    CR103 "missing-version-segment" Error Safe;
    CR104 "endpoint-in-base-url" Error Safe;
    CR105 "base-url-not-full-endpoint" Error Safe;
    CR106 "trailing-slash-breaks-client" Error Safe;
    CR107 "malformed-url" Error SafeWhereTrivial;
    CR108 "query-in-base-url" Error Safe;
    CR201 "console-host-as-api" Error Safe;
    CR202 "insecure-scheme" Error Safe;
    CR203 "region-mismatch" Warning Safe;
    CR204 "mixed-regions" Warning None;
    CR205 "unknown-gateway-host" Error Unsafe;
    CR206 "gateway-in-userinfo" Error None;
    CR301 "unknown-endpoint" Error Unsafe;
    CR302 "wrong-method" Error None;
    CR303 "undocumented-endpoint" Info None;
    CR401 "claude-over-chat-completions" Warning None;
    CR402 "codex-wire-api-chat" Error Safe;
    CR403 "legacy-env-var" Warning Unsafe;
    CR404 "gemini-cli-auth-type" Error Unsafe;
    CR405 "shared-env-conflict" Warning None;
    CR406 "codex-legacy-profile" Warning None;
    CR407 "reserved-provider-id" Error None;
    CR408 "ignored-setting" Warning None;
    CR409 "unknown-provider" Error None;
    CR410 "conflicting-settings" Warning None;
    CR411 "first-start-only" Info None;
    CR412 "reader-unknown" Info None;
    CR501 "hardcoded-api-key" Warning None;
    CR502 "key-in-url" Error None;
    CR503 "unexpanded-key-reference" Error None;
    CR901 "parse-error" Error None;
    CR902 "unreadable-file" Error None;
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
    Code::CR206,
    Code::CR107,
    Code::CR108,
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
pub const PROJECT_CODES: &[Code] = &[Code::CR204, Code::CR404, Code::CR405, Code::CR412];

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
    fn every_rule_has_a_summary_and_every_summary_a_rule() {
        for r in RULES {
            assert!(!r.summary().is_empty(), "{} has no summary", r.code);
        }
        for lang in [Lang::En, Lang::ZhCn] {
            for code in summaries(lang).keys() {
                assert!(Code::parse(code).is_some(), "summary of no rule {code}");
            }
        }
    }

    #[test]
    fn every_rule_has_a_chinese_page_and_summary() {
        for r in RULES {
            assert!(summaries(Lang::ZhCn).contains_key(r.code.as_str()), "{} has no zh-CN summary", r.code);
            assert!(
                r.doc_zh.starts_with(&format!("# {} {}\n", r.code, r.name)),
                "{} zh-CN page title",
                r.code
            );
            for heading in ["## 作用", "## 为什么有问题", "## 示例", "## 修复安全性"] {
                assert!(r.doc_zh.contains(heading), "{} zh-CN page lacks {heading}", r.code);
            }
        }
    }

    /// The Chinese page shows the same examples as the English one, block for block.
    #[test]
    fn chinese_pages_keep_the_english_code_blocks() {
        let blocks = |page: &str| -> Vec<String> {
            page.split("```").enumerate().filter(|(i, _)| i % 2 == 1).map(|(_, b)| b.to_string()).collect()
        };
        for r in RULES {
            let en = blocks(r.doc);
            assert!(!en.is_empty(), "{} has no example", r.code);
            assert_eq!(blocks(r.doc_zh), en, "{} code blocks", r.code);
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
