//! crlint: lints and fixes the configuration that points AI clients at the
//! Crazyrouter gateway. The library is what the binary and the tests use.

pub mod catalog;
pub mod document;
pub mod formats;
pub mod url;
pub mod settings;
pub mod diagnostic;
pub mod fix;
pub mod redact;
pub mod rules;
pub mod check;
pub mod discover;
pub mod git;
pub mod report;
pub mod cli;
pub mod probe;
