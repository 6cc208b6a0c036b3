#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SalesActionsError {
    #[error("the Sales account refused the token (401 {code})")]
    Unauthorized { code: String },
    #[error("the Sales account says the address is not valid: {message}")]
    InvalidEmail { message: String },
    #[error("the Sales account has no seat left")]
    NoSeatsLeft,
    #[error("the Sales account does not know that team")]
    UnknownTeam,
    #[error("the Sales account is rate limiting us; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("the Sales account failed ({status} {code}): {message}")]
    Server { status: u16, code: String, message: String },
    #[error("the Sales account refused the request ({status} {code}): {message}")]
    Rejected { status: u16, code: String, message: String },
    #[error("cannot reach the Sales account: {0}")]
    Network(String),
    #[error("the Sales account answered something unreadable: {0}")]
    Decode(String),
    /// A write may or may not have acted: the last attempt timed out or lost its connection after the request
    /// went out, or a 2xx/409 answer could not be read. Only a lookup on the service (then a resend with the
    /// same idempotency key) can settle it; sending it again as new could invite someone twice.
    #[error("the Sales account may or may not have taken the request: {0}")]
    UnknownOutcome(String),
    /// A listing's `next_cursor` came back a second time (or paging never ended): stopped, not looped.
    #[error("the Sales account kept paging: {0}")]
    PagingLoop(String),
}

impl SalesActionsError {
    /// Whether the same request may succeed later unchanged.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::RateLimited { .. } | Self::Server { .. } | Self::Network(_))
    }

    /// The failure in the app's vocabulary: the service's codes flattened under `sales_account_`, so the
    /// window never has to read a second code out of the error.
    pub fn error_code(&self) -> crate::error_code::ErrorCode {
        use crate::error_code::ErrorCode;
        match self {
            Self::Unauthorized { .. } => ErrorCode::SalesAccountUnauthorized,
            Self::InvalidEmail { .. } => ErrorCode::SalesAccountInvalidEmail,
            Self::NoSeatsLeft => ErrorCode::SalesAccountNoSeatsLeft,
            Self::UnknownTeam => ErrorCode::SalesAccountUnknownTeam,
            Self::RateLimited { .. } => ErrorCode::SalesAccountRateLimited,
            Self::Server { .. } => ErrorCode::SalesAccountServerError,
            Self::Rejected { code, .. } => match code.as_str() {
                "not_found" => ErrorCode::SalesAccountNotFound,
                "sync_running" => ErrorCode::SalesAccountSyncRunning,
                _ => ErrorCode::SalesAccountRejected,
            },
            Self::Network(_) => ErrorCode::SalesAccountNetwork,
            Self::Decode(_) => ErrorCode::SalesAccountBadResponse,
            Self::UnknownOutcome(_) => ErrorCode::SalesAccountUnknownOutcome,
            Self::PagingLoop(_) => ErrorCode::SalesAccountPagingLoop,
        }
    }

    /// The values the window's text for `error_code()` quotes.
    pub fn error_params(&self) -> std::collections::BTreeMap<String, String> {
        let mut params = std::collections::BTreeMap::new();
        match self {
            Self::RateLimited { retry_after_secs } => {
                params.insert("retry_after_secs".to_owned(), retry_after_secs.to_string());
            }
            Self::Rejected { code, .. } => {
                params.insert("service_code".to_owned(), code.clone());
            }
            _ => {}
        }
        params
    }

    /// Stable snake_case code for the invitation record (`reason_code`): the service's own words.
    pub fn code(&self) -> &str {
        match self {
            Self::Unauthorized { .. } => "unauthorized",
            Self::InvalidEmail { .. } => "invalid_email",
            Self::NoSeatsLeft => "no_seats_left",
            Self::UnknownTeam => "unknown_team",
            Self::RateLimited { .. } => "rate_limited",
            Self::Server { .. } => "server_error",
            Self::Rejected { code, .. } => code,
            Self::Network(_) => "network",
            Self::Decode(_) => "bad_response",
            Self::UnknownOutcome(_) => "unknown_outcome",
            Self::PagingLoop(_) => "paging_loop",
        }
    }
}
