//! The json parser on any text: a document whose every span is inside the text
//! and on character boundaries, or a parse failure pointing inside the text;
//! never a panic or a stack overflow. What parses is linted and rendered too.
#![no_main]

use crlint::document::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match crlint::formats::parse(Format::Json, text) {
        Ok(_) => {
            let found = crlint_fuzz::lint(Format::Json, text).expect("parsed once, parses again");
            crlint_fuzz::render_all(Format::Json, text, found);
        }
        Err(failure) => assert!(failure.span.start <= failure.span.end && failure.span.end <= text.len() + 1),
    }
});
