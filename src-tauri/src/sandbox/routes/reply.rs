//! A write's answer as data (status + JSON), so it can be stored under an `Idempotency-Key` and
//! replayed byte-for-byte; and the wrapper that does the storing and replaying inside the write's
//! transaction, so "answer stored" and "action done" commit together.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::Transaction;
use serde::Serialize;
use serde_json::Value;

use crate::sandbox::error::ApiError;
use crate::sandbox::routes::extract::IDEMPOTENCY_HEADER;
use crate::sandbox::state::idempotency::{self, Stored};
use crate::sandbox::state::StateError;

/// Header set on an answer that is a replay of a stored one.
pub const REPLAYED_HEADER: &str = "Idempotent-Replayed";

#[derive(Debug, Clone)]
pub struct Reply {
    pub status: StatusCode,
    /// `Value::Null` for `204`.
    pub body: Value,
    pub replayed: bool,
}

impl Reply {
    pub fn json(status: StatusCode, body: &impl Serialize) -> Result<Self, ApiError> {
        let body = serde_json::to_value(body).map_err(|err| StateError::Corrupt(format!("serialising: {err}")))?;
        Ok(Self { status, body, replayed: false })
    }

    pub fn no_content() -> Self {
        Self { status: StatusCode::NO_CONTENT, body: Value::Null, replayed: false }
    }

    fn from_error(error: &ApiError) -> Self {
        Self { status: error.status, body: error.body(), replayed: false }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = if self.status == StatusCode::NO_CONTENT {
            self.status.into_response()
        } else {
            (self.status, Json(self.body)).into_response()
        };
        if self.replayed {
            response.headers_mut().insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
        }
        response
    }
}

/// Runs `act` once per `key`: a key seen in the last 24 h for the same request replays the stored
/// answer without acting; the same key on a different request is `422 idempotency_key_reused`.
/// Every answer but a 5xx is stored (a refusal is a result too); a 5xx rolls back and may be retried.
pub fn idempotent(
    tx: &Transaction<'_>,
    now: i64,
    key: Option<&str>,
    request: String,
    fingerprint: String,
    act: impl FnOnce() -> Result<Reply, ApiError>,
) -> Result<Reply, ApiError> {
    if let Some(key) = key {
        if let Some(stored) = idempotency::find(tx, key, now)? {
            if stored.request != request || stored.fingerprint != fingerprint {
                return Err(ApiError::unprocessable(
                    "idempotency_key_reused",
                    IDEMPOTENCY_HEADER,
                    "This Idempotency-Key was already used for a different request.",
                ));
            }
            let status = StatusCode::from_u16(stored.status).map_err(|_| {
                StateError::Corrupt(format!("stored status {} for an idempotency key", stored.status))
            })?;
            return Ok(Reply { status, body: stored.body, replayed: true });
        }
    }
    let reply = match act() {
        Ok(reply) => reply,
        Err(error) if error.status.is_server_error() => return Err(error),
        Err(error) => Reply::from_error(&error),
    };
    if let Some(key) = key {
        let stored = Stored { request, fingerprint, status: reply.status.as_u16(), body: reply.body.clone() };
        idempotency::store(tx, key, &stored, now)?;
    }
    Ok(reply)
}
