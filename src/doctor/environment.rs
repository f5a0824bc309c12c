//! The environment a client starts with: the variables of this process, and the
//! ones the shell start-up files (`rules/shells.toml`) export, each with the file,
//! line and column that sets it. Read once per run. With the client's secret
//! files, it is the doctor's view of the variables a key reference may name
//! (`settings::key_ref::Variables`).
//!
//! Not for: judging values, or following `source` lines and conditionals in rc
//! files (the shell parser reads assignments as written, see `formats::shell`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::catalog::RcFile;
use crate::diagnostic::line_col;
use crate::document::Segment;
use crate::formats::shell::{self, Dialect};
use crate::machine_paths::Places;

/// A variable an rc file sets (its last assignment in that file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RcAssignment {
    pub path: PathBuf,
    pub var: String,
    pub value: String,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub process: BTreeMap<String, String>,
    /// In the order of `rules/shells.toml`, then file order.
    pub rc: Vec<RcAssignment>,
    /// rc files that exist but could not be read or parsed, with why.
    pub rc_errors: Vec<(PathBuf, String)>,
}

impl Environment {
    pub fn load(places: &Places, rc_files: &[RcFile]) -> Environment {
        let process = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        let mut env = Environment { process, ..Environment::default() };
        for rc in rc_files.iter().filter(|r| r.applies_on(places.os)) {
            let Some(path) = places.expand(&rc.path) else { continue };
            if !path.is_file() {
                continue;
            }
            match crate::read::read_text(&path, 4 * 1024 * 1024) {
                Ok(text) => env.read_rc(path, &text),
                Err(why) => env.rc_errors.push((path, why.to_string())),
            }
        }
        env
    }

    fn read_rc(&mut self, path: PathBuf, text: &str) {
        let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
        let dialect = if name.ends_with(".ps1") {
            Dialect::PowerShell
        } else if name.ends_with(".fish") {
            Dialect::Fish
        } else {
            Dialect::Posix
        };
        let doc = match shell::parse_dialect(text, dialect) {
            Ok(doc) => doc,
            Err(failure) => {
                let (line, col) = line_col(text, failure.span.start.min(text.len()));
                let at = format!("{line}:{col}");
                self.rc_errors.push((path, crate::tr!("doctor.rc_parse", at = at, why = failure.message)));
                return;
            }
        };
        let mut last: Vec<RcAssignment> = Vec::new();
        for entry in &doc.entries {
            let [Segment::Key(var)] = entry.path.as_slice() else { continue };
            let (line, col) = line_col(text, entry.scalar.content.start);
            let assignment = RcAssignment {
                path: path.clone(),
                var: var.clone(),
                value: entry.scalar.value.clone(),
                line,
                col,
            };
            match last.iter_mut().find(|a| &a.var == var) {
                Some(existing) => *existing = assignment,
                None => last.push(assignment),
            }
        }
        self.rc.extend(last);
    }

    /// Reads `text` as the rc file `path` (tests build environments without files).
    #[cfg(test)]
    pub fn read_rc_for_test(&mut self, path: PathBuf, text: &str) {
        self.read_rc(path, text);
    }

    /// The rc assignments of `var`, in report order.
    pub fn rc_values<'e>(&'e self, var: &'e str) -> impl Iterator<Item = &'e RcAssignment> + 'e {
        self.rc.iter().filter(move |a| a.var == var)
    }

    /// The value a new shell would give `var`: this process's, else the first rc file's.
    pub fn lookup<'e>(&'e self, var: &'e str) -> Option<(String, Option<&'e RcAssignment>)> {
        match self.process.get(var).filter(|v| !v.is_empty()) {
            Some(v) => Some((v.clone(), self.rc_values(var).find(|a| &a.value == v))),
            None => self.rc_values(var).next().map(|a| (a.value.clone(), Some(a))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_assignment_per_file_with_its_position() {
        let mut env = Environment::default();
        env.read_rc("/h/.bashrc".into(), "export A=1\nexport B=x\nexport A=2 # later\n");
        env.read_rc("/h/config.fish".into(), "set -gx A 3\n");
        let a: Vec<_> = env.rc_values("A").map(|a| (a.value.as_str(), a.line)).collect();
        assert_eq!(a, vec![("2", 3), ("3", 1)]);
        assert_eq!(env.lookup("A").unwrap().0, "2");
        env.process.insert("A".into(), "3".into());
        let (value, set_by) = env.lookup("A").unwrap();
        assert_eq!((value.as_str(), set_by.unwrap().line), ("3", 1));
    }
}
