//! Queries on the `counters` table: the numbers `GET /_sandbox/stats` reports about invitations, bumped
//! in the same transaction as what they count so they can never disagree with the state.

use rusqlite::{OptionalExtension, Transaction};

pub const INVITATIONS_CREATED: &str = "invitations_created";
pub const DUPLICATE_SENDS: &str = "duplicate_sends";

pub fn bump(tx: &Transaction<'_>, name: &str) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO counters (name, value) VALUES (?1, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1",
        [name],
    )?;
    Ok(())
}

pub fn get(tx: &Transaction<'_>, name: &str) -> rusqlite::Result<i64> {
    Ok(tx.query_row("SELECT value FROM counters WHERE name = ?1", [name], |row| row.get(0)).optional()?.unwrap_or(0))
}
