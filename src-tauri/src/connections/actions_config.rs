//! Step 3's credentials for the Sales account: the Munchkin ID, Client ID and Client Secret that Marketo
//! itself generates for MSI Actions and shows on **Admin › Sales Insight › Actions Config** (the guide's
//! step 3: "copy the credentials shown on Marketo's Actions Config tab and paste them in the Sales account").
//!
//! They are not the app's own LaunchPoint service (`marketo.rs`), which only serves what the app reads
//! itself (identity token, leads, User Management). The two sets are kept apart — own connection row, own
//! keyring entry — and a LaunchPoint Client ID offered here is refused, so the Sales account is never
//! connected with the app's service.
//!
//! The app cannot test these credentials on its own (Marketo documents no call for them): on the HTTP route
//! the Sales account checks them and step 3 is verified; on the console hand-off route they are kept only
//! so the admin can copy them into the console, and step 3 is the admin's confirmation.

use super::context::ConnectionContext;
use super::error::ConnectionError;
use super::{MARKETO, MARKETO_ACTIONS, SALES_ACCOUNT};
use crate::sandbox::marketo::{SANDBOX_ACTIONS_CLIENT_ID, SANDBOX_MUNCHKIN_ID};
use crate::secrets::SecretString;
use crate::services::marketo::MunchkinId;
use crate::environment::EnvironmentKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where the admin finds these values (English; the window has its own translated texts).
pub const CONSOLE_PATH: &str = "Marketo › Admin › Sales Insight › Actions Config";

/// What the admin pastes from the Actions Config tab. The secret goes straight into the secret type
/// (redacted `Debug`) and never comes back out over IPC.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ActionsConfigInput {
    pub munchkin_id: String,
    pub client_id: String,
    /// Empty = keep the secret already saved for this environment.
    #[ts(type = "string")]
    pub client_secret: SecretString,
}

/// The saved Actions Config set as the window shows it. Never the secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ActionsConfigView {
    pub munchkin_id: Option<String>,
    pub client_id: Option<String>,
    pub secret_saved: bool,
    /// When the Sales account accepted them (HTTP route), or `None`.
    pub sales_account_accepted_at: Option<String>,
    pub saved_at: Option<String>,
    pub saved_by: Option<String>,
}

/// What is kept of the set (in the settings table, under `<environment>.marketo_actions`: the connections
/// table is for the services the app itself talks to). Never the secret.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Saved {
    munchkin_id: Option<String>,
    client_id: Option<String>,
    saved_at: Option<String>,
    saved_by: Option<String>,
}

const SECRET: &str = "client_secret";

fn setting_key(environment_id: &str) -> String {
    format!("{environment_id}.{MARKETO_ACTIONS}")
}

fn saved(ctx: &ConnectionContext<'_>) -> Result<Option<Saved>, ConnectionError> {
    let raw = ctx.store.read(|conn| crate::store::settings::get(conn, &setting_key(ctx.env.id())))?;
    Ok(raw.filter(|v| !v.is_empty()).and_then(|v| serde_json::from_str(&v).ok()))
}

/// Writes (or, with `None`, clears) the saved set and its audit event in one transaction.
fn write(ctx: &ConnectionContext<'_>, value: Option<&Saved>, to_state: &str) -> Result<(), ConnectionError> {
    let json = match value {
        Some(saved) => serde_json::to_string(saved).map_err(|e| ConnectionError::Internal(e.to_string()))?,
        None => String::new(),
    };
    let detail = value.map(|s| serde_json::json!({ "munchkin_id": s.munchkin_id, "client_id": s.client_id }));
    ctx.store.write(|tx| {
        crate::store::settings::set(tx, &setting_key(ctx.env.id()), &json)?;
        crate::store::events::append(
            tx,
            &crate::store::events::NewEvent {
                actor: ctx.actor,
                environment_id: Some(ctx.env.id()),
                entity: crate::store::events::EventEntity::Connection,
                entity_id: MARKETO_ACTIONS,
                from_state: None,
                to_state: Some(to_state),
                detail,
            },
        )?;
        Ok(())
    })?;
    Ok(())
}

/// The app's own LaunchPoint connection's facts (to refuse its Client ID here, and to offer its Munchkin ID).
fn launchpoint(ctx: &ConnectionContext<'_>) -> Result<super::MarketoDetails, ConnectionError> {
    let row = ctx.store.read(|conn| crate::store::connections::get(conn, ctx.env.id(), MARKETO))?;
    Ok(row.and_then(|row| serde_json::from_value(row.details).ok()).unwrap_or_default())
}

/// What the form starts with: the saved values, else the sandbox preset, else the LaunchPoint
/// connection's Munchkin ID (the same instance; its Client ID is never carried over).
pub async fn view(ctx: &ConnectionContext<'_>) -> Result<ActionsConfigView, ConnectionError> {
    let secret_saved = ctx.get_secret(ctx.key(MARKETO_ACTIONS, SECRET)).await?.is_some();
    if let Some(saved) = saved(ctx)? {
        let accepted = ctx.store.read(|conn| crate::store::connections::get(conn, ctx.env.id(), SALES_ACCOUNT))?;
        let accepted_at = accepted.filter(|r| r.status == "connected").and_then(|r| r.verified_at);
        return Ok(ActionsConfigView {
            munchkin_id: saved.munchkin_id,
            client_id: saved.client_id,
            secret_saved,
            sales_account_accepted_at: accepted_at.filter(|_| ctx.env.sales.is_some()),
            saved_at: saved.saved_at,
            saved_by: saved.saved_by,
        });
    }
    let (munchkin_id, client_id) = match ctx.env.view.kind {
        EnvironmentKind::Sandbox => (Some(SANDBOX_MUNCHKIN_ID.to_owned()), Some(SANDBOX_ACTIONS_CLIENT_ID.to_owned())),
        EnvironmentKind::Real => (launchpoint(ctx)?.munchkin_id, None),
    };
    Ok(ActionsConfigView { munchkin_id, client_id, secret_saved, ..ActionsConfigView::default() })
}

/// Saves the Actions Config credentials and, on the HTTP route, connects the Sales account with them
/// first (nothing is saved when it refuses): then step 3 is done, verified by the app.
pub async fn connect(ctx: &ConnectionContext<'_>, input: ActionsConfigInput) -> Result<ActionsConfigView, ConnectionError> {
    let munchkin = MunchkinId::parse(&input.munchkin_id)?;
    let client_id = input.client_id.trim().to_owned();
    if client_id.is_empty() {
        return Err(ConnectionError::MissingClientId);
    }
    let launchpoint = launchpoint(ctx)?.client_id;
    if launchpoint.as_deref() == Some(client_id.as_str()) || client_id == crate::sandbox::marketo::SANDBOX_CLIENT_ID {
        return Err(ConnectionError::LaunchPointForSalesAccount);
    }
    let secret = match input.client_secret.expose().trim() {
        "" => ctx.get_secret(ctx.key(MARKETO_ACTIONS, SECRET)).await?.ok_or(ConnectionError::MissingSecret)?,
        typed => SecretString::new(typed),
    };
    if let Some(sales) = &ctx.env.sales {
        sales.connect_marketo(munchkin.as_str(), &client_id, &secret).await?;
    }
    ctx.put_secret(ctx.key(MARKETO_ACTIONS, SECRET), secret).await?;
    let saved = Saved {
        munchkin_id: Some(munchkin.as_str().to_owned()),
        client_id: Some(client_id),
        saved_at: Some(crate::store::now_rfc3339()),
        saved_by: Some(ctx.actor.to_owned()),
    };
    write(ctx, Some(&saved), "saved")?;
    if ctx.env.sales.is_some() {
        ctx.record(SALES_ACCOUNT, "connected", &serde_json::json!({ "marketo": munchkin.as_str() }), Some("Sales account accepted the Actions Config credentials"))?;
        ctx.step_verified(crate::setup::StepId::Step3)?;
    }
    // On the hand-off route they are only kept to be copied into the console: step 3 stays the admin's
    // confirmation.
    view(ctx).await
}

/// Forgets the Actions Config set of this environment (the secret leaves the keyring).
pub async fn forget(ctx: &ConnectionContext<'_>) -> Result<ActionsConfigView, ConnectionError> {
    ctx.delete_secret(ctx.key(MARKETO_ACTIONS, SECRET)).await?;
    write(ctx, None, "forgotten")?;
    view(ctx).await
}

/// The saved Actions Config secret, for the explicit "copy" of step 3's console hand-off (never shown).
pub async fn saved_secret(ctx: &ConnectionContext<'_>) -> Result<SecretString, ConnectionError> {
    ctx.get_secret(ctx.key(MARKETO_ACTIONS, SECRET)).await?.ok_or(ConnectionError::MissingSecret)
}
