//! The release machinery without a release: actionlint on the workflow, its
//! targets against package.py's, one version everywhere, the Action's install
//! step run against the loopback server, and what the crate and the sdist hold
//! against what the compiler read to build crlint.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::common::{
    artifacts, crate_dir, crlint, git, host_target, path_with, python, run, run_ok, scratch, write_script,
    VERSION,
};
use crate::fileserver::FileServer;
use crate::support::pyenv::Finished;
use crate::support::toolvenv::tool;

const LIMIT: Duration = Duration::from_secs(300);

fn read(rel: &str) -> String {
    fs::read_to_string(crate_dir().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// actionlint (with shellcheck on every `run:` script) on the release workflow
/// in a scratch repository; then a broken copy must be refused, so the check is live.
#[test]
fn actionlint_and_shellcheck_accept_the_release_workflow() {
    let repo = scratch("actionlint-release");
    git(&repo, &["init", "-q"]);
    let workflows = repo.join(".github/workflows");
    fs::create_dir_all(&workflows).unwrap();
    let workflow = read(".github/workflows/release.yml");
    fs::write(workflows.join("release.yml"), &workflow).unwrap();
    let shellcheck = tool("shellcheck");
    let args = ["-no-color", &format!("-shellcheck={}", shellcheck.display()), "-pyflakes="];
    let mut cmd = Command::new(tool("actionlint"));
    cmd.args(args).current_dir(&repo);
    let done = run(cmd, LIMIT);
    assert!(done.status.success(), "actionlint:\n{}{}", done.stdout, done.stderr);

    let broken =
        workflow.replacen("needs: [build, sdist, smoke-test]", "needs: [build, sdist, smoke-tests]", 1);
    assert_ne!(broken, workflow);
    fs::write(workflows.join("release.yml"), broken).unwrap();
    let mut cmd = Command::new(tool("actionlint"));
    cmd.args(args).current_dir(&repo);
    let done = run(cmd, LIMIT);
    assert!(!done.status.success() && done.stdout.contains("smoke-tests"), "{}", done.stdout);
}

/// actionlint (with shellcheck) on the weekly drift workflow (issue 20); a broken copy
/// (a step id the issue step reads that no step has) must be refused.
#[test]
fn actionlint_and_shellcheck_accept_the_drift_workflow() {
    let repo = scratch("actionlint-drift");
    git(&repo, &["init", "-q"]);
    let workflows = repo.join(".github/workflows");
    fs::create_dir_all(&workflows).unwrap();
    let workflow = read(".github/workflows/drift.yml");
    fs::write(workflows.join("drift.yml"), &workflow).unwrap();
    let shellcheck = tool("shellcheck");
    let args = ["-no-color", &format!("-shellcheck={}", shellcheck.display()), "-pyflakes="];
    let mut cmd = Command::new(tool("actionlint"));
    cmd.args(args).current_dir(&repo);
    let done = run(cmd, LIMIT);
    assert!(done.status.success(), "actionlint:\n{}{}", done.stdout, done.stderr);

    let broken = workflow.replacen("steps.drift.outcome", "steps.drifted.outcome", 1);
    assert_ne!(broken, workflow);
    fs::write(workflows.join("drift.yml"), broken).unwrap();
    let mut cmd = Command::new(tool("actionlint"));
    cmd.args(args).current_dir(&repo);
    let done = run(cmd, LIMIT);
    assert!(!done.status.success() && done.stdout.contains("drifted"), "{}", done.stdout);
}

/// The build matrix is exactly the targets package.py marks `release`.
#[test]
fn the_release_workflow_builds_every_released_target() {
    let mut cmd = Command::new(python());
    cmd.arg(crate_dir().join("scripts/package.py")).arg("targets");
    let listed = run_ok(cmd, LIMIT).stdout;
    let released: BTreeSet<String> = listed
        .lines()
        .filter(|l| l.split('\t').nth(1) == Some("release"))
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    let workflow = read(".github/workflows/release.yml");
    let built: BTreeSet<String> = workflow
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- target: "))
        .map(|t| t.trim().to_string())
        .collect();
    assert_eq!(built, released);
}

/// Cargo.toml's version is the one every channel names: the pre-commit
/// placeholder and its pin, the npm launcher, both installers, the Action.
#[test]
fn every_file_names_cargo_toml_s_version() {
    let expect = [
        ("pyproject.toml", format!("version = \"{VERSION}\"")),
        ("pyproject.toml", format!("dependencies = [\"crlint=={VERSION}\"]")),
        ("npm/crlint/package.json", format!("\"version\": \"{VERSION}\"")),
        ("install.sh", format!("VERSION=\"${{CRLINT_VERSION:-{VERSION}}}\"")),
        ("install.sh", format!("releases/download/v{VERSION}/install.sh")),
        ("install.ps1", format!("else {{ '{VERSION}' }}")),
        ("action.yml", format!("default: \"{VERSION}\"")),
        (".pre-commit-hooks.yaml", format!("rev: v{VERSION}")),
    ];
    for (file, needle) in expect {
        assert!(read(file).contains(&needle), "{file} must say {needle}");
    }
    let launcher: serde_json::Value = serde_json::from_str(&read("npm/crlint/package.json")).unwrap();
    for (name, version) in launcher["optionalDependencies"].as_object().unwrap() {
        assert_eq!(version, VERSION, "{name}");
    }
}

/// The bash `run:` script of action.yml's "Install crlint" step.
fn action_install_script() -> String {
    let action = read("action.yml");
    let start = action.find("    - name: Install crlint\n").expect("the install step");
    let step = &action[start..];
    for line in [
        "if: runner.os != 'Windows'",
        "shell: bash",
        "CRLINT_VERSION: ${{ inputs.version }}",
        "CRLINT_SHA256: ${{ inputs.sha256 }}",
        "CRLINT_INSTALL_DIR: ${{ runner.temp }}/crlint/bin",
        "CRLINT_FROM_SOURCE: ${{ inputs.from-source }}",
    ] {
        assert!(step[..step.find("run: |").unwrap()].contains(line), "the step has {line}");
    }
    let body = &step[step.find("      run: |\n").unwrap() + "      run: |\n".len()..];
    body.lines()
        .take_while(|l| l.is_empty() || l.starts_with("        "))
        .map(|l| format!("{}\n", l.get(8..).unwrap_or("")))
        .collect()
}

/// The step as the runner runs it (`bash --noprofile --norc -eo pipefail`),
/// with the env its `env:` block sets, a loopback download base, and a cargo
/// stand-in that records its calls.
fn run_action_install(
    name: &str,
    files: HashMap<String, Vec<u8>>,
    from_source: &str,
    sha256: &str,
) -> (Finished, PathBuf) {
    let dir = scratch(name);
    let runner_temp = dir.join("runner-temp");
    fs::create_dir_all(&runner_temp).unwrap();
    let script = dir.join("install-step.sh");
    fs::write(&script, action_install_script()).unwrap();
    let fake = dir.join("fake-bin");
    fs::create_dir_all(&fake).unwrap();
    write_script(
        &fake.join("cargo"),
        "#!/bin/sh\necho \"cargo $*\" >> \"$CARGO_LOG\"\n\
         while [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\n\
         mkdir -p \"$root/bin\" && cp \"$CRLINT_TEST_BINARY\" \"$root/bin/crlint\"\n",
    );
    let server = FileServer::start(files);
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&script)
        .env("PATH", path_with(&fake))
        .env("GITHUB_ACTION_PATH", crate_dir())
        .env("RUNNER_TEMP", &runner_temp)
        .env("GITHUB_PATH", dir.join("github-path"))
        .env("CRLINT_VERSION", VERSION)
        .env("CRLINT_INSTALL_DIR", runner_temp.join("crlint/bin"))
        .env("CRLINT_FROM_SOURCE", from_source)
        .env("CRLINT_SHA256", sha256)
        .env("CRLINT_DOWNLOAD_BASE", server.base())
        .env("CRLINT_TARGET", host_target())
        .env("CARGO_LOG", dir.join("cargo.log"))
        .env("CRLINT_TEST_BINARY", crlint());
    (run(cmd, LIMIT), dir)
}

fn release_files() -> HashMap<String, Vec<u8>> {
    let a = artifacts();
    let name = a.archive.file_name().unwrap().to_string_lossy().into_owned();
    HashMap::from([
        (format!("/{name}"), fs::read(&a.archive).unwrap()),
        (format!("/{name}.sha256"), fs::read(&a.checksum).unwrap()),
    ])
}

#[test]
fn the_action_installs_the_verified_release_binary_without_cargo() {
    let (done, dir) = run_action_install("action-install", release_files(), "false", "");
    assert!(done.status.success(), "{}{}", done.stdout, done.stderr);
    let bin = dir.join("runner-temp/crlint/bin");
    assert_eq!(fs::read(bin.join("crlint")).unwrap(), fs::read(crlint()).unwrap());
    assert_eq!(fs::read_to_string(dir.join("github-path")).unwrap(), format!("{}\n", bin.display()));
    assert!(
        !dir.join("cargo.log").exists(),
        "cargo must not run: {:?}",
        fs::read_to_string(dir.join("cargo.log"))
    );
}

/// A checksum mismatch fails the step: no fallback build of something else.
#[test]
fn the_action_fails_on_a_corrupted_archive_and_does_not_build() {
    let mut files = release_files();
    let key = files.keys().find(|k| k.ends_with(".tar.gz")).unwrap().clone();
    files.get_mut(&key).unwrap()[100] ^= 0xff;
    let (done, dir) = run_action_install("action-corrupt", files, "false", "");
    assert_eq!(done.status.code(), Some(1), "{}{}", done.stdout, done.stderr);
    assert!(
        done.stdout.contains("::error title=crlint::") && done.stdout.contains("SHA-256"),
        "{}",
        done.stdout
    );
    assert!(!dir.join("cargo.log").exists());
    assert!(!dir.join("runner-temp/crlint/bin/crlint").exists());
}

/// The `sha256` input pins the archive: the release's own checksum matching is not enough.
#[test]
fn the_action_fails_when_the_archive_is_not_the_pinned_sha256() {
    let (done, dir) = run_action_install("action-pin", release_files(), "false", &"0".repeat(64));
    assert_eq!(done.status.code(), Some(1), "{}{}", done.stdout, done.stderr);
    assert!(done.stdout.contains("::error title=crlint::"), "{}", done.stdout);
    assert!(!dir.join("cargo.log").exists());
    assert!(!dir.join("runner-temp/crlint/bin/crlint").exists());
}

/// No release binary to download: `cargo install --locked` from the action's checkout.
#[test]
fn the_action_builds_with_cargo_install_when_no_release_binary_fits() {
    let (done, dir) = run_action_install("action-fallback", HashMap::new(), "false", "");
    assert!(done.status.success(), "{}{}", done.stdout, done.stderr);
    assert!(done.stdout.contains("::notice title=crlint::"), "{}", done.stdout);
    let log = fs::read_to_string(dir.join("cargo.log")).unwrap();
    let root = dir.join("runner-temp/crlint");
    assert_eq!(
        log,
        format!("cargo install --locked --path {} --root {}\n", crate_dir().display(), root.display())
    );
    assert!(root.join("bin/crlint").exists());
}

#[test]
fn the_action_builds_from_source_when_asked_without_downloading() {
    let (done, dir) = run_action_install("action-from-source", release_files(), "true", "");
    assert!(done.status.success(), "{}{}", done.stdout, done.stderr);
    assert!(fs::read_to_string(dir.join("cargo.log")).unwrap().starts_with("cargo install --locked"));
    assert!(!done.stderr.contains("downloading"), "{}", done.stderr);
}

/// Every file of this crate the compiler read to build crlint's library and
/// binary (cargo's dep-info: sources, `include_str!`'d rules, what build.rs
/// embeds), relative to the crate.
fn files_the_compiler_read() -> BTreeSet<String> {
    let debug = crate::common::built_binary().parent().unwrap();
    let deps = debug.join("deps");
    // Every `crlint-HASH.d` in deps/: the library's, the binary's and the
    // unit-test harness's (all read the crate's sources). `crlint.d` beside
    // the binary exists only after `cargo build`, not after `cargo test`.
    let mut dep_files: Vec<PathBuf> = fs::read_dir(&deps)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.starts_with("crlint-") && name.ends_with(".d")
        })
        .collect();
    let uplifted = debug.join("crlint.d");
    if uplifted.exists() {
        dep_files.push(uplifted);
    }
    let mut read = BTreeSet::new();
    for dep in &dep_files {
        let text = fs::read_to_string(dep).unwrap_or_else(|e| panic!("{}: {e}", dep.display()));
        for line in text.lines() {
            let Some((_, inputs)) = line.split_once(": ") else { continue };
            for input in inputs.split_whitespace() {
                // deps/*.d name the crate's files relative to it, crlint.d absolutely.
                let path = crate_dir().join(input);
                let path = path.as_path();
                // Only this crate's files that still exist (a stale dep-info may name a removed one).
                if let Ok(rel) = path.strip_prefix(crate_dir()) {
                    if path.is_file() && !rel.starts_with("target") {
                        read.insert(lexically_normal(rel));
                    }
                }
            }
        }
    }
    assert!(read.contains("src/main.rs") && read.contains("src/lib.rs"), "{dep_files:?}: {read:?}");
    read
}

/// `src/../rules/x` as `rules/x` (dep-info keeps an include's `..`).
fn lexically_normal(rel: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in rel.components() {
        match part {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

fn cargo_package_list() -> BTreeSet<String> {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.args(["package", "--list", "--allow-dirty", "--offline"]).current_dir(crate_dir());
    run_ok(cmd, LIMIT).stdout.lines().map(str::to_string).collect()
}

/// `cargo install crlint` builds from the packaged crate: it must hold every
/// file the compiler read, build.rs, the lock file and README, and nothing of
/// the tests or fixtures.
#[test]
fn the_crate_package_holds_every_file_the_build_reads() {
    let listed = cargo_package_list();
    let read = files_the_compiler_read();
    assert!(read.iter().any(|f| f.starts_with("rules/")), "the rules are embedded: {read:?}");
    let missing: Vec<&String> = read.difference(&listed).collect();
    assert!(missing.is_empty(), "cargo package leaves out what the build reads: {missing:?}");
    for file in ["build.rs", "Cargo.lock", "README.md", "Cargo.toml"] {
        assert!(listed.contains(file), "{file} is not packaged");
    }
    let strays: Vec<&String> = listed
        .iter()
        .filter(|f| f.starts_with("tests/") || f.starts_with("fixtures/") || f.contains("/README.md"))
        .collect();
    assert!(strays.is_empty(), "not part of the crate: {strays:?}");
}

/// The PyPI sdist (`maturin sdist` in pypi/) holds the packaged crate and a
/// pyproject.toml that builds the `crlint` binary from it (`bindings = "bin"`,
/// the manifest beside it), named crlint at Cargo.toml's version.
#[test]
fn the_sdist_holds_the_crate_and_builds_the_crlint_binary() {
    let out = scratch("sdist");
    let mut cmd = Command::new(tool("maturin"));
    cmd.args(["sdist", "--out"])
        .arg(&out)
        .current_dir(crate_dir().join("pypi"))
        .env("CARGO_NET_OFFLINE", "true");
    run_ok(cmd, LIMIT);
    let sdist = out.join(format!("crlint-{VERSION}.tar.gz"));
    assert!(sdist.is_file(), "maturin wrote no {}", sdist.display());
    let unpacked = scratch("sdist-unpacked");
    let mut tar = Command::new("tar");
    tar.arg("-xzf").arg(&sdist).arg("-C").arg(&unpacked);
    run_ok(tar, LIMIT);
    let root = unpacked.join(format!("crlint-{VERSION}"));
    let mut held = BTreeSet::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                held.insert(e.path().strip_prefix(&root).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let crate_files: BTreeSet<String> = cargo_package_list()
        .into_iter()
        .filter(|f| f != "Cargo.toml.orig" && f != ".cargo_vcs_info.json")
        .collect();
    let missing: Vec<&String> = crate_files.difference(&held).collect();
    assert!(missing.is_empty(), "the sdist lacks {missing:?}");
    assert!(held.contains("pyproject.toml") && held.contains("PKG-INFO"));

    let pyproject = fs::read_to_string(root.join("pyproject.toml")).unwrap();
    for needle in ["build-backend = \"maturin\"", "bindings = \"bin\"", "manifest-path = \"Cargo.toml\""] {
        assert!(pyproject.contains(needle), "the sdist's pyproject.toml lacks {needle}:\n{pyproject}");
    }
    let pkg_info = fs::read_to_string(root.join("PKG-INFO")).unwrap();
    assert!(pkg_info.contains("\nName: crlint\n") && pkg_info.contains(&format!("\nVersion: {VERSION}\n")));
}
