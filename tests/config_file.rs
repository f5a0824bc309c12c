//! `crlint.toml` / `.crlint.toml` as a user meets it: a mistake in it is a
//! pointed error (file:line:col, exit 2), and every key changes what
//! `crlint check` reports. Each test builds a small project in a temporary
//! directory (with a `.git` so that the search for the file stops there) and
//! runs the real binary in it.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use tempfile::TempDir;

fn project(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn crlint(dir: &Path, args: &[&str]) -> Run {
    let out = cargo_bin_cmd!("crlint").current_dir(dir).env_remove("NO_COLOR").args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `crlint check --output-format concise -q ARGS…`: one line per finding.
fn findings(dir: &Path, args: &[&str]) -> (i32, Vec<String>) {
    let mut all = vec!["check", "--output-format", "concise", "-q"];
    all.extend_from_slice(args);
    let run = crlint(dir, &all);
    assert!(run.code != 2, "usage error: {}", run.stderr);
    // `path:line:col: CODE`, without the `./` of paths found by walking `.`.
    let lines = run
        .stdout
        .lines()
        .map(|l| l.trim_start_matches("./").split(' ').take(2).collect::<Vec<_>>().join(" "))
        .collect();
    (run.code, lines)
}

const ENV: &str = "OPENAI_BASE_URL=https://api.crazyrouter.com\n";
const WORKER_ENV: &str = "GOOGLE_GEMINI_BASE_URL=https://api.crazyrouter.com/v1beta\n";

#[test]
fn an_unknown_key_is_a_pointed_error() {
    let dir =
        project(&[("crlint.toml", "[lint]\nselect = [\"CR1\"]\nignored = [\"CR501\"]\n"), (".env", ENV)]);
    let run = crlint(dir.path(), &["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "no report when the configuration is wrong");
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn a_bad_region_is_a_pointed_error() {
    let dir =
        project(&[(".crlint.toml", "# team settings\n[gateway]\nregion = \"europe\"\n"), (".env", ENV)]);
    let run = crlint(dir.path(), &["check", "--output-format", "json"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn an_unknown_code_is_a_pointed_error() {
    let dir =
        project(&[("crlint.toml", "[lint]\nper-file-ignores = { \"*.env\" = [\"CR501\", \"CR510\"] }\n")]);
    let run = crlint(dir.path(), &["check"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn a_missing_config_flag_file_is_an_error() {
    let dir = project(&[(".env", ENV)]);
    let run = crlint(dir.path(), &["check", "--config", "nowhere.toml"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "crlint: nowhere.toml: cannot read the configuration: no such file or directory\n"
    );
}

#[test]
fn select_and_ignore_take_effect_and_the_command_line_wins() {
    let files = [(".env", "OPENAI_BASE_URL=http://crazyrouter.com/v1\n"), ("services/w/.env", WORKER_ENV)];
    let dir = project(&files);
    let (_, all) = findings(dir.path(), &[]);
    assert_eq!(all, vec![".env:1:17: CR201", "services/w/.env:1:24: CR102"]);

    std::fs::write(dir.path().join("crlint.toml"), "[lint]\nselect = [\"CR1\"]\n").unwrap();
    assert_eq!(findings(dir.path(), &[]).1, vec!["services/w/.env:1:24: CR102"]);
    // `--select` replaces the file's selection; `--ignore` adds to it.
    assert_eq!(findings(dir.path(), &["--select", "CR2"]).1, vec![".env:1:17: CR201"]);
    assert_eq!(findings(dir.path(), &["--ignore", "CR102"]).1, Vec::<String>::new());

    std::fs::write(dir.path().join("crlint.toml"), "[lint]\nignore = [\"CR201\"]\n").unwrap();
    assert_eq!(findings(dir.path(), &[]).1, vec!["services/w/.env:1:24: CR102"]);
    // `--isolated` reads no file.
    assert_eq!(findings(dir.path(), &["--isolated"]).1, all);
}

#[test]
fn per_file_ignores_take_effect() {
    let dir = project(&[
        ("crlint.toml", "[lint.per-file-ignores]\n\"services/**\" = [\"CR1\"]\n\".env\" = [\"CR2\"]\n"),
        (".env", "OPENAI_BASE_URL=http://crazyrouter.com/v1\n"),
        ("services/w/.env", WORKER_ENV),
        ("services/w/.env.local", "OPENAI_BASE_URL=https://crazyrouter.com/v1\n"),
        ("apps/.env", WORKER_ENV),
    ]);
    let (_, found) = findings(dir.path(), &[]);
    assert_eq!(found, vec!["apps/.env:1:24: CR102", "services/w/.env.local:1:17: CR201"]);
}

#[test]
fn severity_overrides_change_levels_and_the_exit_code() {
    let dir = project(&[
        ("crlint.toml", "[lint]\nseverity = { CR102 = \"info\", CR203 = \"error\" }\n"),
        (".env", WORKER_ENV),
    ]);
    let run = crlint(dir.path(), &["check", "--output-format", "json"]);
    assert_eq!(run.code, 0, "an info finding does not fail the run");
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["code"], "CR102");
    assert_eq!(doc["diagnostics"][0]["severity"], "info");
    let github = crlint(dir.path(), &["check", "--output-format", "github", "-q"]);
    assert!(github.stdout.starts_with("::notice file=.env,"), "{}", github.stdout);
}

#[test]
fn the_region_takes_effect_and_the_flag_overrides_it() {
    let dir = project(&[(".env", "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n")]);
    assert_eq!(findings(dir.path(), &[]), (0, vec![]));
    std::fs::write(dir.path().join("crlint.toml"), "[gateway]\nregion = \"east-asia\"\n").unwrap();
    assert_eq!(findings(dir.path(), &[]), (1, vec![".env:1:17: CR203".to_string()]));
    assert_eq!(findings(dir.path(), &["--region", "intl"]), (0, vec![]));
}

#[test]
fn scan_include_exclude_and_max_file_size_take_effect() {
    let dir = project(&[
        (
            "crlint.toml",
            "[scan]\ninclude = [\"services/**\", \"apps/**\"]\nexclude = [\"legacy\"]\nmax-file-size = 100\n",
        ),
        (".env", WORKER_ENV),
        ("services/w/.env", WORKER_ENV),
        ("services/legacy/.env", WORKER_ENV),
        ("apps/.env", &format!("# {}\n{WORKER_ENV}", "x".repeat(100))),
    ]);
    let (_, found) = findings(dir.path(), &[]);
    assert_eq!(found, vec!["apps/.env:1:1: CR902", "services/w/.env:1:24: CR102"]);
    // Named files are filtered too: pre-commit names every file it passes.
    let (code, named) = findings(dir.path(), &[".env", "services/legacy/.env"]);
    assert_eq!((code, named), (0, vec![]));
}

#[test]
fn the_file_is_found_from_a_subdirectory_and_its_globs_stay_relative_to_it() {
    let dir = project(&[
        ("crlint.toml", "[lint.per-file-ignores]\n\"services/w/.env\" = [\"CR102\"]\n"),
        ("services/w/.env", WORKER_ENV),
        ("services/x/.env", WORKER_ENV),
    ]);
    let (_, found) = findings(&dir.path().join("services"), &["."]);
    assert_eq!(found, vec!["x/.env:1:24: CR102"]);
    let (_, found) = findings(dir.path(), &["services/w", "services/x/.env"]);
    assert_eq!(found, vec!["services/x/.env:1:24: CR102"]);
    // An explicit --config applies wherever it lives.
    let elsewhere = project(&[("other.toml", "[lint]\nignore = [\"CR1\"]\n")]);
    let config = elsewhere.path().join("other.toml");
    let (code, found) = findings(dir.path(), &["--config", config.to_str().unwrap()]);
    assert_eq!((code, found), (0, vec![]));
}
