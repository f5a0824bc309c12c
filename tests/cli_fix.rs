//! `crlint check --fix` / `--diff` as a user runs them, on copies of the
//! fixtures: snapshots of every fixed file and every diff, and the guarantees
//! users trust it with (bytes outside the edits, line ends, BOM, modes,
//! symlinks, read-only files, backups, idempotence, unparseable files).

#[path = "support/files.rs"]
mod files;

use files::copy_tree;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A copy of `fixtures/<rel>` in a fresh temp dir; returns (dir, relative path of the copy).
fn copy_fixture(rel: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&Path::new("fixtures").join(rel), &dir.path().join("case"));
    (dir, "case".to_string())
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if root.is_dir() {
        for e in fs::read_dir(root).unwrap().flatten() {
            out.extend(files_under(&e.path()));
        }
    } else {
        out.push(root.to_path_buf());
    }
    out.sort();
    out
}

fn crlint_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("crlint").unwrap().current_dir(dir).args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

fn bad_cases() -> Vec<String> {
    let mut out = Vec::new();
    for client in fs::read_dir("fixtures").unwrap().flatten() {
        if let Ok(cases) = fs::read_dir(client.path().join("bad")) {
            for c in cases.flatten() {
                out.push(format!(
                    "{}/bad/{}",
                    client.file_name().to_string_lossy(),
                    c.file_name().to_string_lossy()
                ));
            }
        }
    }
    out.sort();
    out
}

/// A bad case through `--diff` then `--fix`: `--diff` writes nothing; the diff and the
/// fixed files are its snapshots; a second `--fix` changes nothing and `--diff` is then empty.
fn fix_case(case: &str) {
    let (dir, rel) = copy_fixture(case);
    let before: Vec<(PathBuf, Vec<u8>)> =
        files_under(&dir.path().join(&rel)).into_iter().map(|p| (p.clone(), fs::read(&p).unwrap())).collect();
    let (diff, _, diff_code) = crlint_in(dir.path(), &["check", &rel, "--diff", "--no-backup"]);
    // --diff writes nothing.
    for (p, bytes) in &before {
        assert_eq!(&fs::read(p).unwrap(), bytes, "--diff wrote {}", p.display());
    }
    let name = case.replace('/', "__");
    let snapshot = Path::new("tests/snapshots").join(format!("cli_fix__diff__{name}.snap"));
    if diff.is_empty() {
        assert_eq!(diff_code, 0, "{case}");
        assert!(!snapshot.exists(), "{case}: no diff, yet a diff snapshot exists");
        return;
    }
    assert_eq!(diff_code, 1, "{case}");
    insta::assert_snapshot!(format!("diff__{name}"), diff);
    let (_, stderr, _) = crlint_in(dir.path(), &["check", &rel, "--fix", "--no-backup"]);
    assert!(stderr.is_empty(), "{case}: {stderr}");
    let mut fixed = String::new();
    for (p, old) in &before {
        let new = fs::read(p).unwrap();
        if &new != old {
            let shown = p.strip_prefix(dir.path()).unwrap().display().to_string();
            fixed.push_str(&format!("==> {shown} <==\n{}\n", String::from_utf8_lossy(&new)));
        }
    }
    insta::assert_snapshot!(format!("fixed__{name}"), crlint::redact::redact(&fixed));
    // Idempotent: a second --fix changes nothing, and --diff then finds nothing.
    let after_first: Vec<Vec<u8>> = before.iter().map(|(p, _)| fs::read(p).unwrap()).collect();
    crlint_in(dir.path(), &["check", &rel, "--fix", "--no-backup"]);
    let after_second: Vec<Vec<u8>> = before.iter().map(|(p, _)| fs::read(p).unwrap()).collect();
    assert_eq!(after_first, after_second, "{case}: second --fix changed bytes");
    let (diff2, _, code2) = crlint_in(dir.path(), &["check", &rel, "--diff"]);
    assert_eq!((diff2.as_str(), code2), ("", 0), "{case}");
}

macro_rules! fixture_cases {
    ($($kind:ident $name:ident $rel:literal;)*) => {
        mod fix { $( fixture_cases!(@fix $kind $name $rel); )* }
    };
    (@fix bad $name:ident $rel:literal) => { #[test] fn $name() { super::fix_case($rel) } };
    (@fix good $name:ident $rel:literal) => {};
}

include!(concat!(env!("OUT_DIR"), "/fixture_cases.rs"));

/// Enough bad cases have a fix for the snapshots to mean something.
#[test]
fn most_bad_fixtures_are_fixable() {
    let diffs = fs::read_dir("tests/snapshots")
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("cli_fix__diff__"))
        .count();
    assert!(diffs >= 12, "{diffs}");
}

/// The written text is the source with exactly the first lint's edits applied
/// (when they do not overlap), and every byte outside those edits is unchanged.
#[test]
fn only_the_bytes_inside_the_edits_change() {
    use crlint::catalog::Catalog;
    use crlint::fix::apply_fixes;
    use crlint::pipeline::{check_paths, CheckOptions};
    let catalog = Catalog::embedded().unwrap();
    let cases: Vec<PathBuf> = bad_cases().iter().map(|c| Path::new("fixtures").join(c)).collect();
    let plain = check_paths(&catalog, &CheckOptions::default(), &cases);
    let fixing = check_paths(&catalog, &CheckOptions { fix: Some(true), ..CheckOptions::default() }, &cases);
    let mut compared = 0;
    for fixed_file in &fixing.files {
        let (Some(old), Some(new)) = (&fixed_file.source, &fixed_file.fixed) else { continue };
        // The fixes aimed at this file: its own findings' fixes, and fixes of other
        // files' findings that target it (CR404 writes Gemini CLI's settings).
        let fixes: Vec<_> = plain
            .diagnostics()
            .filter_map(|(f, d)| d.fix.as_ref().map(|fix| (f, fix)))
            .filter(|(f, fix)| match &fix.target {
                Some(t) => t.path == fixed_file.path,
                None => f.path == fixed_file.path,
            })
            .map(|(_, fix)| fix)
            .collect();
        let file = fixed_file;
        let (expected, taken, skipped) = apply_fixes(old, &fixes);
        assert!(skipped.is_empty(), "{}: overlapping fixes need a second pass", file.path.display());
        assert_eq!(new, &expected, "{}", file.path.display());
        let mut edits: Vec<_> = taken.iter().flat_map(|f| f.edits.iter()).collect();
        edits.sort_by_key(|e| e.range.start);
        let (mut pos, mut out_pos) = (0usize, 0usize);
        for e in edits {
            let keep = e.range.start - pos;
            assert_eq!(&old[pos..e.range.start], &new[out_pos..out_pos + keep], "{}", file.path.display());
            out_pos += keep + e.replacement.len();
            pos = e.range.end;
        }
        assert_eq!(&old[pos..], &new[out_pos..], "{}", file.path.display());
        compared += 1;
    }
    assert!(compared >= 12, "{compared}");
}

#[test]
fn crlf_bom_and_missing_final_newline_survive() {
    for (case, file) in [
        ("dotenv/bad/crlf-bom", ".env.production"),
        ("claude-code/bad/endpoint-crlf", ".claude/settings.local.json"),
        ("dotenv/bad/no-final-newline", "prod.env"),
    ] {
        let (dir, rel) = copy_fixture(case);
        let path = dir.path().join(&rel).join(file);
        let old = fs::read(&path).unwrap();
        crlint_in(dir.path(), &["check", &rel, "--fix", "--no-backup"]);
        let new = fs::read(&path).unwrap();
        assert_ne!(old, new, "{case} was not fixed");
        let count = |b: &[u8], pat: &[u8]| b.windows(pat.len()).filter(|w| *w == pat).count();
        assert_eq!(count(&old, b"\r\n"), count(&new, b"\r\n"), "{case}: CRLF count");
        assert_eq!(count(&old, b"\n"), count(&new, b"\n"), "{case}: line count");
        assert_eq!(old.starts_with(b"\xef\xbb\xbf"), new.starts_with(b"\xef\xbb\xbf"), "{case}: BOM");
        assert_eq!(old.ends_with(b"\n"), new.ends_with(b"\n"), "{case}: final newline");
    }
}

#[test]
fn unparseable_files_are_never_written() {
    for case in
        ["claude-code/bad/broken", "codex/bad/broken", "dotenv/bad/unterminated", "dotenv/bad/not-utf8"]
    {
        let (dir, rel) = copy_fixture(case);
        let files = files_under(&dir.path().join(&rel));
        let before: Vec<_> = files.iter().map(|p| fs::read(p).unwrap()).collect();
        let (_, _, code) = crlint_in(dir.path(), &["check", &rel, "--fix", "--unsafe-fixes"]);
        assert_eq!(code, 1, "{case}");
        let after: Vec<_> = files.iter().map(|p| fs::read(p).unwrap()).collect();
        assert_eq!(before, after, "{case}");
        assert_eq!(files_under(&dir.path().join(&rel)).len(), files.len(), "{case}: a backup was written");
    }
}

#[test]
fn unsafe_fixes_only_with_the_flag() {
    let (dir, rel) = copy_fixture("claude-code/bad/lookalike");
    let path = dir.path().join(&rel).join(".claude/settings.json");
    let old = fs::read_to_string(&path).unwrap();
    let (out, _, code) = crlint_in(dir.path(), &["check", &rel, "--fix", "--output-format", "concise"]);
    assert_eq!((fs::read_to_string(&path).unwrap(), code), (old.clone(), 1), "{out}");
    let (_, _, code) = crlint_in(dir.path(), &["check", &rel, "--fix", "--unsafe-fixes", "--no-backup"]);
    assert_eq!(code, 0);
    assert_eq!(fs::read_to_string(&path).unwrap(), old.replace("api.crazyroutr.com", "api.crazyrouter.com"));
}

#[test]
fn exit_codes_and_show_fixes() {
    let (dir, rel) = copy_fixture("codex/bad/root");
    let (out, _, code) = crlint_in(
        dir.path(),
        &["check", &rel, "--fix", "--show-fixes", "--no-backup", "--output-format", "concise"],
    );
    assert_eq!(code, 0, "everything was fixed: {out}");
    insta::assert_snapshot!("show_fixes_codex_root", out);
    let (dir, rel) = copy_fixture("codex/bad/root");
    let (_, _, code) =
        crlint_in(dir.path(), &["check", &rel, "--fix", "--exit-non-zero-on-fix", "--no-backup"]);
    assert_eq!(code, 1);
}

#[test]
fn region_choice_moves_hosts() {
    let (dir, rel) = copy_fixture("claude-code/good/root");
    let path = dir.path().join(&rel).join(".claude/settings.json");
    crlint_in(dir.path(), &["check", &rel, "--fix", "--region", "east-asia", "--no-backup"]);
    assert!(fs::read_to_string(&path)
        .unwrap()
        .contains("\"ANTHROPIC_BASE_URL\": \"https://cn.crazyrouter.com\""));
    // Without a choice, a console host moves to the region the file already uses.
    let (dir, _) = copy_fixture("dotenv/good/shapes");
    let env = dir.path().join("case/.env");
    fs::write(
        &env,
        "OPENAI_BASE_URL=https://cn.crazyrouter.com/v1\nANTHROPIC_BASE_URL=https://crazyrouter.com\n",
    )
    .unwrap();
    crlint_in(dir.path(), &["check", "case", "--fix", "--no-backup"]);
    assert!(fs::read_to_string(&env).unwrap().ends_with("ANTHROPIC_BASE_URL=https://cn.crazyrouter.com\n"));
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn mode_bits_are_kept_and_backups_are_made_outside_git() {
        let (dir, rel) = copy_fixture("dotenv/bad/crlf-bom");
        let path = dir.path().join(&rel).join(".env.production");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let old = fs::read(&path).unwrap();
        crlint_in(dir.path(), &["check", &rel, "--fix"]);
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        let backup = dir.path().join(&rel).join(".env.production.crlint-bak");
        assert_eq!(fs::read(&backup).unwrap(), old);
        // The file holds a key: its backup is 0600.
        assert_eq!(fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o600);
    }

    #[test]
    fn no_backup_flag_and_git_work_trees() {
        let (dir, rel) = copy_fixture("codex/bad/root");
        crlint_in(dir.path(), &["check", &rel, "--fix", "--no-backup"]);
        assert!(!dir.path().join(&rel).join(".codex/config.toml.crlint-bak").exists());
        let (dir, rel) = copy_fixture("codex/bad/root");
        let git = std::process::Command::new("git").arg("init").arg("-q").arg(dir.path()).status().unwrap();
        assert!(git.success());
        crlint_in(dir.path(), &["check", &rel, "--fix"]);
        assert!(!dir.path().join(&rel).join(".codex/config.toml.crlint-bak").exists());
        assert!(fs::read_to_string(dir.path().join(&rel).join(".codex/config.toml"))
            .unwrap()
            .contains("/v1\""));
    }

    #[test]
    fn a_read_only_file_is_an_error_and_untouched() {
        let (dir, rel) = copy_fixture("codex/bad/root");
        let path = dir.path().join(&rel).join(".codex/config.toml");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let old = fs::read(&path).unwrap();
        let (out, stderr, code) =
            crlint_in(dir.path(), &["check", &rel, "--fix", "--output-format", "concise"]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("config.toml: read-only; not written"), "{stderr}");
        assert!(out.contains("CR103"), "the finding is still reported: {out}");
        assert_eq!(fs::read(&path).unwrap(), old);
    }

    /// A linked config is fixed through the link (the link stays a link) when
    /// its target is inside the directory walked, or when the link is named on
    /// the command line; a link out of the directory walked is not followed.
    #[test]
    fn a_symlinked_config_is_fixed_through_the_link() {
        let (dir, _) = copy_fixture("codex/bad/root");
        let real = dir.path().join("dotfiles/codex.toml");
        fs::create_dir_all(real.parent().unwrap()).unwrap();
        fs::rename(dir.path().join("case/.codex/config.toml"), &real).unwrap();
        let link = dir.path().join("case/.codex/config.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let before = fs::read_to_string(&real).unwrap();
        let (_, stderr, code) = crlint_in(dir.path(), &["check", "case", "--fix", "--no-backup"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains("case/.codex/config.toml: a symbolic link out of case; not followed"),
            "{stderr}"
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), before);
        for named in ["case/.codex/config.toml", "."] {
            fs::write(&real, &before).unwrap();
            let (_, stderr, code) = crlint_in(dir.path(), &["check", named, "--fix", "--no-backup"]);
            assert_eq!(code, 0, "{named}: {stderr}");
            assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
            let fixed = fs::read_to_string(&real).unwrap();
            assert!(fixed.contains("base_url = \"https://api.crazyrouter.com/v1\""), "{named}: {fixed}");
        }
    }
}

/// CR404's unsafe fix edits another file than the finding's: it creates Gemini
/// CLI's `.gemini/settings.json` when missing, or adds the key to it keeping its
/// comments, CRLF and order; after it, the finding is gone.
#[test]
fn gemini_auth_fix_writes_the_settings_file() {
    // The fixtures write the key as `${VAR}` in Gemini CLI's `.env`, which it sends
    // as written (CR503, no fix): not this test's subject.
    let crlint_in = |dir: &Path, args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--ignore", "CR503"]);
        crlint_in(dir, &all)
    };
    // Missing settings: created, only with --unsafe-fixes.
    let (dir, rel) = copy_fixture("gemini-cli/bad/v1beta-no-settings");
    let settings = dir.path().join(&rel).join(".gemini/settings.json");
    crlint_in(dir.path(), &["check", &rel, "--fix", "--no-backup"]);
    assert!(!settings.exists(), "a safe --fix must not write the unsafe CR404 fix");
    let (diff, _, code) = crlint_in(dir.path(), &["check", &rel, "--diff", "--unsafe-fixes"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("gemini_auth_diff_creates_settings", diff);
    let (out, stderr, code) = crlint_in(
        dir.path(),
        &["check", &rel, "--fix", "--unsafe-fixes", "--show-fixes", "--output-format", "concise"],
    );
    assert_eq!(code, 0, "{out}{stderr}");
    insta::assert_snapshot!("gemini_auth_fix_output", out);
    insta::assert_snapshot!("gemini_auth_created_settings", fs::read_to_string(&settings).unwrap());
    let (out, _, code) = crlint_in(dir.path(), &["check", &rel, "--output-format", "concise"]);
    assert_eq!((out.as_str(), code), ("Found 0 problems (2 files checked).\n", 0));

    // Existing settings with comments and CRLF: the key is added, nothing else moves.
    let (dir, rel) = copy_fixture("gemini-cli/bad/no-auth-type");
    let settings = dir.path().join(&rel).join(".gemini/settings.json");
    let before = fs::read_to_string(&settings).unwrap();
    let (_, stderr, code) = crlint_in(dir.path(), &["check", &rel, "--fix", "--unsafe-fixes", "--no-backup"]);
    assert_eq!(code, 0, "{stderr}");
    let after = fs::read_to_string(&settings).unwrap();
    insta::assert_snapshot!("gemini_auth_edited_settings", after.replace('\r', "␍"));
    assert!(after.starts_with(&before[..before.find("\"model\"").unwrap()]), "{after}");
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count(), "CRLF kept");
}

/// Two values in one project need the same settings file: one fix writes it, and
/// both findings count as fixed.
#[test]
fn one_settings_fix_resolves_every_value_that_needed_it() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case");
    fs::create_dir_all(case.join(".gemini")).unwrap();
    fs::write(case.join(".gemini/.env"), "GOOGLE_GEMINI_BASE_URL=https://api.crazyrouter.com\n").unwrap();
    fs::write(case.join(".env"), "GOOGLE_GEMINI_BASE_URL=https://api.crazyrouter.com\n").unwrap();
    fs::write(case.join(".gemini/settings.json"), "{ \"ui\": { \"theme\": \"GitHub\" } }\n").unwrap();
    let (out, _, code) = crlint_in(dir.path(), &["check", "case", "--output-format", "concise"]);
    assert_eq!(code, 1);
    assert_eq!(out.matches(": CR404 ").count(), 2, "{out}");
    let (out, stderr, code) = crlint_in(
        dir.path(),
        &["check", "case", "--fix", "--unsafe-fixes", "--no-backup", "--output-format", "concise"],
    );
    assert_eq!(code, 0, "{out}{stderr}");
    assert_eq!(out, "Fixed 2 problems; 0 remaining (3 files checked).\n");
    let settings = fs::read_to_string(case.join(".gemini/settings.json")).unwrap();
    assert_eq!(settings.matches("gemini-api-key").count(), 1, "{settings}");
}
