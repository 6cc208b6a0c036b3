//! Everything that can stop a Salesforce sign-in, refresh or revoke, each with a stable `code()` the UI
//! translates and an English `what_to_do()`. Messages carry Salesforce's own `error_description` (a
//! short public text) but never a token, a code, a verifier or a response body.

/// Why a sign-in, refresh or revoke did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// `error=access_denied`: the user clicked Deny, or an admin blocked the app.
    #[error("Salesforce sign-in was denied: {description}")]
    AccessDenied { description: String },
    /// The callback URL sent is not registered on the app, character for character.
    #[error("Salesforce does not accept this callback URL: {description}")]
    RedirectUriMismatch { description: String },
    /// `invalid_client_id` / `invalid_client` / `unauthorized_client`: the consumer key is unknown to this
    /// org, or the app is not installed or not allowed for this flow.
    #[error("Salesforce does not know this consumer key, or the app is not installed: {description}")]
    InvalidClient { description: String },
    /// `OAUTH_APPROVAL_ERROR_GENERIC`: an org policy stopped the approval before consent was shown.
    #[error("Salesforce blocked the approval of the app: {description}")]
    ApprovalBlocked { description: String },
    /// `invalid_grant` on the code exchange: the code was used, expired or the PKCE verifier did not match.
    #[error("Salesforce refused the sign-in code: {description}")]
    CodeRejected { description: String },
    /// `invalid_grant` on a refresh: the saved sign-in was revoked or has expired.
    #[error("the saved Salesforce sign-in is no longer valid: {description}")]
    RefreshRejected { description: String },
    /// `invalid_grant` because the user is not pre-approved for the app, or IP / login-hour rules.
    #[error("Salesforce policy does not let this user use the app: {description}")]
    UserNotApproved { description: String },
    #[error("this Salesforce user is inactive or frozen: {description}")]
    InactiveUser { description: String },
    #[error("this Salesforce org is inactive, locked or expired: {description}")]
    InactiveOrg { description: String },
    /// A requested scope (`api`, `refresh_token`, `openid`) is not allowed on the app.
    #[error("the app does not allow a requested scope: {description}")]
    InvalidScope { description: String },
    /// Any other OAuth error Salesforce returned (`invalid_request`, `server_error`, ...).
    #[error("Salesforce refused the sign-in ({error}): {description}")]
    OAuth { error: String, description: String },
    /// The `state` that came back is not the one this sign-in sent (or is missing).
    #[error("the sign-in answer does not belong to this sign-in (state mismatch)")]
    StateMismatch,
    /// The callback port on 127.0.0.1 is taken.
    #[error("port {port} on this computer is already in use{}", holder_suffix(.holder))]
    PortBusy { port: u16, holder: Option<String> },
    /// The loopback listener could not be opened for another reason.
    #[error("could not listen for the sign-in answer on 127.0.0.1:{port}: {reason}")]
    Listener { port: u16, reason: String },
    #[error("no sign-in answer arrived in time")]
    TimedOut,
    #[error("sign-in was cancelled")]
    Cancelled,
    /// This sign-in already received its one answer (through the browser or a pasted address).
    #[error("this sign-in has already finished")]
    AlreadyFinished,
    /// A pasted address (or a callback) that carries neither a code nor an error.
    #[error("this is not the address Salesforce sent the browser to: {0}")]
    InvalidRedirect(String),
    #[error("cannot reach Salesforce: {0}")]
    Network(String),
    #[error("Salesforce answered something unexpected: {0}")]
    BadResponse(String),
    #[error("not a usable Salesforce login address: {0}")]
    InvalidLoginHost(String),
}

fn holder_suffix(holder: &Option<String>) -> String {
    match holder {
        Some(holder) => format!(" by {holder}"),
        None => String::new(),
    }
}

/// Which request an OAuth error answered: `invalid_grant` means different things on each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Leg {
    /// The browser redirect (authorize endpoint).
    Authorize,
    /// `grant_type=authorization_code`.
    CodeExchange,
    /// `grant_type=refresh_token`.
    Refresh,
    /// `/services/oauth2/revoke`.
    Revoke,
}

impl AuthError {
    /// Stable snake_case code for the record and the UI.
    pub fn code(&self) -> crate::error_code::ErrorCode {
        match self {
            Self::AccessDenied { .. } => crate::error_code::ErrorCode::AccessDenied,
            Self::RedirectUriMismatch { .. } => crate::error_code::ErrorCode::RedirectUriMismatch,
            Self::InvalidClient { .. } => crate::error_code::ErrorCode::InvalidClient,
            Self::ApprovalBlocked { .. } => crate::error_code::ErrorCode::OauthApprovalErrorGeneric,
            Self::CodeRejected { .. } => crate::error_code::ErrorCode::InvalidGrantCode,
            Self::RefreshRejected { .. } => crate::error_code::ErrorCode::InvalidGrantRefresh,
            Self::UserNotApproved { .. } => crate::error_code::ErrorCode::InvalidGrantNotApproved,
            Self::InactiveUser { .. } => crate::error_code::ErrorCode::InactiveUser,
            Self::InactiveOrg { .. } => crate::error_code::ErrorCode::InactiveOrg,
            Self::InvalidScope { .. } => crate::error_code::ErrorCode::InvalidScope,
            Self::OAuth { .. } => crate::error_code::ErrorCode::OauthError,
            Self::StateMismatch => crate::error_code::ErrorCode::StateMismatch,
            Self::PortBusy { .. } => crate::error_code::ErrorCode::PortBusy,
            Self::Listener { .. } => crate::error_code::ErrorCode::ListenerFailed,
            Self::TimedOut => crate::error_code::ErrorCode::TimedOut,
            Self::Cancelled => crate::error_code::ErrorCode::Cancelled,
            Self::AlreadyFinished => crate::error_code::ErrorCode::AlreadyFinished,
            Self::InvalidRedirect(_) => crate::error_code::ErrorCode::InvalidRedirect,
            Self::Network(_) => crate::error_code::ErrorCode::Network,
            Self::BadResponse(_) => crate::error_code::ErrorCode::BadResponse,
            Self::InvalidLoginHost(_) => crate::error_code::ErrorCode::InvalidLoginHost,
        }
    }

    /// What the person in front of the app should do next (English; the UI translates by `code()`).
    pub fn what_to_do(&self) -> &'static str {
        match self {
            Self::AccessDenied { .. } => {
                "Sign in again and choose Allow. If you did, a Salesforce admin has blocked the app: ask them to allow it in Setup → Connected Apps OAuth Usage."
            }
            Self::RedirectUriMismatch { .. } => {
                "The app's Callback URL in Salesforce must be exactly http://localhost:1717/OauthRedirect (and the 1718/1719 variants if you use them). A Salesforce admin fixes it in the External Client App's OAuth settings."
            }
            Self::InvalidClient { .. } => {
                "Check the consumer key you entered, and that you chose the right login (Production, Sandbox or My Domain). If it is right, a Salesforce admin must install or approve the app in this org (Setup → Connected Apps OAuth Usage)."
            }
            Self::ApprovalBlocked { .. } => {
                "Your org's policy blocked the app before consent. A Salesforce admin must install the app in the org, or give you the \"Approve Uninstalled Connected Apps\" (or \"Use Any API Client\") permission."
            }
            Self::CodeRejected { .. } => "The sign-in took too long or was interrupted. Start the sign-in again.",
            Self::RefreshRejected { .. } => {
                "Your saved Salesforce sign-in has expired or was revoked (password reset, admin action or session policy). Sign in again."
            }
            Self::UserNotApproved { .. } => {
                "A Salesforce admin must pre-authorize your profile or permission set for the app, or relax the IP range / login hours that block you."
            }
            Self::InactiveUser { .. } => "This Salesforce user is deactivated or frozen. Sign in with another account.",
            Self::InactiveOrg { .. } => "This Salesforce org is locked or expired. Sign in to another org.",
            Self::InvalidScope { .. } => {
                "A Salesforce admin must allow the scopes api, refresh_token and openid on the External Client App."
            }
            Self::OAuth { .. } => "Start the sign-in again. If it keeps failing, show this message to a Salesforce admin.",
            Self::StateMismatch => {
                "The answer did not come from the sign-in you started. Start the sign-in again, and use only the newest browser tab."
            }
            Self::PortBusy { .. } => {
                "Close the program that uses this port, or choose another port (1718 or 1719) that the app's Callback URLs include. You can also paste the address from the browser instead."
            }
            Self::Listener { .. } => {
                "The app could not receive the browser's answer. Paste the address from the browser's address bar instead."
            }
            Self::TimedOut => "Start the sign-in again and finish it in the browser within a few minutes.",
            Self::Cancelled => "Start the sign-in again when you are ready.",
            Self::AlreadyFinished => "This sign-in is over. Start a new one if you need to.",
            Self::InvalidRedirect(_) => {
                "Copy the whole address from the browser's address bar after Salesforce redirects (it contains code= and state=), and paste it again."
            }
            Self::Network(_) => "Check your internet connection (and proxy or VPN), then try again.",
            Self::BadResponse(_) => "Try again later. If it keeps happening, check the login address.",
            Self::InvalidLoginHost(_) => {
                "Enter your My Domain address, like https://yourcompany.my.salesforce.com, or choose Production or Sandbox."
            }
        }
    }

    /// An OAuth `error` / `error_description` pair (from the browser redirect or a token endpoint) as
    /// an [`AuthError`]. `invalid_grant` is told apart by its description and by the request it answered.
    pub(crate) fn from_oauth(error: &str, description: Option<&str>, leg: Leg) -> Self {
        let description = clean_description(description);
        let lower = description.to_ascii_lowercase();
        match error.trim().to_ascii_lowercase().as_str() {
            "access_denied" => Self::AccessDenied { description },
            "redirect_uri_mismatch" => Self::RedirectUriMismatch { description },
            "invalid_client_id" | "invalid_client" | "unauthorized_client" | "invalid_client_credentials" => {
                Self::InvalidClient { description }
            }
            "oauth_approval_error_generic" => Self::ApprovalBlocked { description },
            "inactive_user" => Self::InactiveUser { description },
            "inactive_org" | "inactive_organization" => Self::InactiveOrg { description },
            "invalid_scope" => Self::InvalidScope { description },
            "invalid_grant" => {
                if lower.contains("inactive user") || lower.contains("user is inactive") || lower.contains("frozen") {
                    Self::InactiveUser { description }
                } else if lower.contains("inactive org") || lower.contains("organization is") {
                    Self::InactiveOrg { description }
                } else if lower.contains("approved")
                    || lower.contains("ip restricted")
                    || lower.contains("login hours")
                    || lower.contains("not allowed")
                {
                    Self::UserNotApproved { description }
                } else if leg == Leg::Refresh {
                    Self::RefreshRejected { description }
                } else {
                    Self::CodeRejected { description }
                }
            }
            _ => Self::OAuth { error: clean_code(error), description },
        }
    }
}

/// Salesforce's description, kept short and printable (it ends up in a log line and a browser page).
fn clean_description(description: Option<&str>) -> String {
    let text: String =
        description.unwrap_or_default().chars().map(|c| if c.is_control() { ' ' } else { c }).take(300).collect();
    let text = text.trim();
    if text.is_empty() {
        "no details given".to_owned()
    } else {
        text.to_owned()
    }
}

fn clean_code(error: &str) -> String {
    error.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').take(64).collect()
}

/// A reqwest failure in a few stable words; the URL is left out (short messages, nothing sensitive).
pub(crate) fn network(error: &reqwest::Error) -> AuthError {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    AuthError::Network(kind.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_grant_depends_on_the_description_and_the_leg() {
        let code = AuthError::from_oauth("invalid_grant", Some("invalid code verifier"), Leg::CodeExchange);
        assert_eq!(code.code(), "invalid_grant_code");
        let expired = AuthError::from_oauth("invalid_grant", Some("expired access/refresh token"), Leg::Refresh);
        assert_eq!(expired.code(), "invalid_grant_refresh");
        let approval =
            AuthError::from_oauth("invalid_grant", Some("user hasn't approved this consumer"), Leg::CodeExchange);
        assert_eq!(approval.code(), "invalid_grant_not_approved");
        let ip = AuthError::from_oauth("invalid_grant", Some("ip restricted or invalid login hours"), Leg::Refresh);
        assert_eq!(ip.code(), "invalid_grant_not_approved");
        let inactive = AuthError::from_oauth("invalid_grant", Some("inactive user"), Leg::CodeExchange);
        assert_eq!(inactive.code(), "inactive_user");
    }

    #[test]
    fn every_documented_error_has_its_code() {
        let cases = [
            ("access_denied", "access_denied"),
            ("redirect_uri_mismatch", "redirect_uri_mismatch"),
            ("invalid_client_id", "invalid_client"),
            ("invalid_client", "invalid_client"),
            ("OAUTH_APPROVAL_ERROR_GENERIC", "oauth_approval_error_generic"),
            ("inactive_user", "inactive_user"),
            ("inactive_org", "inactive_org"),
            ("invalid_scope", "invalid_scope"),
            ("temporarily_unavailable", "oauth_error"),
        ];
        for (error, code) in cases {
            let mapped = AuthError::from_oauth(error, None, Leg::Authorize);
            assert_eq!(mapped.code(), code, "{error}");
            assert!(!mapped.what_to_do().is_empty());
        }
    }

    #[test]
    fn descriptions_are_short_and_printable() {
        let long = format!("line\nbreak {}", "x".repeat(1000));
        let AuthError::OAuth { error, description } =
            AuthError::from_oauth("weird<script>", Some(&long), Leg::Authorize)
        else {
            panic!("expected the generic variant")
        };
        assert_eq!(error, "weirdscript");
        assert!(description.len() <= 300);
        assert!(!description.contains('\n'));
    }

    #[test]
    fn port_busy_names_the_holder_when_known() {
        let busy = AuthError::PortBusy { port: 1717, holder: Some("sf (pid 42)".into()) };
        assert_eq!(busy.to_string(), "port 1717 on this computer is already in use by sf (pid 42)");
        let unknown = AuthError::PortBusy { port: 1717, holder: None };
        assert_eq!(unknown.to_string(), "port 1717 on this computer is already in use");
    }
}
