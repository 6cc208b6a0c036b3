//! The simulator's own SQLite state: one file per sandbox, never the app's database, migrated by its own
//! embedded migrations, in WAL mode so it survives restarts and kills like a remote service would.
//!
//! One connection behind a `std::sync::Mutex`, used only from `spawn_blocking`: every write of the
//! contract is check-then-act (seats left, email already invited, idempotency key seen), so the
//! simulator has to serialise them anyway, and a pool would only add `SQLITE_BUSY`. The lock is held for
//! exactly one transaction and never across an `.await`; the blocking thread keeps file I/O off the
//! async workers.

pub mod account;
pub mod counters;
pub mod idempotency;
pub mod invitations;
mod seed;
pub mod sync;
pub mod teams;
pub mod users;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};

use crate::sandbox::clock::now_ms;

pub use seed::Seed;

/// The sandbox's schema, oldest first. Never edit a shipped file; add the next one.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_initial.sql")),
    M::up(include_str!("../migrations/0002_sync.sql")),
    M::up(include_str!("../migrations/0003_marketo_client.sql")),
];

fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

/// Why the sandbox state failed.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migrating the sandbox database: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("the database task stopped: {0}")]
    Task(#[from] tokio::task::JoinError),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
}

/// Handle to the state; cheap to clone.
#[derive(Clone)]
pub struct State {
    inner: Arc<Inner>,
}

struct Inner {
    conn: Mutex<Connection>,
    seed: Seed,
    /// Pending invitations sent at least this long ago read as accepted.
    accept_after_ms: Option<i64>,
}

impl State {
    /// Opens (creating if needed) the file, migrates it and seeds it when it is new.
    pub async fn open(path: PathBuf, seed: Seed, accept_after: Option<Duration>) -> Result<Self, StateError> {
        let seed_for_open = seed.clone();
        let conn = tokio::task::spawn_blocking(move || -> Result<Connection, StateError> {
            let mut conn = Connection::open(&path)?;
            configure(&conn)?;
            migrations().to_latest(&mut conn)?;
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if !account::exists(&tx)? {
                seed::seed(&tx, &seed_for_open, now_ms())?;
                tracing::info!(path = %path.display(), "sandbox state seeded");
            }
            tx.commit()?;
            Ok(conn)
        })
        .await??;
        let accept_after_ms = accept_after.map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        Ok(Self { inner: Arc::new(Inner { conn: Mutex::new(conn), seed, accept_after_ms }) })
    }

    /// Runs `work` in one IMMEDIATE transaction on a blocking thread, after the lazy transitions
    /// (bounce, expiry, auto-accept) are applied at the same instant `now` (ms) that `work` sees.
    /// Commits when `work` returns `Ok`, rolls back otherwise.
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&Transaction<'_>, i64) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StateError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            // A panic mid-transaction rolled it back when the Transaction dropped; the connection is fine.
            let mut conn = inner.conn.lock().unwrap_or_else(PoisonError::into_inner);
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(StateError::from)?;
            let now = now_ms();
            invitations::apply_lazy_transitions(&tx, now, inner.accept_after_ms).map_err(StateError::from)?;
            let value = work(&tx, now)?;
            tx.commit().map_err(StateError::from)?;
            Ok(value)
        })
        .await
        .map_err(|err| E::from(StateError::from(err)))?
    }

    /// Back to the seed: every table emptied and seeded again with this sandbox's configuration.
    pub async fn reset(&self) -> Result<(), StateError> {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || -> Result<(), StateError> {
            let mut conn = inner.conn.lock().unwrap_or_else(PoisonError::into_inner);
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(
                "DELETE FROM idempotency_keys; DELETE FROM counters; DELETE FROM users;
                 DELETE FROM invitations; DELETE FROM teams; DELETE FROM account;
                 DELETE FROM sync_jobs; DELETE FROM sync_settings;",
            )?;
            seed::seed(&tx, &inner.seed, now_ms())?;
            tx.commit()?;
            Ok(())
        })
        .await?
    }
}

/// WAL so readers never block the writer and a kill leaves a consistent file; NORMAL sync is durable
/// enough for a simulator; foreign keys on; wait rather than fail if another process holds the file.
fn configure(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.busy_timeout(Duration::from_secs(5))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(%mode, "sandbox state is not in WAL mode");
    }
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }
}
