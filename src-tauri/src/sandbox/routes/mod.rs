//! The simulator's HTTP surface: the contract under `/api/v1` (behind the middleware: limits, faults,
//! auth, stats) and the simulator controls under `/_sandbox` (no auth; they exist only here). Anything
//! else answers a JSON `404 not_found`.

mod account;
mod connections;
mod controls;
mod extract;
mod invitations;
mod reply;
mod sync;
mod teams;
mod users;

use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Router;

use crate::sandbox::error::ApiError;
use crate::sandbox::middleware::api_pipeline;
use crate::sandbox::AppState;

pub fn router(app: AppState) -> Router {
    let api = Router::new()
        .route("/account", get(account::get_account))
        .route("/account/admin-invitations", post(account::invite_admins))
        .route("/connections/salesforce", put(connections::connect_salesforce))
        .route("/connections/marketo", put(connections::connect_marketo))
        .route("/sync/fields", get(sync::list_fields))
        .route("/sync/jobs", post(sync::start_job))
        .route("/sync/jobs/{id}", get(sync::get_job))
        .route("/teams", get(teams::list_teams))
        .route("/invitations", get(invitations::list_invitations).post(invitations::create_invitation))
        .route("/invitations/{id}", get(invitations::get_invitation).delete(invitations::revoke_invitation))
        .route("/invitations/{id}/resend", post(invitations::resend_invitation))
        .route("/users", get(users::list_users))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(app.clone(), api_pipeline))
        .with_state(app.clone());

    Router::new()
        .nest("/api/v1", api)
        .merge(crate::sandbox::marketo::router(app.clone()))
        .merge(crate::sandbox::salesforce::router())
        .nest("/_sandbox", controls::router(app))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found() -> ApiError {
    ApiError::not_found("No such route.")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "This route does not accept that method.")
}
