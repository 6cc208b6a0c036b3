//! Salesforce REST and identity calls with the signed-in user's bearer token, against `instance_url`
//! (never the login host). GETs, PATCHes and DELETEs are retried with backoff on 5xx and network failures, creates
//! (POST) never are; Salesforce's
//! error array (`[{"message","errorCode"}]`) becomes a [`SalesforceError`]. The token is sent only to the
//! instance and identity URLs the token endpoint gave (https, or loopback for the sandbox), redirects are
//! never followed, and the token never reaches a log line or an error.

use std::sync::{Mutex, PoisonError, RwLock};

use reqwest::{Method, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::types::{ApiVersion, Identity, QueryResult, UserInfo};
use super::SalesforceError;
use crate::auth::SalesforceTokens;
use crate::secrets::SecretString;

pub use crate::services::http::RetryPolicy;
use crate::services::http::{self as foundation, ClientSettings};

/// Retries of an idempotent call that failed with 5xx or on the network: three attempts in all.
fn default_retry() -> RetryPolicy {
    RetryPolicy { max_attempts: 3, ..RetryPolicy::default() }
}

/// Where to call and with which token; replaced after a refresh.
struct Session {
    instance_url: String,
    id_url: String,
    access_token: SecretString,
}

/// A client for one signed-in Salesforce user.
pub struct SalesforceClient {
    http: reqwest::Client,
    session: RwLock<Session>,
    retry: RetryPolicy,
    /// The newest API version, found once per client.
    api_version: Mutex<Option<String>>,
}

impl std::fmt::Debug for SalesforceClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let session = self.session.read().unwrap_or_else(PoisonError::into_inner);
        f.debug_struct("SalesforceClient")
            .field("instance_url", &session.instance_url)
            .field("access_token", &session.access_token)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct RestError {
    #[serde(default)]
    message: String,
    #[serde(default, rename = "errorCode")]
    error_code: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryPage<T> {
    total_size: u64,
    done: bool,
    records: Vec<T>,
    #[serde(default)]
    next_records_url: Option<String>,
}

/// The answer to a create: `{id, success, errors}`.
#[derive(Deserialize)]
struct SaveResult {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    success: bool,
    #[serde(default)]
    errors: Vec<SaveError>,
}

#[derive(Deserialize)]
struct SaveError {
    #[serde(default)]
    message: String,
    #[serde(default, rename = "statusCode")]
    error_code: String,
}

#[derive(Deserialize)]
struct NameRecord {
    #[serde(rename = "Name")]
    name: String,
}

impl SalesforceClient {
    /// A client on the tokens of a sign-in or refresh. `http` must not follow redirects (see
    /// [`SalesforceClient::default_http_client`]).
    pub fn new(http: reqwest::Client, tokens: &SalesforceTokens) -> Self {
        Self {
            http,
            session: RwLock::new(session_of(tokens)),
            retry: default_retry(),
            api_version: Mutex::new(None),
        }
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// No redirects (a redirect would carry the bearer token elsewhere), timeouts.
    pub fn default_http_client() -> Result<reqwest::Client, SalesforceError> {
        foundation::client(ClientSettings::default()).map_err(|err| SalesforceError::Network(err.to_string()))
    }

    /// Uses new tokens (after a refresh) from the next call on.
    pub fn set_tokens(&self, tokens: &SalesforceTokens) {
        *self.session.write().unwrap_or_else(PoisonError::into_inner) = session_of(tokens);
    }

    pub fn instance_url(&self) -> String {
        self.session.read().unwrap_or_else(PoisonError::into_inner).instance_url.clone()
    }

    /// `GET {id}`: the signed-in user and org.
    pub async fn identity(&self) -> Result<Identity, SalesforceError> {
        let url = self.session.read().unwrap_or_else(PoisonError::into_inner).id_url.clone();
        self.get_json(&url, &[]).await
    }

    /// `GET {instance}/services/oauth2/userinfo` (OpenID Connect).
    pub async fn userinfo(&self) -> Result<UserInfo, SalesforceError> {
        let url = format!("{}/services/oauth2/userinfo", self.instance_url());
        self.get_json(&url, &[]).await
    }

    /// The org's newest REST API version (`62.0`), from `GET /services/data/`; asked once per client.
    pub async fn api_version(&self) -> Result<String, SalesforceError> {
        if let Some(version) = self.api_version.lock().unwrap_or_else(PoisonError::into_inner).clone() {
            return Ok(version);
        }
        let url = format!("{}/services/data/", self.instance_url());
        let versions: Vec<ApiVersion> = self.get_json(&url, &[]).await?;
        let newest = versions
            .into_iter()
            .filter_map(|v| version_key(&v.version).map(|key| (key, v.version)))
            .max()
            .map(|(_, version)| version)
            .ok_or_else(|| SalesforceError::BadResponse("no API version is listed".into()))?;
        *self.api_version.lock().unwrap_or_else(PoisonError::into_inner) = Some(newest.clone());
        Ok(newest)
    }

    /// Runs a SOQL query and follows `nextRecordsUrl` until `done` (every page, in order).
    pub async fn query<T: DeserializeOwned>(&self, soql: &str) -> Result<QueryResult<T>, SalesforceError> {
        self.query_all("query", soql).await
    }

    /// A Tooling API SOQL query (`/tooling/query`), every page.
    pub async fn tooling_query<T: DeserializeOwned>(&self, soql: &str) -> Result<QueryResult<T>, SalesforceError> {
        self.query_all("tooling/query", soql).await
    }

    /// `GET /services/data/vXX.X/{resource}?q=…`, then each `nextRecordsUrl` while `done` is false.
    async fn query_all<T: DeserializeOwned>(&self, resource: &str, soql: &str) -> Result<QueryResult<T>, SalesforceError> {
        let version = self.api_version().await?;
        let instance = self.instance_url();
        let mut page: QueryPage<T> =
            self.get_json(&format!("{instance}/services/data/v{version}/{resource}"), &[("q", soql)]).await?;
        let total_size = page.total_size;
        let mut records = Vec::new();
        let mut guard = crate::services::paging::CursorGuard::default();
        loop {
            records.append(&mut page.records);
            if page.done {
                break;
            }
            let next = page
                .next_records_url
                .filter(|path| path.starts_with("/services/data/"))
                .ok_or_else(|| SalesforceError::BadResponse("a query page has no usable nextRecordsUrl".into()))?;
            guard.follow(&next).map_err(|stop| SalesforceError::PagingLoop(stop.to_string()))?;
            page = self.get_json(&format!("{instance}{next}"), &[]).await?;
        }
        Ok(QueryResult { total_size, records })
    }

    /// `POST /services/data/vXX.X/sobjects/{object}`: creates a record, returns its id. Not retried (a
    /// create is not idempotent).
    pub async fn create(&self, object: &str, body: &serde_json::Value) -> Result<String, SalesforceError> {
        self.create_at("sobjects", object, body).await
    }

    /// `POST /services/data/vXX.X/tooling/sobjects/{object}` (for example `RemoteProxy`).
    pub async fn tooling_create(&self, object: &str, body: &serde_json::Value) -> Result<String, SalesforceError> {
        self.create_at("tooling/sobjects", object, body).await
    }

    /// `DELETE /services/data/vXX.X/sobjects/{object}/{id}` (204).
    pub async fn delete(&self, object: &str, id: &str) -> Result<(), SalesforceError> {
        self.delete_at("sobjects", object, id).await
    }

    /// `PATCH /services/data/vXX.X/tooling/sobjects/{object}/{id}` (204): the Tooling API's documented
    /// update of a record ("REST Resources", `/sobjects/SObjectName/id/`: GET, PATCH, DELETE). Tooling
    /// objects are never deleted by the app (see `setup::deactivate_remote_site`).
    pub async fn tooling_update(&self, object: &str, id: &str, body: &serde_json::Value) -> Result<(), SalesforceError> {
        let url = format!(
            "{}/services/data/v{}/tooling/sobjects/{}/{}",
            self.instance_url(),
            self.api_version().await?,
            segment(object)?,
            segment(id)?
        );
        self.send(Method::PATCH, &url, &[], Some(body)).await.map(|_| ())
    }

    async fn create_at(&self, resource: &str, object: &str, body: &serde_json::Value) -> Result<String, SalesforceError> {
        let url = format!("{}/services/data/v{}/{resource}/{}", self.instance_url(), self.api_version().await?, segment(object)?);
        let response = self.send(Method::POST, &url, &[], Some(body)).await?;
        let saved: SaveResult = response
            .json()
            .await
            .map_err(|_| SalesforceError::BadResponse("the create answer is not the expected JSON".into()))?;
        match saved {
            SaveResult { success: true, id: Some(id), .. } => Ok(id),
            SaveResult { errors, .. } => {
                let first = errors.into_iter().next();
                let code = first.as_ref().map(|e| e.error_code.clone()).unwrap_or_default();
                let message = first.map(|e| short(&e.message)).unwrap_or_else(|| "the record was not created".into());
                Err(map_error(StatusCode::BAD_REQUEST, &code, message))
            }
        }
    }

    async fn delete_at(&self, resource: &str, object: &str, id: &str) -> Result<(), SalesforceError> {
        let url = format!(
            "{}/services/data/v{}/{resource}/{}/{}",
            self.instance_url(),
            self.api_version().await?,
            segment(object)?,
            segment(id)?
        );
        self.send(Method::DELETE, &url, &[], None).await.map(|_| ())
    }

    /// The org's name (`SELECT Name FROM Organization`).
    pub async fn organization_name(&self) -> Result<String, SalesforceError> {
        let result: QueryResult<NameRecord> = self.query("SELECT Name FROM Organization").await?;
        result
            .records
            .into_iter()
            .next()
            .map(|record| record.name)
            .ok_or_else(|| SalesforceError::BadResponse("the Organization query returned no row".into()))
    }

    async fn get_json<T: DeserializeOwned>(&self, url: &str, query: &[(&str, &str)]) -> Result<T, SalesforceError> {
        let response = self.get(url, query).await?;
        response
            .json::<T>()
            .await
            .map_err(|_| SalesforceError::BadResponse("the answer is not the expected JSON".into()))
    }

    async fn get(&self, url: &str, query: &[(&str, &str)]) -> Result<Response, SalesforceError> {
        self.send(Method::GET, url, query, None).await
    }

    /// A call with the bearer token. GET, PATCH and DELETE (idempotent) are retried on 5xx and network failures;
    /// a POST never is. Other failures are mapped at once.
    async fn send(
        &self,
        method: Method,
        url: &str,
        query: &[(&str, &str)],
        body: Option<&serde_json::Value>,
    ) -> Result<Response, SalesforceError> {
        // A PATCH sets absolute values, so repeating it is as safe as a GET.
        let retries = method == Method::GET || method == Method::DELETE || method == Method::PATCH;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let token = self.session.read().unwrap_or_else(PoisonError::into_inner).access_token.clone();
            let mut request = self
                .http
                .request(method.clone(), url)
                .query(query)
                .bearer_auth(token.expose())
                .header(reqwest::header::ACCEPT, "application/json");
            if let Some(body) = body {
                request = request.json(body);
            }
            let sent = request.send().await;
            let error = match sent {
                Ok(response) if response.status().is_success() => return Ok(response),
                Ok(response) => error_from(response).await,
                Err(err) => SalesforceError::Network(network_kind(&err).to_owned()),
            };
            if !retries || !error.is_retryable() || !self.retry.allows_another(attempt) {
                return Err(error);
            }
            let wait = self.retry.backoff(attempt);
            tracing::warn!(attempt, ?wait, code = error.code().as_str(), "Salesforce call failed; retrying");
            tokio::time::sleep(wait).await;
        }
    }
}

fn session_of(tokens: &SalesforceTokens) -> Session {
    Session {
        instance_url: tokens.instance_url.trim_end_matches('/').to_owned(),
        id_url: tokens.id_url.clone(),
        access_token: tokens.access_token.clone(),
    }
}

/// An object name or record id as one URL path segment: letters, digits and `_` only (never a `/`, `?` or
/// `..` that would change what the call reaches).
fn segment(value: &str) -> Result<&str, SalesforceError> {
    if !value.is_empty() && value.len() <= 80 && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        Ok(value)
    } else {
        Err(SalesforceError::BadRequest { error_code: "INVALID_ID_FIELD".into(), message: "not a Salesforce id or object name".into() })
    }
}

/// `62.0` → (62, 0), for picking the newest version.
fn version_key(version: &str) -> Option<(u32, u32)> {
    let (major, minor) = version.split_once('.').unwrap_or((version, "0"));
    Some((major.parse().ok()?, minor.parse().ok()?))
}

fn network_kind(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "connection failed"
    } else {
        "request failed"
    }
}

/// A refusal as a [`SalesforceError`]: the REST error array, or the identity service's plain-text codes.
async fn error_from(response: Response) -> SalesforceError {
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    let (error_code, message) = match serde_json::from_str::<Vec<RestError>>(&text) {
        Ok(errors) if !errors.is_empty() => (errors[0].error_code.clone(), short(&errors[0].message)),
        _ => {
            // The identity service answers `Bad_OAuth_Token`, `Wrong_Org`, … as plain text.
            let word = text.trim();
            let code =
                if !word.is_empty() && word.len() <= 64 && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                {
                    word.to_owned()
                } else {
                    String::new()
                };
            (code, status.canonical_reason().unwrap_or("error").to_owned())
        }
    };
    map_error(status, &error_code, message)
}

fn map_error(status: StatusCode, error_code: &str, message: String) -> SalesforceError {
    match (status.as_u16(), error_code) {
        (401, _) | (_, "INVALID_SESSION_ID" | "Bad_OAuth_Token" | "Missing_OAuth_Token") => {
            SalesforceError::SessionExpired
        }
        (_, "REQUEST_LIMIT_EXCEEDED") => SalesforceError::RequestLimitExceeded { message },
        (_, "API_DISABLED_FOR_ORG" | "API_CURRENTLY_DISABLED") => SalesforceError::ApiDisabled { message },
        (_, code) if code.starts_with("INSUFFICIENT_ACCESS") => SalesforceError::InsufficientAccess { message },
        (403, _) => SalesforceError::InsufficientAccess { message },
        (404, _) => SalesforceError::NotFound { message },
        (400, _) => SalesforceError::BadRequest { error_code: error_code.to_owned(), message },
        (500..=599, _) => SalesforceError::Server { status: status.as_u16() },
        (other, _) => SalesforceError::Rejected { status: other, error_code: error_code.to_owned(), message },
    }
}

fn short(message: &str) -> String {
    message.chars().map(|c| if c.is_control() { ' ' } else { c }).take(300).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rest_errors_map_to_their_meaning() {
        let m = || "m".to_owned();
        assert_eq!(map_error(StatusCode::UNAUTHORIZED, "INVALID_SESSION_ID", m()), SalesforceError::SessionExpired);
        assert_eq!(map_error(StatusCode::FORBIDDEN, "Bad_OAuth_Token", m()), SalesforceError::SessionExpired);
        assert_eq!(map_error(StatusCode::FORBIDDEN, "REQUEST_LIMIT_EXCEEDED", m()).code(), "request_limit_exceeded");
        assert_eq!(map_error(StatusCode::FORBIDDEN, "API_DISABLED_FOR_ORG", m()).code(), "api_disabled");
        assert_eq!(
            map_error(StatusCode::FORBIDDEN, "INSUFFICIENT_ACCESS_OR_READONLY", m()).code(),
            "insufficient_access"
        );
        assert_eq!(map_error(StatusCode::NOT_FOUND, "NOT_FOUND", m()).code(), "not_found");
        assert_eq!(
            map_error(StatusCode::BAD_REQUEST, "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY", m()).code(),
            "insufficient_access"
        );
        assert_eq!(map_error(StatusCode::BAD_REQUEST, "MALFORMED_QUERY", m()).code(), "bad_request");
        assert!(map_error(StatusCode::SERVICE_UNAVAILABLE, "", m()).is_retryable());
    }

    #[test]
    fn path_segments_are_plain() {
        assert!(segment("PermissionSetAssignment").is_ok());
        assert!(segment("0PaSB0000000001AAA").is_ok());
        assert!(segment("../query").is_err() && segment("a/b").is_err() && segment("").is_err());
    }

    #[test]
    fn the_newest_version_wins_numerically() {
        assert!(version_key("62.0") > version_key("9.0"));
        assert!(version_key("61.1") > version_key("61.0"));
        assert_eq!(version_key("v62"), None);
    }
}
