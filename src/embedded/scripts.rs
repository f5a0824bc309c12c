//! The files a script writes, each an inner document read as that file: its
//! format from the target's name, and its client when the catalog knows the
//! path (`~/.codex/config.toml` is Codex's config, wherever a script writes it).
//!
//! POSIX shells:
//! - a heredoc whose command writes a file: `cat > FILE <<'EOF'`,
//!   `cat <<EOF >> FILE`, `tee [-a] FILE <<EOF`, `cat <<EOF | [sudo] tee FILE`;
//!   `<<-` strips leading tabs (the tabs stay the container's); an unquoted
//!   delimiter expands `$`, `` ` `` and `\` in the body, so a fix may not write them;
//! - `echo 'TEXT' > FILE` and `printf 'TEXT' > FILE` (`\n` and `\t` decoded),
//!   `printf '%s\n' 'TEXT' > FILE`, with `>>` too.
//!
//! PowerShell:
//! - a here-string or string written with `Set-Content`, `Add-Content`,
//!   `Out-File`, `New-Item -Value`, `[IO.File]::WriteAllText(…)`, directly or
//!   through a variable assigned before (`$cfg = @'…'@` … `$cfg | Set-Content $path`);
//!   the target may be a string, a bare path, `(Join-Path A B)` or a variable
//!   holding one of those. `@"…"@` and `"…"` expand `$` and `` ` ``.

use std::collections::HashMap;

use super::{names, Extraction, Extractor, Inner, Placement, SpanMap, Vocabulary};
use crate::document::Quote;
use crate::formats::shell::posix::{self, Command, CommandWord, HeredocBody};
use crate::formats::shell::powershell::{self, Item};

/// The extractor of the files shell and PowerShell scripts write.
pub struct FileWrites;

impl Extractor for FileWrites {
    fn id(&self) -> &'static str {
        "script-writes"
    }

    fn extract(&self, text: &str, _: &Vocabulary) -> Extraction {
        let mut out = Extraction::default();
        if looks_like_powershell(text) {
            out.inners.extend(powershell_writes(text));
        } else {
            out.inners.extend(posix_writes(text));
        }
        out
    }
}

fn looks_like_powershell(text: &str) -> bool {
    crate::formats::shell::Dialect::detect(text) == crate::formats::shell::Dialect::PowerShell
        || text.contains("Set-Content")
        || text.contains("Out-File")
        || text.contains("@'\n")
        || text.contains("@\"\n")
}

fn inner(text: String, map: SpanMap, target: &str, guard: Vec<char>, how: &str) -> Option<Inner> {
    let file = names::file(target)?;
    let format = names::extension(&file);
    Some(Inner {
        text,
        placement: Placement::Slices(map),
        format,
        file: Some(file),
        guard,
        label: format!("{how} writing `{target}`"),
    })
}

// ---------------------------------------------------------------------------
// POSIX

fn posix_writes(text: &str) -> Vec<Inner> {
    let commands = posix::commands(text, false);
    let mut out = Vec::new();
    for (i, command) in commands.iter().enumerate() {
        if let Some(body) = &command.heredoc {
            if let Some(target) = heredoc_target(command, commands.get(i + 1)) {
                let (inner_text, map) = heredoc_text(text, body);
                let guard = if body.literal { vec![] } else { vec!['$', '`', '\\'] };
                out.extend(inner(inner_text, map, &target, guard, "heredoc"));
            }
            continue;
        }
        if let Some(found) = echo_or_printf(text, command) {
            out.push(found);
        }
    }
    out
}

/// The file a heredoc's command writes: its own `>`/`>>`, `tee FILE`, or the
/// next command of its pipeline when that is `tee FILE` or `cat > FILE`.
fn heredoc_target(command: &Command, next: Option<&Command>) -> Option<String> {
    if let Some((_, w)) = command.writes.iter().find(|(_, w)| !is_null(&w.value)) {
        return Some(w.value.clone());
    }
    if let Some(t) = tee_target(command) {
        return Some(t);
    }
    let next = next.filter(|_| command.piped)?;
    tee_target(next).or_else(|| {
        let cat = next.words.first().is_some_and(|w| w.value == "cat");
        next.writes.iter().find(|_| cat).map(|(_, w)| w.value.clone())
    })
}

fn is_null(path: &str) -> bool {
    path == "/dev/null" || path.starts_with("/dev/std")
}

/// `tee [-a] FILE`, `sudo tee FILE`: the first file argument.
fn tee_target(command: &Command) -> Option<String> {
    let words: Vec<&str> = command.words.iter().map(|w| w.value.as_str()).collect();
    let start = usize::from(words.first() == Some(&"sudo"));
    if words.get(start) != Some(&"tee") {
        return None;
    }
    words[start + 1..].iter().find(|w| !w.starts_with('-') && !is_null(w)).map(|w| w.to_string())
}

/// A heredoc body as text, and its map (the tabs `<<-` strips are the container's).
fn heredoc_text(text: &str, body: &HeredocBody) -> (String, SpanMap) {
    let mut map = SpanMap::new();
    let mut out = String::new();
    let mut at = body.body.start;
    for line in text[body.body.clone()].split_inclusive('\n') {
        let tabs = if body.strip_tabs { line.len() - line.trim_start_matches('\t').len() } else { 0 };
        map.push_verbatim(at + tabs..at + line.len());
        out.push_str(&line[tabs..]);
        at += line.len();
    }
    (out, map)
}

/// `echo 'TEXT' > FILE`, `printf 'TEXT' > FILE`, `printf '%s\n' 'TEXT' > FILE`.
fn echo_or_printf(text: &str, command: &Command) -> Option<Inner> {
    let (_, target) = command.writes.iter().find(|(_, w)| !is_null(&w.value))?;
    let (name, args) = command.words.split_first()?;
    let args: Vec<&CommandWord> = args.iter().filter(|w| w.value != "-n").collect();
    match (name.value.as_str(), args.as_slice()) {
        ("echo", [content]) => {
            let range = content.verbatim.clone()?;
            let guard = guard_of(content.quote);
            inner(text[range.clone()].to_string(), SpanMap::contiguous(range), &target.value, guard, "echo")
        }
        ("printf", [format, content]) if matches!(format.value.as_str(), "%s\\n" | "%s" | "%s\\n\\n") => {
            let range = content.verbatim.clone()?;
            let guard = guard_of(content.quote);
            inner(text[range.clone()].to_string(), SpanMap::contiguous(range), &target.value, guard, "printf")
        }
        // `printf 'KEY=%s\nURL=https://…\n' "$KEY" > FILE`: each `%s` is its argument.
        ("printf", [format, fill @ ..]) if format.value.matches("%s").count() == fill.len() => {
            let range = format.verbatim.clone()?;
            let fill: Vec<&str> = fill.iter().map(|w| w.value.as_str()).collect();
            let (decoded, map) = printf_decoded(text, range, &fill);
            let mut guard = guard_of(format.quote);
            guard.extend(['%', '\\']);
            inner(decoded, map, &target.value, guard, "printf")
        }
        _ => None,
    }
}

fn guard_of(quote: Quote) -> Vec<char> {
    match quote {
        Quote::Single => vec!['\''],
        Quote::Double => vec!['"', '$', '`', '\\'],
        _ => vec![' ', '\t', '"', '\'', '$', '`', '\\', ';', '&', '|', '<', '>', '(', ')', '#'],
    }
}

/// A printf format string's text with `\n`, `\t`, `\\` and `%%` decoded, and
/// each `%s` replaced by the next of `fill` (the arguments as written).
fn printf_decoded(text: &str, range: std::ops::Range<usize>, fill: &[&str]) -> (String, SpanMap) {
    let mut fill = fill.iter();
    let raw = &text[range.clone()];
    let mut out = String::new();
    let mut map = SpanMap::new();
    let mut i = 0;
    let bytes = raw.as_bytes();
    let mut run = 0;
    while i < bytes.len() {
        let decoded = match (bytes[i], bytes.get(i + 1)) {
            (b'\\', Some(b'n')) => Some("\n"),
            (b'\\', Some(b't')) => Some("\t"),
            (b'\\', Some(b'\\')) => Some("\\"),
            (b'%', Some(b'%')) => Some("%"),
            (b'%', Some(b's')) => fill.next().copied(),
            _ => None,
        };
        if let Some(c) = decoded {
            map.push_verbatim(range.start + run..range.start + i);
            out.push_str(&raw[run..i]);
            map.push_decoded(range.start + i..range.start + i + 2, c.len());
            out.push_str(c);
            i += 2;
            run = i;
        } else {
            i += 1;
        }
    }
    map.push_verbatim(range.start + run..range.end);
    out.push_str(&raw[run..]);
    (out, map)
}

// ---------------------------------------------------------------------------
// PowerShell

/// What a PowerShell variable was given: a string, or a path made by `Join-Path`.
#[derive(Clone)]
enum Value {
    Str(crate::document::Scalar, bool),
    Path(String),
}

fn powershell_writes(text: &str) -> Vec<Inner> {
    let mut vars: HashMap<String, Value> = HashMap::new();
    let mut out = Vec::new();
    for statement in powershell::statements(text) {
        // `$x = <value>`: remembered for the writers after it.
        if let [Item::Word(var, _), Item::Punct(b'='), rest @ ..] = statement.as_slice() {
            if var.starts_with('$') && !var.to_ascii_lowercase().starts_with("$env:") {
                if let Some(v) = value_of(rest, &vars) {
                    vars.insert(var.to_ascii_lowercase(), v);
                }
                continue;
            }
        }
        // A pipeline: `<content> | Set-Content <target>`.
        let stages: Vec<&[Item]> = statement.split(|i| matches!(i, Item::Punct(b'|'))).collect();
        let mut piped: Option<Value> = None;
        for stage in stages {
            if let Some((content, target)) = writer(stage, piped.take(), &vars) {
                out.extend(string_inner(text, &content, &target));
            }
            piped = value_of(stage, &vars);
        }
    }
    out
}

/// The value of an expression: a string, a variable, `(Join-Path A B)` / `Join-Path A B`.
fn value_of(items: &[Item], vars: &HashMap<String, Value>) -> Option<Value> {
    let items = match items {
        [Item::Punct(b'('), inner @ .., Item::Punct(b')')] => inner,
        _ => items,
    };
    match items {
        [Item::Str(s, expands)] => Some(Value::Str(s.clone(), *expands)),
        [Item::Word(w, _)] if w.starts_with('$') => vars.get(&w.to_ascii_lowercase()).cloned(),
        [Item::Word(w, _)] if !w.starts_with('-') => Some(Value::Path(w.clone())),
        [Item::Word(join, _), args @ ..] if join.eq_ignore_ascii_case("join-path") => {
            let parts: Vec<String> = args
                .iter()
                .filter(|a| !matches!(a, Item::Word(w, _) if w.starts_with('-')))
                .filter_map(|a| match a {
                    Item::Str(s, _) => Some(s.value.clone()),
                    Item::Word(w, _) => Some(w.clone()),
                    _ => None,
                })
                .collect();
            (!parts.is_empty()).then(|| Value::Path(parts.join("/")))
        }
        _ => None,
    }
}

fn path_text(v: &Value) -> Option<String> {
    match v {
        Value::Path(p) => Some(p.clone()),
        Value::Str(s, _) if s.quote != Quote::Block => Some(s.value.clone()),
        _ => None,
    }
}

/// `(content, target)` of a command that writes a file, given what is piped into it.
fn writer(stage: &[Item], piped: Option<Value>, vars: &HashMap<String, Value>) -> Option<(Value, String)> {
    let (Item::Word(name, _), args) = stage.split_first()? else {
        return static_write(stage, vars);
    };
    let lower = name.to_ascii_lowercase();
    if !matches!(
        lower.as_str(),
        "set-content" | "add-content" | "out-file" | "new-item" | "sc" | "ac" | "ni" | "tee-object"
    ) {
        return static_write(stage, vars);
    }
    let mut target: Option<String> = None;
    let mut content: Option<Value> = piped;
    let mut positional = 0;
    let mut i = 0;
    while i < args.len() {
        if let Item::Word(p, _) = &args[i] {
            if p.starts_with('-') {
                let param = p.to_ascii_lowercase();
                let arg = args.get(i + 1..i + 2).and_then(|a| value_of(a, vars));
                match param.as_str() {
                    "-path" | "-filepath" | "-literalpath" => target = arg.as_ref().and_then(path_text),
                    "-value" | "-inputobject" => content = arg,
                    "-itemtype" | "-encoding" | "-name" => {}
                    _ => {
                        i += 1;
                        continue;
                    }
                }
                i += 2;
                continue;
            }
        }
        let arg = value_of(&args[i..i + 1], vars);
        match positional {
            0 if target.is_none() => target = arg.as_ref().and_then(path_text),
            _ if content.is_none() => content = arg,
            _ => {}
        }
        positional += 1;
        i += 1;
    }
    Some((content?, target?))
}

/// `[IO.File]::WriteAllText(TARGET, CONTENT)` and its `System.` spelling.
fn static_write(stage: &[Item], vars: &HashMap<String, Value>) -> Option<(Value, String)> {
    let [Item::Word(call, _), Item::Punct(b'('), args @ ..] = stage else { return None };
    let lower = call.to_ascii_lowercase();
    if !lower.ends_with("io.file]::writealltext") && !lower.ends_with("io.file]::appendalltext") {
        return None;
    }
    let parts: Vec<&[Item]> = args.split(|i| matches!(i, Item::Punct(b',' | b')'))).collect();
    let target = value_of(parts.first()?, vars).as_ref().and_then(path_text)?;
    let content = value_of(parts.get(1)?, vars)?;
    Some((content, target))
}

fn string_inner(text: &str, content: &Value, target: &str) -> Option<Inner> {
    let Value::Str(s, expands) = content else { return None };
    // Only a string whose text is its value (no escapes decoded) maps byte for byte.
    if text.get(s.content.clone()) != Some(s.value.as_str()) {
        return None;
    }
    let guard = match (s.quote, expands) {
        (_, true) => vec!['$', '`', '"'],
        (Quote::Single, false) => vec!['\''],
        _ => vec![],
    };
    let how = if s.quote == Quote::Block { "here-string" } else { "string" };
    inner(s.value.clone(), SpanMap::contiguous(s.content.clone()), target, guard, how)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writes(text: &str) -> Vec<(String, String, Option<crate::document::Format>)> {
        let found = FileWrites.extract(text, &Vocabulary::default());
        found
            .inners
            .iter()
            .map(|i| {
                let Placement::Slices(map) = &i.placement else { panic!() };
                // Every byte of the inner text is its container's.
                for (at, _) in i.text.match_indices("https://") {
                    assert_eq!(&text[map.span(at..at + 8).unwrap()], "https://");
                }
                (i.file.clone().unwrap(), i.text.clone(), i.format)
            })
            .collect()
    }

    #[test]
    fn heredocs_that_write_files() {
        use crate::document::Format;
        let sh = "#!/bin/sh\nmkdir -p ~/.codex\ncat > ~/.codex/config.toml <<'EOF'\n[model_providers.x]\nbase_url = \"https://crazyrouter.com\"\nEOF\ncat <<EOF | sudo tee \"$HOME/.claude/settings.json\" > /dev/null\n{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://crazyrouter.com/v1\"}}\nEOF\n\tcat >>~/.bashrc <<-END\n\texport OPENAI_BASE_URL=https://crazyrouter.com\n\tEND\ncat <<EOF\nnot written\nEOF\necho 'export A=https://crazyrouter.com' >> ~/.zshrc\nprintf 'OPENAI_BASE_URL=https://crazyrouter.com\\nB=1\\n' > .env\n";
        let found = writes(sh);
        assert_eq!(
            found,
            vec![
                (
                    ".codex/config.toml".into(),
                    "[model_providers.x]\nbase_url = \"https://crazyrouter.com\"\n".into(),
                    Some(Format::Toml)
                ),
                (
                    ".claude/settings.json".into(),
                    "{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://crazyrouter.com/v1\"}}\n".into(),
                    Some(Format::Json)
                ),
                (
                    ".bashrc".into(),
                    "export OPENAI_BASE_URL=https://crazyrouter.com\n".into(),
                    Some(Format::Shell)
                ),
                (".zshrc".into(), "export A=https://crazyrouter.com".into(), Some(Format::Shell)),
                (
                    ".env".into(),
                    "OPENAI_BASE_URL=https://crazyrouter.com\nB=1\n".into(),
                    Some(Format::Dotenv)
                ),
            ]
        );
        let inners = FileWrites.extract(sh, &Vocabulary::default()).inners;
        assert!(inners[0].guard.is_empty(), "a quoted delimiter expands nothing");
        assert!(inners[1].guard.contains(&'$'));
    }

    #[test]
    fn powershell_writers() {
        let ps = "$cfg = @'\n{\"env\": {\"ANTHROPIC_BASE_URL\": \"https://crazyrouter.com\"}}\n'@\n$path = Join-Path $HOME \".claude\\settings.json\"\n$cfg | Set-Content -Path $path -Encoding utf8\nSet-Content -Path \"$env:USERPROFILE\\.codex\\config.toml\" -Value @\"\nmodel_provider = \"x\"\n\"@\n[IO.File]::WriteAllText(\"$HOME\\.gemini\\.env\", 'GOOGLE_GEMINI_BASE_URL=https://crazyrouter.com')\n";
        let found = writes(ps);
        let files: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(files, vec![".claude/settings.json", ".codex/config.toml", ".gemini/.env"]);
        assert_eq!(found[2].1, "GOOGLE_GEMINI_BASE_URL=https://crazyrouter.com");
    }
}
