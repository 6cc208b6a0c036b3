//! `/_sandbox/salesforce*`: the simulated org's controls, for tests and demos (no auth; sandbox only).
//! `GET` shows settings and counters, `POST` changes the given settings (the others stay),
//! `expire-access-tokens` expires every access token now (to exercise refresh), `reset` signs everybody
//! out and restores the defaults.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{Inner, OAuthErrorSpec, RestErrorSpec, SfState};
use crate::sandbox::clock::now_ms;
use crate::sandbox::error::ApiError;

/// The body of `POST /_sandbox/salesforce`; every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsPatch {
    access_token_lifetime_secs: Option<u64>,
    next_authorize_error: Option<OAuthErrorSpec>,
    next_token_error: Option<OAuthErrorSpec>,
    next_rest_errors: Option<Vec<RestErrorSpec>>,
}

fn view(inner: &Inner) -> Value {
    json!({
        "access_token_lifetime_secs": inner.settings.access_token_lifetime_secs,
        "next_authorize_error": inner.settings.next_authorize_error,
        "next_token_error": inner.settings.next_token_error,
        "next_rest_errors": inner.settings.next_rest_errors,
        "codes_outstanding": inner.codes.len(),
        "access_tokens": inner.access_tokens.len(),
        "refresh_tokens": inner.refresh_tokens.len(),
        "token_requests": {
            "authorization_code": inner.counters.authorization_code,
            "refresh_token": inner.counters.refresh_token,
        },
        "revocations": inner.counters.revocations,
    })
}

pub(super) async fn get_settings(State(sf): State<SfState>) -> Json<Value> {
    Json(view(&sf.lock()))
}

pub(super) async fn set_settings(State(sf): State<SfState>, body: Bytes) -> Result<Json<Value>, ApiError> {
    let patch: SettingsPatch =
        serde_json::from_slice(&body).map_err(|err| ApiError::bad_request("invalid_body", err.to_string()))?;
    if patch.access_token_lifetime_secs == Some(0) {
        return Err(ApiError::bad_request("invalid_settings", "access_token_lifetime_secs must be at least 1")
            .field("access_token_lifetime_secs"));
    }
    for spec in patch.next_rest_errors.iter().flatten() {
        if !(400..=599).contains(&spec.status) || spec.count == 0 {
            return Err(ApiError::bad_request(
                "invalid_settings",
                "next_rest_errors: status must be 400-599 and count at least 1",
            )
            .field("next_rest_errors"));
        }
    }
    let mut inner = sf.lock();
    if let Some(secs) = patch.access_token_lifetime_secs {
        inner.settings.access_token_lifetime_secs = secs;
    }
    if let Some(spec) = patch.next_authorize_error {
        inner.settings.next_authorize_error = Some(spec);
    }
    if let Some(spec) = patch.next_token_error {
        inner.settings.next_token_error = Some(spec);
    }
    if let Some(specs) = patch.next_rest_errors {
        inner.settings.next_rest_errors = specs;
    }
    tracing::info!(settings = ?inner.settings, "sandbox Salesforce settings changed");
    Ok(Json(view(&inner)))
}

/// Every live access token expires now; refresh tokens keep working.
pub(super) async fn expire_access_tokens(State(sf): State<SfState>) -> Json<Value> {
    let now = now_ms();
    let mut inner = sf.lock();
    let mut expired = 0;
    for grant in inner.access_tokens.values_mut() {
        if grant.expires_ms > now {
            grant.expires_ms = now;
            expired += 1;
        }
    }
    Json(json!({ "expired": expired }))
}

pub(super) async fn reset(State(sf): State<SfState>) -> StatusCode {
    *sf.lock() = Inner::default();
    tracing::info!("sandbox Salesforce org reset");
    StatusCode::NO_CONTENT
}
