//! How fresh the knowledge is: `rules/knowledge.toml`, the day the facts of `rules/`
//! were last proven against real clients (`scripts/conformance.sh`) and the client
//! versions that ran, for `crlint --version` and `crlint clients`. Not for judging
//! anything: no rule reads it. `tests/knowledge.rs` keeps it equal to the pins.

use serde::Deserialize;

use super::{parse, CatalogError};

/// The file's name under `rules/`.
pub const FILE: &str = "knowledge.toml";

/// `rules/knowledge.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Knowledge {
    /// The day of the last conformance run the facts were updated from (YYYY-MM-DD).
    pub date: String,
    #[serde(default)]
    pub clients: Vec<ProvenOn>,
}

/// One client version the facts were proven on.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvenOn {
    pub name: String,
    /// The package as its registry names it.
    pub package: String,
    pub version: String,
    /// The file that pins it (relative to the repository).
    pub pins: String,
    /// Why the version is not the newest release, or why it did not run.
    #[serde(default)]
    pub note: Option<String>,
}

impl Knowledge {
    /// The file embedded in the binary.
    pub fn embedded() -> Result<Knowledge, CatalogError> {
        let text = super::embedded::RULE_FILES.iter().find(|(n, _)| *n == FILE).map_or("", |(_, t)| *t);
        Knowledge::parse(text)
    }

    pub fn parse(text: &str) -> Result<Knowledge, CatalogError> {
        let k: Knowledge = parse(FILE, text)?;
        let valid_date = k.date.len() == 10
            && k.date
                .char_indices()
                .all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
        if !valid_date {
            return Err(CatalogError {
                file: FILE.into(),
                message: format!("date {:?} is not YYYY-MM-DD", k.date),
            });
        }
        Ok(k)
    }

    /// One line: `-V` and the head of `--version`.
    pub fn short(&self, crate_version: &str) -> String {
        format!(
            "{crate_version} (knowledge of {}, proven on {} client versions; `crlint --version` lists them)",
            self.date,
            self.clients.len()
        )
    }

    /// `--version`: the line above, then every client version, one a line.
    pub fn long(&self, crate_version: &str) -> String {
        let mut out = format!(
            "{crate_version}\nknowledge of {}: the facts of rules/ were proven on these client versions\n",
            self.date
        );
        out.push_str(&self.versions_list("  "));
        out
    }

    /// `  NAME VERSION (package, note)` lines.
    pub fn versions_list(&self, indent: &str) -> String {
        let width = self.clients.iter().map(|c| c.name.chars().count()).max().unwrap_or(0);
        let mut out = String::new();
        for c in &self.clients {
            let pad = " ".repeat(width - c.name.chars().count());
            let package = if c.package == c.name { String::new() } else { format!(" ({})", c.package) };
            let note = c.note.as_deref().map(|n| format!("; {n}")).unwrap_or_default();
            out.push_str(&format!("{indent}{}{pad} {}{package}{note}\n", c.name, c.version));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_loads_and_lists_every_client_once() {
        let k = Knowledge::embedded().expect("rules/knowledge.toml loads");
        assert!(!k.clients.is_empty());
        let long = k.long("9.9.9");
        for c in &k.clients {
            assert_eq!(long.matches(&format!("  {} ", c.name)).count(), 1, "{}", c.name);
        }
        assert!(k.short("9.9.9").starts_with(&format!(
            "9.9.9 (knowledge of {}, proven on {} ",
            k.date,
            k.clients.len()
        )));
    }

    #[test]
    fn a_date_that_is_not_a_day_is_refused() {
        let err = Knowledge::parse("date = \"last week\"\n").unwrap_err();
        assert!(err.message.contains("YYYY-MM-DD"), "{}", err.message);
        assert!(Knowledge::parse("date = \"2026-12-06\"\n").is_ok());
    }

    #[test]
    fn notes_and_packages_are_printed_beside_the_version() {
        let k = Knowledge::parse(
            "date = \"2026-01-02\"\n[[clients]]\nname = \"A\"\npackage = \"a-pkg\"\nversion = \"1.0\"\npins = \"p\"\nnote = \"why\"\n[[clients]]\nname = \"bb\"\npackage = \"bb\"\nversion = \"2.0\"\npins = \"p\"\n",
        )
        .unwrap();
        assert_eq!(k.versions_list("  "), "  A  1.0 (a-pkg); why\n  bb 2.0\n");
    }
}
