use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    // tauri-build does not emit rerun-if-changed for a custom capabilities pattern.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=tauri.conf.json");
    write_licences();
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}

/// The About view's licence list (`about.rs` includes it): the Rust crates this binary links and the npm
/// packages its UI ships. A list that cannot be made must not stop a build: it is written empty, with a
/// warning, and the About view says it is missing.
fn write_licences() {
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=ui/package-lock.json");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut entries = Vec::new();
    match rust_licences(&manifest_dir) {
        Ok(found) => entries.extend(found),
        Err(why) => println!("cargo:warning=the About view will list no Rust licences: {why}"),
    }
    match npm_licences(&manifest_dir.join("ui").join("package-lock.json")) {
        Ok(found) => entries.extend(found),
        Err(why) => println!("cargo:warning=the About view will list no npm licences: {why}"),
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("licences.json");
    let json = serde_json::Value::Array(entries).to_string();
    if let Err(error) = std::fs::write(&out, json) {
        // include_str! needs the file: without it the build fails anyway, with this reason first.
        panic!("cannot write {}: {error}", out.display());
    }
}

fn entry(name: &str, version: &str, license: Option<&str>, ecosystem: &str) -> serde_json::Value {
    serde_json::json!({ "name": name, "version": version, "license": license, "ecosystem": ecosystem })
}

/// Packages reachable from this crate through normal dependencies only, for the platform being built: dev
/// and build dependencies never ship in the binary, nor do other platforms' crates.
fn rust_licences(manifest_dir: &Path) -> Result<Vec<serde_json::Value>, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(manifest_dir).args(["metadata", "--format-version", "1", "--locked", "--offline"]);
    if let Ok(target) = std::env::var("TARGET") {
        command.args(["--filter-platform", &target]);
    }
    let output = command.output().map_err(|e| format!("cargo metadata did not run: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| format!("cargo metadata answered no JSON: {e}"))?;
    let root = metadata["resolve"]["root"].as_str().ok_or("cargo metadata named no root package")?;
    let nodes = metadata["resolve"]["nodes"].as_array().ok_or("cargo metadata has no dependency graph")?;
    let mut normal_deps: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for node in nodes {
        let Some(id) = node["id"].as_str() else { continue };
        let deps = node["deps"].as_array().map(Vec::as_slice).unwrap_or_default();
        let normal = deps.iter().filter(|dep| {
            dep["dep_kinds"].as_array().is_some_and(|kinds| kinds.iter().any(|k| k["kind"].is_null()))
        });
        normal_deps.insert(id, normal.filter_map(|dep| dep["pkg"].as_str()).collect());
    }
    let mut reached = BTreeSet::new();
    let mut pending = vec![root];
    while let Some(id) = pending.pop() {
        for dep in normal_deps.get(id).map(Vec::as_slice).unwrap_or_default() {
            if reached.insert(*dep) {
                pending.push(dep);
            }
        }
    }
    let packages = metadata["packages"].as_array().ok_or("cargo metadata lists no packages")?;
    let mut found: Vec<serde_json::Value> = packages
        .iter()
        .filter(|package| package["id"].as_str().is_some_and(|id| reached.contains(id)))
        .map(|package| {
            entry(
                package["name"].as_str().unwrap_or_default(),
                package["version"].as_str().unwrap_or_default(),
                package["license"].as_str(),
                "crate",
            )
        })
        .collect();
    found.sort_by(|a, b| (a["name"].as_str(), a["version"].as_str()).cmp(&(b["name"].as_str(), b["version"].as_str())));
    Ok(found)
}

/// The UI's production packages from its lockfile (v2/v3: one entry per installed package, `dev: true`
/// on those only the build uses).
fn npm_licences(lockfile: &Path) -> Result<Vec<serde_json::Value>, String> {
    let text = std::fs::read_to_string(lockfile).map_err(|e| format!("cannot read {}: {e}", lockfile.display()))?;
    let lock: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", lockfile.display()))?;
    let packages = lock["packages"].as_object().ok_or("the UI lockfile has no `packages` (lockfile v2 or later)")?;
    let mut found: Vec<serde_json::Value> = packages
        .iter()
        .filter(|(path, package)| !path.is_empty() && !package["dev"].as_bool().unwrap_or(false))
        .filter_map(|(path, package)| {
            let name = path.rsplit_once("node_modules/").map(|(_, name)| name)?;
            Some(entry(name, package["version"].as_str().unwrap_or_default(), package["license"].as_str(), "npm"))
        })
        .collect();
    found.sort_by(|a, b| a["name"].as_str().cmp(&b["name"].as_str()));
    Ok(found)
}
