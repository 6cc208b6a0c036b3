//! Verifying steps (issue 6): what the app reads from Salesforce, Marketo and the Sales account, said as
//! findings — a snake_case code, a level and the values the texts quote — that the window translates
//! (`finding.<code>` and, for a gap, `fix.<code>`, in en and es). Each check of a step is recorded with who
//! ran it and when, replacing the previous one, with an event in the audit trail. Plain Rust.

pub mod readiness;
pub mod salesforce;

pub mod marketo;
pub mod marketo_steps;
pub mod overlap;
pub mod readiness_sources;
pub mod settle;
pub mod step;
pub mod step7_changes;

mod error;
mod systems;

pub use error::CheckError;
pub use systems::{ConnectedSystems, MARKETO_IN_FLIGHT};

use crate::setup::StepId;
use crate::store::{checks as rows, Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// How a finding reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FindingLevel {
    /// As it should be.
    Ok,
    /// Something the admin must do (the text says what).
    Gap,
    /// Worth knowing; nothing to do.
    Info,
    /// The check itself could not read something (permission, network…).
    Error,
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Finding {
    /// snake_case; the window's texts are `finding.<code>` and `fix.<code>`.
    pub code: String,
    pub level: FindingLevel,
    /// Values the texts quote: `{version}`, `{count}`, `{email}`…
    pub params: BTreeMap<String, String>,
}

impl Finding {
    pub fn new(code: &str, level: FindingLevel) -> Self {
        Self { code: code.to_owned(), level, params: BTreeMap::new() }
    }

    pub fn ok(code: &str) -> Self {
        Self::new(code, FindingLevel::Ok)
    }

    pub fn gap(code: &str) -> Self {
        Self::new(code, FindingLevel::Gap)
    }

    pub fn info(code: &str) -> Self {
        Self::new(code, FindingLevel::Info)
    }

    pub fn error(code: &str) -> Self {
        Self::new(code, FindingLevel::Error)
    }

    /// Adds a value the texts quote.
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }
}

/// The verdict of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CheckOutcome {
    /// Every finding is ok or info.
    Ok,
    /// At least one gap for the admin to close.
    Gaps,
    /// Something could not be read.
    Failed,
}

impl CheckOutcome {
    pub fn of(findings: &[Finding]) -> Self {
        if findings.iter().any(|f| f.level == FindingLevel::Error) {
            Self::Failed
        } else if findings.iter().any(|f| f.level == FindingLevel::Gap) {
            Self::Gaps
        } else {
            Self::Ok
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Gaps => "gaps",
            Self::Failed => "failed",
        }
    }

    fn parse(value: &str) -> Self {
        match value {
            "ok" => Self::Ok,
            "gaps" => Self::Gaps,
            _ => Self::Failed,
        }
    }
}

/// The last check of a step, as the step pane shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CheckRun {
    pub step_id: StepId,
    pub outcome: CheckOutcome,
    pub findings: Vec<Finding>,
    pub checked_at: String,
    pub actor: String,
}

impl CheckRun {
    /// Whether the check covered the whole step: all as it should be and nothing left for the admin to
    /// confirm by hand (a `*_confirm` finding is a guided confirmation no API can read).
    pub fn settles_step(&self) -> bool {
        self.outcome == CheckOutcome::Ok && !self.findings.iter().any(|f| f.code.ends_with("_confirm"))
    }
}

/// Records what a check of `step_id` found (replacing the previous check) with its audit event.
pub fn record(store: &Store, environment_id: &str, step_id: StepId, findings: Vec<Finding>, actor: &str) -> Result<CheckRun, StoreError> {
    let outcome = CheckOutcome::of(&findings);
    let json = serde_json::to_string(&findings).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let checked_at = store.write(|tx| rows::record(tx, environment_id, step_id.as_str(), outcome.as_str(), &json, actor))?;
    Ok(CheckRun { step_id, outcome, findings, checked_at, actor: actor.to_owned() })
}

/// The last check of every step of an environment, by step id (a row of a step this version does not know
/// is left out).
pub fn latest(store: &Store, environment_id: &str) -> Result<BTreeMap<StepId, CheckRun>, StoreError> {
    let stored = store.read(|conn| rows::all(conn, environment_id))?;
    Ok(stored
        .into_iter()
        .filter_map(|row| {
            let step_id = row.step_id.parse::<StepId>().ok()?;
            let findings = serde_json::from_str(&row.findings).unwrap_or_default();
            let run = CheckRun { step_id, outcome: CheckOutcome::parse(&row.outcome), findings, checked_at: row.checked_at, actor: row.actor };
            Some((step_id, run))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcome_is_the_worst_finding() {
        assert_eq!(CheckOutcome::of(&[Finding::ok("a"), Finding::info("b")]), CheckOutcome::Ok);
        assert_eq!(CheckOutcome::of(&[Finding::ok("a"), Finding::gap("b")]), CheckOutcome::Gaps);
        assert_eq!(CheckOutcome::of(&[Finding::gap("a"), Finding::error("b")]), CheckOutcome::Failed);
        assert_eq!(Finding::gap("package_old").with("version", "1.7900").params["version"], "1.7900");
        let run = |findings: Vec<Finding>| CheckRun { step_id: StepId::Step6, outcome: CheckOutcome::of(&findings), findings, checked_at: "t".into(), actor: "a".into() };
        assert!(run(vec![Finding::ok("package_current")]).settles_step());
        assert!(!run(vec![Finding::ok("remote_site_present"), Finding::info("enable_msi_actions_confirm")]).settles_step());
        assert!(!run(vec![Finding::gap("package_old")]).settles_step());
    }

    #[test]
    fn a_check_replaces_the_last_one_and_is_audited() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("app.db")).unwrap();
        record(&store, "sandbox", StepId::Step6, vec![Finding::gap("package_missing")], "ana").unwrap();
        let run = record(&store, "sandbox", StepId::Step6, vec![Finding::ok("package_current").with("version", "1.8100")], "luis").unwrap();
        assert_eq!(run.outcome, CheckOutcome::Ok);
        let latest = latest(&store, "sandbox").unwrap();
        assert_eq!(latest.len(), 1);
        assert_eq!((latest[&StepId::Step6].actor.as_str(), latest[&StepId::Step6].findings[0].code.as_str()), ("luis", "package_current"));
        let trail = store.read(|c| crate::store::events::for_entity(c, crate::store::events::EventEntity::Step, "6")).unwrap();
        assert_eq!(trail.len(), 2);
    }
}
