//! Step 4, Action Field Sync: `GET /sync/fields` (the 13 fields Adobe lists, Marketo → Actions, not
//! configurable), `POST /sync/jobs` (202 queued; 409 `sync_running` with the running job while one
//! runs) and `GET /sync/jobs/{id}` (progress computed from the job's start, see `state::sync`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use serde_json::json;

use crate::sandbox::clock::{ser_ms, ser_opt_ms};
use crate::sandbox::error::ApiError;
use crate::sandbox::routes::extract::IdempotencyKey;
use crate::sandbox::routes::reply::{idempotent, Reply};
use crate::sandbox::state::sync::{self, SyncJobRow};
use crate::sandbox::AppState;

/// (name, label, type) of the fields the sync brings from Marketo, in Adobe's order.
const FIELDS: [(&str, &str, &str); 13] = [
    ("first_name", "First Name", "string"),
    ("last_name", "Last Name", "string"),
    ("sfdc_contact_id", "SFDC Contact ID", "string"),
    ("sfdc_lead_id", "SFDC Lead ID", "string"),
    ("sfdc_account_id", "SFDC Account ID", "string"),
    ("sfdc_opportunity_id", "SFDC Opportunity ID", "string"),
    ("marketo_id", "Marketo ID", "integer"),
    ("company", "Company", "string"),
    ("title", "Title", "string"),
    ("email", "Email", "email"),
    ("phone", "Phone", "phone"),
    ("linkedin_url", "LinkedIn URL", "url"),
    ("source", "Source", "string"),
];

#[derive(Debug, Serialize)]
pub struct SyncField {
    pub name: &'static str,
    pub label: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub direction: &'static str,
}

pub async fn list_fields() -> Json<serde_json::Value> {
    let fields: Vec<SyncField> = FIELDS
        .iter()
        .map(|(name, label, kind)| SyncField { name, label, kind, direction: "marketo_to_actions" })
        .collect();
    Json(json!({ "fields": fields }))
}

/// A job as the contract shows it.
#[derive(Debug, Serialize)]
pub struct SyncJobView {
    pub id: String,
    pub status: &'static str,
    pub total: i64,
    pub synced: i64,
    pub failed: i64,
    #[serde(serialize_with = "ser_ms")]
    pub created_at: i64,
    #[serde(serialize_with = "ser_opt_ms")]
    pub started_at: Option<i64>,
    #[serde(serialize_with = "ser_opt_ms")]
    pub finished_at: Option<i64>,
    pub error: Option<String>,
}

fn view(job: &SyncJobRow, now: i64) -> SyncJobView {
    let state = job.at(now);
    SyncJobView {
        id: job.id.clone(),
        status: state.status,
        total: job.settings.total,
        synced: state.synced,
        failed: state.failed,
        created_at: job.created_at,
        started_at: state.started_at,
        finished_at: state.finished_at,
        error: state.error,
    }
}

pub async fn start_job(State(app): State<AppState>, IdempotencyKey(key): IdempotencyKey) -> Result<Reply, ApiError> {
    app.state
        .run(move |tx, now| {
            idempotent(tx, now, key.as_deref(), "POST /sync/jobs".into(), String::new(), || {
                if let Some(latest) = sync::latest(tx)? {
                    let current = view(&latest, now);
                    if matches!(current.status, "queued" | "running") {
                        let existing = serde_json::to_value(&current).unwrap_or_default();
                        return Err(ApiError::new(StatusCode::CONFLICT, "sync_running", "A sync job is already running.")
                            .existing(existing));
                    }
                }
                let job = SyncJobRow { id: uuid::Uuid::new_v4().to_string(), created_at: now, settings: sync::settings(tx)? };
                sync::insert(tx, &job)?;
                // The answer says `queued` whatever the job reads like a millisecond later.
                let mut answer = view(&job, now);
                answer.status = "queued";
                answer.synced = 0;
                answer.started_at = None;
                answer.finished_at = None;
                Reply::json(StatusCode::ACCEPTED, &answer)
            })
        })
        .await
}

pub async fn get_job(State(app): State<AppState>, Path(id): Path<String>) -> Result<Json<SyncJobView>, ApiError> {
    app.state
        .run(move |tx, now| {
            let job = sync::find(tx, &id)?.ok_or_else(|| ApiError::not_found("No sync job with this id."))?;
            Ok(Json(view(&job, now)))
        })
        .await
}
