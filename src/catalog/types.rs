//! The typed shape of the `rules/` data files. Every struct rejects unknown keys
//! so that a typo in a data file is a load error, not a silently ignored fact.

use serde::Deserialize;

use crate::document::Format;

/// How a client wants a base URL written (conventions.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// `https://host`: the client appends `/v1/...` or `/v1beta/...` itself.
    Root,
    /// `https://host/v1`: the client appends `/chat/completions`, `/messages`, …
    V1,
    /// `https://host/v1beta`: the client appends `/models/{m}:generateContent`.
    V1beta,
    /// The whole endpoint, used as written.
    Full,
}

impl Shape {
    pub fn label(self) -> &'static str {
        match self {
            Shape::Root => "the bare root (https://host)",
            Shape::V1 => "exactly one /v1 (https://host/v1)",
            Shape::V1beta => "/v1beta (https://host/v1beta)",
            Shape::Full => "the full endpoint URL",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Shape::Root => "ROOT",
            Shape::V1 => "V1",
            Shape::V1beta => "V1BETA",
            Shape::Full => "FULL",
        }
    }
}

/// Where a fact comes from (conventions.md): R run, S source, D docs, U unverified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum Mark {
    R,
    S,
    D,
    U,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    BaseUrl,
    ApiKey,
    /// Names the environment variable that holds the key (Codex `env_key`).
    KeyEnv,
    Model,
    WireApi,
    /// A full URL written out (a curl line, a request file, a string literal): judged
    /// against the endpoint table; a bare base (root, `/v1`, `/v1beta`) is left alone.
    EndpointUrl,
    /// How the client authenticates (Gemini CLI `security.auth.selectedType`).
    AuthType,
    /// The path a client joins to a host to make the endpoint (Goose `OPENAI_BASE_PATH`).
    EndpointPath,
    /// A package a project depends on (`package.json` dependencies); the key is the name.
    Dependency,
    /// A layout the client no longer loads (Codex `profile = …`, `[profiles.<name>]`).
    LegacyProfile,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::BaseUrl => "base URL",
            Role::ApiKey => "API key",
            Role::KeyEnv => "names the key's variable",
            Role::Model => "model",
            Role::WireApi => "wire API",
            Role::EndpointUrl => "full URL",
            Role::AuthType => "auth type",
            Role::EndpointPath => "endpoint path",
            Role::Dependency => "dependency",
            Role::LegacyProfile => "legacy profile",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayFile {
    pub scheme: String,
    pub default_region: String,
    pub entries: Vec<GatewayEntry>,
    pub console: Console,
    pub lookalike: Lookalike,
    pub key: KeyFormat,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayEntry {
    pub host: String,
    pub region: String,
    pub source: String,
    pub mark: Mark,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Console {
    pub hosts: Vec<String>,
    pub source: String,
    pub mark: Mark,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lookalike {
    pub brand_label: String,
    pub max_edit_distance: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFormat {
    pub pattern: String,
    pub source: String,
    pub mark: Mark,
    #[serde(default)]
    pub foreign_markers: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointsFile {
    pub routes: Vec<RouteSpec>,
    pub base_suffixes: BaseSuffixes,
    /// protocol name → the route its chat turn calls.
    pub protocols: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteSpec {
    pub path: String,
    pub methods: Vec<String>,
    pub family: String,
    pub documented: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaseSuffixes {
    pub tails: Vec<String>,
    pub actions: Vec<String>,
    pub source: String,
}

impl BaseSuffixes {
    /// Whether `rest`, the part of a path after its version segment (`/chat/completions`,
    /// `/models/gemini-2.5-flash:generateContent`), is an endpoint a client appends.
    pub fn is_endpoint(&self, rest: &str) -> bool {
        !rest.is_empty()
            && (self.tails.iter().any(|t| t == rest)
                || rest.starts_with("/models/") && self.actions.iter().any(|a| rest.ends_with(a.as_str())))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvFile {
    pub variables: Vec<EnvVariable>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvVariable {
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub shape: Option<Shape>,
    #[serde(default)]
    pub protocol: Option<String>,
    pub read_by: Vec<String>,
    #[serde(default)]
    pub accepts_full: bool,
    #[serde(default)]
    pub legacy_of: Option<String>,
    /// The value is a list of URLs joined by this separator (Open WebUI `OPENAI_API_BASE_URLS`).
    #[serde(default)]
    pub separator: Option<String>,
    /// The reader concatenates without trimming: a trailing `/` breaks it (CR106).
    #[serde(default)]
    pub slash_breaks: bool,
    /// Packages that read the same variable wanting another shape (CR405).
    #[serde(default)]
    pub conflicts: Vec<EnvConflict>,
    pub mark: Mark,
    pub source: String,
}

/// A package that reads an environment variable with another shape than its other readers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvConflict {
    /// The npm package whose presence in a `package.json` makes the conflict real.
    pub package: String,
    pub shape: Shape,
    pub mark: Mark,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientProfile {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub docs: String,
    /// The files the client reads; none for a client configured only by its
    /// environment (its variables are then read wherever variables are set).
    #[serde(default)]
    pub files: Vec<FileSpec>,
    #[serde(default)]
    pub user_files: Vec<UserFile>,
    #[serde(default)]
    pub settings: Vec<SettingSpec>,
    /// Key-path patterns (wildcards allowed; "" = the top level) under which every
    /// variable of `rules/env.toml` is looked for, with the variable's own role and
    /// shape: `[""]` for a dotenv file, `["services.*.environment"]` for compose.
    #[serde(default)]
    pub env_vars_at: Vec<String>,
    /// Patterns of lists whose items are `NAME=value` strings (compose's list form of
    /// `environment`): each item is read as the variable `NAME` under the pattern,
    /// with the value part's own bytes as its span.
    #[serde(default)]
    pub env_lists_at: Vec<String>,
    /// Patterns of lists of `{name: NAME, value: VALUE}` objects (Kubernetes `env`):
    /// each `value` is read as the variable `NAME` under the pattern.
    #[serde(default)]
    pub env_pairs_at: Vec<String>,
    /// Variables of `rules/env.toml` this client reads from its environment, for
    /// clients configured by environment only (Open WebUI, LobeChat). Checked at load.
    #[serde(default)]
    pub reads_env: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSpec {
    pub glob: String,
    pub format: Format,
    pub scope: String,
    #[serde(default)]
    pub not_globs: Vec<String>,
    /// Top-level keys the document must have for this pattern to apply (LiteLLM's
    /// `model_list`, Kubernetes' `apiVersion` and `kind`): lets a profile claim
    /// "any YAML file" without claiming every YAML file.
    #[serde(default)]
    pub requires_key: Vec<String>,
    /// Breaks a tie between two profiles whose patterns are equally specific
    /// (higher first; default 0). See `Catalog::profiles_for_path`.
    #[serde(default)]
    pub priority: i32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserFile {
    pub path: String,
    #[serde(default)]
    pub dir_env: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingSpec {
    /// Key path pattern: `a.b`, `providers.*.base_url`, `models[*].apiBase`.
    pub path: String,
    /// Who reads this setting, for messages, when it is not the profile's name
    /// (a profile of SDK constructors names each SDK).
    #[serde(default)]
    pub name: Option<String>,
    pub role: Role,
    #[serde(default)]
    pub shape: Option<Shape>,
    #[serde(default)]
    pub protocol: Option<String>,
    /// For FULL settings: the endpoint written when the value is only a base.
    #[serde(default)]
    pub default_endpoint: Option<String>,
    /// The client concatenates without trimming: a trailing `/` breaks it (CR106).
    #[serde(default)]
    pub slash_breaks: bool,
    /// A ROOT setting that also takes a FULL endpoint (LiteLLM's anthropic `api_base`).
    #[serde(default)]
    pub accepts_full: bool,
    /// The value is a list of URLs joined by this separator; each part is checked on its own.
    #[serde(default)]
    pub separator: Option<String>,
    /// For a model setting: the value names its provider before this separator
    /// (OpenCode's `model = "<provider-id>/<model>"`), so it belongs to that provider.
    #[serde(default)]
    pub provider_ref: Option<String>,
    /// Conditions on sibling values; all must hold. The first matching spec for a path wins.
    #[serde(default)]
    pub when: Vec<Condition>,
    pub mark: Mark,
    pub source: String,
}

/// A condition on another value of the same document. `key` is a path pattern whose
/// wildcards are bound, in order, to what the setting's own pattern matched
/// (`provider.*.npm` next to `provider.*.options.baseURL`); wildcards beyond those are
/// free: the condition holds when some value they reach satisfies it
/// (`Providers[*].transformer.use[*]` any_of `Anthropic`), and `absent` when none
/// exists. `capture = N` tests the N-th wildcard itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    #[serde(default)]
    pub key: Option<String>,
    #[serde(default)]
    pub capture: Option<usize>,
    #[serde(default)]
    pub any_of: Vec<String>,
    #[serde(default)]
    pub starts_with: Vec<String>,
    #[serde(default)]
    pub absent: bool,
}
