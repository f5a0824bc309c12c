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

use globset::{Glob, GlobSet, GlobSetBuilder};

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
    file_globs: GlobSet,
    file_formats: Vec<Format>,
    not_globs: Vec<Option<GlobSet>>,
}

#[derive(Debug)]
pub struct Catalog {
    pub gateway: GatewayFile,
    pub routes: RouteTable,
    pub base_suffixes: BaseSuffixes,
    pub env: Vec<EnvVariable>,
    pub clients: Vec<Client>,
    pub key_regex: Regex,
    env_by_name: HashMap<String, usize>,
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
        let routes = RouteTable::compile(&endpoints.routes)
            .map_err(|message| CatalogError { file: "endpoints.toml".into(), message })?;
        let mut compiled = Vec::new();
        for (name, text) in clients {
            let profile: ClientProfile = parse(name, text)?;
            compiled.push(
                Client::compile(profile).map_err(|message| CatalogError { file: name.clone(), message })?,
            );
        }
        let mut env_by_name = HashMap::new();
        for (i, v) in env.variables.iter().enumerate() {
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
            env: env.variables,
            clients: compiled,
            key_regex,
            env_by_name,
        })
    }

    pub fn env_variable(&self, name: &str) -> Option<&EnvVariable> {
        self.env_by_name.get(name).map(|&i| &self.env[i])
    }

    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.profile.id == id)
    }

    /// The clients whose file patterns match `path` (relative, `/`-separated), with the format to parse it in.
    pub fn clients_for_path(&self, path: &str) -> Vec<(&Client, Format)> {
        self.clients.iter().filter_map(|c| c.format_for(path).map(|f| (c, f))).collect()
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
        let mut builder = GlobSetBuilder::new();
        let mut formats = Vec::new();
        let mut not_globs = Vec::new();
        for spec in &profile.files {
            builder.add(glob(&spec.glob)?);
            formats.push(spec.format);
            not_globs.push(if spec.not_globs.is_empty() {
                None
            } else {
                let mut nb = GlobSetBuilder::new();
                for g in &spec.not_globs {
                    nb.add(glob(g)?);
                }
                Some(nb.build().map_err(|e| e.to_string())?)
            });
        }
        let file_globs = builder.build().map_err(|e| e.to_string())?;
        let mut settings = Vec::new();
        for spec in &profile.settings {
            let pattern = KeyPattern::parse(&spec.path)?;
            if spec.role == Role::BaseUrl && spec.shape.is_none() {
                return Err(format!("setting {}: a base-url needs a shape", spec.path));
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
        Ok(Client { profile, settings, file_globs, file_formats: formats, not_globs })
    }

    /// The format this client's file patterns give `path`, if any matches.
    pub fn format_for(&self, path: &str) -> Option<Format> {
        self.file_globs.matches(path).into_iter().find_map(|i| {
            let excluded = self.not_globs[i].as_ref().is_some_and(|n| n.is_match(path));
            (!excluded).then_some(self.file_formats[i])
        })
    }
}

fn glob(pattern: &str) -> Result<Glob, String> {
    globset::GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("glob {pattern:?}: {e}"))
}

#[cfg(test)]
mod tests;
