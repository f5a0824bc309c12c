//! A loopback stand-in for the Crazyrouter gateway that records every request.
//!
//! For: conformance tests that point a real client (SDK, CLI) at
//! `Recorder::base()` and then assert on the method, path and auth header the
//! client actually sent. It answers the gateway's documented routes (and the
//! undocumented `/v1/models/{m}:generateContent` alias) with bodies each SDK
//! parses, JSON or server-sent events, and 404 with a JSON error otherwise.
//!
//! Not for: being a gateway. Plain HTTP/1.1 on 127.0.0.1 only, no TLS, no
//! auth checks, canned answers ("ok"), std only. It stops when dropped.

// Shared by several test binaries; each uses only part of the recorder.
#![allow(dead_code)]

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Which credential the client sent. A request may carry several.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer …`
    Authorization,
    /// `x-api-key: …` (Anthropic style)
    XApiKey,
    /// `x-goog-api-key: …` (Gemini style)
    XGoogApiKey,
    /// `?key=…` in the query string
    QueryKey,
}

/// How the gateway treats the route that was hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteKind {
    /// In the gateway's endpoint table.
    Documented,
    /// Served, but not in the table (`/v1/models/{m}:generateContent`).
    UndocumentedAlias,
    /// Answered 404.
    NotFound,
}

/// One request as the recorder saw it, with what it answered.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: String,
    /// Path with query string, exactly as sent (`/v1/messages?beta=true`).
    pub path: String,
    /// Header names lowercased, in arrival order.
    pub headers: Vec<(String, String)>,
    pub auth: Vec<AuthKind>,
    pub body: Vec<u8>,
    pub status: u16,
    pub route: RouteKind,
    /// The answer was `text/event-stream`.
    pub sse: bool,
}

impl RecordedRequest {
    /// `"POST /v1/chat/completions"`: method and path with query.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// The path without its query string.
    pub fn path_only(&self) -> &str {
        self.path.split('?').next().unwrap_or("")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The credential value of the first auth kind found (Bearer prefix removed).
    pub fn auth_value(&self) -> Option<String> {
        match self.auth.first()? {
            AuthKind::Authorization => {
                self.header("authorization").map(|v| v.trim_start_matches("Bearer ").to_string())
            }
            AuthKind::XApiKey => self.header("x-api-key").map(str::to_string),
            AuthKind::XGoogApiKey => self.header("x-goog-api-key").map(str::to_string),
            AuthKind::QueryKey => query_param(&self.path, "key"),
        }
    }
}

struct Shared {
    stop: AtomicBool,
    requests: Mutex<Vec<RecordedRequest>>,
    conns: Mutex<Vec<(TcpStream, JoinHandle<()>)>>,
}

/// The running recorder. Dropping it stops the listener and closes connections.
pub struct Recorder {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 16 * 1024 * 1024;

impl Recorder {
    /// Binds 127.0.0.1 on a free port and starts answering.
    pub fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            requests: Mutex::new(Vec::new()),
            conns: Mutex::new(Vec::new()),
        });
        let s = Arc::clone(&shared);
        let accept = thread::spawn(move || {
            for conn in listener.incoming() {
                if s.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = conn else { continue };
                let Ok(keep) = stream.try_clone() else {
                    continue;
                };
                let s2 = Arc::clone(&s);
                let handle = thread::spawn(move || serve(stream, &s2));
                s.conns.lock().unwrap().push((keep, handle));
            }
        });
        Recorder { addr, shared, accept: Some(accept) }
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.requests.lock().unwrap().clone()
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so the loop sees `stop`.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
        let conns = std::mem::take(&mut *self.shared.conns.lock().unwrap());
        for (stream, handle) in conns {
            let _ = stream.shutdown(Shutdown::Both);
            let _ = handle.join();
        }
    }
}

/// One connection: requests in sequence while the client keeps it alive.
fn serve(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    while !shared.stop.load(Ordering::SeqCst) {
        match handle_one(&mut reader, &mut writer, shared) {
            Ok(true) => continue,
            Ok(false) | Err(_) => return,
        }
    }
}

/// Reads one request, answers it. `Ok(true)` when the connection stays open.
fn handle_one(
    reader: &mut BufReader<TcpStream>,
    writer: &mut TcpStream,
    shared: &Shared,
) -> io::Result<bool> {
    let mut lines = Vec::new();
    let mut head_len = 0;
    loop {
        let mut line = Vec::new();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(false); // closed (cleanly, between requests)
        }
        head_len += n;
        if head_len > MAX_HEAD {
            return Err(io::Error::other("request head too large"));
        }
        let text = String::from_utf8_lossy(&line).trim_end().to_string();
        if text.is_empty() {
            if lines.is_empty() {
                continue; // stray CRLF between requests
            }
            break;
        }
        lines.push(text);
    }
    let mut parts = lines[0].split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let version = parts.next().unwrap_or("HTTP/1.0").to_string();
    let headers: Vec<(String, String)> = lines[1..]
        .iter()
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let get = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v);

    if get("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    let chunked = get("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        read_chunked(reader)?
    } else {
        let len: usize = get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        if len > MAX_BODY {
            return Err(io::Error::other("body too large"));
        }
        let mut body = vec![0; len];
        reader.read_exact(&mut body)?;
        body
    };
    let keep_alive = match get("connection").map(|v| v.to_ascii_lowercase()) {
        Some(v) if v.contains("close") => false,
        Some(v) if v.contains("keep-alive") => true,
        _ => version == "HTTP/1.1",
    };

    let mut auth = Vec::new();
    if get("authorization").is_some() {
        auth.push(AuthKind::Authorization);
    }
    if get("x-api-key").is_some() {
        auth.push(AuthKind::XApiKey);
    }
    if get("x-goog-api-key").is_some() {
        auth.push(AuthKind::XGoogApiKey);
    }
    if query_param(&path, "key").is_some() {
        auth.push(AuthKind::QueryKey);
    }
    let anthropic_list = get("x-api-key").is_some() && get("anthropic-version").is_some();
    let reply = route(&method, &path, &body, anthropic_list);

    shared.requests.lock().unwrap().push(RecordedRequest {
        method,
        path,
        headers: headers.clone(),
        auth,
        body,
        status: reply.status,
        route: reply.kind,
        sse: reply.sse,
    });

    let reason = match reply.status {
        200 => "OK",
        404 => "Not Found",
        _ => "Error",
    };
    let ctype = if reply.sse { "text/event-stream" } else { "application/json" };
    let head = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: {}\r\ncontent-length: {}\r\nconnection: {}\r\n\r\n",
        reply.status,
        reason,
        ctype,
        reply.body.len(),
        if keep_alive { "keep-alive" } else { "close" }
    );
    writer.write_all(head.as_bytes())?;
    writer.write_all(reply.body.as_bytes())?;
    writer.flush()?;
    Ok(keep_alive)
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size_line = String::new();
        reader.read_line(&mut size_line)?;
        let hex = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(hex, 16).map_err(io::Error::other)?;
        if size == 0 {
            // Trailers, then the empty line.
            loop {
                let mut t = String::new();
                if reader.read_line(&mut t)? == 0 || t.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        if body.len() + size > MAX_BODY {
            return Err(io::Error::other("body too large"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        let mut crlf = [0u8; 2];
        reader.read_exact(&mut crlf)?;
    }
}

fn query_param(path: &str, name: &str) -> Option<String> {
    let query = path.split_once('?')?.1;
    query
        .split('&')
        .filter_map(|kv| kv.split_once('=').or(Some((kv, ""))))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

struct Reply {
    status: u16,
    kind: RouteKind,
    sse: bool,
    body: String,
}

fn ok(kind: RouteKind, sse: bool, body: String) -> Reply {
    Reply { status: 200, kind, sse, body }
}

/// The gateway's routes, answered with canned bodies.
fn route(method: &str, path: &str, body: &[u8], anthropic_list: bool) -> Reply {
    use RouteKind::*;
    let p = path.split('?').next().unwrap_or("");
    let stream = body_wants_stream(body);
    let model = body_model(body);
    match (method, p) {
        ("GET", "/v1/models") if anthropic_list => ok(Documented, false, bodies::anthropic_models()),
        ("GET", "/v1/models") => ok(Documented, false, bodies::openai_models()),
        ("POST", "/v1/chat/completions") if stream => ok(Documented, true, bodies::chat_sse(&model)),
        ("POST", "/v1/chat/completions") => ok(Documented, false, bodies::chat(&model)),
        ("POST", "/v1/messages") if stream => ok(Documented, true, bodies::messages_sse(&model)),
        ("POST", "/v1/messages") => ok(Documented, false, bodies::message(&model)),
        ("POST", "/v1/responses") if stream => ok(Documented, true, bodies::responses_sse(&model)),
        ("POST", "/v1/responses") => ok(Documented, false, bodies::response(&model, "completed")),
        ("POST", _) => match gemini_route(p) {
            Some((kind, m, false)) => ok(kind, false, bodies::gemini(&m)),
            Some((kind, m, true)) if query_param(path, "alt").as_deref() == Some("sse") => {
                ok(kind, true, format!("data: {}\r\n\r\n", bodies::gemini(&m)))
            }
            Some((kind, m, true)) => ok(kind, false, format!("[{}]", bodies::gemini(&m))),
            None => not_found(method, path),
        },
        _ => not_found(method, path),
    }
}

/// `/v1beta/models/{m}:generateContent` and friends: (kind, model, streaming).
fn gemini_route(p: &str) -> Option<(RouteKind, String, bool)> {
    let (kind, rest) = if let Some(rest) = p.strip_prefix("/v1beta/models/") {
        (RouteKind::Documented, rest)
    } else {
        (RouteKind::UndocumentedAlias, p.strip_prefix("/v1/models/")?)
    };
    let (model, action) = rest.split_once(':')?;
    if model.is_empty() || model.contains('/') {
        return None;
    }
    match action {
        "generateContent" => Some((kind, model.to_string(), false)),
        "streamGenerateContent" => Some((kind, model.to_string(), true)),
        _ => None,
    }
}

fn not_found(method: &str, path: &str) -> Reply {
    let msg = format!("Invalid URL ({method} {path})").replace('"', "'");
    Reply {
        status: 404,
        kind: RouteKind::NotFound,
        sse: false,
        body: format!(
            r#"{{"error":{{"message":"{msg}","type":"invalid_request_error","param":"","code":"not_found"}}}}"#
        ),
    }
}

/// `"stream": true` anywhere at the top of the JSON body (no JSON parser: std only).
fn body_wants_stream(body: &[u8]) -> bool {
    let text = String::from_utf8_lossy(body);
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("\"stream\":true")
}

/// The `"model"` string of a JSON body, or a default.
fn body_model(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let found = text.find("\"model\"").and_then(|i| {
        let rest = text[i + 7..].trim_start().strip_prefix(':')?.trim_start();
        let rest = rest.strip_prefix('"')?;
        let end = rest.find('"')?;
        Some(rest[..end].to_string())
    });
    found
        .filter(|m| m.chars().all(|c| c.is_ascii_alphanumeric() || "-._:/".contains(c)))
        .unwrap_or_else(|| "gpt-4o-mini".to_string())
}

/// Canned answers, shaped like the real APIs' objects.
mod bodies {
    const CREATED: u64 = 1_700_000_000;

    pub fn openai_models() -> String {
        r#"{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","owned_by":"openai"},{"id":"claude-sonnet-4-5","object":"model","owned_by":"anthropic"},{"id":"gemini-2.5-flash","object":"model","owned_by":"google"}]}"#.to_string()
    }

    pub fn anthropic_models() -> String {
        r#"{"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"}],"has_more":false,"first_id":"claude-sonnet-4-5","last_id":"claude-sonnet-4-5"}"#.to_string()
    }

    pub fn chat(model: &str) -> String {
        format!(
            r#"{{"id":"chatcmpl-rec1","object":"chat.completion","created":{CREATED},"model":"{model}","choices":[{{"index":0,"message":{{"role":"assistant","content":"ok","refusal":null}},"logprobs":null,"finish_reason":"stop"}}],"usage":{{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}}}"#
        )
    }

    pub fn chat_sse(model: &str) -> String {
        let chunk = |delta: &str, finish: &str| {
            format!(
                r#"data: {{"id":"chatcmpl-rec1","object":"chat.completion.chunk","created":{CREATED},"model":"{model}","choices":[{{"index":0,"delta":{delta},"finish_reason":{finish}}}]}}"#
            ) + "\n\n"
        };
        chunk(r#"{"role":"assistant","content":"ok"}"#, "null")
            + &chunk("{}", r#""stop""#)
            + "data: [DONE]\n\n"
    }

    pub fn message(model: &str) -> String {
        format!(
            r#"{{"id":"msg_rec1","type":"message","role":"assistant","model":"{model}","content":[{{"type":"text","text":"ok"}}],"stop_reason":"end_turn","stop_sequence":null,"usage":{{"input_tokens":1,"output_tokens":1}}}}"#
        )
    }

    pub fn messages_sse(model: &str) -> String {
        let start = format!(
            r#"{{"type":"message_start","message":{{"id":"msg_rec1","type":"message","role":"assistant","model":"{model}","content":[],"stop_reason":null,"stop_sequence":null,"usage":{{"input_tokens":1,"output_tokens":0}}}}}}"#
        );
        let events = [
            ("message_start", start.as_str()),
            (
                "content_block_start",
                r#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
            ),
            (
                "content_block_delta",
                r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}"#,
            ),
            ("content_block_stop", r#"{"type":"content_block_stop","index":0}"#),
            (
                "message_delta",
                r#"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":1}}"#,
            ),
            ("message_stop", r#"{"type":"message_stop"}"#),
        ];
        events.iter().map(|(e, d)| format!("event: {e}\ndata: {d}\n\n")).collect()
    }

    pub fn response(model: &str, status: &str) -> String {
        let output = if status == "completed" {
            r#"[{"type":"message","id":"msg_rec1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"ok","annotations":[]}]}]"#
        } else {
            "[]"
        };
        format!(
            r#"{{"id":"resp_rec1","object":"response","created_at":{CREATED},"status":"{status}","model":"{model}","output":{output},"parallel_tool_calls":true,"tool_choice":"auto","tools":[],"temperature":1.0,"top_p":1.0,"error":null,"incomplete_details":null,"instructions":null,"metadata":{{}},"usage":{{"input_tokens":1,"input_tokens_details":{{"cached_tokens":0}},"output_tokens":1,"output_tokens_details":{{"reasoning_tokens":0}},"total_tokens":2}}}}"#
        )
    }

    pub fn responses_sse(model: &str) -> String {
        let events = [
            ("response.created", format!(r#"{{"type":"response.created","sequence_number":0,"response":{}}}"#, response(model, "in_progress"))),
            ("response.output_item.added", r#"{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"type":"message","id":"msg_rec1","status":"in_progress","role":"assistant","content":[]}}"#.to_string()),
            ("response.content_part.added", r#"{"type":"response.content_part.added","sequence_number":2,"item_id":"msg_rec1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}"#.to_string()),
            ("response.output_text.delta", r#"{"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_rec1","output_index":0,"content_index":0,"delta":"ok","logprobs":[]}"#.to_string()),
            ("response.output_text.done", r#"{"type":"response.output_text.done","sequence_number":4,"item_id":"msg_rec1","output_index":0,"content_index":0,"text":"ok","logprobs":[]}"#.to_string()),
            ("response.completed", format!(r#"{{"type":"response.completed","sequence_number":5,"response":{}}}"#, response(model, "completed"))),
        ];
        events.iter().map(|(e, d)| format!("event: {e}\ndata: {d}\n\n")).collect()
    }

    pub fn gemini(model: &str) -> String {
        format!(
            r#"{{"candidates":[{{"content":{{"role":"model","parts":[{{"text":"ok"}}]}},"finishReason":"STOP","index":0}}],"usageMetadata":{{"promptTokenCount":1,"candidatesTokenCount":1,"totalTokenCount":2}},"modelVersion":"{model}","responseId":"rec1"}}"#
        )
    }
}
