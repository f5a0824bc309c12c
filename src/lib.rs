//! crlint: lints and fixes the configuration that points AI clients at the
//! Crazyrouter gateway. The library is what the binary and the tests use.

pub mod catalog;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod doctor;
pub mod document;
pub mod fix;
pub mod formats;
pub mod git;
pub mod listing;
pub mod places;
pub mod probe;
pub mod probe_targets;
pub mod probing;
pub mod redact;
pub mod report;
pub mod rules;
pub mod selector;
pub mod settings;
pub mod setup;
pub mod suppress;
pub mod untrusted_file;
pub mod url;
pub mod user_level;
