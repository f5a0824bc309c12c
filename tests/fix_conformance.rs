//! The values `crlint check --fix` writes make the real clients request the
//! route the endpoint table names; the values it rewrites fail as the rules say.
//! Runs the pinned Python `openai`, `anthropic` and `google-genai` packages
//! (tests/conformance/requirements.txt) against the loopback recorder, reading
//! their base URL from the environment as they would from a fixed `.env`.

mod support;

use std::collections::HashMap;
use std::fs;

use assert_cmd::Command;
use support::pyenv::{Run, DUMMY_KEY};

/// `NAME=value` lines of a dotenv file (the simple, unquoted or quoted, kind the fixtures use).
fn dotenv(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter_map(|l| l.trim_start_matches("export ").split_once('='))
        .map(|(k, v)| {
            (k.trim().to_string(), v.split(" #").next().unwrap().trim().trim_matches(['"', '\'']).to_string())
        })
        .collect()
}

/// The recorder stands in for the gateway: same path, loopback host.
fn to_recorder(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    format!("{{base}}{path}")
}

#[test]
fn fixed_dotenv_values_reach_the_documented_routes() {
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join(".env");
    fs::copy("fixtures/dotenv/bad/shapes/.env", &env).unwrap();
    let before = dotenv(&fs::read_to_string(&env).unwrap());
    let out = Command::cargo_bin("crlint")
        .unwrap()
        .args(["check", "--fix", "--no-backup"])
        .arg(&env)
        .output()
        .unwrap();
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1));
    let after = dotenv(&fs::read_to_string(&env).unwrap());

    // (variable, client script, extra env, route when fixed, route when unfixed)
    let cases = [
        (
            "OPENAI_BASE_URL",
            "openai_chat",
            vec![("OPENAI_API_KEY", DUMMY_KEY)],
            "POST /v1/chat/completions",
            "POST /chat/completions",
        ),
        (
            "ANTHROPIC_BASE_URL",
            "anthropic_messages",
            vec![("ANTHROPIC_API_KEY", DUMMY_KEY)],
            "POST /v1/messages",
            "POST /v1/v1/messages",
        ),
        (
            "GOOGLE_GEMINI_BASE_URL",
            "google_genai",
            vec![("GOOGLE_GENAI_API_VERSION", "v1beta"), ("GEMINI_API_KEY", DUMMY_KEY)],
            "POST /v1beta/models/gemini-2.5-flash:generateContent",
            "POST /v1beta/v1beta/models/gemini-2.5-flash:generateContent",
        ),
    ];
    for (var, client, extra, fixed_route, unfixed_route) in cases {
        for (value, expected, label) in
            [(&after[var], fixed_route, "fixed"), (&before[var], unfixed_route, "unfixed")]
        {
            let mut run = Run::new(client).arg("--from-env").env(var, &to_recorder(value));
            for (k, v) in &extra {
                run = run.env(k, v);
            }
            let outcome = run.go();
            let first = outcome.requests.first().map(|r| r.line()).unwrap_or_default();
            let first_path = first.split('?').next().unwrap().to_string();
            assert_eq!(first_path, expected, "{client} with {label} {var}={value}: {:?}", outcome.report);
        }
    }
}
