//! `crlint setup` and `crlint doctor` as a user runs them: the real binary, a
//! temporary HOME with the project directory inside it, an environment cleared of
//! the developer's own variables, and the gateway hosts pinned to a loopback TLS
//! server (`--resolve` + `--ca-file`). No other address is ever contacted.

mod support;
#[path = "support/tls_server.rs"]
mod tls_server;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tls_server::{Reply, TestPki, TlsServer};

/// Matches the gateway's key format, so that any leak would be a real one.
const KEY: &str = "sk-DoctorSetupTestKey0000000000000000000000000wxyz";

const CLIENTS: &[&str] = &[
    "claude-code",
    "codex",
    "gemini-cli",
    "qwen-code",
    "opencode",
    "crush",
    "continue",
    "zed",
    "aider",
    "goose",
    "env",
    "openclaw",
    "pi",
    "hermes",
    "droid",
];

struct Sandbox {
    _dir: tempfile::TempDir,
    home: PathBuf,
    project: PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        let project = home.join("project");
        fs::create_dir_all(&project).unwrap();
        Sandbox { _dir: dir, home, project }
    }

    /// Runs crlint in the project directory with HOME and only the given variables
    /// (plus PATH); asserts that the key is printed nowhere.
    fn crlint(&self, args: &[&str], env: &[(&str, &str)]) -> (String, i32) {
        let mut cmd = Command::cargo_bin("crlint").unwrap();
        cmd.env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default()).env("HOME", &self.home);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.current_dir(&self.project).args(args).output().unwrap();
        let (stdout, stderr) =
            (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
        assert!(!stdout.contains(KEY) && !stderr.contains(KEY), "the key was printed:\n{stdout}\n{stderr}");
        (format!("{stdout}{stderr}"), out.status.code().unwrap())
    }

    fn files(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![self.home.clone()];
        while let Some(dir) = stack.pop() {
            for e in fs::read_dir(&dir).unwrap().flatten() {
                if e.file_type().unwrap().is_dir() {
                    stack.push(e.path());
                } else {
                    out.push(e.path());
                }
            }
        }
        out.sort();
        out
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.home.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// The variables each client needs to find its key: the gateway key in
/// CRAZYROUTER_API_KEY, and the client's own fixed variable where it has one.
fn key_env(client: &str) -> Vec<(&'static str, &'static str)> {
    let mut env = vec![("CRAZYROUTER_API_KEY", KEY)];
    match client {
        "gemini-cli" => env.push(("GEMINI_API_KEY", KEY)),
        "aider" | "goose" => env.push(("OPENAI_API_KEY", KEY)),
        _ => {}
    }
    env
}

fn args<'a>(fixed: &[&'a str], more: &'a [String]) -> Vec<&'a str> {
    fixed.iter().copied().chain(more.iter().map(String::as_str)).collect()
}

/// Latencies vary from run to run.
fn stable(text: &str) -> String {
    regex::Regex::new(r"\(\d+ ms\)").unwrap().replace_all(text, "(N ms)").into_owned()
}

/// Setup on an empty home, a probe against the loopback gateway, then doctor says ok.
fn setup_then_doctor_is_ok(client: &str) {
    let sandbox = Sandbox::new();
    let pki = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["gpt-5", "claude-sonnet-4-5"]))]);
    let pin = server.pin_args(&pki);
    let env = key_env(client);
    let (out, code) =
        sandbox.crlint(&args(&["setup", client, "--model", "gpt-5", "--region", "intl"], &pin), &env);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("({client}): ok")), "{out}");
    assert!(!sandbox.files().is_empty(), "{out}");

    let (out, code) = sandbox.crlint(&args(&["doctor", "--client", client], &pin), &env);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("({client}): ok")), "{out}");
    assert!(out.contains("  probe ") && out.contains("/v1/models  ok: "), "{out}");
    let sent: Vec<String> =
        server.requests().iter().filter_map(|r| r.header("authorization").map(str::to_string)).collect();
    assert!(!sent.is_empty() && sent.iter().all(|a| a == &format!("Bearer {KEY}")), "{sent:?}");

    // The files written pass the lint; the one file that holds a key (Continue's
    // secrets) is owner-only, and its CR501 is the only finding.
    for file in sandbox.files() {
        let (out, _) = sandbox.crlint(&["check", "--output-format", "concise", file.to_str().unwrap()], &[]);
        let findings: Vec<&str> = out.lines().filter(|l| l.contains(": CR")).collect();
        if file.ends_with(".continue/.env") {
            assert!(findings.iter().all(|l| l.contains("CR501")), "{out}");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
            }
        } else {
            assert!(findings.is_empty(), "{}: {out}", file.display());
            assert!(!fs::read_to_string(&file).unwrap().contains(KEY), "{}", file.display());
        }
    }
}

macro_rules! setup_then_doctor {
    ($($name:ident => $client:literal),* $(,)?) => {$(
        #[test]
        fn $name() {
            setup_then_doctor_is_ok($client);
        }
    )*};
}

setup_then_doctor! {
    setup_then_doctor_claude_code => "claude-code",
    setup_then_doctor_codex => "codex",
    setup_then_doctor_gemini_cli => "gemini-cli",
    setup_then_doctor_qwen_code => "qwen-code",
    setup_then_doctor_opencode => "opencode",
    setup_then_doctor_crush => "crush",
    setup_then_doctor_continue => "continue",
    setup_then_doctor_zed => "zed",
    setup_then_doctor_aider => "aider",
    setup_then_doctor_goose => "goose",
    setup_then_doctor_env => "env",
    setup_then_doctor_openclaw => "openclaw",
    setup_then_doctor_pi => "pi",
    setup_then_doctor_hermes => "hermes",
    setup_then_doctor_droid => "droid",
}

/// An existing config of each client, with comments and keys of its own (and,
/// where it has one, an old gateway value to be replaced).
const EXISTING: &[(&str, &str, &str)] = &[
    (
        "claude-code",
        ".claude/settings.json",
        "{\n  // my own settings\n  \"theme\": \"dark\",\n  \"env\": {\n    \"FOO\": \"bar\", // keep me\n    \"ANTHROPIC_BASE_URL\": \"https://crazyrouter.com/v1\"\n  },\n  \"permissions\": {\"allow\": [\"Bash(ls)\"]}\n}\n",
    ),
    (
        "codex",
        ".codex/config.toml",
        "# my codex config\nmodel = \"o3\" # old model\napproval_policy = \"on-request\"\n\n[tui]\nnotifications = true\n\n[model_providers.local]\nname = \"Local\"\nbase_url = \"http://localhost:8080/v1\"\n",
    ),
    ("gemini-cli", ".gemini/.env", "# my env\nOTHER=1\nGOOGLE_GEMINI_BASE_URL='https://api.crazyrouter.com/v1beta' # old\n"),
    ("gemini-cli", ".gemini/settings.json", "{\n  \"ui\": {\"theme\": \"GitHub\"} // keep\n}\n"),
    (
        "qwen-code",
        ".qwen/settings.json",
        "{\n  // providers\n  \"modelProviders\": {\n    \"openai\": [\n      {\"id\": \"qwen3-coder-plus\", \"baseUrl\": \"https://dashscope.aliyuncs.com/compatible-mode/v1\", \"envKey\": \"DASHSCOPE_API_KEY\"}\n    ]\n  },\n  \"general\": {\"vimMode\": true}\n}\n",
    ),
    (
        "opencode",
        ".config/opencode/opencode.json",
        "{\n  \"$schema\": \"https://opencode.ai/config.json\",\n  // another provider\n  \"provider\": {\n    \"ollama\": {\"npm\": \"@ai-sdk/openai-compatible\", \"options\": {\"baseURL\": \"http://localhost:11434/v1\"}}\n  },\n  \"theme\": \"tokyonight\"\n}\n",
    ),
    (
        "crush",
        ".config/crush/crush.json",
        "{\n  \"options\": {\"debug\": true},\n  \"providers\": {\n    \"deepseek\": {\"type\": \"openai-compat\", \"base_url\": \"https://api.deepseek.com/v1\", \"api_key\": \"$DEEPSEEK_API_KEY\"}\n  }\n}\n",
    ),
    (
        "continue",
        ".continue/config.yaml",
        "# Continue\nname: My config\nversion: 0.0.1\nschema: v1\nmodels:\n  - name: Local\n    provider: ollama # local\n    model: qwen2.5-coder\n\nrules:\n  - Be brief\n",
    ),
    (
        "zed",
        ".config/zed/settings.json",
        "// Zed settings\n{\n  \"theme\": \"One Dark\",\n  \"language_models\": {\n    \"anthropic\": {\"version\": \"1\"}\n  },\n  \"vim_mode\": true\n}\n",
    ),
    ("aider", ".aider.conf.yml", "# aider\ndark-mode: true\nmodel: gpt-4o # old\nauto-commits: false\n"),
    (
        "goose",
        ".config/goose/config.yaml",
        "# goose\nGOOSE_PROVIDER: anthropic\nextensions:\n  developer:\n    enabled: true\n    type: builtin\n",
    ),
    ("env", "project/.env", "# project settings\nDEBUG=1\nOPENAI_BASE_URL=https://crazyrouter.com/v1\n"),
    (
        "openclaw",
        ".openclaw/openclaw.json",
        "// OpenClaw, JSON5\n{\n  gateway: { port: 18789 },\n  models: {\n    providers: {\n      ollama: { baseUrl: 'http://127.0.0.1:11434/v1', api: 'openai-completions', models: [{ id: 'qwen3' }] }, // local\n    },\n  },\n}\n",
    ),
    (
        "pi",
        ".pi/agent/models.json",
        "{\n  \"providers\": {\n    \"ollama\": {\"baseUrl\": \"http://localhost:11434/v1\", \"api\": \"openai-completions\", \"apiKey\": \"ollama\", \"models\": [{\"id\": \"qwen3\"}]}\n  }\n}\n",
    ),
    (
        "hermes",
        ".hermes/config.yaml",
        "# Hermes\nmodel:\n  default: anthropic/claude-sonnet-4 # old\n  provider: openrouter\ntoolsets:\n  - hermes-cli\ncustom_providers:\n  - name: local\n    base_url: http://localhost:8080/v1\n",
    ),
    (
        "droid",
        ".factory/settings.json",
        "{\n  \"model\": \"claude-sonnet-4-5\",\n  \"customModels\": [\n    {\"model\": \"llama3\", \"displayName\": \"Local\", \"baseUrl\": \"http://localhost:11434/v1\", \"apiKey\": \"x\", \"provider\": \"generic-chat-completion-api\"}\n  ]\n}\n",
    ),
];

#[test]
fn setup_keeps_comments_and_unrelated_keys() {
    for client in CLIENTS {
        let sandbox = Sandbox::new();
        let mine: Vec<_> = EXISTING.iter().filter(|(c, ..)| c == client).collect();
        for (_, rel, text) in &mine {
            sandbox.write(rel, text);
        }
        let (out, code) =
            sandbox.crlint(&["setup", client, "--model", "gpt-5", "--offline"], &key_env(client));
        assert_eq!(code, 0, "{client}: {out}");
        let mut snapshot = String::new();
        for file in sandbox.files().iter().filter(|f| !f.to_string_lossy().ends_with(".crlint-bak")) {
            let rel = file.strip_prefix(&sandbox.home).unwrap().to_string_lossy().replace('\\', "/");
            let text = fs::read_to_string(file).unwrap().replace(KEY, "<KEY>");
            snapshot.push_str(&format!("== ~/{rel}\n{text}"));
        }
        insta::assert_snapshot!(format!("existing__{client}"), snapshot);
        // Each pre-existing file outside git got a backup of what it held.
        for (_, rel, text) in &mine {
            let backup = sandbox.home.join(format!("{rel}.crlint-bak"));
            assert_eq!(fs::read_to_string(&backup).unwrap(), *text, "{client}: {rel}");
        }
    }
}

#[test]
fn setup_twice_changes_nothing() {
    for client in CLIENTS {
        let sandbox = Sandbox::new();
        for (_, rel, text) in EXISTING.iter().filter(|(c, ..)| c == client) {
            sandbox.write(rel, text);
        }
        let run = || sandbox.crlint(&["setup", client, "--model", "gpt-5", "--offline"], &key_env(client));
        assert_eq!(run().1, 0);
        let snapshot =
            |files: &[PathBuf]| files.iter().map(|f| (f.clone(), fs::read(f).unwrap())).collect::<Vec<_>>();
        let first = snapshot(&sandbox.files());
        let (out, code) = run();
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("Already set up: nothing to change."), "{client}: {out}");
        assert_eq!(snapshot(&sandbox.files()), first, "{client}");
    }
}

#[test]
fn dry_run_writes_nothing_and_shows_the_diff() {
    for client in CLIENTS {
        let sandbox = Sandbox::new();
        let (out, code) =
            sandbox.crlint(&["setup", client, "--model", "gpt-5", "--dry-run"], &key_env(client));
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("+++ ") && out.contains("Dry run: nothing was written."), "{client}: {out}");
        assert!(sandbox.files().is_empty(), "{client}: {:?}", sandbox.files());
    }
}

#[test]
fn a_shell_export_shadowed_by_settings_is_reported() {
    let sandbox = Sandbox::new();
    let pki = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["claude-sonnet-4-5"]))]);
    let pin = server.pin_args(&pki);
    sandbox.write(".bashrc", "# shell\nexport ANTHROPIC_BASE_URL=https://api.crazyrouter.com/v1\n");
    let env = key_env("claude-code");
    assert_eq!(sandbox.crlint(&["setup", "claude-code", "--offline"], &env).1, 0);
    let (out, code) = sandbox.crlint(&args(&["doctor"], &pin), &env);
    // Claude Code's settings win and it is ok; the SDKs would take the export: a finding.
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("doctor_shadowed_export", stable(&out));

    let (json, _) = sandbox.crlint(&args(&["doctor", "--output-format", "json"], &pin), &env);
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    let claude = &parsed["clients"][0];
    assert_eq!(claude["id"], "claude-code");
    assert_eq!(claude["status"], "ok");
    let base = &claude["values"][0];
    assert_eq!(base["winner"]["from"], "~/.claude/settings.json:3:28");
    assert_eq!(base["shadowed"][0]["from"], "~/.bashrc:2:27");
    assert_eq!(base["shadowed"][0]["findings"][0]["code"], "CR102");
}

#[test]
fn without_a_terminal_setup_never_prompts() {
    let sandbox = Sandbox::new();
    let (out, code) = sandbox.crlint(&["setup"], &[]);
    assert_eq!(code, 2);
    assert!(out.contains("name a client"), "{out}");
    assert!(sandbox.files().is_empty());
}

#[test]
fn project_scope_writes_no_key_and_doctor_follows_precedence() {
    let sandbox = Sandbox::new();
    let env = key_env("claude-code");
    assert_eq!(sandbox.crlint(&["setup", "claude-code", "--region", "east-asia", "--offline"], &env).1, 0);
    let (out, code) = sandbox
        .crlint(&["setup", "claude-code", "--scope", "project", "--region", "intl", "--offline"], &env);
    assert_eq!(code, 0, "{out}");
    let project = fs::read_to_string(sandbox.project.join(".claude/settings.json")).unwrap();
    assert!(project.contains("https://api.crazyrouter.com") && !project.contains("sk-"), "{project}");
    // The project's settings beat the user's: the user's east-asia value is shadowed.
    let (out, _) = sandbox.crlint(&["doctor", "--offline", "--client", "claude-code"], &env);
    let base_lines: Vec<&str> = out.lines().filter(|l| l.contains("crazyrouter.com ")).collect();
    assert!(
        base_lines[0].contains("https://api.crazyrouter.com")
            && base_lines[0].contains(".claude/settings.json:3:28"),
        "{out}"
    );
    assert!(
        base_lines[1].contains("shadowed") && base_lines[1].contains("https://cn.crazyrouter.com"),
        "{out}"
    );
}

#[test]
fn gemini_takes_the_environment_over_its_env_file() {
    let sandbox = Sandbox::new();
    assert_eq!(sandbox.crlint(&["setup", "gemini-cli", "--offline"], &key_env("gemini-cli")).1, 0);
    let mut env = key_env("gemini-cli");
    env.push(("GOOGLE_GEMINI_BASE_URL", "https://api.crazyrouter.com/v1beta"));
    let (out, code) = sandbox.crlint(&["doctor", "--offline", "--client", "gemini-cli"], &env);
    assert_eq!(code, 1, "{out}");
    let first = out.lines().find(|l| l.starts_with("  GOOGLE_GEMINI_BASE_URL")).unwrap();
    assert!(first.contains("/v1beta") && first.contains("environment $GOOGLE_GEMINI_BASE_URL"), "{out}");
    assert!(out.contains("CR102"), "{out}");
    assert!(out.contains("shadowed") && out.contains("~/.gemini/.env:1:24"), "{out}");
}

fn read_dotenv(path: &Path) -> Vec<(String, String)> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

mod real_clients {
    //! The `.env` that `crlint setup env` writes, read as python-dotenv reads it
    //! (`${VAR}` expanded from the environment), makes the real Python SDKs call
    //! the documented routes with the key from the variable.

    use super::support::pyenv::{Run, DUMMY_KEY};
    use super::*;

    #[test]
    fn the_env_target_passes_the_real_clients() {
        let sandbox = Sandbox::new();
        let env = [("CRAZYROUTER_API_KEY", DUMMY_KEY)];
        let (out, code) = sandbox.crlint(&["setup", "env", "--offline"], &env);
        assert_eq!(code, 0, "{out}");
        let values = read_dotenv(&sandbox.project.join(".env"));
        let expand = |v: &str| v.replace("${CRAZYROUTER_API_KEY}", DUMMY_KEY);
        let to_recorder = |url: &str| {
            let rest = url.split_once("://").unwrap().1;
            format!("{{base}}{}", rest.find('/').map_or("", |i| &rest[i..]))
        };
        let cases = [
            ("openai_chat", "OPENAI_BASE_URL", "POST /v1/chat/completions", vec![]),
            ("anthropic_messages", "ANTHROPIC_BASE_URL", "POST /v1/messages", vec![]),
            (
                "google_genai",
                "GOOGLE_GEMINI_BASE_URL",
                "POST /v1beta/models/gemini-2.5-flash:generateContent",
                vec![("GOOGLE_GENAI_API_VERSION", "v1beta")],
            ),
        ];
        for (client, base_var, route, extra) in cases {
            let mut run = Run::new(client).arg("--from-env");
            for (name, value) in &values {
                let value = if name == base_var { to_recorder(value) } else { expand(value) };
                if name.ends_with("_KEY") || name == base_var {
                    run = run.env(name, &value);
                }
            }
            for (k, v) in extra {
                run = run.env(k, v);
            }
            // Not in the .env (Gemini CLI would read `${VAR}` there literally, CR503):
            // exported, as setup's note says.
            if client == "google_genai" {
                run = run.env("GEMINI_API_KEY", DUMMY_KEY);
            }
            let outcome = run.go();
            let first = outcome.requests.first().map(|r| r.line()).unwrap_or_default();
            assert_eq!(first.split('?').next().unwrap(), route, "{client}: {:?}", outcome.report);
            assert_eq!(outcome.requests[0].auth_value().as_deref(), Some(DUMMY_KEY), "{client}");
        }
    }
}

/// At a terminal (a pseudo-terminal from util-linux `script`), `crlint setup`
/// without a client offers the clients found first, then the region; Enter twice
/// takes the first of each.
#[cfg(unix)]
#[test]
fn at_a_terminal_setup_offers_the_clients_found() {
    support::tools::require("script", "bsdutils");
    let sandbox = Sandbox::new();
    fs::create_dir_all(sandbox.home.join(".codex")).unwrap();
    let crlint = assert_cmd::cargo::cargo_bin("crlint");
    let inner = format!(
        "env -i PATH=/usr/bin:/bin HOME='{}' TERM=xterm '{}' setup --offline",
        sandbox.home.display(),
        crlint.display()
    );
    let shell = format!(
        "(sleep 1; printf '\\r'; sleep 1; printf '\\r'; sleep 1) | script -qec \"{inner}\" /dev/null"
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&shell)
        .current_dir(&sandbox.project)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("OpenAI Codex CLI (codex)  (found on this machine)"), "{text}");
    assert!(text.contains("Which gateway region?"), "{text}");
    let written = fs::read_to_string(sandbox.home.join(".codex/config.toml")).unwrap();
    assert!(written.contains("base_url = \"https://api.crazyrouter.com/v1\""), "{written}");
}

/// `doctor --help` promises the `CRAZYROUTER_API_KEY` default for a client whose
/// config names no key: the probe then sends it (it sent nothing before).
#[test]
fn doctor_probes_with_the_default_key_variable_when_the_config_names_none() {
    let sandbox = Sandbox::new();
    sandbox.write(
        ".claude/settings.json",
        "{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://api.crazyrouter.com\"}}\n",
    );
    let pki = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["claude-sonnet-4-5"]))]);
    let pin = server.pin_args(&pki);
    let (out, code) =
        sandbox.crlint(&args(&["doctor", "--client", "claude-code"], &pin), &[("CRAZYROUTER_API_KEY", KEY)]);
    assert_eq!(code, 0, "{out}");
    let sent: Vec<String> =
        server.requests().iter().filter_map(|r| r.header("authorization").map(str::to_string)).collect();
    assert_eq!(sent, vec![format!("Bearer {KEY}")], "{out}");
}

/// Cline CLI runs what settings/providers.json's `lastUsedProvider` names; the
/// legacy globalState.json (only copied from on the first start) comes after it.
#[test]
fn doctor_follows_clines_last_used_provider() {
    let sandbox = Sandbox::new();
    sandbox.write(
        ".cline/data/settings/providers.json",
        r#"{"version": 1, "lastUsedProvider": "anthropic", "providers": {
  "gemini": {"settings": {"provider": "gemini", "baseUrl": "https://api.crazyrouter.com/v1"}},
  "anthropic": {"settings": {"provider": "anthropic", "model": "claude-sonnet-4-5", "baseUrl": "https://api.crazyrouter.com"}}
}}"#,
    );
    sandbox
        .write(".cline/data/globalState.json", r#"{"anthropicBaseUrl": "https://api.crazyrouter.com/v1"}"#);
    let (out, code) = sandbox.crlint(&["doctor", "--client", "cline", "--offline"], &[]);
    assert_eq!(code, 1, "{out}");
    let base = out.lines().find(|l| l.trim_start().starts_with("baseUrl")).unwrap_or_default();
    assert!(base.contains("https://api.crazyrouter.com ") && base.contains("providers.json"), "{out}");
    assert!(out.contains("CR103 error: Cline CLI wants exactly one /v1"), "{out}");
    assert!(out.contains("shadowed") && out.contains("globalState.json"), "{out}");
}

/// Kimi CLI's OpenAI providers take OPENAI_BASE_URL from the environment over config.toml.
#[test]
fn doctor_shows_kimis_environment_winning_over_its_config() {
    let sandbox = Sandbox::new();
    sandbox.write(
        ".kimi/config.toml",
        "[providers.crazy]\ntype = \"openai_legacy\"\nbase_url = \"https://api.crazyrouter.com/v1\"\n",
    );
    // With a key to send (without one, --offline says "not checked: key missing", exit 1).
    let env = [("OPENAI_BASE_URL", "https://cn.crazyrouter.com/v1"), ("CRAZYROUTER_API_KEY", KEY)];
    let (out, code) = sandbox.crlint(&["doctor", "--client", "kimi", "--offline"], &env);
    assert_eq!(code, 0, "{out}");
    let base =
        out.lines().find(|l| l.trim_start().starts_with("providers.<name>.base_url")).unwrap_or_default();
    assert!(base.contains("https://cn.crazyrouter.com/v1") && base.contains("$OPENAI_BASE_URL"), "{out}");
    assert!(
        out.contains("shadowed (differs)   https://api.crazyrouter.com/v1  ~/.kimi/config.toml"),
        "{out}"
    );
}
