//! Every loop that follows a service's "next page" cursor stops with `paging_loop` when the service hands
//! back a cursor it gave before (issue 10, point 12): the Sales account's `next_cursor`, Salesforce's
//! `nextRecordsUrl` and Marketo's `nextPageToken`, each against a tiny local server that cycles two
//! cursors (A → B → A…). A loop that only compared with the previous cursor, or none, would never end:
//! each call is under a timeout, so that shows as a failure, not a hung test.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use msi_actions_setup::auth::SalesforceTokens;
use msi_actions_setup::secrets::SecretString;
use msi_actions_setup::services::marketo::{MarketoClient, MarketoCredentials, MarketoEndpoints, MunchkinId};
use msi_actions_setup::services::sales_actions::{HttpSalesActions, SalesActions};
use msi_actions_setup::services::salesforce::SalesforceClient;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Serves `router` on 127.0.0.1 and answers its root URL.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{address}")
}

/// The cursor after `current`: none → A, A → B, B → A.
fn next_of(current: Option<&str>) -> &'static str {
    match current {
        Some("A") => "B",
        Some("B") => "A",
        _ => "A",
    }
}

const PATIENCE: Duration = Duration::from_secs(20);

#[tokio::test]
async fn the_sales_account_repeating_its_cursor_ends_the_listing() {
    let calls = Arc::new(AtomicUsize::new(0));
    let pages = |State(calls): State<Arc<AtomicUsize>>, Query(query): Query<HashMap<String, String>>| async move {
        calls.fetch_add(1, Ordering::SeqCst);
        Json(json!({ "items": [], "next_cursor": next_of(query.get("cursor").map(String::as_str)) }))
    };
    let root = serve(Router::new().route("/api/v1/invitations", get(pages)).with_state(calls.clone())).await;
    let client = HttpSalesActions::new(HttpSalesActions::default_http_client().unwrap(), &root, "test-token");
    let result = tokio::time::timeout(PATIENCE, client.invitations(None, None)).await.expect("the listing ends");
    let error = result.expect_err("a repeated cursor is an error");
    assert_eq!(error.code(), "paging_loop", "{error}");
    assert_eq!(calls.load(Ordering::SeqCst), 3, "first page, A, B — then A again is refused unasked");
}

#[tokio::test]
async fn salesforce_repeating_next_records_url_ends_the_query() {
    let calls = Arc::new(AtomicUsize::new(0));
    let versions = || async { Json(json!([{ "label": "Winter", "url": "/services/data/v62.0", "version": "62.0" }])) };
    let first = |State(calls): State<Arc<AtomicUsize>>| async move {
        calls.fetch_add(1, Ordering::SeqCst);
        Json(json!({ "totalSize": 9, "done": false, "records": [], "nextRecordsUrl": "/services/data/v62.0/query/01g-A" }))
    };
    let more = |State(calls): State<Arc<AtomicUsize>>, axum::extract::Path(locator): axum::extract::Path<String>| async move {
        calls.fetch_add(1, Ordering::SeqCst);
        let next = next_of(locator.strip_prefix("01g-"));
        Json(json!({ "totalSize": 9, "done": false, "records": [], "nextRecordsUrl": format!("/services/data/v62.0/query/01g-{next}") }))
    };
    let router = Router::new()
        .route("/services/data/", get(versions))
        .route("/services/data/v62.0/query", get(first))
        .route("/services/data/v62.0/query/{locator}", get(more))
        .with_state(calls.clone());
    let root = serve(router).await;
    let tokens = SalesforceTokens {
        access_token: SecretString::new("00D-test-token"),
        refresh_token: None,
        instance_url: root.clone(),
        id_url: format!("{root}/id/00D/005"),
        issued_at: None,
        scope: None,
    };
    let client = SalesforceClient::new(SalesforceClient::default_http_client().unwrap(), &tokens);
    let result = tokio::time::timeout(PATIENCE, client.query::<Value>("SELECT Id FROM Lead")).await.expect("the query ends");
    let error = result.expect_err("a repeated nextRecordsUrl is an error");
    assert_eq!(error.code(), "paging_loop", "{error}");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn marketo_cycling_page_tokens_end_the_lookup() {
    let calls = Arc::new(AtomicUsize::new(0));
    let token = || async { Json(json!({ "access_token": "tok-1", "expires_in": 3600, "scope": "api@test" })) };
    let leads = |State(calls): State<Arc<AtomicUsize>>, Query(query): Query<HashMap<String, String>>| async move {
        calls.fetch_add(1, Ordering::SeqCst);
        let next = next_of(query.get("nextPageToken").map(String::as_str));
        Json(json!({ "requestId": "r", "success": true, "result": [], "moreResult": true, "nextPageToken": next }))
    };
    let router = Router::new()
        .route("/identity/oauth/token", get(token))
        .route("/rest/v1/leads.json", get(leads))
        .with_state(calls.clone());
    let root = serve(router).await;
    let credentials = MarketoCredentials {
        munchkin_id: MunchkinId::parse("123-ABC-456").unwrap(),
        client_id: "client".into(),
        client_secret: SecretString::new("secret-value"),
    };
    let client = MarketoClient::new(MarketoClient::default_http_client().unwrap(), MarketoEndpoints::with_base(&root).unwrap(), credentials);
    let result = tokio::time::timeout(PATIENCE, client.leads_by_email(&["ana@example.com".to_owned()])).await.expect("the lookup ends");
    let error = result.expect_err("a cycling page token is an error");
    assert_eq!(error.code(), "paging_loop", "{error}");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}
