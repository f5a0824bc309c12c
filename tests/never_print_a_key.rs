//! A key written into a config file never reaches crlint's output, in any
//! format or mode: findings about it, findings whose fix would carry it, the
//! snippets around it, and errors about a configuration file that holds one.
//! At most its mask (`sk-Ab…3Ab3`) is printed.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;

/// A key in the gateway's format (`sk-` and 48 letters and digits), made here.
fn key() -> String {
    format!("sk-{}", "Ab3".repeat(16))
}

fn write(root: &Path, path: &str, text: &str) {
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
}

/// stdout and stderr of `crlint ARGS…` in `dir`, and its exit code.
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = cargo_bin_cmd!("crlint").current_dir(dir).args(args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code(), text)
}

#[test]
fn no_output_format_prints_a_key() {
    let key = key();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(
        dir.path(),
        ".env",
        // A key alone, a key in a URL whose fix keeps the query (CR201 + key
        // in the fix content), and a key beside a suppression comment.
        &format!(
            "OPENAI_API_KEY={key}\nOPENAI_BASE_URL=http://crazyrouter.com/v1?key={key}\nANTHROPIC_AUTH_TOKEN={key} # crlint: ignore CR999 {key}\n"
        ),
    );
    write(
        dir.path(),
        ".claude/settings.json",
        &format!("{{\"env\": {{\"ANTHROPIC_BASE_URL\": \"https://api.crazyrouter.com/v1?k={key}\", \"ANTHROPIC_AUTH_TOKEN\": \"{key}\"}}}}\n"),
    );
    write(
        dir.path(),
        ".codex/config.toml",
        &format!("[model_providers.c]\nbase_url = \"https://crazyrouter.com/v1\"\nexperimental_bearer_token = \"{key}\"\n"),
    );

    let mut seen_findings = 0;
    for format in ["text", "concise", "json", "sarif", "github"] {
        for extra in [&[][..], &["--color", "always"], &["--statistics"], &["--quiet"]] {
            let mut args = vec!["check", "--output-format", format];
            args.extend_from_slice(extra);
            let (code, output) = run(dir.path(), &args);
            // A SARIF log without its results is refused (exit 2), not printed.
            let expected = if format == "sarif" && extra == ["--statistics"] { 2 } else { 1 };
            assert_eq!(code, Some(expected), "{format} {extra:?}: {output}");
            assert!(!output.contains(&key), "{format} {extra:?} printed the key:\n{output}");
            assert!(!output.contains(&key[..20]), "{format} {extra:?} printed part of the key");
            seen_findings += usize::from(output.contains("CR501"));
        }
    }
    assert!(seen_findings > 0, "the key was found, and reported masked");
    let (_, text) = run(dir.path(), &["check", "--output-format", "json"]);
    assert!(text.contains("sk-Ab…3Ab3"), "the mask is what is shown:\n{text}");
    assert!(text.contains("\"content\""), "a fix is shown, its content masked:\n{text}");
}

#[test]
fn a_key_in_the_configuration_file_is_masked_in_its_error() {
    let key = key();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), "crlint.toml", &format!("[lint]\nignore = [\"{key}\"]\n"));
    let (code, output) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(2));
    assert!(output.contains("sk-Ab…3Ab3"), "{output}");
    assert!(!output.contains(&key), "{output}");
    write(dir.path(), "crlint.toml", &format!("[lint]\napi-key = \"{key}\"\n"));
    let (code, output) = run(dir.path(), &["check"]);
    assert_eq!(code, Some(2));
    assert!(!output.contains(&key), "{output}");
}
