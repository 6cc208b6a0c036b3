//! Queries on the `teams` table (the default team "Everyone" and the others).

use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub default: bool,
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Team> {
    Ok(Team { id: row.get(0)?, name: row.get(1)?, default: row.get(2)? })
}

pub fn insert(tx: &Transaction<'_>, team: &Team) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO teams (id, name, is_default) VALUES (?1, ?2, ?3)",
        params![team.id, team.name, team.default],
    )?;
    Ok(())
}

pub fn list(tx: &Transaction<'_>) -> rusqlite::Result<Vec<Team>> {
    let mut stmt = tx.prepare("SELECT id, name, is_default FROM teams ORDER BY seq")?;
    let teams = stmt.query_map([], from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(teams)
}

pub fn find(tx: &Transaction<'_>, id: &str) -> rusqlite::Result<Option<Team>> {
    tx.query_row("SELECT id, name, is_default FROM teams WHERE id = ?1", [id], from_row).optional()
}

pub fn default_team(tx: &Transaction<'_>) -> rusqlite::Result<Option<Team>> {
    tx.query_row("SELECT id, name, is_default FROM teams WHERE is_default = 1 ORDER BY seq LIMIT 1", [], from_row)
        .optional()
}
