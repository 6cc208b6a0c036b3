//! The `imports`, `import_chunks`, `import_row_links`, `import_handoffs` and `import_mappings` tables: one
//! row per CSV file read; its rows staged with their verdicts in chunks (`import_chunks`, the compact form
//! in `import_chunks.rs`), one SQLite row per few thousand CSV rows; what changes on a row afterwards (its
//! invitation, its hand-off) in small tables written only when it happens; and the mapping last confirmed
//! for a header set. Readers decode only the chunks they need. Never holds a secret.

use super::import_chunks::{self, DecodedRow, EncodedChunk, STATUSES};
use super::StoreError;
use rusqlite::{params, Connection, OptionalExtension, Row};
use std::collections::{BTreeMap, HashMap, HashSet};

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

/// One staged row as read back (the problems left as JSON text for the caller to read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedRow {
    pub row: u64,
    /// The original cells.
    pub raw: Vec<String>,
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

/// Writes one chunk of staged rows with a cached statement (call inside the staging transaction).
pub fn insert_chunk(conn: &Connection, import_id: i64, chunk: &EncodedChunk) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO import_chunks (import_id, chunk_no, first_row, last_row, row_count, valid, invalid, duplicate, already, over_seats, data) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let [valid, invalid, duplicate, already, over_seats] = chunk.counts.map(|c| c as i64);
    stmt.execute(params![
        import_id,
        chunk.chunk_no as i64,
        chunk.first_row as i64,
        chunk.last_row as i64,
        chunk.row_count as i64,
        valid,
        invalid,
        duplicate,
        already,
        over_seats,
        chunk.data
    ])?;
    Ok(())
}

/// Removes an import that failed while `staging`, with the chunks written so far (a staged one is kept).
pub fn discard_staging(conn: &Connection, import_id: i64) -> Result<(), StoreError> {
    let staging: bool = conn
        .query_row("SELECT state = 'staging' FROM imports WHERE id = ?1", [import_id], |r| r.get(0))
        .optional()?
        .unwrap_or(false);
    if staging {
        conn.execute("DELETE FROM import_chunks WHERE import_id = ?1", [import_id])?;
        conn.execute("DELETE FROM imports WHERE id = ?1", [import_id])?;
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

/// A chunk's place and counts, read without its blob.
#[derive(Debug, Clone, Copy)]
struct ChunkMeta {
    chunk_no: i64,
    first_row: u64,
    last_row: u64,
    row_count: u64,
    /// Rows per status, in the order of `import_chunks::STATUSES`.
    counts: [u64; 5],
}

impl ChunkMeta {
    /// Rows of this chunk whose status is in `statuses` (empty = all).
    fn matching(&self, statuses: &[&str]) -> u64 {
        if statuses.is_empty() {
            return self.row_count;
        }
        STATUSES.iter().zip(self.counts).filter(|(status, _)| statuses.contains(status)).map(|(_, count)| count).sum()
    }

    fn count_of(&self, status: &str) -> u64 {
        self.matching(&[status])
    }
}

fn chunk_metas(conn: &Connection, import_id: i64) -> Result<Vec<ChunkMeta>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT chunk_no, first_row, last_row, row_count, valid, invalid, duplicate, already, over_seats \
         FROM import_chunks WHERE import_id = ?1 ORDER BY chunk_no",
    )?;
    let metas = stmt
        .query_map([import_id], |r| {
            let count = |i: usize| r.get::<_, i64>(i).map(|c| c as u64);
            Ok(ChunkMeta {
                chunk_no: r.get(0)?,
                first_row: count(1)?,
                last_row: count(2)?,
                row_count: count(3)?,
                counts: [count(4)?, count(5)?, count(6)?, count(7)?, count(8)?],
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(metas)
}

fn chunk_data(conn: &Connection, import_id: i64, chunk_no: i64) -> Result<Vec<u8>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT data FROM import_chunks WHERE import_id = ?1 AND chunk_no = ?2")?
        .query_row(params![import_id, chunk_no], |r| r.get(0))?)
}

/// What happened to rows after staging (their invitation, their hand-off), for one range of rows.
#[derive(Debug, Default)]
struct RowMarks {
    /// Row → (invitation id, its state, its reason).
    links: HashMap<u64, (String, Option<String>, Option<String>)>,
    /// Row → when it was handed off.
    handoffs: HashMap<u64, String>,
}

impl RowMarks {
    fn read(conn: &Connection, import_id: i64, first_row: u64, last_row: u64) -> Result<Self, StoreError> {
        let range = params![import_id, first_row as i64, last_row as i64];
        let mut links = conn.prepare_cached(
            "SELECT l.row, l.invitation_id, i.state, i.reason_message FROM import_row_links l \
             LEFT JOIN invitations i ON i.id = l.invitation_id WHERE l.import_id = ?1 AND l.row BETWEEN ?2 AND ?3",
        )?;
        let links = links
            .query_map(range, |r| Ok((r.get::<_, i64>(0)? as u64, (r.get(1)?, r.get(2)?, r.get(3)?))))?
            .collect::<Result<HashMap<_, _>, _>>()?;
        let mut handoffs = conn.prepare_cached("SELECT row, at FROM import_handoffs WHERE import_id = ?1 AND row BETWEEN ?2 AND ?3")?;
        let handoffs = handoffs.query_map(range, |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))?.collect::<Result<HashMap<_, _>, _>>()?;
        Ok(Self { links, handoffs })
    }

    fn marked(&self, row: u64) -> bool {
        self.links.contains_key(&row) || self.handoffs.contains_key(&row)
    }

    fn staged(&self, row: &DecodedRow<'_>) -> Result<StagedRow, StoreError> {
        let link = self.links.get(&row.row);
        Ok(StagedRow {
            row: row.row,
            raw: row.cells()?,
            team: row.team.map(str::to_owned),
            email_normalized: row.email_normalized.map(str::to_owned),
            status: row.status.to_owned(),
            problems: row.problems.to_owned(),
            duplicate_of: row.duplicate_of,
            invitation_id: link.map(|(id, _, _)| id.clone()),
            handed_off_at: self.handoffs.get(&row.row).cloned(),
            invitation_state: link.and_then(|(_, state, _)| state.clone()),
            invitation_reason: link.and_then(|(_, _, reason)| reason.clone()),
        })
    }
}

/// Decodes, in file order, the chunks `wanted` accepts and calls `each` on their rows (with the marks of
/// the chunk's rows when `with_marks`) until it answers `false`.
fn visit(
    conn: &Connection,
    import_id: i64,
    wanted: impl Fn(&ChunkMeta) -> bool,
    with_marks: bool,
    mut each: impl FnMut(&DecodedRow<'_>, &RowMarks) -> Result<bool, StoreError>,
) -> Result<(), StoreError> {
    let no_marks = RowMarks::default();
    for meta in chunk_metas(conn, import_id)?.iter().filter(|meta| wanted(meta)) {
        let data = chunk_data(conn, import_id, meta.chunk_no)?;
        let marks = if with_marks { RowMarks::read(conn, import_id, meta.first_row, meta.last_row)? } else { RowMarks::default() };
        let marks = if with_marks { &marks } else { &no_marks };
        for row in import_chunks::decode(&data) {
            if !each(&row?, marks)? {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The problem codes of a row's problems JSON, each once.
fn problem_codes(problems: &str) -> Result<Vec<String>, StoreError> {
    #[derive(serde::Deserialize)]
    struct CodeOnly {
        code: String,
    }
    if problems == "[]" {
        return Ok(Vec::new());
    }
    let parsed: Vec<CodeOnly> = serde_json::from_str(problems).map_err(|e| StoreError::Corrupt(format!("row problems: {e}")))?;
    let mut codes: Vec<String> = parsed.into_iter().map(|p| p.code).collect();
    codes.sort();
    codes.dedup();
    Ok(codes)
}

fn has_problem(row: &DecodedRow<'_>, code: &str) -> Result<bool, StoreError> {
    Ok(row.status == "invalid" && row.problems.contains(code) && problem_codes(row.problems)?.iter().any(|c| c == code))
}

/// A page of rows in file order, optionally only those in `statuses`; chunks before the page are skipped
/// by their counts, without being read.
pub fn rows_page(conn: &Connection, import_id: i64, statuses: &[&str], offset: u64, limit: u64) -> Result<Vec<StagedRow>, StoreError> {
    let mut page = Vec::new();
    if limit == 0 {
        return Ok(page);
    }
    let mut skip = offset;
    for meta in chunk_metas(conn, import_id)? {
        let matching = meta.matching(statuses);
        if skip >= matching {
            skip -= matching;
            continue;
        }
        let data = chunk_data(conn, import_id, meta.chunk_no)?;
        let marks = RowMarks::read(conn, import_id, meta.first_row, meta.last_row)?;
        for row in import_chunks::decode(&data) {
            let row = row?;
            if !statuses.is_empty() && !statuses.contains(&row.status) {
                continue;
            }
            if skip > 0 {
                skip -= 1;
                continue;
            }
            page.push(marks.staged(&row)?);
            if page.len() as u64 >= limit {
                return Ok(page);
            }
        }
    }
    Ok(page)
}

/// Rows whose problems include `code` (e.g. `team_unknown`), in file order.
pub fn rows_with_problem(conn: &Connection, import_id: i64, code: &str, offset: u64, limit: u64) -> Result<Vec<StagedRow>, StoreError> {
    let mut page = Vec::new();
    if limit == 0 {
        return Ok(page);
    }
    let mut skip = offset;
    visit(conn, import_id, |meta| meta.count_of("invalid") > 0, true, |row, marks| {
        if !has_problem(row, code)? {
            return Ok(true);
        }
        if skip > 0 {
            skip -= 1;
            return Ok(true);
        }
        page.push(marks.staged(row)?);
        Ok((page.len() as u64) < limit)
    })?;
    Ok(page)
}

/// Calls `each` on every row in file order, one chunk in memory at a time (for exports).
pub fn for_each_row(conn: &Connection, import_id: i64, mut each: impl FnMut(StagedRow) -> Result<(), StoreError>) -> Result<(), StoreError> {
    visit(conn, import_id, |_| true, true, |row, marks| {
        each(marks.staged(row)?)?;
        Ok(true)
    })
}

/// Rows matching `statuses` (empty = all), from the chunks' counts.
pub fn count_rows(conn: &Connection, import_id: i64, statuses: &[&str]) -> Result<u64, StoreError> {
    Ok(chunk_metas(conn, import_id)?.iter().map(|meta| meta.matching(statuses)).sum())
}

/// Invalid rows having a problem with `code`.
pub fn count_with_problem(conn: &Connection, import_id: i64, code: &str) -> Result<u64, StoreError> {
    let mut count = 0u64;
    visit(conn, import_id, |meta| meta.count_of("invalid") > 0, false, |row, _| {
        count += u64::from(has_problem(row, code)?);
        Ok(true)
    })?;
    Ok(count)
}

/// How many invalid rows have each problem code (a row with two problems counts under both), by code.
pub fn problem_counts(conn: &Connection, import_id: i64) -> Result<Vec<(String, u64)>, StoreError> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    visit(conn, import_id, |meta| meta.count_of("invalid") > 0, false, |row, _| {
        if row.status == "invalid" {
            for code in problem_codes(row.problems)? {
                *counts.entry(code).or_default() += 1;
            }
        }
        Ok(true)
    })?;
    Ok(counts.into_iter().collect())
}

/// Where the valid rows of an import stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SendCounts {
    /// Valid rows neither invited nor handed off yet.
    pub to_invite: u64,
    pub invited: u64,
    pub handed_off: u64,
}

fn marked_rows(conn: &Connection, import_id: i64) -> Result<HashSet<u64>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT row FROM import_row_links WHERE import_id = ?1 UNION SELECT row FROM import_handoffs WHERE import_id = ?1")?;
    let rows = stmt.query_map([import_id], |r| r.get::<_, i64>(0).map(|row| row as u64))?.collect::<Result<HashSet<_>, _>>()?;
    Ok(rows)
}

/// Numbers of the valid rows neither invited nor handed off yet, in file order.
fn rows_to_send_numbers(conn: &Connection, import_id: i64) -> Result<Vec<u64>, StoreError> {
    let marked = marked_rows(conn, import_id)?;
    let mut rows = Vec::new();
    visit(conn, import_id, |meta| meta.count_of("valid") > 0, false, |row, _| {
        if row.status == "valid" && !marked.contains(&row.row) {
            rows.push(row.row);
        }
        Ok(true)
    })?;
    Ok(rows)
}

pub fn send_counts(conn: &Connection, import_id: i64) -> Result<SendCounts, StoreError> {
    let (invited, handed_off) = conn.query_row(
        "SELECT (SELECT count(*) FROM import_row_links WHERE import_id = ?1), (SELECT count(*) FROM import_handoffs WHERE import_id = ?1)",
        [import_id],
        |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
    )?;
    let to_invite = if invited + handed_off == 0 {
        count_rows(conn, import_id, &["valid"])?
    } else {
        rows_to_send_numbers(conn, import_id)?.len() as u64
    };
    Ok(SendCounts { to_invite, invited, handed_off })
}

/// Valid rows neither invited nor handed off yet, in file order.
pub fn rows_to_send(conn: &Connection, import_id: i64) -> Result<Vec<StagedRow>, StoreError> {
    let mut rows = Vec::new();
    visit(conn, import_id, |meta| meta.count_of("valid") > 0, true, |row, marks| {
        if row.status == "valid" && !marks.marked(row.row) {
            rows.push(marks.staged(row)?);
        }
        Ok(true)
    })?;
    Ok(rows)
}

/// Marks those of `rows` still to send handed off to the console, with one audit event for the import
/// (call inside a transaction).
pub fn mark_handed_off(conn: &Connection, import_id: i64, rows: &[u64], environment_id: Option<&str>, actor: &str) -> Result<u64, StoreError> {
    let now = super::now_rfc3339();
    let sendable: HashSet<u64> = rows_to_send_numbers(conn, import_id)?.into_iter().collect();
    let mut stmt = conn.prepare_cached("INSERT OR IGNORE INTO import_handoffs (import_id, row, at) VALUES (?1, ?2, ?3)")?;
    let mut marked = 0u64;
    for row in rows.iter().filter(|row| sendable.contains(row)) {
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

/// Links a staged row to the invitation created from it (replacing an earlier link).
pub fn set_invitation(conn: &Connection, import_id: i64, row: u64, invitation_id: &str) -> Result<(), StoreError> {
    conn.prepare_cached("INSERT OR REPLACE INTO import_row_links (import_id, row, invitation_id) VALUES (?1, ?2, ?3)")?
        .execute(params![import_id, row as i64, invitation_id])?;
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
