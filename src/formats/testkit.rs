//! Test scaffolding shared by the format parsers' unit tests: a deterministic
//! random-text generator, the invariant every parser keeps on any input (spans
//! lie on character boundaries of the text), and a flat view of entries.

use crate::document::{Document, Quote, Segment};

/// A deterministic xorshift generator: `next(n)` is in `0..n`.
pub fn rng(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

/// `count` texts of up to `max_len` characters drawn from `alphabet` (fixed seed).
pub fn random_texts(alphabet: &str, count: usize, max_len: usize) -> impl Iterator<Item = String> {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut next = rng(0xdead_beef_cafe_f00d);
    (0..count).map(move |_| {
        let len = next(max_len);
        (0..len).map(|_| alphabet[next(alphabet.len())]).collect()
    })
}

/// Every span of `doc` (tokens, contents, keys, comments) indexes `text` on character boundaries.
pub fn assert_spans_on_boundaries(text: &str, doc: &Document) {
    for e in &doc.entries {
        for r in [&e.scalar.token, &e.scalar.content].into_iter().chain(e.key_span.as_ref()) {
            assert!(text.get(r.clone()).is_some(), "{text:?}: {e:?}");
        }
    }
    for c in &doc.comments {
        assert!(text.get(c.span.clone()).is_some(), "{text:?}: {c:?}");
    }
}

/// (top-level key, decoded value, quote, raw text between the quotes) of each entry.
pub fn flat(text: &str, doc: &Document) -> Vec<(String, String, Quote, String)> {
    doc.entries
        .iter()
        .map(|e| {
            let Segment::Key(k) = &e.path[0] else { unreachable!("top-level entries have a key") };
            (k.clone(), e.scalar.value.clone(), e.scalar.quote, text[e.scalar.content.clone()].to_string())
        })
        .collect()
}

/// One expected row of `flat`.
pub fn row(k: &str, v: &str, q: Quote, raw: &str) -> (String, String, Quote, String) {
    (k.into(), v.into(), q, raw.into())
}
