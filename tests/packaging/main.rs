//! How crlint reaches people without a Rust toolchain, tested from locally
//! built artifacts: scripts/package.py packages the debug binary `cargo test`
//! has already built (no second build, no LTO here; the release workflow calls
//! the same script with the release binary) into the archive, the wheel and
//! the npm platform package, and each channel is exercised for real:
//!
//! - `wheel`: pip into a fresh venv, then `crlint` from the venv's `bin/`; uvx;
//!   the wheel's RECORD and tags;
//! - `npm`: `npm pack` of the launcher and the platform package, `npm install`
//!   of both into an empty project with npm offline, then `npx crlint`;
//! - `install_sh`: install.sh against a loopback HTTP server serving the
//!   archive and its checksum; a corrupted archive and other bad downloads are
//!   refused; the archive picked for each platform; shellcheck;
//! - `pre_commit`: the real `pre-commit try-repo` with the wheel hooks (wheel
//!   from a local directory, no index) and the `language: rust` hooks (a
//!   stand-in `cargo install` copies the binary: the hooks' wiring, not a build);
//! - `release`: actionlint on the release workflow, the Action's install step
//!   run against the loopback server, every version string equal to
//!   Cargo.toml's, the crate and sdist contents against what the compiler read.
//!
//! Tools (pre-commit, actionlint, shellcheck, uv, maturin) come from PyPI into
//! the cached tools venv (tests/tools/requirements.txt); npm and Python are the
//! machine's. Network: the package registries only, for that venv; the tests
//! themselves use 127.0.0.1 and local files.

#[path = "../support/mod.rs"]
mod support;

mod common;
mod fileserver;
mod install_sh;
mod npm;
mod pre_commit;
mod release;
mod wheel;
