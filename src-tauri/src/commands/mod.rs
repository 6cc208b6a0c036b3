//! Tauri commands: thin adapters that parse arguments, call the core and map errors. No logic here.

mod about;
mod connections;
mod dialogs;
mod error;
mod imports;
mod steps;
mod steps_marketo;
mod steps_salesforce;

pub use about::*;
pub use connections::*;
pub use imports::*;
pub use steps::*;
pub use steps_marketo::*;
pub use steps_salesforce::*;

pub use error::CommandError;

use crate::i18n::Language;
use crate::invites::check::CheckReport;
use crate::invites::engine;
use crate::invites::{InvitationView, InviteOutcome, SendProgress};
use crate::environment::{EnvironmentKind, SalesRouteInput, SalesRouteView};
use crate::session::{AccountView, AppInfo, RecoveryStatus, Session};
use crate::setup::{self, StepChange, StepView};
use crate::store::invitations;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

pub(crate) type Result<T> = std::result::Result<T, CommandError>;

#[tauri::command]
pub fn app_info(session: State<'_, Session>) -> Result<AppInfo> {
    Ok(session.info()?)
}

#[tauri::command]
pub async fn switch_environment(app: AppHandle, session: State<'_, Session>, kind: EnvironmentKind) -> Result<AppInfo> {
    let info = session.switch_environment(kind).await?;
    spawn_recovery(app);
    Ok(info)
}

/// Runs the recovery pass of the active environment in the background: the window never waits for it.
pub fn spawn_recovery(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        app.state::<Session>().reconcile().await;
    });
}

#[tauri::command]
pub fn recovery_status(session: State<'_, Session>) -> RecoveryStatus {
    session.recovery_status()
}

#[tauri::command]
pub async fn sales_route(session: State<'_, Session>) -> Result<SalesRouteView> {
    Ok(session.sales_route().await?)
}

#[tauri::command]
pub async fn configure_sales_route(app: AppHandle, session: State<'_, Session>, input: SalesRouteInput) -> Result<AppInfo> {
    let info = session.configure_sales_route(input).await?;
    spawn_recovery(app);
    Ok(info)
}

#[tauri::command]
pub fn set_language(session: State<'_, Session>, language: Language) -> Result<()> {
    Ok(session.set_language(language)?)
}

#[tauri::command]
pub fn setup_plan(session: State<'_, Session>) -> Result<Vec<StepView>> {
    let env = session.active();
    Ok(setup::on_route(setup::plan(&session.store, env.id())?, env.view.sales_route))
}

#[tauri::command]
pub fn change_step_status(session: State<'_, Session>, step_id: setup::StepId, change: StepChange) -> Result<Vec<StepView>> {
    let env = session.active();
    let plan = setup::change_status(&session.store, env.id(), step_id, &change.from_admin(), &session.actor)?;
    Ok(setup::on_route(plan, env.view.sales_route))
}

#[tauri::command]
pub async fn sales_account(session: State<'_, Session>) -> Result<AccountView> {
    Ok(session.account().await?)
}

#[tauri::command]
pub async fn check_addresses(session: State<'_, Session>, text: String) -> Result<CheckReport> {
    let env = session.active();
    Ok(engine::check(&session.invites(&env)?, &text).await?)
}

#[tauri::command]
pub async fn invite_addresses(
    session: State<'_, Session>,
    text: String,
    team_id: Option<String>,
    on_progress: Channel<SendProgress>,
) -> Result<InviteOutcome> {
    let (control, _run) = session.begin_run()?;
    let env = session.active();
    let context = session.invites(&env)?;
    setup::note_started(&session.store, env.id(), setup::StepId::Step5, &session.actor)?;
    let outcome = engine::invite(&context, &text, team_id.as_deref(), control, |progress| {
        // A closed window cannot take progress any more; the run goes on and is recorded.
        let _ = on_progress.send(progress.clone());
    })
    .await;
    Ok(outcome?)
}

#[tauri::command]
pub async fn send_queued(session: State<'_, Session>, on_progress: Channel<SendProgress>) -> Result<InviteOutcome> {
    let (control, _run) = session.begin_run()?;
    let env = session.active();
    let outcome = engine::send_queued(&session.invites(&env)?, control, |progress| {
        let _ = on_progress.send(progress.clone());
    })
    .await;
    Ok(outcome?)
}

#[tauri::command]
pub fn pause_sending(session: State<'_, Session>, paused: bool) -> bool {
    session.pause_run(paused)
}

#[tauri::command]
pub fn cancel_sending(session: State<'_, Session>) -> bool {
    session.cancel_run()
}

#[tauri::command]
pub async fn list_invitations(session: State<'_, Session>, refresh: bool) -> Result<Vec<InvitationView>> {
    let env = session.active();
    if refresh {
        if let Ok(context) = session.invites(&env) {
            engine::refresh_statuses(&context).await?;
        }
    }
    let rows = session.store.read(|conn| invitations::list(conn, env.id()))?;
    Ok(rows.into_iter().map(InvitationView::from).collect())
}
