//! crlint: lints and fixes the configuration that points AI clients at the
//! Crazyrouter gateway. The library is what the binary and the tests use.

pub mod catalog;
pub mod document;
pub mod formats;
