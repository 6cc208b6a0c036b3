//! The Sales-account HTTP client against the real sandbox over loopback: every answer of
//! `POST /invitations`, idempotency, and the retry rules for 429 (Retry-After) and 5xx.

mod common;

use msi_actions_setup::services::sales_actions::{CreateOutcome, HttpSalesActions, NewInvitation, SalesActions, SalesActionsError};
use serde_json::json;
use std::time::{Duration, Instant};

fn invitation(email: &str) -> NewInvitation {
    NewInvitation { email: email.into(), first_name: Some("Ana".into()), last_name: None, team_id: None }
}

#[tokio::test]
async fn account_and_teams_are_read_with_the_default_team() {
    let world = common::world().await;
    let account = world.client.account().await.unwrap();
    assert_eq!(account.seats_total, 100);
    assert!(account.seats_used >= 1 && account.seats_left() == 100 - account.seats_used);
    let teams = world.client.teams().await.unwrap();
    let default: Vec<_> = teams.iter().filter(|t| t.default).collect();
    assert_eq!(default.len(), 1);
    assert_eq!(default[0].name, "Everyone");
}

#[tokio::test]
async fn create_is_idempotent_and_a_second_key_gets_409_already_invited() {
    let world = common::world().await;
    let first = world.client.create_invitation(&invitation("new.person@acme.test"), "key-1").await.unwrap();
    let CreateOutcome::Created(created) = first else { panic!("expected 201, got {first:?}") };
    assert_eq!(created.status, "pending");
    let replay = world.client.create_invitation(&invitation("new.person@acme.test"), "key-1").await.unwrap();
    assert_eq!(replay, CreateOutcome::Created(created.clone()), "same key replays the first answer");
    let conflict = world.client.create_invitation(&invitation("NEW.person@acme.test "), "key-2").await.unwrap();
    match conflict {
        CreateOutcome::AlreadyInvited(Some(existing)) => assert_eq!(existing.id, created.id),
        other => panic!("expected 409 already_invited with the record, got {other:?}"),
    }
    let listed = world.client.invitations(None, Some("new.person@acme.test")).await.unwrap();
    assert_eq!(listed.len(), 1, "one invitation only");
    assert_eq!(world.stats().await["invitations_created"], 1);
}

#[tokio::test]
async fn members_get_409_already_member_and_bad_addresses_422() {
    let world = common::world().await;
    let member = world.client.users(None).await.unwrap().into_iter().next().expect("the sandbox has members");
    let outcome = world.client.create_invitation(&invitation(&member.email), "k-member").await.unwrap();
    assert_eq!(outcome, CreateOutcome::AlreadyMember);
    let invalid = world.client.create_invitation(&invitation("not-an-email"), "k-invalid").await;
    assert!(matches!(invalid, Err(SalesActionsError::InvalidEmail { .. })), "{invalid:?}");
    assert_eq!(world.count("POST /invitations", 422).await, 1);
}

#[tokio::test]
async fn no_seat_left_is_402() {
    let world = common::world_with(|config| config.seats_total = 4).await;
    let account = world.client.account().await.unwrap();
    let free = account.seats_left();
    for n in 0..free {
        let outcome = world.client.create_invitation(&invitation(&format!("p{n}@acme.test")), &format!("k{n}")).await.unwrap();
        assert!(matches!(outcome, CreateOutcome::Created(_)));
    }
    let full = world.client.create_invitation(&invitation("one.too.many@acme.test"), "k-full").await;
    assert_eq!(full, Err(SalesActionsError::NoSeatsLeft));
    assert!(!SalesActionsError::NoSeatsLeft.is_retryable());
}

#[tokio::test]
async fn rate_limit_429_is_retried_after_retry_after() {
    let world = common::world().await;
    world.faults(json!({ "next": [{ "status": 429, "retry_after": 1, "count": 1 }] })).await;
    let started = Instant::now();
    let outcome = world.client.create_invitation(&invitation("patient@acme.test"), "k-429").await.unwrap();
    assert!(matches!(outcome, CreateOutcome::Created(_)));
    assert!(started.elapsed().as_millis() >= 900, "waited for Retry-After: {:?}", started.elapsed());
    assert_eq!(world.count("POST /invitations", 429).await, 1);
    assert_eq!(world.count("POST /invitations", 201).await, 1);
    assert_eq!(world.stats().await["duplicate_sends"], 0);
}

#[tokio::test]
async fn rate_limit_429_with_an_http_date_is_retried_after_that_date() {
    let world = common::world().await;
    // Retry-After: <IMF-fixdate 2 s ahead, rounded up to the next whole second> instead of "2".
    world.faults(json!({ "next": [{ "status": 429, "retry_after": 2, "count": 1 }], "retry_after_as_date": true })).await;
    let started = Instant::now();
    let outcome = world.client.create_invitation(&invitation("dated@acme.test"), "k-429-date").await.unwrap();
    assert!(matches!(outcome, CreateOutcome::Created(_)));
    // Not the jittered 20 ms backoff, not the one-second default of an unreadable header: the date.
    assert!(started.elapsed() >= Duration::from_millis(1_900), "waited until the date: {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(5), "waited too long: {:?}", started.elapsed());
    assert_eq!(world.count("POST /invitations", 429).await, 1);
    assert_eq!(world.count("POST /invitations", 201).await, 1);
    assert_eq!(world.stats().await["duplicate_sends"], 0);
}

#[tokio::test]
async fn a_far_http_date_gives_up_with_the_wait_it_asked_for() {
    let world = common::world().await;
    world.faults(json!({ "next": [{ "status": 429, "retry_after": 600, "count": 1 }], "retry_after_as_date": true })).await;
    let started = Instant::now();
    let outcome = world.client.create_invitation(&invitation("later@acme.test"), "k-429-far").await;
    // Ten minutes is over the policy's 5 s: reported at once, with about the wait the date asked for.
    match outcome {
        Err(SalesActionsError::RateLimited { retry_after_secs }) => assert!((599..=602).contains(&retry_after_secs), "{retry_after_secs}"),
        other => panic!("expected a rate limit, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(world.count("POST /invitations", 429).await, 1);
}

#[tokio::test]
async fn persistent_429_gives_up_with_the_wait_the_service_asked_for() {
    let world = common::world().await;
    world.faults(json!({ "next": [{ "status": 429, "retry_after": 1, "count": 50 }] })).await;
    let client = HttpSalesActions::new(world.http.clone(), &world.sandbox.root_url(), msi_actions_setup::sandbox::SANDBOX_TOKEN)
        .with_retry(msi_actions_setup::services::sales_actions::RetryPolicy { max_attempts: 2, ..common::fast_retry() });
    let outcome = client.create_invitation(&invitation("never@acme.test"), "k-never").await;
    assert_eq!(outcome, Err(SalesActionsError::RateLimited { retry_after_secs: 1 }));
    assert!(outcome.unwrap_err().is_retryable());
    assert_eq!(world.count("POST /invitations", 429).await, 2);
}

#[tokio::test]
async fn server_errors_are_retried_with_the_same_idempotency_key() {
    let world = common::world().await;
    world.faults(json!({ "next": [{ "status": 503, "count": 2 }] })).await;
    let outcome = world.client.create_invitation(&invitation("retry@acme.test"), "k-503").await.unwrap();
    assert!(matches!(outcome, CreateOutcome::Created(_)));
    assert_eq!(world.count("POST /invitations", 503).await, 2);
    assert_eq!(world.stats().await["invitations_created"], 1);
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized() {
    let world = common::world().await;
    let client = HttpSalesActions::new(world.http.clone(), &world.sandbox.root_url(), "wrong-token");
    let outcome = client.account().await;
    assert!(matches!(outcome, Err(SalesActionsError::Unauthorized { .. })), "{outcome:?}");
}

#[tokio::test]
async fn an_expired_token_is_retried_once() {
    let world = common::world().await;
    world.faults(json!({ "token_expired": true })).await;
    let account = world.client.account().await;
    assert!(account.is_ok(), "{account:?}");
    assert_eq!(world.count("GET /account", 401).await, 1);
    assert_eq!(world.count("GET /account", 200).await, 1);
}
