//! `crlint check` as a user runs it: the real binary on the fixtures, with
//! insta snapshots of what it prints and assertions on exit codes.

use std::path::Path;

use assert_cmd::Command;

fn crlint() -> Command {
    let mut cmd = Command::cargo_bin("crlint").unwrap();
    cmd.env_remove("NO_COLOR").env("CLICOLOR_FORCE", "0");
    // The snapshots are English: a Chinese locale of the caller's must not change them.
    for v in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(v);
    }
    cmd
}

fn run(args: &[&str]) -> (String, String, i32) {
    let out = crlint().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn demo_reports_every_mistake_and_exits_1() {
    let (stdout, _, code) = run(&["check", "fixtures/demo", "--output-format", "concise"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("demo_concise", stdout);
    let (text, _, code) = run(&["check", "fixtures/demo"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("demo_text", text);
}

/// A bad case: it has findings (exit 1), and what a user sees (concise and text) is its snapshot.
fn bad_case(rel: &str) {
    let case = format!("fixtures/{rel}");
    let (stdout, stderr, code) = run(&["check", &case, "--output-format", "concise"]);
    assert_eq!(code, 1, "{case} should have findings:\n{stdout}{stderr}");
    let name = rel.replace('/', "__");
    insta::assert_snapshot!(format!("concise__{name}"), stdout);
    let (text, _, _) = run(&["check", &case]);
    insta::assert_snapshot!(format!("text__{name}"), text);
}

/// A good case: only the summary line, exit 0.
fn good_case(rel: &str) {
    let case = format!("fixtures/{rel}");
    let (stdout, stderr, code) = run(&["check", &case]);
    assert_eq!(code, 0, "{case}:\n{stdout}{stderr}");
    assert!(stdout.starts_with("Found 0 problems ("), "{case}: {stdout}");
    assert_eq!(stdout.lines().count(), 1, "{case}: {stdout}");
}

/// The positive control beside a good case: the same files with every URL's host
/// turned into the web console host must give findings. So the good case is quiet
/// because its values are right, not because crlint did not read them. A case
/// that is quiet because crlint must not read the file at all says so in a
/// `CONTROL` file naming a bad case that does give findings; its mutated copy
/// must then stay quiet.
fn good_case_control(rel: &str) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("case");
    let mut urls = 0;
    copy_mutated(&Path::new("fixtures").join(rel), &copy, &mut urls);
    assert!(urls > 0, "{rel}: no URL to turn into a wrong one");
    let (stdout, stderr, code) = run(&["check", copy.to_str().unwrap(), "--output-format", "concise"]);
    let declared = Path::new("fixtures").join(rel).join("CONTROL");
    match std::fs::read_to_string(&declared) {
        Err(_) => assert_eq!(code, 1, "{rel}: the mutated copy should have findings:\n{stdout}{stderr}"),
        Ok(text) => {
            let table: toml::Table = text.parse().unwrap();
            let control = table["control"].as_str().expect("control = \"<client>/bad/<case>\"");
            assert_eq!(code, 0, "{rel}: declared as never read, yet:\n{stdout}{stderr}");
            let (out, _, code) =
                run(&["check", &format!("fixtures/{control}"), "--output-format", "concise"]);
            assert_eq!(code, 1, "{rel}: its control {control} has no findings:\n{out}");
        }
    }
}

/// Copies a fixture tree, replacing the host of every `http(s)://` URL with the console host.
fn copy_mutated(from: &Path, to: &Path, urls: &mut usize) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            copy_mutated(&e.path(), &to.join(e.file_name()), urls);
        }
        return;
    }
    let bytes = std::fs::read(from).unwrap();
    let Ok(text) = String::from_utf8(bytes.clone()) else {
        std::fs::write(to, bytes).unwrap();
        return;
    };
    let re = regex::Regex::new(r#"(https?://)[^/\s"'`,;]+"#).unwrap();
    *urls += re.find_iter(&text).count();
    std::fs::write(to, re.replace_all(&text, "${1}crazyrouter.com").as_bytes()).unwrap();
}

macro_rules! fixture_cases {
    ($($kind:ident $name:ident $rel:literal;)*) => {
        mod bad { $( fixture_cases!(@bad $kind $name $rel); )* }
        mod good { $( fixture_cases!(@good $kind $name $rel); )* }
        mod control { $( fixture_cases!(@control $kind $name $rel); )* }
        const CASES: &[(&str, &str)] = &[$((stringify!($kind), $rel)),*];
    };
    (@bad bad $name:ident $rel:literal) => { #[test] fn $name() { super::bad_case($rel) } };
    (@good good $name:ident $rel:literal) => { #[test] fn $name() { super::good_case($rel) } };
    (@control good $name:ident $rel:literal) => { #[test] fn $name() { super::good_case_control($rel) } };
    (@$any:ident $kind:ident $name:ident $rel:literal) => {};
}

include!(concat!(env!("OUT_DIR"), "/fixture_cases.rs"));

/// Every case directory is a generated test (the list is built from `fixtures/` by build.rs).
#[test]
fn every_fixture_case_is_a_test() {
    let bad = CASES.iter().filter(|(k, _)| *k == "bad").count();
    let good = CASES.iter().filter(|(k, _)| *k == "good").count();
    assert!(bad >= 15 && good >= 6, "{bad} bad, {good} good");
    for kind in ["bad", "good"] {
        for client in std::fs::read_dir("fixtures").unwrap().flatten() {
            for case in std::fs::read_dir(client.path().join(kind)).into_iter().flatten().flatten() {
                let rel = format!(
                    "{}/{kind}/{}",
                    client.file_name().to_string_lossy(),
                    case.file_name().to_string_lossy()
                );
                assert!(CASES.contains(&(kind, rel.as_str())), "{rel} is no test: rebuild");
            }
        }
    }
}

#[test]
fn a_missing_path_is_a_usage_error_with_the_path() {
    let (_, stderr, code) = run(&["check", "fixtures/does-not-exist"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("fixtures/does-not-exist: no such file or directory"), "{stderr}");
}

#[test]
fn broken_and_non_utf8_files_are_findings_with_their_position() {
    let (stdout, _, code) = run(&["check", "fixtures/claude-code/bad/broken", "--output-format", "concise"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("fixtures/claude-code/bad/broken/.claude/settings.json:3:56: CR901"), "{stdout}");
    let (stdout, _, _) = run(&["check", "fixtures/dotenv/bad/not-utf8", "--output-format", "concise"]);
    assert!(
        stdout.contains("fixtures/dotenv/bad/not-utf8/.env:1:1: CR902 cannot be checked: not UTF-8"),
        "{stdout}"
    );
}

#[test]
fn git_ignored_known_files_are_still_checked() {
    // fixtures/demo/.gitignore ignores `.env`; the walk must still look at it.
    assert!(Path::new("fixtures/demo/.gitignore").exists());
    let (stdout, _, _) = run(&["check", "fixtures/demo", "--output-format", "concise"]);
    assert!(stdout.contains("fixtures/demo/.env:2:17: CR202"), "{stdout}");
}

#[test]
fn ignored_directories_and_unknown_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://api.crazyrouter.com/v1\"}}";
    for sub in ["node_modules/pkg/.claude", "target/.claude", ".git/.claude"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("settings.json"), bad).unwrap();
    }
    std::fs::write(dir.path().join("notes.txt"), "https://api.crazyrouter.com/v1/v1").unwrap();
    let (stdout, _, code) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!((stdout.as_str(), code), ("Found 0 problems (0 files checked).\n", 0));
}

#[test]
fn select_ignore_and_exit_zero() {
    let (stdout, _, code) = run(&["check", "fixtures/demo", "--output-format", "concise", "--select", "CR5"]);
    assert_eq!(code, 1);
    assert!(stdout.lines().all(|l| l.contains(": CR501 ") || l.starts_with("Found")), "{stdout}");
    let (_, _, code) = run(&["check", "fixtures/demo", "--ignore", "CR1,CR2,CR4,CR5"]);
    assert_eq!(code, 0);
    let (_, _, code) = run(&["check", "fixtures/demo", "--exit-zero"]);
    assert_eq!(code, 0);
}

#[test]
fn region_choice_reports_the_other_region() {
    let (stdout, _, code) = run(&[
        "check",
        "fixtures/claude-code/good/east-asia",
        "--region",
        "intl",
        "--output-format",
        "concise",
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("region_intl_on_east_asia", stdout);
}

#[test]
fn no_key_is_ever_printed() {
    let key = std::fs::read_to_string("fixtures/demo/.env").unwrap();
    let key = key.lines().find_map(|l| l.strip_prefix("OPENAI_API_KEY=")).unwrap().to_string();
    assert_eq!(key.len(), 51);
    for format in ["text", "concise"] {
        for path in ["fixtures/demo", "fixtures/claude-code/bad/key-written", "fixtures/dotenv/bad/crlf-bom"]
        {
            let (stdout, stderr, _) = run(&["check", path, "--output-format", format]);
            assert!(!stdout.contains(&key) && !stderr.contains(&key), "{format} {path} leaks the key");
            assert!(!stdout.contains(&key[10..40]), "{format} {path} leaks part of the key");
        }
    }
}

#[test]
fn rule_pages_and_the_rule_list() {
    let (page, _, code) = run(&["rule", "CR102"]);
    assert_eq!(code, 0);
    assert!(page.starts_with("# CR102 unexpected-version-segment"));
    for heading in ["## What it does", "## Why is this bad?", "## Example", "## Fix safety"] {
        assert!(page.contains(heading));
    }
    let (_, stderr, code) = run(&["rule", "CR999"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no rule CR999"));
    let (list, _, _) = run(&["rules"]);
    insta::assert_snapshot!("rules_list", list);
}

#[test]
fn endpoints_table_and_lookup() {
    let (table, _, code) = run(&["endpoints"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("endpoints_table", table);
    let (out, _, code) = run(&["endpoints", "/v1/chat/completion"]);
    assert_eq!(
        (out.as_str(), code),
        ("/v1/chat/completion: no such endpoint; did you mean POST /v1/chat/completions?\n", 1)
    );
    let (out, _, code) = run(&["endpoints", "/v1beta/models/gemini-2.5-flash:streamGenerateContent"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn clients_lists_every_profile_with_its_files() {
    let (out, _, code) = run(&["clients"]);
    assert_eq!(code, 0);
    let mut listed = 0;
    for dir in std::fs::read_dir("rules/clients").unwrap().flatten() {
        let id = dir.path().file_stem().unwrap().to_string_lossy().to_string();
        let data: toml::Table = std::fs::read_to_string(dir.path()).unwrap().parse().unwrap();
        // A client known only on a machine (no files, settings or variables of its own to lint).
        let lints = ["files", "settings", "reads_env"].iter().any(|k| data.contains_key(*k));
        assert_eq!(out.contains(&format!("({id})")), lints, "{id} in `crlint clients`: {lints} expected");
        listed += usize::from(lints);
    }
    assert!(listed >= 20, "{listed}");
    assert!(out.contains("env.ANTHROPIC_BASE_URL") && out.contains("base URL, ROOT [R]"), "{out}");
}

#[test]
fn yaml_files_are_judged_only_when_their_keys_say_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    // Not a LiteLLM config nor a manifest: never judged, even with a doubled path.
    std::fs::write(dir.path().join("values.yaml"), "api_base: https://api.crazyrouter.com/v1/v1\n").unwrap();
    // A Helm template does not parse as YAML: found by the walk, it is nobody's config.
    std::fs::write(dir.path().join("deployment.yaml"), "{{ if .Values.x }}\nkind: [\n").unwrap();
    let (stdout, _, code) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!((stdout.as_str(), code), ("Found 0 problems (0 files checked).\n", 0));
    // Named on the command line, the unparseable file is reported.
    let named = dir.path().join("deployment.yaml");
    let (stdout, _, code) = run(&["check", named.to_str().unwrap(), "--output-format", "concise"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains(": CR901 yaml does not parse"), "{stdout}");
    // Any name with a top-level model_list is a LiteLLM config.
    let proxy = "model_list:\n  - model_name: m\n    litellm_params:\n      model: openai/gpt-4.1\n      api_base: https://api.crazyrouter.com\n";
    std::fs::write(dir.path().join("gateway-proxy.yml"), proxy).unwrap();
    let (stdout, _, _) = run(&["check", dir.path().to_str().unwrap(), "--output-format", "concise"]);
    assert!(stdout.contains("gateway-proxy.yml:5:17: CR103"), "{stdout}");
    assert!(stdout.ends_with("in 1 file (1 checked).\n"), "{stdout}");
}

#[test]
fn one_value_read_by_two_profiles_gets_one_finding() {
    // A plain .env is read by the dotenv profile and by Gemini CLI: one finding,
    // named after every reader of the variable.
    let (stdout, _, _) = run(&["check", "fixtures/dotenv/bad/every-variable", "--output-format", "concise"]);
    let gemini: Vec<&str> = stdout.lines().filter(|l| l.contains("GOOGLE_GEMINI_BASE_URL")).collect();
    assert_eq!(gemini.len(), 1, "{stdout}");
    assert!(gemini[0].contains("(read by Gemini CLI, google-genai"), "{stdout}");
}
