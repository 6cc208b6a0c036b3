//! Time as the simulator stores it (milliseconds since the Unix epoch, UTC) and as the contract shows
//! it (RFC 3339). Integers in the database keep "older than" comparisons exact and cheap.

use serde::Serializer;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Now, in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos();
    i64::try_from(nanos / 1_000_000).unwrap_or(i64::MAX)
}

/// `2026-05-01T09:30:00.123Z` for a millisecond timestamp.
pub fn rfc3339(ms: i64) -> Result<String, time::Error> {
    let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)?;
    Ok(at.format(&Rfc3339)?)
}

/// serde helper: a millisecond timestamp written as RFC 3339.
pub fn ser_ms<S: Serializer>(ms: &i64, s: S) -> Result<S::Ok, S::Error> {
    let text = rfc3339(*ms).map_err(serde::ser::Error::custom)?;
    s.serialize_str(&text)
}

/// serde helper: an optional millisecond timestamp written as RFC 3339 or `null`.
pub fn ser_opt_ms<S: Serializer>(ms: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match ms {
        Some(ms) => ser_ms(ms, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_milliseconds_as_utc_rfc3339() {
        assert_eq!(rfc3339(0).unwrap(), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000_123).unwrap(), "2023-11-14T22:13:20.123Z");
    }
}
