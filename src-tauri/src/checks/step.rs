//! Checking one step against the connected systems: which reads each step needs, then the record and
//! the settling (`settle`). A step that needs a system not connected fails with `*_not_connected`, never
//! with a gap: the step itself may be fine, the app just cannot see it.

use super::marketo::{self, LeadSample};
use super::salesforce as sf;
use super::{settle, CheckError, ConnectedSystems, Finding};
use crate::environment::EnvironmentKind;
use crate::sandbox::marketo::SANDBOX_FIRST_LEAD_ID;
use crate::setup::{self, StepId, StepView};

/// The steps `check` can read; the others are done in a console and confirmed by hand (step 4 is read by
/// its own count and sync, `marketo_steps`).
pub const CHECKABLE: [StepId; 5] = [StepId::P1, StepId::P2, StepId::Step1, StepId::Step6, StepId::Step7];

/// What a check of `step` finds now.
pub async fn check(step: StepId, systems: &ConnectedSystems<'_>) -> Result<Vec<Finding>, CheckError> {
    match step {
        StepId::P1 => Ok(marketo::check_p1(Some(systems.marketo().await?), systems.sales()).await),
        StepId::P2 => check_p2(systems).await,
        StepId::Step1 => Ok(marketo::check_step1(systems.marketo().await?, systems.sales()).await),
        StepId::Step6 => Ok(sf::check_package(systems.salesforce().await?).await),
        StepId::Step7 => {
            let invited = sf::invited_emails(systems.store(), systems.environment_id())?;
            Ok(sf::check_configuration(systems.salesforce().await?, &invited).await)
        }
        StepId::Step2 | StepId::Step3 | StepId::Step4 | StepId::Step5 => Err(CheckError::NotCheckable(step)),
    }
}

/// The sync needs both halves: the Salesforce user it runs as — the one the admin named, not the one
/// signed into this app — and leads in Marketo that carry Salesforce ids, looked up among Salesforce's own
/// people when it can list them, else the first leads of the instance.
async fn check_p2(systems: &ConnectedSystems<'_>) -> Result<Vec<Finding>, CheckError> {
    let salesforce = systems.salesforce().await?;
    let marketo_client = systems.marketo().await?;
    let sync_user = sf::saved_sync_user(systems.store(), systems.environment_id())?;
    let mut findings = sf::check_sync_user(salesforce, sync_user.as_deref()).await;
    let sample = match sf::people_with_owner(salesforce).await {
        Ok(mut emails) if !emails.is_empty() => {
            emails.truncate(marketo::P2_SAMPLE);
            LeadSample::Emails(emails)
        }
        _ => {
            let from = if systems.environment_kind() == EnvironmentKind::Sandbox { SANDBOX_FIRST_LEAD_ID } else { 1 };
            LeadSample::Ids { from, count: marketo::P2_SAMPLE }
        }
    };
    findings.extend(marketo::check_p2_marketo(marketo_client, &sample).await);
    Ok(findings)
}

/// Checks `step`, records what was found and, when the check covers the whole step, marks it done
/// (`settle`: never a step whose key fact is the admin's confirmation). Returns the plan as this
/// environment's route shows it.
pub async fn check_and_record(step: StepId, systems: &ConnectedSystems<'_>) -> Result<Vec<StepView>, CheckError> {
    let findings = check(step, systems).await?;
    let plan = settle::settle(systems.store(), systems.environment_id(), step, findings, systems.actor())?;
    Ok(setup::on_route(plan, systems.context().env.view.sales_route))
}

/// The package version the sandbox "installs" (current, with the permission set).
pub const SANDBOX_CURRENT_PACKAGE: &str = "1.8100";

/// Sandbox only: plays the Salesforce admin installing the current MSI package from AppExchange (the
/// sandbox org starts at an old version), so the whole setup can be rehearsed; then checks step 6 again.
pub async fn sandbox_install_package(systems: &ConnectedSystems<'_>) -> Result<Vec<StepView>, CheckError> {
    if systems.environment_kind() != EnvironmentKind::Sandbox {
        return Err(CheckError::SandboxOnly);
    }
    let ctx = systems.context();
    let url = format!("{}/_sandbox/salesforce", ctx.sandbox_url.trim_end_matches('/'));
    let body = serde_json::json!({ "package": { "installed": true, "version": SANDBOX_CURRENT_PACKAGE } });
    ctx.http
        .post(&url)
        .json(&body)
        .send()
        .await
        .and_then(|answer| answer.error_for_status())
        .map_err(|error| CheckError::SandboxUnreachable(error.to_string()))?;
    check_and_record(StepId::Step6, systems).await
}
