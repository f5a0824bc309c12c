//! The cached Python environment holding the CI tools crlint integrates with
//! (pre-commit, actionlint), for `tests/integrations.rs`.
//!
//! For: finding those tools' executables. The venv lives in
//! `$CARGO_TARGET_DIR/tools-venv/` (else `target/`), is built once from
//! `tests/tools/requirements.txt` and rebuilt only when that file changes (its
//! hash is stamped in the venv); parallel test binaries share it through a lock
//! file. If it cannot be built (no Python, registry unreachable) the calling
//! test PANICS with the reason: an integration test never passes unrun.
//!
//! Not for: the real-client SDKs (`pyenv` keeps those, pinned apart).

#![allow(dead_code)]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use super::pyenv::run_bounded;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");
const VENV_CREATE_LIMIT: Duration = Duration::from_secs(300);
const PIP_LIMIT: Duration = Duration::from_secs(900);
const LOCK_WAIT_LIMIT: Duration = Duration::from_secs(1200);
const LOCK_STALE_AFTER: Duration = Duration::from_secs(1800);

/// `$CARGO_TARGET_DIR` (relative to the crate when relative), else `target/`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => Path::new(MANIFEST_DIR).join(dir),
        _ => Path::new(MANIFEST_DIR).join("target"),
    }
}

/// The path of `exe` (`pre-commit`, `actionlint`) in the tools venv, building
/// the venv first if needed.
pub fn tool(exe: &str) -> PathBuf {
    static READY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let venv = match READY.get_or_init(ensure_venv) {
        Ok(venv) => venv.clone(),
        Err(e) => panic!("tools venv unavailable: pre-commit and actionlint could not be installed.\n{e}"),
    };
    let path = venv.join("bin").join(exe);
    assert!(path.exists(), "{} is not in the tools venv", path.display());
    path
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

fn ensure_venv() -> Result<PathBuf, String> {
    let target = target_dir();
    let venv = target.join("tools-venv");
    let python = venv.join("bin").join("python");
    let req = Path::new(MANIFEST_DIR).join("tests/tools/requirements.txt");
    let req_bytes = fs::read(&req).map_err(|e| format!("cannot read {}: {e}", req.display()))?;
    let stamp_path = venv.join("crlint-requirements.stamp");
    let stamp = format!("requirements-fnv1a64={:016x}\n", fnv1a(&req_bytes));
    let ready = || python.exists() && fs::read_to_string(&stamp_path).ok().as_deref() == Some(&stamp);
    if ready() {
        return Ok(venv);
    }
    fs::create_dir_all(&target).map_err(|e| format!("cannot create {}: {e}", target.display()))?;
    let _lock = Lock::acquire(&target.join("tools-venv.lock"))?;
    if ready() {
        return Ok(venv);
    }
    eprintln!("tools: building {} (first run only)", venv.display());
    let _ = fs::remove_file(&stamp_path);
    let mut create = Command::new("python3");
    create.args(["-m", "venv", "--clear"]).arg(&venv);
    let out = run_bounded(create, VENV_CREATE_LIMIT)
        .map_err(|e| format!("`python3 -m venv` failed to run: {e}"))?;
    if !out.status.success() {
        return Err(format!("`python3 -m venv` failed:\n{}", out.stderr));
    }
    let mut pip = Command::new(&python);
    pip.args([
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-input",
        "--timeout",
        "30",
        "--retries",
        "2",
        "-r",
    ])
    .arg(&req);
    let out = run_bounded(pip, PIP_LIMIT).map_err(|e| format!("pip did not finish: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`pip install -r {}` failed (is the package registry reachable?):\n{}",
            req.display(),
            out.stderr
        ));
    }
    fs::write(&stamp_path, &stamp).map_err(|e| format!("cannot write stamp: {e}"))?;
    Ok(venv)
}

/// A lock file made with `create_new` and removed on drop; one older than
/// `LOCK_STALE_AFTER` (its holder died) is broken.
struct Lock(PathBuf);

impl Lock {
    fn acquire(path: &Path) -> Result<Lock, String> {
        let start = Instant::now();
        loop {
            match fs::File::create_new(path) {
                Ok(mut f) => {
                    let _ = writeln!(f, "pid {}", std::process::id());
                    return Ok(Lock(path.to_path_buf()));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = fs::metadata(path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| SystemTime::now().duration_since(t).ok());
                    if age.is_some_and(|a| a > LOCK_STALE_AFTER) {
                        let _ = fs::remove_file(path);
                        continue;
                    }
                    if start.elapsed() > LOCK_WAIT_LIMIT {
                        return Err(format!("waited {LOCK_WAIT_LIMIT:?} for {}", path.display()));
                    }
                    thread::sleep(Duration::from_millis(250));
                }
                Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}
