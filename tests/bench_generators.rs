//! The benchmark's tree generators (scripts/bench_tree.py, scripts/bench_shapes.py):
//! each shape, built small (`--scale 0.02`) twice, gives the same bytes, and the
//! gateway values its generator says it wrote are the ones a scan of the tree finds.
//! No timing here: scripts/bench.sh measures, these tests only keep its inputs honest.
//! Needs python3 and rg (the scan uses `rg`); fails when they are missing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bench_tree(args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(repo().join("scripts/bench_tree.py"))
        .args(args)
        .output()
        .expect("python3 must be installed to run the benchmark generators");
    assert!(out.status.success(), "bench_tree.py {args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Every file under `root` except .git/, path → content (FNV-1a, 64 bits) and size.
fn digest(root: &Path) -> BTreeMap<String, (u64, usize)> {
    fn walk(dir: &Path, root: &Path, into: &mut BTreeMap<String, (u64, usize)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                if entry.file_name() != ".git" {
                    walk(&path, root, into);
                }
            } else if kind.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                let mut h: u64 = 0xcbf29ce484222325;
                for b in &bytes {
                    h = (h ^ u64::from(*b)).wrapping_mul(0x100000001b3);
                }
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                into.insert(rel, (h, bytes.len()));
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(root, root, &mut files);
    files
}

fn field(json: &str, key: &str) -> i64 {
    let at = json.find(&format!("\"{key}\": ")).unwrap_or_else(|| panic!("no {key} in {json}"));
    let rest = &json[at + key.len() + 4..];
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap();
    rest[..end].parse().unwrap()
}

/// Builds `shape` twice at a small scale; returns the first tree's root and its
/// manifest text after checking determinism and the tally against the scan.
fn check_shape(shape: &str) -> (PathBuf, String) {
    let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-generators").join(shape);
    let _ = std::fs::remove_dir_all(&base);
    let (a, b) = (base.join("a"), base.join("b"));
    for dir in [&a, &b] {
        bench_tree(&["build", shape, dir.to_str().unwrap(), "--scale", "0.02"]);
    }
    let (da, db) = (digest(&a), digest(&b));
    assert!(!da.is_empty(), "{shape}: no file written");
    assert_eq!(da, db, "{shape}: two builds differ");
    let stats = bench_tree(&["stats", shape, a.to_str().unwrap()]);
    assert_eq!(field(&stats, "files") as usize, da.len(), "{shape}: stats count another set of files");
    let manifest = std::fs::read_to_string(base.join("a.manifest.json")).unwrap();
    if !manifest.contains("\"tally\": null") {
        let written = field(&manifest, "right") + field(&manifest, "wrong") + field(&manifest, "lookalike");
        assert_eq!(
            written,
            field(&stats, "gateway_urls"),
            "{shape}: the generator's tally and the gateway URLs found in the tree differ"
        );
    }
    (a, manifest)
}

#[test]
fn monorepo_shape() {
    let (_, m) = check_shape("monorepo");
    assert!(field(&m, "wrong") > 0 && field(&m, "right") > 0);
}

#[test]
fn source_scripts_shape_is_one_script_in_ten_and_no_gateway() {
    let (root, m) = check_shape("source-scripts");
    let files = digest(&root);
    let scripts = files.keys().filter(|p| p.ends_with(".sh")).count();
    assert_eq!(scripts, files.len() / 10, "one file in ten is a shell script");
    assert_eq!(field(&m, "right") + field(&m, "wrong") + field(&m, "lookalike"), 0);
}

#[test]
fn ops_shape() {
    let (_, m) = check_shape("ops");
    assert!(field(&m, "wrong") > 0 && field(&m, "right") > 0);
}

#[test]
fn docs_shape() {
    check_shape("docs");
}

#[test]
fn helm_shape() {
    check_shape("helm");
}

#[test]
fn dotfiles_shape() {
    check_shape("dotfiles");
}

#[test]
fn home_shape() {
    check_shape("home");
}

#[test]
fn ten_file_shape() {
    let (root, _) = check_shape("ten");
    assert_eq!(digest(&root).len(), 10);
}

#[test]
fn pathological_files() {
    let (root, m) = check_shape("pathological");
    let line = std::fs::read_to_string(root.join("one-line/README.md")).unwrap();
    let long = line.lines().max_by_key(|l| l.len()).unwrap();
    assert_eq!(long.matches("https://").count(), 5000, "one line of 5,000 URLs");
    assert_eq!(field(&m, "wrong"), 5004);
    for file in [
        "array-json/.claude/settings.json",
        "array-toml/.codex/config.toml",
        "array-yaml/.continue/config.yaml",
        "array-yaml-broad/deploy/big.yaml",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert_eq!(text.matches(",0").count() + 1, 2_000_000, "{file}: 2M items");
        assert!(text.len() < 4 * 1024 * 1024, "{file}: under crlint's 4 MiB max-file-size");
    }
}
