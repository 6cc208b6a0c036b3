//! Reading CSV records with a ceiling on memory. `csv::Reader` grows a record until it ends, so one cell
//! of gigabytes — or an unclosed quote that swallows the rest of the file — would be buffered whole. This
//! reader drives `csv_core` itself and stops as soon as a field passes `max_field_bytes` or a row passes
//! `max_row_bytes` / `max_columns`, telling where (the spreadsheet row and the column index).

use std::io::{self, BufRead};

/// Why a record could not be read.
#[derive(Debug)]
pub enum RecordError {
    Io(io::Error),
    /// A field outgrew the cap; `row` is the row it starts on, `column` its 0-based index.
    FieldTooLarge { row: u64, column: usize },
    /// The row outgrew the cap (many large fields, or very many columns).
    RowTooLarge { row: u64 },
}

impl From<io::Error> for RecordError {
    fn from(error: io::Error) -> Self {
        Self::Io(error)
    }
}

/// The ceilings a record must stay under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordLimits {
    pub max_field_bytes: usize,
    pub max_row_bytes: usize,
    pub max_columns: usize,
}

/// One record as read: its cells' bytes one after the other and where each ends.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// Spreadsheet row.
    pub row: u64,
    bytes: &'a [u8],
    /// The whole record's text when it is valid UTF-8 (nearly always).
    text: Option<&'a str>,
    /// Per cell, where it ends in `bytes`.
    pub ends: &'a [usize],
}

impl<'a> Record<'a> {
    /// The cells' text one after the other, when it is valid UTF-8; a cell `i` is then
    /// `text[ends[i - 1]..ends[i]]`.
    pub fn text(&self) -> Option<&'a str> {
        self.text
    }

    /// Each cell, invalid UTF-8 becoming U+FFFD as a decoder would make it.
    pub fn cells(&self) -> impl Iterator<Item = std::borrow::Cow<'a, str>> + 'a {
        let (bytes, text) = (self.bytes, self.text);
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let cell = match text.and_then(|text| text.get(start..end)) {
                Some(cell) => std::borrow::Cow::Borrowed(cell),
                None => String::from_utf8_lossy(bytes.get(start..end).unwrap_or_default()),
            };
            start = end;
            cell
        })
    }

    /// Whether every cell is empty or spaces.
    pub fn is_blank(&self) -> bool {
        match self.text {
            // The cells together are blank exactly when each one is.
            Some(text) => text.trim().is_empty(),
            None => self.cells().all(|cell| cell.trim().is_empty()),
        }
    }
}

/// First size of the field buffer; it doubles up to the caps.
const FIRST_OUTPUT: usize = 4 * 1024;
const FIRST_ENDS: usize = 64;

/// Records of UTF-8 text read one at a time, numbered as a spreadsheet shows them (blank lines count,
/// a record with quoted newlines is one row).
pub struct BoundedRecords<R> {
    input: R,
    core: csv_core::Reader,
    limits: RecordLimits,
    output: Vec<u8>,
    ends: Vec<usize>,
    /// Spreadsheet row of the last record returned, and the line the next one may start on.
    row: u64,
    next_line: u64,
    done: bool,
}

impl<R: BufRead> BoundedRecords<R> {
    pub fn new(input: R, delimiter: u8, quote: u8, limits: RecordLimits) -> Self {
        let core = csv_core::ReaderBuilder::new().delimiter(delimiter).quote(quote).build();
        Self {
            input,
            core,
            limits,
            output: vec![0; FIRST_OUTPUT.min(limits.max_field_bytes.saturating_add(1))],
            ends: vec![0; FIRST_ENDS.min(limits.max_columns.saturating_add(1))],
            row: 0,
            next_line: 1,
            done: false,
        }
    }

    /// The next record's cells into `cells` and its spreadsheet row; `None` at the end (then `cells` is
    /// empty). The strings already in `cells` are reused: a file of 100,000 rows then allocates per
    /// cell only when a cell outgrows the one before it in its column.
    pub fn read(&mut self, cells: &mut Vec<String>) -> Result<Option<u64>, RecordError> {
        let Some(record) = self.next_record()? else {
            cells.clear();
            return Ok(None);
        };
        cells.truncate(record.ends.len());
        for (column, text) in record.cells().enumerate() {
            match cells.get_mut(column) {
                Some(cell) => {
                    cell.clear();
                    cell.push_str(&text);
                }
                None => cells.push(text.into_owned()),
            }
        }
        Ok(Some(record.row))
    }

    /// The next record, borrowed from the reader until the next call; `None` at the end.
    pub fn next_record(&mut self) -> Result<Option<Record<'_>>, RecordError> {
        use csv_core::ReadRecordResult as R;
        if self.done {
            return Ok(None);
        }
        let (mut out_len, mut ends_len) = (0usize, 0usize);
        let mut last_byte = 0u8;
        loop {
            let (result, read, written, ended) = {
                let input = self.input.fill_buf()?;
                let answer = self.core.read_record(input, &mut self.output[out_len..], &mut self.ends[ends_len..]);
                if answer.1 > 0 {
                    last_byte = input[answer.1 - 1];
                }
                answer
            };
            self.input.consume(read);
            out_len += written;
            ends_len += ended;
            match result {
                R::InputEmpty => {}
                R::OutputFull => self.grow_output(out_len, ends_len)?,
                R::OutputEndsFull => self.grow_ends(out_len, ends_len)?,
                R::Record => {
                    // The line after a record is exact; its start is not (skipped blank lines come
                    // before it), so it is worked out from the end minus the newlines inside the record.
                    // A record ended by CR leaves the LF of its CRLF to the next read: count it here.
                    let pending_lf = last_byte == b'\r' && self.input.fill_buf()?.first() == Some(&b'\n');
                    let end_line = self.core.line() + u64::from(pending_lf);
                    // The last record of a file may end without a line end: then nothing is subtracted.
                    let ended_by_lf = u64::from(pending_lf || last_byte == b'\n');
                    let inner = newlines(&self.output[..out_len]);
                    let start_line = end_line.saturating_sub(ended_by_lf + inner).max(self.next_line);
                    let row = self.row + 1 + (start_line - self.next_line);
                    self.check_record(out_len, ends_len, row)?;
                    self.row = row;
                    self.next_line = end_line;
                    let bytes = &self.output[..out_len];
                    // One UTF-8 check for the whole record (cells end at ASCII delimiters, so each is then a
                    // valid slice); only a record with invalid bytes is converted cell by cell.
                    let text = std::str::from_utf8(bytes).ok();
                    return Ok(Some(Record { row, bytes, text, ends: &self.ends[..ends_len] }));
                }
                R::End => {
                    self.done = true;
                    return Ok(None);
                }
            }
        }
    }

    /// The input, with whatever it holds that was not read yet.
    pub fn into_inner(self) -> R {
        self.input
    }

    /// Row of the record being read (for an error in its middle): the line reached minus the newlines
    /// it holds so far.
    fn current_row(&self, out_len: usize) -> u64 {
        let start_line = self.core.line().saturating_sub(newlines(&self.output[..out_len])).max(self.next_line);
        self.row + 1 + (start_line - self.next_line)
    }

    /// The buffers outlive a record, so a finished record may hold a field that never filled them.
    fn check_record(&self, out_len: usize, ends_len: usize, row: u64) -> Result<(), RecordError> {
        if ends_len > self.limits.max_columns || out_len > self.limits.max_row_bytes {
            return Err(RecordError::RowTooLarge { row });
        }
        let mut start = 0;
        for (column, &end) in self.ends[..ends_len].iter().enumerate() {
            if end - start > self.limits.max_field_bytes {
                return Err(RecordError::FieldTooLarge { row, column });
            }
            start = end;
        }
        Ok(())
    }

    fn grow_output(&mut self, out_len: usize, ends_len: usize) -> Result<(), RecordError> {
        let field_start = ends_len.checked_sub(1).map(|i| self.ends[i]).unwrap_or(0);
        if out_len - field_start > self.limits.max_field_bytes {
            return Err(RecordError::FieldTooLarge { row: self.current_row(out_len), column: ends_len });
        }
        if out_len > self.limits.max_row_bytes {
            return Err(RecordError::RowTooLarge { row: self.current_row(out_len) });
        }
        // Never more than one byte past a cap, so the next `OutputFull` is where the cap is passed.
        let ceiling = (field_start + self.limits.max_field_bytes).min(self.limits.max_row_bytes).saturating_add(1);
        let size = self.output.len().saturating_mul(2).min(ceiling).max(self.output.len() + 1);
        self.output.resize(size, 0);
        Ok(())
    }

    fn grow_ends(&mut self, out_len: usize, ends_len: usize) -> Result<(), RecordError> {
        if ends_len >= self.limits.max_columns {
            return Err(RecordError::RowTooLarge { row: self.current_row(out_len) });
        }
        let size = self.ends.len().saturating_mul(2).min(self.limits.max_columns + 1).max(self.ends.len() + 1);
        self.ends.resize(size, 0);
        Ok(())
    }
}

fn newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: RecordLimits = RecordLimits { max_field_bytes: 10, max_row_bytes: 25, max_columns: 4 };

    fn all(text: &str, limits: RecordLimits) -> Result<Vec<(u64, Vec<String>)>, RecordError> {
        let mut records = BoundedRecords::new(io::Cursor::new(text.as_bytes().to_vec()), b',', b'"', limits);
        let mut out = Vec::new();
        let mut cells = Vec::new();
        while let Some(row) = records.read(&mut cells)? {
            out.push((row, cells.clone()));
        }
        Ok(out)
    }

    #[test]
    fn rows_are_numbered_and_cells_split() {
        let got = all("a,b\n\n\"x\ny\",z\r\nlast,\"q\"\"\"", LIMITS).unwrap();
        assert_eq!(got, [
            (1, vec!["a".to_owned(), "b".to_owned()]),
            (3, vec!["x\ny".to_owned(), "z".to_owned()]),
            (4, vec!["last".to_owned(), "q\"".to_owned()]),
        ]);
    }

    /// A record hands its text whole with where each cell ends; a record with invalid UTF-8 has no
    /// whole text and its cells come out with U+FFFD; blank means every cell is spaces.
    #[test]
    fn records_give_their_text_whole_or_cell_by_cell() {
        let input = b"h,i\n\"a b\",c\r\n \t, \nbad\xff,ok\n".to_vec();
        let mut records = BoundedRecords::new(io::Cursor::new(input), b',', b'"', LIMITS);
        let header = records.next_record().unwrap().unwrap();
        assert_eq!((header.row, header.text(), header.ends), (1, Some("hi"), &[1usize, 2][..]));
        let quoted = records.next_record().unwrap().unwrap();
        assert_eq!((quoted.row, quoted.text(), quoted.is_blank()), (2, Some("a bc"), false));
        let blank = records.next_record().unwrap().unwrap();
        assert_eq!((blank.row, blank.is_blank()), (3, true));
        let bad = records.next_record().unwrap().unwrap();
        assert_eq!((bad.row, bad.text(), bad.is_blank()), (4, None, false));
        assert_eq!(bad.cells().collect::<Vec<_>>(), ["bad\u{fffd}", "ok"]);
        assert!(records.next_record().unwrap().is_none());
    }

    /// The strings of a wide row are reused for the next one: a narrower row after it keeps none of its
    /// cells, a shorter cell none of the longer one's text.
    #[test]
    fn cells_of_a_wider_row_do_not_leak_into_the_next() {
        let got = all("long-cell,b,c\nx\n,,\nsecond,z\n", LIMITS).unwrap();
        let cells: Vec<Vec<String>> = got.into_iter().map(|(_, cells)| cells).collect();
        assert_eq!(cells, [vec!["long-cell", "b", "c"], vec!["x"], vec!["", "", ""], vec!["second", "z"]]);
    }

    /// Windows line ends with blank lines between records: a blank line is a row, as in a spreadsheet.
    #[test]
    fn crlf_files_with_blank_lines_are_numbered_like_lf_ones() {
        let rows = |text: &str| all(text, LIMITS).unwrap().into_iter().map(|(row, _)| row).collect::<Vec<_>>();
        assert_eq!(rows("h\r\na\r\n\r\nb\r\n\r\n\r\nc\r\n"), [1, 2, 4, 7]);
        assert_eq!(rows("h\na\n\nb\n\n\nc\n"), [1, 2, 4, 7]);
        assert_eq!(rows("h\r\n\"x\r\ny\"\r\n\r\nz"), [1, 2, 4]);
    }

    #[test]
    fn a_field_at_the_cap_passes_and_one_byte_more_stops_at_its_cell() {
        assert!(all(&format!("h\n{}\n", "x".repeat(10)), LIMITS).is_ok());
        match all(&format!("h,i\n\nok,{}\n", "x".repeat(11)), LIMITS) {
            Err(RecordError::FieldTooLarge { row, column }) => assert_eq!((row, column), (3, 1)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_unclosed_quote_stops_at_the_row_it_opened() {
        let text = format!("h\nfine\n\"open,{}", "line\n".repeat(100));
        match all(&text, LIMITS) {
            Err(RecordError::FieldTooLarge { row, column }) => assert_eq!((row, column), (3, 0)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rows_too_wide_or_too_long_stop() {
        assert!(matches!(all("a,b,c,d,e\n", LIMITS), Err(RecordError::RowTooLarge { row: 1 })));
        let long = format!("{0},{0},{0}\n", "y".repeat(9));
        assert!(matches!(all(&long, LIMITS), Err(RecordError::RowTooLarge { row: 1 })));
    }
}
