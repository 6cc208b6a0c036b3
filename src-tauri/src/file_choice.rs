//! Choosing files to read and where to save. `MSI_SETUP_PICK_FILE` (a path) answers every "choose a file"
//! and `MSI_SETUP_SAVE_DIR` (a folder) every "save as" with the suggested name in that folder, in place of
//! the native dialogs — for end-to-end tests, which cannot drive a native dialog, and for scripted demos.
//! Otherwise the window's native dialog is used (tauri-plugin-dialog, in the command adapters).
//!
//! [`ChosenFiles`] is why the window can only read what the admin chose: the webview may ask to open any
//! path, so the import commands read only paths picked in the dialog (or answered by
//! `MSI_SETUP_PICK_FILE`) or dropped on the window, as registered by the host, never a path the page made up.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

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

/// The most files remembered as chosen in one session; the oldest are forgotten beyond it (an admin
/// picks a handful, but a drop of a whole folder must not grow the set without end).
const MAX_CHOSEN: usize = 1_000;

/// Why a path given by the window cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum FileChoiceError {
    #[error("{} was not chosen in the file dialog or dropped on the window: choose it again", path.display())]
    NotChosen { path: PathBuf },
    #[error("{} is not a file", path.display())]
    NotAFile { path: PathBuf },
}

impl FileChoiceError {
    /// The stable code the window translates.
    pub fn code(&self) -> crate::error_code::ErrorCode {
        match self {
            Self::NotChosen { .. } => crate::error_code::ErrorCode::PathNotChosen,
            Self::NotAFile { .. } => crate::error_code::ErrorCode::NotAFile,
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Self::NotChosen { path } | Self::NotAFile { path } => path,
        }
    }
}

/// The files the admin chose in this session (dialog or drop), by canonical path, so `a/../b.csv`, a
/// symlink or another spelling of a chosen file is the same file, and nothing else is.
#[derive(Debug, Default)]
pub struct ChosenFiles {
    /// In the order they were chosen, for forgetting the oldest.
    paths: Mutex<Vec<PathBuf>>,
}

impl ChosenFiles {
    /// Remembers files the admin picked or dropped. Paths that do not exist (a drop of something gone
    /// already) are skipped: there is nothing to read.
    pub fn allow<'a>(&self, chosen: impl IntoIterator<Item = &'a Path>) {
        let resolved: Vec<PathBuf> = chosen.into_iter().filter_map(|path| std::fs::canonicalize(path).ok()).collect();
        if resolved.is_empty() {
            return;
        }
        let mut paths = self.paths.lock().unwrap_or_else(PoisonError::into_inner);
        for path in resolved {
            paths.retain(|known| known != &path);
            paths.push(path);
        }
        let excess = paths.len().saturating_sub(MAX_CHOSEN);
        paths.drain(..excess);
    }

    /// The file to read for `requested`, a path the window sent: its canonical path when the admin chose
    /// that file in this session and it is a file, else why not.
    pub fn check(&self, requested: &str) -> Result<PathBuf, FileChoiceError> {
        let given = PathBuf::from(requested);
        let Ok(resolved) = std::fs::canonicalize(&given) else {
            return Err(FileChoiceError::NotChosen { path: given });
        };
        let known: HashSet<PathBuf> = self.paths.lock().unwrap_or_else(PoisonError::into_inner).iter().cloned().collect();
        if !known.contains(&resolved) {
            return Err(FileChoiceError::NotChosen { path: given });
        }
        if !resolved.is_file() {
            return Err(FileChoiceError::NotAFile { path: given });
        }
        Ok(resolved)
    }
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

    fn file(dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, "email\na@b.test\n").unwrap();
        path
    }

    #[test]
    fn only_chosen_files_can_be_read_under_any_spelling() {
        let tmp = tempfile::tempdir().unwrap();
        let picked = file(tmp.path(), "people.csv");
        let other = file(tmp.path(), "secret.csv");
        let chosen = ChosenFiles::default();
        assert_eq!(chosen.check(picked.to_str().unwrap()).unwrap_err().code(), "path_not_chosen", "nothing chosen yet");

        chosen.allow([picked.as_path()]);
        let canonical = std::fs::canonicalize(&picked).unwrap();
        assert_eq!(chosen.check(picked.to_str().unwrap()).unwrap(), canonical);
        let roundabout = tmp.path().join(".").join("sub").join("..").join("people.csv");
        std::fs::create_dir_all(tmp.path().join("sub")).unwrap();
        assert_eq!(chosen.check(roundabout.to_str().unwrap()).unwrap(), canonical);

        for refused in [other.to_str().unwrap(), "/etc/passwd", "relative/nothing.csv", ""] {
            let error = chosen.check(refused).unwrap_err();
            assert_eq!(error.code(), "path_not_chosen", "{refused}");
        }
        #[cfg(unix)]
        {
            let link = tmp.path().join("link.csv");
            std::os::unix::fs::symlink(&other, &link).unwrap();
            assert_eq!(chosen.check(link.to_str().unwrap()).unwrap_err().code(), "path_not_chosen", "a link to an unchosen file");
        }
    }

    #[test]
    fn a_chosen_folder_is_not_a_file_and_missing_drops_are_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let chosen = ChosenFiles::default();
        chosen.allow([tmp.path(), tmp.path().join("gone.csv").as_path()]);
        assert_eq!(chosen.check(tmp.path().to_str().unwrap()).unwrap_err().code(), "not_a_file");
        assert_eq!(chosen.paths.lock().unwrap().len(), 1);
    }

    #[test]
    fn the_oldest_choices_are_forgotten_beyond_the_cap() {
        let tmp = tempfile::tempdir().unwrap();
        let chosen = ChosenFiles::default();
        let first = file(tmp.path(), "first.csv");
        chosen.allow([first.as_path()]);
        let many: Vec<PathBuf> = (0..MAX_CHOSEN).map(|i| file(tmp.path(), &format!("{i}.csv"))).collect();
        chosen.allow(many.iter().map(PathBuf::as_path));
        assert_eq!(chosen.paths.lock().unwrap().len(), MAX_CHOSEN);
        assert_eq!(chosen.check(first.to_str().unwrap()).unwrap_err().code(), "path_not_chosen");
        assert!(chosen.check(many[MAX_CHOSEN - 1].to_str().unwrap()).is_ok());
    }
}
