//! How every failure crosses IPC: `{code, message, detail}`. The window translates by `code`; `message`
//! is an English fallback and `detail` carries the specifics (never a secret: none of the core errors
//! holds one).

use crate::invites::InviteError;
use crate::services::sales_actions::SalesActionsError;
use crate::session::SessionError;
use crate::setup::SetupError;
use crate::store::StoreError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CommandError {
    pub code: String,
    pub message: String,
    pub detail: Option<String>,
}

impl CommandError {
    fn new(code: &str, error: &dyn std::fmt::Display) -> Self {
        Self { code: code.to_owned(), message: error.to_string(), detail: None }
    }
}

impl From<StoreError> for CommandError {
    fn from(error: StoreError) -> Self {
        Self::new("database", &error)
    }
}

impl From<SalesActionsError> for CommandError {
    fn from(error: SalesActionsError) -> Self {
        let mut mapped = Self::new("sales_account", &error);
        mapped.detail = Some(error.code().to_owned());
        mapped
    }
}

impl From<crate::secrets::SecretsError> for CommandError {
    fn from(error: crate::secrets::SecretsError) -> Self {
        Self { detail: error.fix().map(str::to_owned), ..Self::new(error.code(), &error) }
    }
}

impl From<crate::connections::ConnectionError> for CommandError {
    fn from(error: crate::connections::ConnectionError) -> Self {
        use crate::connections::ConnectionError as E;
        match error {
            E::Marketo(inner) => Self { detail: Some(inner.what_to_do().to_owned()), ..Self::new(inner.code(), &inner) },
            E::Auth(inner) => Self { detail: Some(inner.what_to_do().to_owned()), ..Self::new(inner.code(), &inner) },
            E::Salesforce(inner) => Self { detail: Some(inner.what_to_do().to_owned()), ..Self::new(inner.code(), &inner) },
            E::Secrets(inner) => inner.into(),
            E::SalesAccount(inner) => inner.into(),
            E::Session(inner) => inner.into(),
            E::Setup(inner) => inner.into(),
            E::Store(inner) => inner.into(),
            E::NoPendingSignIn => Self::new("no_pending_sign_in", &error),
            E::SignInInProgress => Self::new("sign_in_in_progress", &error),
            E::MissingConsumerKey => Self::new("missing_consumer_key", &error),
            E::InvalidPort => Self::new("invalid_port", &error),
            E::MissingSecret => Self::new("missing_secret", &error),
            E::MissingClientId => Self::new("missing_client_id", &error),
            E::LaunchPointForSalesAccount => Self::new("launchpoint_for_sales_account", &error),
            E::KeyringTask(_) => Self::new("keyring_failure", &error),
            E::Internal(_) => Self::new("internal", &error),
        }
    }
}

impl From<SetupError> for CommandError {
    fn from(error: SetupError) -> Self {
        match error {
            SetupError::UnknownStep(_) => Self::new("unknown_step", &error),
            SetupError::ReasonRequired(_) => Self::new("reason_required", &error),
            SetupError::Store(inner) => inner.into(),
        }
    }
}

impl From<InviteError> for CommandError {
    fn from(error: InviteError) -> Self {
        match error {
            InviteError::Store(inner) => inner.into(),
            InviteError::Service(inner) => inner.into(),
            InviteError::UnknownTeam(ref team) => Self { detail: Some(team.clone()), ..Self::new("unknown_team", &error) },
            InviteError::NothingToInvite => Self::new("nothing_to_invite", &error),
        }
    }
}

impl From<crate::csv_import::ImportError> for CommandError {
    fn from(error: crate::csv_import::ImportError) -> Self {
        use crate::csv_import::ImportError as E;
        match error {
            E::Store(StoreError::NotFound { entity: "import", ref id }) => Self { detail: Some(id.clone()), ..Self::new("import_not_found", &error) },
            E::Store(inner) => inner.into(),
            E::Invite(inner) => inner.into(),
            E::Service(inner) => inner.into(),
            E::Unreadable { ref path, .. } | E::Write { ref path, .. } => {
                Self { detail: Some(path.display().to_string()), ..Self::new(error.code(), &error) }
            }
            // Where the file stopped, for the window to say in its language (ui/src/lib/ipc.ts).
            E::FieldTooLarge { row, ref column, .. } => {
                Self { detail: Some(serde_json::json!({ "row": row, "column": column }).to_string()), ..Self::new(error.code(), &error) }
            }
            E::RowTooLarge { row, .. } => Self { detail: Some(serde_json::json!({ "row": row }).to_string()), ..Self::new(error.code(), &error) },
            other => Self::new(other.code(), &other),
        }
    }
}

impl From<crate::about::AboutError> for CommandError {
    fn from(error: crate::about::AboutError) -> Self {
        Self::new("about", &error)
    }
}

impl From<SessionError> for CommandError {
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::Store(inner) => inner.into(),
            SessionError::Service(inner) => inner.into(),
            SessionError::RunInProgress => Self::new("run_in_progress", &error),
            SessionError::Recovering => Self::new("recovering", &error),
            SessionError::HandoffRoute => Self::new("handoff_route", &error),
            // The holder travels as JSON ({pid, program, purpose, started_at}) so the window can say who, in its language.
            SessionError::DataFolderBusy { ref holder } => {
                Self { detail: holder.as_ref().and_then(|h| serde_json::to_string(h).ok()), ..Self::new("data_folder_busy", &error) }
            }
            SessionError::MissingBaseUrl => Self::new("missing_base_url", &error),
            SessionError::MissingToken => Self::new("missing_token", &error),
            SessionError::Keyring(_) => Self::new("keyring_failure", &error),
            SessionError::NoSecureStore { ref code, ref fix, .. } => {
                Self { detail: fix.clone(), ..Self::new(code, &error) }
            }
            other => Self::new("startup", &other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosses_ipc_as_code_message_detail() {
        let error: CommandError = SalesActionsError::NoSeatsLeft.into();
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "sales_account",
                "message": "the Sales account has no seat left",
                "detail": "no_seats_left"
            })
        );
        let error: CommandError = SetupError::ReasonRequired(crate::setup::StepState::Skipped).into();
        assert_eq!(error.code, "reason_required");
        let error: CommandError = SessionError::Recovering.into();
        assert_eq!(error.code, "recovering", "sending refused while interrupted invitations are looked up");
        let error: CommandError = SalesActionsError::UnknownOutcome("timed out".into()).into();
        assert_eq!(error.detail.as_deref(), Some("unknown_outcome"));
    }

    #[test]
    fn a_csv_cell_too_large_says_where_in_detail() {
        let error: CommandError =
            crate::csv_import::ImportError::FieldTooLarge { row: 4, column: "Notes".into(), limit: 1 << 20 }.into();
        assert_eq!(error.code, "field_too_large");
        let detail: serde_json::Value = serde_json::from_str(error.detail.as_deref().unwrap_or_default()).unwrap_or_default();
        assert_eq!(detail, serde_json::json!({ "row": 4, "column": "Notes" }));
    }
}
