//! `crlint check --probe` and `crlint probe` as a user runs them, against a real
//! HTTPS server on 127.0.0.1 reached with `--resolve` and a test CA. No other
//! address is ever contacted: every run pins the gateway hosts to loopback.

#[path = "support/tls_server.rs"]
mod tls_server;

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use tls_server::{Reply, TestPki, TlsServer};

const KEY: &str = "sk-ProbeCliTestKey00000000000000000000000000000wxyz";

fn crlint(args: &[&str], env: &[(&str, &str)]) -> (String, String, i32) {
    let mut cmd = Command::cargo_bin("crlint").unwrap();
    cmd.env_remove("CRAZYROUTER_API_KEY")
        .env_remove("SSL_CERT_FILE")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

/// Milliseconds vary from run to run.
fn stable(text: &str) -> String {
    regex::Regex::new(r"\(\d+ ms\)").unwrap().replace_all(text, "(N ms)").into_owned()
}

fn copy_demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let demo = Path::new("fixtures/demo");
    for rel in [".claude/settings.json", ".codex/config.toml", ".env", "services/worker/.env.example"] {
        let to = dir.path().join("demo").join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(demo.join(rel), to).unwrap();
    }
    dir
}

#[test]
fn check_probe_shows_verdicts_next_to_findings() {
    let pki = TestPki::new();
    let server =
        TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["claude-sonnet-4-5", "gpt-5-codex"]))]);
    let mut args: Vec<String> =
        ["check", "fixtures/demo", "--probe", "--output-format", "concise"].map(String::from).to_vec();
    args.extend(server.pin_args(&pki));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (stdout, stderr, code) = crlint(&args, &[("CRAZYROUTER_API_KEY", KEY)]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stdout.contains(KEY) && !stderr.contains(KEY));
    insta::assert_snapshot!("check_probe_demo", stable(&stdout));
    // The key named by ${CRAZYROUTER_API_KEY} went to the server as a Bearer token.
    let sent: Vec<_> =
        server.requests().iter().filter_map(|r| r.header("authorization").map(str::to_string)).collect();
    assert!(sent.iter().any(|a| a == &format!("Bearer {KEY}")), "{sent:?}");
}

#[test]
fn fix_then_probe_proves_the_fixed_values() {
    let pki = TestPki::new();
    let server =
        TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["claude-sonnet-4-5", "gpt-5-codex"]))]);
    let dir = copy_demo();
    let root = dir.path().join("demo").display().to_string();
    let mut args: Vec<String> =
        ["check", &root, "--fix", "--probe", "--output-format", "concise"].map(String::from).to_vec();
    args.extend(server.pin_args(&pki));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (stdout, stderr, code) = crlint(&args, &[("CRAZYROUTER_API_KEY", KEY)]);
    // Only CR501 (a key in .env) remains; every probe is ok.
    assert_eq!(code, 1, "exit {code}: {stdout}{stderr}");
    let probes: Vec<&str> = stdout.lines().filter(|l| l.starts_with("probe ")).collect();
    // Five fixed values, two distinct (models URL, key) pairs: one probe each
    // (the values of one pair are listed on its line).
    assert_eq!(probes.len(), 2, "{stdout}");
    assert!(probes.iter().any(|l| l.contains(" and 2 more")), "{stdout}");
    assert!(probes.iter().all(|l| l.starts_with("probe ok ")), "{stdout}");
    assert!(!stdout.contains(KEY));
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert!(paths.iter().all(|p| p == "/v1/models"), "{paths:?}");
}

#[test]
fn probe_url_verdicts_and_exit_codes() {
    let pki = TestPki::new();
    let server = TlsServer::start(
        &pki,
        vec![
            ("/v1/models", Reply::json(401, "{\"error\":{\"message\":\"invalid token\"}}")),
            ("/v1/v1/models", Reply::html(404, "<html>not found</html>")),
        ],
    );
    let pin = server.pin_args(&pki);
    let pin: Vec<&str> = pin.iter().map(String::as_str).collect();
    let run = |url: &str, shape: Option<&str>| {
        let mut args = vec!["probe", "--url", url];
        if let Some(s) = shape {
            args.extend(["--shape", s]);
        }
        args.extend(&pin);
        crlint(&args, &[("CRAZYROUTER_API_KEY", KEY)])
    };
    let (out, _, code) = run("https://api.crazyrouter.com/v1", None);
    assert_eq!(code, 1);
    assert!(out.starts_with("probe unauthorized https://api.crazyrouter.com/v1/models"), "{out}");
    let (out, _, code) = run("https://api.crazyrouter.com/v1", Some("root"));
    assert_eq!(code, 1);
    assert!(out.starts_with("probe wrong-path   https://api.crazyrouter.com/v1/v1/models"), "{out}");
    assert!(!out.contains(KEY));
}

#[test]
fn resolve_without_a_ca_is_refused_and_sends_nothing() {
    let pki = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["x"]))]);
    let resolve = format!("api.crazyrouter.com={}", server.addr());
    let (out, _, code) = crlint(
        &["probe", "--url", "https://api.crazyrouter.com/v1", "--resolve", &resolve],
        &[("CRAZYROUTER_API_KEY", KEY)],
    );
    assert_eq!(code, 1);
    assert!(out.starts_with("probe refused"), "{out}");
    assert_eq!(server.connections(), 0);
}

#[test]
fn region_auto_times_both_entries_and_takes_the_faster() {
    let pki = TestPki::new();
    let slow =
        TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["x"]).after(Duration::from_millis(400)))]);
    let fast =
        TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["x"]).after(Duration::from_millis(20)))]);
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join(".env");
    std::fs::write(&env, "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n").unwrap();
    let (out, stderr, code) = crlint(
        &[
            "check",
            env.to_str().unwrap(),
            "--fix",
            "--region",
            "auto",
            "--resolve",
            &format!("api.crazyrouter.com={}", slow.addr()),
            "--resolve",
            &format!("cn.crazyrouter.com={}", fast.addr()),
            "--ca-file",
            pki.ca_path().to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(code, 0, "{out}{stderr}");
    assert!(stderr.contains("region intl") && stderr.contains("region east-asia"), "{stderr}");
    assert!(stderr.contains("chose region east-asia"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&env).unwrap(), "OPENAI_BASE_URL=https://cn.crazyrouter.com/v1\n");
}

#[test]
fn json_output_carries_the_verdicts() {
    let pki = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["claude-sonnet-4-5"]))]);
    let mut args: Vec<String> =
        ["check", "fixtures/demo", "--probe", "--output-format", "json"].map(String::from).to_vec();
    args.extend(server.pin_args(&pki));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (stdout, stderr, code) = crlint(&args, &[("CRAZYROUTER_API_KEY", KEY)]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!stdout.contains(KEY) && !stderr.contains(KEY));
    assert!(!stderr.contains("probe "), "verdicts belong in the document: {stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let probes = doc["probes"].as_array().unwrap();
    let verdicts: Vec<(&str, &str)> =
        probes.iter().map(|p| (p["origin"].as_str().unwrap(), p["verdict"].as_str().unwrap())).collect();
    assert!(verdicts.contains(&("fixtures/demo/.claude/settings.json:3:28", "wrong-path")), "{verdicts:?}");
    assert!(verdicts.contains(&("fixtures/demo/.env:2:17", "refused")), "{verdicts:?}");
    assert!(verdicts.iter().any(|(_, v)| *v == "ok"), "{verdicts:?}");
    assert!(probes.iter().all(|p| p["latency_ms"].is_u64() && p["models_url"].is_string()));
}

/// Every client's key-reference forms are read by one resolver: a Continue
/// `apiKey: ${{ secrets.NAME }}` names a variable for `check --probe` as it does for
/// `doctor` (it used to be sent as its literal text).
#[test]
fn check_probe_resolves_continue_secrets_like_the_doctor() {
    let pki = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["gpt-4o"]))]);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join(".continue/config.yaml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        "models:\n  - name: gw\n    provider: openai\n    model: gpt-4o\n    apiBase: https://api.crazyrouter.com/v1\n    apiKey: ${{ secrets.CR_CONTINUE_KEY }}\n",
    )
    .unwrap();
    let mut args: Vec<String> = vec!["check".into(), dir.path().display().to_string(), "--probe".into()];
    args.extend(server.pin_args(&pki));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (stdout, stderr, code) = crlint(&args, &[("CR_CONTINUE_KEY", KEY)]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let sent: Vec<_> =
        server.requests().iter().filter_map(|r| r.header("authorization").map(str::to_string)).collect();
    assert_eq!(sent, vec![format!("Bearer {KEY}")]);
}
