//! The command layer: parses the command line, runs the pipeline, prints, and
//! chooses the exit code (0 clean, 1 findings, 2 usage or I/O error). It knows
//! every room; no room knows it.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::catalog::{Catalog, Shape};
use crate::check::{check_paths, CheckOptions};
use crate::config::{self, Config};
use crate::diagnostic::Severity;
use crate::probe;
use crate::probing::{self, ProbeArgs};
use crate::report::{render, OutputFormat, RenderOptions};
use crate::rules::registry::{rule, RULES};

#[derive(Debug, Parser)]
#[command(
    name = "crlint",
    version,
    about = "Lint and fix the configuration that points AI clients at the Crazyrouter gateway"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint gateway settings in files and directories (default: the current directory).
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
    Doctor(crate::user_level::DoctorArgs),
    /// Write or merge a working gateway config for one client (with a backup), then lint and probe it.
    Setup(crate::user_level::SetupArgs),
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
    fn enabled(self, terminal: bool) -> bool {
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
    /// How to print findings (default: text).
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
    #[arg(long, value_parser = ["intl", "east-asia", "auto"])]
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

/// Runs the CLI; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let catalog = match Catalog::embedded() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("crlint: the built-in rules do not load: {e}");
            return 2;
        }
    };
    match cli.command {
        Command::Check(args) => check(&catalog, args),
        Command::Probe(args) => probe_command(&catalog, args),
        Command::Doctor(args) => crate::user_level::doctor(&catalog, args),
        Command::Setup(args) => crate::user_level::setup(&catalog, args),
        Command::Clients => {
            print!("{}", crate::listing::clients(&catalog));
            0
        }
        Command::Endpoints { path: None } => {
            print!("{}", crate::listing::endpoints(&catalog));
            0
        }
        Command::Endpoints { path: Some(path) } => {
            let (text, found) = crate::listing::lookup(&catalog, &path);
            print!("{text}");
            i32::from(!found)
        }
        Command::Rule { code } => match rule(&code) {
            Some(r) => {
                print!("{}", r.doc);
                0
            }
            None => {
                eprintln!("crlint: no rule {code}; `crlint rules` lists them all");
                2
            }
        },
        Command::Rules => {
            for r in RULES {
                println!(
                    "{}  {:<30} {:<8} fix: {:<18} {}",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    r.fix.label(),
                    r.summary
                );
            }
            0
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "crlint", &mut std::io::stdout());
            0
        }
    }
}

fn check(catalog: &Catalog, args: CheckArgs) -> i32 {
    let config = match load_config(&args) {
        Ok(config) => config,
        Err(e) => {
            eprint!("{}", e.render(args.color.enabled(std::io::stderr().is_terminal())));
            return 2;
        }
    };
    let region = match args.region.as_deref() {
        Some("auto") => match probing::auto_region(catalog, &args.probe_args) {
            Ok(r) => Some(r),
            Err(e) => {
                eprintln!("crlint: {e}");
                return 2;
            }
        },
        other => other.map(str::to_string),
    };
    let probe_opts = match args.probe.then(|| args.probe_args.options(catalog)).transpose() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("crlint: {e}");
            return 2;
        }
    };
    let opts = CheckOptions {
        collect_endpoints: args.probe,
        fix: (args.fix || args.diff).then_some(args.unsafe_fixes),
        ..check_options(&args, config.as_ref(), region)
    };
    let mut report = check_paths(catalog, &opts, &args.paths);
    for w in &report.warnings {
        eprintln!("crlint: warning: {w}");
    }
    for e in &report.errors {
        eprintln!("crlint: {e}");
    }
    let mut stdout = std::io::stdout().lock();
    if args.diff {
        let diff = crate::report::diff::render(&report);
        let _ = stdout.write_all(diff.as_bytes());
        let changes: usize = report.files.iter().map(|f| f.applied.len()).sum();
        eprintln!("crlint: {changes} fix(es) would be applied; nothing was written");
        return if !report.errors.is_empty() { 2 } else { i32::from(!diff.is_empty()) };
    }
    let mut write_failed = false;
    if args.fix {
        for e in crate::check::write_fixes(&mut report, !args.no_backup) {
            eprintln!("crlint: {e}");
            write_failed = true;
        }
    }
    let mut probe_failed = false;
    if let Some(probe_opts) = probe_opts {
        let endpoints: Vec<_> = report.files.iter().flat_map(|f| f.endpoints.iter()).collect();
        report.probes = probe::run_probes(probing::targets(&endpoints, &args.probe_args), &probe_opts);
        probe_failed = report.probes.iter().any(|r| !r.verdict.is_ok());
    }
    let render_opts = RenderOptions {
        color: args.color.enabled(std::io::stdout().is_terminal()),
        width: 100,
        quiet: args.quiet,
        statistics: args.statistics,
    };
    let rendered = render(args.output_format, &report, &render_opts);
    let _ = stdout.write_all(rendered.as_bytes());
    // With `json` or `sarif`, stdout holds that one document and nothing else.
    let mut extra: Box<dyn Write> =
        if args.output_format.is_document() { Box::new(std::io::stderr()) } else { Box::new(stdout) };
    if args.show_fixes {
        let _ = extra.write_all(crate::report::fixes_applied(&report).as_bytes());
    }
    // The json document carries the verdicts itself; other formats print them after.
    if args.output_format != OutputFormat::Json {
        let _ = extra.write_all(probing::render(&report.probes).as_bytes());
    }
    if !report.errors.is_empty() || write_failed {
        return 2;
    }
    let failing = probe_failed || report.diagnostics().any(|(_, d)| d.severity >= Severity::Warning);
    let fixed_any = report.files.iter().any(|f| !f.applied.is_empty());
    i32::from((failing || args.exit_non_zero_on_fix && fixed_any) && !args.exit_zero)
}

/// `--config`, else the file found from the first path, else none (`--isolated`).
fn load_config(args: &CheckArgs) -> Result<Option<Config>, config::ConfigError> {
    if args.isolated {
        return Ok(None);
    }
    let path = match &args.config {
        Some(path) => path.clone(),
        None => match args.paths.first().and_then(|p| config::find(p)) {
            Some(found) => found,
            None => return Ok(None),
        },
    };
    config::load(&path).map(Some)
}

/// The configuration file's settings, then the command line's on top: a
/// `--select` replaces the file's selection (its `ignore` included), an
/// `--ignore` adds to it, `--region` (already resolved when `auto`) replaces its region.
fn check_options(args: &CheckArgs, config: Option<&Config>, region: Option<String>) -> CheckOptions {
    let mut opts = CheckOptions::default();
    if let Some(c) = config {
        opts.select = c.select.clone().unwrap_or_default();
        opts.ignore = c.ignore.clone();
        opts.per_file_ignores = c.per_file_ignores.clone();
        opts.severity = c.severity.clone();
        opts.scan = c.scan.clone();
        opts.max_file_size = c.max_file_size.unwrap_or(opts.max_file_size);
        opts.lint.region = c.region.clone();
    }
    if args.select.is_empty() {
        opts.ignore.extend(args.ignore.iter().cloned());
    } else {
        opts.select = args.select.clone();
        opts.ignore = args.ignore.clone();
    }
    if region.is_some() {
        opts.lint.region = region;
    }
    opts
}

fn probe_command(catalog: &Catalog, args: ProbeCommandArgs) -> i32 {
    let opts = match args.probe.options(catalog) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("crlint: {e}");
            return 2;
        }
    };
    let targets = match &args.url {
        Some(url) => vec![probing::url_target(url, args.shape, &args.probe)],
        None => {
            let check_opts = CheckOptions { collect_endpoints: true, ..CheckOptions::default() };
            let report = check_paths(catalog, &check_opts, &args.paths);
            for w in &report.warnings {
                eprintln!("crlint: warning: {w}");
            }
            for e in &report.errors {
                eprintln!("crlint: {e}");
            }
            if !report.errors.is_empty() {
                return 2;
            }
            let endpoints: Vec<_> = report.files.iter().flat_map(|f| f.endpoints.iter()).collect();
            probing::targets(&endpoints, &args.probe)
        }
    };
    if targets.is_empty() {
        println!("No gateway base URL to probe.");
        return 0;
    }
    let results = probe::run_probes(targets, &opts);
    print!("{}", probing::render(&results));
    let ok = results.iter().filter(|r| r.verdict.is_ok()).count();
    println!("{ok} of {} probes ok.", results.len());
    i32::from(ok != results.len())
}
