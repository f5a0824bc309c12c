//! `--diff`: a unified diff of what `--fix` would write, file by file,
//! redacted like every other output (a key in a changed line shows masked).

use similar::TextDiff;

use crate::outcome::Outcome;
use crate::redact::redact;

pub fn render(report: &Outcome) -> String {
    let mut out = String::new();
    for file in &report.files {
        let (Some(old), Some(new)) = (&file.source, &file.fixed) else { continue };
        let path = file.path.display().to_string().replace('\\', "/");
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
        out.push_str(&redact(&text));
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
