use super::*;

const REGIONS: &[&str] = &["intl", "east-asia"];

fn parse_ok(text: &str) -> Config {
    parse(Path::new("/repo/crlint.toml"), text, REGIONS).unwrap_or_else(|e| panic!("{}", e.render(false)))
}

fn parse_err(text: &str) -> ConfigError {
    parse(Path::new("/repo/crlint.toml"), text, REGIONS).expect_err("should be refused")
}

fn spanned<'t>(text: &'t str, e: &ConfigError) -> &'t str {
    &text[e.at.as_ref().unwrap().1.clone()]
}

#[test]
fn every_key_is_read() {
    let c = parse_ok(
        r#"
[lint]
select = ["cr1", "CR201"]
ignore = ["CR106"]
per-file-ignores = { "examples/**" = ["CR501"], ".env.*" = ["CR2"] }
severity = { CR203 = "error", cr501 = "info" }

[gateway]
region = "east-asia"

[scan]
include = ["services/**"]
exclude = ["fixtures"]
max-file-size = 1000
"#,
    );
    assert_eq!(c.select, Some(vec!["CR1".to_string(), "CR201".to_string()]));
    assert_eq!(c.ignore, vec!["CR106"]);
    assert_eq!(c.per_file_ignores.codes_for(Path::new("/repo/examples/a/.env")), vec!["CR501"]);
    assert_eq!(c.per_file_ignores.codes_for(Path::new("/repo/x/.env.local")), vec!["CR2"]);
    assert!(c.per_file_ignores.codes_for(Path::new("/repo/.env")).is_empty());
    assert_eq!(c.severity.get(&Code::CR203), Some(&Severity::Error));
    assert_eq!(c.severity.get(&Code::CR501), Some(&Severity::Info));
    assert_eq!(c.region.as_deref(), Some("east-asia"));
    assert!(c.scan.admits(Path::new("/repo/services/w/.env")));
    assert!(!c.scan.admits(Path::new("/repo/.env")));
    assert!(!c.scan.admits(Path::new("/repo/services/fixtures/.env")));
    assert_eq!(c.max_file_size, Some(1000));
}

#[test]
fn an_empty_file_changes_nothing() {
    let c = parse_ok("");
    assert!(c.select.is_none() && c.ignore.is_empty() && c.severity.is_empty() && c.region.is_none());
    assert!(c.scan.admits(Path::new("/anywhere/.env")));
}

#[test]
fn unknown_keys_point_at_the_key() {
    let text = "[lint]\nselect = [\"CR1\"]\nignored = [\"CR2\"]\n";
    let e = parse_err(text);
    assert!(e.message.contains("unknown field `ignored`"), "{}", e.message);
    assert_eq!(spanned(text, &e), "ignored");
    let text = "[lints]\n";
    assert!(parse_err(text).message.contains("unknown field `lints`"));
}

#[test]
fn bad_values_point_at_the_value() {
    let text = "[gateway]\nregion = \"eu\"\n";
    let e = parse_err(text);
    assert!(e.message.contains("`eu`") && e.message.contains("east-asia"), "{}", e.message);
    assert_eq!(spanned(text, &e), "\"eu\"");

    let text = "[lint]\nseverity = { CR203 = \"fatal\" }\n";
    let e = parse_err(text);
    assert!(e.message.contains("unknown severity `fatal`"), "{}", e.message);
    assert_eq!(spanned(text, &e), "\"fatal\"");

    let text = "[lint]\nignore = [\"CR1\", \"CR9999\"]\n";
    let e = parse_err(text);
    assert_eq!(e.message, "`CR9999` is no rule code");
    assert_eq!(spanned(text, &e), "\"CR9999\"");

    let text = "[lint]\nseverity = { CR1 = \"info\" }\n";
    assert_eq!(spanned(text, &parse_err(text)), "CR1");

    let text = "[scan]\nexclude = [\"a[\"]\n";
    let e = parse_err(text);
    assert!(e.message.contains("not a valid glob"), "{}", e.message);

    let text = "[scan]\nmax-file-size = -1\n";
    assert_eq!(spanned(text, &parse_err(text)), "-1");
}

#[test]
fn the_rendered_error_names_file_line_and_column() {
    let text = "[lint]\nselect = [\"CR1\"]\nignored = [\"CR2\"]\n";
    let rendered = parse_err(text).render(false);
    assert!(rendered.contains("/repo/crlint.toml:3:1"), "{rendered}");
    assert!(rendered.contains("unknown field `ignored`"), "{rendered}");
}

#[test]
fn found_by_walking_up_to_the_repository_root() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    let deep = repo.join("a/b");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(tmp.path().join("crlint.toml"), "").unwrap();
    assert_eq!(find(&deep), None, "never above the repository root");
    std::fs::write(repo.join(".crlint.toml"), "").unwrap();
    assert_eq!(find(&deep.join("file.env")), Some(repo.join(".crlint.toml")));
    std::fs::write(repo.join("a/crlint.toml"), "").unwrap();
    assert_eq!(find(&deep), Some(repo.join("a/crlint.toml")));
}
