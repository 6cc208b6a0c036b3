//! Where the app keeps its files. One data folder per OS user: the app database and the sandbox's own
//! state file live side by side but never share a file.

use std::path::{Path, PathBuf};

/// Folder name under the OS data dir; equals the Tauri identifier so both hosts agree.
pub const APP_IDENTIFIER: &str = "com.msiactions.setup";
/// Environment variable that overrides the data folder (tests, portable installs).
pub const DATA_DIR_ENV: &str = "MSI_SETUP_DATA_DIR";

#[derive(Debug, thiserror::Error)]
pub enum PathsError {
    #[error("this system has no per-user data folder; set {DATA_DIR_ENV} or pass --data-dir")]
    NoDataDir,
    #[error("cannot create the data folder {path}: {source}")]
    Create { path: PathBuf, source: std::io::Error },
}

/// Resolves and creates the data folder: the explicit override, then `MSI_SETUP_DATA_DIR`, then the OS
/// app-data folder (`~/.local/share/com.msiactions.setup` on Linux, `%APPDATA%` on Windows,
/// `~/Library/Application Support` on macOS).
pub fn data_dir(override_dir: Option<PathBuf>) -> Result<PathBuf, PathsError> {
    let dir = match override_dir.or_else(|| std::env::var_os(DATA_DIR_ENV).map(PathBuf::from)) {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => dirs::data_dir().ok_or(PathsError::NoDataDir)?.join(APP_IDENTIFIER),
    };
    std::fs::create_dir_all(&dir).map_err(|source| PathsError::Create { path: dir.clone(), source })?;
    Ok(dir)
}

/// The app's own database (setup status, invitations, audit events).
pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join("msi-actions-setup.db")
}

/// The embedded simulator's state: a separate file so it behaves like a remote service.
pub fn sandbox_state_path(data_dir: &Path) -> PathBuf {
    data_dir.join("sandbox").join("sandbox.db")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_override_wins_and_is_created() {
        let tmp = tempfile::tempdir().unwrap();
        let wanted = tmp.path().join("nested").join("data");
        let got = data_dir(Some(wanted.clone())).unwrap();
        assert_eq!(got, wanted);
        assert!(wanted.is_dir());
        assert_ne!(database_path(&got), sandbox_state_path(&got));
    }
}
