//! Rows of `connections`: the last known state of each service connection per environment. Non-secret
//! facts only (the secrets module holds tokens); every change is written with its audit event.

use super::events::{self, EventEntity, NewEvent};
use super::{now_rfc3339, StoreError};
use rusqlite::{params, Connection, OptionalExtension};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionRow {
    pub environment_id: String,
    pub service: String,
    pub status: String,
    pub details: serde_json::Value,
    pub verified_how: Option<String>,
    pub verified_at: Option<String>,
    pub actor: String,
    pub updated_at: String,
}

pub fn get(conn: &Connection, environment_id: &str, service: &str) -> Result<Option<ConnectionRow>, StoreError> {
    let raw = conn
        .query_row(
            "SELECT environment_id, service, status, details, verified_how, verified_at, actor, updated_at
             FROM connections WHERE environment_id = ?1 AND service = ?2",
            params![environment_id, service],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, Option<String>>(5)?,
                    row.get::<_, String>(6)?,
                    row.get::<_, String>(7)?,
                ))
            },
        )
        .optional()?;
    raw.map(|(environment_id, service, status, details, verified_how, verified_at, actor, updated_at)| {
        let details = serde_json::from_str(&details).map_err(|e| StoreError::Corrupt(format!("connection details: {e}")))?;
        Ok(ConnectionRow { environment_id, service, status, details, verified_how, verified_at, actor, updated_at })
    })
    .transpose()
}

/// What a connection change records.
#[derive(Debug, Clone)]
pub struct ConnectionChange<'a> {
    pub environment_id: &'a str,
    pub service: &'a str,
    pub status: &'a str,
    pub details: serde_json::Value,
    /// How it was verified ("identity call", "test connection", "admin confirmed in the console"…).
    pub verified_how: Option<&'a str>,
}

/// Records a connection's new state with its audit event (the details, never a secret, go in the event).
pub fn record(conn: &Connection, change: &ConnectionChange<'_>, actor: &str) -> Result<ConnectionRow, StoreError> {
    let previous = get(conn, change.environment_id, change.service)?.map(|row| row.status);
    let now = now_rfc3339();
    let verified_at = change.verified_how.map(|_| now.clone());
    conn.execute(
        "INSERT INTO connections (environment_id, service, status, details, verified_how, verified_at, actor, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (environment_id, service) DO UPDATE SET
             status = excluded.status, details = excluded.details, verified_how = excluded.verified_how,
             verified_at = excluded.verified_at, actor = excluded.actor, updated_at = excluded.updated_at",
        params![
            change.environment_id,
            change.service,
            change.status,
            change.details.to_string(),
            change.verified_how,
            verified_at,
            actor,
            now
        ],
    )?;
    events::append(
        conn,
        &NewEvent {
            actor,
            environment_id: Some(change.environment_id),
            entity: EventEntity::Connection,
            entity_id: change.service,
            from_state: previous.as_deref(),
            to_state: Some(change.status),
            detail: Some(serde_json::json!({ "details": change.details, "verified_how": change.verified_how })),
        },
    )?;
    get(conn, change.environment_id, change.service)?
        .ok_or_else(|| StoreError::NotFound { entity: "connection", id: change.service.to_owned() })
}
