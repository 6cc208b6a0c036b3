//! The invitation engine end to end against the sandbox: check, invite, record; and the start-up
//! reconcile that settles invitations a crash left in `sending` without ever sending twice.

mod common;

use msi_actions_setup::invites::check::Verdict;
use msi_actions_setup::invites::engine::{self, InviteContext, RunControl};
use msi_actions_setup::services::sales_actions::HttpSalesActions;
use msi_actions_setup::invites::InvitationState;
use msi_actions_setup::services::sales_actions::{NewInvitation, SalesActions};
use msi_actions_setup::store::events::{self, EventEntity};
use msi_actions_setup::store::invitations::{self, NewQueued, Outcome};

const ENV: &str = "sandbox";

fn ctx(world: &common::World) -> InviteContext<'_, HttpSalesActions> {
    InviteContext { store: &world.store, environment_id: ENV, client: &world.client, actor: "tester" }
}

#[tokio::test]
async fn check_flags_every_kind_of_problem_against_the_service() {
    let world = common::world().await;
    let member = world.client.users(None).await.unwrap()[0].email.clone();
    let pending = world.client.invitations(Some("pending"), None).await.unwrap()[0].email.clone();
    let text = format!("new@acme.test, bad@, NEW@acme.test; {member}\n{pending}");
    let report = engine::check(&ctx(&world), &text).await.unwrap();
    let verdicts: Vec<_> = report.items.iter().map(|i| i.verdict).collect();
    assert_eq!(
        verdicts,
        [Verdict::Ready, Verdict::Invalid, Verdict::DuplicateInInput, Verdict::AlreadyMember, Verdict::AlreadyInvited]
    );
}

#[tokio::test]
async fn over_seats_is_flagged_before_sending() {
    let world = common::world_with(|config| config.seats_total = 4).await;
    let seats_left = world.client.account().await.unwrap().seats_left();
    let text: Vec<String> = (0..seats_left + 2).map(|n| format!("p{n}@acme.test")).collect();
    let report = engine::check(&ctx(&world), &text.join(",")).await.unwrap();
    assert_eq!(report.counts.ready, seats_left);
    assert_eq!(report.counts.over_seats, 2);
}

#[tokio::test]
async fn invite_sends_ready_addresses_and_records_every_transition() {
    let world = common::world().await;
    let mut seen = Vec::new();
    let outcome = engine::invite(
        &ctx(&world),
        "Ana López <ana@acme.test>, luis@acme.test, nope, ANA@acme.test",
        None,
        RunControl::unattended(),
        |p| seen.push(p.clone()),
    )
    .await
    .unwrap();
    assert_eq!((outcome.sent, outcome.failed, outcome.queued), (2, 0, 2));
    assert_eq!((outcome.checked.invalid, outcome.checked.duplicates), (1, 1));
    let last = seen.last().unwrap();
    assert_eq!((last.done, last.total), (2, 2));
    let records = world.store.read(|c| invitations::list(c, ENV)).unwrap();
    assert_eq!(records.len(), 2);
    assert!(records.iter().all(|r| r.state == InvitationState::Sent && r.remote_id.is_some()));
    assert!(records.iter().all(|r| r.team_name.as_deref() == Some("Everyone")));
    let ana = records.iter().find(|r| r.email_normalized == "ana@acme.test").unwrap();
    assert_eq!(ana.display_name.as_deref(), Some("Ana López"));
    let trail = world.store.read(|c| events::for_entity(c, EventEntity::Invitation, &ana.id)).unwrap();
    let states: Vec<_> = trail.iter().filter_map(|e| e.to_state.clone()).collect();
    assert_eq!(states, ["queued", "sending", "sent"]);
    // Inviting the same people again sends nothing: they are already invited.
    let again = engine::invite(&ctx(&world), "ana@acme.test", None, RunControl::unattended(), |_| {}).await;
    assert!(matches!(again, Err(engine::InviteError::NothingToInvite)));
    assert_eq!(world.stats().await["invitations_created"], 2);
}

#[tokio::test]
async fn a_cancelled_run_leaves_the_rest_queued_and_send_queued_finishes_it() {
    let world = common::world().await;
    let control = RunControl::unattended();
    control.cancel.cancel();
    let outcome = engine::invite(&ctx(&world), "a@acme.test b@acme.test", None, control, |_| {}).await.unwrap();
    assert!(outcome.cancelled);
    assert_eq!((outcome.sent, outcome.left_queued), (0, 2));
    let resumed = engine::send_queued(&ctx(&world), RunControl::unattended(), |_| {}).await.unwrap();
    assert_eq!(resumed.sent, 2);
}

#[tokio::test]
async fn reconcile_confirms_a_send_that_reached_the_service_and_never_sends_it_again() {
    let world = common::world().await;
    let record = common::crash_while_sending(&world.store, ENV, "reached@acme.test");
    // The request had gone through before the crash.
    let request = NewInvitation { email: record.email.clone(), first_name: None, last_name: None, team_id: None };
    world.client.create_invitation(&request, &record.idempotency_key).await.unwrap();

    let report = engine::reconcile_sending(&ctx(&world), |_, _| {}).await.unwrap();
    assert_eq!((report.checked, report.confirmed, report.requeued), (1, 1, 0));
    let after = world.store.read(|c| invitations::get(c, &record.id)).unwrap();
    assert_eq!(after.state, InvitationState::Sent);
    assert!(after.remote_id.is_some());
    let resumed = engine::send_queued(&ctx(&world), RunControl::unattended(), |_| {}).await.unwrap();
    assert_eq!(resumed.queued, 0, "nothing left to send");
    let stats = world.stats().await;
    assert_eq!(stats["invitations_created"], 1);
    assert_eq!(stats["duplicate_sends"], 0);
    assert!(world.count("GET /invitations", 200).await >= 1, "the reconcile asked the service");
}

#[tokio::test]
async fn reconcile_requeues_a_send_that_never_arrived_and_it_is_sent_once() {
    let world = common::world().await;
    let record = common::crash_while_sending(&world.store, ENV, "lost@acme.test");
    let report = engine::reconcile_sending(&ctx(&world), |_, _| {}).await.unwrap();
    assert_eq!((report.checked, report.confirmed, report.requeued), (1, 0, 1));
    let requeued = world.store.read(|c| invitations::get(c, &record.id)).unwrap();
    assert_eq!(requeued.state, InvitationState::Queued);
    assert_eq!(requeued.reason_code.as_deref(), Some("not_found_on_service"));
    let resumed = engine::send_queued(&ctx(&world), RunControl::unattended(), |_| {}).await.unwrap();
    assert_eq!(resumed.sent, 1);
    assert_eq!(world.stats().await["invitations_created"], 1);
}

#[tokio::test]
async fn a_restarted_session_reconciles_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    {
        let session = msi_actions_setup::session::Session::start(dir.path()).await.unwrap();
        common::crash_while_sending(&session.store, ENV, "crash@acme.test");
        session.shutdown().await;
    }
    let session = msi_actions_setup::session::Session::start(dir.path()).await.unwrap();
    // The host runs the recovery pass in the background; the window reads its outcome.
    session.reconcile().await;
    let info = session.info().unwrap();
    let report = info.recovery.report.expect("the recovery pass reconciled");
    assert_eq!((report.checked, report.requeued), (1, 1));
    let rows = session.store.read(|c| invitations::list(c, ENV)).unwrap();
    assert_eq!(rows[0].state, InvitationState::Queued);
    session.shutdown().await;
}

#[tokio::test]
async fn only_one_run_at_a_time_and_a_dropped_run_frees_the_slot() {
    let dir = tempfile::tempdir().unwrap();
    let session = msi_actions_setup::session::Session::start(dir.path()).await.unwrap();
    let (control, guard) = session.begin_run().unwrap();
    assert!(matches!(session.begin_run(), Err(msi_actions_setup::session::SessionError::RunInProgress)));
    assert!(session.pause_run(true));
    assert!(*control.paused.borrow());
    assert!(session.cancel_run());
    assert!(control.cancel.is_cancelled());
    drop(guard);
    assert!(!session.cancel_run(), "no run after the guard dropped");
    assert!(session.begin_run().is_ok());
}

#[tokio::test]
async fn a_paused_run_sends_nothing_until_resumed() {
    let world = common::world().await;
    let (pause, paused) = tokio::sync::watch::channel(true);
    let control = RunControl { cancel: tokio_util::sync::CancellationToken::new(), paused };
    let mut reported_paused = false;
    let context = ctx(&world);
    let run = engine::invite(&context, "x@acme.test y@acme.test", None, control, |p| reported_paused |= p.paused);
    let resume = async {
        // Give the run every chance to send while paused, then check it did not.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let created_while_paused = world.stats().await["invitations_created"].clone();
        pause.send_replace(false);
        created_while_paused
    };
    let (outcome, created_while_paused) = tokio::join!(run, resume);
    assert_eq!(created_while_paused, 0);
    assert!(reported_paused, "progress said it was paused");
    assert_eq!(outcome.unwrap().sent, 2);
}

#[tokio::test]
async fn refresh_follows_the_current_invitation_of_a_reinvited_person_not_the_old_expired_one() {
    let world = common::world().await;
    // First invitation, then it expires on the service.
    let old = world
        .client
        .create_invitation(&NewInvitation { email: "again@acme.test".into(), first_name: None, last_name: None, team_id: None }, "old-key")
        .await
        .unwrap();
    let old_id = match old {
        msi_actions_setup::services::sales_actions::CreateOutcome::Created(remote) => remote.id,
        other => panic!("not created: {other:?}"),
    };
    let expired = world.http.post(format!("{}/_sandbox/expire/{old_id}", world.sandbox.root_url())).send().await.unwrap();
    assert!(expired.status().is_success());
    world.store.write(|tx| {
        let record = invitations::queue(tx, &NewQueued {
            environment_id: ENV,
            email: "again@acme.test",
            email_normalized: "again@acme.test",
            display_name: None,
            team_id: None,
            team_name: None,
        }, "t")?;
        invitations::transition(tx, &record.id, InvitationState::Queued, InvitationState::Sending, &Outcome::default(), "t")?;
        invitations::transition(tx, &record.id, InvitationState::Sending, InvitationState::Sent, &Outcome { remote_id: Some(&old_id), ..Outcome::default() }, "t")?;
        invitations::transition(tx, &record.id, InvitationState::Sent, InvitationState::Expired, &Outcome::default(), "t")
    }).unwrap();
    // Invited again: a new invitation, pending, listed after the expired one.
    let outcome = engine::invite(&ctx(&world), "again@acme.test", None, RunControl::unattended(), |_| {}).await.unwrap();
    assert_eq!(outcome.sent, 1);
    for remote_id in [true, false] {
        if !remote_id {
            // A record sent before remote ids were kept: the email picks the newest invitation only.
            world.store.write(|tx| Ok(tx.execute("UPDATE invitations SET remote_id = NULL", [])?)).unwrap();
        }
        let changed = engine::refresh_statuses(&ctx(&world)).await.unwrap();
        assert_eq!(changed, 0, "the current invitation is still pending (remote id kept: {remote_id})");
        let rows = world.store.read(|c| invitations::list(c, ENV)).unwrap();
        assert_eq!(rows[0].state, InvitationState::Sent);
    }
    let remote = world.client.invitations(None, Some("again@acme.test")).await.unwrap();
    let statuses: Vec<_> = remote.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(statuses, ["expired", "pending"], "two invitations on the service for one email");
}
