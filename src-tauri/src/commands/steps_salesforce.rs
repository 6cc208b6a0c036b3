//! Step 7's changes in Salesforce: one-line adapters over `crate::checks::step7_changes`. Every change is
//! planned first by its own command, then applied (audited) and undoable. (The checks themselves go through
//! `check_step`, the readiness table through `readiness`.)

use super::CommandError;
use crate::checks::salesforce::{AppliedChange, ChangeReport, PermissionSetPlan, RemoteSitePlan};
use crate::checks::{step7_changes as changes, ConnectedSystems};
use crate::session::Session;
use tauri::State;

type Result<T> = std::result::Result<T, CommandError>;

#[tauri::command]
pub async fn plan_salesforce_remote_sites(session: State<'_, Session>) -> Result<RemoteSitePlan> {
    Ok(changes::plan_remote_sites(&ConnectedSystems::new(session.connections(&session.active())?)).await?)
}

#[tauri::command]
pub async fn create_salesforce_remote_sites(session: State<'_, Session>) -> Result<ChangeReport> {
    Ok(changes::create_remote_sites(&ConnectedSystems::new(session.connections(&session.active())?)).await?)
}

/// Undo of a created remote site: deactivates it.
#[tauri::command]
pub async fn remove_salesforce_remote_site(session: State<'_, Session>, salesforce_id: String) -> Result<AppliedChange> {
    Ok(changes::deactivate_remote_site(&ConnectedSystems::new(session.connections(&session.active())?), &salesforce_id).await?)
}

#[tauri::command]
pub async fn plan_salesforce_permission_set(session: State<'_, Session>) -> Result<PermissionSetPlan> {
    Ok(changes::plan_permission_set(&ConnectedSystems::new(session.connections(&session.active())?)).await?)
}

/// Assigns "Marketo App Access" to `emails` (all invited people when `None`).
#[tauri::command]
pub async fn assign_salesforce_permission_set(session: State<'_, Session>, emails: Option<Vec<String>>) -> Result<ChangeReport> {
    Ok(changes::assign_permission_set(&ConnectedSystems::new(session.connections(&session.active())?), emails).await?)
}

#[tauri::command]
pub async fn unassign_salesforce_permission_set(session: State<'_, Session>, assignment_id: String) -> Result<AppliedChange> {
    Ok(changes::unassign_permission_set(&ConnectedSystems::new(session.connections(&session.active())?), &assignment_id).await?)
}
