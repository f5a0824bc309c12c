//! URL facts on any text: `UrlParts::parse` renders back exactly what it
//! parsed (fixes rely on the bytes as written), and `classify_host` and
//! `path_facts` answer for whatever it yields, or for the raw text.
#![no_main]

use crlint::url::{classify_host, path_facts, UrlParts};
use crlint_fuzz::CATALOG;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(parts) = UrlParts::parse(text) {
        assert_eq!(parts.render(), text);
        classify_host(&CATALOG, &parts.host);
        let facts = path_facts(&CATALOG, &parts.segments());
        assert!(facts.collapsed.len() <= parts.path.len() + 1);
        let _ = parts.has_trailing_slash();
    }
    classify_host(&CATALOG, text);
    let segments: Vec<&str> = text.split('/').collect();
    path_facts(&CATALOG, &segments);
});
