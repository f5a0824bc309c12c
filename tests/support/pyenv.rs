//! The cached Python environment holding the real SDKs, and the helper that
//! runs one client script against a fresh `Recorder`.
//!
//! For: conformance tests (`run_client`, `Run`). The venv lives in
//! `$CARGO_TARGET_DIR/conformance-venv/` (else `target/`), is built once from
//! `tests/conformance/requirements.txt` (exact pins) and rebuilt only when that
//! file changes (its hash is stamped in the venv). Parallel tests and parallel
//! test binaries share it through a lock file. If the venv cannot be built
//! (no Python, registry unreachable) the calling test PANICS with the reason:
//! a conformance test never passes without having run the real client.
//!
//! Not for: general Python tooling. Client processes get a cleared
//! environment (no proxies, no keys from the developer's shell) and are killed
//! after `CLIENT_TIME_LIMIT`.

// Shared by several test binaries; each uses only part of the venv helpers.
#![allow(dead_code)]

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use super::recorder::{RecordedRequest, Recorder};

/// The dummy key every client script sends (same constant in `_common.py`).
pub const DUMMY_KEY: &str = "sk-CrlintConformanceDummyKey00000000000000000000000";
/// A client script is killed after this long.
pub const CLIENT_TIME_LIMIT: Duration = Duration::from_secs(60);
const VENV_CREATE_LIMIT: Duration = Duration::from_secs(300);
const PIP_LIMIT: Duration = Duration::from_secs(900);
const LOCK_WAIT_LIMIT: Duration = Duration::from_secs(1200);
const LOCK_STALE_AFTER: Duration = Duration::from_secs(1800);

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// `tests/conformance/` in the crate.
pub fn conformance_dir() -> PathBuf {
    Path::new(MANIFEST_DIR).join("tests").join("conformance")
}

/// `$CARGO_TARGET_DIR` (relative to the crate when relative), else `target/`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => Path::new(MANIFEST_DIR).join(dir),
        _ => Path::new(MANIFEST_DIR).join("target"),
    }
}

/// The exact version pinned for `package` in requirements.txt.
pub fn pinned_version(package: &str) -> Option<String> {
    let text = fs::read_to_string(conformance_dir().join("requirements.txt")).ok()?;
    text.lines()
        .filter_map(|l| l.split('#').next()?.trim().split_once("=="))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case(package))
        .map(|(_, v)| v.trim().to_string())
}

/// The venv's interpreter, building the venv first if needed. Panics with a
/// clear message when it cannot be built.
pub fn venv_python() -> PathBuf {
    static READY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let build = || ensure_venv("conformance-venv", &conformance_dir().join("requirements.txt"));
    match READY.get_or_init(build) {
        Ok(venv) => venv_bin(venv, "python"),
        Err(e) => {
            panic!("conformance venv unavailable: the real clients could not be installed.\n{e}")
        }
    }
}

pub fn venv_bin(venv: &Path, exe: &str) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join(format!("{exe}.exe"))
    } else {
        venv.join("bin").join(exe)
    }
}

/// FNV-1a, 64 bits: enough to notice that requirements.txt changed.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// The venv `target/<name>/` with `requirements` installed, built once and
/// rebuilt only when the requirements file changes (its hash is stamped in the
/// venv); parallel test binaries share it through a lock file. Returns the
/// venv's directory, or why it could not be built (callers panic with it: a
/// test that needs real packages never passes unrun).
pub fn ensure_venv(name: &str, requirements: &Path) -> Result<PathBuf, String> {
    let target = target_dir();
    let venv = target.join(name);
    let python = venv_bin(&venv, "python");
    let req = requirements.to_path_buf();
    let req_bytes = fs::read(&req).map_err(|e| format!("cannot read {}: {e}", req.display()))?;
    let stamp_path = venv.join("crlint-requirements.stamp");
    let stamp = format!("requirements-fnv1a64={:016x}\n", fnv1a(&req_bytes));
    let ready = || python.exists() && fs::read_to_string(&stamp_path).ok().as_deref() == Some(&stamp);
    if ready() {
        return Ok(venv);
    }
    fs::create_dir_all(&target).map_err(|e| format!("cannot create {}: {e}", target.display()))?;
    let _lock = FileLock::acquire(&target.join(format!("{name}.lock")))?;
    if ready() {
        return Ok(venv); // another process built it while we waited
    }
    let base_python = std::env::var("CRLINT_CONFORMANCE_PYTHON").unwrap_or_else(|_| "python3".into());
    eprintln!("tests: building {} with {base_python} (first run only)", venv.display());
    let _ = fs::remove_file(&stamp_path);
    let mut create = Command::new(&base_python);
    create.args(["-m", "venv", "--clear"]).arg(&venv);
    let out = run_bounded(create, VENV_CREATE_LIMIT).map_err(|e| {
        format!("`{base_python} -m venv` failed to run: {e} (set CRLINT_CONFORMANCE_PYTHON to a Python 3.9+)")
    })?;
    if !out.status.success() {
        return Err(format!("`{base_python} -m venv` failed:\n{}", out.stderr));
    }
    let mut pip = Command::new(&python);
    pip.args(["-m", "pip", "install", "--disable-pip-version-check", "--no-input"])
        .args(["--timeout", "30", "--retries", "2", "-r"])
        .arg(&req);
    let out = run_bounded(pip, PIP_LIMIT).map_err(|e| format!("pip did not finish: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`pip install -r {}` failed (is the package registry reachable?):\n{}",
            req.display(),
            tail(&out.stderr, 3000)
        ));
    }
    fs::write(&stamp_path, &stamp).map_err(|e| format!("cannot write stamp: {e}"))?;
    Ok(venv)
}

/// A lock file created with `create_new`; removed on drop. A lock older than
/// `LOCK_STALE_AFTER` (its holder died) is broken.
struct FileLock(PathBuf);

impl FileLock {
    fn acquire(path: &Path) -> Result<FileLock, String> {
        let start = Instant::now();
        loop {
            match fs::File::create_new(path) {
                Ok(mut f) => {
                    let _ = writeln!(f, "pid {}", std::process::id());
                    return Ok(FileLock(path.to_path_buf()));
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
                        return Err(format!(
                            "waited {LOCK_WAIT_LIMIT:?} for {}; remove it if no test is running",
                            path.display()
                        ));
                    }
                    thread::sleep(Duration::from_millis(250));
                }
                Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
            }
        }
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// What a bounded subprocess produced.
pub struct Finished {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `cmd` with piped output, killing it after `limit`.
pub fn run_bounded(mut cmd: Command, limit: Duration) -> Result<Finished, String> {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("spawn {cmd:?}: {e}"))?;
    let drain = |r: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(child.stdout.take().map(|s| Box::new(s) as Box<dyn Read + Send>));
    let err = drain(child.stderr.take().map(|s| Box::new(s) as Box<dyn Read + Send>));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = err.join().unwrap_or_default();
            return Err(format!("killed after {limit:?}: {cmd:?}\n{}", tail(&stderr, 2000)));
        }
        thread::sleep(Duration::from_millis(50));
    };
    Ok(Finished { status, stdout: out.join().unwrap_or_default(), stderr: err.join().unwrap_or_default() })
}

fn tail(s: &str, max: usize) -> &str {
    let mut start = s.len().saturating_sub(max);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// One client run: the script name (`openai_chat`, `anthropic_messages`,
/// `google_genai`, `openai_responses`), its arguments, and extra environment.
/// `{base}` in the base URL, arguments and environment values is replaced by
/// the fresh recorder's `http://127.0.0.1:PORT`.
pub struct Run {
    client: String,
    base_url: Option<String>,
    args: Vec<String>,
    env: Vec<(String, String)>,
}

/// What a client run left: the recorded requests and the script's JSON line.
#[derive(Debug)]
pub struct ClientOutcome {
    pub requests: Vec<RecordedRequest>,
    pub report: serde_json::Value,
    pub stderr: String,
}

impl ClientOutcome {
    /// `report[field]` as a string (`"outcome"`, `"sdk_version"`, …).
    pub fn field(&self, field: &str) -> String {
        match &self.report[field] {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Null => String::new(),
            other => other.to_string(),
        }
    }
}

impl Run {
    pub fn new(client: &str) -> Run {
        Run { client: client.to_string(), base_url: None, args: Vec::new(), env: Vec::new() }
    }

    /// Passed to the script as `--base-url`.
    pub fn base_url(mut self, template: &str) -> Run {
        self.base_url = Some(template.to_string());
        self
    }

    pub fn arg(mut self, arg: &str) -> Run {
        self.args.push(arg.to_string());
        self
    }

    pub fn env(mut self, name: &str, template: &str) -> Run {
        self.env.push((name.to_string(), template.to_string()));
        self
    }

    /// Starts a recorder, runs the script against it, returns what it saw.
    /// Panics if the script cannot run or prints no JSON line.
    pub fn go(self) -> ClientOutcome {
        let python = venv_python();
        let recorder = Recorder::start();
        let base = recorder.base();
        let fill = |s: &str| s.replace("{base}", &base);
        let script = conformance_dir().join("clients").join(format!("{}.py", self.client));
        assert!(script.exists(), "no client script {}", script.display());

        let home = target_dir().join("conformance-home");
        let _ = fs::create_dir_all(&home);
        let mut cmd = Command::new(&python);
        cmd.arg(&script).current_dir(conformance_dir()).env_clear();
        for keep in ["PATH", "SYSTEMROOT", "TMPDIR", "TEMP", "TMP", "LANG"] {
            if let Some(v) = std::env::var_os(keep) {
                cmd.env(keep, v);
            }
        }
        cmd.env("HOME", &home)
            .env("NO_PROXY", "127.0.0.1,localhost")
            .env("PYTHONNOUSERSITE", "1")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("PYTHONIOENCODING", "utf-8");
        if let Some(b) = &self.base_url {
            cmd.arg("--base-url").arg(fill(b));
        }
        cmd.args(self.args.iter().map(|a| fill(a)));
        for (k, v) in &self.env {
            cmd.env(k, fill(v));
        }

        let done = run_bounded(cmd, CLIENT_TIME_LIMIT)
            .unwrap_or_else(|e| panic!("client {} did not finish: {e}", self.client));
        let line = done.stdout.lines().rev().find(|l| l.trim_start().starts_with('{'));
        let report: serde_json::Value =
            line.and_then(|l| serde_json::from_str(l).ok()).unwrap_or_else(|| {
                panic!(
                    "client {} printed no JSON report (exit {:?})\nstdout:\n{}\nstderr:\n{}",
                    self.client,
                    done.status.code(),
                    done.stdout,
                    tail(&done.stderr, 4000)
                )
            });
        assert!(
            done.status.success(),
            "client {} exited {:?}: {}",
            self.client,
            done.status.code(),
            tail(&done.stderr, 4000)
        );
        let requests = recorder.requests();
        drop(recorder);
        ClientOutcome { requests, report, stderr: done.stderr }
    }
}

/// Runs `client` with `--base-url` = `base_url` (`{base}` = the recorder's
/// root) and returns every request the recorder saw.
pub fn run_client(client: &str, base_url: &str) -> Vec<RecordedRequest> {
    Run::new(client).base_url(base_url).go().requests
}
