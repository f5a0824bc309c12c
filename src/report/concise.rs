//! `path:line:col: CODE message`, one line per finding, for grep and editors.
//! The path and message are shown on their one line (`redact::safe_line`:
//! keys masked, control characters escaped), the message cut to
//! `text::MAX_MESSAGE` characters.

use super::text::shown_message;
use crate::diagnostic::LineIndex;
use crate::outcome::Outcome;
use crate::redact::safe_line;

pub fn render(report: &Outcome) -> String {
    let mut out = String::new();
    for file in &report.files {
        let index = file.current_text().map(LineIndex::new);
        let path = safe_line(&file.path.display().to_string());
        for d in &file.diagnostics {
            let (line, col) = index.as_ref().map_or((1, 1), |i| i.line_col(d.span.start));
            let fix = if d.fix.is_some() { " [*]" } else { "" };
            let path =
                if d.path == file.path { path.clone() } else { safe_line(&d.path.display().to_string()) };
            out.push_str(&format!("{path}:{line}:{col}: {}{fix} {}\n", d.code, shown_message(&d.message)));
        }
    }
    out
}
