//! The setup plan: prerequisites and steps with their persona, dependencies and status.
//!
//! Status changes are validated here (a skip or a block needs a reason) and written with an audit event
//! in one transaction. Dependencies are advisory: an admin may know a step was done elsewhere, so a
//! step whose dependencies are open says what it waits on instead of refusing.

pub mod catalog;

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

/// A step's status with who changed it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StepStatus {
    pub state: StepState,
    pub reason: Option<String>,
    pub actor: Option<String>,
    pub updated_at: Option<String>,
}

impl StepStatus {
    fn not_started() -> Self {
        Self { state: StepState::NotStarted, reason: None, actor: None, updated_at: None }
    }
}

/// Everything the wizard shows about one step.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StepView {
    pub id: String,
    pub kind: StepKind,
    pub persona: Persona,
    pub how: HowDone,
    pub depends_on: Vec<String>,
    /// Dependencies that are neither done nor skipped.
    pub waiting_on: Vec<String>,
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
}

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("there is no step {0}")]
    UnknownStep(String),
    #[error("a reason is needed to mark a step {}", .0.as_str())]
    ReasonRequired(StepState),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The plan of one environment with each step's current status.
pub fn plan(store: &Store, environment_id: &str) -> Result<Vec<StepView>, SetupError> {
    let rows = store.read(|conn| step_rows::all(conn, environment_id))?;
    let mut checks = crate::checks::latest(store, environment_id)?;
    let status_of = |id: &str| {
        rows.iter()
            .find(|row| row.step_id == id)
            .map(|row| StepStatus {
                state: row.state,
                reason: row.reason.clone(),
                actor: Some(row.actor.clone()),
                updated_at: Some(row.updated_at.clone()),
            })
            .unwrap_or_else(StepStatus::not_started)
    };
    Ok(STEPS
        .iter()
        .map(|step| StepView {
            id: step.id.to_owned(),
            kind: step.kind,
            persona: step.persona,
            how: step.how,
            depends_on: step.depends_on.iter().map(|d| (*d).to_owned()).collect(),
            waiting_on: step
                .depends_on
                .iter()
                .filter(|dep| !status_of(dep).state.is_settled())
                .map(|d| (*d).to_owned())
                .collect(),
            title: step.title.into(),
            what: step.what.into(),
            why: step.why.into(),
            console_path: step.console_path.into(),
            status: status_of(step.id),
            last_check: checks.remove(step.id),
        })
        .collect())
}

/// Says how each Sales-account step gets done on this route: by the app over HTTP, by the admin in the
/// console on the hand-off route.
pub fn on_route(mut plan: Vec<StepView>, route: crate::session::SalesRouteKind) -> Vec<StepView> {
    for step in &mut plan {
        if catalog::find(&step.id).is_some_and(|definition| definition.in_sales_account) {
            step.how = match route {
                crate::session::SalesRouteKind::Http => HowDone::App,
                crate::session::SalesRouteKind::Handoff => HowDone::Manual,
            };
        }
    }
    plan
}

/// Records a status change by `actor`, with its audit event, and returns the new plan.
pub fn change_status(
    store: &Store,
    environment_id: &str,
    step_id: &str,
    change: &StepChange,
    actor: &str,
) -> Result<Vec<StepView>, SetupError> {
    if catalog::find(step_id).is_none() {
        return Err(SetupError::UnknownStep(step_id.to_owned()));
    }
    let reason = change.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if matches!(change.state, StepState::Skipped | StepState::Blocked) && reason.is_none() {
        return Err(SetupError::ReasonRequired(change.state));
    }
    store.write(|tx| {
        let previous = step_rows::get(tx, environment_id, step_id)?.map(|row| row.state);
        step_rows::upsert(tx, environment_id, step_id, change.state, reason, actor)?;
        events::append(
            tx,
            &events::NewEvent {
                actor,
                environment_id: Some(environment_id),
                entity: events::EventEntity::Step,
                entity_id: step_id,
                from_state: Some(previous.unwrap_or(StepState::NotStarted).as_str()),
                to_state: Some(change.state.as_str()),
                detail: reason.map(|r| serde_json::json!({ "reason": r })),
            },
        )?;
        Ok(())
    })?;
    plan(store, environment_id)
}

/// Moves a step to in progress unless it already moved on (used when the app starts work on it).
pub fn note_started(store: &Store, environment_id: &str, step_id: &str, actor: &str) -> Result<(), SetupError> {
    let current = store.read(|conn| step_rows::get(conn, environment_id, step_id))?;
    if current.is_none_or(|row| row.state == StepState::NotStarted) {
        change_status(store, environment_id, step_id, &StepChange { state: StepState::InProgress, reason: None }, actor)?;
    }
    Ok(())
}

