//! Salesforce after sign-in: identity, user info, the org's name, SOQL over REST and the Tooling API (every
//! page), creates, updates and deletes, and the typed setup calls of steps 4, 6 and 7 (`setup`), against the
//! `instance_url` of the tokens (`crate::auth`). "Refresh once, then ask to sign in again" is
//! [`with_refresh`]: the caller supplies the refresher (and stores the new tokens itself — this module
//! never touches the keyring).

mod client;
mod error;
mod setup;
mod types;

pub use client::{RetryPolicy, SalesforceClient};
pub use error::SalesforceError;
pub use setup::{
    soql_text, Assignment, InstalledPackage, ObjectPermission, PackageObject, PermissionSetRecord, PersonObject, PersonRecord,
    ProfileObjectAccess, ProfileRecord, RemoteSite, SfUser,
};
pub use types::{ApiVersion, Identity, QueryResult, UserInfo};

use std::future::Future;

use crate::auth::{AuthError, SalesforceTokens};

/// Gets fresh tokens when the access token has expired, typically `auth::refresh` with the stored refresh
/// token, then saving what it returns. Any `Fn() -> impl Future<Output = Result<SalesforceTokens, AuthError>>`
/// is one.
pub trait TokenRefresher: Send + Sync {
    fn refresh(&self) -> impl Future<Output = Result<SalesforceTokens, AuthError>> + Send;
}

impl<F, Fut> TokenRefresher for F
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<SalesforceTokens, AuthError>> + Send,
{
    fn refresh(&self) -> impl Future<Output = Result<SalesforceTokens, AuthError>> + Send {
        self()
    }
}

/// Runs `call`; if the session has expired ([`SalesforceError::SessionExpired`]), refreshes once, gives
/// the client the new tokens and runs `call` once more. A second `SessionExpired` is returned as is
/// (sign in again); a failed refresh is [`SalesforceError::Refresh`].
///
/// ```no_run
/// # use msi_actions_setup::services::salesforce::{with_refresh, SalesforceClient, SalesforceError};
/// # async fn demo(client: &SalesforceClient) -> Result<(), SalesforceError> {
/// # let (host, key, refresh_token) = (msi_actions_setup::auth::LoginHost::Production, "key", msi_actions_setup::secrets::SecretString::new("x"));
/// let refresher = || msi_actions_setup::auth::refresh(&host, key, &refresh_token); // + store the result
/// let me = with_refresh(client, &refresher, |c| c.identity()).await?;
/// # let _ = me; Ok(()) }
/// ```
pub async fn with_refresh<'c, T, R, F, Fut>(
    client: &'c SalesforceClient,
    refresher: &R,
    call: F,
) -> Result<T, SalesforceError>
where
    R: TokenRefresher,
    F: Fn(&'c SalesforceClient) -> Fut,
    Fut: Future<Output = Result<T, SalesforceError>>,
{
    match call(client).await {
        Err(SalesforceError::SessionExpired) => {}
        other => return other,
    }
    tracing::info!("Salesforce session expired; refreshing once");
    let tokens = refresher.refresh().await.map_err(SalesforceError::Refresh)?;
    client.set_tokens(&tokens);
    call(client).await
}
