//! What is known about each connection, built from the store (never from the keyring: nothing here is
//! secret).

use super::{MARKETO, SALESFORCE, SALES_ACCOUNT};
use crate::environment::{EnvironmentKind, EnvironmentView, SalesRouteKind};
use crate::store::connections::{self as rows, ConnectionRow};
use crate::store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConnectionStatus {
    NotConnected,
    Connected,
    Disconnected,
    Failed,
    /// It works for now, but what the keyring holds may not (a refreshed sign-in could not be saved):
    /// the admin must sign in again. The view's `problem` says why.
    ReconnectNeeded,
}

/// The stored status of a connection whose new sign-in could not be saved.
pub(crate) const RECONNECT_NEEDED: &str = "reconnect_needed";

impl ConnectionStatus {
    fn of(row: Option<&ConnectionRow>) -> Self {
        match row.map(|r| r.status.as_str()) {
            Some("connected") => Self::Connected,
            Some("disconnected") => Self::Disconnected,
            Some("failed") => Self::Failed,
            Some(RECONNECT_NEEDED) => Self::ReconnectNeeded,
            _ => Self::NotConnected,
        }
    }
}

/// Something the admin must know about a connection: a code the window translates (`error.<code>`), and
/// an English message with the specifics for the technical details (never a secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConnectionProblem {
    pub code: crate::error_code::ErrorCode,
    pub message: String,
}

/// Non-secret facts of a Salesforce sign-in (stored as the row's details).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SalesforceDetails {
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub user_id: Option<String>,
    pub org_id: Option<String>,
    pub org_name: Option<String>,
    pub instance_url: Option<String>,
    pub login_host: Option<String>,
    pub client_id: Option<String>,
}

/// Non-secret facts of a Marketo connection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MarketoDetails {
    pub munchkin_id: Option<String>,
    pub client_id: Option<String>,
    /// The API-only user the credentials belong to.
    pub scope: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SalesforceConnectionView {
    pub status: ConnectionStatus,
    pub details: SalesforceDetails,
    /// Why the connection needs attention (with `reconnect_needed`).
    pub problem: Option<ConnectionProblem>,
    pub verified_how: Option<String>,
    pub verified_at: Option<String>,
    pub actor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MarketoConnectionView {
    pub status: ConnectionStatus,
    pub details: MarketoDetails,
    pub verified_how: Option<String>,
    pub verified_at: Option<String>,
    pub actor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SalesAccountConnectionView {
    pub route: SalesRouteKind,
    pub base_url: Option<String>,
    pub status: ConnectionStatus,
    pub verified_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ConnectionsView {
    pub environment: EnvironmentKind,
    pub salesforce: SalesforceConnectionView,
    pub marketo: MarketoConnectionView,
    pub sales_account: SalesAccountConnectionView,
}

fn details<T: for<'de> Deserialize<'de> + Default>(row: Option<&ConnectionRow>) -> T {
    row.and_then(|r| serde_json::from_value(r.details.clone()).ok()).unwrap_or_default()
}

pub fn connections_view(store: &Store, env: &EnvironmentView) -> Result<ConnectionsView, StoreError> {
    let (salesforce, marketo, sales) = store.read(|conn| {
        Ok((
            rows::get(conn, &env.id, SALESFORCE)?,
            rows::get(conn, &env.id, MARKETO)?,
            rows::get(conn, &env.id, SALES_ACCOUNT)?,
        ))
    })?;
    Ok(ConnectionsView {
        environment: env.kind,
        salesforce: SalesforceConnectionView {
            status: ConnectionStatus::of(salesforce.as_ref()),
            details: details(salesforce.as_ref()),
            problem: salesforce
                .as_ref()
                .filter(|r| r.status == RECONNECT_NEEDED)
                .and_then(|r| serde_json::from_value(r.details["problem"].clone()).ok()),
            verified_how: salesforce.as_ref().and_then(|r| r.verified_how.clone()),
            verified_at: salesforce.as_ref().and_then(|r| r.verified_at.clone()),
            actor: salesforce.as_ref().map(|r| r.actor.clone()),
        },
        marketo: MarketoConnectionView {
            status: ConnectionStatus::of(marketo.as_ref()),
            details: details(marketo.as_ref()),
            verified_how: marketo.as_ref().and_then(|r| r.verified_how.clone()),
            verified_at: marketo.as_ref().and_then(|r| r.verified_at.clone()),
            actor: marketo.as_ref().map(|r| r.actor.clone()),
        },
        sales_account: SalesAccountConnectionView {
            route: env.sales_route,
            base_url: env.sales_url.clone(),
            status: match (env.sales_route, sales.as_ref()) {
                (SalesRouteKind::Http, None) => ConnectionStatus::Connected,
                (_, row) => ConnectionStatus::of(row),
            },
            verified_at: sales.as_ref().and_then(|r| r.verified_at.clone()),
        },
    })
}
