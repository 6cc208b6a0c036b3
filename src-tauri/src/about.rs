//! What the About view shows: the version, where the data and the logs are, and the licences of what the
//! app ships (the Rust crates linked into this binary and the UI's npm packages). The list is made at build
//! time by `src-tauri/build.rs`, so it is exactly this build's; it never reads the network.

use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// Written by build.rs: `[{name, version, license, ecosystem}]`, empty when it could not be made.
const LICENCES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/licences.json"));

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Ecosystem {
    /// A Rust crate linked into the binary.
    Crate,
    /// An npm package bundled into the UI.
    Npm,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Licence {
    pub name: String,
    pub version: String,
    /// The SPDX expression the package declares; None when it declares only a licence file.
    pub license: Option<String>,
    pub ecosystem: Ecosystem,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct About {
    pub version: String,
    pub data_dir: String,
    /// Where the window writes its log files; None when the OS gives the app no log folder.
    pub log_dir: Option<String>,
    pub licences: Vec<Licence>,
}

#[derive(Debug, thiserror::Error)]
pub enum AboutError {
    #[error("the licence list built into the app is unreadable: {0}")]
    Licences(#[from] serde_json::Error),
}

/// The licences this build ships with.
pub fn licences() -> Result<Vec<Licence>, AboutError> {
    Ok(serde_json::from_str(LICENCES_JSON)?)
}

pub fn about(data_dir: &Path, log_dir: Option<&Path>) -> Result<About, AboutError> {
    Ok(About {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: data_dir.display().to_string(),
        log_dir: log_dir.map(|dir| dir.display().to_string()),
        licences: licences()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(list: &'a [Licence], name: &str, ecosystem: Ecosystem) -> &'a Licence {
        list.iter().find(|l| l.name == name && l.ecosystem == ecosystem).unwrap_or_else(|| panic!("{name} is not listed"))
    }

    #[test]
    fn the_built_in_list_names_the_shipped_crates_and_npm_packages_with_their_licences() {
        let list = licences().unwrap();
        for name in ["tauri", "serde", "rusqlite"] {
            let crate_ = find(&list, name, Ecosystem::Crate);
            assert!(crate_.license.as_deref().is_some_and(|l| l.contains("MIT")), "{crate_:?}");
            assert!(!crate_.version.is_empty());
        }
        let api = find(&list, "@tauri-apps/api", Ecosystem::Npm);
        assert!(api.license.as_deref().is_some_and(|l| !l.is_empty()), "{api:?}");
    }

    #[test]
    fn the_list_leaves_out_what_does_not_ship() {
        let list = licences().unwrap();
        let names: Vec<&str> = list.iter().map(|l| l.name.as_str()).collect();
        // Dev dependencies (tests), build dependencies (this crate's build script), UI build tools.
        for absent in ["tempfile", "proptest", "tauri-build", "vite", "svelte", "msi-actions-setup"] {
            assert!(!names.contains(&absent), "{absent} does not ship but is listed");
        }
    }

    #[test]
    fn about_carries_the_version_and_folders() {
        let about = about(Path::new("/data/here"), Some(Path::new("/logs/there"))).unwrap();
        assert_eq!(about.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(about.data_dir, "/data/here");
        assert_eq!(about.log_dir.as_deref(), Some("/logs/there"));
        assert!(!about.licences.is_empty());
    }
}
