//! The step-check dispatch of `checks::step` against the app's own embedded sandbox (Salesforce, Marketo
//! and the Sales account over real HTTP): each checkable step reads what it should, a step with nothing to
//! read says so, a system not connected is an error (never a gap), each client is made once per check, and
//! the settle rules hold (a confirmation step is never marked done by a check, an admin's own confirmation
//! is kept). Runs against the real Secret Service (`scripts/with-keyring`).

mod common;

use msi_actions_setup::checks::{self, step, CheckError, ConnectedSystems, Finding};
use msi_actions_setup::commands::CommandError;
use msi_actions_setup::connections::marketo::{self as launchpoint, MarketoInput};
use msi_actions_setup::error_code::ErrorCode;
use msi_actions_setup::sandbox::marketo::{SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_MUNCHKIN_ID};
use msi_actions_setup::session::Session;
use msi_actions_setup::setup::{self, StepChange, StepId, StepState, StepView};

async fn session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(dir.path()).await.unwrap();
    (dir, session)
}

async fn connect_marketo(session: &Session) {
    let env = session.active();
    let ctx = session.connections(&env).unwrap();
    let input = MarketoInput {
        munchkin_id: SANDBOX_MUNCHKIN_ID.into(),
        client_id: SANDBOX_CLIENT_ID.into(),
        client_secret: SANDBOX_CLIENT_SECRET.into(),
    };
    launchpoint::connect(&ctx, input).await.unwrap();
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

async fn check(session: &Session, step_id: StepId) -> Result<Vec<Finding>, CheckError> {
    let env = session.active();
    step::check(step_id, &ConnectedSystems::new(session.connections(&env).unwrap())).await
}

async fn check_and_record(session: &Session, step_id: StepId) -> Result<Vec<StepView>, CheckError> {
    let env = session.active();
    step::check_and_record(step_id, &ConnectedSystems::new(session.connections(&env).unwrap())).await
}

fn state_of(plan: &[StepView], step_id: StepId) -> StepState {
    plan.iter().find(|s| s.id == step_id).unwrap().status.state
}

async fn marketo_counters(session: &Session) -> serde_json::Value {
    common::json_of(session.http.get(format!("{}/_sandbox/marketo", session.sandbox_url().trim_end_matches('/')))).await["counters"].clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn each_checkable_step_reads_what_it_should() {
    let (_dir, session) = session().await;
    common::sign_in_to_salesforce(&session).await;
    connect_marketo(&session).await;

    let p1 = check(&session, StepId::P1).await.unwrap();
    assert_eq!(codes(&p1), ["marketo_reachable", "sales_account_reachable", "msi_actions_enabled_confirm"]);

    let p2 = check(&session, StepId::P2).await.unwrap();
    assert_eq!(p2[0].code, "p2_sync_user_not_named", "the sync user comes first, Salesforce's half: {p2:?}");
    assert!(p2.iter().any(|f| f.code.starts_with("sync_leads")), "then Marketo's half: {p2:?}");

    let step1 = check(&session, StepId::Step1).await.unwrap();
    assert!(codes(&step1).contains(&"marketo_admins_found"), "{step1:?}");
    assert!(codes(&step1).contains(&"sales_admins_present"), "{step1:?}");

    let step6 = check(&session, StepId::Step6).await.unwrap();
    assert_eq!(codes(&step6)[0], "package_old", "the sandbox org starts at an old package: {step6:?}");

    let step7 = check(&session, StepId::Step7).await.unwrap();
    assert!(codes(&step7).iter().any(|c| c.starts_with("remote_site_")), "{step7:?}");
    assert!(codes(&step7).contains(&"enable_msi_actions_confirm"), "{step7:?}");
    assert_eq!(step::CHECKABLE, [StepId::P1, StepId::P2, StepId::Step1, StepId::Step6, StepId::Step7]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_step_with_nothing_to_read_is_not_checkable_and_nothing_is_recorded() {
    let (_dir, session) = session().await;
    for step_id in [StepId::Step2, StepId::Step3, StepId::Step4, StepId::Step5] {
        assert!(StepId::ALL.contains(&step_id) && !step::CHECKABLE.contains(&step_id));
        let error = check_and_record(&session, step_id).await.unwrap_err();
        assert!(matches!(error, CheckError::NotCheckable(s) if s == step_id), "{step_id}: {error:?}");
        let crossing = CommandError::from(error);
        assert_eq!((crossing.code, crossing.params["step"].as_str()), (ErrorCode::NotCheckable, step_id.as_str()));
    }
    assert!(checks::latest(&session.store, session.active().id()).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_system_not_connected_is_an_error_never_a_gap() {
    let (_dir, session) = session().await;
    // Nothing connected: Salesforce first where the step reads it, Marketo where it reads only Marketo.
    for (step_id, expected) in [
        (StepId::P1, ErrorCode::MarketoNotConnected),
        (StepId::P2, ErrorCode::SalesforceNotConnected),
        (StepId::Step1, ErrorCode::MarketoNotConnected),
        (StepId::Step6, ErrorCode::SalesforceNotConnected),
        (StepId::Step7, ErrorCode::SalesforceNotConnected),
    ] {
        let error = check_and_record(&session, step_id).await.unwrap_err();
        assert_eq!(CommandError::from(error).code, expected, "step {step_id}");
    }
    // Salesforce alone: P2 still needs Marketo's half.
    common::sign_in_to_salesforce(&session).await;
    let error = check_and_record(&session, StepId::P2).await.unwrap_err();
    assert!(matches!(error, CheckError::MarketoNotConnected), "{error:?}");
    let crossing = CommandError::from(error);
    assert_eq!(crossing.params["step"], "3", "the window sends the admin to step 3");
    assert!(checks::latest(&session.store, session.active().id()).unwrap().is_empty(), "no gap was recorded");
}

/// Step 7's changes go through the same connected systems: never signed in is "not connected" (step 2),
/// not a stale-session error, and nothing is written.
#[tokio::test(flavor = "multi_thread")]
async fn step_7_changes_without_salesforce_say_not_connected_and_change_nothing() {
    use msi_actions_setup::checks::step7_changes as changes;
    let (_dir, session) = session().await;
    let env = session.active();
    let systems = ConnectedSystems::new(session.connections(&env).unwrap());
    let errors = [
        changes::plan_remote_sites(&systems).await.err(),
        changes::create_remote_sites(&systems).await.err(),
        changes::plan_permission_set(&systems).await.err(),
        changes::assign_permission_set(&systems, None).await.err(),
        changes::deactivate_remote_site(&systems, "0rp000000000001").await.err(),
        changes::unassign_permission_set(&systems, "0Pa000000000001").await.err(),
    ];
    for error in errors {
        let crossing = CommandError::from(error.expect("refused without Salesforce"));
        assert_eq!(crossing.code, ErrorCode::SalesforceNotConnected);
        assert_eq!(crossing.params["step"], "2", "the window sends the admin to step 2");
    }
    let events: i64 = session.store.read(|conn| Ok(conn.query_row("SELECT COUNT(*) FROM events WHERE detail LIKE '%remote%'", [], |r| r.get(0))?)).unwrap();
    assert_eq!(events, 0, "no change was recorded");
}

#[tokio::test(flavor = "multi_thread")]
async fn each_client_is_made_once_per_check() {
    let (_dir, session) = session().await;
    common::sign_in_to_salesforce(&session).await;
    connect_marketo(&session).await;
    let before = marketo_counters(&session).await["identity_calls"].as_u64().unwrap();

    let env = session.active();
    let systems = ConnectedSystems::new(session.connections(&env).unwrap());
    // P1 and step 1 both read Marketo: one client, one identity token for both.
    step::check(StepId::P1, &systems).await.unwrap();
    step::check(StepId::Step1, &systems).await.unwrap();
    let after = marketo_counters(&session).await["identity_calls"].as_u64().unwrap();
    assert_eq!(after - before, 1, "one Marketo identity token for everything the systems read");
    assert!(std::ptr::eq(systems.marketo().await.unwrap(), systems.marketo().await.unwrap()));
    assert!(std::ptr::eq(systems.salesforce().await.unwrap(), systems.salesforce().await.unwrap()));
}

#[tokio::test(flavor = "multi_thread")]
async fn checks_settle_readable_steps_only_and_keep_an_admins_confirmation() {
    let (_dir, session) = session().await;
    common::sign_in_to_salesforce(&session).await;
    connect_marketo(&session).await;
    let env = session.active();

    // Step 6 at an old package: recorded with its gap, not done.
    let plan = check_and_record(&session, StepId::Step6).await.unwrap();
    assert_eq!(state_of(&plan, StepId::Step6), StepState::NotStarted);
    assert_eq!(plan.iter().find(|s| s.id == StepId::Step6).unwrap().last_check.as_ref().unwrap().findings[0].code, "package_old");

    // The sandbox plays the upgrade: the check now covers the whole step and marks it done by the app.
    let plan = step::sandbox_install_package(&ConnectedSystems::new(session.connections(&env).unwrap())).await.unwrap();
    let step6 = plan.iter().find(|s| s.id == StepId::Step6).unwrap();
    assert_eq!(step6.status.state, StepState::Done);
    assert_eq!(step6.last_check.as_ref().unwrap().findings[0].code, "package_current");

    // P1 is a confirmation step: a check never marks it done, however it reads.
    let plan = check_and_record(&session, StepId::P1).await.unwrap();
    assert_eq!(state_of(&plan, StepId::P1), StepState::NotStarted);
    assert!(plan.iter().find(|s| s.id == StepId::P1).unwrap().last_check.is_some(), "but it is recorded");

    // A step the admin marked done keeps their confirmation when a check runs again.
    let confirmed: StepChange = serde_json::from_value(serde_json::json!({ "state": "done" })).unwrap();
    setup::change_status(&session.store, env.id(), StepId::Step7, &confirmed, "luis").unwrap();
    let plan = check_and_record(&session, StepId::Step7).await.unwrap();
    let step7 = plan.iter().find(|s| s.id == StepId::Step7).unwrap();
    assert_eq!((step7.status.state, step7.status.actor.as_deref(), step7.status.reason.as_deref()), (StepState::Done, Some("luis"), None));
}
