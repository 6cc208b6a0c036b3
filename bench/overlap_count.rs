//! Benchmark (not a test) of step 4's overlap count at Marketo's real limits: starts the embedded sandbox
//! (its Marketo allows 100 calls / 20 s and 10 in flight, answering 606/615 beyond), seeds 15,000 leads,
//! and counts which of 30,000 emails Marketo holds — 300 per call, so 100 calls, the whole 20-s allowance —
//! with the app's own limits: at most 5 calls in flight (the other 5 are left to the instance's other
//! integrations).
//!
//! Two passes on one client: the first starts with an unused allowance and spends it in a burst; the
//! second starts right after, with the window spent, so the client-side limiter holds it until the
//! window moves on. Calls per 20 s achieved = pass 1's calls over the time from pass 1's start to pass
//! 2's first answer (the allowance used, and the next window opened as soon as Marketo allows). Targets: ≥ 95 % of the allowance, 0 × 606/615 seen by the admin (the
//! sandbox's own counters: none even reached the wire).
//!
//! cargo bench --features custom-protocol --bench overlap_count [-- EMAILS]

use std::time::{Duration, Instant};

use msi_actions_setup::checks::overlap::{self, OverlapReport};
use msi_actions_setup::invites::engine::RunControl;
use msi_actions_setup::sandbox::marketo::{SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_MUNCHKIN_ID};
use msi_actions_setup::sandbox::{self, SandboxConfig};
use msi_actions_setup::secrets::SecretString;
use msi_actions_setup::services::marketo::{CallLimits, MarketoClient, MarketoCredentials, MarketoEndpoints, MunchkinId};
use serde_json::{json, Value};

const ALLOWANCE: f64 = 100.0;
const WINDOW_SECS: f64 = 20.0;

fn main() {
    let emails_wanted: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(30_000);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    if let Err(message) = runtime.block_on(run(emails_wanted)) {
        eprintln!("overlap_count bench failed: {message}");
        std::process::exit(1);
    }
}

async fn run(emails_wanted: usize) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let running = sandbox::start(SandboxConfig::new(dir.path().join("sandbox.db"))).await.map_err(|e| e.to_string())?;
    let root = running.root_url();
    let http = MarketoClient::default_http_client().map_err(|e| e.to_string())?;

    let seeded = emails_wanted / 2;
    let view = control(&http, &root, json!({"add_leads": {"count": seeded, "sfdc_every": 2}})).await?;
    println!("sandbox Marketo: {} leads (limits {})", view["leads"], view["settings"]["rate_limit"]);

    let credentials = MarketoCredentials {
        munchkin_id: MunchkinId::parse(SANDBOX_MUNCHKIN_ID).map_err(|e| e.to_string())?,
        client_id: SANDBOX_CLIENT_ID.to_owned(),
        client_secret: SecretString::new(SANDBOX_CLIENT_SECRET),
    };
    let endpoints = MarketoEndpoints::with_base(&root).map_err(|e| e.to_string())?;
    let client = MarketoClient::new(http.clone(), endpoints, credentials).with_limits(CallLimits::default());
    println!("client limits: {:?} (the app's own: ≤ 5 in flight)", client.limits());
    let emails: Vec<String> = (0..emails_wanted).map(|n| format!("person{n}@bulk.test")).collect();

    let t0 = Instant::now();
    let (first, _) = pass(&client, &emails, "pass 1 (unused allowance)").await?;
    let (second, second_first_answer) = pass(&client, &emails, "pass 2 (allowance spent, paced)").await?;
    let t1 = second_first_answer.ok_or("pass 2 got no answer")?;

    let counters = control(&http, &root, json!({})).await?;
    let errors = |code: &str| counters["counters"]["api_errors"][code].as_u64().unwrap_or(0);
    let (wire_606, wire_615) = (errors("606"), errors("615"));
    let seen_by_admin = first.retried_606 + first.retried_615 + second.retried_606 + second.retried_615;

    let window = t1.duration_since(t0).as_secs_f64();
    let sustained = first.calls as f64 / window * WINDOW_SECS;
    println!("pass 1's {} calls took the window from its start to pass 2's first answer: {window:.2} s", first.calls);
    let share = sustained / ALLOWANCE * 100.0;
    println!();
    println!("achieved: {sustained:.1} calls per 20 s against an allowance of {ALLOWANCE:.0} ({share:.1} %, target ≥ 95 %)");
    println!("606/615 seen by the admin: {seen_by_admin} (target 0); on the wire: 606 × {wire_606}, 615 × {wire_615}");
    let correct = first.found_in_both == seeded as u64 && second.found_in_both == seeded as u64;
    println!("count correct: {correct} ({} of {} found in both)", second.found_in_both, second.checked);
    running.shutdown().await;
    if share < 95.0 || seen_by_admin > 0 || wire_606 + wire_615 > 0 || !correct {
        return Err("a target was missed".into());
    }
    Ok(())
}

/// The report and when the pass got its first answer.
async fn pass(client: &MarketoClient, emails: &[String], label: &str) -> Result<(OverlapReport, Option<Instant>), String> {
    let started = Instant::now();
    let mut last_print = Instant::now();
    let mut first_answer = None;
    let report = overlap::count(client, emails, RunControl::unattended(), |p| {
        if p.done > 0 && first_answer.is_none() {
            first_answer = Some(Instant::now());
        }
        if last_print.elapsed() >= Duration::from_secs(5) {
            last_print = Instant::now();
            let eta = p.eta_secs.map_or_else(|| "?".to_owned(), |s| s.to_string());
            println!("  … {} / {} emails, {} calls, ETA at the mean rate so far {eta} s", p.done, p.total, p.calls);
        }
    })
    .await
    .map_err(|e| e.to_string())?;
    println!(
        "{label}: {} emails, {} found in both, {} calls in {:.2} s, 606 retried × {}, 615 retried × {}",
        report.checked,
        report.found_in_both,
        report.calls,
        started.elapsed().as_secs_f64(),
        report.retried_606,
        report.retried_615
    );
    Ok((report, first_answer))
}

async fn control(http: &reqwest::Client, root: &str, body: Value) -> Result<Value, String> {
    let response = http.post(format!("{root}/_sandbox/marketo")).json(&body).send().await.map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("sandbox control refused: {}", response.status()));
    }
    response.json().await.map_err(|e| e.to_string())
}
