//! Hostile output: what a pull request can put in file names and contents to
//! break crlint's output, and where that output goes. Each case runs the real
//! binary with a deadline (a hang or a quadratic blow-up misses it: the
//! process is killed and the test fails) and asserts, in every output format
//! and mode it concerns:
//!
//! - no panic, and a finding or parse error at any column or line renders
//!   (miette panicked past column 65,535);
//! - the output is bounded by the number of findings (long lines and long
//!   values cut with `…`), not by findings × line length;
//! - a closed pipe ends the output quietly, with the exit code unchanged;
//! - no byte a terminal acts on (ESC, BEL, C1, bidirectional overrides, a lone
//!   CR) and no line a GitHub runner reads as a workflow command, in any
//!   format, stderr included, except the `::error`/`::warning`/`::notice`
//!   lines crlint builds in `github`;
//! - `json` and `sarif` stay one valid document, and `--statistics` with
//!   `sarif` is refused, not mixed in;
//! - generated trees (a fixed-seed generator) of file names and contents with
//!   control characters, line breaks, runner commands and keys in escaped
//!   forms: all of the above, and no key.
//!
//! Probes go to a closed loopback proxy; nothing leaves the machine.

#![cfg(unix)]

use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Generous for a debug build on a loaded two-core machine; the cost cases
/// take seconds when linear and minutes when not.
const LIMIT: Duration = Duration::from_secs(90);

/// A key in the gateway's format, obviously fake.
const KEY: &str = "sk-FAKEfake0123456789FAKEfake0123456789FAKEfake0123";

struct Run {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    code: i32,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    fn err(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_crlint"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("HOME", dir.join("home"))
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("https_proxy", "http://127.0.0.1:9")
        .env("ALL_PROXY", "http://127.0.0.1:9")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env_remove("CRAZYROUTER_API_KEY")
        .env_remove("XDG_CONFIG_HOME")
        // Named by a hostile tree's `.env`: not a gateway key, so the probe notes why it sends none.
        .env("GITHUB_TOKEN", "ghp_FakeGithubToken0123456789abcdefABCDEF")
        .stdin(Stdio::null());
    cmd
}

/// Waits for `child`, killing it (and failing) if it outlives `limit`.
fn wait(
    mut child: std::process::Child,
    what: &str,
    limit: Duration,
) -> (std::process::ExitStatus, Vec<u8>, Vec<u8>) {
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("crlint {what} still running after {limit:?}: a hang or a blow-up");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    (status, stdout.join().unwrap(), stderr.join().unwrap())
}

/// Runs crlint in `dir` with a deadline; fails on a panic or a signal.
fn crlint(dir: &Path, args: &[&str]) -> Run {
    let child = command(dir, args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let (status, stdout, stderr) = wait(child, &format!("{args:?}"), LIMIT);
    let run = Run { stdout, stderr, code: status.code().unwrap_or(-1) };
    assert!(!run.err().contains("panicked"), "crlint {args:?} panicked:\n{}", run.err());
    assert_ne!(run.code, -1, "crlint {args:?} was killed by a signal ({status:?}):\n{}", run.err());
    run
}

fn write(dir: &Path, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

// ---------------------------------------------------------------------------
// What every output must hold.

/// The workflow commands a GitHub runner knows (`Runner.Worker`'s command
/// extensions and `stop-commands`).
const RUNNER_COMMANDS: &[&str] = &[
    "add-mask",
    "add-matcher",
    "add-path",
    "debug",
    "echo",
    "endgroup",
    "error",
    "group",
    "notice",
    "remove-matcher",
    "save-state",
    "set-env",
    "set-output",
    "stop-commands",
    "warning",
];

/// The command a GitHub runner reads in `line`, as `actions/runner`'s
/// `ActionCommand` does (src/Runner.Common/ActionCommand.cs): `TryParseV2`,
/// `::name …::data` after leading blanks; else the legacy `TryParse`, `##[name …]data`
/// anywhere in the line.
fn runner_command(line: &str) -> Option<String> {
    let known = |info: &str| {
        let name = info.split(' ').next().unwrap_or("");
        RUNNER_COMMANDS.iter().any(|c| c.eq_ignore_ascii_case(name)).then(|| name.to_ascii_lowercase())
    };
    if let Some(rest) = line.trim_start().strip_prefix("::") {
        if let Some(end) = rest.find("::") {
            if let Some(name) = known(&rest[..end]) {
                return Some(format!("::{name}"));
            }
        }
    }
    let mut from = 0;
    while let Some(i) = line[from..].find("##[") {
        let rest = &line[from + i + 3..];
        if let Some(end) = rest.find(']') {
            if let Some(name) = known(&rest[..end]) {
                return Some(format!("##[{name}]"));
            }
        }
        from += i + 3;
    }
    None
}

/// Lines as the runner reads them: `\n`, `\r\n` and a lone `\r` end a line.
fn runner_lines(text: &str) -> Vec<&str> {
    text.split('\n').flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r')).collect()
}

/// A character a terminal acts on or that hides or reorders text.
fn is_active(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}')
}

/// No control sequence, no lone CR (a CR only before an LF), no runner command.
fn assert_inert(what: &str, text: &str) {
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| is_active(c)) {
        panic!("{what}: {c:?} at byte {i}:\n{}", context(text, i));
    }
    if let Some(i) =
        text.match_indices('\r').map(|(i, _)| i).find(|&i| text.as_bytes().get(i + 1) != Some(&b'\n'))
    {
        panic!("{what}: a lone CR at byte {i}:\n{}", context(text, i));
    }
    for line in runner_lines(text) {
        assert!(runner_command(line).is_none(), "{what}: the runner reads a command in {line:?}");
    }
}

/// In `github` format: every line a command crlint built, or inert.
fn assert_github(what: &str, text: &str) {
    for line in runner_lines(text) {
        if let Some(command) = runner_command(line) {
            let ours = ["::error", "::warning", "::notice"].contains(&command.as_str())
                && ["::error ", "::warning ", "::notice "].iter().any(|p| line.starts_with(p));
            assert!(ours, "{what}: a line that is no annotation of crlint's reads as {command}: {line:?}");
        }
    }
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| is_active(c) || c == '\r') {
        panic!("{what}: {c:?} at byte {i}:\n{}", context(text, i));
    }
}

fn context(text: &str, i: usize) -> String {
    let mut a = i.saturating_sub(120);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (i + 120).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!("{:?}", &text[a..b])
}

/// Any 8 characters of the key after its first five are a leak (the mask shows 5 + 4).
fn assert_no_key(what: &str, text: &str) {
    let leak = (5..KEY.len() - 8).map(|i| &KEY[i..i + 8]).find(|piece| text.contains(piece));
    assert!(
        leak.is_none(),
        "{what}: the key ({leak:?}…) is in the output:\n{}",
        context(text, text.find(leak.unwrap()).unwrap())
    );
}

/// The check modes: each output format, statistics, the diff and the fixes shown.
fn mode_args(mode: &str) -> Vec<&str> {
    match mode {
        "text" | "concise" | "json" | "sarif" | "github" => vec!["--output-format", mode],
        "statistics" => vec!["--statistics"],
        "statistics-json" => vec!["--statistics", "--output-format", "json"],
        "statistics-github" => vec!["--statistics", "--output-format", "github"],
        "diff" => vec!["--diff"],
        "show-fixes" => vec!["--fix", "--show-fixes", "--no-backup"],
        "show-fixes-github" => vec!["--fix", "--show-fixes", "--no-backup", "--output-format", "github"],
        "probe-github" => vec!["--probe", "--timeout", "1", "--output-format", "github"],
        "probe-text" => vec!["--probe", "--timeout", "1", "--output-format", "concise"],
        other => panic!("no mode {other}"),
    }
}

/// Runs `check .` in a fresh tree built by `build` (a mode with `--fix` writes it).
fn check_mode(build: impl Fn(&Path), mode: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let mut args = vec!["check", "."];
    args.extend(mode_args(mode));
    crlint(dir.path(), &args)
}

/// Every invariant of a mode's output: documents parse, lines are inert (or
/// crlint's annotations in `github`), stderr is inert, no key.
fn assert_output_safe(mode: &str, run: &Run) {
    let (out, err) = (run.out(), run.err());
    match mode {
        "json" | "statistics-json" | "sarif" => {
            serde_json::from_str::<serde_json::Value>(&out).unwrap_or_else(|e| {
                panic!("{mode}: stdout is not one JSON document ({e}):\n{}", context(&out, 0))
            });
            assert_inert(mode, &out);
        }
        m if m.ends_with("github") || m == "github" => assert_github(mode, &out),
        _ => assert_inert(mode, &out),
    }
    assert_inert(&format!("{mode} (stderr)"), &err);
    assert_no_key(mode, &out);
    assert_no_key(&format!("{mode} (stderr)"), &err);
}

// ---------------------------------------------------------------------------
// 1. Any position, any size: no panic.

/// Findings and a parse error past column 65,535 and past line 200,000.
fn huge_positions(dir: &Path) {
    let pad = "x".repeat(70_000);
    write(
        dir,
        ".claude/settings.json",
        format!("{{\"a\":\"{pad}\",\"env\":{{\"ANTHROPIC_BASE_URL\":\"http://crazyrouter.com/v1\"}}}}"),
    );
    write(dir, "broken/.claude/settings.json", format!("{{\"a\":\"{pad}\" \"env\": {{}}}}\n"));
    // Empty lines in a file read for URLs (a `.env` of 200,000 lines is refused by the values budget).
    write(dir, "tall/app.js", format!("{}var t=\"http://crazyrouter.com/v1\";\n", "\n".repeat(200_000)));
    write(
        dir,
        "minified/app.js",
        format!("var a=\"{}\";var u=\"http://crazyrouter.com/v1\";\n", "y".repeat(300_000)),
    );
}

fn huge_positions_case(mode: &str) {
    let run = check_mode(huge_positions, mode);
    assert_eq!(run.code, 1, "{mode}: {}", run.err());
    let out = run.out() + &run.err();
    let col = 70_000 + "{\"a\":\"\",\"env\":{\"ANTHROPIC_BASE_URL\":\"".len() + 1;
    let js_col = 300_000 + "var a=\"\";var u=\"".len() + 1;
    match mode {
        "text" | "concise" | "json" | "sarif" | "github" => {
            for want in [col.to_string(), js_col.to_string(), "200001".to_string()] {
                assert!(out.contains(&want), "{mode}: no {want} in the output:\n{}", context(&out, 0));
            }
            assert!(out.contains("CR901"), "{mode}: the parse error is reported");
        }
        "diff" => assert!(out.contains("+var t=\"https://api.crazyrouter.com"), "{mode}: {out}"),
        "show-fixes" => {
            assert!(out.contains(&format!("Fixed ./.claude/settings.json:1:{col}")), "{mode}: {out}")
        }
        _ => assert!(out.contains("CR201") && out.contains("CR901"), "{mode}: {out}"),
    }
    assert_output_safe(mode, &run);
}

macro_rules! cases {
    ($runner:ident: $($name:ident => $mode:expr),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                $runner($mode);
            }
        )*
    };
}

mod huge_positions {
    use super::*;
    cases!(huge_positions_case:
        text => "text", concise => "concise", json => "json", sarif => "sarif", github => "github",
        statistics => "statistics", statistics_json => "statistics-json", statistics_github => "statistics-github",
        diff => "diff", show_fixes => "show-fixes",
    );
}

// ---------------------------------------------------------------------------
// 2. Output bounded by the number of findings.

const WIDE_FINDINGS: usize = 20_000;

/// 20,000 findings on one 1 MB line (a minified bundle).
fn wide_line(dir: &Path) {
    let items: Vec<String> = (0..WIDE_FINDINGS)
        .map(|i| format!("\"http://crazyrouter.com/v1/item-{i:05}-padding-pad\""))
        .collect();
    write(dir, "dist/app.js", format!("const a=[{}];\n", items.join(",")));
}

/// Bytes each finding may take in the output (the text format's excerpt and
/// help are the widest; a whole line per finding would be a megabyte).
fn per_finding_bound(mode: &str) -> usize {
    match mode {
        "text" => 1_500,
        "sarif" => 2_000,
        "json" => 1_000,
        // What remains (the text format) and a `Fixed …` line each.
        "show-fixes" => 2_000,
        _ => 400,
    }
}

fn wide_line_case(mode: &str) {
    let run = check_mode(wide_line, mode);
    assert_eq!(run.code, 1, "{mode}: {}", run.err());
    let bound = WIDE_FINDINGS * per_finding_bound(mode);
    assert!(
        run.stdout.len() <= bound,
        "{mode}: {} bytes for {WIDE_FINDINGS} findings (at most {bound})",
        run.stdout.len()
    );
    if ["text", "concise", "json", "sarif", "github"].contains(&mode) {
        let found = run.out().matches("CR201").count();
        assert!(found >= WIDE_FINDINGS, "{mode}: {found} findings shown");
    }
    assert_output_safe(mode, &run);
}

mod wide_line {
    use super::*;
    cases!(wide_line_case:
        text => "text", concise => "concise", json => "json", sarif => "sarif", github => "github",
        statistics => "statistics", diff => "diff", show_fixes => "show-fixes",
    );
}

/// One value of 300 KB: its finding's excerpt, message and help are cut.
fn huge_value(dir: &Path) {
    write(dir, ".env", format!("OPENAI_BASE_URL=http://crazyrouter.com/v1/{}\n", "p".repeat(300_000)));
}

fn huge_value_case(mode: &str) {
    let run = check_mode(huge_value, mode);
    // `--fix` leaves nothing to report.
    assert_eq!(run.code, i32::from(mode != "show-fixes"), "{mode}: {}", run.err());
    let out = run.out();
    match mode {
        "json" | "sarif" => {
            // Message and help are cut; the fix's content stays whole (a program applies it).
            let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
            let mut texts = Vec::new();
            collect_strings(&doc, &mut texts, &["message", "help", "description", "text"]);
            let longest = texts.iter().map(|t| t.chars().count()).max().unwrap_or(0);
            assert!(longest <= 1_100, "{mode}: a message of {longest} characters");
            assert!(out.contains(&"p".repeat(300_000)), "{mode}: the fix content is whole");
        }
        _ => assert!(out.len() < 8_000, "{mode}: {} bytes for one finding", out.len()),
    }
    assert_output_safe(mode, &run);
}

/// The string values under the given keys (SARIF rule help pages excepted).
fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>, keys: &[&str]) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                // The rule pages, and the fix contents (kept whole on purpose).
                if ["rules", "insertedContent", "content"].contains(&k.as_str()) {
                    continue;
                }
                match v {
                    serde_json::Value::String(s) if keys.contains(&k.as_str()) => out.push(s.clone()),
                    _ => collect_strings(v, out, keys),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_strings(i, out, keys)),
        _ => {}
    }
}

mod huge_value {
    use super::*;
    cases!(huge_value_case:
        text => "text", concise => "concise", json => "json", sarif => "sarif", github => "github",
        show_fixes => "show-fixes",
    );
}

// ---------------------------------------------------------------------------
// 3. A closed pipe.

/// A small tree with findings and a fix, for the commands that print.
fn small_tree(dir: &Path) {
    write(dir, ".env", "OPENAI_BASE_URL=http://crazyrouter.com/v1\n");
    write(
        dir,
        ".claude/settings.json",
        "{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://api.crazyrouter.com/v1\"}}\n",
    );
    std::fs::create_dir_all(dir.join("home")).unwrap();
}

/// The command with stdout to a pipe whose reader is gone, and the same
/// command with stdout read: same exit code, same stderr, no panic.
fn closed_pipe_case(args: &[&str]) {
    let normal = {
        let dir = tempfile::tempdir().unwrap();
        small_tree(dir.path());
        crlint(dir.path(), args)
    };
    assert!(!normal.stdout.is_empty(), "{args:?} prints something: {}", normal.err());
    let dir = tempfile::tempdir().unwrap();
    small_tree(dir.path());
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = command(dir.path(), args).stdout(writer).stderr(Stdio::piped()).spawn().unwrap();
    let (status, _, stderr) = wait(child, &format!("{args:?} | (closed)"), LIMIT);
    let stderr = String::from_utf8_lossy(&stderr);
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{args:?}:\n{stderr}");
    assert_eq!(status.code(), Some(normal.code), "{args:?}: {status:?}\n{stderr}");
    assert_eq!(stderr, normal.err(), "{args:?}: quiet on a closed pipe");
}

mod closed_pipe {
    use super::*;
    cases!(closed_pipe_case:
        rules => &["rules"],
        rule => &["rule", "CR102"],
        clients => &["clients"],
        endpoints => &["endpoints"],
        endpoints_lookup => &["endpoints", "/v1/chat/completion"],
        completions => &["completions", "bash"],
        help => &["--help"],
        check_text => &["check", "."],
        check_concise => &["check", ".", "--output-format", "concise"],
        check_json => &["check", ".", "--output-format", "json"],
        check_sarif => &["check", ".", "--output-format", "sarif"],
        check_github => &["check", ".", "--output-format", "github"],
        check_statistics => &["check", ".", "--statistics"],
        check_diff => &["check", ".", "--diff"],
        check_show_fixes => &["check", ".", "--fix", "--show-fixes", "--no-backup"],
        check_probe => &["check", ".", "--probe", "--timeout", "1"],
        doctor => &["doctor", "--offline"],
        doctor_json => &["doctor", "--offline", "--output-format", "json"],
        probe => &["probe", ".", "--timeout", "1"],
        probe_url => &["probe", "--url", "https://api.crazyrouter.com/v1", "--timeout", "1"],
        setup_dry_run => &["setup", "claude-code", "--dry-run"],
    );
}

#[test]
fn closed_stdout_and_stderr_end_quietly() {
    let dir = tempfile::tempdir().unwrap();
    small_tree(dir.path());
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let child = command(dir.path(), &["check", ".", "--diff"])
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .spawn()
        .unwrap();
    let (status, _, _) = wait(child, "check --diff 2>&1 | (closed)", LIMIT);
    assert_eq!(status.code(), Some(1), "{status:?}");
}

#[test]
fn a_full_disk_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    small_tree(dir.path());
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let child = command(dir.path(), &["rules"]).stdout(full).stderr(Stdio::piped()).spawn().unwrap();
    let (status, _, stderr) = wait(child, "rules > /dev/full", LIMIT);
    let stderr = String::from_utf8_lossy(&stderr);
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write to stdout"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

// ---------------------------------------------------------------------------
// 5. Injection: terminals and CI runners.

/// File names and values that try to move the cursor, set the title, write
/// the clipboard, reorder text, and start workflow commands.
const HOSTILE: &[&str] = &[
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}]52;c;cm0gLXJmIH4=\u{7}",
    "\u{1b}[2J\u{1b}[H",
    "\u{9b}31m",
    "\u{202e}vne.",
    "\n::add-mask::",
    "\r::warning::fake",
    "\n::stop-commands::tok\n",
    "\n  ::set-output name=x::y",
    "##[set-output name=x]y",
    "##[add-mask]z",
    " ::error::in-a-word",
];

/// Directories named with each hostile string holding a bad `.env`, and values carrying them.
fn injection_tree(dir: &Path) {
    std::fs::create_dir_all(dir.join("home")).unwrap();
    for (i, h) in HOSTILE.iter().enumerate() {
        let name = format!("d{i}{h}");
        write(dir, Path::new(&name).join(".env"), format!("OPENAI_BASE_URL=http://crazyrouter.com/v1/{i}\n"));
        write(
            dir,
            format!("v{i}/.env"),
            format!("# {h}\nOPENAI_BASE_URL=\"http://crazyrouter.com/v1/{}\"\n# {h}\n", h.replace('"', "")),
        );
        // A key from a variable the probe will not send: its note on stderr names this path.
        write(
            dir,
            Path::new(&format!("k{i}{h}")).join(".env"),
            format!("OPENAI_BASE_URL=https://cn.crazyrouter.com/v1/{i}\nOPENAI_API_KEY=${{GITHUB_TOKEN}}\n"),
        );
        write(
            dir,
            format!("j{i}/.claude/settings.json"),
            serde_json::to_string(
                &serde_json::json!({"env": {"ANTHROPIC_BASE_URL": format!("http://crazyrouter.com/v1{h}")}}),
            )
            .unwrap(),
        );
    }
    // And a file that does not parse, with the hostile text around the error.
    let all: String = HOSTILE.concat();
    write(
        dir,
        "broken/.claude/settings.json",
        format!("{{\"a\": \"{}\" \"b\"}}\n", all.replace(['"', '\n', '\r'], "")),
    );
}

fn injection_case(mode: &str) {
    let run = check_mode(injection_tree, mode);
    assert!(run.code == 1, "{mode}: exit {}: {}", run.code, run.err());
    assert!(!run.stdout.is_empty(), "{mode}");
    assert_output_safe(mode, &run);
    if mode == "text" || mode == "concise" {
        let out = run.out();
        assert!(out.contains("\\x1b]0;pwned\\x07"), "{mode}: escapes are shown:\n{}", context(&out, 0));
        assert!(out.contains("\\u{202e}"), "{mode}");
    }
}

mod injection {
    use super::*;
    cases!(injection_case:
        text => "text", concise => "concise", json => "json", sarif => "sarif", github => "github",
        statistics => "statistics", statistics_github => "statistics-github",
        diff => "diff", show_fixes => "show-fixes", show_fixes_github => "show-fixes-github",
        probe_github => "probe-github", probe_text => "probe-text",
    );
}

/// The doctor and `setup --dry-run` show values from the user's files.
fn machine_tree(dir: &Path) {
    let hostile: String = HOSTILE.concat();
    write(
        dir,
        "home/.claude/settings.json",
        serde_json::to_string(&serde_json::json!({
            "env": {"ANTHROPIC_BASE_URL": format!("https://crazyrouter.com/v1{hostile}"), "ANTHROPIC_MODEL": hostile}
        }))
        .unwrap(),
    );
}

fn machine_case(args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    machine_tree(dir.path());
    let run = crlint(dir.path(), args);
    assert!(!run.stdout.is_empty(), "{args:?}: {}", run.err());
    let what = format!("{args:?}");
    if args.contains(&"json") {
        serde_json::from_slice::<serde_json::Value>(&run.stdout).unwrap();
    }
    assert_inert(&what, &run.out());
    assert_inert(&format!("{what} (stderr)"), &run.err());
}

mod machine {
    use super::*;
    cases!(machine_case:
        doctor => &["doctor", "--offline"],
        doctor_json => &["doctor", "--offline", "--output-format", "json"],
        setup_dry_run => &["setup", "claude-code", "--dry-run"],
    );
}

#[test]
fn a_hostile_path_on_the_command_line_is_shown_escaped_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let path = format!("missing\u{1b}]0;t\u{7}\n::add-mask::x/{KEY}/.env");
    let run = crlint(dir.path(), &["check", &path]);
    assert_eq!(run.code, 2);
    assert_inert("stderr", &run.err());
    assert_no_key("stderr", &run.err());
    assert!(run.err().contains("missing\\x1b]0;t\\x07\\n\\x3a:add-mask::x/sk-FA…0123/.env"), "{}", run.err());
}

#[test]
fn a_hostile_configuration_file_is_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let pad = "x".repeat(70_000);
    write(
        dir.path(),
        "crlint.toml",
        format!("# {pad}\u{1b}]0;t\u{7}\n[lint]\nselect = [\"{pad}\u{1b}[2J {KEY}\"]\n"),
    );
    let run = crlint(dir.path(), &["check"]);
    assert_eq!(run.code, 2, "{}", run.err());
    assert!(run.err().contains("crlint.toml"), "{}", run.err());
    assert!(run.err().len() < 8_000, "{} bytes", run.err().len());
    assert_inert("stderr", &run.err());
    assert_no_key("stderr", &run.err());
}

// ---------------------------------------------------------------------------
// 6. `--statistics` keeps each format whole.

#[test]
fn statistics_with_sarif_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    small_tree(dir.path());
    let run = crlint(dir.path(), &["check", ".", "--statistics", "--output-format", "sarif"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "{}", run.out());
    assert!(
        run.err().contains("--statistics cannot be combined with --output-format sarif"),
        "{}",
        run.err()
    );
}

#[test]
fn statistics_with_github_is_one_notice() {
    let dir = tempfile::tempdir().unwrap();
    small_tree(dir.path());
    let run = crlint(dir.path(), &["check", ".", "--statistics", "--output-format", "github"]);
    assert_eq!(run.code, 1);
    let out = run.out();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("::notice title=crlint statistics::") && lines[0].contains("CR201"),
        "{out}"
    );
    assert!(lines[1].starts_with("Found "), "{out}");
    assert_github("statistics-github", &out);
}

#[test]
fn statistics_with_json_is_one_document() {
    let dir = tempfile::tempdir().unwrap();
    small_tree(dir.path());
    let run = crlint(dir.path(), &["check", ".", "--statistics", "--output-format", "json"]);
    let counts: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert!(counts.as_array().is_some_and(|a| !a.is_empty()), "{counts}");
}

// ---------------------------------------------------------------------------
// Generated hostile trees.

/// xorshift64*: small, deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// The key spelled as a config, a URL or a pull request might write it.
fn key_forms() -> Vec<String> {
    let body = &KEY[3..];
    vec![
        KEY.to_string(),
        format!("sk\\u002d{body}"),
        format!("\\u0073k-{body}"),
        format!("sk%2D{body}"),
        format!("sk%252D{body}"),
        format!("sk\\x2d{body}"),
        format!("sk&#45;{body}"),
        format!("{}\n  {}", &KEY[..20], &KEY[20..]),
        format!("{}\\\n{}", &KEY[..9], &KEY[9..]),
    ]
}

const FRAGMENTS: &[&str] = &[
    "\u{1b}]0;t\u{7}",
    "\u{1b}]52;c;eA==\u{7}",
    "\u{1b}[1A\u{1b}[2K",
    "\u{9b}2J",
    "\u{7f}",
    "\u{0}",
    "\u{8}\u{8}",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{2028}",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "::add-mask::",
    "::warning file=x::",
    "##[group]",
    "##[set-output name=a]b",
    "%0A::error::",
    " ::notice::",
    "中文",
    "é",
    "\"",
    "'",
    "\\",
    "${X}",
    "#",
    ":",
    "=",
];

fn hostile_text(rng: &mut Rng, keys: &[String], len: usize) -> String {
    let mut s = String::new();
    for _ in 0..len {
        match rng.next() % 4 {
            0 => s.push_str(&keys[(rng.next() % keys.len() as u64) as usize]),
            _ => s.push_str(rng.pick(FRAGMENTS)),
        }
    }
    s
}

/// File name bytes from hostile text: no `/`, no NUL.
fn name(rng: &mut Rng, keys: &[String]) -> String {
    hostile_text(rng, keys, 3).replace(['/', '\0'], "_")
}

fn generated_tree(seed: u64) -> impl Fn(&Path) {
    move |dir: &Path| {
        let mut rng = Rng(seed | 1);
        let keys = key_forms();
        std::fs::create_dir_all(dir.join("home")).unwrap();
        for i in 0..12 {
            let d = format!("g{i}{}", name(&mut rng, &keys));
            let value = hostile_text(&mut rng, &keys, 4);
            let files: Vec<(String, Vec<u8>)> = vec![
                (
                    format!("{d}/.env"),
                    format!(
                        "# {}\nOPENAI_BASE_URL=http://crazyrouter.com/v1/{i}?k={}\nOPENAI_API_KEY={}\nX=\"{}\"\n",
                        hostile_text(&mut rng, &keys, 3),
                        keys[i % keys.len()].replace("\n  ", "").replace('\n', ""),
                        keys[(i + 1) % keys.len()],
                        value
                    )
                    .into_bytes(),
                ),
                (
                    format!("{d}/.claude/settings.json"),
                    format!(
                        "{{\"env\": {{\"ANTHROPIC_BASE_URL\": {}, \"ANTHROPIC_AUTH_TOKEN\": {}}}}}{}\n",
                        serde_json::to_string(&format!("http://crazyrouter.com/v1{value}")).unwrap(),
                        serde_json::to_string(&keys[i % keys.len()]).unwrap(),
                        if i % 3 == 0 { hostile_text(&mut rng, &keys, 2) } else { String::new() }
                    )
                    .into_bytes(),
                ),
                (
                    format!("{d}/{}.env", name(&mut rng, &keys)),
                    format!("OPENAI_BASE_URL=https://api.crazyrouter.com/v1/v1\nOPENAI_API_KEY={}\n", keys[i % keys.len()])
                        .into_bytes(),
                ),
            ];
            for (rel, bytes) in files {
                let path = dir.join(std::ffi::OsStr::from_bytes(rel.as_bytes()));
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
        }
    }
}

fn generated_case(mode: &str) {
    for seed in [0x5eed_0001_u64, 0xdead_beef, 0x1234_5678_9abc, 42] {
        let run = check_mode(generated_tree(seed), mode);
        assert!(run.code == 1, "{mode} seed {seed:#x}: exit {}: {}", run.code, run.err());
        assert_output_safe(mode, &run);
    }
}

mod generated {
    use super::*;
    cases!(generated_case:
        text => "text", concise => "concise", json => "json", sarif => "sarif", github => "github",
        statistics => "statistics", diff => "diff", show_fixes => "show-fixes",
        show_fixes_github => "show-fixes-github", probe_github => "probe-github", probe_text => "probe-text",
    );
}

#[test]
fn the_runner_model_reads_what_the_runner_reads() {
    // The test's own parser, checked against the runner's behaviour (ActionCommand.cs).
    assert_eq!(runner_command("::add-mask::x").as_deref(), Some("::add-mask"));
    assert_eq!(runner_command("   ::warning file=a::m").as_deref(), Some("::warning"));
    assert_eq!(runner_command("text ##[set-output name=a]b").as_deref(), Some("##[set-output]"));
    assert_eq!(runner_command("::nothing::x"), None);
    assert_eq!(runner_command("a ::add-mask::x"), None);
    assert_eq!(runner_command("\\x3a:add-mask::x"), None);
    assert_eq!(runner_command("#\\x23[add-mask]x"), None);
    assert_eq!(runner_lines("a\rb\r\nc\n"), vec!["a", "b", "c", ""]);
}
