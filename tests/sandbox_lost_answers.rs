//! The sandbox faults that act first and then fail the answer (`lost_answers`, `slow_answers`): what the
//! soak and the unknown-outcome tests rely on. Over real HTTP, with a raw client so nothing retries.

mod common;

use msi_actions_setup::sandbox::SANDBOX_TOKEN;
use serde_json::{json, Value};
use std::time::Duration;

async fn invitations_for(world: &common::World, email: &str) -> Vec<Value> {
    let body: Value = world
        .http
        .get(format!("{}/api/v1/invitations?email={email}", world.sandbox.root_url()))
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .expect("list call")
        .json()
        .await
        .expect("list json");
    body["items"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_lost_answer_keeps_the_status_line_breaks_the_body_and_the_call_acted() {
    let world = common::world().await;
    world.faults(json!({"lost_answers": 1.0})).await;
    let response = world
        .http
        .post(format!("{}/api/v1/invitations", world.sandbox.root_url()))
        .bearer_auth(SANDBOX_TOKEN)
        .header("Idempotency-Key", "lost-1")
        .json(&json!({"email": "lost.answer@example.com"}))
        .send()
        .await;
    // Depending on timing the client sees the broken body while reading the headers or the body.
    let body_failed = match response {
        Err(_) => true,
        Ok(response) => {
            assert_eq!(response.status().as_u16(), 201, "the status line of the call that acted");
            response.bytes().await.is_err()
        }
    };
    assert!(body_failed, "the answer's body must break off");

    world.faults(json!({})).await;
    let found = invitations_for(&world, "lost.answer@example.com").await;
    assert_eq!(found.len(), 1, "the call acted once: {found:?}");
    assert_eq!(found[0]["status"], "pending");
}

#[tokio::test]
async fn reads_never_lose_their_answer() {
    let world = common::world().await;
    world.faults(json!({"lost_answers": 1.0})).await;
    let response = world
        .http
        .get(format!("{}/api/v1/account", world.sandbox.root_url()))
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .expect("account call");
    let body: Value = response.json().await.expect("a GET answers whole");
    assert!(body["seats_total"].as_u64().is_some());
}

#[tokio::test]
async fn a_slow_answer_times_the_client_out_after_the_call_acted() {
    let world = common::world().await;
    world.faults(json!({"slow_answers": 1, "slow_answer_ms": 1_500})).await;
    let impatient = reqwest::Client::builder().timeout(Duration::from_millis(300)).build().expect("client");
    let result = impatient
        .post(format!("{}/api/v1/invitations", world.sandbox.root_url()))
        .bearer_auth(SANDBOX_TOKEN)
        .header("Idempotency-Key", "slow-1")
        .json(&json!({"email": "slow.answer@example.com"}))
        .send()
        .await;
    assert!(result.as_ref().is_err_and(reqwest::Error::is_timeout), "the client timed out: {result:?}");

    let found = invitations_for(&world, "slow.answer@example.com").await;
    assert_eq!(found.len(), 1, "the call acted although its answer came too late");

    // One-shot: the replay with the same key answers at once with the first result.
    let replay = impatient
        .post(format!("{}/api/v1/invitations", world.sandbox.root_url()))
        .bearer_auth(SANDBOX_TOKEN)
        .header("Idempotency-Key", "slow-1")
        .json(&json!({"email": "slow.answer@example.com"}))
        .send()
        .await
        .expect("the replay answers in time");
    assert_eq!(replay.status().as_u16(), 201);
    assert_eq!(world.stats().await["duplicate_sends"], 0);
}
