//! What a new user trips on in the first hour (issue 21), each through the real
//! binary: a config directory or a known file named directly, a typo in
//! `--select`, a file of no known kind, a file reached through a symlink, the
//! summary's numbers, and the rough edges of `clients`, `--help`, completions
//! and `doctor`.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn crlint_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = cargo_bin_cmd!("crlint");
    cmd.current_dir(dir).env("NO_COLOR", "1").env_remove("COLUMNS").env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn crlint(args: &[&str]) -> Run {
    crlint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, &[])
}

fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// `path:line:col: CODE` of each finding of `check --output-format concise -q ARGS`.
fn concise(dir: &Path, args: &[&str]) -> (i32, Vec<String>) {
    let mut all = vec!["check", "--output-format", "concise", "-q"];
    all.extend_from_slice(args);
    let run = crlint_in(dir, &all, &[]);
    assert!(run.code != 2, "usage error: {}{}", run.stdout, run.stderr);
    // `path:line:col: CODE` (a path may hold spaces: `Application Support`).
    let at = regex::Regex::new(r"^(.*?:\d+:\d+): (CR\d+) ").unwrap();
    let lines =
        run.stdout.lines().filter_map(|l| at.captures(l).map(|c| format!("{}: {}", &c[1], &c[2]))).collect();
    (run.code, lines)
}

// ---- A config directory, or a known file, named directly ----

/// Every bad fixture case: each directory at its top (`.claude`, `.codex`,
/// `.config`, …) named on its own gives the findings the whole case gives for
/// the files under it, and each file with findings, named by its bare name from
/// its own directory, gives its findings too. Before, the catalog's patterns were
/// matched against the path below the directory walked (`settings.json`), which
/// no pattern names: "0 files".
fn named_directly(rel: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let case = root.join("fixtures").join(rel);
    let case_arg = format!("fixtures/{rel}");
    let (_, all) = concise(root, &["--isolated", &case_arg]);
    assert!(!all.is_empty(), "{rel}: no findings");
    // Findings of one file only: the project rules (several files together) aside.
    let per_file = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .filter(|l| !["CR204", "CR404", "CR405"].iter().any(|c| l.ends_with(c)))
            .cloned()
            .collect()
    };
    let all = per_file(&all);
    for entry in std::fs::read_dir(&case).unwrap().flatten() {
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let prefix = format!("{case_arg}/{name}/");
        let expected: Vec<String> = all.iter().filter(|l| l.starts_with(&prefix)).cloned().collect();
        if expected.is_empty() {
            continue;
        }
        let (_, got) = concise(root, &["--isolated", &format!("{case_arg}/{name}")]);
        assert_eq!(per_file(&got), expected, "{rel}: `crlint check {case_arg}/{name}`");
    }
    let files: std::collections::BTreeSet<&str> = all.iter().map(|l| l.split(':').next().unwrap()).collect();
    for file in files {
        let path = root.join(file);
        let (dir, name) = (path.parent().unwrap(), path.file_name().unwrap().to_str().unwrap());
        let expected: Vec<String> = all
            .iter()
            .filter(|l| l.split(':').next() == Some(file))
            .map(|l| format!("{name}{}", &l[file.len()..]))
            .collect();
        let (_, got) = concise(dir, &["--isolated", name]);
        assert_eq!(per_file(&got), expected, "{rel}: `cd {}; crlint check {name}`", dir.display());
    }
}

macro_rules! fixture_cases {
    ($($kind:ident $name:ident $rel:literal;)*) => {
        mod named_directly { $( fixture_cases!(@bad $kind $name $rel); )* }
    };
    (@bad bad $name:ident $rel:literal) => { #[test] fn $name() { super::named_directly($rel) } };
    (@$any:ident $kind:ident $name:ident $rel:literal) => {};
}

include!(concat!(env!("OUT_DIR"), "/fixture_cases.rs"));

/// README's `crlint check --fix --region east-asia ~/.claude ~/.codex`: the two
/// directories of a home named directly are checked and fixed.
#[test]
fn home_config_directories_named_directly_are_checked_and_fixed() {
    let home = tempfile::tempdir().unwrap();
    write(
        home.path(),
        ".claude/settings.json",
        "{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://api.crazyrouter.com/v1\"}}\n",
    );
    write(
        home.path(),
        ".codex/config.toml",
        "model_provider = \"cr\"\n[model_providers.cr]\nbase_url = \"https://api.crazyrouter.com\"\nwire_api = \"responses\"\n",
    );
    let (code, lines) = concise(home.path(), &["--isolated", ".claude", ".codex"]);
    assert_eq!(code, 1);
    assert_eq!(lines, [".claude/settings.json:1:33: CR102", ".codex/config.toml:3:13: CR103"]);
    let (_, inside) = concise(&home.path().join(".claude"), &["--isolated", "."]);
    assert_eq!(inside, ["./settings.json:1:33: CR102"]);
    let run = crlint_in(
        home.path(),
        &["check", "--isolated", "--fix", "--region", "east-asia", ".claude", ".codex"],
        &[],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let settings = std::fs::read_to_string(home.path().join(".claude/settings.json")).unwrap();
    assert!(settings.contains("\"https://cn.crazyrouter.com\""), "{settings}");
    let codex = std::fs::read_to_string(home.path().join(".codex/config.toml")).unwrap();
    assert!(codex.contains("\"https://cn.crazyrouter.com/v1\""), "{codex}");
}

// ---- The command line as strict as crlint.toml ----

#[test]
fn an_unknown_code_in_select_is_a_usage_error_with_a_suggestion() {
    let run = crlint(&["check", "--select", "CR999", "fixtures/demo"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("--select: `CR999` is no rule code"), "{}", run.stderr);
    assert!(run.stderr.contains("`crlint rules` lists every code"), "{}", run.stderr);
}

#[test]
fn a_word_in_select_is_a_usage_error() {
    let run = crlint(&["check", "--select", "CR1,FOO", "fixtures/demo"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("--select: `FOO` is no rule code"), "{}", run.stderr);
}

#[test]
fn a_typo_in_ignore_says_did_you_mean() {
    let run = crlint(&["check", "--ignore", "CR9O1", "fixtures/demo"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("--ignore: `CR9O1` is no rule code"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `CR901`"), "{}", run.stderr);
}

#[test]
fn prefixes_and_all_are_still_accepted_on_the_command_line() {
    let run = crlint(&["check", "--select", "cr1,ALL", "--ignore", "CR5", "fixtures/demo", "-q"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

// ---- A named file of no kind crlint knows ----

#[test]
fn a_named_file_of_no_known_kind_is_said_not_silently_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.txt", "OPENAI_BASE_URL=https://crazyrouter.com\n");
    let run = crlint_in(dir.path(), &["check", "notes.txt"], &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("crlint: warning: notes.txt: no client crlint knows reads a file of this name or kind; not checked"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "Found 0 problems (0 files checked).\n");
}

// ---- A file reached by two paths is one file ----

fn linked_env() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), ".env.development", "OPENAI_BASE_URL=https://api.crazyrouter.com\n");
    std::os::unix::fs::symlink(".env.development", dir.path().join(".env")).unwrap();
    dir
}

#[test]
fn a_symlinked_config_is_reported_once_under_the_real_file() {
    let dir = linked_env();
    let (code, lines) = concise(dir.path(), &["--isolated", "."]);
    assert_eq!(code, 1);
    assert_eq!(lines, ["./.env.development:1:17: CR103"]);
}

#[test]
fn a_symlinked_config_is_fixed_once() {
    let dir = linked_env();
    let run = crlint_in(dir.path(), &["check", "--isolated", "--fix", "."], &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("changed since"), "{}", run.stderr);
    assert_eq!(run.stdout, "Fixed 1 problem; 0 remaining (1 file checked).\n");
    let text = std::fs::read_to_string(dir.path().join(".env.development")).unwrap();
    assert_eq!(text, "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n");
    assert!(std::fs::symlink_metadata(dir.path().join(".env")).unwrap().file_type().is_symlink());
}

// ---- The summary's numbers ----

/// Two CR205 findings (a look-alike host: an unsafe fix each).
fn two_lookalikes() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(
        dir.path(),
        ".env",
        "OPENAI_BASE_URL=https://api.crazyroutr.com/v1\nANTHROPIC_BASE_URL=https://api.crazyroter.com\n",
    );
    write(dir.path(), "app/.env", "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n");
    dir
}

#[test]
fn unsafe_fixes_are_not_counted_as_fixable() {
    let dir = two_lookalikes();
    let run = crlint_in(dir.path(), &["check", "--isolated", "-q", "--output-format", "concise", "."], &[]);
    assert_eq!(run.stdout.lines().filter(|l| l.contains(" CR205 ")).count(), 2, "{}", run.stdout);
    let run = crlint_in(dir.path(), &["check", "--isolated", "--output-format", "concise", "."], &[]);
    assert!(
        run.stdout.ends_with("Found 2 problems (2 fixable with --unsafe-fixes) in 1 file (2 checked).\n"),
        "{}",
        run.stdout
    );
    // --fix changes nothing, and says so.
    let run =
        crlint_in(dir.path(), &["check", "--isolated", "--fix", "--output-format", "concise", "."], &[]);
    assert!(
        run.stdout.ends_with("Found 2 problems (2 fixable with --unsafe-fixes) in 1 file (2 checked).\n"),
        "{}",
        run.stdout
    );
    // With --unsafe-fixes they are fixable.
    let run = crlint_in(
        dir.path(),
        &["check", "--isolated", "--unsafe-fixes", "--output-format", "concise", "."],
        &[],
    );
    assert!(run.stdout.ends_with("Found 2 problems (2 fixable) in 1 file (2 checked).\n"), "{}", run.stdout);
}

#[test]
fn safe_and_unsafe_fixes_are_counted_apart_as_ruff_does() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".env",
        "OPENAI_BASE_URL=https://api.crazyroutr.com/v1\nANTHROPIC_BASE_URL=https://api.crazyrouter.com/v1\n",
    );
    let run = crlint_in(dir.path(), &["check", "--isolated", "--output-format", "concise", ".env"], &[]);
    assert!(
        run.stdout
            .ends_with("Found 2 problems (1 fixable, 1 more with --unsafe-fixes) in 1 file (1 checked).\n"),
        "{}",
        run.stdout
    );
    let json = crlint_in(dir.path(), &["check", "--isolated", "--output-format", "json", ".env"], &[]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["summary"]["fixable"], 1);
    assert_eq!(doc["summary"]["unsafe_fixable"], 1);
    assert_eq!(doc["summary"]["files_with_problems"], 1);
}

#[test]
fn text_and_json_agree_on_problems_after_fix() {
    let fixed_text = {
        let dir = copy_of_demo();
        crlint_in(dir.path(), &["check", "--isolated", "--fix", "--output-format", "concise", "demo"], &[])
            .stdout
    };
    let doc: serde_json::Value = {
        let dir = copy_of_demo();
        let run =
            crlint_in(dir.path(), &["check", "--isolated", "--fix", "--output-format", "json", "demo"], &[]);
        serde_json::from_str(&run.stdout).unwrap()
    };
    let (problems, fixed) =
        (doc["summary"]["problems"].as_u64().unwrap(), doc["summary"]["fixed"].as_u64().unwrap());
    assert!(fixed > 0 && problems > 0, "{doc}");
    let last = fixed_text.lines().last().unwrap();
    assert!(
        last.starts_with(&format!("Fixed {fixed} problems; {problems} remaining in ")),
        "{last} vs json problems {problems}, fixed {fixed}"
    );
    assert_eq!(fixed_text.lines().filter(|l| l.contains(": CR")).count() as u64, problems);
}

fn copy_of_demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
    for rel in
        [".claude/settings.json", ".codex/config.toml", ".env", "services/worker/.env.example", ".gitignore"]
    {
        let to = dir.path().join("demo").join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(demo.join(rel), to).unwrap();
    }
    dir
}

// ---- README's examples are the binary's output ----

/// Every ```console block of README.md that runs crlint on this repository
/// (`$ cargo run -q -- ARGS`) is run, and its output must be the block's text;
/// the other blocks (a user's home, a live probe) are listed here with why.
#[test]
fn readme_examples_are_what_the_binary_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let not_run: &[(&str, &str)] = &[
        ("$ crlint check", "the error for a .crlint.toml in the reader's own project"),
        ("$ crlint setup claude-code --dry-run", "writes into the reader's home"),
        (
            "$ crlint doctor --offline",
            "reads a switcher's database in the reader's home (tests/stores.rs builds one)",
        ),
    ];
    let mut checked = 0;
    let mut rest = readme.as_str();
    while let Some(start) = rest.find("```console\n") {
        let body_start = start + "```console\n".len();
        let end = body_start + rest[body_start..].find("```").unwrap();
        let block = &rest[body_start..end];
        rest = &rest[end + 3..];
        let first = block.lines().next().unwrap_or("");
        if let Some(args) = first.strip_prefix("$ cargo run -q -- ") {
            let args: Vec<&str> = args.split_whitespace().collect();
            let run = crlint_in(root, &args, &[]);
            let expected: String = block.lines().skip(1).map(|l| format!("{l}\n")).collect();
            assert_eq!(run.stdout, expected, "README's `{first}` drifted from the binary's output");
            checked += 1;
        } else {
            assert!(
                not_run.iter().any(|(cmd, _)| first == *cmd),
                "README block `{first}`: run it here (`$ cargo run -q -- …`) or list it as not run, with why"
            );
        }
    }
    assert!(checked >= 2, "{checked} README examples checked");
}

// ---- Probe: one verdict for a model that is not offered ----

#[path = "support/tls_server.rs"]
mod tls_server;

#[test]
fn a_model_not_offered_is_one_verdict_in_text_json_and_exit_code() {
    use tls_server::{Reply, TestPki, TlsServer};
    let pki = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["gpt-4o-mini", "gpt-5-codex"]))]);
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".codex/config.toml",
        "model = \"gpt-4o-mni\"\nmodel_provider = \"cr\"\n[model_providers.cr]\nbase_url = \"https://api.crazyrouter.com/v1\"\nenv_key = \"CRAZYROUTER_API_KEY\"\nwire_api = \"responses\"\n",
    );
    let key = "sk-FirstHourTestKey0000000000000000000000000000wxyz";
    let pin = server.pin_args(&pki);
    let probe_run = |format: &str| {
        let mut args = vec!["check", "--isolated", "--probe", "--output-format", format, "."];
        args.extend(pin.iter().map(String::as_str));
        crlint_in(dir.path(), &args, &[("CRAZYROUTER_API_KEY", key)])
    };
    let text = probe_run("concise");
    assert_eq!(text.code, 1, "{}{}", text.stdout, text.stderr);
    let line = text.stdout.lines().find(|l| l.starts_with("probe ")).unwrap();
    assert!(line.starts_with("probe model-not-offered "), "{line}");
    assert!(line.contains("did you mean gpt-4o-mini?"), "{line}");
    let json = probe_run("json");
    assert_eq!(json.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["probes"][0]["verdict"], "model-not-offered", "{doc}");
}

// ---- crlint clients ----

#[test]
fn clients_has_a_legend_for_the_marks() {
    let run = crlint(&["clients"]);
    assert!(run.stdout.starts_with("Marks: R = run here against a loopback recorder, S = read in the client's source, D = the client's documentation, U = unverified."), "{}", &run.stdout[..200]);
}

#[test]
fn clients_configured_by_environment_say_where_they_are_read() {
    let run = crlint(&["clients"]);
    assert!(!run.stdout.lines().any(|l| l.trim_end() == "files:"), "an empty files: line");
    let lobe = run.stdout.split("\n\n").find(|b| b.starts_with("LobeChat (lobechat)")).unwrap();
    assert!(lobe.contains("files: none of its own; it reads OPENAI_PROXY_URL, ANTHROPIC_PROXY_URL from its environment, checked where variables are set: "), "{lobe}");
    assert!(lobe.contains("Docker Compose"), "{lobe}");
}

#[test]
fn clients_key_paths_never_overflow_their_column() {
    let run = crlint(&["clients"]);
    for line in
        run.stdout.lines().filter(|l| l.ends_with(']') && l.starts_with("  ") && !l.starts_with("   "))
    {
        // `  PATH<pad> description [M]`: the description starts at column 47.
        if line.len() > 47 && !line[2..].starts_with("files:") && !line[2..].starts_with("user files:") {
            let path_part = &line[2..46];
            assert!(line.as_bytes()[46] == b' ' || path_part.trim_end().len() < 44, "overflow: {line}");
        }
    }
    // The longest key path gets a line of its own.
    assert!(
        run.stdout.contains("\n  providerProfiles.apiConfigs.*.openAiNativeBaseUrl\n"),
        "no two-line layout"
    );
}

#[test]
fn clients_conditional_settings_name_their_condition() {
    let run = crlint(&["clients"]);
    assert!(!run.stdout.contains("(conditional)"), "a condition without its name");
    assert!(
        run.stdout.contains("(when the first `*` of `settings.providers.*.apiHost` is `claude`)"),
        "condition not named"
    );
}

// ---- Messages wrap at the terminal's width, never inside a URL or a path ----

#[test]
fn text_wraps_at_columns_and_never_inside_a_url() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let case = "fixtures/demo/services/worker/.env.example";
    let narrow = crlint_in(root, &["check", "--isolated", case], &[("COLUMNS", "60")]);
    let wide = crlint_in(root, &["check", "--isolated", case], &[("COLUMNS", "250")]);
    // Every URL and path printed wide is whole in the narrow output too: never cut.
    let words = regex::Regex::new(r"(https?://[^\s`),]+|/v1[^\s`),]*)").unwrap();
    let whole: Vec<&str> = words.find_iter(&wide.stdout).map(|m| m.as_str()).collect();
    assert!(whole.len() >= 3, "{}", wide.stdout);
    for word in whole {
        assert!(narrow.stdout.contains(word), "`{word}` cut at 60 columns:\n{}", narrow.stdout);
    }
    // At 250 columns the message is one line (at a fixed 100 it was two).
    assert!(
        wide.stdout.lines().any(|l| l.contains("× ") && l.contains("(it would request")),
        "COLUMNS=250 ignored:\n{}",
        wide.stdout
    );
    assert!(narrow.stdout.lines().count() > wide.stdout.lines().count(), "COLUMNS=60 ignored");
}

// ---- --help, one name for one idea, completions, doctor ----

#[test]
fn check_help_says_the_default_once_and_names_no_library() {
    let run = crlint(&["check", "--help"]);
    assert_eq!(run.stdout.matches("[default: text]").count(), 1, "{}", run.stdout);
    assert!(!run.stdout.contains("(default: text)"), "{}", run.stdout);
    assert!(!run.stdout.to_lowercase().contains("miette"), "{}", run.stdout);
    assert!(!run.stdout.contains("(default: the current directory)"), "{}", run.stdout);
}

#[test]
fn setup_has_one_flag_for_the_key_variable() {
    let run = crlint(&["setup", "--help"]);
    assert!(run.stdout.contains("--api-key-env <NAME>"), "{}", run.stdout);
    assert!(!run.stdout.contains("--key-env"), "{}", run.stdout);
    let home = tempfile::tempdir().unwrap();
    for flag in ["--api-key-env", "--key-env"] {
        let run = crlint_in(
            home.path(),
            &["setup", "codex", "--dry-run", "--offline", flag, "MY_GATEWAY_KEY"],
            &[("HOME", home.path().to_str().unwrap())],
        );
        assert_eq!(run.code, 0, "{flag}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.contains("+env_key = \"MY_GATEWAY_KEY\""), "{flag}: {}", run.stdout);
    }
}

#[test]
fn bash_completion_offers_the_client_ids_after_setup() {
    let run = crlint(&["completions", "bash"]);
    let setup = run
        .stdout
        .split("crlint__subcmd__setup)")
        .nth(1)
        .expect("a setup section")
        .split(";;")
        .next()
        .unwrap();
    for id in ["claude-code", "codex", "gemini-cli", "qwen-code"] {
        assert!(setup.contains(id), "{id} not offered after setup:\n{setup}");
    }
}

#[test]
fn doctor_client_lists_the_valid_ids() {
    let run = crlint(&["doctor", "--client", "foo"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("claude-code") && run.stderr.contains("codex"), "{}", run.stderr);
}

/// `doctor` with HOME and only the given variables.
fn doctor_in(home: &Path, cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = cargo_bin_cmd!("crlint");
    cmd.env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default()).env("HOME", home);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.current_dir(cwd).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

#[test]
fn doctor_says_environment_once() {
    let home = tempfile::tempdir().unwrap();
    let run = doctor_in(
        home.path(),
        home.path(),
        &["doctor", "--offline", "--client", "claude-code"],
        &[("ANTHROPIC_BASE_URL", "https://api.crazyrouter.com")],
    );
    assert!(run.stdout.contains("environment $ANTHROPIC_BASE_URL"), "{}", run.stdout);
    assert!(!run.stdout.contains("(environment)"), "{}", run.stdout);
}

#[test]
fn doctor_run_from_home_prints_home_paths_with_a_tilde() {
    let home = tempfile::tempdir().unwrap();
    write(
        home.path(),
        ".claude/settings.json",
        "{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://api.crazyrouter.com\"}}\n",
    );
    let run = doctor_in(home.path(), home.path(), &["doctor", "--offline", "--client", "claude-code"], &[]);
    assert!(run.stdout.contains("~/.claude/settings.json:1:33"), "{}", run.stdout);
}

#[test]
fn doctor_offline_without_the_key_says_not_checked() {
    let home = tempfile::tempdir().unwrap();
    write(
        home.path(),
        ".claude/settings.json",
        "{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://api.crazyrouter.com\"}, \"apiKeyHelper\": \"printenv CRAZYROUTER_API_KEY\"}\n",
    );
    let run = doctor_in(home.path(), home.path(), &["doctor", "--offline", "--client", "claude-code"], &[]);
    assert!(run.stdout.contains("Claude Code (claude-code): not checked: key missing"), "{}", run.stdout);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let with_key = doctor_in(
        home.path(),
        home.path(),
        &["doctor", "--offline", "--client", "claude-code"],
        &[("CRAZYROUTER_API_KEY", "sk-FirstHourTestKey0000000000000000000000000000wxyz")],
    );
    assert!(with_key.stdout.contains("Claude Code (claude-code): ok"), "{}", with_key.stdout);
    assert_eq!(with_key.code, 0);
}

// ---- setup writes what its own lint accepts ----

#[test]
fn setup_qwen_code_with_a_claude_model_uses_the_anthropic_provider() {
    let home = tempfile::tempdir().unwrap();
    let run = doctor_in(
        home.path(),
        home.path(),
        &["setup", "qwen-code", "--model", "claude-sonnet-4-5", "--offline"],
        &[("CRAZYROUTER_API_KEY", "sk-FirstHourTestKey0000000000000000000000000000wxyz")],
    );
    assert!(run.stdout.contains("lint: no findings in the files written"), "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("CR401"), "{}", run.stdout);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(home.path().join(".qwen/settings.json")).unwrap())
            .unwrap();
    assert_eq!(written["security"]["auth"]["selectedType"], "anthropic");
    assert_eq!(written["modelProviders"]["anthropic"][0]["baseUrl"], "https://api.crazyrouter.com");
    assert!(written["modelProviders"].get("openai").is_none(), "{written}");
    // Another family keeps the OpenAI provider.
    let home = tempfile::tempdir().unwrap();
    doctor_in(home.path(), home.path(), &["setup", "qwen-code", "--model", "gpt-5", "--offline"], &[]);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(home.path().join(".qwen/settings.json")).unwrap())
            .unwrap();
    assert_eq!(written["modelProviders"]["openai"][0]["baseUrl"], "https://api.crazyrouter.com/v1");
}

// ---- ${VAR} where the client does not expand it (CR503) ----

fn cr503(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        write(dir.path(), rel, text);
    }
    let (_, lines) = concise(dir.path(), &["--isolated", "--select", "CR503", "."]);
    lines
}

#[test]
fn claude_code_settings_env_reference_is_sent_literally() {
    let found = cr503(&[(
        ".claude/settings.json",
        "{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://api.crazyrouter.com\", \"ANTHROPIC_AUTH_TOKEN\": \"${CRAZYROUTER_API_KEY}\"}}\n",
    )]);
    assert_eq!(found, ["./.claude/settings.json:1:88: CR503"]);
}

#[test]
fn gemini_cli_dotenv_reference_is_sent_literally() {
    let found = cr503(&[(
        ".gemini/.env",
        "GOOGLE_GEMINI_BASE_URL=https://api.crazyrouter.com\nGEMINI_API_KEY=${CRAZYROUTER_API_KEY}\n",
    )]);
    assert_eq!(found, ["./.gemini/.env:2:16: CR503"]);
}

#[test]
fn a_plain_dotenv_gemini_key_reference_is_sent_literally_by_gemini_cli() {
    let found = cr503(&[(
        ".env",
        "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\nOPENAI_API_KEY=${CRAZYROUTER_API_KEY}\nGEMINI_API_KEY=${CRAZYROUTER_API_KEY}\n",
    )]);
    // python-dotenv expands both; Gemini CLI reads GEMINI_API_KEY from this file as written.
    assert_eq!(found, ["./.env:3:16: CR503"]);
}

#[test]
fn references_the_client_expands_are_not_reported() {
    let found = cr503(&[
        (".qwen/settings.json", "{\"modelProviders\": {\"openai\": [{\"id\": \"m\", \"baseUrl\": \"https://api.crazyrouter.com/v1\", \"apiKey\": \"$CRAZYROUTER_API_KEY\"}]}}\n"),
        ("opencode.json", "{\"provider\": {\"cr\": {\"npm\": \"@ai-sdk/openai-compatible\", \"options\": {\"baseURL\": \"https://api.crazyrouter.com/v1\", \"apiKey\": \"{env:CRAZYROUTER_API_KEY}\"}}}}\n"),
    ]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn opencode_dollar_brace_is_sent_literally() {
    let found = cr503(&[(
        "opencode.json",
        "{\"provider\": {\"cr\": {\"npm\": \"@ai-sdk/openai-compatible\", \"options\": {\"baseURL\": \"https://api.crazyrouter.com/v1\", \"apiKey\": \"${CRAZYROUTER_API_KEY}\"}}}}\n",
    )]);
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn the_demo_uses_a_key_helper_that_works() {
    let run = crlint(&["check", "--isolated", "--select", "CR503", "fixtures/demo"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let settings = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/.claude/settings.json"),
    )
    .unwrap();
    assert!(settings.contains("\"apiKeyHelper\": \"printenv CRAZYROUTER_API_KEY\""), "{settings}");
}

#[test]
fn doctor_does_not_call_a_literal_reference_ok() {
    let home = tempfile::tempdir().unwrap();
    write(
        home.path(),
        ".claude/settings.json",
        "{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://api.crazyrouter.com\", \"ANTHROPIC_AUTH_TOKEN\": \"${CRAZYROUTER_API_KEY}\"}}\n",
    );
    let run = doctor_in(
        home.path(),
        home.path(),
        &["doctor", "--offline", "--client", "claude-code"],
        &[("CRAZYROUTER_API_KEY", "sk-FirstHourTestKey0000000000000000000000000000wxyz")],
    );
    assert!(run.stdout.contains("Claude Code (claude-code): problems"), "{}", run.stdout);
    assert!(run.stdout.contains("CR503"), "{}", run.stdout);
    assert_eq!(run.code, 1);
}

#[test]
fn setup_env_does_not_write_a_reference_gemini_cli_would_send_literally() {
    let home = tempfile::tempdir().unwrap();
    let run = doctor_in(home.path(), home.path(), &["setup", "env", "--offline"], &[]);
    let env = std::fs::read_to_string(home.path().join(".env")).unwrap();
    assert!(!env.contains("GEMINI_API_KEY"), "{env}");
    assert!(env.contains("OPENAI_API_KEY=${CRAZYROUTER_API_KEY}"), "{env}");
    assert!(run.stdout.contains("lint: no findings in the files written"), "{}", run.stdout);
    assert!(run.stdout.contains("note: GEMINI_API_KEY is not written"), "{}", run.stdout);
}
