//! Request extractors that refuse in the contract's error shape (axum's own rejections are plain
//! text), plus the parsing shared by list routes: emails, cursors and limits.

use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::DeserializeOwned;

use crate::sandbox::error::ApiError;

/// A JSON body; a malformed one is `400 invalid_body`.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::bad_request("invalid_body", rejection.body_text())),
        }
    }
}

/// A query string; a malformed one is `400 invalid_query`.
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::bad_request("invalid_query", rejection.body_text())),
        }
    }
}

/// The optional `Idempotency-Key` header: 1 to 255 visible ASCII characters, else `400`.
pub struct IdempotencyKey(pub Option<String>);

pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(IDEMPOTENCY_HEADER) else { return Ok(Self(None)) };
        let key = value.to_str().map(str::trim).unwrap_or_default();
        if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ApiError::bad_request(
                "invalid_idempotency_key",
                "Idempotency-Key must be 1 to 255 visible ASCII characters.",
            )
            .field(IDEMPOTENCY_HEADER));
        }
        Ok(Self(Some(key.to_owned())))
    }
}

/// Emails are compared trimmed and lower-cased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A deliberately plain check: one `@`, a non-empty local part, a dotted domain of non-empty labels,
/// no spaces, at most 254 characters.
pub fn is_valid_email(email: &str) -> bool {
    if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
}

/// An optional query value; `?status=` counts as absent.
pub fn present(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

pub const DEFAULT_LIMIT: i64 = 100;
pub const MAX_LIMIT: i64 = 500;

/// Where a page starts and how long it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub after_seq: i64,
    pub limit: i64,
}

/// `limit` 1..=500 (default 100) and an opaque `cursor` from a previous `next_cursor`.
pub fn parse_page(cursor: Option<String>, limit: Option<String>) -> Result<Page, ApiError> {
    let limit = match present(limit) {
        None => DEFAULT_LIMIT,
        Some(text) => match text.parse::<i64>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                return Err(ApiError::bad_request("invalid_limit", "limit must be a whole number from 1 to 500.")
                    .field("limit"))
            }
        },
    };
    let after_seq = match present(cursor) {
        None => 0,
        Some(text) => decode_cursor(&text).ok_or_else(|| {
            ApiError::bad_request("invalid_cursor", "cursor is not one this service gave out.").field("cursor")
        })?,
    };
    Ok(Page { after_seq, limit })
}

fn decode_cursor(text: &str) -> Option<i64> {
    let bytes = URL_SAFE_NO_PAD.decode(text).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.strip_prefix("seq:")?.parse().ok().filter(|seq: &i64| *seq >= 0)
}

fn encode_cursor(seq: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("seq:{seq}"))
}

/// Trims a `limit + 1` fetch to `limit` items and says where the next page starts, if there is one.
pub fn paginate<T>(mut rows: Vec<(i64, T)>, page: Page) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|(seq, _)| encode_cursor(*seq))
    } else {
        None
    };
    (rows.into_iter().map(|(_, item)| item).collect(), next_cursor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(normalize_email("  Ana.Lopez@Example.COM "), "ana.lopez@example.com");
        assert!(is_valid_email("ana.lopez@example.com"));
        for bad in ["", "ana", "ana@", "@example.com", "ana@example", "a b@example.com", "ana@@example.com", "ana@.com"] {
            assert!(!is_valid_email(bad), "{bad:?} passed");
        }
    }

    #[test]
    fn pages_round_trip_through_the_cursor() {
        let page = parse_page(None, None).unwrap();
        assert_eq!(page, Page { after_seq: 0, limit: 100 });
        let rows: Vec<(i64, &str)> = vec![(1, "a"), (2, "b"), (3, "c")];
        let (items, next) = paginate(rows, Page { after_seq: 0, limit: 2 });
        assert_eq!(items, vec!["a", "b"]);
        let next_page = parse_page(next, Some("2".into())).unwrap();
        assert_eq!(next_page.after_seq, 2);
        assert!(parse_page(Some("nonsense!".into()), None).is_err());
        assert!(parse_page(None, Some("501".into())).is_err());
        assert!(parse_page(None, Some("0".into())).is_err());
        assert_eq!(parse_page(Some(String::new()), Some(" ".into())).unwrap().limit, 100);
    }
}
