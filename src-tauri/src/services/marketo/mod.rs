//! Marketo Engage: sign in with a LaunchPoint custom service (2-legged OAuth, `client_credentials`) and
//! read what the setup needs (leads by email, roles). Plain Rust, no Tauri types; the sandbox serves the
//! same paths (`crate::sandbox::marketo`). Admin-facing guide: `docs/marketo-connection.md`.
//!
//! Never logs or reports a URL, a client secret or an access token.

mod client;
mod endpoints;
mod error;
mod limiter;
mod munchkin;
mod types;

pub use client::{MarketoClient, MarketoRetry, LEAD_FIELDS, MAX_BATCH, MAX_USERS_PAGE};
pub use limiter::{CallLimits, CallStats, APP_MAX_IN_FLIGHT};
pub use endpoints::MarketoEndpoints;
pub use error::MarketoError;
pub use munchkin::MunchkinId;
pub use types::{ConnectionCheck, Lead, MarketoCredentials, MarketoUser, Role, UserRole};
