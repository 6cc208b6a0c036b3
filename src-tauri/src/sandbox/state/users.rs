//! Queries on the `users` table (active members of the account; an accepted invitation becomes one).

use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::Serialize;

use crate::sandbox::clock::ser_ms;

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub team_id: String,
    pub role: String,
    #[serde(serialize_with = "ser_ms")]
    pub created_at: i64,
}

const COLUMNS: &str = "seq, id, email, first_name, last_name, team_id, role, created_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<(i64, User)> {
    Ok((
        row.get(0)?,
        User {
            id: row.get(1)?,
            email: row.get(2)?,
            first_name: row.get(3)?,
            last_name: row.get(4)?,
            team_id: row.get(5)?,
            role: row.get(6)?,
            created_at: row.get(7)?,
        },
    ))
}

/// Adds a member; an existing member with the same email is left as it is.
pub fn insert(tx: &Transaction<'_>, user: &User, invitation_id: Option<&str>) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO users (id, email, first_name, last_name, team_id, role, invitation_id, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (email) DO NOTHING",
        params![
            user.id,
            user.email,
            user.first_name,
            user.last_name,
            user.team_id,
            user.role,
            invitation_id,
            user.created_at
        ],
    )?;
    Ok(())
}

pub fn find_by_email(tx: &Transaction<'_>, email: &str) -> rusqlite::Result<Option<User>> {
    tx.query_row(&format!("SELECT {COLUMNS} FROM users WHERE email = ?1"), [email], from_row)
        .optional()
        .map(|found| found.map(|(_, user)| user))
}

/// Up to `limit` members after `after_seq`, oldest first, with their sequence numbers (for the cursor).
pub fn page(
    tx: &Transaction<'_>,
    email: Option<&str>,
    after_seq: i64,
    limit: i64,
) -> rusqlite::Result<Vec<(i64, User)>> {
    let mut stmt = tx.prepare(&format!(
        "SELECT {COLUMNS} FROM users WHERE seq > ?1 AND (?2 IS NULL OR email = ?2) ORDER BY seq LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![after_seq, email, limit], from_row)?.collect();
    rows
}

pub fn count(tx: &Transaction<'_>) -> rusqlite::Result<i64> {
    tx.query_row("SELECT COUNT(*) FROM users", [], |row| row.get(0))
}

pub fn admin_emails(tx: &Transaction<'_>) -> rusqlite::Result<Vec<String>> {
    let mut stmt = tx.prepare("SELECT email FROM users WHERE role = 'admin' ORDER BY seq")?;
    let rows = stmt.query_map([], |row| row.get(0))?.collect();
    rows
}

/// Promotes an existing member to admin (step 1 of the setup invites Marketo admins).
pub fn make_admin(tx: &Transaction<'_>, email: &str) -> rusqlite::Result<bool> {
    Ok(tx.execute("UPDATE users SET role = 'admin' WHERE email = ?1 AND role <> 'admin'", [email])? > 0)
}
