//! The typed shape of `rules/documents.toml`: how documents people copy from
//! (guides, READMEs, install scripts) are read and fixed. The words that mark a
//! counterexample ("Incorrect:", "错误示例", ❌), and the words on a value's own
//! line that name the region it is meant for ("East Asia", "国内").

use serde::Deserialize;

use super::types::Mark;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentsFile {
    #[serde(default)]
    pub counterexamples: Counterexamples,
    /// Region id (as `gateway.toml` names them) → words that name it on a line.
    #[serde(default)]
    pub region_words: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub source: String,
    #[serde(default = "unverified")]
    pub mark: Mark,
}

fn unverified() -> Mark {
    Mark::U
}

impl Default for DocumentsFile {
    fn default() -> Self {
        DocumentsFile {
            counterexamples: Counterexamples::default(),
            region_words: Default::default(),
            source: String::new(),
            mark: unverified(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counterexamples {
    /// A line that starts with one of these (then `:`, `：` or nothing) labels
    /// what follows as a counterexample; so does a code block's first comment.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Marks that make a line a counterexample wherever they stand on it.
    #[serde(default)]
    pub marks: Vec<String>,
}

impl DocumentsFile {
    /// The one region whose words `line` holds, if exactly one region's do.
    pub fn region_named(&self, line: &str) -> Option<&str> {
        let lower = line.to_lowercase();
        let mut found = self
            .region_words
            .iter()
            .filter(|(_, words)| {
                words.iter().any(|w| match w.chars().any(char::is_uppercase) {
                    true => lower.contains(&w.to_lowercase()),
                    false => lower.contains(w.as_str()),
                })
            })
            .map(|(region, _)| region.as_str());
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }
}
