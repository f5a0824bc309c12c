//! The real `pre-commit run`, configured as a user would (`repo:` this working
//! tree's snapshot, `rev:` its commit), on a scratch repository holding a bad
//! `.env`; pre-commit clones the hooks repository into its own store
//! (PRE_COMMIT_HOME, fresh per test) and installs the hooks' environment once.
//!
//! `crlint` / `crlint-fix` (`language: python`): pre-commit pip-installs the
//! root pyproject.toml (the placeholder) and, through its dependency, the wheel
//! package.py made, from that directory with the index off. Stand-ins for cargo
//! and rustc on PATH prove nothing is compiled (pip itself asks `rustc
//! --version`, for its user agent: that call is allowed).
//!
//! `crlint-rust` / `crlint-fix-rust` (`language: rust`): pre-commit runs
//! `cargo install --bins --root ENV --path .` in its clone; a stand-in cargo
//! records that call and copies the test binary there, so the hooks' wiring is
//! tested without a release build (the real `cargo install` of this crate is
//! what `cargo test` and the sdist test already build).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::common::{artifacts, crlint, git, path_with, run, scratch, snapshot_of_this_tree, write_script};
use crate::support::pyenv::Finished;
use crate::support::toolvenv::tool;

const LIMIT: Duration = Duration::from_secs(600);
const BAD_ENV: &str = "OPENAI_BASE_URL=https://crazyrouter.com/v1\n";
const FIXED_ENV: &str = "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n";

struct Scene {
    project: PathBuf,
    home: PathBuf,
    fake_bin: PathBuf,
    log: PathBuf,
}

/// The hooks repository (a snapshot of this tree), a project with a bad `.env`
/// and a `.pre-commit-config.yaml` naming `hooks` of it, an empty
/// PRE_COMMIT_HOME, and `cargo`/`rustc` stand-ins (`cargo_script`).
fn scene(name: &str, hooks_ids: [&str; 2], cargo_script: &str) -> Scene {
    let root = scratch(name);
    let hooks = snapshot_of_this_tree(&root.join("crlint"));
    let mut rev = Command::new("git");
    rev.args(["rev-parse", "HEAD"]).current_dir(&hooks);
    let rev = crate::common::run_ok(rev, Duration::from_secs(60)).stdout.trim().to_string();
    let project = root.join("project");
    fs::create_dir_all(&project).unwrap();
    git(&project, &["init", "-q"]);
    fs::write(project.join(".env"), BAD_ENV).unwrap();
    fs::write(project.join("README.md"), "# a project\n").unwrap();
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: {}\n      - id: {}\n",
        hooks.display(),
        hooks_ids[0],
        hooks_ids[1]
    );
    fs::write(project.join(".pre-commit-config.yaml"), config).unwrap();
    git(&project, &["add", "."]);
    let fake_bin = root.join("fake-bin");
    fs::create_dir_all(&fake_bin).unwrap();
    let log = root.join("toolchain.log");
    write_script(&fake_bin.join("cargo"), cargo_script);
    write_script(
        &fake_bin.join("rustc"),
        "#!/bin/sh\n[ \"$*\" = --version ] && { echo 'rustc 1.95.0 (stand-in)'; exit 0; }\n\
         echo \"rustc $*\" >> \"$TOOLCHAIN_LOG\"\nexit 99\n",
    );
    Scene { project, home: root.join("pre-commit-home"), fake_bin, log }
}

fn pre_commit_run(s: &Scene, hook: &str) -> Finished {
    let mut cmd = Command::new(tool("pre-commit"));
    cmd.args(["run", hook, "--all-files", "--color", "never"])
        .current_dir(&s.project)
        .env("PATH", path_with(&s.fake_bin))
        .env("PRE_COMMIT_HOME", &s.home)
        .env("TOOLCHAIN_LOG", &s.log)
        .env("CRLINT_TEST_BINARY", crlint())
        // The wheel from package.py's directory and nothing from an index.
        .env("PIP_NO_INDEX", "1")
        .env("PIP_FIND_LINKS", &artifacts().dir)
        .env("PIP_CONFIG_FILE", "/dev/null")
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("VIRTUALENV_NO_PERIODIC_UPDATE", "1");
    for var in ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_OBJECT_DIRECTORY"] {
        cmd.env_remove(var);
    }
    run(cmd, LIMIT)
}

/// Fails on the bad `.env` with crlint's finding; the fix hook rewrites it
/// (pre-commit fails the run because a file changed); then the check passes.
fn fail_fix_pass(s: &Scene, check: &str, fix: &str) {
    let done = pre_commit_run(s, check);
    let out = format!("{}{}", done.stdout, done.stderr);
    assert!(!done.status.success(), "the hook must fail on the bad .env:\n{out}");
    assert!(out.contains("Failed") && out.contains("CR201") && out.contains(".env"), "{out}");

    let done = pre_commit_run(s, fix);
    let out = format!("{}{}", done.stdout, done.stderr);
    assert!(!done.status.success() && out.contains("files were modified by this hook"), "{out}");
    assert_eq!(fs::read_to_string(s.project.join(".env")).unwrap(), FIXED_ENV);

    git(&s.project, &["add", "."]);
    let done = pre_commit_run(s, check);
    let out = format!("{}{}", done.stdout, done.stderr);
    assert!(done.status.success() && out.contains("Passed"), "the hook passes on the fixed .env:\n{out}");
}

#[test]
fn pre_commit_wheel_hooks_fail_fix_and_pass_without_compiling() {
    let refuse = "#!/bin/sh\necho \"cargo $*\" >> \"$TOOLCHAIN_LOG\"\nexit 99\n";
    let s = scene("pre-commit-wheel", ["crlint", "crlint-fix"], refuse);
    fail_fix_pass(&s, "crlint", "crlint-fix");
    assert!(!s.log.exists(), "no toolchain may run: {}", fs::read_to_string(&s.log).unwrap_or_default());
    // The hook's crlint is the wheel's: pip installed it into pre-commit's venv.
    let installed = find_file(&s.home, "crlint", &|p| p.parent().is_some_and(|d| d.ends_with("bin")));
    assert_eq!(fs::read(installed).unwrap(), fs::read(crlint()).unwrap());
}

#[test]
fn pre_commit_rust_hooks_install_with_cargo_and_fail_fix_and_pass() {
    let stand_in = r#"#!/bin/sh
# cargo stand-in: records the call; `install --root DIR` copies the test binary to DIR/bin.
echo "cargo $* (in $PWD)" >> "$TOOLCHAIN_LOG"
case "$1" in
  --version) echo "cargo 1.95.0 (stand-in)"; exit 0 ;;
  install)
    root=
    while [ $# -gt 0 ]; do [ "$1" = --root ] && root=$2; shift; done
    [ -f Cargo.toml ] && [ -f build.rs ] || { echo "not a crlint checkout: $PWD" >&2; exit 98; }
    mkdir -p "$root/bin" && cp "$CRLINT_TEST_BINARY" "$root/bin/crlint" && exit 0 ;;
esac
exit 99
"#;
    let s = scene("pre-commit-rust", ["crlint-rust", "crlint-fix-rust"], stand_in);
    fail_fix_pass(&s, "crlint-rust", "crlint-fix-rust");
    let log = fs::read_to_string(&s.log).unwrap();
    let installs: Vec<&str> = log.lines().filter(|l| l.starts_with("cargo install")).collect();
    assert_eq!(installs.len(), 1, "one environment, installed once for both hooks and three runs:\n{log}");
    assert!(installs[0].contains("--bins --root ") && installs[0].contains(" --path . "), "{log}");
    assert!(!log.contains("rustc"), "{log}");
}

fn find_file(dir: &Path, name: &str, keep: &dyn Fn(&Path) -> bool) -> PathBuf {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() && entry.file_name() == name && keep(&path) {
                return path;
            }
        }
    }
    panic!("no {name} under {}", dir.display())
}
