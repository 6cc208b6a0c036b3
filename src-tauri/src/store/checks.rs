//! The `step_checks` table: the last verification of each step per environment (findings as JSON), written
//! with its audit event in the caller's transaction. Never holds a secret.

use super::events::{self, EventEntity, NewEvent};
use super::{now_rfc3339, StoreError};
use rusqlite::{params, Connection};

/// One stored check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    pub step_id: String,
    pub outcome: String,
    pub findings: String,
    pub checked_at: String,
    pub actor: String,
}

/// Replaces the step's last check and appends an event (call inside a transaction). Returns `checked_at`.
pub fn record(conn: &Connection, environment_id: &str, step_id: &str, outcome: &str, findings: &str, actor: &str) -> Result<String, StoreError> {
    let now = now_rfc3339();
    conn.execute(
        "INSERT INTO step_checks (environment_id, step_id, outcome, findings, checked_at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (environment_id, step_id) DO UPDATE SET outcome = excluded.outcome, findings = excluded.findings, \
         checked_at = excluded.checked_at, actor = excluded.actor",
        params![environment_id, step_id, outcome, findings, now, actor],
    )?;
    events::append(
        conn,
        &NewEvent {
            actor,
            environment_id: Some(environment_id),
            entity: EventEntity::Step,
            entity_id: step_id,
            from_state: None,
            to_state: None,
            detail: Some(serde_json::json!({ "checked": outcome, "findings": serde_json::from_str::<serde_json::Value>(findings).unwrap_or_default() })),
        },
    )?;
    Ok(now)
}

/// The last check of every step of an environment.
pub fn all(conn: &Connection, environment_id: &str) -> Result<Vec<CheckRow>, StoreError> {
    let mut stmt = conn.prepare("SELECT step_id, outcome, findings, checked_at, actor FROM step_checks WHERE environment_id = ?1 ORDER BY step_id")?;
    let rows = stmt
        .query_map([environment_id], |r| Ok(CheckRow { step_id: r.get(0)?, outcome: r.get(1)?, findings: r.get(2)?, checked_at: r.get(3)?, actor: r.get(4)? }))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
