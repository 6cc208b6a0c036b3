//! Small key/value preferences (chosen language, active environment). Never secrets.

use super::StoreError;
use rusqlite::{params, Connection, OptionalExtension};

pub const LANGUAGE: &str = "language";
pub const ACTIVE_ENVIRONMENT: &str = "active_environment";

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", params![key], |row| row.get(0))
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
