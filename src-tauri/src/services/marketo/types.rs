//! The values the Marketo client takes and gives.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::MunchkinId;
use crate::secrets::SecretString;

/// A LaunchPoint custom service's credentials (Admin > Integration > LaunchPoint > View Details).
/// `Debug` prints the secret as `[redacted]`.
#[derive(Debug, Clone)]
pub struct MarketoCredentials {
    pub munchkin_id: MunchkinId,
    pub client_id: String,
    pub client_secret: SecretString,
}

/// A successful [`test_connection`](super::MarketoClient::test_connection).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectionCheck {
    /// The API-only user the custom service acts as (identity's `scope`, e.g. `apis@acme.com`).
    pub scope: String,
    /// Seconds the access token has left.
    pub expires_in: u64,
    #[serde(with = "time::serde::rfc3339")]
    pub checked_at: OffsetDateTime,
}

/// One Marketo person (lead), with the fields the setup reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lead {
    pub id: i64,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    /// Set when the person is synced from a Salesforce lead.
    #[serde(default)]
    pub sfdc_lead_id: Option<String>,
    /// Set when the person is synced from a Salesforce contact.
    #[serde(default)]
    pub sfdc_contact_id: Option<String>,
}

/// One role of the instance (User Management `users/roles.json`), e.g. 1 Admin, 2 Standard User.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `system` or `custom`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

/// One accepted Marketo user (User Management `users/allusers.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketoUser {
    pub id: i64,
    /// The login, in email form.
    pub userid: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub email_address: Option<String>,
    /// API-only users belong to a custom service and cannot sign in.
    #[serde(default)]
    pub api_only: bool,
}

/// One role of a user in one workspace (User Management `users/{userid}/roles.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserRole {
    pub access_role_id: i64,
    #[serde(default)]
    pub access_role_name: Option<String>,
    #[serde(default)]
    pub workspace_id: Option<i64>,
    #[serde(default)]
    pub workspace_name: Option<String>,
}
