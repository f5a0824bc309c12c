//! `crlint check`: the flags become run options (over the configuration file),
//! the pipeline runs, and the outcome is written (`--fix`), shown as a diff
//! (`--diff`), probed (`--probe`) and reported in the chosen format. With
//! `json` or `sarif`, stdout holds that one document and nothing else.

use std::io::IsTerminal;

use super::output::{err, err_raw, out, warn};
use super::{probe as probing, CheckArgs, AUTO_REGION};
use crate::catalog::Catalog;
use crate::config::{self, Config, Selection};
use crate::diagnostic::Severity;
use crate::pipeline::{check_paths, write_fixes, CheckOptions};
use crate::probe;
use crate::report::{render, statistics_refused, OutputFormat, RenderOptions};

pub(super) fn check(catalog: &Catalog, args: CheckArgs) -> i32 {
    if let Some(reason) = args.statistics.then(|| statistics_refused(args.output_format)).flatten() {
        err(reason);
        return 2;
    }
    // As strict as `crlint.toml`: a code that names no rule is an error, not a
    // selection that silently turns rules off.
    for (flag, list) in [("--select", &args.select), ("--ignore", &args.ignore)] {
        for value in list {
            if let Err((message, help)) = config::code_selector(value) {
                err(&format!("{flag}: {message}"));
                err_raw(&format!("  help: {}\n", crate::redact::safe_line(&help)));
                return 2;
            }
        }
    }
    let config = match load_config(catalog, &args) {
        Ok(config) => config,
        Err(e) => {
            err_raw(&render_config_error(&e, args.color.enabled(std::io::stderr().is_terminal())));
            return 2;
        }
    };
    let region = match args.region.as_deref() {
        Some(AUTO_REGION) => match probing::auto_region(catalog, &args.probe_args) {
            Ok(r) => Some(r),
            Err(e) => {
                err(&e);
                return 2;
            }
        },
        other => other.map(str::to_string),
    };
    let probe_opts = match args.probe.then(|| args.probe_args.options(catalog)).transpose() {
        Ok(o) => o,
        Err(e) => {
            err(&e);
            return 2;
        }
    };
    let opts = CheckOptions {
        fix: (args.fix || args.diff).then_some(args.unsafe_fixes),
        ..check_options(&args, config.as_ref(), region)
    };
    let mut outcome = check_paths(catalog, &opts, &args.paths);
    // Keys in the files and names checked: a message or fix that cut one's
    // `sk-` off still prints it masked.
    for file in &outcome.files {
        crate::redact::learn(&file.path.to_string_lossy());
        file.source.as_deref().into_iter().for_each(crate::redact::learn);
    }
    for w in &outcome.warnings {
        warn(w);
    }
    for e in &outcome.errors {
        err(e);
    }
    if args.diff {
        let diff = crate::report::diff::render(&outcome);
        out(&diff);
        let changes: usize = outcome.files.iter().map(|f| f.applied.len()).sum();
        err(&crate::tr!("check.diff_done", n = changes));
        return if !outcome.errors.is_empty() { 2 } else { i32::from(!diff.is_empty()) };
    }
    let mut write_failed = false;
    if args.fix {
        for e in write_fixes(&mut outcome, !args.no_backup) {
            err(&e.to_string());
            write_failed = true;
        }
    }
    let mut probe_failed = false;
    if let Some(probe_opts) = probe_opts {
        // The endpoints come from the settings the pipeline found: no parse of their own.
        let targets = probing::targets_of(catalog, &outcome, &args.probe_args);
        outcome.probes = probe::run_probes(targets, &probe_opts);
        probe_failed = outcome.probes.iter().any(|r| !r.verdict.is_ok());
    }
    let render_opts = RenderOptions {
        color: args.color.enabled(std::io::stdout().is_terminal()),
        width: terminal_width(),
        quiet: args.quiet,
        statistics: args.statistics,
        unsafe_fixes: args.unsafe_fixes,
    };
    out(&render(args.output_format, &outcome, &render_opts));
    // With `json` or `sarif`, stdout holds that one document and nothing else.
    let extra = |text: &str| if args.output_format.is_document() { err_raw(text) } else { out(text) };
    if args.show_fixes {
        extra(&crate::report::fixes_applied(&outcome, args.output_format));
    }
    // The json document carries the verdicts itself; other formats print them after.
    if args.output_format != OutputFormat::Json {
        extra(&crate::report::probe_verdicts(&outcome.probes, args.output_format));
    }
    if !outcome.errors.is_empty() || write_failed {
        return 2;
    }
    let failing = probe_failed || outcome.diagnostics().any(|(_, d)| d.severity >= Severity::Warning);
    let fixed_any = outcome.files.iter().any(|f| !f.applied.is_empty());
    i32::from((failing || args.exit_non_zero_on_fix && fixed_any) && !args.exit_zero)
}

/// A configuration file's error as the `text` format draws a finding (the
/// file is the repository's: its lines are cut, its keys masked, its control
/// characters escaped).
fn render_config_error(e: &config::ConfigError, color: bool) -> String {
    match &e.at {
        Some((source, span)) => crate::report::source_error(
            &e.path,
            source,
            span.clone(),
            "crlint::config",
            &e.message,
            e.help.as_deref(),
            color,
        ),
        None => format!(
            "crlint: {}: {}\n",
            crate::redact::safe_line(&e.path.display().to_string()),
            crate::redact::safe_line(&e.message)
        ),
    }
}

/// `--config`, else the file found from the first path, else none (`--isolated`).
fn load_config(catalog: &Catalog, args: &CheckArgs) -> Result<Option<Config>, config::ConfigError> {
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
    config::load(&path, &catalog.regions()).map(Some)
}

/// The configuration file's settings, then the command line's on top: a
/// `--select` replaces the file's selection (its `ignore` included), an
/// `--ignore` adds to it, `--region` (already resolved when `auto`) replaces its region.
fn check_options(args: &CheckArgs, config: Option<&Config>, region: Option<String>) -> CheckOptions {
    let mut opts = CheckOptions::default();
    if let Some(c) = config {
        opts.selection = Selection {
            select: c.select.clone().unwrap_or_default(),
            ignore: c.ignore.clone(),
            per_file_ignores: c.per_file_ignores.clone(),
            severity: c.severity.clone(),
        };
        opts.scan = c.scan.clone();
        opts.max_file_size = c.max_file_size.unwrap_or(opts.max_file_size);
        opts.lint.region = c.region.clone();
    }
    if args.select.is_empty() {
        opts.selection.ignore.extend(args.ignore.iter().cloned());
    } else {
        opts.selection.select = args.select.clone();
        opts.selection.ignore = args.ignore.clone();
    }
    if region.is_some() {
        opts.lint.region = region;
    }
    opts
}

/// The width to wrap the text format at: `COLUMNS` when set, else the width of
/// the terminal stdout is, else 100 (a pipe or a file has no width).
pub(super) fn terminal_width() -> usize {
    if let Some(n) = std::env::var("COLUMNS").ok().and_then(|v| v.trim().parse::<usize>().ok()) {
        if n >= 20 {
            return n;
        }
    }
    tty_width().unwrap_or(100)
}

#[cfg(unix)]
fn tty_width() -> Option<usize> {
    use std::os::fd::AsRawFd;
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    // SAFETY: TIOCGWINSZ writes a `winsize` into the one we pass; the fd is stdout's.
    let ok = unsafe { libc::ioctl(stdout.as_raw_fd(), libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col >= 20).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn tty_width() -> Option<usize> {
    None
}
