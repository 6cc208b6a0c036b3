//! `GET|POST /identity/oauth/token?grant_type=client_credentials&client_id=…&client_secret=…` (a POST may
//! send the parameters as a form body instead). The secret is compared and dropped: never stored,
//! never logged.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::sim::MarketoSim;
use super::{is_client_secret, SANDBOX_CLIENT_ID, SANDBOX_SCOPE};

pub async fn token(State(sim): State<Arc<MarketoSim>>, RawQuery(query): RawQuery, body: Bytes) -> Response {
    let mut grant_type = None;
    let mut client_id = None;
    let mut secret_matches = false;
    let pairs = url::form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes())
        .chain(url::form_urlencoded::parse(&body));
    for (name, value) in pairs {
        match name.as_ref() {
            "grant_type" => grant_type = Some(value.into_owned()),
            "client_id" => client_id = Some(value.into_owned()),
            "client_secret" => secret_matches = is_client_secret(&value),
            _ => {}
        }
    }
    if grant_type.as_deref() != Some("client_credentials") {
        sim.count_identity(true);
        let body = json!({"error": "unsupported_grant_type", "error_description": "Only client_credentials is supported"});
        return (StatusCode::BAD_REQUEST, Json(body)).into_response();
    }
    if client_id.as_deref() != Some(SANDBOX_CLIENT_ID) || !secret_matches {
        sim.count_identity(true);
        let body = json!({"error": "unauthorized", "error_description": "Bad client credentials"});
        return (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    }
    sim.count_identity(false);
    let (access_token, expires_in, _new) = sim.token_for_identity();
    Json(json!({"access_token": access_token, "token_type": "bearer", "expires_in": expires_in, "scope": SANDBOX_SCOPE}))
        .into_response()
}
