use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub seats_total: u32,
    pub seats_used: u32,
    /// The account's admins (step 1 makes the first one).
    #[serde(default)]
    pub admins: Vec<AccountAdmin>,
    #[serde(default)]
    pub connections: AccountConnections,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct AccountAdmin {
    pub email: String,
}

/// What the Sales account itself says about its connections (steps 2 and 3 as it sees them).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct AccountConnections {
    #[serde(default)]
    pub salesforce: ServiceConnection,
    #[serde(default)]
    pub marketo: ServiceConnection,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct ServiceConnection {
    #[serde(default)]
    pub connected: bool,
}

impl Account {
    pub fn seats_left(&self) -> u32 {
        self.seats_total.saturating_sub(self.seats_used)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[ts(export)]
pub struct Team {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub default: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct RemoteInvitation {
    pub id: String,
    pub email: String,
    pub status: String,
    #[serde(default)]
    pub team_id: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct RemoteUser {
    pub id: String,
    pub email: String,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub team_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewInvitation {
    pub email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
}

/// What `POST /invitations` ended in, other than an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateOutcome {
    Created(RemoteInvitation),
    /// 409 already_invited: the service already holds an invitation (maybe ours, sent before a crash).
    AlreadyInvited(Option<RemoteInvitation>),
    /// 409 already_member.
    AlreadyMember,
}
