use crate::auth::AuthError;
use crate::secrets::SecretsError;
use crate::services::marketo::MarketoError;
use crate::services::sales_actions::SalesActionsError;
use crate::services::salesforce::SalesforceError;
use crate::setup::SetupError;
use crate::store::StoreError;

/// Why connecting, verifying or disconnecting failed. Nothing here ever holds a secret.
#[derive(Debug, thiserror::Error)]
pub enum ConnectionError {
    #[error(transparent)]
    Marketo(#[from] MarketoError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Salesforce(#[from] SalesforceError),
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    #[error(transparent)]
    SalesAccount(#[from] SalesActionsError),
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no sign-in is waiting for a redirect")]
    NoPendingSignIn,
    #[error("a sign-in is already waiting for its redirect")]
    SignInInProgress,
    #[error("no Salesforce consumer key is set for this environment: paste the consumer key of your External Client App in Connections › Salesforce › Consumer key (see docs/salesforce-sign-in.md)")]
    MissingConsumerKey,
    #[error("the callback port must be between 1 and 65535")]
    InvalidPort,
    #[error("no Marketo client secret is saved for this environment: type it in")]
    MissingSecret,
    #[error("the Client ID is empty: copy it from Marketo › Admin › Sales Insight › Actions Config")]
    MissingClientId,
    #[error("these are the app's own LaunchPoint credentials: the Sales account is connected with the ones Marketo shows on Admin › Sales Insight › Actions Config")]
    LaunchPointForSalesAccount,
    #[error("the keyring failed: {0}")]
    KeyringTask(String),
    #[error("internal error: {0}")]
    Internal(String),
}
