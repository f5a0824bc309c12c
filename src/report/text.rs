//! The default, human format: miette's graphical report with the source line,
//! the value underlined, the message and the corrected value as help.
//! Snippets are redacted before miette sees them, with spans moved to match.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};

use super::RenderOptions;
use crate::check::CheckReport;
use crate::diagnostic::Severity;
use crate::redact::redact_with_map;

pub fn render(report: &CheckReport, opts: &RenderOptions) -> String {
    let theme = if opts.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(opts.width).with_links(false);
    let mut out = String::new();
    for (file, d) in report.diagnostics() {
        // miette appends the line and column of the first label to this name.
        let name = d.path.display().to_string();
        let mut diag = MietteDiagnostic::new(d.message.clone())
            .with_code(format!("{} {}", d.code, d.name()))
            .with_severity(match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            });
        if let Some(help) = &d.help {
            let safety = match &d.fix {
                Some(f) if f.applicability == crate::fix::Applicability::Unsafe => {
                    " (unsafe fix: --unsafe-fixes)"
                }
                Some(_) => " (fix: --fix)",
                None => "",
            };
            diag = diag.with_help(format!("{help}{safety}"));
        }
        let rendered = match file.current_text() {
            Some(source) => {
                let (redacted, map) = redact_with_map(source);
                let span = map(d.span.start)..map(d.span.end).max(map(d.span.start));
                let label = LabeledSpan::at(span, label_for(d.code));
                let report =
                    Report::new(diag.with_label(label)).with_source_code(NamedSource::new(name, redacted));
                let mut s = String::new();
                let _ = handler.render_report(&mut s, report.as_ref());
                s
            }
            None => {
                let mut s = String::new();
                let report = Report::new(diag.with_help(format!("in {name}")));
                let _ = handler.render_report(&mut s, report.as_ref());
                s
            }
        };
        out.push_str(&rendered);
        out.push('\n');
    }
    out
}

fn label_for(code: &str) -> &'static str {
    match code {
        "CR901" => "here",
        "CR501" => "key",
        _ => "this value",
    }
}
