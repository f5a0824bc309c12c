//! `path:line:col: CODE message`, one line per finding, for grep and editors.

use crate::diagnostic::LineIndex;
use crate::outcome::Outcome;

pub fn render(report: &Outcome) -> String {
    let mut out = String::new();
    for file in &report.files {
        let index = file.current_text().map(LineIndex::new);
        for d in &file.diagnostics {
            let (line, col) = index.as_ref().map_or((1, 1), |i| i.line_col(d.span.start));
            let fix = if d.fix.is_some() { " [*]" } else { "" };
            out.push_str(&format!("{}:{line}:{col}: {}{fix} {}\n", d.path.display(), d.code, d.message));
        }
    }
    out
}
