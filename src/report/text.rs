//! The default, human format: miette's graphical report with the source line,
//! the value underlined, the message and the corrected value as help.
//! Snippets are redacted before miette sees them, with spans moved to match.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};

use super::RenderOptions;
use crate::check::CheckReport;
use crate::diagnostic::Severity;
use crate::redact::{key_ranges, mask};

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

/// The text with keys masked, and a function moving byte offsets of the original into it.
fn redact_with_map(source: &str) -> (String, impl Fn(usize) -> usize) {
    let ranges = key_ranges(source);
    let mut out = String::with_capacity(source.len());
    let mut moves: Vec<(std::ops::Range<usize>, usize, usize)> = Vec::new();
    let mut pos = 0;
    for r in ranges {
        out.push_str(&source[pos..r.start]);
        let start = out.len();
        out.push_str(&mask(&source[r.clone()]));
        moves.push((r.clone(), start, out.len()));
        pos = r.end;
    }
    out.push_str(&source[pos..]);
    let map = move |offset: usize| -> usize {
        let mut shift: isize = 0;
        for (orig, new_start, new_end) in &moves {
            if offset >= orig.end {
                shift = *new_end as isize - orig.end as isize;
            } else if offset > orig.start {
                return *new_end;
            } else {
                break;
            }
            let _ = new_start;
        }
        (offset as isize + shift) as usize
    };
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::redact_with_map;

    #[test]
    fn offsets_follow_the_masking() {
        let key = "sk-0123456789abcdefghijABCDEFGHIJ0123456789abcdwxyz";
        let source = format!("A={key}\nB=https://x\n");
        let (red, map) = redact_with_map(&source);
        assert!(!red.contains(key));
        let b = source.find("https").unwrap();
        assert_eq!(&red[map(b)..map(b + 9)], "https://x");
        assert_eq!(&red[map(2)..map(2 + key.len())], "sk-01…wxyz");
    }
}
