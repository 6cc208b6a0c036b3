//! A simulated Salesforce org in the sandbox, at the real paths, on the sandbox's own port: the OAuth web
//! server flow with PKCE (`/services/oauth2/authorize`, `token`, `revoke`, `userinfo`), the identity URL
//! (`/id/{org}/{user}`) and a little REST (`/services/data/`, SOQL on `Organization` and `User`), plus
//! its controls under `/_sandbox/salesforce`. Documented in `docs/salesforce-sign-in.md`.
//!
//! It exists so the sign-in (`crate::auth`) and the REST client (`crate::services::salesforce`) can be
//! exercised end to end without a real org. It accepts only the public consumer key
//! [`SANDBOX_CONSUMER_KEY`] and loopback callbacks, and must never hold or ask for a real credential.
//!
//! State is in memory (codes, tokens, settings, counters): a restart of the sandbox signs everybody out,
//! like a revoked session would; the org and its users are fixed data.

mod controls;
mod oauth;
mod rest;
mod soql;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The consumer key the sandbox accepts. Not a secret: it only opens the local simulator.
pub const SANDBOX_CONSUMER_KEY: &str = "sandbox-consumer-key";
/// The callback path the sandbox accepts (on any loopback host and port).
pub const SANDBOX_CALLBACK_PATH: &str = "/OauthRedirect";
pub const ORG_ID: &str = "00DSB0000000001AAA";
pub const ORG_NAME: &str = "Acme Corp (Sandbox)";
pub const USER_ID: &str = "005SB0000000001AAA";
pub const USERNAME: &str = "admin@acme.test";
/// The newest REST API version the sandbox serves (it also lists 60.0 and 61.0).
pub const API_VERSION: &str = "62.0";
/// Default lifetime of an access token (the org's session timeout).
pub const DEFAULT_ACCESS_TOKEN_LIFETIME_SECS: u64 = 2 * 60 * 60;
/// Authorization codes expire after this long.
const CODE_LIFETIME_MS: i64 = 2 * 60 * 1000;

/// The Salesforce routes and their controls, to merge into the sandbox's router.
pub(crate) fn router() -> Router {
    let state = SfState::default();
    Router::new()
        .route("/services/oauth2/authorize", get(oauth::authorize))
        .route("/services/oauth2/token", post(oauth::token))
        .route("/services/oauth2/revoke", post(oauth::revoke))
        .route("/services/oauth2/userinfo", get(rest::userinfo))
        .route(oauth::ERROR_PAGE_PATH, get(oauth::error_page))
        .route("/id/{org}/{user}", get(rest::identity))
        .route("/services/data", get(rest::versions))
        .route("/services/data/", get(rest::versions))
        .route("/services/data/{version}", get(rest::resources))
        .route("/services/data/{version}/", get(rest::resources))
        .route("/services/data/{version}/query", get(rest::query))
        .route("/services/data/{version}/query/", get(rest::query))
        .route("/_sandbox/salesforce", get(controls::get_settings).post(controls::set_settings))
        .route("/_sandbox/salesforce/expire-access-tokens", post(controls::expire_access_tokens))
        .route("/_sandbox/salesforce/reset", post(controls::reset))
        .with_state(state)
}

/// The simulated org's live state. Cheap to clone.
#[derive(Clone, Default)]
pub(crate) struct SfState {
    inner: Arc<Mutex<Inner>>,
}

impl SfState {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Default)]
struct Inner {
    codes: HashMap<String, CodeGrant>,
    refresh_tokens: HashMap<String, RefreshGrant>,
    access_tokens: HashMap<String, AccessGrant>,
    settings: Settings,
    counters: Counters,
}

struct CodeGrant {
    client_id: String,
    redirect_uri: String,
    code_challenge: String,
    scope: String,
    issued_ms: i64,
}

struct RefreshGrant {
    scope: String,
}

struct AccessGrant {
    refresh_token: Option<String>,
    expires_ms: i64,
}

/// What `POST /_sandbox/salesforce` changes.
#[derive(Debug, Clone, Serialize)]
struct Settings {
    access_token_lifetime_secs: u64,
    /// The next authorize request fails with this (once).
    next_authorize_error: Option<OAuthErrorSpec>,
    /// The next token request (code or refresh) fails with this (once).
    next_token_error: Option<OAuthErrorSpec>,
    /// The next REST / identity calls fail with these, in order.
    next_rest_errors: Vec<RestErrorSpec>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            access_token_lifetime_secs: DEFAULT_ACCESS_TOKEN_LIFETIME_SECS,
            next_authorize_error: None,
            next_token_error: None,
            next_rest_errors: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OAuthErrorSpec {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RestErrorSpec {
    status: u16,
    error_code: String,
    #[serde(default)]
    message: Option<String>,
    #[serde(default = "one")]
    count: u32,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Default, Serialize)]
struct Counters {
    authorization_code: u64,
    refresh_token: u64,
    revocations: u64,
}

/// `http://{Host}`: the sandbox's root as the caller reached it, which is also the org's instance URL and
/// login host. Only loopback hosts are accepted (a page elsewhere cannot rebind a name to the sandbox).
fn root_url(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default().trim();
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().map(|ip| format!("[{ip}]")).unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default().to_owned(),
    };
    ["127.0.0.1", "localhost", "[::1]"].contains(&name.to_ascii_lowercase().as_str()).then(|| format!("http://{host}"))
}

/// The answer when [`root_url`] refuses the `Host`.
fn bad_host() -> Response {
    rest_error(StatusCode::BAD_REQUEST, "INVALID_HOST", "The sandbox answers only on loopback hosts.")
}

fn identity_url(root: &str) -> String {
    format!("{root}/id/{ORG_ID}/{USER_ID}")
}

/// The REST error shape: `[{"message": …, "errorCode": …}]`.
fn rest_error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!([{ "message": message, "errorCode": code }]))).into_response()
}

fn random_part() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}
