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

/// Service name of the app's keyring entries for a data folder: the app identifier for the OS default
/// folder, with a short hash of the folder otherwise, so two data folders (a test, a portable copy) never
/// share tokens. Debug builds add ".dev" (see `secrets`).
///
/// The hash is of the folder's canonical path, so `d`, `d/`, `/abs/d` and a symlink to it are one folder
/// with one set of secrets: otherwise the same data would look signed out depending on how the folder
/// was named on the command line. Windows paths are compared case-insensitively, as the OS does.
pub fn keyring_service(data_dir: &Path) -> String {
    use sha2::{Digest, Sha256};
    let canonical = canonical_folder(data_dir);
    let default = dirs::data_dir().map(|d| canonical_folder(&d.join(APP_IDENTIFIER)));
    if default.as_ref() == Some(&canonical) {
        return APP_IDENTIFIER.to_owned();
    }
    let digest = Sha256::digest(canonical.as_bytes());
    let short: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("{APP_IDENTIFIER}.{short}")
}

/// The one spelling of a folder: created if missing (it must exist to be resolved), then canonicalized.
/// Should that fail (no permission), the absolute path without `.` parts or a trailing slash is the best
/// that can be had without the file system.
fn canonical_folder(dir: &Path) -> String {
    let _ = std::fs::create_dir_all(dir);
    let resolved = std::fs::canonicalize(dir).or_else(|_| std::path::absolute(dir)).unwrap_or_else(|_| dir.to_path_buf());
    let text: String = resolved.components().collect::<PathBuf>().to_string_lossy().into_owned();
    if cfg!(windows) {
        text.to_lowercase()
    } else {
        text
    }
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

    #[test]
    fn one_folder_named_any_way_has_one_keyring_service_and_another_folder_another() {
        let tmp = tempfile::tempdir().unwrap();
        let absolute = tmp.path().join("data");
        std::fs::create_dir_all(&absolute).unwrap();
        let by_absolute = keyring_service(&absolute);
        assert!(by_absolute.starts_with(&format!("{APP_IDENTIFIER}.")), "{by_absolute}");

        let with_slash = PathBuf::from(format!("{}/", absolute.display()));
        let with_dot = absolute.join(".");
        let through_parent = tmp.path().join("data").join("..").join("data");
        // A relative spelling, from the folder's parent: `data` as typed after `cd`.
        let relative = pathdiff_from_cwd(&absolute);
        for other in [&with_slash, &with_dot, &through_parent, &relative] {
            assert_eq!(keyring_service(other), by_absolute, "{}", other.display());
        }
        #[cfg(unix)]
        {
            let link = tmp.path().join("link-to-data");
            std::os::unix::fs::symlink(&absolute, &link).unwrap();
            assert_eq!(keyring_service(&link), by_absolute, "a symlink to the folder");
        }

        let elsewhere = tmp.path().join("other");
        assert_ne!(keyring_service(&elsewhere), by_absolute, "another folder has its own secrets");
        assert!(elsewhere.is_dir(), "the folder is created so it can be resolved");
    }

    /// `target` relative to the current directory (`../../tmp/x/data`), so the test needs no `chdir`
    /// (which would race other tests).
    fn pathdiff_from_cwd(target: &Path) -> PathBuf {
        let cwd = std::fs::canonicalize(std::env::current_dir().unwrap()).unwrap();
        let target = std::fs::canonicalize(target).unwrap();
        let cwd_parts: Vec<_> = cwd.components().collect();
        let target_parts: Vec<_> = target.components().collect();
        let common = cwd_parts.iter().zip(&target_parts).take_while(|(a, b)| a == b).count();
        let mut relative = PathBuf::new();
        for _ in common..cwd_parts.len() {
            relative.push("..");
        }
        for part in &target_parts[common..] {
            relative.push(part);
        }
        assert!(relative.is_relative());
        relative
    }
}
