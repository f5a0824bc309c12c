//! The pipeline reads each file once: with `CRLINT_DEBUG_PARSES=1` a debug build
//! prints how often each file was parsed in each format and how many fix passes
//! edited it. `check` parses every file once per format it is read in, every
//! document inside a file (a code block, a heredoc: counted as `FILE#N`) once per
//! format, and runs each extractor once per file (`extract:ID`); `--fix` does all
//! that once more per fix pass for the files it edits, and for no other;
//! `--probe` adds no parse. No parse happens outside a file's work.

#[path = "support/files.rs"]
mod files;
#[path = "support/tls_server.rs"]
mod tls_server;

use files::copy_tree;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tls_server::{Reply, TestPki, TlsServer};

/// (path, format) → parses, and path → fix passes, from the debug lines.
struct Counts {
    parsed: BTreeMap<(String, String), usize>,
    passes: BTreeMap<String, usize>,
}

fn counts(stderr: &str) -> Counts {
    let mut parsed = BTreeMap::new();
    let mut passes = BTreeMap::new();
    for line in stderr.lines().filter_map(|l| l.strip_prefix("crlint-debug: ")) {
        if let Some(rest) = line.strip_prefix("parsed ") {
            let [format, n, path] = rest.splitn(3, ' ').collect::<Vec<_>>()[..] else { panic!("{line}") };
            parsed.insert((path.to_string(), format.to_string()), n.parse().unwrap());
        } else if let Some(rest) = line.strip_prefix("fix-passes ") {
            let (n, path) = rest.split_once(' ').unwrap();
            passes.insert(path.to_string(), n.parse().unwrap());
        } else {
            panic!("unexpected debug line {line:?}");
        }
    }
    Counts { parsed, passes }
}

/// A copy of every bad fixture and the demo, in a temp dir.
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("tree");
    for client in fs::read_dir("fixtures").unwrap().flatten() {
        if client.file_name() == "demo" {
            copy_tree(&client.path(), &root.join("demo"));
        } else if client.path().join("bad").is_dir() {
            copy_tree(&client.path().join("bad"), &root.join(client.file_name()));
        }
    }
    (dir, root)
}

fn run(root: &Path, args: &[&str]) -> (Counts, i32) {
    let out = Command::cargo_bin("crlint")
        .unwrap()
        .env("CRLINT_DEBUG_PARSES", "1")
        .env_remove("CRAZYROUTER_API_KEY")
        .current_dir(root)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let c = counts(&stderr);
    assert!(!c.parsed.keys().any(|(p, _)| p == "<no file>"), "a parse outside any file's work:\n{stderr}");
    (c, out.status.code().unwrap())
}

#[test]
fn check_parses_each_file_once_per_format() {
    let (_dir, root) = corpus();
    let (c, code) = run(&root, &["check", "."]);
    assert_eq!(code, 1);
    assert!(c.parsed.len() >= 60, "only {} file readings", c.parsed.len());
    for ((path, format), n) in &c.parsed {
        assert_eq!(*n, 1, "{path} parsed {n} times as {format}");
    }
    // The documents inside files are in the corpus, and were each read once.
    let inner = c.parsed.keys().filter(|(p, _)| p.contains('#')).count();
    let extractions = c.parsed.keys().filter(|(_, f)| f.starts_with("extract:")).count();
    assert!(inner >= 20 && extractions >= 5, "{inner} inner documents, {extractions} extractions");
    assert!(c.passes.is_empty(), "check alone makes no fix pass: {:?}", c.passes);
}

#[test]
fn fix_parses_again_only_the_files_it_edits_once_per_pass() {
    let (_dir, root) = corpus();
    let (before, _) = run(&root, &["check", "."]);
    // `FILE#N` is the N-th document inside FILE: its file and its passes are FILE's.
    let outer = |p: &str| p.split_once('#').map_or(p, |(file, _)| file).to_string();
    let texts: BTreeMap<String, Vec<u8>> = before
        .parsed
        .keys()
        .map(|(p, _)| (outer(p), fs::read(root.join(outer(p))).unwrap_or_default()))
        .collect();
    let (c, _) = run(&root, &["check", ".", "--fix", "--unsafe-fixes", "--no-backup"]);
    let mut edited = 0;
    let mut inner_edited = 0;
    for ((label, format), n) in &c.parsed {
        let path = &outer(label);
        let passes = c.passes.get(path).copied().unwrap_or(0);
        let changed = texts.get(path).is_none_or(|old| fs::read(root.join(path)).unwrap_or_default() != *old);
        assert_eq!(changed, passes > 0, "{path}: changed {changed}, {passes} fix passes");
        // A file a project fix writes (Gemini CLI's settings) may be read as a companion
        // first; a document inside a file may first appear after a fix (a fixed block parses).
        assert!(
            *n == 1 + passes || *n == passes,
            "{label} parsed {n} times as {format} with {passes} fix passes"
        );
        edited += usize::from(passes > 0);
        inner_edited += usize::from(passes > 0 && label.contains('#'));
    }
    assert!(edited >= 30, "only {edited} files edited");
    assert!(inner_edited >= 5, "only {inner_edited} inner documents of edited files");
}

#[test]
fn probe_adds_no_parse() {
    let (_dir, root) = corpus();
    let pki = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["gpt-4o"]))]);
    let (plain, _) = run(&root, &["check", "."]);
    let mut args = vec!["check".to_string(), ".".into(), "--probe".into(), "--timeout".into(), "5".into()];
    args.extend(server.pin_args(&pki));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (probed, _) = run(&root, &args);
    assert!(server.requests().len() >= 2, "the probe ran: {} requests", server.requests().len());
    assert_eq!(probed.parsed, plain.parsed);
}
