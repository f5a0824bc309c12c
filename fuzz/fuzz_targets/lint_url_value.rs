//! Any single-line value as the base URL of every variable shape a dotenv file
//! can hold (V1, ROOT, V1BETA, legacy), through the whole lint: the CR107
//! `malformed` path and every URL rule after it, their fixes and their reports.
#![no_main]

use crlint::document::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|value: &str| {
    let line = value.replace(['\n', '\r'], "");
    let text: String = ["OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "GOOGLE_GEMINI_BASE_URL", "OPENAI_API_BASE"]
        .iter()
        .map(|var| format!("{var}={line}\n"))
        .collect();
    if let Some(found) = crlint_fuzz::lint(Format::Dotenv, &text) {
        crlint_fuzz::render_all(Format::Dotenv, &text, found);
    }
});
