//! `connect salesforce` and `status` as real processes: the test plays the browser against a sandbox
//! started here, like an admin's browser would against Salesforce.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_msi-actions-setup");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts `connect salesforce` and returns the child, the authorize URL it printed, and the rest of its
/// standard output (read on until it exits, so it never writes into a closed pipe).
fn start_connect(
    data_dir: &std::path::Path,
    extra: &[&str],
) -> (std::process::Child, Option<String>, std::thread::JoinHandle<String>) {
    let mut child = Command::new(BIN)
        .args(["connect", "salesforce", "--no-browser", "--data-dir"])
        .arg(data_dir)
        .args(extra)
        .env_remove("MSI_SETUP_BROWSER")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut url = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.starts_with("http") {
            url = Some(line);
            break;
        }
    }
    let rest = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>().join("\n"));
    (child, url, rest)
}

async fn browser(url: &str, answer: &str) {
    let location = common::consent(url, answer).await;
    reqwest::get(&location).await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn connect_salesforce_signs_in_to_the_given_host_and_status_shows_it_without_secrets() {
    let state = tempfile::tempdir().unwrap();
    let mut config = msi_actions_setup::sandbox::SandboxConfig::new(state.path().join("sf.db"));
    config.port = 0;
    let salesforce = msi_actions_setup::sandbox::start(config).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    let port = free_port().to_string();
    let (child, url, rest) = start_connect(
        data.path(),
        &["--login-host", &salesforce.root_url(), "--client-id", "sandbox-consumer-key", "--port", &port],
    );
    let url = url.expect("the authorize URL is printed");
    assert!(url.contains("code_challenge_method=S256") && url.contains("state="), "{url}");
    browser(&url, "allow").await;
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = rest.join().unwrap();
    assert!(output.status.success(), "exit {:?}: {stdout}{stderr}", output.status);
    assert!(stdout.contains("Connected as admin@acme.test to Acme Corp (Sandbox)"), "{stdout}");

    let status = Command::new(BIN).args(["status", "--json", "--data-dir"]).arg(data.path()).output().unwrap();
    assert!(status.status.success());
    let report: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(report["environment"]["kind"], "real");
    assert_eq!(report["connections"]["salesforce"]["status"], "connected");
    assert_eq!(report["connections"]["salesforce"]["details"]["username"], "admin@acme.test");
    assert_eq!(report["connections"]["salesforce"]["verified_how"], "identity URL");
    assert_eq!(report["steps"].as_array().unwrap().len(), 9);
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(!text.contains("access_token") && !text.contains("refresh_token"), "no token field in status");
    salesforce.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_denied_consent_exits_non_zero_with_the_reason() {
    let state = tempfile::tempdir().unwrap();
    let salesforce = msi_actions_setup::sandbox::start(msi_actions_setup::sandbox::SandboxConfig::new(state.path().join("sf.db")))
        .await
        .unwrap();
    let data = tempfile::tempdir().unwrap();
    let port = free_port().to_string();
    let (child, url, _rest) = start_connect(
        data.path(),
        &["--login-host", &salesforce.root_url(), "--client-id", "sandbox-consumer-key", "--port", &port],
    );
    browser(&url.unwrap(), "deny").await;
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("denied") && stderr.contains("What to do"), "{stderr}");
    salesforce.shutdown().await;
}

#[test]
fn a_missing_consumer_key_says_how_to_set_it() {
    let data = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .args(["connect", "salesforce", "--no-browser", "--login-host", "https://acme.my.salesforce.com", "--data-dir"])
        .arg(data.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("--client-id"), "{stderr}");
}

#[test]
fn plain_http_login_hosts_are_refused_unless_loopback() {
    let data = tempfile::tempdir().unwrap();
    let output = Command::new(BIN)
        .args(["connect", "salesforce", "--no-browser", "--client-id", "k", "--login-host", "http://login.example.com", "--data-dir"])
        .arg(data.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.to_lowercase().contains("login address") || stderr.contains("https"), "{stderr}");
}
