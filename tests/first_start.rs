//! First start on a machine where the data folder cannot be used, or the database is damaged: the app says
//! what happened and what to do, and loses nothing (a damaged database is moved aside with a note).

use msi_actions_setup::paths;
use msi_actions_setup::session::Session;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_msi-actions-setup");

fn status(data_dir: &Path) -> Output {
    Command::new(BIN)
        .args(["status", "--json", "--data-dir"])
        .arg(data_dir)
        .env_remove(paths::DATA_DIR_ENV)
        .output()
        .unwrap()
}

/// The files of the folder whose names start with `prefix`.
fn named(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn a_garbage_database_is_moved_aside_with_a_note_and_the_app_starts_afresh() {
    let dir = tempfile::tempdir().unwrap();
    let db = paths::database_path(dir.path());
    let garbage: Vec<u8> = (0..50_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(&db, &garbage).unwrap();
    std::fs::write(dir.path().join("msi-actions-setup.db-wal"), b"a log that belongs to the garbage").unwrap();

    let session = Session::start(dir.path()).await.expect("the app starts on a fresh database");
    let info = session.info().unwrap();
    let moved = info.moved_aside.clone().expect("the window is told");
    assert!(moved.path.contains("msi-actions-setup.db.corrupt-"), "{moved:?}");
    assert_eq!(std::fs::read(&moved.path).unwrap(), garbage, "the original bytes, untouched");
    assert_eq!(std::fs::read(format!("{}-wal", moved.path)).unwrap(), b"a log that belongs to the garbage");
    let note = std::fs::read_to_string(&moved.note).unwrap();
    assert!(note.contains(&moved.path) && note.contains(&moved.reason) && note.contains("not deleted"), "{note}");
    assert!(session.store.schema_version().unwrap() > 0, "a fresh database, migrated");
    assert!(!msi_actions_setup::setup::plan(&session.store, "sandbox").unwrap().is_empty(), "the plan is there");
    session.shutdown().await;

    // The next start finds a sound database: nothing more is moved, the earlier file stays.
    let again = Session::start(dir.path()).await.unwrap();
    assert!(again.info().unwrap().moved_aside.is_none());
    assert_eq!(named(dir.path(), "msi-actions-setup.db.corrupt-").len(), 3, "database, its -wal and the note");
    again.shutdown().await;
}

#[test]
fn the_cli_says_a_database_was_moved_aside_on_stderr_and_keeps_its_json_clean() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(paths::database_path(dir.path()), b"this is not an SQLite file, it is a shopping list").unwrap();
    let output = status(dir.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("moved aside") && stderr.contains(".corrupt-"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout is still one JSON object");
    assert_eq!(json["environment"]["id"], "sandbox");
    let moved = named(dir.path(), "msi-actions-setup.db.corrupt-");
    assert_eq!(std::fs::read(&moved[0]).unwrap(), b"this is not an SQLite file, it is a shopping list");
}

#[test]
fn a_data_folder_that_cannot_be_written_is_named_with_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    // Under a regular file: never a folder, whoever runs the test.
    let mut refused = vec![file.join("data")];
    // A folder that exists and refuses new files. Root ignores a 0555 mode, but not sysfs.
    #[cfg(target_os = "linux")]
    {
        let root = Command::new("id").arg("-u").output().is_ok_and(|out| out.stdout.starts_with(b"0\n"));
        if root {
            refused.push(PathBuf::from("/sys"));
        } else {
            use std::os::unix::fs::PermissionsExt;
            let dir = tmp.path().join("read-only");
            std::fs::create_dir(&dir).unwrap();
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
            refused.push(dir);
        }
    }
    for folder in refused {
        let output = status(&folder);
        assert!(!output.status.success(), "{}", folder.display());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(&folder.display().to_string()), "names the folder: {stderr}");
        assert!(stderr.contains("--data-dir") && stderr.contains("MSI_SETUP_DATA_DIR"), "says what to do: {stderr}");
        assert!(output.stdout.is_empty(), "no half report on stdout");
    }
}
