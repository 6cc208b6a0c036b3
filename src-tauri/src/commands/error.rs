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

impl From<SessionError> for CommandError {
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::Store(inner) => inner.into(),
            SessionError::Service(inner) => inner.into(),
            SessionError::RunInProgress => Self::new("run_in_progress", &error),
            SessionError::HandoffRoute => Self::new("handoff_route", &error),
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
    }
}
