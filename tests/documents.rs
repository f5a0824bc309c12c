//! Guides and READMEs as documents (issue 15): a seeded generator writes many
//! Markdown guides (English and Chinese prose, tables, code blocks of every
//! language crlint reads, at the top level, in list items, in quotes and
//! indented, counterexamples) with values whose position it knows; then
//! - every wrong value in a code block has a finding at its own line and column
//!   in the Markdown file (the byte span maps back exactly);
//! - fixing changes only bytes inside the values it fixes: every other byte of
//!   the guide is kept, counterexamples and right values are not touched, and
//!   each wrong value is rewritten in place;
//! - the same holds through the binary: `--output-format json` reports the
//!   line and column, and `--fix` writes there.

use std::ops::Range;
use std::path::PathBuf;

use crlint::catalog::Catalog;
use crlint::pipeline::{check_paths, CheckOptions};

/// A small deterministic generator (xorshift64*): the same seed, the same guide.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn text(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Wrong for every reader: a finding must start here, and a fix rewrite it.
    Wrong,
    /// Right for its reader: never touched.
    Right,
    /// Wrong, but shown as what not to do: never reported, never touched.
    Counterexample,
}

#[derive(Debug, Clone)]
struct Value {
    range: Range<usize>,
    kind: Kind,
}

/// A guide being written, with the place of each value it holds.
#[derive(Default)]
struct Guide {
    text: String,
    values: Vec<Value>,
}

impl Guide {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
    }
    fn value(&mut self, url: &str, kind: Kind) {
        let start = self.text.len();
        self.text.push_str(url);
        self.values.push(Value { range: start..start + url.len(), kind });
    }
}

/// A URL no reader accepts: the web console's host, with whatever a guide adds.
fn wrong_url(rng: &mut Rng, shape: &str) -> String {
    let host = rng.pick(&["https://crazyrouter.com", "https://www.crazyrouter.com"]);
    // A request line names the whole endpoint: only its host is wrong.
    if shape.starts_with("/v1/") {
        return format!("{host}{shape}");
    }
    let tail = rng.pick(&["", "?utm_source=guide", "?utm_source=x&utm_medium=readme", "#setup"]);
    let path = if tail.is_empty() { shape } else { "" };
    format!("{host}{path}{tail}")
}

/// One code block: (language, a line before the value, the value's prefix, suffix, right URL).
/// `{}` in the prefix is the variable name.
struct Block {
    lang: &'static str,
    open: &'static str,
    before: &'static str,
    after: &'static str,
    close: &'static str,
    right: &'static str,
    shape: &'static str,
}

const BLOCKS: &[Block] = &[
    Block {
        lang: "bash",
        open: "",
        before: "export ANTHROPIC_BASE_URL=",
        after: "\n",
        close: "",
        right: "https://api.crazyrouter.com",
        shape: "",
    },
    Block {
        lang: "sh",
        open: "",
        before: "export OPENAI_BASE_URL=\"",
        after: "\"\n",
        close: "",
        right: "https://api.crazyrouter.com/v1",
        shape: "/v1",
    },
    Block {
        lang: "shell",
        open: "# set the gateway\n",
        before: "export OPENAI_BASE_URL=",
        after: "\n",
        close: "",
        right: "https://api.crazyrouter.com/v1",
        shape: "/v1",
    },
    Block {
        lang: "console",
        open: "",
        before: "$ export ANTHROPIC_BASE_URL=",
        after: "\n",
        close: "$ claude\n",
        right: "https://api.crazyrouter.com",
        shape: "",
    },
    Block {
        lang: "powershell",
        open: "",
        before: "$env:OPENAI_BASE_URL = \"",
        after: "\"\n",
        close: "",
        right: "https://api.crazyrouter.com/v1",
        shape: "/v1",
    },
    Block {
        lang: "ps1",
        open: "",
        before: "[Environment]::SetEnvironmentVariable(\"ANTHROPIC_BASE_URL\", \"",
        after: "\", \"User\")\n",
        close: "",
        right: "https://api.crazyrouter.com",
        shape: "",
    },
    Block {
        lang: "env",
        open: "",
        before: "OPENAI_BASE_URL=",
        after: "\n",
        close: "OPENAI_API_KEY=${CRAZYROUTER_API_KEY}\n",
        right: "https://api.crazyrouter.com/v1",
        shape: "/v1",
    },
    Block {
        lang: "dotenv",
        open: "",
        before: "ANTHROPIC_BASE_URL=",
        after: "\n",
        close: "",
        right: "https://api.crazyrouter.com",
        shape: "",
    },
    Block {
        lang: "json",
        open: "{\n  \"env\": {\n",
        before: "    \"ANTHROPIC_BASE_URL\": \"",
        after: "\"\n",
        close: "  }\n}\n",
        right: "https://api.crazyrouter.com",
        shape: "",
    },
    Block {
        lang: "jsonc",
        open: "{\n  // the gateway\n  \"env\": {\n",
        before: "    \"ANTHROPIC_BASE_URL\": \"",
        after: "\"\n",
        close: "  }\n}\n",
        right: "https://api.crazyrouter.com",
        shape: "",
    },
    Block {
        lang: "json5",
        open: "{\n  env: {\n",
        before: "    OPENAI_BASE_URL: '",
        after: "',\n",
        close: "  },\n}\n",
        right: "https://api.crazyrouter.com/v1",
        shape: "/v1",
    },
    Block {
        lang: "yaml",
        open: "services:\n  app:\n    environment:\n",
        before: "      - OPENAI_BASE_URL=",
        after: "\n",
        close: "",
        right: "https://api.crazyrouter.com/v1",
        shape: "/v1",
    },
    Block {
        lang: "toml title=\"~/.codex/config.toml\"",
        open: "[model_providers.crazyrouter]\nname = \"Crazyrouter\"\n",
        before: "base_url = \"",
        after: "\"\n",
        close: "env_key = \"CRAZYROUTER_API_KEY\"\n",
        right: "https://api.crazyrouter.com/v1",
        shape: "/v1",
    },
    Block {
        lang: "python",
        open: "from openai import OpenAI\n",
        before: "client = OpenAI(base_url=\"",
        after: "\")\n",
        close: "",
        right: "https://api.crazyrouter.com/v1",
        shape: "/v1",
    },
    Block {
        lang: "js",
        open: "",
        before: "const client = new OpenAI({ baseURL: \"",
        after: "\" });\n",
        close: "",
        right: "https://api.crazyrouter.com/v1",
        shape: "/v1",
    },
    Block {
        lang: "ts",
        open: "import Anthropic from \"@anthropic-ai/sdk\";\n",
        before: "const a = new Anthropic({ baseURL: \"",
        after: "\" });\n",
        close: "",
        right: "https://api.crazyrouter.com",
        shape: "",
    },
    Block {
        lang: "dockerfile",
        open: "FROM python:3.12-slim\n",
        before: "ENV OPENAI_BASE_URL=",
        after: "\n",
        close: "CMD [\"python\", \"app.py\"]\n",
        right: "https://api.crazyrouter.com/v1",
        shape: "/v1",
    },
    Block {
        lang: "http",
        open: "",
        before: "POST ",
        after: "\n",
        close: "Authorization: Bearer {{key}}\n",
        right: "https://api.crazyrouter.com/v1/chat/completions",
        shape: "/v1/chat/completions",
    },
];

const PROSE: &[&str] = &[
    "Crazyrouter is a gateway for many models. Get a key in the console first.\n",
    "本文介绍如何在常用客户端中接入 Crazyrouter。请先在控制台创建密钥。\n",
    "| Client | Variable |\n|---|---|\n| Claude Code | ANTHROPIC_BASE_URL |\n| Codex | base_url |\n",
    "| 接口 | 路径 |\n|---|---|\n| 对话 | /v1/chat/completions |\n| 模型列表 | /v1/models |\n",
    "Restart your terminal after this step.\n",
    "> **Note:** keys start with `sk-`.\n",
];

const LABELS: &[&str] =
    &["Incorrect:", "**Wrong:**", "错误示例：", "Not:", "❌ Don't do this:", "不要这样写："];

/// Writes one block into `g` in a container (top level, list item, quote, indented).
fn block(g: &mut Guide, rng: &mut Rng, kind: Kind) {
    let b = rng.pick(BLOCKS);
    // Indented blocks have no language: only the unmistakable ones.
    let containers: &[&str] =
        if b.lang == "bash" || b.lang == "env" { &["", "   ", "> ", "    "] } else { &["", "   ", "> "] };
    let prefix = *rng.pick(containers);
    let indented = prefix == "    ";
    if kind == Kind::Counterexample {
        g.push(rng.text(LABELS));
        g.push("\n\n");
    } else if prefix == "   " {
        g.push("1. Set it:\n\n");
    } else {
        g.push(rng.text(&["Then:\n\n", "配置如下：\n\n", "Add this:\n\n"]));
    }
    let url = match kind {
        Kind::Right => b.right.to_string(),
        _ => wrong_url(rng, b.shape),
    };
    let line = |g: &mut Guide, s: &str| {
        for l in s.split_inclusive('\n') {
            g.push(if l == "\n" { "" } else { prefix });
            g.push(l);
        }
    };
    if !indented {
        line(g, &format!("```{}\n", b.lang));
    }
    line(g, b.open);
    g.push(prefix);
    g.push(b.before);
    g.value(&url, kind);
    g.push(b.after);
    line(g, b.close);
    if !indented {
        line(g, "```\n");
    }
    g.push("\n");
}

fn guide(seed: u64) -> Guide {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut g = Guide::default();
    g.push(rng.text(&["# Crazyrouter quickstart\n\n", "# Crazyrouter 接入指南\n\n"]));
    for _ in 0..3 + rng.below(6) {
        match rng.below(6) {
            0 => {
                g.push(rng.text(PROSE));
                g.push("\n");
            }
            1 => block(&mut g, &mut rng, Kind::Counterexample),
            2 => block(&mut g, &mut rng, Kind::Right),
            _ => block(&mut g, &mut rng, Kind::Wrong),
        }
    }
    g
}

/// The byte range of `value` in the fixed text: the text between the bytes
/// before it and the bytes after it, which must both be kept.
fn check_guide(seed: u64, catalog: &Catalog) -> usize {
    let g = guide(seed);
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("README.md");
    std::fs::write(&path, &g.text).unwrap();
    let opts = CheckOptions { fix: Some(true), ..CheckOptions::default() };
    let report = check_paths(catalog, &opts, std::slice::from_ref(&path));
    let file = report.files.iter().find(|f| f.path == path).expect("the guide is checked");
    let old = &g.text;
    let new = file.fixed.as_deref().unwrap_or(old);
    let ctx = || format!("seed {seed}:\n{old}\n--- fixed:\n{new}");
    // Findings: each wrong value has one starting at its first byte; nothing
    // points into a counterexample.
    let plain = check_paths(catalog, &CheckOptions::default(), std::slice::from_ref(&path));
    let starts: Vec<usize> = plain.diagnostics().map(|(_, d)| d.span.start).collect();
    for v in &g.values {
        let found = starts.contains(&v.range.start);
        match v.kind {
            Kind::Wrong => {
                assert!(found, "no finding at {:?} ({}) — {}", v.range, &old[v.range.clone()], ctx())
            }
            Kind::Counterexample | Kind::Right => {
                let inside = starts.iter().any(|s| v.range.contains(s));
                assert!(!inside, "a finding in {:?} value {} — {}", v.kind, &old[v.range.clone()], ctx());
            }
        }
    }
    // Fixing: the bytes between values are kept in order; each value is either
    // kept (right values, counterexamples) or rewritten in place (wrong values).
    let mut pos_old = 0;
    let mut pos_new = 0;
    let mut rewritten = 0;
    for v in &g.values {
        let keep = &old[pos_old..v.range.start];
        assert_eq!(&new[pos_new..pos_new + keep.len()], keep, "bytes outside the values changed — {}", ctx());
        pos_new += keep.len();
        // The value in the fixed text runs to the first byte the original had after it.
        let rest = &old[v.range.end..];
        let next_kept = rest.find('\n').map_or(rest, |i| &rest[..=i]);
        let len = new[pos_new..].find(next_kept).expect("the line's end is kept");
        let fixed_value = &new[pos_new..pos_new + len];
        let was = &old[v.range.clone()];
        match v.kind {
            Kind::Wrong => {
                assert_ne!(fixed_value, was, "a wrong value was not fixed — {}", ctx());
                assert!(fixed_value.starts_with("https://api.crazyrouter.com"), "{fixed_value} — {}", ctx());
                rewritten += 1;
            }
            _ => assert_eq!(fixed_value, was, "a {:?} value was touched — {}", v.kind, ctx()),
        }
        pos_new += len;
        pos_old = v.range.end;
    }
    assert_eq!(&new[pos_new..], &old[pos_old..], "the end of the guide changed — {}", ctx());
    rewritten
}

#[test]
fn fixing_a_guide_changes_only_the_values_it_fixes() {
    let catalog = Catalog::embedded().unwrap();
    let mut rewritten = 0;
    for seed in 0..300 {
        rewritten += check_guide(seed, &catalog);
    }
    assert!(rewritten >= 300, "only {rewritten} values fixed");
}

/// Every block language at least once, so the generator covers them all.
#[test]
fn the_generator_writes_every_language_and_container() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..300 {
        let g = guide(seed);
        for b in BLOCKS {
            if g.text.contains(&format!("```{}\n", b.lang)) {
                seen.insert(b.lang);
            }
        }
        assert!(!g.values.is_empty());
    }
    assert_eq!(seen.len(), BLOCKS.len(), "{seen:?}");
}

/// Through the binary: the line and column of each code-block value, and `--fix` writes there.
#[test]
fn findings_in_code_blocks_carry_the_markdown_line_and_column() {
    let g = guide(7);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("GUIDE.md"), &g.text).unwrap();
    let out = assert_cmd::Command::cargo_bin("crlint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "GUIDE.md", "--output-format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(u64, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["start"]["line"].as_u64().unwrap(), d["start"]["column"].as_u64().unwrap()))
        .collect();
    let line_col = |at: usize| {
        let before = &g.text[..at];
        let line = before.matches('\n').count() + 1;
        let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
        (line as u64, col as u64)
    };
    let wrong: Vec<&Value> = g.values.iter().filter(|v| v.kind == Kind::Wrong).collect();
    assert!(wrong.len() >= 2, "seed 7 writes too few wrong values");
    for v in &wrong {
        assert!(
            found.contains(&line_col(v.range.start)),
            "{:?} not in {found:?}\n{}",
            line_col(v.range.start),
            g.text
        );
    }
    assert_cmd::Command::cargo_bin("crlint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "GUIDE.md", "--fix", "--no-backup"])
        .output()
        .unwrap();
    let fixed = std::fs::read_to_string(dir.path().join("GUIDE.md")).unwrap();
    for v in &wrong {
        let (line, col) = line_col(v.range.start);
        let text = fixed.lines().nth(line as usize - 1).unwrap();
        let at: String = text.chars().skip(col as usize - 1).collect();
        assert!(at.starts_with("https://api.crazyrouter.com"), "line {line} col {col}: {text}");
    }
}
