//! Inline suppressions (`crlint: ignore …`) in each format with comments:
//! JSONC (`//`, `/* */`), TOML (`#`) and dotenv (`#`); on the finding's line
//! and on the line above; one code, several, none (`all`); and CR001 for the
//! suppressions that silence nothing, unless CR001 is ignored or not selected.
//! The real binary runs on files written to a temporary project; the snapshots
//! show what remains as a user sees it (concise format).

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use tempfile::TempDir;

/// A key in the gateway's format, made here so that none sits in the repository.
fn key() -> String {
    format!("sk-{}", "Ab3".repeat(16))
}

fn project(path: &str, text: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let file = dir.path().join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
    dir
}

/// The concise report of `crlint check ARGS… PATH`, run in `dir`.
fn concise(dir: &Path, path: &str, args: &[&str]) -> String {
    let out = cargo_bin_cmd!("crlint")
        .current_dir(dir)
        .args(["check", "--output-format", "concise"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn codes(report: &str) -> Vec<String> {
    report
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .map(|c| c.split(' ').next().unwrap().to_string())
        .collect()
}

#[test]
fn jsonc_line_and_block_comments() {
    let settings = format!(
        r#"{{
  // crlint: ignore CR102
  "env": {{"ANTHROPIC_BASE_URL": "https://api.crazyrouter.com/v1", "ANTHROPIC_AUTH_TOKEN": "{key}"}},
  "permissions": {{"allow": []}} // crlint: ignore CR501
}}
"#,
        key = key()
    );
    let dir = project(".claude/settings.json", &settings);
    let report = concise(dir.path(), ".claude/settings.json", &[]);
    // The line-above comment silences CR102 but not the CR501 beside it; the
    // trailing comment on line 4 finds no CR501 on its own line.
    assert_eq!(codes(&report), vec!["CR501", "CR001"]);
    insta::assert_snapshot!(report);

    let both = settings
        .replace("// crlint: ignore CR102", "/* crlint: ignore CR102, CR501 -- a revoked demo key */");
    let both = both.replace(" // crlint: ignore CR501", "");
    std::fs::write(dir.path().join(".claude/settings.json"), both).unwrap();
    assert_eq!(concise(dir.path(), ".claude/settings.json", &[]), "Found 0 problems (1 file checked).\n");
}

#[test]
fn toml_same_line_several_codes_and_unused_ones() {
    let config = r#"model_provider = "crazyrouter"

[model_providers]
crazyrouter = { base_url = "https://crazyrouter.com", wire_api = "chat" } # crlint: ignore CR201, CR402
other = { base_url = "https://crazyrouter.com/v1", wire_api = "chat" } # crlint: ignore CR402, CR102
# crlint: ignore CR201
third = { base_url = "https://api.crazyrouter.com/v1" }
"#;
    let dir = project(".codex/config.toml", config);
    let report = concise(dir.path(), ".codex/config.toml", &[]);
    // Line 5: CR402 silenced, CR102 unused, CR201 kept. Line 6: nothing below to silence.
    assert_eq!(codes(&report), vec!["CR201", "CR001", "CR001"]);
    insta::assert_snapshot!(report);
}

#[test]
fn dotenv_all_and_bare_ignore() {
    let env = "\
# crlint: ignore
OPENAI_BASE_URL=http://crazyrouter.com/v1
GOOGLE_GEMINI_BASE_URL=https://api.crazyrouter.com/v1beta # crlint: ignore all
ANTHROPIC_BASE_URL=https://api.crazyrouter.com/v1 # crlint: ignore CR201
# crlint: ignore all -- nothing on the next line
OPENAI_API_KEY=placeholder
";
    let dir = project(".env", env);
    let report = concise(dir.path(), ".env", &[]);
    assert_eq!(codes(&report), vec!["CR102", "CR001", "CR001"]);
    insta::assert_snapshot!(report);
}

#[test]
fn a_trailing_comment_does_not_reach_the_next_line() {
    let env = "A=1 # crlint: ignore\nOPENAI_BASE_URL=http://crazyrouter.com/v1\n";
    let dir = project(".env", env);
    assert_eq!(codes(&concise(dir.path(), ".env", &[])), vec!["CR001", "CR201"]);
}

#[test]
fn cr001_is_reported_only_when_selected() {
    let env = "# crlint: ignore CR102\nOPENAI_BASE_URL=https://api.crazyrouter.com/v1\n";
    let dir = project(".env", env);
    assert_eq!(codes(&concise(dir.path(), ".env", &[])), vec!["CR001"]);
    assert!(codes(&concise(dir.path(), ".env", &["--ignore", "CR001"])).is_empty());
    assert!(codes(&concise(dir.path(), ".env", &["--select", "CR1"])).is_empty());
    std::fs::write(dir.path().join("crlint.toml"), "[lint]\nignore = [\"CR0\"]\n").unwrap();
    assert!(codes(&concise(dir.path(), ".env", &[])).is_empty());
    std::fs::write(dir.path().join("crlint.toml"), "[lint.per-file-ignores]\n\".env\" = [\"CR001\"]\n")
        .unwrap();
    assert!(codes(&concise(dir.path(), ".env", &[])).is_empty());
}

#[test]
fn a_suppression_used_by_a_deselected_finding_is_not_unused() {
    // `--select CR2` hides the CR102 below, but the comment did silence it.
    let env = "# crlint: ignore CR102\nGOOGLE_GEMINI_BASE_URL=https://api.crazyrouter.com/v1beta\n";
    let dir = project(".env", env);
    assert!(codes(&concise(dir.path(), ".env", &["--select", "CR0,CR2"])).is_empty());
}

/// A project rule (CR204: one project on both regional entries) reports after
/// every file is linted; its suppressions work the same way.
#[test]
fn project_rule_findings_are_suppressed_too() {
    let dir = project(".env", "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n");
    let settings = |comment: &str| {
        format!(
            "{{\n  {comment}\n  \"env\": {{\"ANTHROPIC_BASE_URL\": \"https://cn.crazyrouter.com\"}}\n}}\n"
        )
    };
    let write = |text: String| std::fs::write(dir.path().join(".claude/settings.json"), text).unwrap();
    std::fs::create_dir_all(dir.path().join(".claude")).unwrap();
    write(settings("\"model\": \"x\","));
    assert_eq!(codes(&concise(dir.path(), ".", &[])), vec!["CR204"]);
    write(settings("// crlint: ignore CR204 -- the Shanghai office"));
    assert!(codes(&concise(dir.path(), ".", &[])).is_empty());
    write(settings("// crlint: ignore"));
    assert!(codes(&concise(dir.path(), ".", &[])).is_empty(), "`ignore all` is used by the project rule");
    write(settings("// crlint: ignore CR204, CR102"));
    let report = concise(dir.path(), ".", &[]);
    assert_eq!(codes(&report), vec!["CR001"]);
    assert!(report.contains("unused suppression of `CR102`"), "{report}");
}
