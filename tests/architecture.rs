//! The shape of the code, checked: no import cycle between the rooms of `src/`
//! (neither between top-level modules nor between the modules of one room), the
//! directions of `../shared/design.md` (parsers know the document model only; the
//! rules know no format; the fix engine knows no rule; reporters know no parser;
//! the probe knows nothing of files; the catalog depends on nothing but its own
//! types and the document vocabulary; nothing knows the command layer), every
//! module opens with the paragraph that says what it is for, and no client id,
//! gateway host or client file name sits in the code outside its tests.
//!
//! How: every `.rs` file under `src/` is read as text, its test modules cut off,
//! and every `use` tree and `crate::…` / `super::…` path in it resolved to the
//! module it names. A small reader, not a compiler: it is what `cargo modules`
//! would say for this code base, without the tool.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every module of the crate (its path under `crate`) with its file's text, test modules cut off.
fn modules() -> BTreeMap<Module, (PathBuf, String)> {
    let mut out = BTreeMap::new();
    collect(Path::new("src"), &mut out);
    out
}

fn collect(dir: &Path, out: &mut BTreeMap<Module, (PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".rs") || ["main.rs", "lib.rs", "tests.rs", "testkit.rs"].contains(&name.as_str())
        {
            continue;
        }
        let rel = path.strip_prefix("src").unwrap().with_extension("");
        let mut module: Module = rel.iter().map(|p| p.to_string_lossy().to_string()).collect();
        if module.last().is_some_and(|l| l == "mod") {
            module.pop();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        out.insert(module, (path, without_tests(&text)));
    }
}

/// The text before its test module (`#[cfg(test)] mod tests { … }` ends every file that has one).
fn without_tests(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") || t.starts_with("#[cfg(all(test") {
            match lines.peek().map(|l| l.trim()) {
                Some(next) if next.starts_with("mod ") && next.ends_with(';') => {
                    lines.next(); // a test-only module declared here: skip the line
                    continue;
                }
                _ => break,
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The module paths a file refers to: `use` trees and inline `crate::`/`super::` paths.
fn references(module: &Module, is_mod_file: bool, text: &str) -> Vec<Module> {
    let code: String =
        text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
    let mut paths: Vec<Vec<String>> = Vec::new();
    // `use` statements, possibly spanning lines, with brace trees.
    let mut rest = code.as_str();
    while let Some(i) = find_use(rest) {
        let after = &rest[i..];
        let end = after.find(';').unwrap_or(after.len());
        expand(&after[..end], &mut Vec::new(), &mut paths);
        rest = &after[end..];
    }
    // Inline paths.
    let inline = regex::Regex::new(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)").unwrap();
    for c in inline.captures_iter(&code) {
        let mut p = vec![c[1].to_string()];
        p.extend(c[2].split("::").filter(|s| !s.is_empty()).map(String::from));
        paths.push(p);
    }
    // `super` of a `mod.rs` module is its parent; of `a/b.rs`, `a`.
    let parent: Module = module[..module.len() - 1].to_vec();
    let _ = is_mod_file;
    paths
        .into_iter()
        .filter_map(|p| match p.first().map(String::as_str) {
            Some("crate") => Some(p[1..].to_vec()),
            Some("super") => {
                let mut base = parent.clone();
                let mut rest = &p[1..];
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop();
                    rest = &rest[1..];
                }
                base.extend(rest.iter().cloned());
                Some(base)
            }
            Some("self") => {
                let mut base = module.clone();
                base.extend(p[1..].iter().cloned());
                Some(base)
            }
            _ => None,
        })
        .collect()
}

/// The offset of the next `use ` statement (after `pub`, `pub(crate)`, … or at a line start).
fn find_use(text: &str) -> Option<usize> {
    let re = regex::Regex::new(r"(?m)^\s*(?:pub(?:\([a-z]+\))?\s+)?use\s+").unwrap();
    re.find(text).map(|m| m.end())
}

/// `crate::a::{b, c::{d, e}}` → `crate::a::b`, `crate::a::c::d`, `crate::a::c::e`.
fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    let (head, braces) = match tree.find('{') {
        Some(i) => (&tree[..i], Some(&tree[i + 1..tree.rfind('}').unwrap_or(tree.len())])),
        None => (tree, None),
    };
    let depth = prefix.len();
    for part in head.split("::").map(str::trim).filter(|s| !s.is_empty()) {
        let part = part.split(" as ").next().unwrap().trim();
        prefix.push(part.to_string());
    }
    match braces {
        None => out.push(prefix.clone()),
        Some(inner) => {
            for item in split_top(inner) {
                if item.trim() == "self" {
                    out.push(prefix.clone());
                } else if !item.trim().is_empty() {
                    expand(item, prefix, out);
                }
            }
        }
    }
    prefix.truncate(depth);
}

/// Splits `a, b::{c, d}, e` at the commas outside braces.
fn split_top(text: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out
}

/// Module → the modules it uses (each reference reduced to the longest module it names).
fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let modules = modules();
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, (path, text)) in &modules {
        let is_mod = path.file_name().is_some_and(|n| n == "mod.rs");
        let set = edges.entry(module.clone()).or_default();
        for r in references(module, is_mod, text) {
            let target = (1..=r.len()).rev().map(|k| r[..k].to_vec()).find(|k| modules.contains_key(k));
            if let Some(t) = target {
                // A module's own items, and its ancestors' (its parent declares it), are no edge.
                if t != *module && !module.starts_with(&t) {
                    set.insert(t);
                }
            }
        }
    }
    edges
}

/// Tarjan's walk: the next index, each node's (index, low link), the stack and its members.
type Walk = (usize, BTreeMap<String, (usize, usize)>, Vec<String>, BTreeSet<String>);

/// The cycles (strongly connected components of more than one node) of a graph.
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    fn visit(
        v: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut Walk,
        out: &mut Vec<Vec<String>>,
    ) {
        let index = state.0;
        state.0 += 1;
        state.1.insert(v.to_string(), (index, index));
        state.2.push(v.to_string());
        state.3.insert(v.to_string());
        for w in edges.get(v).into_iter().flatten() {
            if !state.1.contains_key(w) {
                visit(w, edges, state, out);
                let low = state.1[w].1.min(state.1[v].1);
                state.1.get_mut(v).unwrap().1 = low;
            } else if state.3.contains(w) {
                let low = state.1[w].0.min(state.1[v].1);
                state.1.get_mut(v).unwrap().1 = low;
            }
        }
        if state.1[v].0 == state.1[v].1 {
            let mut component = Vec::new();
            while let Some(w) = state.2.pop() {
                state.3.remove(&w);
                let done = w == v;
                component.push(w);
                if done {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                out.push(component);
            }
        }
    }
    let mut state = (0, BTreeMap::new(), Vec::new(), BTreeSet::new());
    let mut out = Vec::new();
    for v in edges.keys() {
        if !state.1.contains_key(v) {
            visit(v, edges, &mut state, &mut out);
        }
    }
    out
}

/// The graph between the children of `parent` (each module reduced to the child it is in).
fn level(
    graph: &BTreeMap<Module, BTreeSet<Module>>,
    parent: &[String],
) -> BTreeMap<String, BTreeSet<String>> {
    let child =
        |m: &Module| (m.len() > parent.len() && m.starts_with(parent)).then(|| m[parent.len()].clone());
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in graph {
        let Some(a) = child(from) else { continue };
        out.entry(a.clone()).or_default();
        for to in targets {
            if let Some(b) = child(to).filter(|b| *b != a) {
                out.get_mut(&a).unwrap().insert(b);
            }
        }
    }
    out
}

#[test]
fn no_import_cycle_between_rooms_or_inside_one() {
    let graph = graph();
    assert!(graph.len() >= 60, "only {} modules read", graph.len());
    let mut parents: BTreeSet<Module> = graph.keys().map(|m| m[..m.len() - 1].to_vec()).collect();
    parents.insert(vec![]);
    let mut found = Vec::new();
    for parent in &parents {
        for cycle in cycles(&level(&graph, parent)) {
            found.push(format!("in crate::{}: {}", parent.join("::"), cycle.join(" ⇄ ")));
        }
    }
    assert!(found.is_empty(), "import cycles:\n{}", found.join("\n"));
}

/// The reader sees a cycle when there is one (the test above could otherwise pass by reading nothing).
#[test]
fn the_cycle_finder_finds_a_planted_cycle() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.insert("a".into(), ["b".to_string()].into());
    g.insert("b".into(), ["c".to_string()].into());
    g.insert("c".into(), ["a".to_string()].into());
    g.insert("d".into(), ["a".to_string()].into());
    assert_eq!(cycles(&g), vec![vec!["a".to_string(), "b".to_string(), "c".to_string()]]);
    let refs = references(
        &vec!["rules".into(), "host".into()],
        false,
        "use super::{url_case::UrlCase, Problem};\nuse crate::url::{HostClass, UrlParts};\nfn f() { crate::redact::redact(\"\"); }\n",
    );
    assert!(
        refs.contains(&vec!["rules".to_string(), "url_case".to_string(), "UrlCase".to_string()]),
        "{refs:?}"
    );
    assert!(refs.contains(&vec!["url".to_string(), "HostClass".to_string()]), "{refs:?}");
    assert!(refs.contains(&vec!["redact".to_string(), "redact".to_string()]), "{refs:?}");
}

/// design.md: which way the arrows run.
#[test]
fn the_directions_of_the_design_hold() {
    let graph = graph();
    let tops = level(&graph, &[]);
    let uses = |a: &str| tops.get(a).cloned().unwrap_or_default();
    let forbidden: &[(&str, &[&str])] = &[
        // The parsers know the document model and nothing of rules, reports or the network.
        (
            "formats",
            &[
                "catalog", "rules", "settings", "report", "probe", "pipeline", "fix", "cli", "outcome",
                "embedded",
            ],
        ),
        // The extractors of documents inside documents know formats and the document
        // model (and the shape of an edit), not rules, settings or the catalog.
        (
            "embedded",
            &["catalog", "rules", "settings", "report", "probe", "pipeline", "cli", "outcome", "read"],
        ),
        // The lint rules know settings and URL facts, never a file format.
        ("rules", &["formats", "report", "pipeline", "probe", "cli", "outcome", "read", "embedded"]),
        // The fix engine applies byte edits and knows no rule.
        ("fix", &["rules", "report", "pipeline", "cli", "settings", "outcome", "embedded"]),
        // The reporters render diagnostics and know no parser.
        ("report", &["formats", "rules", "pipeline", "cli", "settings", "catalog", "read"]),
        // The probe knows URLs, keys and HTTP, and nothing of files.
        (
            "probe",
            &["formats", "document", "pipeline", "settings", "rules", "report", "read", "outcome", "cli"],
        ),
        // The catalog depends on nothing but its own types (and the document vocabulary).
        (
            "catalog",
            &["formats", "rules", "settings", "report", "probe", "pipeline", "fix", "cli", "read", "url"],
        ),
        (
            "document",
            &["catalog", "formats", "rules", "settings", "report", "probe", "pipeline", "fix", "cli"],
        ),
        // The language of the texts depends on nothing: every room says its texts through it.
        (
            "i18n",
            &[
                "catalog",
                "codes",
                "document",
                "formats",
                "rules",
                "settings",
                "report",
                "probe",
                "pipeline",
                "fix",
                "cli",
                "diagnostic",
                "doctor",
                "setup",
                "outcome",
                "read",
                "url",
            ],
        ),
        (
            "codes",
            &[
                "catalog",
                "formats",
                "rules",
                "settings",
                "report",
                "probe",
                "pipeline",
                "fix",
                "cli",
                "diagnostic",
            ],
        ),
    ];
    let mut broken = Vec::new();
    for (room, never) in forbidden {
        for n in *never {
            if uses(room).contains(*n) {
                broken.push(format!("{room} uses {n}"));
            }
        }
    }
    // Nothing knows the command layer.
    for (room, targets) in &tops {
        if room != "cli" && targets.contains("cli") {
            broken.push(format!("{room} uses cli"));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    // And the rules name no format: no `Format` in their code.
    let format = regex::Regex::new(r"\bFormat\b").unwrap();
    for (module, (path, text)) in modules() {
        if module.first().is_some_and(|m| m == "rules") {
            assert!(!format.is_match(&text), "{} names a Format", path.display());
        }
    }
}

#[test]
fn every_module_says_what_it_is_for() {
    let mut missing = Vec::new();
    for (_, (path, text)) in modules() {
        if !text.trim_start().starts_with("//!") {
            missing.push(path.display().to_string());
        }
    }
    assert!(missing.is_empty(), "modules without their opening paragraph: {missing:?}");
}

/// Knowledge is data: no client id, gateway host or client file name in `src/`
/// outside tests (the catalog's own words are read from `rules/`).
#[test]
fn no_client_knowledge_in_the_code() {
    let catalog = crlint::catalog::Catalog::embedded().unwrap();
    let mut words: BTreeSet<String> = BTreeSet::new();
    for c in &catalog.clients {
        // Ids that are also common words of the code (`shell`, `dotenv`, `env`) name formats too.
        if c.profile.id.contains('-') {
            words.insert(format!("\"{}\"", c.profile.id));
        }
        for f in &c.profile.files {
            let name = f.glob.rsplit('/').next().unwrap_or("");
            if name.starts_with('.') && !name.contains('*') && name.len() > 4 {
                words.insert(name.to_string());
            }
        }
    }
    for e in &catalog.gateway.entries {
        words.insert(e.host.clone());
    }
    words.extend(catalog.gateway.console.hosts.iter().cloned());
    for v in &catalog.env {
        words.insert(v.name.clone());
    }
    words.insert(catalog.default_key_env().to_string());
    // Words inside string literals: the code's own identifiers (`.profile`) are not knowledge.
    let literal = regex::Regex::new(r#""(?:[^"\\]|\\.)*""#).unwrap();
    let mut found = Vec::new();
    for (_, (path, text)) in modules() {
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for lit in literal.find_iter(line) {
                for w in words.iter().filter(|w| lit.as_str().contains(w.trim_matches('"'))) {
                    let whole = !w.starts_with('"') || lit.as_str() == w;
                    if whole {
                        found.push(format!("{}:{}: {w} in {}", path.display(), n + 1, lit.as_str()));
                    }
                }
            }
        }
    }
    assert!(words.len() > 40, "{}", words.len());
    assert!(found.is_empty(), "knowledge in the code:\n{}", found.join("\n"));
}
