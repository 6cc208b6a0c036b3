//! Queries on the `account` table (one row: the simulated Sales account and its two connections).

use rusqlite::{params, OptionalExtension, Row, Transaction};

#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub seats_total: i64,
    pub sf_connected: bool,
    pub sf_instance_url: Option<String>,
    pub sf_org_id: Option<String>,
    pub sf_username: Option<String>,
    pub sf_connected_at: Option<i64>,
    pub mk_connected: bool,
    pub mk_munchkin_id: Option<String>,
    pub mk_connected_at: Option<i64>,
    pub mk_client_id: Option<String>,
}

const COLUMNS: &str = "id, name, seats_total, sf_connected, sf_instance_url, sf_org_id, sf_username, \
                       sf_connected_at, mk_connected, mk_munchkin_id, mk_connected_at, mk_client_id";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: row.get(0)?,
        name: row.get(1)?,
        seats_total: row.get(2)?,
        sf_connected: row.get(3)?,
        sf_instance_url: row.get(4)?,
        sf_org_id: row.get(5)?,
        sf_username: row.get(6)?,
        sf_connected_at: row.get(7)?,
        mk_connected: row.get(8)?,
        mk_munchkin_id: row.get(9)?,
        mk_connected_at: row.get(10)?,
        mk_client_id: row.get(11)?,
    })
}

pub fn exists(tx: &Transaction<'_>) -> rusqlite::Result<bool> {
    tx.query_row("SELECT EXISTS (SELECT 1 FROM account)", [], |row| row.get(0))
}

pub fn insert(tx: &Transaction<'_>, id: &str, name: &str, seats_total: i64, now: i64) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO account (id, name, seats_total, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, name, seats_total, now],
    )?;
    Ok(())
}

/// The account; `None` only if the state was emptied by hand.
pub fn get(tx: &Transaction<'_>) -> rusqlite::Result<Option<Account>> {
    tx.query_row(&format!("SELECT {COLUMNS} FROM account LIMIT 1"), [], from_row).optional()
}

pub fn connect_salesforce(
    tx: &Transaction<'_>,
    instance_url: &str,
    org_id: &str,
    username: &str,
    now: i64,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE account SET sf_connected = 1, sf_instance_url = ?1, sf_org_id = ?2, sf_username = ?3, \
         sf_connected_at = ?4",
        params![instance_url, org_id, username, now],
    )?;
    Ok(())
}

/// Records the Marketo connection. The client secret is checked by the caller and never stored.
pub fn connect_marketo(tx: &Transaction<'_>, munchkin_id: &str, client_id: &str, now: i64) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE account SET mk_connected = 1, mk_munchkin_id = ?1, mk_client_id = ?2, mk_connected_at = ?3",
        params![munchkin_id, client_id, now],
    )?;
    Ok(())
}
