//! Switchers' stores (issue 16): CC Switch's database and claude-code-router
//! 3.x's, built here from the schemas their sources create, with wrong and
//! correct providers; `crlint check DB` and `crlint doctor` report exactly the
//! wrong ones, name the provider and the app, and never write the database
//! (its bytes and mtime are compared, also while another connection holds it
//! locked, and for a database in WAL mode with an un-checkpointed log).
//! Hostile stores give one clear CR901/CR902, never a panic.

#![cfg(all(unix, feature = "stores"))]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

/// farion1231/cc-switch 5ca9459d50ea4beea6a81bbc509de6ec5b6b09ca,
/// src-tauri/src/database/schema.rs `create_tables_on_conn` (sections 1, 2, 7),
/// with the columns `migrate_v1_to_v2` adds on a fresh database, the index, and
/// `SCHEMA_VERSION = 17` (database/mod.rs:56) in `user_version`.
const CC_SWITCH_SCHEMA: &str = r#"
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS providers (
    id TEXT NOT NULL,
    app_type TEXT NOT NULL,
    name TEXT NOT NULL,
    settings_config TEXT NOT NULL,
    website_url TEXT,
    category TEXT,
    created_at INTEGER,
    sort_index INTEGER,
    notes TEXT,
    icon TEXT,
    icon_color TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    is_current BOOLEAN NOT NULL DEFAULT 0,
    in_failover_queue BOOLEAN NOT NULL DEFAULT 0,
    PRIMARY KEY (id, app_type)
);
CREATE TABLE IF NOT EXISTS provider_endpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_id TEXT NOT NULL,
    app_type TEXT NOT NULL,
    url TEXT NOT NULL,
    added_at INTEGER,
    FOREIGN KEY (provider_id, app_type) REFERENCES providers(id, app_type) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT);
ALTER TABLE "providers" ADD COLUMN "cost_multiplier" TEXT NOT NULL DEFAULT '1.0';
ALTER TABLE "providers" ADD COLUMN "limit_daily_usd" TEXT;
ALTER TABLE "providers" ADD COLUMN "limit_monthly_usd" TEXT;
ALTER TABLE "providers" ADD COLUMN "provider_type" TEXT;
CREATE INDEX IF NOT EXISTS idx_providers_failover ON providers(app_type, in_failover_queue, sort_index);
PRAGMA user_version = 17;
"#;

/// musistudio/claude-code-router 1347c868,
/// packages/core/src/config/config-repository.ts:219 `createSchema` (the
/// tables a reader needs) and :785 (`journal_mode = WAL`).
const CCR3_SCHEMA: &str = r#"
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS app_config (key TEXT PRIMARY KEY, value_json TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', encrypted_key TEXT NOT NULL,
  encryption TEXT NOT NULL DEFAULT 'plain', created_at TEXT NOT NULL, expires_at TEXT NOT NULL DEFAULT '',
  limits_json TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS api_keys_created_at_idx ON api_keys(created_at);
CREATE TABLE IF NOT EXISTS config_schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL, details_json TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS runtime_state (key TEXT PRIMARY KEY, value_json TEXT NOT NULL, updated_at TEXT NOT NULL);
"#;

const KEY: &str = "sk-FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKE0001";

const LIMIT: Duration = Duration::from_secs(60);

struct Run {
    stdout: String,
    code: i32,
}

fn crlint(args: &[&str], home: &Path, cwd: &Path) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crlint"))
        .args(args)
        .current_dir(cwd)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env_remove("CRLINT_RULES_DIR")
        .env_remove("CRAZYROUTER_API_KEY")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("crlint runs");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > LIMIT {
            child.kill().unwrap();
            panic!("crlint {args:?} did not finish within {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "crlint panicked: {stderr}");
    Run { stdout: String::from_utf8_lossy(&out.stdout).into_owned(), code: out.status.code().unwrap_or(-1) }
}

/// One provider row: (id, app_type, name, settings_config, is_current).
type Provider<'a> = (&'a str, &'a str, &'a str, String, bool);

fn cc_switch_db(path: &Path, providers: &[Provider]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let db = Connection::open(path).unwrap();
    db.execute_batch(CC_SWITCH_SCHEMA).unwrap();
    for (i, (id, app, name, config, current)) in providers.iter().enumerate() {
        db.execute(
            "INSERT INTO providers (id, app_type, name, settings_config, meta, is_current, sort_index, created_at) \
             VALUES (?1, ?2, ?3, ?4, '{}', ?5, ?6, ?6)",
            rusqlite::params![id, app, name, config, current, i as i64],
        )
        .unwrap();
    }
    db.execute(
        "INSERT INTO provider_endpoints (provider_id, app_type, url, added_at) VALUES ('claude-ok', 'claude', 'https://cn.crazyrouter.com', 0)",
        [],
    )
    .ok();
}

fn claude(url: &str) -> String {
    serde_json::json!({"env": {"ANTHROPIC_BASE_URL": url, "ANTHROPIC_AUTH_TOKEN": KEY}}).to_string()
}

fn codex(url: &str) -> String {
    let toml = format!(
        "model_provider = \"custom\"\nmodel = \"gpt-5-codex\"\n\n[model_providers.custom]\nname = \"CRX\"\nbase_url = \"{url}\"\nwire_api = \"responses\"\nrequires_openai_auth = true\n"
    );
    serde_json::json!({"auth": {"OPENAI_API_KEY": KEY}, "config": toml}).to_string()
}

fn gemini(url: &str) -> String {
    serde_json::json!({"env": {"GEMINI_API_KEY": KEY, "GOOGLE_GEMINI_BASE_URL": url}, "config": null})
        .to_string()
}

fn opencode(url: &str) -> String {
    serde_json::json!({"npm": "@ai-sdk/openai-compatible", "options": {"baseURL": url, "apiKey": KEY}, "models": {"gpt-5": {"name": "gpt-5"}}})
        .to_string()
}

fn grok(url: &str) -> String {
    let toml = format!("[models]\ndefault = \"grok-4.5\"\n\n[model.\"grok-4.5\"]\nmodel = \"grok-4.5\"\nbase_url = \"{url}\"\napi_backend = \"responses\"\n");
    serde_json::json!({ "config": toml }).to_string()
}

fn openclaw(url: &str) -> String {
    serde_json::json!({"baseUrl": url, "apiKey": KEY, "api": "openai-completions", "models": [{"id": "gpt-5", "name": "gpt-5"}]}).to_string()
}

fn hermes(url: &str) -> String {
    serde_json::json!({"name": "crx", "base_url": url, "api_key": KEY, "api_mode": "chat_completions", "models": ["gpt-5"]}).to_string()
}

/// Wrong and correct providers of every app crlint reads from CC Switch.
fn realistic() -> Vec<Provider<'static>> {
    vec![
        ("claude-ok", "claude", "Crazyrouter", claude("https://api.crazyrouter.com"), false),
        ("claude-v1", "claude", "Crazyrouter v1", claude("https://api.crazyrouter.com/v1"), true),
        ("codex-ok", "codex", "Crazyrouter", codex("https://api.crazyrouter.com/v1"), true),
        ("codex-console", "codex", "Console", codex("https://crazyrouter.com/v1"), false),
        ("gemini-ok", "gemini", "Crazyrouter", gemini("https://api.crazyrouter.com"), true),
        ("gemini-beta", "gemini", "Beta", gemini("https://api.crazyrouter.com/v1beta"), false),
        ("oc-ok", "opencode", "Crazyrouter", opencode("https://api.crazyrouter.com/v1"), false),
        ("oc-root", "opencode", "Root", opencode("https://api.crazyrouter.com"), false),
        ("grok-ok", "grokbuild", "Crazyrouter", grok("https://api.crazyrouter.com/v1"), false),
        ("grok-console", "grokbuild", "Console", grok("https://crazyrouter.com/v1"), false),
        ("claw-ok", "openclaw", "Crazyrouter", openclaw("https://api.crazyrouter.com/v1"), false),
        ("claw-console", "openclaw", "Console", openclaw("https://crazyrouter.com/v1"), false),
        ("hermes-ok", "hermes", "Crazyrouter", hermes("https://api.crazyrouter.com/v1"), false),
        ("hermes-console", "hermes", "Console", hermes("https://crazyrouter.com/v1"), false),
        // Another vendor: not the gateway's business.
        ("claude-other", "claude", "Elsewhere", claude("https://api.example.test/v1"), false),
    ]
}

/// (code, the provider id its message names) of each finding in JSON output.
fn findings(json: &str) -> BTreeSet<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let message = d["message"].as_str().unwrap();
            let id = message.split("(id ").nth(1).and_then(|s| s.split([',', ')']).next()).unwrap_or("");
            (d["code"].as_str().unwrap().to_string(), id.to_string())
        })
        .collect()
}

fn set(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// Bytes and modification time, to prove nothing was written.
fn fingerprint(path: &Path) -> Option<(Vec<u8>, std::time::SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((std::fs::read(path).unwrap(), meta.modified().unwrap()))
}

fn home_with_store() -> (tempfile::TempDir, PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join(".cc-switch/cc-switch.db");
    cc_switch_db(&db, &realistic());
    (home, db)
}

#[test]
fn check_reports_exactly_the_wrong_providers_naming_provider_and_app() {
    let (home, db) = home_with_store();
    let run = crlint(&["check", db.to_str().unwrap(), "--output-format", "json"], home.path(), home.path());
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(
        findings(&run.stdout),
        set(&[
            ("CR102", "claude-v1"),
            ("CR201", "codex-console"),
            ("CR102", "gemini-beta"),
            ("CR103", "oc-root"),
            ("CR201", "grok-console"),
            ("CR201", "claw-console"),
            ("CR201", "hermes-console"),
        ]),
        "{}",
        run.stdout
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let claude = v["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "CR102").unwrap();
    let message = claude["message"].as_str().unwrap();
    assert!(message.contains("\"Crazyrouter v1\"") && message.contains("app claude"), "{message}");
    assert!(claude["path"].as_str().unwrap().ends_with("cc-switch.db"));
    // No fix on a database; the help says what to change in CC Switch, with the value.
    assert!(claude["fix"].is_null());
    let help = claude["help"].as_str().unwrap();
    assert!(help.contains("CC Switch") && help.contains("`https://api.crazyrouter.com`"), "{help}");
}

#[test]
fn a_store_with_only_correct_providers_is_clean() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join(".cc-switch/cc-switch.db");
    let good: Vec<Provider> = realistic().into_iter().filter(|p| p.0.ends_with("-ok")).collect();
    cc_switch_db(&db, &good);
    let run = crlint(&["check", db.to_str().unwrap(), "--output-format", "json"], home.path(), home.path());
    assert_eq!(findings(&run.stdout), BTreeSet::new(), "{}", run.stdout);
    assert_eq!(run.code, 0);
}

#[test]
fn neither_check_fix_nor_doctor_writes_the_database() {
    let (home, db) = home_with_store();
    std::fs::write(home.path().join(".cc-switch/settings.json"), r#"{"currentProviderClaude": "claude-ok"}"#)
        .unwrap();
    let before = fingerprint(&db).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let dir = db.parent().unwrap();
    let entries = || -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let names = entries();
    let fixed = crlint(&["check", db.to_str().unwrap(), "--fix", "--unsafe-fixes"], home.path(), home.path());
    assert_eq!(fixed.code, 1, "{}", fixed.stdout);
    crlint(&["doctor", "--offline"], home.path(), home.path());
    assert!(fingerprint(&db).unwrap() == before, "the database changed");
    // No journal, log or lock file left beside it.
    assert_eq!(entries(), names);
}

#[test]
fn a_database_locked_by_the_app_is_read_without_waiting() {
    let (home, db) = home_with_store();
    let app = Connection::open(&db).unwrap();
    app.execute_batch("BEGIN EXCLUSIVE; UPDATE providers SET notes = 'editing' WHERE id = 'codex-ok';")
        .unwrap();
    let before = fingerprint(&db).unwrap();
    let run = crlint(&["check", db.to_str().unwrap(), "--output-format", "json"], home.path(), home.path());
    assert!(
        findings(&run.stdout).contains(&("CR201".to_string(), "codex-console".to_string())),
        "{}",
        run.stdout
    );
    assert!(fingerprint(&db).unwrap() == before);
    app.execute_batch("COMMIT;").unwrap();
}

#[test]
fn doctor_lists_the_stored_providers_per_app_and_the_active_one() {
    let (home, _db) = home_with_store();
    // settings.json names claude-ok for Claude (is_current says claude-v1): it wins.
    std::fs::write(home.path().join(".cc-switch/settings.json"), r#"{"currentProviderClaude": "claude-ok"}"#)
        .unwrap();
    let run = crlint(&["doctor", "--offline", "--output-format", "json"], home.path(), home.path());
    let v: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let cc =
        v["clients"].as_array().unwrap().iter().find(|c| c["id"] == "cc-switch").expect("CC Switch listed");
    assert_eq!(cc["status"], "problems");
    let apps = cc["stores"][0]["apps"].as_array().unwrap();
    let names: Vec<&str> = apps.iter().map(|a| a["app"].as_str().unwrap()).collect();
    assert_eq!(names, ["claude", "codex", "gemini", "grokbuild", "hermes", "openclaw", "opencode"]);
    let active: Vec<(String, String)> = apps
        .iter()
        .flat_map(|a| a["providers"].as_array().unwrap().iter().map(move |p| (a, p)))
        .filter(|(_, p)| p["active"] == true)
        .map(|(a, p)| (a["app"].as_str().unwrap().to_string(), p["id"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        active,
        [("claude", "claude-ok"), ("codex", "codex-ok"), ("gemini", "gemini-ok")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let mut wrong = BTreeSet::new();
    for a in apps {
        for p in a["providers"].as_array().unwrap() {
            for f in p["findings"].as_array().unwrap() {
                wrong
                    .insert((f["code"].as_str().unwrap().to_string(), p["id"].as_str().unwrap().to_string()));
            }
        }
    }
    assert_eq!(
        wrong,
        set(&[
            ("CR102", "claude-v1"),
            ("CR201", "codex-console"),
            ("CR102", "gemini-beta"),
            ("CR103", "oc-root"),
            ("CR201", "grok-console"),
            ("CR201", "claw-console"),
            ("CR201", "hermes-console"),
        ])
    );
    let claude = &apps[0]["providers"].as_array().unwrap()[0];
    assert_eq!(claude["base_url"], "https://api.crazyrouter.com");
    // The text form: one line per provider, the active one marked.
    let text = crlint(&["doctor", "--offline"], home.path(), home.path());
    assert!(text.stdout.contains("* Crazyrouter (claude-ok)"), "{}", text.stdout);
    assert!(!text.stdout.contains(KEY), "a key printed: {}", text.stdout);
}

#[test]
fn a_record_that_is_not_json_is_a_cr901_at_its_locator_and_the_rest_is_read() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join(".cc-switch/cc-switch.db");
    let mut rows = realistic();
    rows.push(("broken", "claude", "Broken", "{not json".into(), false));
    cc_switch_db(&db, &rows);
    let run = crlint(&["check", db.to_str().unwrap(), "--output-format", "json"], home.path(), home.path());
    let found = findings(&run.stdout);
    assert!(found.contains(&("CR901".to_string(), "broken".to_string())), "{}", run.stdout);
    assert!(found.contains(&("CR102".to_string(), "claude-v1".to_string())), "{}", run.stdout);
}

/// One finding, of `code`, whose message holds `reason`; exit 1, no panic.
fn assert_one(path: &Path, home: &Path, code: &str, reason: &str) {
    let before = fingerprint(path);
    let run = crlint(&["check", path.to_str().unwrap(), "--output-format", "json"], home, home);
    let v: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let ds = v["diagnostics"].as_array().unwrap();
    assert_eq!(ds.len(), 1, "{}", run.stdout);
    assert_eq!(ds[0]["code"], code, "{}", run.stdout);
    assert!(ds[0]["message"].as_str().unwrap().contains(reason), "{}", run.stdout);
    assert_eq!(run.code, 1);
    assert!(fingerprint(path) == before, "the file changed");
}

#[test]
fn a_file_that_is_not_sqlite_is_a_cr902() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join(".cc-switch/cc-switch.db");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    std::fs::write(&db, "{\"providers\": []}\n").unwrap();
    assert_one(&db, home.path(), "CR902", "not a SQLite database");
}

#[test]
fn an_empty_file_is_a_cr902() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join(".cc-switch/cc-switch.db");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    std::fs::write(&db, "").unwrap();
    assert_one(&db, home.path(), "CR902", "empty file");
}

#[test]
fn a_truncated_database_is_a_cr901() {
    let (home, db) = home_with_store();
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 3]).unwrap();
    assert_one(&db, home.path(), "CR901", "SQLite");
}

#[test]
fn a_corrupt_database_is_a_cr901() {
    let (home, db) = home_with_store();
    let mut bytes = std::fs::read(&db).unwrap();
    // Every page after the first (the schema's root) overwritten.
    for b in bytes.iter_mut().skip(100) {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    assert_one(&db, home.path(), "CR901", "SQLite");
}

#[test]
fn a_database_of_another_schema_is_a_cr901() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join(".cc-switch/cc-switch.db");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    Connection::open(&db).unwrap().execute_batch("CREATE TABLE other (x TEXT);").unwrap();
    assert_one(&db, home.path(), "CR901", "no such table: providers");
}

#[test]
fn a_huge_database_is_a_cr902_without_being_read() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join(".cc-switch/cc-switch.db");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let file = std::fs::File::create(&db).unwrap();
    std::io::Write::write_all(&mut &file, b"SQLite format 3\0").unwrap();
    // Sparse: 300 MB on paper, nothing on disk.
    file.set_len(300 * 1024 * 1024).unwrap();
    drop(file);
    assert_one(&db, home.path(), "CR902", "too large");
}

#[test]
fn a_write_ahead_log_without_its_database_is_a_cr902() {
    let home = tempfile::tempdir().unwrap();
    let wal = home.path().join(".cc-switch/cc-switch.db-wal");
    std::fs::create_dir_all(wal.parent().unwrap()).unwrap();
    std::fs::write(&wal, b"\x37\x7f\x06\x82 not really a log").unwrap();
    assert_one(&wal, home.path(), "CR902", "without its database");
    // The doctor says so too.
    let run = crlint(&["doctor", "--offline"], home.path(), home.path());
    assert!(run.stdout.contains("without its database"), "{}", run.stdout);
}

fn ccr3_config(providers: serde_json::Value) -> String {
    serde_json::json!({"Providers": providers, "Router": {"default": "crx,gpt-5"}}).to_string()
}

#[test]
fn claude_code_router_3_reads_its_wal_store_without_touching_the_log() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join(".claude-code-router/config.sqlite");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let app = Connection::open(&db).unwrap();
    app.execute_batch(CCR3_SCHEMA).unwrap();
    app.execute_batch("PRAGMA wal_autocheckpoint = 0;").unwrap();
    let providers = serde_json::json!([
        {"name": "crx", "api_base_url": "https://crazyrouter.com/v1/chat/completions", "api_key": KEY, "models": ["gpt-5"]},
        {"name": "ok", "baseUrl": "https://api.crazyrouter.com/v1", "type": "openai_chat_completions", "models": ["gpt-5"]},
        {"name": "doubled", "baseurl": "https://api.crazyrouter.com/v1/v1", "models": ["gpt-5"]}
    ]);
    app.execute(
        "INSERT INTO app_config (key, value_json, updated_at) VALUES ('default', ?1, '2026-12-01T00:00:00Z')",
        [ccr3_config(providers)],
    )
    .unwrap();
    // The row is only in the log: the app keeps it open, nothing checkpointed.
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);
    let (db_before, wal_before) = (fingerprint(&db).unwrap(), fingerprint(&wal).unwrap());
    let shm = PathBuf::from(format!("{}-shm", db.display()));
    let shm_before = fingerprint(&shm);
    let run = crlint(&["check", db.to_str().unwrap(), "--output-format", "json"], home.path(), home.path());
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> =
        v["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["CR201", "CR101"], "{}", run.stdout);
    assert!(fingerprint(&db).unwrap() == db_before && fingerprint(&wal).unwrap() == wal_before);
    assert!(fingerprint(&shm) == shm_before);
    drop(app);
}

#[test]
fn a_store_under_a_path_with_uri_characters_is_read() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("odd dir#1?x=%41&y/.cc-switch/cc-switch.db");
    cc_switch_db(&db, &realistic());
    let run = crlint(&["check", db.to_str().unwrap(), "--output-format", "json"], home.path(), home.path());
    assert!(
        findings(&run.stdout).contains(&("CR201".to_string(), "codex-console".to_string())),
        "{}",
        run.stdout
    );
}
