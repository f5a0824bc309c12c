//! The gate in front of the network: may this URL be contacted at all?
//!
//! For: the security rules of the probe, decided before any byte is sent: HTTPS
//! only, gateway hosts only, and a loopback or other pinned address only through a
//! `--resolve` entry together with an explicit CA file. A refusal here means no DNS
//! lookup, no connection, and so no key on the wire. Not for: doing the request
//! (`http`) or reading the answer (`classify`).
//!
//! The gate applies whether or not a key is given: a linter run in CI should never
//! be talked into contacting arbitrary hosts by the config it reads.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use ureq::http::Uri;

use super::ProbeOptions;

/// What the HTTP layer needs to contact a target that passed the gate.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    /// Lowercase host name from the URL: used for SNI and certificate checks.
    pub host: String,
    /// Where to connect instead of asking DNS (from a `--resolve` entry).
    pub pinned: Option<SocketAddr>,
    /// Trust exactly the certificates in this file instead of the webpki roots.
    pub ca_file: Option<PathBuf>,
}

/// Normalises a host name for comparison: lowercase, no trailing dot.
pub(crate) fn normalize_host(host: &str) -> String {
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// Decides whether `url` (a models URL) may be requested; `Err` holds the reason.
pub(crate) fn plan(url: &str, opts: &ProbeOptions) -> Result<Plan, String> {
    let uri: Uri = url.parse().map_err(|e| format!("not a valid URL ({e}): nothing sent"))?;
    let scheme = uri.scheme_str().unwrap_or_default();
    if !scheme.eq_ignore_ascii_case("https") {
        return Err(format!("{scheme}:// would send the request in clear text: only https:// is probed"));
    }
    let host = normalize_host(uri.host().unwrap_or_default());
    let is_gateway = opts.gateway_hosts.iter().any(|gateway| normalize_host(gateway) == host);
    if !is_gateway {
        return Err(format!(
            "{host} is not a gateway API host ({}): nothing sent",
            opts.gateway_hosts.join(", ")
        ));
    }
    let pinned = opts.resolve.iter().find(|(name, _)| normalize_host(name) == host).map(|(_, addr)| *addr);
    if pinned.is_none() && is_ip_or_localhost(&host) {
        // Only reachable when a caller lists such a host as a gateway: still refuse,
        // a local server is reached through a pinned gateway name and a CA file.
        return Err(format!(
            "{host} is an IP or local address: use the gateway host name with --resolve and --ca-file"
        ));
    }
    if pinned.is_some() && opts.ca_file.is_none() {
        // A pinned address is usually a local test server: without a CA file saying
        // which certificate to expect, the key would go to whatever listens there.
        return Err(format!("--resolve for {host} needs --ca-file (or SSL_CERT_FILE): nothing sent"));
    }
    Ok(Plan { host, pinned, ca_file: opts.ca_file.clone() })
}

fn is_ip_or_localhost(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok() || host == "localhost" || host.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_options_send_nothing_anywhere() {
        let o = ProbeOptions { ca_file: None, ..ProbeOptions::default() };
        assert!(plan("https://api.crazyrouter.com/v1/models", &o).is_err());
    }

    fn opts() -> ProbeOptions {
        ProbeOptions {
            ca_file: None,
            gateway_hosts: crate::catalog::Catalog::embedded().unwrap().api_hosts(),
            ..ProbeOptions::default()
        }
    }

    #[test]
    fn gateway_https_passes() {
        let plan = plan("https://API.crazyrouter.com./v1/models", &opts()).unwrap();
        assert_eq!(plan.host, "api.crazyrouter.com");
        assert!(plan.pinned.is_none());
    }

    #[test]
    fn refusals() {
        let o = opts();
        for url in [
            "http://api.crazyrouter.com/v1/models",
            "https://crazyrouter.com/v1/models",
            "https://www.crazyrouter.com/v1/models",
            "https://127.0.0.1:8443/v1/models",
            "https://localhost/v1/models",
            "https://api.crazyrouter.co/v1/models",
        ] {
            assert!(plan(url, &o).is_err(), "{url} should be refused");
        }
    }

    #[test]
    fn ip_hosts_are_refused_even_when_listed_as_gateways() {
        let mut o = opts();
        o.gateway_hosts = vec!["127.0.0.1".into(), "[::1]".into(), "localhost".into()];
        for url in ["https://127.0.0.1/v1", "https://[::1]:8443/v1", "https://localhost/"] {
            assert!(plan(url, &o).unwrap_err().contains("--resolve"), "{url}");
        }
    }

    #[test]
    fn resolve_needs_a_ca_file() {
        let mut o = opts();
        o.resolve = vec![("api.crazyrouter.com".into(), "127.0.0.1:9".parse().unwrap())];
        let url = "https://api.crazyrouter.com/v1/models";
        assert!(plan(url, &o).unwrap_err().contains("--ca-file"));
        o.ca_file = Some("ca.pem".into());
        assert_eq!(plan(url, &o).unwrap().pinned, Some(o.resolve[0].1));
    }
}
