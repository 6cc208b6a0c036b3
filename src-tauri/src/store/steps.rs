//! Rows of `setup_steps`: the last status of each step per environment (history is in `events`).

use super::{now_rfc3339, StoreError};
use crate::setup::{StepId, StepState, VerifiedBy};
use rusqlite::{params, Connection, OptionalExtension, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRow {
    /// As stored ("p1", "1" …): a row a newer version wrote may hold an id this one does not know.
    pub step_id: String,
    pub state: StepState,
    pub reason: Option<String>,
    pub actor: String,
    pub updated_at: String,
    pub verified_by: Option<VerifiedBy>,
}

/// What a status change writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewStatus<'a> {
    pub state: StepState,
    pub reason: Option<&'a str>,
    pub verified_by: Option<VerifiedBy>,
}

type RawRow = (String, String, Option<String>, String, String, Option<String>);

fn from_row(row: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?))
}

fn into_step_row(raw: RawRow) -> Result<StepRow, StoreError> {
    let (step_id, state, reason, actor, updated_at, verified_by) = raw;
    let state = StepState::parse(&state).ok_or_else(|| StoreError::Corrupt(format!("step state {state}")))?;
    let verified_by = match verified_by {
        None => None,
        Some(by) => Some(VerifiedBy::parse(&by).ok_or_else(|| StoreError::Corrupt(format!("step verified_by {by}")))?),
    };
    Ok(StepRow { step_id, state, reason, actor, updated_at, verified_by })
}

pub fn all(conn: &Connection, environment_id: &str) -> Result<Vec<StepRow>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT step_id, state, reason, actor, updated_at, verified_by FROM setup_steps WHERE environment_id = ?1",
    )?;
    let raws = stmt.query_map(params![environment_id], from_row)?.collect::<Result<Vec<_>, _>>()?;
    raws.into_iter().map(into_step_row).collect()
}

pub fn get(conn: &Connection, environment_id: &str, step_id: StepId) -> Result<Option<StepRow>, StoreError> {
    let raw = conn
        .query_row(
            "SELECT step_id, state, reason, actor, updated_at, verified_by FROM setup_steps
             WHERE environment_id = ?1 AND step_id = ?2",
            params![environment_id, step_id.as_str()],
            from_row,
        )
        .optional()?;
    raw.map(into_step_row).transpose()
}

pub fn upsert(
    conn: &Connection,
    environment_id: &str,
    step_id: StepId,
    status: &NewStatus<'_>,
    actor: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO setup_steps (environment_id, step_id, state, reason, actor, updated_at, verified_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (environment_id, step_id) DO UPDATE SET
             state = excluded.state, reason = excluded.reason,
             actor = excluded.actor, updated_at = excluded.updated_at, verified_by = excluded.verified_by",
        params![
            environment_id,
            step_id.as_str(),
            status.state.as_str(),
            status.reason,
            actor,
            now_rfc3339(),
            status.verified_by.map(VerifiedBy::as_str)
        ],
    )?;
    Ok(())
}
