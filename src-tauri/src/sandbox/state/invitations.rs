//! Queries on the `invitations` table, and the transitions nobody asks for (bounce, expiry,
//! auto-accept), applied lazily at the start of every transaction as if they had happened on time.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::Serialize;
use uuid::Uuid;

use crate::sandbox::clock::{ser_ms, ser_opt_ms};
use crate::sandbox::state::users::{self, User};

/// How long an invitation stays pending before it expires (also after a resend).
pub const VALID_FOR_MS: i64 = 30 * 24 * 60 * 60 * 1000;
/// Invitations to this domain bounce.
pub const BOUNCE_DOMAIN: &str = "bounce.test";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Accepted,
    Expired,
    Revoked,
    Bounced,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
            Self::Bounced => "bounced",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Pending, Self::Accepted, Self::Expired, Self::Revoked, Self::Bounced]
            .into_iter()
            .find(|status| status.as_str() == text)
    }
}

impl ToSql for Status {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Status {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Self::parse(text).ok_or_else(|| FromSqlError::Other(format!("unknown invitation status {text:?}").into()))
    }
}

/// Who made an invitation: the seed, or a client through the API (only those can be duplicate sends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Seed,
    Api,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Self::Seed => "seed",
            Self::Api => "api",
        }
    }
}

/// An invitation, serialised as the contract shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Invitation {
    pub id: String,
    pub email: String,
    pub status: Status,
    pub team_id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub role: String,
    #[serde(serialize_with = "ser_ms")]
    pub created_at: i64,
    #[serde(serialize_with = "ser_ms")]
    pub expires_at: i64,
    #[serde(serialize_with = "ser_opt_ms")]
    pub accepted_at: Option<i64>,
    /// When it was last sent (created or resent); auto-accept counts from here.
    #[serde(skip)]
    pub sent_at: i64,
}

impl Invitation {
    pub fn new_pending(
        email: String,
        first_name: Option<String>,
        last_name: Option<String>,
        team_id: String,
        role: String,
        now: i64,
    ) -> Self {
        Self {
            id: Uuid::new_v4().to_string(),
            email,
            status: Status::Pending,
            team_id,
            first_name,
            last_name,
            role,
            created_at: now,
            expires_at: now.saturating_add(VALID_FOR_MS),
            accepted_at: None,
            sent_at: now,
        }
    }
}

const COLUMNS: &str =
    "seq, id, email, status, team_id, first_name, last_name, role, created_at, expires_at, accepted_at, sent_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<(i64, Invitation)> {
    Ok((
        row.get(0)?,
        Invitation {
            id: row.get(1)?,
            email: row.get(2)?,
            status: row.get(3)?,
            team_id: row.get(4)?,
            first_name: row.get(5)?,
            last_name: row.get(6)?,
            role: row.get(7)?,
            created_at: row.get(8)?,
            expires_at: row.get(9)?,
            accepted_at: row.get(10)?,
            sent_at: row.get(11)?,
        },
    ))
}

pub fn insert(
    tx: &Transaction<'_>,
    inv: &Invitation,
    origin: Origin,
    idempotency_key: Option<&str>,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO invitations (id, email, first_name, last_name, team_id, role, status, origin, \
         idempotency_key, created_at, sent_at, expires_at, accepted_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?10)",
        params![
            inv.id,
            inv.email,
            inv.first_name,
            inv.last_name,
            inv.team_id,
            inv.role,
            inv.status,
            origin.as_str(),
            idempotency_key,
            inv.created_at,
            inv.sent_at,
            inv.expires_at,
            inv.accepted_at
        ],
    )?;
    Ok(())
}

pub fn find(tx: &Transaction<'_>, id: &str) -> rusqlite::Result<Option<Invitation>> {
    tx.query_row(&format!("SELECT {COLUMNS} FROM invitations WHERE id = ?1"), [id], from_row)
        .optional()
        .map(|found| found.map(|(_, inv)| inv))
}

pub fn find_pending_by_email(tx: &Transaction<'_>, email: &str) -> rusqlite::Result<Option<Invitation>> {
    tx.query_row(
        &format!("SELECT {COLUMNS} FROM invitations WHERE email = ?1 AND status = 'pending'"),
        [email],
        from_row,
    )
    .optional()
    .map(|found| found.map(|(_, inv)| inv))
}

/// Whether a client already got a pending or accepted invitation for `email` through the API under a
/// different (or no) idempotency key: a second `POST /invitations` for it is then a duplicate send.
pub fn sent_before_by_client(tx: &Transaction<'_>, email: &str, key: Option<&str>) -> rusqlite::Result<bool> {
    tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM invitations WHERE email = ?1 AND origin = 'api' \
         AND status IN ('pending', 'accepted') \
         AND (?2 IS NULL OR idempotency_key IS NULL OR idempotency_key <> ?2))",
        params![email, key],
        |row| row.get(0),
    )
}

/// Up to `limit` invitations after `after_seq`, oldest first, with their sequence numbers.
pub fn page(
    tx: &Transaction<'_>,
    status: Option<Status>,
    email: Option<&str>,
    after_seq: i64,
    limit: i64,
) -> rusqlite::Result<Vec<(i64, Invitation)>> {
    let mut stmt = tx.prepare(&format!(
        "SELECT {COLUMNS} FROM invitations WHERE seq > ?1 AND (?2 IS NULL OR status = ?2) \
         AND (?3 IS NULL OR email = ?3) ORDER BY seq LIMIT ?4"
    ))?;
    let rows = stmt.query_map(params![after_seq, status, email, limit], from_row)?.collect();
    rows
}

pub fn count_pending(tx: &Transaction<'_>) -> rusqlite::Result<i64> {
    tx.query_row("SELECT COUNT(*) FROM invitations WHERE status = 'pending'", [], |row| row.get(0))
}

pub fn set_status(tx: &Transaction<'_>, id: &str, status: Status, now: i64) -> rusqlite::Result<()> {
    tx.execute("UPDATE invitations SET status = ?2, updated_at = ?3 WHERE id = ?1", params![id, status, now])?;
    Ok(())
}

/// Sends it again: pending, with a new expiry.
pub fn resend(tx: &Transaction<'_>, id: &str, now: i64) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE invitations SET status = 'pending', sent_at = ?2, expires_at = ?3, updated_at = ?2 WHERE id = ?1",
        params![id, now, now.saturating_add(VALID_FOR_MS)],
    )?;
    Ok(())
}

/// The invitee accepted: the invitation is closed and they become a member of its team with its role.
pub fn accept(tx: &Transaction<'_>, inv: &Invitation, now: i64) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE invitations SET status = 'accepted', accepted_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![inv.id, now],
    )?;
    let user = User {
        id: Uuid::new_v4().to_string(),
        email: inv.email.clone(),
        first_name: inv.first_name.clone(),
        last_name: inv.last_name.clone(),
        team_id: inv.team_id.clone(),
        role: inv.role.clone(),
        created_at: now,
    };
    users::insert(tx, &user, Some(&inv.id))
}

/// Bounces (domain `bounce.test`), auto-accepts (sent at least `accept_after_ms` ago) and expires
/// (past `expires_at`) pending invitations, in that order.
pub fn apply_lazy_transitions(tx: &Transaction<'_>, now: i64, accept_after_ms: Option<i64>) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE invitations SET status = 'bounced', updated_at = ?1 WHERE status = 'pending' AND email LIKE ?2",
        params![now, format!("%@{BOUNCE_DOMAIN}")],
    )?;
    if let Some(after) = accept_after_ms {
        let due = {
            let mut stmt = tx.prepare(&format!(
                "SELECT {COLUMNS} FROM invitations WHERE status = 'pending' AND sent_at <= ?1 ORDER BY seq"
            ))?;
            let rows = stmt.query_map([now.saturating_sub(after)], from_row)?.collect::<Result<Vec<_>, _>>()?;
            rows
        };
        for (_, inv) in due {
            accept(tx, &inv, now)?;
        }
    }
    tx.execute(
        "UPDATE invitations SET status = 'expired', updated_at = ?1 WHERE status = 'pending' AND expires_at <= ?1",
        [now],
    )?;
    Ok(())
}

/// Makes a pending invitation expire now (simulator control).
pub fn expire_now(tx: &Transaction<'_>, id: &str, now: i64) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE invitations SET status = 'expired', expires_at = ?2, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}
