//! Step 7's changes in Salesforce through the environment's connected systems: the same "not connected"
//! answer as the checks when Salesforce was never signed in (never a stale-session error), and the invited
//! people read from this environment's record. Every change is planned first, then applied (audited) and
//! undoable (`salesforce::changes`).

use super::salesforce::{self as sf, AppliedChange, ChangeReport, PermissionSetPlan, RemoteSitePlan};
use super::{CheckError, ConnectedSystems};

fn invited(systems: &ConnectedSystems<'_>) -> Result<Vec<String>, CheckError> {
    Ok(sf::invited_emails(systems.store(), systems.environment_id())?)
}

pub async fn plan_remote_sites(systems: &ConnectedSystems<'_>) -> Result<RemoteSitePlan, CheckError> {
    Ok(sf::plan_remote_sites(systems.salesforce().await?).await?)
}

pub async fn create_remote_sites(systems: &ConnectedSystems<'_>) -> Result<ChangeReport, CheckError> {
    let client = systems.salesforce().await?;
    Ok(sf::create_remote_sites(systems.store(), systems.environment_id(), systems.actor(), client).await?)
}

/// Undo of a created remote site: deactivates it (Salesforce documents no delete of a `RemoteProxy`).
pub async fn deactivate_remote_site(systems: &ConnectedSystems<'_>, salesforce_id: &str) -> Result<AppliedChange, CheckError> {
    let client = systems.salesforce().await?;
    Ok(sf::deactivate_remote_site(systems.store(), systems.environment_id(), systems.actor(), client, salesforce_id).await?)
}

/// What assigning "Marketo App Access" to the invited people would do.
pub async fn plan_permission_set(systems: &ConnectedSystems<'_>) -> Result<PermissionSetPlan, CheckError> {
    let client = systems.salesforce().await?;
    Ok(sf::plan_permission_set(client, &invited(systems)?).await?)
}

/// Assigns it to `emails` (all invited people when `None`).
pub async fn assign_permission_set(systems: &ConnectedSystems<'_>, emails: Option<Vec<String>>) -> Result<ChangeReport, CheckError> {
    let client = systems.salesforce().await?;
    let emails = match emails {
        Some(emails) => emails,
        None => invited(systems)?,
    };
    Ok(sf::assign_permission_set(systems.store(), systems.environment_id(), systems.actor(), client, &emails).await?)
}

pub async fn unassign_permission_set(systems: &ConnectedSystems<'_>, assignment_id: &str) -> Result<AppliedChange, CheckError> {
    let client = systems.salesforce().await?;
    Ok(sf::unassign_permission_set(systems.store(), systems.environment_id(), systems.actor(), client, assignment_id).await?)
}
