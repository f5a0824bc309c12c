//! The code blocks of a Markdown (or MDX) document, each an inner document:
//! fenced blocks (```` ``` ```` and `~~~`), indented blocks, and blocks inside
//! list items and blockquotes (CommonMark, through `pulldown-cmark`), with a
//! `SpanMap` from the block's text to its bytes in the file (the indentation
//! and `> ` prefixes are the container's, never the block's).
//!
//! What a block is:
//! - its language, from the fence's info string (` ```toml `, ` ```jsonc `,
//!   ` ```ps1 `, `` ```json:.claude/settings.json ``), else guessed from its
//!   text when it shows unmistakable signs (a JSON object, `export NAME=`,
//!   `$env:NAME`, only `NAME=value` lines, a TOML table); a `console` block
//!   keeps only its command lines, without their prompts (`$ `, `PS> `);
//! - the file it shows, when the guide names one: the info string's
//!   `title=`/`filename=`/`file=`/`name=`/`path=` attribute or `lang:path`, a
//!   comment on the block's first line that is a path (`# ~/.codex/config.toml`),
//!   or a path on the line just before the block (`` Edit `~/.codex/config.toml`: ``),
//!   when its extension fits the block's language.
//!
//! Counterexamples (`Vocabulary`): a block whose line before, or whose first
//! comment, is a counterexample label ("Incorrect:", "错误示例：", "❌ Wrong"),
//! is no inner document and is quiet; so is a prose line holding a label or
//! mark, the paragraph after a line that is only a label, and a line of a block
//! whose own comment holds one (`export X=… # ❌ wrong`).

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::{is_counterexample, names, Extraction, Extractor, Inner, Placement, SpanMap, Vocabulary};
use crate::document::Format;

/// The extractor of Markdown code blocks.
pub struct CodeBlocks;

impl Extractor for CodeBlocks {
    fn id(&self) -> &'static str {
        "markdown"
    }

    fn extract(&self, text: &str, vocabulary: &Vocabulary) -> Extraction {
        extract(text, vocabulary)
    }
}

/// A code block as the parser gives it.
struct Block {
    info: Option<String>,
    /// The byte range of the whole block, fences included.
    range: std::ops::Range<usize>,
    /// The text runs of the block and their bytes in the file.
    runs: Vec<(String, std::ops::Range<usize>)>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info.to_string()),
                    CodeBlockKind::Indented => None,
                };
                current = Some(Block { info, range, runs: vec![] });
            }
            Event::Text(t) if current.is_some() => {
                if let Some(b) = current.as_mut() {
                    b.runs.push((t.to_string(), range));
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

pub fn extract(text: &str, vocabulary: &Vocabulary) -> Extraction {
    let mut out = Extraction::default();
    let blocks = blocks(text);
    for block in &blocks {
        // The block's text as bytes of the file: each run must be its own bytes
        // (a tab expanded by the parser is not; then the block is not read).
        let mut map = SpanMap::new();
        let mut inner = String::new();
        let mut exact = true;
        for (run, range) in &block.runs {
            if text.get(range.clone()) != Some(run.as_str()) {
                exact = false;
                break;
            }
            map.push_verbatim(range.clone());
            inner.push_str(run);
        }
        // A block indented or quoted: each of its lines has a prefix in the file.
        if let Some((_, first)) = block.runs.first() {
            let line_start = text[..first.start].rfind('\n').map_or(0, |i| i + 1);
            if line_start < first.start {
                map.set_line_prefixes();
            }
        }
        let before = line_before(text, block.range.start);
        let first_comment = first_comment(&inner).map(str::to_string);
        let counterexample = before.is_some_and(|l| is_counterexample(l, vocabulary))
            || first_comment.as_deref().is_some_and(|c| is_counterexample(c, vocabulary));
        if counterexample {
            out.quiet.push(block.range.clone());
            continue;
        }
        // Lines of the block marked as counterexamples by their own comment.
        for (start, line) in lines_of(&inner) {
            if trailing_comment(line).is_some_and(|c| is_counterexample(c, vocabulary)) {
                out.quiet.push(map.span(start..start + line.len()).unwrap_or(0..0));
            }
        }
        if !exact || inner.trim().is_empty() {
            continue;
        }
        let (lang, info_file) = info(block.info.as_deref().unwrap_or(""));
        let mut format = lang.as_deref().and_then(names::language);
        let mut label = format!("`{}` code block", lang.as_deref().unwrap_or("text"));
        if format.is_none() && lang.as_deref().is_none_or(is_plain) {
            format = sniff(&inner);
            label = "code block".into();
        }
        // A console transcript: its command lines, without prompts.
        if lang
            .as_deref()
            .is_some_and(|l| matches!(l, "console" | "shell-session" | "shellsession" | "terminal"))
        {
            if let Some((text_only, commands)) = console_commands(&inner, &map) {
                inner = text_only;
                map = commands;
            }
        }
        let named = info_file
            .or_else(|| first_comment.as_deref().and_then(path_in))
            .or_else(|| before.and_then(path_in))
            .filter(|f| fits(f, format));
        let file = named.as_deref().and_then(names::file);
        let format = format.or_else(|| file.as_deref().and_then(names::extension));
        if format.is_none() && file.is_none() {
            continue;
        }
        if let Some(f) = &file {
            label = format!("code block showing `{f}`");
        }
        out.inners.push(Inner {
            text: inner,
            placement: Placement::Slices(map),
            format,
            file,
            guard: vec![],
            label,
        });
    }
    out.quiet.extend(quiet_prose(text, &blocks, vocabulary));
    out
}

/// `lang` and the file an info string names: `toml title=".codex/config.toml"`,
/// `json:.claude/settings.json`, `yaml {filename="compose.yaml"}`.
fn info(info: &str) -> (Option<String>, Option<String>) {
    let info = info.trim();
    let first_end = info.find(|c: char| c.is_whitespace() || c == '{' || c == ',').unwrap_or(info.len());
    let first = &info[..first_end];
    let (lang, mut file) = match first.split_once(':') {
        Some((l, f)) if !f.is_empty() => (l, Some(f.to_string())),
        _ => (first, None),
    };
    let rest = &info[first_end..];
    for key in ["title", "filename", "file", "name", "path"] {
        if file.is_some() {
            break;
        }
        let mut from = 0;
        while let Some(i) = rest[from..].find(key) {
            let at = from + i;
            let after = rest[at + key.len()..].trim_start();
            let word_start = at == 0 || !rest[..at].ends_with(|c: char| c.is_alphanumeric());
            if let (true, Some(value)) = (word_start, after.strip_prefix('=')) {
                let value = value.trim_start();
                let v = match value.chars().next() {
                    Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
                    _ => {
                        value.split(|c: char| c.is_whitespace() || c == '}' || c == ',').next().unwrap_or("")
                    }
                };
                if !v.is_empty() {
                    file = Some(v.to_string());
                    break;
                }
            }
            from = at + key.len();
        }
    }
    let lang = lang.trim().trim_start_matches('{').trim_start_matches('.').to_ascii_lowercase();
    ((!lang.is_empty()).then_some(lang), file)
}

/// Languages that say nothing of the text: it may be guessed.
fn is_plain(lang: &str) -> bool {
    matches!(lang, "" | "text" | "txt" | "plain" | "plaintext" | "none" | "conf" | "config" | "cfg")
}

/// The format a block without a (known) language shows unmistakably, if any.
pub fn sniff(text: &str) -> Option<Format> {
    let trimmed = text.trim();
    if (trimmed.starts_with('{') && trimmed.ends_with('}'))
        || (trimmed.starts_with('[') && trimmed.ends_with(']') && trimmed.contains('"'))
    {
        return Some(Format::Json);
    }
    let lines: Vec<&str> =
        text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    if lines.is_empty() {
        return None;
    }
    let lower = |l: &&str| l.to_ascii_lowercase();
    if lines.iter().any(|l| lower(l).starts_with("$env:") || lower(l).starts_with("[environment]::")) {
        return Some(Format::PowerShell);
    }
    if lines.iter().any(|l| l.starts_with("export ") || l.starts_with("set -gx ") || l.starts_with("setenv "))
    {
        return Some(Format::Shell);
    }
    let is_assignment = |l: &&str| {
        l.split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c == '_' || c.is_ascii_uppercase() || c.is_ascii_digit())
        })
    };
    if lines.iter().all(is_assignment) {
        return Some(Format::Dotenv);
    }
    let table = lines.iter().any(|l| l.starts_with('[') && l.ends_with(']'));
    let toml_pair =
        |l: &&str| l.split_once(" = ").is_some_and(|(k, _)| !k.contains(' ') || k.starts_with('"'));
    if table && lines.iter().all(|l| (l.starts_with('[') && l.ends_with(']')) || toml_pair(l)) {
        return Some(Format::Toml);
    }
    None
}

/// The command lines of a console transcript (`$ cmd`, `PS> cmd`, `PS C:\> cmd`,
/// `% cmd`), without their prompts, and their map; `None` when no line has a prompt.
fn console_commands(inner: &str, map: &SpanMap) -> Option<(String, SpanMap)> {
    let mut text = String::new();
    let mut out = SpanMap::new();
    // Each command line has its prompt before it.
    out.set_line_prefixes();
    for (start, line) in lines_of(inner) {
        let Some(prompt) = prompt_len(line) else { continue };
        let body = start + prompt..start + line.len();
        out.push_verbatim(map.span(body.clone())?);
        text.push_str(&inner[body]);
        if !text.ends_with('\n') {
            // The line end is the container's, between two commands.
            text.push('\n');
            let at = out.outer_extent().end;
            out.push_decoded(at..at, 1);
        }
    }
    (!text.is_empty()).then_some((text, out))
}

/// The length of a shell prompt at the start of a line, if the line has one.
fn prompt_len(line: &str) -> Option<usize> {
    for p in ["$ ", "% ", "❯ ", "PS> "] {
        if line.starts_with(p) {
            return Some(p.len());
        }
    }
    if line.starts_with("PS ") {
        return line.find("> ").map(|i| i + 2);
    }
    None
}

/// `(start, line)` of each line of `text`, line ends included.
fn lines_of(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split_inclusive('\n').map(move |l| {
        let at = start;
        start += l.len();
        (at, l)
    })
}

/// The last non-blank line before `at` (blank lines between skipped), unless it
/// is the end of another code block.
fn line_before(text: &str, at: usize) -> Option<&str> {
    let before = text[..at].trim_end_matches(|c: char| c == '>' || c.is_whitespace());
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[start..];
    let fence = line.trim_start().trim_start_matches('>').trim_start();
    (!line.trim().is_empty() && !fence.starts_with("```") && !fence.starts_with("~~~")).then_some(line)
}

/// The first line of a block, when it is only a comment: its text.
fn first_comment(block: &str) -> Option<&str> {
    let line = block.lines().next()?.trim();
    for marker in ["#", "//", ";", "--", "<!--", "REM ", "::"] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest.trim().trim_end_matches("-->").trim());
        }
    }
    None
}

/// A comment after code on a line (` # …`, ` // …`): its text.
fn trailing_comment(line: &str) -> Option<&str> {
    let line = line.trim_end();
    for marker in [" # ", " // ", "\t# ", " #"] {
        if let Some(i) = line.find(marker) {
            let before = &line[..i];
            // Not inside quotes.
            if before.matches('"').count().is_multiple_of(2) && before.matches('\'').count().is_multiple_of(2)
            {
                return Some(line[i + marker.len()..].trim());
            }
        }
    }
    let t = line.trim_start();
    t.strip_prefix("# ").or_else(|| t.strip_prefix("// "))
}

/// The file path a line names: the last inline-code span that is a path, else
/// the last word that is one (has a `/` or `\`, or starts with `.` or `~`, and an
/// extension or a dotted name).
fn path_in(line: &str) -> Option<String> {
    let looks_like_path = |w: &str| {
        let w = w.trim_matches(|c: char| "*_\"'()[]：:,，。".contains(c));
        let name = w.rsplit(['/', '\\']).next().unwrap_or(w);
        let pathy = w.contains(['/', '\\']) || w.starts_with(['.', '~']);
        let named = name.contains('.') && !name.ends_with('.') && !w.contains("://");
        (pathy && named && !w.contains(char::is_whitespace)).then(|| w.to_string())
    };
    let code: Vec<&str> = line.split('`').skip(1).step_by(2).collect();
    if let Some(p) = code.iter().rev().find_map(|c| looks_like_path(c)) {
        return Some(p);
    }
    line.split_whitespace().rev().find_map(looks_like_path)
}

/// A named file fits a block when its extension names the block's format (or
/// says nothing, or the block's language is unknown).
fn fits(file: &str, format: Option<Format>) -> bool {
    let Some(path) = names::file(file) else { return false };
    match (names::extension(&path), format) {
        (Some(a), Some(b)) => {
            a == b
                || matches!((a, b), (Format::Shell, Format::PowerShell) | (Format::PowerShell, Format::Shell))
        }
        _ => true,
    }
}

/// The prose lines that are counterexamples, and the paragraph after a line
/// that is only a counterexample label.
fn quiet_prose(text: &str, blocks: &[Block], vocabulary: &Vocabulary) -> Vec<std::ops::Range<usize>> {
    let in_block = |at: usize| blocks.iter().any(|b| b.range.start <= at && at < b.range.end);
    let mut out = Vec::new();
    let mut open_paragraph = false;
    for (start, line) in lines_of(text) {
        if in_block(start) {
            open_paragraph = false;
            continue;
        }
        let body = line.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            open_paragraph = false;
            continue;
        }
        if open_paragraph || is_counterexample(body, vocabulary) {
            out.push(start..start + body.len());
        }
        let label_only = is_counterexample(body, vocabulary)
            && body.trim_end().trim_end_matches(['*', '_', ' ']).ends_with([':', '：']);
        if label_only {
            open_paragraph = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> (Vec<String>, Vec<String>) {
        (vec!["Incorrect".into(), "Wrong".into(), "错误示例".into(), "Not".into()], vec!["❌".into()])
    }

    fn run(text: &str) -> Extraction {
        let (labels, marks) = vocabulary();
        extract(
            text,
            &Vocabulary { counterexample_labels: &labels, counterexample_marks: &marks, links: &[] },
        )
    }

    #[test]
    fn fenced_blocks_with_language_and_file() {
        let md = "# Guide\n\nEdit `~/.codex/config.toml`:\n\n```toml\n[model_providers.x]\nbase_url = \"https://crazyrouter.com/v1\"\n```\n\n```json title=\".claude/settings.json\"\n{\"env\": {}}\n```\n\n```bash\nexport A=b\n```\n";
        let found = run(md);
        assert_eq!(found.inners.len(), 3);
        let toml = &found.inners[0];
        assert_eq!((toml.format, toml.file.as_deref()), (Some(Format::Toml), Some(".codex/config.toml")));
        let Placement::Slices(map) = &toml.placement else { panic!() };
        let at = toml.text.find("https").unwrap();
        assert_eq!(&md[map.span(at..at + 5).unwrap()], "https");
        assert_eq!(found.inners[1].file.as_deref(), Some(".claude/settings.json"));
        assert_eq!((found.inners[2].format, found.inners[2].file.as_deref()), (Some(Format::Shell), None));
    }

    #[test]
    fn blocks_in_list_items_and_quotes_map_past_their_prefixes() {
        let md = "1. Set it:\n\n   ```bash\n   export ANTHROPIC_BASE_URL=https://crazyrouter.com\n   export B=c\n   ```\n\n> ```env\n> OPENAI_BASE_URL=https://crazyrouter.com\n> ```\n";
        let found = run(md);
        assert_eq!(found.inners.len(), 2);
        for inner in &found.inners {
            let Placement::Slices(map) = &inner.placement else { panic!() };
            for (i, _) in inner.text.match_indices("https://crazyrouter.com") {
                let outer = map.span(i..i + 23).unwrap();
                assert_eq!(&md[outer.clone()], "https://crazyrouter.com");
                assert!(map.edit(i..i + 23).is_some());
            }
        }
        assert_eq!(found.inners[0].text, "export ANTHROPIC_BASE_URL=https://crazyrouter.com\nexport B=c\n");
        assert_eq!(found.inners[1].format, Some(Format::Dotenv));
        let Placement::Slices(map) = &run("- a\n\n      export A=b\n").inners[0].placement else { panic!() };
        assert!(map.has_line_prefixes(), "a one-line indented block is prefixed");
    }

    #[test]
    fn counterexamples_are_quiet_and_not_read() {
        let md = "Incorrect:\n\n```bash\nexport ANTHROPIC_BASE_URL=https://api.crazyrouter.com/v1\n```\n\n错误示例：\n`https://api.crazyrouter.com/v1`\n\n- ❌ `https://crazyrouter.com/v1`\n\nCorrect:\n\n```bash\nexport ANTHROPIC_BASE_URL=https://api.crazyrouter.com # ok\nexport OPENAI_BASE_URL=https://api.crazyrouter.com # ❌ wrong\n```\n";
        let found = run(md);
        assert_eq!(found.inners.len(), 1);
        let quiet: Vec<&str> = found.quiet.iter().map(|r| &md[r.clone()]).collect();
        assert!(
            quiet[0].starts_with("```bash\nexport ANTHROPIC_BASE_URL=https://api.crazyrouter.com/v1"),
            "{quiet:?}"
        );
        assert!(quiet.iter().any(|q| q.contains("OPENAI_BASE_URL")), "{quiet:?}");
        assert!(quiet.contains(&"`https://api.crazyrouter.com/v1`"), "{quiet:?}");
        assert!(quiet.contains(&"- ❌ `https://crazyrouter.com/v1`"), "{quiet:?}");
        assert!(!quiet.iter().any(|q| q.contains("# ok")), "{quiet:?}");
    }

    #[test]
    fn untagged_blocks_are_guessed_only_when_unmistakable() {
        assert_eq!(sniff("{\n  \"a\": 1\n}\n"), Some(Format::Json));
        assert_eq!(sniff("OPENAI_BASE_URL=https://x\nB=2\n"), Some(Format::Dotenv));
        assert_eq!(sniff("$env:A = 'x'\n"), Some(Format::PowerShell));
        assert_eq!(sniff("[model_providers.x]\nbase_url = \"y\"\n"), Some(Format::Toml));
        assert_eq!(sniff("Just some output\nline two\n"), None);
        let found = run("    export A=https://crazyrouter.com\n");
        assert_eq!(found.inners.len(), 1);
        assert_eq!(found.inners[0].format, Some(Format::Shell));
    }

    #[test]
    fn console_blocks_keep_their_commands() {
        let md = "```console\n$ export OPENAI_BASE_URL=https://crazyrouter.com/v1\nok\n$ echo done\n```\n";
        let found = run(md);
        let inner = &found.inners[0];
        assert_eq!(inner.text, "export OPENAI_BASE_URL=https://crazyrouter.com/v1\necho done\n");
        let Placement::Slices(map) = &inner.placement else { panic!() };
        let at = inner.text.find("https").unwrap();
        assert_eq!(&md[map.span(at..at + 26).unwrap()], "https://crazyrouter.com/v1");
    }

    #[test]
    fn info_strings() {
        assert_eq!(
            info("toml title=\".codex/config.toml\""),
            (Some("toml".into()), Some(".codex/config.toml".into()))
        );
        assert_eq!(
            info("json:.claude/settings.json"),
            (Some("json".into()), Some(".claude/settings.json".into()))
        );
        assert_eq!(
            info("yaml {filename=\"compose.yaml\"}"),
            (Some("yaml".into()), Some("compose.yaml".into()))
        );
        assert_eq!(info("bash"), (Some("bash".into()), None));
        assert_eq!(info(""), (None, None));
    }
}
