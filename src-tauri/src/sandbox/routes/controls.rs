//! `/_sandbox/*`: the simulator's own controls (faults, stats, accept/expire an invitation, reset).
//! No auth and not part of the contract: they exist only in the sandbox, for tests and demos (the front
//! door keeps other web origins out of them). Every number they take is bounded here, so the routes that
//! later add or multiply it cannot overflow: beyond a bound is `422 out_of_range`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::json;

use crate::sandbox::error::ApiError;
use crate::sandbox::faults::FaultConfig;
use crate::sandbox::routes::extract::ApiJson;
use crate::sandbox::routes::invitations::find_or_404;
use crate::sandbox::state::invitations::{self, Status};
use crate::sandbox::state::counters;
use crate::sandbox::state::sync::{self, SyncSettings};
use crate::sandbox::stats::RouteCount;
use crate::sandbox::AppState;

pub fn router(app: AppState) -> Router {
    Router::new()
        .route("/faults", get(get_faults).post(set_faults).delete(clear_faults))
        .route("/stats", get(get_stats))
        .route("/accept/{id}", post(accept))
        .route("/expire/{id}", post(expire))
        .route("/reset", post(reset))
        .route("/sync", get(get_sync).post(set_sync))
        .with_state(app)
}

async fn get_faults(State(app): State<AppState>) -> Json<FaultConfig> {
    Json(app.faults.snapshot())
}

/// Replaces the whole fault set; answers what is now armed.
async fn set_faults(
    State(app): State<AppState>,
    ApiJson(config): ApiJson<FaultConfig>,
) -> Result<Json<FaultConfig>, ApiError> {
    config.validate()?;
    for (field, ms) in [("latency_ms", config.latency_ms), ("slow_answer_ms", config.slow_answer_ms)] {
        if ms > MAX_FAULT_DELAY_MS {
            return Err(out_of_range(field, MAX_FAULT_DELAY_MS));
        }
    }
    tracing::info!(?config, "sandbox faults set");
    app.faults.set(config);
    Ok(Json(app.faults.snapshot()))
}

async fn clear_faults(State(app): State<AppState>) -> StatusCode {
    app.faults.clear();
    StatusCode::NO_CONTENT
}

#[derive(Debug, Serialize)]
pub struct StatsView {
    /// `/api/v1` answers by route and status (in memory).
    pub requests: Vec<RouteCount>,
    /// Invitations created through the API (in the state database).
    pub invitations_created: i64,
    /// `POST /invitations` for an email a client had already invited, under another or no key (in the state database).
    pub duplicate_sends: i64,
    /// Connections reset by the `reset_connections` fault (in memory).
    pub connections_reset: u64,
}

async fn get_stats(State(app): State<AppState>) -> Result<Json<StatsView>, ApiError> {
    let (invitations_created, duplicate_sends) = app
        .state
        .run(|tx, _now| -> Result<_, ApiError> {
            Ok((counters::get(tx, counters::INVITATIONS_CREATED)?, counters::get(tx, counters::DUPLICATE_SENDS)?))
        })
        .await?;
    Ok(Json(StatsView {
        requests: app.stats.requests(),
        invitations_created,
        duplicate_sends,
        connections_reset: app.faults.resets_done(),
    }))
}

/// The invitee accepts: pending → accepted and a member is created (already accepted: same answer).
async fn accept(State(app): State<AppState>, Path(id): Path<String>) -> Result<Json<serde_json::Value>, ApiError> {
    app.state
        .run(move |tx, now| {
            let invitation = find_or_404(tx, &id)?;
            match invitation.status {
                Status::Pending => invitations::accept(tx, &invitation, now)?,
                Status::Accepted => {}
                other => {
                    return Err(ApiError::new(
                        StatusCode::CONFLICT,
                        "invitation_closed",
                        format!("This invitation is {}; it cannot be accepted.", other.as_str()),
                    ))
                }
            }
            Ok(Json(json!(find_or_404(tx, &id)?)))
        })
        .await
}

/// A pending invitation expires now (to test the expired path without waiting 30 days).
async fn expire(State(app): State<AppState>, Path(id): Path<String>) -> Result<Json<serde_json::Value>, ApiError> {
    app.state
        .run(move |tx, now| {
            let invitation = find_or_404(tx, &id)?;
            if invitation.status != Status::Pending {
                return Err(ApiError::new(
                    StatusCode::CONFLICT,
                    "invitation_closed",
                    format!("This invitation is {}; only a pending one can expire.", invitation.status.as_str()),
                ));
            }
            invitations::expire_now(tx, &id, now)?;
            Ok(Json(json!(find_or_404(tx, &id)?)))
        })
        .await
}

/// How the next sync job behaves (people, speed, time queued, failure point).
async fn get_sync(State(app): State<AppState>) -> Result<Json<SyncSettings>, ApiError> {
    app.state.run(|tx, _now| -> Result<_, ApiError> { Ok(Json(sync::settings(tx)?)) }).await
}

/// Replaces the sync settings (omitted fields take their defaults); applies to jobs started from now on.
async fn set_sync(State(app): State<AppState>, ApiJson(settings): ApiJson<SyncSettingsInput>) -> Result<Json<SyncSettings>, ApiError> {
    let defaults = SyncSettings::default();
    let settings = SyncSettings {
        total: settings.total.unwrap_or(defaults.total),
        per_sec: settings.per_sec.unwrap_or(defaults.per_sec),
        queued_ms: settings.queued_ms.unwrap_or(defaults.queued_ms),
        fail_after: settings.fail_after,
    };
    if !settings.is_valid() {
        return Err(ApiError::bad_request("invalid_sync_settings", "total, queued_ms and fail_after must be 0 or more, per_sec above 0."));
    }
    let bounds = [
        ("total", settings.total as f64, SYNC_MAX_PEOPLE),
        ("fail_after", settings.fail_after.unwrap_or(0) as f64, SYNC_MAX_PEOPLE),
        ("per_sec", settings.per_sec, SYNC_MAX_PER_SEC),
        ("queued_ms", settings.queued_ms as f64, SYNC_MAX_QUEUED_MS),
    ];
    if let Some((field, _, max)) = bounds.into_iter().find(|(_, value, max)| *value > *max as f64) {
        return Err(out_of_range(field, max));
    }
    app.state
        .run(move |tx, _now| -> Result<_, ApiError> {
            sync::set_settings(tx, &settings)?;
            Ok(Json(settings))
        })
        .await
}

/// The longest `latency_ms` / `slow_answer_ms` (10 minutes): a delay, not a way to hang the sandbox.
const MAX_FAULT_DELAY_MS: u64 = 600_000;
/// Bounds of `POST /_sandbox/sync`: a job's people (and failure point), its speed and its time queued.
const SYNC_MAX_PEOPLE: u64 = 10_000_000;
const SYNC_MAX_PER_SEC: u64 = 1_000_000;
const SYNC_MAX_QUEUED_MS: u64 = 24 * 60 * 60 * 1000;

fn out_of_range(field: &'static str, max: u64) -> ApiError {
    ApiError::unprocessable("out_of_range", field, format!("{field} is at most {max}."))
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SyncSettingsInput {
    total: Option<i64>,
    per_sec: Option<f64>,
    queued_ms: Option<i64>,
    fail_after: Option<i64>,
}

/// Back to the seed: state, faults, stats and the rate-limit bucket.
async fn reset(State(app): State<AppState>) -> Result<StatusCode, ApiError> {
    app.state.reset().await?;
    app.faults.clear();
    app.faults.reset_counts();
    app.stats.clear();
    app.limiter.reset();
    tracing::info!("sandbox reset to its seed");
    Ok(StatusCode::NO_CONTENT)
}
