//! Step 7's changes in Salesforce: thin adapters over `crate::checks::salesforce`. Every change is planned
//! first by its own command, then applied (audited) and undoable. (The checks themselves go through
//! `check_step`, the readiness table through `readiness`.)

use super::CommandError;
use crate::checks::salesforce::{
    self as sf, AppliedChange, ChangeReport, PermissionSetPlan, RemoteSitePlan,
};
use crate::connections::salesforce::client;
use crate::services::salesforce::SalesforceClient;
use crate::environment::ActiveEnvironment;
use crate::session::Session;
use tauri::State;

type Result<T> = std::result::Result<T, CommandError>;

async fn signed_in(session: &Session, env: &ActiveEnvironment) -> Result<SalesforceClient> {
    Ok(client(&session.connections(env)?).await?)
}

fn invited(session: &Session, env: &ActiveEnvironment) -> Result<Vec<String>> {
    Ok(sf::invited_emails(&session.store, env.id())?)
}

#[tauri::command]
pub async fn plan_salesforce_remote_sites(session: State<'_, Session>) -> Result<RemoteSitePlan> {
    let env = session.active();
    sf::plan_remote_sites(&signed_in(&session, &env).await?).await.map_err(CommandError::from)
}

#[tauri::command]
pub async fn create_salesforce_remote_sites(session: State<'_, Session>) -> Result<ChangeReport> {
    let env = session.active();
    let client = signed_in(&session, &env).await?;
    Ok(sf::create_remote_sites(&session.store, env.id(), &session.actor, &client).await?)
}

/// Undo of a created remote site: deactivates it (Salesforce documents no delete of a `RemoteProxy`).
#[tauri::command]
pub async fn remove_salesforce_remote_site(session: State<'_, Session>, salesforce_id: String) -> Result<AppliedChange> {
    let env = session.active();
    let client = signed_in(&session, &env).await?;
    Ok(sf::deactivate_remote_site(&session.store, env.id(), &session.actor, &client, &salesforce_id).await?)
}

/// What assigning "Marketo App Access" to the invited people would do.
#[tauri::command]
pub async fn plan_salesforce_permission_set(session: State<'_, Session>) -> Result<PermissionSetPlan> {
    let env = session.active();
    let client = signed_in(&session, &env).await?;
    sf::plan_permission_set(&client, &invited(&session, &env)?).await.map_err(CommandError::from)
}

/// Assigns it to `emails` (all invited people when `None`).
#[tauri::command]
pub async fn assign_salesforce_permission_set(session: State<'_, Session>, emails: Option<Vec<String>>) -> Result<ChangeReport> {
    let env = session.active();
    let client = signed_in(&session, &env).await?;
    let emails = match emails {
        Some(emails) => emails,
        None => invited(&session, &env)?,
    };
    Ok(sf::assign_permission_set(&session.store, env.id(), &session.actor, &client, &emails).await?)
}

#[tauri::command]
pub async fn unassign_salesforce_permission_set(session: State<'_, Session>, assignment_id: String) -> Result<AppliedChange> {
    let env = session.active();
    let client = signed_in(&session, &env).await?;
    Ok(sf::unassign_permission_set(&session.store, env.id(), &session.actor, &client, &assignment_id).await?)
}
