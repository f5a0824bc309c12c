//! Embeds the knowledge in the binary: every `rules/clients/*.toml` (one file per
//! client: lint, doctor and setup), so that adding a client is a new data file and
//! no Rust, and the top-level `rules/*.toml` (gateway, endpoints, variables,
//! key-reference forms, shell start-up files, the rules' facts).

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    fs::write(out.join("clients.rs"), embed("rules/clients", "CLIENT_FILES")).unwrap();
    fs::write(out.join("rules.rs"), embed("rules", "RULE_FILES")).unwrap();
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
