//! The compact form staged import rows take in `import_chunks.data`: up to [`ROWS_PER_CHUNK`] rows (or
//! about [`CHUNK_TARGET_BYTES`]) length-prefixed one after the other, so staging writes one SQLite row
//! per chunk instead of one per CSV line. Each chunk also carries its first/last row and its counts per
//! status, so readers skip whole chunks without decoding them. Decoding never panics: a blob that does not
//! hold what it says is `StoreError::Corrupt`.
//!
//! Layout: a version byte ([`FORMAT`]), then per row: varint row; status byte (index in [`STATUSES`]);
//! varint duplicate_of + 1 (0 = none); optional email_normalized and team (0 = none; 1 + varint k = the
//! row's cell k trimmed; else varint length + 2, then UTF-8); problems JSON (varint length, empty = `[]`);
//! varint cell count, then each cell (varint length, UTF-8).

use super::StoreError;

/// Statuses a staged row can have, in the order of their byte and of the per-chunk count columns.
pub const STATUSES: [&str; 5] = ["valid", "invalid", "duplicate", "already", "over_seats"];
/// Rows a chunk holds at most.
pub const ROWS_PER_CHUNK: usize = 2_000;
/// Bytes after which a chunk is closed even with fewer rows (big cells keep blobs moderate).
pub const CHUNK_TARGET_BYTES: usize = 1024 * 1024;
/// Version of the layout (first byte of every blob).
const FORMAT: u8 = 1;

/// One row to encode, borrowed from wherever it was read.
#[derive(Debug, Clone, Copy)]
pub struct RowToEncode<'a, C: AsRef<str>> {
    pub row: u64,
    /// Index in [`STATUSES`].
    pub status: u8,
    pub duplicate_of: Option<u64>,
    pub email_normalized: Option<&'a str>,
    pub team: Option<&'a str>,
    /// The cells the email and the team come from (their mapped columns): only that cell is compared, so a
    /// row costs one comparison each, not a scan of every cell; `None` = compare every cell.
    pub email_cell: Option<usize>,
    pub team_cell: Option<usize>,
    /// JSON array of the problems; `None` = none.
    pub problems: Option<&'a str>,
    pub cells: &'a [C],
}

/// A chunk ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedChunk {
    pub chunk_no: u64,
    pub first_row: u64,
    pub last_row: u64,
    pub row_count: u64,
    /// Rows per status, in the order of [`STATUSES`].
    pub counts: [u64; 5],
    pub data: Vec<u8>,
}

/// Builds chunks row by row, numbering them from 0.
#[derive(Debug)]
pub struct ChunkBuilder {
    next_no: u64,
    current: EncodedChunk,
}

impl Default for ChunkBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ChunkBuilder {
    pub fn new() -> Self {
        Self { next_no: 0, current: empty_chunk(0) }
    }

    /// Appends a row; returns the chunk it closed when that chunk is full.
    pub fn push<C: AsRef<str>>(&mut self, row: &RowToEncode<'_, C>) -> Result<Option<EncodedChunk>, StoreError> {
        let status = usize::from(row.status);
        if status >= STATUSES.len() {
            return Err(StoreError::Corrupt(format!("row status {status}")));
        }
        let chunk = &mut self.current;
        if chunk.row_count == 0 {
            chunk.first_row = row.row;
        }
        chunk.last_row = row.row;
        chunk.row_count += 1;
        chunk.counts[status] += 1;
        let data = &mut chunk.data;
        put_varint(data, row.row);
        data.push(row.status);
        put_varint(data, row.duplicate_of.map_or(0, |r| r.saturating_add(1)));
        put_optional(data, row.email_normalized, row.email_cell, row.cells);
        put_optional(data, row.team, row.team_cell, row.cells);
        put_bytes(data, row.problems.unwrap_or("").as_bytes());
        put_varint(data, row.cells.len() as u64);
        for cell in row.cells {
            put_bytes(data, cell.as_ref().as_bytes());
        }
        let full = chunk.row_count as usize >= ROWS_PER_CHUNK || chunk.data.len() >= CHUNK_TARGET_BYTES;
        Ok(full.then(|| self.take()))
    }

    /// The last, partly filled chunk (none when it holds no row).
    pub fn finish(mut self) -> Option<EncodedChunk> {
        (self.current.row_count > 0).then(|| self.take())
    }

    fn take(&mut self) -> EncodedChunk {
        self.next_no += 1;
        std::mem::replace(&mut self.current, empty_chunk(self.next_no))
    }
}

fn empty_chunk(chunk_no: u64) -> EncodedChunk {
    let mut data = Vec::with_capacity(64 * 1024);
    data.push(FORMAT);
    EncodedChunk { chunk_no, first_row: 0, last_row: 0, row_count: 0, counts: [0; 5], data }
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// `None` = 0; a value equal to one of the row's cells trimmed (the usual normalised email or team) = 1
/// and the cell's index, so it is not stored twice; any other = its length + 2, then its bytes. With
/// `source`, only that cell is compared.
fn put_optional<C: AsRef<str>>(out: &mut Vec<u8>, value: Option<&str>, source: Option<usize>, cells: &[C]) {
    let Some(text) = value else {
        out.push(0);
        return;
    };
    let repeats = |cell: &C| cell.as_ref().trim() == text;
    let index = match source {
        Some(index) => cells.get(index).filter(|cell| repeats(cell)).map(|_| index),
        None => cells.iter().position(repeats),
    };
    match index {
        Some(index) => {
            out.push(1);
            put_varint(out, index as u64);
        }
        None => {
            put_varint(out, text.len() as u64 + 2);
            out.extend_from_slice(text.as_bytes());
        }
    }
}

/// One decoded row, borrowing the blob (cells are read on demand with [`DecodedRow::cells`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodedRow<'a> {
    pub row: u64,
    pub status: &'static str,
    pub duplicate_of: Option<u64>,
    pub email_normalized: Option<&'a str>,
    pub team: Option<&'a str>,
    /// JSON array of the problems (`[]` when none).
    pub problems: &'a str,
    cell_count: u64,
    cells: &'a [u8],
}

impl DecodedRow<'_> {
    /// The row's cells as read from the file.
    pub fn cells(&self) -> Result<Vec<String>, StoreError> {
        let mut reader = Reader { data: self.cells };
        (0..self.cell_count).map(|_| reader.text().map(str::to_owned)).collect()
    }
}

/// Iterates the rows of a chunk's blob; yields an error (and stops) at the first thing that does not fit.
pub fn decode(data: &[u8]) -> DecodedRows<'_> {
    match data.split_first() {
        Some((&FORMAT, rest)) => DecodedRows { reader: Reader { data: rest }, failed: false, bad_format: None },
        Some((&other, _)) => DecodedRows { reader: Reader { data: &[] }, failed: false, bad_format: Some(Some(other)) },
        None => DecodedRows { reader: Reader { data: &[] }, failed: false, bad_format: Some(None) },
    }
}

pub struct DecodedRows<'a> {
    reader: Reader<'a>,
    failed: bool,
    /// Set when the blob does not start with a known version (`None` inside = empty blob).
    bad_format: Option<Option<u8>>,
}

impl<'a> Iterator for DecodedRows<'a> {
    type Item = Result<DecodedRow<'a>, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        if let Some(format) = self.bad_format.take() {
            self.failed = true;
            return Some(Err(corrupt(&match format {
                Some(byte) => format!("unknown layout {byte}"),
                None => "empty blob".to_owned(),
            })));
        }
        if self.reader.data.is_empty() {
            return None;
        }
        let row = self.reader.row();
        if row.is_err() {
            self.failed = true;
        }
        Some(row)
    }
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(format!("import chunk: {what}"))
}

/// An optional text as stored: absent, one of the row's cells (trimmed), or its own bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Optional<'a> {
    None,
    Cell(u64),
    Text(&'a str),
}

impl<'a> Optional<'a> {
    /// The text, `cell` being the bytes of the cell it names (found while the cells were walked).
    fn resolve(self, cell: Option<&'a [u8]>) -> Result<Option<&'a str>, StoreError> {
        match self {
            Self::None => Ok(None),
            Self::Text(text) => Ok(Some(text)),
            Self::Cell(_) => {
                let cell = cell.ok_or_else(|| corrupt("names a cell the row does not have"))?;
                Ok(Some(std::str::from_utf8(cell).map_err(|_| corrupt("text not UTF-8"))?.trim()))
            }
        }
    }
}

struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, StoreError> {
        let (&first, rest) = self.data.split_first().ok_or_else(|| corrupt("cut short"))?;
        self.data = rest;
        Ok(first)
    }

    fn varint(&mut self) -> Result<u64, StoreError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f).checked_shl(shift).ok_or_else(|| corrupt("number too large"))?;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(corrupt("number too large"))
    }

    fn slice(&mut self, len: u64) -> Result<&'a [u8], StoreError> {
        let len = usize::try_from(len).ok().filter(|&len| len <= self.data.len()).ok_or_else(|| corrupt("length past the end"))?;
        let (taken, rest) = self.data.split_at(len);
        self.data = rest;
        Ok(taken)
    }

    fn text(&mut self) -> Result<&'a str, StoreError> {
        let len = self.varint()?;
        std::str::from_utf8(self.slice(len)?).map_err(|_| corrupt("text not UTF-8"))
    }

    fn optional(&mut self) -> Result<Optional<'a>, StoreError> {
        match self.varint()? {
            0 => Ok(Optional::None),
            1 => Ok(Optional::Cell(self.varint()?)),
            len => Ok(Optional::Text(std::str::from_utf8(self.slice(len - 2)?).map_err(|_| corrupt("text not UTF-8"))?)),
        }
    }

    fn row(&mut self) -> Result<DecodedRow<'a>, StoreError> {
        let row = self.varint()?;
        let status = *STATUSES.get(usize::from(self.byte()?)).ok_or_else(|| corrupt("unknown status"))?;
        let duplicate_of = self.varint()?.checked_sub(1);
        let email_normalized = self.optional()?;
        let team = self.optional()?;
        let problems = match self.text()? {
            "" => "[]",
            json => json,
        };
        let cell_count = self.varint()?;
        let start = self.data;
        let (mut email_cell, mut team_cell) = (None, None);
        for index in 0..cell_count {
            let len = self.varint()?;
            let cell = self.slice(len)?;
            if email_normalized == Optional::Cell(index) {
                email_cell = Some(cell);
            }
            if team == Optional::Cell(index) {
                team_cell = Some(cell);
            }
        }
        let cells = &start[..start.len() - self.data.len()];
        let email_normalized = email_normalized.resolve(email_cell)?;
        let team = team.resolve(team_cell)?;
        Ok(DecodedRow { row, status, duplicate_of, email_normalized, team, problems, cell_count, cells })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// row, status, duplicate_of, email_normalized, team, problems, cells.
    type TestRow<'a> = (u64, u8, Option<u64>, Option<&'a str>, Option<&'a str>, Option<&'a str>, Vec<String>);

    fn encode_all(rows: &[TestRow<'_>]) -> Vec<EncodedChunk> {
        let mut builder = ChunkBuilder::new();
        let mut chunks = Vec::new();
        for (row, status, duplicate_of, email, team, problems, cells) in rows {
            let encoded = RowToEncode { row: *row, status: *status, duplicate_of: *duplicate_of, email_normalized: *email, team: *team, email_cell: None, team_cell: None, problems: *problems, cells };
            chunks.extend(builder.push(&encoded).unwrap());
        }
        chunks.extend(builder.finish());
        chunks
    }

    #[test]
    fn rows_come_back_as_written_unicode_and_empty_cells_included() {
        let problems = r#"[{"row":3,"column":"Email","value":"x","code":"email_invalid","message":"m"}]"#;
        let chunks = encode_all(&[
            (2, 0, None, Some("josé@ejemplo.es"), Some("Ventas ñ"), None, vec!["José@Ejemplo.es".into(), "".into(), "Zoë 😀".into()]),
            (3, 1, None, None, None, Some(problems), vec!["x".into(), "".into()]),
            (5, 2, Some(2), Some("josé@ejemplo.es"), Some(""), None, vec![]),
            (u64::MAX, 4, Some(u64::MAX - 1), None, None, None, vec!["".into()]),
        ]);
        assert_eq!(chunks.len(), 1);
        let chunk = &chunks[0];
        assert_eq!((chunk.chunk_no, chunk.first_row, chunk.last_row, chunk.row_count), (0, 2, u64::MAX, 4));
        assert_eq!(chunk.counts, [1, 1, 1, 0, 1]);
        let rows: Vec<DecodedRow<'_>> = decode(&chunk.data).collect::<Result<_, _>>().unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!((rows[0].row, rows[0].status, rows[0].email_normalized, rows[0].team), (2, "valid", Some("josé@ejemplo.es"), Some("Ventas ñ")));
        assert_eq!(rows[0].cells().unwrap(), ["José@Ejemplo.es", "", "Zoë 😀"]);
        assert_eq!(rows[0].problems, "[]");
        assert_eq!((rows[1].status, rows[1].problems, rows[1].email_normalized), ("invalid", problems, None));
        assert_eq!(rows[1].cells().unwrap(), ["x", ""]);
        assert_eq!((rows[2].duplicate_of, rows[2].team), (Some(2), Some("")), "an empty team is not no team");
        assert!(rows[2].cells().unwrap().is_empty());
        assert_eq!((rows[3].row, rows[3].status, rows[3].duplicate_of), (u64::MAX, "over_seats", Some(u64::MAX - 1)));
    }

    #[test]
    fn an_email_or_team_equal_to_a_cell_is_stored_once() {
        let cells = vec!["  ana@x.com ".to_owned(), "Ventas".to_owned()];
        let same = encode_all(&[(2, 0, None, Some("ana@x.com"), Some("Ventas"), None, cells.clone())]).remove(0);
        let other = encode_all(&[(2, 0, None, Some("ana@x.com"), Some("Everyone"), None, vec!["Ana@X.com".into(), "Todos".into()])]).remove(0);
        assert!(same.data.len() + 10 < other.data.len(), "{} vs {}", same.data.len(), other.data.len());
        let rows: Vec<_> = decode(&same.data).collect::<Result<_, _>>().unwrap();
        assert_eq!((rows[0].email_normalized, rows[0].team), (Some("ana@x.com"), Some("Ventas")));
        assert_eq!(rows[0].cells().unwrap(), cells, "the cell itself keeps its spaces");
        let rows: Vec<_> = decode(&other.data).collect::<Result<_, _>>().unwrap();
        assert_eq!((rows[0].email_normalized, rows[0].team), (Some("ana@x.com"), Some("Everyone")));
    }

    #[test]
    fn with_its_source_cell_named_a_value_is_compared_with_that_cell_only() {
        let cells = ["Ventas".to_owned(), " ana@x.com".to_owned(), "Ventas".to_owned()];
        let encode = |team_cell| {
            let row = RowToEncode {
                row: 2,
                status: 0,
                duplicate_of: None,
                email_normalized: Some("ana@x.com"),
                team: Some("Ventas"),
                email_cell: Some(1),
                team_cell,
                problems: None,
                cells: &cells,
            };
            let mut builder = ChunkBuilder::new();
            assert!(builder.push(&row).unwrap().is_none());
            builder.finish().unwrap().data
        };
        // Layout after the version byte: row 2, status 0, no duplicate, then email and team references.
        assert_eq!(&encode(Some(2))[..8], &[FORMAT, 2, 0, 0, 1, 1, 1, 2], "email -> cell 1, team -> its own cell 2");
        assert_eq!(&encode(None)[6..8], &[1, 0], "without a source, the first cell that repeats it");
        let other = encode(Some(1));
        assert_eq!(&other[6..13], &[8, b'V', b'e', b'n', b't', b'a', b's'], "its source differs: stored as text, no scan");
        let rows: Vec<_> = decode(&other).collect::<Result<_, _>>().unwrap();
        assert_eq!((rows[0].email_normalized, rows[0].team), (Some("ana@x.com"), Some("Ventas")));
    }

    #[test]
    fn chunks_close_at_the_row_limit_and_at_the_byte_limit() {
        let rows: Vec<_> = (0..ROWS_PER_CHUNK as u64 * 2 + 1).map(|r| (r + 2, 0u8, None, None, None, None, vec!["a".to_owned()])).collect();
        let chunks = encode_all(&rows);
        assert_eq!(chunks.iter().map(|c| c.row_count).collect::<Vec<_>>(), [ROWS_PER_CHUNK as u64, ROWS_PER_CHUNK as u64, 1]);
        assert_eq!(chunks.iter().map(|c| c.chunk_no).collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(chunks[1].first_row, ROWS_PER_CHUNK as u64 + 2);

        let big = "é".repeat(CHUNK_TARGET_BYTES / 4);
        let chunks = encode_all(&[
            (2, 0, None, None, None, None, vec![big.clone()]),
            (3, 0, None, None, None, None, vec![big.clone()]),
            (4, 0, None, None, None, None, vec![]),
        ]);
        assert_eq!(chunks.iter().map(|c| c.row_count).collect::<Vec<_>>(), [2, 1], "a megabyte closes a chunk");
        let first: Vec<_> = decode(&chunks[0].data).collect::<Result<_, _>>().unwrap();
        assert_eq!(first[1].cells().unwrap(), [big]);
        assert!(ChunkBuilder::new().finish().is_none(), "no row, no chunk");
    }

    #[test]
    fn a_damaged_blob_is_an_error_never_a_panic() {
        let chunk = encode_all(&[(2, 1, Some(7), Some("a@b.c"), Some("T"), Some("[]"), vec!["ab".into(), "ñ".into()])]).remove(0);
        let is_corrupt = |data: &[u8]| decode(data).any(|r| matches!(r, Err(StoreError::Corrupt(_))));
        // Every truncation, and every single byte changed to each of a few values, either decodes or errs.
        // Cut anywhere but right after the layout byte (a chunk of no rows), the one row is incomplete.
        for len in (0..chunk.data.len()).filter(|&len| len != 1) {
            assert!(is_corrupt(&chunk.data[..len]), "cut at {len}");
        }
        assert_eq!(decode(&chunk.data[..1]).count(), 0);
        for at in 0..chunk.data.len() {
            for value in [0x00, 0x7f, 0x80, 0xff] {
                let mut data = chunk.data.clone();
                data[at] = value;
                for row in decode(&data) {
                    let _ = row.and_then(|row| row.cells());
                }
            }
        }
        assert!(is_corrupt(&[9, 0]), "unknown layout");
        assert!(is_corrupt(&[FORMAT, 2, 9]), "unknown status");
        assert!(is_corrupt(&[FORMAT, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), "varint overflow");
        assert!(is_corrupt(&[FORMAT, 2, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0x0f]), "a length past the end");
        let mut bad_utf8 = vec![FORMAT, 2, 0, 0, 0, 0, 0, 1, 1, 0xff];
        let row = decode(&bad_utf8).next().unwrap().unwrap();
        assert!(matches!(row.cells(), Err(StoreError::Corrupt(_))), "cells not UTF-8");
        bad_utf8[4] = 3;
        bad_utf8.insert(5, 0xc3);
        assert!(is_corrupt(&bad_utf8), "email not UTF-8");
        assert!(is_corrupt(&[FORMAT, 2, 0, 0, 1, 5, 0, 0, 1, 1, b'a']), "an email naming a cell the row does not have");
        assert!(builder_refuses_unknown_status());
    }

    fn builder_refuses_unknown_status() -> bool {
        let cells: [&str; 0] = [];
        let row = RowToEncode { row: 2, status: 5, duplicate_of: None, email_normalized: None, team: None, email_cell: None, team_cell: None, problems: None, cells: &cells };
        matches!(ChunkBuilder::new().push(&row), Err(StoreError::Corrupt(_)))
    }
}
