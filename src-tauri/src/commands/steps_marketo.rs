//! Step commands on the Marketo and Sales-account side (P1, P2's Marketo half and its named sync user,
//! steps 1, 3's Actions Config credentials and 4): thin adapters over `crate::checks::marketo`,
//! `crate::checks::overlap` and `crate::connections::actions_config`. Checks are recorded per step with
//! who ran them; long work reports progress through a channel and is paused/cancelled with the same
//! commands as a sending run (`pause_sending`, `cancel_sending`).

use super::CommandError;
use crate::checks::marketo::{self as steps, AdminInviteOutcome, LeadSample, MarketoAdmin, StepError, SyncReport};
use crate::checks::overlap::{self, OverlapProgress, OverlapReport};
use crate::checks::{self, CheckRun, Finding};
use crate::connections::actions_config::{self, ActionsConfigInput, ActionsConfigView};
use crate::connections::marketo::saved_client;
use crate::sandbox::marketo::SANDBOX_FIRST_LEAD_ID;
use crate::services::marketo::{MarketoClient, MarketoError};
use crate::services::sales_actions::SyncField;
use crate::session::{ActiveEnvironment, EnvironmentKind, Session};
use tauri::ipc::Channel;
use tauri::State;

type Result<T> = std::result::Result<T, CommandError>;

/// Calls in flight the step commands allow themselves: the app's share of the instance's 10.
const IN_FLIGHT: u32 = crate::services::marketo::APP_MAX_IN_FLIGHT;

impl From<MarketoError> for CommandError {
    fn from(error: MarketoError) -> Self {
        Self { code: error.code().to_owned(), message: error.to_string(), detail: Some(error.what_to_do().to_owned()) }
    }
}

impl From<StepError> for CommandError {
    fn from(error: StepError) -> Self {
        match error {
            StepError::Marketo(inner) => inner.into(),
            StepError::Sales(inner) => inner.into(),
            StepError::Handoff { console_path } => {
                Self { code: "handoff_route".into(), message: error.to_string(), detail: Some(console_path.to_owned()) }
            }
            StepError::AdminCount => Self { code: "admin_count".into(), message: error.to_string(), detail: None },
            // The detail is the step everyone else belongs to.
            StepError::FirstAdminsOnly { .. } => Self { code: "first_admins_only".into(), message: error.to_string(), detail: Some("5".into()) },
        }
    }
}

impl From<crate::checks::salesforce::SyncUserError> for CommandError {
    fn from(error: crate::checks::salesforce::SyncUserError) -> Self {
        use crate::checks::salesforce::SyncUserError as E;
        match error {
            E::InvalidUsername => Self { code: "invalid_sync_user".into(), message: error.to_string(), detail: None },
            E::Store(inner) => inner.into(),
        }
    }
}

fn not_connected() -> CommandError {
    CommandError { code: "marketo_not_connected".into(), message: "Marketo is not connected in this environment (step 3)".into(), detail: None }
}

async fn marketo(session: &Session, env: &ActiveEnvironment) -> Result<Option<MarketoClient>> {
    Ok(saved_client(&session.connections(env)?, IN_FLIGHT).await?)
}

async fn required_marketo(session: &Session, env: &ActiveEnvironment) -> Result<MarketoClient> {
    marketo(session, env).await?.ok_or_else(not_connected)
}

fn record(session: &Session, env: &ActiveEnvironment, step_id: &str, findings: Vec<Finding>) -> Result<CheckRun> {
    Ok(checks::record(&session.store, env.id(), step_id, findings, &session.actor)?)
}

/// Step 1: the Marketo users with an admin role, to pick from.
#[tauri::command]
pub async fn marketo_admins(session: State<'_, Session>) -> Result<Vec<MarketoAdmin>> {
    let env = session.active();
    Ok(steps::marketo_admins(&required_marketo(&session, &env).await?).await?)
}

/// Step 1 on the HTTP route: invites the chosen admins; recorded as step 1's check.
#[tauri::command]
pub async fn invite_marketo_admins(session: State<'_, Session>, emails: Vec<String>) -> Result<CheckRun> {
    let env = session.active();
    let AdminInviteOutcome { findings, .. } = steps::invite_admins(env.sales.as_ref(), &emails).await?;
    record(&session, &env, "1", findings)
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
    let client = required_marketo(&session, &env).await?;
    let salesforce = super::steps_systems::salesforce(&session.connections(&env)?).await?;
    let emails = crate::checks::salesforce::people_with_owner(&salesforce).await.map_err(crate::connections::ConnectionError::from)?;
    let report = overlap::count(&client, &emails, control, |progress| {
        // A closed window cannot take progress any more; the count goes on and is recorded.
        let _ = on_progress.send(progress.clone());
    })
    .await?;
    let findings = steps::keep_previous(&session.store, env.id(), "4", overlap::findings(&report), "sync_");
    record(&session, &env, "4", findings)?;
    Ok(report)
}

/// Step 4 on the HTTP route: starts the sync (or follows the running one); recorded.
#[tauri::command]
pub async fn start_sync(session: State<'_, Session>) -> Result<SyncReport> {
    let env = session.active();
    let report = steps::start_sync(env.sales.as_ref()).await?;
    let findings = steps::keep_previous(&session.store, env.id(), "4", report.findings.clone(), "overlap_");
    record(&session, &env, "4", findings)?;
    Ok(report)
}

/// Step 4: one look at the sync's progress; recorded once it has finished.
#[tauri::command]
pub async fn sync_progress(session: State<'_, Session>, job_id: String) -> Result<SyncReport> {
    let env = session.active();
    let report = steps::sync_progress(env.sales.as_ref(), &job_id).await?;
    if report.job.status.is_finished() {
        let findings = steps::keep_previous(&session.store, env.id(), "4", report.findings.clone(), "overlap_");
        record(&session, &env, "4", findings)?;
    }
    Ok(report)
}

/// For the generic `check_step`: the Marketo/Sales-account findings of `step_id` (`p1`, `p2`'s Marketo half,
/// `1`), `None` for a step this side does not check. Step 4 is checked by `count_overlap`/`start_sync`.
pub(super) async fn findings_for(session: &Session, env: &ActiveEnvironment, step_id: &str) -> Result<Option<Vec<Finding>>> {
    let client = marketo(session, env).await?;
    let findings = match (step_id, client.as_ref()) {
        ("p1", client) => steps::check_p1(client, env.sales.as_ref()).await,
        ("p2" | "1", None) => vec![Finding::gap("marketo_not_connected")],
        ("p2", Some(client)) => {
            let from = if env.view.kind == EnvironmentKind::Sandbox { SANDBOX_FIRST_LEAD_ID } else { 1 };
            steps::check_p2_marketo(client, &LeadSample::Ids { from, count: steps::P2_SAMPLE }).await
        }
        ("1", Some(client)) => steps::check_step1(client, env.sales.as_ref()).await,
        _ => return Ok(None),
    };
    Ok(Some(findings))
}

/// For the readiness table: which of `emails` Marketo holds (lower-cased); `None` when Marketo is not
/// connected or could not be read.
pub(super) async fn marketo_presence(session: &Session, env: &ActiveEnvironment, emails: &[String]) -> Option<std::collections::HashSet<String>> {
    let client = marketo(session, env).await.ok()??;
    let leads = client.leads_by_email(emails).await.ok()?;
    Some(leads.into_iter().filter_map(|l| l.email).map(|e| e.trim().to_lowercase()).collect())
}
