//! System tools some tests need, made present or the test fails: never a silent skip.
#![allow(dead_code)] // each test binary uses a different part of this helper

use std::process::Command;

/// `program --version` runs; otherwise the Debian package that has it is installed
/// (the test suite runs as root in CI), and the test fails with what to do when
/// that is not possible.
pub fn require(program: &str, debian_package: &str) {
    let runs = |p: &str| Command::new(p).arg("--version").output().is_ok_and(|o| o.status.success());
    if runs(program) {
        return;
    }
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0"));
    if root {
        let _ = Command::new("apt-get").args(["install", "-y", "-qq", debian_package]).status();
    }
    assert!(runs(program), "this test needs `{program}`: install the Debian package {debian_package} (or your system's equivalent)");
}
