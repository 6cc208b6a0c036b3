//! Step checks, per-person readiness and the hand-off between admins (issue 6): thin adapters over
//! `checks`, `handoff` and the services.

use super::dialogs::save_path;
use super::imports::SavedFile;
use super::{CommandError, Result};
use crate::checks::readiness::{self, PersonReadiness};
use crate::connections::connections_view;
use crate::handoff::{self, HandoffFormat, HandoffInput};
use crate::session::{EnvironmentKind, Session};
use crate::setup::{self, catalog::Persona};
use crate::store::invitations;
use tauri::{AppHandle, State};

/// The package version the sandbox "installs" (current, with the permission set).
const SANDBOX_CURRENT_PACKAGE: &str = "1.8100";
fn write_error(path: &std::path::Path, error: std::io::Error) -> CommandError {
    CommandError { code: "cannot_write".into(), message: format!("cannot write {}: {error}", path.display()), detail: Some(path.display().to_string()) }
}

/// Checks a step now against Salesforce / Marketo / the Sales account and records what was found; returns
/// the plan with the step's new last check.
#[tauri::command]
pub async fn check_step(session: State<'_, Session>, step_id: String) -> Result<Vec<setup::StepView>> {
    let env = session.active();
    let findings = super::steps_systems::check(&session, &env, &step_id).await?;
    settle(&session, &env, &step_id, findings)
}

/// Records a check; a check that covers the whole step marks it done ("verified by the app"), never a step
/// whose key fact is the admin's confirmation (`checks::settle`).
fn settle(session: &Session, env: &crate::session::ActiveEnvironment, step_id: &str, findings: Vec<crate::checks::Finding>) -> Result<Vec<setup::StepView>> {
    let plan = crate::checks::settle::settle(&session.store, env.id(), step_id, findings, &session.actor)?;
    Ok(setup::on_route(plan, env.view.sales_route))
}

/// Sandbox only: plays the Salesforce admin installing the current MSI package from AppExchange (the
/// sandbox org starts at an old version), so the whole setup can be rehearsed; then checks step 6 again.
#[tauri::command]
pub async fn sandbox_install_package(session: State<'_, Session>) -> Result<Vec<setup::StepView>> {
    let env = session.active();
    if env.view.kind != EnvironmentKind::Sandbox {
        return Err(CommandError { code: "sandbox_only".into(), message: "only the sandbox org can be changed by the app".into(), detail: None });
    }
    let url = format!("{}/_sandbox/salesforce", session.sandbox_url().trim_end_matches('/'));
    let body = serde_json::json!({ "package": { "installed": true, "version": SANDBOX_CURRENT_PACKAGE } });
    let answer = session.http.post(&url).json(&body).send().await.and_then(|r| r.error_for_status());
    if let Err(error) = answer {
        return Err(CommandError { code: "sandbox_unreachable".into(), message: format!("the sandbox did not answer: {error}"), detail: None });
    }
    let findings = super::steps_systems::check(&session, &env, "6").await?;
    settle(&session, &env, "6", findings)
}

/// Writes the steps of `persona` as Markdown or printable HTML, in `language` (default: the window's), where the
/// admin chooses; `None` = cancelled.
#[tauri::command]
pub async fn export_handoff(
    app: AppHandle,
    session: State<'_, Session>,
    persona: Persona,
    format: HandoffFormat,
    language: Option<crate::i18n::Language>,
) -> Result<Option<SavedFile>> {
    let env = session.active();
    // The other admin may read the other language: the window's language unless they chose one.
    let language = language.unwrap_or_else(|| session.language());
    let plan = setup::on_route(setup::plan(&session.store, env.id())?, env.view.sales_route);
    let connections = connections_view(&session.store, &env.view)?;
    let mut values = handoff::values_from(&connections, language);
    let actions_config = crate::connections::actions_config::view(&session.connections(&env)?).await.ok();
    let sync_user = crate::checks::salesforce::saved_sync_user(&session.store, env.id())?;
    values.extend(handoff::setup_values(actions_config.as_ref(), sync_user.as_deref(), language));
    let environment = match env.view.kind {
        EnvironmentKind::Sandbox => "Sandbox",
        EnvironmentKind::Real => "Real",
    };
    let generated_at = crate::store::now_rfc3339();
    let input = HandoffInput { plan: &plan, persona, language, environment, values: &values, generated_at: &generated_at, actor: &session.actor };
    let text = handoff::render(&input, format);
    let who = match persona {
        Persona::SalesforceAdmin => "salesforce-admin",
        Persona::MarketoAdmin => "marketo-admin",
        Persona::MarketoOrSalesforceAdmin => "admins",
    };
    let Some(dest) = save_path(&app, format!("msi-actions-steps-{who}.{}", format.extension())).await else {
        return Ok(None);
    };
    std::fs::write(&dest, text.as_bytes()).map_err(|e| write_error(&dest, e))?;
    let steps = plan.iter().filter(|s| s.persona == persona || s.persona == Persona::MarketoOrSalesforceAdmin).count() as u64;
    Ok(Some(SavedFile { path: dest.to_string_lossy().into_owned(), rows: steps }))
}

/// Every invited person of the active environment across the systems the app can read.
async fn people(session: &Session) -> Result<Vec<PersonReadiness>> {
    let env = session.active();
    let record = session.store.read(|conn| invitations::list(conn, env.id()))?;
    let (salesforce, marketo) = super::steps_systems::readiness_sources(session, &env, &record).await;
    Ok(readiness::assemble(&record, salesforce.as_ref(), marketo.as_ref()))
}

#[tauri::command]
pub async fn readiness(session: State<'_, Session>) -> Result<Vec<PersonReadiness>> {
    people(&session).await
}

/// Writes the readiness table as CSV where the admin chooses; `None` = cancelled.
#[tauri::command]
pub async fn export_readiness(app: AppHandle, session: State<'_, Session>) -> Result<Option<SavedFile>> {
    let people = people(&session).await?;
    let Some(dest) = save_path(&app, "msi-actions-readiness.csv".to_owned()).await else {
        return Ok(None);
    };
    let rows = readiness::write_csv(&people, &dest, session.language()).map_err(|e| write_error(&dest, e))?;
    Ok(Some(SavedFile { path: dest.to_string_lossy().into_owned(), rows }))
}
