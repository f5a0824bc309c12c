//! The probe's verdicts, rendered once for every output that shows them: the
//! `probe …` lines of `check --probe` and `crlint probe`, the `probes` of the JSON
//! document and the doctor's probe rows all take a `VerdictView`.
//!
//! Not for: probing (`probe`), or choosing what to probe (the command layer).

use crate::probe::ProbeResult;
use crate::redact::{redact, safe_line};

/// One verdict as every output shows it; every string redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictView {
    pub verdict: &'static str,
    /// The URL asked, or the base URL when none could be derived.
    pub url: String,
    pub base_url: String,
    pub summary: String,
    pub latency_ms: u128,
    pub origin: String,
}

pub fn view(r: &ProbeResult) -> VerdictView {
    let url = if r.models_url.is_empty() { &r.target.base_url } else { &r.models_url };
    VerdictView {
        verdict: r.verdict.name(),
        url: redact(url),
        base_url: redact(&r.target.base_url),
        summary: redact(&r.verdict.summary()),
        latency_ms: r.latency.as_millis(),
        origin: redact(&r.target.origin),
    }
}

/// `probe ok  https://api.crazyrouter.com/v1/models  212 models (143 ms)  from .env:2:17`;
/// the URL, the summary (which may quote the server) and the origin each on
/// their one line, control characters escaped (`redact::safe_line`).
pub fn lines(results: &[ProbeResult]) -> String {
    let mut out = String::new();
    for r in results {
        let v = view(r);
        let line = format!(
            "probe {:<12} {}  {} ({} ms)  from {}\n",
            v.verdict,
            safe_line(&v.url),
            safe_line(&v.summary),
            v.latency_ms,
            safe_line(&v.origin)
        );
        out.push_str(&redact(&line));
    }
    out
}
