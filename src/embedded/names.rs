//! What a container says an inner document is: the format a fence's language
//! names (` ```bash `, ` ```jsonc `, ` ```ps1 `), the format a file name's
//! extension names, and a file path as scripts and guides write it
//! (`~/.codex/config.toml`, `$HOME\.claude\settings.json`,
//! `"${CODEX_HOME:-$HOME/.codex}/config.toml"`, `%USERPROFILE%\.gemini\.env`)
//! made into a path the catalog's patterns can match (`.codex/config.toml`).

use crate::document::Format;

/// The format a code block's language names. `None` for a language crlint does
/// not read (`diff`, `text`, `sql`, …) or none at all.
pub fn language(lang: &str) -> Option<Format> {
    let lang = lang.trim().trim_start_matches('.').to_ascii_lowercase();
    Some(match lang.as_str() {
        "bash" | "sh" | "shell" | "zsh" | "console" | "shell-session" | "shellsession" | "terminal"
        | "ksh" | "fish" | "dash" | "shellscript" => Format::Shell,
        "powershell" | "ps1" | "ps" | "pwsh" | "posh" | "psm1" => Format::PowerShell,
        "bat" | "batch" | "cmd" | "dos" | "batchfile" => Format::Cmd,
        "env" | "dotenv" | "properties" | "ini" => Format::Dotenv,
        "json" | "jsonc" | "json5" | "jsonl" | "javascriptreact" => Format::Json,
        "yaml" | "yml" => Format::Yaml,
        "toml" => Format::Toml,
        "python" | "py" | "python3" | "js" | "javascript" | "mjs" | "cjs" | "jsx" | "ts" | "typescript"
        | "tsx" | "mts" | "go" | "golang" | "rust" | "rs" | "java" | "kotlin" | "kt" => Format::Source,
        "dockerfile" | "docker" | "containerfile" => Format::Dockerfile,
        "http" | "rest" | "curl" => Format::Text,
        _ => return None,
    })
}

/// The format a file name's extension (or name) suggests, when the catalog
/// does not know the file.
pub fn extension(file: &str) -> Option<Format> {
    let name = file.rsplit('/').next().unwrap_or(file);
    if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
        return Some(Format::Dotenv);
    }
    if name == "Dockerfile" || name.starts_with("Dockerfile.") {
        return Some(Format::Dockerfile);
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e)?;
    match ext {
        "bashrc" | "zshrc" | "profile" | "zshenv" | "zprofile" | "bash_profile" | "envrc" => {
            Some(Format::Shell)
        }
        _ => language(ext),
    }
}

/// A file path as a container writes it, made into a relative path the
/// catalog's patterns can match: quotes dropped, `\` made `/`, and the leading
/// parts that name a directory through a variable or `~` (`~/`, `$HOME/`,
/// `${XDG_CONFIG_HOME:-$HOME/.config}/`, `%USERPROFILE%\`, `$env:APPDATA\`)
/// dropped. `None` when nothing that looks like a file name is left.
pub fn file(written: &str) -> Option<String> {
    let mut path = written.trim().trim_matches(['"', '\'']).replace('\\', "/");
    // `${VAR:-default}/x`: the default shows the directory a reader would see.
    if let Some(rest) = path.strip_prefix("${") {
        if let Some(close) = rest.find('}') {
            let inner = &rest[..close];
            let default = inner.split_once(":-").map(|(_, d)| d).unwrap_or("");
            path = format!("{default}{}", &rest[close + 1..]);
        }
    }
    let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    while let Some(first) = parts.first() {
        let variable =
            first.starts_with('$') || first.starts_with('%') || *first == "~" || first.starts_with("~");
        let drive = first.len() == 2 && first.ends_with(':');
        if variable || drive {
            parts.remove(0);
        } else {
            break;
        }
    }
    // An absolute path: `/home/me/.codex/config.toml`, `/etc/…`: the part from the
    // first hidden directory on is what the patterns know.
    if path.starts_with('/') {
        if let Some(i) = parts.iter().position(|p| p.starts_with('.')) {
            parts.drain(..i);
        }
    }
    let last = parts.last()?;
    let ok = !last.is_empty() && !last.contains(['$', '*', '?', '%', '{', '}', '(', ')', ' ', '<', '>']);
    ok.then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_paths_as_written_become_catalog_paths() {
        for (written, want) in [
            ("~/.codex/config.toml", Some(".codex/config.toml")),
            ("\"$HOME/.claude/settings.json\"", Some(".claude/settings.json")),
            ("$HOME\\.claude\\settings.json", Some(".claude/settings.json")),
            ("${CODEX_HOME:-$HOME/.codex}/config.toml", Some(".codex/config.toml")),
            ("%USERPROFILE%\\.gemini\\.env", Some(".gemini/.env")),
            ("$env:USERPROFILE\\.codex\\config.toml", Some(".codex/config.toml")),
            ("C:\\Users\\me\\.codex\\config.toml", Some("Users/me/.codex/config.toml")),
            ("/home/me/.claude/settings.json", Some(".claude/settings.json")),
            (".env", Some(".env")),
            ("./opencode.json", Some("opencode.json")),
            ("$CONFIG", None),
            ("~/", None),
        ] {
            assert_eq!(file(written).as_deref(), want, "{written}");
        }
    }

    #[test]
    fn languages_and_extensions() {
        assert_eq!(language("jsonc"), Some(Format::Json));
        assert_eq!(language("ps1"), Some(Format::PowerShell));
        assert_eq!(language("console"), Some(Format::Shell));
        assert_eq!(language("diff"), None);
        assert_eq!(extension(".codex/config.toml"), Some(Format::Toml));
        assert_eq!(extension(".gemini/.env"), Some(Format::Dotenv));
        assert_eq!(extension("x/.bashrc"), Some(Format::Shell));
        assert_eq!(extension("install.ps1"), Some(Format::PowerShell));
        assert_eq!(extension("README"), None);
    }
}
