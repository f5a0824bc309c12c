//! Hostile input: what a repository, a careless tool or an attacker can put
//! where crlint looks. Each case runs the real binary with a deadline (a hang
//! is a failure: the process is killed and the test fails), and asserts a
//! finding or a clean skip, never a panic, the right exit code, and that no
//! file changed except by an intended fix (the tree is fingerprinted before and
//! after). A few cases that need a moment between discovery and reading call
//! the library instead.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crlint::catalog::Catalog;
use crlint::discover::Candidate;
use crlint::git::GitIndex;
use crlint::pipeline::{check_file, CheckOptions};

/// Generous for a debug build on a loaded two-core machine; a hang is minutes.
const LIMIT: Duration = Duration::from_secs(60);

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
    elapsed: Duration,
}

/// Runs crlint in `dir`, killing it (and failing) if it outlives `limit`.
fn crlint_in(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // A probe, if a case asks for one, goes to a closed loopback port.
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("crlint {args:?} in {} still running after {limit:?}: a hang", dir.display());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let run = Run {
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
        // A signal (a stack overflow aborts) has no code.
        code: status.code().unwrap_or(-1),
        elapsed: start.elapsed(),
    };
    assert!(!run.stderr.contains("panicked"), "crlint {args:?} panicked:\n{}", run.stderr);
    assert_ne!(run.code, -1, "crlint {args:?} was killed by a signal ({status:?}):\n{}", run.stderr);
    run
}

fn check(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["check", ".", "--output-format", "concise"];
    args.extend_from_slice(extra);
    crlint_in(dir, &args, LIMIT)
}

/// Every entry under `dir`, described without following links or opening
/// anything that is not a regular file: type, mode, size, and a content hash
/// (for files over 16 MiB: of the first and last MiB, with the mtime).
fn fingerprint(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let kind = meta.file_type();
            let mode = meta.mode() & 0o7777;
            let desc = if kind.is_symlink() {
                format!("link -> {}", std::fs::read_link(&path).unwrap().display())
            } else if kind.is_dir() {
                stack.push(path.clone());
                format!("dir {mode:o}")
            } else if kind.is_file() {
                format!("file {mode:o} {} {}", meta.len(), content_hash(&path, &meta))
            } else {
                format!("special {mode:o} fifo={}", kind.is_fifo())
            };
            out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), desc);
        }
    }
    out
}

fn content_hash(path: &Path, meta: &std::fs::Metadata) -> String {
    let Ok(mut file) = std::fs::File::open(path) else {
        return format!("unreadable mtime={}", meta.mtime_nsec() + meta.mtime() * 1_000_000_000);
    };
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    const MIB: u64 = 1 << 20;
    if meta.len() <= 16 * MIB {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        bytes.hash(&mut hasher);
    } else {
        let mut buf = vec![0; MIB as usize];
        file.read_exact(&mut buf).unwrap();
        buf.hash(&mut hasher);
        file.seek(SeekFrom::End(-(MIB as i64))).unwrap();
        file.read_exact(&mut buf).unwrap();
        buf.hash(&mut hasher);
        (meta.mtime(), meta.mtime_nsec()).hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// Runs `check` in `dir` and asserts that nothing under it changed.
fn check_untouched(dir: &Path, extra: &[&str]) -> Run {
    let before = fingerprint(dir);
    let run = check(dir, extra);
    assert_eq!(fingerprint(dir), before, "crlint check {extra:?} changed files");
    run
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo {}", path.display());
}

fn has_line(run: &Run, line: &str) {
    assert!(
        run.stdout.lines().any(|l| l.starts_with(line)),
        "expected a line starting {line:?} in:\n{}",
        run.stdout
    );
}

#[test]
fn invalid_utf8_and_nul_bytes_are_unreadable_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".env", b"OPENAI_BASE_URL=https://api.crazyrouter.com/v1\nNAME=caf\xe9\n");
    write(dir.path(), ".claude/settings.json", b"{\"env\": {\"A\": \"x\0y\"}}\n");
    let run = check_untouched(dir.path(), &[]);
    assert_eq!(run.code, 1);
    has_line(&run, "./.env:1:1: CR902 cannot be checked: not UTF-8 (invalid byte at offset 55)");
    has_line(&run, "./.claude/settings.json:1:1: CR902 cannot be checked: binary content (NUL bytes)");
    // --fix never writes what it could not read.
    let run = check_untouched(dir.path(), &["--fix"]);
    assert_eq!(run.code, 1);
}

#[test]
fn a_100_mb_config_is_refused_by_its_size_and_an_unknown_one_skipped() {
    let dir = tempfile::tempdir().unwrap();
    // Valid at the start, sparse after: were it read, it would be "binary".
    let env = write(dir.path(), ".env", "OPENAI_BASE_URL=https://api.crazyrouter.com/v1/v1\n");
    std::fs::OpenOptions::new().write(true).open(&env).unwrap().set_len(100 << 20).unwrap();
    let run = check_untouched(dir.path(), &[]);
    assert_eq!(run.code, 1);
    has_line(
        &run,
        "./.env:1:1: CR902 cannot be checked: too large: 104857600 bytes, over the 4194304-byte limit",
    );
    assert!(run.elapsed < Duration::from_secs(10), "took {:?}", run.elapsed);

    let unknown = tempfile::tempdir().unwrap();
    let dump = write(unknown.path(), "dump.sql", "https://api.crazyrouter.com/v1/v1\n");
    std::fs::OpenOptions::new().write(true).open(&dump).unwrap().set_len(100 << 20).unwrap();
    let run = check_untouched(unknown.path(), &[]);
    assert_eq!((run.stdout.as_str(), run.code), ("Found 0 problems (0 files checked).\n", 0));
    assert!(run.elapsed < Duration::from_secs(10), "took {:?}", run.elapsed);
}

/// Nesting 100,000 deep (10,000 where each level needs a key: deeper, the file
/// holds more values than its size allows and is refused before it is parsed,
/// see `configs_of_millions_of_tiny_values_are_refused_in_bounded_time_and_memory`).
#[test]
fn nesting_100000_deep_is_a_parse_error_not_a_stack_overflow() {
    let deep = 100_000;
    let keyed = 10_000;
    for (rel, text) in [
        (".claude/settings.json", "[".repeat(deep)),
        (".claude/settings.json", "{\"a\":".repeat(keyed)),
        (".claude/settings.json", format!("{}{}", "[".repeat(deep), "]".repeat(deep))),
        (".codex/config.toml", format!("a = {}", "[".repeat(deep))),
        (".codex/config.toml", format!("a = {}", "{b = ".repeat(keyed))),
        (".codex/config.toml", format!("{} = 1", vec!["a"; deep].join("."))),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), rel, &text);
        let run = check_untouched(dir.path(), &[]);
        assert_eq!(run.code, 1, "{rel} {}…: {}{}", &text[..8], run.stdout, run.stderr);
        let line = run.stdout.lines().next().unwrap();
        assert!(line.contains(": CR901 "), "{rel} {}…: {line}", &text[..8]);
        let message = line.to_lowercase();
        assert!(
            ["nesting", "recurs"].iter().any(|w| message.contains(w)),
            "{rel}: the message should say it is nested too deep: {line}"
        );
    }
}

/// The parsers bound their own recursion (jsonc-parser at 512 levels, toml_edit
/// at its recursion limit); this holds them to it on a thread with the stack a
/// lint worker gets, so a parser upgrade that drops the guard fails here.
#[test]
fn parsers_bound_their_recursion_on_a_worker_sized_stack() {
    use crlint::document::Format;
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            // The parsers themselves, without the value budget in front of them.
            for (format, text) in [
                (Format::Json, "[".repeat(100_000)),
                (Format::Json, "{\"a\":".repeat(100_000)),
                (Format::Toml, format!("a = {}", "[".repeat(100_000))),
                (Format::Toml, format!("a = {}", "{b = ".repeat(100_000))),
            ] {
                let parsed = match format {
                    Format::Json => crlint::formats::json::parse(&text),
                    _ => crlint::formats::toml::parse(&text),
                };
                assert!(parsed.is_err(), "{format}");
            }
        })
        .unwrap();
    handle.join().expect("parsing deep nesting overflowed a 2 MiB stack");
}

#[test]
fn a_fifo_named_env_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join(".env"));
    mkfifo(&dir.path().join("pipe.txt"));
    let run = check_untouched(dir.path(), &[]);
    assert_eq!(run.code, 1);
    has_line(&run, "./.env:1:1: CR902 cannot be checked: not a regular file");
    assert!(!run.stdout.contains("pipe.txt"), "{}", run.stdout);
    // Named on the command line, too.
    let run = crlint_in(dir.path(), &["check", ".env", "--output-format", "concise"], LIMIT);
    assert_eq!(run.code, 1);
    has_line(&run, ".env:1:1: CR902 cannot be checked: not a regular file");
    // And under --fix and --diff.
    for flag in ["--fix", "--diff"] {
        let run = check_untouched(dir.path(), &[flag]);
        assert_eq!(run.code, if flag == "--fix" { 1 } else { 0 }, "{flag}: {}{}", run.stdout, run.stderr);
    }
}

#[test]
fn symlink_loops_are_findings_not_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::os::unix::fs::symlink(".env", root.join(".env")).unwrap();
    std::os::unix::fs::symlink("b", root.join("a")).unwrap();
    std::os::unix::fs::symlink("a", root.join("b")).unwrap();
    std::os::unix::fs::symlink("a", root.join(".env.local")).unwrap();
    // Directory loops: the walk does not follow links, so these are never entered.
    std::fs::create_dir(root.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", root.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("loop", root.join("sub/loop")).unwrap();
    let run = check_untouched(root, &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    has_line(&run, "./.env:1:1: CR902 cannot be checked: symbolic link loop");
    has_line(&run, "./.env.local:1:1: CR902 cannot be checked: symbolic link loop");
    assert!(run.stdout.ends_with("Found 2 problems in 2 files (2 checked).\n"), "{}", run.stdout);
    // A looping directory named on the command line is not a directory to walk.
    let run = crlint_in(root, &["check", "sub/loop", "sub/up/sub", "--output-format", "concise"], LIMIT);
    assert!(run.code == 0 || run.code == 2, "{}{}", run.stdout, run.stderr);
}

/// A link to a device: in a walk it leads out of the checkout and is not
/// followed at all; named on the command line it is followed, and refused.
#[test]
fn a_config_linked_to_a_device_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join(".env")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", dir.path().join(".env.production")).unwrap();
    for extra in [&[][..], &["--fix"][..]] {
        let run = check_untouched(dir.path(), extra);
        assert_eq!(run.code, 0, "{extra:?}: {}", run.stdout);
        for link in ["./.env", "./.env.production"] {
            let warning = format!("crlint: warning: {link}: a symbolic link out of .; not followed");
            assert!(run.stderr.contains(&warning), "{extra:?}: {}", run.stderr);
        }
    }
    let run =
        crlint_in(dir.path(), &["check", ".env", ".env.production", "--output-format", "concise"], LIMIT);
    assert_eq!(run.code, 1);
    has_line(&run, ".env:1:1: CR902 cannot be checked: not a regular file");
    has_line(&run, ".env.production:1:1: CR902 cannot be checked: not a regular file");
}

#[test]
fn an_unreadable_file_is_a_finding_or_read_where_permissions_do_not_bite() {
    let dir = tempfile::tempdir().unwrap();
    let env = write(dir.path(), ".env", "OPENAI_BASE_URL=http://api.crazyrouter.com/v1\n");
    std::fs::set_permissions(&env, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root (or CAP_DAC_OVERRIDE) reads a mode-000 file anyway: then crlint must
    // simply lint it. Asked of the system, not assumed from the user id.
    let permissions_bite = std::fs::File::open(&env).is_err();
    let run = check_untouched(dir.path(), &[]);
    assert_eq!(run.code, 1);
    if permissions_bite {
        has_line(&run, "./.env:1:1: CR902 cannot be checked: permission denied");
    } else {
        eprintln!("note: mode 000 does not stop this user from reading; asserting that the file is linted");
        has_line(&run, "./.env:1:17: CR202");
    }
    // --fix: never written either way (unreadable, or no write bit: read-only).
    let run = check_untouched(dir.path(), &["--fix"]);
    if permissions_bite {
        assert_eq!(run.code, 1, "{}", run.stderr);
    } else {
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains(".env: read-only; not written"), "{}", run.stderr);
    }
}

/// A directory the walk cannot enter is said on stderr (`crlint: warning: …; not
/// checked`) and the rest is checked, exit code unchanged, as ripgrep does. Run
/// as root, the check runs a copy of the binary as `nobody` (setpriv), for whom
/// mode 000 bites; where neither works, the locked file must simply be linted.
#[test]
fn an_unreadable_directory_is_a_warning_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    for sub in ["ok", "locked"] {
        let env =
            write(root, &format!("tree/{sub}/.env"), "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n");
        std::fs::set_permissions(&env, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::set_permissions(env.parent().unwrap(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(root.join("tree"), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(root.join("tree/locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let bin = root.join("crlint");
    std::fs::copy(env!("CARGO_BIN_EXE_crlint"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let as_nobody = std::fs::read_dir(root.join("tree/locked")).is_ok()
        && Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
            .status()
            .is_ok_and(|s| s.success());
    let mut cmd = if as_nobody {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
        c
    } else {
        Command::new(&bin)
    };
    let out = cmd
        .args(["check", "tree", "--output-format", "concise"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    std::fs::set_permissions(root.join("tree/locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    let bites = as_nobody || std::fs::read_dir(root.join("tree/locked")).is_err();
    if bites {
        assert_eq!(
            stderr.trim_end(),
            "crlint: warning: tree/locked: permission denied; not checked",
            "{stdout}"
        );
        assert_eq!(stdout, "Found 0 problems (1 file checked).\n", "{stderr}");
    } else {
        eprintln!("note: mode 000 does not stop this user and setpriv is missing; asserting that both files are linted");
        assert_eq!(stdout, "Found 0 problems (2 files checked).\n", "{stderr}");
    }
}

#[test]
fn a_vanished_path_on_the_command_line_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = crlint_in(dir.path(), &["check", "gone/.env"], LIMIT);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("gone/.env: no such file or directory"), "{}", run.stderr);
}

#[test]
fn a_file_deleted_between_discovery_and_read_is_skipped_unless_named() {
    let catalog = Catalog::embedded().unwrap();
    let opts = CheckOptions::default();
    let git = GitIndex::default();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), ".env", "A=b\n");
    std::fs::remove_file(&path).unwrap();
    // Found by the walk, gone by the read: nothing left to lint.
    assert!(check_file(
        &catalog,
        &opts,
        &git,
        &Candidate { path: path.clone(), root: PathBuf::new(), explicit: false }
    )
    .is_none());
    // Named by the user: they hear about it.
    let named = check_file(
        &catalog,
        &opts,
        &git,
        &Candidate { path: path.clone(), root: PathBuf::new(), explicit: true },
    )
    .unwrap();
    assert_eq!(named.diagnostics.len(), 1);
    assert_eq!(named.diagnostics[0].code.as_str(), "CR902");
    assert!(named.diagnostics[0].message.contains("no such file or directory"));
    // A link that is there but points nowhere is a finding, not a vanished file.
    std::os::unix::fs::symlink("missing.env", &path).unwrap();
    let dangling =
        check_file(&catalog, &opts, &git, &Candidate { path, root: PathBuf::new(), explicit: false })
            .unwrap();
    assert_eq!(dangling.diagnostics[0].code.as_str(), "CR902");
}

#[test]
fn files_appearing_and_vanishing_during_the_walk_never_fail_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    write(&root, ".env", "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let (root, stop) = (root.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for i in 0..200 {
                    let _ = std::fs::write(root.join(format!("s{i}.env")), "A=b\n");
                }
                for i in 0..200 {
                    let _ = std::fs::remove_file(root.join(format!("s{i}.env")));
                }
            }
        })
    };
    let runs: Vec<Run> = (0..15).map(|_| check(&root, &[])).collect();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().unwrap();
    for run in runs {
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        assert!(!run.stdout.contains("CR902"), "{}", run.stdout);
    }
}

#[test]
fn a_read_only_file_under_fix_is_an_error_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let env = write(dir.path(), ".env", "OPENAI_BASE_URL=http://api.crazyrouter.com/v1/v1\n");
    std::fs::set_permissions(&env, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = check_untouched(dir.path(), &["--fix"]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains(".env: read-only; not written"), "{}", run.stderr);
    has_line(&run, "./.env:1:17: CR202");
}

#[test]
fn a_directory_of_50000_entries_completes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // A git work tree, so that .gitignore applies; hidden directories it ignores
    // used to be matched against every file found (quadratic).
    std::fs::create_dir(root.join(".git")).unwrap();
    write(root, ".gitignore", ".cache-*/\n");
    write(root, ".env", "OPENAI_BASE_URL=https://api.crazyrouter.com/v1/v1\n");
    for i in 0..20_000 {
        write(root, &format!("cfg-{i}.env"), "A=b\n");
        write(root, &format!("notes-{i}.txt"), "https://api.crazyrouter.com/v1/v1\n");
    }
    for i in 0..9_997 {
        std::fs::create_dir(root.join(format!(".cache-{i}"))).unwrap();
    }
    assert_eq!(std::fs::read_dir(root).unwrap().count(), 50_000);
    let run = check_untouched(root, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.ends_with("Found 1 problem (1 fixable) in 1 file (20001 checked).\n"),
        "{}",
        &run.stdout
    );
    eprintln!("50,000 entries: {:?}", run.elapsed);
}

/// A 4 MiB `.env` (the size limit) holding 80,000 findings: every output, the
/// diff and the fix stay linear (each was quadratic once: minutes to hours).
#[test]
fn a_file_of_80000_findings_renders_and_fixes_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let line = "OPENAI_BASE_URL=https://api.crazyrouter.com/v1/v1\n";
    write(dir.path(), ".env", line.repeat(80_000));
    for format in ["concise", "text"] {
        let run = crlint_in(dir.path(), &["check", ".", "--output-format", format], LIMIT);
        assert_eq!(run.code, 1);
        assert!(
            run.stdout.ends_with("Found 80000 problems (80000 fixable) in 1 file (1 checked).\n"),
            "{format}"
        );
        eprintln!("{format}: {:?}", run.elapsed);
    }
    let run = check_untouched(dir.path(), &["--diff"]);
    assert_eq!(run.code, 1);
    let added =
        run.stdout.lines().filter(|l| *l == "+OPENAI_BASE_URL=https://api.crazyrouter.com/v1").count();
    assert_eq!(added, 80_000);
    let run = check(dir.path(), &["--fix", "--show-fixes"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.matches(": CR101 ").count(), 80_000);
    let fixed = std::fs::read_to_string(dir.path().join(".env")).unwrap();
    assert_eq!(fixed, "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n".repeat(80_000));
}

/// Thousands of Codex providers, or of keys, in one file: the look-ups per
/// provider (CR402, the probe's key), per key (CR501) and per sibling condition
/// (LiteLLM's `model` prefix) are not quadratic.
#[test]
fn thousands_of_providers_or_keys_in_one_file_are_linted_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let provider = |i: usize| {
        format!("[model_providers.p{i}]\nbase_url = \"https://api.crazyrouter.com/v1\"\nwire_api = \"chat\"\nenv_key = \"K\"\n")
    };
    write(dir.path(), ".codex/config.toml", (0..20_000).map(provider).collect::<String>());
    let run = check_untouched(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.ends_with("Found 20000 problems (20000 fixable) in 1 file (1 checked).\n"),
        "{}",
        run.stderr
    );
    eprintln!("20,000 providers: {:?}", run.elapsed);
    // The same base URL 20,000 times is probed once (and refused by the closed proxy).
    let run = check_untouched(dir.path(), &["--probe", "--timeout", "1"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout.lines().filter(|l| l.starts_with("probe ")).count(), 1, "{}", run.stdout);

    let keys = tempfile::tempdir().unwrap();
    let key = |i: usize| format!("KEY_{i}=sk-{:0>48}\n", i);
    let text = format!(
        "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n{}",
        (0..20_000).map(key).collect::<String>()
    );
    write(keys.path(), ".env", text);
    let run = check_untouched(keys.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.ends_with("Found 20000 problems in 1 file (1 checked).\n"), "{}", run.stderr);
    // A LiteLLM proxy config of 20,000 models: each api_base's rule depends on its
    // sibling `model` (a condition), looked up by path, not by a scan per entry.
    let models = tempfile::tempdir().unwrap();
    let model = |i: usize| {
        format!("  - model_name: m{i}\n    litellm_params:\n      model: openai/gpt-{i}\n      api_base: https://api.crazyrouter.com\n")
    };
    write(
        models.path(),
        "litellm_config.yaml",
        format!("model_list:\n{}", (0..20_000).map(model).collect::<String>()),
    );
    let run = check_untouched(models.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.ends_with("Found 20000 problems (20000 fixable) in 1 file (1 checked).\n"),
        "{}",
        run.stderr
    );
    eprintln!("20,000 LiteLLM models: {:?}", run.elapsed);
}

/// Runs a command and reports its peak memory: forks (a copy of this small
/// process), execs the command, and writes the child's `ru_maxrss` (KiB) to
/// `$MAXRSS_OUT`. Not measured from this test process directly: a child it
/// spawns (vfork) shares its memory until the exec, and the kernel counts this
/// process's high-water mark (every test's data) as the child's.
const MEASURE: &str = "import os, sys\npid = os.fork()\nif pid == 0:\n    os.execv(sys.argv[1], sys.argv[1:])\n_, status, usage = os.wait4(pid, 0)\nopen(os.environ['MAXRSS_OUT'], 'w').write(str(usage.ru_maxrss))\nsys.exit(os.waitstatus_to_exitcode(status))\n";

/// `crlint_in`, also measuring crlint's peak memory (its maximum resident set),
/// in KiB, through `python3` (`MEASURE`; the test suite needs Python 3 anyway).
fn crlint_measured(dir: &Path, args: &[&str], limit: Duration) -> (Run, u64) {
    use std::os::unix::process::CommandExt;
    let out = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new("python3")
        .args(["-c", MEASURE, env!("CARGO_BIN_EXE_crlint")])
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("MAXRSS_OUT", out.path())
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is needed to measure peak memory");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            // The whole group: python and crlint.
            unsafe { libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL) };
            let _ = child.wait();
            panic!("crlint {args:?} in {} still running after {limit:?}: a hang", dir.display());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let run = Run {
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
        code: status.code().unwrap_or(-1),
        elapsed: start.elapsed(),
    };
    assert!(!run.stderr.contains("panicked"), "crlint {args:?} panicked:\n{}", run.stderr);
    assert_ne!(run.code, -1, "crlint {args:?} was killed by a signal ({status:?}):\n{}", run.stderr);
    let peak = std::fs::read_to_string(out.path()).unwrap();
    let max_rss_kib = peak.trim().parse().unwrap_or_else(|_| panic!("peak memory: {peak:?}\n{}", run.stderr));
    (run, max_rss_kib)
}

/// Four 4 MB configs of two million one-byte items each (a TOML array, a JSON
/// array, a YAML flow sequence) and a dotenv file of a million lines, checked
/// in one run: each is refused by its count of values before a parser spends
/// memory on it. It took 8-48 s and 1.2-1.8 GB a file (release build), all four
/// at once several GB; now well under a second and a fraction of one file's size
/// for the whole run.
#[test]
fn configs_of_millions_of_tiny_values_are_refused_in_bounded_time_and_memory() {
    let dir = tempfile::tempdir().unwrap();
    let items = 2_000_000;
    write(dir.path(), ".codex/config.toml", format!("a = [{}1]\n", "1,".repeat(items - 1)));
    write(dir.path(), ".claude/settings.json", format!("{{\"a\":[{}1]}}\n", "1,".repeat(items - 1)));
    write(dir.path(), ".continue/config.yaml", format!("a: [{}1]\n", "1,".repeat(items - 1)));
    write(dir.path(), ".env", "A=1\n".repeat(items / 2));
    let before = fingerprint(dir.path());
    let (run, peak_kib) =
        crlint_measured(dir.path(), &["check", ".", "--output-format", "concise"], Duration::from_secs(30));
    assert_eq!(fingerprint(dir.path()), before);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    for file in ["./.codex/config.toml", "./.claude/settings.json", "./.continue/config.yaml", "./.env"] {
        has_line(&run, &format!("{file}:1:1: CR902 cannot be checked: too many values for its size"));
    }
    eprintln!("four files of 2,000,000 values: {:?}, peak {} MiB", run.elapsed, peak_kib / 1024);
    // The files hold 16 MB together; a parse of any one of them took over 1 GB.
    assert!(peak_kib < 96 * 1024, "peak memory {} MiB", peak_kib / 1024);
    assert!(run.elapsed < Duration::from_secs(15), "took {:?}", run.elapsed);
}

/// Just under the budget, a config is read and linted, and what it costs stays
/// a bounded multiple of its size: 1 MiB of short JSON values (36 bytes each,
/// 30,000 of them) with one gateway mistake among them.
#[test]
fn a_dense_config_under_the_budget_is_linted_within_a_bounded_multiple_of_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let filler: String = (0..30_000).map(|i| format!("\"k{i:06}\": \"value-{i:06}-padding\",\n")).collect();
    let text =
        format!("{{\n{filler}\"env\": {{\"ANTHROPIC_BASE_URL\": \"https://api.crazyrouter.com/v1\"}}\n}}\n");
    write(dir.path(), ".claude/settings.json", &text);
    let (run, peak_kib) = crlint_measured(dir.path(), &["check", ".", "--output-format", "concise"], LIMIT);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    has_line(&run, &format!("./.claude/settings.json:{}:", 30_002));
    assert!(run.stdout.contains(": CR102 "), "{}", run.stdout);
    let size_kib = text.len() as u64 / 1024;
    eprintln!("{size_kib} KiB of JSON, {:?}, peak {} MiB", run.elapsed, peak_kib / 1024);
    assert!(peak_kib < 64 * 1024, "peak memory {} MiB for {size_kib} KiB", peak_kib / 1024);
}

/// `crlint setup` reads the file it will merge into with the same care as
/// `check`: a target that is a link to `/dev/zero`, a FIFO or a 100 MB file is
/// a clear error (exit 2, the path and why), not unbounded memory or a hang,
/// and nothing is written.
#[test]
fn setup_refuses_a_target_that_is_a_device_a_fifo_or_too_large() {
    for (case, expected) in [
        ("device", "not a regular file"),
        ("fifo", "not a regular file"),
        ("huge", "too large: 104857600 bytes"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        let target = home.join(".claude/settings.json");
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        match case {
            "device" => std::os::unix::fs::symlink("/dev/zero", &target).unwrap(),
            "fifo" => mkfifo(&target),
            _ => {
                std::fs::write(&target, "{}\n").unwrap();
                std::fs::OpenOptions::new().write(true).open(&target).unwrap().set_len(100 << 20).unwrap();
            }
        }
        let before = fingerprint(dir.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_crlint"))
            .args(["setup", "claude-code", "--offline", "--region", "intl"])
            .current_dir(dir.path())
            .env("HOME", &home)
            .env_remove("CLAUDE_CONFIG_DIR")
            .env("CRAZYROUTER_API_KEY", "sk-0000000000000000000000000000000000000000000000000")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("setup with a {case} target still running after {LIMIT:?}: a hang");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{case}: {stderr}");
        assert!(
            stderr.contains(".claude/settings.json") && stderr.contains(expected),
            "{case}: the error should name the file and say {expected:?}: {stderr}"
        );
        assert_eq!(fingerprint(dir.path()), before, "{case}: setup wrote something");
    }
}

/// A checkout's links that leave it (to a user's dotfiles, `/etc`, another
/// project) are not followed: `--fix` writes nothing outside, and the text
/// format never prints a line of a file outside (a parse error's snippet). It
/// is said on stderr. Links inside the checkout are followed as before.
#[test]
fn links_out_of_the_checkout_are_neither_read_nor_written() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    let checkout = dir.path().join("checkout");
    // A "dotfile" with a fixable mistake, and a private file that is no JSON.
    write(&outside, "home/.env", "OPENAI_BASE_URL=http://api.crazyrouter.com/v1/v1\n");
    write(&outside, "secret.txt", "root:PRIVATE-LINE-1\nuser:PRIVATE-LINE-2\n");
    write(&checkout, "inside.env", "OPENAI_BASE_URL=http://api.crazyrouter.com/v1/v1\n");
    std::os::unix::fs::symlink(outside.join("home/.env"), checkout.join(".env")).unwrap();
    std::fs::create_dir_all(checkout.join(".claude")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), checkout.join(".claude/settings.json")).unwrap();
    std::os::unix::fs::symlink("../outside/home/.env", checkout.join(".env.local")).unwrap();
    // Inside the checkout: followed, and fixed through the link.
    std::os::unix::fs::symlink("inside.env", checkout.join(".env.production")).unwrap();
    let outside_before = fingerprint(&outside);
    for args in [&["--output-format", "text"][..], &["--fix", "--no-backup"][..]] {
        let run = crlint_in(&checkout, &[&["check", "."][..], args].concat(), LIMIT);
        assert_eq!(fingerprint(&outside), outside_before, "{args:?} changed a file outside the checkout");
        assert!(!run.stdout.contains("PRIVATE-LINE"), "{args:?} printed a file outside:\n{}", run.stdout);
        for link in ["./.env", "./.env.local", "./.claude/settings.json"] {
            assert!(
                run.stderr
                    .contains(&format!("crlint: warning: {link}: a symbolic link out of .; not followed")),
                "{args:?}: {link}: {}",
                run.stderr
            );
        }
    }
    assert_eq!(
        std::fs::read_to_string(checkout.join("inside.env")).unwrap(),
        "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n"
    );
    assert!(std::fs::symlink_metadata(checkout.join(".env.production")).unwrap().file_type().is_symlink());
}

/// What the user names is theirs: a dotfile that is a link into a dotfiles
/// repository is fixed through the link when named on the command line, or
/// when the directory walked holds the link's target too.
#[test]
fn a_linked_dotfile_the_user_names_is_fixed_through_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    write(&home, "dotfiles/env", "OPENAI_BASE_URL=http://api.crazyrouter.com/v1/v1\n");
    std::fs::create_dir_all(home.join("work")).unwrap();
    std::os::unix::fs::symlink(home.join("dotfiles/env"), home.join("work/.env")).unwrap();
    let run = crlint_in(&home, &["check", "--fix", "--no-backup", "work/.env"], LIMIT);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        std::fs::read_to_string(home.join("dotfiles/env")).unwrap(),
        "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n"
    );
    assert!(std::fs::symlink_metadata(home.join("work/.env")).unwrap().file_type().is_symlink());
    // Walking the whole home: the target is inside, so the link is followed.
    std::fs::write(home.join("dotfiles/env"), "OPENAI_BASE_URL=http://api.crazyrouter.com/v1/v1\n").unwrap();
    let run = crlint_in(&home, &["check", ".", "--fix", "--no-backup"], LIMIT);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(home.join("dotfiles/env")).unwrap(),
        "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n"
    );
}

/// The file a fix of another file's finding writes (Gemini CLI's
/// `.gemini/settings.json`, CR404) is not read or written through a link that
/// leaves the checkout, nor created in a linked directory outside it.
#[test]
fn a_companion_linked_out_of_the_checkout_is_not_written() {
    let env = "GEMINI_API_KEY=${CRAZYROUTER_API_KEY}\nGOOGLE_GEMINI_BASE_URL=https://api.crazyrouter.com\n";
    for linked in ["file", "dir"] {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        let checkout = dir.path().join("checkout");
        write(&outside, "settings.json", "{ \"ui\": { \"theme\": \"GitHub\" } }\n");
        write(&checkout, "proj/.env", env);
        if linked == "file" {
            std::fs::create_dir_all(checkout.join("proj/.gemini")).unwrap();
            std::os::unix::fs::symlink(
                outside.join("settings.json"),
                checkout.join("proj/.gemini/settings.json"),
            )
            .unwrap();
        } else {
            std::os::unix::fs::symlink(&outside, checkout.join("proj/.gemini")).unwrap();
        }
        let before = fingerprint(&outside);
        let run = check(&checkout, &["--fix", "--unsafe-fixes", "--no-backup"]);
        assert_eq!(fingerprint(&outside), before, "{linked}: wrote outside the checkout: {}", run.stderr);
        let run = check(&checkout, &["--diff", "--unsafe-fixes"]);
        assert!(!run.stdout.contains("theme"), "{linked}: showed a file outside:\n{}", run.stdout);
    }
}

const NOBODY: u32 = 65534;

fn is_root() -> bool {
    unsafe { libc::geteuid() == 0 }
}

fn chown(path: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
}

/// Root fixing (or setting up) a user's file leaves it the user's: owner,
/// group and mode kept, the backup theirs too (and owner-only). It used to
/// become root's, and the user was locked out of their own config.
#[test]
fn fix_and_setup_as_root_keep_the_owner_of_a_users_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    let env = write(root, "user/.env", "OPENAI_BASE_URL=http://api.crazyrouter.com/v1/v1\n");
    let settings = write(root, "user/home/.claude/settings.json", "{\n  \"model\": \"x\"\n}\n");
    if !is_root() {
        // Without root no file of another user can be made: the user's own file
        // keeps its owner (trivially), which is all that can be asked here.
        eprintln!("note: not root; asserting only that a user's own file stays theirs");
    }
    let (uid, gid) = if is_root() { (NOBODY, NOBODY) } else { unsafe { (libc::geteuid(), libc::getegid()) } };
    for path in [&env, &settings] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o640)).unwrap();
        chown(path, uid, gid);
    }
    let run = crlint_in(&root.join("user"), &["check", ".env", "--fix"], LIMIT);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let meta = std::fs::metadata(&env).unwrap();
    assert_eq!(std::fs::read_to_string(&env).unwrap(), "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n");
    assert_eq!((meta.uid(), meta.gid(), meta.mode() & 0o777), (uid, gid, 0o640));
    let backup = std::fs::metadata(root.join("user/.env.crlint-bak")).unwrap();
    assert_eq!((backup.uid(), backup.gid(), backup.mode() & 0o777), (uid, gid, 0o600));

    let out = Command::new(env!("CARGO_BIN_EXE_crlint"))
        .args(["setup", "claude-code", "--offline", "--region", "intl"])
        .current_dir(root)
        .env("HOME", root.join("user/home"))
        .env_remove("CLAUDE_CONFIG_DIR")
        .env("CRAZYROUTER_API_KEY", "sk-000000000000000000000000000000000000000000000000")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let meta = std::fs::metadata(&settings).unwrap();
    assert!(std::fs::read_to_string(&settings).unwrap().contains("api.crazyrouter.com"));
    assert_eq!((meta.uid(), meta.gid(), meta.mode() & 0o777), (uid, gid, 0o640));
}

/// A user may not replace a file they could not write, even in a directory of
/// theirs (where a rename would succeed): `--fix` and `setup` refuse, and the
/// file stays as it was, its owner's. Run as `nobody` through `setpriv` (as
/// root); as another user, on a file of root's they cannot write anyway.
#[test]
fn a_user_cannot_replace_a_file_they_may_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    let work = root.join("work");
    std::fs::create_dir(&work).unwrap();
    let env = write(&work, ".env", "OPENAI_BASE_URL=http://api.crazyrouter.com/v1/v1\n");
    let settings = write(&work, "home/.claude/settings.json", "{\n  \"model\": \"x\"\n}\n");
    for path in [&env, &settings] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let bin = root.join("crlint");
    std::fs::copy(env!("CARGO_BIN_EXE_crlint"), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let as_nobody = is_root();
    if as_nobody {
        // The files are root's; everything else, the directories included, nobody's.
        for d in [&work, &work.join("home"), &work.join("home/.claude")] {
            chown(d, NOBODY, NOBODY);
        }
        let works = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(works, "setpriv (util-linux) is needed to run this test as nobody");
    } else if std::fs::OpenOptions::new().write(true).open(&env).is_ok() {
        // Our own files: nothing to refuse. Make them not ours to write.
        eprintln!("note: not root; the files are this user's, so only read-only files can be refused");
        for path in [&env, &settings] {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444)).unwrap();
        }
    }
    let command = |args: &[&str], cwd: &Path| {
        let mut c = if as_nobody {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
            c
        } else {
            Command::new(&bin)
        };
        c.args(args)
            .current_dir(cwd)
            .env("HOME", work.join("home"))
            .env_remove("CLAUDE_CONFIG_DIR")
            .env("NO_COLOR", "1")
            .env("CRAZYROUTER_API_KEY", "sk-000000000000000000000000000000000000000000000000")
            .output()
            .unwrap()
    };
    let before = fingerprint(root);
    let out = command(&["check", ".", "--fix"], &work);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let why = if as_nobody { "this user may not write it; not written" } else { "read-only; not written" };
    assert!(stderr.contains(&format!(".env: {why}")), "{stderr}");
    let out = command(&["setup", "claude-code", "--offline", "--region", "intl"], &work);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("settings.json: {why}")), "{stderr}");
    assert_eq!(fingerprint(root), before, "a file was replaced");
    assert_eq!(std::fs::metadata(&env).unwrap().uid(), unsafe { libc::geteuid() });
}

/// A full disk: `--fix` on a file in a 64 KiB tmpfs filled to the last block
/// (mounted in a private mount namespace: `unshare -rm`, root or not). The fix
/// fails and says so, no partial backup or temporary file is left, the file
/// is as it was; once there is room, the next run keeps a full backup. A full
/// disk used to leave a 0-byte `NAME.crlint-bak` that the next run kept as
/// "the first backup": the original content was gone.
#[test]
fn a_full_disk_leaves_no_partial_backup() {
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("mnt");
    std::fs::create_dir(&mount).unwrap();
    let original = "OPENAI_BASE_URL=http://api.crazyrouter.com/v1/v1\n";
    let script = r#"
        set -u
        mount -t tmpfs -o size=64k tmpfs "$MNT" || exit 90
        mkdir "$MNT/proj"
        printf '%s' "$ORIGINAL" > "$MNT/proj/.env"
        dd if=/dev/zero of="$MNT/fill" bs=1024 >/dev/null 2>&1
        "$BIN" check "$MNT/proj/.env" --fix >/dev/null 2>"$OUT/stderr1"
        echo "$?" > "$OUT/code1"
        ls -A "$MNT/proj" > "$OUT/after1"
        cat "$MNT/proj/.env" > "$OUT/env1"
        rm "$MNT/fill"
        "$BIN" check "$MNT/proj/.env" --fix >/dev/null 2>"$OUT/stderr2"
        echo "$?" > "$OUT/code2"
        ls -A "$MNT/proj" > "$OUT/after2"
        cat "$MNT/proj/.env.crlint-bak" > "$OUT/backup2" 2>/dev/null
        cat "$MNT/proj/.env" > "$OUT/env2"
    "#;
    let out = Command::new("unshare")
        .args(["-rm", "sh", "-c", script])
        .env("MNT", &mount)
        .env("OUT", dir.path())
        .env("BIN", env!("CARGO_BIN_EXE_crlint"))
        .env("ORIGINAL", original)
        .env("NO_COLOR", "1")
        .output()
        .expect("unshare (util-linux) is needed for the full-disk test");
    assert_eq!(
        out.status.code(),
        Some(0),
        "unshare -rm and a tmpfs mount are needed for this test (user namespaces enabled, or root): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(read("code1").trim(), "2", "{}", read("stderr1"));
    assert!(read("stderr1").to_lowercase().contains("no space left on device"), "{}", read("stderr1"));
    assert_eq!(read("after1"), ".env\n", "a partial backup or a temporary file was left");
    assert_eq!(read("env1"), original);
    assert_eq!(read("code2").trim(), "0", "{}", read("stderr2"));
    assert_eq!(read("after2"), ".env\n.env.crlint-bak\n");
    assert_eq!(read("backup2"), original, "the backup is not a full copy");
    assert_eq!(read("env2"), "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\n");
}
