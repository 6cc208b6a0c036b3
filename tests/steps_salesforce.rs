//! Steps 6 and 7 (and P2's Salesforce half) against the sandbox's simulated org over real HTTP: the test
//! signs in like the app does (playing the browser), then runs the checks, plans and changes, steering the
//! org through `/_sandbox/salesforce` (package version, forced faults, lead counts).

mod common;

use std::time::Duration;

use common::World;
use msi_actions_setup::auth::{self, LoginHost, SignInConfig};
use msi_actions_setup::checks::salesforce::{self as sf, ChangeError};
use msi_actions_setup::checks::{CheckOutcome, Finding, FindingLevel};
use msi_actions_setup::sandbox::salesforce::SANDBOX_CONSUMER_KEY;
use msi_actions_setup::services::salesforce::{RetryPolicy, SalesforceClient};
use msi_actions_setup::store::events::{self, EventEntity};
use serde_json::json;

const READY: &str = "ana.lopez@acme-e2e.test";
const NO_PERMISSION_SET: &str = "luis.garcia@acme-e2e.test";
const NO_API: &str = "ana@example.es";
const INACTIVE: &str = "luis@example.es";
const NOT_IN_SALESFORCE: &str = "iker@example.es";
const NO_OPPORTUNITY: &str = "pending.user@acme.test";

fn invited() -> Vec<String> {
    [READY, NO_PERMISSION_SET, NO_API, INACTIVE, NOT_IN_SALESFORCE].map(str::to_owned).to_vec()
}

/// Signs in to the sandbox org (the test plays the browser) and returns a REST client.
async fn signed_in(world: &World) -> SalesforceClient {
    let host = LoginHost::my_domain(&world.sandbox.root_url()).expect("the sandbox is a loopback host");
    let mut config = SignInConfig::new(SANDBOX_CONSUMER_KEY, host);
    config.port = 0;
    config.timeout = Duration::from_secs(20);
    let pending = auth::start_without_listener(config).expect("sign-in starts");
    let location = common::consent(pending.authorize_url(), "allow").await;
    let tokens = pending.complete_with_pasted_url(&location).await.expect("tokens");
    let retry = RetryPolicy { max_attempts: 2, first_backoff: Duration::from_millis(10) };
    SalesforceClient::new(SalesforceClient::default_http_client().expect("http"), &tokens).with_retry(retry)
}

async fn control(world: &World, body: serde_json::Value) -> serde_json::Value {
    let response = world
        .http
        .post(format!("{}/_sandbox/salesforce", world.sandbox.root_url()))
        .json(&body)
        .send()
        .await
        .expect("control call");
    assert!(response.status().is_success(), "control refused: {}", response.status());
    response.json().await.expect("control json")
}

async fn sandbox_view(world: &World) -> serde_json::Value {
    world.http.get(format!("{}/_sandbox/salesforce", world.sandbox.root_url())).send().await.unwrap().json().await.unwrap()
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

fn about<'a>(findings: &'a [Finding], email: &str) -> Vec<&'a str> {
    findings.iter().filter(|f| f.params.get("email").map(String::as_str) == Some(email)).map(|f| f.code.as_str()).collect()
}

fn site<'a>(findings: &'a [Finding], url: &str) -> &'a Finding {
    findings.iter().find(|f| f.code.starts_with("remote_site") && f.params["url"] == url).expect("a finding for the site")
}

#[tokio::test]
async fn step_6_reads_the_package_old_missing_and_current() {
    let world = common::world().await;
    let client = signed_in(&world).await;

    let old = sf::check_package(&client).await;
    assert_eq!(codes(&old), ["package_old"]);
    assert_eq!(old[0].level, FindingLevel::Gap);
    assert_eq!(old[0].params["version"], "1.7900");
    assert_eq!(old[0].params["minimum"], "1.8000");
    assert_eq!(old[0].params["url"], sf::LISTING_URL);
    assert_eq!(old[0].params["install_for"], "admins_only");

    control(&world, json!({ "package": { "installed": false } })).await;
    let missing = sf::check_package(&client).await;
    assert_eq!(codes(&missing), ["package_missing"]);
    assert_eq!(missing[0].params["url"], sf::LISTING_URL);

    control(&world, json!({ "package": { "installed": true, "version": "1.8100" } })).await;
    let current = sf::check_package(&client).await;
    assert_eq!(codes(&current), ["package_current"]);
    assert_eq!(current[0].params["version"], "1.8100");
    assert_eq!(CheckOutcome::of(&current), CheckOutcome::Ok);
}

#[tokio::test]
async fn a_tooling_permission_error_or_the_api_limit_is_an_error_finding_with_the_reason() {
    let world = common::world().await;
    let client = signed_in(&world).await;
    client.api_version().await.unwrap();
    let forced = json!([{ "status": 403, "error_code": "INSUFFICIENT_ACCESS", "message": "View Setup and Configuration is required" }]);
    control(&world, json!({ "next_tooling_errors": forced })).await;

    let findings = sf::check_package(&client).await;
    assert_eq!(codes(&findings), ["package_unreadable"]);
    assert_eq!(findings[0].level, FindingLevel::Error);
    assert_eq!(findings[0].params["error_code"], "insufficient_access");
    assert!(findings[0].params["message"].contains("View Setup and Configuration"), "{:?}", findings[0]);
    assert_eq!(CheckOutcome::of(&findings), CheckOutcome::Failed);
    // Only the Tooling call failed: the people were still read.
    let step_7 = sf::check_configuration(&client, &invited()).await;
    assert!(codes(&step_7).contains(&"remote_site_missing"), "the fault was used up: {:?}", codes(&step_7));

    control(&world, json!({ "next_rest_errors": [{ "status": 403, "error_code": "REQUEST_LIMIT_EXCEEDED", "count": 3 }] })).await;
    let limited = sf::check_package(&client).await;
    assert_eq!((limited[0].code.as_str(), limited[0].params["error_code"].as_str()), ("package_unreadable", "request_limit_exceeded"));
    let people = sf::check_configuration(&client, &invited()).await;
    assert!(people.iter().any(|f| f.code == "people_unreadable" && f.params["error_code"] == "request_limit_exceeded"), "{people:?}");
}

#[tokio::test]
async fn remote_sites_missing_then_created_present_and_removed() {
    let world = common::world().await;
    let client = signed_in(&world).await;
    let (ims, connect) = (sf::ADOBE_REMOTE_SITES[0].1, sf::ADOBE_REMOTE_SITES[1].1);

    let before = sf::check_configuration(&client, &[]).await;
    assert_eq!(site(&before, ims).code, "remote_site_missing");
    assert_eq!(site(&before, connect).code, "remote_site_missing");
    assert!(codes(&before).contains(&"enable_msi_actions_confirm") && codes(&before).contains(&"api_secret_key_confirm"));
    assert!(codes(&before).contains(&"no_invited_people"));

    let plan = sf::plan_remote_sites(&client).await.unwrap();
    assert_eq!(plan.to_create.iter().map(|s| s.url.as_str()).collect::<Vec<_>>(), [ims, connect]);
    assert_eq!(plan.to_create[0].name, "MarketoSalesInsight1");
    assert!(plan.already_present.is_empty());
    assert_eq!(sandbox_view(&world).await["records_created"], 0, "planning changes nothing");

    let report = sf::create_remote_sites(&world.store, "sandbox", "ana", &client).await.unwrap();
    assert!(report.failed.is_empty(), "{report:?}");
    assert_eq!(report.applied.len(), 2);
    assert!(report.applied.iter().all(|c| c.kind == "remote_site_created" && c.salesforce_id.starts_with("0rp")));
    let trail = world.store.read(|c| events::for_entity(c, EventEntity::Step, "7")).unwrap();
    assert_eq!(trail.len(), 2);
    assert!(trail[0].detail.as_deref().unwrap().contains(&report.applied[0].salesforce_id), "the event names the record");
    assert_eq!(trail[0].actor, "ana");

    let after = sf::check_configuration(&client, &[]).await;
    assert_eq!(site(&after, ims).code, "remote_site_present");
    assert_eq!(site(&after, connect).code, "remote_site_present");
    let again = sf::create_remote_sites(&world.store, "sandbox", "ana", &client).await.unwrap();
    assert!(again.applied.is_empty() && again.failed.is_empty(), "nothing created twice");

    let ims_id = &report.applied.iter().find(|c| c.target == ims).unwrap().salesforce_id;
    let removed = sf::remove_remote_site(&world.store, "sandbox", "luis", &client, ims_id).await.unwrap();
    assert_eq!((removed.kind.as_str(), removed.target.as_str()), ("remote_site_removed", ims));
    let undone = sf::check_configuration(&client, &[]).await;
    assert_eq!(site(&undone, ims).code, "remote_site_missing");
    assert_eq!(site(&undone, connect).code, "remote_site_present");

    // The app never removes what it did not create (the seeded classic SOAP site) nor the same site twice.
    let seeded = client.remote_sites().await.unwrap().into_iter().find(|s| s.name == "Marketo_SOAP").unwrap();
    let refused = sf::remove_remote_site(&world.store, "sandbox", "luis", &client, &seeded.id).await.unwrap_err();
    assert!(matches!(refused, ChangeError::NotMadeByApp(_)), "{refused:?}");
    assert_eq!(refused.code(), "not_made_by_app");
    assert!(sf::remove_remote_site(&world.store, "sandbox", "luis", &client, ims_id).await.is_err());
}

#[tokio::test]
async fn the_permission_set_needs_the_package_then_is_assigned_and_unassigned() {
    let world = common::world().await;
    let client = signed_in(&world).await;

    // 1.7900 ships no permission set: one gap saying to upgrade, people otherwise fine wait for it.
    let old = sf::check_configuration(&client, &invited()).await;
    let missing = old.iter().find(|f| f.code == "permission_set_missing").expect("permission set missing");
    assert_eq!((missing.params["label"].as_str(), missing.params["minimum"].as_str()), ("Marketo App Access", "1.8000"));
    assert_eq!(about(&old, READY), ["user_awaiting_permission_set"]);
    let refused = sf::assign_permission_set(&world.store, "sandbox", "ana", &client, &invited()).await.unwrap_err();
    assert!(matches!(refused, ChangeError::NoPermissionSet), "{refused:?}");

    control(&world, json!({ "package": { "installed": true, "version": "1.8100" } })).await;
    let before = sf::check_configuration(&client, &invited()).await;
    assert!(!codes(&before).contains(&"permission_set_missing"));
    assert_eq!(about(&before, READY), ["user_ready"]);
    assert_eq!(about(&before, NO_PERMISSION_SET), ["permission_set_not_assigned"]);

    let plan = sf::plan_permission_set(&client, &invited()).await.unwrap();
    assert!(plan.permission_set_id.as_deref().is_some_and(|id| id.starts_with("0PS")));
    assert_eq!(plan.to_assign.iter().map(|p| p.email.as_str()).collect::<Vec<_>>(), [NO_PERMISSION_SET]);
    assert_eq!(plan.already_assigned.iter().map(|p| p.email.as_str()).collect::<Vec<_>>(), [READY, NO_API]);
    let skipped: Vec<_> = plan.skipped.iter().map(|s| (s.email.as_str(), s.reason.as_str())).collect();
    assert_eq!(skipped, [(INACTIVE, "user_inactive"), (NOT_IN_SALESFORCE, "user_not_found")]);

    let report = sf::assign_permission_set(&world.store, "sandbox", "ana", &client, &invited()).await.unwrap();
    assert!(report.failed.is_empty(), "{report:?}");
    assert_eq!(report.applied.len(), 1);
    let assignment = report.applied[0].clone();
    assert_eq!((assignment.kind.as_str(), assignment.target.as_str()), ("permission_set_assigned", NO_PERMISSION_SET));
    let after = sf::check_configuration(&client, &invited()).await;
    assert_eq!(about(&after, NO_PERMISSION_SET), ["user_ready"]);
    let trail = world.store.read(|c| events::for_entity(c, EventEntity::Step, "7")).unwrap();
    let detail: serde_json::Value = serde_json::from_str(trail.last().unwrap().detail.as_deref().unwrap()).unwrap();
    assert_eq!((detail["salesforce_id"].as_str(), detail["email"].as_str()), (Some(assignment.salesforce_id.as_str()), Some(NO_PERMISSION_SET)));

    let undone = sf::unassign_permission_set(&world.store, "sandbox", "ana", &client, &assignment.salesforce_id).await.unwrap();
    assert_eq!((undone.kind.as_str(), undone.target.as_str()), ("permission_set_unassigned", NO_PERMISSION_SET));
    assert_eq!(about(&sf::check_configuration(&client, &invited()).await, NO_PERMISSION_SET), ["permission_set_not_assigned"]);
    // A seeded assignment (an admin's) is not the app's to remove.
    let ready = plan.already_assigned.iter().find(|p| p.email == READY).unwrap();
    let refused = sf::unassign_permission_set(&world.store, "sandbox", "ana", &client, ready.assignment_id.as_deref().unwrap()).await;
    assert!(matches!(refused, Err(ChangeError::NotMadeByApp(_))), "{refused:?}");
}

#[tokio::test]
async fn people_gaps_api_enabled_inactive_not_found_object_read_and_readiness() {
    let world = common::world().await;
    let client = signed_in(&world).await;
    control(&world, json!({ "package": { "installed": true, "version": "1.8000" } })).await;
    let mut people = invited();
    people.push(NO_OPPORTUNITY.to_uppercase());

    let findings = sf::check_configuration(&client, &people).await;
    assert_eq!(about(&findings, NO_API), ["user_api_disabled"]);
    let no_api = findings.iter().find(|f| f.code == "user_api_disabled").unwrap();
    assert_eq!(no_api.params["profile"], "Sales User - No API");
    assert_eq!(about(&findings, INACTIVE), ["user_inactive"]);
    assert_eq!(about(&findings, NOT_IN_SALESFORCE), ["user_not_found"]);
    assert_eq!(about(&findings, NO_OPPORTUNITY), ["user_object_read_missing", "permission_set_not_assigned"]);
    let read = findings.iter().find(|f| f.code == "user_object_read_missing").unwrap();
    assert_eq!(read.params["objects"], "Opportunity");
    assert_eq!(CheckOutcome::of(&findings), CheckOutcome::Gaps);

    let table = sf::readiness(&client, &people).await.unwrap();
    assert_eq!(table.len(), 6);
    let row = |email: &str| table.iter().find(|p| p.email == email).unwrap();
    let ready = row(READY);
    assert!(ready.found && ready.active && ready.api_enabled && ready.has_permission_set && ready.object_read_ok);
    assert_eq!(ready.user_id.as_deref().map(str::len), Some(18));
    assert!(!row(NO_API).api_enabled && row(NO_API).has_permission_set);
    assert!(row(INACTIVE).found && !row(INACTIVE).active);
    assert!(!row(NOT_IN_SALESFORCE).found && row(NOT_IN_SALESFORCE).user_id.is_none());
    assert!(!row(NO_PERMISSION_SET).has_permission_set && row(NO_PERMISSION_SET).object_read_ok);
    assert_eq!(row(NO_OPPORTUNITY).missing_objects, ["Opportunity"]);
    let person = msi_actions_setup::checks::readiness::SalesforcePerson::from(row(NO_API));
    assert!(person.found && !person.api_enabled);
}

#[tokio::test]
async fn the_sync_user_is_checked() {
    let world = common::world().await;
    let client = signed_in(&world).await;
    let findings = sf::check_sync_user(&client).await;
    assert_eq!(codes(&findings), ["sync_user_ready"]);
    assert_eq!(findings[0].params["username"], "admin@acme.test");
    control(&world, json!({ "next_rest_errors": [{ "status": 403, "error_code": "API_DISABLED_FOR_ORG" }] })).await;
    let failed = sf::check_sync_user(&client).await;
    assert_eq!((failed[0].code.as_str(), failed[0].params["error_code"].as_str()), ("sync_user_unreadable", "api_disabled"));
}

#[tokio::test]
async fn people_with_an_owner_follow_every_page() {
    let world = common::world().await;
    let client = signed_in(&world).await;
    control(&world, json!({ "lead_count": 4500, "contact_count": 10, "query_batch_size": 2000 })).await;

    let emails = sf::people_with_owner(&client).await.unwrap();
    // 4,500 leads less every 10th without email; 10 contacts: one shares a lead's email.
    assert_eq!(emails.len(), 4050 + 9);
    let distinct: std::collections::HashSet<_> = emails.iter().collect();
    assert_eq!(distinct.len(), emails.len(), "each email once");
    assert!(emails.iter().all(|e| e.contains('@') && *e == e.to_lowercase()));
    let view = sandbox_view(&world).await;
    assert_eq!(view["query_more"], 2, "4,050 leads at 2,000 a page = 3 pages");
}

/// The client the app builds from the keyring's tokens for the active environment.
#[tokio::test(flavor = "multi_thread")]
async fn the_session_gives_a_signed_in_client() {
    use msi_actions_setup::connections::salesforce;
    use msi_actions_setup::i18n::Language;
    use msi_actions_setup::session::Session;

    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(dir.path()).await.unwrap();
    let env = session.active();
    let ctx = session.connections(&env).unwrap();
    let not_yet = salesforce::client(&ctx).await.unwrap_err();
    assert!(not_yet.to_string().contains("expired") || not_yet.to_string().contains("invalid"), "{not_yet}");
    let mut settings = salesforce::settings_view(&ctx).unwrap().settings;
    settings.port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    salesforce::save_settings(&ctx, &settings).unwrap();
    let play_browser = |url: &str| -> Result<(), String> {
        let url = url.to_owned();
        tokio::spawn(async move {
            let location = common::consent(&url, "allow").await;
            let _ = reqwest::get(&location).await;
        });
        Ok(())
    };
    session.sign_in.sign_in(&ctx, Language::En, play_browser).await.unwrap();

    // An expired access token is refreshed once.
    let expired = reqwest::Client::new().post(format!("{}/_sandbox/salesforce/expire-access-tokens", session.sandbox_url())).send().await.unwrap();
    assert!(expired.status().is_success());
    let client = salesforce::client(&ctx).await.unwrap();
    assert_eq!(codes(&sf::check_package(&client).await), ["package_old"]);
    let run = msi_actions_setup::checks::record(&session.store, env.id(), "6", sf::check_package(&client).await, &session.actor).unwrap();
    assert_eq!(run.outcome, CheckOutcome::Gaps);
    salesforce::disconnect(&ctx).await.unwrap();
    session.shutdown().await;
}
