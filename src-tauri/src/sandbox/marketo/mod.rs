//! The sandbox's Marketo instance: Identity, a few Lead Database and User Management routes at their
//! real paths (relative to the sandbox root, on the same server and port as the Sales-account contract),
//! with Marketo's envelope, error codes and limits, so `services::marketo::MarketoClient` can be tested
//! over real HTTP. Controls at `/_sandbox/marketo` (see `controls.rs` and docs/marketo-connection.md).
//!
//! Its credentials are the fixed, public sandbox preset below; it must never hold a real one. Its state
//! (issued tokens, settings, counters) lives in memory: a restart forgets every token (clients then get
//! 601 and sign in again, as after a real token loss). The leads, users and roles are seeded from code.

mod controls;
mod guard;
mod identity;
mod leads;
mod seed;
mod sim;
mod users;

use std::sync::Arc;

use axum::middleware::from_fn_with_state;
use axum::routing::get;
use axum::Router;

use crate::sandbox::AppState;
use sim::MarketoSim;

/// The sandbox instance's Munchkin ID (sandbox preset; not a real subscription).
pub const SANDBOX_MUNCHKIN_ID: &str = "123-ABC-456";
/// The sandbox custom service's Client ID (sandbox preset).
pub const SANDBOX_CLIENT_ID: &str = "sandbox-marketo-client";
/// The sandbox custom service's Client Secret. A published preset that opens only the local simulator:
/// not a secret.
pub const SANDBOX_CLIENT_SECRET: &str = "sandbox-marketo-secret";
/// The Client ID the sandbox's Admin › Sales Insight › Actions Config tab shows: the credentials Marketo
/// itself generates for MSI Actions, which the Sales account is connected with in step 3 (sandbox preset).
/// Distinct from the LaunchPoint service's on purpose, so a mix-up shows.
pub const SANDBOX_ACTIONS_CLIENT_ID: &str = "sandbox-actions-client";
/// The Actions Config tab's Client Secret (a published sandbox preset, not a secret).
pub const SANDBOX_ACTIONS_CLIENT_SECRET: &str = "sandbox-actions-secret";
/// The API-only user the sandbox service acts as (Identity's `scope`).
pub const SANDBOX_SCOPE: &str = "apis@acme.test";
/// The id of the sandbox's first lead (its leads are 1001–1040, then any added in bulk).
pub const SANDBOX_FIRST_LEAD_ID: i64 = 1001;
/// Life of a new access token unless `POST /_sandbox/marketo {"token_lifetime_secs": N}` says otherwise
/// (Marketo's own: 3,600 s).
pub const DEFAULT_TOKEN_LIFETIME_SECS: u64 = 3600;

/// The Marketo routes and their control, to be merged into the sandbox router.
pub(crate) fn router(app: AppState) -> Router {
    let sim = Arc::new(MarketoSim::new());
    let identity = Router::new().route("/identity/oauth/token", get(identity::token).post(identity::token));
    let rest = Router::new()
        .route("/rest/v1/leads/describe.json", get(leads::describe))
        .route("/rest/v1/leads.json", get(leads::by_filter).post(leads::by_filter_post))
        .route_layer(from_fn_with_state(sim.clone(), guard::rest));
    let user_management = Router::new()
        .route("/userservice/management/v1/users/roles.json", get(users::roles))
        .route("/userservice/management/v1/users/allusers.json", get(users::all_users))
        .route("/userservice/management/v1/users/{userid}/roles.json", get(users::user_roles))
        .route_layer(from_fn_with_state(sim.clone(), guard::user_management));
    let served = identity
        .merge(rest)
        .merge(user_management)
        .with_state(sim.clone())
        .route_layer(from_fn_with_state(app, guard::record_stats));
    served.merge(Router::new().route("/_sandbox/marketo", get(controls::view).post(controls::set)).with_state(sim))
}

/// Whether `secret` is the sandbox Client Secret.
pub(crate) fn is_client_secret(secret: &str) -> bool {
    secret == SANDBOX_CLIENT_SECRET
}

/// Whether `secret` is the sandbox Actions Config tab's Client Secret.
pub(crate) fn is_actions_client_secret(secret: &str) -> bool {
    secret == SANDBOX_ACTIONS_CLIENT_SECRET
}

/// For `PUT /api/v1/connections/marketo` (step 3): the field and message of the first credential that is
/// not the Actions Config tab's, or `None` when all three match. A LaunchPoint service's Client ID is named
/// as such: the Sales account is connected with what Marketo generated for MSI Actions, not with the
/// app's own service. Never echoes the secret.
pub(crate) fn actions_credential_mismatch(
    munchkin_id: &str,
    client_id: &str,
    secret_matches: bool,
) -> Option<(&'static str, &'static str)> {
    if !munchkin_id.trim().eq_ignore_ascii_case(SANDBOX_MUNCHKIN_ID) {
        Some(("munchkin_id", "No Marketo instance has this Munchkin ID; the sandbox's is 123-ABC-456."))
    } else if client_id.trim() == SANDBOX_CLIENT_ID {
        Some((
            "client_id",
            "These are a LaunchPoint service's credentials; the Sales account takes the ones on Marketo's Admin › Sales Insight › Actions Config tab.",
        ))
    } else if client_id.trim() != SANDBOX_ACTIONS_CLIENT_ID || !secret_matches {
        Some(("client_secret", "Marketo refused the Client ID and Client Secret (the Actions Config tab shows the right ones)."))
    } else {
        None
    }
}

/// For the app's own calls (identity, REST): the field and message of the first credential that is not the
/// sandbox LaunchPoint service's, or `None` when all three match. Never echoes the secret.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn credential_mismatch(
    munchkin_id: &str,
    client_id: &str,
    secret_matches: bool,
) -> Option<(&'static str, &'static str)> {
    if !munchkin_id.trim().eq_ignore_ascii_case(SANDBOX_MUNCHKIN_ID) {
        Some(("munchkin_id", "No Marketo instance has this Munchkin ID; the sandbox's is 123-ABC-456."))
    } else if client_id.trim() != SANDBOX_CLIENT_ID || !secret_matches {
        Some(("client_secret", "Marketo refused the Client ID and Client Secret (the sandbox's are the preset ones)."))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_preset_credentials_match() {
        assert_eq!(credential_mismatch("123-abc-456", SANDBOX_CLIENT_ID, true), None);
        assert_eq!(credential_mismatch("999-ABC-456", SANDBOX_CLIENT_ID, true).unwrap().0, "munchkin_id");
        assert_eq!(credential_mismatch(SANDBOX_MUNCHKIN_ID, "id", true).unwrap().0, "client_secret");
        assert_eq!(credential_mismatch(SANDBOX_MUNCHKIN_ID, SANDBOX_CLIENT_ID, false).unwrap().0, "client_secret");
        assert!(is_client_secret(SANDBOX_CLIENT_SECRET) && !is_client_secret("secret"));
    }

    #[test]
    fn the_sales_account_takes_only_the_actions_config_credentials() {
        assert_eq!(actions_credential_mismatch("123-abc-456", SANDBOX_ACTIONS_CLIENT_ID, true), None);
        assert_eq!(actions_credential_mismatch(SANDBOX_MUNCHKIN_ID, SANDBOX_CLIENT_ID, true).unwrap().0, "client_id");
        assert_eq!(actions_credential_mismatch(SANDBOX_MUNCHKIN_ID, SANDBOX_ACTIONS_CLIENT_ID, false).unwrap().0, "client_secret");
        assert_eq!(actions_credential_mismatch("999-ABC-456", SANDBOX_ACTIONS_CLIENT_ID, true).unwrap().0, "munchkin_id");
        assert!(is_actions_client_secret(SANDBOX_ACTIONS_CLIENT_SECRET) && !is_actions_client_secret(SANDBOX_CLIENT_SECRET));
    }
}
