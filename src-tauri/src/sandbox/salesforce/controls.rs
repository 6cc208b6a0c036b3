//! `/_sandbox/salesforce*`: the simulated org's controls, for tests and demos (no auth; sandbox only).
//! `GET` shows settings, counters and a summary of the org's setup data, `POST` changes the given settings
//! (the others stay) — including the org's data for steps 6–7 (`package`, `lead_count`, `contact_count`,
//! `undeployed_objects` for package objects left In Development, `profile_msi_access` for the profile that
//! still grants MSI object access),
//! `expire-access-tokens` expires every access token now (to exercise refresh), `reset` signs everybody
//! out and restores the defaults.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::org::{PackageVersion, MAX_PEOPLE};
use super::{Inner, OAuthErrorSpec, RestErrorSpec, SfState};
use crate::sandbox::clock::now_ms;
use crate::sandbox::error::ApiError;

/// The body of `POST /_sandbox/salesforce`; every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsPatch {
    access_token_lifetime_secs: Option<u64>,
    next_authorize_error: Option<OAuthErrorSpec>,
    next_token_error: Option<OAuthErrorSpec>,
    next_rest_errors: Option<Vec<RestErrorSpec>>,
    next_tooling_errors: Option<Vec<RestErrorSpec>>,
    query_batch_size: Option<usize>,
    /// The MSI package: `{"installed": false}` or `{"installed": true, "version": "1.8100"}`.
    package: Option<PackagePatch>,
    lead_count: Option<usize>,
    contact_count: Option<usize>,
    /// API names of package objects whose DeploymentStatus is `InDevelopment` (the others are Deployed).
    undeployed_objects: Option<Vec<String>>,
    /// Whether the "Standard User" profile still grants read on the package's objects.
    profile_msi_access: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackagePatch {
    installed: bool,
    #[serde(default)]
    version: Option<String>,
}

fn org_view(inner: &Inner) -> Value {
    let org = &inner.org;
    json!({
        "package": org.package.map(|v| json!({ "installed": true, "version": v.label(), "patch": v.patch }))
            .unwrap_or_else(|| json!({ "installed": false })),
        "permission_set": org.has_permission_set(),
        "remote_sites": org.remote_sites.iter().map(|s| json!({ "id": s.id, "name": s.name, "url": s.url, "active": s.active })).collect::<Vec<_>>(),
        "permission_set_assignments": org.assignments.len(),
        "users": org.users.len(),
        "lead_count": org.lead_count,
        "contact_count": org.contact_count,
        "package_objects": org.package_objects().iter().map(|(name, _)| name).collect::<Vec<_>>(),
        "undeployed_objects": org.undeployed_objects,
        "profile_msi_access": org.profile_msi_access,
    })
}

fn view(inner: &Inner) -> Value {
    json!({
        "access_token_lifetime_secs": inner.settings.access_token_lifetime_secs,
        "next_authorize_error": inner.settings.next_authorize_error,
        "next_token_error": inner.settings.next_token_error,
        "next_rest_errors": inner.settings.next_rest_errors,
        "next_tooling_errors": inner.settings.next_tooling_errors,
        "query_batch_size": inner.settings.query_batch_size,
        "org": org_view(inner),
        "codes_outstanding": inner.codes.len(),
        "access_tokens": inner.access_tokens.len(),
        "refresh_tokens": inner.refresh_tokens.len(),
        "token_requests": {
            "authorization_code": inner.counters.authorization_code,
            "refresh_token": inner.counters.refresh_token,
        },
        "revocations": inner.counters.revocations,
        "queries": inner.counters.queries,
        "tooling_queries": inner.counters.tooling_queries,
        "query_more": inner.counters.query_more,
        "records_created": inner.counters.records_created,
        "records_updated": inner.counters.records_updated,
        "records_deleted": inner.counters.records_deleted,
        "tooling_deletes_refused": inner.counters.tooling_deletes_refused,
    })
}

pub(super) async fn get_settings(State(sf): State<SfState>) -> Json<Value> {
    Json(view(&sf.lock()))
}

pub(super) async fn set_settings(State(sf): State<SfState>, body: Bytes) -> Result<Json<Value>, ApiError> {
    let patch: SettingsPatch =
        serde_json::from_slice(&body).map_err(|err| ApiError::bad_request("invalid_body", err.to_string()))?;
    if patch.access_token_lifetime_secs == Some(0) {
        return Err(ApiError::bad_request("invalid_settings", "access_token_lifetime_secs must be at least 1")
            .field("access_token_lifetime_secs"));
    }
    if patch.query_batch_size.is_some_and(|n| !(200..=2000).contains(&n)) {
        return Err(ApiError::bad_request("invalid_settings", "query_batch_size must be 200-2000").field("query_batch_size"));
    }
    if patch.lead_count.into_iter().chain(patch.contact_count).any(|n| n > MAX_PEOPLE) {
        return Err(ApiError::bad_request("invalid_settings", format!("lead_count and contact_count must be at most {MAX_PEOPLE}"))
            .field("lead_count"));
    }
    if patch.undeployed_objects.as_ref().is_some_and(|names| names.len() > 100 || names.iter().any(|n| n.len() > 80)) {
        return Err(ApiError::bad_request("invalid_settings", "undeployed_objects: at most 100 names of at most 80 characters")
            .field("undeployed_objects"));
    }
    let package = match &patch.package {
        None => None,
        Some(PackagePatch { installed: false, .. }) => Some(None),
        Some(PackagePatch { installed: true, version }) => {
            let version = version.as_deref().unwrap_or("1.8100");
            let parsed = PackageVersion::parse(version).ok_or_else(|| {
                ApiError::bad_request("invalid_settings", "package.version must look like 1.8100").field("package")
            })?;
            Some(Some(parsed))
        }
    };
    for spec in patch.next_rest_errors.iter().flatten().chain(patch.next_tooling_errors.iter().flatten()) {
        if !(400..=599).contains(&spec.status) || spec.count == 0 {
            return Err(ApiError::bad_request(
                "invalid_settings",
                "next_rest_errors: status must be 400-599 and count at least 1",
            )
            .field("next_rest_errors"));
        }
    }
    let mut inner = sf.lock();
    if let Some(secs) = patch.access_token_lifetime_secs {
        inner.settings.access_token_lifetime_secs = secs;
    }
    if let Some(spec) = patch.next_authorize_error {
        inner.settings.next_authorize_error = Some(spec);
    }
    if let Some(spec) = patch.next_token_error {
        inner.settings.next_token_error = Some(spec);
    }
    if let Some(specs) = patch.next_rest_errors {
        inner.settings.next_rest_errors = specs;
    }
    if let Some(specs) = patch.next_tooling_errors {
        inner.settings.next_tooling_errors = specs;
    }
    if let Some(size) = patch.query_batch_size {
        inner.settings.query_batch_size = size;
    }
    if let Some(package) = package {
        inner.org.package = package;
    }
    if let Some(count) = patch.lead_count {
        inner.org.lead_count = count;
    }
    if let Some(count) = patch.contact_count {
        inner.org.contact_count = count;
    }
    if let Some(objects) = patch.undeployed_objects {
        inner.org.undeployed_objects = objects;
    }
    if let Some(access) = patch.profile_msi_access {
        inner.org.profile_msi_access = access;
    }
    tracing::info!(settings = ?inner.settings, "sandbox Salesforce settings changed");
    Ok(Json(view(&inner)))
}

/// Every live access token expires now; refresh tokens keep working.
pub(super) async fn expire_access_tokens(State(sf): State<SfState>) -> Json<Value> {
    let now = now_ms();
    let mut inner = sf.lock();
    let mut expired = 0;
    for grant in inner.access_tokens.values_mut() {
        if grant.expires_ms > now {
            grant.expires_ms = now;
            expired += 1;
        }
    }
    Json(json!({ "expired": expired }))
}

pub(super) async fn reset(State(sf): State<SfState>) -> StatusCode {
    *sf.lock() = Inner::default();
    tracing::info!("sandbox Salesforce org reset");
    StatusCode::NO_CONTENT
}
