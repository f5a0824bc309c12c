//! crlint inside the tools that run it: pre-commit (`.pre-commit-hooks.yaml`)
//! and GitHub Actions (`action.yml`), checked with the real tools from PyPI
//! (pinned in `tests/tools/requirements.txt`, installed once into a cached
//! venv under the cargo target directory).
//!
//! The hooks themselves run under the real `pre-commit try-repo` in
//! tests/packaging/pre_commit.rs (the wheel hooks from a locally built wheel,
//! the `language: rust` ones through a stand-in `cargo install`), so no test
//! builds a release crlint. Network: only the package registries.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use support::pyenv::run_bounded;
use support::toolvenv::tool;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

fn hooks_manifest() -> String {
    std::fs::read_to_string(Path::new(MANIFEST_DIR).join(".pre-commit-hooks.yaml")).unwrap()
}

/// The `files:` regex of the hooks, as written (a YAML block scalar).
fn files_regex() -> String {
    let manifest = hooks_manifest();
    let start = manifest.find("files: &config-files |").expect("the crlint hook names its files");
    manifest[start..]
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("    "))
        .map(|l| format!("{}\n", &l[4..]))
        .collect()
}

/// Example paths for a catalog glob: `**/.env.*` → `.env.x`, `a/b/.env.x`;
/// `**/*.{py,pyi}` → `x.py`, `a/b/x.py`, `x.pyi`, `a/b/x.pyi`.
fn examples(glob: &str) -> Vec<String> {
    let alternatives: Vec<String> = match (glob.find('{'), glob.find('}')) {
        (Some(open), Some(close)) => glob[open + 1..close]
            .split(',')
            .map(|alt| format!("{}{alt}{}", &glob[..open], &glob[close + 1..]))
            .collect(),
        _ => vec![glob.to_string()],
    };
    alternatives
        .iter()
        .flat_map(|g| [g.replace("**/", "").replace('*', "x"), g.replace("**/", "a/b/").replace('*', "x")])
        .collect()
}

#[test]
fn the_hook_files_regex_matches_every_file_the_catalog_knows() {
    let regex = regex::Regex::new(&files_regex()).expect("the files regex compiles");
    let catalog = crlint::catalog::Catalog::embedded().unwrap();
    let mut checked = 0;
    for client in &catalog.clients {
        for spec in &client.profile.files {
            for path in examples(&spec.glob) {
                assert!(
                    !catalog.clients_for_path(&path).is_empty(),
                    "{path} is not an example of {}",
                    spec.glob
                );
                assert!(
                    regex.is_match(&path),
                    "{path} (from {} in {}) escapes the hook's files regex",
                    spec.glob,
                    client.profile.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 10);
    for path in [
        ".aider.conf.yml",
        "deploy/docker-compose.yaml",
        "Dockerfile",
        "docker/api.Dockerfile",
        "scripts/setup.sh",
        ".zshrc",
        "home/.envrc",
        "api.http",
        "opencode.jsonc",
    ] {
        assert!(regex.is_match(path), "{path}");
    }
    for path in ["Cargo.lock", ".gitignore", "logo.png", "notes.txt", "a/.envrc.bak/x.o"] {
        assert!(!regex.is_match(path), "{path} should not be passed to crlint");
    }
}

/// Runs `program args…` in `dir` with a bounded time; returns (success, stdout + stderr).
fn run_in(
    dir: &Path,
    program: &Path,
    args: &[&str],
    env: &[(&str, &Path)],
    limit: Duration,
) -> (bool, String) {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(dir);
    for var in ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_OBJECT_DIRECTORY"] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let done =
        run_bounded(cmd, limit).unwrap_or_else(|e| panic!("{} did not finish: {e}", program.display()));
    (done.status.success(), format!("{}{}", done.stdout, done.stderr))
}

fn git(dir: &Path, args: &[&str]) {
    let mut all = vec![
        "-c",
        "user.name=crlint tests",
        "-c",
        "user.email=tests@crlint.invalid",
        "-c",
        "commit.gpgsign=false",
    ];
    all.extend_from_slice(args);
    let (ok, out) = run_in(dir, Path::new("git"), &all, &[], Duration::from_secs(120));
    assert!(ok, "git {args:?}: {out}");
}

#[test]
fn pre_commit_accepts_the_manifest() {
    let (ok, out) = run_in(
        Path::new(MANIFEST_DIR),
        &tool("pre-commit"),
        &["validate-manifest", ".pre-commit-hooks.yaml"],
        &[],
        Duration::from_secs(120),
    );
    assert!(ok, "{out}");
}

/// actionlint checks workflows, not action metadata, but it reads a local
/// action's `action.yml` when a workflow uses it (`uses: ./`) and checks the
/// inputs given against it. So: the example workflow, beside this action.yml
/// in a scratch repository, must lint clean; an input the action lacks must not.
#[test]
fn actionlint_accepts_the_example_workflow_using_the_action() {
    let actionlint = tool("actionlint");
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q"]);
    let workflows = repo.path().join(".github/workflows");
    std::fs::create_dir_all(&workflows).unwrap();
    std::fs::copy(Path::new(MANIFEST_DIR).join("action.yml"), repo.path().join("action.yml")).unwrap();
    let example =
        std::fs::read_to_string(Path::new(MANIFEST_DIR).join("tests/workflows/crlint-example.yml")).unwrap();
    std::fs::write(workflows.join("crlint.yml"), &example).unwrap();
    // No shellcheck or pyflakes: the result must not depend on what else is installed.
    let args = ["-no-color", "-shellcheck=", "-pyflakes="];
    let (ok, out) = run_in(repo.path(), &actionlint, &args, &[], Duration::from_secs(120));
    assert!(ok, "actionlint:\n{out}");

    let wrong = example.replace("sarif: true", "sarif: true\n          upload: true");
    std::fs::write(workflows.join("crlint.yml"), wrong).unwrap();
    let (ok, out) = run_in(repo.path(), &actionlint, &args, &[], Duration::from_secs(120));
    assert!(!ok && out.contains("input \"upload\" is not defined in action \"crlint\""), "{out}");
}
