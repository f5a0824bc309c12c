//! One-click import links (issue 16) in the texts crlint scans: a guide, an
//! HTML page, a string in code. Each link is decoded and judged by the app it
//! targets, reported at the link, fixed (unsafe) by a link re-encoded in the
//! same form; a key in a link is a CR501 and never printed, not even as the
//! base64 that carries it; a link that does not decode is a CR901 with why.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;

const KEY: &str = "sk-FAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKE0002";

struct Run {
    stdout: String,
    code: i32,
}

fn crlint(args: &[&str], cwd: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_crlint"))
        .args(args)
        .current_dir(cwd)
        .env("HOME", cwd)
        .env_remove("CRLINT_RULES_DIR")
        .env("NO_COLOR", "1")
        .output()
        .expect("crlint runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    Run { stdout: String::from_utf8_lossy(&out.stdout).into_owned(), code: out.status.code().unwrap_or(-1) }
}

fn cherry(base_url: &str, key: Option<&str>) -> String {
    let mut v = serde_json::json!({"id": "crazyrouter", "baseUrl": base_url, "name": "Crazyrouter", "type": "openai"});
    if let Some(k) = key {
        v["apiKey"] = k.into();
    }
    format!("cherrystudio://providers/api-keys?v=1&data={}", STANDARD.encode(v.to_string()))
}

fn chatbox(kind: &str, host: &str) -> String {
    let v = serde_json::json!({"isCustom": true, "id": "crx", "name": "CRX", "type": kind,
        "settings": {"apiHost": host, "apiKey": KEY}});
    format!("chatbox://provider/import?config={}", URL_SAFE_NO_PAD.encode(v.to_string()))
}

fn ccswitch_config(url: &str) -> String {
    let v = serde_json::json!({"env": {"ANTHROPIC_BASE_URL": url}});
    format!(
        "ccswitch://v1/import?resource=provider&app=claude&name=CRX&config={}",
        STANDARD.encode(v.to_string())
    )
}

/// A guide with one link per line, each kind, wrong and correct.
fn guide() -> String {
    [
        "# Import Crazyrouter".to_string(),
        // 2: Claude wants the root.
        "[CC Switch (Claude)](ccswitch://v1/import?resource=provider&app=claude&name=CRX&endpoint=https%3A%2F%2Fapi.crazyrouter.com%2Fv1)".into(),
        // 3: Codex wants /v1.
        "CC Switch (Codex): ccswitch://v1/import?resource=provider&app=codex&name=CRX&endpoint=https://api.crazyrouter.com".into(),
        // 4: correct.
        "CC Switch (Gemini): ccswitch://v1/import?resource=provider&app=gemini&name=CRX&endpoint=https://api.crazyrouter.com".into(),
        // 5: the base64 `config` form, console host.
        format!("CC Switch (config): {}", ccswitch_config("https://crazyrouter.com")),
        // 6: Cherry Studio, console host, with a key.
        format!("Cherry Studio: {}", cherry("https://crazyrouter.com/v1", Some(KEY))),
        // 7: correct.
        format!("Cherry Studio: {}", cherry("https://api.crazyrouter.com/v1", None)),
        // 8: Chatbox, Claude type needs /v1; with a key.
        format!("Chatbox: {}", chatbox("anthropic", "https://api.crazyrouter.com")),
        // 9: broken percent-encoding.
        "Broken: chatbox://provider/import?config=%zz".into(),
        // 10: broken base64.
        "Broken: cherrystudio://providers/api-keys?v=1&data=!!!not*base64".into(),
        // 11: not a provider link: left alone.
        "MCP: ccswitch://v1/import?resource=mcp&app=claude&name=x".into(),
        // 12: claude-code-router's own link, console host.
        "CCR: ccr://provider?name=crx&base_url=https%3A%2F%2Fcrazyrouter.com%2Fv1&protocol=openai_chat_completions".into(),
        String::new(),
    ]
    .join("\n")
}

fn findings(json: &str) -> BTreeSet<(String, u64)> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["start"]["line"].as_u64().unwrap()))
        .collect()
}

#[test]
fn every_kind_of_link_is_judged_by_its_app_at_the_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("guide.md"), guide()).unwrap();
    let run = crlint(&["check", "guide.md", "--output-format", "json"], dir.path());
    let expected: BTreeSet<(String, u64)> = [
        ("CR102", 2),
        ("CR103", 3),
        ("CR201", 5),
        ("CR201", 6),
        ("CR501", 6),
        ("CR103", 8),
        ("CR501", 8),
        ("CR901", 9),
        ("CR901", 10),
        ("CR201", 12),
    ]
    .into_iter()
    .map(|(c, l)| (c.to_string(), l))
    .collect();
    assert_eq!(findings(&run.stdout), expected, "{}", run.stdout);
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let broken: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "CR901")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(broken[0].contains("invalid percent-encoding `%zz`"), "{broken:?}");
    assert!(broken[1].contains("not valid base64"), "{broken:?}");
    // The finding points at the link itself: its first column is the scheme's.
    let claude = v["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "CR102").unwrap();
    assert_eq!(claude["start"]["column"], 22);
}

#[test]
fn a_fixed_link_is_reencoded_in_the_same_form_and_only_as_an_unsafe_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("guide.md");
    std::fs::write(&path, guide()).unwrap();
    crlint(&["check", "guide.md", "--fix"], dir.path());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), guide(), "a safe --fix changed a link");
    crlint(&["check", "guide.md", "--fix", "--unsafe-fixes"], dir.path());
    let fixed = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = fixed.lines().collect();
    let before: Vec<String> = guide().lines().map(str::to_string).collect();
    // Percent-encoded as it was; every other byte kept.
    assert_eq!(
        lines[1],
        "[CC Switch (Claude)](ccswitch://v1/import?resource=provider&app=claude&name=CRX&endpoint=https%3A%2F%2Fapi.crazyrouter.com)"
    );
    assert_eq!(
        lines[2],
        "CC Switch (Codex): ccswitch://v1/import?resource=provider&app=codex&name=CRX&endpoint=https://api.crazyrouter.com/v1"
    );
    assert_eq!(lines[3], before[3]);
    assert_eq!(lines[4], format!("CC Switch (config): {}", ccswitch_config("https://api.crazyrouter.com")));
    assert_eq!(lines[5], format!("Cherry Studio: {}", cherry("https://api.crazyrouter.com/v1", Some(KEY))));
    assert_eq!(lines[6], before[6]);
    assert_eq!(lines[7], format!("Chatbox: {}", chatbox("anthropic", "https://api.crazyrouter.com/v1")));
    assert_eq!(&lines[8..11], &before[8..11]);
    assert_eq!(
        lines[11],
        "CCR: ccr://provider?name=crx&base_url=https%3A%2F%2Fapi.crazyrouter.com%2Fv1&protocol=openai_chat_completions"
    );
    // Nothing left to fix.
    let again = crlint(&["check", "guide.md", "--output-format", "json"], dir.path());
    let left: BTreeSet<String> = findings(&again.stdout).into_iter().map(|(c, _)| c).collect();
    assert_eq!(left, ["CR501", "CR901"].into_iter().map(String::from).collect(), "{}", again.stdout);
}

#[test]
fn a_key_in_a_link_is_never_printed_in_clear_or_in_base64() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("guide.md"), guide()).unwrap();
    let payload = STANDARD.encode(
        serde_json::json!({"id": "crazyrouter", "baseUrl": "https://crazyrouter.com/v1", "name": "Crazyrouter", "type": "openai", "apiKey": KEY})
            .to_string(),
    );
    for args in [
        &["check", "guide.md"][..],
        &["check", "guide.md", "--output-format", "json"],
        &["check", "guide.md", "--output-format", "sarif"],
        &["check", "guide.md", "--diff", "--unsafe-fixes"],
    ] {
        let run = crlint(args, dir.path());
        assert!(!run.stdout.contains(KEY), "{args:?} printed the key");
        assert!(!run.stdout.contains(&payload), "{args:?} printed the key's base64");
        assert!(!run.stdout.contains(&payload[..60]), "{args:?} printed the key's base64");
    }
}

#[test]
fn links_in_html_and_in_source_strings_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        format!(
            "<a href=\"{}\">Import</a>\n",
            cherry("https://crazyrouter.com/v1", None).replace('&', "&amp;")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("share.py"),
        "LINK = \"ccswitch://v1/import?resource=provider&app=codex&name=CRX&endpoint=https://api.crazyrouter.com\"\n",
    )
    .unwrap();
    let run = crlint(&["check", ".", "--output-format", "json"], dir.path());
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let got: BTreeSet<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap().to_string(), d["code"].as_str().unwrap().to_string()))
        .collect();
    let want: BTreeSet<(String, String)> =
        [("index.html", "CR201"), ("share.py", "CR103")].map(|(a, b)| (a.to_string(), b.to_string())).into();
    assert_eq!(got, want, "{}", run.stdout);
}
