//! What can go wrong talking to Marketo, as stable codes the UI translates (`code()`) plus an English
//! hint for the admin (`what_to_do()`). No variant ever holds a client secret, an access token or a URL
//! with a query string: the client scrubs every message it copies from the network before it lands here.

/// One error of the Marketo client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarketoError {
    /// The Munchkin ID is not `AAA-BBB-CCC`.
    #[error("a Munchkin ID has the form AAA-BBB-CCC: three groups of three digits or letters separated by dashes (e.g. 284-RPR-133)")]
    InvalidMunchkin,
    /// Nothing answers for this instance: no such host, connection refused, or 404 on the identity URL.
    #[error("no Marketo instance answers at {host}: {detail}")]
    UnknownMunchkin { host: String, detail: String },
    /// Identity refused the Client ID / Client Secret (HTTP 401).
    #[error("Marketo refused the Client ID and Client Secret: {detail}")]
    InvalidClient { detail: String },
    /// Timeouts, TLS and other transport failures.
    #[error("cannot reach Marketo: {0}")]
    Network(String),
    /// 603: the API-only user's role lacks a permission, or an IP allowlist blocks this machine.
    #[error("Marketo denied access (603): {message}")]
    AccessDenied { message: String },
    /// 606 (100 calls / 20 s) or 615 (10 in flight), still there after the retries.
    #[error("Marketo is rate limiting this instance ({code}): {message}")]
    RateLimited { code: String, message: String },
    /// 607: the subscription's daily API quota is used up.
    #[error("Marketo's daily API quota is used up (607): {message}")]
    DailyQuota { message: String },
    /// 601/602 again right after a fresh token.
    #[error("Marketo keeps refusing the access token ({code}): {message}")]
    TokenExpired { code: String, message: String },
    /// 5xx, 611 and the transient 6xx/7xx codes (604, 608, 614, 713, 719) still failing after the retries.
    #[error("Marketo failed ({code}): {message}")]
    Server { code: String, message: String },
    /// 1003 "Invalid data": Marketo took the call but not a value in it for this endpoint or mode (a
    /// filter value, page size or page token it refuses). Sending it again unchanged cannot help.
    #[error("Marketo refused a value in the request as invalid data (1003): {message}")]
    InvalidData { message: String },
    /// A lookup's `nextPageToken` came back a second time (or paging never ended): stopped, not looped.
    #[error("Marketo kept paging: {0}")]
    PagingLoop(String),
    /// Any other error code Marketo answered (605, 609, 610, 612, 7xx, 1xxx...): a request it will not serve.
    #[error("Marketo refused the request ({code}): {message}")]
    Refused { code: String, message: String },
    /// An answer that is not what the API documents.
    #[error("Marketo answered something unreadable: {0}")]
    BadResponse(String),
}

impl MarketoError {
    /// Stable snake_case code for the record and the UI.
    pub fn code(&self) -> crate::error_code::ErrorCode {
        match self {
            Self::InvalidMunchkin => crate::error_code::ErrorCode::InvalidMunchkin,
            Self::UnknownMunchkin { .. } => crate::error_code::ErrorCode::UnknownMunchkin,
            Self::InvalidClient { .. } => crate::error_code::ErrorCode::InvalidClient,
            Self::Network(_) => crate::error_code::ErrorCode::Network,
            Self::AccessDenied { .. } => crate::error_code::ErrorCode::AccessDenied603,
            Self::RateLimited { .. } => crate::error_code::ErrorCode::RateLimited,
            Self::DailyQuota { .. } => crate::error_code::ErrorCode::DailyQuota,
            Self::TokenExpired { .. } => crate::error_code::ErrorCode::TokenExpired,
            Self::Server { .. } => crate::error_code::ErrorCode::Server,
            Self::InvalidData { .. } => crate::error_code::ErrorCode::InvalidData1003,
            Self::PagingLoop(_) => crate::error_code::ErrorCode::PagingLoop,
            Self::Refused { .. } => crate::error_code::ErrorCode::Refused,
            Self::BadResponse(_) => crate::error_code::ErrorCode::BadResponse,
        }
    }

    /// The Marketo error code (`"603"`, `"606"`...) when Marketo sent one.
    pub fn marketo_code(&self) -> Option<&str> {
        match self {
            Self::AccessDenied { .. } => Some("603"),
            Self::DailyQuota { .. } => Some("607"),
            Self::InvalidData { .. } => Some("1003"),
            Self::RateLimited { code, .. }
            | Self::TokenExpired { code, .. }
            | Self::Server { code, .. }
            | Self::Refused { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Whether the same call may succeed later unchanged (after a wait).
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Network(_) | Self::RateLimited { .. } | Self::Server { .. } | Self::DailyQuota { .. })
    }

    /// What the admin can do about it, in English (the UI translates by [`code`](Self::code)).
    pub fn what_to_do(&self) -> &'static str {
        match self {
            Self::InvalidMunchkin => {
                "Copy the Munchkin ID from Marketo: Admin > Integration > Munchkin, or the REST API endpoint in Admin > Integration > Web Services (the part before .mktorest.com, e.g. 284-RPR-133)."
            }
            Self::UnknownMunchkin { .. } => {
                "Check the Munchkin ID in Admin > Integration > Web Services: it is the part of the REST API endpoint before .mktorest.com."
            }
            Self::InvalidClient { .. } => {
                "Check the Client ID and Client Secret in Admin > Integration > LaunchPoint > (your custom service) > View Details, and paste them again."
            }
            Self::Network(_) => {
                "Check this computer's internet connection, proxy and firewall (it must reach *.mktorest.com over HTTPS), then try again."
            }
            Self::AccessDenied { .. } => {
                "The API-only user's role lacks a permission, or an IP allowlist blocks this computer. In Admin > Users & Roles give the role the API permissions listed in the guide, or in Admin > Integration > Web Services > IP Restrictions allow this computer's address."
            }
            Self::RateLimited { .. } => {
                "Other integrations are using this instance's shared limit (100 calls per 20 seconds, 10 at once; the app keeps to 5 at once). Wait a minute and try again."
            }
            Self::InvalidData { .. } => {
                "Marketo refused a value the app sent (error 1003, invalid data), so trying again will not help. Report it with the message shown; check that the Marketo instance and the API user's workspace are the ones meant."
            }
            Self::PagingLoop(_) => {
                "Marketo kept returning the same page of results, so the app stopped reading. Try again later; if it keeps happening, report this message."
            }
            Self::DailyQuota { .. } => {
                "The subscription used its daily API quota. It resets at 12:00 AM US Central time; try again then, or ask Adobe to raise the quota."
            }
            Self::TokenExpired { .. } => {
                "Marketo refused a fresh access token. Try again; if it keeps happening, check that the custom service in LaunchPoint is still active."
            }
            Self::Server { .. } => "Marketo is having trouble right now. Try again in a few minutes.",
            Self::Refused { .. } => {
                "Marketo refused this request. Try again; if it keeps happening, report it with the error code shown."
            }
            Self::BadResponse(_) => {
                "The address answered, but not like Marketo. Check the Munchkin ID, and any proxy between this computer and Marketo."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_a_code_and_a_hint() {
        let all = [
            MarketoError::InvalidMunchkin,
            MarketoError::UnknownMunchkin { host: "h".into(), detail: "d".into() },
            MarketoError::InvalidClient { detail: "d".into() },
            MarketoError::Network("d".into()),
            MarketoError::AccessDenied { message: "m".into() },
            MarketoError::RateLimited { code: "606".into(), message: "m".into() },
            MarketoError::DailyQuota { message: "m".into() },
            MarketoError::TokenExpired { code: "602".into(), message: "m".into() },
            MarketoError::Server { code: "611".into(), message: "m".into() },
            MarketoError::Refused { code: "609".into(), message: "m".into() },
            MarketoError::BadResponse("d".into()),
            MarketoError::InvalidData { message: "m".into() },
            MarketoError::PagingLoop("d".into()),
        ];
        let codes: std::collections::BTreeSet<_> = all.iter().map(MarketoError::code).collect();
        assert_eq!(codes.len(), all.len());
        assert!(all.iter().all(|e| !e.what_to_do().is_empty() && !e.to_string().is_empty()));
        assert_eq!(all[4].marketo_code(), Some("603"));
        assert!(all[4].what_to_do().contains("role"));
        assert!(all[2].what_to_do().contains("LaunchPoint"));
        assert!(all[1].what_to_do().contains("Web Services"));
    }
}
