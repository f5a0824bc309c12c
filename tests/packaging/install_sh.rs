//! install.sh against a loopback server serving the archive package.py made
//! and its checksum: it installs and the binary runs; a corrupted archive, a
//! checksum of another file, a missing checksum and a pin that does not match
//! are refused with nothing installed; each platform gets its own archive; it
//! works with wget alone and with shasum alone; shellcheck passes.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::common::{artifacts, crate_dir, host_target, path_with, run, scratch, write_script, VERSION};
use crate::fileserver::FileServer;
use crate::support::pyenv::Finished;
use crate::support::toolvenv::tool;

const LIMIT: Duration = Duration::from_secs(120);

fn archive_name() -> String {
    format!("crlint-v{VERSION}-{}.tar.gz", host_target())
}

/// The archive and its `.sha256` as package.py wrote them.
fn release_files() -> HashMap<String, Vec<u8>> {
    let a = artifacts();
    HashMap::from([
        (format!("/{}", archive_name()), fs::read(&a.archive).unwrap()),
        (format!("/{}.sha256", archive_name()), fs::read(&a.checksum).unwrap()),
    ])
}

/// `sh install.sh` with a clean environment: PATH (or `path`), HOME in the
/// scratch dir, the download base on the server, and `vars`.
fn install(server: &FileServer, dir: &Path, path: Option<String>, vars: &[(&str, String)]) -> Finished {
    let mut cmd = Command::new("sh");
    cmd.arg(crate_dir().join("install.sh"))
        .current_dir(dir)
        .env_clear()
        .env("PATH", path.unwrap_or_else(|| std::env::var("PATH").unwrap_or_default()))
        .env("HOME", dir.join("home"))
        .env("CRLINT_DOWNLOAD_BASE", server.base())
        .env("CRLINT_INSTALL_DIR", dir.join("bin"));
    for (k, v) in vars {
        cmd.env(k, v);
    }
    run(cmd, LIMIT)
}

fn target_var() -> (&'static str, String) {
    ("CRLINT_TARGET", host_target().to_string())
}

#[test]
fn install_sh_installs_the_verified_archive_and_crlint_runs() {
    let server = FileServer::start(release_files());
    let dir = scratch("install-sh-ok");
    let done = install(&server, &dir, None, &[target_var()]);
    assert!(done.status.success(), "{}{}", done.stdout, done.stderr);
    assert!(done.stderr.contains("verified sha256"), "{}", done.stderr);
    assert!(done.stderr.contains("is not on your PATH"), "the PATH note is given: {}", done.stderr);
    assert_eq!(server.requested(), [format!("/{}", archive_name()), format!("/{}.sha256", archive_name())]);

    let installed = dir.join("bin/crlint");
    assert_eq!(fs::read(&installed).unwrap(), fs::read(crate::common::crlint()).unwrap(), "the very binary");
    let mut check = Command::new(&installed);
    check
        .args(["check", "fixtures/demo", "--output-format", "concise", "--color", "never"])
        .current_dir(crate_dir());
    crate::common::assert_demo_run("crlint from install.sh", &run(check, LIMIT));
}

/// One byte of the archive changed, the published checksum kept: exit 3,
/// nothing written into the install directory, a crlint already there untouched.
#[test]
fn install_sh_refuses_a_corrupted_archive() {
    let mut files = release_files();
    let archive = files.get_mut(&format!("/{}", archive_name())).unwrap();
    let middle = archive.len() / 2;
    archive[middle] ^= 0x01;
    let server = FileServer::start(files);
    let dir = scratch("install-sh-corrupt");
    fs::create_dir_all(dir.join("bin")).unwrap();
    fs::write(dir.join("bin/crlint"), "previous crlint\n").unwrap();

    let done = install(&server, &dir, None, &[target_var()]);
    assert_eq!(done.status.code(), Some(3), "{}{}", done.stdout, done.stderr);
    assert!(
        done.stderr.contains("checksum mismatch") && done.stderr.contains("nothing installed"),
        "{}",
        done.stderr
    );
    assert_eq!(fs::read_to_string(dir.join("bin/crlint")).unwrap(), "previous crlint\n");
    assert_eq!(fs::read_dir(dir.join("bin")).unwrap().count(), 1, "no temporary file left either");
}

/// A `.sha256` whose hash is right but names another file is not this archive's checksum.
#[test]
fn install_sh_refuses_a_checksum_of_another_file() {
    let mut files = release_files();
    let key = format!("/{}.sha256", archive_name());
    let text = String::from_utf8(files[&key].clone()).unwrap();
    files.insert(key, text.replace(&archive_name(), "crlint-v0.0.0-other.tar.gz").into_bytes());
    let server = FileServer::start(files);
    let dir = scratch("install-sh-other-name");
    let done = install(&server, &dir, None, &[target_var()]);
    assert_eq!(done.status.code(), Some(3), "{}{}", done.stdout, done.stderr);
    assert!(done.stderr.contains("is not a checksum of"), "{}", done.stderr);
    assert!(!dir.join("bin/crlint").exists());
}

#[test]
fn install_sh_refuses_an_archive_without_its_checksum() {
    let mut files = release_files();
    files.remove(&format!("/{}.sha256", archive_name()));
    let server = FileServer::start(files);
    let dir = scratch("install-sh-no-checksum");
    let done = install(&server, &dir, None, &[target_var()]);
    assert_eq!(done.status.code(), Some(1), "{}{}", done.stdout, done.stderr);
    assert!(done.stderr.contains(&format!("cannot download {}/{}.sha256", server.base(), archive_name())));
    assert!(!dir.join("bin/crlint").exists());
}

/// CRLINT_SHA256 pins the bytes: a matching published checksum is not enough.
#[test]
fn install_sh_refuses_an_archive_that_is_not_the_pinned_sha256() {
    let server = FileServer::start(release_files());
    let dir = scratch("install-sh-pin");
    let pin = ("CRLINT_SHA256", "ab".repeat(32));
    let done = install(&server, &dir, None, &[target_var(), pin]);
    assert_eq!(done.status.code(), Some(3), "{}{}", done.stdout, done.stderr);
    assert!(done.stderr.contains("not the pinned CRLINT_SHA256"), "{}", done.stderr);
    assert!(!dir.join("bin/crlint").exists());

    let published = fs::read_to_string(&artifacts().checksum).unwrap();
    let right = ("CRLINT_SHA256", published.split_whitespace().next().unwrap().to_uppercase());
    let done = install(&server, &dir, None, &[target_var(), right]);
    assert!(done.status.success(), "the right pin (any case) installs: {}", done.stderr);
}

/// A directory of links to the commands install.sh uses, except `without`.
fn restricted_path(dir: &Path, without: &[&str]) -> String {
    let bin = dir.join("restricted-bin");
    fs::create_dir_all(&bin).unwrap();
    let wanted = [
        "sh",
        "uname",
        "mktemp",
        "rm",
        "cut",
        "tr",
        "sed",
        "tar",
        "gzip",
        "chmod",
        "mkdir",
        "cp",
        "mv",
        "cat",
        "curl",
        "wget",
        "sha256sum",
        "shasum",
        "perl",
        "openssl",
    ];
    for name in wanted.iter().filter(|n| !without.contains(n)) {
        let mut which = Command::new("sh");
        which.args(["-c", &format!("command -v {name}")]);
        let found = run(which, LIMIT).stdout.trim().to_string();
        if found.starts_with('/') {
            std::os::unix::fs::symlink(&found, bin.join(name)).unwrap();
        }
    }
    bin.display().to_string()
}

#[test]
fn install_sh_downloads_with_wget_when_curl_is_missing() {
    let dir = scratch("install-sh-wget");
    let path = restricted_path(&dir, &["curl"]);
    assert!(Path::new(&path).join("wget").exists(), "this test needs wget");
    let server = FileServer::start(release_files());
    let done = install(&server, &dir, Some(path), &[target_var()]);
    assert!(done.status.success(), "{}{}", done.stdout, done.stderr);
    assert!(dir.join("bin/crlint").is_file());
    assert_eq!(server.requested().len(), 2);
}

/// macOS has `shasum`, not `sha256sum`.
#[test]
fn install_sh_verifies_with_shasum_when_sha256sum_is_missing() {
    let dir = scratch("install-sh-shasum");
    let path = restricted_path(&dir, &["sha256sum"]);
    assert!(Path::new(&path).join("shasum").exists(), "this test needs shasum");
    let server = FileServer::start(release_files());
    let done = install(&server, &dir, Some(path.clone()), &[target_var()]);
    assert!(done.status.success(), "{}{}", done.stdout, done.stderr);

    // And the check is real there too.
    let mut files = release_files();
    let archive = files.get_mut(&format!("/{}", archive_name())).unwrap();
    let last = archive.len() - 1;
    archive[last] ^= 0x80;
    let server = FileServer::start(files);
    let dir = scratch("install-sh-shasum-corrupt");
    let done = install(&server, &dir, Some(path), &[target_var()]);
    assert_eq!(done.status.code(), Some(3), "{}{}", done.stdout, done.stderr);
}

/// install.sh run with a stand-in `uname` (and `sysctl`, for Rosetta) against
/// an empty server: the archive it asks for tells which target it detected.
fn requested_archive(os: &str, arch: &str, translated: &str) -> (Finished, Vec<String>) {
    let dir = scratch(&format!("install-sh-detect-{os}-{arch}-{translated}"));
    let fake = dir.join("fake-bin");
    fs::create_dir_all(&fake).unwrap();
    write_script(
        &fake.join("uname"),
        &format!("#!/bin/sh\ncase \"$1\" in -s) echo {os} ;; -m) echo {arch} ;; *) echo {os} ;; esac\n"),
    );
    write_script(&fake.join("sysctl"), &format!("#!/bin/sh\necho {translated}\n"));
    let server = FileServer::start(HashMap::new());
    let done = install(&server, &dir, Some(path_with(&fake)), &[]);
    assert!(!dir.join("bin/crlint").exists());
    (done, server.requested())
}

fn assert_detects(os: &str, arch: &str, translated: &str, archive: &str) {
    let (done, requested) = requested_archive(os, arch, translated);
    assert_eq!(done.status.code(), Some(1), "nothing is served: {}", done.stderr);
    assert_eq!(requested, [format!("/crlint-v{VERSION}-{archive}")], "{os} {arch}: {}", done.stderr);
}

#[test]
fn install_sh_takes_the_static_musl_archive_on_linux_x86_64() {
    assert_detects("Linux", "x86_64", "0", "x86_64-unknown-linux-musl.tar.gz");
}

#[test]
fn install_sh_takes_the_static_musl_archive_on_linux_aarch64() {
    assert_detects("Linux", "aarch64", "0", "aarch64-unknown-linux-musl.tar.gz");
}

#[test]
fn install_sh_takes_the_arm64_archive_on_apple_silicon() {
    assert_detects("Darwin", "arm64", "0", "aarch64-apple-darwin.tar.gz");
}

#[test]
fn install_sh_takes_the_x86_64_archive_on_an_intel_mac() {
    assert_detects("Darwin", "x86_64", "0", "x86_64-apple-darwin.tar.gz");
}

/// An x86_64 shell under Rosetta 2 still gets the native arm64 binary.
#[test]
fn install_sh_takes_the_arm64_archive_under_rosetta() {
    assert_detects("Darwin", "x86_64", "1", "aarch64-apple-darwin.tar.gz");
}

#[test]
fn install_sh_takes_the_windows_zip_in_git_bash() {
    assert_detects("MINGW64_NT-10.0-19045", "x86_64", "0", "x86_64-pc-windows-msvc.zip");
}

fn assert_unsupported(os: &str, arch: &str) {
    let (done, requested) = requested_archive(os, arch, "0");
    assert_eq!(done.status.code(), Some(1), "{}", done.stderr);
    assert!(requested.is_empty(), "{os} {arch}: nothing to download, got {requested:?}");
    assert!(done.stderr.contains(&format!("no prebuilt crlint for {os}")), "{}", done.stderr);
    assert!(done.stderr.contains("cargo install crlint"), "{}", done.stderr);
}

#[test]
fn install_sh_refuses_freebsd_which_has_no_prebuilt_binary() {
    assert_unsupported("FreeBSD", "amd64");
}

#[test]
fn install_sh_refuses_32_bit_arm_linux_which_has_no_prebuilt_binary() {
    assert_unsupported("Linux", "armv7l");
}

#[test]
fn shellcheck_accepts_install_sh_as_posix_sh() {
    let mut cmd = Command::new(tool("shellcheck"));
    cmd.args(["--shell=sh", "--severity=style"]).arg(crate_dir().join("install.sh"));
    let done = run(cmd, LIMIT);
    assert!(done.status.success(), "{}{}", done.stdout, done.stderr);
}

/// install.ps1 cannot run here (no PowerShell from the registries this
/// machine reaches); what can be checked without it: it installs the same
/// version from the same place, with the names package.py gives the archives.
#[test]
fn install_ps1_asks_for_the_archive_names_install_sh_and_package_py_use() {
    let ps1 = fs::read_to_string(crate_dir().join("install.ps1")).unwrap();
    let sh = fs::read_to_string(crate_dir().join("install.sh")).unwrap();
    for needle in [
        format!("{{ '{VERSION}' }}"),
        "\"https://github.com/crazyrouter/crlint/releases/download/v$Version\"".to_string(),
        "$Stem = \"crlint-v$Version-$Target\"".to_string(),
        "$Archive = \"$Stem.zip\"".to_string(),
        "'x86_64-pc-windows-msvc'".to_string(),
        "\"$Base/$Archive.sha256\"".to_string(),
        "Stop-Install 3".to_string(),
    ] {
        assert!(ps1.contains(&needle), "install.ps1 lacks {needle}");
    }
    for var in
        ["CRLINT_VERSION", "CRLINT_DOWNLOAD_BASE", "CRLINT_INSTALL_DIR", "CRLINT_TARGET", "CRLINT_SHA256"]
    {
        assert!(ps1.contains(&format!("$env:{var}")) && sh.contains(var), "{var} is read by both installers");
    }
}
