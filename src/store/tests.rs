//! Unit tests of the store reader: what each app's record becomes, the
//! active provider, and the URI that opens a database immutable.

use super::*;

fn spec() -> StoreSpec {
    let text = r#"
query = "SELECT app_type, id, name, settings_config, is_current FROM providers"
locator = "provider \"{name}\" (id {id}, app {app})"
active_file = "settings.json"
edit_hint = "edit it in the app"
mark = "S"
source = "test"
[[apps]]
app = "a-json"
name = "A"
file = "a/settings.json"
format = "json"
active_key = "currentA"
[[apps]]
app = "b-toml"
name = "B"
file = "b/config.toml"
format = "toml"
take = "config"
[[apps]]
app = "c-env"
name = "C"
file = "c/.env"
format = "dotenv"
take = "env"
[[apps]]
app = "d-frag"
name = "D"
file = "d/d.json"
format = "json"
wrap = "provider"
"#;
    toml::from_str(text).unwrap()
}

fn row(app: &str, id: &str, document: &str, current: bool) -> Row {
    Row { app: app.into(), id: id.into(), name: format!("N {id}"), document: document.into(), current }
}

#[test]
fn each_app_record_becomes_the_text_of_its_file() {
    let contents = Contents {
        rows: vec![
            row("a-json", "1", r#"{"env": {"U": "https://h.test"}}"#, true),
            row("b-toml", "2", r#"{"auth": {}, "config": "base_url = \"https://h.test/v1\"\n"}"#, false),
            row(
                "c-env",
                "3",
                r#"{"env": {"U": "https://h.test", "N": 3, "Q": "a b"}, "config": null}"#,
                false,
            ),
            row("d-frag", "p9", r#"{"options": {"baseURL": "https://h.test/v1"}}"#, false),
            row("z-other", "4", "{}", false),
            row("a-json", "5", "not json", false),
        ],
        active: Default::default(),
    };
    let (inners, bad) = documents(&spec(), "Switcher", &contents);
    let texts: Vec<&str> = inners.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(texts[0], r#"{"env": {"U": "https://h.test"}}"#);
    assert_eq!(texts[1], "base_url = \"https://h.test/v1\"\n");
    assert_eq!(texts[2], "N=3\nQ=\"a b\"\nU=https://h.test\n");
    let wrapped: serde_json::Value = serde_json::from_str(texts[3]).unwrap();
    assert_eq!(wrapped["provider"]["p9"]["options"]["baseURL"], "https://h.test/v1");
    assert_eq!(inners.len(), 4);
    assert_eq!(inners[1].file.as_deref(), Some("b/config.toml"));
    assert_eq!(inners[1].placement.locator(), Some("provider \"N 2\" (id 2, app b-toml)"));
    assert_eq!(inners[0].label, "Switcher provider \"N 1\" (id 1) for A");
    assert_eq!(bad.len(), 1);
    assert!(bad[0].reason.contains("not JSON"), "{:?}", bad[0]);
}

#[cfg(feature = "stores")]
#[test]
fn the_active_provider_is_the_settings_file_choice_when_it_exists() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "CREATE TABLE providers (id TEXT, app_type TEXT, name TEXT, settings_config TEXT, is_current BOOLEAN);
         INSERT INTO providers VALUES ('1', 'a-json', 'one', '{}', 1), ('2', 'a-json', 'two', '{}', 0);",
    )
    .unwrap();
    drop(conn);
    let active = |settings: &str| {
        std::fs::write(dir.path().join("settings.json"), settings).unwrap();
        read(&db, &spec()).unwrap().active.get("a-json").cloned()
    };
    assert_eq!(active(r#"{"currentA": "2"}"#).as_deref(), Some("2"));
    // A stale id falls back to the row marked current.
    assert_eq!(active(r#"{"currentA": "gone"}"#).as_deref(), Some("1"));
    assert_eq!(active("not json").as_deref(), Some("1"));
}
