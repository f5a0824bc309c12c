//! What every packaging test needs: the crate, the binary cargo built, the
//! artifacts scripts/package.py makes of it (once per run), and bounded runs
//! of external commands.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use crate::support::pyenv::{run_bounded, target_dir, Finished};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The crlint binary of this `cargo test` run (debug profile, 150 MB of it debug info).
pub fn built_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_crlint"))
}

/// What the tests package: a copy of the built binary with its debug info
/// stripped (`strip`, binutils), 16 MB instead of 150: the same code, and
/// every channel below copies it a few times. The release binary is stripped
/// by its profile (`strip = true`).
pub fn crlint() -> &'static Path {
    static ONCE: OnceLock<PathBuf> = OnceLock::new();
    ONCE.get_or_init(|| {
        let dir = scratch("binary");
        let stripped = dir.join("crlint");
        let mut strip = Command::new("strip");
        strip.arg("-o").arg(&stripped).arg(built_binary());
        run_ok(strip, Duration::from_secs(120));
        stripped
    })
}

/// The Rust target of the binary cargo built here, as scripts/package.py names it.
pub fn host_target() -> &'static str {
    match (std::env::consts::ARCH, std::env::consts::OS) {
        ("x86_64", "linux") => "x86_64-unknown-linux-gnu",
        ("aarch64", "linux") => "aarch64-unknown-linux-gnu",
        ("x86_64", "macos") => "x86_64-apple-darwin",
        ("aarch64", "macos") => "aarch64-apple-darwin",
        (arch, os) => panic!("the packaging tests run on Linux or macOS, not {os} {arch}"),
    }
}

/// The npm `os cpu` pair of this machine (`linux x64`).
pub fn npm_platform() -> String {
    let target = host_target();
    let os = if target.contains("linux") { "linux" } else { "darwin" };
    let cpu = if target.starts_with("x86_64") { "x64" } else { "arm64" };
    format!("{os}-{cpu}")
}

/// The Python that makes venvs (as the conformance venv: CRLINT_CONFORMANCE_PYTHON or python3).
pub fn python() -> String {
    std::env::var("CRLINT_CONFORMANCE_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// `$CARGO_TARGET_DIR/packaging/NAME`, emptied.
pub fn scratch(name: &str) -> PathBuf {
    let dir = target_dir().join("packaging").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `cmd`, killed after `limit`; panics if it cannot be started.
pub fn run(cmd: Command, limit: Duration) -> Finished {
    let shown = format!("{cmd:?}");
    run_bounded(cmd, limit).unwrap_or_else(|e| panic!("{shown} did not finish: {e}"))
}

/// Runs `cmd` and panics with its output unless it succeeds.
pub fn run_ok(cmd: Command, limit: Duration) -> Finished {
    let shown = format!("{cmd:?}");
    let done = run(cmd, limit);
    assert!(done.status.success(), "{shown} failed ({}):\n{}\n{}", done.status, done.stdout, done.stderr);
    done
}

/// What scripts/package.py made of the test binary.
pub struct Artifacts {
    pub dir: PathBuf,
    /// `crlint-vVERSION-TARGET.tar.gz`
    pub archive: PathBuf,
    /// `ARCHIVE.sha256`
    pub checksum: PathBuf,
    /// `crlint-VERSION-py3-none-PLATFORM.whl`
    pub wheel: PathBuf,
    /// `npm/crlint-OS-CPU/`: the platform package, before `npm pack`
    pub npm_platform: PathBuf,
}

/// The artifacts, packaged once per test run into `target/packaging/artifacts/`.
pub fn artifacts() -> &'static Artifacts {
    static ONCE: OnceLock<Artifacts> = OnceLock::new();
    ONCE.get_or_init(|| {
        let dir = scratch("artifacts");
        let mut cmd = Command::new(python());
        cmd.arg(crate_dir().join("scripts/package.py"))
            .arg("--binary")
            .arg(crlint())
            .args(["--target", host_target(), "--out"])
            .arg(&dir);
        let done = run_ok(cmd, Duration::from_secs(300));
        let made: Vec<PathBuf> =
            done.stdout.lines().map(|l| PathBuf::from(l.split('\t').next().unwrap())).collect();
        let find = |suffix: &str| {
            made.iter()
                .find(|p| p.to_string_lossy().ends_with(suffix))
                .unwrap_or_else(|| panic!("package.py made no *{suffix}:\n{}", done.stdout))
                .clone()
        };
        let target = host_target();
        let artifacts = Artifacts {
            archive: find(&format!("crlint-v{VERSION}-{target}.tar.gz")),
            checksum: find(&format!("crlint-v{VERSION}-{target}.tar.gz.sha256")),
            wheel: find(".whl"),
            npm_platform: find(&format!("npm/crlint-{}", npm_platform())),
            dir,
        };
        for path in [&artifacts.archive, &artifacts.checksum, &artifacts.wheel, &artifacts.npm_platform] {
            assert!(path.exists(), "{} was reported but is missing", path.display());
        }
        artifacts
    })
}

/// `crlint check fixtures/demo --output-format concise` with the test binary
/// itself: what every packaged crlint must print (it is the same binary).
pub fn demo_output_of_the_binary() -> String {
    let mut cmd = Command::new(built_binary());
    cmd.args(["check", "fixtures/demo", "--output-format", "concise", "--color", "never"])
        .current_dir(crate_dir());
    let done = run(cmd, Duration::from_secs(60));
    assert_eq!(done.status.code(), Some(1), "the demo has findings: {}", done.stderr);
    assert!(done.stdout.contains("CR102"), "{}", done.stdout);
    done.stdout
}

/// Asserts that a packaged crlint, run on the demo, exited 1 and printed what the binary prints.
pub fn assert_demo_run(what: &str, done: &Finished) {
    assert_eq!(
        done.status.code(),
        Some(1),
        "{what}: crlint check fixtures/demo must exit 1 (findings):\n{}\n{}",
        done.stdout,
        done.stderr
    );
    assert_eq!(done.stdout, demo_output_of_the_binary(), "{what}: not the output of the binary itself");
}

/// A git repository at `dir` holding this working tree's files (tracked and
/// untracked, `.gitignore` honoured) in one commit: what pre-commit clones from
/// a published crlint, with the changes under test.
pub fn snapshot_of_this_tree(dir: &Path) -> PathBuf {
    let mut ls = Command::new("git");
    ls.args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"]).current_dir(crate_dir());
    let listed = ls.output().expect("git runs");
    assert!(listed.status.success(), "the crate must be a git work tree");
    for name in listed.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let rel = String::from_utf8_lossy(name).into_owned();
        let from = crate_dir().join(&rel);
        if !from.is_file() {
            continue; // deleted in the work tree
        }
        let to = dir.join(&rel);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(&from, &to).unwrap();
    }
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "crlint under test"]);
    dir.to_path_buf()
}

pub fn git(dir: &Path, args: &[&str]) {
    let mut cmd = Command::new("git");
    cmd.args([
        "-c",
        "user.name=crlint tests",
        "-c",
        "user.email=tests@crlint.invalid",
        "-c",
        "commit.gpgsign=false",
    ])
    .args(args)
    .current_dir(dir);
    for var in ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_OBJECT_DIRECTORY"] {
        cmd.env_remove(var);
    }
    run_ok(cmd, Duration::from_secs(120));
}

/// An executable shell script at `path`.
pub fn write_script(path: &Path, body: &str) {
    fs::write(path, body).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// `dir` prepended to this process's PATH.
pub fn path_with(dir: &Path) -> String {
    format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default())
}
