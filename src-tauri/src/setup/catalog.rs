//! The setup guide as data: two prerequisites and seven steps, in the order and with the personas of
//! Adobe's "MSI Actions admin guide". Texts live here (not in the UI) so that the window, the CLI and the
//! hand-off export all say the same thing.

use crate::texts::steps as text;
use super::StepId;
use serde::Serialize;
use ts_rs::TS;

/// Who does a step in the consoles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Persona {
    MarketoAdmin,
    SalesforceAdmin,
    /// Step 2 may be done by either admin.
    MarketoOrSalesforceAdmin,
}

/// How a step gets done: by the app through an API, by an admin in a console with the app verifying the result
/// through Salesforce / Marketo APIs, or by an admin in a console and confirmed here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HowDone {
    /// The app does it (sandbox / HTTP route).
    App,
    /// An admin does it in a console; the app reads the result and can check it again at any time.
    Verified,
    /// An admin does it in a console and marks it done here.
    Manual,
    /// An admin does it in a console; the app reads what it can around it, but the key fact no API reads,
    /// so only the admin's confirmation marks it done ("Confirmed by you", never "verified").
    Confirmed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StepKind {
    Prerequisite,
    Step,
}

/// A text in both languages the app speaks (the step texts live in `texts::steps`).
pub use crate::texts::Localized;

#[derive(Debug, Clone, Copy)]
pub struct StepDefinition {
    pub id: StepId,
    pub kind: StepKind,
    pub persona: Persona,
    pub depends_on: &'static [StepId],
    pub how: HowDone,
    /// Done in the Sales account: by the app on the HTTP route, by the admin in its console otherwise.
    pub in_sales_account: bool,
    pub title: Localized,
    pub what: Localized,
    pub why: Localized,
    pub console_path: Localized,
}

/// The plan, in display order.
pub const STEPS: &[StepDefinition] = &[
    StepDefinition {
        id: StepId::P1,
        kind: StepKind::Prerequisite,
        persona: Persona::MarketoAdmin,
        depends_on: &[],
        in_sales_account: false,
        how: HowDone::Confirmed,
        title: text::P1_TITLE,
        what: text::P1_WHAT,
        why: text::P1_WHY,
        console_path: text::P1_CONSOLE_PATH,
    },
    StepDefinition {
        id: StepId::P2,
        kind: StepKind::Prerequisite,
        persona: Persona::MarketoAdmin,
        depends_on: &[],
        in_sales_account: false,
        how: HowDone::Confirmed,
        title: text::P2_TITLE,
        what: text::P2_WHAT,
        why: text::P2_WHY,
        console_path: text::P2_CONSOLE_PATH,
    },
    StepDefinition {
        id: StepId::Step1,
        kind: StepKind::Step,
        persona: Persona::MarketoAdmin,
        depends_on: &[StepId::P1, StepId::P2],
        in_sales_account: false,
        how: HowDone::Manual,
        title: text::STEP1_TITLE,
        what: text::STEP1_WHAT,
        why: text::STEP1_WHY,
        console_path: text::STEP1_CONSOLE_PATH,
    },
    StepDefinition {
        id: StepId::Step2,
        kind: StepKind::Step,
        persona: Persona::MarketoOrSalesforceAdmin,
        depends_on: &[StepId::Step1],
        in_sales_account: true,
        how: HowDone::Manual,
        title: text::STEP2_TITLE,
        what: text::STEP2_WHAT,
        why: text::STEP2_WHY,
        console_path: text::STEP2_CONSOLE_PATH,
    },
    StepDefinition {
        id: StepId::Step3,
        kind: StepKind::Step,
        persona: Persona::MarketoAdmin,
        depends_on: &[StepId::Step1],
        in_sales_account: true,
        how: HowDone::Manual,
        title: text::STEP3_TITLE,
        what: text::STEP3_WHAT,
        why: text::STEP3_WHY,
        console_path: text::STEP3_CONSOLE_PATH,
    },
    StepDefinition {
        id: StepId::Step4,
        kind: StepKind::Step,
        persona: Persona::MarketoAdmin,
        depends_on: &[StepId::Step2, StepId::Step3],
        in_sales_account: false,
        how: HowDone::Manual,
        title: text::STEP4_TITLE,
        what: text::STEP4_WHAT,
        why: text::STEP4_WHY,
        console_path: text::STEP4_CONSOLE_PATH,
    },
    StepDefinition {
        id: StepId::Step5,
        kind: StepKind::Step,
        persona: Persona::MarketoAdmin,
        depends_on: &[StepId::Step1],
        in_sales_account: true,
        how: HowDone::App,
        title: text::STEP5_TITLE,
        what: text::STEP5_WHAT,
        why: text::STEP5_WHY,
        console_path: text::STEP5_CONSOLE_PATH,
    },
    StepDefinition {
        id: StepId::Step6,
        kind: StepKind::Step,
        persona: Persona::SalesforceAdmin,
        depends_on: &[],
        in_sales_account: false,
        how: HowDone::Verified,
        title: text::STEP6_TITLE,
        what: text::STEP6_WHAT,
        why: text::STEP6_WHY,
        console_path: text::STEP6_CONSOLE_PATH,
    },
    StepDefinition {
        id: StepId::Step7,
        kind: StepKind::Step,
        persona: Persona::SalesforceAdmin,
        depends_on: &[StepId::Step6],
        in_sales_account: false,
        how: HowDone::Confirmed,
        title: text::STEP7_TITLE,
        what: text::STEP7_WHAT,
        why: text::STEP7_WHY,
        console_path: text::STEP7_CONSOLE_PATH,
    },
];

/// The definition of a step (every `StepId` has one; a test keeps it so).
pub fn find(id: StepId) -> &'static StepDefinition {
    let found = STEPS.iter().find(|step| step.id == id);
    // STEPS lists every StepId, which `plan_has_two_prerequisites_and_seven_steps_in_order` checks.
    found.expect("every StepId is in STEPS")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn plan_has_two_prerequisites_and_seven_steps_in_order() {
        let ids: Vec<_> = STEPS.iter().map(|s| s.id).collect();
        assert_eq!(ids, StepId::ALL);
        assert_eq!(STEPS.iter().filter(|s| s.kind == StepKind::Prerequisite).count(), 2);
    }

    #[test]
    fn dependencies_point_backwards_to_known_steps() {
        let mut seen = HashSet::new();
        for step in STEPS {
            for dep in step.depends_on {
                assert!(seen.contains(dep), "step {} depends on {dep}, which is not earlier", step.id);
            }
            seen.insert(step.id);
        }
    }

    #[test]
    fn steps_whose_key_fact_is_a_confirmation_say_so() {
        // No API reads "enabled on the subscription" (P1), the sync's own status (P2) or the package's
        // Config tab (7): the app must not present them as verified.
        for id in [StepId::P1, StepId::P2, StepId::Step7] {
            assert_eq!(find(id).how, HowDone::Confirmed, "step {id}");
        }
        assert_eq!(find(StepId::Step6).how, HowDone::Verified);
    }

    #[test]
    fn step_1_sends_everyone_but_the_first_admins_to_step_5() {
        let step = find(StepId::Step1);
        assert!(step.what.en.contains("step 5") && step.what.es.contains("paso 5"));
        assert!(step.why.en.contains("Never delete the first-invited user"));
        let step3 = find(StepId::Step3);
        assert!(step3.what.en.contains("Actions Config") && step3.what.en.contains("not a LaunchPoint"));
    }

    #[test]
    fn every_text_is_written_in_both_languages() {
        for step in STEPS {
            for text in [step.title, step.what, step.why, step.console_path] {
                assert!(!text.en.trim().is_empty() && !text.es.trim().is_empty(), "step {}", step.id);
                assert_ne!(text.en, text.es, "step {} has an untranslated text: {}", step.id, text.en);
            }
        }
    }
}
