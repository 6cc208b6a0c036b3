//! What every REST and User Management request goes through before its route runs, in this order: the
//! in-flight cap (615), the access token (header only; 601 unknown, 602 expired), the 603 switch, forced
//! codes, then the call-rate bucket (606). REST answers errors as Marketo does, HTTP 200 with
//! `success:false`; User Management with an HTTP status and the same `errors[]`. Also the stats layer
//! that counts every Marketo request (Identity included) in `GET /_sandbox/stats`.

use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::sim::{MarketoSim, TokenCheck};
use crate::sandbox::AppState;

/// A Marketo-style request id, e.g. `4f1a#18c2d0e7a9b`.
pub fn request_id() -> String {
    let bits = uuid::Uuid::new_v4().as_u128();
    format!("{:x}#{:x}", (bits >> 112) as u16, (bits & 0xfff_ffff_ffff) as u64)
}

/// Marketo's message for an error code.
pub fn message_for(code: &str, sim: &MarketoSim) -> String {
    let limits = sim.settings().rate_limit;
    match code {
        "601" => "Access token invalid".into(),
        "602" => "Access token expired".into(),
        "603" => "Access denied".into(),
        "604" => "Request time-out".into(),
        "606" => format!("Max rate limit '{}' exceeded with in '{}' secs", limits.calls, limits.per_secs),
        "607" => "Daily quota reached".into(),
        "608" => "API Temporarily Unavailable".into(),
        "611" => "System error".into(),
        "614" => "Invalid Subscription".into(),
        "615" => format!("Concurrent access limit '{}' reached", limits.in_flight),
        "713" => "Transient Error".into(),
        _ => "Error forced by the sandbox".into(),
    }
}

/// A REST answer: `{requestId, success:true, ...extra}` merged from `body`.
pub fn rest_ok(mut body: Value) -> Response {
    let mut envelope = json!({ "requestId": request_id(), "success": true });
    if let (Some(envelope), Some(body)) = (envelope.as_object_mut(), body.as_object_mut()) {
        envelope.append(body);
    }
    Json(envelope).into_response()
}

/// A REST error: HTTP 200, `success:false`, one error.
pub fn rest_error(code: &str, message: &str) -> Response {
    let body = json!({ "requestId": request_id(), "success": false, "errors": [{ "code": code, "message": message }] });
    let mut response = Json(body).into_response();
    response.extensions_mut().insert(MarketoCode(code.to_owned()));
    response
}

/// A User Management error: an HTTP status chosen from the code, and `errors[]`.
pub fn user_management_error(code: &str, message: &str) -> Response {
    let status = match code {
        "601" | "602" => StatusCode::UNAUTHORIZED,
        "603" => StatusCode::FORBIDDEN,
        "606" | "607" | "615" => StatusCode::TOO_MANY_REQUESTS,
        "604" | "608" | "614" | "713" => StatusCode::SERVICE_UNAVAILABLE,
        "611" => StatusCode::INTERNAL_SERVER_ERROR,
        "610" | "1004" | "1013" => StatusCode::NOT_FOUND,
        _ => StatusCode::BAD_REQUEST,
    };
    let body = json!({ "requestId": request_id(), "errors": [{ "code": code, "message": message }] });
    let mut response = (status, Json(body)).into_response();
    response.extensions_mut().insert(MarketoCode(code.to_owned()));
    response
}

/// The Marketo error code an answer carries, for the counters.
#[derive(Debug, Clone)]
struct MarketoCode(String);

#[derive(Clone, Copy)]
enum Flavour {
    Rest,
    UserManagement,
}

pub async fn rest(State(sim): State<Arc<MarketoSim>>, request: Request, next: Next) -> Response {
    guarded(&sim, Flavour::Rest, request, next).await
}

pub async fn user_management(State(sim): State<Arc<MarketoSim>>, request: Request, next: Next) -> Response {
    guarded(&sim, Flavour::UserManagement, request, next).await
}

async fn guarded(sim: &MarketoSim, flavour: Flavour, request: Request, next: Next) -> Response {
    let response = checked(sim, flavour, request, next).await;
    sim.count_api(response.extensions().get::<MarketoCode>().map(|c| c.0.as_str()));
    response
}

async fn checked(sim: &MarketoSim, flavour: Flavour, request: Request, next: Next) -> Response {
    let error = |code: &str, message: Option<&str>| {
        let message = message.map(str::to_owned).unwrap_or_else(|| message_for(code, sim));
        match flavour {
            Flavour::Rest => rest_error(code, &message),
            Flavour::UserManagement => user_management_error(code, &message),
        }
    };
    let limiter = sim.limiter();
    let Some(_permit) = limiter.enter() else {
        return error("615", None);
    };
    let query_token = request
        .uri()
        .query()
        .is_some_and(|q| url::form_urlencoded::parse(q.as_bytes()).any(|(name, _)| name == "access_token"));
    if query_token {
        return error("601", Some("Access token must be sent in the Authorization header, not the query string"));
    }
    let Some(token) = bearer(&request) else {
        return error("601", Some("Access token invalid"));
    };
    match sim.check_token(&token) {
        TokenCheck::Valid => {}
        TokenCheck::Invalid => return error("601", None),
        TokenCheck::Expired => return error("602", None),
    }
    if sim.deny_603() {
        return error("603", None);
    }
    if let Some(code) = sim.take_forced() {
        return error(&code, None);
    }
    if limiter.take().is_err() {
        return error("606", None);
    }
    next.run(request).await
}

fn bearer(request: &Request) -> Option<String> {
    let value = request.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Counts every Marketo request in the sandbox stats as `METHOD /path` and HTTP status (REST errors
/// are HTTP 200: their codes are in `GET /_sandbox/marketo`).
pub async fn record_stats(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or("(unknown)");
    let route = format!("{} {}", request.method(), path);
    let response = next.run(request).await;
    app.stats.record(route, response.status().as_u16());
    response
}
