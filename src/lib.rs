//! crlint: lints and fixes the configuration that points AI clients at the
//! Crazyrouter gateway. The library is what the binary and the tests use.
//!
//! The rooms, bottom up (an arrow only points down; `tests/architecture.rs`
//! checks it): the vocabulary (`document`, `codes`, `i18n`: the language of the texts) and the knowledge
//! (`catalog`, the one door for `rules/`); `read` (untrusted reads), `formats`
//! (text → document), `url`, `settings` (document + client → settings with URL
//! facts), `rules` (settings → findings with proposed values), `fix` (proposals
//! → byte edits, applied and written), `suppress`, `config`, `discover`, `git`;
//! `pipeline` (one run, stage by stage) producing an `outcome`; `report`
//! (renderers of the outcome); `probe` (GET /v1/models); `doctor` and `setup`
//! (the machine); `cli`, the command layer, which knows them all.

pub mod catalog;
pub mod cli;
pub mod codes;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod doctor;
pub mod document;
pub mod embedded;
pub mod fix;
pub mod formats;
pub mod git;
pub mod i18n;
pub mod machine_paths;
pub mod outcome;
pub mod pipeline;
pub mod probe;
pub mod read;
pub mod redact;
pub mod report;
pub mod rules;
pub mod settings;
pub mod setup;
pub mod store;
pub mod suppress;
pub mod url;
