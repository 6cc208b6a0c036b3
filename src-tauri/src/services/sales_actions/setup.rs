//! The setup calls of the Sales-account contract (docs/sales-actions-api.md) beyond invitations: step 1's
//! admin invitations and step 4's Action Field Sync (fields, start, progress). HTTP route only; on the
//! console hand-off route the admin does these in the consoles.

use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::http::{error_from, ErrorEnvelope};
use super::{HttpSalesActions, SalesActionsError};

/// `POST /account/admin-invitations`' answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AdminInvitationResult {
    /// Newly invited as admins, or members made admins.
    pub invited: Vec<String>,
    /// Already admins, or already holding a pending invitation.
    pub already: Vec<String>,
}

/// One field the sync brings from Marketo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncField {
    pub name: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub direction: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SyncStatus {
    Queued,
    Running,
    Done,
    Failed,
}

impl SyncStatus {
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Done | Self::Failed)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }
}

/// A sync job (`GET /sync/jobs/{id}`; `POST /sync/jobs` answers at least `id` and `status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncJob {
    pub id: String,
    pub status: SyncStatus,
    #[serde(default)]
    pub total: Option<u64>,
    #[serde(default)]
    pub synced: u64,
    #[serde(default)]
    pub failed: u64,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub finished_at: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
}

/// What asking for a sync ended in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartSync {
    Started(SyncJob),
    /// `409 sync_running`, with the running job when the service names it.
    AlreadyRunning(Option<SyncJob>),
}

#[derive(Deserialize)]
struct FieldList {
    fields: Vec<SyncField>,
}

impl HttpSalesActions {
    /// Step 1: makes these Marketo admins admins of the Sales account (1–50 addresses per call).
    pub async fn invite_admins(&self, emails: &[String], idempotency_key: &str) -> Result<AdminInvitationResult, SalesActionsError> {
        let body = serde_json::json!({ "emails": emails });
        let response = self
            .send(|| {
                self.request(Method::POST, "/account/admin-invitations").header("Idempotency-Key", idempotency_key).json(&body)
            })
            .await?;
        if !response.status().is_success() {
            return Err(error_from(response).await);
        }
        response.json().await.map_err(|e| SalesActionsError::Decode(e.to_string()))
    }

    /// Step 4's preview: the fields the sync brings from Marketo.
    pub async fn sync_fields(&self) -> Result<Vec<SyncField>, SalesActionsError> {
        Ok(self.get_json::<FieldList>("/sync/fields", &[]).await?.fields)
    }

    /// Step 4: starts the Action Field Sync.
    pub async fn start_sync(&self, idempotency_key: &str) -> Result<StartSync, SalesActionsError> {
        let response = self
            .send(|| self.request(Method::POST, "/sync/jobs").header("Idempotency-Key", idempotency_key))
            .await?;
        let status = response.status();
        if status.is_success() {
            let job = response.json().await.map_err(|e| SalesActionsError::Decode(e.to_string()))?;
            return Ok(StartSync::Started(job));
        }
        if status == StatusCode::CONFLICT {
            let body = response.json::<ErrorEnvelope>().await.map_err(|e| SalesActionsError::Decode(e.to_string()))?;
            if body.error.code == "sync_running" {
                return Ok(StartSync::AlreadyRunning(body.error.existing.and_then(|e| serde_json::from_value(e).ok())));
            }
            return Err(SalesActionsError::Rejected { status: 409, code: body.error.code, message: body.error.message });
        }
        Err(error_from(response).await)
    }

    /// One sync job's progress.
    pub async fn sync_job(&self, id: &str) -> Result<SyncJob, SalesActionsError> {
        let path = format!("/sync/jobs/{}", url::form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>());
        self.get_json(&path, &[]).await
    }
}
