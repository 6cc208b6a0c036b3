//! Rows of `invitations`. Every write is a state transition checked against the state machine and
//! recorded with its audit event in the caller's transaction.

use super::events::{self, EventEntity, NewEvent};
use super::{now_rfc3339, StoreError};
use crate::invites::InvitationState;
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRecord {
    pub id: String,
    pub environment_id: String,
    pub email: String,
    pub email_normalized: String,
    pub display_name: Option<String>,
    pub team_id: Option<String>,
    pub team_name: Option<String>,
    pub state: InvitationState,
    pub reason_code: Option<String>,
    pub reason_message: Option<String>,
    pub retryable: bool,
    pub remote_id: Option<String>,
    pub idempotency_key: String,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

const COLUMNS: &str = "id, environment_id, email, email_normalized, display_name, team_id, team_name, state,
    reason_code, reason_message, retryable, remote_id, idempotency_key, created_by, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<InvitationRecord> {
    let state: String = row.get(7)?;
    let state = InvitationState::parse(&state).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, format!("invitation state {state}").into())
    })?;
    Ok(InvitationRecord {
        id: row.get(0)?,
        environment_id: row.get(1)?,
        email: row.get(2)?,
        email_normalized: row.get(3)?,
        display_name: row.get(4)?,
        team_id: row.get(5)?,
        team_name: row.get(6)?,
        state,
        reason_code: row.get(8)?,
        reason_message: row.get(9)?,
        retryable: row.get(10)?,
        remote_id: row.get(11)?,
        idempotency_key: row.get(12)?,
        created_by: row.get(13)?,
        created_at: row.get(14)?,
        updated_at: row.get(15)?,
    })
}

/// Newest first.
pub fn list(conn: &Connection, environment_id: &str) -> Result<Vec<InvitationRecord>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM invitations WHERE environment_id = ?1 ORDER BY created_at DESC, rowid DESC"
    ))?;
    let records = stmt.query_map(params![environment_id], from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(records)
}

/// Oldest first, so work resumes in the order it was asked for.
pub fn in_state(conn: &Connection, environment_id: &str, state: InvitationState) -> Result<Vec<InvitationRecord>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM invitations WHERE environment_id = ?1 AND state = ?2 ORDER BY updated_at, rowid"
    ))?;
    let records = stmt.query_map(params![environment_id, state.as_str()], from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(records)
}

/// Invitations whose send has no known outcome: left in `sending` by a crash, or `unconfirmed` after a
/// timeout, a lost connection or an unreadable answer. Oldest first; each must be looked up on the service
/// before it is sent again.
pub fn unsettled(conn: &Connection, environment_id: &str) -> Result<Vec<InvitationRecord>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM invitations WHERE environment_id = ?1 AND state IN ('sending', 'unconfirmed')
         ORDER BY updated_at, rowid"
    ))?;
    let records = stmt.query_map(params![environment_id], from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(records)
}

pub fn get(conn: &Connection, id: &str) -> Result<InvitationRecord, StoreError> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM invitations WHERE id = ?1"), params![id], from_row)
        .optional()?
        .ok_or_else(|| StoreError::NotFound { entity: "invitation", id: id.to_owned() })
}

pub fn find_by_email(conn: &Connection, environment_id: &str, email_normalized: &str) -> Result<Option<InvitationRecord>, StoreError> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM invitations WHERE environment_id = ?1 AND email_normalized = ?2"),
            params![environment_id, email_normalized],
            from_row,
        )
        .optional()?)
}

/// Current state of everyone in the record, by normalised email.
pub fn states_by_email(conn: &Connection, environment_id: &str) -> Result<HashMap<String, InvitationState>, StoreError> {
    Ok(list(conn, environment_id)?.into_iter().map(|r| (r.email_normalized, r.state)).collect())
}

/// A person to queue for an invitation.
#[derive(Debug, Clone)]
pub struct NewQueued<'a> {
    pub environment_id: &'a str,
    pub email: &'a str,
    pub email_normalized: &'a str,
    pub display_name: Option<&'a str>,
    pub team_id: Option<&'a str>,
    pub team_name: Option<&'a str>,
}

/// Queues a person: a new row, or an ended one (failed, skipped, expired, revoked) queued again. Either way
/// it gets a fresh idempotency key, because the old key would replay the old answer. A row whose send may
/// still be on the service (`sending`, `unconfirmed`) is never re-keyed here: only the reconcile queues it
/// again, with its own key (`transition`, which never touches the key).
pub fn queue(conn: &Connection, new: &NewQueued<'_>, actor: &str) -> Result<InvitationRecord, StoreError> {
    let now = now_rfc3339();
    let key = uuid::Uuid::new_v4().to_string();
    let existing = find_by_email(conn, new.environment_id, new.email_normalized)?;
    let (id, from_state) = match existing {
        Some(record) => {
            if record.state.holds_invitation() || !record.state.can_become(InvitationState::Queued) {
                return Err(StoreError::StaleState {
                    entity: "invitation",
                    id: record.id,
                    expected: "an ended invitation".into(),
                    actual: record.state.as_str().into(),
                });
            }
            conn.execute(
                "UPDATE invitations SET email = ?2, display_name = COALESCE(?3, display_name), team_id = ?4,
                    team_name = ?5, state = 'queued', reason_code = NULL, reason_message = NULL, retryable = 0,
                    remote_id = NULL, idempotency_key = ?6, updated_at = ?7
                 WHERE id = ?1",
                params![record.id, new.email, new.display_name, new.team_id, new.team_name, key, now],
            )?;
            (record.id, Some(record.state.as_str()))
        }
        None => {
            let id = uuid::Uuid::new_v4().to_string();
            conn.execute(
                &format!(
                    "INSERT INTO invitations ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', NULL, NULL, 0, NULL, ?8, ?9, ?10, ?10)"
                ),
                params![
                    id,
                    new.environment_id,
                    new.email,
                    new.email_normalized,
                    new.display_name,
                    new.team_id,
                    new.team_name,
                    key,
                    actor,
                    now
                ],
            )?;
            (id, None)
        }
    };
    events::append(
        conn,
        &NewEvent {
            actor,
            environment_id: Some(new.environment_id),
            entity: EventEntity::Invitation,
            entity_id: &id,
            from_state,
            to_state: Some(InvitationState::Queued.as_str()),
            detail: Some(serde_json::json!({ "email": new.email, "team": new.team_name })),
        },
    )?;
    get(conn, &id)
}

/// The outcome to record with a transition.
#[derive(Debug, Clone, Default)]
pub struct Outcome<'a> {
    pub reason_code: Option<&'a str>,
    pub reason_message: Option<&'a str>,
    pub retryable: bool,
    pub remote_id: Option<&'a str>,
}

/// Moves one invitation `from → to` if it is still in `from`, with its audit event.
pub fn transition(
    conn: &Connection,
    id: &str,
    from: InvitationState,
    to: InvitationState,
    outcome: &Outcome<'_>,
    actor: &str,
) -> Result<InvitationRecord, StoreError> {
    let current = get(conn, id)?;
    if current.state != from || !from.can_become(to) {
        return Err(StoreError::StaleState {
            entity: "invitation",
            id: id.to_owned(),
            expected: format!("{} (to become {})", from.as_str(), to.as_str()),
            actual: current.state.as_str().to_owned(),
        });
    }
    conn.execute(
        "UPDATE invitations SET state = ?2, reason_code = ?3, reason_message = ?4, retryable = ?5,
            remote_id = COALESCE(?6, remote_id), updated_at = ?7
         WHERE id = ?1 AND state = ?8",
        params![
            id,
            to.as_str(),
            outcome.reason_code,
            outcome.reason_message,
            outcome.retryable,
            outcome.remote_id,
            now_rfc3339(),
            from.as_str()
        ],
    )?;
    let mut detail = serde_json::Map::new();
    if let Some(code) = outcome.reason_code {
        detail.insert("reason".into(), code.into());
    }
    if let Some(remote_id) = outcome.remote_id {
        detail.insert("remote_id".into(), remote_id.into());
    }
    events::append(
        conn,
        &NewEvent {
            actor,
            environment_id: Some(&current.environment_id),
            entity: EventEntity::Invitation,
            entity_id: id,
            from_state: Some(from.as_str()),
            to_state: Some(to.as_str()),
            detail: (!detail.is_empty()).then_some(serde_json::Value::Object(detail)),
        },
    )?;
    get(conn, id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn queued(store: &Store, email: &str) -> InvitationRecord {
        store
            .write(|tx| {
                queue(tx, &NewQueued {
                    environment_id: "sandbox",
                    email,
                    email_normalized: email,
                    display_name: None,
                    team_id: None,
                    team_name: None,
                }, "t")
            })
            .expect("queued")
    }

    fn move_to(store: &Store, id: &str, from: InvitationState, to: InvitationState) -> InvitationRecord {
        store.write(|tx| transition(tx, id, from, to, &Outcome::default(), "t")).expect("transition")
    }

    #[test]
    fn a_send_with_no_known_outcome_keeps_its_key_through_the_requeue() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("app.db")).expect("store");
        let record = queued(&store, "a@x.com");
        move_to(&store, &record.id, InvitationState::Queued, InvitationState::Sending);
        move_to(&store, &record.id, InvitationState::Sending, InvitationState::Unconfirmed);
        let unsettled = store.read(|c| unsettled(c, "sandbox")).expect("read");
        assert_eq!(unsettled.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), [record.id.as_str()]);
        let requeued = move_to(&store, &record.id, InvitationState::Unconfirmed, InvitationState::Queued);
        assert_eq!(requeued.idempotency_key, record.idempotency_key, "not found on the service: same key");
    }

    #[test]
    fn queueing_a_person_whose_send_may_be_on_the_service_is_refused_not_rekeyed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("app.db")).expect("store");
        let record = queued(&store, "b@x.com");
        move_to(&store, &record.id, InvitationState::Queued, InvitationState::Sending);
        for state in [InvitationState::Sending, InvitationState::Unconfirmed] {
            if state == InvitationState::Unconfirmed {
                move_to(&store, &record.id, InvitationState::Sending, InvitationState::Unconfirmed);
            }
            let again = store.write(|tx| {
                queue(tx, &NewQueued {
                    environment_id: "sandbox",
                    email: "b@x.com",
                    email_normalized: "b@x.com",
                    display_name: None,
                    team_id: None,
                    team_name: None,
                }, "t")
            });
            assert!(matches!(again, Err(StoreError::StaleState { .. })), "{state:?}: {again:?}");
            let now = store.read(|c| get(c, &record.id)).expect("read");
            assert_eq!((now.state, now.idempotency_key.as_str()), (state, record.idempotency_key.as_str()));
        }
    }
}
