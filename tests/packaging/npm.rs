//! The npm packages: `npm pack` of the launcher (npm/crlint/) and of this
//! platform's binary package (from scripts/package.py), installed with npm
//! offline (nothing can be downloaded, at install or after), then `npx crlint`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use crate::common::{
    artifacts, assert_demo_run, crate_dir, npm_platform, python, run, run_ok, scratch, VERSION,
};

const NPM_LIMIT: Duration = Duration::from_secs(300);

/// npm with its cache in `home`, offline, no audit, no update check.
fn npm(home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new("npm");
    cmd.args(args)
        .env("npm_config_cache", home.join("npm-cache"))
        .env("npm_config_userconfig", home.join("npmrc"))
        .env("npm_config_offline", "true")
        .env("npm_config_audit", "false")
        .env("npm_config_fund", "false")
        .env("npm_config_update_notifier", "false")
        // Offline already; a closed port besides, should anything still try.
        .env("npm_config_registry", "http://127.0.0.1:9/");
    cmd
}

struct Packed {
    launcher: PathBuf,
    platform: PathBuf,
}

/// The two tarballs, packed once.
fn packed() -> &'static Packed {
    static ONCE: OnceLock<Packed> = OnceLock::new();
    ONCE.get_or_init(|| {
        let out = scratch("npm-packed");
        let pack = |dir: &Path| {
            let mut cmd = npm(&out, &["pack", "--silent", "--pack-destination"]);
            cmd.arg(&out).current_dir(dir);
            let done = run_ok(cmd, NPM_LIMIT);
            let name = done.stdout.lines().last().expect("npm pack names the tarball").trim().to_string();
            out.join(name)
        };
        let packed = Packed {
            launcher: pack(&crate_dir().join("npm/crlint")),
            platform: pack(&artifacts().npm_platform),
        };
        assert_eq!(packed.launcher.file_name().unwrap().to_string_lossy(), format!("crlint-{VERSION}.tgz"));
        assert_eq!(
            packed.platform.file_name().unwrap().to_string_lossy(),
            format!("crazyrouter-crlint-{}-{VERSION}.tgz", npm_platform())
        );
        packed
    })
}

/// An empty project (`package.json` only) with `tarballs` installed into it.
fn project_with(name: &str, tarballs: &[&Path]) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("package.json"), "{\"name\": \"empty-project\", \"private\": true}\n").unwrap();
    let mut cmd = npm(&dir, &["install"]);
    cmd.args(tarballs).current_dir(&dir);
    run_ok(cmd, NPM_LIMIT);
    dir
}

#[test]
fn npx_runs_crlint_from_the_packed_packages_in_an_empty_project() {
    let p = packed();
    let project = project_with("npm-project", &[&p.launcher, &p.platform]);
    let mut npx = Command::new("npx");
    npx.args(["--no", "crlint", "check"])
        .arg(crate_dir().join("fixtures/demo"))
        .args(["--output-format", "concise", "--color", "never"])
        .current_dir(&project)
        .env("npm_config_cache", project.join("npm-cache"))
        .env("npm_config_offline", "true")
        .env("npm_config_update_notifier", "false");
    let done = run(npx, NPM_LIMIT);
    assert_eq!(done.status.code(), Some(1), "npx crlint: {}{}", done.stdout, done.stderr);
    let absolute = crate_dir().join("fixtures/demo").display().to_string();
    assert_eq!(done.stdout.replace(&absolute, "fixtures/demo"), crate::common::demo_output_of_the_binary());
}

#[test]
fn npm_install_global_puts_crlint_on_the_prefix_bin() {
    let p = packed();
    let prefix = scratch("npm-global");
    let mut cmd = npm(&prefix, &["install", "--global", "--prefix"]);
    cmd.arg(&prefix).arg(&p.launcher).arg(&p.platform);
    run_ok(cmd, NPM_LIMIT);
    let mut check = Command::new(prefix.join("bin/crlint"));
    check
        .args(["check", "fixtures/demo", "--output-format", "concise", "--color", "never"])
        .current_dir(crate_dir());
    assert_demo_run("crlint of npm i -g", &run(check, Duration::from_secs(60)));
}

/// With `--omit=optional` (or another platform's lock file) the binary's
/// package is missing: the launcher says which package and why, exit 2.
#[test]
fn without_the_platform_package_the_launcher_names_the_missing_package() {
    let p = packed();
    let project = project_with("npm-launcher-only", &[&p.launcher]);
    let mut npx = Command::new("npx");
    npx.args(["--no", "crlint", "check", "."])
        .current_dir(&project)
        .env("npm_config_cache", project.join("npm-cache"))
        .env("npm_config_offline", "true")
        .env("npm_config_update_notifier", "false");
    let done = run(npx, NPM_LIMIT);
    assert_eq!(done.status.code(), Some(2), "{}{}", done.stdout, done.stderr);
    let missing = format!("@crazyrouter/crlint-{}", npm_platform());
    assert!(
        done.stderr.contains(&missing) && done.stderr.contains("--omit=optional"),
        "the error names {missing} and the likely cause:\n{}",
        done.stderr
    );
}

/// The launcher's optionalDependencies are exactly the platform packages of
/// the released targets (scripts/package.py), at Cargo.toml's version, and
/// bin/crlint.js maps each `platform arch` to one of them; no package has an
/// install script (nothing may download at install).
#[test]
fn the_launcher_names_every_released_platform_package_and_nothing_runs_at_install() {
    let mut targets = Command::new(python());
    targets.arg(crate_dir().join("scripts/package.py")).arg("targets");
    let listed = run_ok(targets, Duration::from_secs(60)).stdout;
    let mut released: Vec<String> = listed
        .lines()
        .filter(|l| l.split('\t').nth(1) == Some("release"))
        .map(|l| l.split('\t').nth(2).unwrap().to_string())
        .collect();
    released.sort();
    assert_eq!(released.len(), 5, "{listed}");

    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(crate_dir().join("npm/crlint/package.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["version"], VERSION);
    let optional = manifest["optionalDependencies"].as_object().expect("optionalDependencies");
    let mut names: Vec<String> = optional.keys().cloned().collect();
    names.sort();
    assert_eq!(names, released);
    for (name, version) in optional {
        assert_eq!(version, VERSION, "{name} must be pinned to this version");
    }
    let launcher = std::fs::read_to_string(crate_dir().join("npm/crlint/bin/crlint.js")).unwrap();
    for name in &released {
        let platform = name.trim_start_matches("@crazyrouter/crlint-").replacen('-', " ", 1);
        assert!(
            launcher.contains(&format!("\"{platform}\": \"{name}\"")),
            "crlint.js maps {platform} to {name}"
        );
    }

    let platform: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(artifacts().npm_platform.join("package.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(platform["version"], VERSION);
    for (what, json) in [("launcher", &manifest), ("platform package", &platform)] {
        let scripts = json.get("scripts").and_then(|s| s.as_object());
        for hook in ["preinstall", "install", "postinstall", "prepare"] {
            assert!(scripts.is_none_or(|s| !s.contains_key(hook)), "the {what} has a {hook} script");
        }
    }
}
