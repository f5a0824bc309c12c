//! The catalog: the loaded `rules/` data (gateway hosts, endpoint table, one
//! file per client, environment variables, key-reference forms, shell start-up
//! files, the rules' facts), validated and compiled into matchers.
//!
//! This is the only place the knowledge enters the program: the files are
//! embedded at build time (`build.rs`), and `CRLINT_RULES_DIR` may name a
//! directory whose files are read at run time on top of them (a new client's
//! `clients/<id>.toml` is tried that way before it is built in). It depends on
//! nothing but its own types and the document model's vocabulary (formats,
//! key-path segments); it knows no rule, parser or output.

pub mod client;
pub mod documents;
mod key_refs;
mod keypath;
pub mod knowledge;
pub mod machine;
pub mod needles;
mod routes;
pub mod setup;
pub mod store;
pub mod types;

use std::collections::HashMap;
use std::path::Path;

use globset::{Candidate, Glob, GlobSet, GlobSetBuilder};

use crate::document::{Format, Segment};
use regex::Regex;

pub use client::*;
pub use documents::DocumentsFile;
pub use key_refs::KeyRefSyntax;
pub use keypath::{fill_text, KeyPath, Step};
pub use machine::{MachineSpec, ReadSpec, SourceSpec, Take, ValueRole, ValueSpec};
pub use needles::{Mentions, Needles};
pub use routes::{Route, RouteMatch, RouteTable};
pub use setup::{fill_template, Scope, SetEntry, SetupSpec, TargetFile};
pub use store::{LinkApp, LinkSpec, StoreApp, StoreSpec};
pub use types::*;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/clients.rs"));
    include!(concat!(env!("OUT_DIR"), "/rules.rs"));
}

/// The variable naming a directory of rules read at run time on top of the built-in ones.
pub const RULES_DIR_ENV: &str = "CRLINT_RULES_DIR";

/// A client profile with its patterns compiled.
#[derive(Debug, Clone)]
pub struct Client {
    pub profile: ClientProfile,
    pub settings: Vec<(KeyPath, SettingSpec)>,
    /// Where the variables of `rules/env.toml` are read: `env_vars_at`, `env_lists_at`
    /// and `env_pairs_at` together (a variable sits at `position + [NAME]`).
    pub env_positions: Vec<KeyPath>,
    pub env_lists: Vec<KeyPath>,
    pub env_pairs: Vec<KeyPath>,
    /// The key-reference forms the client expands (its own list, else the default).
    pub key_refs: Vec<String>,
    /// `env_readers`: where a program's variables are set, and where its image is named.
    pub env_reader_at: Vec<(KeyPath, KeyPath)>,
    files: Vec<CompiledFile>,
}

#[derive(Debug, Clone)]
struct CompiledFile {
    format: Format,
    not_globs: Option<GlobSet>,
    requires_key: Vec<String>,
    priority: i32,
    specificity: usize,
    key_refs: Option<Vec<String>>,
    document: bool,
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
    /// The key-reference forms the client expands in this file.
    pub key_refs: &'c [String],
    /// People read or run the file; no client loads it (`document = true`).
    pub document: bool,
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
    /// The key-reference forms, in file order.
    pub key_refs: Vec<KeyRefSyntax>,
    /// The shell start-up files, in report order.
    pub rc_files: Vec<RcFile>,
    /// The facts some rules weigh (`rules/checks.toml`).
    pub checks: ChecksFile,
    /// How documents are read and fixed (`rules/documents.toml`).
    pub documents: DocumentsFile,
    /// The URL prefilter of the scanners (see `mention_filter`): which texts read
    /// only for URLs have been parsed, and counted as files checked, since that
    /// filter was written. Compiled the first time the gate asks.
    mention_pattern: String,
    mention_bytes: std::sync::OnceLock<regex::bytes::Regex>,
    /// What a file's bytes may mention, in one pass (`needles`): the gate before
    /// the parsers (`pipeline::prefilter`).
    pub needles: Needles,
    env_by_name: HashMap<String, usize>,
    /// For each variable an environment-only client (no `[[files]]`) has a setting
    /// for: (client index, setting index), in client order.
    env_settings: HashMap<String, Vec<(usize, usize)>>,
    /// Normalized image names (`image_name`) and the client each names.
    images: Vec<(String, usize)>,
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

/// The texts of the data files, by name relative to `rules/`.
#[derive(Debug, Clone)]
pub struct Sources {
    pub gateway: String,
    pub endpoints: String,
    pub env: String,
    pub key_refs: String,
    pub shells: String,
    pub checks: String,
    pub documents: String,
    /// (`clients/<id>.toml`, text), in file-name order.
    pub clients: Vec<(String, String)>,
}

impl Sources {
    /// The files embedded in the binary.
    pub fn embedded() -> Sources {
        let file = |name: &str| {
            embedded::RULE_FILES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.to_string())
                .unwrap_or_default()
        };
        Sources {
            gateway: file("gateway.toml"),
            endpoints: file("endpoints.toml"),
            env: file("env.toml"),
            key_refs: file("key-refs.toml"),
            shells: file("shells.toml"),
            checks: file("checks.toml"),
            documents: file("documents.toml"),
            clients: embedded::CLIENT_FILES
                .iter()
                .map(|(n, t)| (format!("clients/{n}"), t.to_string()))
                .collect(),
        }
    }

    /// These files with those of `dir` on top: a `clients/<id>.toml` there replaces the
    /// built-in file of that name or adds a client; a top-level file replaces its twin.
    pub fn with_dir(mut self, dir: &Path) -> Result<Sources, CatalogError> {
        let read = |path: &Path| {
            std::fs::read_to_string(path).map_err(|e| CatalogError {
                file: path.display().to_string(),
                message: format!("cannot be read: {e}"),
            })
        };
        for (name, slot) in [
            ("gateway.toml", &mut self.gateway),
            ("endpoints.toml", &mut self.endpoints),
            ("env.toml", &mut self.env),
            ("key-refs.toml", &mut self.key_refs),
            ("shells.toml", &mut self.shells),
            ("checks.toml", &mut self.checks),
            ("documents.toml", &mut self.documents),
        ] {
            let path = dir.join(name);
            if path.is_file() {
                *slot = read(&path)?;
            }
        }
        let clients_dir = dir.join("clients");
        if clients_dir.is_dir() {
            let entries = std::fs::read_dir(&clients_dir).map_err(|e| CatalogError {
                file: clients_dir.display().to_string(),
                message: format!("cannot be read: {e}"),
            })?;
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect();
            names.sort();
            for name in names {
                let text = read(&clients_dir.join(&name))?;
                let key = format!("clients/{name}");
                match self.clients.iter_mut().find(|(n, _)| *n == key) {
                    Some(slot) => slot.1 = text,
                    None => self.clients.push((key, text)),
                }
            }
            self.clients.sort_by(|a, b| a.0.cmp(&b.0));
        }
        Ok(self)
    }
}

impl Catalog {
    /// The catalog embedded in the binary, with the files of `$CRLINT_RULES_DIR` on top when set.
    pub fn load() -> Result<Catalog, CatalogError> {
        let mut sources = Sources::embedded();
        if let Some(dir) = std::env::var_os(RULES_DIR_ENV).filter(|d| !d.is_empty()) {
            sources = sources.with_dir(Path::new(&dir))?;
        }
        Catalog::from(&sources)
    }

    /// The catalog embedded in the binary, nothing else.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        Catalog::from(&Sources::embedded())
    }

    /// Builds a catalog from data texts.
    pub fn from(sources: &Sources) -> Result<Catalog, CatalogError> {
        let gateway: GatewayFile = parse("gateway.toml", &sources.gateway)?;
        let endpoints: EndpointsFile = parse("endpoints.toml", &sources.endpoints)?;
        let env: EnvFile = parse("env.toml", &sources.env)?;
        let key_refs_file: KeyRefsFile = parse("key-refs.toml", &sources.key_refs)?;
        let shells: ShellsFile = parse("shells.toml", &sources.shells)?;
        let checks: ChecksFile = parse("checks.toml", &sources.checks)?;
        let documents: DocumentsFile = parse("documents.toml", &sources.documents)?;
        if let Some(region) =
            documents.region_words.keys().find(|r| !gateway.entries.iter().any(|e| &e.region == *r))
        {
            return Err(CatalogError {
                file: "documents.toml".into(),
                message: format!("region_words: no region {region} in gateway.toml"),
            });
        }
        let key_refs = compile_key_refs(key_refs_file.syntaxes)?;
        let known_syntax = |id: &String| key_refs.iter().any(|s| s.id() == id);
        if let Some(bad) = key_refs_file.default.iter().find(|id| !known_syntax(id)) {
            return Err(CatalogError {
                file: "key-refs.toml".into(),
                message: format!("default: no syntax {bad}"),
            });
        }
        if gateway.key.default_env.is_empty() || !is_env_name(&gateway.key.default_env) {
            return Err(CatalogError {
                file: "gateway.toml".into(),
                message: format!("key.default_env {:?} is no variable name", gateway.key.default_env),
            });
        }
        let key_regex = Regex::new(&format!(r"\b{}\b", gateway.key.pattern)).map_err(|e| CatalogError {
            file: "gateway.toml".into(),
            message: format!("key.pattern: {e}"),
        })?;
        let routes = RouteTable::compile(&endpoints.routes)
            .map_err(|message| CatalogError { file: "endpoints.toml".into(), message })?;
        let mut compiled = Vec::new();
        // One client file after another would be most of the start-up: parsed
        // and compiled on the cores there are, and taken in file-name order (so
        // the error reported is the first file's, as one after another).
        let one = |(name, text): &(String, String)| -> Result<Client, CatalogError> {
            let profile: ClientProfile = parse(name, text)?;
            if format!("clients/{}.toml", profile.id) != *name {
                return Err(CatalogError {
                    file: name.clone(),
                    message: format!("id {:?} does not match the file name", profile.id),
                });
            }
            let client = Client::compile(profile, &key_refs_file.default)
                .map_err(|message| CatalogError { file: name.clone(), message })?;
            if let Some(bad) = client.all_key_refs().find(|id| !known_syntax(id)) {
                return Err(CatalogError {
                    file: name.clone(),
                    message: format!("key_refs: no syntax {bad} in key-refs.toml"),
                });
            }
            Ok(client)
        };
        for client in in_parallel(&sources.clients, one) {
            compiled.push(client?);
        }
        let schemes: Vec<&str> =
            compiled.iter().flat_map(|c| c.profile.links.iter().map(|l| l.scheme.as_str())).collect();
        let mention_pattern = mention_filter(&gateway, &schemes);
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
            let file = format!("clients/{}.toml", client.profile.id);
            if let Some((_, s)) = client.settings.iter().find(|(_, s)| !known_protocol(&s.protocol)) {
                return Err(CatalogError {
                    file,
                    message: format!("setting {}: unknown protocol {:?}", s.path, s.protocol),
                });
            }
            if let Some(machine) = &client.profile.machine {
                check_machine(machine, &known_protocol)
                    .map_err(|message| CatalogError { file: file.clone(), message })?;
            }
            if let Some(setup) = &client.profile.setup {
                check_setup(setup, &known_syntax)
                    .map_err(|message| CatalogError { file: file.clone(), message })?;
            }
        }
        if let Some(p) =
            checks.claude_over_chat.protocols.iter().find(|p| !endpoints.protocols.contains_key(*p))
        {
            return Err(CatalogError {
                file: "checks.toml".into(),
                message: format!("claude_over_chat.protocols: unknown protocol {p}"),
            });
        }
        let (path_globs, path_owners) = path_globs(&sources.clients, &compiled)?;
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
        let mut env_settings: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut images = Vec::new();
        for (ci, client) in compiled.iter().enumerate() {
            if client.profile.files.is_empty() {
                for (si, (path, spec)) in client.settings.iter().enumerate() {
                    match path.instantiate(&[]).as_deref() {
                        Some([Segment::Key(name)]) => {
                            env_settings.entry(name.clone()).or_default().push((ci, si))
                        }
                        _ => {
                            return Err(CatalogError {
                                file: format!("clients/{}.toml", client.profile.id),
                                message: format!(
                                "setting {}: a client without files reads variables: one name per setting",
                                spec.path
                            ),
                            })
                        }
                    }
                }
            }
            for image in &client.profile.images {
                let name = image_name(image);
                if name.is_empty() || name.contains(char::is_whitespace) {
                    return Err(CatalogError {
                        file: format!("clients/{}.toml", client.profile.id),
                        message: format!("images: {image:?} is no image name"),
                    });
                }
                images.push((name, ci));
            }
        }
        let needles = needle_sources(&gateway, &env.variables, &compiled, &env_settings, &checks)
            .and_then(Needles::build)
            .map_err(|message| CatalogError { file: "checks.toml".into(), message })?;
        Ok(Catalog {
            mention_pattern,
            mention_bytes: std::sync::OnceLock::new(),
            needles,
            gateway,
            routes,
            base_suffixes: endpoints.base_suffixes,
            protocols: endpoints.protocols,
            env: env.variables,
            clients: compiled,
            key_regex,
            key_refs,
            rc_files: shells.rc_files,
            checks,
            documents,
            env_by_name,
            env_settings,
            images,
            path_globs,
            path_owners,
        })
    }

    /// The scanners' URL prefilter (`mention_filter`) over bytes: a match starts
    /// at a `://` whose host part holds a piece of a console host, or at a link
    /// scheme.
    pub fn mention_regex(&self) -> &regex::bytes::Regex {
        self.mention_bytes.get_or_init(|| {
            // Escaped literals (`mention_filter`); were it refused, every text would match.
            regex::bytes::Regex::new(&self.mention_pattern)
                .unwrap_or_else(|_| regex::bytes::Regex::new("").expect("the empty pattern"))
        })
    }

    /// Whether the files of a profile of this kind are parsed only when the
    /// needles find something in them (`scanned_kinds` of `rules/checks.toml`).
    pub fn is_scanned_kind(&self, kind: &str) -> bool {
        self.checks.scan.scanned_kinds.iter().any(|k| k == kind)
    }

    pub fn env_variable(&self, name: &str) -> Option<&EnvVariable> {
        self.env_by_name.get(name).map(|&i| &self.env[i])
    }

    /// The settings environment-only clients (Open WebUI, chatgpt-web, NextChat)
    /// have for the variable `name`, with their client, in client order.
    pub fn env_readings(&self, name: &str) -> impl Iterator<Item = (&Client, &SettingSpec)> {
        self.env_settings
            .get(name)
            .into_iter()
            .flatten()
            .map(|&(c, s)| (&self.clients[c], &self.clients[c].settings[s].1))
    }

    /// The setting an environment-only `client` has for the variable `name`.
    pub fn env_reading<'c>(&'c self, client: &'c Client, name: &str) -> Option<&'c SettingSpec> {
        self.env_readings(name).find(|(c, _)| c.profile.id == client.profile.id).map(|(_, s)| s)
    }

    /// The client whose own package (`package.json` `name`) is `name`.
    pub fn client_of_package(&self, name: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.profile.packages.iter().any(|p| p == name))
    }

    /// The client a container image runs (`ghcr.io/open-webui/open-webui:main`),
    /// as `images` in the clients' files name it.
    pub fn client_of_image(&self, image: &str) -> Option<&Client> {
        let name = image_name(image);
        self.images.iter().find(|(n, _)| *n == name).map(|&(_, c)| &self.clients[c])
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

    /// For a document whose file is not known (a code block of a guide), one
    /// profile per client that reads files of `format`: that client's first such
    /// pattern, in client order. Which of them reads the document is decided by
    /// what its settings claim in it.
    pub fn profiles_for_format(&self, format: Format) -> Vec<ProfileMatch<'_>> {
        self.clients
            .iter()
            .filter_map(|client| {
                let f = client.files.iter().find(|f| f.format == format)?;
                Some(ProfileMatch {
                    client,
                    format,
                    requires_key: &f.requires_key,
                    specificity: f.specificity,
                    priority: f.priority,
                    key_refs: f.key_refs.as_deref().unwrap_or(&client.key_refs),
                    document: f.document,
                })
            })
            .collect()
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

    /// The variable the key is read from when a config names none.
    pub fn default_key_env(&self) -> &str {
        &self.gateway.key.default_env
    }

    pub fn key_ref(&self, id: &str) -> Option<&KeyRefSyntax> {
        self.key_refs.iter().find(|s| s.id() == id)
    }

    /// The clients `crlint doctor` can follow on a machine, in file order.
    pub fn machine_clients(&self) -> impl Iterator<Item = (&Client, &MachineSpec)> {
        self.clients.iter().filter_map(|c| c.profile.machine.as_ref().map(|m| (c, m)))
    }

    /// The clients `crlint setup` can write, in file order.
    pub fn setup_clients(&self) -> impl Iterator<Item = (&Client, &SetupSpec)> {
        self.clients.iter().filter_map(|c| c.profile.setup.as_ref().map(|s| (c, s)))
    }
}

fn compile_key_refs(specs: Vec<KeyRefSpec>) -> Result<Vec<KeyRefSyntax>, CatalogError> {
    let err = |message: String| CatalogError { file: "key-refs.toml".into(), message };
    let mut out: Vec<KeyRefSyntax> = Vec::new();
    for spec in specs {
        if out.iter().any(|s| s.id() == spec.id) {
            return Err(err(format!("syntax {} twice", spec.id)));
        }
        out.push(KeyRefSyntax::compile(spec).map_err(err)?);
    }
    Ok(out)
}

/// A rule code as data names it: `CR` and three digits (the registry checks it exists).
fn check_code(code: &str) -> Result<(), String> {
    let ok = code.len() == 5 && code.starts_with("CR") && code[2..].chars().all(|c| c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(format!("{code:?} is not a rule code (CRnnn)"))
    }
}

fn check_expect(e: &Expect) -> Result<(), String> {
    check_code(&e.code)?;
    let kinds = [
        !e.one_of.is_empty(),
        !e.none_of.is_empty(),
        e.absent,
        e.note,
        e.names_key_of.is_some(),
        e.conflicts_with.is_some(),
    ];
    if kinds.iter().filter(|k| **k).count() != 1 {
        return Err(
            "expect: give exactly one of one_of, none_of, absent, note, names_key_of, conflicts_with".into(),
        );
    }
    if !e.builtin.is_empty() && e.names_key_of.is_none() {
        return Err("expect: builtin goes with names_key_of".into());
    }
    if let Some(table) = &e.names_key_of {
        let path = KeyPath::parse(table)?;
        if path.instantiate(&[]).is_none() {
            return Err(format!("expect: names_key_of {table:?} must be plain keys"));
        }
    }
    if e.conflicts_with.as_deref().is_some_and(|k| k.is_empty() || k.contains(['.', '*', '['])) {
        return Err("expect: conflicts_with names one sibling key".into());
    }
    if e.fix.is_some() && (e.note || e.conflicts_with.is_some() || e.names_key_of.is_some()) {
        return Err("expect: only one_of and none_of take a fix".into());
    }
    if let Some(s) = &e.severity {
        if !matches!(s.as_str(), "error" | "warning" | "info") {
            return Err(format!("expect: severity {s:?} is not error, warning or info"));
        }
    }
    if e.fix.is_some() && e.absent {
        return Err("expect: an absent setting has no value to fix".into());
    }
    Ok(())
}

fn check_machine(m: &MachineSpec, known_protocol: &dyn Fn(&Option<String>) -> bool) -> Result<(), String> {
    for v in &m.values {
        if v.role == ValueRole::BaseUrl && v.shape.is_none() != v.shape_by_settings {
            return Err(format!("machine value {}: a base-url needs a shape, or shape_by_settings", v.id));
        }
        if !known_protocol(&v.protocol) {
            return Err(format!("machine value {}: unknown protocol {:?}", v.id, v.protocol));
        }
    }
    for s in &m.sources {
        let kinds = [s.path.is_some(), !s.walk.is_empty(), s.path_env.is_some(), s.env];
        if kinds.iter().filter(|k| **k).count() != 1 {
            return Err(format!(
                "machine source {:?}: give exactly one of path, walk, path_env, env",
                s.label
            ));
        }
        if !s.env && s.format.is_none() {
            return Err(format!("machine source {:?}: a file source needs a format", s.label));
        }
        if !m.reads.contains_key(&s.reads) {
            return Err(format!("machine source {:?}: no reads list {:?}", s.label, s.reads));
        }
    }
    for (list, reads) in &m.reads {
        for r in reads {
            if !m.values.iter().any(|v| v.id == r.value) {
                return Err(format!("machine.reads.{list}: unknown value {:?}", r.value));
            }
            match (&r.key, &r.env_var) {
                (Some(k), None) => {
                    KeyPath::parse(k).map_err(|e| format!("machine.reads.{list}: {e}"))?;
                }
                (None, Some(_)) => {}
                _ => return Err(format!("machine.reads.{list}: give exactly one of key, env_var")),
            }
        }
    }
    Ok(())
}

fn check_setup(s: &SetupSpec, known_syntax: &dyn Fn(&String) -> bool) -> Result<(), String> {
    match (&s.key.syntax, &s.key.variable) {
        (Some(syntax), None) if known_syntax(syntax) => {}
        (Some(syntax), None) => return Err(format!("setup.key: no syntax {syntax} in key-refs.toml")),
        (None, Some(var)) if is_env_name(var) => {}
        _ => return Err("setup.key: give `syntax` (a key-refs.toml form) or `variable`, not both".into()),
    }
    for file in &s.files {
        if file.private && file.scope != Scope::User {
            return Err(format!("setup {}: only a user-level file may hold the key", file.path));
        }
        for entry in &file.set {
            let path = KeyPath::parse(&entry.key).map_err(|e| format!("setup {}: {e}", file.path))?;
            if !path.is_writable() {
                return Err(format!("setup {}: {} is not a key path to write", file.path, entry.key));
            }
            if !matches!(
                entry.value,
                toml::Value::String(_) | toml::Value::Integer(_) | toml::Value::Boolean(_)
            ) {
                return Err(format!("setup {}: a value is a string, an integer or a boolean", entry.key));
            }
            let literal = entry.value.as_str().is_some_and(|v| v.contains("{key_literal}"));
            if literal && !file.private {
                return Err(format!("setup {}: {{key_literal}} only in a `private` file", entry.key));
            }
        }
    }
    Ok(())
}

/// An image reference reduced to its repository: lowercase, without a digest
/// (`@sha256:…`) or a tag (`:main`), without Docker Hub's implied registry
/// (`docker.io/`, `index.docker.io/`, `registry-1.docker.io/`) and `library/`.
pub fn image_name(image: &str) -> String {
    let mut name = image.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
    if let Some(at) = name.find('@') {
        name.truncate(at);
    }
    let last_slash = name.rfind('/').map_or(0, |i| i + 1);
    if let Some(colon) = name[last_slash..].find(':') {
        name.truncate(last_slash + colon);
    }
    for registry in ["docker.io/", "index.docker.io/", "registry-1.docker.io/"] {
        if let Some(rest) = name.strip_prefix(registry) {
            name = rest.to_string();
        }
    }
    if let Some(rest) = name.strip_prefix("library/") {
        name = rest.to_string();
    }
    name
}

/// A POSIX-ish environment variable name.
pub fn is_env_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
}

impl Client {
    fn compile(profile: ClientProfile, default_key_refs: &[String]) -> Result<Client, String> {
        let key_refs = profile.key_refs.clone().unwrap_or_else(|| default_key_refs.to_vec());
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
                key_refs: spec.key_refs.clone(),
                document: spec.document,
            });
        }
        let positions = |list: &[String]| -> Result<Vec<KeyPath>, String> {
            let paths = list.iter().map(|p| KeyPath::parse_position(p)).collect::<Result<Vec<_>, _>>()?;
            match paths.iter().find(|p| !p.is_pattern()) {
                Some(p) => Err(format!("env position {p}: keys, *, [*], [N] and ** only")),
                None => Ok(paths),
            }
        };
        let env_lists = positions(&profile.env_lists_at)?;
        let env_pairs = positions(&profile.env_pairs_at)?;
        let mut env_positions = positions(&profile.env_vars_at)?;
        env_positions.extend(env_lists.iter().cloned());
        env_positions.extend(env_pairs.iter().cloned());
        let mut env_reader_at = Vec::new();
        for r in &profile.env_readers {
            let at = KeyPath::parse_position(&r.at)?;
            let image = KeyPath::parse(&r.image)?;
            if !at.is_pattern() || !image.is_pattern() || image.wildcard_count() > at.wildcard_count() {
                return Err(format!(
                    "env_readers {}: keys and wildcards only, the image's wildcards bound by those of `at`",
                    r.at
                ));
            }
            env_reader_at.push((at, image));
        }
        let mut settings = Vec::new();
        for spec in &profile.settings {
            let pattern = KeyPath::parse(&spec.path)?;
            if !pattern.is_pattern() {
                return Err(format!(
                    "setting {}: a setting path takes keys, *, [*], [N] and ** only",
                    spec.path
                ));
            }
            if spec.role == Role::BaseUrl && spec.shape.is_none() {
                return Err(format!("setting {}: a base-url needs a shape", spec.path));
            }
            if spec.role == Role::BaseUrl
                && spec.shape == Some(Shape::Full)
                && spec.protocol.is_none()
                && spec.default_endpoint.is_none()
            {
                return Err(format!(
                    "setting {}: a full-endpoint base-url needs a protocol or a default_endpoint",
                    spec.path
                ));
            }
            if spec.separator.as_deref() == Some("") {
                return Err(format!("setting {}: an empty separator", spec.path));
            }
            for cond in &spec.when {
                if cond.key.is_some() == cond.capture.is_some() {
                    return Err(format!("setting {}: a condition names either key or capture", spec.path));
                }
                if let Some(k) = &cond.key {
                    if !KeyPath::parse(k)?.is_pattern() {
                        return Err(format!("setting {}: condition {k}: keys and wildcards only", spec.path));
                    }
                }
                if let Some(n) = cond.capture {
                    if n == 0 || n > pattern.wildcard_count() {
                        return Err(format!("setting {}: capture {n} does not exist", spec.path));
                    }
                }
            }
            for expect in &spec.expect {
                check_expect(expect).map_err(|e| format!("setting {}: {e}", spec.path))?;
                if expect.subject == Subject::Provider && pattern.first_wildcard().is_none() {
                    return Err(format!("setting {}: subject = \"provider\" needs a `*`", spec.path));
                }
            }
            settings.push((pattern, spec.clone()));
        }
        for r in &profile.requires {
            check_code(&r.code)?;
            let (dir, file) = r.companion.split_once('/').unwrap_or(("", ""));
            if dir.is_empty() || file.is_empty() || file.contains('/') {
                return Err(format!("requires {}: companion {:?} is not DIR/FILE", r.code, r.companion));
            }
            if !KeyPath::parse(&r.write)?.is_writable() {
                return Err(format!("requires {}: write {:?} is not a key path to write", r.code, r.write));
            }
        }
        Ok(Client { profile, settings, env_positions, env_lists, env_pairs, key_refs, env_reader_at, files })
    }

    /// Every key-reference syntax the client names, for validation.
    fn all_key_refs(&self) -> impl Iterator<Item = &String> {
        self.key_refs
            .iter()
            .chain(self.files.iter().flat_map(|f| f.key_refs.iter().flatten()))
            .chain(self.profile.setup.iter().filter_map(|s| s.key.syntax.as_ref()))
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
                    key_refs: f.key_refs.as_deref().unwrap_or(&self.key_refs),
                    document: f.document,
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
/// (pigeonhole). The schemes of one-click links (`ccswitch`) count as well.
/// Built of escaped literals: always a valid pattern.
fn mention_filter(gateway: &GatewayFile, schemes: &[&str]) -> String {
    let pieces = needles::mention_pieces(&gateway.console.hosts, gateway.lookalike.max_edit_distance);
    let pieces: Vec<String> = pieces.iter().map(|p| regex::escape(p)).collect();
    // The scanners only read `scheme://host…` URLs: look for a piece in the host part.
    let mut pattern = format!("(?i)://[^\\s/\"'<>`]*(?:{})", pieces.join("|"));
    if !schemes.is_empty() {
        let schemes: Vec<String> = schemes.iter().map(|s| regex::escape(s)).collect();
        pattern = format!("{pattern}|(?i)\\b(?:{})://", schemes.join("|"));
    }
    pattern
}

/// `f` of each item, in order, computed on up to as many threads as there are
/// cores (at most 4: the client files are few).
fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    if threads == 1 || items.len() < 8 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// The word of an inline suppression (`crlint: ignore`, see `suppress`): a file
/// holding one is parsed, so that an unused one is still reported (CR001).
const SUPPRESSION_WORD: &str = "crlint";

/// What the needles look for (`needles` says why each counts): the gateway's
/// hosts and look-alike pieces; the variables and keys that make an entry a
/// setting in the files of scanned kinds; the key prefix; the required keys.
fn needle_sources(
    gateway: &GatewayFile,
    variables: &[EnvVariable],
    clients: &[Client],
    env_settings: &HashMap<String, Vec<(usize, usize)>>,
    checks: &ChecksFile,
) -> Result<needles::NeedleSources, String> {
    let mut hosts: Vec<String> = gateway.entries.iter().map(|e| e.host.clone()).collect();
    hosts.extend(gateway.console.hosts.iter().cloned());
    hosts.push(gateway.lookalike.brand_label.clone());
    // A one-click link hides its URL in its encoding: its scheme is a mention too.
    let schemes =
        clients.iter().flat_map(|c| c.profile.links.iter().map(|l| format!("{}://", l.scheme))).collect();
    let pieces = needles::mention_pieces(&gateway.console.hosts, gateway.lookalike.max_edit_distance);
    let mut names: Vec<String> = variables.iter().map(|v| v.name.clone()).collect();
    names.extend(env_settings.keys().cloned());
    names.push(gateway.key.default_env.clone());
    names.push(SUPPRESSION_WORD.to_string());
    let mut required = Vec::new();
    let mut fragments = Vec::new();
    for client in clients {
        let p = &client.profile;
        names.extend(p.reads_env.iter().cloned());
        names.extend(p.markers.iter().cloned());
        names.extend(p.images.iter().map(|i| image_name(i)));
        required.extend(p.files.iter().flat_map(|f| f.requires_key.iter().cloned()));
        // The URL scanners' files (docs, code) need a host piece whatever their
        // keys say; the leaves count for the other files of scanned kinds.
        let parsed_formats = p.files.iter().any(|f| !f.format.is_url_scan());
        if checks.scan.scanned_kinds.contains(&p.kind) && parsed_formats {
            // The last literal key of each setting path: what makes an entry one.
            for (path, _) in &client.settings {
                match path.steps.iter().rev().find(|s| matches!(s, Step::Key(_) | Step::Template(_))) {
                    Some(Step::Key(k)) if !k.is_empty() => names.push(k.clone()),
                    Some(Step::Template(t)) => fragments.extend(
                        t.split(['{', '}'])
                            .max_by_key(|part| part.len())
                            .filter(|p| !p.is_empty())
                            .map(str::to_string),
                    ),
                    _ => {}
                }
            }
        }
    }
    let key_prefix = needles::key_prefix(&gateway.key.pattern).ok_or_else(|| {
        format!(
            "gateway.toml key.pattern {:?}: no literal prefix before [0-9A-Za-z]{{N}}",
            gateway.key.pattern
        )
    })?;
    Ok(needles::NeedleSources {
        hosts,
        schemes,
        pieces,
        names,
        fragments,
        key_prefix: Some(key_prefix),
        required,
    })
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
