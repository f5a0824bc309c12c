//! The fix round trip: a dotenv, JSON or TOML text (the fuzz input placed as a
//! base URL into a real config, or the raw input as the whole file) is fixed as
//! `--fix` does (`crlint::check::fix_text`); the result must still parse, and
//! fixing it again must change nothing.
#![no_main]

use crlint::check::fix_text;
use crlint::document::Format;
use crlint_fuzz::lint;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let Ok(input) = std::str::from_utf8(rest) else { return };
    let quoted = serde_json::to_string(input).unwrap();
    let (format, text) = match mode % 7 {
        0 => {
            let vars = ["OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "GOOGLE_GEMINI_BASE_URL", "OPENAI_API_BASE"];
            let lines = input.lines().zip(vars.iter().cycle()).map(|(l, v)| format!("{v}={l}\n")).collect();
            (Format::Dotenv, lines)
        }
        1 => (Format::Dotenv, format!("OPENAI_BASE_URL={quoted}\nANTHROPIC_BASE_URL='{input}'\n")),
        2 => (Format::Json, format!("{{\n  \"env\": {{\n    \"ANTHROPIC_BASE_URL\": {quoted}\n  }}\n}}\n")),
        3 => (
            Format::Toml,
            format!(
                "model_provider = \"cr\"\n[model_providers.cr]\nbase_url = {quoted}\nwire_api = \"chat\"\n"
            ),
        ),
        4 => (Format::Dotenv, input.to_string()),
        5 => (Format::Json, input.to_string()),
        _ => (Format::Toml, input.to_string()),
    };
    let include_unsafe = mode & 0x80 != 0;
    let Some(found) = lint(format, &text) else { return };
    let relint = |t: &str| lint(format, t).expect("a fix made the file unparseable");
    let first = fix_text(&text, include_unsafe, &found, relint);
    let again = lint(format, &first.text).expect("the fixed file does not parse");
    let second = fix_text(&first.text, include_unsafe, &again, relint);
    assert_eq!(second.text, first.text, "fixing the fixed text changed it:\n{text}");
});
