//! The wheel: `pip install` into a fresh venv, `uvx`, and its inside.

use std::process::Command;
use std::time::Duration;

use crate::common::{
    artifacts, assert_demo_run, crate_dir, host_target, python, run, run_ok, scratch, VERSION,
};
use crate::support::toolvenv::tool;

/// Build a fresh venv (pip from ensurepip, nothing from the index), install the
/// wheel file into it with the index off, and run `crlint` from the venv's bin/.
#[test]
fn the_wheel_installs_into_a_fresh_venv_and_crlint_runs_from_its_bin() {
    let wheel = &artifacts().wheel;
    let venv = scratch("wheel-venv");
    let mut create = Command::new(python());
    create.args(["-m", "venv"]).arg(&venv);
    run_ok(create, Duration::from_secs(300));
    let mut pip = Command::new(venv.join("bin/python"));
    pip.args(["-m", "pip", "install", "--no-index", "--disable-pip-version-check", "--no-input"])
        .arg(wheel)
        .env("PIP_CONFIG_FILE", "/dev/null");
    run_ok(pip, Duration::from_secs(300));

    let installed = venv.join("bin/crlint");
    assert!(installed.is_file(), "pip put no crlint in {}", venv.join("bin").display());
    let mut version = Command::new(&installed);
    version.arg("--version");
    let done = run_ok(version, Duration::from_secs(30));
    // The first line is the version; the rest, the knowledge the binary carries.
    assert_eq!(done.stdout.lines().next().unwrap_or(""), format!("crlint {VERSION}"));
    assert!(done.stdout.contains("knowledge of "), "{}", done.stdout);

    let mut check = Command::new(&installed);
    check
        .args(["check", "fixtures/demo", "--output-format", "concise", "--color", "never"])
        .current_dir(crate_dir());
    assert_demo_run("crlint from the venv's bin/", &run(check, Duration::from_secs(60)));
}

/// `uvx crlint check …` with the wheel's directory as the only package source.
#[test]
fn uvx_runs_crlint_from_the_wheel() {
    let uvx = tool("uvx");
    let home = scratch("uv-home");
    let mut cmd = Command::new(uvx);
    cmd.args(["--offline", "--no-index", "--find-links"])
        .arg(&artifacts().dir)
        .args(["--from", &format!("crlint=={VERSION}"), "crlint"])
        .args(["check", "fixtures/demo", "--output-format", "concise", "--color", "never"])
        .current_dir(crate_dir())
        .env("UV_CACHE_DIR", home.join("cache"))
        .env("UV_TOOL_DIR", home.join("tools"))
        .env("UV_PYTHON_DOWNLOADS", "never")
        .env("UV_NO_CONFIG", "1")
        .env("XDG_DATA_HOME", home.join("data"));
    assert_demo_run("uvx crlint", &run(cmd, Duration::from_secs(300)));
}

/// The wheel as an installer reads it: RECORD lists every file with its
/// SHA-256 and size, WHEEL names this platform's tag, METADATA names crlint at
/// Cargo.toml's version, and the binary is a script of the wheel, executable.
#[test]
fn the_wheel_record_tags_and_metadata_are_right() {
    const CHECK: &str = r#"
import base64, hashlib, sys, zipfile
wheel, version, tags = sys.argv[1:4]
z = zipfile.ZipFile(wheel)
names = z.namelist()
dist_info = "crlint-%s.dist-info/" % version
record = z.read(dist_info + "RECORD").decode().splitlines()
listed = {}
for line in record:
    path, digest, size = line.rsplit(",", 2)
    listed[path] = (digest, size)
assert sorted(listed) == sorted(names), ("RECORD and the zip differ", sorted(listed), sorted(names))
for path, (digest, size) in listed.items():
    if path.endswith("/RECORD"):
        assert digest == "" and size == "", line
        continue
    data = z.read(path)
    want = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    assert digest == want and int(size) == len(data), ("RECORD is wrong for", path)
wheel_file = z.read(dist_info + "WHEEL").decode()
assert "Root-Is-Purelib: false" in wheel_file, wheel_file
for tag in tags.split("."):
    assert "Tag: py3-none-" + tag in wheel_file.splitlines(), (tag, wheel_file)
assert wheel.endswith("-py3-none-%s.whl" % tags), wheel
meta = z.read(dist_info + "METADATA").decode()
assert "\nName: crlint\n" in meta and "\nVersion: %s\n" % version in meta, meta[:300]
script = z.getinfo("crlint-%s.data/scripts/crlint" % version)
assert (script.external_attr >> 16) & 0o111, "the binary is not executable in the wheel"
print("ok", len(names))
"#;
    // The platform tags package.py gives this target (`targets`: target, kind, npm name, tags).
    let mut targets = Command::new(python());
    targets.arg(crate_dir().join("scripts/package.py")).arg("targets");
    let listed = run_ok(targets, Duration::from_secs(60)).stdout;
    let row = listed
        .lines()
        .find(|l| l.starts_with(&format!("{}\t", host_target())))
        .expect("this target is listed");
    let tags = row.split('\t').nth(3).unwrap().to_string();
    if host_target().contains("linux") {
        assert_eq!(
            tags,
            format!("linux_{}", std::env::consts::ARCH),
            "a local glibc build is never a manylinux wheel"
        );
    }
    let mut cmd = Command::new(python());
    cmd.args(["-c", CHECK]).arg(&artifacts().wheel).arg(VERSION).arg(&tags);
    let done = run(cmd, Duration::from_secs(60));
    assert!(done.status.success(), "{}{}", done.stdout, done.stderr);
    assert!(done.stdout.starts_with("ok 4"), "{}", done.stdout);
}

/// The root pyproject.toml's in-tree backend (what pre-commit pip-installs):
/// its wheel and sdist name `crlint-pre-commit` at Cargo.toml's version and
/// its one dependency is `crlint` at that same version.
#[test]
fn the_pre_commit_placeholder_builds_a_wheel_and_an_sdist_that_require_this_crlint() {
    const BUILD: &str = r#"
import sys, tarfile, zipfile
sys.path.insert(0, "scripts")
import pre_commit_placeholder as backend
out = sys.argv[1]
assert backend.get_requires_for_build_wheel() == []
wheel = backend.build_wheel(out)
meta = zipfile.ZipFile(out + "/" + wheel).read("crlint_pre_commit-%s.dist-info/METADATA" % sys.argv[2]).decode()
sdist = backend.build_sdist(out)
names = tarfile.open(out + "/" + sdist).getnames()
print(wheel, sdist, sorted(names))
print(meta)
"#;
    let out = scratch("placeholder");
    let mut cmd = Command::new(python());
    cmd.args(["-c", BUILD])
        .arg(&out)
        .arg(VERSION)
        .current_dir(crate_dir())
        .env("PYTHONDONTWRITEBYTECODE", "1");
    let done = run_ok(cmd, Duration::from_secs(60));
    let first = done.stdout.lines().next().unwrap();
    assert!(first.starts_with(&format!(
        "crlint_pre_commit-{VERSION}-py3-none-any.whl crlint_pre_commit-{VERSION}.tar.gz"
    )));
    assert!(
        first.contains("scripts/pre_commit_placeholder.py") && first.contains("pyproject.toml"),
        "{first}"
    );
    assert!(done.stdout.contains("\nName: crlint-pre-commit\n"), "{}", done.stdout);
    let requires: Vec<&str> = done.stdout.lines().filter(|l| l.starts_with("Requires-Dist: ")).collect();
    assert_eq!(requires, [format!("Requires-Dist: crlint=={VERSION}")]);
}
