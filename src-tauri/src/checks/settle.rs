//! Whether a check marks its step done, and how the step then reads. A check that read every fact of a
//! step marks it done, verified by the app (`VerifiedBy::App`); a step whose key fact no API can read (P1's "enabled on the
//! subscription", P2's sync status page, step 7's Config tab) is never marked done by a check, however
//! green it is: only the admin's confirmation does that, and the window says "Confirmed by you". So the
//! app never claims to have verified what it only heard from the admin.

use super::{record, CheckRun, Finding};
use crate::setup::catalog::{self, HowDone};
use crate::setup::{self, SetupError, StepChange, StepId, StepState, StepView};
use crate::store::Store;

/// Whether a check of `step_id` may mark it done: it covered the whole step, and the step's key fact is
/// one the app can read.
pub fn check_may_settle(step_id: StepId, run: &CheckRun) -> bool {
    let readable = catalog::find(step_id).how != HowDone::Confirmed;
    readable && run.settles_step()
}

/// Records a check of `step_id` and, when it settles the step (and the step is not done yet), marks it
/// done as verified by the app. Returns the plan as it is now.
pub fn settle(store: &Store, environment_id: &str, step_id: StepId, findings: Vec<Finding>, actor: &str) -> Result<Vec<StepView>, SetupError> {
    let run = record(store, environment_id, step_id, findings, actor)?;
    let plan = setup::plan(store, environment_id)?;
    let done = plan.iter().any(|s| s.id == step_id && s.status.state == StepState::Done);
    if check_may_settle(step_id, &run) && !done {
        return setup::change_status(store, environment_id, step_id, &StepChange::verified_by_app(), actor);
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Finding;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("app.db")).unwrap();
        (dir, store)
    }

    fn status(plan: &[StepView], id: StepId) -> (StepState, Option<String>) {
        let step = plan.iter().find(|s| s.id == id).unwrap();
        (step.status.state, step.status.reason.clone())
    }

    #[test]
    fn a_complete_check_of_a_readable_step_marks_it_verified_by_the_app() {
        let (_dir, store) = store();
        let plan = settle(&store, "sandbox", StepId::Step6, vec![Finding::ok("package_current")], "ana").unwrap();
        let step = plan.iter().find(|s| s.id == StepId::Step6).unwrap();
        assert_eq!(
            (step.status.state, step.status.verified_by, step.status.reason.as_deref()),
            (StepState::Done, Some(setup::VerifiedBy::App), None),
            "verified_by says it, no English sentence in the reason"
        );
    }

    #[test]
    fn a_confirmation_step_is_never_verified_by_a_check_even_all_green() {
        let (_dir, store) = store();
        // All ok, and no `_confirm` finding left: still, P1's key fact is the admin's confirmation.
        let plan = settle(&store, "sandbox", StepId::P1, vec![Finding::ok("marketo_reachable"), Finding::ok("sales_account_reachable")], "ana").unwrap();
        assert_eq!(status(&plan, StepId::P1).0, StepState::NotStarted);
        let plan = settle(&store, "sandbox", StepId::P2, vec![Finding::ok("p2_sync_user_ready"), Finding::ok("sync_leads_with_sfdc_ids")], "ana").unwrap();
        assert_eq!(status(&plan, StepId::P2).0, StepState::NotStarted);
        let plan = settle(&store, "sandbox", StepId::Step7, vec![Finding::ok("remote_site_present")], "ana").unwrap();
        assert_eq!(status(&plan, StepId::Step7).0, StepState::NotStarted);
        // The check is still recorded for the window.
        assert_eq!(crate::checks::latest(&store, "sandbox").unwrap()[&StepId::P2].findings.len(), 2);
    }

    #[test]
    fn a_check_with_gaps_or_left_to_confirm_does_not_settle() {
        let (_dir, store) = store();
        let plan = settle(&store, "sandbox", StepId::Step6, vec![Finding::gap("package_old")], "ana").unwrap();
        assert_eq!(status(&plan, StepId::Step6).0, StepState::NotStarted);
        let plan = settle(&store, "sandbox", StepId::Step1, vec![Finding::ok("sales_admins_present"), Finding::info("x_confirm")], "ana").unwrap();
        assert_eq!(status(&plan, StepId::Step1).0, StepState::NotStarted);
    }

    #[test]
    fn a_step_the_admin_confirmed_keeps_their_confirmation() {
        let (_dir, store) = store();
        setup::change_status(&store, "sandbox", StepId::Step6, &StepChange::to(StepState::Done, None), "luis").unwrap();
        let plan = settle(&store, "sandbox", StepId::Step6, vec![Finding::ok("package_current")], "ana").unwrap();
        let step = plan.iter().find(|s| s.id == StepId::Step6).unwrap();
        assert_eq!(
            (step.status.reason.as_deref(), step.status.actor.as_deref(), step.status.verified_by),
            (None, Some("luis"), Some(setup::VerifiedBy::Admin))
        );
    }
}
