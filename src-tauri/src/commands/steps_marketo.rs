//! Step commands on the Marketo and Sales-account side (P1, P2's Marketo half and its named sync user,
//! steps 1, 3's Actions Config credentials and 4): one-line adapters over `crate::checks::marketo_steps`,
//! `crate::checks::salesforce` and `crate::connections::actions_config`. Long work reports progress through
//! a channel and is paused/cancelled with the same commands as a sending run (`pause_sending`,
//! `cancel_sending`).

use super::CommandError;
use crate::checks::marketo::{self as steps, MarketoAdmin, SyncReport};
use crate::checks::overlap::{OverlapProgress, OverlapReport};
use crate::checks::{marketo_steps, CheckRun, ConnectedSystems};
use crate::connections::actions_config::{self, ActionsConfigInput, ActionsConfigView};
use crate::services::sales_actions::SyncField;
use crate::session::Session;
use tauri::ipc::Channel;
use tauri::State;

type Result<T> = std::result::Result<T, CommandError>;

/// Step 1: the Marketo users with an admin role, to pick from.
#[tauri::command]
pub async fn marketo_admins(session: State<'_, Session>) -> Result<Vec<MarketoAdmin>> {
    let env = session.active();
    Ok(marketo_steps::admins(&ConnectedSystems::new(session.connections(&env)?)).await?)
}

/// Step 1 on the HTTP route: invites the chosen admins; recorded as step 1's check.
#[tauri::command]
pub async fn invite_marketo_admins(session: State<'_, Session>, emails: Vec<String>) -> Result<CheckRun> {
    let env = session.active();
    Ok(marketo_steps::invite_admins(&ConnectedSystems::new(session.connections(&env)?), &emails).await?)
}

/// Step 3: the Actions Config credential set of this environment (never the secret).
#[tauri::command]
pub async fn marketo_actions_config(session: State<'_, Session>) -> Result<ActionsConfigView> {
    let env = session.active();
    Ok(actions_config::view(&session.connections(&env)?).await?)
}

/// Step 3: saves the Actions Config credentials and, on the HTTP route, connects the Sales account with them.
#[tauri::command]
pub async fn marketo_actions_connect(session: State<'_, Session>, input: ActionsConfigInput) -> Result<ActionsConfigView> {
    let env = session.active();
    Ok(actions_config::connect(&session.connections(&env)?, input).await?)
}

/// Step 3: forgets the Actions Config credentials of this environment.
#[tauri::command]
pub async fn marketo_actions_forget(session: State<'_, Session>) -> Result<ActionsConfigView> {
    let env = session.active();
    Ok(actions_config::forget(&session.connections(&env)?).await?)
}

/// P2: the Salesforce username Marketo's sync runs as, as the admin named it for this environment.
#[tauri::command]
pub fn p2_sync_user(session: State<'_, Session>) -> Result<Option<String>> {
    let env = session.active();
    Ok(crate::checks::salesforce::saved_sync_user(&session.store, env.id())?)
}

/// P2: names (or, empty, forgets) the sync user; audited. Check P2 again to read that user.
#[tauri::command]
pub fn save_p2_sync_user(session: State<'_, Session>, username: String) -> Result<Option<String>> {
    let env = session.active();
    Ok(crate::checks::salesforce::save_sync_user(&session.store, env.id(), &username, &session.actor)?)
}

/// Step 4's preview: the fields the sync brings from Marketo.
#[tauri::command]
pub async fn sync_fields(session: State<'_, Session>) -> Result<Vec<SyncField>> {
    let env = session.active();
    Ok(steps::sync_fields(env.sales.as_ref()).await?)
}

/// Step 4: counts the people in both systems (Salesforce leads and contacts with an owner and an email,
/// looked up in Marketo);
/// progress on `on_progress`; pause/cancel with `pause_sending`/`cancel_sending`. Recorded as step 4's
/// check, keeping the last sync findings.
#[tauri::command]
pub async fn count_overlap(session: State<'_, Session>, on_progress: Channel<OverlapProgress>) -> Result<OverlapReport> {
    let (control, _run) = session.begin_run()?;
    let env = session.active();
    let systems = ConnectedSystems::new(session.connections(&env)?);
    // A closed window cannot take progress any more; the count goes on and is recorded.
    Ok(marketo_steps::count_overlap(&systems, control, |progress| drop(on_progress.send(progress.clone()))).await?)
}

/// Step 4 on the HTTP route: starts the sync (or follows the running one); recorded.
#[tauri::command]
pub async fn start_sync(session: State<'_, Session>) -> Result<SyncReport> {
    let env = session.active();
    Ok(marketo_steps::start_sync(&ConnectedSystems::new(session.connections(&env)?)).await?)
}

/// Step 4: one look at the sync's progress; recorded once it has finished.
#[tauri::command]
pub async fn sync_progress(session: State<'_, Session>, job_id: String) -> Result<SyncReport> {
    let env = session.active();
    Ok(marketo_steps::sync_progress(&ConnectedSystems::new(session.connections(&env)?), &job_id).await?)
}
