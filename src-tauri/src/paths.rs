//! Where the app keeps its files. One data folder per OS user: the app database and the sandbox's own
//! state file live side by side but never share a file.

use std::path::{Path, PathBuf};

/// Folder name under the OS data dir; equals the Tauri identifier so both hosts agree.
pub const APP_IDENTIFIER: &str = "com.msiactions.setup";
/// Environment variable that overrides the data folder (tests, portable installs).
pub const DATA_DIR_ENV: &str = "MSI_SETUP_DATA_DIR";

/// What to do when the data folder cannot be used, said by every host the same way.
pub const CHOOSE_ANOTHER: &str = "choose another folder with --data-dir DIR or the MSI_SETUP_DATA_DIR environment variable";

#[derive(Debug, thiserror::Error)]
pub enum PathsError {
    #[error("this system has no per-user data folder; set {DATA_DIR_ENV} or pass --data-dir")]
    NoDataDir,
    #[error("cannot create the data folder {path}: {source}. Fix the path, or {CHOOSE_ANOTHER}")]
    Create { path: PathBuf, source: std::io::Error },
    #[error("the data folder {path} cannot be written ({source}). Make it writable for this user, or {CHOOSE_ANOTHER}. Nothing in it was changed")]
    NotWritable { path: PathBuf, source: std::io::Error },
    #[error("the disk holding the data folder {path} is full ({source}). Free some space on it, or {CHOOSE_ANOTHER}. Nothing in it was changed")]
    Full { path: PathBuf, source: std::io::Error },
}

impl PathsError {
    /// Sorts a failure to create or write in the folder by what the user can do about it.
    pub fn of_io(path: &Path, source: std::io::Error) -> Self {
        let path = path.to_path_buf();
        if is_disk_full(&source) {
            Self::Full { path, source }
        } else if is_not_writable(&source) {
            Self::NotWritable { path, source }
        } else {
            Self::Create { path, source }
        }
    }
}

/// ENOSPC or a quota (EDQUOT; ERROR_DISK_FULL on Windows): either way, space must be freed. The standard
/// library maps each OS's codes to these kinds.
pub fn is_disk_full(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(error.kind(), ErrorKind::StorageFull | ErrorKind::QuotaExceeded)
}

fn is_not_writable(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(error.kind(), ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem)
}

/// Resolves and creates the data folder: the explicit override, then `MSI_SETUP_DATA_DIR`, then the OS
/// app-data folder (`~/.local/share/com.msiactions.setup` on Linux, `%APPDATA%` on Windows,
/// `~/Library/Application Support` on macOS).
pub fn data_dir(override_dir: Option<PathBuf>) -> Result<PathBuf, PathsError> {
    let dir = match override_dir.or_else(|| std::env::var_os(DATA_DIR_ENV).map(PathBuf::from)) {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => dirs::data_dir().ok_or(PathsError::NoDataDir)?.join(APP_IDENTIFIER),
    };
    std::fs::create_dir_all(&dir).map_err(|source| PathsError::of_io(&dir, source))?;
    check_writable(&dir)?;
    Ok(dir)
}

/// Writes, syncs and removes a small file, so a read-only or full folder is named at start, before the
/// database opens, rather than as an SQLite error half way through. The sync matters: some file systems
/// only report a full disk when the data reaches it.
pub fn check_writable(dir: &Path) -> Result<(), PathsError> {
    use std::io::Write;
    let probe = dir.join(format!(".write-check-{}", std::process::id()));
    let written = std::fs::File::create(&probe).and_then(|mut file| {
        file.write_all(&[0u8; 4096])?;
        file.sync_all()
    });
    // Removed whatever happened: a half-written probe is no use to anyone.
    let _ = std::fs::remove_file(&probe);
    written.map_err(|source| PathsError::of_io(dir, source))
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
    fn a_full_disk_is_named_with_the_folder_and_what_to_do() {
        let folder = Path::new("/home/ana/.local/share/com.msiactions.setup");
        for source in [std::io::Error::from_raw_os_error(28), std::io::Error::from(std::io::ErrorKind::StorageFull)] {
            let error = PathsError::of_io(folder, source);
            assert!(matches!(error, PathsError::Full { .. }), "{error:?}");
            let text = error.to_string();
            for part in ["is full", "Free some space", "--data-dir", DATA_DIR_ENV, folder.to_str().unwrap()] {
                assert!(text.contains(part), "{part:?} missing from {text}");
            }
        }
    }

    #[test]
    fn a_read_only_folder_is_named_with_what_to_do() {
        for code in [13, 30] {
            // EACCES, EROFS
            let error = PathsError::of_io(Path::new("/mnt/ro"), std::io::Error::from_raw_os_error(code));
            assert!(matches!(error, PathsError::NotWritable { .. }), "{code}: {error:?}");
            let text = error.to_string();
            assert!(text.contains("/mnt/ro") && text.contains("cannot be written") && text.contains("--data-dir"), "{text}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_folder_that_cannot_be_written_is_refused_at_start() {
        let tmp = tempfile::tempdir().unwrap();
        // A path under a regular file can never be a folder, whoever runs the test (root ignores modes).
        let file = tmp.path().join("a-file");
        std::fs::write(&file, b"x").unwrap();
        let error = data_dir(Some(file.join("data"))).unwrap_err();
        assert!(error.to_string().contains("--data-dir"), "{error}");
        // A folder that exists but refuses new files: sysfs refuses even root; a 0555 folder anyone else.
        let refused = if is_root() {
            PathBuf::from("/sys")
        } else {
            let dir = tmp.path().join("read-only");
            std::fs::create_dir(&dir).unwrap();
            set_mode(&dir, 0o555);
            dir
        };
        let error = data_dir(Some(refused.clone())).unwrap_err();
        assert!(matches!(error, PathsError::NotWritable { .. }), "{error:?}");
        assert!(error.to_string().contains(refused.to_str().unwrap()), "{error}");
        if !is_root() {
            set_mode(&refused, 0o755);
        }
        assert!(data_dir(Some(tmp.path().join("fine"))).is_ok());
        assert_eq!(std::fs::read_dir(tmp.path().join("fine")).unwrap().count(), 0, "the probe file is removed");
    }

    #[cfg(target_os = "linux")]
    fn is_root() -> bool {
        std::process::Command::new("id").arg("-u").output().is_ok_and(|out| out.stdout.starts_with(b"0\n"))
    }

    #[cfg(target_os = "linux")]
    fn set_mode(dir: &Path, mode: u32) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).unwrap();
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
