//! The command layer: parses the command line, runs the pipeline, prints, and
//! chooses the exit code (0 clean, 1 findings, 2 usage or I/O error). It knows
//! every room; no room knows it. Rooms: `check` (check flags → run options, and
//! the fix, diff, probe and report wiring), `probe` (`crlint probe`, the probe
//! flags, `--region auto`), `machine` (`doctor` and `setup`), `list` (`rules`,
//! `rule`, `clients`, `endpoints`), `output` (every write to stdout and stderr:
//! a closed pipe ends the output quietly).
//!
//! The catalog is loaded before the command line is parsed: the values some
//! flags accept (the regions, the clients `setup` knows) come from `rules/`.

mod check;
mod list;
mod machine;
mod output;
mod probe;

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::catalog::knowledge::Knowledge;
use crate::catalog::{Catalog, Shape};
use crate::i18n::Lang;
use crate::report::OutputFormat;

pub use probe::ProbeArgs;

#[derive(Debug, Parser)]
#[command(
    name = "crlint",
    version,
    about = "Lint and fix the configuration that points AI clients at the Crazyrouter gateway"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of the messages: `en` or `zh-CN` (default: the locale, LC_ALL /
    /// LC_MESSAGES / LANG, for the human formats; machine formats stay English).
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("`{text}`: give en or zh-CN"))
}

/// The language of this run: `--lang`, else the locale when the output is for a
/// person (json, sarif, github, concise and `doctor --output-format json` stay
/// English, so that scripts read the same bytes whatever the locale).
pub fn choose_lang(cli: &Cli, var: impl Fn(&str) -> Option<String>) -> Lang {
    if let Some(lang) = cli.lang {
        return lang;
    }
    let human = match &cli.command {
        Command::Check(a) => a.output_format == OutputFormat::Text,
        Command::Doctor(a) => a.output_format == machine::DoctorFormat::Text,
        Command::Completions { .. } => false,
        _ => true,
    };
    if human {
        Lang::from_locale(var)
    } else {
        Lang::En
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint gateway settings in files and directories.
    Check(CheckArgs),
    /// Explain one rule: what it does, why it is wrong, an example, and its fix.
    Rule {
        /// A rule code, e.g. CR102.
        code: String,
    },
    /// List every rule.
    Rules,
    /// List the supported clients: the files each reads and what each setting must look like.
    Clients,
    /// Print the gateway's endpoint table, or look one path up (`crlint endpoints /v1/chat/completion`).
    Endpoints {
        /// A path to look up, e.g. /v1/chat/completions.
        path: Option<String>,
    },
    /// Probe the gateway base URLs found in PATHS (or given with --url): GET the models route and say what the answer means.
    Probe(ProbeCommandArgs),
    /// The user-level view: which value each client on this machine really uses, from where, what it shadows; lint and probe.
    Doctor(machine::DoctorArgs),
    /// Write or merge a working gateway config for one client (with a backup), then lint and probe it.
    Setup(machine::SetupArgs),
    /// Print a shell completion script (e.g. `crlint completions bash > /etc/bash_completion.d/crlint`).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

/// When to color the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When printing to a terminal and `NO_COLOR` is unset or empty.
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub(crate) fn enabled(self, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

#[derive(Debug, Args)]
pub struct ProbeCommandArgs {
    /// Files or directories whose gateway settings to probe.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Probe this base URL instead of the ones found in files.
    #[arg(long, conflicts_with = "paths")]
    pub url: Option<String>,
    /// The shape of --url (default: read off the URL).
    #[arg(long, value_enum, requires = "url")]
    pub shape: Option<Shape>,
    #[command(flatten)]
    pub probe: ProbeArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// How to print findings.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub output_format: OutputFormat,
    /// Report only these codes or prefixes (comma-separated, e.g. CR1,CR201).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not report these codes or prefixes.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The region gateway hosts should use; hosts of the other region are reported (CR203).
    /// `auto` times both entries and takes the faster.
    #[arg(long)]
    pub region: Option<String>,
    /// After checking (and fixing), probe each gateway base URL found: GET its models route.
    #[arg(long)]
    pub probe: bool,
    #[command(flatten)]
    pub probe_args: ProbeArgs,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    pub exit_zero: bool,
    /// Apply the safe fixes in place (atomically; files outside git get a `.crlint-bak` backup).
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (with --fix or --diff).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change; write nothing; exit 1 if there is a diff.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// List every fix applied.
    #[arg(long)]
    pub show_fixes: bool,
    /// With --fix: exit 1 when anything was fixed, even if nothing remains.
    #[arg(long)]
    pub exit_non_zero_on_fix: bool,
    /// With --fix: do not write `NAME.crlint-bak` before changing a file outside a git work tree.
    #[arg(long)]
    pub no_backup: bool,
    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Print only the findings: no summary line.
    #[arg(short, long)]
    pub quiet: bool,
    /// Color the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Use this configuration file instead of looking for `crlint.toml` or `.crlint.toml`.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
}

/// The value of `--region` that times every entry and takes the fastest.
pub const AUTO_REGION: &str = "auto";

/// The command line as clap knows it, with the values that come from the
/// catalog: the regions (and `auto`) of every `--region`, the clients of `setup`
/// and `doctor --client` (for help, errors and completions).
pub fn command(catalog: &Catalog) -> clap::Command {
    let mut regions: Vec<String> = catalog.regions().iter().map(|r| r.to_string()).collect();
    regions.push(AUTO_REGION.to_string());
    let setup_ids: Vec<String> = catalog.setup_clients().map(|(c, _)| c.profile.id.clone()).collect();
    let machine_ids: Vec<String> = catalog.machine_clients().map(|(c, _)| c.profile.id.clone()).collect();
    let region = |a: clap::Arg| a.value_parser(PossibleValuesParser::new(regions.clone()));
    let cmd = Cli::command()
        .mut_subcommand("check", |c| c.mut_arg("region", region))
        .mut_subcommand("setup", |c| {
            c.mut_arg("region", region)
                .mut_arg("client", |a| a.value_parser(PossibleValuesParser::new(setup_ids.clone())))
        })
        .mut_subcommand("doctor", |c| {
            c.mut_arg("client", |a| a.value_parser(PossibleValuesParser::new(machine_ids.clone())))
        });
    // `-V`: the knowledge's date; `--version`: also the client versions it was proven on.
    match Knowledge::embedded() {
        Ok(k) => {
            cmd.version(k.short(env!("CARGO_PKG_VERSION"))).long_version(k.long(env!("CARGO_PKG_VERSION")))
        }
        Err(_) => cmd,
    }
}

/// Loads the catalog, parses the command line and runs it; returns the exit code.
pub fn main() -> i32 {
    let catalog = match Catalog::load() {
        Ok(c) => c,
        Err(e) => {
            output::err(&format!("the rules do not load: {e}"));
            return output::finish(2);
        }
    };
    if let Err(e) = Knowledge::embedded() {
        eprintln!("crlint: the rules do not load: {e}");
        return 2;
    }
    if let Some(problem) = crate::rules::unknown_codes(&catalog).first() {
        output::err(&format!("the rules do not load: {problem}"));
        return output::finish(2);
    }
    // `--help`, `--version` and usage errors print here; a closed pipe is no failure.
    let parsed = command(&catalog).try_get_matches().and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    crate::i18n::set(choose_lang(&cli, |v| std::env::var(v).ok()));
    let code = run(&catalog, cli);
    if std::env::var_os(crate::formats::count::REPORT_ENV).is_some() {
        output::err_raw(&crate::formats::count::report());
    }
    output::finish(code)
}

/// Runs a parsed command line; returns the process exit code.
pub fn run(catalog: &Catalog, cli: Cli) -> i32 {
    match cli.command {
        Command::Check(args) => check::check(catalog, args),
        Command::Probe(args) => probe::probe_command(catalog, args),
        Command::Doctor(args) => machine::doctor(catalog, args),
        Command::Setup(args) => machine::setup(catalog, args),
        Command::Clients => list::print(&list::clients(catalog)),
        Command::Endpoints { path: None } => list::print(&list::endpoints(catalog)),
        Command::Endpoints { path: Some(path) } => {
            let (text, found) = list::lookup(catalog, &path);
            list::print(&text);
            i32::from(!found)
        }
        Command::Rule { code } => list::rule_page(&code),
        Command::Rules => list::print(&list::rules()),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command(catalog), "crlint", &mut script);
            list::print(&String::from_utf8_lossy(&script))
        }
    }
}
