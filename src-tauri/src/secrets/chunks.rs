//! How a value larger than one keyring entry is laid out: split into parts, not encrypted under a master key.
//!
//! Why chunks: the Windows Credential Manager refuses blobs over 2,560 bytes and Salesforce tokens can be
//! longer. A master key in the keyring would need the ciphertext stored *outside* the keyring (a file or
//! SQLite) and our own crypto; chunks keep every byte of every secret in the OS store, encrypted by the OS,
//! with nothing for us to get wrong. The same layout is used on every OS so it is tested on all of them.
//!
//! Layout for account `A` with a value of more than [`CHUNK_LIMIT`] bytes (or one that starts with
//! [`MARKER`], so a stored value can never be mistaken for a header):
//! - `A` holds the header `chunked:v1:<N>:<sha256 hex of the whole value>`;
//! - `A#1` … `A#N` hold the value, split on character boundaries, each at most [`CHUNK_LIMIT`] bytes.
//!
//! Reading checks the count and the hash, so a missing chunk or a write torn by a crash reads as corrupt,
//! never as a wrong token. Everything here is pure; the keyring calls live in `store.rs`.

use sha2::{Digest, Sha256};

/// The most bytes one keyring entry holds. Windows allows 2,560 bytes per credential blob; we keep a margin.
pub(crate) const CHUNK_LIMIT: usize = 2_500;

/// The most chunks one value may use (about 160 KB), so a damaged header can never make us read or delete
/// an unbounded number of entries.
pub(crate) const MAX_CHUNKS: usize = 64;

/// Any stored value starting with this is a header; values that start with it are always chunked.
pub(crate) const MARKER: &str = "chunked:";

const HEADER_PREFIX: &str = "chunked:v1:";

/// The account of chunk `index` (1-based) of `account`.
pub(crate) fn chunk_account(account: &str, index: usize) -> String {
    format!("{account}#{index}")
}

/// How a value is written: as is in one entry, or as a header plus chunks.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Layout<'a> {
    Single(&'a str),
    Chunked { header: String, chunks: Vec<&'a str> },
}

/// Decides how `value` is written; `Err(limit)` when it needs more than [`MAX_CHUNKS`] chunks.
pub(crate) fn plan(value: &str) -> Result<Layout<'_>, usize> {
    if value.len() <= CHUNK_LIMIT && !value.starts_with(MARKER) {
        return Ok(Layout::Single(value));
    }
    let chunks = split(value, CHUNK_LIMIT);
    if chunks.len() > MAX_CHUNKS {
        return Err(CHUNK_LIMIT * MAX_CHUNKS);
    }
    Ok(Layout::Chunked { header: header(chunks.len(), value), chunks })
}

/// Splits `value` into pieces of at most `limit` bytes (`limit` ≥ 4), never inside a character, so every
/// piece is valid text on its own.
fn split(value: &str, limit: usize) -> Vec<&str> {
    let mut pieces = Vec::with_capacity(value.len() / limit + 1);
    let mut rest = value;
    while rest.len() > limit {
        let mut end = limit;
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (piece, tail) = rest.split_at(end);
        pieces.push(piece);
        rest = tail;
    }
    pieces.push(rest);
    pieces
}

fn sha256_hex(value: &str) -> String {
    Sha256::digest(value.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

fn header(count: usize, value: &str) -> String {
    format!("{HEADER_PREFIX}{count}:{}", sha256_hex(value))
}

/// A parsed header: how many chunks follow and the hash of the whole value.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Header {
    pub(crate) count: usize,
    sha256: String,
}

/// What the main entry of an account holds.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Stored {
    /// The value itself.
    Plain,
    /// A header: the value is in the chunks.
    Chunked(Header),
}

/// Reads the main entry's text. `Err` (with a reason that never quotes the text) when it starts with
/// [`MARKER`] but is not a valid header.
pub(crate) fn parse(main: &str) -> Result<Stored, String> {
    if !main.starts_with(MARKER) {
        return Ok(Stored::Plain);
    }
    let Some(rest) = main.strip_prefix(HEADER_PREFIX) else {
        return Err("its chunk header has an unknown version".to_owned());
    };
    let Some((count, sha256)) = rest.split_once(':') else {
        return Err("its chunk header is malformed".to_owned());
    };
    let count: usize = match count.parse() {
        Ok(n) if (1..=MAX_CHUNKS).contains(&n) => n,
        _ => return Err(format!("its chunk header has an invalid chunk count (1 to {MAX_CHUNKS} allowed)")),
    };
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err("its chunk header has an invalid checksum".to_owned());
    }
    Ok(Stored::Chunked(Header { count, sha256: sha256.to_owned() }))
}

/// Joins the chunks read for `header`; `Err` (never quoting the value) when their count or hash is wrong.
pub(crate) fn join(header: &Header, chunks: &[impl AsRef<str>]) -> Result<String, String> {
    if chunks.len() != header.count {
        return Err(format!("{} of its {} chunks were found", chunks.len(), header.count));
    }
    let value: String = chunks.iter().map(AsRef::as_ref).collect();
    if sha256_hex(&value) != header.sha256 {
        let mut value = value;
        zeroize::Zeroize::zeroize(&mut value);
        return Err(format!("its {} chunks do not match their checksum", header.count));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks_of(layout: &Layout<'_>) -> Vec<String> {
        match layout {
            Layout::Single(_) => panic!("expected chunks"),
            Layout::Chunked { chunks, .. } => chunks.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    #[test]
    fn small_values_stay_in_one_entry() {
        assert_eq!(plan("tok").unwrap(), Layout::Single("tok"));
        assert_eq!(plan("").unwrap(), Layout::Single(""));
        let at_limit = "x".repeat(CHUNK_LIMIT);
        assert_eq!(plan(&at_limit).unwrap(), Layout::Single(at_limit.as_str()));
        assert_eq!(parse("tok").unwrap(), Stored::Plain);
    }

    #[test]
    fn large_values_split_into_chunks_within_the_limit_and_join_back() {
        let value: String = (0..10_000).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
        let layout = plan(&value).unwrap();
        let Layout::Chunked { header, .. } = &layout else { panic!("expected chunks") };
        let chunks = chunks_of(&layout);
        assert_eq!(chunks.len(), 4);
        assert!(chunks.iter().all(|c| c.len() <= CHUNK_LIMIT && !c.is_empty()));
        assert!(header.starts_with("chunked:v1:4:"), "{header}");
        assert_eq!(header.len(), "chunked:v1:4:".len() + 64);
        let Stored::Chunked(parsed) = parse(header).unwrap() else { panic!("expected a header") };
        assert_eq!(parsed.count, 4);
        assert_eq!(join(&parsed, &chunks).unwrap(), value);
    }

    #[test]
    fn one_byte_over_the_limit_makes_two_chunks() {
        let value = "y".repeat(CHUNK_LIMIT + 1);
        let chunks = chunks_of(&plan(&value).unwrap());
        assert_eq!(chunks.iter().map(String::len).collect::<Vec<_>>(), [CHUNK_LIMIT, 1]);
    }

    #[test]
    fn splits_never_cut_a_character() {
        let value = "ñ€😀a".repeat(1_000); // 10 bytes per repetition, mixed widths
        let layout = plan(&value).unwrap();
        let chunks = chunks_of(&layout);
        assert!(chunks.len() >= 4);
        assert!(chunks.iter().all(|c| c.len() <= CHUNK_LIMIT));
        assert!(
            chunks[..chunks.len() - 1].iter().all(|c| c.len() > CHUNK_LIMIT - 4),
            "pieces are as full as characters allow"
        );
        assert_eq!(chunks.concat(), value);
    }

    #[test]
    fn a_value_that_looks_like_a_header_is_always_chunked() {
        let value = "chunked:v1:1:not-really";
        let layout = plan(value).unwrap();
        let Layout::Chunked { header, chunks } = &layout else { panic!("expected chunks") };
        assert_eq!(chunks, &vec![value]);
        let Stored::Chunked(parsed) = parse(header).unwrap() else { panic!("expected a header") };
        assert_eq!(join(&parsed, chunks).unwrap(), value);
    }

    #[test]
    fn values_needing_too_many_chunks_are_refused() {
        assert!(plan(&"z".repeat(CHUNK_LIMIT * MAX_CHUNKS)).is_ok());
        assert_eq!(plan(&"z".repeat(CHUNK_LIMIT * MAX_CHUNKS + 1)).unwrap_err(), CHUNK_LIMIT * MAX_CHUNKS);
    }

    #[test]
    fn bad_headers_are_reported_without_quoting_them() {
        let hash = "a".repeat(64);
        for bad in [
            "chunked:v2:3:abc".to_owned(),
            "chunked:v1:3".to_owned(),
            format!("chunked:v1:0:{hash}"),
            format!("chunked:v1:65:{hash}"),
            format!("chunked:v1:x:{hash}"),
            "chunked:v1:3:ABCDEF".to_owned(),
            format!("chunked:v1:3:{}", "G".repeat(64)),
        ] {
            let reason = parse(&bad).unwrap_err();
            assert!(!reason.contains(&bad) && !reason.contains("v2") && !reason.contains("ABCDEF"), "{reason}");
        }
    }

    #[test]
    fn missing_or_altered_chunks_are_detected_without_quoting_them() {
        let value = "s3cr3t-".repeat(1_000);
        let layout = plan(&value).unwrap();
        let Layout::Chunked { header, .. } = &layout else { panic!("expected chunks") };
        let Stored::Chunked(parsed) = parse(header).unwrap() else { panic!("expected a header") };
        let mut chunks = chunks_of(&layout);

        let missing = join(&parsed, &chunks[..chunks.len() - 1]).unwrap_err();
        assert_eq!(missing, format!("{} of its {} chunks were found", chunks.len() - 1, chunks.len()));

        chunks.swap(0, 1);
        let altered = join(&parsed, &chunks).unwrap_err();
        assert!(altered.contains("checksum") && !altered.contains("s3cr3t"), "{altered}");
    }

    #[test]
    fn chunk_accounts_append_the_index() {
        assert_eq!(chunk_account("sandbox/salesforce/access_token", 3), "sandbox/salesforce/access_token#3");
    }
}
