//! The language of the human texts: `Lang` (English or Simplified Chinese),
//! chosen once per run by the command layer (`--lang`, else the locale for the
//! human formats), and `t`/`tr!`, which look a message id up in the catalog of
//! that language (`rules/messages/en.toml`, `rules/messages/zh-CN.toml`, one
//! entry per id, placeholders `{name}`). Depends on nothing: rules, reporters,
//! doctor and setup all say their texts through it. Data that carries its own
//! texts (a client's `message`/`help`) keeps the Chinese twin beside the English
//! (`message_zh`), chosen with `pick`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A language crlint speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    ZhCn,
}

impl Lang {
    /// `en`, `zh-CN` (also `zh`, `zh_CN`, `zh-Hans`, any case).
    pub fn parse(text: &str) -> Option<Lang> {
        let t = text.trim().to_ascii_lowercase().replace('_', "-");
        if t == "en" || t.starts_with("en-") || t == "c" || t == "posix" {
            Some(Lang::En)
        } else if t == "zh" || t.starts_with("zh-") {
            Some(Lang::ZhCn)
        } else {
            None
        }
    }

    /// The language a locale asks for: the first of `LC_ALL`, `LC_MESSAGES`,
    /// `LANG` that is set and not empty decides; `zh*` is Chinese, anything else English.
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|v| var(v).filter(|s| !s.is_empty()));
        match value {
            Some(v) if v.to_ascii_lowercase().starts_with("zh") => Lang::ZhCn,
            _ => Lang::En,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }
}

static CURRENT: OnceLock<Lang> = OnceLock::new();

/// Sets the language of this run; the first call wins (the binary runs one command).
pub fn set(lang: Lang) {
    let _ = CURRENT.set(lang);
}

/// The language of this run (English until `set`).
pub fn lang() -> Lang {
    CURRENT.get().copied().unwrap_or(Lang::En)
}

/// The catalog source of a language, as shipped.
pub fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../rules/messages/en.toml"),
        Lang::ZhCn => include_str!("../rules/messages/zh-CN.toml"),
    }
}

/// A catalog's entries, nested tables flattened to dotted ids (`[check] summary` is `check.summary`).
pub fn parse_catalog(text: &str) -> Result<BTreeMap<String, String>, String> {
    fn walk(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) -> Result<(), String> {
        for (k, v) in table {
            let id = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            match v {
                toml::Value::String(s) => {
                    out.insert(id, s.clone());
                }
                toml::Value::Table(t) => walk(&id, t, out)?,
                _ => return Err(format!("{id}: a message is a string")),
            }
        }
        Ok(())
    }
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out = BTreeMap::new();
    walk("", &table, &mut out)?;
    Ok(out)
}

fn catalog(lang: Lang) -> &'static BTreeMap<String, String> {
    static EN: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    static ZH: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    let cell = match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH,
    };
    cell.get_or_init(|| parse_catalog(source(lang)).expect("rules/messages/*.toml is a table of strings"))
}

/// The placeholders (`{name}`) of a message, in order of first use.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j)
                if !after[..j].is_empty()
                    && after[..j].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                let name = after[..j].to_string();
                if !out.contains(&name) {
                    out.push(name);
                }
                rest = &after[j + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// Fills `{name}` placeholders of `text` with `args`; others stay as written.
pub fn fill(text: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let value =
            after.find('}').and_then(|j| args.iter().find(|(k, _)| *k == &after[..j]).map(|(_, v)| (j, v)));
        match value {
            Some((j, v)) => {
                out.push_str(v);
                rest = &after[j + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The message `id` in `lang`, placeholders filled (English when the id has no
/// twin; the id itself when English has none either, which a test forbids).
pub fn t_in(lang: Lang, id: &str, args: &[(&str, String)]) -> String {
    let text = catalog(lang).get(id).or_else(|| catalog(Lang::En).get(id)).map_or(id, String::as_str);
    fill(text, args)
}

/// The message `id` in this run's language.
pub fn t(id: &str, args: &[(&str, String)]) -> String {
    t_in(lang(), id, args)
}

/// Data's own text in this run's language: the Chinese twin when there is one.
pub fn pick<'a>(en: &'a str, zh: Option<&'a str>) -> &'a str {
    match (lang(), zh) {
        (Lang::ZhCn, Some(zh)) => zh,
        _ => en,
    }
}

/// The columns a terminal gives `text`: two for a wide (CJK, fullwidth) character, one otherwise.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// `tr!("check.files_many", n = 3)`: the message with its placeholders.
#[macro_export]
macro_rules! tr {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::t($id, &[$((stringify!($name), ($value).to_string())),*])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_variables_in_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::ZhCn);
        assert_eq!(Lang::from_locale(env(&[("LANG", "zh_TW.UTF-8")])), Lang::ZhCn);
        assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(Lang::from_locale(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])), Lang::En);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_CN"), ("LANG", "en")])),
            Lang::ZhCn
        );
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
    }

    #[test]
    fn lang_flag_values() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("zh_cn"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn placeholders_are_filled_and_listed() {
        assert_eq!(placeholders("a {n} b {files} {n} {not one} {}"), vec!["n", "files"]);
        assert_eq!(
            fill("Found {n} in {files}.", &[("n", "3".into()), ("files", "2".into())]),
            "Found 3 in 2."
        );
        assert_eq!(fill("`${{X}}` {y}", &[]), "`${{X}}` {y}");
    }

    #[test]
    fn both_catalogs_load() {
        assert!(!catalog(Lang::En).is_empty());
        assert!(!catalog(Lang::ZhCn).is_empty());
    }
}
