//! `--region auto`: time each regional API host and pick the fastest.
//!
//! For: a few unauthenticated `GET …/v1/models` per candidate, all candidates at
//! once, comparing the median round trip (connect, TLS and answer: what a client's
//! first request pays). Any HTTP answer counts as a sample, a 401 included, so no
//! key is ever sent here. Not for: judging the answer (that is `run_probes`).
//!
//! A candidate stops sampling at its first failure (timeout, unreachable) and is
//! then not chosen: one failure in a handful of requests already makes it the
//! worse choice, and waiting for more timeouts would only slow the command down.

use std::time::{Duration, Instant};

use super::http::{fetch, FetchError};
use super::secret::redact_secrets;
use super::{models_url, policy, pool, ProbeOptions};

/// One candidate's measurements.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionTiming {
    pub region: String,
    pub base_url: String,
    /// The median of `samples`, or why there is none.
    pub median: Result<Duration, String>,
    pub samples: Vec<Duration>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RegionChoice {
    /// In the order of the candidates.
    pub regions: Vec<RegionTiming>,
    /// The region with the lowest median; `None` when no region answered.
    pub chosen: Option<String>,
}

/// Times every `(region, base_url)` candidate `samples` times (at least once).
pub fn choose_region(candidates: &[(String, String)], opts: &ProbeOptions, samples: usize) -> RegionChoice {
    let regions = pool::map_bounded(candidates.to_vec(), candidates.len(), |(region, base)| {
        let (median, samples) = match measure(&base, opts, samples.max(1)) {
            Ok(times) => (median(&times).ok_or_else(|| "no sample".into()), times),
            Err(cause) => (Err(cause), Vec::new()),
        };
        RegionTiming { region, base_url: base, median, samples }
    });
    let chosen = regions
        .iter()
        .filter_map(|r| r.median.as_ref().ok().map(|m| (*m, &r.region)))
        .min_by_key(|(m, _)| *m)
        .map(|(_, region)| region.clone());
    RegionChoice { regions, chosen }
}

fn measure(base: &str, opts: &ProbeOptions, samples: usize) -> Result<Vec<Duration>, String> {
    let url = models_url(base, None, &opts.endpoints).map_err(|e| redact_secrets(&e))?;
    let plan = policy::plan(&url, opts)?;
    let mut times = Vec::with_capacity(samples);
    for _ in 0..samples {
        let start = Instant::now();
        match fetch(&url, &plan, None, opts) {
            Ok(_) => times.push(start.elapsed()),
            Err(FetchError::Timeout) => return Err("timeout".to_string()),
            Err(FetchError::Unreachable(cause)) => return Err(redact_secrets(&cause)),
        }
    }
    Ok(times)
}

fn median(times: &[Duration]) -> Option<Duration> {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[ms(30), ms(10), ms(20)]), Some(ms(20)));
        assert_eq!(median(&[ms(40), ms(10)]), Some(ms(40)));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn refused_candidates_are_not_chosen() {
        let opts = ProbeOptions {
            ca_file: None,
            gateway_hosts: crate::catalog::Catalog::embedded().unwrap().api_hosts(),
            ..ProbeOptions::default()
        };
        let choice = choose_region(&[("intl".into(), "http://api.crazyrouter.com".into())], &opts, 3);
        assert_eq!(choice.chosen, None);
        assert!(choice.regions[0].median.is_err());
    }
}
