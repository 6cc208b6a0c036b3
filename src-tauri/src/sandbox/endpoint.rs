//! One sandbox per data folder. Two processes on one folder (the window and the CLI, or the standalone
//! `sandbox` command and `invite`) must talk to one simulator: two servers on one `sandbox.db` would each
//! keep their own in-memory faults, stats and rate limits and race on the file.
//!
//! The process that runs the folder's sandbox holds an OS lock on `<data dir>/sandbox/endpoint.lock` for
//! as long as it serves, and records `{url, pid}` in `endpoint.json`. Another process finds the lock held
//! and reuses that sandbox once it answers `GET {url}/api/v1/account` with the sandbox token. The lock is
//! what proves the owner alive (the OS drops it when the owner dies, even on SIGKILL; a recycled pid cannot
//! fool it), so a stale `endpoint.json` is simply replaced by the next owner.

use super::{RunningSandbox, SandboxConfig, SandboxError, SANDBOX_TOKEN};
use crate::lock::{self, FileLock, LockError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a process waits for another one that holds the folder's sandbox to answer (it may be starting).
const WAIT_FOR_OWNER: Duration = Duration::from_secs(5);
const LIVENESS_TIMEOUT: Duration = Duration::from_secs(2);

/// Where the folder's sandbox serves, as its owner recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    pub url: String,
    pub pid: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum EndpointError {
    #[error(transparent)]
    Sandbox(#[from] SandboxError),
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error("cannot record the sandbox address in {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("a sandbox already serves this data folder at {url} (pid {pid}): use it, or stop it first")]
    AlreadyRunning { url: String, pid: u32 },
    #[error("another process holds this data folder's sandbox{} but it does not answer: stop it, or wait and try again", .0.as_ref().map(|e| format!(" (pid {}, {})", e.pid, e.url)).unwrap_or_default())]
    NotAnswering(Option<Endpoint>),
}

/// `<data dir>/sandbox/endpoint.json`.
pub fn endpoint_path(data_dir: &Path) -> PathBuf {
    data_dir.join("sandbox").join("endpoint.json")
}

fn owner_lock_path(data_dir: &Path) -> PathBuf {
    data_dir.join("sandbox").join("endpoint.lock")
}

/// What `endpoint.json` says (possibly stale: only the owner lock tells whether its writer still runs).
pub fn read_endpoint(data_dir: &Path) -> Option<Endpoint> {
    serde_json::from_str(&std::fs::read_to_string(endpoint_path(data_dir)).ok()?).ok()
}

/// The folder's sandbox run by this process. Dropping it stops the server and frees the folder.
pub struct OwnedSandbox {
    running: Option<RunningSandbox>,
    endpoint: Endpoint,
    endpoint_path: PathBuf,
    // Declared last: released after the endpoint file is gone.
    _owner: FileLock,
}

impl OwnedSandbox {
    pub fn root_url(&self) -> String {
        self.endpoint.url.clone()
    }

    /// Stops the server, letting open requests finish (see [`RunningSandbox::shutdown`]).
    pub async fn shutdown(mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown().await;
        }
    }
}

impl Drop for OwnedSandbox {
    fn drop(&mut self) {
        // Only our own record: a successor may already have replaced it.
        if read_endpoint_at(&self.endpoint_path).as_ref() == Some(&self.endpoint) {
            let _ = std::fs::remove_file(&self.endpoint_path);
        }
    }
}

fn read_endpoint_at(path: &Path) -> Option<Endpoint> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// The folder's sandbox as a session uses it: run here, or another process's.
pub enum SharedSandbox {
    Owned(OwnedSandbox),
    Reused(Endpoint),
}

impl SharedSandbox {
    pub fn root_url(&self) -> String {
        match self {
            Self::Owned(owned) => owned.root_url(),
            Self::Reused(endpoint) => endpoint.url.clone(),
        }
    }
}

/// Starts the sandbox when no process serves this folder; otherwise says where the running one is
/// (`Err(None)`: its owner has not recorded its address yet).
async fn try_own(data_dir: &Path, config: SandboxConfig) -> Result<Result<OwnedSandbox, Option<Endpoint>>, EndpointError> {
    let Some(owner) = FileLock::try_acquire(&owner_lock_path(data_dir))? else {
        return Ok(Err(read_endpoint(data_dir)));
    };
    let running = super::start(config).await?;
    let endpoint = Endpoint { url: running.root_url(), pid: std::process::id() };
    let path = endpoint_path(data_dir);
    lock::write_atomically(&path, &endpoint).map_err(|source| EndpointError::Write { path: path.clone(), source })?;
    Ok(Ok(OwnedSandbox { running: Some(running), endpoint, endpoint_path: path, _owner: owner }))
}

/// Starts this folder's sandbox (its state in `config.state_path`), refusing when another process
/// already serves the folder: the standalone `sandbox` command.
pub async fn start_owned(data_dir: &Path, config: SandboxConfig) -> Result<OwnedSandbox, EndpointError> {
    match try_own(data_dir, config).await? {
        Ok(owned) => Ok(owned),
        Err(Some(Endpoint { url, pid })) => Err(EndpointError::AlreadyRunning { url, pid }),
        Err(None) => Err(EndpointError::NotAnswering(None)),
    }
}

/// Reuses the sandbox another process runs for this folder once it answers, else starts one here.
pub async fn start_or_reuse(data_dir: &Path, config: SandboxConfig, http: &reqwest::Client) -> Result<SharedSandbox, EndpointError> {
    let deadline = tokio::time::Instant::now() + WAIT_FOR_OWNER;
    loop {
        let seen = match try_own(data_dir, config.clone()).await? {
            Ok(owned) => return Ok(SharedSandbox::Owned(owned)),
            Err(seen) => seen,
        };
        if let Some(endpoint) = &seen {
            if answers(http, &endpoint.url).await {
                return Ok(SharedSandbox::Reused(endpoint.clone()));
            }
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(EndpointError::NotAnswering(seen));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Whether a sandbox answers at `url` with the sandbox token.
async fn answers(http: &reqwest::Client, url: &str) -> bool {
    let request = http
        .get(format!("{}/api/v1/account", url.trim_end_matches('/')))
        .bearer_auth(SANDBOX_TOKEN)
        .timeout(LIVENESS_TIMEOUT)
        .send()
        .await;
    matches!(request, Ok(response) if response.status().is_success())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(data_dir: &Path) -> SandboxConfig {
        let state = crate::paths::sandbox_state_path(data_dir);
        std::fs::create_dir_all(state.parent().unwrap()).unwrap();
        SandboxConfig::new(state)
    }

    #[tokio::test]
    async fn a_second_taker_reuses_the_live_sandbox_and_a_stale_record_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let http = reqwest::Client::new();
        let first = start_or_reuse(dir.path(), config(dir.path()), &http).await.unwrap();
        let SharedSandbox::Owned(owned) = first else { panic!("the first taker starts the sandbox") };
        let recorded = read_endpoint(dir.path()).expect("endpoint.json written");
        assert_eq!(recorded, Endpoint { url: owned.root_url(), pid: std::process::id() });

        let second = start_or_reuse(dir.path(), config(dir.path()), &http).await.unwrap();
        assert!(matches!(&second, SharedSandbox::Reused(e) if e.url == owned.root_url()), "no second server on one sandbox.db");
        assert!(matches!(start_owned(dir.path(), config(dir.path())).await, Err(EndpointError::AlreadyRunning { .. })));

        owned.shutdown().await;
        assert!(read_endpoint(dir.path()).is_none(), "the owner removes its record");

        // A record left by a killed owner (no lock held) points nowhere: replaced, not trusted.
        let stale = Endpoint { url: "http://127.0.0.1:9".into(), pid: 999_999 };
        lock::write_atomically(&endpoint_path(dir.path()), &stale).unwrap();
        let third = start_or_reuse(dir.path(), config(dir.path()), &http).await.unwrap();
        let SharedSandbox::Owned(third) = third else { panic!("a stale record is replaced by a new owner") };
        assert_ne!(read_endpoint(dir.path()), Some(stale));
        third.shutdown().await;
    }
}
