//! The doctor's output: a table per client for people, or the same as JSON.
//! Everything printed passes the one redaction rule (`crate::redact`): a key
//! shows as `sk-ab…wxyz` at most; in the text, each value, path or message is
//! shown on its one line with control characters escaped (`redact::safe_line`).
//!
//! Not for: deciding anything; it renders `ClientReport`s.

use crate::redact::{json_safe, redact, safe_line as one};

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
            out.push_str(&format!("  {} {} {}: {}\n", one(&f.at), f.code, f.severity, one(&f.message)));
        }
        for p in &r.probes {
            let label = if p.group == "main" { "probe".to_string() } else { format!("probe ({})", p.group) };
            out.push_str(&format!(
                "  {label:<LABEL$} {}  {} ({} ms)\n",
                one(&p.url),
                one(&p.summary),
                p.latency_ms
            ));
        }
        for n in &r.notes {
            out.push_str(&format!("  note: {}\n", one(n)));
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
    out.push_str(&format!(
        "{indent}{label:<LABEL$} {}  {} ({})\n",
        one(&s.value),
        one(&s.from),
        one(&s.source)
    ));
    let pad = " ".repeat(indent.len() + LABEL + 1);
    if let Some(key) = &s.key {
        out.push_str(&format!("{pad}{}\n", one(key)));
    }
    for f in &s.findings {
        let at = if f.at == s.from { String::new() } else { format!(" at {}", one(&f.at)) };
        out.push_str(&format!("{pad}{} {}{at}: {}\n", f.code, f.severity, one(&f.message)));
    }
}

pub fn json(reports: &[ClientReport]) -> String {
    let body = serde_json::json!({ "clients": reports });
    json_safe(&redact(&serde_json::to_string_pretty(&body).expect("reports serialize"))) + "\n"
}
