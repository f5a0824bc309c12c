use super::*;

fn sources() -> Sources {
    Sources::embedded()
}

#[test]
fn every_data_file_loads() {
    let catalog = Catalog::embedded().expect("rules/ loads");
    assert!(catalog.clients.len() >= 3, "claude-code, codex and dotenv at least");
    assert!(catalog.routes.routes.len() >= 33, "the whole documented table");
    assert_eq!(catalog.host_for_region("intl"), Some("api.crazyrouter.com"));
    assert_eq!(catalog.host_for_region("east-asia"), Some("cn.crazyrouter.com"));
    assert!(catalog.key_regex.is_match("sk-0123456789abcdefghijABCDEFGHIJ0123456789abcdefgh"));
    assert!(!catalog.key_regex.is_match("sk-short"));
}

#[test]
fn every_fact_has_a_source() {
    let catalog = Catalog::embedded().unwrap();
    for client in &catalog.clients {
        for (_, s) in &client.settings {
            assert!(!s.source.trim().is_empty(), "{}: {} has no source", client.profile.id, s.path);
        }
    }
    for v in &catalog.env {
        assert!(!v.source.trim().is_empty(), "{} has no source", v.name);
    }
}

fn with_client(text: &str) -> Result<Catalog, CatalogError> {
    let mut sources = sources();
    sources.clients.push(("clients/t.toml".into(), text.into()));
    Catalog::from(&sources)
}

const MINIMAL: &str = r#"
id = "t"
name = "T"
kind = "agent"
docs = "x"
[[files]]
glob = "**/t.json"
format = "json"
scope = "project"
"#;

#[test]
fn unknown_key_is_an_error() {
    let err = with_client(&format!("{MINIMAL}\nfavourite_colour = \"blue\"\n")).unwrap_err();
    assert!(err.message.contains("favourite_colour"), "{err}");
    assert_eq!(err.file, "clients/t.toml");
}

#[test]
fn unknown_shape_is_an_error() {
    let text = format!(
        "{MINIMAL}\n[[settings]]\npath = \"a.b\"\nrole = \"base-url\"\nshape = \"v2\"\nmark = \"R\"\nsource = \"x\"\n"
    );
    let err = with_client(&text).unwrap_err();
    assert!(err.message.contains("v2"), "{err}");
}

#[test]
fn base_url_without_shape_is_an_error() {
    let text = format!(
        "{MINIMAL}\n[[settings]]\npath = \"a.b\"\nrole = \"base-url\"\nmark = \"R\"\nsource = \"x\"\n"
    );
    assert!(with_client(&text).unwrap_err().message.contains("shape"));
}

#[test]
fn bad_key_path_and_bad_capture_are_errors() {
    let bad_path =
        format!("{MINIMAL}\n[[settings]]\npath = \"a..b\"\nrole = \"model\"\nmark = \"R\"\nsource = \"x\"\n");
    assert!(with_client(&bad_path).is_err());
    let bad_capture = format!(
        "{MINIMAL}\n[[settings]]\npath = \"a.*\"\nrole = \"model\"\nmark = \"R\"\nsource = \"x\"\n[[settings.when]]\ncapture = 2\nany_of = [\"x\"]\n"
    );
    assert!(with_client(&bad_capture).unwrap_err().message.contains("capture 2"));
}

#[test]
fn unparsable_route_template_is_an_error() {
    let mut s = sources();
    s.endpoints = s.endpoints.replacen("/v1/chat/completions\"", "/v1/chat/{completions}\"", 1);
    let err = Catalog::from(&s).unwrap_err();
    assert_eq!(err.file, "endpoints.toml");
    assert!(err.message.contains("placeholder"), "{err}");
}

#[test]
fn unknown_key_in_gateway_is_an_error() {
    let mut s = sources();
    s.gateway.push_str("\nhttp_allowed = true\n");
    assert!(Catalog::from(&s).is_err());
}

#[test]
fn file_patterns_match_real_paths() {
    let catalog = Catalog::embedded().unwrap();
    let ids = |p: &str| {
        catalog.clients_for_path(p).into_iter().map(|(c, _)| c.profile.id.clone()).collect::<Vec<_>>()
    };
    assert_eq!(ids("proj/.claude/settings.json"), vec!["claude-code"]);
    assert_eq!(ids(".claude/settings.local.json"), vec!["claude-code"]);
    assert_eq!(ids("home/.codex/config.toml"), vec!["codex"]);
    // A plain .env: the generic reading first, Gemini CLI (priority -1) after it.
    assert_eq!(ids(".env"), vec!["dotenv", "gemini-cli"]);
    // .gemini/.env: Gemini CLI's own pattern is the more specific.
    assert_eq!(ids("p/.gemini/.env"), vec!["gemini-cli", "dotenv"]);
    assert_eq!(ids("p/.qwen/.env"), vec!["qwen-code", "dotenv"]);
    assert_eq!(ids("app/.env.production"), vec!["dotenv"]);
    assert!(ids("app/.env.crlint-bak").is_empty());
    assert!(ids("src/settings.json").is_empty());
    assert_eq!(ids("p/opencode.jsonc"), vec!["opencode"]);
    assert_eq!(ids("p/kilo.json"), vec!["opencode"]);
    assert_eq!(ids("p/.zed/settings.json"), vec!["zed"]);
    // Profiles that look inside first (they apply only if the keys are there).
    assert_eq!(ids("p/.continue/config.yaml"), vec!["kubernetes", "litellm", "continue"]);
    assert_eq!(ids("deploy/compose.yaml"), vec!["kubernetes", "litellm", "docker-compose"]);
    assert_eq!(ids(".github/workflows/ci.yml"), vec!["kubernetes", "litellm", "github-actions"]);
    assert_eq!(ids("home/.zshrc"), vec!["shell"]);
    // A script is read for what it sets, and for its HTTP calls (curl, Invoke-RestMethod).
    assert_eq!(ids("scripts/setup.ps1"), vec!["text-urls", "shell"]);
    assert_eq!(ids("scripts/setup.cmd"), vec!["text-urls", "shell"]);
    assert_eq!(
        catalog.clients_for_path("x/Microsoft.PowerShell_profile.ps1")[1].1,
        crate::document::Format::PowerShell
    );
    assert_eq!(ids("docker/Dockerfile.prod"), vec!["dockerfile"]);
    assert!(ids("docker/Dockerfile.crlint-bak").is_empty());
    // Content-conditional profiles rank by their required keys, above any name.
    let conditional = catalog.profiles_for_path("any/proxy.yaml");
    assert!(conditional.iter().all(|m| !m.requires_key.is_empty()));
    assert!(!catalog.known_by_name("any/proxy.yaml"));
    assert!(catalog.known_by_name("p/.gemini/settings.json"));
}

#[test]
fn env_only_clients_name_known_variables() {
    let mut s = sources();
    s.clients.push((
        "clients/x.toml".into(),
        "id = \"x\"\nname = \"X\"\nkind = \"chat\"\ndocs = \"d\"\nreads_env = [\"NO_SUCH_VAR\"]\n".into(),
    ));
    let err = Catalog::from(&s).unwrap_err();
    assert!(err.to_string().contains("NO_SUCH_VAR"), "{err}");
}

#[test]
fn the_needles_find_every_look_alike_variable_and_key_and_nothing_in_plain_text() {
    let c = Catalog::embedded().unwrap();
    for host in ["api.crazyrouter.com", "CN.CRAZYROUTER.COM", "api.crazyroutr.com", "api.krazyrooter.com"] {
        // Any case; a look-alike keeps a piece, marked in a URL's host part.
        let mut marks = Vec::new();
        c.needles.mark_hosts(format!("base: https://{host}/v1").as_bytes(), &mut marks);
        assert!(!marks.is_empty(), "{host}");
        assert!(c.needles.has_host(format!("base: {host}").as_bytes()), "{host}");
    }
    // Pieces count only in a URL's host part, and a link scheme right before a `://`.
    let mut marks = Vec::new();
    assert!(!c.needles.mark_hosts(b"the router's route; see https://example.org/route", &mut marks));
    assert!(marks.is_empty(), "{marks:?}");
    assert!(c.needles.mark_hosts(b"<a href=\"CCSwitch://v1/import?x\">", &mut marks));
    for v in &c.env {
        let found = c.needles.scan(format!("export {}=x", v.name).as_bytes());
        // (A variable may hold the brand label, as the default key variable does.)
        assert!(found.anything, "{}", v.name);
    }
    let key = format!("token = {}{}", "sk-", "A1".repeat(24));
    assert!(c.needles.scan(key.as_bytes()).anything);
    assert!(c.needles.scan(b"# crlint: ignore CR102").anything);
    for host in ["api.crazyrouter.com", "CN.CRAZYROUTER.COM", "crazyrouter.cn"] {
        // No scheme needed for a host or the brand label.
        assert!(c.needles.scan(format!("base: {host}").as_bytes()).anything, "{host}");
    }
    // A piece alone is a word ("router"), not a mention.
    assert!(!c.needles.scan(b"echo 'the router restarts'").anything);
    let plain =
        b"#!/bin/sh\nset -eu\nfor task-name in a b; do echo \"$task-name\"; done\nexport PATH=/usr/bin\n";
    assert_eq!(c.needles.scan(plain), Mentions::default());
    assert!(!c.needles.has_host(plain));
    // A manifest shows its top-level keys to the needles without a parse.
    let manifest: &[u8] = b"apiVersion: v1\nkind: ConfigMap\ndata:\n  LOG_LEVEL: debug\n";
    assert!(!c.needles.scan(manifest).anything);
    assert!(c.needles.has_all(manifest, &["apiVersion".to_string(), "kind".to_string()]));
    assert!(!c.needles.has_all(manifest, &["model_list".to_string()]));
}

#[test]
fn brace_groups_of_plain_alternatives_are_expanded_nothing_else() {
    assert_eq!(expand_braces("**/*.{py,pyi}"), ["**/*.py", "**/*.pyi"]);
    assert_eq!(expand_braces("**/.env"), ["**/.env"]);
    for kept in ["**/*.{a,*b}", "**/{a,{b,c}}", "**/[{]a,b}", "**/*.{a,}", "**/{a,b}/{c,d}", "**/x{a"] {
        assert_eq!(expand_braces(kept), [kept]);
    }
}

/// The catalog's one set of every client's patterns decides as each client's own
/// set of its patterns would (the way profiles were matched before).
#[test]
fn one_glob_set_matches_as_a_set_per_client() {
    let catalog = Catalog::embedded().unwrap();
    let per_client = |path: &str| -> Vec<(String, Format, usize, i32)> {
        let mut found: Vec<(String, Format, usize, i32)> = catalog
            .clients
            .iter()
            .filter_map(|c| {
                let mut set = GlobSetBuilder::new();
                for spec in &c.profile.files {
                    set.add(glob(&spec.glob).unwrap());
                }
                let set = set.build().unwrap();
                set.matches(path)
                    .into_iter()
                    .filter(|&i| !c.files[i].not_globs.as_ref().is_some_and(|n| n.is_match(path)))
                    .map(|i| &c.files[i])
                    .max_by(|a, b| a.specificity.cmp(&b.specificity).then(a.priority.cmp(&b.priority)))
                    .map(|f| (c.profile.id.clone(), f.format, f.specificity, f.priority))
            })
            .collect();
        found.sort_by(|a, b| b.2.cmp(&a.2).then(b.3.cmp(&a.3)).then(a.0.cmp(&b.0)));
        found
    };
    let mut paths: Vec<String> = catalog
        .clients
        .iter()
        .flat_map(|c| c.profile.files.iter())
        .flat_map(|f| expand_braces(&f.glob).into_iter().chain(f.not_globs.iter().cloned()))
        .map(|g| format!("repo/{}", g.replace("**/", "").replace('*', "x").replace('?', "y")))
        .collect();
    paths.extend(
        [
            "a/b.py",
            "a/b.pyi",
            "a/b.min.js",
            "x.d.ts",
            "README.md",
            "s/.env.local.swp",
            "notes.txt",
            "a/.env.example",
        ]
        .map(String::from),
    );
    for path in &paths {
        let one: Vec<(String, Format, usize, i32)> = catalog
            .profiles_for_path(path)
            .iter()
            .map(|m| (m.client.profile.id.clone(), m.format, m.specificity, m.priority))
            .collect();
        assert_eq!(one, per_client(path), "{path}");
        assert_eq!(catalog.claims_path(path), !one.is_empty(), "{path}");
    }
}

#[test]
fn image_names_lose_tag_digest_and_implied_registry() {
    for (image, name) in [
        ("ghcr.io/open-webui/open-webui:main", "ghcr.io/open-webui/open-webui"),
        ("docker.io/yidadaa/chatgpt-next-web:v2.16.1", "yidadaa/chatgpt-next-web"),
        ("  \"Chenzhaoyu94/ChatGPT-Web\"  ", "chenzhaoyu94/chatgpt-web"),
        ("library/nginx@sha256:0123abcd", "nginx"),
        ("registry.local:5000/team/app:1", "registry.local:5000/team/app"),
    ] {
        assert_eq!(image_name(image), name, "{image}");
    }
    let catalog = Catalog::embedded().unwrap();
    let id = |image: &str| catalog.client_of_image(image).map(|c| c.profile.id.clone());
    assert_eq!(id("ghcr.io/open-webui/open-webui:cuda").as_deref(), Some("open-webui"));
    assert_eq!(id("index.docker.io/chenzhaoyu94/chatgpt-web:latest").as_deref(), Some("chatgpt-web"));
    assert_eq!(id("nginx:alpine"), None);
    assert_eq!(catalog.client_of_package("nextchat").map(|c| c.profile.id.as_str()), Some("nextchat"));
}

#[test]
fn a_variable_reader_reads_plain_names_and_env_readers_bind_the_image() {
    let head = "id = \"t\"\nname = \"T\"\nkind = \"chat\"\ndocs = \"x\"\nimages = [\"t/t\"]\n";
    let nested = format!(
        "{head}[[settings]]\npath = \"a.B\"\nrole = \"base-url\"\nshape = \"v1\"\nmark = \"S\"\nsource = \"x\"\n"
    );
    assert!(with_client(&nested).unwrap_err().message.contains("one name per setting"));
    let unbound = "id = \"t\"\nname = \"T\"\nkind = \"env\"\ndocs = \"x\"\n[[env_readers]]\nat = \"services.*.environment\"\nimage = \"*.*.image\"\n";
    assert!(with_client(unbound).unwrap_err().message.contains("env_readers"));
    let empty_image = head.replace("[\"t/t\"]", "[\" \"]");
    assert!(with_client(&empty_image).unwrap_err().message.contains("no image name"));
}

#[test]
fn expect_kinds_are_exclusive_and_subjects_need_a_wildcard() {
    let setting = |path: &str, expect: &str| {
        format!("{MINIMAL}\n[[settings]]\npath = \"{path}\"\nrole = \"model\"\nmark = \"S\"\nsource = \"x\"\n[settings.expect]\ncode = \"CR409\"\nmessage = \"m\"\n{expect}\n")
    };
    let two = setting("p.*.m", "none_of = [\"a\"]\nnote = true");
    assert!(with_client(&two).unwrap_err().message.contains("exactly one of"));
    let no_star = setting("m", "subject = \"provider\"\nnone_of = [\"a\"]");
    assert!(with_client(&no_star).unwrap_err().message.contains("needs a `*`"));
    let builtin_alone = setting("m", "builtin = [\"openai\"]\nnone_of = [\"a\"]");
    assert!(with_client(&builtin_alone).unwrap_err().message.contains("builtin"));
    let sibling_path = setting("m", "conflicts_with = \"env.X\"");
    assert!(with_client(&sibling_path).unwrap_err().message.contains("sibling"));
    assert!(with_client(&setting("p.*.m", "subject = \"provider\"\nnone_of = [\"a\"]")).is_ok());
    let many = format!(
        "{}[[settings.expect]]\ncode = \"CR408\"\nmessage = \"n\"\nnote = true\n",
        setting("p.*.m", "none_of = [\"a\"]").replace("[settings.expect]", "[[settings.expect]]")
    );
    let catalog = with_client(&many).unwrap();
    let (_, spec) = catalog.client("t").unwrap().settings.iter().find(|(_, s)| s.path == "p.*.m").unwrap();
    assert_eq!(spec.expect.len(), 2);
}
