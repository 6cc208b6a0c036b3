//! What `make package` puts in the .deb and .rpm, checked without building them: one version everywhere,
//! both Linux formats, the AppStream metainfo installed and pointing at the desktop entry the bundler
//! writes, a desktop entry in the Office and Utility menus, and every listed icon at its named size.
//! (`make test-package` checks the built package itself, installed and removed.)

use serde_json::Value;
use std::path::{Path, PathBuf};

const METAINFO_INSTALLED: &str = "/usr/share/metainfo/com.msiactions.setup.metainfo.xml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("{relative} is readable: {e}"))
}

fn tauri_conf() -> Value {
    serde_json::from_str(&read("tauri.conf.json")).expect("tauri.conf.json is JSON")
}

/// The text between `open` and the next `close` after it, for the few fixed tags these files have.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

#[test]
fn one_version_in_cargo_tauri_conf_and_the_newest_metainfo_release() {
    let conf = tauri_conf();
    let metainfo = read("packaging/com.msiactions.setup.metainfo.xml");
    let newest_release = between(&metainfo, "<release version=\"", "\"").expect("the metainfo lists a release");
    assert_eq!(conf["version"], env!("CARGO_PKG_VERSION"), "tauri.conf.json names the package version");
    assert_eq!(newest_release, env!("CARGO_PKG_VERSION"), "the newest metainfo release is this version");
    let ui: Value = serde_json::from_str(&read("ui/package.json")).expect("ui/package.json is JSON");
    assert_eq!(ui["version"], env!("CARGO_PKG_VERSION"), "ui/package.json");
}

#[test]
fn the_bundle_makes_a_deb_and_an_rpm_that_install_the_metainfo() {
    let conf = tauri_conf();
    let targets: Vec<&str> =
        conf["bundle"]["targets"].as_array().expect("bundle.targets").iter().filter_map(Value::as_str).collect();
    assert!(targets.contains(&"deb") && targets.contains(&"rpm"), "{targets:?}");
    for format in ["deb", "rpm"] {
        let linux = &conf["bundle"]["linux"][format];
        let source = linux["files"][METAINFO_INSTALLED].as_str().unwrap_or_else(|| panic!("{format} installs the metainfo"));
        assert!(root().join(source).is_file(), "{source}");
        let template = linux["desktopTemplate"].as_str().unwrap_or_else(|| panic!("{format} has a desktop template"));
        assert!(root().join(template).is_file(), "{template}");
    }
}

#[test]
fn the_metainfo_names_the_app_and_launches_its_desktop_entry() {
    let conf = tauri_conf();
    let metainfo = read("packaging/com.msiactions.setup.metainfo.xml");
    assert_eq!(between(&metainfo, "<id>", "</id>"), conf["identifier"].as_str());
    assert_eq!(between(&metainfo, "<name>", "</name>"), conf["productName"].as_str());
    // Tauri's Linux bundler names the desktop entry after the product name, spaces and all.
    let desktop_id = format!("{}.desktop", conf["productName"].as_str().expect("productName"));
    assert_eq!(between(&metainfo, "<launchable type=\"desktop-id\">", "</launchable>"), Some(desktop_id.as_str()));
    for required in ["<summary>", "<description>", "<developer", "<content_rating", "<url type=\"homepage\">"] {
        assert!(metainfo.contains(required), "{required}");
    }
}

#[test]
fn the_desktop_entry_is_in_office_and_utility_with_an_english_and_spanish_comment() {
    let template = read("packaging/msi-actions-setup.desktop.hbs");
    let lines: Vec<&str> = template.lines().collect();
    assert!(lines.contains(&"Categories=Office;Utility;"), "{template}");
    assert!(lines.contains(&"Exec={{exec}}") && lines.contains(&"Icon={{icon}}"), "{template}");
    assert!(lines.iter().any(|l| l.starts_with("Comment={{comment}}")), "English comment from shortDescription");
    assert!(lines.iter().any(|l| l.starts_with("Comment[es]=") && l.len() > "Comment[es]=".len()), "{template}");
    assert!(tauri_conf()["bundle"]["shortDescription"].as_str().is_some_and(|s| !s.is_empty()));
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(bytes.get(..8), Some(&b"\x89PNG\r\n\x1a\n"[..]), "{} is a PNG", path.display());
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("four bytes"));
    (word(16), word(20))
}

#[test]
fn every_listed_icon_exists_at_its_named_size_for_every_desktop_os() {
    let conf = tauri_conf();
    let icons: Vec<&str> = conf["bundle"]["icon"].as_array().expect("bundle.icon").iter().filter_map(Value::as_str).collect();
    for (name, side) in
        [("32x32.png", 32), ("64x64.png", 64), ("128x128.png", 128), ("256x256.png", 256), ("icon.png", 512)]
    {
        let listed = format!("src-tauri/icons/{name}");
        assert!(icons.contains(&listed.as_str()), "{listed} is listed");
        assert_eq!(png_size(&root().join(&listed)), (side, side), "{listed}");
    }
    // Windows takes the .ico, macOS the .icns.
    for other in ["src-tauri/icons/icon.ico", "src-tauri/icons/icon.icns"] {
        assert!(icons.contains(&other), "{other} is listed");
        assert!(std::fs::metadata(root().join(other)).is_ok_and(|m| m.len() > 1000), "{other}");
    }
}
