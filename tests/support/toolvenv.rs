//! The cached Python environment holding the CI tools crlint integrates with
//! (pre-commit, actionlint) and the packaging tools (shellcheck, uv, maturin),
//! for `tests/integrations.rs` and `tests/packaging/`.
//!
//! For: finding those tools' executables. The venv lives in
//! `$CARGO_TARGET_DIR/tools-venv/` (else `target/`) and is built by the same
//! `pyenv::ensure_venv` as the real-client venv, from `tests/tools/requirements.txt`.
//! If it cannot be built (no Python, registry unreachable) the calling test
//! PANICS with the reason: an integration test never passes unrun.
//!
//! Not for: the real-client SDKs (`pyenv` keeps those, pinned apart).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::pyenv::{ensure_venv, venv_bin};

/// The path of `exe` (`pre-commit`, `actionlint`, `shellcheck`, `uvx`, `maturin`) in the tools venv, building
/// the venv first if needed.
pub fn tool(exe: &str) -> PathBuf {
    static READY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let requirements = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/requirements.txt");
    let venv = match READY.get_or_init(|| ensure_venv("tools-venv", &requirements)) {
        Ok(venv) => venv.clone(),
        Err(e) => panic!(
            "tools venv unavailable: the tools of tests/tools/requirements.txt could not be installed.\n{e}"
        ),
    };
    let path = venv_bin(&venv, exe);
    assert!(path.exists(), "{} is not in the tools venv", path.display());
    path
}
