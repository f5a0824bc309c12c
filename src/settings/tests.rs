//! The key-path language on small documents: conditions, env positions with
//! wildcards, compose list items, Kubernetes pairs, separated lists, ownership.

use super::*;
use crate::document::{display_path, Format};
use crate::formats;

fn catalog_with(clients: &[(&str, &str)]) -> Catalog {
    let clients: Vec<(String, String)> =
        clients.iter().map(|(n, t)| (format!("clients/{n}.toml"), t.to_string())).collect();
    let sources = crate::catalog::Sources { clients, ..crate::catalog::Sources::embedded() };
    Catalog::from(&sources).unwrap()
}

fn settings_in(catalog: &Catalog, ids: &[&str], format: Format, text: &str) -> Vec<Setting> {
    let doc = formats::parse(format, text).unwrap();
    let readers: Vec<Reader> = ids.iter().map(|id| Reader::of(catalog.client(id).unwrap())).collect();
    find_settings(catalog, &readers, &doc, text)
}

/// (path, value, text at the span, shape) of each setting.
fn summary(text: &str, found: &[Setting]) -> Vec<(String, String, String, Option<Shape>)> {
    found
        .iter()
        .map(|s| {
            (
                display_path(&s.entry.path),
                s.entry.scalar.value.clone(),
                text[s.entry.scalar.content.clone()].to_string(),
                s.rule.shape,
            )
        })
        .collect()
}

const HEAD: &str = "name = \"T\"\nkind = \"agent\"\ndocs = \"x\"\n[[files]]\nglob = \"**/t\"\nformat = \"yaml\"\nscope = \"project\"\n";

const CLIENT: &str = r#"
id = "t"
name = "T"
kind = "agent"
docs = "x"
[[files]]
glob = "**/t.json"
format = "json"
scope = "project"
[[settings]]
path = "provider.*.options.baseURL"
role = "base-url"
shape = "v1"
mark = "R"
source = "x"
[[settings.when]]
key = "provider.*.npm"
any_of = ["@ai-sdk/anthropic"]
[[settings]]
path = "provider.*.options.baseURL"
role = "base-url"
shape = "v1beta"
mark = "R"
source = "x"
[[settings.when]]
capture = 1
any_of = ["google"]
[[settings.when]]
key = "provider.*.npm"
absent = true
"#;

#[test]
fn conditions_on_siblings_and_captures_choose_the_shape() {
    let catalog = catalog_with(&[("t", CLIENT)]);
    let json = r#"{"provider": {
        "a": {"npm": "@ai-sdk/anthropic", "options": {"baseURL": "x"}},
        "google": {"options": {"baseURL": "y"}},
        "google2": {"options": {"baseURL": "z"}},
        "other": {"npm": "@ai-sdk/openai", "options": {"baseURL": "w"}}
    }}"#;
    let found = settings_in(&catalog, &["t"], Format::Json, json);
    let got: Vec<_> = found.iter().map(|s| (display_path(&s.entry.path), s.rule.shape)).collect();
    assert_eq!(
        got,
        vec![
            ("provider.a.options.baseURL".to_string(), Some(Shape::V1)),
            ("provider.google.options.baseURL".to_string(), Some(Shape::V1beta)),
        ]
    );
    assert_eq!(found[0].provider_id.as_deref(), Some("a"));
    assert_eq!(display_path(&found[0].scope), "provider.a");
}

#[test]
fn free_wildcards_in_a_condition_mean_some_value() {
    let client = format!(
        "id = \"r\"\n{HEAD}{}",
        r#"
[[settings]]
path = "Providers[*].api_base_url"
role = "base-url"
shape = "full"
protocol = "anthropic"
mark = "S"
source = "x"
[[settings.when]]
key = "Providers[*].transformer.use[*]"
any_of = ["Anthropic"]
"#
    );
    let catalog = catalog_with(&[("r", &client)]);
    let yaml = "Providers:\n  - api_base_url: a\n    transformer:\n      use: [openrouter, Anthropic]\n  - api_base_url: b\n    transformer:\n      use: [openrouter]\n  - api_base_url: c\n";
    let found = settings_in(&catalog, &["r"], Format::Yaml, yaml);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entry.scalar.value, "a");
}

#[test]
fn none_of_excludes_values_of_a_capture() {
    let client = format!(
        "id = \"q\"\n{HEAD}{}",
        r#"
[[settings]]
path = "modelProviders.*[*].baseUrl"
role = "ignored"
mark = "R"
source = "x"
[[settings.when]]
capture = 1
none_of = ["openai", "anthropic"]
[[settings.when]]
key = "providerProtocol.*"
absent = true
"#
    );
    let catalog = catalog_with(&[("q", &client)]);
    let yaml = "modelProviders:\n  openai:\n    - baseUrl: a\n  custom:\n    - baseUrl: b\n  mapped:\n    - baseUrl: c\n  anthropic:\n    - baseUrl: d\nproviderProtocol:\n  mapped: openai\n";
    let found = settings_in(&catalog, &["q"], Format::Yaml, yaml);
    let got: Vec<_> = found.iter().map(|s| s.entry.scalar.value.as_str()).collect();
    assert_eq!(got, vec!["b"]);
}

#[test]
fn env_positions_lists_and_pairs() {
    let client = format!(
        "id = \"c\"\n{}{HEAD}",
        r#"
env_vars_at = ["services.*.environment", "env", "jobs.*.steps[*].env"]
env_lists_at = ["services.*.environment"]
env_pairs_at = ["spec.containers[*].env"]
"#
    );
    let catalog = catalog_with(&[("c", &client)]);
    let yaml = "\
services:
  app:
    environment:
      OPENAI_BASE_URL: https://a/v1
  web:
    environment:
      - \"ANTHROPIC_BASE_URL=https://b\"
      - OPENAI_API_KEY=k
      - NOT A VAR=x
      - \"ESCAPED=https:\\/\\/c\"
env:
  GOOGLE_GEMINI_BASE_URL: https://g
jobs:
  build:
    steps:
      - env:
          OPENAI_API_BASE: https://s/v1
spec:
  containers:
    - env:
        - name: OPENAI_BASE_URL
          value: https://k/v1
        - value: orphan
";
    let found = settings_in(&catalog, &["c"], Format::Yaml, yaml);
    assert_eq!(
        summary(yaml, &found),
        vec![
            (
                "services.app.environment.OPENAI_BASE_URL".into(),
                "https://a/v1".into(),
                "https://a/v1".into(),
                Some(Shape::V1)
            ),
            (
                "services.web.environment.ANTHROPIC_BASE_URL".into(),
                "https://b".into(),
                "https://b".into(),
                Some(Shape::Root)
            ),
            ("services.web.environment.OPENAI_API_KEY".into(), "k".into(), "k".into(), None),
            ("env.GOOGLE_GEMINI_BASE_URL".into(), "https://g".into(), "https://g".into(), Some(Shape::Root)),
            (
                "jobs.build.steps[0].env.OPENAI_API_BASE".into(),
                "https://s/v1".into(),
                "https://s/v1".into(),
                Some(Shape::V1)
            ),
            (
                "spec.containers[0].env.OPENAI_BASE_URL".into(),
                "https://k/v1".into(),
                "https://k/v1".into(),
                Some(Shape::V1)
            ),
        ]
    );
    // A list item is a part of a quoted value; a pair's value is a whole scalar.
    assert!(found[1].part_of_value && found[1].entry.scalar.quote == Quote::Double);
    assert!(!found[5].part_of_value);
    assert_eq!(&yaml[found[5].entry.key_span.clone().unwrap()], "OPENAI_BASE_URL");
}

#[test]
fn separated_values_give_one_setting_per_part() {
    let catalog = Catalog::embedded().unwrap();
    let text = "OPENAI_API_BASE_URLS=\"https://a/v1; https://b/v1/;;\"\nOPENAI_API_BASE_URLS=https://one/v1\nOPENAI_API_BASE_URLS=\"https://x\\n;y\"\n";
    let found = settings_in(&catalog, &["dotenv"], Format::Dotenv, text);
    let spans: Vec<&str> = found.iter().map(|s| &text[s.entry.scalar.content.clone()]).collect();
    assert_eq!(spans, vec!["https://a/v1", "https://b/v1/", "https://one/v1"]);
    assert!(found[0].part_of_value && found[1].part_of_value && !found[2].part_of_value);
    assert!(found.iter().all(|s| s.rule.slash_breaks));
}

#[test]
fn the_first_profile_owns_an_entry_and_the_others_are_readers() {
    let catalog = Catalog::embedded().unwrap();
    let order: Vec<&str> =
        catalog.profiles_for_path("p/.env").iter().map(|m| m.client.profile.id.as_str()).collect();
    assert_eq!(order, vec!["dotenv", "gemini-cli"]);
    let order: Vec<&str> =
        catalog.profiles_for_path("p/.gemini/.env").iter().map(|m| m.client.profile.id.as_str()).collect();
    assert_eq!(order[0], "gemini-cli");
    let text = "GOOGLE_GEMINI_BASE_URL=https://api.crazyrouter.com\nOPENAI_BASE_URL=https://x/v1\n";
    let found = settings_in(&catalog, &["dotenv", "gemini-cli"], Format::Dotenv, text);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].rule.client_id, "dotenv");
    assert_eq!(found[0].read_by, vec!["dotenv".to_string(), "gemini-cli".to_string()]);
    assert_eq!(found[1].read_by, vec!["dotenv".to_string()]);
}

/// `OPENAI_API_BASE_URL` is read by Open WebUI (V1) and chatgpt-web (ROOT): the
/// service's image, or a variable only one of them reads, names the reader; where
/// nothing does, the setting is undecided (no shape). `BASE_URL` (NextChat only) is
/// a setting only where NextChat is named, else undecided for the project pass.
#[test]
fn the_context_names_the_reader_of_a_shared_variable() {
    let catalog = Catalog::embedded().unwrap();
    let compose = "services:\n  web:\n    image: chenzhaoyu94/chatgpt-web:v2.11.1\n    environment:\n      OPENAI_API_BASE_URL: https://a\n  ui:\n    image: ghcr.io/open-webui/open-webui:main\n    environment:\n      - OPENAI_API_BASE_URL=https://b\n  other:\n    image: example/app\n    environment:\n      OPENAI_API_BASE_URL: https://c\n      BASE_URL: https://d\n  next:\n    image: yidadaa/chatgpt-next-web\n    environment:\n      BASE_URL: https://e\n";
    let found = settings_in(&catalog, &["docker-compose"], Format::Yaml, compose);
    let got: Vec<_> = found
        .iter()
        .map(|s| {
            (
                s.entry.scalar.value.as_str(),
                s.rule.client_id.as_str(),
                s.rule.shape,
                s.rule.undecided,
                s.rule.decided_by,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("https://a", "chatgpt-web", Some(Shape::Root), false, Some(DecidedBy::Image)),
            ("https://b", "open-webui", Some(Shape::V1), false, Some(DecidedBy::Image)),
            ("https://c", "docker-compose", None, true, None),
            ("https://d", "docker-compose", None, true, None),
            ("https://e", "nextchat", Some(Shape::Root), false, Some(DecidedBy::Image)),
        ]
    );
    // A marker of one reader, in the same file of variables, or the same container.
    let dotenv = "OPENAI_ACCESS_TOKEN=x\nOPENAI_API_BASE_URL=https://f\n";
    let found = settings_in(&catalog, &["dotenv"], Format::Dotenv, dotenv);
    let base = found.iter().find(|s| s.entry.scalar.value == "https://f").unwrap();
    assert_eq!(
        (base.rule.client_id.as_str(), base.rule.decided_by),
        ("chatgpt-web", Some(DecidedBy::Marker))
    );
    let pod = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: example/ui\n      env:\n        - name: OPENAI_API_KEYS\n          value: k\n        - name: OPENAI_API_BASE_URL\n          value: https://g\n";
    let found = settings_in(&catalog, &["kubernetes"], Format::Yaml, pod);
    let base = found.iter().find(|s| s.entry.scalar.value == "https://g").unwrap();
    assert_eq!((base.rule.client_id.as_str(), base.rule.shape), ("open-webui", Some(Shape::V1)));
    // Markers of both readers: nothing decides.
    let both = "OPENAI_ACCESS_TOKEN=x\nOPENAI_API_KEYS=y\nOPENAI_API_BASE_URL=https://h\n";
    let found = settings_in(&catalog, &["dotenv"], Format::Dotenv, both);
    assert!(found.iter().find(|s| s.entry.scalar.value == "https://h").unwrap().rule.undecided);
}
