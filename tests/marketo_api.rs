//! The Marketo client (`services::marketo`) against the sandbox's Marketo instance over real HTTP:
//! sign-in, token cache and renewal, Marketo's error codes and retry rules, lead lookups, and the
//! simulator's own surface (Identity, envelopes, User Management, controls, the connection check).

mod common;

use std::sync::Arc;
use std::time::Duration;

use msi_actions_setup::sandbox::marketo::{
    SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_MUNCHKIN_ID, SANDBOX_SCOPE,
};
use msi_actions_setup::sandbox::SANDBOX_TOKEN;
use msi_actions_setup::secrets::SecretString;
use msi_actions_setup::services::marketo::{
    MarketoClient, MarketoCredentials, MarketoEndpoints, MarketoError, MarketoRetry, MunchkinId,
};
use reqwest::StatusCode;
use serde_json::{json, Value};

use common::World;

fn fast_retry() -> MarketoRetry {
    MarketoRetry { max_attempts: 4, first_backoff: Duration::from_millis(20), rate_limit_wait: Duration::from_millis(400) }
}

fn credentials(secret: &str) -> MarketoCredentials {
    MarketoCredentials {
        munchkin_id: MunchkinId::parse(SANDBOX_MUNCHKIN_ID).unwrap(),
        client_id: SANDBOX_CLIENT_ID.to_owned(),
        client_secret: SecretString::new(secret),
    }
}

fn client_at(root: &str, secret: &str) -> MarketoClient {
    let http = MarketoClient::default_http_client().unwrap();
    MarketoClient::new(http, MarketoEndpoints::with_base(root).unwrap(), credentials(secret)).with_retry(fast_retry())
}

fn client(world: &World) -> MarketoClient {
    client_at(&world.sandbox.root_url(), SANDBOX_CLIENT_SECRET)
}

/// `POST /_sandbox/marketo`; answers the view (settings and counters).
async fn control(world: &World, body: Value) -> Value {
    let response =
        world.http.post(format!("{}/_sandbox/marketo", world.sandbox.root_url())).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "control refused");
    response.json().await.unwrap()
}

async fn counters(world: &World) -> Value {
    let view: Value =
        common::json_of(world.http.get(format!("{}/_sandbox/marketo", world.sandbox.root_url()))).await;
    view["counters"].clone()
}

fn errors_of(counters: &Value, code: &str) -> u64 {
    counters["api_errors"][code].as_u64().unwrap_or(0)
}

fn assert_no_secret(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{secret:?} leaked in {text:?}");
    }
}

async fn raw_token(world: &World) -> String {
    let body: Value = common::json_of(
        world
            .http
            .get(format!("{}/identity/oauth/token", world.sandbox.root_url()))
            .query(&[("grant_type", "client_credentials"), ("client_id", SANDBOX_CLIENT_ID), ("client_secret", SANDBOX_CLIENT_SECRET)]),
    )
    .await;
    body["access_token"].as_str().unwrap().to_owned()
}

// --- the client ---------------------------------------------------------------------------------------

#[tokio::test]
async fn test_connection_with_the_sandbox_preset_reports_the_scope() {
    let world = common::world().await;
    let check = client(&world).test_connection().await.unwrap();
    assert_eq!(check.scope, SANDBOX_SCOPE);
    assert!((3590..=3600).contains(&check.expires_in), "{}", check.expires_in);
    let age = time::OffsetDateTime::now_utc() - check.checked_at;
    assert!(age.whole_seconds().abs() < 5);
    let counters = counters(&world).await;
    assert_eq!((counters["identity_calls"].as_u64(), counters["api_calls"].as_u64()), (Some(1), Some(1)));
    assert_eq!(world.count("GET /rest/v1/leads/describe.json", 200).await, 1);
    assert_eq!(world.count("GET /identity/oauth/token", 200).await, 1);
}

#[tokio::test]
async fn wrong_secret_is_invalid_client_and_no_secret_is_shown() {
    let world = common::world().await;
    let wrong = "wr0ng-Secret-Zq9!";
    let client = client_at(&world.sandbox.root_url(), wrong);
    let err = client.test_connection().await.unwrap_err();
    assert_eq!(err.code(), "invalid_client", "{err:?}");
    assert!(matches!(&err, MarketoError::InvalidClient { detail } if detail == "Bad client credentials"));
    assert!(err.what_to_do().contains("LaunchPoint"));
    let shown = [err.to_string(), format!("{err:?}"), format!("{client:?}"), format!("{:?}", client.credentials())];
    for text in &shown {
        assert_no_secret(text, &[wrong, "wr0ng-Secret-Zq9%21", SANDBOX_CLIENT_SECRET]);
    }
    assert!(shown[3].contains("[redacted]"));
    let counters = counters(&world).await;
    assert_eq!((counters["identity_refused"].as_u64(), counters["api_calls"].as_u64()), (Some(1), Some(0)));
}

#[tokio::test]
async fn unknown_munchkin_where_nothing_listens() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let client = client_at(&format!("http://127.0.0.1:{port}"), SANDBOX_CLIENT_SECRET);
    let err = client.test_connection().await.unwrap_err();
    assert_eq!(err.code(), "unknown_munchkin", "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    assert!(err.what_to_do().contains("Admin > Integration > Web Services"));
    assert_no_secret(&message, &[SANDBOX_CLIENT_SECRET, "client_secret"]);
    assert_no_secret(&format!("{err:?}"), &[SANDBOX_CLIENT_SECRET, "client_secret"]);
}

#[tokio::test]
async fn identity_404_is_unknown_munchkin() {
    let world = common::world().await;
    // A root with no Marketo under it: the sandbox answers 404 for /nowhere/identity/oauth/token.
    let client = client_at(&format!("{}/nowhere", world.sandbox.root_url()), SANDBOX_CLIENT_SECRET);
    let err = client.test_connection().await.unwrap_err();
    assert_eq!(err.code(), "unknown_munchkin", "{err:?}");
}

#[tokio::test]
async fn access_denied_603_is_not_retried() {
    let world = common::world().await;
    control(&world, json!({"deny_603": true})).await;
    let err = client(&world).test_connection().await.unwrap_err();
    assert_eq!(err.code(), "access_denied_603", "{err:?}");
    assert!(err.what_to_do().contains("role") && err.what_to_do().contains("IP"));
    let counters = counters(&world).await;
    assert_eq!((counters["api_calls"].as_u64(), errors_of(&counters, "603")), (Some(1), 1));
}

#[tokio::test]
async fn short_lived_token_is_renewed_once_mid_session() {
    let world = common::world().await;
    control(&world, json!({"token_lifetime_secs": 1})).await;
    let client = client(&world);
    let emails = vec!["maria.garcia@acme.test".to_owned()];
    assert_eq!(client.leads_by_email(&emails).await.unwrap().len(), 1);
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(client.leads_by_email(&emails).await.unwrap().len(), 1);
    let counters = counters(&world).await;
    assert_eq!(counters["identity_calls"].as_u64(), Some(2), "{counters}");
    assert_eq!(counters["tokens_issued"].as_u64(), Some(2));
    // The client knew the token's life and renewed it itself: no call was refused for it.
    assert_eq!(errors_of(&counters, "602") + errors_of(&counters, "601"), 0, "{counters}");
    assert_eq!(counters["api_calls"].as_u64(), Some(2));
}

#[tokio::test]
async fn token_expired_on_the_server_mid_session_reauthenticates_once() {
    let world = common::world().await;
    let client = client(&world);
    let emails = vec!["maria.garcia@acme.test".to_owned()];
    client.leads_by_email(&emails).await.unwrap();
    control(&world, json!({"expire_tokens_now": true})).await;
    assert_eq!(client.leads_by_email(&emails).await.unwrap().len(), 1);
    let counters = counters(&world).await;
    assert_eq!(errors_of(&counters, "602"), 1, "{counters}");
    assert_eq!(counters["identity_calls"].as_u64(), Some(2));
    assert_eq!(counters["api_calls"].as_u64(), Some(3));
}

#[tokio::test]
async fn token_unknown_to_the_server_reauthenticates_once() {
    let world = common::world().await;
    let client = client(&world);
    client.test_connection().await.unwrap();
    control(&world, json!({"fail_next": [{"code": "601"}]})).await;
    client.test_connection().await.unwrap();
    let counters = counters(&world).await;
    assert_eq!((errors_of(&counters, "601"), counters["identity_calls"].as_u64()), (1, Some(2)));
}

#[tokio::test]
async fn token_refused_twice_is_token_expired() {
    let world = common::world().await;
    control(&world, json!({"fail_next": [{"code": "602", "count": 5}]})).await;
    let err = client(&world).test_connection().await.unwrap_err();
    assert_eq!(err.code(), "token_expired", "{err:?}");
    let counters = counters(&world).await;
    assert_eq!((counters["api_calls"].as_u64(), counters["identity_calls"].as_u64()), (Some(2), Some(2)));
}

#[tokio::test]
async fn rate_limit_606_burst_is_retried_then_succeeds() {
    let world = common::world().await;
    control(&world, json!({"rate_limit": {"calls": 3, "per_secs": 1, "in_flight": 10}})).await;
    let client = client(&world);
    let emails = vec!["maria.garcia@acme.test".to_owned()];
    for _ in 0..6 {
        assert_eq!(client.leads_by_email(&emails).await.unwrap().len(), 1);
    }
    let counters = counters(&world).await;
    let refused = errors_of(&counters, "606");
    assert!(refused >= 1, "{counters}");
    assert_eq!(counters["api_calls"].as_u64(), Some(6 + refused));
}

#[tokio::test]
async fn rate_limit_606_that_persists_ends_as_rate_limited() {
    let world = common::world().await;
    control(&world, json!({"fail_next": [{"code": "606", "count": 10}]})).await;
    let err = client(&world).test_connection().await.unwrap_err();
    assert_eq!((err.code().as_str(), err.marketo_code()), ("rate_limited", Some("606")), "{err:?}");
    assert_eq!(counters(&world).await["api_calls"].as_u64(), Some(4), "max_attempts");
}

#[tokio::test]
async fn concurrency_615_and_transient_codes_are_retried() {
    let world = common::world().await;
    control(&world, json!({"fail_next": [{"code": "615"}, {"code": "604"}, {"code": "608"}]})).await;
    client(&world).test_connection().await.unwrap();
    let counters = counters(&world).await;
    assert_eq!(counters["api_calls"].as_u64(), Some(4));
}

#[tokio::test]
async fn system_error_611_is_retried_only_once() {
    let world = common::world().await;
    control(&world, json!({"fail_next": [{"code": "611"}]})).await;
    client(&world).test_connection().await.unwrap();
    control(&world, json!({"reset": true, "fail_next": [{"code": "611", "count": 3}]})).await;
    let err = client(&world).test_connection().await.unwrap_err();
    assert_eq!((err.code().as_str(), err.marketo_code()), ("server", Some("611")));
    assert_eq!(counters(&world).await["api_calls"].as_u64(), Some(2));
}

#[tokio::test]
async fn daily_quota_607_is_not_retried() {
    let world = common::world().await;
    control(&world, json!({"fail_next": [{"code": "607", "count": 3}]})).await;
    let err = client(&world).test_connection().await.unwrap_err();
    assert_eq!(err.code(), "daily_quota");
    assert_eq!(counters(&world).await["api_calls"].as_u64(), Some(1));
}

#[tokio::test]
async fn the_token_cache_serves_many_calls_with_one_identity_call() {
    let world = common::world().await;
    let client = Arc::new(client(&world));
    client.test_connection().await.unwrap();
    let emails = vec!["maria.garcia@acme.test".to_owned()];
    for _ in 0..3 {
        client.leads_by_email(&emails).await.unwrap();
    }
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let (client, emails) = (client.clone(), emails.clone());
            tokio::spawn(async move { client.leads_by_email(&emails).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    client.roles().await.unwrap();
    let counters = counters(&world).await;
    assert_eq!((counters["identity_calls"].as_u64(), counters["api_calls"].as_u64()), (Some(1), Some(11)));
}

#[tokio::test]
async fn concurrent_first_calls_share_one_identity_call() {
    let world = common::world().await;
    let client = Arc::new(client(&world));
    let tasks: Vec<_> = (0..5)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.test_connection().await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(counters(&world).await["identity_calls"].as_u64(), Some(1));
}

#[tokio::test]
async fn leads_by_email_follows_pages_and_reads_salesforce_ids() {
    let world = common::world().await;
    let client = client(&world).with_batch_size(2);
    let all = client.leads_by_email(&[]).await.unwrap();
    assert!(all.is_empty());
    // Find the seeded addresses through the `id` filter of the raw API, then look them up by email.
    let token = raw_token(&world).await;
    let seeded: Value = common::json_of(
        world
            .http
            .get(format!("{}/rest/v1/leads.json", world.sandbox.root_url()))
            .query(&[("filterType", "id"), ("filterValues", "1001,1002,1003,1004,1005"), ("fields", "email")])
            .bearer_auth(&token),
    )
    .await;
    let mut emails: Vec<String> =
        seeded["result"].as_array().unwrap().iter().map(|l| l["email"].as_str().unwrap().to_owned()).collect();
    assert_eq!(emails.len(), 5);
    emails.push(emails[1].to_uppercase()); // repeated, other case: asked once
    emails.push("  nobody@nowhere.test ".into());
    emails.push(String::new());

    let before = counters(&world).await["api_calls"].as_u64().unwrap();
    let leads = client.leads_by_email(&emails).await.unwrap();
    // 1002's address is also lead 1040's (Marketo allows duplicates): 6 leads over 3 pages of 2.
    let mut ids: Vec<i64> = leads.iter().map(|l| l.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, [1001, 1002, 1003, 1004, 1005, 1040]);
    assert_eq!(counters(&world).await["api_calls"].as_u64().unwrap() - before, 3);

    let maria = leads.iter().find(|l| l.id == 1001).unwrap();
    assert_eq!(maria.email.as_deref(), Some("maria.garcia@acme.test"));
    assert_eq!((maria.first_name.as_deref(), maria.last_name.as_deref()), (Some("María"), Some("García")));
    assert!(maria.sfdc_contact_id.is_some() && maria.sfdc_lead_id.is_none());
    let marketo_only = leads.iter().find(|l| l.id == 1002).unwrap();
    assert!(marketo_only.sfdc_contact_id.is_none() && marketo_only.sfdc_lead_id.is_none());
    let converted = leads.iter().find(|l| l.id == 1003).unwrap();
    assert!(converted.sfdc_contact_id.is_some() && converted.sfdc_lead_id.is_some());
    let sf_lead = leads.iter().find(|l| l.id == 1004).unwrap();
    assert!(sf_lead.sfdc_lead_id.as_deref().is_some_and(|id| id.starts_with("00Q")) && sf_lead.sfdc_contact_id.is_none());
}

#[tokio::test]
async fn long_lookups_are_sent_as_post_with_method_get_and_split_by_300() {
    let world = common::world().await;
    let client = client(&world);
    let mut emails: Vec<String> =
        (0..400).map(|i| format!("a-rather-long-address-number-{i:04}@not-in-marketo.example")).collect();
    emails.insert(350, "maria.garcia@acme.test".into());
    let leads = client.leads_by_email(&emails).await.unwrap();
    assert_eq!(leads.len(), 1);
    // 401 addresses: a first call of 300 (too long for a GET) and a second of 101 (short enough).
    assert_eq!(world.count("POST /rest/v1/leads.json", 200).await, 1, "{}", world.stats().await);
    assert_eq!(world.count("GET /rest/v1/leads.json", 200).await, 1);
}

// --- the simulator --------------------------------------------------------------------------------------

#[tokio::test]
async fn identity_repeats_the_same_token_with_its_remaining_life() {
    let world = common::world().await;
    let url = format!("{}/identity/oauth/token", world.sandbox.root_url());
    let params = [("grant_type", "client_credentials"), ("client_id", SANDBOX_CLIENT_ID), ("client_secret", SANDBOX_CLIENT_SECRET)];
    let first: Value = common::json_of(world.http.get(&url).query(&params)).await;
    assert_eq!((first["token_type"].as_str(), first["scope"].as_str()), (Some("bearer"), Some(SANDBOX_SCOPE)));
    assert!(first["access_token"].as_str().unwrap().ends_with(":sb"));
    assert_eq!(first["expires_in"], 3600);
    let second: Value = common::json_of(world.http.post(&url).form(&params)).await;
    assert_eq!(second["access_token"], first["access_token"]);
    assert!(second["expires_in"].as_u64().unwrap() <= 3600);

    let bad = [("grant_type", "client_credentials"), ("client_id", SANDBOX_CLIENT_ID), ("client_secret", "nope")];
    let response = world.http.get(&url).query(&bad).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, json!({"error": "unauthorized", "error_description": "Bad client credentials"}));
}

#[tokio::test]
async fn rest_errors_arrive_with_http_200_and_tokens_only_in_the_header() {
    let world = common::world().await;
    let url = format!("{}/rest/v1/leads/describe.json", world.sandbox.root_url());
    let response = world.http.get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!((body["success"].as_bool(), body["errors"][0]["code"].as_str()), (Some(false), Some("601")));
    assert!(body["requestId"].is_string());

    let token = raw_token(&world).await;
    let body: Value =
        common::json_of(world.http.get(&url).query(&[("access_token", token.as_str())])).await;
    assert_eq!(body["errors"][0]["code"], "601");
    let body: Value = common::json_of(world.http.get(&url).bearer_auth(&token)).await;
    assert_eq!(body["success"], true);
    let names: Vec<&str> = body["result"].as_array().unwrap().iter().filter_map(|f| f["rest"]["name"].as_str()).collect();
    assert!(names.contains(&"sfdcLeadId") && names.contains(&"sfdcContactId") && names.contains(&"email"));

    let leads = format!("{}/rest/v1/leads.json", world.sandbox.root_url());
    let body: Value = common::json_of(world.http.get(&leads).bearer_auth(&token)).await;
    assert_eq!((body["success"].as_bool(), body["errors"][0]["code"].as_str()), (Some(false), Some("701")));
    let body: Value = common::json_of(
        world
            .http
            .get(&leads)
            .query(&[("filterType", "email"), ("filterValues", "nobody@nowhere.test")])
            .bearer_auth(&token),
    )
    .await;
    assert_eq!((body["success"].as_bool(), body["result"].as_array().map(Vec::len)), (Some(true), Some(0)));
}

#[tokio::test]
async fn user_management_uses_http_status_and_refuses_query_tokens() {
    let world = common::world().await;
    let base = format!("{}/userservice/management/v1", world.sandbox.root_url());
    let token = raw_token(&world).await;

    let response = world.http.get(format!("{base}/users/roles.json")).query(&[("access_token", &token)]).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "601");
    assert!(body.get("success").is_none());

    let roles: Value = common::json_of(world.http.get(format!("{base}/users/roles.json")).bearer_auth(&token)).await;
    assert_eq!((roles[0]["id"].as_i64(), roles[0]["name"].as_str()), (Some(1), Some("Admin")));

    let users: Value = common::json_of(
        world
            .http
            .get(format!("{base}/users/allusers.json"))
            .query(&[("pageSize", "200")])
            .bearer_auth(&token),
    )
    .await;
    let users = users.as_array().unwrap();
    assert!(users.len() >= 4);
    assert!(users.iter().any(|u| u["apiOnly"] == true && u["emailAddress"] == SANDBOX_SCOPE));
    let mut admins = 0;
    for user in users {
        let userid = user["userid"].as_str().unwrap();
        let roles: Value = common::json_of(world.http.get(format!("{base}/users/{userid}/roles.json")).bearer_auth(&token)).await;
        if roles[0]["accessRoleId"] == 1 {
            admins += 1;
        }
    }
    assert!(admins >= 2, "at least two Marketo admins");
    let response = world.http.get(format!("{base}/users/nobody@x.test/roles.json")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let client = client(&world);
    assert!(client.roles().await.unwrap().iter().any(|r| r.id == 1 && r.name == "Admin"));
    control(&world, json!({"deny_603": true})).await;
    let response = world.http.get(format!("{base}/users/roles.json")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(client.roles().await.unwrap_err().code(), "access_denied_603");
}

#[tokio::test]
async fn in_flight_limit_answers_615() {
    let world = common::world().await;
    control(&world, json!({"rate_limit": {"calls": 100, "per_secs": 20, "in_flight": 1}})).await;
    let token = raw_token(&world).await;
    let url = format!("{}/rest/v1/leads/describe.json", world.sandbox.root_url());
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let (http, url, token) = (world.http.clone(), url.clone(), token.clone());
            tokio::spawn(async move { http.get(url).bearer_auth(token).send().await.unwrap().json::<Value>().await.unwrap() })
        })
        .collect();
    let mut codes = Vec::new();
    for call in calls {
        codes.push(call.await.unwrap()["errors"][0]["code"].as_str().unwrap_or("ok").to_owned());
    }
    assert!(codes.iter().any(|c| c == "ok"));
    assert!(codes.iter().all(|c| c == "ok" || c == "615"), "{codes:?}");
}

#[tokio::test]
async fn controls_refuse_nonsense_and_reset() {
    let world = common::world().await;
    let url = format!("{}/_sandbox/marketo", world.sandbox.root_url());
    for bad in [json!({"token_lifetime_secs": 0}), json!({"nope": true}), json!({"fail_next": [{"code": "x"}]})] {
        let response = world.http.post(&url).json(&bad).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
    let view = control(&world, json!({"token_lifetime_secs": 30, "deny_603": true})).await;
    assert_eq!((view["settings"]["token_lifetime_secs"].as_u64(), view["settings"]["deny_603"].as_bool()), (Some(30), Some(true)));
    let view = control(&world, json!({"reset": true})).await;
    assert_eq!(view["settings"]["token_lifetime_secs"], 3600);
    assert_eq!(view["settings"]["rate_limit"], json!({"calls": 100, "per_secs": 20, "in_flight": 10}));
}

#[tokio::test]
async fn marketo_connection_is_checked_against_the_sandbox_credentials() {
    let world = common::world().await;
    let put = |body: Value| {
        world
            .http
            .put(format!("{}/api/v1/connections/marketo", world.sandbox.root_url()))
            .bearer_auth(SANDBOX_TOKEN)
            .json(&body)
            .send()
    };
    // The Sales account takes the Actions Config tab's credentials (issue 10, point 13); the LaunchPoint
    // service's are named as such.
    use msi_actions_setup::sandbox::marketo::{SANDBOX_ACTIONS_CLIENT_ID, SANDBOX_ACTIONS_CLIENT_SECRET};
    for (body, field) in [
        (json!({"munchkin_id": "123-ABC-456", "client_id": SANDBOX_ACTIONS_CLIENT_ID, "client_secret": "not-it"}), "client_secret"),
        (json!({"munchkin_id": "123-ABC-456", "client_id": "someone-else", "client_secret": SANDBOX_ACTIONS_CLIENT_SECRET}), "client_secret"),
        (json!({"munchkin_id": "999-ABC-456", "client_id": SANDBOX_ACTIONS_CLIENT_ID, "client_secret": SANDBOX_ACTIONS_CLIENT_SECRET}), "munchkin_id"),
        (json!({"munchkin_id": "123-ABC-456", "client_id": SANDBOX_CLIENT_ID, "client_secret": SANDBOX_CLIENT_SECRET}), "client_id"),
    ] {
        let response = put(body).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let text = response.text().await.unwrap();
        assert_no_secret(&text, &["not-it", SANDBOX_CLIENT_SECRET, SANDBOX_ACTIONS_CLIENT_SECRET]);
        let error: Value = serde_json::from_str(&text).unwrap();
        assert_eq!((error["error"]["code"].as_str(), error["error"]["field"].as_str()), (Some("invalid_credentials"), Some(field)));
    }
    let body = json!({"munchkin_id": "123-abc-456", "client_id": SANDBOX_ACTIONS_CLIENT_ID, "client_secret": SANDBOX_ACTIONS_CLIENT_SECRET});
    let response = put(body).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let connection: Value = response.json().await.unwrap();
    assert_eq!((connection["connected"].as_bool(), connection["munchkin_id"].as_str()), (Some(true), Some(SANDBOX_MUNCHKIN_ID)));
}

/// A stand-in Marketo on 127.0.0.1 whose `leads.json` answers `answer` after `delay`, counting calls and
/// the most it was ever serving at once (the sandbox answers 615 beyond its cap but does not count).
mod counting {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    use axum::extract::State;
    use axum::routing::get;
    use axum::{Json, Router};
    use serde_json::{json, Value};

    #[derive(Default)]
    pub struct Counters {
        pub calls: AtomicUsize,
        now: AtomicUsize,
        pub peak: AtomicUsize,
    }

    struct Shared {
        counters: Arc<Counters>,
        answer: Value,
        delay: Duration,
    }

    pub async fn serve(answer: Value, delay: Duration) -> (String, Arc<Counters>) {
        let counters = Arc::new(Counters::default());
        let shared = Arc::new(Shared { counters: counters.clone(), answer, delay });
        let token = || async { Json(json!({ "access_token": "tok-1", "expires_in": 3600, "scope": "api@test" })) };
        let leads = |State(shared): State<Arc<Shared>>| async move {
            let c = &shared.counters;
            c.calls.fetch_add(1, Ordering::SeqCst);
            let now = c.now.fetch_add(1, Ordering::SeqCst) + 1;
            c.peak.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(shared.delay).await;
            c.now.fetch_sub(1, Ordering::SeqCst);
            Json(shared.answer.clone())
        };
        let router = Router::new()
            .route("/identity/oauth/token", get(token))
            .route("/rest/v1/leads.json", get(leads).post(leads))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let root = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        (root, counters)
    }
}

/// Issue 10, point 17: the instance's 10 calls in flight are shared with every integration, so the app's
/// own clients — by default and as the step commands build them — never have more than 5 out at once.
#[tokio::test]
async fn the_app_keeps_to_five_calls_in_flight_under_load() {
    use msi_actions_setup::services::marketo::{CallLimits, APP_MAX_IN_FLIGHT};
    use std::sync::atomic::Ordering;
    let empty = json!({ "requestId": "r", "success": true, "result": [], "moreResult": false });
    for limits in [None, Some(CallLimits::for_app(10))] {
        let (root, counters) = counting::serve(empty.clone(), Duration::from_millis(40)).await;
        let mut client = client_at(&root, "secret-value");
        if let Some(limits) = limits {
            client = client.with_limits(limits);
        }
        let client = Arc::new(client);
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..30 {
            let client = client.clone();
            tasks.spawn(async move { client.leads_by_email(&[format!("person{n}@example.com")]).await });
        }
        while let Some(done) = tasks.join_next().await {
            done.unwrap().unwrap();
        }
        assert_eq!(counters.calls.load(Ordering::SeqCst), 30);
        let peak = counters.peak.load(Ordering::SeqCst);
        assert_eq!(peak as u32, APP_MAX_IN_FLIGHT, "{limits:?}: at most 5 in flight, and 30 callers do reach 5");
    }
}

/// Marketo 1003 ("Invalid data"): a value the endpoint refuses; the same request would be refused again,
/// so it is its own error and is sent once.
#[tokio::test]
async fn error_1003_is_invalid_data_and_never_retried() {
    use std::sync::atomic::Ordering;
    let refusal = json!({ "requestId": "r", "success": false, "errors": [{ "code": "1003", "message": "Invalid data" }] });
    let (root, counters) = counting::serve(refusal, Duration::ZERO).await;
    let error = client_at(&root, "secret-value").leads_by_email(&["ana@example.com".to_owned()]).await.unwrap_err();
    assert!(matches!(error, MarketoError::InvalidData { .. }), "{error:?}");
    assert_eq!((error.code().as_str(), error.marketo_code()), ("invalid_data_1003", Some("1003")));
    assert!(!error.is_retryable());
    assert_eq!(counters.calls.load(Ordering::SeqCst), 1, "not retried");
}

/// The clients the step checks and step 4's count use (`saved_client`) keep to the app's share too, even
/// when a caller asks for the instance's whole 10.
#[tokio::test(flavor = "multi_thread")]
async fn saved_clients_never_take_more_than_five_in_flight() {
    use msi_actions_setup::connections::marketo::{self, MarketoInput};
    let dir = tempfile::tempdir().unwrap();
    let session = msi_actions_setup::session::Session::start(dir.path()).await.unwrap();
    let env = session.active();
    let ctx = session.connections(&env).unwrap();
    marketo::connect(&ctx, MarketoInput {
        munchkin_id: SANDBOX_MUNCHKIN_ID.into(),
        client_id: SANDBOX_CLIENT_ID.into(),
        client_secret: SANDBOX_CLIENT_SECRET.into(),
    })
    .await
    .unwrap();
    for asked in [10, 5, 2] {
        let client = marketo::saved_client(&ctx, asked).await.unwrap().expect("Marketo is connected");
        assert_eq!(client.limits().in_flight, asked.min(5), "asked for {asked}");
    }
    session.shutdown().await;
}
