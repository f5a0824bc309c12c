//! Embeds every `rules/clients/*.toml` in the binary, so that adding a client is
//! a new data file and no Rust; likewise `rules/doctor/*.toml` (where each client
//! looks, in precedence order) and `rules/setup/*.toml` (what `crlint setup` writes).

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    for (dir, array, file) in [
        ("rules/clients", "CLIENT_FILES", "clients.rs"),
        ("rules/doctor", "DOCTOR_FILES", "doctor.rs"),
        ("rules/setup", "SETUP_FILES", "setup.rs"),
    ] {
        fs::write(out.join(file), embed(dir, array)).unwrap();
    }
}

fn embed(dir: &str, array: &str) -> String {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
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
