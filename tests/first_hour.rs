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
    cmd.current_dir(dir).env_remove("NO_COLOR").env_remove("COLUMNS").env("CLICOLOR_FORCE", "0");
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
    let lines = run.stdout.lines().map(|l| l.split(' ').take(2).collect::<Vec<_>>().join(" ")).collect();
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
        lines.iter().filter(|l| !["CR204", "CR404", "CR405"].iter().any(|c| l.ends_with(c))).cloned().collect()
    };
    let all = per_file(&all);
    let mut dirs_checked = 0;
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
        dirs_checked += 1;
    }
    for line in &all {
        let file = line.split(':').next().unwrap();
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
    let _ = dirs_checked;
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
    write(home.path(), ".claude/settings.json", "{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://api.crazyrouter.com/v1\"}}\n");
    write(
        home.path(),
        ".codex/config.toml",
        "model_provider = \"cr\"\n[model_providers.cr]\nbase_url = \"https://api.crazyrouter.com\"\nwire_api = \"responses\"\n",
    );
    let (code, lines) = concise(home.path(), &["--isolated", ".claude", ".codex"]);
    assert_eq!(code, 1);
    assert_eq!(lines, [".claude/settings.json:1:31: CR102", ".codex/config.toml:3:12: CR101"]);
    let (_, inside) = concise(&home.path().join(".claude"), &["--isolated", "."]);
    assert_eq!(inside, ["./settings.json:1:31: CR102"]);
    let run = crlint_in(home.path(), &["check", "--isolated", "--fix", "--region", "east-asia", ".claude", ".codex"], &[]);
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
