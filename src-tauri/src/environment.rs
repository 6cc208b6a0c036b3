//! The two environments (Sandbox and Real, each with its own connections, steps and invitations) and how
//! each reaches its Sales account. Below `session`: the core modules name environments through here, and
//! only the session (the top) decides which one is active.

use crate::services::sales_actions::HttpSalesActions;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EnvironmentKind {
    Sandbox,
    Real,
}

impl EnvironmentKind {
    pub fn id(self) -> &'static str {
        match self {
            Self::Sandbox => "sandbox",
            Self::Real => "real",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "sandbox" => Some(Self::Sandbox),
            "real" => Some(Self::Real),
            _ => None,
        }
    }
}

/// How the app reaches the Sales account of an environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SalesRouteKind {
    /// An endpoint speaking docs/sales-actions-api.md (the sandbox, or one configured by base URL).
    Http,
    /// The admin does it in the Sales-account console; the app prepares and records.
    Handoff,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EnvironmentView {
    pub id: String,
    pub kind: EnvironmentKind,
    pub sales_route: SalesRouteKind,
    /// Where the Sales account is reached on the HTTP route (the sandbox's loopback address in sandbox mode).
    pub sales_url: Option<String>,
}

impl EnvironmentView {
    /// What the window shows about an environment; `real_sales_url` is the Real environment's configured
    /// HTTP base URL (None = console hand-off).
    pub fn of(kind: EnvironmentKind, sandbox_url: &str, real_sales_url: Option<String>) -> Self {
        let (sales_route, sales_url) = match (kind, real_sales_url) {
            (EnvironmentKind::Sandbox, _) => (SalesRouteKind::Http, Some(sandbox_url.to_owned())),
            (EnvironmentKind::Real, Some(url)) => (SalesRouteKind::Http, Some(url)),
            // Real accounts have no public API: the console hand-off is their route until an HTTP endpoint
            // is configured.
            (EnvironmentKind::Real, None) => (SalesRouteKind::Handoff, None),
        };
        Self { id: kind.id().into(), kind, sales_route, sales_url }
    }
}

/// Where admins sign in to the Sales account (MSI Actions) web app, for the console hand-off.
pub const SALES_CONSOLE_URL: &str = "https://toutapp.com/login";

/// The Real environment's Sales-account route, for its settings form. Never the token.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SalesRouteView {
    pub route: SalesRouteKind,
    pub base_url: Option<String>,
    pub token_saved: bool,
    pub console_url: String,
}

/// What the admin asks for. The token crosses IPC once, inwards, straight into the secret type.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct SalesRouteInput {
    pub route: SalesRouteKind,
    pub base_url: Option<String>,
    /// Empty = keep the saved token.
    #[ts(type = "string | null")]
    pub token: Option<crate::secrets::SecretString>,
}

/// The environment in force and its Sales-account route.
pub struct ActiveEnvironment {
    pub view: EnvironmentView,
    pub sales: Option<HttpSalesActions>,
}

impl ActiveEnvironment {
    pub fn id(&self) -> &str {
        &self.view.id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_ids() {
        for kind in [EnvironmentKind::Sandbox, EnvironmentKind::Real] {
            assert_eq!(EnvironmentKind::parse(kind.id()), Some(kind));
        }
        assert_eq!(EnvironmentKind::parse("production"), None);
    }

    #[test]
    fn the_route_follows_the_environment_and_its_configuration() {
        let sandbox = EnvironmentView::of(EnvironmentKind::Sandbox, "http://127.0.0.1:9", Some("https://ignored".into()));
        assert_eq!((sandbox.sales_route, sandbox.sales_url.as_deref()), (SalesRouteKind::Http, Some("http://127.0.0.1:9")));
        let real_http = EnvironmentView::of(EnvironmentKind::Real, "http://127.0.0.1:9", Some("https://sales.example".into()));
        assert_eq!((real_http.sales_route, real_http.sales_url.as_deref()), (SalesRouteKind::Http, Some("https://sales.example")));
        let real_console = EnvironmentView::of(EnvironmentKind::Real, "http://127.0.0.1:9", None);
        assert_eq!((real_console.id.as_str(), real_console.sales_route, real_console.sales_url), ("real", SalesRouteKind::Handoff, None));
    }
}
