//! Connection commands (steps 2 and 3): thin adapters over `crate::connections`.

use super::CommandError;
use crate::connections::marketo::{self, MarketoInput, MarketoPrefill};
use crate::connections::salesforce::{self, SalesforceSettings, SalesforceSettingsView};
use crate::connections::{connections_view, ConnectionsView, PendingSignInView};
use crate::session::Session;
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_opener::OpenerExt;

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

#[tauri::command]
pub async fn salesforce_disconnect(session: State<'_, Session>) -> Result<ConnectionsView> {
    let env = session.active();
    salesforce::disconnect(&session.connections(&env)?).await?;
    view(&session)
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
#[tauri::command]
pub async fn copy_marketo_secret(app: AppHandle, session: State<'_, Session>) -> Result<()> {
    let env = session.active();
    let secret = marketo::saved_secret(&session.connections(&env)?).await?;
    app.clipboard()
        .write_text(secret.expose())
        .map_err(|e| CommandError { code: "clipboard".into(), message: e.to_string(), detail: None })
}
