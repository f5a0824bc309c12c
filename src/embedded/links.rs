//! One-click import links: `ccswitch://v1/import?resource=provider&app=claude
//! &endpoint=…&apiKey=…`, `cherrystudio://providers/api-keys?v=1&data=<base64
//! JSON>`, `chatbox://provider/import?config=<base64 JSON>`, wherever a text
//! holds one (a guide, a README, an HTML page, a string in code). Each link is
//! decoded into the document the app it targets would build from it (a CC
//! Switch link for Claude Code becomes a Claude `settings.json`; a Cherry
//! Studio link its JSON payload), so the profiles of that app judge its base
//! URL. Findings point at the whole link (`Placement::Encoded`); a fix
//! re-encodes the fixed document into a link of the same form (the same
//! parameters percent-encoded as they were, the same base64 alphabet and
//! padding), every other byte of the link kept. A link that does not decode
//! (broken percent-encoding or base64, a payload that is not UTF-8) is a
//! problem with its reason. Which schemes, which apps, which templates: the
//! `[[links]]` of `rules/clients/<id>.toml`, handed in as `LinkForm`s.

use std::ops::Range;
use std::sync::Arc;

use base64::Engine;

use super::{Encoder, Extraction, Extractor, Inner, Placement, Vocabulary};
use crate::document::Format;

/// A link form, from the data: `<scheme>://<path>?…`.
#[derive(Debug, Clone, Default)]
pub struct LinkForm<'a> {
    pub scheme: &'a str,
    pub path: &'a str,
    /// Parameters that must hold these values (`resource=provider`).
    pub requires: Vec<(&'a str, &'a str)>,
    /// The parameter naming the target app; none: the form has one target.
    pub app_param: Option<&'a str>,
    /// List parameters and their separators: only the first item is the app's.
    pub first_item: Vec<(&'a str, &'a str)>,
    pub targets: Vec<LinkTarget<'a>>,
}

/// The document a link for one app becomes.
#[derive(Debug, Clone)]
pub struct LinkTarget<'a> {
    pub app: &'a str,
    pub name: &'a str,
    pub file: &'a str,
    pub format: Format,
    /// Text with `{param}` holes; `params` maps each parameter to its key path
    /// (dot-separated) in that text.
    pub template: Option<&'a str>,
    pub params: Vec<(&'a str, &'a str)>,
    /// A parameter carrying the whole document as base64.
    pub payload: Option<&'a str>,
}

/// The extractor: every link of a known form in the text.
pub struct Links;

impl Extractor for Links {
    fn id(&self) -> &'static str {
        "links"
    }

    fn extract(&self, text: &str, vocabulary: &Vocabulary) -> Extraction {
        let mut out = Extraction::default();
        for form in vocabulary.links {
            for span in occurrences(text, form.scheme) {
                match decode(&text[span.clone()], form) {
                    Ok(Some(found)) => out.inners.push(found.into_inner(span)),
                    Ok(None) => {}
                    Err(reason) => out.problems.push((span, reason)),
                }
            }
        }
        out
    }
}

/// The byte ranges of the links of `scheme` in `text`.
fn occurrences(text: &str, scheme: &str) -> Vec<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let needle = format!("{}://", scheme.to_ascii_lowercase());
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&needle) {
        let start = from + i;
        from = start + needle.len();
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '+' || c == '.')
        {
            continue;
        }
        let end = text[start..]
            .find(|c: char| c.is_whitespace() || "\"'<>`()[]{}\\|^".contains(c))
            .map_or(text.len(), |n| start + n);
        // A sentence's full stop or comma after a link is not the link's.
        let end = start + text[start..end].trim_end_matches(['.', ',', ';', ':', '!']).len();
        out.push(start..end);
        from = end.max(from);
    }
    out
}

/// One query parameter: its name, its decoded value, and where its raw value
/// sits in the link.
#[derive(Debug, Clone)]
struct Param {
    name: String,
    value: String,
    raw: Range<usize>,
}

/// A decoded link: the document, how to spell a fixed one, for whom.
struct Found {
    text: String,
    format: Format,
    file: String,
    label: String,
    encode: Encoder,
}

impl Found {
    fn into_inner(self, span: Range<usize>) -> Inner {
        Inner {
            text: self.text,
            placement: Placement::Encoded { span, encode: Some(self.encode) },
            format: Some(self.format),
            file: Some(self.file),
            guard: vec![],
            label: self.label,
        }
    }
}

fn decode(link: &str, form: &LinkForm) -> Result<Option<Found>, String> {
    let rest = &link[form.scheme.len() + 3..];
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !path.trim_matches('/').eq_ignore_ascii_case(form.path) {
        return Ok(None);
    }
    let query_start = link.len() - query.len();
    let query = query.split('#').next().unwrap_or("");
    let mut params = parse_query(query, query_start)?;
    for p in &mut params {
        if let Some((_, separator)) = form.first_item.iter().find(|(name, _)| *name == p.name) {
            *p = first_item(link, p, separator)?;
        }
    }
    let get = |name: &str| params.iter().find(|p| p.name == name);
    if !form.requires.iter().all(|(k, v)| get(k).is_some_and(|p| p.value == *v)) {
        return Ok(None);
    }
    let app = match form.app_param {
        Some(name) => match get(name) {
            Some(p) => p.value.as_str(),
            None => return Ok(None),
        },
        None => "",
    };
    let Some(target) = form.targets.iter().find(|t| t.app == app) else { return Ok(None) };
    let label = format!("`{}://` link for {}", form.scheme, target.name);
    let original = link.to_string();
    if let Some(template) = target.template.filter(|_| target.params.iter().any(|(p, _)| get(p).is_some())) {
        let mut text = template.to_string();
        for (name, _) in &target.params {
            let value = get(name).map_or("", |p| p.value.as_str());
            text = text.replace(&format!("{{{name}}}"), &escape_string(value));
        }
        let bound: Vec<(Param, String)> = target
            .params
            .iter()
            .filter_map(|(name, path)| Some((get(name)?.clone(), path.to_string())))
            .collect();
        let format = target.format;
        let encode: Encoder = Arc::new(move |fixed: &str| {
            let mut edits: Vec<(Range<usize>, String)> = Vec::new();
            for (param, path) in &bound {
                let new = value_at(format, fixed, path)?;
                if new != param.value {
                    let raw = &original[param.raw.clone()];
                    edits.push((param.raw.clone(), percent_encode(&new, raw != param.value)));
                }
            }
            Some(splice(&original, edits))
        });
        return Ok(Some(Found { text, format, file: target.file.to_string(), label, encode }));
    }
    let Some(param) = target.payload.and_then(get) else { return Ok(None) };
    let (bytes, style) = decode_base64(&param.value)
        .ok_or_else(|| format!("`{}` is not valid base64 (standard or URL-safe)", param.name))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("`{}` does not decode to UTF-8 text", param.name))?;
    let param = param.clone();
    let encode: Encoder = Arc::new(move |fixed: &str| {
        let raw = &original[param.raw.clone()];
        let encoded = style.encode(fixed.as_bytes());
        let spelled = if raw.contains('%') { percent_encode(&encoded, true) } else { encoded };
        Some(splice(&original, vec![(param.raw.clone(), spelled)]))
    });
    Ok(Some(Found { text, format: target.format, file: target.file.to_string(), label, encode }))
}

/// The first item of a list parameter, its raw bytes ending where the separator
/// starts, written or percent-encoded (`,` or `%2C`): a fix rewrites that item
/// and leaves the others as they are.
fn first_item(link: &str, param: &Param, separator: &str) -> Result<Param, String> {
    let raw = &link[param.raw.clone()];
    let encoded = percent_encode(separator, true);
    let cut = [separator, encoded.as_str(), encoded.to_ascii_lowercase().as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .filter_map(|s| raw.find(*s))
        .min();
    let Some(cut) = cut else { return Ok(param.clone()) };
    Ok(Param {
        name: param.name.clone(),
        value: percent_decode(&raw[..cut])?,
        raw: param.raw.start..param.raw.start + cut,
    })
}

/// The parameters of a query (`a=1&b=2`, also `&amp;` as HTML writes it),
/// percent-decoded (`+` as a space, as browsers and apps decode a query).
fn parse_query(query: &str, offset: usize) -> Result<Vec<Param>, String> {
    let mut out = Vec::new();
    let mut at = 0;
    for piece in query.split('&') {
        let start = at;
        at += piece.len() + 1;
        let (piece, start) = match piece.strip_prefix("amp;") {
            Some(rest) => (rest, start + 4),
            None => (piece, start),
        };
        if piece.is_empty() {
            continue;
        }
        let (name, raw) = piece.split_once('=').unwrap_or((piece, ""));
        let value_start = offset + start + name.len() + usize::from(piece.contains('='));
        out.push(Param {
            name: percent_decode(name)?,
            value: percent_decode(raw).map_err(|e| format!("`{name}`: {e}"))?,
            raw: value_start..value_start + raw.len(),
        });
    }
    Ok(out)
}

fn percent_decode(raw: &str) -> Result<String, String> {
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let ok =
                bytes.len() >= i + 3 && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit();
            if !ok {
                let end = (i + 3).min(raw.len());
                return Err(format!("invalid percent-encoding `{}`", raw.get(i..end).unwrap_or("%")));
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    let spaced = raw.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| "percent-encoding that is not UTF-8".to_string())
}

/// Every character but the unreserved ones encoded (`all`), or only those a
/// query value cannot hold as they are.
fn percent_encode(value: &str, all: bool) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const ALL: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    const QUERY: &AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'&')
        .add(b'+')
        .add(b'<')
        .add(b'>')
        .add(b'=');
    utf8_percent_encode(value, if all { ALL } else { QUERY }).to_string()
}

/// `text` with each range replaced (ranges do not overlap).
fn splice(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_string();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    out
}

/// A value escaped for a JSON, TOML or `.env` double-quoted string.
fn escape_string(value: &str) -> String {
    let quoted = serde_json::to_string(value).expect("a string serializes");
    quoted[1..quoted.len() - 1].to_string()
}

/// The string at a dot-separated key path of a small document (a number
/// indexes a JSON array).
fn value_at(format: Format, text: &str, path: &str) -> Option<String> {
    match format {
        Format::Json => {
            let mut v: &serde_json::Value = &serde_json::from_str(text).ok()?;
            for key in path.split('.') {
                v = match key.parse::<usize>() {
                    Ok(i) if v.is_array() => v.get(i)?,
                    _ => v.get(key)?,
                };
            }
            v.as_str().map(str::to_string)
        }
        Format::Toml => {
            let doc: toml::Table = toml::from_str(text).ok()?;
            let mut keys = path.split('.');
            let mut v = doc.get(keys.next()?)?;
            for key in keys {
                v = v.get(key)?;
            }
            v.as_str().map(str::to_string)
        }
        Format::Dotenv => text.lines().find_map(|line| {
            let (k, v) = line.split_once('=')?;
            (k.trim() == path).then(|| {
                let v = v.trim();
                match v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                    Some(inner) => {
                        serde_json::from_str(&format!("\"{inner}\"")).unwrap_or_else(|_| inner.to_string())
                    }
                    None => v.trim_matches('\'').to_string(),
                }
            })
        }),
        _ => None,
    }
}

/// How a base64 text was written: the alphabet and whether it was padded.
#[derive(Debug, Clone, Copy)]
struct Style {
    url_safe: bool,
    padded: bool,
}

impl Style {
    fn encode(self, bytes: &[u8]) -> String {
        use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
        match (self.url_safe, self.padded) {
            (false, true) => STANDARD.encode(bytes),
            (false, false) => STANDARD_NO_PAD.encode(bytes),
            (true, true) => URL_SAFE.encode(bytes),
            (true, false) => URL_SAFE_NO_PAD.encode(bytes),
        }
    }
}

/// Decodes base64 as the apps do (CC Switch's `decode_base64_param`: spaces
/// back to `+`, any padding, standard or URL-safe alphabet).
fn decode_base64(value: &str) -> Option<(Vec<u8>, Style)> {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::engine::DecodePaddingMode;
    let value = value.trim().replace(' ', "+");
    let url_safe = value.contains(['-', '_']);
    // Padded, or a length that needed none: the encoder pads when needed.
    let padded = value.ends_with('=') || value.len().is_multiple_of(4);
    let config = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let alphabet = if url_safe { &base64::alphabet::URL_SAFE } else { &base64::alphabet::STANDARD };
    let bytes = GeneralPurpose::new(alphabet, config).decode(value.as_bytes()).ok()?;
    Some((bytes, Style { url_safe, padded }))
}

#[cfg(test)]
mod tests;
