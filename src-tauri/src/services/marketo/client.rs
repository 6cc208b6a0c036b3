//! `MarketoClient`: an access token from Identity, cached and renewed, and calls to the REST and User
//! Management APIs with Marketo's own error rules (docs/marketo-connection.md, reference notes in
//! Adobe's "Error codes" page):
//!
//! - errors usually arrive with HTTP 200 inside the envelope (`success:false`, `errors[{code,message}]`);
//!   User Management answers with an HTTP status instead;
//! - 601/602 (token invalid/expired): get a fresh token once and retry once;
//! - 1003 ("Invalid data": a value the endpoint does not take in that mode): never retried, the same
//!   request would be refused again;
//! - 606, 615, 604, 608, 614, 713, 719, 502 and 5xx: back off and retry, a bounded number of times; 611
//!   only once; 603 (access denied) and 607 (daily quota) never.
//!
//! The client secret travels in the Identity query string because Marketo documents it so. That URL is
//! therefore never logged, never put in an error (reqwest errors go through `without_url()`), and every
//! text copied from the network is scrubbed of the secret and the token before it reaches a
//! [`MarketoError`]. Access tokens go in the `Authorization` header only, never in a query string.

use std::collections::HashSet;
use std::error::Error as _;
use std::time::{Duration, Instant};

use reqwest::{RequestBuilder, StatusCode};
use serde::Deserialize;
use serde_json::Value;
use time::OffsetDateTime;
use tokio::sync::Mutex;

use super::endpoints::join;
use super::limiter::{CallLimiter, CallLimits, CallStats};
use super::{ConnectionCheck, Lead, MarketoCredentials, MarketoEndpoints, MarketoError, MarketoUser, Role, UserRole};
use crate::secrets::SecretString;
use crate::services::http::{self as foundation, ClientSettings, RetryPolicy};

/// The lead fields [`MarketoClient::leads_by_email`] asks for.
pub const LEAD_FIELDS: &str = "id,email,firstName,lastName,sfdcLeadId,sfdcContactId";
/// Most filter values (and records per page) Marketo takes in one call.
pub const MAX_BATCH: usize = 300;
/// Above this many characters of query string a GET becomes `POST ...?_method=GET` (Marketo: URI ≤ 8 KB).
const MAX_QUERY_CHARS: usize = 7_000;
/// Most users `allusers.json` returns per page.
pub const MAX_USERS_PAGE: usize = 200;
/// A safety stop for user paging (200 × 500 = 100,000 users).
const MAX_USER_PAGES: usize = 500;
/// A fresh token is renewed this long before it runs out (at most a tenth of its life).
const RENEW_BEFORE: Duration = Duration::from_secs(60);

/// How transient failures are retried.
#[derive(Debug, Clone, Copy)]
pub struct MarketoRetry {
    /// Attempts in all for a call that keeps failing with a transient code.
    pub max_attempts: u32,
    /// Ceiling of the first jittered wait of the exponential backoff (doubles on each attempt).
    pub first_backoff: Duration,
    /// Wait after a 606: Marketo counts calls over a 20-second window.
    pub rate_limit_wait: Duration,
}

impl Default for MarketoRetry {
    fn default() -> Self {
        Self { max_attempts: 4, first_backoff: Duration::from_secs(1), rate_limit_wait: Duration::from_secs(20) }
    }
}

impl MarketoRetry {
    /// The shared backoff (exponential, full jitter, capped) for the codes Marketo says to retry; the 606
    /// wait stays whole, since Marketo counts calls over a fixed window.
    fn policy(&self) -> RetryPolicy {
        RetryPolicy { max_attempts: self.max_attempts, first_backoff: self.first_backoff, ..RetryPolicy::default() }
    }
}

#[derive(Clone)]
struct CachedToken {
    value: SecretString,
    scope: String,
    expires_at: Instant,
    /// When the next call asks Identity again instead of using this token.
    renew_at: Instant,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: u64,
    #[serde(default)]
    scope: String,
}

#[derive(Deserialize)]
struct IdentityRefusal {
    #[serde(default)]
    error: String,
    #[serde(default)]
    error_description: String,
}

/// Which API a call goes to: they report errors differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    /// `success` flag and `errors[]` in an HTTP 200 envelope.
    Rest,
    /// HTTP status; `errors[]` in the body of a non-200 answer.
    UserManagement,
}

/// Why one attempt failed, before deciding whether to retry.
enum Failure {
    Marketo { code: String, message: String },
    Http { status: StatusCode },
    Network { message: String },
    Decode(String),
}

/// A client of one Marketo instance with one custom service's credentials. Share it (behind an `Arc`):
/// the token cache and the call limits ([`CallLimiter`]) are per client.
pub struct MarketoClient {
    http: reqwest::Client,
    endpoints: MarketoEndpoints,
    credentials: MarketoCredentials,
    retry: MarketoRetry,
    batch_size: usize,
    token: Mutex<Option<CachedToken>>,
    limiter: CallLimiter,
}

impl std::fmt::Debug for MarketoClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MarketoClient")
            .field("endpoints", &self.endpoints)
            .field("credentials", &self.credentials)
            .field("token", &"[redacted]")
            .finish()
    }
}

impl MarketoClient {
    /// `http` should not follow redirects (a redirect would carry the Identity query elsewhere): use
    /// [`MarketoClient::default_http_client`] or the app's shared client built the same way.
    pub fn new(http: reqwest::Client, endpoints: MarketoEndpoints, credentials: MarketoCredentials) -> Self {
        Self {
            http,
            endpoints,
            credentials,
            retry: MarketoRetry::default(),
            batch_size: MAX_BATCH,
            token: Mutex::new(None),
            limiter: CallLimiter::new(CallLimits::default()),
        }
    }

    /// The calls this client allows itself (default: 100 / 20 s, 5 in flight).
    pub fn with_limits(mut self, limits: CallLimits) -> Self {
        self.limiter = CallLimiter::new(limits);
        self
    }

    pub fn limits(&self) -> CallLimits {
        self.limiter.limits()
    }

    /// Calls sent and 606/615 met so far.
    pub fn stats(&self) -> CallStats {
        self.limiter.stats()
    }

    pub fn with_retry(mut self, retry: MarketoRetry) -> Self {
        self.retry = retry;
        self
    }

    /// Records per page for lead lookups (1..=300; default 300). Smaller pages are for tests.
    pub fn with_batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size.clamp(1, MAX_BATCH);
        self
    }

    /// No redirects, 10 s to connect, 30 s per call.
    pub fn default_http_client() -> Result<reqwest::Client, MarketoError> {
        foundation::client(ClientSettings::default()).map_err(|e| MarketoError::Network(e.to_string()))
    }

    pub fn endpoints(&self) -> &MarketoEndpoints {
        &self.endpoints
    }

    pub fn credentials(&self) -> &MarketoCredentials {
        &self.credentials
    }

    /// Gets a token and makes one cheap authenticated call (`GET /rest/v1/leads/describe.json`, which needs
    /// a read permission on leads). Reports the API-only user the service acts as.
    pub async fn test_connection(&self) -> Result<ConnectionCheck, MarketoError> {
        let envelope = self.call(Api::Rest, |token| self.get(&self.endpoints.rest, "v1/leads/describe.json", token)).await?;
        if !envelope.get("result").is_some_and(Value::is_array) {
            return Err(MarketoError::BadResponse("the lead description has no result".into()));
        }
        let token = self.token().await?;
        let expires_in = token.expires_at.saturating_duration_since(Instant::now()).as_secs();
        Ok(ConnectionCheck { scope: token.scope, expires_in, checked_at: OffsetDateTime::now_utc() })
    }

    /// The leads with these email addresses (trimmed; empty, comma-containing and repeated ones skipped),
    /// at most 300 addresses per call, following `nextPageToken`. One email may match several leads.
    pub async fn leads_by_email(&self, emails: &[String]) -> Result<Vec<Lead>, MarketoError> {
        let mut seen = HashSet::new();
        let wanted: Vec<&str> = emails
            .iter()
            .map(|e| e.trim())
            .filter(|e| !e.is_empty() && !e.contains(','))
            .filter(|e| seen.insert(e.to_lowercase()))
            .collect();
        self.lookup("email", &wanted).await
    }

    /// The leads with these ids (repeats skipped), 300 ids per call.
    pub async fn leads_by_id(&self, ids: &[i64]) -> Result<Vec<Lead>, MarketoError> {
        let mut seen = HashSet::new();
        let wanted: Vec<String> = ids.iter().filter(|id| seen.insert(**id)).map(i64::to_string).collect();
        let wanted: Vec<&str> = wanted.iter().map(String::as_str).collect();
        self.lookup("id", &wanted).await
    }

    /// `GET leads.json?filterType=…&filterValues=…` for `wanted`, 300 values per call, every page.
    async fn lookup(&self, filter_type: &str, wanted: &[&str]) -> Result<Vec<Lead>, MarketoError> {
        let batch_size = self.batch_size.to_string();
        let mut leads = Vec::new();
        for chunk in wanted.chunks(MAX_BATCH) {
            let values = chunk.join(",");
            let mut page_token: Option<String> = None;
            let mut guard = crate::services::paging::CursorGuard::default();
            loop {
                let mut params = vec![
                    ("filterType", filter_type),
                    ("filterValues", values.as_str()),
                    ("fields", LEAD_FIELDS),
                    ("batchSize", batch_size.as_str()),
                ];
                if let Some(page_token) = page_token.as_deref() {
                    params.push(("nextPageToken", page_token));
                }
                let envelope = self.call(Api::Rest, |token| self.get_or_post("v1/leads.json", &params, token)).await?;
                let page: Vec<Lead> = match envelope.get("result") {
                    None | Some(Value::Null) => Vec::new(),
                    Some(result) => serde_json::from_value(result.clone())
                        .map_err(|e| MarketoError::BadResponse(format!("unreadable leads: {e}")))?,
                };
                leads.extend(page);
                let more = envelope.get("moreResult").and_then(Value::as_bool).unwrap_or(true);
                let next = envelope.get("nextPageToken").and_then(Value::as_str).filter(|t| !t.is_empty());
                match next {
                    Some(next) if more => {
                        guard.follow(next).map_err(|stop| MarketoError::PagingLoop(stop.to_string()))?;
                        page_token = Some(next.to_owned());
                    }
                    _ => break,
                }
            }
        }
        Ok(leads)
    }

    /// Every role of the instance (User Management `GET users/roles.json`; needs "Access User Management
    /// Api" and "Access Users" on the API-only user's role).
    pub async fn roles(&self) -> Result<Vec<Role>, MarketoError> {
        let body = self
            .call(Api::UserManagement, |token| self.get(&self.endpoints.user_management, "users/roles.json", token))
            .await?;
        serde_json::from_value(body).map_err(|e| MarketoError::BadResponse(format!("unreadable roles: {e}")))
    }

    /// One page of the instance's accepted users (User Management `GET users/allusers.json`,
    /// `pageOffset` = users to skip, `pageSize` 1..=200).
    pub async fn users_page(&self, offset: usize, size: usize) -> Result<Vec<MarketoUser>, MarketoError> {
        let size = size.clamp(1, MAX_USERS_PAGE).to_string();
        let offset = offset.to_string();
        let url = join(&self.endpoints.user_management, "users/allusers.json");
        let body = self
            .call(Api::UserManagement, |token| {
                self.http.get(&url).query(&[("pageSize", size.as_str()), ("pageOffset", offset.as_str())]).bearer_auth(token)
            })
            .await?;
        serde_json::from_value(body).map_err(|e| MarketoError::BadResponse(format!("unreadable users: {e}")))
    }

    /// Every accepted user, 200 per call until a short page.
    pub async fn all_users(&self) -> Result<Vec<MarketoUser>, MarketoError> {
        let mut users = Vec::new();
        for _ in 0..MAX_USER_PAGES {
            let page = self.users_page(users.len(), MAX_USERS_PAGE).await?;
            let short = page.len() < MAX_USERS_PAGE;
            users.extend(page);
            if short {
                return Ok(users);
            }
        }
        Err(MarketoError::BadResponse(format!("more than {} users pages", MAX_USER_PAGES)))
    }

    /// The role/workspace pairs of one user (User Management `GET users/{userid}/roles.json`).
    pub async fn user_roles(&self, userid: &str) -> Result<Vec<UserRole>, MarketoError> {
        let mut url = url::Url::parse(&join(&self.endpoints.user_management, "users"))
            .map_err(|e| MarketoError::BadResponse(format!("user management address: {e}")))?;
        url.path_segments_mut()
            .map_err(|_| MarketoError::BadResponse("user management address has no path".into()))?
            .push(userid)
            .push("roles.json");
        let body = self.call(Api::UserManagement, |token| self.http.get(url.clone()).bearer_auth(token)).await?;
        serde_json::from_value(body).map_err(|e| MarketoError::BadResponse(format!("unreadable user roles: {e}")))
    }

    fn get(&self, base: &url::Url, path: &str, token: &str) -> RequestBuilder {
        self.http.get(join(base, path)).bearer_auth(token)
    }

    /// A REST GET with `params`, or `POST ...?_method=GET` with them as a form when the query would be too
    /// long for Marketo's 8 KB URI limit.
    fn get_or_post(&self, path: &str, params: &[(&str, &str)], token: &str) -> RequestBuilder {
        let url = join(&self.endpoints.rest, path);
        let query_chars = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(params).finish().len();
        if query_chars > MAX_QUERY_CHARS {
            self.http.post(url).query(&[("_method", "GET")]).form(params).bearer_auth(token)
        } else {
            self.http.get(url).query(params).bearer_auth(token)
        }
    }

    /// A valid token from the cache, or a new one from Identity. Holding the lock while asking Identity
    /// makes concurrent callers share one request.
    async fn token(&self) -> Result<CachedToken, MarketoError> {
        let mut slot = self.token.lock().await;
        if let Some(token) = slot.as_ref().filter(|t| Instant::now() < t.renew_at) {
            return Ok(token.clone());
        }
        let previous = slot.as_ref().map(|t| t.value.clone());
        let answer = self.fetch_token().await?;
        let now = Instant::now();
        let life = Duration::from_secs(answer.expires_in);
        let value = SecretString::from(answer.access_token);
        let expires_at = now + life;
        // Identity hands back the same token until it expires; asking again early only wastes calls.
        let renew_at = if previous.as_ref() == Some(&value) {
            expires_at.max(now + Duration::from_secs(1))
        } else {
            expires_at - RENEW_BEFORE.min(life / 10)
        };
        tracing::debug!(expires_in = answer.expires_in, "Marketo access token obtained");
        let token = CachedToken { value, scope: answer.scope, expires_at, renew_at };
        *slot = Some(token.clone());
        Ok(token)
    }

    /// Forgets `failed` (unless another caller already replaced it), so the next call asks Identity.
    async fn invalidate(&self, failed: &SecretString) {
        let mut slot = self.token.lock().await;
        if slot.as_ref().is_some_and(|t| &t.value == failed) {
            *slot = None;
        }
    }

    /// `GET {identity}/oauth/token?grant_type=client_credentials&client_id=…&client_secret=…`, retrying 5xx.
    async fn fetch_token(&self) -> Result<TokenAnswer, MarketoError> {
        let url = join(&self.endpoints.identity, "oauth/token");
        let mut attempt = 0;
        loop {
            attempt += 1;
            let sent = self
                .http
                .get(&url)
                .query(&[
                    ("grant_type", "client_credentials"),
                    ("client_id", self.credentials.client_id.as_str()),
                    ("client_secret", self.credentials.client_secret.expose()),
                ])
                .send()
                .await;
            let response = match sent {
                Ok(response) => response,
                Err(error) => return Err(self.identity_unreachable(error)),
            };
            let status = response.status();
            let body = response.bytes().await.map_err(|e| MarketoError::Network(self.describe(e)))?;
            if status == StatusCode::OK {
                return serde_json::from_slice::<TokenAnswer>(&body)
                    .ok()
                    .filter(|answer| !answer.access_token.is_empty())
                    .ok_or_else(|| MarketoError::BadResponse("the identity answer has no access token".into()));
            }
            let refusal = serde_json::from_slice::<IdentityRefusal>(&body).ok();
            let refused_client = refusal.as_ref().is_some_and(|r| r.error == "invalid_client" || r.error == "unauthorized");
            if status == StatusCode::UNAUTHORIZED || (status == StatusCode::BAD_REQUEST && refused_client) {
                let detail = refusal
                    .map(|r| if r.error_description.is_empty() { r.error } else { r.error_description })
                    .filter(|d| !d.is_empty())
                    .unwrap_or_else(|| format!("HTTP {}", status.as_u16()));
                return Err(MarketoError::InvalidClient { detail: self.scrub(&detail) });
            }
            if status == StatusCode::NOT_FOUND {
                return Err(MarketoError::UnknownMunchkin {
                    host: self.endpoints.host(),
                    detail: "its identity service answered 404 Not Found".into(),
                });
            }
            if status.is_server_error() {
                if attempt < self.retry.max_attempts {
                    let wait = self.backoff(attempt);
                    tracing::warn!(attempt, ?wait, status = status.as_u16(), "Marketo identity failed; retrying");
                    tokio::time::sleep(wait).await;
                    continue;
                }
                return Err(MarketoError::Server {
                    code: format!("http_{}", status.as_u16()),
                    message: "the identity service failed".into(),
                });
            }
            return Err(MarketoError::BadResponse(format!("the identity service answered HTTP {}", status.as_u16())));
        }
    }

    /// One API call with the retry rules; `build` makes a fresh request for each attempt with the token
    /// in force. Returns the envelope (REST) or the body (User Management) of a successful answer.
    async fn call(&self, api: Api, build: impl Fn(&str) -> RequestBuilder) -> Result<Value, MarketoError> {
        let mut attempt = 0;
        let mut reauthenticated = false;
        let mut retried_611 = false;
        loop {
            let token = self.token().await?;
            attempt += 1;
            let sent = {
                let _permit = self.limiter.acquire().await.ok_or_else(|| MarketoError::Network("the client was closed".into()))?;
                build(token.value.expose()).send().await
            };
            let failure = match sent {
                Ok(response) => match self.read(api, response).await {
                    Ok(body) => return Ok(body),
                    Err(failure) => failure,
                },
                Err(error) => Failure::Network { message: self.describe(error) },
            };
            let code = match &failure {
                Failure::Marketo { code, .. } => code.clone(),
                Failure::Http { status } => format!("http_{}", status.as_u16()),
                Failure::Network { .. } => "network".into(),
                Failure::Decode(_) => "bad_response".into(),
            };
            if matches!(code.as_str(), "601" | "602") && !reauthenticated {
                tracing::info!(code = %code, "Marketo refused the access token; getting a new one");
                self.invalidate(&token.value).await;
                reauthenticated = true;
                attempt -= 1;
                continue;
            }
            let wait = match code.as_str() {
                "606" => Some(self.retry.rate_limit_wait),
                "615" | "604" | "608" | "614" | "713" | "719" | "502" | "network" => Some(self.backoff(attempt)),
                "611" if !retried_611 => {
                    retried_611 = true;
                    Some(self.backoff(attempt))
                }
                _ if matches!(failure, Failure::Http { status } if status.is_server_error()) => Some(self.backoff(attempt)),
                _ => None,
            };
            match wait {
                Some(wait) if attempt < self.retry.max_attempts => {
                    self.limiter.count_retry(&code);
                    tracing::warn!(attempt, ?wait, code = %code, "Marketo call failed; retrying");
                    tokio::time::sleep(wait).await;
                }
                _ => return Err(self.final_error(failure)),
            }
        }
    }

    /// Reads one answer: the body on success, else why it failed.
    async fn read(&self, api: Api, response: reqwest::Response) -> Result<Value, Failure> {
        let status = response.status();
        let bytes = match response.bytes().await {
            Ok(bytes) => bytes,
            Err(error) => return Err(Failure::Network { message: self.describe(error) }),
        };
        let body: Option<Value> = serde_json::from_slice(&bytes).ok();
        let first_error = body.as_ref().and_then(|b| b.get("errors")).and_then(Value::as_array).and_then(|e| e.first());
        if let Some(error) = first_error {
            let failed = match api {
                Api::Rest => body.as_ref().and_then(|b| b.get("success")).and_then(Value::as_bool) != Some(true),
                Api::UserManagement => status != StatusCode::OK || body.as_ref().and_then(|b| b.get("success")).and_then(Value::as_bool) == Some(false),
            };
            if failed {
                let code = match error.get("code") {
                    Some(Value::String(code)) => code.clone(),
                    Some(Value::Number(code)) => code.to_string(),
                    _ => String::from("unknown"),
                };
                let message = error.get("message").and_then(Value::as_str).unwrap_or_default();
                return Err(Failure::Marketo { code, message: self.scrub(message) });
            }
        }
        if status != StatusCode::OK {
            return Err(Failure::Http { status });
        }
        let Some(body) = body else {
            return Err(Failure::Decode("the answer is not JSON".into()));
        };
        if api == Api::Rest && body.get("success").and_then(Value::as_bool) != Some(true) {
            return Err(Failure::Decode("the answer has neither success nor errors".into()));
        }
        Ok(body)
    }

    fn final_error(&self, failure: Failure) -> MarketoError {
        match failure {
            Failure::Marketo { code, message } => match code.as_str() {
                "601" | "602" => MarketoError::TokenExpired { code, message },
                "603" => MarketoError::AccessDenied { message },
                "606" | "615" => MarketoError::RateLimited { code, message },
                "607" => MarketoError::DailyQuota { message },
                "1003" => MarketoError::InvalidData { message },
                "502" | "604" | "608" | "611" | "614" | "713" | "719" => MarketoError::Server { code, message },
                _ => MarketoError::Refused { code, message },
            },
            Failure::Http { status } if status.is_server_error() => MarketoError::Server {
                code: format!("http_{}", status.as_u16()),
                message: status.canonical_reason().unwrap_or("server error").to_owned(),
            },
            Failure::Http { status } => MarketoError::BadResponse(format!("HTTP {} without a Marketo error", status.as_u16())),
            Failure::Network { message } => MarketoError::Network(message),
            Failure::Decode(message) => MarketoError::BadResponse(message),
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        self.retry.policy().backoff(attempt)
    }

    /// Identity could not be reached: no such host or nothing listening means the Munchkin ID points
    /// nowhere; timeouts and TLS failures are the network's.
    fn identity_unreachable(&self, error: reqwest::Error) -> MarketoError {
        let refused_or_unknown = error.is_connect() && {
            let mut source = error.source();
            let mut found = false;
            while let Some(cause) = source {
                let refused = cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused);
                let text = cause.to_string().to_ascii_lowercase();
                if refused || text.contains("dns error") || text.contains("failed to lookup address") {
                    found = true;
                    break;
                }
                source = cause.source();
            }
            found
        };
        let detail = self.describe(error);
        if refused_or_unknown {
            MarketoError::UnknownMunchkin { host: self.endpoints.host(), detail }
        } else {
            MarketoError::Network(detail)
        }
    }

    /// A reqwest error as text: without its URL (which may hold the client secret), with its causes.
    fn describe(&self, error: reqwest::Error) -> String {
        let error = error.without_url();
        let mut text = if error.is_timeout() { String::from("timed out") } else { error.to_string() };
        let mut source = error.source();
        while let Some(cause) = source {
            let cause_text = cause.to_string();
            if !text.contains(&cause_text) {
                text.push_str(": ");
                text.push_str(&cause_text);
            }
            source = cause.source();
        }
        self.scrub(&text)
    }

    /// Removes the client secret and the current token (plain or URL-encoded) from a text.
    fn scrub(&self, text: &str) -> String {
        let mut text = text.to_owned();
        let mut hide = |secret: &str| {
            if secret.len() >= 4 {
                let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
                text = text.replace(secret, "[redacted]").replace(&encoded, "[redacted]");
            }
        };
        hide(self.credentials.client_secret.expose());
        if let Ok(slot) = self.token.try_lock() {
            if let Some(token) = slot.as_ref() {
                hide(token.value.expose());
            }
        }
        text
    }
}
