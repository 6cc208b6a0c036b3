//! The one vocabulary of failures the window can be told about. Every error enum of the core says which
//! of these codes it is (`code()`), `commands::error` carries it across IPC, and ts-rs exports the union
//! to `ui/src/lib/bindings/ErrorCode.ts`, where the dictionaries must hold a text for each one (a missing
//! text fails svelte-check). The CLI and the record use the same strings (`as_str`).
//!
//! Never add a code the UI builds itself from an English message: a code says *what* happened, the
//! values a text quotes travel beside it as parameters.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Lists each code once: the variant, its wire name (checked against serde's in a test) and nothing else.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)+) => {
        /// A failure's stable name (snake_case on the wire, in the CLI's JSON and in the record).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[ts(export)]
        pub enum ErrorCode {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)+
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $name,)+
                }
            }

            /// The code with this wire name, if there is one.
            pub fn parse(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(ErrorCode::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

error_codes! {
    // The app itself.
    /// A failure the window could not read as a command's error (a bug, or no app around the page).
    Unexpected = "unexpected",
    /// The system could not open a link in the browser (made by the window).
    OpenFailed = "open_failed",
    Internal = "internal",
    Startup = "startup",
    Database = "database",
    About = "about",
    Clipboard = "clipboard",
    ReasonRequired = "reason_required",
    NotCheckable = "not_checkable",
    SandboxOnly = "sandbox_only",
    SandboxUnreachable = "sandbox_unreachable",

    // Sending invitations.
    UnknownTeam = "unknown_team",
    NothingToInvite = "nothing_to_invite",
    RunInProgress = "run_in_progress",
    Recovering = "recovering",
    DataFolderBusy = "data_folder_busy",
    HandoffRoute = "handoff_route",
    MissingBaseUrl = "missing_base_url",
    MissingToken = "missing_token",

    // The Sales account, by what its service answered.
    SalesAccountUnauthorized = "sales_account_unauthorized",
    SalesAccountInvalidEmail = "sales_account_invalid_email",
    SalesAccountNoSeatsLeft = "sales_account_no_seats_left",
    SalesAccountUnknownTeam = "sales_account_unknown_team",
    SalesAccountRateLimited = "sales_account_rate_limited",
    SalesAccountServerError = "sales_account_server_error",
    /// A refusal the app has no specific text for (the service's own code is the `service_code` parameter).
    SalesAccountRejected = "sales_account_rejected",
    /// A sync job (step 4) the service no longer knows.
    SalesAccountNotFound = "sales_account_not_found",
    /// Step 4: a sync is already running.
    SalesAccountSyncRunning = "sales_account_sync_running",
    SalesAccountNetwork = "sales_account_network",
    SalesAccountBadResponse = "sales_account_bad_response",
    SalesAccountUnknownOutcome = "sales_account_unknown_outcome",
    SalesAccountPagingLoop = "sales_account_paging_loop",

    // Salesforce sign-in (auth::AuthError).
    AccessDenied = "access_denied",
    RedirectUriMismatch = "redirect_uri_mismatch",
    InvalidClient = "invalid_client",
    OauthApprovalErrorGeneric = "oauth_approval_error_generic",
    InvalidGrantCode = "invalid_grant_code",
    InvalidGrantRefresh = "invalid_grant_refresh",
    InvalidGrantNotApproved = "invalid_grant_not_approved",
    InactiveUser = "inactive_user",
    InactiveOrg = "inactive_org",
    InvalidScope = "invalid_scope",
    OauthError = "oauth_error",
    StateMismatch = "state_mismatch",
    /// Parameters: `port`, and `holder` when the program holding it is known.
    PortBusy = "port_busy",
    ListenerFailed = "listener_failed",
    TimedOut = "timed_out",
    Cancelled = "cancelled",
    AlreadyFinished = "already_finished",
    InvalidRedirect = "invalid_redirect",
    Network = "network",
    BadResponse = "bad_response",
    InvalidLoginHost = "invalid_login_host",

    // Salesforce REST (services::salesforce).
    SessionExpired = "session_expired",
    RequestLimitExceeded = "request_limit_exceeded",
    ApiDisabled = "api_disabled",
    InsufficientAccess = "insufficient_access",
    NotFound = "not_found",
    BadRequest = "bad_request",
    ServerError = "server_error",
    Rejected = "rejected",
    PagingLoop = "paging_loop",

    // Marketo (services::marketo).
    InvalidMunchkin = "invalid_munchkin",
    UnknownMunchkin = "unknown_munchkin",
    AccessDenied603 = "access_denied_603",
    RateLimited = "rate_limited",
    DailyQuota = "daily_quota",
    TokenExpired = "token_expired",
    Server = "server",
    Refused = "refused",
    InvalidData1003 = "invalid_data_1003",

    // The keyring (secrets).
    NoSecureStore = "no_secure_store",
    KeyringLocked = "keyring_locked",
    SecretTooLarge = "secret_too_large",
    KeyringFailure = "keyring_failure",
    SecretCorrupt = "secret_corrupt",
    InvalidSecretKey = "invalid_secret_key",

    // Connections (steps 2 and 3).
    NoPendingSignIn = "no_pending_sign_in",
    SignInInProgress = "sign_in_in_progress",
    MissingConsumerKey = "missing_consumer_key",
    InvalidPort = "invalid_port",
    MissingSecret = "missing_secret",
    MissingClientId = "missing_client_id",
    LaunchpointForSalesAccount = "launchpoint_for_sales_account",
    /// A refreshed Salesforce sign-in could not be saved to the keyring: the admin must sign in again.
    SignInNotSaved = "sign_in_not_saved",

    // CSV import (csv_import, file_choice and the import commands).
    PathNotChosen = "path_not_chosen",
    NotAFile = "not_a_file",
    /// Parameter: `path`.
    Unreadable = "unreadable",
    Empty = "empty",
    NoHeader = "no_header",
    NoEmailColumn = "no_email_column",
    MappingDoesNotFit = "mapping_does_not_fit",
    NotCsv = "not_csv",
    FileTooLarge = "file_too_large",
    /// Parameters: `row`, `column`.
    FieldTooLarge = "field_too_large",
    /// Parameter: `row`.
    RowTooLarge = "row_too_large",
    TooManyRows = "too_many_rows",
    /// Parameter: `path`.
    CannotWrite = "cannot_write",
    Store = "store",
    NoDataRows = "no_data_rows",
    /// Parameter: `import_id`.
    ImportNotFound = "import_not_found",
    BadOption = "bad_option",

    // Step checks and step actions (checks).
    SalesforceNotConnected = "salesforce_not_connected",
    MarketoNotConnected = "marketo_not_connected",
    AdminCount = "admin_count",
    FirstAdminsOnly = "first_admins_only",
    InvalidSyncUser = "invalid_sync_user",
    PermissionSetMissing = "permission_set_missing",
    NotMadeByApp = "not_made_by_app",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lets tests and callers compare with the wire name: `assert_eq!(error.code(), "port_busy")`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_name_is_serdes_and_parses_back() {
        let mut seen = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).ok(), Some(serde_json::Value::from(code.as_str())), "{code:?}");
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
            assert!(seen.insert(code.as_str()), "{} listed twice", code.as_str());
        }
        assert_eq!(ErrorCode::parse("no_such_code"), None);
        assert_eq!(ErrorCode::PortBusy, "port_busy");
    }
}
