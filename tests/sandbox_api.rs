//! The sandbox over real HTTP: the Sales-account contract (`docs/sales-actions-api.md`) as a client
//! sees it, its limits and faults, its persistence across restarts, and the `sandbox` CLI command.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use msi_actions_setup::sandbox::{self, RateLimit, RunningSandbox, SandboxConfig, SANDBOX_TOKEN};
use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};
use tempfile::TempDir;

/// A running sandbox on a fresh state file, and a client that speaks to it.
struct Sim {
    sandbox: RunningSandbox,
    http: reqwest::Client,
    _dir: TempDir,
}

impl Sim {
    async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    async fn start_with(configure: impl FnOnce(&mut SandboxConfig)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let sandbox = start_on(dir.path(), configure).await;
        Self { sandbox, http: reqwest::Client::new(), _dir: dir }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.root_url())
    }

    /// An authorised `/api/v1` request.
    async fn api(&self, method: Method, path: &str, body: Option<Value>, key: Option<&str>) -> Response {
        let mut request = self.http.request(method, self.url(&format!("/api/v1{path}"))).bearer_auth(SANDBOX_TOKEN);
        if let Some(body) = body {
            request = request.json(&body);
        }
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        request.send().await.unwrap()
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        read(self.api(Method::GET, path, None, None).await).await
    }

    async fn invite(&self, body: Value, key: Option<&str>) -> (StatusCode, Value) {
        read(self.api(Method::POST, "/invitations", Some(body), key).await).await
    }

    async fn control(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut request = self.http.request(method, self.url(&format!("/_sandbox{path}")));
        if let Some(body) = body {
            request = request.json(&body);
        }
        read(request.send().await.unwrap()).await
    }

    async fn stats(&self) -> Value {
        let (status, body) = self.control(Method::GET, "/stats", None).await;
        assert_eq!(status, StatusCode::OK);
        body
    }

    async fn seats_used(&self) -> i64 {
        self.get("/account").await.1["seats_used"].as_i64().unwrap()
    }
}

async fn start_on(dir: &Path, configure: impl FnOnce(&mut SandboxConfig)) -> RunningSandbox {
    let mut config = SandboxConfig::new(dir.join("sandbox.db"));
    configure(&mut config);
    sandbox::start(config).await.unwrap()
}

/// Status and JSON body (`null` when empty).
async fn read(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.unwrap();
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap() };
    (status, body)
}

fn header(response: &Response, name: &str) -> Option<String> {
    response.headers().get(name).map(|v| v.to_str().unwrap().to_owned())
}

fn assert_error(body: &Value, code: &str, retryable: bool) {
    assert_eq!(body["error"]["code"], json!(code), "body: {body}");
    assert_eq!(body["error"]["retryable"], json!(retryable), "body: {body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "body: {body}");
}

fn stat_count(stats: &Value, route: &str, status: u16) -> u64 {
    stats["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|line| line["route"] == json!(route) && line["status"] == json!(status))
        .map_or(0, |line| line["count"].as_u64().unwrap())
}

#[tokio::test]
async fn creates_an_invitation_and_lists_it_by_email() {
    let sim = Sim::start().await;
    let (_, teams) = sim.get("/teams").await;
    let teams = teams["teams"].as_array().unwrap().clone();
    let names: Vec<&str> = teams.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Everyone", "Sales EMEA", "SDR"]);
    let everyone = teams.iter().find(|t| t["default"] == json!(true)).unwrap();
    assert_eq!(everyone["name"], "Everyone");
    assert_eq!(sim.seats_used().await, 3, "seed: 2 members + 1 pending invitation");

    let (status, created) = sim
        .invite(json!({"email": "  Ana.Lopez@Example.COM ", "first_name": "Ana", "last_name": "López"}), None)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["email"], "ana.lopez@example.com");
    assert_eq!(created["status"], "pending");
    assert_eq!(created["team_id"], everyone["id"]);
    assert_eq!(created["role"], "member");
    assert_eq!(created["last_name"], "López");
    assert!(created["created_at"].as_str().unwrap().ends_with('Z'));
    assert!(created["expires_at"].as_str().unwrap() > created["created_at"].as_str().unwrap());
    assert_eq!(sim.seats_used().await, 4);

    let (status, page) = sim.get("/invitations?email=ANA.LOPEZ%40example.com").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["id"], created["id"]);
    assert_eq!(page["next_cursor"], Value::Null);

    let (_, pending) = sim.get("/invitations?status=pending").await;
    assert_eq!(pending["items"].as_array().unwrap().len(), 2, "the seeded one and ours");
    let (status, one) = sim.get(&format!("/invitations/{}", created["id"].as_str().unwrap())).await;
    assert_eq!((status, &one["email"]), (StatusCode::OK, &json!("ana.lopez@example.com")));

    let (status, body) = sim.get("/invitations/no-such-id").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "not_found", false);
    let (status, body) = sim.get("/invitations?status=lost").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["field"], "status");
}

#[tokio::test]
async fn a_second_invitation_for_the_same_email_is_409_already_invited_with_the_existing_one() {
    let sim = Sim::start().await;
    let (_, first) = sim.invite(json!({"email": "ana@example.com"}), None).await;
    let (status, body) = sim.invite(json!({"email": "ANA@example.com "}), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_error(&body, "already_invited", false);
    assert_eq!(body["error"]["existing"]["id"], first["id"]);
    assert_eq!(body["error"]["existing"]["status"], "pending");

    let (status, body) = sim.invite(json!({"email": "pending.user@acme.test"}), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["existing"]["email"], "pending.user@acme.test");
}

#[tokio::test]
async fn inviting_a_member_is_409_already_member() {
    let sim = Sim::start().await;
    let (status, body) = sim.invite(json!({"email": "Maria.Garcia@acme.test"}), None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_error(&body, "already_member", false);
    assert_eq!(body["error"]["existing"]["email"], "maria.garcia@acme.test");
    assert!(body["error"]["existing"]["team_id"].is_string());
}

#[tokio::test]
async fn invalid_input_is_422_on_its_field() {
    let sim = Sim::start().await;
    for email in [json!("not-an-email"), json!(""), json!("two@@example.com")] {
        let (status, body) = sim.invite(json!({"email": email}), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{email}");
        assert_error(&body, "invalid_email", false);
        assert_eq!(body["error"]["field"], "email");
    }
    let (status, body) = sim.invite(json!({"first_name": "No email"}), None).await;
    assert_eq!((status, &body["error"]["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("invalid_email")));

    let (status, body) = sim.invite(json!({"email": "ana@example.com", "team_id": "nope"}), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((&body["error"]["code"], &body["error"]["field"]), (&json!("unknown_team"), &json!("team_id")));

    let (status, body) = sim.invite(json!({"email": "ana@example.com", "role": "owner"}), None).await;
    assert_eq!((status, &body["error"]["field"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("role")));

    let response = sim
        .http
        .post(sim.url("/api/v1/invitations"))
        .bearer_auth(SANDBOX_TOKEN)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    let (status, body) = read(response).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, "invalid_body", false);
    assert_eq!(sim.stats().await["invitations_created"], 0);
}

#[tokio::test]
async fn no_seats_left_is_402() {
    let sim = Sim::start_with(|c| c.seats_total = 4).await;
    let (status, _) = sim.invite(json!({"email": "one@example.com"}), None).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = sim.invite(json!({"email": "two@example.com"}), None).await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED);
    assert_error(&body, "no_seats_left", false);
    let (_, account) = sim.get("/account").await;
    assert_eq!((account["seats_total"].as_i64(), account["seats_used"].as_i64()), (Some(4), Some(4)));
}

#[tokio::test]
async fn requests_without_the_token_are_401() {
    let sim = Sim::start().await;
    let response = sim.http.get(sim.url("/api/v1/account")).send().await.unwrap();
    assert_eq!(header(&response, "x-ratelimit-limit").as_deref(), Some("100"));
    let (status, body) = read(response).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "unauthorized", false);

    let response = sim.http.get(sim.url("/api/v1/account")).bearer_auth("wrong").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = sim
        .http
        .post(sim.url("/api/v1/invitations"))
        .json(&json!({"email": "ana@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sim.stats().await["invitations_created"], 0);
}

#[tokio::test]
async fn the_same_idempotency_key_replays_the_first_answer_and_acts_once() {
    let sim = Sim::start().await;
    let body = json!({"email": "ana@example.com", "first_name": "Ana"});
    let first = sim.api(Method::POST, "/invitations", Some(body.clone()), Some("key-1")).await;
    assert_eq!(header(&first, "idempotent-replayed"), None);
    let (status1, first) = read(first).await;
    let second = sim.api(Method::POST, "/invitations", Some(body), Some("key-1")).await;
    assert_eq!(header(&second, "idempotent-replayed").as_deref(), Some("true"));
    let (status2, second) = read(second).await;
    assert_eq!((status1, status2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(first, second);

    let (_, page) = sim.get("/invitations?email=ana@example.com").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let stats = sim.stats().await;
    assert_eq!((stats["invitations_created"].as_i64(), stats["duplicate_sends"].as_i64()), (Some(1), Some(0)));

    let (status, body) = sim.invite(json!({"email": "someone.else@example.com"}), Some("key-1")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error(&body, "idempotency_key_reused", false);

    // A refusal is a result too: replayed as it was, without counting another duplicate.
    let (status, _) = sim.invite(json!({"email": "maria.garcia@acme.test"}), Some("key-2")).await;
    let (again, body) = sim.invite(json!({"email": "maria.garcia@acme.test"}), Some("key-2")).await;
    assert_eq!((status, again), (StatusCode::CONFLICT, StatusCode::CONFLICT));
    assert_eq!(body["error"]["code"], "already_member");
}

#[tokio::test]
async fn a_tiny_rate_limit_answers_429_with_retry_after_and_ratelimit_headers() {
    let sim =
        Sim::start_with(|c| c.rate_limit = RateLimit { requests: 3, per: Duration::from_secs(20), in_flight: 10 })
            .await;
    for remaining in ["2", "1", "0"] {
        let response = sim.api(Method::GET, "/account", None, None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "x-ratelimit-limit").as_deref(), Some("3"));
        assert_eq!(header(&response, "x-ratelimit-remaining").as_deref(), Some(remaining));
        let reset: u64 = header(&response, "x-ratelimit-reset").unwrap().parse().unwrap();
        assert!(reset <= 20);
    }
    let response = sim.api(Method::POST, "/invitations", Some(json!({"email": "ana@example.com"})), None).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = header(&response, "retry-after").unwrap().parse().unwrap();
    assert!((1..=7).contains(&retry_after), "one token every 6.7 s, got {retry_after}");
    assert_eq!(header(&response, "x-ratelimit-remaining").as_deref(), Some("0"));
    assert!(header(&response, "x-ratelimit-reset").is_some());
    let (_, body) = read(response).await;
    assert_error(&body, "rate_limited", true);
    assert_eq!(sim.stats().await["invitations_created"], 0, "a limited write never acts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_over_the_in_flight_cap_are_429() {
    let sim =
        Sim::start_with(|c| c.rate_limit = RateLimit { requests: 100, per: Duration::from_secs(20), in_flight: 1 })
            .await;
    sim.control(Method::POST, "/faults", Some(json!({"latency_ms": 300}))).await;
    let (slow, fast) = tokio::join!(sim.get("/teams"), async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        sim.api(Method::GET, "/teams", None, None).await
    });
    assert_eq!(slow.0, StatusCode::OK);
    assert_eq!(fast.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&fast, "retry-after").as_deref(), Some("1"));
    assert_error(&read(fast).await.1, "rate_limited", true);
}

#[tokio::test]
async fn forced_429s_come_first_then_the_request_goes_through() {
    let sim = Sim::start().await;
    let (status, armed) = sim
        .control(Method::POST, "/faults", Some(json!({"next": [{"status": 429, "retry_after": 1, "count": 2}]})))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(armed["next"][0]["count"], 2);

    for _ in 0..2 {
        let response = sim.api(Method::POST, "/invitations", Some(json!({"email": "ana@example.com"})), None).await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(header(&response, "retry-after").as_deref(), Some("1"));
        assert_eq!(header(&response, "x-ratelimit-remaining").as_deref(), Some("0"));
        assert!(header(&response, "x-ratelimit-limit").is_some());
        let (_, body) = read(response).await;
        assert_error(&body, "rate_limited", true);
    }
    let (status, _) = sim.invite(json!({"email": "ana@example.com"}), None).await;
    assert_eq!(status, StatusCode::CREATED);

    let stats = sim.stats().await;
    assert_eq!(stat_count(&stats, "POST /invitations", 429), 2);
    assert_eq!(stat_count(&stats, "POST /invitations", 201), 1);
    assert_eq!(stats["invitations_created"], 1);
    assert_eq!(stats["duplicate_sends"], 0);
}

#[tokio::test]
async fn forced_5xx_and_error_ratio_are_retryable_and_act_nothing() {
    let sim = Sim::start().await;
    sim.control(Method::POST, "/faults", Some(json!({"next": [{"status": 503, "count": 1}]}))).await;
    let (status, body) = sim.invite(json!({"email": "ana@example.com"}), Some("k")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_error(&body, "server_error", true);
    let (_, page) = sim.get("/invitations?email=ana@example.com").await;
    assert!(page["items"].as_array().unwrap().is_empty(), "the faulted write created nothing");
    let (status, _) = sim.invite(json!({"email": "ana@example.com"}), Some("k")).await;
    assert_eq!(status, StatusCode::CREATED, "the retry with the same key acts, once");

    sim.control(Method::POST, "/faults", Some(json!({"error_ratio": [{"status": 500, "ratio": 1.0}]}))).await;
    let (status, body) = sim.get("/account").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_error(&body, "server_error", true);
    let (status, _) = sim.control(Method::DELETE, "/faults", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(sim.get("/account").await.0, StatusCode::OK);

    let (status, body) = sim.control(Method::POST, "/faults", Some(json!({"next": [{"status": 200}]}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "invalid_faults");
    let (status, _) = sim.control(Method::POST, "/faults", Some(json!({"latency": 5}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "unknown fields are refused");
}

#[tokio::test]
async fn token_expiry_answers_401_token_expired_once() {
    let sim = Sim::start().await;
    sim.control(Method::POST, "/faults", Some(json!({"token_expired": true}))).await;
    let (status, body) = sim.get("/account").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "token_expired", true);
    assert_eq!(sim.get("/account").await.0, StatusCode::OK);
}

#[tokio::test]
async fn reset_connections_drops_the_next_request_without_an_answer() {
    let sim = Sim::start().await;
    sim.control(Method::POST, "/faults", Some(json!({"reset_connections": 1}))).await;
    let fresh = reqwest::Client::new();
    let result = fresh
        .post(sim.url("/api/v1/invitations"))
        .bearer_auth(SANDBOX_TOKEN)
        .json(&json!({"email": "ana@example.com"}))
        .send()
        .await;
    let error = result.expect_err("expected a dropped connection");
    assert!(error.is_request() || error.is_connect(), "{error:?}");
    let (status, _) = sim.invite(json!({"email": "ana@example.com"}), None).await;
    assert_eq!(status, StatusCode::CREATED, "nothing was created by the dropped request");

    // Also on a kept-alive connection: the client gets an error, not a silent retry.
    sim.control(Method::POST, "/faults", Some(json!({"reset_connections": 1}))).await;
    let result = sim.http.get(sim.url("/api/v1/account")).bearer_auth(SANDBOX_TOKEN).send().await;
    assert!(result.is_err(), "expected a dropped connection, got {result:?}");
    assert_eq!(sim.get("/account").await.0, StatusCode::OK);

    let stats = sim.stats().await;
    assert_eq!(stats["connections_reset"], 2);
    assert_eq!(stats["invitations_created"], 1);
}

#[tokio::test]
async fn latency_delays_api_answers() {
    let sim = Sim::start().await;
    sim.control(Method::POST, "/faults", Some(json!({"latency_ms": 150}))).await;
    let started = std::time::Instant::now();
    assert_eq!(sim.get("/teams").await.0, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn state_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let http = reqwest::Client::new();
    let first = start_on(dir.path(), |c| c.seats_total = 7).await;
    let response = http
        .post(format!("{}/api/v1/invitations", first.root_url()))
        .bearer_auth(SANDBOX_TOKEN)
        .header("Idempotency-Key", "restart-key")
        .json(&json!({"email": "ana@example.com"}))
        .send()
        .await
        .unwrap();
    let (status, created) = read(response).await;
    assert_eq!(status, StatusCode::CREATED);
    first.shutdown().await;

    let second = start_on(dir.path(), |c| c.seats_total = 50).await;
    let response = http
        .get(format!("{}/api/v1/invitations?email=ana@example.com", second.root_url()))
        .bearer_auth(SANDBOX_TOKEN)
        .send()
        .await
        .unwrap();
    let (_, page) = read(response).await;
    assert_eq!(page["items"][0]["id"], created["id"]);

    let response = http
        .post(format!("{}/api/v1/invitations", second.root_url()))
        .bearer_auth(SANDBOX_TOKEN)
        .header("Idempotency-Key", "restart-key")
        .json(&json!({"email": "ana@example.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(header(&response, "idempotent-replayed").as_deref(), Some("true"));
    let (status, replayed) = read(response).await;
    assert_eq!((status, &replayed["id"]), (StatusCode::CREATED, &created["id"]));

    let response =
        http.get(format!("{}/api/v1/account", second.root_url())).bearer_auth(SANDBOX_TOKEN).send().await.unwrap();
    let (_, account) = read(response).await;
    assert_eq!(account["seats_total"], 7, "seats come from the seed, kept in the state");
    let stats = read(http.get(format!("{}/_sandbox/stats", second.root_url())).send().await.unwrap()).await.1;
    assert_eq!(stats["invitations_created"], 1, "invitation counters are kept in the state file");
    second.shutdown().await;
}

#[tokio::test]
async fn an_accepted_invitation_becomes_a_user_and_keeps_its_seat() {
    let sim = Sim::start().await;
    let (_, teams) = sim.get("/teams").await;
    let sdr = teams["teams"].as_array().unwrap().iter().find(|t| t["name"] == "SDR").unwrap()["id"].clone();
    let (_, created) =
        sim.invite(json!({"email": "ana@example.com", "first_name": "Ana", "team_id": sdr}), None).await;
    let id = created["id"].as_str().unwrap();
    let used = sim.seats_used().await;

    let (status, accepted) = sim.control(Method::POST, &format!("/accept/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(accepted["status"], "accepted");
    assert!(accepted["accepted_at"].is_string());

    let (_, users) = sim.get("/users?email=ana@example.com").await;
    let user = &users["items"][0];
    assert_eq!((&user["email"], &user["first_name"], &user["team_id"]), (&json!("ana@example.com"), &json!("Ana"), &sdr));
    assert_eq!(user["role"], "member");
    assert_eq!(sim.seats_used().await, used, "the pending seat became a member seat");
    assert_eq!(sim.get(&format!("/invitations/{id}")).await.1["status"], "accepted");

    let (status, body) = sim.invite(json!({"email": "ana@example.com"}), None).await;
    assert_eq!((status, &body["error"]["code"]), (StatusCode::CONFLICT, &json!("already_member")));
    let (status, body) = sim.control(Method::POST, "/accept/unknown", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "not_found", false);

    let (_, all) = sim.get("/users").await;
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn accept_after_accepts_pending_invitations_by_itself() {
    let sim = Sim::start_with(|c| c.accept_after = Some(Duration::from_millis(100))).await;
    let (_, created) = sim.invite(json!({"email": "ana@example.com"}), None).await;
    assert_eq!(created["status"], "pending");
    tokio::time::sleep(Duration::from_millis(150)).await;
    let (_, page) = sim.get("/invitations?email=ana@example.com").await;
    assert_eq!(page["items"][0]["status"], "accepted");
    let (_, users) = sim.get("/users?email=ana@example.com").await;
    assert_eq!(users["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn bounce_test_addresses_bounce_and_free_their_seat() {
    let sim = Sim::start().await;
    let used = sim.seats_used().await;
    let (status, created) = sim.invite(json!({"email": "lost@bounce.test"}), None).await;
    assert_eq!((status, &created["status"]), (StatusCode::CREATED, &json!("pending")));
    let (_, read_back) = sim.get(&format!("/invitations/{}", created["id"].as_str().unwrap())).await;
    assert_eq!(read_back["status"], "bounced");
    let (_, bounced) = sim.get("/invitations?status=bounced").await;
    assert_eq!(bounced["items"].as_array().unwrap().len(), 1);
    assert_eq!(sim.seats_used().await, used);
    let (status, _) = sim.invite(json!({"email": "lost@bounce.test"}), None).await;
    assert_eq!(status, StatusCode::CREATED, "a bounced address may be invited again");
}

#[tokio::test]
async fn stats_count_routes_statuses_and_duplicate_sends() {
    let sim = Sim::start().await;
    let (status, _) = sim.invite(json!({"email": "ana@example.com"}), Some("a")).await;
    assert_eq!(status, StatusCode::CREATED);
    sim.invite(json!({"email": "ana@example.com"}), None).await; // sent again without a key
    sim.invite(json!({"email": "Ana@Example.com"}), Some("b")).await; // sent again under another key
    sim.invite(json!({"email": "ana@example.com"}), Some("a")).await; // a replay: not a duplicate
    sim.invite(json!({"email": "pending.user@acme.test"}), None).await; // the seed's, not ours
    sim.get("/account").await;

    let stats = sim.stats().await;
    assert_eq!(stats["invitations_created"], 1);
    assert_eq!(stats["duplicate_sends"], 2);
    assert_eq!(stat_count(&stats, "POST /invitations", 201), 2, "the first and its replay");
    assert_eq!(stat_count(&stats, "POST /invitations", 409), 3);
    assert_eq!(stat_count(&stats, "GET /account", 200), 1);

    let (status, _) = sim.control(Method::POST, "/reset", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let stats = sim.stats().await;
    assert_eq!((stats["invitations_created"].as_i64(), stats["duplicate_sends"].as_i64()), (Some(0), Some(0)));
    assert!(stats["requests"].as_array().unwrap().is_empty());
    assert_eq!(sim.get("/invitations").await.1["items"].as_array().unwrap().len(), 1, "back to the seed");
}

#[tokio::test]
async fn lists_page_with_an_opaque_cursor() {
    let sim = Sim::start().await;
    for n in 0..4 {
        sim.invite(json!({"email": format!("user{n}@example.com")}), None).await;
    }
    let mut seen = Vec::new();
    let mut path = "/invitations?limit=2".to_owned();
    loop {
        let (status, page) = sim.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|i| i["email"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/invitations?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
    let (status, body) = sim.get("/invitations?cursor=garbage").await;
    assert_eq!((status, &body["error"]["field"]), (StatusCode::BAD_REQUEST, &json!("cursor")));
    let (status, body) = sim.get("/users?limit=501").await;
    assert_eq!((status, &body["error"]["code"]), (StatusCode::BAD_REQUEST, &json!("invalid_limit")));
}

#[tokio::test]
async fn revoke_and_resend() {
    let sim = Sim::start().await;
    let (_, created) = sim.invite(json!({"email": "ana@example.com"}), None).await;
    let id = created["id"].as_str().unwrap();
    let used = sim.seats_used().await;

    let (status, resent) = read(sim.api(Method::POST, &format!("/invitations/{id}/resend"), None, None).await).await;
    assert_eq!(status, StatusCode::OK);
    // Compare instants, not strings: RFC 3339 fractions of different lengths do not sort as text.
    let instant = |value: &serde_json::Value| {
        time::OffsetDateTime::parse(value.as_str().unwrap(), &time::format_description::well_known::Rfc3339).unwrap()
    };
    assert!(instant(&resent["expires_at"]) >= instant(&created["expires_at"]));

    let (status, body) = read(sim.api(Method::DELETE, &format!("/invitations/{id}"), None, None).await).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    assert_eq!(sim.get(&format!("/invitations/{id}")).await.1["status"], "revoked");
    assert_eq!(sim.seats_used().await, used - 1);
    let (status, _) = read(sim.api(Method::DELETE, &format!("/invitations/{id}"), None, None).await).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "revoking twice is harmless");

    let (status, body) = read(sim.api(Method::POST, &format!("/invitations/{id}/resend"), None, None).await).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_error(&body, "invitation_closed", false);

    let (_, other) = sim.invite(json!({"email": "bo@example.com"}), None).await;
    let other_id = other["id"].as_str().unwrap();
    let (_, expired) = sim.control(Method::POST, &format!("/expire/{other_id}"), None).await;
    assert_eq!(expired["status"], "expired");
    let (status, again) = read(sim.api(Method::POST, &format!("/invitations/{other_id}/resend"), None, None).await).await;
    assert_eq!((status, &again["status"]), (StatusCode::OK, &json!("pending")));
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json_errors() {
    let sim = Sim::start().await;
    let response = sim.api(Method::GET, "/nope", None, None).await;
    assert!(header(&response, "x-ratelimit-remaining").is_some());
    let (status, body) = read(response).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "not_found", false);

    let (status, body) = read(sim.http.get(sim.url("/elsewhere")).send().await.unwrap()).await;
    assert_eq!((status, &body["error"]["code"]), (StatusCode::NOT_FOUND, &json!("not_found")));
    let (status, body) = read(sim.api(Method::PATCH, "/teams", None, None).await).await;
    assert_eq!((status, &body["error"]["code"]), (StatusCode::METHOD_NOT_ALLOWED, &json!("method_not_allowed")));
    let (status, _) = sim.control(Method::GET, "/nothing", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn connections_and_admin_invitations() {
    let sim = Sim::start().await;
    let (_, account) = sim.get("/account").await;
    assert_eq!(account["name"], "Acme Corp (Sandbox)");
    assert_eq!(account["admins"], json!([{"email": "admin@acme.test"}]));
    assert_eq!(account["connections"]["salesforce"]["connected"], false);
    assert_eq!(account["connections"]["marketo"]["connected"], false);

    let body = json!({"instance_url": "https://acme.my.salesforce.com", "org_id": "00D5g000000AbCdEAK", "username": "admin@acme.test"});
    let (status, sf) = read(sim.api(Method::PUT, "/connections/salesforce", Some(body), None).await).await;
    assert_eq!((status, &sf["connected"]), (StatusCode::OK, &json!(true)));
    let body = json!({"munchkin_id": "123-ABC-456", "client_id": "id", "client_secret": ""});
    let (status, err) = read(sim.api(Method::PUT, "/connections/marketo", Some(body), None).await).await;
    assert_eq!((status, &err["error"]["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("invalid_credentials")));
    let body = json!({"munchkin_id": "123-ABC-456", "client_id": "id", "client_secret": "secret"});
    let (status, err) = read(sim.api(Method::PUT, "/connections/marketo", Some(body), None).await).await;
    assert_eq!((status, &err["error"]["code"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("invalid_credentials")), "checked against the sandbox's Marketo");
    // Step 3 takes the Actions Config tab's credentials (issue 10, point 13), not the LaunchPoint ones.
    let body = json!({"munchkin_id": "123-ABC-456", "client_id": "sandbox-actions-client", "client_secret": "sandbox-actions-secret"});
    let (status, mk) = read(sim.api(Method::PUT, "/connections/marketo", Some(body), None).await).await;
    assert_eq!((status, &mk["munchkin_id"]), (StatusCode::OK, &json!("123-ABC-456")));

    let body = json!({"emails": ["admin@acme.test", "maria.garcia@acme.test", "new.admin@acme.test"]});
    let (status, result) = read(sim.api(Method::POST, "/account/admin-invitations", Some(body), None).await).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(result["already"], json!(["admin@acme.test"]));
    assert_eq!(result["invited"], json!(["maria.garcia@acme.test", "new.admin@acme.test"]));

    let (_, account) = sim.get("/account").await;
    assert_eq!(account["connections"]["salesforce"]["org_id"], "00D5g000000AbCdEAK");
    assert_eq!(account["connections"]["marketo"]["connected"], true);
    assert_eq!(account["admins"].as_array().unwrap().len(), 2);
}

/// Kills the child when the test ends, even on a failed assertion.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_sandbox_command_serves_until_killed() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_msi-actions-setup"))
            .args(["sandbox", "--port", "0", "--data-dir"])
            .arg(dir.path())
            .env_remove("MSI_SETUP_DATA_DIR")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    let line = receiver.recv_timeout(Duration::from_secs(60)).expect("the sandbox printed nothing");
    let url = line
        .strip_prefix("Sandbox listening on ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
    assert!(line.contains("(bearer token: sandbox-token)"), "{line:?}");
    assert!(url.starts_with("http://127.0.0.1:"));

    let response =
        reqwest::Client::new().get(format!("{url}/api/v1/account")).bearer_auth(SANDBOX_TOKEN).send().await.unwrap();
    let (status, account) = read(response).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(account["name"], "Acme Corp (Sandbox)");
    assert!(dir.path().join("sandbox").join("sandbox.db").is_file());
    drop(child);
}

// --- the front door: Host, other origins, control bodies, caps and overflowing numbers ------------------

/// A raw request to the sandbox (no bearer unless given), with extra headers.
async fn door(sim: &Sim, method: Method, path: &str, headers: &[(&str, String)], body: Option<(&str, String)>) -> (StatusCode, Value) {
    let mut request = sim.http.request(method, sim.url(path)).bearer_auth(SANDBOX_TOKEN);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    if let Some((content_type, body)) = body {
        request = request.header("content-type", content_type).body(body);
    }
    read(request.send().await.unwrap()).await
}

fn port_of(sim: &Sim) -> u16 {
    sim.sandbox.addr().port()
}

#[tokio::test]
async fn a_wrong_host_is_refused_on_the_api_and_the_controls() {
    let sim = Sim::start().await;
    let port = port_of(&sim);
    for host in [format!("rebound.evil.test:{port}"), format!("127.0.0.1:{}", port.wrapping_add(1)), "localhost".to_owned()] {
        for path in ["/api/v1/account", "/_sandbox/stats", "/_sandbox/faults", "/services/data", "/_sandbox/marketo"] {
            let (status, body) = door(&sim, Method::GET, path, &[("host", host.clone())], None).await;
            assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{host} {path}");
            assert_error(&body, "host_not_allowed", false);
        }
    }
    let (status, _) =
        door(&sim, Method::POST, "/_sandbox/reset", &[("host", format!("rebound.evil.test:{port}"))], None).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);

    for host in [format!("localhost:{port}"), format!("[::1]:{port}"), format!("127.0.0.1:{port}")] {
        let (status, body) = door(&sim, Method::GET, "/api/v1/account", &[("host", host.clone())], None).await;
        assert_eq!(status, StatusCode::OK, "{host}: {body}");
    }
}

#[tokio::test]
async fn cross_origin_changes_are_refused_and_change_nothing() {
    let sim = Sim::start().await;
    let port = port_of(&sim);
    let faults = json!({"latency_ms": 5000}).to_string();
    let evil = [("origin", "https://evil.test".to_owned())];
    let (status, body) = door(&sim, Method::POST, "/_sandbox/faults", &evil, Some(("application/json", faults.clone()))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_error(&body, "cross_origin_refused", false);
    let (status, body) = door(&sim, Method::POST, "/_sandbox/reset", &[("origin", "null".to_owned())], None).await;
    assert_eq!((status, &body["error"]["code"]), (StatusCode::FORBIDDEN, &json!("cross_origin_refused")));
    let cross_site = [("sec-fetch-site", "cross-site".to_owned())];
    let invite = json!({"email": "forged@example.com"}).to_string();
    let (status, _) = door(&sim, Method::POST, "/api/v1/invitations", &cross_site, Some(("application/json", invite))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (_, armed) = sim.control(Method::GET, "/faults", None).await;
    assert_eq!(armed["latency_ms"], json!(0), "a refused control armed nothing");
    let (_, listed) = sim.get("/invitations?email=forged@example.com").await;
    assert_eq!(listed["items"], json!([]), "a refused invitation was created: {listed}");

    // The sandbox's own origin and the app's clients (no Origin) still change things.
    let own = [("origin", format!("http://localhost:{port}"))];
    let (status, _) = door(&sim, Method::POST, "/_sandbox/faults", &own, Some(("application/json", faults))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = sim.control(Method::DELETE, "/faults", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_text_plain_post_to_a_control_is_refused() {
    let sim = Sim::start().await;
    let (status, created) = sim.invite(json!({"email": "kept@example.com"}), None).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");

    let faults = json!({"latency_ms": 5000}).to_string();
    let (status, body) = door(&sim, Method::POST, "/_sandbox/faults", &[], Some(("text/plain", faults))).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_error(&body, "json_required", false);
    let (status, _) = door(&sim, Method::POST, "/_sandbox/reset", &[], Some(("text/plain", "x".to_owned()))).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let marketo = json!({"deny_603": true}).to_string();
    let (status, _) =
        door(&sim, Method::POST, "/_sandbox/marketo", &[], Some(("application/x-www-form-urlencoded", marketo))).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let (_, armed) = sim.control(Method::GET, "/faults", None).await;
    assert_eq!(armed["latency_ms"], json!(0));
    let (status, _) = sim.get(&format!("/invitations/{}", created["id"].as_str().unwrap())).await;
    assert_eq!(status, StatusCode::OK, "the refused reset reset nothing");
}

#[tokio::test]
async fn add_leads_over_the_cap_is_refused() {
    let sim = Sim::start().await;
    let (_, before) = sim.control(Method::GET, "/marketo", None).await;
    let (status, body) = sim.control(Method::POST, "/marketo", Some(json!({"add_leads": {"count": 100_001}}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error(&body, "too_many_leads", false);
    assert_eq!(body["error"]["field"], json!("add_leads.count"));
    let (_, after) = sim.control(Method::GET, "/marketo", None).await;
    assert_eq!(after["leads"], before["leads"], "a refused control adds nothing");
    let (status, _) = sim.control(Method::POST, "/marketo", Some(json!({"add_leads": {"count": 10}}))).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn overflowing_numbers_are_422_and_the_server_still_answers() {
    let sim = Sim::start().await;
    let huge = [
        ("/marketo", json!({"add_leads": {"count": 10, "start": u64::MAX}}), "add_leads.start"),
        ("/marketo", json!({"token_lifetime_secs": u64::MAX}), "token_lifetime_secs"),
        ("/sync", json!({"queued_ms": i64::MAX}), "queued_ms"),
        ("/sync", json!({"total": i64::MAX}), "total"),
        ("/faults", json!({"latency_ms": u64::MAX}), "latency_ms"),
    ];
    for (path, body, field) in huge {
        let (status, answer) = sim.control(Method::POST, path, Some(body.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path} {body}: {answer}");
        assert_error(&answer, "out_of_range", false);
        assert_eq!(answer["error"]["field"], json!(field));
    }

    // A made-up Marketo page token at the edge of the numbers is Marketo's 1003, not a dropped connection.
    let identity: Value = sim
        .http
        .get(sim.url("/identity/oauth/token"))
        .query(&[("grant_type", "client_credentials"), ("client_id", "sandbox-marketo-client"), ("client_secret", "sandbox-marketo-secret")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = identity["access_token"].as_str().expect("a Marketo token even after the refused lifetime");
    let page_token = format!("SBPAGE{}", usize::MAX);
    let (status, leads) = read(
        sim.http
            .get(sim.url("/rest/v1/leads.json"))
            .query(&[("filterType", "email"), ("filterValues", "nobody@example.com"), ("nextPageToken", &page_token)])
            .bearer_auth(token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, &leads["success"]), (StatusCode::OK, &json!(false)), "{leads}");
    assert_eq!(leads["errors"][0]["code"], json!("1003"), "{leads}");

    // The sync job started after the refused settings reads normally.
    let (status, job) = read(sim.api(Method::POST, "/sync/jobs", None, None).await).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    let (status, job) = sim.get(&format!("/sync/jobs/{}", job["id"].as_str().unwrap())).await;
    assert_eq!(status, StatusCode::OK, "{job}");
    let (status, _) = sim.get("/account").await;
    assert_eq!(status, StatusCode::OK, "the server still answers");
}
