//! The app's single source of truth: one SQLite file (WAL) with embedded migrations.
//!
//! Every state change that matters (a step's status, an invitation's state) is written together with its
//! audit event in one `IMMEDIATE` transaction, so a crash leaves either both or neither. This module must
//! never hold secrets: tokens and client secrets belong to the OS keyring.

pub mod checks;
pub mod connections;
mod error;
pub mod events;
pub mod import_chunks;
mod import_rows_upgrade;
pub mod imports;
pub mod invitations;
mod set_aside;
pub mod settings;
pub mod steps;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

pub use error::StoreError;
pub use set_aside::MovedAside;

/// Embedded, numbered migrations; rusqlite_migration applies each one and its `user_version` bump atomically.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("migrations/0001_initial.sql")),
        M::up(include_str!("migrations/0002_connections.sql")),
        M::up(include_str!("migrations/0003_imports.sql")),
        M::up(include_str!("migrations/0004_import_handoff.sql")),
        M::up(include_str!("migrations/0005_step_checks.sql")),
        M::up(include_str!("migrations/0006_unconfirmed.sql")).foreign_key_check(),
        M::up(include_str!("migrations/0007_reconnect_needed.sql")).foreign_key_check(),
        M::up(include_str!("migrations/0008_verified_by.sql")),
        M::up_with_hook(include_str!("migrations/0009_import_chunks.sql"), import_rows_upgrade::hook),
    ])
}

/// Handle on the app database.
///
/// One connection behind a mutex: a desktop app has one writer, SQLite serialises writes anyway, and every
/// call holds the lock only for a few statements (no lock is ever held across an `.await`).
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
    moved_aside: Option<MovedAside>,
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up to date. A file SQLite cannot
    /// read as a database is moved aside with a note (`moved_aside` says where) and a fresh one is started:
    /// the app can run, and the old file stays for whoever can recover it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        match Self::open_checked(path) {
            Err(StoreError::Damaged { reason, .. }) => {
                let moved = set_aside::set_aside(path, &reason)?;
                tracing::warn!(moved_to = %moved.path, %reason, "the database was damaged and was moved aside");
                let mut store = Self::open_checked(path)?;
                store.moved_aside = Some(moved);
                Ok(store)
            }
            other => other,
        }
    }

    fn open_checked(path: &Path) -> Result<Self, StoreError> {
        let classify = |error: rusqlite::Error| classify(path, error);
        set_aside::check_existing(path)?;
        let mut conn = Connection::open(path).map_err(classify)?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(classify)?;
        // journal_mode answers with a row, so it is read rather than executed.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)).map_err(classify)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::NoWal(mode));
        }
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(classify)?;
        // Foreign keys are off during the migrations (the bundled SQLite starts with them on): rebuilding a
        // referenced table (SQLite cannot alter a CHECK) needs them off, and each such migration checks them
        // itself before it commits.
        conn.pragma_update(None, "foreign_keys", false).map_err(classify)?;
        migrations().to_latest(&mut conn).map_err(|error| match error {
            rusqlite_migration::Error::RusqliteError { err, .. } => classify(err),
            other => StoreError::Migration(other),
        })?;
        conn.pragma_update(None, "foreign_keys", true).map_err(classify)?;
        Ok(Self { conn: Mutex::new(conn), path: path.to_path_buf(), moved_aside: None })
    }

    /// The damaged database this start moved aside, if it did.
    pub fn moved_aside(&self) -> Option<&MovedAside> {
        self.moved_aside.as_ref()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Schema version applied (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.read(|conn| Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?))
    }

    /// Runs read-only work on the connection.
    pub fn read<T>(&self, work: impl FnOnce(&Connection) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let conn = self.lock()?;
        work(&conn)
    }

    /// Runs `work` in one IMMEDIATE transaction: committed if it returns Ok, rolled back otherwise.
    pub fn write<T>(&self, work: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    fn lock(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.conn.lock().map_err(|_| StoreError::Poisoned)
    }
}

/// Names what the user can act on (a full disk, a folder that cannot be written, a damaged file) rather than
/// SQLite's code.
pub(crate) fn classify(path: &Path, error: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    let path = path.to_path_buf();
    if set_aside::is_damage(&error) {
        return StoreError::Damaged { path, reason: error.to_string() };
    }
    match error.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => StoreError::Full { path },
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => StoreError::NotWritable { path, source: error },
        _ => StoreError::Open { path, source: error },
    }
}

/// Current time as RFC 3339 UTC with seconds, the format of every timestamp in the database.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        assert!(migrations().validate().is_ok());
    }

    #[test]
    fn a_full_disk_or_a_read_only_file_is_said_plainly() {
        let db = Path::new("/data/dir/msi-actions-setup.db");
        let sqlite = |code: i32| rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None);
        let full = classify(db, sqlite(rusqlite::ffi::SQLITE_FULL)).to_string();
        assert!(full.contains("/data/dir is full") && full.contains("Free some space") && full.contains("--data-dir"), "{full}");
        let read_only = classify(db, sqlite(rusqlite::ffi::SQLITE_READONLY)).to_string();
        assert!(read_only.contains("/data/dir cannot be written") && read_only.contains("MSI_SETUP_DATA_DIR"), "{read_only}");
        assert!(matches!(classify(db, sqlite(rusqlite::ffi::SQLITE_NOTADB)), StoreError::Damaged { .. }));
        assert!(matches!(classify(db, sqlite(rusqlite::ffi::SQLITE_CORRUPT)), StoreError::Damaged { .. }));
        assert!(matches!(classify(db, sqlite(rusqlite::ffi::SQLITE_BUSY)), StoreError::Open { .. }), "busy is not damage");
    }

    #[test]
    fn a_database_with_a_damaged_page_is_moved_aside_and_a_fresh_one_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.db");
        {
            let store = Store::open(&path).unwrap();
            store.write(|tx| settings::set(tx, "k", &"v".repeat(20_000))).unwrap();
            // Everything into the main file, so the damage below is all there is.
            store.read(|conn| Ok(conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?)).unwrap();
        }
        let mut bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() > 3 * 4096, "several pages");
        // Page 2 onwards overwritten: the header still says SQLite, the b-trees do not hold.
        for byte in &mut bytes[4096..3 * 4096] {
            *byte = 0xA5;
        }
        std::fs::write(&path, &bytes).unwrap();

        let store = Store::open(&path).unwrap();
        let moved = store.moved_aside().expect("moved aside").clone();
        assert_eq!(std::fs::read(&moved.path).unwrap(), bytes, "the damaged bytes are kept as found");
        assert!(Path::new(&moved.note).is_file());
        assert_eq!(store.read(|conn| settings::get(conn, "k")).unwrap(), None, "a fresh database");
        assert!(store.schema_version().unwrap() > 0);
        drop(store);
        assert!(Store::open(&path).unwrap().moved_aside().is_none(), "a sound database stays where it is");
    }

    #[test]
    fn timestamps_are_rfc3339_seconds() {
        let now = now_rfc3339();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.ends_with('Z'));
    }
}
