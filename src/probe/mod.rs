//! The live probe: `GET /v1/models` on each configured base URL, and a verdict.
//!
//! For: proving that a base URL and key work, by asking the gateway for its model
//! list and classifying the answer (see `Verdict`), and timing the regional API
//! hosts to pick the fastest. It knows URLs, keys and HTTP. Not for: reading
//! config files, mapping clients to shapes or printing reports: callers hand in
//! `ProbeTarget`s and render `ProbeResult`s themselves.
//!
//! Security, enforced before any traffic (`policy`): HTTPS only, only hosts in
//! `gateway_hosts`, a pinned (e.g. loopback) address only with a CA file; redirects
//! are never followed; keys never appear in any output (`secret`).

mod classify;
mod http;
mod policy;
mod pool;
mod region;
mod secret;
mod shape;

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use classify::Verdict;
pub use region::{choose_region, RegionChoice, RegionTiming};
pub use secret::{redact_secrets, Secret};
pub use shape::{infer_shape, models_url, BaseSuffixes, Shape};

/// One base URL to probe, as the config states it.
#[derive(Clone)]
pub struct ProbeTarget {
    pub base_url: String,
    /// The shape the client expects; `None`: read it off the URL.
    pub shape: Option<Shape>,
    pub api_key: Option<Secret>,
    /// Models the config names; each must be in the gateway's list.
    pub models: Vec<String>,
    /// Free text saying where the target came from, e.g. `fixtures/demo/.env:3`.
    pub origin: String,
    /// Why no key is sent although the config names one (a variable whose value
    /// may not leave the machine: `settings::key_ref::SendPolicy`); for people.
    pub key_note: Option<String>,
}

impl ProbeTarget {
    /// A target with no key, no models and the shape read off the URL.
    pub fn new(base_url: impl Into<String>, origin: impl Into<String>) -> Self {
        ProbeTarget {
            base_url: base_url.into(),
            shape: None,
            api_key: None,
            models: Vec::new(),
            origin: origin.into(),
            key_note: None,
        }
    }
}

/// Hand-written so that a key pasted into the URL (`?key=…`) never prints.
impl fmt::Debug for ProbeTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self.api_key.as_ref();
        f.debug_struct("ProbeTarget")
            .field("base_url", &secret::scrub(&self.base_url, key))
            .field("shape", &self.shape)
            .field("api_key", &self.api_key)
            .field("models", &self.models)
            .field("origin", &secret::scrub(&self.origin, key))
            .field("key_note", &self.key_note)
            .finish()
    }
}

#[derive(Clone, Debug)]
pub struct ProbeOptions {
    /// Per request, from DNS lookup to the last body byte.
    pub timeout: Duration,
    /// `--resolve HOST=IP:PORT`: connect there, keep HOST for SNI and certificates.
    pub resolve: Vec<(String, SocketAddr)>,
    /// Trust exactly the certificates in this PEM file instead of the webpki roots.
    /// `Default` fills it from `SSL_CERT_FILE`, so the probe itself reads no env.
    pub ca_file: Option<PathBuf>,
    /// Hosts that may be contacted (and so receive the key).
    pub gateway_hosts: Vec<String>,
    /// The endpoints a FULL base URL may end in (`rules/endpoints.toml`); empty by
    /// default, when no FULL URL can be turned into a model-list URL.
    pub endpoints: BaseSuffixes,
    pub max_concurrency: usize,
    /// Largest body read; a larger one yields `Unexpected`.
    pub body_cap: usize,
    /// Use `ALL_PROXY`/`HTTPS_PROXY`/`HTTP_PROXY` (and `NO_PROXY`) from the
    /// environment; never for a `resolve`d host.
    pub use_env_proxy: bool,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        ProbeOptions {
            timeout: Duration::from_secs(10),
            resolve: Vec::new(),
            ca_file: std::env::var_os("SSL_CERT_FILE").filter(|v| !v.is_empty()).map(PathBuf::from),
            // None until the caller names them (from rules/gateway.toml): nothing is probed by default.
            gateway_hosts: Vec::new(),
            endpoints: BaseSuffixes::default(),
            max_concurrency: 8,
            body_cap: 1024 * 1024,
            use_env_proxy: true,
        }
    }
}

#[derive(Clone)]
pub struct ProbeResult {
    pub target: ProbeTarget,
    /// The URL asked (empty when the base URL gave none).
    pub models_url: String,
    pub verdict: Verdict,
    /// Zero when nothing was sent.
    pub latency: Duration,
}

impl fmt::Debug for ProbeResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self.target.api_key.as_ref();
        f.debug_struct("ProbeResult")
            .field("target", &self.target)
            .field("models_url", &secret::scrub(&self.models_url, key))
            .field("verdict", &self.verdict)
            .field("latency", &self.latency)
            .finish()
    }
}

impl ProbeResult {
    /// `origin: url: verdict summary`, one line.
    pub fn summary(&self) -> String {
        let url = if self.models_url.is_empty() { &self.target.base_url } else { &self.models_url };
        let key = self.target.api_key.as_ref();
        let line = format!("{}: {url}: {}", self.target.origin, self.verdict.summary());
        secret::scrub(&line, key)
    }
}

/// Probes every target, at most `opts.max_concurrency` at once; results keep the
/// input order.
pub fn run_probes(targets: Vec<ProbeTarget>, opts: &ProbeOptions) -> Vec<ProbeResult> {
    pool::map_bounded(targets, opts.max_concurrency, |target| probe_one(target, opts))
}

fn probe_one(target: ProbeTarget, opts: &ProbeOptions) -> ProbeResult {
    let key = target.api_key.as_ref();
    let url = match models_url(&target.base_url, target.shape, &opts.endpoints) {
        Ok(url) => url,
        Err(reason) => {
            let reason = secret::scrub(&reason, key);
            return not_sent(target, String::new(), reason);
        }
    };
    let plan = match policy::plan(&url, opts) {
        Ok(plan) => plan,
        Err(reason) => return not_sent(target, url, reason),
    };
    let start = Instant::now();
    let fetched = http::fetch(&url, &plan, key, opts);
    let latency = start.elapsed();
    let verdict = match fetched {
        Ok(raw) => classify::classify(&raw, &target.models, key),
        Err(err) => classify::classify_error(err, key),
    };
    ProbeResult { target, models_url: url, verdict, latency }
}

fn not_sent(target: ProbeTarget, models_url: String, reason: String) -> ProbeResult {
    ProbeResult { target, models_url, verdict: Verdict::Refused { reason }, latency: Duration::ZERO }
}
