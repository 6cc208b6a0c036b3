//! The ids of the plan's steps. Their text forms ("p1", "p2", "1" … "7") are what the database rows, the
//! audit events, the CLI's JSON and the e2e test ids hold, so they never change; everything else uses the enum.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum StepId {
    #[serde(rename = "p1")]
    P1,
    #[serde(rename = "p2")]
    P2,
    #[serde(rename = "1")]
    Step1,
    #[serde(rename = "2")]
    Step2,
    #[serde(rename = "3")]
    Step3,
    #[serde(rename = "4")]
    Step4,
    #[serde(rename = "5")]
    Step5,
    #[serde(rename = "6")]
    Step6,
    #[serde(rename = "7")]
    Step7,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is no step {0}")]
pub struct UnknownStepId(pub String);

impl StepId {
    /// In display order.
    pub const ALL: [StepId; 9] = [
        Self::P1,
        Self::P2,
        Self::Step1,
        Self::Step2,
        Self::Step3,
        Self::Step4,
        Self::Step5,
        Self::Step6,
        Self::Step7,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::P1 => "p1",
            Self::P2 => "p2",
            Self::Step1 => "1",
            Self::Step2 => "2",
            Self::Step3 => "3",
            Self::Step4 => "4",
            Self::Step5 => "5",
            Self::Step6 => "6",
            Self::Step7 => "7",
        }
    }
}

impl FromStr for StepId {
    type Err = UnknownStepId;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|id| id.as_str() == value).ok_or_else(|| UnknownStepId(value.to_owned()))
    }
}

impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_keeps_the_text_the_database_and_the_cli_hold() {
        let texts: Vec<_> = StepId::ALL.iter().map(|id| id.as_str()).collect();
        assert_eq!(texts, ["p1", "p2", "1", "2", "3", "4", "5", "6", "7"]);
    }

    #[test]
    fn every_id_round_trips_through_text_and_json() {
        for id in StepId::ALL {
            assert_eq!(id.as_str().parse::<StepId>(), Ok(id));
            let json = serde_json::to_string(&id).expect("a step id serializes");
            assert_eq!(json, format!("\"{}\"", id.as_str()));
            assert_eq!(serde_json::from_str::<StepId>(&json).expect("its own JSON parses"), id);
            assert_eq!(id.to_string(), id.as_str());
        }
    }

    #[test]
    fn an_unknown_id_is_refused() {
        for text in ["", "0", "8", "P1", "step1", " 1", "p3"] {
            assert_eq!(text.parse::<StepId>(), Err(UnknownStepId(text.to_owned())), "{text:?}");
            assert!(serde_json::from_str::<StepId>(&format!("\"{text}\"")).is_err(), "{text:?}");
        }
        assert!(serde_json::from_str::<StepId>("1").is_err(), "a number is not a step id");
    }

    #[test]
    fn the_database_and_the_audit_trail_keep_the_text_ids() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = crate::store::Store::open(&dir.path().join("app.db")).expect("store");
        let change: crate::setup::StepChange = serde_json::from_value(serde_json::json!({ "state": "in_progress" })).expect("change");
        for id in StepId::ALL {
            crate::setup::change_status(&store, "sandbox", id, &change, "ana").expect("status changed");
        }
        let mut stored: Vec<String> = store
            .read(|conn| {
                let mut stmt = conn.prepare("SELECT step_id FROM setup_steps WHERE environment_id = 'sandbox'")?;
                let ids = stmt.query_map([], |row| row.get(0))?.collect::<Result<Vec<String>, _>>()?;
                Ok(ids)
            })
            .expect("rows");
        stored.sort();
        assert_eq!(stored, ["1", "2", "3", "4", "5", "6", "7", "p1", "p2"]);
        let trail = store.read(|c| crate::store::events::for_entity(c, crate::store::events::EventEntity::Step, "p2")).expect("trail");
        assert_eq!(trail.len(), 1, "the audit event names the step as before");
    }
}
