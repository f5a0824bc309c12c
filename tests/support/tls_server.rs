//! A real HTTPS server on 127.0.0.1 for tests, with its own throwaway CA.
//!
//! For: integration tests that must exercise the real TLS and HTTP path of a
//! client (certificate checks by host name, timeouts, redirects, concurrency)
//! without any traffic leaving the machine. `TestPki` makes a CA and a server
//! certificate for the gateway's API host names and writes the CA to a temp file;
//! `TlsServer` serves canned `Reply`s per path and counts connections and
//! requests. Not for: production use or HTTP beyond one request per connection.
//!
//! The server stops by itself: dropping it stops it (delays are cut short), and it
//! never accepts more than `MAX_CONNECTIONS` connections or lives past `LIFETIME`.
#![allow(dead_code)] // each test binary uses a different part of this helper

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};

/// The names the server certificate is valid for.
pub const SERVER_NAMES: &[&str] = &["api.crazyrouter.com", "cn.crazyrouter.com"];
const MAX_CONNECTIONS: usize = 64;
const LIFETIME: Duration = Duration::from_secs(60);
const IO_TIMEOUT: Duration = Duration::from_secs(5);
const MAX_HEAD: usize = 16 * 1024;

/// A throwaway CA, a server certificate it signed, and the CA as a PEM file.
pub struct TestPki {
    pub ca_pem: String,
    ca_file: tempfile::TempPath,
    server_config: Arc<ServerConfig>,
}

impl TestPki {
    pub fn new() -> Self {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(DnType::CommonName, "crlint test CA");
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_key = KeyPair::generate().expect("CA key");
        let ca_cert = ca_params.self_signed(&ca_key).expect("CA cert");
        let issuer = Issuer::new(ca_params, ca_key);

        let names: Vec<String> = SERVER_NAMES.iter().map(|n| n.to_string()).collect();
        let mut leaf_params = CertificateParams::new(names).expect("leaf params");
        leaf_params.distinguished_name.push(DnType::CommonName, SERVER_NAMES[0]);
        leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let leaf_key = KeyPair::generate().expect("leaf key");
        let leaf_cert = leaf_params.signed_by(&leaf_key, &issuer).expect("leaf cert");

        let ca_pem = ca_cert.pem();
        let mut file = tempfile::NamedTempFile::new().expect("CA temp file");
        file.write_all(ca_pem.as_bytes()).expect("write CA");
        let ca_file = file.into_temp_path();

        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
        let chain: Vec<CertificateDer<'static>> = vec![leaf_cert.der().clone()];
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let server_config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("server cert");
        TestPki { ca_pem, ca_file, server_config: Arc::new(server_config) }
    }

    /// Path of the PEM file holding only this CA.
    pub fn ca_path(&self) -> PathBuf {
        self.ca_file.to_path_buf()
    }
}

/// What the server answers on one path.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Waited before the answer is written (cut short when the server stops).
    pub delay: Duration,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn json(status: u16, body: &str) -> Self {
        Reply::new(status, "application/json", body)
    }

    pub fn html(status: u16, body: &str) -> Self {
        Reply::new(status, "text/html; charset=utf-8", body)
    }

    /// A model list in the OpenAI format with these ids.
    pub fn models(ids: &[&str]) -> Self {
        let data: Vec<String> =
            ids.iter().map(|id| format!(r#"{{"id":"{id}","object":"model","owned_by":"test"}}"#)).collect();
        Reply::json(200, &format!(r#"{{"object":"list","data":[{}]}}"#, data.join(",")))
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Shared between the accept loop, the connection threads and the test.
struct State {
    tls: Arc<ServerConfig>,
    routes: HashMap<String, Reply>,
    stop: AtomicBool,
    connections: AtomicUsize,
    requests: Mutex<Vec<RecordedRequest>>,
}

/// An HTTPS server on 127.0.0.1:<random port>; unknown paths get a JSON 404.
pub struct TlsServer {
    addr: SocketAddr,
    state: Arc<State>,
    accept_loop: Option<JoinHandle<()>>,
}

impl TlsServer {
    pub fn start(pki: &TestPki, routes: Vec<(&str, Reply)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        // Non-blocking so the loop can notice `stop` without a wake-up connection.
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(State {
            tls: pki.server_config.clone(),
            routes: routes.into_iter().map(|(path, reply)| (path.to_string(), reply)).collect(),
            stop: AtomicBool::new(false),
            connections: AtomicUsize::new(0),
            requests: Mutex::new(Vec::new()),
        });
        let loop_state = state.clone();
        let accept_loop = thread::spawn(move || accept_loop(listener, loop_state));
        TlsServer { addr, state, accept_loop: Some(accept_loop) }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The command-line flags that pin every host of `SERVER_NAMES` to this
    /// server and trust the test CA: `--resolve HOST=ADDR … --ca-file PEM`.
    pub fn pin_args(&self, pki: &TestPki) -> Vec<String> {
        let mut args = Vec::new();
        for host in SERVER_NAMES {
            args.push("--resolve".to_string());
            args.push(format!("{host}={}", self.addr));
        }
        args.push("--ca-file".to_string());
        args.push(pki.ca_path().display().to_string());
        args
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.requests.lock().expect("requests").clone()
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        if let Some(handle) = self.accept_loop.take() {
            let _ = handle.join();
        }
    }
}

fn accept_loop(listener: TcpListener, state: Arc<State>) {
    let born = Instant::now();
    let mut workers = Vec::new();
    while !state.stop.load(Ordering::SeqCst) && born.elapsed() < LIFETIME && workers.len() < MAX_CONNECTIONS {
        match listener.accept() {
            Ok((stream, _)) => {
                state.connections.fetch_add(1, Ordering::SeqCst);
                let state = state.clone();
                workers.push(thread::spawn(move || {
                    let _ = serve(stream, &state);
                }));
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                thread::sleep(Duration::from_millis(2));
            }
            Err(_) => break,
        }
    }
    drop(listener);
    // Workers finish quickly once `stop` is set: delays poll it, I/O has timeouts.
    state.stop.store(true, Ordering::SeqCst);
    for worker in workers {
        let _ = worker.join();
    }
}

fn serve(stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    let conn = ServerConnection::new(state.tls.clone()).map_err(std::io::Error::other)?;
    let mut tls = StreamOwned::new(conn, stream);

    let mut head = Vec::new();
    let mut chunk = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tls.read(&mut chunk)?;
        if n == 0 || head.len() > MAX_HEAD {
            return Ok(());
        }
        head.extend_from_slice(&chunk[..n]);
    }
    let request = parse_head(&head);
    let route = request.path.split('?').next().unwrap_or_default().to_string();
    state.requests.lock().expect("requests").push(request);

    let reply =
        state.routes.get(&route).cloned().unwrap_or_else(|| Reply::json(404, r#"{"error":"not found"}"#));
    let deadline = Instant::now() + reply.delay;
    while Instant::now() < deadline && !state.stop.load(Ordering::SeqCst) {
        thread::sleep(Duration::from_millis(5));
    }

    let mut out = format!("HTTP/1.1 {} Test\r\n", reply.status);
    for (name, value) in &reply.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", reply.body.len()));
    tls.write_all(out.as_bytes())?;
    tls.write_all(&reply.body)?;
    tls.conn.send_close_notify();
    tls.flush()
}

fn parse_head(head: &[u8]) -> RecordedRequest {
    let text = String::from_utf8_lossy(head);
    let mut lines = text.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_string();
    let path = first.next().unwrap_or_default().to_string();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    RecordedRequest { method, path, headers }
}
