//! `SalesActions` over HTTP, following docs/sales-actions-api.md.
//!
//! Retries are safe because every write carries an `Idempotency-Key`: 429 waits for `Retry-After` (seconds
//! or an HTTP-date), 5xx and network failures back off exponentially with jitter (`services::http`), and
//! both give up after `RetryPolicy::max_attempts`. An in-flight cap keeps us under the service's
//! concurrency limit instead of discovering it through 429s.

use super::types::{Account, CreateOutcome, NewInvitation, RemoteInvitation, RemoteUser, Team};
use super::{SalesActions, SalesActionsError};
use crate::secrets::SecretString;
use crate::services::http::{self as foundation, ClientSettings};
pub use crate::services::http::RetryPolicy;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

pub struct HttpSalesActions {
    http: reqwest::Client,
    api_base: String,
    /// The bearer token: a secret type so no log, panic message or `{:?}` can ever print it.
    token: SecretString,
    retry: RetryPolicy,
    in_flight: Arc<Semaphore>,
}

impl std::fmt::Debug for HttpSalesActions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpSalesActions").field("api_base", &self.api_base).field("token", &"[redacted]").finish()
    }
}

#[derive(Deserialize)]
pub(super) struct ErrorEnvelope {
    pub(super) error: ErrorBody,
}

#[derive(Deserialize)]
pub(super) struct ErrorBody {
    pub(super) code: String,
    #[serde(default)]
    pub(super) message: String,
    #[serde(default)]
    pub(super) existing: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Page<T> {
    items: Vec<T>,
    #[serde(default)]
    next_cursor: Option<String>,
}

#[derive(Deserialize)]
struct TeamList {
    teams: Vec<Team>,
}

impl HttpSalesActions {
    /// `root` is the service's address without `/api/v1` (e.g. the sandbox's `root_url()`).
    pub fn new(http: reqwest::Client, root: &str, token: impl Into<SecretString>) -> Self {
        Self {
            http,
            api_base: format!("{}/api/v1", root.trim_end_matches('/')),
            token: token.into(),
            retry: RetryPolicy::default(),
            in_flight: Arc::new(Semaphore::new(10)),
        }
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The one shared client (the foundation's: no redirects, since one would carry the bearer token
    /// elsewhere; timeouts).
    pub fn default_http_client() -> Result<reqwest::Client, SalesActionsError> {
        foundation::client(ClientSettings::default()).map_err(|e| SalesActionsError::Network(e.to_string()))
    }

    pub(super) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, format!("{}{}", self.api_base, path)).bearer_auth(self.token.expose())
    }

    /// Sends with retries; `build` makes a fresh request for every attempt. A `401 token_expired` is retried
    /// once (the contract's "refresh and retry once"; the sandbox token needs no refresh).
    pub(super) async fn send(&self, build: impl Fn() -> RequestBuilder) -> Result<Response, SalesActionsError> {
        self.send_tracked(build, false).await
    }

    /// `send` for a write whose outcome must be known: when an attempt may have reached the service (a timeout
    /// or a connection lost after connecting) and no later attempt got a definite answer, the result is
    /// `UnknownOutcome` rather than a plain failure, so the caller looks it up before sending it again.
    async fn send_tracked(&self, build: impl Fn() -> RequestBuilder, write: bool) -> Result<Response, SalesActionsError> {
        let mut attempt = 0;
        let mut retried_expired_token = false;
        let mut maybe_acted = false;
        loop {
            attempt += 1;
            let outcome = {
                let _permit = self.in_flight.acquire().await.map_err(|e| SalesActionsError::Network(e.to_string()))?;
                build().send().await
            };
            // The wait a 429 asked for, kept whole (an HTTP-date gives fractions of a second).
            let mut asked_wait = None;
            let error = match outcome {
                Ok(response) if response.status() == StatusCode::TOO_MANY_REQUESTS => {
                    let wait = asked(&response);
                    asked_wait = Some(wait);
                    SalesActionsError::RateLimited { retry_after_secs: whole_seconds(wait) }
                }
                Ok(response) if response.status().is_server_error() => error_from(response).await,
                Ok(response) if response.status() == StatusCode::UNAUTHORIZED && !retried_expired_token => {
                    match error_from(response).await {
                        SalesActionsError::Unauthorized { code } if code == "token_expired" => {
                            retried_expired_token = true;
                            continue;
                        }
                        other => return Err(other),
                    }
                }
                Ok(response) => return Ok(response),
                Err(e) => {
                    // A refused connection never carried the request; anything later might have.
                    maybe_acted |= !e.is_connect() && !e.is_builder();
                    SalesActionsError::Network(without_url(e))
                }
            };
            let give_up = |error: SalesActionsError| {
                if write && maybe_acted {
                    SalesActionsError::UnknownOutcome(error.to_string())
                } else {
                    error
                }
            };
            if !self.retry.allows_another(attempt) {
                return Err(give_up(error));
            }
            let wait = match asked_wait {
                Some(asked) => match self.retry.honoured(asked) {
                    Some(wait) => wait,
                    None => return Err(give_up(error)),
                },
                None => self.retry.backoff(attempt),
            };
            tracing::warn!(attempt, ?wait, code = error.code(), "Sales account call failed; retrying");
            tokio::time::sleep(wait).await;
        }
    }

    pub(super) async fn get_json<T: DeserializeOwned>(&self, path: &str, query: &[(&str, &str)]) -> Result<T, SalesActionsError> {
        let response = self.send(|| self.request(Method::GET, path).query(query)).await?;
        if !response.status().is_success() {
            return Err(error_from(response).await);
        }
        response.json::<T>().await.map_err(|e| SalesActionsError::Decode(e.to_string()))
    }

    async fn all_pages<T: DeserializeOwned>(&self, path: &str, filters: &[(&str, &str)]) -> Result<Vec<T>, SalesActionsError> {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        let mut guard = crate::services::paging::CursorGuard::default();
        loop {
            let mut query: Vec<(&str, &str)> = filters.to_vec();
            query.push(("limit", "500"));
            if let Some(cursor) = cursor.as_deref() {
                query.push(("cursor", cursor));
            }
            let page: Page<T> = self.get_json(path, &query).await?;
            items.extend(page.items);
            match page.next_cursor.filter(|c| !c.is_empty()) {
                Some(next) => {
                    guard.follow(&next).map_err(|stop| SalesActionsError::PagingLoop(stop.to_string()))?;
                    cursor = Some(next);
                }
                None => return Ok(items),
            }
        }
    }
}

/// What a 429 asks to wait: its `Retry-After` (seconds or an HTTP-date), else one second.
fn asked(response: &Response) -> Duration {
    foundation::retry_after(response.headers(), std::time::SystemTime::now()).unwrap_or(Duration::from_secs(1))
}

/// A wait as the error reports it: whole seconds, rounded up so "0.4 s" never reads "retry in 0 s".
fn whole_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

/// reqwest errors print the URL; ours has no secret in it, but keep messages short and stable.
fn without_url(error: reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    format!("{kind}: {}", error.without_url())
}

pub(super) async fn error_from(response: Response) -> SalesActionsError {
    let status = response.status();
    let asked_wait = asked(&response);
    let body = match response.json::<ErrorEnvelope>().await {
        Ok(envelope) => envelope.error,
        Err(_) => ErrorBody { code: format!("http_{}", status.as_u16()), message: status.to_string(), existing: None },
    };
    match (status.as_u16(), body.code.as_str()) {
        (401, _) => SalesActionsError::Unauthorized { code: body.code },
        (402, _) => SalesActionsError::NoSeatsLeft,
        (422, "invalid_email") => SalesActionsError::InvalidEmail { message: body.message },
        (422, "unknown_team") => SalesActionsError::UnknownTeam,
        (429, _) => SalesActionsError::RateLimited { retry_after_secs: whole_seconds(asked_wait) },
        (500..=599, _) => SalesActionsError::Server { status: status.as_u16(), code: body.code, message: body.message },
        _ => SalesActionsError::Rejected { status: status.as_u16(), code: body.code, message: body.message },
    }
}

impl HttpSalesActions {
    /// Step 2 on the HTTP route: tells the Sales account which Salesforce org it is connected to.
    pub async fn connect_salesforce(&self, instance_url: &str, org_id: &str, username: &str) -> Result<(), SalesActionsError> {
        let body = serde_json::json!({ "instance_url": instance_url, "org_id": org_id, "username": username });
        self.put_connection("/connections/salesforce", &body).await
    }

    /// Step 3 on the HTTP route: hands the Marketo credentials to the Sales account, which checks them.
    pub async fn connect_marketo(&self, munchkin_id: &str, client_id: &str, client_secret: &crate::secrets::SecretString) -> Result<(), SalesActionsError> {
        let body = serde_json::json!({
            "munchkin_id": munchkin_id,
            "client_id": client_id,
            "client_secret": client_secret.expose(),
        });
        self.put_connection("/connections/marketo", &body).await
    }

    async fn put_connection(&self, path: &str, body: &serde_json::Value) -> Result<(), SalesActionsError> {
        let key = uuid::Uuid::new_v4().to_string();
        let response = self
            .send(|| self.request(Method::PUT, path).header("Idempotency-Key", key.as_str()).json(body))
            .await?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(error_from(response).await)
        }
    }
}

impl SalesActions for HttpSalesActions {
    async fn account(&self) -> Result<Account, SalesActionsError> {
        self.get_json("/account", &[]).await
    }

    async fn teams(&self) -> Result<Vec<Team>, SalesActionsError> {
        Ok(self.get_json::<TeamList>("/teams", &[]).await?.teams)
    }

    async fn create_invitation(&self, invitation: &NewInvitation, idempotency_key: &str) -> Result<CreateOutcome, SalesActionsError> {
        let response = self
            .send_tracked(
                || self.request(Method::POST, "/invitations").header("Idempotency-Key", idempotency_key).json(invitation),
                true,
            )
            .await?;
        let status = response.status();
        // A 2xx or 409 says the service acted (or holds the person already); if its body cannot be read, what
        // it holds is unknown and must be looked up, not recorded as a failure.
        let unreadable = |e: reqwest::Error| SalesActionsError::UnknownOutcome(format!("unreadable {status} answer: {}", e.without_url()));
        if status.is_success() {
            let created = response.json().await.map_err(unreadable)?;
            return Ok(CreateOutcome::Created(created));
        }
        if status == StatusCode::CONFLICT {
            let body = response.json::<ErrorEnvelope>().await.map_err(unreadable)?;
            return match body.error.code.as_str() {
                "already_member" => Ok(CreateOutcome::AlreadyMember),
                "already_invited" => Ok(CreateOutcome::AlreadyInvited(
                    body.error.existing.and_then(|existing| serde_json::from_value(existing).ok()),
                )),
                other => Err(SalesActionsError::Rejected { status: 409, code: other.to_owned(), message: body.error.message }),
            };
        }
        Err(error_from(response).await)
    }

    async fn invitations(&self, status: Option<&str>, email: Option<&str>) -> Result<Vec<RemoteInvitation>, SalesActionsError> {
        let mut filters = Vec::new();
        if let Some(status) = status {
            filters.push(("status", status));
        }
        if let Some(email) = email {
            filters.push(("email", email));
        }
        self.all_pages("/invitations", &filters).await
    }

    async fn users(&self, email: Option<&str>) -> Result<Vec<RemoteUser>, SalesActionsError> {
        let filters: Vec<(&str, &str)> = email.map(|e| ("email", e)).into_iter().collect();
        self.all_pages("/users", &filters).await
    }
}
