//! Guessing how a file was written: its encoding (BOM, else chardetng over the first 64 KB deciding
//! between UTF-8 and Windows-1252), its delimiter (`,` `;` tab `|`, the most consistent count per record
//! outside quotes), its quote character and whether the first row is a header. Every guess can be
//! overridden by the caller through `ImportOptions`. Reads only a sample, never the whole file.

use super::mapping;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use serde::{Deserialize, Serialize};

/// How many bytes the guesses look at.
pub const SAMPLE_BYTES: usize = 64 * 1024;
/// How many records the delimiter guess looks at.
const SAMPLE_RECORDS: usize = 50;
/// The delimiters we recognise, in order of preference on a tie.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The encodings the import reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FileEncoding {
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-16le")]
    Utf16Le,
    #[serde(rename = "utf-16be")]
    Utf16Be,
    #[serde(rename = "windows-1252")]
    Windows1252,
}

impl FileEncoding {
    /// The name the CLI and the database use (`utf-8`, `utf-16le`, `utf-16be`, `windows-1252`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Utf8 => "utf-8",
            Self::Utf16Le => "utf-16le",
            Self::Utf16Be => "utf-16be",
            Self::Windows1252 => "windows-1252",
        }
    }

    /// Reads a name as `as_str` writes it; also `latin-1`/`iso-8859-1`/`cp1252` (read as windows-1252).
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(Self::Utf8),
            "utf-16le" | "utf-16" | "utf16le" => Some(Self::Utf16Le),
            "utf-16be" | "utf16be" => Some(Self::Utf16Be),
            "windows-1252" | "cp1252" | "latin-1" | "latin1" | "iso-8859-1" => Some(Self::Windows1252),
            _ => None,
        }
    }

    pub fn encoding(self) -> &'static Encoding {
        match self {
            Self::Utf8 => UTF_8,
            Self::Utf16Le => UTF_16LE,
            Self::Utf16Be => UTF_16BE,
            Self::Windows1252 => WINDOWS_1252,
        }
    }

    /// The byte-order mark of this encoding (windows-1252 has none).
    pub fn bom(self) -> &'static [u8] {
        match self {
            Self::Utf8 => b"\xEF\xBB\xBF",
            Self::Utf16Le => b"\xFF\xFE",
            Self::Utf16Be => b"\xFE\xFF",
            Self::Windows1252 => b"",
        }
    }
}

/// What the sniffer found (or the caller forced).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dialect {
    pub encoding: FileEncoding,
    /// Whether the file starts with a byte-order mark (exports repeat it).
    pub bom: bool,
    pub delimiter: u8,
    pub quote: u8,
    /// Whether the first row looks like a header. The import requires one.
    pub has_header: bool,
}

/// The encoding announced by a BOM at the start of `bytes`.
pub fn bom_encoding(bytes: &[u8]) -> Option<FileEncoding> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        Some(FileEncoding::Utf8)
    } else if bytes.starts_with(b"\xFF\xFE") {
        Some(FileEncoding::Utf16Le)
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some(FileEncoding::Utf16Be)
    } else {
        None
    }
}

/// Encoding of a sample without BOM: UTF-8 when it is valid UTF-8 (a character cut by the end of the
/// sample is allowed), else chardetng's guess, read as windows-1252 unless it says UTF-8.
pub fn guess_encoding(sample: &[u8], complete: bool) -> FileEncoding {
    match std::str::from_utf8(sample) {
        Ok(_) => return FileEncoding::Utf8,
        Err(error) if error.error_len().is_none() && !complete => return FileEncoding::Utf8,
        Err(_) => {}
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, complete);
    if detector.guess(None, chardetng::Utf8Detection::Allow) == UTF_8 {
        FileEncoding::Utf8
    } else {
        FileEncoding::Windows1252
    }
}

/// Splits decoded text into at most `limit` records of cells, honouring `"` quotes (a quoted newline stays
/// inside its record). Blank lines are skipped. Used only on the sample.
fn sample_records(text: &str, delimiter: Option<char>, limit: usize) -> Vec<(Vec<usize>, Vec<String>)> {
    // For each record: per-delimiter counts outside quotes, and (when `delimiter` is given) its cells.
    let mut records = Vec::new();
    let mut counts = vec![0usize; DELIMITERS.len()];
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut in_quotes = false;
    let mut any = false;
    let mut chars = text.chars().peekable();
    let end_record = |records: &mut Vec<(Vec<usize>, Vec<String>)>, counts: &mut Vec<usize>, cells: &mut Vec<String>, cell: &mut String, any: &mut bool| {
        if *any {
            cells.push(std::mem::take(cell));
            records.push((std::mem::replace(counts, vec![0; DELIMITERS.len()]), std::mem::take(cells)));
        }
        cell.clear();
        cells.clear();
        *any = false;
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                in_quotes = true;
                any = true;
            }
            '\n' | '\r' => {
                end_record(&mut records, &mut counts, &mut cells, &mut cell, &mut any);
                if records.len() >= limit {
                    return records;
                }
            }
            c => {
                any = true;
                if let Some(i) = DELIMITERS.iter().position(|&d| d as char == c) {
                    counts[i] += 1;
                }
                if Some(c) == delimiter {
                    cells.push(std::mem::take(&mut cell));
                } else {
                    cell.push(c);
                }
            }
        }
    }
    end_record(&mut records, &mut counts, &mut cells, &mut cell, &mut any);
    records
}

/// The delimiter whose count per record is the most consistent (most records sharing the most common
/// non-zero count; then the larger count; then the order of `DELIMITERS`). A file with one column gets `,`.
pub fn guess_delimiter(text: &str) -> u8 {
    let records = sample_records(text, None, SAMPLE_RECORDS);
    let mut best: Option<(usize, usize, u8)> = None;
    for (i, &delimiter) in DELIMITERS.iter().enumerate() {
        let mut frequency: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for (counts, _) in &records {
            *frequency.entry(counts[i]).or_default() += 1;
        }
        let Some((&mode, &agreeing)) = frequency.iter().filter(|(&n, _)| n > 0).max_by_key(|(&n, &f)| (f, n)) else {
            continue;
        };
        let candidate = (agreeing, mode, delimiter);
        if best.is_none_or(|(a, m, _)| (agreeing, mode) > (a, m)) {
            best = Some(candidate);
        }
    }
    best.map(|(_, _, d)| d).unwrap_or(b',')
}

/// Whether the first record looks like a header: no cell is an email address, and at least one cell is a
/// known header synonym or no cell contains `@` at all.
pub fn looks_like_header(cells: &[String]) -> bool {
    let non_empty: Vec<&String> = cells.iter().filter(|c| !c.trim().is_empty()).collect();
    if non_empty.is_empty() {
        return false;
    }
    if non_empty.iter().any(|c| crate::invites::address::validate_email(c).is_ok()) {
        return false;
    }
    non_empty.iter().any(|c| mapping::target_for_header(c).is_some()) || non_empty.iter().all(|c| !c.contains('@'))
}

/// Decodes `sample` (without its BOM) as `encoding`, dropping a character cut at the end.
pub fn decode_sample(sample: &[u8], encoding: FileEncoding) -> String {
    let (text, _) = encoding.encoding().decode_without_bom_handling(sample);
    let mut text = text.into_owned();
    if text.ends_with('\u{FFFD}') {
        text.pop();
    }
    text
}

/// First record's cells with `delimiter`, for the header guess.
pub fn first_record(text: &str, delimiter: u8) -> Vec<String> {
    sample_records(text, Some(delimiter as char), 1).into_iter().next().map(|(_, cells)| cells).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_the_most_consistent() {
        assert_eq!(guess_delimiter("a,b,c\n1,2,3\n4,5,6\n"), b',');
        assert_eq!(guess_delimiter("Nombre;Correo\nLópez, Ana;ana@x.com\nLuis;luis@x.com\n"), b';');
        assert_eq!(guess_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(guess_delimiter("a|b|c\n1|2|3\n"), b'|');
        assert_eq!(guess_delimiter("Email\na@x.com\n"), b',');
        assert_eq!(guess_delimiter("\"a;b\",c\n\"x;y\nz\",d\n"), b',');
    }

    #[test]
    fn encodings_are_told_apart() {
        assert_eq!(guess_encoding("José Núñez".as_bytes(), true), FileEncoding::Utf8);
        assert_eq!(guess_encoding(b"Jos\xe9 N\xfa\xf1ez,Espa\xf1a\n", true), FileEncoding::Windows1252);
        assert_eq!(guess_encoding(&"é".as_bytes()[..1], false), FileEncoding::Utf8);
        assert_eq!(bom_encoding(b"\xFF\xFEa\0"), Some(FileEncoding::Utf16Le));
    }

    #[test]
    fn headers_are_recognised() {
        let cells = |s: &str| s.split(',').map(String::from).collect::<Vec<_>>();
        assert!(looks_like_header(&cells("Email,Nombre,Equipo")));
        assert!(looks_like_header(&cells("Foo,Bar")));
        assert!(!looks_like_header(&cells("ana@x.com,Ana")));
        assert!(!looks_like_header(&cells(",,")));
    }
}
