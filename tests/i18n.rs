//! The language of what crlint prints, as a user runs it: the locale gives
//! Chinese in the human formats, never in the machine formats; `--lang` gives
//! it everywhere; snapshots of the demo in Chinese beside the English ones.

use assert_cmd::Command;

/// The binary with no locale of the caller's: each test sets the one it means.
fn crlint() -> Command {
    let mut cmd = Command::cargo_bin("crlint").unwrap();
    cmd.env_remove("NO_COLOR").env("CLICOLOR_FORCE", "0");
    for v in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        cmd.env_remove(v);
    }
    cmd
}

fn run(cmd: &mut Command) -> (String, String, i32) {
    let out = cmd.output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn json_is_byte_identical_under_a_chinese_locale() {
    let args = ["check", "--output-format", "json", "fixtures/demo"];
    let en = crlint().args(args).output().unwrap();
    let zh = crlint().args(args).env("LANG", "zh_CN.UTF-8").output().unwrap();
    assert_eq!(en.status.code(), Some(1));
    assert!(!en.stdout.is_empty());
    assert_eq!(zh.stdout, en.stdout);
    assert_eq!(zh.stderr, en.stderr);
}

#[test]
fn machine_formats_stay_english_under_a_chinese_locale() {
    for format in ["sarif", "github", "concise"] {
        let args = ["check", "--output-format", format, "fixtures/demo"];
        let en = crlint().args(args).output().unwrap();
        let zh = crlint().args(args).env("LC_ALL", "zh_CN.UTF-8").output().unwrap();
        assert_eq!(zh.stdout, en.stdout, "{format}");
    }
}

#[test]
fn lang_flag_gives_chinese_even_in_a_machine_format() {
    let (out, _, code) =
        run(crlint().args(["check", "--output-format", "concise", "--lang", "zh-CN", "fixtures/demo"]));
    assert_eq!(code, 1);
    let (en, _, _) = run(crlint().args(["check", "--output-format", "concise", "fixtures/demo"]));
    assert_ne!(out, en);
    assert!(out.contains("共发现"), "{out}");
}

#[test]
fn chinese_locale_gives_the_chinese_summary() {
    let (out, _, code) = run(crlint().args(["check", "fixtures/demo"]).env("LANG", "zh_CN.UTF-8"));
    assert_eq!(code, 1);
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("共发现 ") && last.ends_with("。"), "{last}");
}

#[test]
fn lang_en_wins_over_a_chinese_locale() {
    let (out, _, _) =
        run(crlint().args(["check", "--lang", "en", "fixtures/demo"]).env("LANG", "zh_CN.UTF-8"));
    assert!(out.lines().last().unwrap().starts_with("Found "), "{out}");
}

#[test]
fn an_unknown_lang_is_a_usage_error() {
    let (_, err, code) = run(crlint().args(["rules", "--lang", "fr"]));
    assert_eq!(code, 2);
    assert!(err.contains("zh-CN"), "{err}");
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn demo_text_in_chinese() {
    let (out, _, code) = run(crlint().args(["check", "fixtures/demo"]).env("LANG", "zh_CN.UTF-8"));
    assert_eq!(code, 1);
    // Every finding's message (miette's `×`/`⚠`/`☞` line) and every help is in Chinese.
    let said: Vec<&str> =
        out.lines().filter(|l| l.trim_start().starts_with(['×', '⚠', '☞']) || l.contains("help:")).collect();
    assert!(said.len() >= 12, "{out}");
    let english: Vec<&&str> = said.iter().filter(|l| !has_cjk(l)).collect();
    assert!(english.is_empty(), "lines not in Chinese: {english:#?}");
    insta::assert_snapshot!("demo_text_zh_CN", out);
}

#[test]
fn rule_page_in_chinese() {
    let (out, _, code) = run(crlint().args(["rule", "CR102", "--lang", "zh-CN"]));
    assert_eq!(code, 0);
    assert_eq!(out, std::fs::read_to_string("rules/pages/zh-CN/CR102.md").unwrap());
    insta::assert_snapshot!("rule_CR102_zh_CN", out);
    let (en, _, _) = run(crlint().args(["rule", "CR102"]));
    assert_eq!(en, std::fs::read_to_string("rules/pages/en/CR102.md").unwrap());
}

#[test]
fn rules_list_in_chinese() {
    let (out, _, _) = run(crlint().args(["rules"]).env("LC_MESSAGES", "zh_CN.UTF-8"));
    let (en, _, _) = run(crlint().args(["rules", "--lang", "en"]));
    assert!(en.lines().count() > 30, "{en}");
    assert_eq!(out.lines().count(), en.lines().count(), "{out}");
    assert!(out.lines().all(has_cjk), "{out}");
}

/// `doctor` and `setup` in an empty home, offline, in Chinese.
#[test]
fn doctor_and_setup_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join(".claude")).unwrap();
    std::fs::write(
        home.join(".claude/settings.json"),
        "{\n  \"env\": {\n    \"ANTHROPIC_BASE_URL\": \"https://crazyrouter.com/v1\"\n  }\n}\n",
    )
    .unwrap();
    std::fs::write(home.join(".bashrc"), "export OPENAI_BASE_URL=https://api.crazyrouter.com/v1/v1\n")
        .unwrap();
    let machine = |args: &[&str]| {
        let mut cmd = Command::cargo_bin("crlint").unwrap();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("LANG", "zh_CN.UTF-8")
            .current_dir(&home)
            .args(args);
        run(&mut cmd)
    };
    let (doctor, err, code) = machine(&["doctor", "--offline"]);
    assert_eq!(code, 1, "{doctor}{err}");
    assert!(doctor.lines().last().unwrap().starts_with("共 "), "{doctor}");
    insta::assert_snapshot!("doctor_zh_CN", doctor);
    let (json, _, _) = machine(&["doctor", "--offline", "--output-format", "json"]);
    assert!(!has_cjk(&json), "{json}");
    let (setup, err, code) = machine(&["setup", "codex", "--dry-run", "--offline"]);
    assert_eq!(code, 0, "{setup}{err}");
    insta::assert_snapshot!("setup_dry_run_zh_CN", setup);
}
