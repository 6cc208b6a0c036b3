//! Staging an import into the app database. Three threads share the work: one parses the file into
//! batches, one checks each row (in file order: the repeats need it) and one — the caller's — encodes the
//! checked rows into chunks and writes them into SQLite. The batch's cells go to the writer as they were
//! parsed, beside a compact form of each verdict, so no cell is copied between the parser and the chunk.

use super::check::{CheckContext, RowStatus, Verdict};
use super::mapping::Mapping;
use super::{walk_rows, ImportError, ParsedBatch, ReadSummary, RowSink, Sniffed};
use crate::store::import_chunks::{ChunkBuilder, RowToEncode};
use crate::store::{imports, Store, StoreError};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

/// Checked batches (of a few hundred rows) waiting for the writer at most.
const PENDING_BATCHES: usize = 16;

/// Who and where an import is staged for.
#[derive(Debug, Clone)]
pub struct StageTarget<'a> {
    pub environment_id: Option<&'a str>,
    /// The file's name as shown to the admin.
    pub file_name: &'a str,
    pub actor: &'a str,
}

/// An import staged into the database.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Staged {
    pub import_id: i64,
    pub summary: ReadSummary,
}

/// Index of `status` in the store's chunk encoding.
fn status_byte(status: RowStatus) -> u8 {
    match status {
        RowStatus::Valid => 0,
        RowStatus::Invalid => 1,
        RowStatus::Duplicate => 2,
        RowStatus::Already => 3,
        RowStatus::OverSeats => 4,
    }
}

/// A normalised email, a team or the problems of a row as they cross to the writer: the verdict borrows
/// from the batch, which moves, so the usual value — its mapped cell trimmed — is told as that, and any
/// other is copied into the batch's [`CheckedBatch::texts`] (one buffer per batch: no allocation per row,
/// none freed by another thread).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StagedText {
    None,
    MappedCell,
    /// `texts[start..end]`.
    Text { start: usize, end: usize },
}

impl StagedText {
    fn of(value: Option<&str>, cell: Option<&str>, texts: &mut String) -> Self {
        let Some(value) = value else {
            return Self::None;
        };
        match cell.map(str::trim) {
            Some(trimmed) if std::ptr::eq(value, trimmed) || value == trimmed => Self::MappedCell,
            _ => Self::copied(value, texts),
        }
    }

    fn copied(value: &str, texts: &mut String) -> Self {
        let start = texts.len();
        texts.push_str(value);
        Self::Text { start, end: texts.len() }
    }

    fn resolve<'t>(self, cell: Option<&'t str>, texts: &'t str) -> Option<&'t str> {
        match self {
            Self::None => None,
            Self::MappedCell => cell.map(str::trim),
            Self::Text { start, end } => Some(texts.get(start..end).unwrap_or_default()),
        }
    }
}

/// What the writer needs of a verdict.
#[derive(Debug, Clone, Copy)]
struct StagedVerdict {
    status: u8,
    duplicate_of: Option<u64>,
    email: StagedText,
    team: StagedText,
    /// The problems as a JSON array (`None` = none).
    problems: StagedText,
}

/// A parsed batch with the verdict on each of its rows, in order.
#[derive(Debug, Default)]
struct CheckedBatch {
    batch: ParsedBatch,
    verdicts: Vec<StagedVerdict>,
    /// The verdicts' texts that are not a cell.
    texts: String,
}

/// The checking side: keeps each row's verdict and sends them with their batch.
struct Stager<'s> {
    mapping: &'s Mapping,
    verdicts: Vec<StagedVerdict>,
    texts: String,
    sender: SyncSender<CheckedBatch>,
}

impl RowSink for Stager<'_> {
    fn row(&mut self, _row: u64, cells: &[&str], verdict: Verdict) -> Result<(), ImportError> {
        let cell = |index: Option<usize>| index.and_then(|i| cells.get(i).copied());
        let problems = match verdict.problems.is_empty() {
            true => StagedText::None,
            false => StagedText::copied(&serde_json::to_string(&verdict.problems)?, &mut self.texts),
        };
        self.verdicts.push(StagedVerdict {
            status: status_byte(verdict.status),
            duplicate_of: verdict.duplicate_of,
            email: StagedText::of(verdict.email_normalized.as_deref(), cell(self.mapping.email), &mut self.texts),
            team: StagedText::of(verdict.team.as_deref(), cell(self.mapping.team), &mut self.texts),
            problems,
        });
        Ok(())
    }

    fn batch_checked(&mut self, batch: ParsedBatch) -> Result<(), ImportError> {
        let verdicts = std::mem::replace(&mut self.verdicts, Vec::with_capacity(batch.rows.len()));
        let room = self.texts.capacity();
        let texts = std::mem::replace(&mut self.texts, String::with_capacity(room));
        // The writer stopped (it failed): stop reading; its error is the one reported.
        self.sender
            .send(CheckedBatch { batch, verdicts, texts })
            .map_err(|_| ImportError::Store(StoreError::Corrupt("staging stopped".into())))
    }
}

/// The writing side: encodes the checked rows into chunks, a transaction per chunk so each is durable as
/// soon as it is written.
fn write_batches(store: &Store, import_id: i64, mapping: &Mapping, batches: &Receiver<CheckedBatch>) -> Result<(), ImportError> {
    let mut chunks = ChunkBuilder::new();
    for CheckedBatch { batch, verdicts, texts } in batches.iter() {
        let mut verdicts = verdicts.iter();
        batch.each_row(|row, cells| {
            let verdict = verdicts.next().ok_or_else(|| StoreError::Corrupt("a checked row has no verdict".into()))?;
            let cell = |index: Option<usize>| index.and_then(|i| cells.get(i).copied());
            let encoded = RowToEncode {
                row,
                status: verdict.status,
                duplicate_of: verdict.duplicate_of,
                email_normalized: verdict.email.resolve(cell(mapping.email), &texts),
                team: verdict.team.resolve(cell(mapping.team), &texts),
                email_cell: mapping.email,
                team_cell: mapping.team,
                problems: verdict.problems.resolve(None, &texts),
                cells,
            };
            if let Some(full) = chunks.push(&encoded)? {
                store.write(|tx| imports::insert_chunk(tx, import_id, &full))?;
            }
            Ok(())
        })?;
    }
    if let Some(last) = chunks.finish() {
        store.write(|tx| imports::insert_chunk(tx, import_id, &last))?;
    }
    Ok(())
}

/// Reads, checks and stages every row of `path` into `imports`/`import_chunks` (the import becomes
/// `staged` only once every chunk is written; one that fails is removed), and remembers the mapping for
/// this header set.
pub fn stage(store: &Store, path: &Path, sniffed: &Sniffed, context: &CheckContext, target: &StageTarget<'_>) -> Result<Staged, ImportError> {
    let headers = serde_json::to_string(&sniffed.headers)?;
    let mapping = serde_json::to_string(&sniffed.mapping)?;
    let delimiter = (sniffed.dialect.delimiter as char).to_string();
    let import_id = store.write(|tx| {
        imports::create(
            tx,
            &imports::NewImport {
                environment_id: target.environment_id,
                file_name: target.file_name,
                sha256: "",
                size: sniffed.file_size,
                encoding: sniffed.dialect.encoding.as_str(),
                bom: sniffed.dialect.bom,
                delimiter: &delimiter,
                headers: &headers,
                mapping: &mapping,
                actor: target.actor,
            },
        )
    })?;
    let (sender, receiver) = std::sync::mpsc::sync_channel::<CheckedBatch>(PENDING_BATCHES);
    // The copy of the log into the main file (and its two syncs) is left to a later write or to closing:
    // staging then writes each page once, and the rows are durable in the log as each chunk commits.
    store.read(|conn| Ok(conn.pragma_update(None, "wal_autocheckpoint", 0)?))?;
    let restore_checkpoints = || store.read(|conn| Ok(conn.pragma_update(None, "wal_autocheckpoint", 1000)?));
    let summary = std::thread::scope(|scope| -> Result<ReadSummary, ImportError> {
        let reader = scope.spawn(move || {
            let mut stager = Stager { mapping: &sniffed.mapping, verdicts: Vec::new(), texts: String::new(), sender };
            let (counts, hashed) = walk_rows(path, sniffed, context, true, &mut stager)?;
            let (sha256, size) = hashed.unwrap_or_default();
            Ok(ReadSummary { counts, sha256, size })
        });
        // The import stays `staging` (shown nowhere) until `finish`; if anything fails its chunks are
        // removed.
        let written = write_batches(store, import_id, &sniffed.mapping, &receiver);
        drop(receiver);
        let read = reader.join().unwrap_or_else(|_| Err(ImportError::Store(StoreError::Corrupt("the reading thread panicked".into()))));
        written?;
        read
    });
    let summary = match summary {
        Ok(summary) => summary,
        Err(error) => {
            // Best effort: the error that stopped staging is the one to report.
            let _ = store.write(|tx| imports::discard_staging(tx, import_id));
            let _ = restore_checkpoints();
            return Err(error);
        }
    };
    let counts = imports::ImportCounts {
        rows: summary.counts.rows,
        valid: summary.counts.valid,
        invalid: summary.counts.invalid,
        duplicates: summary.counts.duplicates,
        already: summary.counts.already,
        over_seats: summary.counts.over_seats,
    };
    let finished = store.write(|tx| {
        imports::finish(tx, import_id, &counts, &summary.sha256, summary.size)?;
        imports::remember_mapping(tx, &sniffed.header_key, &mapping, target.actor)
    });
    restore_checkpoints()?;
    finished?;
    Ok(Staged { import_id, summary })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_equal_to_its_trimmed_cell_is_told_as_the_cell_and_resolves_back() {
        let mut texts = String::new();
        let cell = "  ana@example.com ";
        assert_eq!(StagedText::of(Some(cell.trim()), Some(cell), &mut texts), StagedText::MappedCell);
        assert_eq!(StagedText::of(Some("ana@example.com"), Some(cell), &mut texts), StagedText::MappedCell);
        assert_eq!(StagedText::MappedCell.resolve(Some(cell), &texts), Some("ana@example.com"));
        assert!(texts.is_empty(), "nothing copied");
    }

    #[test]
    fn other_values_are_copied_into_the_batch_texts_and_none_stays_none() {
        let mut texts = String::new();
        let lowered = StagedText::of(Some("ana@example.com"), Some("Ana@Example.com"), &mut texts);
        // A fallback team for a row without a team cell.
        let fallback = StagedText::of(Some("Everyone"), None, &mut texts);
        assert_eq!(texts, "ana@example.comEveryone");
        assert_eq!(lowered.resolve(Some("Ana@Example.com"), &texts), Some("ana@example.com"));
        assert_eq!(fallback.resolve(None, &texts), Some("Everyone"));
        assert_eq!(StagedText::of(None, Some("x"), &mut texts), StagedText::None);
        assert_eq!(StagedText::None.resolve(Some("x"), &texts), None);
    }
}
