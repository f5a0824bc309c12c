//! The doctor's output: a table per client for people, or the same as JSON.
//! Everything printed passes the one redaction rule (`crate::redact`): a key
//! shows as `sk-ab…wxyz` at most.
//!
//! Not for: deciding anything; it renders `ClientReport`s.

use crate::redact::redact;

use super::{ClientReport, Shown, Status};

const LABEL: usize = 22;

pub fn text(reports: &[ClientReport]) -> String {
    let mut out = String::new();
    if reports.is_empty() {
        out.push_str("No AI client configuration found in the usual places.\n");
        return out;
    }
    for r in reports {
        out.push_str(&format!("{} ({}): {}\n", r.name, r.id, r.status.label()));
        for v in &r.values {
            match &v.winner {
                Some(w) => row(&mut out, &v.label, w, "  "),
                None => out.push_str(&format!("  {:<LABEL$} (not set)\n", v.label)),
            }
            for s in &v.shadowed {
                let label = if s.conflicts { "  shadowed (differs)" } else { "  shadowed" };
                row(&mut out, label, s, "  ");
            }
        }
        for f in &r.other_findings {
            out.push_str(&format!("  {} {} {}: {}\n", f.at, f.code, f.severity, f.message));
        }
        for p in &r.probes {
            let label = if p.group == "main" { "probe".to_string() } else { format!("probe ({})", p.group) };
            out.push_str(&format!("  {label:<LABEL$} {}  {} ({} ms)\n", p.url, p.summary, p.latency_ms));
        }
        for s in &r.stores {
            out.push_str(&format!("  store {}\n", s.path));
            for app in &s.apps {
                out.push_str(&format!("    {} ({})\n", app.name, app.app));
                for p in &app.providers {
                    let mark = if p.active { "* " } else { "  " };
                    let url = p.base_url.as_deref().unwrap_or("(no base URL)");
                    let who = format!("{} ({})", p.name, p.id);
                    out.push_str(&format!(
                        "    {mark}{who:<LABEL$} {url}{}\n",
                        if p.active { "  (active)" } else { "" }
                    ));
                    for f in &p.findings {
                        out.push_str(&format!("        {} {}: {}\n", f.code, f.severity, f.message));
                    }
                }
            }
        }
        for n in &r.notes {
            out.push_str(&format!("  note: {n}\n"));
        }
        out.push('\n');
    }
    let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
    out.push_str(&format!(
        "{} client(s): {} ok, {} with problems, {} not configured for the gateway.\n",
        reports.len(),
        count(Status::Ok),
        count(Status::Problems),
        count(Status::NotConfigured)
    ));
    redact(&out)
}

fn row(out: &mut String, label: &str, s: &Shown, indent: &str) {
    out.push_str(&format!("{indent}{label:<LABEL$} {}  {} ({})\n", s.value, s.from, s.source));
    let pad = " ".repeat(indent.len() + LABEL + 1);
    if let Some(key) = &s.key {
        out.push_str(&format!("{pad}{key}\n"));
    }
    for f in &s.findings {
        let at = if f.at == s.from { String::new() } else { format!(" at {}", f.at) };
        out.push_str(&format!("{pad}{} {}{at}: {}\n", f.code, f.severity, f.message));
    }
}

pub fn json(reports: &[ClientReport]) -> String {
    let body = serde_json::json!({ "clients": reports });
    redact(&serde_json::to_string_pretty(&body).expect("reports serialize")) + "\n"
}
