//! Soak (not a test; `make soak`): is an invitation ever sent twice, or a person lost, when the sending
//! process dies at random points while the service misbehaves?
//!
//! A standalone sandbox (`msi-actions-setup sandbox`, 1,000 seats for the people plus the 3 its seed
//! holds) runs on the soak's data folder with faults armed before every run: random 5xx and 429 bursts,
//! a token expiry, connection resets, writes that act and then lose their answer, and writes that act and
//! answer only after the client's timeout. The CLI (`invite --addresses FILE --json`, the same engine and
//! database as the window) invites 1,000 people and is killed with SIGKILL at a random point, 20 times:
//! one kill in five during start-up and recovery (0.1–2 s in), the rest once the run has sent 1–60 more.
//! A kill counts as resumed when a later run (the next one that gets past start-up) recovers what was
//! left mid-send and sends again. A last run with the faults cleared finishes the work. Then the service itself is read: duplicates (two invitations
//! for one email: `GET /_sandbox/stats` `duplicate_sends`), people lost (an address of the file with no
//! invitation and no membership), runs that resumed. Targets: 0, 0, 20/20.
//!
//! cargo bench --features custom-protocol --bench soak [-- PEOPLE KILLS]

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_msi-actions-setup");
const TOKEN: &str = "sandbox-token";
/// The sandbox seed's admin, member and pending invitation hold three seats.
const SEED_SEATS: u32 = 3;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with('-'));
    let people: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let kills: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("soak: no async runtime: {error}");
            std::process::exit(2);
        }
    };
    match runtime.block_on(soak(people, kills)) {
        Ok(true) => {}
        Ok(false) => std::process::exit(1),
        Err(message) => {
            eprintln!("soak failed to run: {message}");
            std::process::exit(2);
        }
    }
}

/// What one CLI run showed before it ended or was killed.
#[derive(Debug, Default)]
struct RunSeen {
    progress_lines: u32,
    last_done: u64,
    summary: Option<Value>,
    other_lines: Vec<String>,
}

async fn soak(people: u32, kills: u32) -> Result<bool, String> {
    let started = Instant::now();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data_dir = dir.path().join("data");
    std::fs::create_dir_all(&data_dir).map_err(|e| e.to_string())?;

    let (sandbox, root) = start_sandbox(&data_dir, people + SEED_SEATS)?;
    let _sandbox = KillOnDrop(sandbox);
    println!("soak: sandbox at {root}, {people} people, {kills} kills, data folder {}", data_dir.display());
    let http = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().map_err(|e| e.to_string())?;

    let addresses = dir.path().join("people.txt");
    let emails: Vec<String> = (0..people).map(|n| format!("soak.person{n:05}@soak.test")).collect();
    std::fs::write(&addresses, emails.join("\n") + "\n").map_err(|e| e.to_string())?;

    let mut rng = Lcg::from_time();
    // Kills not yet followed by a run that made progress; such a run settles every kill before it.
    let mut kills_pending = 0;
    let mut resumed = 0;
    let mut kill_points = Vec::new();
    for kill in 0..kills {
        // One run in five also meets a write that acts and answers after the client's timeout.
        let slow = kill % 5 == 2;
        arm_faults(&http, &root, slow).await?;
        // One kill in five lands during start-up and recovery; the rest after the run has sent 1–60 more.
        let plan = if rng.below(5) == 0 {
            KillPlan::After(Duration::from_millis(100 + rng.below(1_900)))
        } else {
            KillPlan::AfterSent(1 + rng.below(60))
        };
        let (seen, status) = run_invite(&data_dir, &addresses, Some(plan))?;
        if seen.last_done > 0 || seen.summary.is_some() {
            resumed += kills_pending;
            kills_pending = 0;
        }
        kills_pending += 1;
        kill_points.push(format!("{plan}: done {}", seen.last_done));
        println!(
            "  run {:>2}: killed {plan}{}: {} progress lines, done {}{}",
            kill + 1,
            if slow { " (a slow answer armed)" } else { "" },
            seen.progress_lines,
            seen.last_done,
            if seen.summary.is_some() { format!(", it had finished: {status:?}") } else { String::new() }
        );
        if let Some(line) = seen.other_lines.iter().find(|l| l.contains("\"event\":\"error\"")) {
            println!("          {line}");
        }
    }

    clear_faults(&http, &root).await?;
    let mut finished = None;
    for attempt in 1..=3 {
        let (seen, status) = run_invite(&data_dir, &addresses, None)?;
        if seen.last_done > 0 || seen.summary.is_some() {
            resumed += kills_pending;
            kills_pending = 0;
        }
        println!("  final run {attempt}: {status:?}, summary {}", seen.summary.clone().unwrap_or(Value::Null));
        let failed = seen.summary.as_ref().and_then(|s| s["failed"].as_u64()).unwrap_or(u64::MAX);
        finished = Some(status);
        if status.code() == Some(0) && failed == 0 {
            break;
        }
    }

    let stats = get_json(&http, &format!("{root}/_sandbox/stats"), false).await?;
    let duplicates = stats["duplicate_sends"].as_u64().unwrap_or(u64::MAX);
    let invited: HashSet<String> = list_all(&http, &root, "invitations").await?;
    let members: HashSet<String> = list_all(&http, &root, "users").await?;
    let lost: Vec<&String> = emails.iter().filter(|e| !invited.contains(*e) && !members.contains(*e)).collect();
    let faulted: u64 = stats["requests"]
        .as_array()
        .map(|rows| rows.iter().filter(|r| r["status"].as_u64().is_some_and(|s| s >= 429)).filter_map(|r| r["count"].as_u64()).sum())
        .unwrap_or(0);

    let resumed_target = kills;
    println!();
    println!("people {people}, kills {kills}, elapsed {:.0} s, last run {finished:?}", started.elapsed().as_secs_f64());
    println!("error answers seen on the wire (429 and above): {faulted}; connections reset: {}", stats["connections_reset"]);
    println!("invitations created on the service: {}", stats["invitations_created"]);
    println!("duplicates on the service: {duplicates} (target 0)");
    println!("people lost: {} (target 0){}", lost.len(), if lost.is_empty() { String::new() } else { format!(", e.g. {}", lost[0]) });
    println!("runs that resumed: {resumed}/{resumed_target} (target {resumed_target}/{resumed_target})");
    println!("kill points: {}", kill_points.join("; "));
    Ok(duplicates == 0 && lost.is_empty() && resumed == resumed_target)
}

/// Starts `msi-actions-setup sandbox` on the data folder and reads the address it prints.
fn start_sandbox(data_dir: &Path, seats: u32) -> Result<(Child, String), String> {
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(data_dir)
        .args(["sandbox", "--port", "0", "--seats", &seats.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start the sandbox ({BIN}): {e}"))?;
    let stdout = child.stdout.take().ok_or("the sandbox has no stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).map_err(|e| e.to_string())?;
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .ok_or_else(|| format!("the sandbox did not say where it listens: {line:?}"))?;
    Ok((child, url.trim_end_matches('/').to_owned()))
}

/// When a run is killed: after a time (start-up, recovery), or once it has sent so many more.
#[derive(Debug, Clone, Copy)]
enum KillPlan {
    After(Duration),
    AfterSent(u64),
}

impl std::fmt::Display for KillPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::After(after) => write!(f, "after {} ms", after.as_millis()),
            Self::AfterSent(count) => write!(f, "after {count} more sent"),
        }
    }
}

/// A run that never gets that far is killed anyway after this long.
const KILL_AT_THE_LATEST: Duration = Duration::from_secs(120);

/// Runs `invite --addresses FILE --json`; with a plan, kills it (SIGKILL) as planned.
fn run_invite(data_dir: &Path, addresses: &Path, plan: Option<KillPlan>) -> Result<(RunSeen, ExitStatus), String> {
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(data_dir)
        .args(["invite", "--json", "--addresses"])
        .arg(addresses)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start invite: {e}"))?;
    let stdout = child.stdout.take().ok_or("invite has no stdout")?;
    let stderr = child.stderr.take().ok_or("invite has no stderr")?;
    let (lines_tx, lines) = mpsc::channel::<String>();
    let err_tx = lines_tx.clone();
    let out_reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let err_reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = err_tx.send(format!("stderr: {line}"));
        }
    });
    let started = Instant::now();
    let mut seen = RunSeen::default();
    let take = |line: String, seen: &mut RunSeen| match serde_json::from_str::<Value>(&line) {
        Ok(value) if value["event"] == "progress" => {
            seen.progress_lines += 1;
            seen.last_done = value["done"].as_u64().unwrap_or(seen.last_done);
        }
        Ok(value) if value["event"] == "summary" => seen.summary = Some(value),
        _ => seen.other_lines.push(line),
    };
    if let Some(plan) = plan {
        loop {
            while let Ok(line) = lines.try_recv() {
                take(line, &mut seen);
            }
            let due = match plan {
                KillPlan::After(after) => started.elapsed() >= after,
                KillPlan::AfterSent(count) => seen.last_done >= count,
            };
            if due || started.elapsed() >= KILL_AT_THE_LATEST || child.try_wait().map_err(|e| e.to_string())?.is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        // SIGKILL on Unix: no destructor, no signal handler runs.
        let _ = child.kill();
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let _ = out_reader.join();
    let _ = err_reader.join();
    for line in lines.try_iter() {
        take(line, &mut seen);
    }
    let _ = std::io::stdout().flush();
    Ok((seen, status))
}

/// Re-arms every fault before a run (the one-shot ones were used by the previous run).
async fn arm_faults(http: &reqwest::Client, root: &str, slow: bool) -> Result<(), String> {
    let faults = json!({
        "error_ratio": [
            {"status": 500, "ratio": 0.03},
            {"status": 503, "ratio": 0.02, "retry_after": 1},
            {"status": 429, "ratio": 0.03, "retry_after": 1}
        ],
        "next": [{"status": 429, "count": 3, "retry_after": 1}],
        "token_expired": true,
        "reset_connections": 2,
        "lost_answers": 0.03,
        "slow_answers": u32::from(slow),
        "slow_answer_ms": 31_000
    });
    post_json(http, &format!("{root}/_sandbox/faults"), &faults).await
}

async fn clear_faults(http: &reqwest::Client, root: &str) -> Result<(), String> {
    post_json(http, &format!("{root}/_sandbox/faults"), &json!({})).await
}

async fn post_json(http: &reqwest::Client, url: &str, body: &Value) -> Result<(), String> {
    let response = http.post(url).json(body).send().await.map_err(|e| format!("POST {url}: {e}"))?;
    if !response.status().is_success() {
        let status = response.status();
        return Err(format!("POST {url}: {status}: {}", response.text().await.unwrap_or_default()));
    }
    Ok(())
}

async fn get_json(http: &reqwest::Client, url: &str, api: bool) -> Result<Value, String> {
    // The final run may have spent the account's allowance: wait as the service says.
    for _ in 0..120 {
        let mut request = http.get(url);
        if api {
            request = request.bearer_auth(TOKEN);
        }
        let response = request.send().await.map_err(|e| format!("GET {url}: {e}"))?;
        let status = response.status();
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            let wait = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(1);
            tokio::time::sleep(Duration::from_secs(wait.clamp(1, 30))).await;
            continue;
        }
        let body: Value = response.json().await.map_err(|e| format!("GET {url}: {e}"))?;
        if !status.is_success() {
            return Err(format!("GET {url}: {status}: {body}"));
        }
        return Ok(body);
    }
    Err(format!("GET {url}: still rate limited after two minutes"))
}

/// Every email of a list resource (`invitations` that are pending or accepted, or `users`), all pages.
async fn list_all(http: &reqwest::Client, root: &str, resource: &str) -> Result<HashSet<String>, String> {
    let mut emails = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut seen_cursors = HashSet::new();
    loop {
        let mut url = format!("{root}/api/v1/{resource}?limit=500");
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={cursor}"));
        }
        let page = get_json(http, &url, true).await?;
        for item in page["items"].as_array().into_iter().flatten() {
            let live = resource == "users" || matches!(item["status"].as_str(), Some("pending" | "accepted"));
            if let (true, Some(email)) = (live, item["email"].as_str()) {
                emails.insert(email.to_owned());
            }
        }
        match page["next_cursor"].as_str() {
            Some(next) if seen_cursors.insert(next.to_owned()) => cursor = Some(next.to_owned()),
            Some(next) => return Err(format!("{resource}: the service repeated its cursor {next}")),
            None => return Ok(emails),
        }
    }
}

/// Stops the standalone sandbox however the soak ends.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A small linear congruential generator seeded from the clock, so kill points differ from soak to soak
/// (they are printed).
struct Lcg(u64);

impl Lcg {
    fn from_time() -> Self {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(1);
        Self(nanos as u64 | 1)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound.max(1)
    }
}
