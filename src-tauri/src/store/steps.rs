//! Rows of `setup_steps`: the last status of each step per environment (history is in `events`).

use super::{now_rfc3339, StoreError};
use crate::setup::StepState;
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRow {
    pub step_id: String,
    pub state: StepState,
    pub reason: Option<String>,
    pub actor: String,
    pub updated_at: String,
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<(String, String, Option<String>, String, String)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
}

fn into_step_row(raw: (String, String, Option<String>, String, String)) -> Result<StepRow, StoreError> {
    let (step_id, state, reason, actor, updated_at) = raw;
    let state = StepState::parse(&state).ok_or_else(|| StoreError::Corrupt(format!("step state {state}")))?;
    Ok(StepRow { step_id, state, reason, actor, updated_at })
}

pub fn all(conn: &Connection, environment_id: &str) -> Result<Vec<StepRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT step_id, state, reason, actor, updated_at FROM setup_steps WHERE environment_id = ?1",
    )?;
    let raws = stmt.query_map(params![environment_id], from_row)?.collect::<Result<Vec<_>, _>>()?;
    raws.into_iter().map(into_step_row).collect()
}

pub fn get(conn: &Connection, environment_id: &str, step_id: &str) -> Result<Option<StepRow>, StoreError> {
    let raw = conn
        .query_row(
            "SELECT step_id, state, reason, actor, updated_at FROM setup_steps
             WHERE environment_id = ?1 AND step_id = ?2",
            params![environment_id, step_id],
            from_row,
        )
        .optional()?;
    raw.map(into_step_row).transpose()
}

pub fn upsert(
    conn: &Connection,
    environment_id: &str,
    step_id: &str,
    state: StepState,
    reason: Option<&str>,
    actor: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO setup_steps (environment_id, step_id, state, reason, actor, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (environment_id, step_id) DO UPDATE SET
             state = excluded.state, reason = excluded.reason,
             actor = excluded.actor, updated_at = excluded.updated_at",
        params![environment_id, step_id, state.as_str(), reason, actor, now_rfc3339()],
    )?;
    Ok(())
}
