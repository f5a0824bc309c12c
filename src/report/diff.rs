//! `--diff`: a unified diff of what `--fix` would write, file by file,
//! redacted like every other output (a key in a changed line shows masked),
//! and shown as a block (`redact::safe_block`): control characters but the
//! tab and line ends escaped, `::` escaped where a line's text starts (a
//! context line of `::add-mask::…` would be a CI runner command), so it is
//! for reading, not for `git apply`. Lines are printed whole, as a diff must.

use similar::TextDiff;

use crate::outcome::Outcome;
use crate::redact::{redact, safe_block, safe_line};

pub fn render(report: &Outcome) -> String {
    let mut out = String::new();
    for file in &report.files {
        let (Some(old), Some(new)) = (&file.source, &file.fixed) else { continue };
        // Keys masked before `\` turns into `/`, control characters escaped after.
        let path = safe_line(&redact(&file.path.display().to_string()).replace('\\', "/"));
        let diff = TextDiff::from_lines(old.as_str(), new.as_str());
        // git's a/ b/ prefixes only make sense on relative paths.
        let (mut old_name, new_name) = if file.path.is_absolute() {
            (path.clone(), path.clone())
        } else {
            (format!("a/{path}"), format!("b/{path}"))
        };
        if file.creates {
            old_name = "/dev/null".into();
        }
        let text = diff.unified_diff().context_radius(3).header(&old_name, &new_name).to_string();
        out.push_str(&safe_block(&text));
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
