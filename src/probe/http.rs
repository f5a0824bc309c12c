//! One `GET` of a models URL with ureq over rustls, and nothing more.
//!
//! For: building a fresh agent per request (trust roots, proxy, pinned address,
//! one overall timeout, no redirects), sending the request with the key, and
//! handing back the status, the two headers that matter and a capped body. Not
//! for: deciding whether the request may be made (`policy`, which runs first) or
//! what the answer means (`classify`).
//!
//! Redirects are never followed, not even to the same host: a gateway answers
//! `/v1/models` directly, so any 3xx already says the URL is wrong, and following
//! it could carry the key somewhere the gate never checked.
//!
//! The proxy comes from the environment as curl reads it for an `https://` URL
//! (`env_proxy`): `https_proxy`, else `all_proxy`, else `http_proxy` (each in
//! lower or upper case), unless `no_proxy` names the host. HTTP, HTTPS and SOCKS
//! (`socks4`, `socks4a`, `socks5`, `socks5h`) proxies are used; a value that is
//! none of those is an error naming the variable, never a silent direct
//! connection, and never a reason to skip a proxy set in another variable.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::path::Path;

use ureq::config::Config;
use ureq::http::Uri;
use ureq::tls::{parse_pem, PemItem, RootCerts, TlsConfig, TlsProvider};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};
use ureq::{Agent, Proxy};

use super::policy::{normalize_host, Plan};
use super::secret::Secret;
use super::ProbeOptions;

/// What came back, before any interpretation.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub body: Vec<u8>,
    /// The body was larger than `body_cap` and was not kept.
    pub too_large: bool,
}

/// Why no response came back. Causes are raw: the caller scrubs them.
#[derive(Debug)]
pub(crate) enum FetchError {
    Timeout,
    Unreachable(String),
}

/// Sends `GET url` as planned. `key` goes into `Authorization: Bearer`.
pub(crate) fn fetch(
    url: &str,
    plan: &Plan,
    key: Option<&Secret>,
    opts: &ProbeOptions,
) -> Result<RawResponse, FetchError> {
    let agent = agent_for(plan, opts)?;
    let mut request = agent.get(url);
    if let Some(key) = key {
        request = request.header("Authorization", format!("Bearer {}", key.expose()));
    }
    let mut response = request.call().map_err(fetch_error)?;
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let status = response.status().as_u16();
    let content_type = header("content-type");
    let location = header("location");
    let cap = u64::try_from(opts.body_cap).unwrap_or(u64::MAX);
    let (body, too_large) = match response.body_mut().with_config().limit(cap).read_to_vec() {
        Ok(body) => (body, false),
        Err(ureq::Error::BodyExceedsLimit(_)) => (Vec::new(), true),
        Err(e) => return Err(fetch_error(e)),
    };
    Ok(RawResponse { status, content_type, location, body, too_large })
}

fn fetch_error(err: ureq::Error) -> FetchError {
    match err {
        ureq::Error::Timeout(_) => FetchError::Timeout,
        ureq::Error::Io(e) if e.kind() == io::ErrorKind::TimedOut => FetchError::Timeout,
        other => FetchError::Unreachable(other.to_string()),
    }
}

fn agent_for(plan: &Plan, opts: &ProbeOptions) -> Result<Agent, FetchError> {
    let roots = match &plan.ca_file {
        Some(path) => RootCerts::from(load_certs(path).map_err(FetchError::Unreachable)?),
        None => RootCerts::WebPki,
    };
    let tls = TlsConfig::builder().provider(TlsProvider::Rustls).root_certs(roots).build();
    // A pinned host must go where the pin says: a proxy would resolve the name itself.
    let proxy = match plan.pinned {
        None if opts.use_env_proxy => {
            env_proxy(&plan.host, |name| std::env::var(name).ok()).map_err(FetchError::Unreachable)?
        }
        _ => None,
    };
    let config: Config = Agent::config_builder()
        .https_only(true)
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(opts.timeout))
        .proxy(proxy)
        .tls_config(tls)
        .user_agent(concat!("crlint/", env!("CARGO_PKG_VERSION")))
        .accept("application/json")
        .build();
    let resolver = GatewayResolver { host: plan.host.clone(), pinned: plan.pinned };
    Ok(Agent::with_parts(config, DefaultConnector::default(), resolver))
}

/// The variables that name a proxy for an `https://` request, in the order
/// curl reads them.
const PROXY_VARS: &[&str] =
    &["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "http_proxy", "HTTP_PROXY"];

/// The proxy a request to `host` goes through, from the variables `var` reads
/// (see the module docs). `Err` names the variable whose value cannot be used;
/// the value itself is never shown (it may hold a password).
pub(crate) fn env_proxy(host: &str, var: impl Fn(&str) -> Option<String>) -> Result<Option<Proxy>, String> {
    let set = |name: &str| var(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let Some((name, value)) = PROXY_VARS.iter().find_map(|n| set(n).map(|v| (*n, v))) else {
        return Ok(None);
    };
    if let Some(no_proxy) = set("no_proxy").or_else(|| set("NO_PROXY")) {
        if no_proxy_matches(&no_proxy, host) {
            return Ok(None);
        }
    }
    match Proxy::new(&value) {
        Ok(proxy) => Ok(Some(proxy)),
        Err(_) => Err(format!(
            "{name} is not a proxy crlint can use (http://, https://, socks4://, socks4a://, socks5:// or socks5h:// with a host); nothing sent"
        )),
    }
}

/// curl's `no_proxy`: `*`, or comma-separated names that match the host itself
/// or, with or without a leading `.` (or `*.`), any name under them.
fn no_proxy_matches(list: &str, host: &str) -> bool {
    let host = normalize_host(host);
    list.split(',').map(str::trim).filter(|e| !e.is_empty()).any(|entry| {
        if entry == "*" {
            return true;
        }
        let name = entry.trim_start_matches("*.").trim_start_matches('.');
        let name = normalize_host(name.split(':').next().unwrap_or(name));
        host == name || host.ends_with(&format!(".{name}"))
    })
}

/// Reads every certificate in a PEM file; other PEM items (keys) are ignored.
fn load_certs(path: &Path) -> Result<Vec<ureq::tls::Certificate<'static>>, String> {
    let pem = std::fs::read(path).map_err(|e| format!("CA file {}: {e}", path.display()))?;
    let mut certs = Vec::new();
    for item in parse_pem(&pem) {
        match item {
            Ok(PemItem::Certificate(cert)) => certs.push(cert),
            Ok(_) => {}
            Err(e) => return Err(format!("CA file {}: {e}", path.display())),
        }
    }
    if certs.is_empty() {
        return Err(format!("CA file {}: no certificate in it", path.display()));
    }
    Ok(certs)
}

/// Resolves the target host to its pinned address when there is one. Otherwise it
/// asks DNS, but will not hand out a loopback address for the target: reaching a
/// local server is allowed only through `--resolve` with a CA file. Other names
/// (a proxy's) resolve normally.
struct GatewayResolver {
    host: String,
    pinned: Option<SocketAddr>,
}

impl fmt::Debug for GatewayResolver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GatewayResolver").field("host", &self.host).field("pinned", &self.pinned).finish()
    }
}

impl Resolver for GatewayResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let is_target = uri.host().map(normalize_host).as_deref() == Some(self.host.as_str());
        if is_target {
            if let Some(addr) = self.pinned {
                let mut addrs = self.empty();
                addrs.push(addr);
                return Ok(addrs);
            }
        }
        let found = DefaultResolver::default().resolve(uri, config, timeout)?;
        if !is_target {
            return Ok(found);
        }
        let mut addrs = self.empty();
        for addr in found.iter().filter(|a| !is_local(a)) {
            addrs.push(*addr);
        }
        if addrs.is_empty() {
            return Err(ureq::Error::Io(io::Error::other(format!(
                "{} resolves to a local address: use --resolve with --ca-file for a local server",
                self.host
            ))));
        }
        Ok(addrs)
    }
}

fn is_local(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback() || addr.ip().is_unspecified()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::ProxyProtocol;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
    }

    fn proxy(pairs: &[(&str, &str)]) -> Option<(ProxyProtocol, u16)> {
        env_proxy("api.crazyrouter.com", env(pairs)).unwrap().map(|p| (p.protocol(), p.port()))
    }

    #[test]
    fn all_proxy_never_cancels_https_proxy() {
        // Regression: ALL_PROXY was read first, and a SOCKS value there was
        // dropped (no SOCKS support) with HTTPS_PROXY never read: a direct connection.
        let both = [("ALL_PROXY", "socks5://127.0.0.1:1080"), ("HTTPS_PROXY", "http://127.0.0.1:3128")];
        assert_eq!(proxy(&both), Some((ProxyProtocol::Http, 3128)));
        assert_eq!(proxy(&[("all_proxy", "socks5h://127.0.0.1:1080")]), Some((ProxyProtocol::Socks5h, 1080)));
        assert_eq!(
            proxy(&[("HTTP_PROXY", "http://127.0.0.1:8080"), ("ALL_PROXY", "socks4a://127.0.0.1:9")]),
            Some((ProxyProtocol::Socks4A, 9))
        );
        assert_eq!(proxy(&[("HTTP_PROXY", "127.0.0.1:8080")]), Some((ProxyProtocol::Http, 8080)));
        assert_eq!(proxy(&[("HTTPS_PROXY", " ")]), None);
        assert_eq!(proxy(&[]), None);
    }

    #[test]
    fn no_proxy_names_the_host_or_a_parent() {
        for list in
            ["*", "api.crazyrouter.com", ".crazyrouter.com", "x.test, crazyrouter.com", "*.crazyrouter.com"]
        {
            assert_eq!(
                proxy(&[("HTTPS_PROXY", "http://127.0.0.1:3128"), ("NO_PROXY", list)]),
                None,
                "{list}"
            );
        }
        for list in ["router.com", "cn.crazyrouter.com", "example.com"] {
            assert!(
                proxy(&[("HTTPS_PROXY", "http://127.0.0.1:3128"), ("no_proxy", list)]).is_some(),
                "{list}"
            );
        }
    }

    #[test]
    fn a_proxy_that_cannot_be_used_is_an_error_naming_the_variable_only() {
        let err =
            env_proxy("api.crazyrouter.com", env(&[("HTTPS_PROXY", "ftp://user:hunter2@127.0.0.1:21")]))
                .unwrap_err();
        assert!(err.contains("HTTPS_PROXY") && !err.contains("hunter2"), "{err}");
    }
}
