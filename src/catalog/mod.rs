//! The catalog: the loaded `rules/` data (gateway hosts, endpoint table, client
//! profiles, environment variables), validated and compiled into matchers.
//!
//! This is the only place the knowledge enters the program. It depends on
//! nothing but its own types and the document model's vocabulary (formats,
//! key-path segments); it knows no
//! rule, parser or output.

mod keypath;
mod routes;
pub mod types;

use std::collections::HashMap;

use globset::{Candidate, Glob, GlobSet, GlobSetBuilder};

use crate::document::Format;
use regex::Regex;

pub use keypath::{KeyPattern, PatternSegment};
pub use routes::{Route, RouteMatch, RouteTable};
pub use types::*;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/clients.rs"));
}

const GATEWAY_TOML: &str = include_str!("../../rules/gateway.toml");
const ENDPOINTS_TOML: &str = include_str!("../../rules/endpoints.toml");
const ENV_TOML: &str = include_str!("../../rules/env.toml");

/// A client profile with its patterns compiled.
#[derive(Debug, Clone)]
pub struct Client {
    pub profile: ClientProfile,
    pub settings: Vec<(KeyPattern, SettingSpec)>,
    /// Where the variables of `rules/env.toml` are read: `env_vars_at`, `env_lists_at`
    /// and `env_pairs_at` together (a variable sits at `position + [NAME]`).
    pub env_positions: Vec<KeyPattern>,
    pub env_lists: Vec<KeyPattern>,
    pub env_pairs: Vec<KeyPattern>,
    files: Vec<CompiledFile>,
}

#[derive(Debug, Clone)]
struct CompiledFile {
    format: Format,
    not_globs: Option<GlobSet>,
    requires_key: Vec<String>,
    priority: i32,
    specificity: usize,
}

/// A profile whose file patterns fit a path: the format to read the file in, and
/// what decides the order in which profiles claim the file's entries.
#[derive(Debug, Clone)]
pub struct ProfileMatch<'c> {
    pub client: &'c Client,
    pub format: Format,
    /// Top-level keys the document must have for the profile to apply.
    pub requires_key: &'c [String],
    pub specificity: usize,
    pub priority: i32,
}

/// How specific a file pattern is: its literal characters (wildcards, `**/` and
/// classes count nothing), plus 100 for every top-level key it requires, since a
/// look inside the file says more than any name. `**/.gemini/.env` (12) beats
/// `**/.env` (4); `**/*.yaml` with `requires_key = ["model_list"]` (105) beats
/// `**/.continue/config.yaml` (22).
fn specificity(glob: &str, requires_key: &[String]) -> usize {
    let mut literal = 0;
    let mut in_class = false;
    for c in glob.replace("**/", "").chars() {
        match c {
            '[' => in_class = true,
            ']' => in_class = false,
            '*' | '?' | '{' | '}' | ',' => {}
            _ if in_class => {}
            _ => literal += 1,
        }
    }
    literal + 100 * requires_key.len()
}

#[derive(Debug)]
pub struct Catalog {
    pub gateway: GatewayFile,
    pub routes: RouteTable,
    pub base_suffixes: BaseSuffixes,
    pub protocols: std::collections::BTreeMap<String, String>,
    pub env: Vec<EnvVariable>,
    pub clients: Vec<Client>,
    pub key_regex: Regex,
    /// Matches any text that may hold a gateway host or a look-alike of one (see
    /// `mention_filter`): text without a match is skipped by the URL scanners.
    pub mention_regex: Regex,
    /// `mention_regex` over bytes, and the literal every match of it starts
    /// with (`://`), for `may_mention`.
    mention_bytes: regex::bytes::Regex,
    mention_literal: memchr::memmem::Finder<'static>,
    env_by_name: HashMap<String, usize>,
    /// Every client's file patterns in one set, in client order, and the
    /// (client, file pattern) each pattern of the set belongs to: a path is
    /// matched once against all of them instead of once per client (on a
    /// monorepo, matching every walked path against 40 sets was a quarter of the run).
    path_globs: GlobSet,
    path_owners: Vec<(usize, usize)>,
}

#[derive(Debug)]
pub struct CatalogError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rules/{}: {}", self.file, self.message)
    }
}

impl std::error::Error for CatalogError {}

fn parse<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, CatalogError> {
    toml::from_str(text).map_err(|e| CatalogError { file: file.to_string(), message: e.to_string() })
}

impl Catalog {
    /// The catalog embedded in the binary.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        let clients: Vec<(String, String)> =
            embedded::CLIENT_FILES.iter().map(|(n, t)| (format!("clients/{n}"), t.to_string())).collect();
        Catalog::from_sources(GATEWAY_TOML, ENDPOINTS_TOML, ENV_TOML, &clients)
    }

    /// Builds a catalog from data texts; `clients` holds (file name, text) pairs.
    pub fn from_sources(
        gateway: &str,
        endpoints: &str,
        env: &str,
        clients: &[(String, String)],
    ) -> Result<Catalog, CatalogError> {
        let gateway: GatewayFile = parse("gateway.toml", gateway)?;
        let endpoints: EndpointsFile = parse("endpoints.toml", endpoints)?;
        let env: EnvFile = parse("env.toml", env)?;
        let key_regex = Regex::new(&format!(r"\b{}\b", gateway.key.pattern)).map_err(|e| CatalogError {
            file: "gateway.toml".into(),
            message: format!("key.pattern: {e}"),
        })?;
        let mention_regex = mention_filter(&gateway)
            .map_err(|message| CatalogError { file: "gateway.toml".into(), message })?;
        let mention_bytes = regex::bytes::Regex::new(mention_regex.as_str())
            .map_err(|e| CatalogError { file: "gateway.toml".into(), message: e.to_string() })?;
        let routes = RouteTable::compile(&endpoints.routes)
            .map_err(|message| CatalogError { file: "endpoints.toml".into(), message })?;
        let mut compiled = Vec::new();
        for (name, text) in clients {
            let profile: ClientProfile = parse(name, text)?;
            compiled.push(
                Client::compile(profile).map_err(|message| CatalogError { file: name.clone(), message })?,
            );
        }
        for (name, route) in &endpoints.protocols {
            if !matches!(routes.lookup(&route.replace("{model}", "m")), RouteMatch::Found(_)) {
                return Err(CatalogError {
                    file: "endpoints.toml".into(),
                    message: format!("protocol {name}: {route} is no route of the table"),
                });
            }
        }
        let known_protocol =
            |p: &Option<String>| p.as_ref().is_none_or(|p| endpoints.protocols.contains_key(p));
        for client in &compiled {
            if let Some((_, s)) = client.settings.iter().find(|(_, s)| !known_protocol(&s.protocol)) {
                return Err(CatalogError {
                    file: format!("clients/{}.toml", client.profile.id),
                    message: format!("setting {}: unknown protocol {:?}", s.path, s.protocol),
                });
            }
        }
        let (path_globs, path_owners) = path_globs(clients, &compiled)?;
        let mut env_by_name = HashMap::new();
        for client in &compiled {
            if let Some(name) =
                client.profile.reads_env.iter().find(|n| !env.variables.iter().any(|v| &v.name == *n))
            {
                return Err(CatalogError {
                    file: format!("clients/{}.toml", client.profile.id),
                    message: format!("reads_env: {name} is no variable of env.toml"),
                });
            }
        }
        for (i, v) in env.variables.iter().enumerate() {
            if !known_protocol(&v.protocol) {
                return Err(CatalogError {
                    file: "env.toml".into(),
                    message: format!("variable {}: unknown protocol {:?}", v.name, v.protocol),
                });
            }
            if v.role == Role::BaseUrl && v.shape.is_none() {
                return Err(CatalogError {
                    file: "env.toml".into(),
                    message: format!("variable {} is a base-url without a shape", v.name),
                });
            }
            env_by_name.insert(v.name.clone(), i);
        }
        Ok(Catalog {
            gateway,
            routes,
            base_suffixes: endpoints.base_suffixes,
            protocols: endpoints.protocols,
            env: env.variables,
            clients: compiled,
            key_regex,
            mention_regex,
            mention_bytes,
            mention_literal: memchr::memmem::Finder::new(b"://"),
            env_by_name,
            path_globs,
            path_owners,
        })
    }

    /// `mention_regex` on bytes that may not be UTF-8 (a file's, before it is
    /// validated): the same answer for every UTF-8 text. Text without `://` holds no
    /// match, and most files have none: one SIMD literal search settles them
    /// without running the regex.
    pub fn may_mention(&self, bytes: &[u8]) -> bool {
        self.mention_literal.find(bytes).is_some() && self.mention_bytes.is_match(bytes)
    }

    pub fn env_variable(&self, name: &str) -> Option<&EnvVariable> {
        self.env_by_name.get(name).map(|&i| &self.env[i])
    }

    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.profile.id == id)
    }

    /// The clients whose file patterns match `path` (relative, `/`-separated), with the
    /// format to parse it in, in the order of `profiles_for_path`.
    pub fn clients_for_path(&self, path: &str) -> Vec<(&Client, Format)> {
        self.profiles_for_path(path).into_iter().map(|m| (m.client, m.format)).collect()
    }

    /// The profiles whose file patterns match `path`, most specific first: by the
    /// specificity of the pattern that matched (see `specificity`), then by the
    /// pattern's `priority`, then by client id. The first profile whose key paths
    /// claim an entry owns it (one value, one finding); the others are recorded as
    /// its other readers. A profile with `requires_key` applies only once the parsed
    /// document shows those keys (`check` filters them).
    pub fn profiles_for_path(&self, path: &str) -> Vec<ProfileMatch<'_>> {
        let candidate = Candidate::new(path);
        let hits = self.path_globs.matches_candidate(&candidate);
        let mut found: Vec<ProfileMatch> = Vec::new();
        // The hits come in ascending order, so each client's come together, in client order.
        for group in hits.chunk_by(|a, b| self.path_owners[*a].0 == self.path_owners[*b].0) {
            let client = &self.clients[self.path_owners[group[0]].0];
            if let Some(best) = client.best_match(group.iter().map(|&i| self.path_owners[i].1), &candidate) {
                found.push(best);
            }
        }
        found.sort_by(|a, b| {
            b.specificity
                .cmp(&a.specificity)
                .then(b.priority.cmp(&a.priority))
                .then(a.client.profile.id.cmp(&b.client.profile.id))
        });
        found
    }

    /// True when some profile's file patterns match `path` (`profiles_for_path`
    /// is not empty), without ordering the profiles.
    pub fn claims_path(&self, path: &str) -> bool {
        let candidate = Candidate::new(path);
        self.path_globs.matches_candidate(&candidate).into_iter().any(|i| {
            let (client, file) = self.path_owners[i];
            !self.clients[client].excluded(file, &candidate)
        })
    }

    /// True when some profile claims `path` by its name alone (no `requires_key`):
    /// such a file is worth reading even when git ignores it.
    pub fn known_by_name(&self, path: &str) -> bool {
        self.profiles_for_path(path).iter().any(|m| m.requires_key.is_empty())
    }

    /// The API host of a region, e.g. `east-asia` → `cn.crazyrouter.com`.
    pub fn host_for_region(&self, region: &str) -> Option<&str> {
        self.gateway.entries.iter().find(|e| e.region == region).map(|e| e.host.as_str())
    }

    pub fn regions(&self) -> Vec<&str> {
        self.gateway.entries.iter().map(|e| e.region.as_str()).collect()
    }

    /// Every host an API key may be sent to.
    pub fn api_hosts(&self) -> Vec<String> {
        self.gateway.entries.iter().map(|e| e.host.clone()).collect()
    }
}

impl Client {
    fn compile(profile: ClientProfile) -> Result<Client, String> {
        let mut files = Vec::new();
        for spec in &profile.files {
            // Checked here for the error's file name; compiled into the catalog's one set.
            glob(&spec.glob)?;
            let not_globs = if spec.not_globs.is_empty() {
                None
            } else {
                let mut nb = GlobSetBuilder::new();
                for g in &spec.not_globs {
                    nb.add(glob(g)?);
                }
                Some(nb.build().map_err(|e| e.to_string())?)
            };
            files.push(CompiledFile {
                format: spec.format,
                not_globs,
                requires_key: spec.requires_key.clone(),
                priority: spec.priority,
                specificity: specificity(&spec.glob, &spec.requires_key),
            });
        }
        let positions = |list: &[String]| -> Result<Vec<KeyPattern>, String> {
            list.iter().map(|p| KeyPattern::parse_position(p)).collect()
        };
        let env_lists = positions(&profile.env_lists_at)?;
        let env_pairs = positions(&profile.env_pairs_at)?;
        let mut env_positions = positions(&profile.env_vars_at)?;
        env_positions.extend(env_lists.iter().cloned());
        env_positions.extend(env_pairs.iter().cloned());
        let mut settings = Vec::new();
        for spec in &profile.settings {
            let pattern = KeyPattern::parse(&spec.path)?;
            if spec.role == Role::BaseUrl && spec.shape.is_none() {
                return Err(format!("setting {}: a base-url needs a shape", spec.path));
            }
            if spec.separator.as_deref() == Some("") {
                return Err(format!("setting {}: an empty separator", spec.path));
            }
            for cond in &spec.when {
                if cond.key.is_some() == cond.capture.is_some() {
                    return Err(format!("setting {}: a condition names either key or capture", spec.path));
                }
                if let Some(k) = &cond.key {
                    KeyPattern::parse(k)?;
                }
                if let Some(n) = cond.capture {
                    if n == 0 || n > pattern.wildcard_count() {
                        return Err(format!("setting {}: capture {n} does not exist", spec.path));
                    }
                }
            }
            settings.push((pattern, spec.clone()));
        }
        Ok(Client { profile, settings, env_positions, env_lists, env_pairs, files })
    }

    /// The file pattern `file` matched, but one of its `not_globs` excludes the path.
    fn excluded(&self, file: usize, candidate: &Candidate) -> bool {
        self.files[file].not_globs.as_ref().is_some_and(|n| n.is_match_candidate(candidate))
    }

    /// The most specific of this client's file patterns `hits` (those that match
    /// the path, ascending) that its `not_globs` do not exclude.
    fn best_match(
        &self,
        hits: impl Iterator<Item = usize>,
        candidate: &Candidate,
    ) -> Option<ProfileMatch<'_>> {
        hits.filter(|&i| !self.excluded(i, candidate))
            .map(|i| {
                let f = &self.files[i];
                ProfileMatch {
                    client: self,
                    format: f.format,
                    requires_key: &f.requires_key,
                    specificity: f.specificity,
                    priority: f.priority,
                }
            })
            .max_by(|a, b| a.specificity.cmp(&b.specificity).then(a.priority.cmp(&b.priority)))
    }
}

/// Every client's file patterns in one set (client order, then file order), with
/// the (client, file) each pattern belongs to.
fn path_globs(
    sources: &[(String, String)],
    clients: &[Client],
) -> Result<(GlobSet, Vec<(usize, usize)>), CatalogError> {
    let mut builder = GlobSetBuilder::new();
    let mut owners = Vec::new();
    for (c, client) in clients.iter().enumerate() {
        for (f, spec) in client.profile.files.iter().enumerate() {
            for one in expand_braces(&spec.glob) {
                builder
                    .add(glob(&one).map_err(|message| CatalogError { file: sources[c].0.clone(), message })?);
                owners.push((c, f));
            }
        }
    }
    let set = builder.build().map_err(|e| CatalogError { file: "clients".into(), message: e.to_string() })?;
    Ok((set, owners))
}

/// A case-insensitive prefilter for text that might name a gateway host. Every
/// gateway host ends in a console host name (`crazyrouter.com`); a look-alike is
/// within `max_edit_distance` edits of one, so cutting that name into
/// `max_edit_distance + 1` pieces leaves at least one piece intact in it
/// (pigeonhole). Text with no URL whose host holds a piece holds no gateway URL.
fn mention_filter(gateway: &GatewayFile) -> Result<Regex, String> {
    let parts = gateway.lookalike.max_edit_distance + 1;
    let mut pieces = Vec::new();
    for host in &gateway.console.hosts {
        let chars: Vec<char> = host.chars().collect();
        let size = chars.len().div_ceil(parts);
        pieces.extend(chars.chunks(size.max(1)).map(|c| regex::escape(&c.iter().collect::<String>())));
    }
    pieces.sort();
    pieces.dedup();
    // The scanners only read `scheme://host…` URLs: look for a piece in the host part.
    Regex::new(&format!("(?i)://[^\\s/\"'<>`]*(?:{})", pieces.join("|"))).map_err(|e| e.to_string())
}

/// `**/*.{py,pyi}` as `**/*.py` and `**/*.pyi`: the same paths, but globset
/// matches an extension with a hash lookup, and an alternation with a regex run
/// over every path. Only one group of plain alternatives is expanded; any other
/// pattern is kept as it is.
pub(crate) fn expand_braces(pattern: &str) -> Vec<String> {
    let plain = |s: &str| !s.is_empty() && !s.contains(['*', '?', '[', ']', '{', '}', '\\', ',']);
    let Some((head, rest)) = pattern.split_once('{') else { return vec![pattern.to_string()] };
    let Some((group, tail)) = rest.split_once('}') else { return vec![pattern.to_string()] };
    let outside = |s: &str| !s.contains(['{', '}', '[', ']', '\\']);
    if !outside(head) || !outside(tail) || !group.split(',').all(plain) {
        return vec![pattern.to_string()];
    }
    group.split(',').map(|alt| format!("{head}{alt}{tail}")).collect()
}

fn glob(pattern: &str) -> Result<Glob, String> {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("glob {pattern:?}: {e}"))
}

#[cfg(test)]
mod tests;
