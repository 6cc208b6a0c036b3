//! The release pipeline and the footprint benchmark are files no build compiles, so nothing else notices
//! when they drift from the app: a secret the workflow reads that docs/release.md does not explain, a
//! system package CI installs that the Makefile no longer lists, a bundle the issue asks for that is not
//! built, a plugin the app gains that the benchmark's minimal window lacks. This reads them as text.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{} is readable: {e}", path.display()))
}

fn json(relative: &str) -> Value {
    serde_json::from_str(&read(relative)).unwrap_or_else(|e| panic!("{relative} is JSON: {e}"))
}

/// Every `secrets.NAME` the workflow reads.
fn secrets_read(workflow: &str) -> BTreeSet<String> {
    workflow
        .split("secrets.")
        .skip(1)
        .map(|rest| rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect())
        .collect()
}

/// The words of a Makefile variable's value, over its `\` continuation lines.
fn make_list(makefile: &str, variable: &str) -> BTreeSet<String> {
    let start = makefile.find(&format!("{variable} :=")).unwrap_or_else(|| panic!("{variable} in the Makefile"));
    let mut words = BTreeSet::new();
    for line in makefile[start + variable.len() + 3..].lines() {
        words.extend(line.trim_end_matches('\\').split_whitespace().map(str::to_owned));
        if !line.trim_end().ends_with('\\') {
            break;
        }
    }
    words
}

#[test]
fn every_secret_the_release_reads_is_explained_in_docs_release_md() {
    let workflow = read(".github/workflows/release.yml");
    let docs = read("docs/release.md");
    let secrets = secrets_read(&workflow);
    for expected in [
        "WINDOWS_CERTIFICATE",
        "WINDOWS_CERTIFICATE_PASSWORD",
        "APPLE_CERTIFICATE",
        "APPLE_CERTIFICATE_PASSWORD",
        "APPLE_SIGNING_IDENTITY",
        "APPLE_ID",
        "APPLE_PASSWORD",
        "APPLE_TEAM_ID",
        "TAURI_SIGNING_PRIVATE_KEY",
    ] {
        assert!(secrets.contains(expected), "the workflow reads {expected}");
    }
    for secret in secrets.iter().filter(|s| s.as_str() != "GITHUB_TOKEN") {
        assert!(docs.contains(&format!("| `{secret}` |")), "docs/release.md has a row for {secret}");
    }
}

#[test]
fn the_release_builds_every_installer_on_tags_into_a_draft() {
    let workflow = read(".github/workflows/release.yml");
    for needle in [
        "tags: [\"v*\"]",
        "tauri-apps/tauri-action@v0",
        "os: windows-latest",
        "--bundles msi,nsis",
        "os: macos-latest",
        "rust-targets: aarch64-apple-darwin,x86_64-apple-darwin",
        "--target universal-apple-darwin --bundles app,dmg",
        "os: ubuntu-22.04",
        "--bundles deb,rpm,appimage",
        "releaseDraft: true",
        "node-version: 20",
        "npm ci --prefix ui",
        "projectPath: .",
        "TAURI_APP_PATH:",
        "TAURI_FRONTEND_PATH:",
        "rm -rf bench/footprint",
    ] {
        assert!(workflow.contains(needle), "release.yml has `{needle}`");
    }
    // A secret in a step's `if` is always empty on GitHub: emptiness is tested inside the steps.
    assert!(!workflow.lines().any(|l| l.trim_start().starts_with("if:") && l.contains("secrets.")));
    assert_eq!(json(".github/tauri-ci.conf.json")["build"]["beforeBuildCommand"], "");
    assert_eq!(json(".github/tauri-ci.macos-adhoc.conf.json")["bundle"]["macOS"]["signingIdentity"], "-");
}

#[test]
fn ci_installs_only_system_packages_the_makefile_lists_for_the_build() {
    let workflow = read(".github/workflows/release.yml");
    let makefile = read("Makefile");
    let listed = make_list(&makefile, "APT_PACKAGES");
    let install = workflow.find("apt-get install").expect("the Linux job installs system packages");
    let mut installed = BTreeSet::new();
    for line in workflow[install..].lines() {
        installed.extend(
            line.trim_end_matches('\\')
                .split_whitespace()
                .filter(|w| !w.starts_with('-') && !["sudo", "apt-get", "install"].contains(w))
                .map(str::to_owned),
        );
        if !line.trim_end().ends_with('\\') {
            break;
        }
    }
    assert!(installed.contains("libwebkit2gtk-4.1-dev"), "{installed:?}");
    let unknown: Vec<_> = installed.difference(&listed).collect();
    assert!(unknown.is_empty(), "CI installs packages the Makefile does not list: {unknown:?}");
    for test_only in ["xvfb", "webkit2gtk-driver", "gnome-keyring", "imagemagick"] {
        assert!(!installed.contains(test_only), "{test_only} is for tests, not for building");
    }
}

#[test]
fn the_footprint_baseline_has_the_apps_tauri_plugins_and_valid_paths() {
    let app_manifest = read("Cargo.toml");
    let minimal_manifest = read("bench/footprint/minimal/Cargo.toml");
    let minimal_main = read("bench/footprint/minimal/src/main.rs");
    let plugins: BTreeSet<&str> = app_manifest
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| name.starts_with("tauri-plugin-"))
        .collect();
    assert!(plugins.len() >= 5, "{plugins:?}");
    for plugin in &plugins {
        assert!(minimal_manifest.lines().any(|l| l.starts_with(&format!("{plugin} "))), "minimal Cargo.toml has {plugin}");
        let module = plugin.replace('-', "_");
        assert!(minimal_main.contains(&format!(".plugin({module}::")), "the minimal window registers {plugin}");
    }

    let config = json("bench/footprint/minimal/tauri.conf.json");
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/footprint/minimal");
    let icons: Vec<&str> = config["bundle"]["icon"].as_array().expect("icons listed").iter().filter_map(Value::as_str).collect();
    for icon in &icons {
        assert!(folder.join(icon).is_file(), "the minimal window's icon {icon} exists");
    }
    // The same PNGs as the app's own .deb, so the package sizes compare the app and not its icons.
    let app_pngs: Vec<String> = json("tauri.conf.json")["bundle"]["icon"]
        .as_array()
        .expect("the app lists its icons")
        .iter()
        .filter_map(Value::as_str)
        .filter(|icon| icon.ends_with(".png"))
        .map(|icon| format!("../../../{icon}"))
        .collect();
    assert_eq!(icons, app_pngs, "bench/footprint/minimal/tauri.conf.json lists the app's PNG icons");
    assert!(folder.join("dist/index.html").is_file());
    assert_eq!(config["app"]["windows"][0]["title"], "Footprint Minimal", "run.sh waits for this title");

    let makefile = read("Makefile");
    assert!(makefile.contains("\nbench-footprint:") && makefile.contains("bench/footprint/run.sh"));
    #[cfg(unix)]
    for script in ["bench/footprint/run.sh", "bench/footprint/measure-once.sh"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(Path::new(env!("CARGO_MANIFEST_DIR")).join(script)).map(|m| m.permissions().mode());
        assert!(mode.is_ok_and(|m| m & 0o111 != 0), "{script} is executable");
    }
}
