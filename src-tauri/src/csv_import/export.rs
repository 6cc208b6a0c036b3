//! Writing an import back out: a results file (every row with its final state and reason), a
//! failed-rows file (the invalid rows in their original columns plus a reason, ready to fix and import
//! again) and, on the console hand-off route, the clean file the console imports (UTF-8,
//! `Email,First Name,Last Name,Team`). Both neutralise formula injection and are written, by default, in the input's encoding (BOM
//! included when it had one; UTF-16 always with BOM) and delimiter. Streams from the database.

use super::check::{row_reason, RowStatus};
use super::mapping::Mapping;
use super::sniff::FileEncoding;
use super::{checked_from_staged, ImportError};
use crate::i18n::Language;
use crate::texts::import_export as text;
use crate::store::{imports, Store};
use encoding_rs::{EncoderResult, WINDOWS_1252};
use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// How an export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportFormat {
    pub encoding: FileEncoding,
    /// Write a byte-order mark (always for UTF-16).
    pub bom: bool,
    pub delimiter: u8,
}

impl ExportFormat {
    /// The input's encoding, BOM and delimiter.
    pub fn of_import(record: &imports::ImportRecord) -> Self {
        Self {
            encoding: FileEncoding::parse(&record.encoding).unwrap_or(FileEncoding::Utf8),
            bom: record.bom,
            delimiter: record.delimiter.bytes().next().unwrap_or(b','),
        }
    }
}

/// A cell made safe for spreadsheets: one starting with `=` `+` `-` `@` tab or CR gets a leading `'`.
pub fn neutralize(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Transcodes the UTF-8 it is given into `encoding` (characters windows-1252 lacks become `?`).
pub struct EncodingWriter<W: Write> {
    inner: W,
    encoding: FileEncoding,
    pending: Vec<u8>,
    out: Vec<u8>,
}

impl<W: Write> EncodingWriter<W> {
    pub fn new(mut inner: W, encoding: FileEncoding, bom: bool) -> io::Result<Self> {
        if bom || matches!(encoding, FileEncoding::Utf16Le | FileEncoding::Utf16Be) {
            inner.write_all(encoding.bom())?;
        }
        Ok(Self { inner, encoding, pending: Vec::new(), out: Vec::new() })
    }

    fn encode(&mut self, text: &str) {
        self.out.clear();
        match self.encoding {
            FileEncoding::Utf8 => self.out.extend_from_slice(text.as_bytes()),
            FileEncoding::Utf16Le => text.encode_utf16().for_each(|u| self.out.extend_from_slice(&u.to_le_bytes())),
            FileEncoding::Utf16Be => text.encode_utf16().for_each(|u| self.out.extend_from_slice(&u.to_be_bytes())),
            FileEncoding::Windows1252 => {
                let mut encoder = WINDOWS_1252.new_encoder();
                let mut source = text;
                let mut buffer = [0u8; 4096];
                loop {
                    let (result, read, written) = encoder.encode_from_utf8_without_replacement(source, &mut buffer, true);
                    self.out.extend_from_slice(&buffer[..written]);
                    source = &source[read..];
                    match result {
                        EncoderResult::InputEmpty => break,
                        EncoderResult::OutputFull => {}
                        EncoderResult::Unmappable(_) => self.out.push(b'?'),
                    }
                }
            }
        }
    }

    /// Flushes and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.pending.is_empty() {
            let text = String::from_utf8_lossy(&std::mem::take(&mut self.pending)).into_owned();
            self.encode(&text);
            self.inner.write_all(&self.out)?;
        }
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for EncodingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&self.pending) {
            Ok(_) => self.pending.len(),
            Err(error) if error.error_len().is_none() => error.valid_up_to(),
            Err(_) => return Err(io::Error::new(io::ErrorKind::InvalidData, "export text is not UTF-8")),
        };
        let text = std::str::from_utf8(&self.pending[..valid]).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?.to_owned();
        self.pending.drain(..valid);
        self.encode(&text);
        self.inner.write_all(&self.out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn csv_writer(dest: &Path, format: ExportFormat) -> Result<csv::Writer<EncodingWriter<BufWriter<File>>>, ImportError> {
    let write_error = |source| ImportError::Write { path: dest.to_path_buf(), source };
    let file = File::create(dest).map_err(write_error)?;
    let encoder = EncodingWriter::new(BufWriter::new(file), format.encoding, format.bom).map_err(write_error)?;
    Ok(csv::WriterBuilder::new().delimiter(format.delimiter).flexible(true).terminator(csv::Terminator::CRLF).from_writer(encoder))
}

fn finish(writer: csv::Writer<EncodingWriter<BufWriter<File>>>, dest: &Path) -> Result<(), ImportError> {
    let write_error = |source| ImportError::Write { path: dest.to_path_buf(), source };
    let encoder = writer.into_inner().map_err(|e| write_error(io::Error::other(e.to_string())))?;
    encoder.finish().map_err(write_error)?.flush().map_err(write_error)
}

fn write_record<'a>(writer: &mut csv::Writer<EncodingWriter<BufWriter<File>>>, cells: impl IntoIterator<Item = &'a str>, dest: &Path) -> Result<(), ImportError> {
    writer
        .write_record(cells.into_iter().map(|c| neutralize(c).into_owned()))
        .map_err(|e| ImportError::Write { path: dest.to_path_buf(), source: io::Error::other(e.to_string()) })
}

fn headers_of(record: &imports::ImportRecord) -> Result<Vec<String>, ImportError> {
    Ok(serde_json::from_str(&record.headers)?)
}

fn padded(raw: &[String], columns: usize) -> Vec<&str> {
    (0..columns.max(raw.len())).map(|i| raw.get(i).map(String::as_str).unwrap_or("")).collect()
}

/// The final state of a row and why: its invitation's state once invited, `handed_off` once handed to the
/// console, else the verdict of the check.
fn final_state(staged: &imports::StagedRow, row: &super::CheckedRow, language: Language) -> (String, String) {
    if let Some(state) = staged.invitation_state.as_deref() {
        let reason = match state {
            _ if staged.invitation_reason.is_some() => staged.invitation_reason.clone().unwrap_or_default(),
            "sent" => text::INVITATION_SENT.pick(language).to_owned(),
            "accepted" => text::INVITATION_ACCEPTED.pick(language).to_owned(),
            "queued" => text::INVITATION_QUEUED.pick(language).to_owned(),
            "failed" => text::INVITATION_FAILED.pick(language).to_owned(),
            _ => String::new(),
        };
        return (state.to_owned(), reason);
    }
    if let Some(at) = staged.handed_off_at.as_deref() {
        let reason = text::HANDED_OFF.fill(language, &[("at", &at)]);
        return ("handed_off".into(), reason);
    }
    (row.status.as_str().to_owned(), row_reason(row, language))
}

/// Writes every row: `Row`, the original columns, `Status` (valid · invalid · duplicate · already ·
/// over_seats, or once sent the invitation's state, or handed_off) and `Reason`. Returns the number of rows written. `format` None = the input's.
pub fn export_results(store: &Store, import_id: i64, dest: &Path, format: Option<ExportFormat>, language: Language) -> Result<u64, ImportError> {
    let record = store.read(|conn| imports::get(conn, import_id))?;
    let headers = headers_of(&record)?;
    let mapping: Mapping = serde_json::from_str(&record.mapping)?;
    let mut writer = csv_writer(dest, format.unwrap_or_else(|| ExportFormat::of_import(&record)))?;
    let (row_label, status_label, reason_label) =
        (text::COLUMN_ROW.pick(language), text::COLUMN_STATUS.pick(language), text::COLUMN_REASON.pick(language));
    write_record(&mut writer, std::iter::once(row_label).chain(headers.iter().map(String::as_str)).chain([status_label, reason_label]), dest)?;
    let mut written = 0u64;
    let mut failure: Option<ImportError> = None;
    store.read(|conn| {
        imports::for_each_row(conn, import_id, |staged| {
            let outcome = checked_from_staged(&staged, &mapping).and_then(|row| {
                let number = row.row.to_string();
                let (status, reason) = final_state(&staged, &row, language);
                let cells = padded(&row.raw, headers.len());
                write_record(&mut writer, std::iter::once(number.as_str()).chain(cells).chain([status.as_str(), reason.as_str()]), dest)
            });
            match outcome {
                Ok(()) => {
                    written += 1;
                    Ok(())
                }
                Err(error) => {
                    failure = Some(error);
                    Err(crate::store::StoreError::Corrupt("export stopped".into()))
                }
            }
        })
    })
    .or_else(|error| if failure.is_some() { Ok(()) } else { Err(error) })?;
    if let Some(error) = failure {
        return Err(error);
    }
    finish(writer, dest)?;
    Ok(written)
}

/// Writes the invalid rows in their original columns plus `Reason`. Returns the number of rows written.
pub fn export_failed(store: &Store, import_id: i64, dest: &Path, format: Option<ExportFormat>, language: Language) -> Result<u64, ImportError> {
    let record = store.read(|conn| imports::get(conn, import_id))?;
    let headers = headers_of(&record)?;
    let mapping: Mapping = serde_json::from_str(&record.mapping)?;
    let mut writer = csv_writer(dest, format.unwrap_or_else(|| ExportFormat::of_import(&record)))?;
    let reason_label = text::COLUMN_REASON.pick(language);
    write_record(&mut writer, headers.iter().map(String::as_str).chain([reason_label]), dest)?;
    let mut written = 0u64;
    let mut offset = 0u64;
    const PAGE: u64 = 2_000;
    loop {
        let page = store.read(|conn| imports::rows_page(conn, import_id, &[RowStatus::Invalid.as_str()], offset, PAGE))?;
        for staged in &page {
            let row = checked_from_staged(staged, &mapping)?;
            let reason = row_reason(&row, language);
            let mut cells = padded(&row.raw, headers.len());
            cells.truncate(headers.len().max(1));
            write_record(&mut writer, cells.into_iter().chain([reason.as_str()]), dest)?;
            written += 1;
        }
        if (page.len() as u64) < PAGE {
            break;
        }
        offset += PAGE;
    }
    finish(writer, dest)?;
    Ok(written)
}

/// The header the Sales console's CSV import accepts.
pub const CONSOLE_HEADER: [&str; 4] = ["Email", "First Name", "Last Name", "Team"];

/// Writes the valid rows not yet invited nor handed off in the layout the Sales console imports: UTF-8
/// without BOM, comma, header `Email,First Name,Last Name,Team`. Returns the number of rows written.
pub fn write_console_file(store: &Store, import_id: i64, dest: &Path) -> Result<u64, ImportError> {
    let record = store.read(|conn| imports::get(conn, import_id))?;
    let mapping: Mapping = serde_json::from_str(&record.mapping)?;
    let rows = store.read(|conn| imports::rows_to_send(conn, import_id))?;
    let mut writer = csv_writer(dest, ExportFormat { encoding: FileEncoding::Utf8, bom: false, delimiter: b',' })?;
    write_record(&mut writer, CONSOLE_HEADER, dest)?;
    for staged in &rows {
        let row = checked_from_staged(staged, &mapping)?;
        let fields = &row.fields;
        let cells = [fields.email.as_str(), fields.first_name.as_deref().unwrap_or(""), fields.last_name.as_deref().unwrap_or(""), fields.team.as_deref().unwrap_or("")];
        write_record(&mut writer, cells, dest)?;
    }
    finish(writer, dest)?;
    Ok(rows.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for (cell, safe) in [("=1+1", "'=1+1"), ("+34 600", "'+34 600"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("Ana", "Ana")] {
            assert_eq!(neutralize(cell), safe);
        }
    }

    #[test]
    fn encodes_each_encoding() {
        for (encoding, expected) in [
            (FileEncoding::Utf8, "Núñez".as_bytes().to_vec()),
            (FileEncoding::Windows1252, b"N\xfa\xf1ez ?".to_vec()),
            (FileEncoding::Utf16Le, [b"\xFF\xFE".to_vec(), "Núñez".encode_utf16().flat_map(|u| u.to_le_bytes()).collect()].concat()),
        ] {
            let mut writer = EncodingWriter::new(Vec::new(), encoding, false).unwrap();
            let text = if encoding == FileEncoding::Windows1252 { "Núñez \u{3042}" } else { "Núñez" };
            // Split inside a multi-byte character to check the carry-over.
            let bytes = text.as_bytes();
            writer.write_all(&bytes[..2]).unwrap();
            writer.write_all(&bytes[2..]).unwrap();
            assert_eq!(writer.finish().unwrap(), expected, "{encoding:?}");
        }
    }
}
