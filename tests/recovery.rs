//! Recovery of sends with no known outcome, against the sandbox over real HTTP: a crash mid-send, a
//! timeout or a lost connection after the last retry. Nothing is ever sent twice (the sandbox counts
//! duplicate sends), the idempotency key survives every requeue, one failing lookup does not stop the
//! others, and the recovery pass runs apart from start-up with its progress readable by any host.

mod common;

use msi_actions_setup::invites::engine::{self, InviteContext, PersonToInvite, RunControl};
use msi_actions_setup::invites::InvitationState;
use msi_actions_setup::sandbox::SANDBOX_TOKEN;
use msi_actions_setup::services::sales_actions::{HttpSalesActions, NewInvitation, RetryPolicy, SalesActions};
use msi_actions_setup::environment::{EnvironmentKind, SalesRouteInput, SalesRouteKind};
use msi_actions_setup::session::{Session, SessionError};
use msi_actions_setup::store::events::{self, EventEntity};
use msi_actions_setup::store::invitations::{self, InvitationRecord, Outcome};
use msi_actions_setup::store::Store;
use std::time::Duration;

const ENV: &str = "sandbox";

fn ctx<'a>(world: &'a common::World, client: &'a HttpSalesActions) -> InviteContext<'a, HttpSalesActions> {
    InviteContext { store: &world.store, environment_id: ENV, client, actor: "tester" }
}

/// A client that gives up quickly: 300 ms per attempt, two attempts.
fn impatient_client(world: &common::World) -> HttpSalesActions {
    let http = reqwest::Client::builder().timeout(Duration::from_millis(300)).build().expect("client");
    HttpSalesActions::new(http, &world.sandbox.root_url(), SANDBOX_TOKEN).with_retry(RetryPolicy {
        max_attempts: 2,
        first_backoff: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(1),
        ..RetryPolicy::default()
    })
}

fn person(email: &str) -> PersonToInvite {
    PersonToInvite { email: email.to_owned(), display_name: None, team: None }
}

fn record(store: &Store, id: &str) -> InvitationRecord {
    store.read(|c| invitations::get(c, id)).expect("the record")
}

fn trail(store: &Store, id: &str) -> Vec<String> {
    store
        .read(|c| events::for_entity(c, EventEntity::Invitation, id))
        .expect("the trail")
        .into_iter()
        .filter_map(|e| e.to_state)
        .collect()
}

#[tokio::test]
async fn a_timeout_after_the_last_retry_is_unconfirmed_and_the_next_run_resends_with_the_same_key() {
    let world = common::world().await;
    let impatient = impatient_client(&world);
    world.faults(serde_json::json!({ "latency_ms": 1500 })).await;
    let (outcome, ids) =
        engine::invite_people(&ctx(&world, &impatient), &[person("slow@acme.test")], RunControl::unattended(), |_| {}).await.unwrap();
    assert_eq!((outcome.unconfirmed, outcome.failed, outcome.sent), (1, 0, 0), "{outcome:?}");
    let id = ids[0].clone().expect("queued");
    let unconfirmed = record(&world.store, &id);
    assert_eq!(unconfirmed.state, InvitationState::Unconfirmed);
    assert_eq!(unconfirmed.reason_code.as_deref(), Some("unknown_outcome"));

    world.faults(serde_json::json!({})).await;
    // Let any request the service was still sitting on finish: the answer may have been lost, not the send.
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let resumed = engine::send_queued(&ctx(&world, &world.client), RunControl::unattended(), |_| {}).await.unwrap();
    let settled = record(&world.store, &id);
    assert_eq!(settled.state, InvitationState::Sent, "{resumed:?}");
    assert_eq!(settled.idempotency_key, unconfirmed.idempotency_key, "the same key from first send to last");
    let stats = world.stats().await;
    assert_eq!(stats["invitations_created"], 1);
    assert_eq!(stats["duplicate_sends"], 0);
    assert!(trail(&world.store, &id).contains(&"unconfirmed".to_owned()));
}

#[tokio::test]
async fn connection_resets_on_every_attempt_leave_the_send_unconfirmed_and_it_is_sent_once_later() {
    let world = common::world().await;
    let impatient = impatient_client(&world);
    world.faults(serde_json::json!({ "reset_connections": 2 })).await;
    let (outcome, ids) =
        engine::invite_people(&ctx(&world, &impatient), &[person("reset@acme.test")], RunControl::unattended(), |_| {}).await.unwrap();
    assert_eq!((outcome.unconfirmed, outcome.failed), (1, 0), "{outcome:?}");
    let id = ids[0].clone().expect("queued");
    let key = record(&world.store, &id).idempotency_key;
    assert_eq!(world.stats().await["connections_reset"], 2);

    let resumed = engine::send_queued(&ctx(&world, &world.client), RunControl::unattended(), |_| {}).await.unwrap();
    assert_eq!(resumed.sent, 1);
    let settled = record(&world.store, &id);
    assert_eq!((settled.state, settled.idempotency_key.as_str()), (InvitationState::Sent, key.as_str()));
    assert_eq!(
        trail(&world.store, &id),
        ["queued", "sending", "unconfirmed", "queued", "sending", "sent"],
        "looked up (not found), queued again with its key, sent"
    );
    let stats = world.stats().await;
    assert_eq!((stats["invitations_created"].as_i64(), stats["duplicate_sends"].as_i64()), (Some(1), Some(0)));
}

#[tokio::test]
async fn an_unconfirmed_send_that_reached_the_service_is_confirmed_before_anything_else_is_sent() {
    let world = common::world().await;
    let crashed = common::crash_while_sending(&world.store, ENV, "reached@acme.test");
    world
        .store
        .write(|tx| {
            invitations::transition(tx, &crashed.id, InvitationState::Sending, InvitationState::Unconfirmed, &Outcome::default(), "t")
        })
        .unwrap();
    // The send had gone through; only its answer was lost.
    let request = NewInvitation { email: crashed.email.clone(), first_name: None, last_name: None, team_id: None };
    world.client.create_invitation(&request, &crashed.idempotency_key).await.unwrap();

    let (outcome, _) =
        engine::invite_people(&ctx(&world, &world.client), &[person("other@acme.test")], RunControl::unattended(), |_| {}).await.unwrap();
    assert_eq!(outcome.sent, 1, "only the new person was sent");
    let settled = record(&world.store, &crashed.id);
    assert_eq!((settled.state, settled.reason_code.as_deref()), (InvitationState::Sent, Some("reconciled")));
    assert!(settled.remote_id.is_some());
    assert_eq!(world.count("POST /invitations", 201).await, 2, "the lost one was never posted again");
    assert_eq!(world.stats().await["duplicate_sends"], 0);
}

#[tokio::test]
async fn recovery_goes_on_past_a_failing_lookup_and_reports_every_count() {
    let world = common::world().await;
    let first = common::crash_while_sending(&world.store, ENV, "first@acme.test");
    let second = common::crash_while_sending(&world.store, ENV, "second@acme.test");
    // Every attempt of the first lookup fails (fast_retry: 4 attempts); the second lookup goes through.
    world.faults(serde_json::json!({ "next": [{ "status": 503, "count": 4 }] })).await;
    let mut seen = Vec::new();
    let report = engine::reconcile_sending(&ctx(&world, &world.client), |checked, total| seen.push((checked, total))).await.unwrap();
    assert_eq!((report.checked, report.confirmed, report.requeued, report.still_unknown), (2, 0, 1, 1), "{report:?}");
    assert_eq!(report.errors.len(), 1);
    assert_eq!(
        (report.errors[0].email.as_str(), report.errors[0].code),
        ("first@acme.test", msi_actions_setup::error_code::ErrorCode::SalesAccountServerError),
        "a code the window translates, not an English sentence"
    );
    assert!(report.errors[0].params.is_empty(), "{:?}", report.errors[0]);
    assert_eq!(seen, [(0, 2), (1, 2), (2, 2)], "progress after every invitation");
    assert_eq!(record(&world.store, &first.id).state, InvitationState::Unconfirmed, "looked up again before any send");
    let requeued = record(&world.store, &second.id);
    assert_eq!((requeued.state, requeued.idempotency_key.as_str()), (InvitationState::Queued, second.idempotency_key.as_str()));

    let resumed = engine::send_queued(&ctx(&world, &world.client), RunControl::unattended(), |_| {}).await.unwrap();
    assert_eq!(resumed.sent, 2);
    let first_now = record(&world.store, &first.id);
    assert_eq!((first_now.state, first_now.idempotency_key.as_str()), (InvitationState::Sent, first.idempotency_key.as_str()));
    let stats = world.stats().await;
    assert_eq!((stats["invitations_created"].as_i64(), stats["duplicate_sends"].as_i64()), (Some(2), Some(0)));
}

#[tokio::test]
async fn start_does_not_wait_for_recovery_and_sending_is_refused_while_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    let crashed = {
        let session = Session::start(dir.path()).await.unwrap();
        let crashed = common::crash_while_sending(&session.store, ENV, "crash@acme.test");
        session.shutdown().await;
        crashed
    };
    let session = Session::start(dir.path()).await.unwrap();
    assert_eq!(record(&session.store, &crashed.id).state, InvitationState::Sending, "start returned before recovering");
    assert_eq!(session.info().unwrap().recovery.report, None);

    let http = reqwest::Client::new();
    let slow = http.post(format!("{}/_sandbox/faults", session.sandbox_url())).json(&serde_json::json!({ "latency_ms": 600 }));
    assert!(slow.send().await.unwrap().status().is_success());
    let watch = async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let status = session.recovery_status();
        assert!(status.running && status.total == 1, "{status:?}");
        assert!(matches!(session.begin_run(), Err(SessionError::Recovering)), "no sending while recovering");
        assert!(matches!(session.switch_environment(EnvironmentKind::Real).await, Err(SessionError::Recovering)));
    };
    let (status, ()) = tokio::join!(session.reconcile(), watch);
    assert!(!status.running);
    let report = status.report.clone().expect("a report");
    assert_eq!((report.checked, report.requeued, report.still_unknown), (1, 1, 0));
    assert_eq!(session.info().unwrap().recovery, status, "the window reads the same status");
    assert_eq!(record(&session.store, &crashed.id).state, InvitationState::Queued);
    assert!(session.begin_run().is_ok(), "sending is allowed once recovered");
    session.shutdown().await;
}

#[tokio::test]
async fn a_restart_in_the_real_environment_on_http_recovers_its_interrupted_invitations() {
    // The Real environment's Sales account: a service of its own that outlives the app's restarts.
    let service = common::world().await;
    let dir = tempfile::tempdir().unwrap();
    let crashed = {
        let session = Session::start(dir.path()).await.unwrap();
        let input: SalesRouteInput = serde_json::from_value(serde_json::json!({
            "route": "http",
            "base_url": service.sandbox.root_url(),
            "token": SANDBOX_TOKEN,
        }))
        .unwrap();
        session.configure_sales_route(input).await.unwrap();
        session.switch_environment(EnvironmentKind::Real).await.unwrap();
        assert_eq!(session.active().view.sales_route, SalesRouteKind::Http);
        let crashed = common::crash_while_sending(&session.store, "real", "realcrash@acme.test");
        session.shutdown().await;
        crashed
    };
    let session = Session::start(dir.path()).await.unwrap();
    assert_eq!(session.active().view.sales_route, SalesRouteKind::Http, "the saved HTTP route is in force after a restart");
    let status = session.reconcile().await;
    let report = status.report.expect("the recovery pass ran on the Real environment");
    assert_eq!((report.checked, report.requeued), (1, 1));
    let requeued = record(&session.store, &crashed.id);
    assert_eq!((requeued.state, requeued.idempotency_key.as_str()), (InvitationState::Queued, crashed.idempotency_key.as_str()));
    assert!(service.count("GET /invitations", 200).await >= 1, "it asked the Real environment's service");
    session.shutdown().await;
}

/// A one-answer HTTP service: every request gets `status` with an unreadable JSON body.
async fn garbling_service(status: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let root = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = vec![0u8; 8192];
            let _ = socket.read(&mut buffer).await;
            let body = "{\"id\": 42, \"trunc";
            let answer = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(answer.as_bytes()).await;
        }
    });
    root
}

#[tokio::test]
async fn an_unreadable_2xx_or_409_answer_is_an_unknown_outcome_not_a_failure() {
    let request = NewInvitation { email: "x@acme.test".into(), first_name: None, last_name: None, team_id: None };
    for status in ["201 Created", "409 Conflict"] {
        let root = garbling_service(status).await;
        let client = HttpSalesActions::new(reqwest::Client::new(), &root, SANDBOX_TOKEN);
        let outcome = client.create_invitation(&request, "k").await;
        let Err(error) = outcome else { panic!("{status}: {outcome:?}") };
        assert_eq!(error.code(), "unknown_outcome", "{status}: {error}");
    }
    let root = garbling_service("422 Unprocessable Entity").await;
    let client = HttpSalesActions::new(reqwest::Client::new(), &root, SANDBOX_TOKEN);
    let refused = client.create_invitation(&request, "k").await.expect_err("refused");
    assert_ne!(refused.code(), "unknown_outcome", "a refusal is a known outcome, however worded");
}
