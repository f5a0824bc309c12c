//! The project's configuration file, `crlint.toml` or `.crlint.toml`: where it
//! is, what it may say, and the pointed error (file, line, column, what to
//! write instead) when it says something else.
//!
//! ```toml
//! [lint]
//! select = ["CR1", "CR2"]          # codes or prefixes; "ALL"; default: every rule
//! ignore = ["CR203"]
//! per-file-ignores = { "examples/**" = ["CR501"] }
//! severity = { CR203 = "error", CR501 = "info" }   # error | warning | info
//!
//! [gateway]
//! region = "east-asia"             # intl | east-asia
//!
//! [scan]
//! include = ["services/**"]        # only files matching one of these are checked
//! exclude = ["fixtures", "*.example"]
//! max-file-size = 1048576          # bytes; larger files are CR902
//! ```
//!
//! The file is found by walking up from the first checked path, stopping at
//! the first directory holding one of the two names, at a repository root
//! (a directory with `.git`), or at the file system root. Globs follow
//! `config::globs`. Unknown keys and bad values are errors (exit 2).
//! Not for: merging with command-line flags (the command layer does that) or
//! applying the settings (`check` does).

mod globs;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report};
use serde::Deserialize;
use toml::Spanned;

pub use globs::PathGlobs;

use crate::codes::{rule, Code, Severity, RULES};
use crate::redact::{redact, redact_with_map};

/// The names looked for in each directory, in this order.
pub const FILE_NAMES: &[&str] = &["crlint.toml", ".crlint.toml"];

/// A loaded, validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    /// `[lint] select`; `None` when absent (every rule).
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub per_file_ignores: PerFileIgnores,
    pub severity: BTreeMap<Code, Severity>,
    pub region: Option<String>,
    pub scan: ScanFilter,
    pub max_file_size: Option<u64>,
}

/// `[lint] per-file-ignores`: codes (or prefixes) not reported in files matching a glob.
#[derive(Debug, Clone, Default)]
pub struct PerFileIgnores {
    globs: Option<PathGlobs>,
    codes: Vec<Vec<String>>,
}

impl PerFileIgnores {
    /// The codes and prefixes ignored in `path`.
    pub fn codes_for(&self, path: &Path) -> Vec<&str> {
        let Some(globs) = &self.globs else { return vec![] };
        globs.matches(path).into_iter().flat_map(|i| self.codes[i].iter().map(String::as_str)).collect()
    }
}

/// Which findings a run reports: `select` and `ignore` (codes, prefixes such as
/// `CR1`, or `ALL`; an empty `select` means every rule), then the per-file
/// ignores of each finding's file, then severity overrides.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub per_file_ignores: PerFileIgnores,
    pub severity: BTreeMap<Code, Severity>,
}

impl Selection {
    pub fn apply(
        &self,
        diagnostics: Vec<crate::diagnostic::Diagnostic>,
    ) -> Vec<crate::diagnostic::Diagnostic> {
        let matches = |code: Code, list: &[&str]| {
            list.iter()
                .any(|s| s.eq_ignore_ascii_case("ALL") || code.as_str().starts_with(&s.to_ascii_uppercase()))
        };
        let select: Vec<&str> = self.select.iter().map(String::as_str).collect();
        let ignore: Vec<&str> = self.ignore.iter().map(String::as_str).collect();
        diagnostics
            .into_iter()
            .filter(|d| select.is_empty() || matches(d.code, &select))
            .filter(|d| !matches(d.code, &ignore))
            .filter(|d| !matches(d.code, &self.per_file_ignores.codes_for(&d.path)))
            .map(|mut d| {
                if let Some(severity) = self.severity.get(&d.code) {
                    d.severity = *severity;
                }
                d
            })
            .collect()
    }
}

/// `[scan] include / exclude`, applied to every candidate file, named ones too
/// (pre-commit names each file, and the excludes must hold there as well).
#[derive(Debug, Clone, Default)]
pub struct ScanFilter {
    include: Option<PathGlobs>,
    exclude: Option<PathGlobs>,
}

impl ScanFilter {
    pub fn admits(&self, path: &Path) -> bool {
        self.include.as_ref().is_none_or(|g| g.is_match(path))
            && !self.exclude.as_ref().is_some_and(|g| g.is_match(path))
    }
}

/// A configuration that cannot be used: rendered with the file's text, the
/// offending span underlined, and what to write instead.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
    pub help: Option<String>,
    /// The file's text and the span at fault, when the fault is inside it.
    pub at: Option<(String, Range<usize>)>,
}

impl ConfigError {
    /// The error as miette draws it; keys in the file, the message or the help are masked.
    pub fn render(&self, color: bool) -> String {
        let name = redact(&shown(&self.path));
        let Some((source, span)) = &self.at else {
            return format!("crlint: {name}: {}\n", redact(&self.message));
        };
        let (source, map) = redact_with_map(source);
        let span = map(span.start)..map(span.end).max(map(span.start));
        let mut diag = MietteDiagnostic::new(redact(&self.message))
            .with_code("crlint::config")
            .with_label(LabeledSpan::at(span, "here"));
        if let Some(help) = &self.help {
            diag = diag.with_help(redact(help));
        }
        let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
        let report = Report::new(diag).with_source_code(NamedSource::new(name, source));
        let mut out = String::new();
        let _ = handler.render_report(&mut out, report.as_ref());
        out
    }
}

/// The configuration file that applies to `first_path`, if any.
pub fn find(first_path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(first_path).ok()?;
    let mut dir = if absolute.is_dir() { absolute.as_path() } else { absolute.parent()? };
    loop {
        if let Some(found) = FILE_NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()) {
            // Keep it relative when the walk started from a relative path: shorter messages.
            return Some(match std::env::current_dir() {
                Ok(cwd) if first_path.is_relative() => {
                    found.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(found)
                }
                _ => found,
            });
        }
        if dir.join(".git").exists() {
            return None;
        }
        dir = dir.parent()?;
    }
}

/// Loads and validates the file; `regions` are the gateway's (`[gateway] region` must be one).
pub fn load(path: &Path, regions: &[&str]) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        message: format!("cannot read the configuration: {}", crate::read::io_reason(&e)),
        help: None,
        at: None,
    })?;
    parse(path, &text, regions)
}

/// Parses and validates `text`, the content of the file at `path`.
pub fn parse(path: &Path, text: &str, regions: &[&str]) -> Result<Config, ConfigError> {
    let fail = |span: Range<usize>, message: String, help: Option<String>| ConfigError {
        path: path.to_path_buf(),
        message,
        help,
        at: Some((text.to_string(), span)),
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().to_string();
        let help = message.starts_with("unknown field").then(|| HELP_KEYS.to_string());
        fail(span, message, help)
    })?;
    let base = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let base = if base.as_os_str().is_empty() { PathBuf::from(".") } else { base };

    let codes = |list: &[Spanned<String>]| -> Result<Vec<String>, ConfigError> {
        list.iter().map(|c| selector(c).map_err(|(span, msg, help)| fail(span, msg, Some(help)))).collect()
    };
    let compile = |list: &[Spanned<String>]| -> Result<Option<PathGlobs>, ConfigError> {
        if list.is_empty() {
            return Ok(None);
        }
        let plain: Vec<String> = list.iter().map(|g| g.get_ref().clone()).collect();
        PathGlobs::new(&base, &plain).map(Some).map_err(|(i, why)| {
            fail(list[i].span(), format!("`{}` is not a valid glob: {why}", list[i].get_ref()), None)
        })
    };

    let lint = raw.lint.unwrap_or_default();
    let select = lint.select.as_deref().map(codes).transpose()?;
    let ignore = codes(&lint.ignore)?;
    let pfi_globs: Vec<Spanned<String>> = lint.per_file_ignores.keys().cloned().collect();
    let pfi_codes = lint.per_file_ignores.values().map(|list| codes(list)).collect::<Result<Vec<_>, _>>()?;
    let per_file_ignores = PerFileIgnores { globs: compile(&pfi_globs)?, codes: pfi_codes };
    let mut severity = BTreeMap::new();
    for (code, level) in &lint.severity {
        let info = rule(code.get_ref()).ok_or_else(|| {
            let (span, msg, help) = unknown_code(code);
            fail(span, msg, Some(help))
        })?;
        severity.insert(info.code, level.get_ref().0);
    }
    let region = match raw.gateway.unwrap_or_default().region {
        Some(r) if regions.contains(&r.get_ref().as_str()) => Some(r.get_ref().clone()),
        Some(r) => {
            let message = format!("unknown variant `{}`, expected {}", r.get_ref(), one_of(regions));
            return Err(fail(r.span(), message, None));
        }
        None => None,
    };
    let scan = raw.scan.unwrap_or_default();
    Ok(Config {
        path: path.to_path_buf(),
        select,
        ignore,
        per_file_ignores,
        severity,
        region,
        scan: ScanFilter { include: compile(&scan.include)?, exclude: compile(&scan.exclude)? },
        max_file_size: scan.max_file_size,
    })
}

/// "`a` or `b`", "one of `a`, `b`, `c`" (as serde says it).
fn one_of(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} or {b}"),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

const HELP_KEYS: &str = "crlint.toml knows [lint] select, ignore, per-file-ignores, severity; \
[gateway] region; [scan] include, exclude, max-file-size";

/// A code, a prefix of codes (`CR1`) or `ALL`, upper-cased.
fn selector(code: &Spanned<String>) -> Result<String, (Range<usize>, String, String)> {
    code_selector(code.get_ref()).map_err(|(message, help)| (code.span(), message, help))
}

/// A code, a prefix of codes (`CR1`) or `ALL`, upper-cased; else the message
/// and its help ("did you mean"), as `crlint.toml` and the command line say it.
pub fn code_selector(value: &str) -> Result<String, (String, String)> {
    let upper = value.trim().to_ascii_uppercase();
    if upper == "ALL" || (upper.len() >= 2 && RULES.iter().any(|r| r.code.as_str().starts_with(&upper))) {
        Ok(upper)
    } else {
        Err(unknown_code_message(value))
    }
}

fn unknown_code(code: &Spanned<String>) -> (Range<usize>, String, String) {
    let (message, help) = unknown_code_message(code.get_ref());
    (code.span(), message, help)
}

fn unknown_code_message(value: &str) -> (String, String) {
    let upper = value.trim().to_ascii_uppercase();
    // Nearest by edit distance (a swap counts once), then by the longest common prefix.
    let near = RULES
        .iter()
        .map(|r| {
            let prefix = r.code.as_str().chars().zip(upper.chars()).take_while(|(a, b)| a == b).count();
            (strsim::osa_distance(r.code.as_str(), &upper), std::cmp::Reverse(prefix), r)
        })
        .min_by_key(|(distance, prefix, _)| (*distance, *prefix))
        .filter(|(distance, _, _)| *distance <= 2)
        .map(|(_, _, r)| format!("did you mean `{}` ({})? ", r.code, r.name))
        .unwrap_or_default();
    (format!("`{value}` is no rule code"), format!("{near}`crlint rules` lists every code"))
}

/// `path` relative to the working directory when it is under it.
fn shown(path: &Path) -> String {
    let relative =
        std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    relative.unwrap_or_else(|| path.to_path_buf()).display().to_string()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    lint: Option<RawLint>,
    gateway: Option<RawGateway>,
    scan: Option<RawScan>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLint {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<Level>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGateway {
    region: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawScan {
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    max_file_size: Option<u64>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(try_from = "String")]
struct Level(Severity);

impl TryFrom<String> for Level {
    type Error = String;
    fn try_from(value: String) -> Result<Level, String> {
        match value.as_str() {
            "error" => Ok(Level(Severity::Error)),
            "warning" => Ok(Level(Severity::Warning)),
            "info" => Ok(Level(Severity::Info)),
            other => Err(format!("unknown severity `{other}`, expected `error`, `warning` or `info`")),
        }
    }
}

#[cfg(test)]
mod tests;
