//! The systems a check reads, for one environment: the signed-in Salesforce client, the app's own Marketo
//! client and the Sales account. Each client is made the first time a check asks for it and then reused
//! for the rest of that check, so one check signs in to each system once (one Salesforce identity check,
//! one Marketo identity token) however many of its parts read it.

use super::CheckError;
use crate::connections::{self, ConnectionContext, ConnectionError};
use crate::environment::EnvironmentKind;
use crate::services::marketo::MarketoClient;
use crate::services::sales_actions::HttpSalesActions;
use crate::services::salesforce::SalesforceClient;
use crate::store::Store;
use tokio::sync::OnceCell;

/// Calls a check may have in flight in Marketo at once: Marketo allows 10 for the whole instance, and the
/// admin's other integrations need the rest.
pub const MARKETO_IN_FLIGHT: u32 = crate::services::marketo::APP_MAX_IN_FLIGHT;

pub struct ConnectedSystems<'a> {
    ctx: ConnectionContext<'a>,
    salesforce: OnceCell<SalesforceClient>,
    marketo: OnceCell<Option<MarketoClient>>,
}

impl<'a> ConnectedSystems<'a> {
    pub fn new(ctx: ConnectionContext<'a>) -> Self {
        Self { ctx, salesforce: OnceCell::new(), marketo: OnceCell::new() }
    }

    pub fn context(&self) -> &ConnectionContext<'a> {
        &self.ctx
    }

    pub fn store(&self) -> &'a Store {
        self.ctx.store
    }

    pub fn environment_id(&self) -> &'a str {
        self.ctx.env.id()
    }

    pub fn environment_kind(&self) -> EnvironmentKind {
        self.ctx.env.view.kind
    }

    pub fn actor(&self) -> &'a str {
        self.ctx.actor
    }

    /// The Sales account on the HTTP route; `None` on the console hand-off route.
    pub fn sales(&self) -> Option<&'a HttpSalesActions> {
        self.ctx.env.sales.as_ref()
    }

    /// The signed-in Salesforce client (its session checked, refreshed once if it expired). Never signed in
    /// here, or signed out, is "not connected"; a sign-in that stopped working says why.
    pub async fn salesforce(&self) -> Result<&SalesforceClient, CheckError> {
        self.salesforce
            .get_or_try_init(|| async {
                let row = self.ctx.store.read(|conn| crate::store::connections::get(conn, self.ctx.env.id(), connections::SALESFORCE))?;
                if row.is_none_or(|row| row.status == "disconnected") {
                    return Err(CheckError::SalesforceNotConnected);
                }
                connections::salesforce::client(&self.ctx).await.map_err(|error| match error {
                    ConnectionError::MissingSecret => CheckError::SalesforceNotConnected,
                    other => other.into(),
                })
            })
            .await
    }

    /// The app's own Marketo client, `None` when Marketo is not connected in this environment.
    pub async fn marketo_if_connected(&self) -> Result<Option<&MarketoClient>, CheckError> {
        let client = self
            .marketo
            .get_or_try_init(|| async { connections::marketo::saved_client(&self.ctx, MARKETO_IN_FLIGHT).await })
            .await?;
        Ok(client.as_ref())
    }

    pub async fn marketo(&self) -> Result<&MarketoClient, CheckError> {
        self.marketo_if_connected().await?.ok_or(CheckError::MarketoNotConnected)
    }
}
