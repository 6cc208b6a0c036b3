//! Issue 6, the Marketo and Sales-account side, against the sandbox over real HTTP: P1, P2 (leads with
//! Salesforce ids), step 1 (Marketo admins, their invitation to the Sales account), step 4 (overlap
//! count within Marketo's limits, sync fields, start, progress, failure) and what each records.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use msi_actions_setup::checks::marketo::{self as steps, LeadSample, StepError, STEP1_CONSOLE_PATH, STEP4_CONSOLE_PATH};
use msi_actions_setup::checks::overlap::{self, OverlapProgress};
use msi_actions_setup::checks::{self, CheckOutcome, FindingLevel};
use msi_actions_setup::invites::engine::RunControl;
use msi_actions_setup::sandbox::marketo::{SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_FIRST_LEAD_ID, SANDBOX_MUNCHKIN_ID};
use msi_actions_setup::secrets::SecretString;
use msi_actions_setup::services::marketo::{CallLimits, MarketoClient, MarketoCredentials, MarketoEndpoints, MarketoRetry, MunchkinId};
use msi_actions_setup::services::sales_actions::{SalesActions, SyncStatus};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

use common::World;

fn marketo_with(world: &World, limits: CallLimits) -> MarketoClient {
    let credentials = MarketoCredentials {
        munchkin_id: MunchkinId::parse(SANDBOX_MUNCHKIN_ID).unwrap(),
        client_id: SANDBOX_CLIENT_ID.to_owned(),
        client_secret: SecretString::new(SANDBOX_CLIENT_SECRET),
    };
    let retry = MarketoRetry { max_attempts: 4, first_backoff: Duration::from_millis(20), rate_limit_wait: Duration::from_millis(100) };
    MarketoClient::new(world.http.clone(), MarketoEndpoints::with_base(&world.sandbox.root_url()).unwrap(), credentials)
        .with_retry(retry)
        .with_limits(limits)
}

fn marketo(world: &World) -> MarketoClient {
    marketo_with(world, CallLimits::marketo())
}

async fn post(world: &World, path: &str, body: Value) -> Value {
    let response = world.http.post(format!("{}{path}", world.sandbox.root_url())).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path} refused");
    response.json().await.unwrap()
}

async fn marketo_control(world: &World, body: Value) -> Value {
    post(world, "/_sandbox/marketo", body).await
}

async fn marketo_errors(world: &World, code: &str) -> u64 {
    let view: Value =
        world.http.get(format!("{}/_sandbox/marketo", world.sandbox.root_url())).send().await.unwrap().json().await.unwrap();
    view["counters"]["api_errors"][code].as_u64().unwrap_or(0)
}

fn codes(findings: &[checks::Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

fn find<'a>(findings: &'a [checks::Finding], code: &str) -> &'a checks::Finding {
    findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("no {code} in {:?}", codes(findings)))
}

fn bulk_emails(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|n| format!("person{n}@bulk.test")).collect()
}

// ---- P1 ----

#[tokio::test]
async fn p1_reads_marketo_and_the_sales_account_and_asks_to_confirm_the_rest() {
    let world = common::world().await;
    let client = marketo(&world);
    let findings = steps::check_p1(Some(&client), Some(&world.client)).await;
    assert_eq!(codes(&findings), ["marketo_reachable", "sales_account_reachable", "msi_actions_enabled_confirm"]);
    assert_eq!(find(&findings, "sales_account_reachable").params["seats_total"], "100");
    assert_eq!(find(&findings, "msi_actions_enabled_confirm").level, FindingLevel::Info);

    let run = checks::record(&world.store, "sandbox", msi_actions_setup::setup::StepId::P1, findings, "ana").unwrap();
    assert_eq!(run.outcome, CheckOutcome::Ok);

    let handoff = steps::check_p1(None, None).await;
    assert_eq!(codes(&handoff), ["marketo_not_connected", "sales_account_handoff", "msi_actions_enabled_confirm"]);
    assert_eq!(CheckOutcome::of(&handoff), CheckOutcome::Gaps);
}

#[tokio::test]
async fn marketo_603_is_an_error_finding_and_a_failed_check() {
    let world = common::world().await;
    let client = marketo(&world);
    marketo_control(&world, json!({"deny_603": true})).await;
    let p1 = steps::check_p1(Some(&client), Some(&world.client)).await;
    let denied = find(&p1, "marketo_access_denied");
    assert_eq!((denied.level, denied.params["code"].as_str()), (FindingLevel::Error, "603"));
    let p2 = steps::check_p2_marketo(&client, &LeadSample::Ids { from: SANDBOX_FIRST_LEAD_ID, count: 300 }).await;
    assert_eq!(find(&p2, "marketo_access_denied").level, FindingLevel::Error);
    let run = checks::record(&world.store, "sandbox", msi_actions_setup::setup::StepId::P2, p2, "ana").unwrap();
    assert_eq!(run.outcome, CheckOutcome::Failed);
    let step1 = steps::check_step1(&client, Some(&world.client)).await;
    assert_eq!(find(&step1, "marketo_access_denied").level, FindingLevel::Error);
    assert_eq!(steps::marketo_admins(&client).await.unwrap_err().code(), "access_denied_603");
    let overlap = overlap::count(&client, &bulk_emails(0..10), RunControl::unattended(), |_| {}).await;
    assert_eq!(overlap.unwrap_err().code(), "access_denied_603");
}

// ---- P2 ----

#[tokio::test]
async fn p2_counts_leads_carrying_salesforce_ids() {
    let world = common::world().await;
    let client = marketo(&world);
    let findings = steps::check_p2_marketo(&client, &LeadSample::Ids { from: SANDBOX_FIRST_LEAD_ID, count: 300 }).await;
    let with_ids = find(&findings, "sync_leads_with_sfdc_ids");
    assert_eq!((with_ids.level, with_ids.params["count"].as_str(), with_ids.params["sample"].as_str()), (FindingLevel::Ok, "30", "40"));
    assert_eq!(find(&findings, "sync_status_confirm").level, FindingLevel::Info);
    assert_eq!(CheckOutcome::of(&findings), CheckOutcome::Ok);
}

#[tokio::test]
async fn p2_without_salesforce_ids_is_a_gap_and_an_empty_sample_says_so() {
    let world = common::world().await;
    let client = marketo(&world);
    marketo_control(&world, json!({"add_leads": {"count": 5, "domain": "nosync.test", "sfdc_every": 0}})).await;
    let emails: Vec<String> = (0..5).map(|n| format!("person{n}@nosync.test")).collect();
    let findings = steps::check_p2_marketo(&client, &LeadSample::Emails(emails)).await;
    let gap = find(&findings, "sync_no_sfdc_ids");
    assert_eq!((gap.level, gap.params["sample"].as_str()), (FindingLevel::Gap, "5"));
    assert_eq!(CheckOutcome::of(&findings), CheckOutcome::Gaps);

    let nobody = steps::check_p2_marketo(&client, &LeadSample::Emails(vec!["nobody@nowhere.test".into()])).await;
    assert_eq!(codes(&nobody), ["sync_sample_empty", "sync_status_confirm"]);
}

// ---- Step 1 ----

#[tokio::test]
async fn marketo_admins_are_the_users_with_an_admin_role_and_not_api_only() {
    let world = common::world().await;
    let client = marketo(&world);
    let page = client.users_page(0, 3).await.unwrap();
    assert_eq!(page.len(), 3);
    let all = client.all_users().await.unwrap();
    assert_eq!(all.len(), 8);
    assert!(all.iter().any(|u| u.api_only && u.userid == "sync.api@acme.test"));

    let admins = steps::marketo_admins(&client).await.unwrap();
    let emails: Vec<&str> = admins.iter().map(|a| a.email.as_str()).collect();
    assert_eq!(emails, ["admin@acme.test", "marketing.ops@acme.test", "emea.lead@acme.test"]);
    let emea = &admins[2];
    assert_eq!((emea.first_name.as_deref(), emea.roles.as_slice()), (Some("Elena"), &["Admin (EMEA)".to_owned()][..]));

    let findings = steps::check_step1(&client, Some(&world.client)).await;
    assert_eq!(find(&findings, "marketo_admins_found").params["count"], "3");
    assert_eq!(find(&findings, "sales_admins_present").params["emails"], "admin@acme.test");
    assert_eq!(find(&findings, "first_admin_never_delete").level, FindingLevel::Info);
}

#[tokio::test]
async fn chosen_admins_are_invited_through_the_sales_account_and_again_are_already() {
    let world = common::world().await;
    let chosen = vec!["Marketing.Ops@acme.test ".to_owned(), "admin@acme.test".to_owned(), "marketing.ops@acme.test".to_owned()];
    let outcome = steps::invite_admins(Some(&world.client), &chosen).await.unwrap();
    assert_eq!(outcome.result.invited, ["marketing.ops@acme.test"]);
    assert_eq!(outcome.result.already, ["admin@acme.test"]);
    assert_eq!(find(&outcome.findings, "admins_invited").params["emails"], "marketing.ops@acme.test");
    // The account already had its first admin: that one is never to be deleted, not the newcomer.
    assert_eq!(find(&outcome.findings, "first_admin_never_delete").params["email"], "admin@acme.test");
    assert_eq!(find(&outcome.findings, "further_users_step5").params["max"], "3");

    let pending = world.client.invitations(Some("pending"), Some("marketing.ops@acme.test")).await.unwrap();
    assert_eq!(pending.len(), 1, "one pending admin invitation");

    let again = steps::invite_admins(Some(&world.client), &chosen).await.unwrap();
    assert!(again.result.invited.is_empty());
    assert_eq!(again.result.already, ["marketing.ops@acme.test", "admin@acme.test"]);
    assert_eq!(find(&again.findings, "admins_already").params["count"], "2");

    assert!(matches!(steps::invite_admins(Some(&world.client), &[]).await, Err(StepError::AdminCount)));
    match steps::invite_admins(None, &chosen).await {
        Err(StepError::Handoff { console_path }) => assert_eq!(console_path, STEP1_CONSOLE_PATH),
        other => panic!("expected the hand-off, got {other:?}"),
    }
}

#[tokio::test]
async fn step_1_refuses_more_than_the_first_admins_with_the_reason_and_sends_nothing() {
    let world = common::world().await;
    let four = ["a1@acme.test", "a2@acme.test", "a3@acme.test", "a4@acme.test"].map(str::to_owned);
    match steps::invite_admins(Some(&world.client), &four).await {
        Err(error @ StepError::FirstAdminsOnly { max: 3, existing: 0, new: 4 }) => {
            assert_eq!(error.code(), "first_admins_only");
            assert!(error.to_string().contains("step 5"), "{error}");
        }
        other => panic!("expected first_admins_only, got {other:?}"),
    }
    // The sandbox account already has one admin: three more would make four.
    let three = ["marketing.ops@acme.test", "emea.lead@acme.test", "new.admin@acme.test"].map(str::to_owned);
    match steps::invite_admins(Some(&world.client), &three).await {
        Err(StepError::FirstAdminsOnly { max: 3, existing: 1, new: 3 }) => {}
        other => panic!("expected first_admins_only, got {other:?}"),
    }
    for email in four.iter().chain(three.iter()) {
        assert!(world.client.invitations(None, Some(email)).await.unwrap().is_empty(), "{email} was sent an invitation");
    }
    let stats = world.stats().await;
    let calls: u64 = stats["requests"]
        .as_array()
        .map(|rows| rows.iter().filter(|r| r["route"].as_str().is_some_and(|route| route.contains("admin-invitations"))).filter_map(|r| r["count"].as_u64()).sum())
        .unwrap_or(0);
    assert_eq!(calls, 0, "nothing reached the Sales account's admin invitations");
    // Two more is within the first admins.
    let two = steps::invite_admins(Some(&world.client), &three[..2]).await.unwrap();
    assert_eq!(two.result.invited.len(), 2);
}

// ---- Step 3: the Sales account takes the Actions Config credentials ----

#[tokio::test(flavor = "multi_thread")]
async fn step_3_connects_the_sales_account_with_the_actions_config_credentials_not_the_launchpoint_ones() {
    use msi_actions_setup::connections::actions_config::{self, ActionsConfigInput};
    use msi_actions_setup::connections::marketo::{self as launchpoint, MarketoInput};
    use msi_actions_setup::connections::ConnectionError;
    use msi_actions_setup::sandbox::marketo::{SANDBOX_ACTIONS_CLIENT_ID, SANDBOX_ACTIONS_CLIENT_SECRET};
    use msi_actions_setup::secrets::SecretKey;
    use msi_actions_setup::setup::{self, StepState};

    let dir = tempfile::tempdir().unwrap();
    let session = msi_actions_setup::session::Session::start(dir.path()).await.unwrap();
    let env = session.active();
    let ctx = session.connections(&env).unwrap();
    let account = |session: &msi_actions_setup::session::Session| {
        common::json_of(
            reqwest::Client::new()
                .get(format!("{}/api/v1/account", session.sandbox_url()))
                .bearer_auth(msi_actions_setup::sandbox::SANDBOX_TOKEN),
        )
    };
    let step3 = |session: &msi_actions_setup::session::Session| {
        setup::plan(&session.store, "sandbox").unwrap().into_iter().find(|s| s.id == msi_actions_setup::setup::StepId::Step3).unwrap().status
    };

    // The app's own LaunchPoint service: saved for its reads, never handed to the Sales account.
    launchpoint::connect(&ctx, MarketoInput {
        munchkin_id: SANDBOX_MUNCHKIN_ID.into(),
        client_id: SANDBOX_CLIENT_ID.into(),
        client_secret: SANDBOX_CLIENT_SECRET.into(),
    })
    .await
    .unwrap();
    assert_eq!(account(&session).await["connections"]["marketo"]["connected"], false);
    assert_eq!(step3(&session).state, StepState::NotStarted);

    // Its Client ID offered for the Sales account is refused before anything is sent.
    let mixed_up = actions_config::connect(&ctx, ActionsConfigInput {
        munchkin_id: SANDBOX_MUNCHKIN_ID.into(),
        client_id: SANDBOX_CLIENT_ID.into(),
        client_secret: SANDBOX_CLIENT_SECRET.into(),
    })
    .await;
    assert!(matches!(mixed_up, Err(ConnectionError::LaunchPointForSalesAccount)), "{mixed_up:?}");
    assert_eq!(account(&session).await["connections"]["marketo"]["connected"], false);

    let view = actions_config::connect(&ctx, ActionsConfigInput {
        munchkin_id: SANDBOX_MUNCHKIN_ID.to_lowercase(),
        client_id: SANDBOX_ACTIONS_CLIENT_ID.into(),
        client_secret: SANDBOX_ACTIONS_CLIENT_SECRET.into(),
    })
    .await
    .unwrap();
    // What the Sales account received: the Actions Config set.
    let marketo = &account(&session).await["connections"]["marketo"];
    assert_eq!((marketo["connected"].as_bool(), marketo["munchkin_id"].as_str()), (Some(true), Some(SANDBOX_MUNCHKIN_ID)));
    assert_eq!(marketo["client_id"], SANDBOX_ACTIONS_CLIENT_ID);
    assert!(view.secret_saved && view.sales_account_accepted_at.is_some());
    assert_eq!(view.client_id.as_deref(), Some(SANDBOX_ACTIONS_CLIENT_ID));
    let status = step3(&session);
    assert_eq!(status.state, StepState::Done);
    assert_eq!((status.verified_by, status.reason), (Some(msi_actions_setup::setup::VerifiedBy::App), None));

    // Two keyring entries, each with its own secret; the console hand-off copies the Actions Config one.
    let secrets = session.secrets().unwrap();
    assert_eq!(secrets.get(&SecretKey::new("sandbox", "marketo", "client_secret")).unwrap().unwrap().expose(), SANDBOX_CLIENT_SECRET);
    assert_eq!(
        secrets.get(&SecretKey::new("sandbox", "marketo_actions", "client_secret")).unwrap().unwrap().expose(),
        SANDBOX_ACTIONS_CLIENT_SECRET
    );
    assert_eq!(launchpoint::saved_secret(&ctx).await.unwrap().expose(), SANDBOX_ACTIONS_CLIENT_SECRET);
    // Never on disk outside the simulator's own file.
    let on_disk: Vec<_> =
        common::files_containing(dir.path(), SANDBOX_ACTIONS_CLIENT_SECRET).into_iter().filter(|p| !p.contains("sandbox")).collect();
    assert!(on_disk.is_empty(), "{on_disk:?}");
    session.shutdown().await;
}

// ---- Step 4: overlap count ----

#[tokio::test]
async fn overlap_count_is_right_on_a_seeded_set_with_progress() {
    let world = common::world().await;
    let client = marketo(&world);
    marketo_control(&world, json!({"add_leads": {"count": 1000, "sfdc_every": 2}})).await;
    let mut emails = bulk_emails(0..1500);
    emails.push("MARIA.GARCIA@acme.test".into());
    emails.push(" person3@bulk.test ".into());
    emails.push("not an email".into());
    let seen: Arc<Mutex<Vec<OverlapProgress>>> = Arc::default();
    let sink = seen.clone();
    let report = overlap::count(&client, &emails, RunControl::unattended(), move |p| sink.lock().unwrap().push(p.clone())).await.unwrap();
    assert_eq!((report.total, report.checked, report.found_in_both), (1501, 1501, 1001));
    assert_eq!(report.with_sfdc_ids, 501, "every 2nd bulk lead and María carry a Salesforce id");
    assert_eq!(report.calls, 6, "1,501 emails at 300 per call");
    assert_eq!((report.retried_606, report.retried_615, report.cancelled), (0, 0, false));
    assert!(report.missing_sample.iter().all(|e| e.starts_with("person1") && e.ends_with("@bulk.test")));
    {
        let seen = seen.lock().unwrap();
        assert!(seen.windows(2).all(|w| w[0].done <= w[1].done));
        let last = seen.last().unwrap();
        assert_eq!((last.done, last.total, last.found), (1501, 1501, 1001));
        assert!(last.rate > 0.0 && last.eta_secs == Some(0));
    }
    let findings = overlap::findings(&report);
    assert_eq!(find(&findings, "overlap_count").params["found"], "1001");
    assert_eq!(marketo_errors(&world, "606").await + marketo_errors(&world, "615").await, 0);
}

#[tokio::test]
async fn forced_606_and_615_bursts_are_retried_and_the_count_stays_right() {
    let world = common::world().await;
    let client = marketo(&world);
    marketo_control(&world, json!({"add_leads": {"count": 1200}})).await;
    marketo_control(&world, json!({"fail_next": [{"code": "606", "count": 3}, {"code": "615", "count": 2}]})).await;
    let report = overlap::count_with(&client, &bulk_emails(0..2400), RunControl::unattended(), |_| {}, Duration::from_millis(100))
        .await
        .unwrap();
    assert_eq!((report.checked, report.found_in_both), (2400, 1200));
    assert_eq!(report.retried_606 + report.retried_615, 5, "{report:?}");
    assert!(report.retried_615 <= 2);
    assert_eq!(find(&overlap::findings(&report), "overlap_rate_limited").params["retries"], "5");
}

#[tokio::test]
async fn the_client_side_limiter_keeps_a_tight_instance_free_of_606_and_615() {
    let world = common::world().await;
    marketo_control(&world, json!({"add_leads": {"count": 300}, "rate_limit": {"calls": 5, "per_secs": 1, "in_flight": 2}})).await;
    let client = marketo_with(&world, CallLimits { calls: 5, per: Duration::from_secs(1), in_flight: 2 });
    let started = std::time::Instant::now();
    let report = overlap::count(&client, &bulk_emails(0..3000), RunControl::unattended(), |_| {}).await.unwrap();
    assert_eq!((report.checked, report.found_in_both, report.calls), (3000, 300, 10));
    assert!(started.elapsed() >= Duration::from_secs(1), "10 calls at 5 per second take over a second");
    assert_eq!((report.retried_606, report.retried_615), (0, 0));
    assert_eq!((marketo_errors(&world, "606").await, marketo_errors(&world, "615").await), (0, 0));

    // A client that ignores the instance's limits meets 606s, retries them, and still counts right.
    let greedy = marketo_with(&world, CallLimits { calls: 100, per: Duration::from_secs(20), in_flight: 2 });
    let report = overlap::count_with(&greedy, &bulk_emails(0..4500), RunControl::unattended(), |_| {}, Duration::from_millis(200))
        .await
        .unwrap();
    assert_eq!((report.checked, report.found_in_both), (4500, 300));
    assert!(report.retried_606 > 0, "{report:?}");
}

#[tokio::test]
async fn overlap_count_pauses_and_cancels() {
    let world = common::world().await;
    let client = marketo(&world);
    let (pause, paused) = watch::channel(true);
    let control = RunControl { cancel: CancellationToken::new(), paused };
    let resume = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        pause.send_replace(false);
        pause
    });
    let seen: Arc<Mutex<Vec<OverlapProgress>>> = Arc::default();
    let sink = seen.clone();
    let started = std::time::Instant::now();
    let report = overlap::count(&client, &bulk_emails(0..900), control, move |p| sink.lock().unwrap().push(p.clone())).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!((report.checked, report.cancelled), (900, false));
    assert!(seen.lock().unwrap().iter().any(|p| p.paused && p.done == 0));
    drop(resume.await.unwrap());

    let cancel = CancellationToken::new();
    cancel.cancel();
    let (_keep, paused) = watch::channel(false);
    let report = overlap::count(&client, &bulk_emails(0..900), RunControl { cancel, paused }, |_| {}).await.unwrap();
    assert_eq!((report.checked, report.calls, report.cancelled), (0, 0, true));
    assert_eq!(overlap::findings(&report)[0].code, "overlap_cancelled");
}

// ---- Step 4: sync ----

#[tokio::test]
async fn sync_fields_are_the_thirteen_of_the_guide() {
    let world = common::world().await;
    let fields = steps::sync_fields(Some(&world.client)).await.unwrap();
    assert_eq!(fields.len(), 13);
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    for name in ["first_name", "sfdc_contact_id", "sfdc_lead_id", "sfdc_account_id", "sfdc_opportunity_id", "marketo_id", "linkedin_url", "source"] {
        assert!(names.contains(&name), "{name}");
    }
    assert!(fields.iter().all(|f| f.direction == "marketo_to_actions"));
    match steps::sync_fields(None).await {
        Err(StepError::Handoff { console_path }) => assert_eq!(console_path, STEP4_CONSOLE_PATH),
        other => panic!("expected the hand-off, got {other:?}"),
    }
}

async fn until_finished(world: &World, id: &str) -> steps::SyncReport {
    let mut statuses = Vec::new();
    for _ in 0..200 {
        let report = steps::sync_progress(Some(&world.client), id).await.unwrap();
        statuses.push(report.job.status);
        if report.job.status.is_finished() {
            assert!(statuses.contains(&SyncStatus::Running), "{statuses:?}");
            return report;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the sync never finished: {statuses:?}");
}

#[tokio::test]
async fn sync_starts_progresses_and_is_done_with_409_while_running() {
    let world = common::world().await;
    post(&world, "/_sandbox/sync", json!({"total": 60, "per_sec": 120, "queued_ms": 100})).await;
    let started = steps::start_sync(Some(&world.client)).await.unwrap();
    assert_eq!((started.job.status, started.job.synced), (SyncStatus::Queued, 0));
    assert_eq!(codes(&started.findings), ["sync_started", "first_admin_never_delete"]);

    let raw = world
        .http
        .post(format!("{}/api/v1/sync/jobs", world.sandbox.root_url()))
        .bearer_auth(msi_actions_setup::sandbox::SANDBOX_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::CONFLICT);
    let body: Value = raw.json().await.unwrap();
    assert_eq!((body["error"]["code"].as_str(), body["error"]["existing"]["id"].as_str()), (Some("sync_running"), Some(started.job.id.as_str())));

    let again = steps::start_sync(Some(&world.client)).await.unwrap();
    assert_eq!(again.job.id, started.job.id);
    assert_eq!(again.findings[0].code, "sync_already_running");

    let done = until_finished(&world, &started.job.id).await;
    assert_eq!((done.job.status, done.job.synced, done.job.total), (SyncStatus::Done, 60, Some(60)));
    assert!(done.job.finished_at.is_some());
    let sync_done = find(&done.findings, "sync_done");
    assert_eq!((sync_done.params["synced"].as_str(), sync_done.params["total"].as_str()), ("60", "60"));
    let run = checks::record(&world.store, "sandbox", msi_actions_setup::setup::StepId::Step4, done.findings, "ana").unwrap();
    assert_eq!(run.outcome, CheckOutcome::Ok);

    let next = steps::start_sync(Some(&world.client)).await.unwrap();
    assert_ne!(next.job.id, started.job.id, "a finished sync can be started again");
}

#[tokio::test]
async fn a_faulted_sync_fails_part_way_and_is_a_gap() {
    let world = common::world().await;
    post(&world, "/_sandbox/sync", json!({"total": 100, "per_sec": 100, "queued_ms": 0, "fail_after": 20})).await;
    let started = steps::start_sync(Some(&world.client)).await.unwrap();
    let failed = until_finished(&world, &started.job.id).await;
    assert_eq!((failed.job.status, failed.job.synced, failed.job.failed), (SyncStatus::Failed, 20, 80));
    let gap = find(&failed.findings, "sync_failed");
    assert_eq!(gap.level, FindingLevel::Gap);
    assert!(!gap.params["error"].is_empty());
    let run = checks::record(&world.store, "sandbox", msi_actions_setup::setup::StepId::Step4, failed.findings, "ana").unwrap();
    assert_eq!(run.outcome, CheckOutcome::Gaps);

    let missing = steps::sync_progress(Some(&world.client), "no-such-job").await.unwrap_err();
    assert_eq!(missing.code(), "sales_account_not_found");
    let bad = world.http.post(format!("{}/_sandbox/sync", world.sandbox.root_url())).json(&json!({"per_sec": 0})).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

// ---- P2: the sync user the admin names ----

/// Signs in to the sandbox org as its admin (the test plays the browser).
async fn salesforce(world: &World) -> msi_actions_setup::services::salesforce::SalesforceClient {
    use msi_actions_setup::auth::{self, LoginHost, SignInConfig};
    use msi_actions_setup::services::salesforce::{RetryPolicy, SalesforceClient};
    let host = LoginHost::my_domain(&world.sandbox.root_url()).unwrap();
    let mut config = SignInConfig::new(msi_actions_setup::sandbox::salesforce::SANDBOX_CONSUMER_KEY, host);
    config.port = 0;
    config.timeout = Duration::from_secs(20);
    let pending = auth::start_without_listener(config).unwrap();
    let location = common::consent(pending.authorize_url(), "allow").await;
    let tokens = pending.complete_with_pasted_url(&location).await.unwrap();
    let retry = RetryPolicy { max_attempts: 2, first_backoff: Duration::from_millis(10), ..RetryPolicy::default() };
    SalesforceClient::new(SalesforceClient::default_http_client().unwrap(), &tokens).with_retry(retry)
}

#[tokio::test]
async fn p2_checks_the_named_sync_user_not_the_signed_in_one() {
    use msi_actions_setup::checks::salesforce::{check_sync_user, save_sync_user, saved_sync_user};
    let world = common::world().await;
    // Signed in as admin@acme.test — who is not the sync user, so nothing is said about them.
    let client = salesforce(&world).await;

    let unnamed = check_sync_user(&client, None).await;
    assert_eq!(codes(&unnamed), ["p2_sync_user_not_named"]);
    assert_eq!(unnamed[0].level, FindingLevel::Gap);

    let ready = check_sync_user(&client, Some("sam.seller@acme.test.acmesb")).await;
    assert_eq!(codes(&ready), ["p2_sync_user_ready"]);
    assert_eq!((ready[0].params["username"].as_str(), ready[0].params["objects"].as_str()), ("sam.seller@acme.test.acmesb", "Lead, Contact"));

    let inactive = check_sync_user(&client, Some("luis@example.es.acmesb")).await;
    assert_eq!(codes(&inactive), ["p2_sync_user_inactive"]);
    assert_eq!(inactive[0].params["username"], "luis@example.es.acmesb");

    let no_api = check_sync_user(&client, Some("ana@example.es.acmesb")).await;
    assert_eq!(codes(&no_api), ["p2_sync_user_api_disabled"]);

    let missing = check_sync_user(&client, Some("nobody@acme.test")).await;
    assert_eq!(codes(&missing), ["p2_sync_user_not_found"]);
    assert_eq!((missing[0].level, missing[0].params["username"].as_str()), (FindingLevel::Gap, "nobody@acme.test"));
    for findings in [&unnamed, &ready, &inactive, &no_api, &missing] {
        assert!(findings.iter().all(|f| f.params.get("username").map(String::as_str) != Some("admin@acme.test")), "{findings:?}");
    }

    // The name is kept per environment, and P2 with it never settles on its own (the sync status is confirmed).
    save_sync_user(&world.store, "sandbox", "sam.seller@acme.test.acmesb", "ana").unwrap();
    assert_eq!(saved_sync_user(&world.store, "sandbox").unwrap().as_deref(), Some("sam.seller@acme.test.acmesb"));
    let plan = checks::settle::settle(&world.store, "sandbox", msi_actions_setup::setup::StepId::P2, ready, "ana").unwrap();
    assert_eq!(plan.iter().find(|s| s.id == msi_actions_setup::setup::StepId::P2).unwrap().status.state, msi_actions_setup::setup::StepState::NotStarted);
}
