//! The message catalogs (`rules/messages/en.toml`, `zh-CN.toml`): every id has
//! its twin, twins have the same placeholders, every id the code uses exists,
//! and the data's own texts (`message`/`help` of a client's constraints and
//! requirements) carry their Chinese twins with the same placeholders.

use std::collections::BTreeSet;
use std::path::Path;

use crlint::i18n::{parse_catalog, placeholders, source, Lang};

fn ids_used_in(dir: &Path, out: &mut BTreeSet<String>) {
    let call = regex::Regex::new(r#"\btr!\(\s*"([A-Za-z0-9_.\-]+)""#).unwrap();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            ids_used_in(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.extend(call.captures_iter(&text).map(|c| c[1].to_string()));
        }
    }
}

#[test]
fn every_english_message_has_its_chinese_twin() {
    let en = parse_catalog(source(Lang::En)).unwrap();
    let zh = parse_catalog(source(Lang::ZhCn)).unwrap();
    let missing: Vec<&String> = en.keys().filter(|k| !zh.contains_key(*k)).collect();
    assert!(missing.is_empty(), "ids without a zh-CN twin: {missing:?}");
}

#[test]
fn every_chinese_message_has_its_english_original() {
    let en = parse_catalog(source(Lang::En)).unwrap();
    let zh = parse_catalog(source(Lang::ZhCn)).unwrap();
    let extra: Vec<&String> = zh.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(extra.is_empty(), "zh-CN ids that en.toml lacks: {extra:?}");
}

#[test]
fn twins_have_the_same_placeholders() {
    let en = parse_catalog(source(Lang::En)).unwrap();
    let zh = parse_catalog(source(Lang::ZhCn)).unwrap();
    let mut differ = Vec::new();
    for (id, text) in &en {
        let Some(twin) = zh.get(id) else { continue };
        let (a, b): (BTreeSet<String>, BTreeSet<String>) =
            (placeholders(text).into_iter().collect(), placeholders(twin).into_iter().collect());
        if a != b {
            differ.push(format!("{id}: en {a:?}, zh-CN {b:?}"));
        }
    }
    assert!(differ.is_empty(), "placeholders differ:\n{}", differ.join("\n"));
}

#[test]
fn every_id_the_code_uses_is_in_the_english_catalog() {
    let en = parse_catalog(source(Lang::En)).unwrap();
    let mut used = BTreeSet::new();
    ids_used_in(Path::new("src"), &mut used);
    assert!(used.len() >= 8, "only {} ids found in src/: is the reader broken?", used.len());
    let unknown: Vec<&String> = used.iter().filter(|id| !en.contains_key(*id)).collect();
    assert!(unknown.is_empty(), "ids used in src/ but not in en.toml: {unknown:?}");
}

#[test]
fn the_catalogs_are_read_from_the_shipped_files() {
    // The test above would pass on an empty catalog read from elsewhere.
    let on_disk = std::fs::read_to_string("rules/messages/zh-CN.toml").unwrap();
    assert_eq!(on_disk, source(Lang::ZhCn));
}

/// Every text the data says itself (a constraint's or a requirement's `message`
/// and `help`, a legacy variable's `legacy_why`, the Claude-over-chat help) has
/// its `_zh` twin beside it, with the same placeholders.
#[test]
fn every_text_of_the_data_has_its_chinese_twin() {
    let catalog = crlint::catalog::Catalog::embedded().unwrap();
    let mut pairs: Vec<(String, String, Option<String>)> = Vec::new();
    for c in &catalog.clients {
        let id = &c.profile.id;
        for (_, s) in &c.settings {
            for e in &s.expect {
                pairs.push((format!("{id} {} message", e.code), e.message.clone(), e.message_zh.clone()));
                if let Some(help) = &e.help {
                    pairs.push((format!("{id} {} help", e.code), help.clone(), e.help_zh.clone()));
                }
            }
        }
        for r in &c.profile.requires {
            let code = &r.code;
            pairs.push((format!("{id} {code} message"), r.message.clone(), r.message_zh.clone()));
            pairs.push((format!("{id} {code} help"), r.help.clone(), r.help_zh.clone()));
            pairs.push((format!("{id} {code} why_missing"), r.why_missing.clone(), r.why_missing_zh.clone()));
            pairs.push((format!("{id} {code} why_unset"), r.why_unset.clone(), r.why_unset_zh.clone()));
            pairs.push((format!("{id} {code} why_other"), r.why_other.clone(), r.why_other_zh.clone()));
        }
    }
    for v in &catalog.env {
        if let Some(why) = &v.legacy_why {
            pairs.push((format!("env {} legacy_why", v.name), why.clone(), v.legacy_why_zh.clone()));
        }
    }
    let chat = &catalog.checks.claude_over_chat;
    pairs.push(("checks claude_over_chat help".into(), chat.help.clone(), chat.help_zh.clone()));
    assert!(pairs.len() >= 20, "only {} texts read", pairs.len());
    let mut wrong = Vec::new();
    for (what, en, zh) in &pairs {
        match zh {
            None => wrong.push(format!("{what}: no _zh twin")),
            Some(zh) => {
                let (a, b): (BTreeSet<String>, BTreeSet<String>) =
                    (placeholders(en).into_iter().collect(), placeholders(zh).into_iter().collect());
                if a != b {
                    wrong.push(format!("{what}: placeholders {a:?} vs {b:?}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
