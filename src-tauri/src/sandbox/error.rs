//! The contract's error answer, `{"error": {"code", "message", "field"?, "retryable", "existing"?}}`,
//! built in one place so every route, fault and limit speaks the same shape. Storage failures become a
//! retryable `500 server_error` here and are logged; their details never reach the client.

use std::borrow::Cow;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::sandbox::state::StateError;

/// One error answer of the API (or of the simulator controls).
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: Cow<'static, str>,
    pub message: Cow<'static, str>,
    pub field: Option<Cow<'static, str>>,
    pub retryable: bool,
    /// The record that makes a `409` a conflict (`already_invited`, `already_member`).
    pub existing: Option<Box<Value>>,
    /// Sent as the `Retry-After` header (seconds).
    pub retry_after: Option<u64>,
    /// `retry_after` goes out as an HTTP-date that many seconds ahead (a sandbox fault option).
    pub retry_after_as_date: bool,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: impl Into<Cow<'static, str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
            field: None,
            retryable: false,
            existing: None,
            retry_after: None,
            retry_after_as_date: false,
        }
    }

    pub fn field(mut self, field: impl Into<Cow<'static, str>>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn retryable(mut self) -> Self {
        self.retryable = true;
        self
    }

    pub fn existing(mut self, existing: Value) -> Self {
        self.existing = Some(Box::new(existing));
        self
    }

    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", "Missing or wrong bearer token.")
    }

    pub fn token_expired() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "token_expired", "The access token has expired; refresh it and retry once.")
            .retryable()
    }

    pub fn rate_limited(retry_after: u64, message: &'static str) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message).retryable().retry_after(retry_after)
    }

    pub fn server_error() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "server_error", "The service failed; try again later.").retryable()
    }

    pub fn not_found(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn bad_request(code: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unprocessable(code: &'static str, field: &'static str, message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message).field(field)
    }

    /// The JSON body, as sent and as stored for an idempotent replay.
    pub fn body(&self) -> Value {
        let mut error = json!({
            "code": self.code,
            "message": self.message,
            "retryable": self.retryable,
        });
        if let Some(field) = &self.field {
            error["field"] = json!(field);
        }
        if let Some(existing) = &self.existing {
            error["existing"] = (**existing).clone();
        }
        json!({ "error": error })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body())).into_response();
        if let Some(seconds) = self.retry_after {
            let value = if self.retry_after_as_date {
                // Rounded up to the next whole second, since an HTTP-date has no fractions: never earlier
                // than asked.
                let at = std::time::SystemTime::now() + std::time::Duration::from_secs(seconds.saturating_add(1));
                HeaderValue::from_str(&crate::services::http::http_date(at)).unwrap_or_else(|_| HeaderValue::from(seconds))
            } else {
                HeaderValue::from(seconds)
            };
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

impl From<StateError> for ApiError {
    fn from(err: StateError) -> Self {
        tracing::error!(%err, "sandbox state failure");
        Self::server_error()
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        Self::from(StateError::from(err))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_the_contract_shape() {
        let err = ApiError::unprocessable("invalid_email", "email", "Not an email address.");
        assert_eq!(
            err.body(),
            json!({"error": {"code": "invalid_email", "message": "Not an email address.", "field": "email", "retryable": false}})
        );
        let err = ApiError::rate_limited(3, "slow down");
        assert_eq!(err.body()["error"]["retryable"], json!(true));
        assert!(err.body()["error"].get("field").is_none());
    }
}
