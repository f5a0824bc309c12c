//! Real-client conformance for the Python SDKs (openai, anthropic, google-genai).
//!
//! For: proving, with the pinned SDKs of `tests/conformance/requirements.txt`,
//! that the base-URL shape crlint writes for each client makes the client
//! request the gateway's documented route, and that the wrong shapes fail the
//! way `conventions.md` says (404 on a root or doubled path). Each case runs
//! the real client once against a loopback `Recorder` and asserts on the exact
//! method + path, the answer status and the auth header the client sent.
//! Results are written up in `tests/conformance/FINDINGS.md`.
//!
//! Not for: crlint's own logic (no library call here) or any network beyond
//! 127.0.0.1. The first run builds a venv (needs PyPI); without it these
//! tests fail, they never skip.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use support::pyenv::{pinned_version, run_client, ClientOutcome, Run, DUMMY_KEY};
use support::recorder::{AuthKind, Recorder, RouteKind};

const GEMINI_MODEL: &str = "gemini-2.5-flash";

/// What one client run must have produced.
struct Expect {
    /// The one request the client made: `"POST /v1/chat/completions"`.
    line: String,
    status: u16,
    route: RouteKind,
    auth: AuthKind,
    /// The answer was server-sent events.
    sse: bool,
    /// The text the client parsed out of a 200 answer.
    text: String,
}

fn expect(line: &str, status: u16, route: RouteKind, auth: AuthKind) -> Expect {
    Expect { line: line.to_string(), status, route, auth, sse: false, text: "ok".to_string() }
}

fn streamed(mut e: Expect) -> Expect {
    e.sse = true;
    e
}

fn with_text(mut e: Expect, text: &str) -> Expect {
    e.text = text.to_string();
    e
}

/// Runs every case, then fails once with a table of all mismatches.
fn check(package: &str, cases: Vec<(&str, Run, Expect)>) {
    let pinned = pinned_version(package).expect("package pinned in requirements.txt");
    let mut failures = Vec::new();
    for (label, run, want) in cases {
        let got = run.go();
        let observed = describe(&got);
        eprintln!("{package} {pinned} | {} {label} | {observed}", got.field("client"));
        let problems = mismatches(&got, &want, &pinned);
        if !problems.is_empty() {
            failures.push(format!(
                "{label}\n    want: {} -> {}\n    got:  {observed}\n    {}\n    report: {}",
                want.line,
                want.status,
                problems.join("; "),
                got.report
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{package} {pinned}: {} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn describe(got: &ClientOutcome) -> String {
    let reqs: Vec<String> = got
        .requests
        .iter()
        .map(|r| format!("{} -> {} {:?} auth={:?}", r.line(), r.status, r.route, r.auth))
        .collect();
    format!("[{}] outcome={}", reqs.join(", "), got.field("outcome"))
}

fn mismatches(got: &ClientOutcome, want: &Expect, pinned: &str) -> Vec<String> {
    let mut p = Vec::new();
    if got.field("sdk_version") != pinned {
        p.push(format!("sdk_version {} != pinned {pinned}", got.field("sdk_version")));
    }
    let [req] = got.requests.as_slice() else {
        p.push(format!("expected exactly 1 request, got {}", got.requests.len()));
        return p;
    };
    if req.line() != want.line {
        p.push(format!("request `{}` != `{}`", req.line(), want.line));
    }
    if req.status != want.status || req.route != want.route || req.sse != want.sse {
        p.push(format!(
            "answered {} {:?} sse={} (want {} {:?} sse={})",
            req.status, req.route, req.sse, want.status, want.route, want.sse
        ));
    }
    if req.auth != [want.auth] {
        p.push(format!("auth {:?} != [{:?}]", req.auth, want.auth));
    }
    if req.auth_value().as_deref() != Some(DUMMY_KEY) {
        p.push(format!("credential {:?} is not the dummy key", req.auth_value()));
    }
    // The client's own view must agree: 2xx parsed to "ok", 404 raised with 404.
    let (outcome, text, status) = (got.field("outcome"), got.field("text"), got.field("status"));
    match want.status {
        200 if outcome == "ok" && text == want.text => {}
        200 => p.push(format!("client did not parse the answer: {outcome} {text:?}")),
        s if outcome == "error" && status == s.to_string() => {}
        s => p.push(format!("client should fail with {s}, reported {outcome} {status}")),
    }
    p
}

#[test]
fn openai_chat_completions_base_url_shapes() {
    use AuthKind::Authorization as A;
    use RouteKind::*;
    let run = |u: &str| Run::new("openai_chat").base_url(u);
    check(
        "openai",
        vec![
            ("V1", run("{base}/v1"), expect("POST /v1/chat/completions", 200, Documented, A)),
            ("V1 + slash", run("{base}/v1/"), expect("POST /v1/chat/completions", 200, Documented, A)),
            ("ROOT", run("{base}"), expect("POST /chat/completions", 404, NotFound, A)),
            ("V1V1", run("{base}/v1/v1"), expect("POST /v1/v1/chat/completions", 404, NotFound, A)),
            (
                "V1 stream",
                run("{base}/v1").arg("--stream"),
                streamed(expect("POST /v1/chat/completions", 200, Documented, A)),
            ),
            (
                "V1 models.list",
                run("{base}/v1").arg("--models"),
                with_text(
                    expect("GET /v1/models", 200, Documented, A),
                    "gpt-4o-mini,claude-sonnet-4-5,gemini-2.5-flash",
                ),
            ),
        ],
    );
}

#[test]
fn openai_reads_openai_base_url_from_env() {
    use AuthKind::Authorization as A;
    use RouteKind::*;
    let run = |u: &str| {
        Run::new("openai_chat").arg("--from-env").env("OPENAI_BASE_URL", u).env("OPENAI_API_KEY", DUMMY_KEY)
    };
    check(
        "openai",
        vec![
            ("env V1", run("{base}/v1"), expect("POST /v1/chat/completions", 200, Documented, A)),
            ("env ROOT", run("{base}"), expect("POST /chat/completions", 404, NotFound, A)),
        ],
    );
}

#[test]
fn openai_responses_base_url_shapes() {
    use AuthKind::Authorization as A;
    use RouteKind::*;
    let run = |u: &str| Run::new("openai_responses").base_url(u);
    check(
        "openai",
        vec![
            ("V1", run("{base}/v1"), expect("POST /v1/responses", 200, Documented, A)),
            (
                "V1 stream",
                run("{base}/v1").arg("--stream"),
                streamed(expect("POST /v1/responses", 200, Documented, A)),
            ),
            ("ROOT", run("{base}"), expect("POST /responses", 404, NotFound, A)),
        ],
    );
}

#[test]
fn anthropic_messages_base_url_shapes() {
    // anthropic 2.x sends `api_key` as `Authorization: Bearer` (not x-api-key).
    use AuthKind::Authorization as K;
    use RouteKind::*;
    let run = |u: &str| Run::new("anthropic_messages").base_url(u);
    let env = |u: &str| {
        Run::new("anthropic_messages")
            .arg("--from-env")
            .env("ANTHROPIC_BASE_URL", u)
            .env("ANTHROPIC_API_KEY", DUMMY_KEY)
    };
    check(
        "anthropic",
        vec![
            ("ROOT", run("{base}"), expect("POST /v1/messages", 200, Documented, K)),
            ("ROOT + slash", run("{base}/"), expect("POST /v1/messages", 200, Documented, K)),
            ("V1", run("{base}/v1"), expect("POST /v1/v1/messages", 404, NotFound, K)),
            (
                "ROOT stream",
                run("{base}").arg("--stream"),
                streamed(expect("POST /v1/messages", 200, Documented, K)),
            ),
            ("env ROOT", env("{base}"), expect("POST /v1/messages", 200, Documented, K)),
            ("env V1", env("{base}/v1"), expect("POST /v1/v1/messages", 404, NotFound, K)),
        ],
    );
    // The header that makes the gateway answer `/v1/models` in Anthropic format.
    let reqs = run_client("anthropic_messages", "{base}");
    let version = reqs[0].header("anthropic-version");
    eprintln!("anthropic-version: {version:?}");
    assert!(version.is_some(), "{:?}", reqs[0].headers);
}

#[test]
fn google_genai_base_url_shapes() {
    use AuthKind::XGoogApiKey as G;
    use RouteKind::*;
    let m = GEMINI_MODEL;
    let run = |u: &str| Run::new("google_genai").base_url(u);
    let beta = |u: &str| run(u).arg("--api-version").arg("v1beta");
    let env = |u: &str| {
        Run::new("google_genai")
            .arg("--from-env")
            .env("GOOGLE_GEMINI_BASE_URL", u)
            .env("GEMINI_API_KEY", DUMMY_KEY)
    };
    let gen = |prefix: &str| format!("POST {prefix}/models/{m}:generateContent");
    let sse = |prefix: &str| format!("POST {prefix}/models/{m}:streamGenerateContent?alt=sse");
    check(
        "google-genai",
        vec![
            // 3.x default api_version is "v1": the gateway's undocumented alias.
            ("ROOT", run("{base}"), expect(&gen("/v1"), 200, UndocumentedAlias, G)),
            ("ROOT + slash", run("{base}/"), expect(&gen("/v1"), 200, UndocumentedAlias, G)),
            ("ROOT api_version=v1beta", beta("{base}"), expect(&gen("/v1beta"), 200, Documented, G)),
            ("V1BETA", run("{base}/v1beta"), expect(&gen("/v1beta/v1"), 404, NotFound, G)),
            (
                "V1BETA api_version=v1beta",
                beta("{base}/v1beta"),
                expect(&gen("/v1beta/v1beta"), 404, NotFound, G),
            ),
            (
                "ROOT stream",
                run("{base}").arg("--stream"),
                streamed(expect(&sse("/v1"), 200, UndocumentedAlias, G)),
            ),
            (
                "ROOT api_version=v1beta stream",
                beta("{base}").arg("--stream"),
                streamed(expect(&sse("/v1beta"), 200, Documented, G)),
            ),
            ("env ROOT", env("{base}"), expect(&gen("/v1"), 200, UndocumentedAlias, G)),
            (
                "env ROOT + GOOGLE_GENAI_API_VERSION=v1beta",
                env("{base}").env("GOOGLE_GENAI_API_VERSION", "v1beta"),
                expect(&gen("/v1beta"), 200, Documented, G),
            ),
            ("env V1BETA", env("{base}/v1beta"), expect(&gen("/v1beta/v1"), 404, NotFound, G)),
        ],
    );
}

/// `run_client` is the short form other tests can reuse.
#[test]
fn run_client_returns_the_recorded_requests() {
    let reqs = run_client("openai_chat", "{base}/v1");
    let lines: Vec<String> = reqs.iter().map(|r| r.line()).collect();
    assert_eq!(lines, ["POST /v1/chat/completions"]);
    assert_eq!(reqs[0].header("authorization"), Some(format!("Bearer {DUMMY_KEY}").as_str()));
}

/// The recorder itself: keep-alive, chunked bodies, `Expect: 100-continue`,
/// `?key=` auth, the 404 JSON body. No Python needed.
#[test]
fn recorder_speaks_enough_http() {
    let rec = Recorder::start();
    let addr = rec.base().trim_start_matches("http://").to_string();
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let read_reply = |s: &mut TcpStream| {
        let mut buf = Vec::new();
        let mut byte = [0u8; 1];
        while !buf.ends_with(b"\r\n\r\n") {
            s.read_exact(&mut byte).unwrap();
            buf.push(byte[0]);
        }
        let head = String::from_utf8(buf).unwrap();
        let len: usize =
            head.lines().find_map(|l| l.strip_prefix("content-length: ")).map_or(0, |v| v.parse().unwrap());
        let mut body = vec![0; len];
        s.read_exact(&mut body).unwrap();
        (head, String::from_utf8(body).unwrap())
    };

    // 1. chunked body with Expect: 100-continue, streaming requested.
    s.write_all(b"POST /v1/messages?beta=true HTTP/1.1\r\nHost: x\r\nx-api-key: k\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n").unwrap();
    let (head, _) = read_reply(&mut s);
    assert!(head.starts_with("HTTP/1.1 100"), "{head}");
    s.write_all(b"a\r\n{\"stream\":\r\n5\r\n true\r\n1\r\n}\r\n0\r\n\r\n").unwrap();
    let (head, body) = read_reply(&mut s);
    assert!(head.starts_with("HTTP/1.1 200") && head.contains("text/event-stream"), "{head}");
    assert!(body.contains("event: message_stop"), "{body}");

    // 2. same connection (keep-alive): Gemini with ?key=.
    let gem = format!("POST /v1beta/models/{GEMINI_MODEL}:generateContent?key=abc HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{{}}");
    s.write_all(gem.as_bytes()).unwrap();
    let (_, body) = read_reply(&mut s);
    assert!(body.contains(r#""parts":[{"text":"ok"}]"#), "{body}");

    // 3. unknown route: 404 with a JSON error, then close.
    s.write_all(b"GET /v1/v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let (head, body) = read_reply(&mut s);
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    assert!(body.starts_with(r#"{"error":{"message":"Invalid URL (GET /v1/v1/models)""#), "{body}");

    let reqs = rec.requests();
    let lines: Vec<String> = reqs.iter().map(|r| r.line()).collect();
    let want_gem = format!("POST /v1beta/models/{GEMINI_MODEL}:generateContent?key=abc");
    assert_eq!(lines, ["POST /v1/messages?beta=true", want_gem.as_str(), "GET /v1/v1/models"]);
    assert_eq!(reqs[0].body, b"{\"stream\": true}");
    assert_eq!((reqs[0].auth.as_slice(), reqs[0].sse), ([AuthKind::XApiKey].as_slice(), true));
    assert_eq!(reqs[1].auth, [AuthKind::QueryKey]);
    assert_eq!(reqs[1].auth_value().as_deref(), Some("abc"));
    assert_eq!((reqs[2].status, reqs[2].route), (404, RouteKind::NotFound));
}
