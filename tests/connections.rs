//! Steps 2 and 3 end to end in the sandbox: Salesforce sign-in with the test playing the browser, Marketo
//! credentials, the Sales account told over HTTP, the steps verified — and afterwards no token or secret
//! anywhere but the OS keyring (SQLite file and WAL, the CLI's output). Runs against the real Secret
//! Service (`make test` wraps it in scripts/with-keyring).

mod common;

use common::files_containing;
use msi_actions_setup::connections::marketo::{self, MarketoInput};
use msi_actions_setup::connections::{connections_view, salesforce, ConnectionError, ConnectionStatus};
use msi_actions_setup::i18n::Language;
use msi_actions_setup::sandbox::marketo::{SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_MUNCHKIN_ID};
use msi_actions_setup::secrets::SecretKey;
use msi_actions_setup::environment::EnvironmentKind;
use msi_actions_setup::session::Session;
use msi_actions_setup::setup::{self, StepState};

/// Every log record of the process (the app's, reqwest's, hyper's…), to check no secret is ever logged.
struct CapturedLog(std::sync::Mutex<String>);

impl log::Log for CapturedLog {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        if let Ok(mut all) = self.0.lock() {
            all.push_str(&format!("{} {} {}\n", record.level(), record.target(), record.args()));
        }
    }
    fn flush(&self) {}
}

static LOG: CapturedLog = CapturedLog(std::sync::Mutex::new(String::new()));

fn capture_logs() {
    if log::set_logger(&LOG).is_ok() {
        log::set_max_level(log::LevelFilter::Trace);
    }
}

fn captured_logs() -> String {
    LOG.0.lock().map(|all| all.clone()).unwrap_or_default()
}


#[tokio::test(flavor = "multi_thread")]
async fn an_admin_connects_salesforce_and_marketo_and_steps_2_and_3_are_verified_with_secrets_only_in_the_keyring() {
    capture_logs();
    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(dir.path()).await.unwrap();
    assert!(session.info().unwrap().secure_store.available, "tests run with a Secret Service (scripts/with-keyring)");
    let env = session.active();
    let ctx = session.connections(&env).unwrap();
    // A free port rather than 1717, so a running copy of the app cannot get in the way.
    let mut settings = salesforce::settings_view(&ctx).unwrap().settings;
    settings.port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    salesforce::save_settings(&ctx, &settings).unwrap();

    let details = session.sign_in.sign_in(&ctx, Language::En, common::play_browser).await.unwrap();
    assert_eq!(details.username.as_deref(), Some("admin@acme.test"));
    assert_eq!(details.org_name.as_deref(), Some("Acme Corp (Sandbox)"));
    assert!(session.sign_in.pending().is_none(), "the sign-in slot is free again");

    marketo::connect(&ctx, MarketoInput {
        munchkin_id: SANDBOX_MUNCHKIN_ID.to_lowercase(),
        client_id: SANDBOX_CLIENT_ID.into(),
        client_secret: SANDBOX_CLIENT_SECRET.into(),
    })
    .await
    .unwrap();
    // Step 3 connects the Sales account with the Actions Config tab's credentials, not the LaunchPoint ones.
    msi_actions_setup::connections::actions_config::connect(&ctx, msi_actions_setup::connections::actions_config::ActionsConfigInput {
        munchkin_id: SANDBOX_MUNCHKIN_ID.into(),
        client_id: msi_actions_setup::sandbox::marketo::SANDBOX_ACTIONS_CLIENT_ID.into(),
        client_secret: msi_actions_setup::sandbox::marketo::SANDBOX_ACTIONS_CLIENT_SECRET.into(),
    })
    .await
    .unwrap();

    let view = connections_view(&session.store, &env.view).unwrap();
    assert_eq!(view.salesforce.status, ConnectionStatus::Connected);
    assert_eq!(view.salesforce.verified_how.as_deref(), Some("identity URL"));
    assert_eq!(view.marketo.status, ConnectionStatus::Connected);
    assert_eq!(view.marketo.details.scope.as_deref(), Some("apis@acme.test"));
    assert_eq!(view.marketo.details.munchkin_id.as_deref(), Some(SANDBOX_MUNCHKIN_ID));
    let plan = setup::plan(&session.store, env.id()).unwrap();
    for step in [setup::StepId::Step2, setup::StepId::Step3] {
        let status = &plan.iter().find(|s| s.id == step).unwrap().status;
        assert_eq!(status.state, StepState::Done, "step {step}");
        assert_eq!((status.verified_by, status.reason.as_deref()), (Some(setup::VerifiedBy::App), None), "step {step}: {status:?}");
    }
    let account: serde_json::Value = common::json_of(
        reqwest::Client::new()
            .get(format!("{}/api/v1/account", session.sandbox_url()))
            .bearer_auth(msi_actions_setup::sandbox::SANDBOX_TOKEN),
    )
    .await;
    assert_eq!(account["connections"]["salesforce"]["connected"], true);
    assert_eq!(account["connections"]["marketo"]["connected"], true);
    let seen_by_the_app = session.account().await.unwrap();
    assert!(seen_by_the_app.salesforce_connected && seen_by_the_app.marketo_connected);

    // Secrets are in the keyring, and nowhere on disk or in what the CLI prints.
    let secrets = session.secrets().unwrap();
    let access = secrets.get(&SecretKey::new("sandbox", "salesforce", "access_token")).unwrap().expect("access token saved");
    let access_before_refresh = access.clone();
    let refresh = secrets.get(&SecretKey::new("sandbox", "salesforce", "refresh_token")).unwrap().expect("refresh token saved");
    let marketo_secret = secrets.get(&SecretKey::new("sandbox", "marketo", "client_secret")).unwrap().expect("secret saved");
    assert_eq!(marketo_secret.expose(), SANDBOX_CLIENT_SECRET);
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_msi-actions-setup"))
        .args(["status", "--json", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let printed = format!("{}{}", String::from_utf8_lossy(&status.stdout), String::from_utf8_lossy(&status.stderr));
    assert!(status.status.success(), "{printed}");
    assert!(printed.contains("admin@acme.test") && printed.contains(SANDBOX_MUNCHKIN_ID), "status names who and what: {printed}");
    let report: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap_or_default();
    let step2 = report["steps"].as_array().and_then(|steps| steps.iter().find(|s| s["id"] == "2")).cloned().unwrap_or_default();
    assert_eq!(step2["status"]["verified_by"], "app", "{step2}");
    let text = std::process::Command::new(env!("CARGO_BIN_EXE_msi-actions-setup"))
        .args(["status", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.lines().any(|l| l.trim_start().starts_with("2 ") && l.contains("[verified by the app]")), "{text}");
    let logs = captured_logs();
    assert!(logs.len() > 1000, "the logger saw the session ({} bytes)", logs.len());
    for secret in [access.expose(), refresh.expose(), SANDBOX_CLIENT_SECRET] {
        assert!(!printed.contains(secret), "the CLI printed a secret");
        assert!(!logs.contains(secret), "a secret was logged");
        let on_disk: Vec<_> = files_containing(dir.path(), secret)
            .into_iter()
            .filter(|path| !path.contains("sandbox"))
            .collect();
        assert!(on_disk.is_empty(), "a secret is on disk in {on_disk:?}");
    }

    // An expired access token is refreshed once on re-check, and the new one replaces it in the keyring.
    let expired = reqwest::Client::new()
        .post(format!("{}/_sandbox/salesforce/expire-access-tokens", session.sandbox_url()))
        .send()
        .await
        .unwrap();
    assert!(expired.status().is_success());
    salesforce::verify(&ctx).await.unwrap();
    let access = secrets.get(&SecretKey::new("sandbox", "salesforce", "access_token")).unwrap().unwrap();
    assert_ne!(access.expose(), access_before_refresh.expose(), "the refreshed token was saved");

    // Disconnect: the token is revoked and the keyring entries are gone.
    salesforce::disconnect(&ctx).await.unwrap();
    assert!(secrets.get(&SecretKey::new("sandbox", "salesforce", "access_token")).unwrap().is_none());
    assert!(secrets.get(&SecretKey::new("sandbox", "salesforce", "refresh_token")).unwrap().is_none());
    let after = reqwest::Client::new()
        .get(format!("{}/services/oauth2/userinfo", session.sandbox_url()))
        .bearer_auth(access.expose())
        .send()
        .await
        .unwrap();
    assert!(matches!(after.status().as_u16(), 401 | 403), "the revoked token no longer works: {}", after.status());
    marketo::disconnect(&ctx).await.unwrap();
    assert!(secrets.get(&SecretKey::new("sandbox", "marketo", "client_secret")).unwrap().is_none());
    let view = connections_view(&session.store, &env.view).unwrap();
    assert_eq!((view.salesforce.status, view.marketo.status), (ConnectionStatus::Disconnected, ConnectionStatus::Disconnected));
    session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_marketo_credentials_save_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(dir.path()).await.unwrap();
    let env = session.active();
    let ctx = session.connections(&env).unwrap();
    let outcome = marketo::connect(&ctx, MarketoInput {
        munchkin_id: SANDBOX_MUNCHKIN_ID.into(),
        client_id: SANDBOX_CLIENT_ID.into(),
        client_secret: "not-the-secret".into(),
    })
    .await;
    match outcome {
        Err(ConnectionError::Marketo(error)) => {
            assert_eq!(error.code(), "invalid_client");
            assert!(!format!("{error} {error:?}").contains("not-the-secret"));
        }
        other => panic!("expected invalid_client, got {other:?}"),
    }
    let bad_format = marketo::connect(&ctx, MarketoInput {
        munchkin_id: "12-ABC".into(),
        client_id: SANDBOX_CLIENT_ID.into(),
        client_secret: SANDBOX_CLIENT_SECRET.into(),
    })
    .await;
    assert!(matches!(bad_format, Err(ConnectionError::Marketo(ref e)) if e.code() == "invalid_munchkin"), "{bad_format:?}");
    let secrets = session.secrets().unwrap();
    assert!(secrets.get(&SecretKey::new("sandbox", "marketo", "client_secret")).unwrap().is_none());
    let view = connections_view(&session.store, &env.view).unwrap();
    assert_eq!(view.marketo.status, ConnectionStatus::NotConnected);
    assert_eq!(setup::plan(&session.store, env.id()).unwrap().iter().find(|s| s.id == msi_actions_setup::setup::StepId::Step3).unwrap().status.state, StepState::NotStarted);
    session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_real_environment_reaches_an_http_sales_account_only_once_checked() {
    use msi_actions_setup::environment::{SalesRouteInput, SalesRouteKind};
    use msi_actions_setup::session::SessionError;
    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(dir.path()).await.unwrap();
    session.switch_environment(EnvironmentKind::Real).await.unwrap();
    let wrong = session
        .configure_sales_route(SalesRouteInput {
            route: SalesRouteKind::Http,
            base_url: Some(session.sandbox_url().to_owned()),
            token: Some("wrong-token".into()),
        })
        .await;
    assert!(matches!(wrong, Err(SessionError::Service(_))), "a refused token saves nothing: {wrong:?}");
    assert_eq!(session.sales_route().await.unwrap().route, SalesRouteKind::Handoff);
    let info = session
        .configure_sales_route(SalesRouteInput {
            route: SalesRouteKind::Http,
            base_url: Some(session.sandbox_url().to_owned()),
            token: Some(msi_actions_setup::sandbox::SANDBOX_TOKEN.into()),
        })
        .await
        .unwrap();
    assert_eq!(info.environment.sales_route, SalesRouteKind::Http);
    assert!(session.account().await.is_ok(), "the real environment now reaches the endpoint");
    assert!(session.sales_route().await.unwrap().token_saved);
    let back = session.configure_sales_route(SalesRouteInput { route: SalesRouteKind::Handoff, base_url: None, token: None }).await.unwrap();
    assert_eq!(back.environment.sales_route, SalesRouteKind::Handoff);
    assert!(!session.sales_route().await.unwrap().token_saved, "the token left the keyring");
    session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_real_environment_needs_a_consumer_key_and_says_how_to_set_it() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(dir.path()).await.unwrap();
    session.switch_environment(EnvironmentKind::Real).await.unwrap();
    let env = session.active();
    let ctx = session.connections(&env).unwrap();
    let outcome = session.sign_in.sign_in(&ctx, Language::En, |_| Ok(())).await;
    match outcome {
        Err(error @ ConnectionError::MissingConsumerKey) => assert!(error.to_string().contains("consumer key")),
        other => panic!("expected a missing consumer key, got {other:?}"),
    }
    let view = salesforce::settings_view(&ctx).unwrap();
    assert_eq!(view.redirect_uri, "http://localhost:1717/OauthRedirect");
    assert_eq!(view.settings.login_host, "production");
    session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_busy_port_still_signs_in_by_pasting_the_address_the_browser_ends_on() {
    let dir = tempfile::tempdir().unwrap();
    let session = std::sync::Arc::new(Session::start(dir.path()).await.unwrap());
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let busy = holder.local_addr().unwrap().port();
    let env = session.active();
    let ctx = session.connections(&env).unwrap();
    let mut settings = salesforce::settings_view(&ctx).unwrap().settings;
    settings.port = busy;
    salesforce::save_settings(&ctx, &settings).unwrap();

    let paster = std::sync::Arc::clone(&session);
    let browser = move |url: &str| {
        let url = url.to_owned();
        let paster = std::sync::Arc::clone(&paster);
        tokio::spawn(async move {
            let landed_on = common::consent(&url, "allow").await;
            // Nothing listens there for us: the admin copies the address bar into the window.
            let pending = paster.sign_in.pending().expect("a sign-in waits");
            assert!(!pending.listening);
            assert!(pending.port_problem.as_deref().unwrap_or_default().contains(&busy.to_string()));
            paster.sign_in.paste(&landed_on).unwrap();
        });
        Ok(())
    };
    let details = session.sign_in.sign_in(&ctx, Language::Es, browser).await.unwrap();
    assert_eq!(details.username.as_deref(), Some("admin@acme.test"));
    drop(holder);
}

// ---- Secrets: redaction, a refreshed sign-in that cannot be saved, tokens Salesforce did not revoke ----

/// A keyring over the real one whose writes to accounts ending in `failing` are refused, as a locked or
/// full keyring would: reads, deletes and every other write go through.
struct FailingWrites {
    inner: Box<keyring::credential::CredentialBuilder>,
    failing: &'static str,
}

struct MaybeFailing {
    inner: Box<keyring::credential::Credential>,
    fail: bool,
}

impl keyring::credential::CredentialBuilderApi for FailingWrites {
    fn build(&self, target: Option<&str>, service: &str, user: &str) -> keyring::Result<Box<keyring::credential::Credential>> {
        let inner = self.inner.build(target, service, user)?;
        Ok(Box::new(MaybeFailing { inner, fail: user.ends_with(self.failing) }))
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn persistence(&self) -> keyring::credential::CredentialPersistence {
        self.inner.persistence()
    }
}

impl keyring::credential::CredentialApi for MaybeFailing {
    fn set_secret(&self, secret: &[u8]) -> keyring::Result<()> {
        if self.fail {
            return Err(keyring::Error::PlatformFailure("the test refuses this write".into()));
        }
        self.inner.set_secret(secret)
    }
    fn get_secret(&self) -> keyring::Result<Vec<u8>> {
        self.inner.get_secret()
    }
    fn delete_credential(&self) -> keyring::Result<()> {
        self.inner.delete_credential()
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

#[test]
fn inputs_holding_a_secret_never_print_it() {
    let marketo: MarketoInput =
        serde_json::from_str(r#"{"munchkin_id":"123-ABC-456","client_id":"cid","client_secret":"mkto-S3cr3t-9"}"#).unwrap();
    assert_eq!(marketo.client_secret.expose(), "mkto-S3cr3t-9");
    let route: msi_actions_setup::environment::SalesRouteInput =
        serde_json::from_str(r#"{"route":"http","base_url":"https://sales.example","token":"sales-T0ken-4"}"#).unwrap();
    assert_eq!(route.token.as_ref().map(|t| t.expose()), Some("sales-T0ken-4"));
    let client = msi_actions_setup::services::sales_actions::HttpSalesActions::new(
        reqwest::Client::new(),
        "https://sales.example",
        msi_actions_setup::secrets::SecretString::new("bearer-B34rer-1"),
    );
    for (printed, secret) in [
        (format!("{marketo:?}"), "S3cr3t"),
        (format!("{route:?}"), "T0ken"),
        (format!("{client:?}"), "B34rer"),
    ] {
        assert!(!printed.contains(secret), "{printed}");
        assert!(printed.contains("redacted"), "{printed}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refreshed_sign_in_that_cannot_be_saved_says_reconnect_needed_until_the_admin_signs_in_again() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(dir.path()).await.unwrap();
    common::sign_in_to_salesforce(&session).await;
    let env = session.active();
    let expired = reqwest::Client::new()
        .post(format!("{}/_sandbox/salesforce/expire-access-tokens", session.sandbox_url()))
        .send()
        .await
        .unwrap();
    assert!(expired.status().is_success());

    // The same keyring, but the new refresh token cannot be written to it.
    let service = msi_actions_setup::session::keyring_service(dir.path());
    let builder = FailingWrites { inner: keyring::default::default_credential_builder(), failing: "/refresh_token" };
    let failing = msi_actions_setup::secrets::SecretStore::open_with(&service, Box::new(builder)).unwrap();
    assert_eq!(failing.service(), session.secrets().unwrap().service());
    let ctx = msi_actions_setup::connections::ConnectionContext {
        store: &session.store,
        secrets: &failing,
        env: &env,
        http: &session.http,
        actor: &session.actor,
        sandbox_url: session.sandbox_url(),
    };
    let details = salesforce::verify(&ctx).await.expect("the check itself works on the refreshed token");
    assert_eq!(details.username.as_deref(), Some("admin@acme.test"));
    let view = connections_view(&session.store, &env.view).unwrap();
    assert_eq!(view.salesforce.status, ConnectionStatus::ReconnectNeeded);
    let problem = view.salesforce.problem.expect("the view says why");
    assert_eq!(problem.code, "sign_in_not_saved");
    assert!(problem.message.starts_with("reconnect needed: the new sign-in could not be saved"), "{}", problem.message);
    assert!(problem.message.contains("refresh_token"), "names what failed: {}", problem.message);

    // A later check that works does not hide it: the keyring's refresh token may be stale.
    let working = session.connections(&env).unwrap();
    salesforce::verify(&working).await.unwrap();
    assert_eq!(connections_view(&session.store, &env.view).unwrap().salesforce.status, ConnectionStatus::ReconnectNeeded);

    // Signing in again saves a good sign-in and clears it.
    common::sign_in_to_salesforce(&session).await;
    let view = connections_view(&session.store, &env.view).unwrap();
    assert_eq!((view.salesforce.status, view.salesforce.problem), (ConnectionStatus::Connected, None));
    session.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_salesforce_could_not_revoke_is_reported_and_still_removed_from_this_computer() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::start(dir.path()).await.unwrap();
    common::sign_in_to_salesforce(&session).await;
    let env = session.active();
    let ctx = session.connections(&env).unwrap();

    // Salesforce cannot be reached at the sign-in's login host (the admin is offline).
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut details = connections_view(&session.store, &env.view).unwrap().salesforce.details;
    details.login_host = Some(format!("http://127.0.0.1:{closed}"));
    ctx.record("salesforce", "connected", &details, Some("identity URL")).unwrap();

    let report = salesforce::disconnect(&ctx).await.unwrap();
    let not_revoked = report.not_revoked.expect("the failed revoke is reported");
    assert_eq!(not_revoked.code, "network", "{not_revoked:?}");
    let secrets = session.secrets().unwrap();
    for item in ["access_token", "refresh_token"] {
        assert!(secrets.get(&SecretKey::new("sandbox", "salesforce", item)).unwrap().is_none(), "{item} deleted");
    }
    assert_eq!(connections_view(&session.store, &env.view).unwrap().salesforce.status, ConnectionStatus::Disconnected);

    // A disconnect that revoked reports nothing.
    common::sign_in_to_salesforce(&session).await;
    let report = salesforce::disconnect(&session.connections(&env).unwrap()).await.unwrap();
    assert_eq!(report.not_revoked, None);
    session.shutdown().await;
}
