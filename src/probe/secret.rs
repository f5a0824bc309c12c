//! API keys as an opaque type, and redaction of key-like text.
//!
//! For: holding the key a probe may send, so that no `Debug`, `Display`, error
//! string or log line can show it by accident (only `sk-ab…wxyz` at most), and
//! scrubbing text that came from outside (server bodies, error messages) before it
//! is stored in a verdict. Not for: finding keys in files (that is the lint's
//! CR501 rule) or deciding where a key may be sent (see `policy`).

use std::fmt;

use crate::redact::{mask, redact};

/// An API key. Its only way out is [`Secret::expose`], which the HTTP layer calls
/// to build the `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The raw key. Call it only where the key leaves the process on purpose.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `sk-ab…wxyz`: first 5 characters, an ellipsis, last 4; `…` for short keys.
    pub fn redacted(&self) -> String {
        redact_one(&self.0)
    }

    /// Replaces every occurrence of this key in `text`, then every key-like token.
    /// Used on text that may echo the request (error causes, response bodies).
    pub fn scrub(&self, text: &str) -> String {
        let text = if self.0.is_empty() { text.to_string() } else { text.replace(&self.0, &self.redacted()) };
        redact_secrets(&text)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

fn redact_one(key: &str) -> String {
    mask(key)
}

/// Replaces anything key-like with its redacted form (`crate::redact`, one rule for all output).
pub fn redact_secrets(text: &str) -> String {
    redact(text)
}

/// Redacts `text` with the key when there is one, else with the pattern alone.
pub(crate) fn scrub(text: &str, key: Option<&Secret>) -> String {
    match key {
        Some(key) => key.scrub(text),
        None => redact_secrets(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "sk-abcdefghijklmnopqrstuvwxyz";

    #[test]
    fn debug_and_display_show_only_the_hint() {
        let secret = Secret::new(KEY);
        assert_eq!(secret.to_string(), "sk-ab…wxyz");
        assert_eq!(format!("{secret:?}"), "Secret(sk-ab…wxyz)");
        assert_eq!(secret.expose(), KEY);
    }

    #[test]
    fn short_keys_show_nothing() {
        assert_eq!(Secret::new("sk-short").to_string(), "…");
        assert_eq!(Secret::new("").to_string(), "…");
    }

    #[test]
    fn redacts_key_like_tokens_in_text() {
        let text = format!("invalid key {KEY}, and sk-12345678 too; sk-1234 stays");
        assert_eq!(redact_secrets(&text), "invalid key sk-ab…wxyz, and … too; sk-1234 stays");
    }

    #[test]
    fn scrub_also_removes_keys_without_the_sk_prefix() {
        let secret = Secret::new("gw_0123456789abcdefghijklmn");
        let out = secret.scrub("bad token gw_0123456789abcdefghijklmn here");
        assert_eq!(out, "bad token gw_01…klmn here");
    }
}
