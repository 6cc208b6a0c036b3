//! Step 2's data: the admin signs in to Salesforce in the system browser (loopback redirect with PKCE,
//! `crate::auth`); the app reads who and which org through the identity URL, keeps the tokens in the
//! keyring, and on the HTTP route tells the Sales account which org it is connected to — then step 2 is
//! done, verified by the app.

use super::context::ConnectionContext;
use super::error::ConnectionError;
use super::view::{ConnectionProblem, RECONNECT_NEEDED};
use super::{SalesforceDetails, SALESFORCE, SALES_ACCOUNT};
use crate::auth::{self, LoginHost, PendingSignIn, SalesforceTokens, SignInConfig, ALTERNATIVE_PORTS, DEFAULT_PORT};
use crate::i18n::Language;
use crate::sandbox::salesforce::SANDBOX_CONSUMER_KEY;
use crate::secrets::SecretString;
use crate::services::salesforce::{SalesforceClient, SalesforceError};
use crate::environment::EnvironmentKind;
use crate::store::{settings, Store, StoreError};
use serde::{Deserialize, Serialize};
use std::sync::{Mutex, PoisonError};
use ts_rs::TS;

const ACCESS: &str = "access_token";
const REFRESH: &str = "refresh_token";

/// Per-environment sign-in settings (none of them secret: the consumer key is in every authorize URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SalesforceSettings {
    /// Consumer key of the admin's External Client App / Connected App.
    pub client_id: Option<String>,
    /// `production`, `sandbox` or a My Domain URL (remembered).
    pub login_host: String,
    pub port: u16,
}

/// The settings plus what the admin must register, for the form.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SalesforceSettingsView {
    pub settings: SalesforceSettings,
    /// Exactly what goes in the app's Callback URL field.
    pub redirect_uri: String,
    /// Ports offered when the configured one is busy, with their callback URLs.
    pub alternative_ports: Vec<u16>,
    pub callback_urls: Vec<String>,
}

fn setting_key(environment_id: &str, name: &str) -> String {
    format!("{environment_id}.salesforce.{name}")
}

fn defaults(kind: EnvironmentKind, sandbox_url: &str) -> SalesforceSettings {
    match kind {
        EnvironmentKind::Sandbox => SalesforceSettings {
            client_id: Some(SANDBOX_CONSUMER_KEY.to_owned()),
            login_host: sandbox_url.to_owned(),
            port: DEFAULT_PORT,
        },
        EnvironmentKind::Real => SalesforceSettings { client_id: None, login_host: "production".to_owned(), port: DEFAULT_PORT },
    }
}

pub fn load_settings(store: &Store, environment_id: &str, kind: EnvironmentKind, sandbox_url: &str) -> Result<SalesforceSettings, StoreError> {
    let mut current = defaults(kind, sandbox_url);
    store.read(|conn| {
        if let Some(client_id) = settings::get(conn, &setting_key(environment_id, "client_id"))? {
            current.client_id = Some(client_id).filter(|c| !c.is_empty());
        }
        if kind == EnvironmentKind::Real {
            if let Some(host) = settings::get(conn, &setting_key(environment_id, "login_host"))? {
                current.login_host = host;
            }
        }
        if let Some(port) = settings::get(conn, &setting_key(environment_id, "port"))?.and_then(|p| p.parse().ok()) {
            current.port = port;
        }
        Ok(())
    })?;
    Ok(current)
}

pub fn settings_view(ctx: &ConnectionContext<'_>) -> Result<SalesforceSettingsView, ConnectionError> {
    let settings = load_settings(ctx.store, ctx.env.id(), ctx.env.view.kind, ctx.sandbox_url)?;
    let mut ports = vec![settings.port];
    ports.extend(ALTERNATIVE_PORTS.iter().copied().filter(|p| *p != settings.port));
    Ok(SalesforceSettingsView {
        redirect_uri: auth::redirect_uri_for(settings.port, auth::CALLBACK_PATH),
        callback_urls: auth::callback_urls_to_register(&ports),
        alternative_ports: ports,
        settings,
    })
}

/// Validates and remembers the settings (the login host must parse; the sandbox's host is fixed).
pub fn save_settings(ctx: &ConnectionContext<'_>, wanted: &SalesforceSettings) -> Result<SalesforceSettingsView, ConnectionError> {
    let host = LoginHost::parse(&wanted.login_host)?;
    if wanted.port == 0 {
        return Err(ConnectionError::InvalidPort);
    }
    let env = ctx.env.id();
    ctx.store.write(|tx| {
        settings::set(tx, &setting_key(env, "client_id"), wanted.client_id.as_deref().map(str::trim).unwrap_or_default())?;
        if ctx.env.view.kind == EnvironmentKind::Real {
            settings::set(tx, &setting_key(env, "login_host"), &host.as_setting())?;
        }
        settings::set(tx, &setting_key(env, "port"), &wanted.port.to_string())
    })?;
    settings_view(ctx)
}

/// Binds the loopback listener and builds the authorize URL. The caller opens the browser and awaits
/// `complete` (or feeds a pasted redirect through the paste channel). When the port cannot be used the
/// sign-in still starts, without a listener: the admin pastes the address the browser ends on, and the
/// returned error says which port was busy and who holds it (so they can also pick another port).
pub async fn begin(ctx: &ConnectionContext<'_>, language: Language) -> Result<(PendingSignIn, Option<auth::AuthError>), ConnectionError> {
    let settings = load_settings(ctx.store, ctx.env.id(), ctx.env.view.kind, ctx.sandbox_url)?;
    let client_id = settings.client_id.filter(|c| !c.trim().is_empty()).ok_or(ConnectionError::MissingConsumerKey)?;
    let mut config = SignInConfig::new(client_id, LoginHost::parse(&settings.login_host)?);
    config.port = settings.port;
    config.language = language;
    match auth::start(config.clone()).await {
        Ok(pending) => Ok((pending, None)),
        Err(problem @ (auth::AuthError::PortBusy { .. } | auth::AuthError::Listener { .. })) => {
            tracing::warn!(code = problem.code().as_str(), "no loopback listener; the redirect must be pasted");
            Ok((auth::start_without_listener(config)?, Some(problem)))
        }
        Err(other) => Err(other.into()),
    }
}

/// After the redirect: who signed in, tokens to the keyring, the Sales account told, step 2 verified.
pub async fn finish(ctx: &ConnectionContext<'_>, tokens: SalesforceTokens) -> Result<SalesforceDetails, ConnectionError> {
    let client = SalesforceClient::new(ctx.http.clone(), &tokens);
    let identity = client.identity().await?;
    let org_name = match client.organization_name().await {
        Ok(name) => Some(name),
        Err(error) => {
            tracing::warn!(code = error.code().as_str(), "could not read the organization name");
            None
        }
    };
    ctx.put_secret(ctx.key(SALESFORCE, ACCESS), tokens.access_token.clone()).await?;
    match &tokens.refresh_token {
        Some(refresh) => ctx.put_secret(ctx.key(SALESFORCE, REFRESH), refresh.clone()).await?,
        None => ctx.delete_secret(ctx.key(SALESFORCE, REFRESH)).await?,
    }
    let settings = load_settings(ctx.store, ctx.env.id(), ctx.env.view.kind, ctx.sandbox_url)?;
    let details = SalesforceDetails {
        username: Some(identity.username.clone()),
        display_name: Some(identity.display_name.clone()).filter(|n| !n.is_empty()),
        user_id: Some(identity.user_id.clone()),
        org_id: Some(identity.organization_id.clone()),
        org_name,
        instance_url: Some(tokens.instance_url.clone()),
        login_host: Some(settings.login_host),
        client_id: settings.client_id,
    };
    ctx.record(SALESFORCE, "connected", &details, Some("identity URL"))?;
    if let Some(sales) = &ctx.env.sales {
        sales.connect_salesforce(&tokens.instance_url, &identity.organization_id, &identity.username).await?;
        ctx.record(SALES_ACCOUNT, "connected", &serde_json::json!({ "salesforce_org": identity.organization_id }), Some("Sales account accepted the Salesforce org"))?;
        ctx.step_verified(crate::setup::StepId::Step2)?;
    }
    Ok(details)
}

/// The saved tokens of this environment, if any.
async fn saved_tokens(ctx: &ConnectionContext<'_>) -> Result<Option<(SecretString, Option<SecretString>)>, ConnectionError> {
    let access = ctx.get_secret(ctx.key(SALESFORCE, ACCESS)).await?;
    let refresh = ctx.get_secret(ctx.key(SALESFORCE, REFRESH)).await?;
    Ok(access.map(|a| (a, refresh)))
}

/// The saved sign-in of this environment as a client (not yet checked), with what refreshing needs.
struct SavedSignIn {
    client: SalesforceClient,
    details: SalesforceDetails,
    host: LoginHost,
    refresh: Option<SecretString>,
}

async fn saved_sign_in(ctx: &ConnectionContext<'_>) -> Result<SavedSignIn, ConnectionError> {
    let row = ctx.store.read(|conn| crate::store::connections::get(conn, ctx.env.id(), SALESFORCE))?;
    let details: SalesforceDetails = row.and_then(|r| serde_json::from_value(r.details).ok()).unwrap_or_default();
    let Some((access, refresh)) = saved_tokens(ctx).await? else {
        return Err(ConnectionError::Salesforce(SalesforceError::SessionExpired));
    };
    let (Some(instance_url), Some(org_id), Some(user_id)) = (&details.instance_url, &details.org_id, &details.user_id) else {
        return Err(ConnectionError::Salesforce(SalesforceError::SessionExpired));
    };
    let host = LoginHost::parse(details.login_host.as_deref().unwrap_or("production"))?;
    let id_base = if ctx.env.view.kind == EnvironmentKind::Sandbox { ctx.sandbox_url.to_owned() } else { host.base_url() };
    let tokens = SalesforceTokens {
        access_token: access,
        refresh_token: refresh.clone(),
        instance_url: instance_url.clone(),
        id_url: format!("{id_base}/id/{org_id}/{user_id}"),
        issued_at: None,
        scope: None,
    };
    let client = SalesforceClient::new(ctx.http.clone(), &tokens);
    Ok(SavedSignIn { client, details, host, refresh })
}

/// Why the tokens of a refresh could not be kept, set by [`refreshed`] for the caller to record.
type UnsavedSignIn = Mutex<Option<ConnectionProblem>>;

/// New tokens from the saved refresh token, saved at once so the next start uses them. Salesforce may
/// rotate the refresh token, so one that cannot be saved leaves the keyring with a sign-in that may no
/// longer work: the call goes on with the new tokens, and `unsaved` says so for the connection's status.
async fn refreshed(
    ctx: &ConnectionContext<'_>,
    host: &LoginHost,
    client_id: &str,
    refresh: Option<SecretString>,
    unsaved: &UnsavedSignIn,
) -> Result<SalesforceTokens, auth::AuthError> {
    let refresh = refresh.ok_or_else(|| auth::AuthError::RefreshRejected {
        description: "no refresh token was issued for this sign-in".into(),
    })?;
    let fresh = auth::refresh(host, client_id, &refresh).await?;
    let saved = ctx.put_secret(ctx.key(SALESFORCE, ACCESS), fresh.access_token.clone()).await;
    let saved = match (&fresh.refresh_token, saved) {
        (Some(rotated), Ok(())) => ctx.put_secret(ctx.key(SALESFORCE, REFRESH), rotated.clone()).await,
        (_, outcome) => outcome,
    };
    if let Err(error) = saved {
        tracing::warn!(%error, "could not save the refreshed Salesforce sign-in; reconnect needed");
        let problem = ConnectionProblem {
            code: crate::error_code::ErrorCode::SignInNotSaved,
            message: format!("reconnect needed: the new sign-in could not be saved ({error})"),
        };
        *unsaved.lock().unwrap_or_else(PoisonError::into_inner) = Some(problem);
    }
    Ok(fresh)
}

/// What checking the saved sign-in found: the sign-in, the identity call's outcome, and whether a
/// refresh on the way could not be saved.
struct Checked {
    saved: SavedSignIn,
    outcome: Result<(), SalesforceError>,
    unsaved: Option<ConnectionProblem>,
}

/// Checks the saved sign-in with the identity URL, refreshing the access token once if it expired.
async fn checked(ctx: &ConnectionContext<'_>) -> Result<Checked, ConnectionError> {
    let saved = saved_sign_in(ctx).await?;
    let client_id = saved.details.client_id.clone().unwrap_or_default();
    let unsaved = UnsavedSignIn::default();
    let refresher = || refreshed(ctx, &saved.host, &client_id, saved.refresh.clone(), &unsaved);
    let outcome = crate::services::salesforce::with_refresh(&saved.client, &refresher, |c| c.identity()).await.map(|_| ());
    let unsaved = unsaved.into_inner().unwrap_or_else(PoisonError::into_inner);
    Ok(Checked { saved, outcome, unsaved })
}

/// Marks the connection "reconnect needed" with why. Kept until the admin signs in again (`finish`) or
/// disconnects: a later check that works on the unsaved access token does not make the keyring's
/// refresh token good again.
fn record_reconnect_needed(ctx: &ConnectionContext<'_>, details: &SalesforceDetails, problem: &ConnectionProblem) -> Result<(), ConnectionError> {
    let mut row = serde_json::to_value(details).map_err(|e| ConnectionError::Internal(e.to_string()))?;
    row["problem"] = serde_json::to_value(problem).map_err(|e| ConnectionError::Internal(e.to_string()))?;
    ctx.record(SALESFORCE, RECONNECT_NEEDED, &row, None)
}

/// The problem already recorded on this environment's Salesforce connection, while it needs a reconnect.
fn pending_reconnect(ctx: &ConnectionContext<'_>) -> Result<Option<ConnectionProblem>, ConnectionError> {
    let row = ctx.store.read(|conn| crate::store::connections::get(conn, ctx.env.id(), SALESFORCE))?;
    Ok(row
        .filter(|row| row.status == RECONNECT_NEEDED)
        .and_then(|row| serde_json::from_value(row.details["problem"].clone()).ok()))
}

/// A signed-in client for the active environment, from the keyring's tokens (refreshed once if the
/// access token expired, and saved). For the step 6–7 checks and changes. A refresh that could not be
/// saved still gives a working client; the connection then says "reconnect needed".
pub async fn client(ctx: &ConnectionContext<'_>) -> Result<SalesforceClient, ConnectionError> {
    let Checked { saved, outcome, unsaved } = checked(ctx).await?;
    outcome?;
    if let Some(problem) = &unsaved {
        record_reconnect_needed(ctx, &saved.details, problem)?;
    }
    Ok(saved.client)
}

/// Re-checks the connection with the identity URL, refreshing the access token once if it expired;
/// a failed refresh marks the connection failed (the admin must sign in again), and a refresh whose new
/// tokens could not be saved marks it "reconnect needed" (the check itself still succeeds).
pub async fn verify(ctx: &ConnectionContext<'_>) -> Result<SalesforceDetails, ConnectionError> {
    let Checked { saved, outcome, unsaved } = checked(ctx).await?;
    match outcome {
        Ok(()) => {
            match unsaved.map_or_else(|| pending_reconnect(ctx), |problem| Ok(Some(problem)))? {
                Some(problem) => record_reconnect_needed(ctx, &saved.details, &problem)?,
                None => ctx.record(SALESFORCE, "connected", &saved.details, Some("identity URL"))?,
            }
            Ok(saved.details)
        }
        Err(error) => {
            ctx.record(SALESFORCE, "failed", &saved.details, None)?;
            Err(error.into())
        }
    }
}

/// What disconnecting could not do on Salesforce's side. The sign-in is gone from this computer either
/// way; a token Salesforce was not told to revoke stays valid there until an admin revokes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DisconnectReport {
    /// Why the token could not be revoked (revoke it in Setup › Connected Apps OAuth Usage), if it could not.
    pub not_revoked: Option<ConnectionProblem>,
}

/// Revokes the token (the admin may be offline: a failure is reported, not fatal) and deletes the
/// keyring entries.
pub async fn disconnect(ctx: &ConnectionContext<'_>) -> Result<DisconnectReport, ConnectionError> {
    let row = ctx.store.read(|conn| crate::store::connections::get(conn, ctx.env.id(), SALESFORCE))?;
    let mut details = row.map(|r| r.details).unwrap_or_else(|| serde_json::json!({}));
    let mut report = DisconnectReport::default();
    if let Some((access, refresh)) = saved_tokens(ctx).await? {
        let token = refresh.unwrap_or(access);
        let revoked = match details["login_host"].as_str().map(LoginHost::parse) {
            Some(Ok(host)) => auth::revoke(&host, &token).await,
            Some(Err(error)) => Err(error),
            None => Err(auth::AuthError::InvalidLoginHost("the sign-in's login host is not recorded".into())),
        };
        if let Err(error) = revoked {
            tracing::warn!(code = error.code().as_str(), "could not revoke the Salesforce token; deleting it locally");
            report.not_revoked = Some(ConnectionProblem { code: error.code(), message: error.to_string() });
        }
    }
    ctx.delete_secret(ctx.key(SALESFORCE, ACCESS)).await?;
    ctx.delete_secret(ctx.key(SALESFORCE, REFRESH)).await?;
    if let Some(object) = details.as_object_mut() {
        object.remove("problem");
    }
    ctx.record(SALESFORCE, "disconnected", &details, None)?;
    Ok(report)
}
