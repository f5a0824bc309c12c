//! The typed shape of the `rules/` data files other than a client's (`client`,
//! `machine`, `setup`): the gateway, the endpoint table, the environment
//! variables, key references, shell start-up files and the rules' own facts.
//! Every struct rejects unknown keys so that a typo in a data file is a load
//! error, not a silently ignored fact.

use serde::Deserialize;

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
    /// What the shape looks like, in this run's language.
    pub fn label(self) -> String {
        match self {
            Shape::Root => crate::tr!("shape.root"),
            Shape::V1 => crate::tr!("shape.v1"),
            Shape::V1beta => crate::tr!("shape.v1beta"),
            Shape::Full => crate::tr!("shape.full"),
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
    /// Names the provider (table) in use (Codex `model_provider`).
    Provider,
    /// A key the client does not read where it is written (Codex's top-level `base_url`).
    Ignored,
    /// The name of a package (`package.json` `name`): a client's own repository.
    PackageName,
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
            Role::Provider => "provider in use",
            Role::Ignored => "ignored here",
            Role::PackageName => "package name",
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
    /// The variable the key is read from when a config names none, and the one
    /// `crlint setup` references by default.
    pub default_env: String,
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
    #[serde(default)]
    pub note_zh: Option<String>,
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
    /// What a reader does when the legacy name is alone (`{new}`: `legacy_of`).
    #[serde(default)]
    pub legacy_why: Option<String>,
    #[serde(default)]
    pub legacy_why_zh: Option<String>,
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

/// An operating system a path or a source applies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Os {
    Linux,
    Macos,
    Windows,
}

impl Os {
    pub fn current() -> Os {
        if cfg!(target_os = "windows") {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::Macos
        } else {
            Os::Linux
        }
    }
}

/// `rules/shells.toml`: the shell start-up files, in report order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShellsFile {
    pub rc_files: Vec<RcFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RcFile {
    pub path: String,
    #[serde(default)]
    pub os: Vec<Os>,
    pub mark: Mark,
    pub source: String,
}

impl RcFile {
    pub fn applies_on(&self, os: Os) -> bool {
        self.os.is_empty() || self.os.contains(&os)
    }
}

/// `rules/key-refs.toml`: the forms a config names a key's variable in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRefsFile {
    /// The syntaxes a client expands when its profile names none.
    pub default: Vec<String>,
    pub syntaxes: Vec<KeyRefSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRefSpec {
    pub id: String,
    #[serde(default)]
    pub kind: KeyRefKind,
    /// Templates with `VAR`; the first is the one written.
    pub forms: Vec<String>,
    pub lookup: Vec<KeyLookup>,
    pub mark: Mark,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyRefKind {
    /// The value names the variable.
    #[default]
    Reference,
    /// The value is a command whose output is the key (never run).
    Helper,
}

/// Where the variable a reference names is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyLookup {
    /// This process, then the variables shell start-up files export.
    Environment,
    /// The client's `[machine] secret_files` (dotenv files).
    SecretFiles,
}

/// `rules/checks.toml`: facts some rules weigh.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecksFile {
    pub claude_over_chat: ClaudeOverChat,
    pub mixed_regions: MixedRegions,
    pub scan: ScanKinds,
}

/// `[scan]`: which profiles' files are parsed only when one pass over their
/// bytes finds something the catalog knows (`catalog::needles`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanKinds {
    pub scanned_kinds: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaudeOverChat {
    pub kinds: Vec<String>,
    pub protocols: Vec<String>,
    pub model_prefixes: Vec<String>,
    pub help: String,
    #[serde(default)]
    pub help_zh: Option<String>,
    pub mark: Mark,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MixedRegions {
    pub skip_kinds: Vec<String>,
    pub mark: Mark,
    pub source: String,
}
