//! Where things are on this machine: the home directory (from the environment,
//! so that tests can set a temporary `HOME`), the current directory, the
//! operating system, and the XDG / native configuration directories (the
//! `etcetera` crate, which follows `XDG_CONFIG_HOME` and `%APPDATA%`). Turns the
//! path templates of the clients' `[machine]` and `[setup]` sections into paths,
//! and paths back into short, stable text for reports (`~/.claude/settings.json`).
//!
//! Not for: knowing which client reads which file (that is data), or reading
//! files.
//!
//! Template syntax: `~` (home) at the start; `{cwd}`, `{home}`; `{xdg_config}`
//! (`$XDG_CONFIG_HOME`, else `~/.config`, on every OS: what XDG-minded CLIs use
//! even on Windows); `{config}` (XDG on Linux and macOS, `%APPDATA%` on Windows:
//! etcetera's base strategy); `{native_config}` (`~/Library/Application Support`
//! on macOS); `{appdata}`, `{localappdata}` (Windows); `{env:NAME|fallback}` (the
//! variable's value when set and not empty, else the fallback template).

use std::path::{Path, PathBuf};

use etcetera::BaseStrategy;

pub use crate::catalog::Os;

/// The machine's places, read once from the environment.
#[derive(Debug, Clone)]
pub struct Places {
    pub os: Os,
    pub home: PathBuf,
    pub cwd: PathBuf,
    xdg_config: PathBuf,
    config: PathBuf,
    native_config: PathBuf,
}

impl Places {
    /// From the process environment: `HOME` (`USERPROFILE` on Windows) and the current directory.
    pub fn from_env() -> Result<Places, String> {
        let home =
            etcetera::home_dir().map_err(|_| "cannot tell the home directory (set HOME)".to_string())?;
        let cwd = std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
        let xdg = etcetera::base_strategy::Xdg::new().map_err(|e| e.to_string())?;
        let base = etcetera::choose_base_strategy().map_err(|e| e.to_string())?;
        let native = etcetera::base_strategy::choose_native_strategy().map_err(|e| e.to_string())?;
        Ok(Places {
            os: Os::current(),
            home,
            cwd,
            xdg_config: xdg.config_dir(),
            config: base.config_dir(),
            native_config: native.config_dir(),
        })
    }

    /// Places under `home` with the XDG defaults (`~/.config`) and `cwd` as the
    /// working directory, whatever this process's environment says (tests).
    pub fn at(home: &Path, cwd: &Path) -> Places {
        let config = home.join(".config");
        Places {
            os: Os::current(),
            home: home.to_path_buf(),
            cwd: cwd.to_path_buf(),
            xdg_config: config.clone(),
            config: config.clone(),
            native_config: config,
        }
    }

    /// Expands a template; `None` when it names something this machine lacks
    /// (`{appdata}` outside Windows, an unknown placeholder).
    pub fn expand(&self, template: &str) -> Option<PathBuf> {
        let text = self.expand_text(template)?;
        Some(PathBuf::from(text))
    }

    fn expand_text(&self, template: &str) -> Option<String> {
        let mut out = String::new();
        let mut rest = template;
        if let Some(after) = rest.strip_prefix('~') {
            if after.is_empty() || after.starts_with(['/', '\\']) {
                out.push_str(&self.home.to_string_lossy());
                rest = after;
            }
        }
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + matching_brace(&rest[open..])?;
            out.push_str(&self.placeholder(&rest[open + 1..close])?);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        Some(if self.os == Os::Windows { out } else { out.replace('\\', "/") })
    }

    fn placeholder(&self, name: &str) -> Option<String> {
        let dir = |p: &Path| p.to_string_lossy().trim_end_matches(['/', '\\']).to_string();
        Some(match name {
            "cwd" => dir(&self.cwd),
            "home" => dir(&self.home),
            "xdg_config" => dir(&self.xdg_config),
            "config" => dir(&self.config),
            "native_config" => dir(&self.native_config),
            "appdata" | "localappdata" if self.os == Os::Windows => {
                let var = if name == "appdata" { "APPDATA" } else { "LOCALAPPDATA" };
                std::env::var(var).ok().filter(|v| !v.is_empty())?
            }
            _ => {
                let spec = name.strip_prefix("env:")?;
                let (var, fallback) = spec.split_once('|').unwrap_or((spec, ""));
                match std::env::var(var) {
                    Ok(v) if !v.is_empty() => v,
                    _ if fallback.is_empty() => return None,
                    _ => self.expand_text(fallback)?,
                }
            }
        })
    }

    /// `path` for a report: relative to the current directory when under it
    /// (`.claude/settings.json`), `~/…` when under the home directory, else as is.
    pub fn display(&self, path: &Path) -> String {
        // Under the home directory, `~/…` (also when the working directory is the
        // home itself: `~/.claude/settings.json`, not `.claude/settings.json`);
        // under a working directory below home, relative to it.
        // (The working directory counts only when it is not home or above it.)
        let cwd_counts = !self.home.starts_with(&self.cwd);
        let text = if let (true, Ok(rel)) = (cwd_counts, path.strip_prefix(&self.cwd)) {
            rel.to_string_lossy().into_owned()
        } else if let Ok(rel) = path.strip_prefix(&self.home) {
            format!("~/{}", rel.to_string_lossy())
        } else {
            path.to_string_lossy().into_owned()
        };
        text.replace('\\', "/")
    }
}

/// The length up to the `}` that closes the `{` at the start of `text` (nested braces allowed).
fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> Places {
        Places {
            os: Os::Linux,
            home: "/h".into(),
            cwd: "/h/p".into(),
            xdg_config: "/h/.config".into(),
            config: "/h/.config".into(),
            native_config: "/h/.config".into(),
        }
    }

    #[test]
    fn expands_templates() {
        let p = places();
        assert_eq!(p.expand("~/.claude/settings.json").unwrap(), PathBuf::from("/h/.claude/settings.json"));
        assert_eq!(p.expand("{cwd}/.env").unwrap(), PathBuf::from("/h/p/.env"));
        assert_eq!(
            p.expand("{xdg_config}/zed/settings.json").unwrap(),
            PathBuf::from("/h/.config/zed/settings.json")
        );
        assert_eq!(
            p.expand("{env:CRLINT_TEST_UNSET_DIR|~/.codex}/config.toml").unwrap(),
            PathBuf::from("/h/.codex/config.toml")
        );
        assert!(p.expand("{appdata}/Zed/settings.json").is_none());
        assert!(p.expand("{nonsense}").is_none());
    }

    #[test]
    fn displays_short_paths() {
        let p = places();
        assert_eq!(p.display(Path::new("/h/p/.env")), ".env");
        assert_eq!(p.display(Path::new("/h/.bashrc")), "~/.bashrc");
        assert_eq!(p.display(Path::new("/etc/x")), "/etc/x");
    }
}
