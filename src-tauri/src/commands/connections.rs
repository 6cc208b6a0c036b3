//! Connection commands (steps 2 and 3): thin adapters over `crate::connections`.

use super::CommandError;
use crate::connections::marketo::{self, MarketoInput, MarketoPrefill};
use crate::connections::salesforce::{self, DisconnectReport, SalesforceSettings, SalesforceSettingsView};
use crate::connections::{connections_view, ConnectionsView, PendingSignInView};
use crate::secrets::clipboard::{self, Fingerprint};
use crate::session::Session;
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_opener::OpenerExt;
use zeroize::Zeroizing;

type Result<T> = std::result::Result<T, CommandError>;

fn view(session: &Session) -> Result<ConnectionsView> {
    Ok(connections_view(&session.store, &session.active().view)?)
}

#[tauri::command]
pub fn connections(session: State<'_, Session>) -> Result<ConnectionsView> {
    view(&session)
}

#[tauri::command]
pub fn salesforce_settings(session: State<'_, Session>) -> Result<SalesforceSettingsView> {
    let env = session.active();
    Ok(salesforce::settings_view(&session.connections(&env)?)?)
}

#[tauri::command]
pub fn save_salesforce_settings(session: State<'_, Session>, settings: SalesforceSettings) -> Result<SalesforceSettingsView> {
    let env = session.active();
    Ok(salesforce::save_settings(&session.connections(&env)?, &settings)?)
}

#[tauri::command]
pub async fn salesforce_sign_in(app: AppHandle, session: State<'_, Session>) -> Result<ConnectionsView> {
    let env = session.active();
    let context = session.connections(&env)?;
    let open = |url: &str| {
        crate::browser::open(url, |url| app.opener().open_url(url, None::<&str>).map_err(|e| e.to_string()))
            .map_err(|e| e.to_string())
    };
    session.sign_in.sign_in(&context, session.language(), open).await?;
    view(&session)
}

#[tauri::command]
pub fn salesforce_pending_sign_in(session: State<'_, Session>) -> Option<PendingSignInView> {
    session.sign_in.pending()
}

#[tauri::command]
pub fn salesforce_paste_redirect(session: State<'_, Session>, url: String) -> Result<()> {
    Ok(session.sign_in.paste(&url)?)
}

#[tauri::command]
pub fn salesforce_cancel_sign_in(session: State<'_, Session>) -> bool {
    session.sign_in.cancel()
}

#[tauri::command]
pub async fn salesforce_verify(session: State<'_, Session>) -> Result<ConnectionsView> {
    let env = session.active();
    salesforce::verify(&session.connections(&env)?).await?;
    view(&session)
}

/// Disconnects; what could not be revoked on Salesforce comes back with the view, for the warning.
#[tauri::command]
pub async fn salesforce_disconnect(session: State<'_, Session>) -> Result<SalesforceDisconnected> {
    let env = session.active();
    let report = salesforce::disconnect(&session.connections(&env)?).await?;
    Ok(SalesforceDisconnected { connections: view(&session)?, report })
}

/// The connections after a Salesforce disconnect, and what it could not do there.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SalesforceDisconnected {
    pub connections: ConnectionsView,
    pub report: DisconnectReport,
}

#[tauri::command]
pub async fn marketo_prefill(session: State<'_, Session>) -> Result<MarketoPrefill> {
    let env = session.active();
    Ok(marketo::prefill(&session.connections(&env)?).await?)
}

#[tauri::command]
pub async fn marketo_connect(session: State<'_, Session>, input: MarketoInput) -> Result<ConnectionsView> {
    let env = session.active();
    marketo::connect(&session.connections(&env)?, input).await?;
    view(&session)
}

#[tauri::command]
pub async fn marketo_disconnect(session: State<'_, Session>) -> Result<ConnectionsView> {
    let env = session.active();
    marketo::disconnect(&session.connections(&env)?).await?;
    view(&session)
}

/// Copies the saved Marketo client secret to the clipboard from Rust: the secret never enters the webview.
/// Marked as a secret for clipboard managers, and cleared after 30 s if it is still there.
#[tauri::command]
pub async fn copy_marketo_secret(app: AppHandle, session: State<'_, Session>) -> Result<()> {
    let env = session.active();
    let secret = marketo::saved_secret(&session.connections(&env)?).await?;
    let fingerprint = Fingerprint::of(&secret);
    let writer = app.clone();
    tokio::task::spawn_blocking(move || writer.clipboard().write_secret(secret.expose()).map_err(|e| e.to_string()))
        .await
        .map_err(|e| e.to_string())
        .and_then(|written| written)
        .map_err(|message| CommandError::new(crate::error_code::ErrorCode::Clipboard, message))?;
    tauri::async_runtime::spawn(clipboard::clear_later(PluginClipboard(app), fingerprint, clipboard::CLEAR_AFTER));
    Ok(())
}

/// The window's clipboard, for the clearing task.
struct PluginClipboard(AppHandle);

impl clipboard::Clipboard for PluginClipboard {
    fn read_text(&self) -> Option<Zeroizing<String>> {
        self.0.clipboard().read_text().ok().map(Zeroizing::new)
    }

    fn clear(&self) -> std::result::Result<(), String> {
        self.0.clipboard().clear().map_err(|e| e.to_string())
    }
}
