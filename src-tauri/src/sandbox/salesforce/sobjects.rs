//! The writes steps 6–7 make, as Salesforce answers them: REST `PermissionSetAssignment` create/delete and
//! Tooling `RemoteProxy` (Remote Site Settings) create/update. Creates answer `201 {id, success, errors}`,
//! updates and deletes `204`; a `DELETE` of a Tooling record is `405 METHOD_NOT_ALLOWED` (the app's undo
//! must use the documented PATCH, and the refusals are counted so tests can tell); refusals use Salesforce's codes (`REQUIRED_FIELD_MISSING`, `INVALID_CROSS_REFERENCE_KEY`,
//! `DUPLICATE_VALUE`, `DUPLICATE_DEVELOPER_NAME`, `FIELD_INTEGRITY_EXCEPTION`, `NOT_FOUND`).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::org::{sf_id, RemoteSite};
use super::query::{refusal, Api};
use super::rest::not_found;
use super::{rest_error, Inner, SfState};

fn bad(code: &str, message: &str) -> Response {
    rest_error(StatusCode::BAD_REQUEST, code, message)
}

fn created(inner: &mut Inner, id: &str) -> Response {
    inner.counters.records_created += 1;
    (StatusCode::CREATED, Json(json!({ "id": id, "success": true, "errors": [] }))).into_response()
}

fn deleted(inner: &mut Inner) -> Response {
    inner.counters.records_deleted += 1;
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize)]
struct AssignmentBody {
    #[serde(rename = "AssigneeId")]
    assignee_id: Option<String>,
    #[serde(rename = "PermissionSetId")]
    permission_set_id: Option<String>,
}

fn same_id(a: &str, b: &str) -> bool {
    a.len() >= 15 && b.len() >= 15 && a.get(..15) == b.get(..15)
}

/// `POST /services/data/vXX.X/sobjects/{object}`: only `PermissionSetAssignment` is writable here.
pub(super) async fn create(
    State(sf): State<SfState>,
    headers: HeaderMap,
    Path((version, object)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if let Some(refused) = refusal(&sf, &headers, &version, Api::Rest) {
        return refused;
    }
    if object != "PermissionSetAssignment" {
        return bad("INVALID_TYPE", &format!("The sandbox does not create {object} records"));
    }
    let Ok(body) = serde_json::from_slice::<AssignmentBody>(&body) else {
        return bad("JSON_PARSER_ERROR", "The request body is not valid JSON");
    };
    let (Some(assignee), Some(set)) = (body.assignee_id, body.permission_set_id) else {
        return bad("REQUIRED_FIELD_MISSING", "Required fields are missing: [AssigneeId, PermissionSetId]");
    };
    let mut inner = sf.lock();
    let Some(user) = inner.org.users.iter().find(|u| same_id(&u.id, &assignee)).map(|u| u.id.clone()) else {
        return bad("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
    };
    let assignable = [inner.org.msi_permission_set_id(), Some(sf_id("0PS", 2))];
    let Some(set) = assignable.into_iter().flatten().find(|id| same_id(id, &set)) else {
        return bad("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
    };
    if inner.org.assignments.iter().any(|a| a.assignee_id == user && a.permission_set_id == set) {
        return bad("DUPLICATE_VALUE", "duplicate value found: <unknown> duplicates value on record with id: <unknown>");
    }
    let id = inner.org.new_id("0Pa");
    inner.org.assignments.push(super::org::Assignment { id: id.clone(), assignee_id: user, permission_set_id: set });
    created(&mut inner, &id)
}

/// `DELETE /services/data/vXX.X/sobjects/{object}/{id}`.
pub(super) async fn delete(
    State(sf): State<SfState>,
    headers: HeaderMap,
    Path((version, object, id)): Path<(String, String, String)>,
) -> Response {
    if let Some(refused) = refusal(&sf, &headers, &version, Api::Rest) {
        return refused;
    }
    if object != "PermissionSetAssignment" {
        return bad("INVALID_TYPE", &format!("The sandbox does not delete {object} records"));
    }
    let mut inner = sf.lock();
    let Some(at) = inner.org.assignments.iter().position(|a| same_id(&a.id, &id)) else {
        return not_found();
    };
    inner.org.assignments.remove(at);
    deleted(&mut inner)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RemoteSiteMetadata {
    url: Option<String>,
    #[serde(default = "yes")]
    is_active: bool,
    #[serde(default)]
    disable_protocol_security: bool,
    #[serde(default)]
    description: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
struct RemoteProxyBody {
    #[serde(rename = "FullName")]
    full_name: Option<String>,
    #[serde(rename = "Metadata")]
    metadata: Option<RemoteSiteMetadata>,
}

/// A developer name: a letter, then letters, digits and single underscores, not ending in one.
fn valid_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.contains("__")
        && !name.ends_with('_')
        && name.len() <= 40
}

fn valid_site_url(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

/// `POST /services/data/vXX.X/tooling/sobjects/RemoteProxy`.
pub(super) async fn tooling_create(
    State(sf): State<SfState>,
    headers: HeaderMap,
    Path((version, object)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if let Some(refused) = refusal(&sf, &headers, &version, Api::Tooling) {
        return refused;
    }
    if object != "RemoteProxy" {
        return bad("INVALID_TYPE", &format!("The sandbox does not create Tooling {object} records"));
    }
    let Ok(body) = serde_json::from_slice::<RemoteProxyBody>(&body) else {
        return bad("JSON_PARSER_ERROR", "The request body is not valid JSON");
    };
    let (Some(name), Some(metadata)) = (body.full_name, body.metadata) else {
        return bad("REQUIRED_FIELD_MISSING", "Required fields are missing: [FullName, Metadata]");
    };
    if !valid_name(&name) {
        return bad("FIELD_INTEGRITY_EXCEPTION", "Remote Site Name: use letters, digits and single underscores, starting with a letter");
    }
    let Some(url) = metadata.url.filter(|u| valid_site_url(u)) else {
        return bad("FIELD_INTEGRITY_EXCEPTION", "Remote Site URL: enter a valid URL, for example https://www.example.com");
    };
    let mut inner = sf.lock();
    if let Some(existing) = inner.org.remote_sites.iter().find(|s| s.name.eq_ignore_ascii_case(&name)) {
        let message = format!("duplicate value found: SiteName duplicates value on record with id: {}", existing.id);
        return bad("DUPLICATE_DEVELOPER_NAME", &message);
    }
    let id = inner.org.new_id("0rp");
    inner.org.remote_sites.push(RemoteSite {
        id: id.clone(),
        name,
        url,
        active: metadata.is_active,
        description: metadata.description.unwrap_or_default(),
        disable_protocol_security: metadata.disable_protocol_security,
    });
    created(&mut inner, &id)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RemoteSiteUpdate {
    url: Option<String>,
    is_active: Option<bool>,
    #[serde(default)]
    disable_protocol_security: bool,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize)]
struct RemoteProxyUpdate {
    #[serde(rename = "Metadata")]
    metadata: Option<RemoteSiteUpdate>,
}

/// `PATCH /services/data/vXX.X/tooling/sobjects/RemoteProxy/{id}` with `{"Metadata": {…}}`: the whole
/// `RemoteSiteSetting` block (`url` and `isActive` required, as in the Metadata API) replaces the site's.
pub(super) async fn tooling_update(
    State(sf): State<SfState>,
    headers: HeaderMap,
    Path((version, object, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    if let Some(refused) = refusal(&sf, &headers, &version, Api::Tooling) {
        return refused;
    }
    if object != "RemoteProxy" {
        return bad("INVALID_TYPE", &format!("The sandbox does not update Tooling {object} records"));
    }
    let Ok(body) = serde_json::from_slice::<RemoteProxyUpdate>(&body) else {
        return bad("JSON_PARSER_ERROR", "The request body is not valid JSON");
    };
    let Some(RemoteSiteUpdate { url: Some(url), is_active: Some(active), disable_protocol_security, description }) = body.metadata else {
        return bad("REQUIRED_FIELD_MISSING", "Required fields are missing: [Metadata.url, Metadata.isActive]");
    };
    if !valid_site_url(&url) {
        return bad("FIELD_INTEGRITY_EXCEPTION", "Remote Site URL: enter a valid URL, for example https://www.example.com");
    }
    let mut inner = sf.lock();
    let Some(site) = inner.org.remote_sites.iter_mut().find(|s| same_id(&s.id, &id)) else {
        return not_found();
    };
    site.url = url;
    site.active = active;
    site.disable_protocol_security = disable_protocol_security;
    site.description = description.unwrap_or_default();
    inner.counters.records_updated += 1;
    StatusCode::NO_CONTENT.into_response()
}

/// `DELETE /services/data/vXX.X/tooling/sobjects/{object}/{id}`: refused, as for any method a resource
/// does not allow; counted, so a test can assert the app never tried.
pub(super) async fn tooling_delete(
    State(sf): State<SfState>,
    headers: HeaderMap,
    Path((version, _object, _id)): Path<(String, String, String)>,
) -> Response {
    if let Some(refused) = refusal(&sf, &headers, &version, Api::Tooling) {
        return refused;
    }
    sf.lock().counters.tooling_deletes_refused += 1;
    let mut response = rest_error(StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "HTTP Method 'DELETE' not allowed. Allowed are GET,PATCH,HEAD");
    response.headers_mut().insert(axum::http::header::ALLOW, axum::http::HeaderValue::from_static("GET, PATCH, HEAD"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_urls_are_checked_like_setup_does() {
        assert!(valid_name("MarketoSalesInsight1"));
        assert!(valid_name("MSI_Adobe_IMS"));
        assert!(!valid_name("1site") && !valid_name("a__b") && !valid_name("a_") && !valid_name("has space"));
        assert!(valid_site_url("https://ims-na1.adobelogin.com"));
        assert!(!valid_site_url("ims-na1.adobelogin.com"));
    }
}
