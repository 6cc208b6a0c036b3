//! Shared set-up for integration tests: a real sandbox on 127.0.0.1 with its own temp state file, and the
//! real HTTP client pointed at it.
#![allow(dead_code)]

use msi_actions_setup::sandbox::{self, RunningSandbox, SandboxConfig, SANDBOX_TOKEN};
use msi_actions_setup::services::sales_actions::{HttpSalesActions, RetryPolicy};
use msi_actions_setup::store::Store;
use std::time::Duration;
use tempfile::TempDir;

pub struct World {
    pub dir: TempDir,
    pub sandbox: RunningSandbox,
    pub client: HttpSalesActions,
    pub store: Store,
    pub http: reqwest::Client,
}

pub fn fast_retry() -> RetryPolicy {
    RetryPolicy { max_attempts: 4, first_backoff: Duration::from_millis(20), max_retry_after: Duration::from_secs(5), ..RetryPolicy::default() }
}

pub async fn world_with(configure: impl FnOnce(&mut SandboxConfig)) -> World {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = SandboxConfig::new(dir.path().join("sandbox.db"));
    configure(&mut config);
    let sandbox = sandbox::start(config).await.expect("sandbox starts");
    let http = HttpSalesActions::default_http_client().expect("http client");
    let client = HttpSalesActions::new(http.clone(), &sandbox.root_url(), SANDBOX_TOKEN).with_retry(fast_retry());
    let store = Store::open(&dir.path().join("app.db")).expect("store opens");
    World { dir, sandbox, client, store, http }
}

pub async fn world() -> World {
    world_with(|_| {}).await
}

impl World {
    /// Sets simulator faults (docs/sales-actions-api.md, "Simulator controls").
    pub async fn faults(&self, faults: serde_json::Value) {
        let response = self
            .http
            .post(format!("{}/_sandbox/faults", self.sandbox.root_url()))
            .json(&faults)
            .send()
            .await
            .expect("faults call");
        assert!(response.status().is_success(), "faults refused: {}", response.status());
    }

    pub async fn stats(&self) -> serde_json::Value {
        self.http
            .get(format!("{}/_sandbox/stats", self.sandbox.root_url()))
            .send()
            .await
            .expect("stats call")
            .json()
            .await
            .expect("stats json")
    }

    /// How many requests the sandbox answered on `route` with `status`.
    pub async fn count(&self, route: &str, status: u16) -> u64 {
        let stats = self.stats().await;
        stats["requests"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .filter(|r| r["route"] == route && r["status"] == status)
                    .map(|r| r["count"].as_u64().unwrap_or(0))
                    .sum()
            })
            .unwrap_or(0)
    }
}

/// The browser of a sign-in (`SignIn::sign_in`'s opener): asks the sandbox's authorize page to allow at
/// once, then follows its redirect to the app's loopback listener, as a browser would.
pub fn play_browser(url: &str) -> Result<(), String> {
    let url = url.to_owned();
    tokio::spawn(async move {
        let location = consent(&url, "allow").await;
        let landed = reqwest::get(&location).await.expect("the listener answers");
        assert!(landed.status().is_success(), "the listener answered the browser: {}", landed.status());
    });
    Ok(())
}

/// Signs `session`'s active environment in to the sandbox's Salesforce on a free port, the test playing
/// the browser.
pub async fn sign_in_to_salesforce(session: &msi_actions_setup::session::Session) {
    use msi_actions_setup::connections::salesforce;
    let env = session.active();
    let ctx = session.connections(&env).expect("the keyring answers");
    let mut settings = salesforce::settings_view(&ctx).expect("settings").settings;
    settings.port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    salesforce::save_settings(&ctx, &settings).expect("settings saved");
    session.sign_in.sign_in(&ctx, msi_actions_setup::i18n::Language::En, play_browser).await.expect("signed in");
}

/// Plays the browser on the sandbox's Salesforce consent page: answers `answer` ("allow" or "deny") and
/// returns the address Salesforce sends the browser to (the app's loopback redirect).
pub async fn consent(authorize_url: &str, answer: &str) -> String {
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let page = http.get(format!("{authorize_url}&auto={answer}")).send().await.expect("authorize page");
    page.headers()["location"].to_str().expect("a location").to_owned()
}

/// Files under `dir` whose bytes contain `needle` (to prove a secret was written nowhere).
pub fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
            }
        } else if let Ok(bytes) = std::fs::read(&path) {
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                hits.push(path.display().to_string());
            }
        }
    }
    hits
}

/// Sends a request and reads its JSON answer (whatever the status: tests assert on the body).
pub async fn json_of(request: reqwest::RequestBuilder) -> serde_json::Value {
    let response = request.send().await.expect("the request reaches the sandbox");
    response.json().await.expect("the answer is JSON")
}

/// Puts a person in `sending` as if the app died during the request.
pub fn crash_while_sending(
    store: &Store,
    environment_id: &str,
    email: &str,
) -> msi_actions_setup::store::invitations::InvitationRecord {
    use msi_actions_setup::invites::InvitationState;
    use msi_actions_setup::store::invitations::{self, NewQueued, Outcome};
    store
        .write(|tx| {
            let queued = invitations::queue(tx, &NewQueued {
                environment_id,
                email,
                email_normalized: email,
                display_name: None,
                team_id: None,
                team_name: None,
            }, "t")?;
            invitations::transition(tx, &queued.id, InvitationState::Queued, InvitationState::Sending, &Outcome::default(), "t")
        })
        .expect("crashed mid-send")
}
