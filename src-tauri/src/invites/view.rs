use super::InvitationState;
use crate::store::invitations::InvitationRecord;
use serde::Serialize;
use ts_rs::TS;

/// One row of the invitations table. Never carries the idempotency key or anything secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct InvitationView {
    pub id: String,
    pub email: String,
    pub display_name: Option<String>,
    pub team_name: Option<String>,
    pub state: InvitationState,
    pub reason_code: Option<String>,
    pub reason_message: Option<String>,
    pub retryable: bool,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
}

impl From<InvitationRecord> for InvitationView {
    fn from(record: InvitationRecord) -> Self {
        Self {
            id: record.id,
            email: record.email,
            display_name: record.display_name,
            team_name: record.team_name,
            state: record.state,
            reason_code: record.reason_code,
            reason_message: record.reason_message,
            retryable: record.retryable,
            created_by: record.created_by,
            created_at: record.created_at,
            updated_at: record.updated_at,
        }
    }
}
