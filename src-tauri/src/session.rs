//! One running app: the database, the embedded sandbox, the active environment (Sandbox or Real, each
//! with its own connections, steps and invitations) and the current sending run. Plain Rust, so the
//! window, the CLI and the tests start the app the same way.

use crate::environment::{ActiveEnvironment, EnvironmentKind, EnvironmentView, SalesRouteInput, SalesRouteKind, SalesRouteView, SALES_CONSOLE_URL};
use crate::i18n::Language;
use crate::invites::engine::{self, InviteContext, ReconcileReport, RunControl};
use crate::paths;
use crate::lock::{self, Holder, LockError, LockPurpose, SendLock};
use crate::sandbox::endpoint::{self as sandbox_endpoint, EndpointError, OwnedSandbox, SharedSandbox};
use crate::sandbox::{self, SandboxConfig, SANDBOX_TOKEN};
use crate::services::sales_actions::{HttpSalesActions, SalesActions, SalesActionsError, Team};
use crate::secrets::{SecretStore, SecretsError};
use crate::store::{settings, Store, StoreError};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

/// Settings key of the Real environment's Sales-account base URL (empty = console hand-off).
const REAL_SALES_BASE_URL: &str = "real.sales.base_url";

/// What the window shows in its header and about box.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub data_dir: String,
    pub environment: EnvironmentView,
    /// The language in force: the saved choice, else the OS language.
    pub language: Language,
    pub os_language: Language,
    pub actor: String,
    /// The pass that settles invitations whose send has no known outcome (after a crash, a timeout):
    /// running with its progress, or what it found.
    pub recovery: RecoveryStatus,
    /// Whether the OS keyring can hold secrets; connections are refused without it.
    pub secure_store: SecureStoreStatus,
    /// A damaged database this start moved aside (kept, with a note) before starting on a fresh one.
    pub moved_aside: Option<crate::store::MovedAside>,
}

/// The recovery pass: looks up on the service every invitation whose send has no known outcome, in the
/// background, while sending is refused. The window polls it (`recovery_status`) and renders it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RecoveryStatus {
    pub running: bool,
    /// Invitations looked up so far, of `total`.
    pub checked: u32,
    pub total: u32,
    /// What the last pass found (None before the first one ends).
    pub report: Option<ReconcileReport>,
    /// Why the last pass could not run at all (the data folder busy, the record unreadable), if so.
    pub error: Option<RecoveryFailure>,
}

/// Why a recovery pass could not run, as the window words any error: a code and the values its text quotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RecoveryFailure {
    pub code: crate::error_code::ErrorCode,
    #[ts(type = "Partial<Record<string, string>>")]
    pub params: std::collections::BTreeMap<String, String>,
    /// English, for the technical details only.
    pub message: String,
}

impl RecoveryFailure {
    fn of_lock(error: &SessionError) -> Self {
        Self { code: error.code(), params: error.params(), message: error.to_string() }
    }

    fn of_reconcile(error: &crate::invites::InviteError) -> Self {
        let params = match error {
            crate::invites::InviteError::Service(inner) => inner.error_params(),
            _ => std::collections::BTreeMap::new(),
        };
        Self { code: error.code(), params, message: error.to_string() }
    }
}

/// The OS keyring as start-up found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SecureStoreStatus {
    pub available: bool,
    /// `no_secure_store`, `keyring_locked`, … when not available.
    pub code: Option<String>,
    pub message: Option<String>,
    /// What to install or start.
    pub fix: Option<String>,
}

/// The Sales account as step 5 needs it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AccountView {
    pub name: String,
    pub seats_total: u32,
    pub seats_used: u32,
    pub seats_left: u32,
    pub teams: Vec<Team>,
    /// Whether the Sales account itself reports Salesforce and Marketo connected.
    pub salesforce_connected: bool,
    pub marketo_connected: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Paths(#[from] paths::PathsError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot start the sandbox: {0}")]
    Sandbox(#[from] sandbox::SandboxError),
    #[error(transparent)]
    Service(#[from] SalesActionsError),
    #[error("a sending run is already in progress")]
    RunInProgress,
    #[error("the app is recovering interrupted invitations (looking them up on the Sales account); sending resumes when it is done")]
    Recovering,
    #[error("no secure store for secrets: {message}")]
    NoSecureStore { code: String, message: String, fix: Option<String> },
    #[error("the Sales account's base URL is missing or not https")]
    MissingBaseUrl,
    #[error("the Sales account's token is missing")]
    MissingToken,
    #[error("the keyring failed: {0}")]
    Keyring(String),
    #[error("this environment reaches the Sales account through the console: the app prepares the work and records it, the admin does it there")]
    HandoffRoute,
    /// Another process (or another run of this one) is sending or recovering on this data folder.
    #[error("{}", lock::busy_message(.holder.as_ref()))]
    DataFolderBusy { holder: Option<Holder> },
    #[error("cannot take the data folder's lock: {0}")]
    Lock(LockError),
    #[error("cannot start the sandbox: {0}")]
    SandboxEndpoint(#[from] EndpointError),
}

impl SessionError {
    /// The failure in the app's vocabulary (`commands::error` sends it to the window).
    pub fn code(&self) -> crate::error_code::ErrorCode {
        use crate::error_code::ErrorCode;
        match self {
            Self::Store(_) => ErrorCode::Database,
            Self::Service(inner) => inner.error_code(),
            Self::RunInProgress => ErrorCode::RunInProgress,
            Self::Recovering => ErrorCode::Recovering,
            Self::HandoffRoute => ErrorCode::HandoffRoute,
            Self::DataFolderBusy { .. } => ErrorCode::DataFolderBusy,
            Self::MissingBaseUrl => ErrorCode::MissingBaseUrl,
            Self::MissingToken => ErrorCode::MissingToken,
            Self::Keyring(_) => ErrorCode::KeyringFailure,
            Self::NoSecureStore { code, .. } => ErrorCode::parse(code).unwrap_or(ErrorCode::NoSecureStore),
            Self::Paths(_) | Self::Sandbox(_) | Self::Lock(_) | Self::SandboxEndpoint(_) => ErrorCode::Startup,
        }
    }

    /// The values the window's text for `code()` quotes (who holds the data folder, the service's code).
    pub fn params(&self) -> std::collections::BTreeMap<String, String> {
        match self {
            Self::DataFolderBusy { holder: Some(holder) } => holder.params(),
            Self::Service(inner) => inner.error_params(),
            _ => std::collections::BTreeMap::new(),
        }
    }
}

impl From<LockError> for SessionError {
    fn from(error: LockError) -> Self {
        match error {
            LockError::Busy { holder } => Self::DataFolderBusy { holder },
            other => Self::Lock(other),
        }
    }
}

/// How a host starts the session. No host recovers inside `start`: the window runs the recovery pass in the
/// background and every sending run settles unknown outcomes first, so `connect` never recovers anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StartOptions {
    /// Who takes the data folder's sending lock, as a refused process reports it (`crate::lock::program`).
    pub program: &'static str,
    pub sandbox: SandboxUse,
}

impl StartOptions {
    pub fn new(program: &'static str) -> Self {
        Self { program, sandbox: SandboxUse::WhenNeeded }
    }
}

/// Whether a session runs (or reuses) the data folder's sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SandboxUse {
    /// Only while an environment needs it: Sandbox, or Real on the sandbox's own address. A Real session
    /// starts it when the admin switches to Sandbox.
    WhenNeeded,
    /// From the start, whatever the environment (tests that point the Real route at the sandbox).
    Always,
}

struct ActiveRun {
    cancel: CancellationToken,
    pause: watch::Sender<bool>,
}

/// Ends the recovery pass when dropped, even if its future is dropped half way, so sending is never refused
/// for a pass that no longer runs.
struct RecoveryGuard<'a> {
    session: &'a Session,
}

impl Drop for RecoveryGuard<'_> {
    fn drop(&mut self) {
        if let Ok(mut status) = self.session.recovery.lock() {
            status.running = false;
        }
    }
}

/// Ends the current run when dropped, and with it the data folder's sending lock.
pub struct RunGuard<'a> {
    session: &'a Session,
    _lock: SendLock,
}

impl Drop for RunGuard<'_> {
    fn drop(&mut self) {
        if let Ok(mut slot) = self.session.run.lock() {
            *slot = None;
        }
    }
}

pub struct Session {
    pub store: Store,
    pub actor: String,
    pub http: reqwest::Client,
    secrets: Result<SecretStore, SecureStoreStatus>,
    /// The Salesforce sign-in waiting for its redirect, if any.
    pub sign_in: crate::connections::SignInSlot,
    data_dir: PathBuf,
    /// Recorded as the holder of the data folder's sending lock.
    program: &'static str,
    /// The folder's sandbox when this process runs it (None when another process does, or none runs).
    sandbox: Mutex<Option<OwnedSandbox>>,
    /// Set once the folder's sandbox is up (here or in another process); empty until then.
    sandbox_url: OnceLock<String>,
    /// One start of the sandbox at a time within this process.
    sandbox_gate: tokio::sync::Mutex<()>,
    active: RwLock<Arc<ActiveEnvironment>>,
    run: Mutex<Option<ActiveRun>>,
    recovery: Mutex<RecoveryStatus>,
}

impl Session {
    /// Opens the database, starts the embedded sandbox and activates the saved environment (Sandbox on first
    /// start). It does not wait for the recovery pass (`reconcile`): the host runs that in the background,
    /// and every sending run settles unknown outcomes itself before it sends anything.
    pub async fn start(data_dir: &Path) -> Result<Self, SessionError> {
        Self::start_with(data_dir, StartOptions::new(lock::program::WINDOW)).await
    }

    /// [`Session::start`] for a given host. The sandbox runs only when the environment needs it, and only
    /// once per data folder: a live one run by another process is reused.
    pub async fn start_with(data_dir: &Path, options: StartOptions) -> Result<Self, SessionError> {
        let store = Store::open(&paths::database_path(data_dir))?;
        let http = HttpSalesActions::default_http_client()?;
        let saved = store.read(|conn| settings::get(conn, settings::ACTIVE_ENVIRONMENT))?;
        let kind = saved.as_deref().and_then(EnvironmentKind::parse).unwrap_or(EnvironmentKind::Sandbox);
        let secrets = open_secret_store(keyring_service(data_dir)).await;
        let session = Self {
            secrets,
            sign_in: crate::connections::SignInSlot::default(),
            // Replaced below, once the sandbox is up if the environment needs it.
            active: RwLock::new(Arc::new(Self::environment(&http, "", kind, None))),
            store,
            actor: crate::actor::current(),
            http,
            data_dir: data_dir.to_path_buf(),
            program: options.program,
            sandbox: Mutex::new(None),
            sandbox_url: OnceLock::new(),
            sandbox_gate: tokio::sync::Mutex::new(()),
            run: Mutex::new(None),
            recovery: Mutex::new(RecoveryStatus::default()),
        };
        if options.sandbox == SandboxUse::Always || kind == EnvironmentKind::Sandbox || session.real_route_is_sandbox() {
            session.ensure_sandbox().await?;
        }
        if kind == EnvironmentKind::Sandbox {
            session.set_active(Self::environment(&session.http, session.sandbox_url(), kind, None));
        }
        if kind == EnvironmentKind::Real {
            // The saved HTTP route, if any: without it a Real environment on HTTP would pass for a console
            // hand-off, and its interrupted invitations would never be looked up.
            let real_http = session.real_http_route().await;
            let active = Arc::new(Self::environment(&session.http, session.sandbox_url(), kind, real_http));
            match session.active.write() {
                Ok(mut slot) => *slot = active,
                Err(poisoned) => *poisoned.into_inner() = active,
            }
        }
        Ok(session)
    }

    /// The data folder this session runs on.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The OS keyring, or why there is none (with what to install).
    pub fn secrets(&self) -> Result<&SecretStore, SessionError> {
        self.secrets.as_ref().map_err(|status| SessionError::NoSecureStore {
            code: status.code.clone().unwrap_or_default(),
            message: status.message.clone().unwrap_or_default(),
            fix: status.fix.clone(),
        })
    }

    /// What connecting needs, for an environment; refused without a secure store.
    pub fn connections<'a>(&'a self, env: &'a ActiveEnvironment) -> Result<crate::connections::ConnectionContext<'a>, SessionError> {
        Ok(crate::connections::ConnectionContext {
            store: &self.store,
            secrets: self.secrets()?,
            env,
            http: &self.http,
            actor: &self.actor,
            sandbox_url: self.sandbox_url(),
        })
    }

    /// The language in force (saved choice, else the OS language).
    pub fn language(&self) -> Language {
        self.store
            .read(|conn| settings::get(conn, settings::LANGUAGE))
            .ok()
            .flatten()
            .as_deref()
            .and_then(Language::parse)
            .unwrap_or_else(Language::of_os)
    }

    /// The embedded sandbox's address (all three simulated services).
    /// Empty while no sandbox runs for the data folder (a Real environment that does not use it).
    pub fn sandbox_url(&self) -> &str {
        self.sandbox_url.get().map(String::as_str).unwrap_or("")
    }

    fn set_active(&self, environment: ActiveEnvironment) {
        let next = Arc::new(environment);
        match self.active.write() {
            Ok(mut active) => *active = next,
            Err(poisoned) => *poisoned.into_inner() = next,
        }
    }

    /// Whether the Real environment's HTTP route points at this folder's sandbox (its recorded address).
    fn real_route_is_sandbox(&self) -> bool {
        let base_url = self.store.read(|conn| settings::get(conn, REAL_SALES_BASE_URL)).ok().flatten().unwrap_or_default();
        let recorded = sandbox_endpoint::read_endpoint(&self.data_dir).map(|e| e.url);
        !base_url.is_empty() && recorded.as_deref() == Some(base_url.trim_end_matches('/'))
    }

    /// Starts the data folder's sandbox, or reuses the live one another process runs for it. On the port it
    /// had before when the Real route points there, so that route survives a restart.
    async fn ensure_sandbox(&self) -> Result<(), SessionError> {
        let _gate = self.sandbox_gate.lock().await;
        if self.sandbox_url.get().is_some() {
            return Ok(());
        }
        let state_path = paths::sandbox_state_path(&self.data_dir);
        if let Some(parent) = state_path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|source| paths::PathsError::of_io(parent, source))?;
        }
        let previous_port = if self.real_route_is_sandbox() {
            sandbox_endpoint::read_endpoint(&self.data_dir)
                .and_then(|e| url::Url::parse(&e.url).ok())
                .and_then(|url| url.port())
        } else {
            None
        };
        let mut config = SandboxConfig::new(state_path);
        config.port = previous_port.unwrap_or(0);
        let shared = match sandbox_endpoint::start_or_reuse(&self.data_dir, config.clone(), &self.http).await {
            // The old port is taken by something else: any port beats no sandbox.
            Err(EndpointError::Sandbox(sandbox::SandboxError::Bind { .. })) if config.port != 0 => {
                config.port = 0;
                sandbox_endpoint::start_or_reuse(&self.data_dir, config, &self.http).await?
            }
            other => other?,
        };
        let url = shared.root_url();
        if let SharedSandbox::Owned(owned) = shared {
            if let Ok(mut slot) = self.sandbox.lock() {
                *slot = Some(owned);
            }
        }
        let _ = self.sandbox_url.set(url);
        Ok(())
    }

    /// Takes the data folder's sending lock for this process, or says who holds it. Held by every sending
    /// run (`begin_run`) and by the recovery pass; dropping it frees the folder.
    pub fn lock_sending(&self, purpose: LockPurpose) -> Result<SendLock, SessionError> {
        Ok(lock::lock_sending(&self.data_dir, self.program, purpose)?)
    }

    /// `real_http`: the Real environment's configured HTTP route (base URL and token), if any.
    fn environment(
        http: &reqwest::Client,
        sandbox_url: &str,
        kind: EnvironmentKind,
        real_http: Option<(String, crate::secrets::SecretString)>,
    ) -> ActiveEnvironment {
        let sales = match (kind, &real_http) {
            (EnvironmentKind::Sandbox, _) => Some(HttpSalesActions::new(http.clone(), sandbox_url, SANDBOX_TOKEN)),
            (EnvironmentKind::Real, Some((base_url, token))) => Some(HttpSalesActions::new(http.clone(), base_url, token.clone())),
            (EnvironmentKind::Real, None) => None,
        };
        ActiveEnvironment { view: EnvironmentView::of(kind, sandbox_url, real_http.map(|(url, _)| url)), sales }
    }

    /// The saved environment as the CLI sees it without starting anything (no sandbox address).
    pub fn saved_environment(store: &Store) -> Result<EnvironmentView, SessionError> {
        let saved = store.read(|conn| settings::get(conn, settings::ACTIVE_ENVIRONMENT))?;
        let kind = saved.as_deref().and_then(EnvironmentKind::parse).unwrap_or(EnvironmentKind::Sandbox);
        let base_url = store.read(|conn| settings::get(conn, REAL_SALES_BASE_URL))?.filter(|u| !u.is_empty());
        let mut view = EnvironmentView::of(kind, "", base_url);
        if kind == EnvironmentKind::Sandbox {
            view.sales_url = None;
        }
        Ok(view)
    }

    /// The Real environment's HTTP route when a base URL and its token are both saved.
    async fn real_http_route(&self) -> Option<(String, crate::secrets::SecretString)> {
        let base_url = self.store.read(|conn| settings::get(conn, REAL_SALES_BASE_URL)).ok().flatten()?;
        let secrets = self.secrets().ok()?.clone();
        let key = crate::secrets::SecretKey::new("real", "sales_account", "token");
        let token = tokio::task::spawn_blocking(move || secrets.get(&key)).await.ok()?.ok()??;
        (!base_url.is_empty()).then_some((base_url, token))
    }

    /// The Sales-account route of the Real environment, as its settings form shows it.
    pub async fn sales_route(&self) -> Result<SalesRouteView, SessionError> {
        let base_url = self.store.read(|conn| settings::get(conn, REAL_SALES_BASE_URL))?.filter(|u| !u.is_empty());
        let token_saved = self.real_http_route().await.is_some();
        Ok(SalesRouteView {
            route: if base_url.is_some() { SalesRouteKind::Http } else { SalesRouteKind::Handoff },
            base_url,
            token_saved,
            console_url: SALES_CONSOLE_URL.to_owned(),
        })
    }

    /// Sets the Real environment's route: hand-off, or HTTP with a base URL and a token (keyring). The
    /// endpoint is checked with `GET /account` before anything is saved.
    pub async fn configure_sales_route(&self, input: SalesRouteInput) -> Result<AppInfo, SessionError> {
        let secrets = self.secrets()?.clone();
        let key = crate::secrets::SecretKey::new("real", "sales_account", "token");
        match input.route {
            SalesRouteKind::Handoff => {
                self.store.write(|tx| settings::set(tx, REAL_SALES_BASE_URL, ""))?;
                tokio::task::spawn_blocking(move || secrets.delete(&key))
                    .await
                    .map_err(|e| SessionError::Keyring(e.to_string()))?
                    .map_err(|e| SessionError::Keyring(e.to_string()))?;
            }
            SalesRouteKind::Http => {
                let base_url = input.base_url.as_deref().map(str::trim).filter(|u| !u.is_empty()).ok_or(SessionError::MissingBaseUrl)?;
                let url = url::Url::parse(base_url).map_err(|_| SessionError::MissingBaseUrl)?;
                let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
                if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
                    return Err(SessionError::MissingBaseUrl);
                }
                let token = match input.token.as_ref().map(|t| t.expose().trim()).filter(|t| !t.is_empty()) {
                    Some(token) => crate::secrets::SecretString::new(token),
                    None => self.real_http_route().await.map(|(_, t)| t).ok_or(SessionError::MissingToken)?,
                };
                HttpSalesActions::new(self.http.clone(), base_url, token.clone()).account().await?;
                let base = base_url.trim_end_matches('/').to_owned();
                tokio::task::spawn_blocking(move || secrets.set(&key, &token))
                    .await
                    .map_err(|e| SessionError::Keyring(e.to_string()))?
                    .map_err(|e| SessionError::Keyring(e.to_string()))?;
                self.store.write(|tx| settings::set(tx, REAL_SALES_BASE_URL, &base))?;
            }
        }
        if self.active().view.kind == EnvironmentKind::Real {
            return self.switch_environment(EnvironmentKind::Real).await;
        }
        self.info()
    }

    /// The environment in force. Holders keep a consistent view even if the admin switches meanwhile.
    pub fn active(&self) -> Arc<ActiveEnvironment> {
        match self.active.read() {
            Ok(active) => Arc::clone(&active),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Switches explicitly to another environment (refused while invitations are being sent).
    pub async fn switch_environment(&self, kind: EnvironmentKind) -> Result<AppInfo, SessionError> {
        if self.run.lock().map(|slot| slot.is_some()).unwrap_or(true) {
            return Err(SessionError::RunInProgress);
        }
        if self.recovering() {
            return Err(SessionError::Recovering);
        }
        if kind == EnvironmentKind::Sandbox || self.real_route_is_sandbox() {
            // Started only now when the session began on Real: the sandbox never runs unless chosen.
            self.ensure_sandbox().await?;
        }
        self.store.write(|tx| settings::set(tx, settings::ACTIVE_ENVIRONMENT, kind.id()))?;
        let real_http = self.real_http_route().await;
        let next = Arc::new(Self::environment(&self.http, self.sandbox_url(), kind, real_http));
        match self.active.write() {
            Ok(mut active) => *active = next,
            Err(poisoned) => *poisoned.into_inner() = next,
        }
        // The new environment's recovery pass is the host's to run in the background (`reconcile`).
        self.info()
    }

    /// The invitation engine's view of an environment, when its Sales account is reachable over HTTP.
    pub fn invites<'a>(&'a self, env: &'a ActiveEnvironment) -> Result<InviteContext<'a, HttpSalesActions>, SessionError> {
        let client = env.sales.as_ref().ok_or(SessionError::HandoffRoute)?;
        Ok(InviteContext { store: &self.store, environment_id: env.id(), client, actor: &self.actor })
    }

    /// The recovery pass over the active environment: looks up every invitation whose send has no known
    /// outcome and settles it, one failure not stopping the others, with progress in `recovery_status`.
    /// Sending is refused while it runs. Skipped on the hand-off route (nothing is sent there), while a
    /// sending run holds the slot (the run settles them first itself) or while another pass runs.
    pub async fn reconcile(&self) -> RecoveryStatus {
        let env = self.active();
        let Ok(context) = self.invites(&env) else {
            return self.recovery_status();
        };
        {
            // Under the run lock, so a run cannot start between this check and the flag.
            let Ok(run) = self.run.lock() else { return self.recovery_status() };
            let Ok(mut status) = self.recovery.lock() else { return RecoveryStatus::default() };
            if run.is_some() || status.running {
                return status.clone();
            }
            *status = RecoveryStatus { running: true, ..RecoveryStatus::default() };
        }
        let _running = RecoveryGuard { session: self };
        // The whole pass under the data folder's lock: another process sending or recovering on the same
        // record would look up (and requeue) invitations it is itself sending.
        let _folder = match self.lock_sending(LockPurpose::Recovery) {
            Ok(lock) => lock,
            Err(error) => {
                let status = RecoveryStatus { error: Some(RecoveryFailure::of_lock(&error)), ..RecoveryStatus::default() };
                if let Ok(mut slot) = self.recovery.lock() {
                    *slot = status.clone();
                }
                return status;
            }
        };
        let result = engine::reconcile_sending(&context, |checked, total| {
            if let Ok(mut status) = self.recovery.lock() {
                status.checked = checked;
                status.total = total;
            }
        })
        .await;
        let mut status = self.recovery.lock().map(|s| s.clone()).unwrap_or_default();
        match result {
            Ok(report) => {
                if report.checked > 0 {
                    tracing::info!(checked = report.checked, confirmed = report.confirmed, requeued = report.requeued,
                        still_unknown = report.still_unknown, "recovered interrupted invitations");
                }
                status.report = Some(report);
            }
            Err(error) => {
                tracing::warn!(%error, "could not recover interrupted invitations");
                status.error = Some(RecoveryFailure::of_reconcile(&error));
            }
        }
        status.running = false;
        if let Ok(mut slot) = self.recovery.lock() {
            *slot = status.clone();
        }
        status
    }

    /// The recovery pass as the window shows it.
    pub fn recovery_status(&self) -> RecoveryStatus {
        self.recovery.lock().map(|status| status.clone()).unwrap_or_default()
    }

    /// Whether the recovery pass is running (sending is refused meanwhile).
    pub fn recovering(&self) -> bool {
        self.recovery.lock().map(|status| status.running).unwrap_or(false)
    }

    pub fn info(&self) -> Result<AppInfo, SessionError> {
        let saved = self.store.read(|conn| settings::get(conn, settings::LANGUAGE))?;
        let os_language = Language::of_os();
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.data_dir.display().to_string(),
            environment: self.active().view.clone(),
            language: saved.as_deref().and_then(Language::parse).unwrap_or(os_language),
            os_language,
            actor: self.actor.clone(),
            recovery: self.recovery_status(),
            secure_store: match &self.secrets {
                Ok(_) => SecureStoreStatus { available: true, code: None, message: None, fix: None },
                Err(status) => status.clone(),
            },
            moved_aside: self.store.moved_aside().cloned(),
        })
    }

    pub fn set_language(&self, language: Language) -> Result<(), SessionError> {
        Ok(self.store.write(|tx| settings::set(tx, settings::LANGUAGE, language.as_str()))?)
    }

    pub async fn account(&self) -> Result<AccountView, SessionError> {
        let env = self.active();
        let client = env.sales.as_ref().ok_or(SessionError::HandoffRoute)?;
        let account = client.account().await?;
        let teams = client.teams().await?;
        Ok(AccountView {
            seats_left: account.seats_left(),
            salesforce_connected: account.connections.salesforce.connected,
            marketo_connected: account.connections.marketo.connected,
            name: account.name,
            seats_total: account.seats_total,
            seats_used: account.seats_used,
            teams,
        })
    }

    /// Starts a sending run; only one at a time, in this process and on this data folder (its sending
    /// lock: refused with who holds it). The run ends when the guard drops, even if the caller's future is
    /// dropped half way (a window reload), so a stale run never blocks the next one.
    pub fn begin_run(&self) -> Result<(RunControl, RunGuard<'_>), SessionError> {
        let mut slot = self.run.lock().map_err(|_| SessionError::RunInProgress)?;
        if self.recovering() {
            return Err(SessionError::Recovering);
        }
        if slot.is_some() {
            return Err(SessionError::RunInProgress);
        }
        // Another process (the window, another CLI) may be sending on the same record.
        let folder = self.lock_sending(LockPurpose::Sending)?;
        let cancel = CancellationToken::new();
        let (pause, paused) = watch::channel(false);
        *slot = Some(ActiveRun { cancel: cancel.clone(), pause });
        Ok((RunControl { cancel, paused }, RunGuard { session: self, _lock: folder }))
    }

    /// Pauses or resumes the current run; false when none runs.
    pub fn pause_run(&self, paused: bool) -> bool {
        self.run.lock().ok().and_then(|slot| slot.as_ref().map(|run| run.pause.send_replace(paused))).is_some()
    }

    /// Cancels the current run after the invitation in flight; false when none runs.
    pub fn cancel_run(&self) -> bool {
        self.run.lock().ok().and_then(|slot| slot.as_ref().map(|run| run.cancel.cancel())).is_some()
    }

    /// Stops the embedded sandbox (on exit).
    pub async fn shutdown(self) {
        let running = self.sandbox.lock().ok().and_then(|mut slot| slot.take());
        if let Some(running) = running {
            running.shutdown().await;
        }
    }
}

/// Kept here for the hosts and tests that name it through the session; it lives with the data folder.
pub use crate::paths::keyring_service;

/// Opens the keyring off the async threads (it may block on D-Bus or an OS prompt). Failure is remembered
/// and shown; the app still runs, but refuses to save any connection.
async fn open_secret_store(service: String) -> Result<SecretStore, SecureStoreStatus> {
    let opened = tokio::task::spawn_blocking(move || SecretStore::open(&service)).await;
    let failure = |error: &SecretsError| SecureStoreStatus {
        available: false,
        code: Some(error.code().as_str().to_owned()),
        message: Some(error.to_string()),
        fix: error.fix().map(str::to_owned),
    };
    match opened {
        Ok(Ok(store)) => Ok(store),
        Ok(Err(error)) => {
            tracing::warn!(code = error.code().as_str(), "no secure store for secrets");
            Err(failure(&error))
        }
        Err(join) => Err(SecureStoreStatus {
            available: false,
            code: Some("keyring_failure".into()),
            message: Some(join.to_string()),
            fix: None,
        }),
    }
}
