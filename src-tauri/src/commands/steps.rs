//! Step checks, per-person readiness and the hand-off between admins (issue 6): thin adapters over
//! `checks`, `handoff` and the services.

use super::dialogs::save_path;
use super::imports::SavedFile;
use super::{CommandError, Result};
use crate::error_code::ErrorCode;
use crate::checks::readiness::{self, PersonReadiness};
use crate::checks::{readiness_sources, step, ConnectedSystems};
use crate::connections::connections_view;
use crate::handoff::{self, HandoffFormat, HandoffInput};
use crate::environment::EnvironmentKind;
use crate::session::Session;
use crate::setup::{self, catalog::Persona};
use tauri::{AppHandle, State};

fn write_error(path: &std::path::Path, error: std::io::Error) -> CommandError {
    CommandError::new(ErrorCode::CannotWrite, format!("cannot write {}: {error}", path.display())).with("path", path.display())
}

/// Checks a step now against Salesforce / Marketo / the Sales account and records what was found; returns
/// the plan with the step's new last check.
#[tauri::command]
pub async fn check_step(session: State<'_, Session>, step_id: setup::StepId) -> Result<Vec<setup::StepView>> {
    let env = session.active();
    Ok(step::check_and_record(step_id, &ConnectedSystems::new(session.connections(&env)?)).await?)
}

/// Sandbox only: plays the Salesforce admin installing the current MSI package from AppExchange (the
/// sandbox org starts at an old version), so the whole setup can be rehearsed; then checks step 6 again.
#[tauri::command]
pub async fn sandbox_install_package(session: State<'_, Session>) -> Result<Vec<setup::StepView>> {
    let env = session.active();
    Ok(step::sandbox_install_package(&ConnectedSystems::new(session.connections(&env)?)).await?)
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
    // Without the keyring no system can be read; the table still lists everyone, "not checked".
    let systems = session.connections(&env).ok().map(ConnectedSystems::new);
    Ok(readiness_sources::people(&session.store, env.id(), systems.as_ref()).await?)
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
