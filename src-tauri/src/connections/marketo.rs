//! The app's own Marketo access: Munchkin ID and the Client ID / Client Secret of a LaunchPoint custom
//! service (Admin › Integration › LaunchPoint › View Details). "Test connection" gets an identity token
//! and makes one API call; only then is the secret saved (keyring). It serves only what the app reads
//! itself (P1, P2, steps 1 and 4, readiness) and is never handed to the Sales account: step 3 connects the
//! Sales account with the Actions Config tab's own credentials (`actions_config.rs`).

use super::context::ConnectionContext;
use super::error::ConnectionError;
use super::MARKETO;
use crate::sandbox::marketo::{SANDBOX_CLIENT_ID, SANDBOX_MUNCHKIN_ID};
use crate::secrets::SecretString;
use crate::services::marketo::{MarketoClient, MarketoCredentials, MarketoEndpoints, MunchkinId};
use crate::environment::EnvironmentKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the admin types. The secret crosses IPC once, inwards, straight into the secret type (so this
/// struct's `Debug` redacts it), and is never sent back.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct MarketoInput {
    pub munchkin_id: String,
    pub client_id: String,
    /// Empty = keep the secret already saved for this environment.
    #[ts(type = "string")]
    pub client_secret: SecretString,
}

/// Values to pre-fill the form with (the sandbox preset, or what was saved). Never the secret.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MarketoPrefill {
    pub munchkin_id: Option<String>,
    pub client_id: Option<String>,
    pub secret_saved: bool,
    /// Where the identity token is asked for, derived from the Munchkin ID (or the sandbox).
    pub identity_url: Option<String>,
}

const SECRET: &str = "client_secret";
const VERIFIED_HOW: &str = "identity token and a REST call";

fn endpoints(ctx: &ConnectionContext<'_>, munchkin: &MunchkinId) -> Result<MarketoEndpoints, ConnectionError> {
    match ctx.env.view.kind {
        EnvironmentKind::Sandbox => MarketoEndpoints::with_base(ctx.sandbox_url)
            .map_err(|e| ConnectionError::Internal(format!("sandbox address: {e}"))),
        EnvironmentKind::Real => Ok(MarketoEndpoints::for_munchkin(munchkin)),
    }
}

pub async fn prefill(ctx: &ConnectionContext<'_>) -> Result<MarketoPrefill, ConnectionError> {
    let saved = ctx.store.read(|conn| crate::store::connections::get(conn, ctx.env.id(), MARKETO))?;
    let details: super::MarketoDetails =
        saved.and_then(|row| serde_json::from_value(row.details).ok()).unwrap_or_default();
    let secret_saved = ctx.get_secret(ctx.key(MARKETO, SECRET)).await?.is_some();
    let (munchkin_id, client_id) = match (details.munchkin_id, ctx.env.view.kind) {
        (Some(munchkin), _) => (Some(munchkin), details.client_id),
        (None, EnvironmentKind::Sandbox) => (Some(SANDBOX_MUNCHKIN_ID.to_owned()), Some(SANDBOX_CLIENT_ID.to_owned())),
        (None, EnvironmentKind::Real) => (None, None),
    };
    let identity_url = munchkin_id
        .as_deref()
        .and_then(|m| MunchkinId::parse(m).ok())
        .and_then(|m| endpoints(ctx, &m).ok())
        .map(|e| e.identity.to_string());
    Ok(MarketoPrefill { munchkin_id, client_id, secret_saved, identity_url })
}

/// Tests the credentials and, when they work, saves them for the app's own calls.
pub async fn connect(ctx: &ConnectionContext<'_>, input: MarketoInput) -> Result<(), ConnectionError> {
    let munchkin = MunchkinId::parse(&input.munchkin_id)?;
    let client_id = input.client_id.trim().to_owned();
    let secret = match input.client_secret.expose().trim() {
        "" => ctx.get_secret(ctx.key(MARKETO, SECRET)).await?.ok_or(ConnectionError::MissingSecret)?,
        typed => SecretString::new(typed),
    };
    let credentials = MarketoCredentials { munchkin_id: munchkin.clone(), client_id: client_id.clone(), client_secret: secret.clone() };
    let client = MarketoClient::new(ctx.http.clone(), endpoints(ctx, &munchkin)?, credentials);
    let check = client.test_connection().await?;
    ctx.put_secret(ctx.key(MARKETO, SECRET), secret.clone()).await?;
    let details = serde_json::json!({ "munchkin_id": munchkin.as_str(), "client_id": client_id, "scope": check.scope });
    ctx.record(MARKETO, "connected", &details, Some(VERIFIED_HOW))?;
    Ok(())
}

/// Forgets the credentials of this environment (the secret leaves the keyring).
pub async fn disconnect(ctx: &ConnectionContext<'_>) -> Result<(), ConnectionError> {
    ctx.delete_secret(ctx.key(MARKETO, SECRET)).await?;
    let saved = ctx.store.read(|conn| crate::store::connections::get(conn, ctx.env.id(), MARKETO))?;
    let details = saved.map(|row| row.details).unwrap_or_else(|| serde_json::json!({}));
    ctx.record(MARKETO, "disconnected", &details, None)
}

/// The secret step 3's console hand-off copies (never displayed): the Actions Config tab's, which is what
/// the Sales account takes — never this LaunchPoint service's.
pub async fn saved_secret(ctx: &ConnectionContext<'_>) -> Result<SecretString, ConnectionError> {
    super::actions_config::saved_secret(ctx).await
}

/// A client with this environment's saved Marketo credentials (steps 1 and 4, P1, P2); `None` when
/// Marketo is not connected here. Its call limits are Marketo's rate (100 calls / 20 s) and `in_flight`
/// at once, never more than the app's share of 5.
pub async fn saved_client(ctx: &ConnectionContext<'_>, in_flight: u32) -> Result<Option<MarketoClient>, ConnectionError> {
    let saved = ctx.store.read(|conn| crate::store::connections::get(conn, ctx.env.id(), MARKETO))?;
    let Some(row) = saved.filter(|row| row.status == "connected") else { return Ok(None) };
    let details: super::MarketoDetails = serde_json::from_value(row.details).unwrap_or_default();
    let (Some(munchkin), Some(client_id)) = (details.munchkin_id, details.client_id) else { return Ok(None) };
    let Some(secret) = ctx.get_secret(ctx.key(MARKETO, SECRET)).await? else { return Ok(None) };
    let munchkin = MunchkinId::parse(&munchkin)?;
    let credentials = MarketoCredentials { munchkin_id: munchkin.clone(), client_id, client_secret: secret };
    let limits = crate::services::marketo::CallLimits::for_app(in_flight);
    Ok(Some(MarketoClient::new(ctx.http.clone(), endpoints(ctx, &munchkin)?, credentials).with_limits(limits)))
}
