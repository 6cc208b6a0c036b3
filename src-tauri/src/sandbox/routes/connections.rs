//! `PUT /connections/salesforce` and `PUT /connections/marketo` (steps 2 and 3), and how a connection
//! reads in `GET /account`. The real console does its own OAuth; the sandbox just records what it is
//! told after checking its shape. The Marketo client secret is checked and dropped: never stored,
//! never logged, not even in an idempotency fingerprint.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::sandbox::clock::ser_opt_ms;
use crate::sandbox::error::ApiError;
use crate::sandbox::routes::extract::{ApiJson, IdempotencyKey};
use crate::sandbox::routes::reply::{idempotent, Reply};
use crate::sandbox::state::account::{self, Account};
use crate::sandbox::state::StateError;
use crate::sandbox::AppState;

#[derive(Debug, Serialize)]
pub struct SalesforceConnection {
    pub connected: bool,
    pub instance_url: Option<String>,
    pub org_id: Option<String>,
    pub username: Option<String>,
    #[serde(serialize_with = "ser_opt_ms")]
    pub connected_at: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct MarketoConnection {
    pub connected: bool,
    pub munchkin_id: Option<String>,
    /// The Client ID the account was connected with (the Actions Config tab's); never the secret.
    pub client_id: Option<String>,
    #[serde(serialize_with = "ser_opt_ms")]
    pub connected_at: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct Connections {
    pub salesforce: SalesforceConnection,
    pub marketo: MarketoConnection,
}

impl Connections {
    pub fn of(account: &Account) -> Self {
        Self {
            salesforce: SalesforceConnection {
                connected: account.sf_connected,
                instance_url: account.sf_instance_url.clone(),
                org_id: account.sf_org_id.clone(),
                username: account.sf_username.clone(),
                connected_at: account.sf_connected_at,
            },
            marketo: MarketoConnection {
                connected: account.mk_connected,
                munchkin_id: account.mk_munchkin_id.clone(),
                client_id: account.mk_client_id.clone(),
                connected_at: account.mk_connected_at,
            },
        }
    }
}

fn current(tx: &rusqlite::Transaction<'_>) -> Result<Connections, ApiError> {
    let account = account::get(tx)?.ok_or_else(|| StateError::Corrupt("no account".into()))?;
    Ok(Connections::of(&account))
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct SalesforceBody {
    pub instance_url: Option<String>,
    pub org_id: Option<String>,
    pub username: Option<String>,
}

pub async fn connect_salesforce(
    State(app): State<AppState>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<SalesforceBody>,
) -> Result<Reply, ApiError> {
    let fingerprint = serde_json::to_string(&body).map_err(|err| StateError::Corrupt(err.to_string()))?;
    app.state
        .run(move |tx, now| {
            idempotent(tx, now, key.as_deref(), "PUT /connections/salesforce".into(), fingerprint, || {
                let instance_url = body.instance_url.as_deref().map(str::trim).unwrap_or_default();
                let valid_url = url::Url::parse(instance_url)
                    .is_ok_and(|url| matches!(url.scheme(), "https" | "http") && url.host().is_some());
                if !valid_url {
                    return Err(ApiError::unprocessable(
                        "invalid_instance_url",
                        "instance_url",
                        "instance_url must be the org's https URL.",
                    ));
                }
                let org_id = body.org_id.as_deref().map(str::trim).unwrap_or_default();
                let valid_org = matches!(org_id.len(), 15 | 18)
                    && org_id.starts_with("00D")
                    && org_id.bytes().all(|b| b.is_ascii_alphanumeric());
                if !valid_org {
                    return Err(ApiError::unprocessable(
                        "invalid_org_id",
                        "org_id",
                        "org_id must be a 15- or 18-character Salesforce org id (00D...).",
                    ));
                }
                let username = body.username.as_deref().map(str::trim).unwrap_or_default();
                if !username.contains('@') || username.contains(char::is_whitespace) {
                    return Err(ApiError::unprocessable(
                        "invalid_username",
                        "username",
                        "username must be a Salesforce username (name@domain).",
                    ));
                }
                account::connect_salesforce(tx, instance_url.trim_end_matches('/'), org_id, username, now)?;
                Reply::json(StatusCode::OK, &current(tx)?.salesforce)
            })
        })
        .await
}

#[derive(Debug, Default, Deserialize)]
pub struct MarketoBody {
    pub munchkin_id: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

/// `123-ABC-456`.
fn is_munchkin_id(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    matches!(parts.as_slice(), [a, b, c]
        if a.len() == 3 && a.bytes().all(|x| x.is_ascii_digit())
        && b.len() == 3 && b.bytes().all(|x| x.is_ascii_uppercase())
        && c.len() == 3 && c.bytes().all(|x| x.is_ascii_digit()))
}

pub async fn connect_marketo(
    State(app): State<AppState>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<MarketoBody>,
) -> Result<Reply, ApiError> {
    let munchkin_id = body.munchkin_id.as_deref().map(str::trim).unwrap_or_default().to_uppercase();
    let client_id = body.client_id.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let has_secret = body.client_secret.as_deref().is_some_and(|s| !s.trim().is_empty());
    let secret_matches = crate::sandbox::marketo::is_actions_client_secret(body.client_secret.as_deref().unwrap_or_default().trim());
    drop(body);
    let fingerprint = format!("{munchkin_id}\n{client_id}");
    app.state
        .run(move |tx, now| {
            idempotent(tx, now, key.as_deref(), "PUT /connections/marketo".into(), fingerprint, || {
                let invalid = |field: &'static str, message: &'static str| {
                    ApiError::unprocessable("invalid_credentials", field, message)
                };
                if !is_munchkin_id(&munchkin_id) {
                    return Err(invalid("munchkin_id", "munchkin_id looks like 123-ABC-456."));
                }
                if client_id.is_empty() {
                    return Err(invalid("client_id", "client_id is required."));
                }
                if !has_secret {
                    return Err(invalid("client_secret", "client_secret is required."));
                }
                if let Some((field, message)) =
                    crate::sandbox::marketo::actions_credential_mismatch(&munchkin_id, &client_id, secret_matches)
                {
                    return Err(invalid(field, message));
                }
                account::connect_marketo(tx, &munchkin_id, &client_id, now)?;
                Reply::json(StatusCode::OK, &current(tx)?.marketo)
            })
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn munchkin_ids() {
        assert!(is_munchkin_id("123-ABC-456"));
        assert!(!is_munchkin_id("123-abc-456"));
        assert!(!is_munchkin_id("12-ABC-456"));
        assert!(!is_munchkin_id("123ABC456"));
    }
}
