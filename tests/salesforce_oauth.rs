//! Salesforce sign-in end to end against the sandbox's simulated org: the test plays the browser (it
//! fetches the authorize URL without following redirects and delivers the redirect to the loopback
//! listener itself), then uses the tokens through the REST client.

mod common;

use std::net::{Ipv4Addr, TcpStream};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use common::World;
use msi_actions_setup::auth::{self, AuthError, LoginHost, PendingSignIn, SalesforceTokens, SignInConfig};
use msi_actions_setup::i18n::Language;
use msi_actions_setup::sandbox::salesforce::{ORG_ID, ORG_NAME, SANDBOX_CONSUMER_KEY, USERNAME, USER_ID};
use msi_actions_setup::secrets::SecretString;
use msi_actions_setup::services::salesforce::{with_refresh, RetryPolicy, SalesforceClient, SalesforceError};
use reqwest::header::LOCATION;
use tokio_util::sync::CancellationToken;

fn config(world: &World) -> SignInConfig {
    let host = LoginHost::my_domain(&world.sandbox.root_url()).expect("the sandbox is a loopback host");
    let mut config = SignInConfig::new(SANDBOX_CONSUMER_KEY, host);
    config.port = 0;
    config.timeout = Duration::from_secs(20);
    config
}

/// The browser: fetches `url` without following redirects and returns where it was sent.
async fn redirected_to(world: &World, url: &str) -> String {
    let response = world.http.get(url).send().await.expect("authorize request");
    assert_eq!(response.status(), 302, "authorize should redirect");
    response.headers()[LOCATION].to_str().expect("ascii location").to_owned()
}

/// Salesforce's answer to the authorize request of `pending` (`allow` or `deny`, sandbox-only shortcut).
async fn authorize(world: &World, pending: &PendingSignIn, decision: &str) -> String {
    redirected_to(world, &format!("{}&auto={decision}", pending.authorize_url())).await
}

fn with_query_param(url: &str, name: &str, value: &str) -> String {
    let mut parsed = url::Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    {
        let mut query = parsed.query_pairs_mut();
        query.clear();
        for (key, old) in pairs {
            query.append_pair(&key, if key == name { value } else { &old });
        }
    }
    parsed.to_string()
}

fn query_param(url: &str, name: &str) -> String {
    url::Url::parse(url).unwrap().query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned()).unwrap()
}

fn is_closed(addr: std::net::SocketAddr) -> bool {
    TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err()
}

/// A whole sign-in through the listener.
async fn sign_in(world: &World) -> SalesforceTokens {
    let pending = auth::start(config(world)).await.expect("sign-in starts");
    let location = authorize(world, &pending, "allow").await;
    let page = world.http.get(&location).send().await.expect("the listener answers");
    assert_eq!(page.status(), 200);
    pending.complete(CancellationToken::new()).await.expect("tokens")
}

fn rest(tokens: &SalesforceTokens) -> SalesforceClient {
    let retry = RetryPolicy { max_attempts: 3, first_backoff: Duration::from_millis(10), ..RetryPolicy::default() };
    SalesforceClient::new(SalesforceClient::default_http_client().unwrap(), tokens).with_retry(retry)
}

async fn sandbox_control(world: &World, path: &str, body: Option<serde_json::Value>) -> serde_json::Value {
    let url = format!("{}/_sandbox/salesforce{path}", world.sandbox.root_url());
    let request = match body {
        Some(body) => world.http.post(url).json(&body),
        None if path.is_empty() => world.http.get(url),
        None => world.http.post(url),
    };
    let response = request.send().await.expect("control call");
    assert!(response.status().is_success(), "control refused: {}", response.status());
    response.json().await.unwrap_or(serde_json::Value::Null)
}

#[tokio::test]
async fn loopback_sign_in_gives_tokens_and_the_identity() {
    let world = common::world().await;
    let pending = auth::start(config(&world)).await.unwrap();
    let addr = pending.listening_on().expect("a listener");
    assert_eq!(addr.ip(), Ipv4Addr::LOCALHOST, "bound to 127.0.0.1 only");
    assert_eq!(pending.redirect_uri(), format!("http://localhost:{}/OauthRedirect", addr.port()));
    let authorize_url = url::Url::parse(pending.authorize_url()).unwrap();
    let params: std::collections::HashMap<_, _> = authorize_url.query_pairs().into_owned().collect();
    assert_eq!(params["response_type"], "code");
    assert_eq!(params["code_challenge_method"], "S256");
    assert_eq!(params["scope"], "api refresh_token openid");
    assert_eq!(params["redirect_uri"], pending.redirect_uri());

    let location = authorize(&world, &pending, "allow").await;
    assert!(location.starts_with(pending.redirect_uri()), "{location}");
    let page = world.http.get(&location).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("You are signed in. You can close this tab"));

    let tokens = pending.complete(CancellationToken::new()).await.unwrap();
    assert!(is_closed(addr), "the listener must be closed after the sign-in");
    assert_eq!(tokens.instance_url, world.sandbox.root_url());
    assert_eq!(tokens.org_and_user_ids(), Some((ORG_ID.to_owned(), USER_ID.to_owned())));
    assert!(tokens.refresh_token.is_some());
    assert_eq!(tokens.scope.as_deref(), Some("api refresh_token openid"));
    let printed = format!("{tokens:?}");
    assert!(!printed.contains(tokens.access_token.expose()), "Debug shows the access token");
    assert!(!printed.contains(tokens.refresh_token.as_ref().unwrap().expose()), "Debug shows the refresh token");

    let client = rest(&tokens);
    let me = client.identity().await.unwrap();
    assert_eq!(me.username, USERNAME);
    assert_eq!(me.organization_id, ORG_ID);
    assert_eq!(me.user_id, USER_ID);
    assert_eq!(client.organization_name().await.unwrap(), ORG_NAME);
    assert_eq!(client.api_version().await.unwrap(), "62.0");
    assert_eq!(client.userinfo().await.unwrap().preferred_username, USERNAME);
}

#[tokio::test]
async fn the_consent_page_allow_link_signs_in_and_the_page_speaks_spanish() {
    let world = common::world().await;
    let mut config = config(&world);
    config.language = Language::Es;
    let pending = auth::start(config).await.unwrap();
    let consent = world.http.get(pending.authorize_url()).send().await.unwrap();
    assert_eq!(consent.status(), 200);
    let html = consent.text().await.unwrap();
    assert!(html.contains(ORG_NAME) && html.contains(USERNAME), "{html}");
    let start = html.find("id=\"allow\" href=\"").expect("an Allow link") + "id=\"allow\" href=\"".len();
    let href = html[start..][..html[start..].find('"').unwrap()].replace("&amp;", "&");
    let location = redirected_to(&world, &format!("{}{href}", world.sandbox.root_url())).await;

    let page = world.http.get(&location).send().await.unwrap();
    assert!(page.text().await.unwrap().contains("Has iniciado sesión. Puedes cerrar esta pestaña"));
    let tokens = pending.complete(CancellationToken::new()).await.unwrap();
    assert_eq!(rest(&tokens).identity().await.unwrap().username, USERNAME);
}

#[tokio::test]
async fn a_wrong_verifier_is_refused() {
    let world = common::world().await;
    let config = config(&world);
    let pending = auth::start_without_listener(config.clone()).unwrap();
    let location = authorize(&world, &pending, "allow").await;
    let code = SecretString::new(query_param(&location, "code"));
    let other_verifier = SecretString::new("x".repeat(43));
    let err =
        auth::exchange_code(&config.login_host, SANDBOX_CONSUMER_KEY, pending.redirect_uri(), &code, &other_verifier)
            .await
            .unwrap_err();
    assert_eq!(err.code(), "invalid_grant_code", "{err}");
    assert!(err.to_string().contains("invalid code verifier"));
    // The code is spent by the failed attempt: the real flow cannot use it either.
    let err = pending.complete_with_pasted_url(&location).await.unwrap_err();
    assert_eq!(err.code(), "invalid_grant_code");
}

#[tokio::test]
async fn a_forged_state_is_refused_and_the_real_redirect_still_signs_in() {
    let world = common::world().await;
    let pending = auth::start(config(&world)).await.unwrap();
    let addr = pending.listening_on().unwrap();
    let location = authorize(&world, &pending, "allow").await;

    // Any web page can send the browser here: a wrong state, a missing one, or a made-up provider error.
    let base = format!("http://127.0.0.1:{}/OauthRedirect", addr.port());
    let forgeries = [
        with_query_param(&location, "state", "forged-state"),
        format!("{base}?code=made-up"),
        format!("{base}?error=access_denied&state=forged-state"),
        format!("{base}?error=access_denied"),
    ];
    for forged in &forgeries {
        let page = world.http.get(forged).send().await.unwrap();
        assert_eq!(page.status(), 400, "{forged}");
        let text = page.text().await.unwrap();
        assert!(text.contains("This link is not from your sign-in"), "{forged}: {text}");
        assert!(!is_closed(addr), "a forged request closed the listener: {forged}");
    }

    let page = world.http.get(&location).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let tokens = pending.complete(CancellationToken::new()).await.expect("the real redirect signs in");
    assert_eq!(rest(&tokens).identity().await.unwrap().username, USERNAME);
    assert!(is_closed(addr));
}

#[tokio::test]
async fn a_provider_error_ends_the_sign_in_only_with_the_right_state() {
    let world = common::world().await;
    let pending = auth::start(config(&world)).await.unwrap();
    let addr = pending.listening_on().unwrap();
    let location = authorize(&world, &pending, "deny").await;
    let wrong = with_query_param(&location, "state", "forged-state");
    assert_eq!(world.http.get(&wrong).send().await.unwrap().status(), 400);
    assert!(!is_closed(addr), "an error with the wrong state ended the sign-in");

    let page = world.http.get(&location).send().await.unwrap();
    assert!(page.text().await.unwrap().contains("access_denied"));
    assert_eq!(pending.complete(CancellationToken::new()).await.unwrap_err().code(), "access_denied");
    assert!(is_closed(addr));
}

#[tokio::test]
async fn a_second_redirect_is_refused() {
    let world = common::world().await;
    let pending = auth::start(config(&world)).await.unwrap();
    let addr = pending.listening_on().unwrap();
    let location = authorize(&world, &pending, "allow").await;
    assert_eq!(world.http.get(&location).send().await.unwrap().status(), 200);

    // Whether the listener has closed yet or not, the second answer gets nothing.
    match world.http.get(&location).send().await {
        Err(err) => assert!(err.is_connect() || err.is_request(), "{err}"),
        Ok(response) => assert!(response.status().is_client_error(), "{}", response.status()),
    }
    pending.complete(CancellationToken::new()).await.expect("the first answer signed in");
    assert!(is_closed(addr));
    assert!(world.http.get(&location).send().await.is_err(), "closed after the sign-in");
}

#[tokio::test]
async fn only_the_callback_path_is_served_and_nothing_else_is_consumed() {
    let world = common::world().await;
    let pending = auth::start(config(&world)).await.unwrap();
    let addr = pending.listening_on().unwrap();
    let base = format!("http://127.0.0.1:{}", addr.port());

    let other = world.http.get(format!("{base}/favicon.ico?code=x&state=y")).send().await.unwrap();
    assert_eq!(other.status(), 404);
    let empty = world.http.get(format!("{base}/OauthRedirect")).send().await.unwrap();
    assert_eq!(empty.status(), 400);
    let post = world.http.post(format!("{base}/OauthRedirect?code=x")).send().await.unwrap();
    assert_eq!(post.status(), 405);

    let location = authorize(&world, &pending, "allow").await;
    assert_eq!(world.http.get(&location).send().await.unwrap().status(), 200);
    pending.complete(CancellationToken::new()).await.expect("still signs in");
}

#[tokio::test]
async fn the_listener_closes_after_the_timeout() {
    let world = common::world().await;
    let mut config = config(&world);
    config.timeout = Duration::from_millis(300);
    let pending = auth::start(config).await.unwrap();
    let addr = pending.listening_on().unwrap();
    assert!(!is_closed(addr), "open before the timeout");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(is_closed(addr), "closed after the timeout");
    assert_eq!(pending.complete(CancellationToken::new()).await.unwrap_err(), AuthError::TimedOut);
}

#[tokio::test]
async fn cancelling_stops_the_sign_in_and_closes_the_listener() {
    let world = common::world().await;
    let pending = auth::start(config(&world)).await.unwrap();
    let addr = pending.listening_on().unwrap();
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        trigger.cancel();
    });
    assert_eq!(pending.complete(cancel).await.unwrap_err(), AuthError::Cancelled);
    assert!(is_closed(addr));
}

#[tokio::test]
async fn a_busy_port_names_its_holder() {
    let world = common::world().await;
    let squatter = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = squatter.local_addr().unwrap().port();
    let mut config = config(&world);
    config.port = port;
    let err = auth::start(config).await.unwrap_err();
    let AuthError::PortBusy { port: busy, holder } = &err else { panic!("expected PortBusy, got {err:?}") };
    assert_eq!(*busy, port);
    assert_eq!(err.code(), "port_busy");
    if cfg!(target_os = "linux") {
        let holder = holder.as_deref().expect("Linux names the holder");
        assert!(holder.contains(&format!("pid {}", std::process::id())), "{holder}");
    }
    assert_eq!(auth::ALTERNATIVE_PORTS, [1717, 1718, 1719]);
}

#[tokio::test]
async fn pasting_the_redirect_address_signs_in() {
    let world = common::world().await;
    let pending = auth::start_without_listener(config(&world)).unwrap();
    assert!(pending.listening_on().is_none());
    let location = authorize(&world, &pending, "allow").await;
    let tokens = pending.complete_with_pasted_url(&format!("  {location}\n")).await.unwrap();
    assert_eq!(rest(&tokens).identity().await.unwrap().username, USERNAME);
}

#[tokio::test]
async fn pasting_while_the_listener_waits_signs_in() {
    let world = common::world().await;
    let pending = auth::start(config(&world)).await.unwrap();
    let addr = pending.listening_on().unwrap();
    let paste = pending.paste_channel();
    let location = authorize(&world, &pending, "allow").await;

    let forged = with_query_param(&location, "state", "other-sign-in");
    assert_eq!(paste.submit(&forged).unwrap_err(), AuthError::StateMismatch, "refused without ending the sign-in");
    assert_eq!(paste.submit("not an address").unwrap_err().code(), "invalid_redirect");
    paste.submit(&location).unwrap();

    let tokens = pending.complete(CancellationToken::new()).await.unwrap();
    assert_eq!(rest(&tokens).identity().await.unwrap().organization_id, ORG_ID);
    assert!(is_closed(addr));
    assert_eq!(paste.submit(&location).unwrap_err(), AuthError::AlreadyFinished);
}

#[tokio::test]
async fn deny_is_access_denied() {
    let world = common::world().await;
    let pending = auth::start(config(&world)).await.unwrap();
    let location = authorize(&world, &pending, "deny").await;
    assert_eq!(query_param(&location, "error"), "access_denied");
    let page = world.http.get(&location).send().await.unwrap();
    assert!(page.text().await.unwrap().contains("access_denied"));
    let err = pending.complete(CancellationToken::new()).await.unwrap_err();
    assert_eq!(err.code(), "access_denied");
    assert!(!err.what_to_do().is_empty());
}

#[tokio::test]
async fn an_unknown_consumer_key_ends_on_salesforces_error_page() {
    let world = common::world().await;
    let mut config = config(&world);
    config.client_id = "not-our-app".into();
    let pending = auth::start_without_listener(config).unwrap();
    let location = redirected_to(&world, &format!("{}&auto=allow", pending.authorize_url())).await;
    assert!(location.contains("RemoteAccessErrorPage"), "{location}");
    let error_page = format!("{}{location}", world.sandbox.root_url());
    let err = pending.complete_with_pasted_url(&error_page).await.unwrap_err();
    assert_eq!(err.code(), "invalid_client");
}

#[tokio::test]
async fn forced_authorize_and_token_errors_map_to_their_codes() {
    let world = common::world().await;
    sandbox_control(&world, "", Some(serde_json::json!({"next_authorize_error": {"error": "invalid_scope"}}))).await;
    let pending = auth::start_without_listener(config(&world)).unwrap();
    let location = authorize(&world, &pending, "allow").await;
    assert_eq!(pending.complete_with_pasted_url(&location).await.unwrap_err().code(), "invalid_scope");

    let body = serde_json::json!({"next_token_error": {"error": "invalid_grant", "error_description": "user hasn't approved this consumer"}});
    sandbox_control(&world, "", Some(body)).await;
    let pending = auth::start_without_listener(config(&world)).unwrap();
    let location = authorize(&world, &pending, "allow").await;
    assert_eq!(pending.complete_with_pasted_url(&location).await.unwrap_err().code(), "invalid_grant_not_approved");
}

#[tokio::test]
async fn refresh_gives_a_working_token() {
    let world = common::world().await;
    let tokens = sign_in(&world).await;
    let refresh_token = tokens.refresh_token.clone().unwrap();
    let host = LoginHost::my_domain(&tokens.instance_url).unwrap();
    let fresh = auth::refresh(&host, SANDBOX_CONSUMER_KEY, &refresh_token).await.unwrap();
    assert_ne!(fresh.access_token, tokens.access_token);
    assert_eq!(fresh.refresh_token.as_ref(), Some(&refresh_token), "no rotation: the same refresh token");
    assert_eq!(rest(&fresh).identity().await.unwrap().username, USERNAME);
}

#[tokio::test]
async fn revoking_ends_the_session() {
    let world = common::world().await;
    let tokens = sign_in(&world).await;
    let host = LoginHost::my_domain(&tokens.instance_url).unwrap();
    let client = rest(&tokens);
    client.identity().await.unwrap();

    auth::revoke(&host, tokens.refresh_token.as_ref().unwrap()).await.unwrap();
    assert_eq!(client.identity().await.unwrap_err(), SalesforceError::SessionExpired);
    assert_eq!(client.organization_name().await.unwrap_err(), SalesforceError::SessionExpired);
    let err = auth::refresh(&host, SANDBOX_CONSUMER_KEY, tokens.refresh_token.as_ref().unwrap()).await.unwrap_err();
    assert_eq!(err.code(), "invalid_grant_refresh");
    // Revoking again is not an error: the token is gone either way.
    auth::revoke(&host, tokens.refresh_token.as_ref().unwrap()).await.unwrap();
}

#[tokio::test]
async fn the_refresh_wrapper_refreshes_once_after_tokens_expire() {
    let world = common::world().await;
    let tokens = sign_in(&world).await;
    let host = LoginHost::my_domain(&tokens.instance_url).unwrap();
    let refresh_token = tokens.refresh_token.clone().unwrap();
    let client = rest(&tokens);

    let expired = sandbox_control(&world, "/expire-access-tokens", None).await;
    assert_eq!(expired["expired"], 1);
    assert_eq!(client.identity().await.unwrap_err(), SalesforceError::SessionExpired);

    let refreshes = AtomicU32::new(0);
    let refresher = || {
        refreshes.fetch_add(1, Ordering::SeqCst);
        auth::refresh(&host, SANDBOX_CONSUMER_KEY, &refresh_token)
    };
    let me = with_refresh(&client, &refresher, |c| c.identity()).await.unwrap();
    assert_eq!(me.username, USERNAME);
    assert_eq!(refreshes.load(Ordering::SeqCst), 1);
    // The client keeps the new token: no further refresh.
    assert_eq!(with_refresh(&client, &refresher, |c| c.organization_name()).await.unwrap(), ORG_NAME);
    assert_eq!(refreshes.load(Ordering::SeqCst), 1);
    let stats = sandbox_control(&world, "", None).await;
    assert_eq!(stats["token_requests"]["refresh_token"], 1);

    // A refresh that does not help: the second SessionExpired is returned as is.
    sandbox_control(&world, "/expire-access-tokens", None).await;
    let stale = tokens.clone();
    let useless = || {
        let stale = stale.clone();
        async move { Ok(stale) }
    };
    assert_eq!(with_refresh(&client, &useless, |c| c.identity()).await.unwrap_err(), SalesforceError::SessionExpired);

    // A refresh that fails surfaces the auth error.
    auth::revoke(&host, &refresh_token).await.unwrap();
    let err = with_refresh(&client, &refresher, |c| c.identity()).await.unwrap_err();
    assert_eq!(err.code(), "invalid_grant_refresh");
}

#[tokio::test]
async fn rest_errors_are_mapped_and_5xx_retried() {
    let world = common::world().await;
    let tokens = sign_in(&world).await;
    let client = rest(&tokens);
    let body =
        serde_json::json!({"next_rest_errors": [{"status": 503, "error_code": "SERVER_UNAVAILABLE", "count": 2}]});
    sandbox_control(&world, "", Some(body)).await;
    assert_eq!(client.organization_name().await.unwrap(), ORG_NAME, "two 503s are retried");

    let body = serde_json::json!({"next_rest_errors": [{"status": 403, "error_code": "REQUEST_LIMIT_EXCEEDED", "message": "TotalRequests Limit exceeded."}]});
    sandbox_control(&world, "", Some(body)).await;
    let err = client.organization_name().await.unwrap_err();
    assert_eq!(err.code(), "request_limit_exceeded");
    assert!(err.to_string().contains("TotalRequests Limit exceeded."));

    let body = serde_json::json!({"next_rest_errors": [{"status": 403, "error_code": "API_DISABLED_FOR_ORG"}]});
    sandbox_control(&world, "", Some(body)).await;
    assert_eq!(client.identity().await.unwrap_err().code(), "api_disabled");

    let err = client.query::<serde_json::Value>("SELECT Nope FROM Organization").await.unwrap_err();
    assert_eq!(err.code(), "bad_request");
    let users = client.query::<serde_json::Value>("SELECT Id, Username FROM User").await.unwrap();
    assert_eq!(users.total_size as usize, users.records.len());
    assert!(users.records.iter().any(|user| user["Username"] == USERNAME), "the signed-in admin is a user");
}
