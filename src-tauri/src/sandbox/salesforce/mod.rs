//! A simulated Salesforce org in the sandbox, at the real paths, on the sandbox's own port: the OAuth web
//! server flow with PKCE (`/services/oauth2/authorize`, `token`, `revoke`, `userinfo`), the identity URL
//! (`/id/{org}/{user}`), REST and Tooling SOQL with paging over the org's setup data (`org`: package,
//! remote sites, users, permission sets, object permissions, leads, contacts), the writes steps 6–7 make
//! (`PermissionSetAssignment`, Tooling `RemoteProxy` created and updated — never deleted), the package's
//! objects (Tooling `EntityDefinition`), plus its controls under `/_sandbox/salesforce`.
//! Documented in `docs/salesforce-sign-in.md` and `docs/salesforce-steps.md`.
//!
//! It exists so the sign-in (`crate::auth`) and the REST client (`crate::services::salesforce`) can be
//! exercised end to end without a real org. It accepts only the public consumer key
//! [`SANDBOX_CONSUMER_KEY`] and loopback callbacks, and must never hold or ask for a real credential.
//!
//! State is in memory (codes, tokens, settings, counters, the org's data): a restart of the sandbox signs
//! everybody out, like a revoked session would, and restores the seeded org.

mod controls;
mod oauth;
mod org;
mod query;
mod rest;
mod soql;
mod sobjects;

pub(crate) use org::synced_lead;
/// Salesforce leads of the default seed that the Marketo sandbox shares (a third of them).
pub(crate) const DEFAULT_SHARED_LEADS: usize = org::DEFAULT_LEADS;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
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
/// Records per query page, as on Salesforce.
pub const DEFAULT_QUERY_BATCH_SIZE: usize = 2000;
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
        .route("/services/data/{version}/query", get(query::query))
        .route("/services/data/{version}/query/", get(query::query))
        .route("/services/data/{version}/query/{locator}", get(query::query_more))
        .route("/services/data/{version}/tooling/query", get(query::tooling_query))
        .route("/services/data/{version}/tooling/query/", get(query::tooling_query))
        .route("/services/data/{version}/tooling/query/{locator}", get(query::tooling_query_more))
        .route("/services/data/{version}/sobjects/{object}", post(sobjects::create))
        .route("/services/data/{version}/sobjects/{object}/{id}", delete(sobjects::delete))
        .route("/services/data/{version}/tooling/sobjects/{object}", post(sobjects::tooling_create))
        .route("/services/data/{version}/tooling/sobjects/{object}/{id}", patch(sobjects::tooling_update).delete(sobjects::tooling_delete))
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
    org: org::Org,
    cursors: query::Cursors,
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
    /// The next Tooling API calls (query, create, update) fail with these, in order.
    next_tooling_errors: Vec<RestErrorSpec>,
    /// Records per query page (Salesforce: 2,000 by default, 200–2,000).
    query_batch_size: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            access_token_lifetime_secs: DEFAULT_ACCESS_TOKEN_LIFETIME_SECS,
            next_authorize_error: None,
            next_token_error: None,
            next_rest_errors: Vec::new(),
            next_tooling_errors: Vec::new(),
            query_batch_size: DEFAULT_QUERY_BATCH_SIZE,
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
    /// SOQL queries (first pages), REST and Tooling.
    queries: u64,
    tooling_queries: u64,
    /// Further pages served through `nextRecordsUrl`.
    query_more: u64,
    records_created: u64,
    records_updated: u64,
    records_deleted: u64,
    /// Tooling `DELETE`s answered 405 (no documented call deletes a `RemoteProxy`).
    tooling_deletes_refused: u64,
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
