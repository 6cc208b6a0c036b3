//! The `imports`, `import_rows` and `import_mappings` tables: one row per CSV file read, each of its rows
//! staged with its verdict, and the mapping last confirmed for a header set. Rows are inserted in batches
//! with one cached prepared statement inside the caller's transaction. Never holds a secret.

use super::StoreError;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// What is known of a file when its import starts.
#[derive(Debug, Clone)]
pub struct NewImport<'a> {
    pub environment_id: Option<&'a str>,
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub size: u64,
    pub encoding: &'a str,
    pub bom: bool,
    pub delimiter: &'a str,
    /// JSON array of the header cells.
    pub headers: &'a str,
    /// JSON of the mapping used.
    pub mapping: &'a str,
    pub actor: &'a str,
}

/// Counts written when the import is staged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub rows: u64,
    pub valid: u64,
    pub invalid: u64,
    pub duplicates: u64,
    pub already: u64,
    pub over_seats: u64,
}

/// One `imports` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRecord {
    pub id: i64,
    pub environment_id: Option<String>,
    pub file_name: String,
    pub sha256: String,
    pub size: u64,
    pub encoding: String,
    pub bom: bool,
    pub delimiter: String,
    pub headers: String,
    pub mapping: String,
    pub counts: ImportCounts,
    /// `staging` while rows are written, `staged` once complete.
    pub state: String,
    pub created_at: String,
    pub actor: String,
}

/// One staged row as stored (JSON columns left as text for the caller to read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedRow {
    pub row: u64,
    pub raw: String,
    /// The team the person will join (resolved: "Todos" → the default team).
    pub team: Option<String>,
    pub email_normalized: Option<String>,
    pub status: String,
    pub problems: String,
    pub duplicate_of: Option<u64>,
    pub invitation_id: Option<String>,
    /// When the admin confirmed importing this row in the console (hand-off route).
    pub handed_off_at: Option<String>,
    /// State and reason of the linked invitation (read only, joined from `invitations`).
    pub invitation_state: Option<String>,
    pub invitation_reason: Option<String>,
}

/// One row to stage, as `insert_rows` writes it (the columns set later, such as `invitation_id`, start empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRow {
    pub row: u64,
    /// JSON array of the original cells.
    pub raw: String,
    pub team: Option<String>,
    pub email_normalized: Option<String>,
    /// `valid`, `invalid`, `duplicate`, `already` or `over_seats`.
    pub status: &'static str,
    /// JSON array of the problems; `None` = none (`[]`).
    pub problems: Option<String>,
    pub duplicate_of: Option<u64>,
}

const IMPORT_COLUMNS: &str = "id, environment_id, file_name, sha256, size, encoding, bom, delimiter, headers, mapping, \
     rows, valid, invalid, duplicates, already, over_seats, state, created_at, actor";

fn import_from_row(row: &Row<'_>) -> rusqlite::Result<ImportRecord> {
    Ok(ImportRecord {
        id: row.get(0)?,
        environment_id: row.get(1)?,
        file_name: row.get(2)?,
        sha256: row.get(3)?,
        size: row.get::<_, i64>(4)? as u64,
        encoding: row.get(5)?,
        bom: row.get(6)?,
        delimiter: row.get(7)?,
        headers: row.get(8)?,
        mapping: row.get(9)?,
        counts: ImportCounts {
            rows: row.get::<_, i64>(10)? as u64,
            valid: row.get::<_, i64>(11)? as u64,
            invalid: row.get::<_, i64>(12)? as u64,
            duplicates: row.get::<_, i64>(13)? as u64,
            already: row.get::<_, i64>(14)? as u64,
            over_seats: row.get::<_, i64>(15)? as u64,
        },
        state: row.get(16)?,
        created_at: row.get(17)?,
        actor: row.get(18)?,
    })
}

/// Creates the import in state `staging`; returns its id.
pub fn create(conn: &Connection, new: &NewImport<'_>) -> Result<i64, StoreError> {
    conn.execute(
        "INSERT INTO imports (environment_id, file_name, sha256, size, encoding, bom, delimiter, headers, mapping, created_at, actor) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            new.environment_id,
            new.file_name,
            new.sha256,
            new.size as i64,
            new.encoding,
            new.bom,
            new.delimiter,
            new.headers,
            new.mapping,
            super::now_rfc3339(),
            new.actor
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Rows per multi-row `INSERT` statement (8 parameters each, well under SQLite's limit).
const ROWS_PER_STATEMENT: usize = 256;

fn insert_sql(rows: usize) -> String {
    let values = vec!["(?, ?, ?, ?, ?, ?, ?, ?)"; rows].join(", ");
    format!("INSERT INTO import_rows (import_id, row, raw, team, email_normalized, status, problems, duplicate_of) VALUES {values}")
}

/// Inserts a batch of rows with cached prepared multi-row statements (call inside a transaction).
pub fn insert_rows(conn: &Connection, import_id: i64, rows: &[NewRow]) -> Result<(), StoreError> {
    let full_sql = insert_sql(ROWS_PER_STATEMENT);
    let mut chunks = rows.chunks_exact(ROWS_PER_STATEMENT);
    for chunk in chunks.by_ref() {
        let mut stmt = conn.prepare_cached(&full_sql)?;
        bind_into(&mut stmt, import_id, chunk)?;
        stmt.raw_execute()?;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut stmt = conn.prepare(&insert_sql(rest.len()))?;
        bind_into(&mut stmt, import_id, rest)?;
        stmt.raw_execute()?;
    }
    Ok(())
}

/// Page cache (KiB) while an import's rows are inserted: enough for the pages 200,000 rows touch, so none
/// is spilled to the WAL and written again before the commit. Bounded; the usual size comes back after.
const BULK_CACHE_KIB: i64 = 64 * 1024;

/// Inserts every batch `batches` yields (call inside one transaction) with a page cache large enough for
/// the whole import, restoring the connection's own size afterwards (on error too).
pub fn insert_all(conn: &Connection, import_id: i64, batches: impl IntoIterator<Item = Vec<NewRow>>) -> Result<(), StoreError> {
    let usual: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
    let inserted = batches.into_iter().try_for_each(|batch| insert_rows(conn, import_id, &batch));
    conn.pragma_update(None, "cache_size", usual)?;
    inserted
}

fn bind_into(stmt: &mut rusqlite::Statement<'_>, import_id: i64, rows: &[NewRow]) -> Result<(), StoreError> {
    for (i, row) in rows.iter().enumerate() {
        let base = i * 8;
        stmt.raw_bind_parameter(base + 1, import_id)?;
        stmt.raw_bind_parameter(base + 2, row.row as i64)?;
        stmt.raw_bind_parameter(base + 3, &row.raw)?;
        stmt.raw_bind_parameter(base + 4, &row.team)?;
        stmt.raw_bind_parameter(base + 5, &row.email_normalized)?;
        stmt.raw_bind_parameter(base + 6, row.status)?;
        stmt.raw_bind_parameter(base + 7, row.problems.as_deref().unwrap_or("[]"))?;
        stmt.raw_bind_parameter(base + 8, row.duplicate_of.map(|r| r as i64))?;
    }
    Ok(())
}

/// Records the final counts (and the file's hash and size, known only once read) and marks it `staged`.
pub fn finish(conn: &Connection, import_id: i64, counts: &ImportCounts, sha256: &str, size: u64) -> Result<(), StoreError> {
    let changed = conn.execute(
        "UPDATE imports SET rows = ?2, valid = ?3, invalid = ?4, duplicates = ?5, already = ?6, over_seats = ?7, \
         sha256 = ?8, size = ?9, state = 'staged' WHERE id = ?1",
        params![
            import_id,
            counts.rows as i64,
            counts.valid as i64,
            counts.invalid as i64,
            counts.duplicates as i64,
            counts.already as i64,
            counts.over_seats as i64,
            sha256,
            size as i64
        ],
    )?;
    if changed == 0 {
        return Err(StoreError::NotFound { entity: "import", id: import_id.to_string() });
    }
    Ok(())
}

pub fn get(conn: &Connection, import_id: i64) -> Result<ImportRecord, StoreError> {
    conn.query_row(&format!("SELECT {IMPORT_COLUMNS} FROM imports WHERE id = ?1"), [import_id], import_from_row)
        .optional()?
        .ok_or_else(|| StoreError::NotFound { entity: "import", id: import_id.to_string() })
}

/// Every import, newest first.
pub fn list(conn: &Connection) -> Result<Vec<ImportRecord>, StoreError> {
    let mut stmt = conn.prepare(&format!("SELECT {IMPORT_COLUMNS} FROM imports ORDER BY id DESC"))?;
    let rows = stmt.query_map([], import_from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn staged_from_row(row: &Row<'_>) -> rusqlite::Result<StagedRow> {
    Ok(StagedRow {
        row: row.get::<_, i64>(0)? as u64,
        raw: row.get(1)?,
        team: row.get(2)?,
        email_normalized: row.get(3)?,
        status: row.get(4)?,
        problems: row.get(5)?,
        duplicate_of: row.get::<_, Option<i64>>(6)?.map(|r| r as u64),
        invitation_id: row.get(7)?,
        handed_off_at: row.get(8)?,
        invitation_state: row.get(9)?,
        invitation_reason: row.get(10)?,
    })
}

const ROW_COLUMNS: &str = "row, raw, team, email_normalized, status, problems, duplicate_of, invitation_id, handed_off_at, \
     (SELECT i.state FROM invitations i WHERE i.id = import_rows.invitation_id), \
     (SELECT i.reason_message FROM invitations i WHERE i.id = import_rows.invitation_id)";

/// A page of rows in file order, optionally only those in `statuses`.
pub fn rows_page(conn: &Connection, import_id: i64, statuses: &[&str], offset: u64, limit: u64) -> Result<Vec<StagedRow>, StoreError> {
    let filter = if statuses.is_empty() {
        String::new()
    } else {
        format!(" AND status IN ({})", statuses.iter().map(|_| "?").collect::<Vec<_>>().join(", "))
    };
    let sql = format!("SELECT {ROW_COLUMNS} FROM import_rows WHERE import_id = ?{filter} ORDER BY row LIMIT ? OFFSET ?");
    let mut stmt = conn.prepare(&sql)?;
    let mut values: Vec<rusqlite::types::Value> = vec![import_id.into()];
    values.extend(statuses.iter().map(|s| rusqlite::types::Value::from(s.to_string())));
    values.push((limit.min(i64::MAX as u64) as i64).into());
    values.push((offset.min(i64::MAX as u64) as i64).into());
    let rows = stmt.query_map(rusqlite::params_from_iter(values), staged_from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Rows whose problems include `code` (e.g. `team_unknown`), in file order.
pub fn rows_with_problem(conn: &Connection, import_id: i64, code: &str, offset: u64, limit: u64) -> Result<Vec<StagedRow>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROW_COLUMNS} FROM import_rows WHERE import_id = ?1 AND status = 'invalid' \
         AND EXISTS (SELECT 1 FROM json_each(problems) WHERE json_extract(value, '$.code') = ?2) ORDER BY row LIMIT ?3 OFFSET ?4"
    ))?;
    let rows = stmt
        .query_map(params![import_id, code, limit.min(i64::MAX as u64) as i64, offset.min(i64::MAX as u64) as i64], staged_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Calls `each` on every row in file order, streaming (for exports).
pub fn for_each_row(conn: &Connection, import_id: i64, mut each: impl FnMut(StagedRow) -> Result<(), StoreError>) -> Result<(), StoreError> {
    let mut stmt = conn.prepare(&format!("SELECT {ROW_COLUMNS} FROM import_rows WHERE import_id = ?1 ORDER BY row"))?;
    let mut rows = stmt.query([import_id])?;
    while let Some(row) = rows.next()? {
        each(staged_from_row(row)?)?;
    }
    Ok(())
}

/// Rows matching `statuses` (empty = all).
pub fn count_rows(conn: &Connection, import_id: i64, statuses: &[&str]) -> Result<u64, StoreError> {
    let filter = if statuses.is_empty() {
        String::new()
    } else {
        format!(" AND status IN ({})", statuses.iter().map(|_| "?").collect::<Vec<_>>().join(", "))
    };
    let mut values: Vec<rusqlite::types::Value> = vec![import_id.into()];
    values.extend(statuses.iter().map(|s| rusqlite::types::Value::from(s.to_string())));
    let count: i64 =
        conn.query_row(&format!("SELECT count(*) FROM import_rows WHERE import_id = ?{filter}"), rusqlite::params_from_iter(values), |r| r.get(0))?;
    Ok(count as u64)
}

/// Invalid rows having a problem with `code`.
pub fn count_with_problem(conn: &Connection, import_id: i64, code: &str) -> Result<u64, StoreError> {
    let count: i64 = conn.query_row(
        "SELECT count(*) FROM import_rows WHERE import_id = ?1 AND status = 'invalid' \
         AND EXISTS (SELECT 1 FROM json_each(problems) WHERE json_extract(value, '$.code') = ?2)",
        params![import_id, code],
        |r| r.get(0),
    )?;
    Ok(count as u64)
}

/// How many invalid rows have each problem code (a row with two problems counts under both).
pub fn problem_counts(conn: &Connection, import_id: i64) -> Result<Vec<(String, u64)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT json_extract(p.value, '$.code') AS code, count(DISTINCT r.row) FROM import_rows r, json_each(r.problems) p \
         WHERE r.import_id = ?1 AND r.status = 'invalid' GROUP BY code ORDER BY code",
    )?;
    let rows = stmt.query_map([import_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)))?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Where the valid rows of an import stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SendCounts {
    /// Valid rows neither invited nor handed off yet.
    pub to_invite: u64,
    pub invited: u64,
    pub handed_off: u64,
}

pub fn send_counts(conn: &Connection, import_id: i64) -> Result<SendCounts, StoreError> {
    Ok(conn.query_row(
        "SELECT \
           coalesce(sum(status = 'valid' AND invitation_id IS NULL AND handed_off_at IS NULL), 0), \
           coalesce(sum(invitation_id IS NOT NULL), 0), \
           coalesce(sum(handed_off_at IS NOT NULL), 0) \
         FROM import_rows WHERE import_id = ?1",
        [import_id],
        |r| Ok(SendCounts { to_invite: r.get::<_, i64>(0)? as u64, invited: r.get::<_, i64>(1)? as u64, handed_off: r.get::<_, i64>(2)? as u64 }),
    )?)
}

/// Valid rows neither invited nor handed off yet, in file order.
pub fn rows_to_send(conn: &Connection, import_id: i64) -> Result<Vec<StagedRow>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ROW_COLUMNS} FROM import_rows WHERE import_id = ?1 AND status = 'valid' \
         AND invitation_id IS NULL AND handed_off_at IS NULL ORDER BY row"
    ))?;
    let rows = stmt.query_map([import_id], staged_from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Marks `rows` handed off to the console, with one audit event for the import (call inside a transaction).
pub fn mark_handed_off(conn: &Connection, import_id: i64, rows: &[u64], environment_id: Option<&str>, actor: &str) -> Result<u64, StoreError> {
    let now = super::now_rfc3339();
    let mut stmt = conn.prepare_cached(
        "UPDATE import_rows SET handed_off_at = ?3 WHERE import_id = ?1 AND row = ?2 AND status = 'valid' \
         AND invitation_id IS NULL AND handed_off_at IS NULL",
    )?;
    let mut marked = 0u64;
    for row in rows {
        marked += stmt.execute(params![import_id, *row as i64, now])? as u64;
    }
    super::events::append(
        conn,
        &super::events::NewEvent {
            actor,
            environment_id,
            entity: super::events::EventEntity::Import,
            entity_id: &import_id.to_string(),
            from_state: Some("staged"),
            to_state: Some("handed_off"),
            detail: Some(serde_json::json!({ "rows": marked })),
        },
    )?;
    Ok(marked)
}

/// The newest import of an environment.
pub fn latest(conn: &Connection, environment_id: &str) -> Result<Option<ImportRecord>, StoreError> {
    Ok(conn
        .query_row(
            &format!("SELECT {IMPORT_COLUMNS} FROM imports WHERE environment_id = ?1 AND state = 'staged' ORDER BY id DESC LIMIT 1"),
            [environment_id],
            import_from_row,
        )
        .optional()?)
}

/// Links a staged row to the invitation created from it.
pub fn set_invitation(conn: &Connection, import_id: i64, row: u64, invitation_id: &str) -> Result<(), StoreError> {
    conn.execute("UPDATE import_rows SET invitation_id = ?3 WHERE import_id = ?1 AND row = ?2", params![import_id, row as i64, invitation_id])?;
    Ok(())
}

/// The mapping last confirmed for a header set, as JSON.
pub fn remembered_mapping(conn: &Connection, header_key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn.query_row("SELECT mapping FROM import_mappings WHERE header_key = ?1", [header_key], |r| r.get(0)).optional()?)
}

/// Remembers the mapping for a header set (replacing the previous one).
pub fn remember_mapping(conn: &Connection, header_key: &str, mapping: &str, actor: &str) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO import_mappings (header_key, mapping, updated_at, actor) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (header_key) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at, actor = excluded.actor",
        params![header_key, mapping, super::now_rfc3339(), actor],
    )?;
    Ok(())
}
