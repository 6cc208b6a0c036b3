//! Choosing files to read and where to save. `MSI_SETUP_PICK_FILE` (a path) answers every "choose a file"
//! and `MSI_SETUP_SAVE_DIR` (a folder) every "save as" with the suggested name in that folder, in place of
//! the native dialogs — for end-to-end tests, which cannot drive a native dialog, and for scripted demos.
//! Otherwise the window's native dialog is used (tauri-plugin-dialog, in the command adapters).

use std::path::PathBuf;

pub const PICK_FILE_ENV: &str = "MSI_SETUP_PICK_FILE";
pub const SAVE_DIR_ENV: &str = "MSI_SETUP_SAVE_DIR";

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// The file to open when `MSI_SETUP_PICK_FILE` is set.
pub fn preset_pick() -> Option<PathBuf> {
    env_path(PICK_FILE_ENV)
}

/// Where to save `suggested_name` when `MSI_SETUP_SAVE_DIR` is set.
pub fn preset_save(suggested_name: &str) -> Option<PathBuf> {
    env_path(SAVE_DIR_ENV).map(|dir| dir.join(suggested_name))
}

/// A file name for an export of `source` (`clientes.csv` → `clientes-failed.csv`), kept to safe characters.
pub fn suggested_name(source: &str, suffix: &str) -> String {
    let stem = std::path::Path::new(source).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let safe: String = stem.chars().map(|c| if c.is_alphanumeric() || "-_. ".contains(c) { c } else { '_' }).collect();
    let safe = safe.trim();
    if safe.is_empty() {
        format!("import-{suffix}.csv")
    } else {
        format!("{safe}-{suffix}.csv")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_names_come_from_the_source_file() {
        assert_eq!(suggested_name("clientes España.csv", "failed"), "clientes España-failed.csv");
        assert_eq!(suggested_name("a/b:c?.csv", "results"), "b_c_-results.csv");
        assert_eq!(suggested_name("", "console"), "import-console.csv");
    }
}
