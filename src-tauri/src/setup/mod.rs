//! The setup plan: prerequisites and steps with their persona, dependencies and status.
//!
//! Status changes are validated here (a skip or a block needs a reason) and written with an audit event
//! in one transaction. Dependencies are advisory: an admin may know a step was done elsewhere, so a
//! step whose dependencies are open says what it waits on instead of refusing.

pub mod catalog;
mod step_id;

pub use step_id::{StepId, UnknownStepId};

use crate::store::{events, steps as step_rows, Store, StoreError};
use catalog::{HowDone, Localized, Persona, StepKind, STEPS};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StepState {
    NotStarted,
    InProgress,
    Done,
    Blocked,
    Skipped,
}

impl StepState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Blocked => "blocked",
            Self::Skipped => "skipped",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::NotStarted, Self::InProgress, Self::Done, Self::Blocked, Self::Skipped]
            .into_iter()
            .find(|state| state.as_str() == value)
    }

    /// Done and skipped steps no longer hold up the steps that depend on them.
    pub fn is_settled(self) -> bool {
        matches!(self, Self::Done | Self::Skipped)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LocalizedText {
    pub en: String,
    pub es: String,
}

impl From<Localized> for LocalizedText {
    fn from(text: Localized) -> Self {
        Self { en: text.en.to_owned(), es: text.es.to_owned() }
    }
}

/// Who established that a done step is done, so the window words it without reading a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VerifiedBy {
    /// A check read every fact of the step (or the app did the step itself and saw it take).
    App,
    /// An admin marked it done in this app.
    Admin,
    /// An admin confirmed it was done in the Sales-account console (hand-off route).
    SalesConsole,
}

impl VerifiedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::App => "app",
            Self::Admin => "admin",
            Self::SalesConsole => "sales_console",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::App, Self::Admin, Self::SalesConsole].into_iter().find(|by| by.as_str() == value)
    }
}

/// A step's status with who changed it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StepStatus {
    pub state: StepState,
    /// What a person wrote (why it is skipped or blocked, how it was done); never a sentence of the app's.
    pub reason: Option<String>,
    pub actor: Option<String>,
    pub updated_at: Option<String>,
    /// Set on a done step only.
    pub verified_by: Option<VerifiedBy>,
}

impl StepStatus {
    fn not_started() -> Self {
        Self { state: StepState::NotStarted, reason: None, actor: None, updated_at: None, verified_by: None }
    }
}

/// Everything the wizard shows about one step.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StepView {
    pub id: StepId,
    pub kind: StepKind,
    pub persona: Persona,
    pub how: HowDone,
    pub depends_on: Vec<StepId>,
    /// Dependencies that are neither done nor skipped.
    pub waiting_on: Vec<StepId>,
    pub title: LocalizedText,
    pub what: LocalizedText,
    pub why: LocalizedText,
    pub console_path: LocalizedText,
    pub status: StepStatus,
    /// What the app found the last time it verified this step.
    pub last_check: Option<crate::checks::CheckRun>,
}

/// What the admin asks for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct StepChange {
    pub state: StepState,
    pub reason: Option<String>,
    /// For a done step: who established it (an admin when left out).
    #[serde(default)]
    #[ts(optional)]
    pub verified_by: Option<VerifiedBy>,
}

impl StepChange {
    /// A change with no claim of who verified it (an admin's, when it is `Done`).
    pub fn to(state: StepState, reason: Option<String>) -> Self {
        Self { state, reason, verified_by: None }
    }

    /// Done, because the app verified it.
    pub fn verified_by_app() -> Self {
        Self { state: StepState::Done, reason: None, verified_by: Some(VerifiedBy::App) }
    }

    /// What an admin may ask for (the window, the CLI): where they did it, never that the app verified it.
    pub fn from_admin(self) -> Self {
        let verified_by = match self.verified_by {
            Some(VerifiedBy::SalesConsole) => Some(VerifiedBy::SalesConsole),
            Some(VerifiedBy::App | VerifiedBy::Admin) | None => None,
        };
        Self { verified_by, ..self }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("a reason is needed to mark a step {}", .0.as_str())]
    ReasonRequired(StepState),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The plan of one environment with each step's current status.
pub fn plan(store: &Store, environment_id: &str) -> Result<Vec<StepView>, SetupError> {
    let rows = store.read(|conn| step_rows::all(conn, environment_id))?;
    let mut checks = crate::checks::latest(store, environment_id)?;
    let status_of = |id: StepId| {
        rows.iter()
            .find(|row| row.step_id == id.as_str())
            .map(|row| StepStatus {
                state: row.state,
                reason: row.reason.clone(),
                actor: Some(row.actor.clone()),
                updated_at: Some(row.updated_at.clone()),
                verified_by: row.verified_by,
            })
            .unwrap_or_else(StepStatus::not_started)
    };
    Ok(STEPS
        .iter()
        .map(|step| StepView {
            id: step.id,
            kind: step.kind,
            persona: step.persona,
            how: step.how,
            depends_on: step.depends_on.to_vec(),
            waiting_on: step.depends_on.iter().copied().filter(|dep| !status_of(*dep).state.is_settled()).collect(),
            title: step.title.into(),
            what: step.what.into(),
            why: step.why.into(),
            console_path: step.console_path.into(),
            status: status_of(step.id),
            last_check: checks.remove(&step.id),
        })
        .collect())
}

/// Says how each Sales-account step gets done on this route: by the app over HTTP, by the admin in the
/// console on the hand-off route.
pub fn on_route(mut plan: Vec<StepView>, route: crate::environment::SalesRouteKind) -> Vec<StepView> {
    for step in &mut plan {
        if catalog::find(step.id).in_sales_account {
            step.how = match route {
                crate::environment::SalesRouteKind::Http => HowDone::App,
                crate::environment::SalesRouteKind::Handoff => HowDone::Manual,
            };
        }
    }
    plan
}

/// Records a status change by `actor`, with its audit event, and returns the new plan.
pub fn change_status(
    store: &Store,
    environment_id: &str,
    step_id: StepId,
    change: &StepChange,
    actor: &str,
) -> Result<Vec<StepView>, SetupError> {
    let reason = change.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if matches!(change.state, StepState::Skipped | StepState::Blocked) && reason.is_none() {
        return Err(SetupError::ReasonRequired(change.state));
    }
    let verified_by = (change.state == StepState::Done).then(|| change.verified_by.unwrap_or(VerifiedBy::Admin));
    store.write(|tx| {
        let previous = step_rows::get(tx, environment_id, step_id)?.map(|row| row.state);
        let row = step_rows::NewStatus { state: change.state, reason, verified_by };
        step_rows::upsert(tx, environment_id, step_id, &row, actor)?;
        events::append(
            tx,
            &events::NewEvent {
                actor,
                environment_id: Some(environment_id),
                entity: events::EventEntity::Step,
                entity_id: step_id.as_str(),
                from_state: Some(previous.unwrap_or(StepState::NotStarted).as_str()),
                to_state: Some(change.state.as_str()),
                detail: match (reason, verified_by) {
                    (None, None) => None,
                    (reason, verified_by) => Some(serde_json::json!({ "reason": reason, "verified_by": verified_by })),
                },
            },
        )?;
        Ok(())
    })?;
    plan(store, environment_id)
}

/// Moves a step to in progress unless it already moved on (used when the app starts work on it).
pub fn note_started(store: &Store, environment_id: &str, step_id: StepId, actor: &str) -> Result<(), SetupError> {
    let current = store.read(|conn| step_rows::get(conn, environment_id, step_id))?;
    if current.is_none_or(|row| row.state == StepState::NotStarted) {
        change_status(store, environment_id, step_id, &StepChange::to(StepState::InProgress, None), actor)?;
    }
    Ok(())
}

