//! No key ever leaves crlint: one gateway key (`sk-` and 48 letters and digits)
//! is written into every format crlint reads (Claude Code JSON, Codex TOML,
//! dotenv), as a key setting, inside a header value and inside a URL query, and
//! into files that do not parse (whose findings show the source around the
//! error) or cannot be read; then every output is searched for it: each
//! `--output-format` that `crlint check --help` lists, stderr, `--diff`,
//! `--fix --show-fixes`, `check --probe` and `crlint probe --url …?key=KEY`.
//! A masked form (`sk-Ab…Pq6s`) is allowed; any longer piece of the key is not.
//!
//! The probes go nowhere: `HTTPS_PROXY` points at a closed loopback port, so
//! any request they try is refused on 127.0.0.1.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

const KEY: &str = "sk-Ab3dEf6hIj9kLm2oPq5sTu8wXy1zAb4dEf7hIj0kLm3oPq6s";

fn crlint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("crlint").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("https_proxy", "http://127.0.0.1:9")
        .env("ALL_PROXY", "http://127.0.0.1:9")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env_remove("CRAZYROUTER_API_KEY")
        .timeout(Duration::from_secs(60));
    cmd
}

/// Runs crlint and fails if any piece of the key longer than the mask shows is in stdout or stderr.
fn assert_no_key(dir: &Path, args: &[&str]) -> String {
    let out = crlint(dir).args(args).output().unwrap();
    assert!(out.status.code().is_some(), "crlint {args:?} was killed (timeout?)");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        // Any 8 characters of the key after its first five (`sk-Ab`) are a leak.
        let leak = (5..KEY.len() - 8).map(|i| &KEY[i..i + 8]).find(|piece| text.contains(piece));
        assert!(leak.is_none(), "crlint {args:?}: the key ({leak:?}…) is in {name}:\n{text}");
    }
    stdout + &stderr
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// The key in every format and position crlint reads.
fn tree_with_keys(dir: &Path) {
    write(
        dir,
        ".claude/settings.json",
        format!(
            "{{\n  \"env\": {{\n    \"ANTHROPIC_BASE_URL\": \"http://crazyrouter.com/v1?key={KEY}\",\n    \"ANTHROPIC_AUTH_TOKEN\": \"{KEY}\"\n  }}\n}}\n"
        ),
    );
    write(
        dir,
        ".codex/config.toml",
        format!(
            "model_provider = \"cr\"\n[model_providers.cr]\nbase_url = \"https://api.crazyrouter.com/v1/v1?key={KEY}\"\nwire_api = \"chat\"\nhttp_headers = {{ Authorization = \"Bearer {KEY}\" }}\n"
        ),
    );
    write(
        dir,
        ".env",
        format!(
            "OPENAI_BASE_URL=http://api.crazyrouter.com/v1/v1?api_key={KEY}\nOPENAI_API_KEY={KEY}\nANTHROPIC_BASE_URL=\"https://api.crazyrouter.com/v1?key={KEY}&x=1\"\n"
        ),
    );
    // Files that do not parse: the text format shows the lines around the error.
    write(
        dir,
        "broken/.claude/settings.json",
        format!("{{\"env\": {{\"ANTHROPIC_AUTH_TOKEN\": \"{KEY}\" \"x\"}}}}\n"),
    );
    write(
        dir,
        "broken/.codex/config.toml",
        format!("base_url = \"https://api.crazyrouter.com/v1?key={KEY}\nx = 1\n"),
    );
    write(
        dir,
        "broken/.env",
        format!("OPENAI_API_KEY=\"{KEY}\nOPENAI_BASE_URL=https://api.crazyrouter.com\n"),
    );
    // And one that cannot be read as text.
    let mut not_utf8 = format!("OPENAI_API_KEY={KEY}\n").into_bytes();
    not_utf8.extend_from_slice(b"X=\xff\n");
    write(dir, "unreadable/.env", not_utf8);
}

/// The values of `--output-format`, as `crlint check --help` lists them.
fn output_formats() -> Vec<String> {
    let out = Command::cargo_bin("crlint").unwrap().args(["check", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let section = &help[help.find("--output-format").expect("--output-format in the help")..];
    let mut formats = Vec::new();
    for line in section.lines().skip(1) {
        let line = line.trim();
        if line.starts_with("--") {
            break;
        }
        if let Some(name) = line.strip_prefix("- ").and_then(|l| l.split(':').next()) {
            formats.push(name.trim().to_string());
        }
    }
    assert!(formats.contains(&"text".to_string()) && formats.contains(&"concise".to_string()), "{help}");
    formats
}

#[test]
fn the_key_is_in_no_output_format_and_not_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    tree_with_keys(dir.path());
    for format in output_formats() {
        let all = assert_no_key(dir.path(), &["check", ".", "--output-format", &format]);
        // The findings are there, with the key masked.
        assert!(all.contains("sk-Ab…Pq6s"), "{format}: {all}");
        assert!(all.contains("CR901") && all.contains("CR902"), "{format}: {all}");
    }
}

#[test]
fn the_key_is_not_in_the_diff_nor_in_the_fixes_shown() {
    let dir = tempfile::tempdir().unwrap();
    tree_with_keys(dir.path());
    let diff = assert_no_key(dir.path(), &["check", ".", "--diff"]);
    assert!(diff.contains("+OPENAI_BASE_URL=https://api.crazyrouter.com/v1?api_key=sk-Ab…Pq6s"), "{diff}");
    let shown = assert_no_key(dir.path(), &["check", ".", "--fix", "--show-fixes", "--no-backup"]);
    assert!(shown.contains("Fixed ./.env:1:17: CR202"), "{shown}");
    // The fix kept the key where it was: only the URL's shape changed.
    let fixed = std::fs::read_to_string(dir.path().join(".env")).unwrap();
    assert!(fixed.starts_with(&format!("OPENAI_BASE_URL=https://api.crazyrouter.com/v1?api_key={KEY}\n")));
}

#[test]
fn probes_print_no_key_and_send_nothing_off_the_machine() {
    let dir = tempfile::tempdir().unwrap();
    tree_with_keys(dir.path());
    let url = format!("https://api.crazyrouter.com/v1?key={KEY}");
    // No --resolve: the request may only go to the (closed, loopback) proxy.
    let out = assert_no_key(dir.path(), &["probe", "--url", &url, "--timeout", "1"]);
    assert!(out.contains("probe "), "{out}");
    let out = assert_no_key(dir.path(), &["check", ".", "--probe", "--timeout", "1"]);
    assert!(out.contains("probe "), "{out}");
    let out = assert_no_key(dir.path(), &["probe", ".", "--timeout", "1"]);
    assert!(out.contains("probe "), "{out}");
}

/// Every check mode: each output format, `--statistics`, `--diff`, and
/// `--fix --show-fixes` last (it writes the tree).
fn every_mode(dir: &Path) -> String {
    let mut all = String::new();
    for format in output_formats() {
        all += &assert_no_key(dir, &["check", ".", "--output-format", &format]);
    }
    all += &assert_no_key(dir, &["check", ".", "--statistics"]);
    all += &assert_no_key(dir, &["check", ".", "--diff"]);
    all += &assert_no_key(dir, &["check", ".", "--fix", "--show-fixes", "--no-backup"]);
    all
}

#[test]
fn a_key_in_a_file_or_directory_name_is_in_no_output() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &format!("{KEY}/.env"), "OPENAI_BASE_URL=http://crazyrouter.com/v1\n");
    write(dir.path(), &format!("app/{KEY}.env"), "OPENAI_BASE_URL=http://crazyrouter.com/v1\n");
    // In SARIF's URIs too, as the mask percent-encoded (before `--fix` below fixes the files).
    let sarif = assert_no_key(dir.path(), &["check", ".", "--output-format", "sarif"]);
    assert!(sarif.contains("sk-Ab%E2%80%A6Pq6s"), "{sarif}");
    let all = every_mode(dir.path());
    assert!(all.contains("sk-Ab…Pq6s/.env") && all.contains("app/sk-Ab…Pq6s.env"), "{all}");
    // And in an error about a path on the command line.
    let err = assert_no_key(dir.path(), &["check", &format!("missing/{KEY}/.env")]);
    assert!(err.contains("missing/sk-Ab…Pq6s/.env"), "{err}");
}

#[test]
fn an_escaped_key_is_in_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let body = &KEY[3..];
    // JSON's `\u002d` and `\/`, and a URL's percent-encoding, once and twice.
    write(
        dir.path(),
        ".claude/settings.json",
        format!("{{\"env\": {{\"ANTHROPIC_BASE_URL\": \"http:\\/\\/crazyrouter.com\\/v1?k={KEY}\", \"ANTHROPIC_AUTH_TOKEN\": \"sk\\u002d{body}\"}}}}\n"),
    );
    write(dir.path(), "a/.env", format!("OPENAI_BASE_URL=http://crazyrouter.com/v1?key=sk%2D{body}\n"));
    write(dir.path(), "b/.env", format!("OPENAI_BASE_URL=http://crazyrouter.com/v1?key=sk%252D{body}\n"));
    write(
        dir.path(),
        "c/.env",
        format!("OPENAI_API_KEY=\\u0073k-{body}\nOPENAI_BASE_URL=http://crazyrouter.com/v1\n"),
    );
    let all = every_mode(dir.path());
    assert!(all.contains("sk-Ab…Pq6s"), "{all}");
}

#[test]
fn a_key_cut_by_a_line_break_is_in_no_output() {
    let dir = tempfile::tempdir().unwrap();
    // The second line of the key is the context line of the finding below it.
    write(
        dir.path(),
        ".env",
        format!(
            "OPENAI_API_KEY=\"{}\n{}\"\nOPENAI_BASE_URL=http://crazyrouter.com/v1\n",
            &KEY[..20],
            &KEY[20..]
        ),
    );
    write(
        dir.path(),
        ".codex/config.toml",
        format!(
            "model_provider = \"cr\"\n[model_providers.cr]\nexperimental_bearer_token = \"\"\"{}\\\n    {}\"\"\"\nbase_url = \"https://api.crazyrouter.com/v1/v1\"\n",
            &KEY[..30],
            &KEY[30..]
        ),
    );
    let all = every_mode(dir.path());
    assert!(all.contains("sk-Ab…Pq6s"), "{all}");
}

#[test]
fn a_piece_of_a_key_a_fix_cut_from_its_prefix_is_in_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let body = &KEY[3..];
    // A URL parser reads `#` as a fragment: the corrected URL keeps `#45;` and
    // the key's body, without the `sk&` that made it read as a key.
    write(
        dir.path(),
        ".claude/settings.json",
        format!("{{\"env\": {{\"ANTHROPIC_BASE_URL\": \"http://crazyrouter.com/v1sk&#45;{body}\"}}}}\n"),
    );
    let all = every_mode(dir.path());
    assert!(all.contains("#45;…"), "{all}");
}
