//! The work of steps 1 and 4 beyond `check`: step 1's Marketo admins and their invitation to the Sales
//! account, step 4's count of the people in both systems and its sync. Each result is recorded as the
//! step's check; step 4's two parts, read at different times, keep each other's findings.

use super::marketo::{self, AdminInviteOutcome, MarketoAdmin, SyncReport};
use super::overlap::{self, OverlapProgress, OverlapReport};
use super::{record, salesforce as sf, CheckError, CheckRun, ConnectedSystems, Finding};
use crate::invites::engine::RunControl;
use crate::setup::StepId;

fn record_step(systems: &ConnectedSystems<'_>, step: StepId, findings: Vec<Finding>) -> Result<CheckRun, CheckError> {
    Ok(record(systems.store(), systems.environment_id(), step, findings, systems.actor())?)
}

/// Step 4's findings now: `fresh` plus the last check's findings of the other part (`keep_prefix`).
fn record_step4(systems: &ConnectedSystems<'_>, fresh: Vec<Finding>, keep_prefix: &str) -> Result<CheckRun, CheckError> {
    let findings = marketo::keep_previous(systems.store(), systems.environment_id(), StepId::Step4, fresh, keep_prefix);
    record_step(systems, StepId::Step4, findings)
}

/// Step 1: the Marketo users with an admin role, to pick from.
pub async fn admins(systems: &ConnectedSystems<'_>) -> Result<Vec<MarketoAdmin>, CheckError> {
    Ok(marketo::marketo_admins(systems.marketo().await?).await?)
}

/// Step 1 on the HTTP route: invites the chosen admins; recorded as step 1's check.
pub async fn invite_admins(systems: &ConnectedSystems<'_>, emails: &[String]) -> Result<CheckRun, CheckError> {
    let AdminInviteOutcome { findings, .. } = marketo::invite_admins(systems.sales(), emails).await?;
    record_step(systems, StepId::Step1, findings)
}

/// Step 4: counts the people in both systems (Salesforce leads and contacts with an owner and an email,
/// looked up in Marketo), reporting progress; recorded, keeping the last sync findings.
pub async fn count_overlap(
    systems: &ConnectedSystems<'_>,
    control: RunControl,
    progress: impl FnMut(&OverlapProgress),
) -> Result<OverlapReport, CheckError> {
    let marketo_client = systems.marketo().await?;
    let emails = sf::people_with_owner(systems.salesforce().await?).await?;
    let report = overlap::count(marketo_client, &emails, control, progress).await?;
    record_step4(systems, overlap::findings(&report), "sync_")?;
    Ok(report)
}

/// Step 4 on the HTTP route: starts the sync (or follows the running one); recorded, keeping the count.
pub async fn start_sync(systems: &ConnectedSystems<'_>) -> Result<SyncReport, CheckError> {
    let report = marketo::start_sync(systems.sales()).await?;
    record_step4(systems, report.findings.clone(), "overlap_")?;
    Ok(report)
}

/// Step 4: one look at the sync's progress; recorded once it has finished.
pub async fn sync_progress(systems: &ConnectedSystems<'_>, job_id: &str) -> Result<SyncReport, CheckError> {
    let report = marketo::sync_progress(systems.sales(), job_id).await?;
    if report.job.status.is_finished() {
        record_step4(systems, report.findings.clone(), "overlap_")?;
    }
    Ok(report)
}
