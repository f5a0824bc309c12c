//! `--output-format github`: GitHub Actions workflow commands, one per
//! finding, which the runner turns into annotations on the pull request:
//!
//! ```text
//! ::error file=app/.env,line=2,col=24,endLine=2,endColumn=58,title=crlint (CR102)::message%0Ahelp: …
//! ```
//!
//! `error`, `warning` or `notice` by severity. Escaping follows the runner
//! (`actions/toolkit`, `command.ts`): in the message `%`, CR and LF become
//! `%25`, `%0D`, `%0A`; in property values `:` and `,` become `%3A`, `%2C` too.
//! Before that, every text from a file or a path is shown on one line with
//! control characters escaped (`redact::safe_line`). So each line this format
//! prints is a workflow command built here, which the runner reads first as
//! such (`TryParseV2`) and never as the legacy `##[…]` form, or the summary.
//! The lines of `--show-fixes`, `--probe` and `--statistics` are commands too
//! (`notices`), never raw text.

use super::located::locate;
use crate::diagnostic::Severity;
use crate::outcome::Outcome;
use crate::redact::safe_line;

pub fn render(report: &Outcome) -> String {
    let mut out = String::new();
    for l in locate(report) {
        let d = l.diagnostic;
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = safe_line(&l.message);
        if let Some(help) = &l.help {
            message.push_str("\nhelp: ");
            message.push_str(&safe_line(help));
        }
        let properties = [
            ("file", safe_line(&l.path)),
            ("line", l.start.line.to_string()),
            ("col", l.start.column.to_string()),
            ("endLine", l.end.line.to_string()),
            ("endColumn", l.end.column.to_string()),
            ("title", format!("crlint ({})", d.code)),
        ];
        let properties: Vec<String> =
            properties.iter().map(|(k, v)| format!("{k}={}", escape_property(v))).collect();
        out.push_str(&format!("::{command} {}::{}\n", properties.join(","), escape_data(&message)));
    }
    out
}

/// One workflow command per line of `text` (`notice`, or `level`), titled
/// `title`: the way `--show-fixes`, `--probe` and `--statistics` print in this
/// format. Each line is shown on its one line first (`redact::safe_line`).
pub fn commands(level: &str, title: &str, text: &str) -> String {
    text.lines()
        .map(|line| {
            format!("::{level} title={}::{}\n", escape_property(title), escape_data(&safe_line(line)))
        })
        .collect()
}

/// One workflow command whose message is all of `text` (its lines joined by
/// the escaped line break): the `--statistics` table as one annotation.
pub fn command(level: &str, title: &str, text: &str) -> String {
    let lines: Vec<String> = text.lines().map(safe_line).collect();
    format!("::{level} title={}::{}\n", escape_property(title), escape_data(&lines.join("\n")))
}

/// Escapes the message part of a workflow command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_ends_only() {
        assert_eq!(escape_data("100% done\r\nnext: a,b"), "100%25 done%0D%0Anext: a,b");
        // `%` first, so an escape is never escaped twice.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn command_lines_hold_one_command_each() {
        let out = commands("notice", "crlint fix", "Fixed a\x1b.env:1:1: x\n::add-mask::y\n");
        assert_eq!(out, "::notice title=crlint fix::Fixed a\\x1b.env:1:1: x\n::notice title=crlint fix::\\x3a:add-mask::y\n");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("C:\\a,b%\n"), "C%3A\\a%2Cb%25%0A");
        assert_eq!(escape_property("crlint (CR102)"), "crlint (CR102)");
    }
}
