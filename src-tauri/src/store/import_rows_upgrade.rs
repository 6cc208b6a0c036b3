//! The Rust step of migration 0009: every import staged before it (one `import_rows` row per CSV line)
//! is rewritten into chunks, its invitation links and hand-offs into their own tables, with the same row
//! numbers, verdicts and cells; then `import_rows` is dropped. Runs inside the migration's transaction.

use super::import_chunks::{ChunkBuilder, RowToEncode, STATUSES};
use super::{imports, StoreError};
use rusqlite::{params, Transaction};

/// The hook `M::up_with_hook` runs after 0009's SQL.
pub(super) fn hook(tx: &Transaction<'_>) -> rusqlite_migration::HookResult {
    convert(tx).map_err(|error| match error {
        StoreError::Sqlite(error) => rusqlite_migration::HookError::RusqliteError(error),
        other => rusqlite_migration::HookError::Hook(other.to_string()),
    })
}

fn convert(tx: &Transaction<'_>) -> Result<(), StoreError> {
    let mut stmt = tx.prepare(
        "SELECT import_id, row, raw, team, email_normalized, status, problems, duplicate_of, invitation_id, handed_off_at \
         FROM import_rows ORDER BY import_id, row",
    )?;
    let mut rows = stmt.query([])?;
    let mut current: Option<(i64, ChunkBuilder)> = None;
    while let Some(r) = rows.next()? {
        let import_id: i64 = r.get(0)?;
        let row = r.get::<_, i64>(1)? as u64;
        if current.as_ref().map(|(id, _)| *id) != Some(import_id) {
            if let Some((id, builder)) = current.take() {
                finish(tx, id, builder)?;
            }
            current = Some((import_id, ChunkBuilder::new()));
        }
        let raw: String = r.get(2)?;
        // Rows were always staged with a JSON array of cells; anything else is kept whole as one cell.
        let cells: Vec<String> = serde_json::from_str(&raw).unwrap_or_else(|_| vec![raw]);
        let status: String = r.get(5)?;
        let status = STATUSES.iter().position(|s| *s == status).ok_or_else(|| StoreError::Corrupt(format!("row status {status}")))?;
        let team: Option<String> = r.get(3)?;
        let email_normalized: Option<String> = r.get(4)?;
        let problems: String = r.get(6)?;
        let encoded = RowToEncode {
            row,
            status: status as u8,
            duplicate_of: r.get::<_, Option<i64>>(7)?.map(|d| d as u64),
            email_normalized: email_normalized.as_deref(),
            team: team.as_deref(),
            email_cell: None,
            team_cell: None,
            problems: Some(problems.as_str()).filter(|p| *p != "[]"),
            cells: &cells,
        };
        if let Some((_, builder)) = current.as_mut() {
            if let Some(chunk) = builder.push(&encoded)? {
                imports::insert_chunk(tx, import_id, &chunk)?;
            }
        }
        if let Some(invitation_id) = r.get::<_, Option<String>>(8)? {
            imports::set_invitation(tx, import_id, row, &invitation_id)?;
        }
        if let Some(at) = r.get::<_, Option<String>>(9)? {
            tx.execute("INSERT INTO import_handoffs (import_id, row, at) VALUES (?1, ?2, ?3)", params![import_id, row as i64, at])?;
        }
    }
    drop(rows);
    drop(stmt);
    if let Some((id, builder)) = current.take() {
        finish(tx, id, builder)?;
    }
    tx.execute_batch("DROP TABLE import_rows;")?;
    Ok(())
}

fn finish(tx: &Transaction<'_>, import_id: i64, builder: ChunkBuilder) -> Result<(), StoreError> {
    if let Some(chunk) = builder.finish() {
        imports::insert_chunk(tx, import_id, &chunk)?;
    }
    Ok(())
}
