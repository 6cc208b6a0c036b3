use serde::{Deserialize, Serialize};

/// Who signed in, from the identity URL (`GET {id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub user_id: String,
    pub organization_id: String,
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub active: Option<bool>,
    /// `STANDARD`, `PowerPartner`, … (`None` if not sent).
    #[serde(default)]
    pub user_type: Option<String>,
}

/// The OpenID Connect user info (`GET {instance}/services/oauth2/userinfo`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    /// The identity URL.
    pub sub: String,
    pub user_id: String,
    pub organization_id: String,
    pub preferred_username: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub email_verified: Option<bool>,
    #[serde(default)]
    pub locale: Option<String>,
}

/// One entry of `GET /services/data/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiVersion {
    #[serde(default)]
    pub label: String,
    pub url: String,
    /// `62.0`.
    pub version: String,
}

/// A SOQL answer, all pages together.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryResult<T> {
    pub total_size: u64,
    pub records: Vec<T>,
}
