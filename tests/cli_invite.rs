//! `msi-actions-setup invite` as a real process, against a sandbox this test runs for the data folder
//! (the CLI finds it through `<data dir>/sandbox/endpoint.json` and reuses it): sends once, a rerun sends
//! nothing, `--json` lines, exit 3 while another process holds the folder, kill -9 mid-run then rerun →
//! everyone invited exactly once, `--import ID`, the hand-off route, and a closed stdout.

mod common;

use msi_actions_setup::lock::{self, LockPurpose};
use msi_actions_setup::sandbox::endpoint::{self, OwnedSandbox};
use msi_actions_setup::sandbox::{RateLimit, SandboxConfig, SANDBOX_TOKEN};
use msi_actions_setup::store::{invitations, settings, Store};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_msi-actions-setup");

/// The folder's sandbox, run by the test (generous rate limit: the test counts invitations, not 429s).
async fn sandbox_for(dir: &Path) -> OwnedSandbox {
    let state = dir.join("sandbox").join("sandbox.db");
    std::fs::create_dir_all(state.parent().unwrap()).unwrap();
    let mut config = SandboxConfig::new(state);
    config.rate_limit = RateLimit { requests: 100_000, per: Duration::from_secs(1), in_flight: 50 };
    endpoint::start_owned(dir, config).await.expect("the test's sandbox starts")
}

fn invite_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command.arg("invite").args(args).arg("--data-dir").arg(dir).env_remove("MSI_SETUP_DATA_DIR");
    command
}

/// Runs off the async threads: the sandbox serving the child lives on this test's runtime.
async fn invite(dir: &Path, args: &[&str]) -> Output {
    let mut command = invite_command(dir, args);
    tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap()
}

fn addresses_file(dir: &Path, name: &str, addresses: &[String]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, addresses.join("\n")).unwrap();
    path.display().to_string()
}

fn people(n: usize, tag: &str) -> Vec<String> {
    (0..n).map(|i| format!("{tag}{i}@example.com")).collect()
}

/// Every stdout line as JSON; the last must be the summary.
fn json_lines(output: &Output) -> Vec<Value> {
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    stdout.lines().map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))).collect()
}

fn summary(output: &Output) -> Value {
    let lines = json_lines(output);
    let last = lines.last().cloned().unwrap_or_else(|| panic!("no output; stderr: {}", String::from_utf8_lossy(&output.stderr)));
    assert_eq!(last["event"], "summary", "{last}");
    last
}

async fn get_json(url: String) -> Value {
    common::json_of(reqwest::Client::new().get(url).bearer_auth(SANDBOX_TOKEN)).await
}

/// How many invitations the service holds per email (all pages).
async fn remote_counts(root: &str) -> std::collections::HashMap<String, u32> {
    let mut counts = std::collections::HashMap::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{root}/api/v1/invitations?limit=500");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page = get_json(url).await;
        for item in page["items"].as_array().unwrap() {
            *counts.entry(item["email"].as_str().unwrap().to_lowercase()).or_insert(0) += 1;
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return counts,
        }
    }
}

async fn duplicate_sends(root: &str) -> u64 {
    let stats = common::json_of(reqwest::Client::new().get(format!("{root}/_sandbox/stats"))).await;
    stats["duplicate_sends"].as_u64().expect("duplicate_sends in stats")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn addresses_are_sent_once_and_a_second_run_sends_none() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox_for(dir.path()).await;
    let mut list = people(5, "first");
    list.push("not-an-email".into());
    let file = addresses_file(dir.path(), "people.txt", &list);

    let first = invite(dir.path(), &["--addresses", &file, "--json"]).await;
    assert_eq!(first.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&first.stderr));
    let lines = json_lines(&first);
    let progress: Vec<&Value> = lines.iter().filter(|l| l["event"] == "progress").collect();
    assert!(!progress.is_empty(), "progress lines: {lines:?}");
    for line in &progress {
        for key in ["done", "total", "sent", "failed", "skipped", "per_second", "eta_seconds"] {
            assert!(line.get(key).is_some(), "{key} in {line}");
        }
    }
    let last_progress = progress.last().unwrap();
    assert_eq!((last_progress["done"].as_u64(), last_progress["total"].as_u64()), (Some(5), Some(5)));
    let done = summary(&first);
    assert_eq!((done["sent"].as_u64(), done["failed"].as_u64(), done["invalid"].as_u64()), (Some(5), Some(0), Some(1)), "{done}");
    assert_eq!(done["exit_code"], 0);

    let second = invite(dir.path(), &["--addresses", &file, "--json"]).await;
    assert_eq!(second.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&second.stderr));
    let again = summary(&second);
    assert_eq!((again["sent"].as_u64(), again["already"].as_u64()), (Some(0), Some(5)), "{again}");

    // The CLI used the folder's sandbox (this one), not a second one on the same file.
    let remote = remote_counts(&sandbox.root_url()).await;
    assert!(list[..5].iter().all(|email| remote.get(email) == Some(&1)), "{remote:?}");
    assert_eq!(duplicate_sends(&sandbox.root_url()).await, 0);

    // Without --json: progress on stderr, one summary line on stdout.
    let text = invite(dir.path(), &["--addresses", &file]).await;
    assert_eq!(text.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.starts_with("Sent 0, failed 0, skipped 0"), "{stdout}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_busy_data_folder_exits_3_and_says_who_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox_for(dir.path()).await;
    let file = addresses_file(dir.path(), "people.txt", &people(2, "busy"));
    let held = lock::lock_sending(dir.path(), lock::program::WINDOW, LockPurpose::Sending).unwrap();

    let refused = invite(dir.path(), &["--addresses", &file, "--json"]).await;
    assert_eq!(refused.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    let who = format!("the MSI Actions Setup window (pid {}) has been sending invitations since", std::process::id());
    assert!(stderr.contains(&who), "{stderr}");
    assert!(stderr.contains("wait for it to finish or stop it"), "{stderr}");
    let line = json_lines(&refused).pop().expect("an error line");
    assert_eq!((line["event"].as_str(), line["code"].as_str()), (Some("error"), Some("data_folder_busy")));
    assert_eq!(line["holder"]["pid"].as_u64(), Some(u64::from(std::process::id())));
    assert!(remote_counts(&sandbox.root_url()).await.keys().all(|e| !e.starts_with("busy")), "nothing sent");

    drop(held);
    let after = invite(dir.path(), &["--addresses", &file, "--json"]).await;
    assert_eq!(after.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&after.stderr));
    assert_eq!(summary(&after)["sent"], 2);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_mid_run_then_run_again_invites_everyone_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox_for(dir.path()).await;
    let root = sandbox.root_url();
    let list = people(12, "soak");
    let file = addresses_file(dir.path(), "people.txt", &list);
    let http = reqwest::Client::new();
    let slow = http.post(format!("{root}/_sandbox/faults")).json(&serde_json::json!({"latency_ms": 250})).send().await.unwrap();
    assert!(slow.status().is_success());

    // Two kills at different points, each after some invitations went out.
    for kill_after in [3_u64, 7] {
        let mut child = invite_command(dir.path(), &["--addresses", &file, "--json"]).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let killed = tokio::task::spawn_blocking(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let Ok(value) = serde_json::from_str::<Value>(&line) else { continue };
                if value["event"] == "progress" && value["done"].as_u64().unwrap_or(0) >= kill_after {
                    child.kill().unwrap(); // SIGKILL: no clean-up at all
                    let _ = child.wait();
                    return true;
                }
            }
            let _ = child.wait();
            false
        })
        .await
        .unwrap();
        assert!(killed, "the run was killed mid-way (after {kill_after})");
    }

    http.delete(format!("{root}/_sandbox/faults")).send().await.unwrap();
    let rerun = invite(dir.path(), &["--addresses", &file, "--json"]).await;
    assert_eq!(rerun.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&rerun.stderr));
    let done = summary(&rerun);
    assert_eq!(done["failed"], 0, "{done}");
    // Those this run sent from the killed runs' queue are not also counted as "already" invited.
    let (sent, already) = (done["sent"].as_u64().unwrap_or(0), done["already"].as_u64().unwrap_or(0));
    assert!(sent > 0 && sent + already == list.len() as u64, "sent + already = everyone once: {done}");

    let remote = remote_counts(&root).await;
    for email in &list {
        assert_eq!(remote.get(email), Some(&1), "{email} invited exactly once: {remote:?}");
    }
    assert_eq!(duplicate_sends(&root).await, 0);
    let store = Store::open(&dir.path().join("msi-actions-setup.db")).unwrap();
    let states = store.read(|conn| invitations::states_by_email(conn, "sandbox")).unwrap();
    assert!(list.iter().all(|e| states.get(e).map(|s| s.as_str()) == Some("sent")), "{states:?}");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_staged_by_the_cli_is_invited_by_id_and_a_rerun_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox_for(dir.path()).await;
    let csv = dir.path().join("people.csv");
    std::fs::write(&csv, "email,first name,last name\nana@example.com,Ana,Pérez\nluis@example.com,Luis,Gómez\nbad-address,X,Y\n").unwrap();
    let staged = {
        let mut command = Command::new(BIN);
        command.arg("import").arg(&csv).arg("--json").arg("--data-dir").arg(dir.path()).env_remove("MSI_SETUP_DATA_DIR");
        tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap()
    };
    let staged: Value = serde_json::from_slice(&staged.stdout).expect("import --json");
    let id = staged["import_id"].as_i64().expect("an import id").to_string();

    let first = invite(dir.path(), &["--import", &id, "--json"]).await;
    assert_eq!(first.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(summary(&first)["sent"], 2);
    let second = invite(dir.path(), &["--import", &id, "--json"]).await;
    assert_eq!(second.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&second.stderr));
    assert_eq!(summary(&second)["sent"], 0);
    let remote = remote_counts(&sandbox.root_url()).await;
    assert_eq!((remote.get("ana@example.com"), remote.get("luis@example.com")), (Some(&1), Some(&1)));

    let missing = invite(dir.path(), &["--import", "999", "--json"]).await;
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no import #999"));
    let usage = invite(dir.path(), &["--json"]).await;
    assert_eq!(usage.status.code(), Some(2), "neither --import nor --addresses");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_handoff_route_exits_5_and_starts_no_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("msi-actions-setup.db")).unwrap();
    store.write(|tx| settings::set(tx, settings::ACTIVE_ENVIRONMENT, "real")).unwrap();
    drop(store);
    let file = addresses_file(dir.path(), "people.txt", &people(1, "handoff"));
    let output = invite(dir.path(), &["--addresses", &file]).await;
    assert_eq!(output.status.code(), Some(5), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stderr).contains("console"));
    assert!(!endpoint::endpoint_path(dir.path()).exists(), "no sandbox ran for a Real environment");
    assert!(!dir.path().join("sandbox").join("sandbox.db").exists(), "the sandbox state was never opened");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_stdout_does_not_stop_the_run_nor_panic() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = sandbox_for(dir.path()).await;
    let root = sandbox.root_url();
    reqwest::Client::new().post(format!("{root}/_sandbox/faults")).json(&serde_json::json!({"latency_ms": 100})).send().await.unwrap();
    let list = people(6, "head");
    let file = addresses_file(dir.path(), "people.txt", &list);
    let mut child = invite_command(dir.path(), &["--addresses", &file, "--json"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let status = tokio::task::spawn_blocking(move || {
        // `| head -1`: read one line, then close the pipe.
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        reader.read_line(&mut first).unwrap();
        drop(reader);
        let output = child.wait_with_output().unwrap();
        let _ = std::io::stderr().write_all(&output.stderr);
        (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
    })
    .await
    .unwrap();
    assert_eq!(status.0, Some(0), "quiet exit, no panic: {}", status.1);
    assert!(!status.1.contains("panicked"), "{}", status.1);
    let remote = remote_counts(&root).await;
    assert!(list.iter().all(|e| remote.get(e) == Some(&1)), "the run went on: {remote:?}");
    sandbox.shutdown().await;
}
