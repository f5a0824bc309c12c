//! Embeds the knowledge in the binary: every `rules/clients/*.toml` (one file per
//! client: lint, doctor and setup), so that adding a client is a new data file and
//! no Rust, and the top-level `rules/*.toml` (gateway, endpoints, variables,
//! key-reference forms, shell start-up files, the rules' facts).
//!
//! For the tests, it also lists every fixture case (`fixtures/<client>/{bad,good}/<case>`)
//! as one `fixture_cases!` invocation, so that each case is a test of its own
//! (`tests/cli_check.rs`, `tests/cli_fix.rs`, `tests/spans.rs`); a packaged crate,
//! which has no fixtures, gets an empty list.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    fs::write(out.join("clients.rs"), embed("rules/clients", "CLIENT_FILES")).unwrap();
    fs::write(out.join("rules.rs"), embed("rules", "RULE_FILES")).unwrap();
    fs::write(out.join("fixture_cases.rs"), fixture_cases()).unwrap();
}

/// `fixture_cases! { bad claude_code_v1_suffix "claude-code/bad/v1-suffix"; … }`
fn fixture_cases() -> String {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("fixtures");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut cases = Vec::new();
    for client in sorted_dirs(&root) {
        for kind in ["bad", "good"] {
            let dir = root.join(&client).join(kind);
            println!("cargo:rerun-if-changed={}", dir.display());
            for case in sorted_dirs(&dir) {
                let rel = format!("{client}/{kind}/{case}");
                // `claude-code/bad/v1-suffix` → `claude_code_v1_suffix` (its kind is the test's module).
                let ident = format!("{client}_{case}")
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
                    .collect::<String>()
                    .split('_')
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join("_");
                cases.push(format!("    {kind} {ident} {rel:?};\n"));
            }
        }
    }
    format!("fixture_cases! {{\n{}}}\n", cases.concat())
}

fn sorted_dirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn embed(dir: &str, array: &str) -> String {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let mut out = format!("pub static {array}: &[(&str, &str)] = &[\n");
    for name in names {
        let path = dir.join(&name);
        out.push_str(&format!("    ({name:?}, include_str!({:?})),\n", path.display().to_string()));
    }
    out.push_str("];\n");
    out
}
