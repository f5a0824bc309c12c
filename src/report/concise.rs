//! `path:line:col: CODE message`, one line per finding, for grep and editors.

use crate::check::CheckReport;
use crate::diagnostic::line_col;

pub fn render(report: &CheckReport) -> String {
    let mut out = String::new();
    for (file, d) in report.diagnostics() {
        let (line, col) = file.current_text().map_or((1, 1), |s| line_col(s, d.span.start));
        let fix = if d.fix.is_some() { " [*]" } else { "" };
        out.push_str(&format!("{}:{line}:{col}: {}{fix} {}\n", d.path.display(), d.code, d.message));
    }
    out
}
