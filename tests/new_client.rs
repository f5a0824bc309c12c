//! Adding a client is a data file and no Rust: a client the built-in rules do not
//! know, written as one `clients/<id>.toml` in a rules directory given with
//! `CRLINT_RULES_DIR`, works in `check` (and `--fix`), `setup` and `doctor`. The
//! same runs without the directory show that the behaviour comes from the file.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A made-up client ("Acme Agent"): an Anthropic-style base URL (ROOT) and a key
/// in `~/.acme/config.json` or a project's `.acme/config.json`; it expands `${VAR}`.
const ACME: &str = r#"
id = "acme"
name = "Acme Agent"
kind = "agent"
docs = "https://example.invalid/acme"
key_refs = ["dollar-brace"]

[[files]]
glob = "**/.acme/config.json"
format = "json"
scope = "project"

[[settings]]
path = "gateway.url"
role = "base-url"
shape = "root"
protocol = "anthropic"
mark = "U"
source = "a client made up for tests/new_client.rs"

[[settings]]
path = "gateway.key"
role = "api-key"
mark = "U"
source = "a client made up for tests/new_client.rs"

[[settings]]
path = "gateway.model"
role = "model"
mark = "U"
source = "a client made up for tests/new_client.rs"

[machine]
detect = ["~/.acme"]

[[machine.values]]
id = "base"
role = "base-url"
label = "gateway.url"
shape = "root"
protocol = "anthropic"
mark = "U"
source = "test"

[[machine.values]]
id = "key"
role = "key"
label = "gateway.key"
mark = "U"
source = "test"

[[machine.sources]]
label = "project config"
path = "{cwd}/.acme/config.json"
format = "json"
reads = "config"
mark = "U"
source = "test"

[[machine.sources]]
label = "user config"
path = "~/.acme/config.json"
format = "json"
reads = "config"
mark = "U"
source = "test"

[machine.reads]
config = [
  { value = "base", key = "gateway.url" },
  { value = "key", key = "gateway.key" },
]

[setup]
[setup.key]
syntax = "dollar-brace"
mark = "U"
source = "test"

[[setup.files]]
scope = "user"
path = "~/.acme/config.json"
format = "json"
mark = "U"
source = "test"
set = [
  { key = "gateway.url", value = "{base_root}", mark = "U", source = "test" },
  { key = "gateway.key", value = "{key_ref}", mark = "U", source = "test" },
]
"#;

struct Sandbox {
    _dir: tempfile::TempDir,
    rules: PathBuf,
    home: PathBuf,
    project: PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let rules = dir.path().join("rules");
        fs::create_dir_all(rules.join("clients")).unwrap();
        fs::write(rules.join("clients/acme.toml"), ACME).unwrap();
        let home = dir.path().join("home");
        let project = home.join("project");
        fs::create_dir_all(&project).unwrap();
        Sandbox { _dir: dir, rules, home, project }
    }

    /// crlint in the project, with HOME set and (with `rules`) the rules directory.
    fn crlint(&self, rules: bool, args: &[&str]) -> (String, i32) {
        let mut cmd = Command::cargo_bin("crlint").unwrap();
        cmd.env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default()).env("HOME", &self.home);
        if rules {
            cmd.env("CRLINT_RULES_DIR", &self.rules);
        }
        let out = cmd.current_dir(&self.project).args(args).output().unwrap();
        let text =
            format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        (text, out.status.code().unwrap_or(-1))
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.project.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

#[test]
fn check_and_fix_a_client_known_only_from_its_file() {
    let s = Sandbox::new();
    let config = s
        .write(".acme/config.json", "{\n  \"gateway\": { \"url\": \"https://api.crazyrouter.com/v1\" }\n}\n");
    let (out, code) = s.crlint(true, &["check", ".", "--output-format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("./.acme/config.json:2:24: CR102 [*] Acme Agent wants the bare root"), "{out}");
    // Without the rules directory the file is nobody's.
    let (out, code) = s.crlint(false, &["check", ".", "--output-format", "concise"]);
    assert_eq!((code, out.as_str()), (0, "Found 0 problems (0 files checked).\n"));
    let (out, code) = s.crlint(true, &["check", ".", "--fix"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(read(&config), "{\n  \"gateway\": { \"url\": \"https://api.crazyrouter.com\" }\n}\n");
}

#[test]
fn setup_then_doctor_a_client_known_only_from_its_file() {
    let s = Sandbox::new();
    let (out, code) = s.crlint(false, &["setup", "acme", "--offline"]);
    assert_eq!(code, 2, "an unknown client without the rules directory: {out}");
    let (out, code) = s.crlint(true, &["setup", "acme", "--offline"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Acme Agent (user scope), region intl (api.crazyrouter.com)"), "{out}");
    assert!(out.contains("lint: no findings in the files written"), "{out}");
    let written: serde_json::Value = serde_json::from_str(&read(&s.home.join(".acme/config.json"))).unwrap();
    assert_eq!(written["gateway"]["url"], "https://api.crazyrouter.com");
    assert_eq!(written["gateway"]["key"], "${CRAZYROUTER_API_KEY}");
    let (out, code) = s.crlint(true, &["doctor", "--offline", "--client", "acme"]);
    // Its values are clean; the key's variable is not set, so offline nothing says it works.
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Acme Agent (acme): not checked: key missing"), "{out}");
    assert!(
        out.contains(
            "gateway.url            https://api.crazyrouter.com  ~/.acme/config.json:3:13 (user config)"
        ),
        "{out}"
    );
    assert!(out.contains("${CRAZYROUTER_API_KEY} → CRAZYROUTER_API_KEY is not set"), "{out}");
    // A project value shadows the user's, and a wrong one is a finding.
    s.write(".acme/config.json", "{\"gateway\": {\"url\": \"https://crazyrouter.com\"}}\n");
    let (out, code) = s.crlint(true, &["doctor", "--offline", "--client", "acme"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("CR201"), "{out}");
    assert!(out.contains("shadowed"), "{out}");
}
