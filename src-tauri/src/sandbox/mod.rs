//! The embedded simulator of the Sales account (MSI Actions) HTTP contract (`docs/sales-actions-api.md`).
//!
//! It exists so the app, its demo and every test can talk real HTTP to something that behaves like the
//! remote service: its own state in its own SQLite file (never the app's database), the contract's
//! limits, and switchable faults. It binds 127.0.0.1 only and must never hold a real secret: its bearer
//! token is the fixed, public [`SANDBOX_TOKEN`].

mod clock;
mod conn;
pub mod endpoint;
mod error;
mod faults;
mod front_door;
pub mod marketo;
mod middleware;
mod rate_limit;
mod routes;
pub mod salesforce;
mod state;
mod stats;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::sandbox::conn::FaultyListener;
use crate::sandbox::faults::Faults;
use crate::sandbox::rate_limit::Limiter;
use crate::sandbox::state::{Seed, State, StateError};
use crate::sandbox::stats::Stats;

/// The simulator's fixed bearer token. Not a secret: it only opens the local simulator.
pub const SANDBOX_TOKEN: &str = "sandbox-token";

/// How long [`RunningSandbox::shutdown`] waits for open requests before it stops the server anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The account's request limits: a token bucket of `requests` refilled evenly over `per`, and at most
/// `in_flight` requests being served at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Duration,
    pub in_flight: u32,
}

impl Default for RateLimit {
    /// The contract's sandbox default: 100 requests / 20 s, 10 in flight.
    fn default() -> Self {
        Self { requests: 100, per: Duration::from_secs(20), in_flight: 10 }
    }
}

/// How to run the simulator.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// The simulator's own SQLite file, created if missing (its folder must exist).
    pub state_path: PathBuf,
    /// Seats of the account, applied when the state is seeded (first start, or `POST /_sandbox/reset`).
    pub seats_total: u32,
    /// Bearer token the API accepts.
    pub token: String,
    pub rate_limit: RateLimit,
    /// Pending invitations older than this read as accepted; `None` = only through `/_sandbox/accept/{id}`.
    pub accept_after: Option<Duration>,
}

impl SandboxConfig {
    /// Defaults: random port, 100 seats, [`SANDBOX_TOKEN`], the default [`RateLimit`], no auto-accept.
    pub fn new(state_path: PathBuf) -> Self {
        Self {
            port: 0,
            state_path,
            seats_total: 100,
            token: SANDBOX_TOKEN.to_owned(),
            rate_limit: RateLimit::default(),
            accept_after: None,
        }
    }
}

/// Why the simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("the sandbox could not listen on 127.0.0.1:{port}: {source}")]
    Bind { port: u16, source: std::io::Error },
    #[error("the sandbox state could not be opened: {0}")]
    State(#[from] StateError),
    #[error("invalid sandbox configuration: {0}")]
    Config(&'static str),
}

/// Everything the handlers share. Cheap to clone (all behind `Arc`).
#[derive(Clone)]
pub(crate) struct AppState {
    pub state: State,
    pub faults: Arc<Faults>,
    pub limiter: Arc<Limiter>,
    pub stats: Arc<Stats>,
    pub token: Arc<str>,
}

/// A simulator serving on loopback. Dropping it stops the server without waiting; prefer
/// [`RunningSandbox::shutdown`].
pub struct RunningSandbox {
    addr: SocketAddr,
    cancel: CancellationToken,
    task: Option<JoinHandle<()>>,
}

impl RunningSandbox {
    /// `http://127.0.0.1:PORT`; the API is at `{root}/api/v1`, the simulator controls at `{root}/_sandbox/...`.
    pub fn root_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, lets open requests finish (up to a few seconds) and waits for the server task.
    pub async fn shutdown(mut self) {
        self.cancel.cancel();
        if let Some(mut task) = self.task.take() {
            match tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await {
                Ok(Ok(())) => {}
                Ok(Err(err)) => tracing::warn!(%err, "sandbox server task ended abnormally"),
                Err(_) => {
                    tracing::warn!("sandbox still busy after the grace period; stopping it");
                    task.abort();
                }
            }
        }
    }
}

impl Drop for RunningSandbox {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// Opens (or seeds) the state file, binds 127.0.0.1:`port` and starts serving on the current tokio
/// runtime. The socket is bound before this returns, so [`RunningSandbox::root_url`] works at once.
pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, SandboxError> {
    if config.rate_limit.requests == 0 || config.rate_limit.in_flight == 0 || config.rate_limit.per.is_zero() {
        return Err(SandboxError::Config("rate_limit needs requests > 0, per > 0 and in_flight > 0"));
    }
    let seed = Seed { seats_total: config.seats_total };
    let state = State::open(config.state_path.clone(), seed, config.accept_after).await?;

    let faults = Arc::new(Faults::default());
    let app = AppState {
        state,
        faults: faults.clone(),
        limiter: Arc::new(Limiter::new(&config.rate_limit)),
        stats: Arc::new(Stats::default()),
        token: Arc::from(config.token.as_str()),
    };

    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
        .await
        .map_err(|source| SandboxError::Bind { port: config.port, source })?;
    let addr = listener.local_addr().map_err(|source| SandboxError::Bind { port: config.port, source })?;

    // The door sits outside every route, so no Host, origin or body check depends on a route remembering it.
    let router = routes::router(app).layer(axum::middleware::from_fn_with_state(
        front_door::OwnPort(addr.port()),
        front_door::front_door,
    ));
    let cancel = CancellationToken::new();
    let signal = cancel.clone();
    let task = tokio::spawn(async move {
        let server = axum::serve(FaultyListener::new(listener, faults), router)
            .with_graceful_shutdown(async move { signal.cancelled().await });
        if let Err(err) = server.await {
            tracing::error!(%err, "sandbox server stopped with an error");
        }
    });
    tracing::info!(%addr, "sandbox listening");
    Ok(RunningSandbox { addr, cancel, task: Some(task) })
}
