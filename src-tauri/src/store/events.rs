//! Append-only audit trail. Rows are only ever inserted (triggers refuse UPDATE and DELETE), always inside
//! the transaction of the change they record.

use super::{now_rfc3339, StoreError};
use rusqlite::{params, Connection};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventEntity {
    Step,
    Invitation,
    App,
    Connection,
    Import,
}

impl EventEntity {
    fn as_str(self) -> &'static str {
        match self {
            Self::Step => "step",
            Self::Invitation => "invitation",
            Self::App => "app",
            Self::Connection => "connection",
            Self::Import => "import",
        }
    }
}

/// What one audit row says.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    pub actor: &'a str,
    pub environment_id: Option<&'a str>,
    pub entity: EventEntity,
    pub entity_id: &'a str,
    pub from_state: Option<&'a str>,
    pub to_state: Option<&'a str>,
    pub detail: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub environment_id: Option<String>,
    pub entity: String,
    pub entity_id: String,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub detail: Option<String>,
}

pub fn append(conn: &Connection, event: &NewEvent<'_>) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO events (at, actor, environment_id, entity, entity_id, from_state, to_state, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            now_rfc3339(),
            event.actor,
            event.environment_id,
            event.entity.as_str(),
            event.entity_id,
            event.from_state,
            event.to_state,
            event.detail.as_ref().map(|d| d.to_string()),
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Every event of one entity, oldest first.
pub fn for_entity(conn: &Connection, entity: EventEntity, entity_id: &str) -> Result<Vec<Event>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor, environment_id, entity, entity_id, from_state, to_state, detail
         FROM events WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![entity.as_str(), entity_id], |row| {
        Ok(Event {
            id: row.get(0)?,
            at: row.get(1)?,
            actor: row.get(2)?,
            environment_id: row.get(3)?,
            entity: row.get(4)?,
            entity_id: row.get(5)?,
            from_state: row.get(6)?,
            to_state: row.get(7)?,
            detail: row.get(8)?,
        })
    })?;
    let events = rows.collect::<Result<Vec<_>, _>>()?;
    Ok(events)
}
