//! Queries on the `idempotency_keys` table: the first answer to a write sent with an `Idempotency-Key`,
//! kept 24 h so a retry (even after a sandbox restart) gets the same answer and never acts twice.

use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::Value;

use crate::sandbox::state::StateError;

/// How long a key is remembered.
pub const TTL_MS: i64 = 24 * 60 * 60 * 1000;

/// A remembered answer and what it answered.
#[derive(Debug, Clone)]
pub struct Stored {
    /// `METHOD /path` of the request that first used the key.
    pub request: String,
    /// The normalised request body, to refuse the same key on a different request.
    pub fingerprint: String,
    pub status: u16,
    pub body: Value,
}

/// The answer stored under `key` less than 24 h ago, if any.
pub fn find(tx: &Transaction<'_>, key: &str, now: i64) -> Result<Option<Stored>, StateError> {
    let row = tx
        .query_row(
            "SELECT request, fingerprint, status, body FROM idempotency_keys WHERE key = ?1 AND created_at > ?2",
            params![key, now.saturating_sub(TTL_MS)],
            |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, u16>(2)?, row.get::<_, String>(3)?))
            },
        )
        .optional()?;
    let Some((request, fingerprint, status, body)) = row else { return Ok(None) };
    let body = serde_json::from_str(&body).map_err(|err| StateError::Corrupt(format!("idempotent answer: {err}")))?;
    Ok(Some(Stored { request, fingerprint, status, body }))
}

/// Remembers the answer (replacing a key older than 24 h) and forgets keys past their 24 h.
pub fn store(tx: &Transaction<'_>, key: &str, stored: &Stored, now: i64) -> Result<(), StateError> {
    tx.execute("DELETE FROM idempotency_keys WHERE created_at <= ?1", [now.saturating_sub(TTL_MS)])?;
    tx.execute(
        "INSERT OR REPLACE INTO idempotency_keys (key, request, fingerprint, status, body, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![key, stored.request, stored.fingerprint, stored.status, stored.body.to_string(), now],
    )?;
    Ok(())
}
