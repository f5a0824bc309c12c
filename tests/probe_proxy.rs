//! The probe behind a proxy, against loopback only: a SOCKS5 proxy in
//! `ALL_PROXY` carries the request (to the loopback TLS server standing for the
//! gateway), `ALL_PROXY` never cancels `HTTPS_PROXY`, and a proxy value crlint
//! cannot use is said, not silently replaced by a direct connection. The
//! proxies are `socks5h` (the proxy resolves the name) and HTTP CONNECT, so no
//! test resolves the gateway's name itself.

#[path = "support/tls_server.rs"]
mod tls_server;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use assert_cmd::Command;
use tls_server::{Reply, TestPki, TlsServer};

const KEY: &str = "sk-ProxyTestKey0000000000000000000000000000000000wxyz";

/// A SOCKS5 proxy on loopback that records each CONNECT target (`host:port`)
/// and relays the connection to `to` (or refuses it when `to` is `None`).
fn socks5(to: Option<SocketAddr>) -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    thread::spawn(move || {
        for client in listener.incoming().take(8) {
            let Ok(mut client) = client else { continue };
            let record = record.clone();
            thread::spawn(move || {
                let _ = client.set_read_timeout(Some(Duration::from_secs(10)));
                let mut head = [0u8; 2];
                client.read_exact(&mut head)?;
                let mut methods = vec![0u8; head[1] as usize];
                client.read_exact(&mut methods)?;
                client.write_all(&[5, 0])?; // no authentication
                let mut request = [0u8; 4];
                client.read_exact(&mut request)?;
                let host = match request[3] {
                    3 => {
                        let mut len = [0u8; 1];
                        client.read_exact(&mut len)?;
                        let mut name = vec![0u8; len[0] as usize];
                        client.read_exact(&mut name)?;
                        String::from_utf8_lossy(&name).into_owned()
                    }
                    1 => {
                        let mut ip = [0u8; 4];
                        client.read_exact(&mut ip)?;
                        std::net::Ipv4Addr::from(ip).to_string()
                    }
                    _ => return Ok::<(), std::io::Error>(()),
                };
                let mut port = [0u8; 2];
                client.read_exact(&mut port)?;
                record.lock().unwrap().push(format!("{host}:{}", u16::from_be_bytes(port)));
                let Some(to) = to else {
                    client.write_all(&[5, 2, 0, 1, 0, 0, 0, 0, 0, 0])?; // not allowed
                    return Ok(());
                };
                let upstream = TcpStream::connect(to)?;
                client.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0])?;
                relay(client, upstream);
                Ok(())
            });
        }
    });
    (addr, seen)
}

/// Copies bytes both ways until either side closes.
fn relay(a: TcpStream, b: TcpStream) {
    let (mut a2, mut b2) = (a.try_clone().unwrap(), b.try_clone().unwrap());
    let (mut a, mut b) = (a, b);
    let up = thread::spawn(move || {
        let _ = std::io::copy(&mut a, &mut b2);
        let _ = b2.shutdown(std::net::Shutdown::Write);
    });
    let _ = std::io::copy(&mut b, &mut a2);
    let _ = a2.shutdown(std::net::Shutdown::Write);
    let _ = up.join();
}

/// An HTTP proxy on loopback that records each request line (`CONNECT host:port
/// HTTP/1.1`) and answers 403.
fn http_proxy() -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    thread::spawn(move || {
        for client in listener.incoming().take(8) {
            let Ok(mut client) = client else { continue };
            let _ = client.set_read_timeout(Some(Duration::from_secs(10)));
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && client.read_exact(&mut byte).is_ok() {
                head.push(byte[0]);
            }
            let line = String::from_utf8_lossy(&head).lines().next().unwrap_or("").to_string();
            record.lock().unwrap().push(line);
            let _ = client.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        }
    });
    (addr, seen)
}

/// `crlint probe --url https://api.crazyrouter.com/v1` trusting the test CA,
/// with only the given proxy variables set.
fn probe(pki: &TestPki, proxies: &[(&str, String)]) -> (String, i32) {
    let mut cmd = Command::cargo_bin("crlint").unwrap();
    for var in [
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        cmd.env_remove(var);
    }
    for (var, value) in proxies {
        cmd.env(var, value);
    }
    let ca = pki.ca_path();
    let out = cmd
        .env("CRAZYROUTER_API_KEY", KEY)
        .env_remove("SSL_CERT_FILE")
        .args(["probe", "--url", "https://api.crazyrouter.com/v1", "--timeout", "10"])
        .arg("--ca-file")
        .arg(&ca)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!text.contains(KEY), "{text}");
    (text, out.status.code().unwrap_or(-1))
}

/// Regression: a SOCKS proxy in `ALL_PROXY` was ignored (no SOCKS support) and
/// the probe went direct.
#[test]
fn a_socks_proxy_in_all_proxy_carries_the_probe() {
    let pki = TestPki::new();
    let server = TlsServer::start(&pki, vec![("/v1/models", Reply::models(&["gpt-5"]))]);
    let (socks, seen) = socks5(Some(server.addr()));
    let (out, code) = probe(&pki, &[("ALL_PROXY", format!("socks5h://{socks}"))]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(*seen.lock().unwrap(), ["api.crazyrouter.com:443"], "{out}");
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{out}");
    assert_eq!(requests[0].header("authorization"), Some(format!("Bearer {KEY}").as_str()));
}

/// Regression: `ALL_PROXY` was read first and, being SOCKS, dropped, so a
/// working `HTTPS_PROXY` was never used. curl's order for an https URL:
/// `HTTPS_PROXY`, then `ALL_PROXY`.
#[test]
fn all_proxy_never_cancels_https_proxy() {
    let pki = TestPki::new();
    let (socks, socks_seen) = socks5(None);
    let (http, http_seen) = http_proxy();
    let (out, code) = probe(
        &pki,
        &[("ALL_PROXY", format!("socks5h://{socks}")), ("HTTPS_PROXY", format!("http://{http}"))],
    );
    assert_eq!(code, 1, "{out}");
    assert_eq!(*http_seen.lock().unwrap(), ["CONNECT api.crazyrouter.com:443 HTTP/1.1"], "{out}");
    assert!(socks_seen.lock().unwrap().is_empty(), "{out}");
}

/// A proxy variable crlint cannot use is said (naming the variable, never its
/// value, which may hold a password); nothing is sent, not even directly.
#[test]
fn a_proxy_crlint_cannot_use_is_said_not_bypassed() {
    let pki = TestPki::new();
    let (out, code) = probe(&pki, &[("HTTPS_PROXY", "ftp://user:hunter2@127.0.0.1:21".to_string())]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("HTTPS_PROXY is not a proxy crlint can use"), "{out}");
    assert!(!out.contains("hunter2"), "{out}");
}
