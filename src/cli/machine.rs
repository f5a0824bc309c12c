//! The command layer of the two user-level commands, `crlint doctor` and
//! `crlint setup`: their flags, the prompts (only with a terminal), and the
//! order of steps: plan, diff or write, lint what was written, then examine and
//! probe the client as `doctor` would. Exit codes as everywhere: 0 fine, 1
//! problems, 2 usage or I/O error.
//!
//! Not for: the mechanics of either command (`doctor`, `setup`).

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;

use super::probe::{self as probing, ProbeArgs};
use super::AUTO_REGION;
use crate::catalog::{Catalog, Scope};
use crate::diagnostic::line_col;
use crate::doctor::{self, DoctorOptions, Status};
use crate::machine_paths::Places;
use crate::pipeline::{check_paths, CheckOptions};
use crate::redact::{redact, safe_block, safe_line};

use super::output::out;
use crate::setup::{self, SetupRequest};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DoctorFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = DoctorFormat::Text)]
    pub output_format: DoctorFormat,
    /// Do not probe: report values and findings only.
    #[arg(long)]
    pub offline: bool,
    /// Only this client (e.g. claude-code), whether it looks in use or not.
    #[arg(long, value_name = "ID")]
    pub client: Option<String>,
    #[command(flatten)]
    pub probe: ProbeArgs,
}

#[derive(Debug, Args)]
pub struct SetupArgs {
    /// The client (`crlint setup --help` lists them). Without it, a terminal offers
    /// the clients found on this machine.
    pub client: Option<String>,
    /// The gateway region; `auto` times both entries and takes the faster (default: intl).
    #[arg(long)]
    pub region: Option<String>,
    /// Write the user's own config (default) or the project's (in the current directory).
    #[arg(long, value_enum)]
    pub scope: Option<Scope>,
    /// The model to select, where the client's config names one.
    #[arg(long)]
    pub model: Option<String>,
    /// Print the unified diff of what would be written; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not probe after writing.
    #[arg(long)]
    pub offline: bool,
    #[command(flatten)]
    pub probe: ProbeArgs,
}

pub fn doctor(catalog: &Catalog, args: DoctorArgs) -> i32 {
    let places = match Places::from_env() {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    let opts = match doctor_options(catalog, &args.probe, args.offline, args.client.clone()) {
        Ok(o) => o,
        Err(e) => return fail(&e),
    };
    let reports = match doctor::run(catalog, &places, &opts) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    match args.output_format {
        DoctorFormat::Text => out(&doctor::report::text(&reports)),
        DoctorFormat::Json => out(&doctor::report::json(&reports)),
    }
    i32::from(reports.iter().any(|r| matches!(r.status, Status::Problems | Status::KeyMissing)))
}

fn doctor_options(
    catalog: &Catalog,
    probe: &ProbeArgs,
    offline: bool,
    only: Option<String>,
) -> Result<DoctorOptions, String> {
    let probe_opts = if offline { None } else { Some(probe.options(catalog)?) };
    // `--api-key-env`, else the catalog's default variable (as `--help` says).
    let fallback_key = probe.fallback_key(catalog);
    let send_policy = probe.send_policy(catalog);
    Ok(DoctorOptions { probe: probe_opts, fallback_key, send_policy, only })
}

pub fn setup(catalog: &Catalog, args: SetupArgs) -> i32 {
    match run_setup(catalog, args) {
        Ok(code) => code,
        Err(e) => fail(&e),
    }
}

fn run_setup(catalog: &Catalog, args: SetupArgs) -> Result<i32, String> {
    let places = Places::from_env()?;
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let mut model = args.model.clone();
    let (client, region) = match (&args.client, interactive) {
        (Some(c), _) => (c.clone(), args.region.clone()),
        (None, true) => {
            let (client, region) = prompt::choose(catalog, &places, args.region.clone())?;
            if model.is_none() && setup::client(catalog, &client)?.1.needs_model {
                model = Some(prompt::model()?);
            }
            (client, region)
        }
        (None, false) => {
            let ids: Vec<&str> = catalog.setup_clients().map(|(c, _)| c.profile.id.as_str()).collect();
            return Err(crate::tr!("setup.name_a_client", ids = ids.join(", ")));
        }
    };
    let region = match region.as_deref() {
        Some(AUTO_REGION) => probing::auto_region(catalog, &args.probe)?,
        Some(r) => r.to_string(),
        None => catalog.gateway.default_region.clone(),
    };
    let host =
        catalog.host_for_region(&region).ok_or_else(|| crate::tr!("setup.no_entry", region = region))?;
    let key_env = args.probe.api_key_env.clone().unwrap_or_else(|| catalog.default_key_env().to_string());
    let request = SetupRequest { client, scope: args.scope, host: host.to_string(), model, key_env };
    let plan = setup::plan(catalog, &request, &places)?;
    let scope = format!("{:?}", plan.scope).to_lowercase();
    out(&format!(
        "{}\n",
        crate::tr!(
            "setup.header",
            client = plan.client.profile.name,
            scope = scope,
            region = region,
            host = host
        )
    ));
    let changed: Vec<_> = plan.files.iter().filter(|f| f.changes()).collect();
    if args.dry_run {
        if changed.is_empty() {
            out(&format!("{}\n", crate::tr!("setup.nothing_to_change")));
        } else {
            out(&safe_block(&setup::diff(&plan, &places)));
            out(&format!("{}\n", crate::tr!("setup.dry_run")));
        }
        for n in &plan.notes {
            out(&format!("{}\n", crate::tr!("doctor.note", note = safe_line(n))));
        }
        return Ok(0);
    }
    if changed.is_empty() {
        out(&format!("{}\n", crate::tr!("setup.nothing_to_change")));
    }
    for line in setup::write(&plan, &places)? {
        out(&format!("{}\n", safe_line(&line)));
    }
    let written: Vec<PathBuf> = plan.files.iter().map(|f| f.path.clone()).collect();
    out(&lint_lines(catalog, &written, &places));
    for n in &plan.notes {
        out(&format!("{}\n", crate::tr!("doctor.note", note = safe_line(n))));
    }
    out("\n");
    let opts = doctor_options(catalog, &args.probe, args.offline, Some(plan.client.profile.id.clone()))?;
    let reports = doctor::run(catalog, &places, &opts)?;
    out(&doctor::report::text(&reports));
    // Setup wrote what it could; a key still to export is its notes' business.
    Ok(i32::from(reports.iter().any(|r| r.status == Status::Problems)))
}

/// `path:line:col: CODE message` for each finding in `files`, or a line saying there are none.
fn lint_lines(catalog: &Catalog, files: &[PathBuf], places: &Places) -> String {
    let existing: Vec<PathBuf> = files.iter().filter(|p| p.is_file()).cloned().collect();
    let outcome = check_paths(catalog, &CheckOptions::default(), &existing);
    let mut out = String::new();
    for (file, d) in outcome.diagnostics() {
        let (line, col) = file.source.as_deref().map_or((1, 1), |s| line_col(s, d.span.start));
        let at = format!("{}:{line}:{col}", safe_line(&places.display(&file.path)));
        out.push_str(&crate::tr!("setup.lint_line", at = at, code = d.code, message = safe_line(&d.message)));
        out.push('\n');
    }
    if out.is_empty() {
        out.push_str(&crate::tr!("setup.lint_clean"));
        out.push('\n');
    }
    redact(&out)
}

fn fail(message: &str) -> i32 {
    super::output::err(message);
    2
}

/// The questions `crlint setup` asks at a terminal when no client is named.
mod prompt {
    use dialoguer::{Input, Select};

    use super::AUTO_REGION;
    use crate::catalog::Catalog;
    use crate::machine_paths::Places;

    /// The client (those found on this machine first) and, unless given, the region.
    pub fn choose(
        catalog: &Catalog,
        places: &Places,
        region: Option<String>,
    ) -> Result<(String, Option<String>), String> {
        let detected: Vec<&str> = catalog
            .machine_clients()
            .filter(|(_, m)| m.detect.iter().filter_map(|d| places.expand(d)).any(|p| p.exists()))
            .map(|(c, _)| c.profile.id.as_str())
            .collect();
        let mut clients: Vec<_> = catalog.setup_clients().map(|(c, _)| c).collect();
        clients.sort_by_key(|c| !detected.contains(&c.profile.id.as_str()));
        let items: Vec<String> = clients
            .iter()
            .map(|c| {
                let found = if detected.contains(&c.profile.id.as_str()) {
                    crate::tr!("setup.found_here")
                } else {
                    String::new()
                };
                format!("{} ({}){found}", c.profile.name, c.profile.id)
            })
            .collect();
        let pick = Select::new()
            .with_prompt(crate::tr!("setup.ask_client"))
            .items(&items)
            .default(0)
            .interact()
            .map_err(|e| crate::tr!("setup.prompt_error", error = e))?;
        let region = match region {
            Some(r) => Some(r),
            None => {
                let mut values: Vec<String> =
                    catalog.gateway.entries.iter().map(|e| e.region.clone()).collect();
                let mut choices: Vec<String> =
                    catalog.gateway.entries.iter().map(|e| format!("{} ({})", e.region, e.host)).collect();
                values.push(AUTO_REGION.to_string());
                choices.push(crate::tr!("setup.auto_choice", auto = AUTO_REGION));
                let pick = Select::new()
                    .with_prompt(crate::tr!("setup.ask_region"))
                    .items(&choices)
                    .default(0)
                    .interact()
                    .map_err(|e| crate::tr!("setup.prompt_error", error = e))?;
                Some(values[pick].clone())
            }
        };
        Ok((clients[pick].profile.id.clone(), region))
    }

    /// The model, for a client whose provider entries are models (Qwen Code, Continue).
    pub fn model() -> Result<String, String> {
        Input::<String>::new()
            .with_prompt(crate::tr!("setup.ask_model"))
            .interact_text()
            .map_err(|e| crate::tr!("setup.prompt_error", error = e))
    }
}
