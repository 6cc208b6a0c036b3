use crate::auth::AuthError;

/// Why a Salesforce REST or identity call failed. Messages are Salesforce's own (short, public) texts;
/// never a token or a response body beyond that.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SalesforceError {
    /// `401 INVALID_SESSION_ID` (or the identity service's `Bad_OAuth_Token`): the access token expired or
    /// was revoked. Refresh once ([`super::with_refresh`]); if it happens again, sign in again.
    #[error("the Salesforce session has expired or is invalid")]
    SessionExpired,
    /// `403 REQUEST_LIMIT_EXCEEDED`: the org's rolling 24-hour API limit is used up.
    #[error("the org's Salesforce API limit is used up: {message}")]
    RequestLimitExceeded { message: String },
    /// `403 API_DISABLED_FOR_ORG` / `API_CURRENTLY_DISABLED`: the edition or the user has no API access.
    #[error("the Salesforce API is not enabled for this org or user: {message}")]
    ApiDisabled { message: String },
    /// `403 INSUFFICIENT_ACCESS…` and other 403s.
    #[error("this Salesforce user may not do that: {message}")]
    InsufficientAccess { message: String },
    /// `404 NOT_FOUND`: object, record or field missing (for example a package not installed).
    #[error("Salesforce did not find it: {message}")]
    NotFound { message: String },
    /// `400 MALFORMED_QUERY`, `INVALID_FIELD`, …: a bug or an API-version mismatch.
    #[error("Salesforce refused the request ({error_code}): {message}")]
    BadRequest { error_code: String, message: String },
    /// 5xx, still failing after the retries.
    #[error("Salesforce is having trouble (HTTP {status}); try again later")]
    Server { status: u16 },
    /// Any other refusal.
    #[error("Salesforce refused the request (HTTP {status} {error_code}): {message}")]
    Rejected { status: u16, error_code: String, message: String },
    #[error("cannot reach Salesforce: {0}")]
    Network(String),
    #[error("Salesforce answered something unexpected: {0}")]
    BadResponse(String),
    /// A query's `nextRecordsUrl` came back a second time (or paging never ended): stopped, not looped.
    #[error("Salesforce kept paging a query: {0}")]
    PagingLoop(String),
    /// The session expired and refreshing it failed (see the inner error: expired refresh token → sign in
    /// again; network → try again).
    #[error("refreshing the Salesforce session failed: {0}")]
    Refresh(AuthError),
}

impl SalesforceError {
    /// Stable snake_case code for the record and the UI (a failed refresh gives the auth error's code).
    pub fn code(&self) -> crate::error_code::ErrorCode {
        match self {
            Self::SessionExpired => crate::error_code::ErrorCode::SessionExpired,
            Self::RequestLimitExceeded { .. } => crate::error_code::ErrorCode::RequestLimitExceeded,
            Self::ApiDisabled { .. } => crate::error_code::ErrorCode::ApiDisabled,
            Self::InsufficientAccess { .. } => crate::error_code::ErrorCode::InsufficientAccess,
            Self::NotFound { .. } => crate::error_code::ErrorCode::NotFound,
            Self::BadRequest { .. } => crate::error_code::ErrorCode::BadRequest,
            Self::Server { .. } => crate::error_code::ErrorCode::ServerError,
            Self::Rejected { .. } => crate::error_code::ErrorCode::Rejected,
            Self::Network(_) => crate::error_code::ErrorCode::Network,
            Self::BadResponse(_) => crate::error_code::ErrorCode::BadResponse,
            Self::PagingLoop(_) => crate::error_code::ErrorCode::PagingLoop,
            Self::Refresh(inner) => inner.code(),
        }
    }

    /// Whether the same call may succeed later unchanged.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Server { .. } | Self::Network(_))
    }

    /// What the person should do next (English; the UI translates by `code()`).
    pub fn what_to_do(&self) -> &'static str {
        match self {
            Self::SessionExpired => "Your Salesforce sign-in has expired. Sign in again.",
            Self::RequestLimitExceeded { .. } => {
                "Your org has used its daily Salesforce API requests. Try again later (the limit is a rolling 24 hours)."
            }
            Self::ApiDisabled { .. } => {
                "A Salesforce admin must give your profile or permission set \"API Enabled\", or the org's edition has no API access."
            }
            Self::InsufficientAccess { .. } => {
                "Sign in with a Salesforce admin, or ask one to grant you the missing permission."
            }
            Self::NotFound { .. } => "Something expected in the org is missing (for example the Marketo Sales Insight package).",
            Self::BadRequest { .. } | Self::Rejected { .. } | Self::BadResponse(_) => {
                "Try again. If it keeps happening, report this message."
            }
            Self::Server { .. } => "Salesforce is having trouble. Try again in a few minutes.",
            Self::PagingLoop(_) => {
                "Salesforce kept returning the same page of results, so the app stopped reading. Try again later; if it keeps happening, report this message."
            }
            Self::Network(_) => "Check your internet connection (and proxy or VPN), then try again.",
            Self::Refresh(inner) => inner.what_to_do(),
        }
    }
}
