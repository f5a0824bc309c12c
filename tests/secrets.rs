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

#[path = "support/tls_server.rs"]
mod tls_server;

use tls_server::{Reply, TestPki, TlsServer};

/// Secrets a CI job's environment holds, none of them a gateway key.
const CI_SECRETS: &[(&str, &str)] = &[
    ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY"),
    ("GITHUB_TOKEN", "ghp_FakeGithubToken0123456789abcdefABCDEF"),
    ("NPM_TOKEN", "npm_FakeNpmToken0123456789abcdefABCDEFgh"),
    ("DEPLOY_SECRET", "deploy-secret-0123456789-not-a-gateway-key"),
];

/// `crlint ARGS` against the loopback gateway, with `env` set; the requests it made.
fn probe_run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (String, Vec<tls_server::RecordedRequest>) {
    let pki = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["gpt-5", "claude-sonnet-4-5"]))]);
    let mut cmd = crlint(dir);
    cmd.args(args).args(server.pin_args(&pki));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.code().is_some(), "crlint {args:?} was killed (timeout?)");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (text, server.requests())
}

fn authorizations(requests: &[tls_server::RecordedRequest]) -> Vec<String> {
    requests.iter().filter_map(|r| r.header("authorization").map(str::to_string)).collect()
}

/// A checkout names the variable the key is read from; crlint must not send a
/// CI secret to a third party on its say-so: `env_key = "AWS_SECRET_ACCESS_KEY"`,
/// `OPENAI_API_KEY=${GITHUB_TOKEN}`, `{env:NPM_TOKEN}`. Each such probe goes
/// without a key and says why; none of the values is printed. (`apiKeyHelper:
/// printenv DEPLOY_SECRET` is a command: `check --probe` never reads a key from
/// one, the doctor does, under the same rule: see the doctor's test.)
#[test]
fn a_variable_the_checkout_names_is_not_sent_unless_it_holds_a_gateway_key() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".codex/config.toml",
        "model_provider = \"cr\"\n[model_providers.cr]\nbase_url = \"https://api.crazyrouter.com/v1\"\nenv_key = \"AWS_SECRET_ACCESS_KEY\"\n",
    );
    write(
        dir.path(),
        "app/.env",
        "OPENAI_BASE_URL=https://cn.crazyrouter.com/v1\nOPENAI_API_KEY=${GITHUB_TOKEN}\n",
    );
    write(
        dir.path(),
        "web/opencode.json",
        "{\"provider\": {\"cr\": {\"npm\": \"@ai-sdk/openai-compatible\", \"options\": {\"baseURL\": \"https://api.crazyrouter.com/v1\", \"apiKey\": \"{env:NPM_TOKEN}\"}}}}\n",
    );
    write(
        dir.path(),
        "cli/.claude/settings.json",
        "{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://cn.crazyrouter.com\"}, \"apiKeyHelper\": \"printenv DEPLOY_SECRET\"}\n",
    );
    let (out, requests) = probe_run(dir.path(), &["check", ".", "--probe"], CI_SECRETS);
    assert!(!requests.is_empty(), "the probes ran (without a key): {out}");
    for (name, value) in CI_SECRETS {
        for auth in authorizations(&requests) {
            assert!(!auth.contains(value), "${name} was sent: {auth}");
        }
        assert!(!out.contains(value), "${name} was printed:\n{out}");
        if *name != "DEPLOY_SECRET" {
            assert!(
                out.contains(&format!("${name} holds no gateway key")),
                "the probe should say why ${name} is not sent:\n{out}"
            );
        }
    }
}

/// What may be sent: a gateway key from whatever variable the config names,
/// and any value of a variable the user chose with `--api-key-env`.
#[test]
fn a_gateway_key_or_the_users_own_variable_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a/.env",
        "OPENAI_BASE_URL=https://api.crazyrouter.com/v1\nOPENAI_API_KEY=${TEAM_CR_KEY}\n",
    );
    write(
        dir.path(),
        "b/.env",
        "OPENAI_BASE_URL=https://cn.crazyrouter.com/v1\nOPENAI_API_KEY=${GITHUB_TOKEN}\n",
    );
    let mut env = CI_SECRETS.to_vec();
    env.push(("TEAM_CR_KEY", KEY));
    let (out, requests) = probe_run(dir.path(), &["check", ".", "--probe"], &env);
    let sent = authorizations(&requests);
    assert!(sent.contains(&format!("Bearer {KEY}")), "{sent:?}\n{out}");
    assert!(!sent.iter().any(|a| a.contains("ghp_")), "{sent:?}");
    let (_, requests) =
        probe_run(dir.path(), &["check", ".", "--probe", "--api-key-env", "GITHUB_TOKEN"], &env);
    let sent = authorizations(&requests);
    assert!(sent.contains(&"Bearer ghp_FakeGithubToken0123456789abcdefABCDEF".to_string()), "{sent:?}");
}

/// `crlint doctor` follows the same rule: a user config naming a CI secret's
/// variable (Codex `env_key`, Claude Code `apiKeyHelper: printenv VAR`) probes
/// without it.
#[test]
fn doctor_does_not_send_a_variable_that_holds_no_gateway_key() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    write(
        &home,
        ".codex/config.toml",
        "model_provider = \"cr\"\nmodel = \"gpt-5\"\n[model_providers.cr]\nname = \"cr\"\nbase_url = \"https://api.crazyrouter.com/v1\"\nenv_key = \"AWS_SECRET_ACCESS_KEY\"\nwire_api = \"responses\"\n",
    );
    let mut env = CI_SECRETS.to_vec();
    let home_text = home.to_string_lossy().into_owned();
    env.push(("HOME", &home_text));
    let (out, requests) = probe_run(dir.path(), &["doctor", "--client", "codex"], &env);
    assert!(!requests.is_empty(), "{out}");
    assert!(authorizations(&requests).is_empty(), "{:?}", authorizations(&requests));
    assert!(out.contains("$AWS_SECRET_ACCESS_KEY holds no gateway key"), "{out}");
    assert!(!out.contains("wJalrXUtnFEMI"), "{out}");
    write(
        &home,
        ".claude/settings.json",
        "{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://api.crazyrouter.com\"}, \"apiKeyHelper\": \"printenv DEPLOY_SECRET\"}\n",
    );
    let (out, requests) = probe_run(dir.path(), &["doctor", "--client", "claude-code"], &env);
    assert!(!requests.is_empty(), "{out}");
    assert!(authorizations(&requests).iter().all(|a| !a.contains("deploy-secret")), "{out}");
    assert!(out.contains("$DEPLOY_SECRET holds no gateway key"), "{out}");
}

/// A base URL with user information (`evil.test@api.crazyrouter.com`, or the
/// gateway's name before the `@`) is never probed, with or without a key.
#[test]
fn no_request_goes_to_a_url_with_user_information() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".env",
        "OPENAI_BASE_URL=https://evil.test@api.crazyrouter.com/v1\nANTHROPIC_BASE_URL=https://api.crazyrouter.com%2f@evil.test\n",
    );
    let env = [("CRAZYROUTER_API_KEY", KEY)];
    let (out, requests) = probe_run(dir.path(), &["check", ".", "--probe"], &env);
    assert!(requests.is_empty(), "{out}");
    assert!(out.contains("user information"), "{out}");
    let (out, requests) =
        probe_run(dir.path(), &["probe", "--url", "https://user:pw@api.crazyrouter.com/v1"], &env);
    assert!(requests.is_empty(), "{out}");
    assert!(out.contains("refused") && out.contains("user information"), "{out}");
}

/// 300 configs whose URLs differ only in a query string ask one models URL
/// with one key: one probe. Distinct URLs beyond the cap are not probed, and
/// that is said.
#[test]
fn probes_are_deduplicated_by_models_url_and_key_and_capped() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        write(
            dir.path(),
            &format!("s{i}/.env"),
            format!("OPENAI_BASE_URL=https://api.crazyrouter.com/v1?tenant={i}\n"),
        );
    }
    let env = [("CRAZYROUTER_API_KEY", KEY)];
    let (out, requests) = probe_run(dir.path(), &["check", ".", "--probe"], &env);
    assert_eq!(requests.len(), 1, "{out}");
    assert!(out.contains("and 297 more"), "{out}");
    let many = tempfile::tempdir().unwrap();
    for i in 0..40 {
        write(
            many.path(),
            &format!("s{i}/.env"),
            format!("OPENAI_BASE_URL=https://api.crazyrouter.com/p{i}/v1\n"),
        );
    }
    let (out, requests) = probe_run(many.path(), &["check", ".", "--probe", "--timeout", "5"], &env);
    assert_eq!(requests.len(), 32, "{out}");
    assert!(out.contains("40 distinct gateway URLs and keys to probe; probing the first 32"), "{out}");
}
