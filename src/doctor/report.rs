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
        out.push_str(&crate::tr!("doctor.none_found"));
        out.push('\n');
        return out;
    }
    for r in reports {
        out.push_str(&format!("{} ({}): {}\n", r.name, r.id, r.status.text()));
        for v in &r.values {
            match &v.winner {
                Some(w) => row(&mut out, &v.label, w, "  "),
                None => out.push_str(&format!("  {} {}\n", pad(&v.label), crate::tr!("doctor.unset"))),
            }
            for s in &v.shadowed {
                let label = if s.conflicts {
                    crate::tr!("doctor.shadowed_differs")
                } else {
                    crate::tr!("doctor.shadowed")
                };
                row(&mut out, &format!("  {label}"), s, "  ");
            }
        }
        for f in &r.other_findings {
            out.push_str(&format!("  {} {} {}: {}\n", one(&f.at), f.code, f.severity, one(&f.message)));
        }
        for p in &r.probes {
            let label = if p.group == "main" {
                crate::tr!("doctor.probe")
            } else {
                crate::tr!("doctor.probe_group", group = one(&p.group))
            };
            out.push_str(&format!(
                "  {} {}  {} ({} ms)\n",
                pad(&label),
                one(&p.url),
                one(&p.summary),
                p.latency_ms
            ));
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
            out.push_str(&format!("  {}\n", crate::tr!("doctor.note", note = one(n))));
        }
        out.push('\n');
    }
    let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
    let missing = match count(Status::KeyMissing) {
        0 => String::new(),
        n => crate::tr!("doctor.key_missing", n = n),
    };
    out.push_str(&crate::tr!(
        "doctor.summary",
        clients = reports.len(),
        ok = count(Status::Ok),
        problems = count(Status::Problems),
        missing = missing,
        not_configured = count(Status::NotConfigured)
    ));
    out.push('\n');
    redact(&out)
}

fn row(out: &mut String, label: &str, s: &Shown, indent: &str) {
    // `environment $X` says its source already: no `(environment)` after it.
    let source = if s.from.split_whitespace().next() == Some(s.source.as_str()) {
        String::new()
    } else {
        format!(" ({})", one(&s.source))
    };
    out.push_str(&format!("{indent}{} {}  {}{source}\n", pad(label), one(&s.value), one(&s.from)));
    let pad = " ".repeat(indent.len() + LABEL + 1);
    if let Some(key) = &s.key {
        out.push_str(&format!("{pad}{}\n", one(key)));
    }
    for f in &s.findings {
        let at = if f.at == s.from { String::new() } else { crate::tr!("doctor.at", at = one(&f.at)) };
        out.push_str(&format!("{pad}{} {}{at}: {}\n", f.code, f.severity, one(&f.message)));
    }
}

/// `label` padded to the label column as a terminal shows it (a CJK character is two columns).
fn pad(label: &str) -> String {
    let width = crate::i18n::display_width(label);
    format!("{label}{}", " ".repeat(LABEL.saturating_sub(width)))
}

pub fn json(reports: &[ClientReport]) -> String {
    let body = serde_json::json!({ "clients": reports });
    json_safe(&redact(&serde_json::to_string_pretty(&body).expect("reports serialize"))) + "\n"
}
