//! Sandbox and Real side by side: switching is explicit, remembered, and each environment keeps its own
//! steps and invitations.

use msi_actions_setup::environment::{EnvironmentKind, SalesRouteKind};

use msi_actions_setup::session::{Session, SessionError};
use msi_actions_setup::setup::{self, StepChange, StepState};

#[tokio::test]
async fn environments_are_separate_switching_is_explicit_and_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(dir.path()).await.unwrap();
    assert_eq!(session.info().unwrap().environment.kind, EnvironmentKind::Sandbox, "sandbox on first start");
    setup::change_status(&session.store, session.active().id(), msi_actions_setup::setup::StepId::P1, &StepChange::to(StepState::Done, None), "ana").unwrap();

    let info = session.switch_environment(EnvironmentKind::Real).await.unwrap();
    assert_eq!(info.environment.kind, EnvironmentKind::Real);
    assert_eq!(info.environment.sales_route, SalesRouteKind::Handoff);
    let real_plan = setup::plan(&session.store, session.active().id()).unwrap();
    assert_eq!(real_plan[0].status.state, StepState::NotStarted, "real has its own steps");
    let how = |plan: Vec<msi_actions_setup::setup::StepView>, id: msi_actions_setup::setup::StepId| plan.into_iter().find(|s| s.id == id).unwrap().how;
    use msi_actions_setup::setup::catalog::HowDone;
    assert_eq!(how(setup::on_route(real_plan.clone(), SalesRouteKind::Handoff), msi_actions_setup::setup::StepId::Step3), HowDone::Manual, "hand-off: the admin does it");
    assert_eq!(how(setup::on_route(real_plan.clone(), SalesRouteKind::Http), msi_actions_setup::setup::StepId::Step3), HowDone::App, "HTTP: the app does it");
    assert_eq!(how(setup::on_route(real_plan, SalesRouteKind::Http), msi_actions_setup::setup::StepId::Step6), HowDone::Verified, "Salesforce steps are not the Sales account's: the app verifies them");
    let env = session.active();
    assert!(matches!(session.invites(&env), Err(SessionError::HandoffRoute)));
    assert!(matches!(session.account().await, Err(SessionError::HandoffRoute)));
    session.shutdown().await;

    let session = Session::start(dir.path()).await.unwrap();
    assert_eq!(session.info().unwrap().environment.kind, EnvironmentKind::Real, "the choice survives a restart");
    session.switch_environment(EnvironmentKind::Sandbox).await.unwrap();
    let sandbox_plan = setup::plan(&session.store, session.active().id()).unwrap();
    assert_eq!(sandbox_plan[0].status.state, StepState::Done);
    assert!(session.account().await.is_ok());
    session.shutdown().await;
}

#[tokio::test]
async fn switching_is_refused_while_invitations_are_being_sent() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(dir.path()).await.unwrap();
    let (_control, guard) = session.begin_run().unwrap();
    assert!(matches!(session.switch_environment(EnvironmentKind::Real).await, Err(SessionError::RunInProgress)));
    drop(guard);
    assert!(session.switch_environment(EnvironmentKind::Real).await.is_ok());
    session.shutdown().await;
}
