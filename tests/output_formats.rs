//! What the machine formats (`json`, `sarif`, `github`) and `--statistics`
//! print for `fixtures/demo`, as a CI system sees it: the real binary, run
//! from the crate root, snapshotted with insta (`tests/snapshots/`); `text`
//! and `concise` on the demo are snapshotted by `cli_check.rs`. Nothing is
//! normalised: the demo's paths are relative and nothing in these outputs
//! depends on the machine.
//!
//! Also: the SARIF output validates against the official SARIF 2.1.0 schema,
//! `--statistics`, `--quiet`, `--color` and `NO_COLOR`.

mod support;

use std::process::Command as StdCommand;

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use serde_json::Value;

const DEMO: &str = "fixtures/demo";

fn crlint() -> Command {
    let mut cmd = cargo_bin_cmd!("crlint");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("NO_COLOR");
    cmd
}

/// stdout of `crlint check ARGS… fixtures/demo`, which must exit 1 (findings).
fn check_demo(args: &[&str]) -> String {
    let out = crlint().arg("check").args(args).arg(DEMO).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn json() {
    let out = check_demo(&["--output-format", "json"]);
    let doc: Value = serde_json::from_str(&out).expect("one JSON document");
    assert_eq!(doc["version"], 1);
    assert_eq!(
        doc["summary"]["problems"].as_u64(),
        Some(doc["diagnostics"].as_array().unwrap().len() as u64)
    );
    insta::assert_snapshot!(out);
}

#[test]
fn sarif() {
    insta::assert_snapshot!(check_demo(&["--output-format", "sarif"]));
}

#[test]
fn github() {
    insta::assert_snapshot!(check_demo(&["--output-format", "github"]));
}

#[test]
fn statistics() {
    insta::assert_snapshot!(check_demo(&["--statistics"]));
    let json: Value =
        serde_json::from_str(&check_demo(&["--statistics", "--output-format", "json"])).unwrap();
    assert_eq!(json[0]["code"], "CR102");
    assert_eq!(json[0]["count"], 2);
    assert_eq!(json[0]["fixable"], 2);
}

#[test]
fn quiet_prints_only_the_findings() {
    let concise = check_demo(&["--output-format", "concise"]);
    let quiet = check_demo(&["--output-format", "concise", "--quiet"]);
    let summary = concise.lines().last().unwrap();
    assert!(summary.starts_with("Found ") && !quiet.contains("Found "), "{summary}");
    assert_eq!(format!("{quiet}{summary}\n"), concise);
    let clean = crlint().args(["check", "-q", "fixtures/claude-code/good/root"]).output().unwrap();
    assert_eq!(clean.status.code(), Some(0));
    assert!(clean.stdout.is_empty(), "{}", String::from_utf8_lossy(&clean.stdout));
}

/// The SARIF log crlint writes for the demo is valid SARIF 2.1.0.
///
/// `tests/schemas/sarif-2.1.0.json` is the schema Microsoft's SARIF SDK ships,
/// taken from the npm package `@microsoft/sarif-multitool-linux` 5.7.0
/// (`package/sarif-2.1.0.json` in its tarball, sha256
/// 1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c).
#[test]
fn sarif_validates_against_the_official_schema() {
    let schema: Value =
        serde_json::from_str(include_str!("schemas/sarif-2.1.0.json")).expect("the schema is JSON");
    let validator =
        jsonschema::options().should_validate_formats(true).build(&schema).expect("the schema compiles");
    let log: Value = serde_json::from_str(&check_demo(&["--output-format", "sarif"])).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(&log).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF schema violations:\n{}", errors.join("\n"));
    // The schema is not vacuous: a log without `runs` is refused.
    assert!(!validator.is_valid(&serde_json::json!({"version": "2.1.0"})));

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("fixtures/demo/") && !uri.contains('\\'), "{uri}");
    }
    assert_eq!(
        rules[0]["helpUri"],
        "https://github.com/crazyrouter/crlint/blob/main/src/rules/docs/CR102.md"
    );
}

/// Fingerprints depend on the code, the file and the key, not on the value or
/// on the lines around it.
#[test]
fn sarif_fingerprints_survive_value_and_line_changes() {
    let fingerprints = |text: &str| -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".env"), text).unwrap();
        let out = crlint()
            .current_dir(dir.path())
            .args(["check", "--output-format", "sarif", ".env"])
            .output()
            .unwrap();
        let log: Value = serde_json::from_slice(&out.stdout).unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["crlint/v1"].as_str().unwrap().to_string())
            .collect()
    };
    let before = fingerprints("OPENAI_BASE_URL=https://api.crazyrouter.com\n");
    let after = fingerprints("# moved down\n\nOPENAI_BASE_URL=https://cn.crazyrouter.com\n");
    let other_key = fingerprints("OPENAI_API_BASE=https://api.crazyrouter.com\n");
    assert_eq!(before.len(), 1);
    assert_eq!(before, after);
    assert_ne!(before, other_key);
}

#[test]
fn color_follows_the_flag() {
    let ansi = |args: &[&str]| check_demo(args).contains("\u{1b}[");
    assert!(ansi(&["--color", "always"]));
    assert!(!ansi(&["--color", "never"]));
    assert!(!ansi(&[]), "not a terminal: no color");
}

/// `--color auto` on a terminal colors, unless `NO_COLOR` is set (util-linux
/// `script` gives the binary a pseudo-terminal).
#[test]
fn auto_color_honours_no_color_on_a_terminal() {
    support::tools::require("script", "bsdutils");
    let bin = assert_cmd::cargo::cargo_bin!("crlint").display().to_string();
    let on_tty = |no_color: Option<&str>| {
        let mut cmd = StdCommand::new("script");
        cmd.args(["-qec", &format!("{bin} check {DEMO}"), "/dev/null"])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        cmd.env_remove("NO_COLOR");
        if let Some(v) = no_color {
            cmd.env("NO_COLOR", v);
        }
        let out = cmd.output().expect("util-linux `script` runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let colored = on_tty(None);
    assert!(colored.contains("CR102"), "{colored}");
    assert!(colored.contains("\u{1b}["), "a terminal gets color");
    let plain = on_tty(Some("1"));
    assert!(plain.contains("CR102"), "{plain}");
    assert!(!plain.contains("\u{1b}["), "NO_COLOR=1 turns color off");
    assert!(on_tty(Some("")).contains("\u{1b}["), "an empty NO_COLOR is unset");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = crlint().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("crlint") && script.contains("output-format"), "{shell}");
    }
    let bash = crlint().args(["completions", "bash"]).output().unwrap().stdout;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("crlint.bash");
    std::fs::write(&file, bash).unwrap();
    let syntax = StdCommand::new("bash").arg("-n").arg(&file).status().unwrap();
    assert!(syntax.success(), "the bash completion script parses");
}
