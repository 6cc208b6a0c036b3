//! Two processes on one data folder: the sending lock (a CLI run refuses the window's run and recovery,
//! saying who holds the folder), one sandbox per folder (reused, never a second on one `sandbox.db`; the
//! standalone `sandbox` command's too), `connect`'s start recovers nothing, and no sandbox in Real.

mod common;

use msi_actions_setup::commands::CommandError;
use msi_actions_setup::invites::InvitationState;
use msi_actions_setup::lock::{self, Holder, LockPurpose};
use msi_actions_setup::sandbox::endpoint;
use msi_actions_setup::environment::EnvironmentKind;
use msi_actions_setup::session::{SandboxUse, Session, SessionError, StartOptions};
use msi_actions_setup::store::invitations::{self, NewQueued, Outcome};
use msi_actions_setup::store::{settings, Store};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_msi-actions-setup");

fn db(dir: &Path) -> Store {
    Store::open(&dir.join("msi-actions-setup.db")).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cli_run_holds_the_folder_and_the_window_is_refused_with_who_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let window = Session::start(dir.path()).await.unwrap();
    let root = window.sandbox_url().to_owned();
    let http = reqwest::Client::new();
    http.post(format!("{root}/_sandbox/faults")).json(&serde_json::json!({"latency_ms": 400})).send().await.unwrap();
    let list: Vec<String> = (0..8).map(|i| format!("lock{i}@example.com")).collect();
    let file = dir.path().join("people.txt");
    std::fs::write(&file, list.join("\n")).unwrap();

    let mut child = Command::new(BIN)
        .args(["invite", "--json", "--addresses"])
        .arg(&file)
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("MSI_SETUP_DATA_DIR")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let child_pid = child.id();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // The first progress line comes from inside the run, so the CLI holds the lock by then.
    let first = tokio::task::block_in_place(|| lines.next()).expect("a progress line").unwrap();
    assert!(first.contains("\"progress\""), "{first}");

    let refused = window.begin_run().err().expect("the window's run is refused while the CLI sends");
    let SessionError::DataFolderBusy { holder: Some(Holder { pid, ref program, purpose, .. }) } = refused else {
        panic!("refused with the holder: {refused:?}");
    };
    assert_eq!((pid, program.as_str(), purpose), (child_pid, "cli invite", LockPurpose::Sending));
    let message = refused.to_string();
    assert!(message.contains(&format!("msi-actions-setup invite (pid {child_pid}) has been sending invitations since")), "{message}");
    let ipc = CommandError::from(refused);
    assert_eq!(ipc.code, "data_folder_busy");
    let pid = child_pid.to_string();
    assert_eq!(
        (ipc.params.get("pid"), ipc.params.get("program").map(String::as_str), ipc.params.get("purpose").map(String::as_str)),
        (Some(&pid), Some("cli invite"), Some("sending")),
        "who holds it, as params the window words: {ipc:?}"
    );

    // The window's recovery pass waits its turn too, and says why.
    let recovery = window.reconcile().await;
    let failure = recovery.error.clone().expect("the pass could not run");
    assert_eq!(failure.code, "data_folder_busy", "{recovery:?}");
    assert_eq!(failure.params.get("program").map(String::as_str), Some("cli invite"), "who holds it, for the window to word: {recovery:?}");
    assert!(failure.message.contains("msi-actions-setup invite (pid"), "English kept for the technical details: {recovery:?}");

    let rest: Vec<String> = tokio::task::block_in_place(|| lines.map_while(Result::ok).collect());
    let status = tokio::task::block_in_place(|| child.wait()).unwrap();
    assert_eq!(status.code(), Some(0), "{rest:?}");
    let (_control, run) = window.begin_run().expect("free once the CLI is done");
    drop(run);
    assert!(lock::holder(dir.path()).is_none(), "no holder left behind");
    window.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_sandbox_per_folder_and_connect_recovers_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let window = Session::start(dir.path()).await.unwrap();
    let recorded = endpoint::read_endpoint(dir.path()).expect("the window records its sandbox");
    assert_eq!((recorded.url.as_str(), recorded.pid), (window.sandbox_url(), std::process::id()));

    // An invitation left mid-send by a crash.
    let store = db(dir.path());
    let record = store
        .write(|tx| {
            let new = NewQueued { environment_id: "sandbox", email: "mid@example.com", email_normalized: "mid@example.com", display_name: None, team_id: None, team_name: None };
            let queued = invitations::queue(tx, &new, "test")?;
            invitations::transition(tx, &queued.id, InvitationState::Queued, InvitationState::Sending, &Outcome::default(), "test")
        })
        .unwrap();

    // `connect` starts its session on the same folder: it reuses the sandbox and settles nothing.
    let connect = Session::start_with(dir.path(), StartOptions::new(lock::program::CLI_CONNECT)).await.unwrap();
    assert_eq!(connect.sandbox_url(), window.sandbox_url(), "no second sandbox on the same sandbox.db");
    assert_eq!(connect.recovery_status().report, None);
    let still = store.read(|conn| invitations::get(conn, &record.id)).unwrap();
    assert_eq!(still.state, InvitationState::Sending, "connect ran no recovery pass");
    drop(connect);

    // The standalone command refuses to start a second one on the folder and says where the first is.
    let second = Command::new(BIN).args(["sandbox", "--data-dir"]).arg(dir.path()).env_remove("MSI_SETUP_DATA_DIR").output().unwrap();
    assert!(!second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("already serves this data folder") && stderr.contains(window.sandbox_url()), "{stderr}");
    window.shutdown().await;
    assert!(endpoint::read_endpoint(dir.path()).is_none(), "the owner removes its record on shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invite_uses_the_standalone_sandbox_of_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut standalone = Command::new(BIN)
        .args(["sandbox", "--port", "0", "--data-dir"])
        .arg(dir.path())
        .env_remove("MSI_SETUP_DATA_DIR")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(standalone.stdout.take().unwrap()).lines();
    let banner = tokio::task::block_in_place(|| lines.next()).expect("the sandbox says where it listens").unwrap();
    let url = banner.split_whitespace().find(|w| w.starts_with("http://")).expect("a URL").to_owned();
    assert_eq!(endpoint::read_endpoint(dir.path()).map(|e| (e.url, e.pid)), Some((url.clone(), standalone.id())));

    let file = dir.path().join("people.txt");
    std::fs::write(&file, "solo1@example.com\nsolo2@example.com\n").unwrap();
    let output = tokio::task::block_in_place(|| {
        Command::new(BIN).args(["invite", "--json", "--addresses"]).arg(&file).arg("--data-dir").arg(dir.path()).env_remove("MSI_SETUP_DATA_DIR").output()
    })
    .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let page = common::json_of(reqwest::Client::new().get(format!("{url}/api/v1/invitations?email=solo1@example.com")).bearer_auth("sandbox-token")).await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1), "sent to the standalone sandbox: {page}");
    let _ = standalone.kill();
    let _ = standalone.wait();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_sandbox_runs_in_real_until_the_admin_switches_to_it() {
    let dir = tempfile::tempdir().unwrap();
    db(dir.path()).write(|tx| settings::set(tx, settings::ACTIVE_ENVIRONMENT, "real")).unwrap();
    let session = Session::start(dir.path()).await.unwrap();
    assert_eq!(session.sandbox_url(), "", "no sandbox in Real");
    assert!(endpoint::read_endpoint(dir.path()).is_none());
    assert!(!dir.path().join("sandbox").join("sandbox.db").exists());

    let info = session.switch_environment(EnvironmentKind::Sandbox).await.unwrap();
    assert!(session.sandbox_url().starts_with("http://127.0.0.1:"), "started on the switch");
    assert_eq!(info.environment.sales_url.as_deref(), Some(session.sandbox_url()));
    assert!(session.account().await.is_ok(), "the Sandbox environment reaches its sandbox");
    session.shutdown().await;

    // Tests (and tools) may still ask for it from the start.
    let always = Session::start_with(dir.path(), StartOptions { sandbox: SandboxUse::Always, ..StartOptions::new("test") }).await.unwrap();
    assert!(!always.sandbox_url().is_empty());
    always.shutdown().await;
}
