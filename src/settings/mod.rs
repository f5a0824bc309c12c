//! Settings: which entries of a parsed document are gateway settings, and what
//! each must look like. The client profile's key-path patterns (with wildcards
//! and conditions on sibling values) and the environment-variable table are
//! matched against the document's entries; the result names a role (base URL,
//! key, model, …), the shape a base URL must have, and the fact's source.
//!
//! Some settings are not whole entries of the document but *virtual entries*
//! derived from one: a compose list item `OPENAI_BASE_URL=https://…` is the
//! variable `OPENAI_BASE_URL` whose value is the bytes after `=`; a Kubernetes
//! `{name: X, value: Y}` pair is the variable `X` with `Y`'s scalar; each part of
//! a `;`-separated list of URLs is a setting of its own. A part of a value is
//! derived only when the value's text is verbatim (no escapes), so that its span
//! is exactly its bytes in the file.
//!
//! The URL facts of a value (its parts, where its host points) are computed
//! here, once per setting, for every rule that asks.
//!
//! This module knows the catalog and the document model, not file formats.
//! Rooms: `select` (a key path walked over a document, for the doctor's reads),
//! `key_ref` (which key a key setting names, for the probe, doctor and setup),
//! `endpoints` (the gateway base URLs a file configures, for the probe).

pub mod endpoints;
pub mod key_ref;
pub mod select;

use std::collections::HashMap;

use crate::catalog::{Catalog, Client, Condition, KeyPath, Mark, ProfileMatch, Role, SettingSpec, Shape};
use crate::document::{Document, Entry, Quote, Scalar, Segment};
use crate::url::{classify_host, HostClass, UrlParts};

/// A client reading a file: the client and the key-reference forms it expands there.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'c> {
    pub client: &'c Client,
    pub key_refs: &'c [String],
}

impl<'c> Reader<'c> {
    /// The client with its own key-reference forms (no file-specific ones).
    pub fn of(client: &'c Client) -> Reader<'c> {
        Reader { client, key_refs: &client.key_refs }
    }
}

impl<'c> From<&ProfileMatch<'c>> for Reader<'c> {
    fn from(m: &ProfileMatch<'c>) -> Reader<'c> {
        Reader { client: m.client, key_refs: m.key_refs }
    }
}

/// What named the reader of a variable several programs read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecidedBy {
    /// The image of the compose service or Kubernetes container that sets it.
    Image,
    /// A variable only that reader uses, set beside it.
    Marker,
    /// The `package.json` beside the file (decided by the project pass).
    Package,
}

/// What a URL value is made of and where its host points, computed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlFacts {
    pub parts: UrlParts,
    pub host: HostClass,
}

impl UrlFacts {
    /// The facts of `value` (trimmed), when it parses as a URL.
    pub fn of(catalog: &Catalog, value: &str) -> Option<UrlFacts> {
        let parts = UrlParts::parse(value.trim())?;
        let host = classify_host(catalog, &parts.host);
        Some(UrlFacts { parts, host })
    }

    pub fn on_gateway(&self) -> bool {
        self.host.is_gateway_related()
    }
}

/// What a matched entry is for, whichever data row said so.
#[derive(Debug, Clone)]
pub struct SettingRule {
    pub client_id: String,
    pub client_name: String,
    /// The agent kind of the client (`agent`, `env`, …), from its profile.
    pub client_kind: String,
    pub role: Role,
    pub shape: Option<Shape>,
    pub protocol: Option<String>,
    pub slash_breaks: bool,
    /// FULL endpoints also accepted by a ROOT setting (LiteLLM's ANTHROPIC_API_BASE).
    pub accepts_full: bool,
    /// Other shapes the reader takes as well as `shape`.
    pub also_accepts: Vec<Shape>,
    pub default_endpoint: Option<String>,
    /// The variable this legacy one stands for (OPENAI_API_BASE → OPENAI_BASE_URL).
    pub legacy_of: Option<String>,
    /// For a model: the value names its provider before this separator (`crazy/claude-…`).
    pub provider_ref: Option<String>,
    /// What the client's loader accepts for this setting (data-driven checks).
    pub expect: Vec<crate::catalog::Expect>,
    /// For a key: the key-reference forms the reader expands here.
    pub key_refs: Vec<String>,
    /// A console host with no path is an API base here, not a link (data: `root_is_base`).
    pub root_is_base: bool,
    /// The value stands in running prose: its fix is unsafe (data: `prose`).
    pub prose: bool,
    /// A variable several programs read with different shapes, and nothing here
    /// (an image, a variable only one of them reads) says which reads this value:
    /// its shape is not judged (`shape` is `None`); CR412 says so.
    pub undecided: bool,
    /// For a variable several programs read: what named this value's reader.
    pub decided_by: Option<DecidedBy>,
    pub mark: Mark,
    pub source: String,
}

impl SettingRule {
    /// The rule of `spec`, a setting of `client`'s, as `client_name` reads it.
    fn of(client: &Client, spec: &SettingSpec, client_name: String, key_refs: Vec<String>) -> SettingRule {
        SettingRule {
            client_id: client.profile.id.clone(),
            client_name,
            client_kind: client.profile.kind.clone(),
            role: spec.role,
            shape: spec.shape,
            protocol: spec.protocol.clone(),
            slash_breaks: spec.slash_breaks,
            accepts_full: spec.accepts_full,
            also_accepts: spec.also_accepts.clone(),
            default_endpoint: spec.default_endpoint.clone(),
            legacy_of: None,
            provider_ref: spec.provider_ref.clone(),
            expect: spec.expect.clone(),
            key_refs,
            root_is_base: spec.root_is_base,
            prose: spec.prose,
            undecided: false,
            decided_by: None,
            mark: spec.mark,
            source: spec.source.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Setting {
    /// The entry: one of the document's, or a virtual one derived from it.
    pub entry: Entry,
    pub rule: SettingRule,
    /// The path of the object that holds this setting (`model_providers.crazy`),
    /// so that rules can find its siblings.
    pub group: Vec<Segment>,
    /// The provider object the setting belongs to: the path down to the first
    /// wildcard its pattern matched (`provider.crazy` for
    /// `provider.*.options.baseURL`, `models[2]` for `models[*].apiBase`), else `group`.
    pub scope: Vec<Segment>,
    /// What that first wildcard matched, as text: the provider's id (`crazy`).
    pub provider_id: Option<String>,
    /// Every profile that reads this entry, the owner (`rule.client_id`) first.
    pub read_by: Vec<String>,
    /// For a key: each reader (its name) with the key-reference forms it
    /// expands in this file, the owner first (a `.env` the SDKs read with
    /// python-dotenv and Gemini CLI with `dotenv.parse`).
    pub key_readers: Vec<(String, Vec<String>)>,
    /// The entry is a part of a larger value (its bytes lie inside another
    /// scalar's quotes): a fix may rewrite only those bytes.
    pub part_of_value: bool,
    /// The value's URL facts, when it is a URL.
    pub url: Option<UrlFacts>,
    /// The region the text around the value names for it (a document's line
    /// saying "East Asia"), set by the pipeline: a host that must move goes there.
    pub region_hint: Option<String>,
}

impl Setting {
    /// The value is a URL on the gateway or a look-alike of it.
    pub fn on_gateway(&self) -> bool {
        self.url.as_ref().is_some_and(UrlFacts::on_gateway)
    }

    /// The value is a URL on one of the gateway's API entries.
    pub fn on_api_entry(&self) -> bool {
        self.url.as_ref().is_some_and(|u| matches!(u.host, HostClass::Entry { .. }))
    }
}

/// The settings of `doc` for the given clients (in the order of
/// `Catalog::profiles_for_path`), in document order. An entry belongs to the first
/// client that claims it, so one value gets one finding; the other clients that
/// would claim it are listed in `read_by`.
pub fn find_settings(catalog: &Catalog, readers: &[Reader], doc: &Document, text: &str) -> Vec<Setting> {
    let mut out = Vec::new();
    let index = PathIndex::new(doc);
    for entry in &doc.entries {
        let mut owned: Option<Vec<Setting>> = None;
        let mut read_by = Vec::new();
        let mut key_readers = Vec::new();
        for reader in readers {
            if let Some(found) = match_entry(catalog, reader, &index, text, entry) {
                read_by.push(reader.client.profile.id.clone());
                if found.iter().any(|s| s.rule.role == Role::ApiKey) {
                    key_readers.push((reader.client.profile.name.clone(), reader.key_refs.to_vec()));
                }
                owned.get_or_insert(found);
            }
        }
        for mut setting in owned.unwrap_or_default() {
            setting.read_by = read_by.clone();
            if setting.rule.role == Role::ApiKey {
                setting.key_readers = key_readers.clone();
            }
            setting.url = UrlFacts::of(catalog, &setting.entry.scalar.value);
            out.push(setting);
        }
    }
    out
}

/// The entry itself and the virtual entries `client` derives from it, each with
/// whether it is a part of a value.
fn candidates(client: &Client, index: &PathIndex, text: &str, entry: &Entry) -> Vec<(Entry, bool)> {
    let mut out = vec![(entry.clone(), false)];
    let Some((last, parent)) = entry.path.split_last() else { return out };
    // `environment: ["NAME=value"]`: the item at `position[i]`.
    if matches!(last, Segment::Index(_)) && client.env_lists.iter().any(|p| p.matches(parent).is_some()) {
        if let Some((name, value)) = entry.scalar.value.split_once('=') {
            if is_env_name(name) {
                let start = entry.scalar.content.start + name.len() + 1;
                if let Some(scalar) = sub_scalar(text, &entry.scalar, start..start + value.len()) {
                    let mut path = parent.to_vec();
                    path.push(Segment::Key(name.to_string()));
                    let key_span = Some(entry.scalar.content.start..start - 1);
                    out.push((Entry { path, scalar, key_span }, true));
                }
            }
        }
    }
    // `env: [{name: NAME, value: VALUE}]`: the `value` at `position[i].value`.
    if last == &Segment::Key("value".into()) && parent.len() >= 2 {
        let (position_index, position) = parent.split_last().expect("len >= 2");
        if matches!(position_index, Segment::Index(_))
            && client.env_pairs.iter().any(|p| p.matches(position).is_some())
        {
            let mut name_path = parent.to_vec();
            name_path.push(Segment::Key("name".into()));
            if let Some(name) =
                index.get(&name_path).first().copied().filter(|n| is_env_name(&n.scalar.value))
            {
                let mut path = position.to_vec();
                path.push(Segment::Key(name.scalar.value.clone()));
                let virtual_entry =
                    Entry { path, scalar: entry.scalar.clone(), key_span: Some(name.scalar.content.clone()) };
                out.push((virtual_entry, false));
            }
        }
    }
    out
}

/// The document's entries by path, built once per file: the sibling look-ups of
/// conditions and env pairs were a scan of every entry per entry (a 5,000-model
/// LiteLLM config took 10 s).
struct PathIndex<'d> {
    doc: &'d Document,
    by_path: HashMap<&'d [Segment], Vec<&'d Entry>>,
}

impl<'d> PathIndex<'d> {
    fn new(doc: &'d Document) -> Self {
        let mut by_path: HashMap<&[Segment], Vec<&Entry>> = HashMap::new();
        for e in &doc.entries {
            by_path.entry(e.path.as_slice()).or_default().push(e);
        }
        PathIndex { doc, by_path }
    }

    /// Every entry at `path`, in document order (a key may be written twice).
    fn get(&self, path: &[Segment]) -> &[&'d Entry] {
        self.by_path.get(path).map_or(&[], Vec::as_slice)
    }
}

use crate::catalog::is_env_name;

/// The scalar for the bytes `range` inside `outer`'s text, when `outer` is written
/// verbatim (a byte of its value is a byte of the file) and is not a block scalar.
/// Token and content are both `range`; the quote is the outer one, so that a fix
/// knows which characters the surrounding string can hold.
fn sub_scalar(text: &str, outer: &Scalar, range: std::ops::Range<usize>) -> Option<Scalar> {
    if outer.quote == Quote::Block || !outer.is_verbatim(text) {
        return None;
    }
    let value = text.get(range.clone())?.to_string();
    Some(Scalar { value, token: range.clone(), content: range, quote: outer.quote })
}

fn match_entry(
    catalog: &Catalog,
    reader: &Reader,
    index: &PathIndex,
    text: &str,
    entry: &Entry,
) -> Option<Vec<Setting>> {
    for (candidate, part) in candidates(reader.client, index, text, entry) {
        if let Some(found) = match_candidate(catalog, reader, index, &candidate) {
            return Some(split_parts(text, candidate, part, found));
        }
    }
    None
}

/// What a candidate matched: the rule, the separator of its value, scope and provider id.
struct Matched {
    rule: SettingRule,
    separator: Option<String>,
    scope: Vec<Segment>,
    provider_id: Option<String>,
}

fn match_candidate(catalog: &Catalog, reader: &Reader, index: &PathIndex, entry: &Entry) -> Option<Matched> {
    match_spec(reader, index, entry, false)
        .or_else(|| match_env(catalog, reader, index, entry))
        .or_else(|| match_spec(reader, index, entry, true))
}

/// The first of the client's settings (the fallbacks, or the others) that claims the entry.
fn match_spec(reader: &Reader, index: &PathIndex, entry: &Entry, fallback: bool) -> Option<Matched> {
    let client = reader.client;
    let group = group_of(&entry.path);
    for (pattern, spec) in client.settings.iter().filter(|(_, s)| s.fallback == fallback) {
        let Some(captures) = pattern.matches(&entry.path) else { continue };
        if !spec.when.iter().all(|c| condition_holds(index, c, &captures)) {
            continue;
        }
        let (scope, provider_id) = match pattern.first_wildcard() {
            Some(i) => (entry.path[..=i].to_vec(), Some(segment_text(&entry.path[i]))),
            None => (group.clone(), None),
        };
        return Some(Matched {
            rule: SettingRule::of(
                client,
                spec,
                spec.name.clone().unwrap_or_else(|| client.profile.name.clone()),
                reader.key_refs.to_vec(),
            ),
            separator: spec.separator.clone(),
            scope,
            provider_id,
        });
    }
    None
}

/// The entry as a variable of `env.toml` at one of the client's positions.
fn match_env(catalog: &Catalog, reader: &Reader, index: &PathIndex, entry: &Entry) -> Option<Matched> {
    let client = reader.client;
    let group = group_of(&entry.path);
    let (Segment::Key(name), position) = entry.path.split_last()? else { return None };
    if !client.env_positions.iter().any(|p| p.matches(position).is_some()) {
        return None;
    }
    let var = catalog.env_variable(name);
    let readings: Vec<(&Client, &SettingSpec)> = catalog.env_readings(name).collect();
    if !readings.is_empty() {
        let known = image_reader(catalog, client, index, position)
            .map(|c| (c, DecidedBy::Image))
            .or_else(|| marker_reader(client, index, position, &readings).map(|c| (c, DecidedBy::Marker)));
        match known {
            Some((r, by)) => {
                if let Some(spec) = catalog.env_reading(r, name) {
                    let mut m = env_spec_match(r, spec, name, reader.key_refs.to_vec(), group.clone());
                    m.rule.decided_by = Some(by);
                    return Some(m);
                }
            }
            None => {
                // No variable of env.toml: judged only where the reader is known
                // (NextChat's `BASE_URL`, which the project pass may still decide).
                let mut shapes: Vec<Shape> = readings.iter().filter_map(|(_, s)| s.shape).collect();
                shapes.extend(var.and_then(|v| v.shape));
                shapes.sort_by_key(|s| s.name());
                shapes.dedup();
                if var.is_none() || shapes.len() > 1 {
                    return Some(undecided_match(name, var, &readings, reader, group.clone()));
                }
            }
        }
    }
    let var = var?;
    Some(Matched {
        rule: SettingRule {
            client_id: client.profile.id.clone(),
            client_name: env_readers(&var.name, &var.read_by),
            client_kind: client.profile.kind.clone(),
            role: var.role,
            shape: var.shape,
            protocol: var.protocol.clone(),
            slash_breaks: var.slash_breaks,
            accepts_full: var.accepts_full,
            also_accepts: vec![],
            default_endpoint: None,
            legacy_of: var.legacy_of.clone(),
            provider_ref: None,
            expect: vec![],
            key_refs: reader.key_refs.to_vec(),
            root_is_base: false,
            prose: false,
            undecided: false,
            decided_by: None,
            mark: var.mark,
            source: var.source.clone(),
        },
        separator: var.separator.clone(),
        scope: group.clone(),
        provider_id: None,
    })
}

/// The client whose image the program holding these variables runs (a compose
/// service's `image`, a Kubernetes container's), per the profile's `env_readers`.
fn image_reader<'c>(
    catalog: &'c Catalog,
    client: &Client,
    index: &PathIndex,
    position: &[Segment],
) -> Option<&'c Client> {
    client.env_reader_at.iter().find_map(|(at, image)| {
        let captures = at.matches(position)?;
        let path = image.instantiate(&captures)?;
        let value = index.get(&path).first()?;
        catalog.client_of_image(&value.scalar.value)
    })
}

/// The one client among `readings` that has a marker (a variable only it reads)
/// set beside the variable, in the same place: a key of `position`, a
/// `NAME=value` item of it, or a `{name: NAME}` pair of it.
fn marker_reader<'c>(
    client: &Client,
    index: &PathIndex,
    position: &[Segment],
    readings: &[(&'c Client, &SettingSpec)],
) -> Option<&'c Client> {
    let set_here = |marker: &str| {
        let mut key = position.to_vec();
        key.push(Segment::Key(marker.to_string()));
        if !index.get(&key).is_empty() {
            return true;
        }
        let lists = client.env_lists.iter().any(|p| p.matches(position).is_some());
        let pairs = client.env_pairs.iter().any(|p| p.matches(position).is_some());
        (lists || pairs)
            && index.doc.entries.iter().any(|e| {
                e.path.len() > position.len()
                    && e.path.starts_with(position)
                    && match &e.path[position.len()..] {
                        [Segment::Index(_)] => {
                            lists && e.scalar.value.split_once('=').is_some_and(|(n, _)| n == marker)
                        }
                        [Segment::Index(_), Segment::Key(k)] => {
                            pairs && k == "name" && e.scalar.value == marker
                        }
                        _ => false,
                    }
            })
    };
    let mut found = readings
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| c.profile.markers.iter().any(|m| set_here(m)))
        .collect::<Vec<_>>();
    found.dedup_by(|a, b| a.profile.id == b.profile.id);
    (found.len() == 1).then(|| found[0])
}

/// A variable read by the client an image or a marker names, with that client's setting.
fn env_spec_match(
    client: &Client,
    spec: &SettingSpec,
    name: &str,
    key_refs: Vec<String>,
    group: Vec<Segment>,
) -> Matched {
    Matched {
        // A variable named by an image or a marker is never a root that is a base
        // URL of its own, nor a prose URL.
        rule: SettingRule {
            root_is_base: false,
            prose: false,
            ..SettingRule::of(
                client,
                spec,
                spec.name
                    .clone()
                    .unwrap_or_else(|| env_readers(name, std::slice::from_ref(&client.profile.name))),
                key_refs,
            )
        },
        separator: spec.separator.clone(),
        scope: group,
        provider_id: None,
    }
}

/// A variable whose readers want different shapes, with nothing to say which reads it.
fn undecided_match(
    name: &str,
    var: Option<&crate::catalog::EnvVariable>,
    readings: &[(&Client, &SettingSpec)],
    reader: &Reader,
    group: Vec<Segment>,
) -> Matched {
    let mut names: Vec<String> = readings.iter().map(|(c, _)| c.profile.name.clone()).collect();
    for r in var.iter().flat_map(|v| v.read_by.iter()) {
        if !names.contains(r) {
            names.push(r.clone());
        }
    }
    let (first_spec, role) = (readings[0].1, var.map_or(readings[0].1.role, |v| v.role));
    Matched {
        rule: SettingRule {
            client_id: reader.client.profile.id.clone(),
            client_name: env_readers(name, &names),
            client_kind: reader.client.profile.kind.clone(),
            role,
            shape: None,
            protocol: None,
            slash_breaks: false,
            accepts_full: false,
            also_accepts: vec![],
            default_endpoint: None,
            legacy_of: None,
            provider_ref: None,
            expect: vec![],
            key_refs: reader.key_refs.to_vec(),
            undecided: true,
            decided_by: None,
            root_is_base: false,
            prose: false,
            mark: var.map_or(first_spec.mark, |v| v.mark),
            source: var.map_or_else(|| first_spec.source.clone(), |v| v.source.clone()),
        },
        separator: var.and_then(|v| v.separator.clone()).or_else(|| first_spec.separator.clone()),
        scope: group,
        provider_id: None,
    }
}

/// One setting for the entry, or one per part when the value is a separated list.
fn split_parts(text: &str, entry: Entry, part: bool, m: Matched) -> Vec<Setting> {
    let group = group_of(&entry.path);
    let make = |entry: Entry, part_of_value: bool| Setting {
        entry,
        rule: m.rule.clone(),
        group: group.clone(),
        scope: m.scope.clone(),
        provider_id: m.provider_id.clone(),
        read_by: vec![],
        key_readers: vec![],
        part_of_value,
        url: None,
        region_hint: None,
    };
    let Some(sep) = m.separator.as_deref().filter(|s| entry.scalar.value.contains(*s)) else {
        return vec![make(entry, part)];
    };
    let mut out = Vec::new();
    let mut offset = entry.scalar.content.start;
    for piece in entry.scalar.value.split(sep) {
        let lead = piece.len() - piece.trim_start().len();
        let start = offset + lead;
        let trimmed = piece.trim();
        offset += piece.len() + sep.len();
        if trimmed.is_empty() {
            continue;
        }
        // Not verbatim (escapes): the parts' bytes are unknown; the value is not split.
        let Some(scalar) = sub_scalar(text, &entry.scalar, start..start + trimmed.len()) else {
            return vec![];
        };
        out.push(make(Entry { path: entry.path.clone(), scalar, key_span: entry.key_span.clone() }, true));
    }
    out
}

fn group_of(path: &[Segment]) -> Vec<Segment> {
    path[..path.len().saturating_sub(1)].to_vec()
}

pub fn segment_text(s: &Segment) -> String {
    match s {
        Segment::Key(k) => k.clone(),
        Segment::Index(i) => i.to_string(),
    }
}

/// "`OPENAI_BASE_URL` (read by OpenAI SDKs, Qwen Code, …)": short enough for a message.
fn env_readers(name: &str, read_by: &[String]) -> String {
    let sep = crate::tr!("list.sep");
    let mut readers = read_by.iter().take(2).cloned().collect::<Vec<_>>().join(&sep);
    if read_by.len() > 2 {
        readers.push_str(&sep);
        readers.push('…');
    }
    crate::tr!("rule.env_readers", name = name, readers = readers)
}

fn condition_holds(index: &PathIndex, cond: &Condition, captures: &[Segment]) -> bool {
    let values: Vec<String> = if let Some(n) = cond.capture {
        captures.get(n - 1).map(segment_text).into_iter().collect()
    } else {
        let Some(key) = cond.key.as_deref().and_then(|k| KeyPath::parse(k).ok()) else {
            return false;
        };
        // A sibling named by the captures is one lookup; a pattern with wildcards
        // left over scans the document.
        match key.instantiate(captures) {
            Some(path) => index.get(&path).iter().map(|e| e.scalar.value.clone()).collect(),
            None => {
                let bound = key.bind(captures);
                index
                    .doc
                    .entries
                    .iter()
                    .filter(|e| bound.matches(&e.path).is_some())
                    .map(|e| e.scalar.value.clone())
                    .collect()
            }
        }
    };
    if values.is_empty() {
        return cond.absent;
    }
    !cond.absent
        && values.iter().any(|v| {
            (cond.any_of.is_empty() || cond.any_of.contains(v))
                && (cond.starts_with.is_empty() || cond.starts_with.iter().any(|p| v.starts_with(p.as_str())))
                && (cond.ends_with.is_empty() || cond.ends_with.iter().any(|p| v.ends_with(p.as_str())))
                && !cond.none_of.contains(v)
        })
}

#[cfg(test)]
mod tests;
