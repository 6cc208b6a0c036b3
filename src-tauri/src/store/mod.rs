//! The app's single source of truth: one SQLite file (WAL) with embedded migrations.
//!
//! Every state change that matters (a step's status, an invitation's state) is written together with its
//! audit event in one `IMMEDIATE` transaction, so a crash leaves either both or neither. This module must
//! never hold secrets: tokens and client secrets belong to the OS keyring.

pub mod checks;
pub mod connections;
mod error;
pub mod events;
pub mod imports;
pub mod invitations;
pub mod settings;
pub mod steps;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

pub use error::StoreError;

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
    ])
}

/// Handle on the app database.
///
/// One connection behind a mutex: a desktop app has one writer, SQLite serialises writes anyway, and every
/// call holds the lock only for a few statements (no lock is ever held across an `.await`).
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let mut conn = Connection::open(path)
            .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // journal_mode answers with a row, so it is read rather than executed.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::NoWal(mode));
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Foreign keys are off during the migrations (the bundled SQLite starts with them on): rebuilding a
        // referenced table (SQLite cannot alter a CHECK) needs them off, and each such migration checks them
        // itself before it commits.
        conn.pragma_update(None, "foreign_keys", false)?;
        migrations().to_latest(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        Ok(Self { conn: Mutex::new(conn), path: path.to_path_buf() })
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
    fn timestamps_are_rfc3339_seconds() {
        let now = now_rfc3339();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.ends_with('Z'));
    }
}
