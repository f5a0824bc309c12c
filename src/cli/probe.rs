//! `--probe` and `crlint probe`: turn the endpoints a check found (or a `--url`)
//! into probe targets, resolve each key from what the config names (with the one
//! key-reference resolver, `settings::key_ref`), and run the probes. The rules
//! of where a key may go live in `probe::policy`; this room only decides which
//! key and which URL. Verdicts are rendered by `report`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::ProbeCommandArgs;
use crate::catalog::{Catalog, Shape};
use crate::outcome::Outcome;
use crate::pipeline::{check_paths, CheckOptions};
use crate::probe::{self, ProbeOptions, ProbeTarget, Secret};
use crate::settings::endpoints::{configured_endpoints, ConfiguredEndpoint};
use crate::settings::key_ref::{self, KeyRef, ProcessEnv, SendPolicy};

/// The probe settings a user gives on the command line.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ProbeArgs {
    /// The variable that holds the key: what `setup` makes configs reference, and what a
    /// probe sends when the config names no key (default: CRAZYROUTER_API_KEY).
    #[arg(long, value_name = "NAME", alias = "key-env")]
    pub api_key_env: Option<String>,
    /// Seconds per request (default 10).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// Connect to IP:PORT for HOST (e.g. a test server); needs --ca-file (or SSL_CERT_FILE).
    #[arg(long, value_name = "HOST=IP:PORT")]
    pub resolve: Vec<String>,
    /// Trust exactly the CA certificates in this PEM file (default: SSL_CERT_FILE, else the webpki roots).
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
}

impl ProbeArgs {
    pub fn options(&self, catalog: &Catalog) -> Result<ProbeOptions, String> {
        let mut opts = ProbeOptions {
            gateway_hosts: catalog.api_hosts(),
            endpoints: catalog.base_suffixes.clone(),
            ..ProbeOptions::default()
        };
        if let Some(t) = self.timeout {
            if !(t > 0.0 && t <= 600.0) {
                return Err(format!("--timeout {t}: give seconds between 0 and 600"));
            }
            opts.timeout = Duration::from_secs_f64(t);
        }
        for r in &self.resolve {
            let (host, addr) =
                r.split_once('=').ok_or_else(|| format!("--resolve {r}: expected HOST=IP:PORT"))?;
            let addr: SocketAddr =
                addr.parse().map_err(|_| format!("--resolve {r}: {addr} is not IP:PORT"))?;
            opts.resolve.push((host.to_ascii_lowercase(), addr));
        }
        if let Some(ca) = &self.ca_file {
            if !ca.is_file() {
                return Err(format!("--ca-file {}: no such file", ca.display()));
            }
            opts.ca_file = Some(ca.clone());
        }
        Ok(opts)
    }

    /// The key of `--api-key-env`, else of the catalog's default variable.
    pub fn fallback_key(&self, catalog: &Catalog) -> Option<Secret> {
        env_key(self.api_key_env.as_deref().unwrap_or(catalog.default_key_env()))
    }

    /// Which variables' values may be sent (`--api-key-env` and the default).
    pub fn send_policy(&self, catalog: &Catalog) -> SendPolicy {
        SendPolicy::new(catalog, self.api_key_env.as_deref())
    }
}

fn env_key(var: &str) -> Option<Secret> {
    std::env::var(var).ok().filter(|v| !v.trim().is_empty()).map(|v| Secret::new(v.trim()))
}

/// The most probes one run sends. Each carries a key to the gateway; a
/// repository of hundreds of configs must not turn into hundreds of requests.
pub const MAX_PROBES: usize = 32;

/// The targets of every gateway base URL the outcome's files configure.
pub fn targets_of(catalog: &Catalog, outcome: &Outcome, args: &ProbeArgs) -> Vec<ProbeTarget> {
    let endpoints: Vec<ConfiguredEndpoint> = outcome
        .files
        .iter()
        .filter(|f| !f.companion)
        .flat_map(|f| {
            let text = f.current_text().unwrap_or("");
            f.analysis
                .readings
                .iter()
                .flat_map(move |r| configured_endpoints(catalog, &f.path, text, &r.settings))
        })
        .collect();
    targets(catalog, &endpoints, args)
}

/// One target per distinct models URL and key (URLs that differ only in a
/// query, a trailing slash or their shape's spelling ask the same thing); the
/// origins of duplicates are joined, their models merged. At most `MAX_PROBES`,
/// said on stderr. A key whose variable the send policy withholds is not sent,
/// said on stderr and in the target (`key_note`).
pub fn targets(catalog: &Catalog, endpoints: &[ConfiguredEndpoint], args: &ProbeArgs) -> Vec<ProbeTarget> {
    let policy = args.send_policy(catalog);
    let mut out: Vec<(ProbeTarget, String, usize)> = Vec::new();
    for e in endpoints {
        let (key, note) = match &e.key {
            KeyRef::Nothing | KeyRef::Command(_) => (args.fallback_key(catalog), None),
            named => match key_ref::resolve(named, &ProcessEnv) {
                Some(found) => match policy.vet(catalog, named, &found) {
                    Ok(()) => (Some(Secret::new(found.value)), None),
                    Err(why) => (None, Some(why)),
                },
                None => (args.fallback_key(catalog), None),
            },
        };
        // What is asked: the models URL (the base URL when it gives none: the
        // probe then says why), and with which key.
        let asked = probe::models_url(&e.base_url, Some(e.shape), &catalog.base_suffixes)
            .unwrap_or_else(|_| e.base_url.clone());
        if let Some((existing, _, joined)) =
            out.iter_mut().find(|(t, url, _)| *url == asked && t.api_key == key && t.key_note == note)
        {
            *joined += 1;
            if *joined <= 3 {
                existing.origin.push_str(&format!(", {}", e.origin));
            }
            for m in &e.models {
                if !existing.models.contains(m) {
                    existing.models.push(m.clone());
                }
            }
            continue;
        }
        if let Some(why) = &note {
            // The origin names a file of the checkout: shown on one line, escaped.
            super::output::err(&format!("note: {}: {why}", e.origin));
        }
        let mut target = ProbeTarget::new(e.base_url.clone(), e.origin.clone());
        target.shape = Some(e.shape);
        target.api_key = key;
        target.key_note = note;
        target.models = e.models.clone();
        out.push((target, asked, 1));
    }
    for (target, _, joined) in &mut out {
        if *joined > 3 {
            target.origin.push_str(&format!(" and {} more", *joined - 3));
        }
    }
    if out.len() > MAX_PROBES {
        super::output::err(&format!(
            "{} distinct gateway URLs and keys to probe; probing the first {MAX_PROBES} (at most {MAX_PROBES} a run)",
            out.len()
        ));
        out.truncate(MAX_PROBES);
    }
    out.into_iter().map(|(t, ..)| t).collect()
}

/// A target for `crlint probe --url URL [--shape S]`.
pub fn url_target(catalog: &Catalog, url: &str, shape: Option<Shape>, args: &ProbeArgs) -> ProbeTarget {
    let mut target = ProbeTarget::new(url.to_string(), "--url".to_string());
    target.shape = shape;
    target.api_key = args.fallback_key(catalog);
    target
}

/// `--region auto`: time each regional entry, choose the faster; the figures go to stderr.
pub fn auto_region(catalog: &Catalog, args: &ProbeArgs) -> Result<String, String> {
    let opts = args.options(catalog)?;
    let candidates: Vec<(String, String)> =
        catalog.gateway.entries.iter().map(|e| (e.region.clone(), format!("https://{}", e.host))).collect();
    let choice = probe::choose_region(&candidates, &opts, 3);
    for t in &choice.regions {
        match &t.median {
            Ok(d) => super::output::err(&format!(
                "region {:<10} {}  median {} ms of {} samples",
                t.region,
                t.base_url,
                d.as_millis(),
                t.samples.len()
            )),
            Err(e) => super::output::err(&format!(
                "region {:<10} {}  {}",
                t.region,
                t.base_url,
                probe::redact_secrets(e)
            )),
        }
    }
    let chosen = choice.chosen.ok_or_else(|| "--region auto: no regional entry answered".to_string())?;
    super::output::err(&format!("chose region {chosen}"));
    Ok(chosen)
}

pub(super) fn probe_command(catalog: &Catalog, args: ProbeCommandArgs) -> i32 {
    let opts = match args.probe.options(catalog) {
        Ok(o) => o,
        Err(e) => {
            super::output::err(&e);
            return 2;
        }
    };
    let targets = match &args.url {
        Some(url) => vec![url_target(catalog, url, args.shape, &args.probe)],
        None => {
            let outcome = check_paths(catalog, &CheckOptions::default(), &args.paths);
            for w in &outcome.warnings {
                super::output::warn(w);
            }
            for e in &outcome.errors {
                super::output::err(e);
            }
            if !outcome.errors.is_empty() {
                return 2;
            }
            targets_of(catalog, &outcome, &args.probe)
        }
    };
    if targets.is_empty() {
        super::output::out("No gateway base URL to probe.\n");
        return 0;
    }
    let results = probe::run_probes(targets, &opts);
    super::output::out(&crate::report::probe_lines(&results));
    let ok = results.iter().filter(|r| r.verdict.is_ok()).count();
    super::output::out(&format!("{ok} of {} probes ok.\n", results.len()));
    i32::from(ok != results.len())
}
