//! The probe against a real HTTPS server on loopback, reached through
//! `--resolve`-style pins and a test CA, exactly as `crlint probe` would be in CI.
//! Every test also checks that the key never shows in any output.

#[path = "support/tls_server.rs"]
mod tls_server;

use std::time::{Duration, Instant};

use crlint::probe::{
    choose_region, run_probes, ProbeOptions, ProbeResult, ProbeTarget, Secret, Shape, Verdict,
};
use tls_server::{Reply, TestPki, TlsServer};

const KEY: &str = "sk-crlintTESTkey0123456789abcdefXYZ";
/// A middle piece of the key: catches partial leaks that a full match would miss.
const KEY_MIDDLE: &str = "TESTkey0123456789";
const INTL: &str = "api.crazyrouter.com";
const EAST_ASIA: &str = "cn.crazyrouter.com";

/// Options that pin `hosts` to `server` and trust only the test CA; no env proxy.
fn pinned(pki: &TestPki, hosts: &[(&str, &TlsServer)]) -> ProbeOptions {
    ProbeOptions {
        timeout: Duration::from_secs(5),
        resolve: hosts.iter().map(|(h, s)| (h.to_string(), s.addr())).collect(),
        ca_file: Some(pki.ca_path()),
        use_env_proxy: false,
        gateway_hosts: crlint::catalog::Catalog::embedded().unwrap().api_hosts(),
        endpoints: crlint::catalog::Catalog::embedded().unwrap().base_suffixes,
        ..ProbeOptions::default()
    }
}

fn target(base_url: &str, key: Option<&str>) -> ProbeTarget {
    ProbeTarget { api_key: key.map(Secret::new), ..ProbeTarget::new(base_url, "tests/probe_tls.rs") }
}

/// Runs the probes and checks that the key is in no Debug or Display output.
fn probe(targets: Vec<ProbeTarget>, opts: &ProbeOptions) -> Vec<ProbeResult> {
    let results = run_probes(targets, opts);
    let mut outputs = vec![format!("{results:?}")];
    for result in &results {
        outputs.push(result.summary());
        outputs.push(result.verdict.summary());
        outputs.push(format!("{:?} {}", result.target.api_key, result.models_url));
    }
    for text in outputs {
        assert!(!text.contains(KEY), "key leaked: {text}");
        assert!(!text.contains(KEY_MIDDLE), "part of the key leaked: {text}");
    }
    results
}

#[test]
fn model_list_with_a_missing_model_names_the_nearest() {
    let pki = TestPki::new();
    let ids = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5"];
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&ids))]);
    let opts = pinned(&pki, &[(INTL, &server), (EAST_ASIA, &server)]);
    let mut intl = target("https://api.crazyrouter.com/v1/", Some(KEY));
    intl.shape = Some(Shape::V1);
    intl.models = vec!["gpt-4o".into(), "claude-sonet-4-5".into()];
    let east = target("https://cn.crazyrouter.com/v1/chat/completions", Some(KEY));

    let results = probe(vec![intl, east], &opts);

    assert_eq!(
        results[0].verdict,
        Verdict::Ok {
            model_count: 3,
            missing_models: vec![("claude-sonet-4-5".into(), Some("claude-sonnet-4-5".into()))],
        }
    );
    assert!(results[1].verdict.is_ok(), "{:?}", results[1]);
    assert_eq!(results[1].models_url, "https://cn.crazyrouter.com/v1/models");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in requests {
        assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/v1/models"));
        assert_eq!(request.header("authorization"), Some(&*format!("Bearer {KEY}")));
        assert_eq!(request.header("accept"), Some("application/json"));
    }
}

#[test]
fn unauthorized_with_and_without_a_key() {
    let pki = TestPki::new();
    // The server echoes the key, as some gateways do: it must not come back out.
    let body = format!(r#"{{"error":{{"message":"invalid token {KEY}"}}}}"#);
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::json(401, &body))]);
    let opts = pinned(&pki, &[(INTL, &server)]);
    let results = probe(
        vec![target("https://api.crazyrouter.com", Some(KEY)), target("https://api.crazyrouter.com", None)],
        &opts,
    );
    assert_eq!(results[0].verdict, Verdict::Unauthorized { status: 401, key_sent: true });
    assert_eq!(results[1].verdict, Verdict::Unauthorized { status: 401, key_sent: false });
    assert!(results[1].verdict.summary().contains("key missing"));
    // The two probes run side by side, so the server may see them in either order.
    let mut auth: Vec<Option<String>> =
        server.requests().iter().map(|r| r.header("authorization").map(str::to_string)).collect();
    auth.sort();
    assert_eq!(auth, vec![None, Some(format!("Bearer {KEY}"))]);
}

#[test]
fn not_found_html_page_is_wrong_path() {
    let pki = TestPki::new();
    let page = "<!doctype html><html><body>Crazyrouter console</body></html>";
    let server = TlsServer::start(&pki, vec![("/v1/v1/models", Reply::html(404, page))]);
    let opts = pinned(&pki, &[(INTL, &server)]);
    let mut doubled = target("https://api.crazyrouter.com/v1", Some(KEY));
    doubled.shape = Some(Shape::Root); // the client adds /v1 itself: /v1/v1
    let results = probe(vec![doubled], &opts);
    let Verdict::WrongPath { status, html, hint } = &results[0].verdict else {
        panic!("{:?}", results[0]);
    };
    assert_eq!((*status, *html), (404, true));
    assert!(hint.contains("HTML page"), "{hint}");
}

#[test]
fn slow_answer_is_a_timeout() {
    let pki = TestPki::new();
    let slow = Reply::models(&["gpt-4o"]).after(Duration::from_secs(2));
    let server = TlsServer::start(&pki, vec![("/v1/models", slow)]);
    let opts = ProbeOptions { timeout: Duration::from_millis(500), ..pinned(&pki, &[(INTL, &server)]) };
    let results = probe(vec![target("https://api.crazyrouter.com", Some(KEY))], &opts);
    assert_eq!(results[0].verdict, Verdict::Timeout);
    assert!(results[0].latency < Duration::from_millis(1500), "{:?}", results[0]);
}

#[test]
fn malformed_json_is_unexpected_and_redacted() {
    let pki = TestPki::new();
    let body = format!(r#"{{"data": [ {{"id": "gpt-4o", "note": "{KEY}""#);
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::json(200, &body))]);
    let opts = pinned(&pki, &[(INTL, &server)]);
    let results = probe(vec![target("https://api.crazyrouter.com", Some(KEY))], &opts);
    let Verdict::Unexpected { status: 200, excerpt } = &results[0].verdict else {
        panic!("{:?}", results[0]);
    };
    assert!(excerpt.starts_with("not a model list"), "{excerpt}");
    assert!(excerpt.contains("sk-cr…fXYZ"), "{excerpt}");
}

#[test]
fn body_over_the_cap_is_unexpected() {
    let pki = TestPki::new();
    let big = Reply::json(200, &format!(r#"{{"data":[],"pad":"{}"}}"#, "x".repeat(4096)));
    let server = TlsServer::start(&pki, vec![("/v1/models", big)]);
    let opts = ProbeOptions { body_cap: 1024, ..pinned(&pki, &[(INTL, &server)]) };
    let results = probe(vec![target("https://api.crazyrouter.com", Some(KEY))], &opts);
    let Verdict::Unexpected { status: 200, excerpt } = &results[0].verdict else {
        panic!("{:?}", results[0]);
    };
    assert!(excerpt.contains("larger"), "{excerpt}");
}

#[test]
fn redirect_to_another_host_is_not_followed() {
    let pki = TestPki::new();
    let location = format!("https://evil.example/v1/models?key={KEY}");
    let redirect = Reply::json(302, "{}").with_header("Location", &location);
    let server = TlsServer::start(&pki, vec![("/v1/models", redirect)]);
    let opts = pinned(&pki, &[(INTL, &server)]);
    let results = probe(vec![target("https://api.crazyrouter.com", Some(KEY))], &opts);
    let Verdict::Unexpected { status: 302, excerpt } = &results[0].verdict else {
        panic!("{:?}", results[0]);
    };
    assert!(excerpt.contains("host evil.example"), "{excerpt}");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn certificate_from_another_ca_is_unreachable() {
    let pki = TestPki::new();
    let other_ca = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["gpt-4o"]))]);
    let opts = pinned(&other_ca, &[(INTL, &server)]);
    let results = probe(vec![target("https://api.crazyrouter.com", Some(KEY))], &opts);
    let Verdict::Unreachable { cause } = &results[0].verdict else {
        panic!("{:?}", results[0]);
    };
    assert!(cause.to_lowercase().contains("certificate"), "{cause}");
    assert!(server.requests().is_empty(), "no request after a failed handshake");
}

#[test]
fn choose_region_picks_the_faster_one() {
    let pki = TestPki::new();
    let reply = |ms| Reply::json(401, "{}").after(Duration::from_millis(ms));
    let slow = TlsServer::start(&pki, vec![("/v1/models", reply(300))]);
    let fast = TlsServer::start(&pki, vec![("/v1/models", reply(50))]);
    let opts = pinned(&pki, &[(INTL, &slow), (EAST_ASIA, &fast)]);
    let candidates = [
        ("intl".to_string(), "https://api.crazyrouter.com".to_string()),
        ("east-asia".to_string(), "https://cn.crazyrouter.com/v1".to_string()),
    ];
    let choice = choose_region(&candidates, &opts, 3);
    assert_eq!(choice.chosen.as_deref(), Some("east-asia"), "{choice:?}");
    let intl = choice.regions[0].median.clone().expect("intl timed");
    let east = choice.regions[1].median.clone().expect("east-asia timed");
    assert!(intl > east, "{choice:?}");
    assert_eq!(choice.regions[1].samples.len(), 3);
    assert_eq!(fast.requests().len(), 3);
    assert!(slow.requests().iter().all(|r| r.header("authorization").is_none()));
}

#[test]
fn many_targets_run_concurrently() {
    let pki = TestPki::new();
    let delayed = Reply::models(&["gpt-4o"]).after(Duration::from_millis(300));
    let server = TlsServer::start(&pki, vec![("/v1/models", delayed)]);
    let opts = ProbeOptions { max_concurrency: 20, ..pinned(&pki, &[(INTL, &server)]) };
    let targets = (0..20).map(|_| target("https://api.crazyrouter.com/v1", Some(KEY))).collect();
    let start = Instant::now();
    let results = probe(targets, &opts);
    let wall = start.elapsed();
    assert!(results.iter().all(|r| r.verdict.is_ok()), "{results:?}");
    let one = results.iter().map(|r| r.latency).min().expect("20 results");
    let sum: Duration = results.iter().map(|r| r.latency).sum();
    assert!(one >= Duration::from_millis(300));
    // Generous: serial would be 20 × one; this only proves they overlapped.
    assert!(wall < one * 4, "wall {wall:?}, one {one:?}");
    assert!(sum > wall * 2, "sum {sum:?}, wall {wall:?}");
}

/// Refused targets must not even connect: the server counts TCP connections.
fn assert_no_connection(server: &TlsServer) {
    std::thread::sleep(Duration::from_millis(100)); // let a stray connect be accepted
    assert_eq!(server.connections(), 0);
}

fn refusal(result: &ProbeResult) -> &str {
    match &result.verdict {
        Verdict::Refused { reason } => reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn pinned_or_loopback_target_without_ca_or_resolve_is_refused() {
    let pki = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["gpt-4o"]))]);
    let no_ca = ProbeOptions { ca_file: None, ..pinned(&pki, &[(INTL, &server)]) };
    let results = probe(vec![target("https://api.crazyrouter.com", Some(KEY))], &no_ca);
    assert!(refusal(&results[0]).contains("--ca-file"));

    let port = server.addr().port();
    let loopback = [format!("https://127.0.0.1:{port}/v1"), format!("https://localhost:{port}/v1")];
    let with_ca_no_resolve = ProbeOptions { resolve: Vec::new(), ..pinned(&pki, &[]) };
    let targets = loopback.iter().map(|u| target(u, Some(KEY))).collect();
    for result in probe(targets, &with_ca_no_resolve) {
        assert!(refusal(&result).contains("not a gateway API host"));
    }
    assert_no_connection(&server);
}

#[test]
fn http_scheme_is_refused() {
    let pki = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["gpt-4o"]))]);
    let opts = pinned(&pki, &[(INTL, &server)]);
    let results = probe(vec![target("http://api.crazyrouter.com/v1", Some(KEY))], &opts);
    assert!(refusal(&results[0]).contains("only https://"));
    assert_no_connection(&server);
}

#[test]
fn non_gateway_hosts_are_refused_even_when_pinned() {
    let pki = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["gpt-4o"]))]);
    let hosts = ["crazyrouter.com", "www.crazyrouter.com", "api.crazyrouter.co"];
    let pins: Vec<(&str, &TlsServer)> = hosts.iter().map(|h| (*h, &server)).collect();
    let opts = pinned(&pki, &pins);
    let targets = hosts.iter().map(|h| target(&format!("https://{h}/v1"), Some(KEY))).collect();
    for result in probe(targets, &opts) {
        assert!(refusal(&result).contains("not a gateway API host"));
    }
    assert_no_connection(&server);
}
