//! How every failure crosses IPC: `{code, message, params, detail}`. The window translates by `code` (one
//! generated union, `ErrorCode`) and fills the text with `params` — the values it quotes (a port, a row, a
//! path, who holds the data folder) — so no sentence of Rust's is ever parsed or shown as the message.
//! `message` is English for logs and the folded technical details; `detail` carries the English advice of
//! the service's error for the same readers (never a secret: none of the core errors holds one).

use crate::error_code::ErrorCode;
use crate::invites::InviteError;
use crate::services::sales_actions::SalesActionsError;
use crate::session::SessionError;
use crate::setup::SetupError;
use crate::store::StoreError;
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CommandError {
    pub code: ErrorCode,
    /// English, for logs and the technical details; the window shows `error.<code>` instead.
    pub message: String,
    /// The values the window's text quotes, by name (see the codes' docs in `error_code.rs`).
    #[ts(type = "Partial<Record<string, string>>")]
    pub params: BTreeMap<String, String>,
    pub detail: Option<String>,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), params: BTreeMap::new(), detail: None }
    }

    fn of(code: ErrorCode, error: &dyn std::fmt::Display) -> Self {
        Self::new(code, error.to_string())
    }

    /// Adds a value the window's text quotes.
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

impl From<StoreError> for CommandError {
    fn from(error: StoreError) -> Self {
        Self::of(ErrorCode::Database, &error)
    }
}

impl From<SalesActionsError> for CommandError {
    fn from(error: SalesActionsError) -> Self {
        Self { params: error.error_params(), ..Self::of(error.error_code(), &error) }
    }
}

impl From<crate::secrets::SecretsError> for CommandError {
    fn from(error: crate::secrets::SecretsError) -> Self {
        Self { detail: error.fix().map(str::to_owned), ..Self::of(error.code(), &error) }
    }
}

impl From<crate::auth::AuthError> for CommandError {
    fn from(error: crate::auth::AuthError) -> Self {
        let mapped = Self::of(error.code(), &error).with_detail(error.what_to_do());
        match &error {
            crate::auth::AuthError::PortBusy { port, holder } => {
                let mapped = mapped.with("port", port);
                match holder {
                    Some(holder) => mapped.with("holder", holder),
                    None => mapped,
                }
            }
            _ => mapped,
        }
    }
}

impl From<crate::services::salesforce::SalesforceError> for CommandError {
    fn from(error: crate::services::salesforce::SalesforceError) -> Self {
        Self::of(error.code(), &error).with_detail(error.what_to_do())
    }
}

impl From<crate::services::marketo::MarketoError> for CommandError {
    fn from(error: crate::services::marketo::MarketoError) -> Self {
        Self::of(error.code(), &error).with_detail(error.what_to_do())
    }
}

impl From<crate::connections::ConnectionError> for CommandError {
    fn from(error: crate::connections::ConnectionError) -> Self {
        use crate::connections::ConnectionError as E;
        match error {
            E::Marketo(inner) => inner.into(),
            E::Auth(inner) => inner.into(),
            E::Salesforce(inner) => inner.into(),
            E::Secrets(inner) => inner.into(),
            E::SalesAccount(inner) => inner.into(),
            E::Setup(inner) => inner.into(),
            E::Store(inner) => inner.into(),
            E::NoPendingSignIn => Self::of(ErrorCode::NoPendingSignIn, &error),
            E::SignInInProgress => Self::of(ErrorCode::SignInInProgress, &error),
            E::MissingConsumerKey => Self::of(ErrorCode::MissingConsumerKey, &error),
            E::InvalidPort => Self::of(ErrorCode::InvalidPort, &error),
            E::MissingSecret => Self::of(ErrorCode::MissingSecret, &error),
            E::MissingClientId => Self::of(ErrorCode::MissingClientId, &error),
            E::LaunchPointForSalesAccount => Self::of(ErrorCode::LaunchpointForSalesAccount, &error),
            E::KeyringTask(_) => Self::of(ErrorCode::KeyringFailure, &error),
            E::Internal(_) => Self::of(ErrorCode::Internal, &error),
        }
    }
}

impl From<SetupError> for CommandError {
    fn from(error: SetupError) -> Self {
        match error {
            SetupError::ReasonRequired(_) => Self::of(ErrorCode::ReasonRequired, &error),
            SetupError::Store(inner) => inner.into(),
        }
    }
}

impl From<InviteError> for CommandError {
    fn from(error: InviteError) -> Self {
        match error {
            InviteError::Store(inner) => inner.into(),
            InviteError::Service(inner) => inner.into(),
            InviteError::UnknownTeam(ref team) => Self::of(ErrorCode::UnknownTeam, &error).with("team", team),
            InviteError::NothingToInvite => Self::of(ErrorCode::NothingToInvite, &error),
        }
    }
}

impl From<crate::csv_import::ImportError> for CommandError {
    fn from(error: crate::csv_import::ImportError) -> Self {
        use crate::csv_import::ImportError as E;
        match error {
            E::Store(StoreError::NotFound { entity: "import", ref id }) => {
                Self::of(ErrorCode::ImportNotFound, &error).with("import_id", id)
            }
            E::Store(inner) => inner.into(),
            E::Invite(inner) => inner.into(),
            E::Service(inner) => inner.into(),
            E::Unreadable { ref path, .. } | E::Write { ref path, .. } => {
                Self::of(error.code(), &error).with("path", path.display())
            }
            E::FieldTooLarge { row, ref column, .. } => {
                Self::of(error.code(), &error).with("row", row).with("column", column)
            }
            E::RowTooLarge { row, .. } => Self::of(error.code(), &error).with("row", row),
            other => Self::of(other.code(), &other),
        }
    }
}

impl From<crate::file_choice::FileChoiceError> for CommandError {
    fn from(error: crate::file_choice::FileChoiceError) -> Self {
        Self::of(error.code(), &error).with("path", error.path().display())
    }
}

impl From<crate::checks::marketo::StepError> for CommandError {
    fn from(error: crate::checks::marketo::StepError) -> Self {
        use crate::checks::marketo::StepError as E;
        match error {
            E::Marketo(inner) => inner.into(),
            E::Sales(inner) => inner.into(),
            E::Handoff { console_path } => Self::of(ErrorCode::HandoffRoute, &error).with("console_path", console_path),
            E::AdminCount => Self::of(ErrorCode::AdminCount, &error),
            // Everyone else belongs to step 5.
            E::FirstAdminsOnly { max, existing, new } => Self::of(ErrorCode::FirstAdminsOnly, &error)
                .with("max", max)
                .with("existing", existing)
                .with("new", new)
                .with("step", "5"),
        }
    }
}

impl From<crate::checks::salesforce::SyncUserError> for CommandError {
    fn from(error: crate::checks::salesforce::SyncUserError) -> Self {
        use crate::checks::salesforce::SyncUserError as E;
        match error {
            E::InvalidUsername => Self::of(ErrorCode::InvalidSyncUser, &error),
            E::Store(inner) => inner.into(),
        }
    }
}

impl From<crate::checks::salesforce::ChangeError> for CommandError {
    fn from(error: crate::checks::salesforce::ChangeError) -> Self {
        use crate::checks::salesforce::ChangeError as E;
        match error {
            E::Salesforce(inner) => inner.into(),
            E::Store(inner) => inner.into(),
            E::NoPermissionSet => Self::of(ErrorCode::PermissionSetMissing, &error),
            E::NotMadeByApp(_) => Self::of(ErrorCode::NotMadeByApp, &error),
        }
    }
}

impl From<crate::checks::CheckError> for CommandError {
    fn from(error: crate::checks::CheckError) -> Self {
        use crate::checks::CheckError as E;
        match error {
            // The step that connects the system, for the window's "go to step" button.
            E::SalesforceNotConnected => Self::of(ErrorCode::SalesforceNotConnected, &error).with("step", crate::setup::StepId::Step2),
            E::MarketoNotConnected => Self::of(ErrorCode::MarketoNotConnected, &error).with("step", crate::setup::StepId::Step3),
            E::NotCheckable(step) => Self::of(ErrorCode::NotCheckable, &error).with("step", step),
            E::SandboxOnly => Self::of(ErrorCode::SandboxOnly, &error),
            E::SandboxUnreachable(_) => Self::of(ErrorCode::SandboxUnreachable, &error),
            E::Connection(inner) => inner.into(),
            E::Salesforce(inner) => inner.into(),
            E::Marketo(inner) => inner.into(),
            E::Step(inner) => inner.into(),
            E::Change(inner) => inner.into(),
            E::Setup(inner) => inner.into(),
            E::Store(inner) => inner.into(),
        }
    }
}

impl From<crate::about::AboutError> for CommandError {
    fn from(error: crate::about::AboutError) -> Self {
        Self::of(ErrorCode::About, &error)
    }
}

impl From<SessionError> for CommandError {
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::Store(inner) => inner.into(),
            SessionError::Service(inner) => inner.into(),
            // What to do about the keyring, in English, for the technical details.
            SessionError::NoSecureStore { ref fix, .. } => Self { detail: fix.clone(), ..Self::of(error.code(), &error) },
            // Who holds the data folder travels as params, for the window to say in its language.
            other => Self { params: other.params(), ..Self::of(other.code(), &other) },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_import::ImportError;

    #[test]
    fn crosses_ipc_as_code_message_params_detail() {
        let error: CommandError = crate::auth::AuthError::PortBusy { port: 1717, holder: Some("sf (pid 42)".into()) }.into();
        let json = serde_json::to_value(&error).unwrap_or_default();
        assert_eq!(json["code"], "port_busy");
        assert_eq!(json["params"], serde_json::json!({ "port": "1717", "holder": "sf (pid 42)" }));
        assert!(json["message"].as_str().unwrap_or_default().contains("1717"), "English kept for the logs: {json}");
        assert!(json["detail"].is_string(), "what to do, in English, for the technical details");

        let error: CommandError = crate::auth::AuthError::PortBusy { port: 1718, holder: None }.into();
        assert_eq!(serde_json::to_value(&error.params).unwrap_or_default(), serde_json::json!({ "port": "1718" }));
    }

    #[test]
    fn sales_account_codes_are_flat() {
        let error: CommandError = SalesActionsError::NoSeatsLeft.into();
        assert_eq!(
            serde_json::to_value(&error).unwrap_or_default(),
            serde_json::json!({
                "code": "sales_account_no_seats_left",
                "message": "the Sales account has no seat left",
                "params": {},
                "detail": null
            })
        );
        let error: CommandError = SalesActionsError::UnknownOutcome("timed out".into()).into();
        assert_eq!(error.code, ErrorCode::SalesAccountUnknownOutcome);
        let error: CommandError =
            SalesActionsError::Rejected { status: 409, code: "sync_running".into(), message: "busy".into() }.into();
        assert_eq!(error.code, ErrorCode::SalesAccountSyncRunning);
        let error: CommandError =
            SalesActionsError::Rejected { status: 422, code: "team_full".into(), message: "full".into() }.into();
        assert_eq!((error.code, error.params.get("service_code").map(String::as_str)), (ErrorCode::SalesAccountRejected, Some("team_full")));
    }

    #[test]
    fn every_variant_maps_to_its_code() {
        use crate::connections::ConnectionError as C;
        let cases: Vec<(CommandError, ErrorCode)> = vec![
            (SetupError::ReasonRequired(crate::setup::StepState::Skipped).into(), ErrorCode::ReasonRequired),
            (SessionError::Recovering.into(), ErrorCode::Recovering),
            (SessionError::RunInProgress.into(), ErrorCode::RunInProgress),
            (SessionError::HandoffRoute.into(), ErrorCode::HandoffRoute),
            (SessionError::MissingBaseUrl.into(), ErrorCode::MissingBaseUrl),
            (SessionError::MissingToken.into(), ErrorCode::MissingToken),
            (SessionError::Keyring("x".into()).into(), ErrorCode::KeyringFailure),
            (SessionError::DataFolderBusy { holder: None }.into(), ErrorCode::DataFolderBusy),
            (
                SessionError::NoSecureStore { code: "keyring_locked".into(), message: "m".into(), fix: None }.into(),
                ErrorCode::KeyringLocked,
            ),
            (InviteError::UnknownTeam("t9".into()).into(), ErrorCode::UnknownTeam),
            (InviteError::NothingToInvite.into(), ErrorCode::NothingToInvite),
            (C::NoPendingSignIn.into(), ErrorCode::NoPendingSignIn),
            (C::SignInInProgress.into(), ErrorCode::SignInInProgress),
            (C::MissingConsumerKey.into(), ErrorCode::MissingConsumerKey),
            (C::InvalidPort.into(), ErrorCode::InvalidPort),
            (C::MissingSecret.into(), ErrorCode::MissingSecret),
            (C::MissingClientId.into(), ErrorCode::MissingClientId),
            (C::LaunchPointForSalesAccount.into(), ErrorCode::LaunchpointForSalesAccount),
            (C::KeyringTask("x".into()).into(), ErrorCode::KeyringFailure),
            (C::Internal("x".into()).into(), ErrorCode::Internal),
            (ImportError::Empty.into(), ErrorCode::Empty),
            (ImportError::NoHeader.into(), ErrorCode::NoHeader),
            (ImportError::NoEmailColumn.into(), ErrorCode::NoEmailColumn),
            (ImportError::MappingDoesNotFit.into(), ErrorCode::MappingDoesNotFit),
            (ImportError::FileTooLarge { size: 2, limit: 1 }.into(), ErrorCode::FileTooLarge),
            (ImportError::TooManyRows { limit: 1 }.into(), ErrorCode::TooManyRows),
            (ImportError::NothingToInvite.into(), ErrorCode::NothingToInvite),
            (
                ImportError::Store(StoreError::NotFound { entity: "import", id: "7".into() }).into(),
                ErrorCode::ImportNotFound,
            ),
        ];
        for (error, code) in cases {
            assert_eq!(error.code, code, "{}", error.message);
        }
        let unknown_team: CommandError = InviteError::UnknownTeam("t9".into()).into();
        assert_eq!(unknown_team.params.get("team").map(String::as_str), Some("t9"));
        let missing: CommandError = ImportError::Store(StoreError::NotFound { entity: "import", id: "7".into() }).into();
        assert_eq!(missing.params.get("import_id").map(String::as_str), Some("7"));
    }

    #[test]
    fn the_data_folder_holder_travels_as_params() {
        let holder = crate::lock::Holder {
            pid: 1234,
            program: "cli invite".into(),
            purpose: crate::lock::LockPurpose::Sending,
            started_at: "2026-11-26T14:02:00Z".into(),
        };
        let error: CommandError = SessionError::DataFolderBusy { holder: Some(holder) }.into();
        assert_eq!(
            serde_json::to_value(&error.params).unwrap_or_default(),
            serde_json::json!({ "pid": "1234", "program": "cli invite", "purpose": "sending", "started_at": "2026-11-26T14:02:00Z" })
        );
        assert_eq!(error.detail, None, "nothing left to parse");
    }

    #[test]
    fn a_csv_cell_too_large_says_where_in_params() {
        let error: CommandError = ImportError::FieldTooLarge { row: 4, column: "Notes".into(), limit: 1 << 20 }.into();
        assert_eq!(error.code, ErrorCode::FieldTooLarge);
        assert_eq!(serde_json::to_value(&error.params).unwrap_or_default(), serde_json::json!({ "row": "4", "column": "Notes" }));
        let error: CommandError = ImportError::RowTooLarge { row: 9, max_columns: 1, max_bytes: 1 }.into();
        assert_eq!((error.code, error.params.get("row").map(String::as_str)), (ErrorCode::RowTooLarge, Some("9")));
        let error: CommandError =
            ImportError::Unreadable { path: "/tmp/x.csv".into(), source: std::io::Error::other("gone") }.into();
        assert_eq!((error.code, error.params.get("path").map(String::as_str)), (ErrorCode::Unreadable, Some("/tmp/x.csv")));
    }
}
