//! Importing people to invite from a CSV file (issue 5): sniff how the file was written, map its columns,
//! check every row, deduplicate, stage the verdicts into the app database and export results. Plain Rust,
//! no tauri types; used by the window's commands and by `msi-actions-setup import`.
//!
//! Streaming throughout: the file goes through a decoder into a bounded CSV reader one record at a time,
//! so a 50 MB / 200,000-row file is never held whole in memory, and a hostile one (a cell of gigabytes,
//! an unclosed quote, millions of rows) stops with an error saying where instead of exhausting memory:
//! see [`ImportLimits`]. This module never sends an invitation.

pub mod check;
pub mod export;
pub mod mapping;
pub mod records;
pub mod send;
pub mod sniff;
mod staging;
pub mod view;

use crate::store::{imports, Store, StoreError};
use check::{CheckContext, CheckedRow, Counts, RowChecker, Verdict};
use mapping::Mapping;
use sha2::{Digest, Sha256};
use sniff::{Dialect, FileEncoding};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use check::{Problem, ProblemCode, RowFields, RowStatus};
pub use export::ExportFormat;
pub use staging::{stage, StageTarget, Staged};

/// Characters of a cell shown in a sample row.
const SAMPLE_CELL_CHARS: usize = 120;

/// Bytes per row assumed when making room for the emails seen (a guess from the file size; rows are
/// rarely shorter) and the most rows room is made for up front.
const GUESS_BYTES_PER_ROW: u64 = 64;
const GUESS_MAX_ROWS: u64 = 1_000_000;

/// The most a file may hold (docs/csv-import.md, "Limits"): room for the tens of thousands of rows an
/// import really has, far below what would exhaust a laptop's memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportLimits {
    /// Bytes of the file, checked before anything is read.
    pub max_file_bytes: u64,
    /// Bytes of one decoded cell (a 1 MB notes cell passes; more is not a person to invite).
    pub max_field_bytes: usize,
    /// Bytes of one decoded row and cells in it.
    pub max_row_bytes: usize,
    pub max_columns: usize,
    /// Data rows (the header and blank rows not counted).
    pub max_rows: u64,
}

/// 200 MB.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;
/// 1 MB.
pub const MAX_FIELD_BYTES: usize = 1024 * 1024;
pub const MAX_ROWS: u64 = 1_000_000;

impl Default for ImportLimits {
    fn default() -> Self {
        Self { max_file_bytes: MAX_FILE_BYTES, max_field_bytes: MAX_FIELD_BYTES, max_row_bytes: 4 * MAX_FIELD_BYTES, max_columns: 1_000, max_rows: MAX_ROWS }
    }
}

impl ImportLimits {
    fn records(&self) -> records::RecordLimits {
        records::RecordLimits { max_field_bytes: self.max_field_bytes, max_row_bytes: self.max_row_bytes, max_columns: self.max_columns }
    }
}

/// Everything the caller may force instead of the guesses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    pub encoding: Option<FileEncoding>,
    pub delimiter: Option<u8>,
    pub quote: Option<u8>,
    /// Force the first row to be read as the header even if it does not look like one.
    pub has_header: Option<bool>,
    /// The mapping to use (else the remembered one for this header set, else the automatic one).
    pub mapping: Option<Mapping>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Unreadable { path: PathBuf, source: io::Error },
    #[error("the file is empty")]
    Empty,
    #[error("the first row does not look like a header (it holds an email address or nothing): add a header row such as Email,First Name,Last Name,Team")]
    NoHeader,
    #[error("no column holds the email: name one column Email (or Correo), or choose it in the mapping")]
    NoEmailColumn,
    #[error("the mapping names a column the file does not have")]
    MappingDoesNotFit,
    #[error("the file is not a readable CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("the file is {size} bytes, more than the {limit} bytes an import may have: split it into smaller files (by team, for example) and import each")]
    FileTooLarge { size: u64, limit: u64 },
    #[error("row {row}, column \"{column}\": a cell is larger than {limit} bytes (or a quote opened there is never closed): fix that cell in the file, then import it again")]
    FieldTooLarge { row: u64, column: String, limit: usize },
    #[error("row {row} is too large (more than {max_columns} columns or {max_bytes} bytes): check the separator and the quotes on that row, then import the file again")]
    RowTooLarge { row: u64, max_columns: usize, max_bytes: usize },
    #[error("the file has more than {limit} rows of people: split it into smaller files and import each")]
    TooManyRows { limit: u64 },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("stored value is invalid: {0}")]
    Json(#[from] serde_json::Error),
    #[error("no row of this import is left to invite: every valid row was invited or handed off already")]
    NothingToInvite,
    #[error(transparent)]
    Invite(#[from] crate::invites::InviteError),
    #[error(transparent)]
    Service(#[from] crate::services::sales_actions::SalesActionsError),
}

impl ImportError {
    /// Stable code for the UI and scripts.
    pub fn code(&self) -> crate::error_code::ErrorCode {
        match self {
            Self::Unreadable { .. } => crate::error_code::ErrorCode::Unreadable,
            Self::Empty => crate::error_code::ErrorCode::Empty,
            Self::NoHeader => crate::error_code::ErrorCode::NoHeader,
            Self::NoEmailColumn => crate::error_code::ErrorCode::NoEmailColumn,
            Self::MappingDoesNotFit => crate::error_code::ErrorCode::MappingDoesNotFit,
            Self::Csv(_) => crate::error_code::ErrorCode::NotCsv,
            Self::FileTooLarge { .. } => crate::error_code::ErrorCode::FileTooLarge,
            Self::FieldTooLarge { .. } => crate::error_code::ErrorCode::FieldTooLarge,
            Self::RowTooLarge { .. } => crate::error_code::ErrorCode::RowTooLarge,
            Self::TooManyRows { .. } => crate::error_code::ErrorCode::TooManyRows,
            Self::Write { .. } => crate::error_code::ErrorCode::CannotWrite,
            Self::Store(_) => crate::error_code::ErrorCode::Store,
            Self::Json(_) => crate::error_code::ErrorCode::Store,
            Self::NothingToInvite => crate::error_code::ErrorCode::NothingToInvite,
            Self::Invite(inner) => inner.code(),
            Self::Service(inner) => inner.error_code(),
        }
    }
}

/// What the sniffer found, the header and the mapping in force.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Sniffed {
    pub dialect: Dialect,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    /// Key of the header set (remembering mappings).
    pub header_key: String,
    /// Whether the mapping came from the caller or the database rather than the synonyms.
    pub mapping_remembered: bool,
    pub file_size: u64,
    /// The ceilings the full read keeps to.
    #[serde(skip)]
    pub limits: ImportLimits,
    /// Bytes of BOM skipped before decoding.
    #[serde(skip)]
    bom_len: usize,
}

/// Guesses the dialect and header of `path` from its first 64 KB, applying `options`' overrides.
pub fn sniff_path(path: &Path, options: &ImportOptions) -> Result<Sniffed, ImportError> {
    sniff_path_with(path, options, ImportLimits::default())
}

/// [`sniff_path`] with other limits (tests use small ones); a file over `limits.max_file_bytes` is refused
/// before a byte of it is read.
pub fn sniff_path_with(path: &Path, options: &ImportOptions, limits: ImportLimits) -> Result<Sniffed, ImportError> {
    let unreadable = |source| ImportError::Unreadable { path: path.to_path_buf(), source };
    let mut file = File::open(path).map_err(unreadable)?;
    let file_size = file.metadata().map_err(unreadable)?.len();
    check_size(file_size, &limits)?;
    let mut sample = Vec::with_capacity(sniff::SAMPLE_BYTES.min(file_size as usize));
    (&mut file).take(sniff::SAMPLE_BYTES as u64).read_to_end(&mut sample).map_err(unreadable)?;
    let mut sniffed = sniff_bytes(&sample, file_size, options)?;
    sniffed.limits = limits;
    Ok(sniffed)
}

fn check_size(size: u64, limits: &ImportLimits) -> Result<(), ImportError> {
    if size > limits.max_file_bytes {
        return Err(ImportError::FileTooLarge { size, limit: limits.max_file_bytes });
    }
    Ok(())
}

/// `sniff_path` on a sample already read (`file_size` = the whole file's size).
pub fn sniff_bytes(sample: &[u8], file_size: u64, options: &ImportOptions) -> Result<Sniffed, ImportError> {
    let complete = sample.len() as u64 >= file_size;
    let bom = sniff::bom_encoding(sample);
    let bom_len = bom.map(|e| e.bom().len()).unwrap_or(0);
    let body = &sample[bom_len..];
    let encoding = options.encoding.or(bom).unwrap_or_else(|| sniff::guess_encoding(body, complete));
    let text = sniff::decode_sample(body, encoding);
    if text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').is_empty() {
        return Err(ImportError::Empty);
    }
    let delimiter = options.delimiter.unwrap_or_else(|| sniff::guess_delimiter(&text));
    let quote = options.quote.unwrap_or(b'"');
    let headers: Vec<String> = sniff::first_record(&text, delimiter).into_iter().map(|h| h.trim().to_owned()).collect();
    let has_header = options.has_header.unwrap_or_else(|| sniff::looks_like_header(&headers));
    let header_key = mapping::header_key(&headers);
    let (mapping, mapping_remembered) = match &options.mapping {
        Some(mapping) => (mapping.clone(), true),
        None => (mapping::auto_map(&headers), false),
    };
    Ok(Sniffed {
        dialect: Dialect { encoding, bom: bom_len > 0, delimiter, quote, has_header },
        headers,
        mapping,
        header_key,
        mapping_remembered,
        file_size,
        limits: ImportLimits::default(),
        bom_len,
    })
}

/// `sniff_path`, then the mapping remembered for this header set when the caller gave none.
pub fn sniff_with_memory(store: &Store, path: &Path, options: &ImportOptions) -> Result<Sniffed, ImportError> {
    let mut sniffed = sniff_path(path, options)?;
    if options.mapping.is_none() {
        if let Some(json) = store.read(|conn| imports::remembered_mapping(conn, &sniffed.header_key))? {
            if let Ok(mapping) = serde_json::from_str::<Mapping>(&json) {
                if mapping.fits(sniffed.headers.len()) && mapping.email.is_some() {
                    sniffed.mapping = mapping;
                    sniffed.mapping_remembered = true;
                }
            }
        }
    }
    Ok(sniffed)
}

/// Remembers `sniffed.mapping` for its header set.
pub fn remember_mapping(store: &Store, sniffed: &Sniffed, actor: &str) -> Result<(), ImportError> {
    let json = serde_json::to_string(&sniffed.mapping)?;
    store.write(|tx| imports::remember_mapping(tx, &sniffed.header_key, &json, actor))?;
    Ok(())
}

/// What a full read of the file found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReadSummary {
    pub counts: Counts,
    /// sha256 (hex) of the file's bytes.
    pub sha256: String,
    pub size: u64,
}

/// The hash and size of the bytes read so far.
type HashState = Arc<Mutex<(Sha256, u64)>>;

/// Hashes the bytes going through, when asked to (a dry run keeps no hash).
struct Hashing<R> {
    inner: R,
    state: Option<HashState>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(state) = &self.state {
            let mut state = state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            state.0.update(&buf[..n]);
            state.1 += n as u64;
        }
        Ok(n)
    }
}

/// A reader of the UTF-8 text of `path` with the BOM removed, hashing the raw bytes when `state` is given.
/// A UTF-8 file is passed through as it is (each cell is checked as UTF-8 when it is cut, invalid bytes
/// becoming U+FFFD as the decoder would make them); other encodings go through the decoder.
type Decoded = Box<dyn Read + Send>;

fn decoded_reader(path: &Path, sniffed: &Sniffed, state: Option<HashState>) -> Result<Decoded, ImportError> {
    let unreadable = |source| ImportError::Unreadable { path: path.to_path_buf(), source };
    let file = File::open(path).map_err(unreadable)?;
    // The file may have grown since it was sniffed.
    check_size(file.metadata().map_err(unreadable)?.len(), &sniffed.limits)?;
    let mut hashing = Hashing { inner: io::BufReader::with_capacity(256 * 1024, file), state };
    let mut bom = vec![0u8; sniffed.bom_len];
    hashing.read_exact(&mut bom).map_err(|source| ImportError::Unreadable { path: path.to_path_buf(), source })?;
    if sniffed.dialect.encoding == FileEncoding::Utf8 {
        return Ok(Box::new(hashing));
    }
    let decoder = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(sniffed.dialect.encoding.encoding()))
        .bom_sniffing(false)
        .build(hashing);
    Ok(Box::new(decoder))
}

/// Reads every row of `path`, checks it and hands it to `on_row` in file order (rows whose cells are all
/// empty are skipped and not counted). Row numbers are as a spreadsheet shows them: header = 1, blank lines
/// count, a record with quoted newlines is one row.
pub fn read_rows(
    path: &Path,
    sniffed: &Sniffed,
    context: &CheckContext,
    mut on_row: impl FnMut(CheckedRow) -> Result<(), ImportError>,
) -> Result<ReadSummary, ImportError> {
    let (counts, hashed) = walk_rows(path, sniffed, context, true, &mut each_row(|row, cells, verdict| {
        on_row(CheckedRow::from_verdict(row, cells.iter().map(|cell| (*cell).to_owned()).collect(), verdict, &sniffed.mapping))
    }))?;
    let (sha256, size) = hashed.unwrap_or_default();
    Ok(ReadSummary { counts, sha256, size })
}

/// The dry run: checks every row of `path` as [`read_rows`] does and hands `on_row` each verdict, keeping
/// nothing — no cell copied, no hash taken, nothing written anywhere. Memory stays bounded by one row and
/// the emails seen (for the repeats).
pub fn check_file(path: &Path, sniffed: &Sniffed, context: &CheckContext, mut on_row: impl FnMut(Verdict) -> Result<(), ImportError>) -> Result<Counts, ImportError> {
    Ok(walk_rows(path, sniffed, context, false, &mut each_row(|_, _, verdict| on_row(verdict)))?.0)
}

/// What [`walk_rows`] hands each row to.
trait RowSink {
    /// A row: its number, its cells (borrowed from the batch), its verdict.
    fn row(&mut self, row: u64, cells: &[&str], verdict: Verdict) -> Result<(), ImportError>;

    /// The batch whose rows were all handed to `row`, for a sink that keeps the cells without copying
    /// them.
    fn batch_checked(&mut self, _batch: ParsedBatch) -> Result<(), ImportError> {
        Ok(())
    }
}

/// A sink calling `on_row` on each row.
struct EachRow<F>(F);

impl<F: FnMut(u64, &[&str], Verdict) -> Result<(), ImportError>> RowSink for EachRow<F> {
    fn row(&mut self, row: u64, cells: &[&str], verdict: Verdict) -> Result<(), ImportError> {
        (self.0)(row, cells, verdict)
    }
}

/// Gives `on_row` its signature (a closure's is not inferred from a trait it implements).
fn each_row<F: FnMut(u64, &[&str], Verdict) -> Result<(), ImportError>>(on_row: F) -> EachRow<F> {
    EachRow(on_row)
}

/// The one read behind `read_rows`, `check_file` and `stage`: each non-blank data row with its cells
/// (borrowed, valid during the call only) and its verdict; the sha256 (hex) and size of the file when
/// `hash` is set.
fn walk_rows(
    path: &Path,
    sniffed: &Sniffed,
    context: &CheckContext,
    hash: bool,
    sink: &mut dyn RowSink,
) -> Result<(Counts, Option<(String, u64)>), ImportError> {
    if !sniffed.dialect.has_header {
        return Err(ImportError::NoHeader);
    }
    if sniffed.mapping.email.is_none() {
        return Err(ImportError::NoEmailColumn);
    }
    if !sniffed.mapping.fits(sniffed.headers.len()) {
        return Err(ImportError::MappingDoesNotFit);
    }
    let hash_state = hash.then(|| Arc::new(Mutex::new((Sha256::new(), 0u64))));
    let reader = decoded_reader(path, sniffed, hash_state.clone())?;
    // Two threads: a scoped one parses the file into batches of rows (and drains it for the hash) while
    // this one checks them in order (the repeats need file order); a bounded channel keeps a few batches.
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Result<ParsedBatch, ImportError>>(4);
    let counts = std::thread::scope(|scope| -> Result<Counts, ImportError> {
        let parser = scope.spawn(move || parse_rows(reader, path, sniffed, hash, sender));
        let mut checker = RowChecker::new(context, &sniffed.headers, &sniffed.mapping);
        checker.reserve((sniffed.file_size / GUESS_BYTES_PER_ROW).min(GUESS_MAX_ROWS) as usize);
        let mut counts = Counts::default();
        let mut check_all = || -> Result<(), ImportError> {
            for batch in receiver.iter() {
                let batch = batch?;
                batch.each_row(|row, cells| {
                    if counts.rows >= sniffed.limits.max_rows {
                        return Err(ImportError::TooManyRows { limit: sniffed.limits.max_rows });
                    }
                    let verdict = checker.verdict(row, cells);
                    counts.add(verdict.status);
                    sink.row(row, cells, verdict)
                })?;
                sink.batch_checked(batch)?;
            }
            Ok(())
        };
        let checked = check_all();
        // Stops the parser if the check ended early (it then sees the channel closed).
        drop(receiver);
        let parsed = parser.join().unwrap_or_else(|_| Err(ImportError::Store(StoreError::Corrupt("the parsing thread panicked".into()))));
        checked?;
        parsed?;
        Ok(counts)
    })?;
    let Some(hash_state) = hash_state else {
        return Ok((counts, None));
    };
    let (hasher, size) = Arc::try_unwrap(hash_state)
        .map(|state| state.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
        .unwrap_or_else(|shared| shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone());
    let sha256 = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok((counts, Some((sha256, size))))
}

/// Data rows the parsing thread hands the checking one at a time, and the text after which a batch is
/// handed over with fewer rows (rows with big cells: the batches waiting between threads stay a few MB).
const PARSE_BATCH_ROWS: usize = 512;
const PARSE_BATCH_BYTES: usize = 1024 * 1024;

/// Parsed data rows, their cells flattened into one text (a few allocations per batch, not per cell).
#[derive(Debug, Default)]
struct ParsedBatch {
    rows: Vec<u64>,
    /// Per row, the index in `cell_ends` just past its last cell.
    row_ends: Vec<usize>,
    /// Per cell, where it ends in `text`.
    cell_ends: Vec<usize>,
    text: String,
}

impl ParsedBatch {
    /// An empty batch with room for as much as this one holds (the next is usually alike).
    fn empty_like(&self) -> Self {
        Self {
            rows: Vec::with_capacity(self.rows.len()),
            row_ends: Vec::with_capacity(self.row_ends.len()),
            cell_ends: Vec::with_capacity(self.cell_ends.len()),
            text: String::with_capacity(self.text.len().min(PARSE_BATCH_BYTES)),
        }
    }

    /// Appends a record: its text in one copy when it is valid UTF-8 (nearly always), else cell by cell.
    fn push(&mut self, record: &records::Record<'_>) {
        self.rows.push(record.row);
        let base = self.text.len();
        match record.text() {
            Some(text) => {
                self.text.push_str(text);
                self.cell_ends.extend(record.ends.iter().map(|&end| base + end));
            }
            None => {
                for cell in record.cells() {
                    self.text.push_str(&cell);
                    self.cell_ends.push(self.text.len());
                }
            }
        }
        self.row_ends.push(self.cell_ends.len());
    }

    /// Calls `on_row` on each row in order with its cells borrowed from the batch; stops at its first error.
    fn each_row(&self, mut on_row: impl FnMut(u64, &[&str]) -> Result<(), ImportError>) -> Result<(), ImportError> {
        let mut cells: Vec<&str> = Vec::new();
        let (mut first_cell, mut start) = (0, 0);
        for (&row, &cells_end) in self.rows.iter().zip(&self.row_ends) {
            cells.clear();
            for &cell_end in self.cell_ends.get(first_cell..cells_end).unwrap_or_default() {
                cells.push(self.text.get(start..cell_end).unwrap_or_default());
                start = cell_end;
            }
            first_cell = cells_end;
            on_row(row, &cells)?;
        }
        Ok(())
    }
}

/// The parsing side of [`walk_rows`]: every non-blank data row in batches, then an error where the file
/// stops being readable (after the rows before it); with `drain`, the rest of the file is read for the hash.
fn parse_rows(
    reader: Decoded,
    path: &Path,
    sniffed: &Sniffed,
    drain: bool,
    sender: std::sync::mpsc::SyncSender<Result<ParsedBatch, ImportError>>,
) -> Result<(), ImportError> {
    let mut records = bounded(reader, sniffed);
    let mut header_seen = false;
    let mut batch = ParsedBatch::default();
    loop {
        let record = match records.next_record() {
            Ok(Some(record)) => record,
            Ok(None) => break,
            Err(error) => {
                // The checker stopping first is not an error of the parser.
                let _ = sender.send(Ok(batch)).and_then(|()| sender.send(Err(record_error(error, path, sniffed))));
                return Ok(());
            }
        };
        if !header_seen {
            header_seen = true;
            continue;
        }
        if record.is_blank() {
            continue;
        }
        batch.push(&record);
        if batch.rows.len() >= PARSE_BATCH_ROWS || batch.text.len() >= PARSE_BATCH_BYTES {
            let next = batch.empty_like();
            if sender.send(Ok(std::mem::replace(&mut batch, next))).is_err() {
                return Ok(());
            }
        }
    }
    if !batch.rows.is_empty() && sender.send(Ok(batch)).is_err() {
        return Ok(());
    }
    drop(sender);
    if drain {
        let mut inner = records.into_inner();
        // Anything the csv reader did not ask for, so the hash covers the whole file.
        io::copy(&mut inner, &mut io::sink()).map_err(|source| ImportError::Unreadable { path: path.to_path_buf(), source })?;
    }
    Ok(())
}

/// The first `limit` data rows of `path` as read (for the mapping editor), without checking them.
pub fn sample_rows(path: &Path, sniffed: &Sniffed, limit: usize) -> Result<Vec<Vec<String>>, ImportError> {
    let reader = decoded_reader(path, sniffed, None)?;
    let mut records = bounded(reader, sniffed);
    let mut sample = Vec::with_capacity(limit);
    let mut cells = Vec::new();
    let mut header_skipped = !sniffed.dialect.has_header;
    while read_cells(&mut records, &mut cells, path, sniffed)?.is_some() {
        if !header_skipped {
            header_skipped = true;
            continue;
        }
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        // A huge cell would only flood the editor: a glimpse is enough to recognise the column.
        sample.push(cells.iter().map(|cell| cell.chars().take(SAMPLE_CELL_CHARS).collect()).collect());
        if sample.len() >= limit {
            break;
        }
    }
    Ok(sample)
}

/// Decoded records, bounded by the sniffed limits.
fn bounded(reader: Decoded, sniffed: &Sniffed) -> records::BoundedRecords<io::BufReader<Decoded>> {
    let input = io::BufReader::with_capacity(256 * 1024, reader);
    records::BoundedRecords::new(input, sniffed.dialect.delimiter, sniffed.dialect.quote, sniffed.limits.records())
}

/// The next record's cells and its spreadsheet row, with a limit passed told as where it happened.
fn read_cells(
    records: &mut records::BoundedRecords<io::BufReader<Decoded>>,
    cells: &mut Vec<String>,
    path: &Path,
    sniffed: &Sniffed,
) -> Result<Option<u64>, ImportError> {
    records.read(cells).map_err(|error| record_error(error, path, sniffed))
}

/// A record that could not be read, told as where it happened.
fn record_error(error: records::RecordError, path: &Path, sniffed: &Sniffed) -> ImportError {
    match error {
        records::RecordError::Io(source) => ImportError::Unreadable { path: path.to_path_buf(), source },
        records::RecordError::FieldTooLarge { row, column } => ImportError::FieldTooLarge {
            row,
            column: sniffed.headers.get(column).filter(|h| !h.is_empty()).cloned().unwrap_or_else(|| format!("column {}", column + 1)),
            limit: sniffed.limits.max_field_bytes,
        },
        records::RecordError::RowTooLarge { row } => {
            ImportError::RowTooLarge { row, max_columns: sniffed.limits.max_columns, max_bytes: sniffed.limits.max_row_bytes }
        }
    }
}

/// Parses a staged row back; the mapped fields are read from its raw cells with `mapping`.
pub fn checked_from_staged(row: &imports::StagedRow, mapping: &Mapping) -> Result<CheckedRow, ImportError> {
    let raw = row.raw.clone();
    let cell = |target: mapping::Target| {
        mapping.get(target).and_then(|i| raw.get(i)).map(|c| c.trim().to_owned()).filter(|c| !c.is_empty())
    };
    let fields = RowFields {
        email: if row.email_normalized.is_some() { cell(mapping::Target::Email).unwrap_or_default() } else { String::new() },
        first_name: cell(mapping::Target::FirstName),
        last_name: cell(mapping::Target::LastName),
        team: row.team.clone(),
        role: cell(mapping::Target::Role),
    };
    Ok(CheckedRow {
        row: row.row,
        email_normalized: row.email_normalized.clone(),
        fields,
        status: RowStatus::parse(&row.status).ok_or_else(|| StoreError::Corrupt(format!("row status {}", row.status)))?,
        problems: serde_json::from_str(&row.problems)?,
        duplicate_of: row.duplicate_of,
        raw,
    })
}

/// The mapping an import was staged with.
pub fn import_mapping(store: &Store, import_id: i64) -> Result<Mapping, ImportError> {
    let record = store.read(|conn| imports::get(conn, import_id))?;
    Ok(serde_json::from_str(&record.mapping)?)
}

/// A page of staged rows, filtered by status (empty = all), in file order.
pub fn preview_page(store: &Store, import_id: i64, statuses: &[RowStatus], offset: u64, limit: u64) -> Result<Vec<CheckedRow>, ImportError> {
    let names: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    let mapping = import_mapping(store, import_id)?;
    let rows = store.read(|conn| imports::rows_page(conn, import_id, &names, offset, limit))?;
    rows.iter().map(|row| checked_from_staged(row, &mapping)).collect()
}

/// A page of invalid rows having a problem with `code`, in file order.
pub fn problem_page(store: &Store, import_id: i64, code: ProblemCode, offset: u64, limit: u64) -> Result<Vec<CheckedRow>, ImportError> {
    let mapping = import_mapping(store, import_id)?;
    let rows = store.read(|conn| imports::rows_with_problem(conn, import_id, code.as_str(), offset, limit))?;
    rows.iter().map(|row| checked_from_staged(row, &mapping)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Batches close at 512 rows or at about 1 MB of text, whichever comes first, and together hold every
    /// non-blank data row in order, with its cells.
    #[test]
    fn parsed_batches_stay_small_and_hold_every_row_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big-notes.csv");
        let note = "n".repeat(300 * 1024);
        let mut text = String::from("Email,Notes\n");
        for i in 0..10 {
            text.push_str(&format!("p{i}@example.com,{note}\n\n"));
        }
        for i in 10..1_200 {
            text.push_str(&format!("p{i}@example.com,\n"));
        }
        std::fs::write(&path, &text).unwrap();
        let sniffed = sniff_path(&path, &ImportOptions::default()).unwrap();
        let (sender, receiver) = std::sync::mpsc::sync_channel(1_000);
        parse_rows(decoded_reader(&path, &sniffed, None).unwrap(), &path, &sniffed, false, sender).unwrap();
        let batches: Vec<ParsedBatch> = receiver.iter().map(Result::unwrap).collect();
        let sizes: Vec<(usize, usize)> = batches.iter().map(|b| (b.rows.len(), b.text.len())).collect();
        // Four notes of 300 KB pass 1 MB; then 512-row batches.
        assert_eq!(sizes.iter().map(|(rows, _)| *rows).collect::<Vec<_>>(), [4, 4, 512, 512, 168], "{sizes:?}");
        assert!(sizes.iter().all(|(_, bytes)| *bytes < PARSE_BATCH_BYTES + note.len() + 64), "{sizes:?}");
        let mut rows = Vec::new();
        for batch in &batches {
            batch
                .each_row(|row, cells| {
                    assert_eq!(cells.len(), 2);
                    rows.push((row, cells[0].to_owned(), cells[1].len()));
                    Ok(())
                })
                .unwrap();
        }
        assert_eq!(rows.len(), 1_200);
        assert_eq!(rows[0], (2, "p0@example.com".to_owned(), note.len()), "header = row 1");
        assert_eq!(rows[1].0, 4, "the blank line after each note counts as a row");
        assert_eq!(rows[10], (22, "p10@example.com".to_owned(), 0));
        assert_eq!(rows[1_199], (1_211, "p1199@example.com".to_owned(), 0));
    }
}
