//! `msi-actions-setup import` as a real process: the `--dry-run --json` contract (exactly one JSON object
//! on stdout, its fields and counts), the three exit codes, staging, and "already" from the local record.

use msi_actions_setup::store::invitations::{self, NewQueued};
use msi_actions_setup::store::Store;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_msi-actions-setup");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv").join(name)
}

fn import(data_dir: &Path, file: &Path, extra: &[&str]) -> Output {
    Command::new(BIN).arg("import").arg(file).arg("--data-dir").arg(data_dir).args(extra).env_remove("MSI_SETUP_DATA_DIR").output().unwrap()
}

/// Parses stdout as exactly one JSON object (and nothing else).
fn one_json(output: &Output) -> Value {
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    let mut stream = serde_json::Deserializer::from_str(&stdout).into_iter::<Value>();
    let value = stream.next().expect("one JSON value").expect("valid JSON");
    assert!(stream.next().is_none(), "exactly one JSON value: {stdout}");
    assert!(value.is_object());
    value
}

#[test]
fn dry_run_json_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let output = import(dir.path(), &fixture("spanish_semicolons_bom.csv"), &["--dry-run", "--json"]);
    assert_eq!(output.status.code(), Some(1), "some rows invalid: {}", String::from_utf8_lossy(&output.stderr));
    let json = one_json(&output);
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    for key in ["rows", "valid", "invalid", "duplicates", "already", "encoding", "delimiter", "errors"] {
        assert!(keys.contains(&key), "{key} in {json}");
    }
    assert_eq!(json["rows"], 5);
    assert_eq!(json["valid"], 3);
    assert_eq!(json["invalid"], 1);
    assert_eq!(json["duplicates"], 1);
    assert_eq!(json["already"], 0);
    assert_eq!(json["encoding"], "utf-8");
    assert_eq!(json["delimiter"], ";");
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["row"], 4);
    assert_eq!(errors[0]["column"], "Correo electrónico");
    assert_eq!(errors[0]["code"], "email_invalid");
    assert!(errors[0]["message"].as_str().unwrap().contains("not a valid email address"));
    assert!(json.get("import_id").is_none());
}

#[test]
fn exit_codes_say_clean_some_invalid_or_unusable() {
    let dir = tempfile::tempdir().unwrap();
    let clean = import(dir.path(), &fixture("excel_unicode_text.txt"), &["--dry-run", "--json"]);
    assert_eq!(clean.status.code(), Some(0));
    let json = one_json(&clean);
    assert_eq!((json["rows"].as_u64(), json["valid"].as_u64(), json["duplicates"].as_u64()), (Some(4), Some(3), Some(1)));
    assert_eq!(json["encoding"], "utf-16le");
    assert_eq!(json["delimiter"], "\t");
    let cp1252 = one_json(&import(dir.path(), &fixture("cp1252_accents.csv"), &["--dry-run", "--json"]));
    assert_eq!(cp1252["encoding"], "windows-1252");

    assert_eq!(import(dir.path(), &fixture("utf8_bom.csv"), &["--dry-run", "--json"]).status.code(), Some(1));

    for (name, says) in [
        ("empty.csv", "empty"),
        ("no_email_column.csv", "no column holds the email"),
        ("header_only.csv", "no data rows"),
        ("does_not_exist.csv", "cannot read"),
    ] {
        let output = import(dir.path(), &fixture(name), &["--dry-run", "--json"]);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(output.stdout.is_empty(), "{name}: nothing on stdout");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{name}: {stderr}");
    }
}

#[test]
fn already_invited_people_stay_valid_and_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(&dir.path().join("msi-actions-setup.db")).unwrap();
        store
            .write(|tx| {
                invitations::queue(
                    tx,
                    &NewQueued { environment_id: "sandbox", email: "luis@example.com", email_normalized: "luis@example.com", display_name: None, team_id: None, team_name: None },
                    "ana",
                )
            })
            .unwrap();
    }
    let json = one_json(&import(dir.path(), &fixture("duplicates_case_spaces.csv"), &["--dry-run", "--json"]));
    assert_eq!((json["rows"].as_u64(), json["valid"].as_u64(), json["duplicates"].as_u64(), json["already"].as_u64()), (Some(4), Some(2), Some(2), Some(1)));
}

#[test]
fn without_dry_run_the_rows_are_staged_and_nothing_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let output = import(dir.path(), &fixture("spanish_headers.csv"), &["--team", "SDR"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("staged 3 rows as import #1; invite them from the window"), "{stdout}");
    let store = Store::open(&dir.path().join("msi-actions-setup.db")).unwrap();
    let record = store.read(|c| msi_actions_setup::store::imports::get(c, 1)).unwrap();
    assert_eq!((record.counts.rows, record.counts.valid, record.counts.invalid), (3, 2, 1));
    let rows = msi_actions_setup::csv_import::preview_page(&store, 1, &[], 0, 10).unwrap();
    assert_eq!(rows[1].fields.team.as_deref(), Some("SDR"), "--team fills empty team cells");
    assert_eq!(rows[0].fields.team.as_deref(), Some("Everyone"), "Todos = the default team");
    let invitations: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM invitations", [], |r| r.get(0))?)).unwrap();
    assert_eq!(invitations, 0, "nothing sent or queued");

    let json = one_json(&import(dir.path(), &fixture("pipes.csv"), &["--json"]));
    assert_eq!(json["import_id"], 2);
}

/// The rows of each table an import can write to, and the database file's bytes.
fn database_state(dir: &Path) -> (Vec<i64>, Vec<u8>) {
    let db = dir.join("msi-actions-setup.db");
    let counts = {
        let store = Store::open(&db).unwrap();
        ["imports", "import_chunks", "import_row_links", "import_handoffs", "import_mappings", "events", "invitations"]
            .iter()
            .map(|table| store.read(|c| Ok(c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get::<_, i64>(0))?)).unwrap())
            .collect()
    };
    (counts, std::fs::read(&db).unwrap())
}

#[test]
fn a_dry_run_leaves_the_database_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // A database that already holds one import, so an extra import, row, mapping or event would show.
    assert_eq!(import(dir.path(), &fixture("spanish_headers.csv"), &[]).status.code(), Some(1));
    let before = database_state(dir.path());
    assert_eq!(&before.0[..2], [1, 1], "one import of 3 rows staged first (one chunk)");

    let bad = many_invalid_rows(dir.path());
    let output = import(dir.path(), &bad, &["--dry-run", "--json"]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let json = one_json(&output);
    assert_eq!((json["rows"].as_u64(), json["invalid"].as_u64()), (Some(30_000), Some(30_000)));
    assert!(json.get("import_id").is_none(), "a dry run names no import");
    let dry = import(dir.path(), &fixture("pipes.csv"), &["--dry-run"]);
    assert!(String::from_utf8_lossy(&dry.stdout).contains("Dry run: nothing was staged or sent."));

    let after = database_state(dir.path());
    assert_eq!(after.0, before.0, "no import, staged row, mapping, event or invitation added");
    assert_eq!(after.1.len(), before.1.len(), "the database file kept its size");
    assert!(after.1 == before.1, "the database file kept every byte");
}

/// A CSV whose text report is far larger than a pipe's buffer: 30,000 invalid rows, one line each.
fn many_invalid_rows(dir: &Path) -> PathBuf {
    let path = dir.join("many.csv");
    let mut text = String::from("Email,First Name\n");
    for i in 0..30_000 {
        text.push_str(&format!("not-an-address-{i},Person {i}\n"));
    }
    std::fs::write(&path, text).unwrap();
    path
}

/// Issue 10, point 12: `import … | head` — the reader goes away early. The command must end quietly
/// with its own exit code (1: rows invalid), never a panic (101) about a broken pipe.
#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let file = many_invalid_rows(dir.path());
    for extra in [&["--dry-run"][..], &["--dry-run", "--json"][..], &[][..]] {
        let mut child = Command::new(BIN)
            .arg("import")
            .arg(&file)
            .arg("--data-dir")
            .arg(dir.path())
            .args(extra)
            .env_remove("MSI_SETUP_DATA_DIR")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read a little, as `head -c 100` would, then close the pipe.
        let mut first = [0u8; 100];
        let mut stdout = child.stdout.take().unwrap();
        let _ = stdout.read(&mut first).unwrap();
        drop(stdout);
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let status = child.wait().unwrap();
        assert!(!stderr.contains("panicked"), "{extra:?}: {stderr}");
        assert_eq!(status.code(), Some(1), "{extra:?}: exit as if read to the end; stderr: {stderr}");
    }
}

#[test]
fn a_closed_stdout_does_not_panic_status_either() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    for extra in [&[][..], &["--json"][..]] {
        let mut child = Command::new(BIN)
            .arg("status")
            .arg("--data-dir")
            .arg(dir.path())
            .args(extra)
            .env_remove("MSI_SETUP_DATA_DIR")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Closed before the command writes a byte (it has a database to open first).
        drop(child.stdout.take());
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        let status = child.wait().unwrap();
        assert!(!stderr.contains("panicked"), "{extra:?}: {stderr}");
        assert_eq!(status.code(), Some(0), "{extra:?}: {stderr}");
    }
}

/// A cell over 1 MB makes the file unusable (exit 2) with where it is and what to do on stderr.
#[test]
fn a_cell_over_one_megabyte_is_exit_2_with_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big_cell.csv");
    std::fs::write(&path, format!("Email,Notes\nana@example.com,\"{}\"\n", "n".repeat(1_100_000))).unwrap();
    let output = import(dir.path(), &path, &["--dry-run", "--json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("row 2, column \"Notes\"") && stderr.contains("fix that cell"), "{stderr}");
}
