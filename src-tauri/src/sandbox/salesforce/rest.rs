//! The identity URL, OpenID user info and the REST resources list, with the bearer token of a sign-in. REST refuses
//! in Salesforce's array shape (`401 INVALID_SESSION_ID` for an expired or revoked token); the identity
//! service, like Salesforce's, answers its refusals as plain-text codes (`403 Bad_OAuth_Token`).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::{bad_host, identity_url, rest_error, root_url, SfState, API_VERSION, ORG_ID, USERNAME, USER_ID};
use crate::sandbox::clock::now_ms;

const VERSIONS: [(&str, &str); 3] = [("Spring '24", "60.0"), ("Summer '24", "61.0"), ("Winter '25", API_VERSION)];

pub(super) enum Denied {
    Missing,
    Invalid,
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("oauth")).then(|| token.trim())
}

/// The caller's access token must exist and not be expired; then a forced error (control) may answer.
pub(super) fn authorize(sf: &SfState, headers: &HeaderMap) -> Result<Option<Response>, Denied> {
    let token = bearer(headers).ok_or(Denied::Missing)?;
    let mut inner = sf.lock();
    let valid = inner.access_tokens.get(token).is_some_and(|grant| grant.expires_ms > now_ms());
    if !valid {
        return Err(Denied::Invalid);
    }
    let forced = inner.settings.next_rest_errors.first_mut().map(|spec| {
        spec.count = spec.count.saturating_sub(1);
        let status = StatusCode::from_u16(spec.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let message = spec.message.clone().unwrap_or_else(|| "Forced by the sandbox.".to_owned());
        (status, spec.error_code.clone(), message, spec.count == 0)
    });
    Ok(forced.map(|(status, code, message, used_up)| {
        if used_up {
            inner.settings.next_rest_errors.remove(0);
        }
        rest_error(status, &code, &message)
    }))
}

/// REST's refusal of a token.
pub(super) fn session_refused() -> Response {
    rest_error(StatusCode::UNAUTHORIZED, "INVALID_SESSION_ID", "Session expired or invalid")
}

/// The identity service's refusal of a token (plain text, as on Salesforce).
fn identity_refused(denied: Denied) -> Response {
    let code = match denied {
        Denied::Missing => "Missing_OAuth_Token",
        Denied::Invalid => "Bad_OAuth_Token",
    };
    (StatusCode::FORBIDDEN, code).into_response()
}

fn urls(root: &str) -> Value {
    let data = format!("{root}/services/data/v{{version}}");
    json!({
        "enterprise": format!("{root}/services/Soap/c/{{version}}/{ORG_ID}"),
        "partner": format!("{root}/services/Soap/u/{{version}}/{ORG_ID}"),
        "rest": format!("{data}/"),
        "sobjects": format!("{data}/sobjects/"),
        "search": format!("{data}/search/"),
        "query": format!("{data}/query/"),
        "profile": format!("{root}/{USER_ID}"),
        "custom_domain": root,
    })
}

/// `GET /id/{org}/{user}`.
pub(super) async fn identity(
    State(sf): State<SfState>,
    headers: HeaderMap,
    Path((org, user)): Path<(String, String)>,
) -> Response {
    let Some(root) = root_url(&headers) else { return bad_host() };
    match authorize(&sf, &headers) {
        Err(denied) => return identity_refused(denied),
        Ok(Some(forced)) => return forced,
        Ok(None) => {}
    }
    if org != ORG_ID {
        return (StatusCode::FORBIDDEN, "Wrong_Org").into_response();
    }
    if user != USER_ID {
        return (StatusCode::NOT_FOUND, "Bad_Id").into_response();
    }
    Json(json!({
        "id": identity_url(&root),
        "asserted_user": true,
        "user_id": USER_ID,
        "organization_id": ORG_ID,
        "username": USERNAME,
        "nick_name": "admin",
        "display_name": "Ada Admin",
        "email": USERNAME,
        "email_verified": true,
        "first_name": "Ada",
        "last_name": "Admin",
        "timezone": "Europe/Madrid",
        "active": true,
        "user_type": "STANDARD",
        "language": "en_US",
        "locale": "en_US",
        "utcOffset": 3_600_000,
        "is_app_installed": true,
        "urls": urls(&root),
    }))
    .into_response()
}

/// `GET /services/oauth2/userinfo`.
pub(super) async fn userinfo(State(sf): State<SfState>, headers: HeaderMap) -> Response {
    let Some(root) = root_url(&headers) else { return bad_host() };
    match authorize(&sf, &headers) {
        Err(denied) => return identity_refused(denied),
        Ok(Some(forced)) => return forced,
        Ok(None) => {}
    }
    Json(json!({
        "sub": identity_url(&root),
        "user_id": USER_ID,
        "organization_id": ORG_ID,
        "preferred_username": USERNAME,
        "nickname": "admin",
        "name": "Ada Admin",
        "email": USERNAME,
        "email_verified": true,
        "given_name": "Ada",
        "family_name": "Admin",
        "zoneinfo": "Europe/Madrid",
        "locale": "en_US",
        "active": true,
        "user_type": "STANDARD",
        "urls": urls(&root),
    }))
    .into_response()
}

/// `GET /services/data/`: the versions (no token needed, as on Salesforce).
pub(super) async fn versions() -> Response {
    let list: Vec<Value> = VERSIONS
        .iter()
        .map(|(label, version)| json!({ "label": label, "url": format!("/services/data/v{version}"), "version": version }))
        .collect();
    Json(list).into_response()
}

pub(super) fn known_version(version: &str) -> bool {
    version.strip_prefix('v').is_some_and(|v| VERSIONS.iter().any(|(_, known)| *known == v))
}

pub(super) fn not_found() -> Response {
    rest_error(StatusCode::NOT_FOUND, "NOT_FOUND", "The requested resource does not exist")
}

/// `GET /services/data/vXX.X/`: the resources of a version.
pub(super) async fn resources(State(sf): State<SfState>, headers: HeaderMap, Path(version): Path<String>) -> Response {
    if !known_version(&version) {
        return not_found();
    }
    match authorize(&sf, &headers) {
        Err(_) => return session_refused(),
        Ok(Some(forced)) => return forced,
        Ok(None) => {}
    }
    let base = format!("/services/data/{version}");
    Json(json!({
        "sobjects": format!("{base}/sobjects"),
        "query": format!("{base}/query"),
        "tooling": format!("{base}/tooling"),
        "limits": format!("{base}/limits"),
    }))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_checked() {
        assert!(known_version("v62.0"));
        assert!(!known_version("62.0"));
        assert!(!known_version("v99.0"));
    }
}
