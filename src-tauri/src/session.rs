//! One running app: the database, the active environment and its Sales-account client, the embedded
//! sandbox when that environment is the sandbox, and the current sending run. Plain Rust, so the window,
//! the CLI and the tests start the app the same way.

use crate::i18n::Language;
use crate::invites::engine::{self, InviteContext, ReconcileReport, RunControl};
use crate::paths;
use crate::sandbox::{self, RunningSandbox, SandboxConfig, SANDBOX_TOKEN};
use crate::services::sales_actions::{HttpSalesActions, SalesActionsError, Team};
use crate::store::{settings, Store, StoreError};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EnvironmentKind {
    Sandbox,
    Real,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct EnvironmentView {
    pub id: String,
    pub kind: EnvironmentKind,
    /// Where the Sales account is reached (the sandbox's loopback address in sandbox mode).
    pub sales_url: Option<String>,
}

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
    /// What start-up found left in `sending` and how it was settled.
    pub reconcile: Option<ReconcileReport>,
    /// Why start-up could not reconcile (the service was unreachable), if it could not.
    pub reconcile_error: Option<String>,
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
}

struct ActiveRun {
    cancel: CancellationToken,
    pause: watch::Sender<bool>,
}

/// Ends the current run when dropped.
pub struct RunGuard<'a> {
    session: &'a Session,
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
    pub client: HttpSalesActions,
    pub environment: EnvironmentView,
    pub actor: String,
    data_dir: PathBuf,
    sandbox: Option<RunningSandbox>,
    run: Mutex<Option<ActiveRun>>,
    reconcile: Mutex<(Option<ReconcileReport>, Option<String>)>,
}

impl Session {
    /// Opens the database, starts the sandbox (the only environment wired so far) and settles any
    /// invitation left mid-send by a previous run before anything can be sent again.
    pub async fn start(data_dir: &Path) -> Result<Self, SessionError> {
        let store = Store::open(&paths::database_path(data_dir))?;
        let state_path = paths::sandbox_state_path(data_dir);
        if let Some(parent) = state_path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|source| paths::PathsError::Create { path: parent.to_path_buf(), source })?;
        }
        let running = sandbox::start(SandboxConfig::new(state_path)).await?;
        let client = HttpSalesActions::new(HttpSalesActions::default_http_client()?, &running.root_url(), SANDBOX_TOKEN);
        let environment = EnvironmentView {
            id: "sandbox".into(),
            kind: EnvironmentKind::Sandbox,
            sales_url: Some(running.root_url()),
        };
        let session = Self {
            store,
            client,
            environment,
            actor: crate::actor::current(),
            data_dir: data_dir.to_path_buf(),
            sandbox: Some(running),
            run: Mutex::new(None),
            reconcile: Mutex::new((None, None)),
        };
        session.reconcile().await;
        Ok(session)
    }

    /// Settles invitations left in `sending`; a failure is remembered and shown, not fatal.
    pub async fn reconcile(&self) {
        let outcome = engine::reconcile_sending(&self.invites()).await;
        let recorded = match outcome {
            Ok(report) => {
                if report.checked > 0 {
                    tracing::info!(?report, "reconciled invitations left in sending");
                }
                (Some(report), None)
            }
            Err(error) => {
                tracing::warn!(%error, "could not reconcile invitations left in sending");
                (None, Some(error.to_string()))
            }
        };
        if let Ok(mut slot) = self.reconcile.lock() {
            *slot = recorded;
        }
    }

    /// The invitation engine's view of this session.
    pub fn invites(&self) -> InviteContext<'_, HttpSalesActions> {
        InviteContext { store: &self.store, environment_id: &self.environment.id, client: &self.client, actor: &self.actor }
    }

    pub fn info(&self) -> Result<AppInfo, SessionError> {
        let saved = self.store.read(|conn| settings::get(conn, settings::LANGUAGE))?;
        let os_language = Language::of_os();
        let (reconcile, reconcile_error) = self.reconcile.lock().map(|slot| slot.clone()).unwrap_or_default();
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.data_dir.display().to_string(),
            environment: self.environment.clone(),
            language: saved.as_deref().and_then(Language::parse).unwrap_or(os_language),
            os_language,
            actor: self.actor.clone(),
            reconcile,
            reconcile_error,
        })
    }

    pub fn set_language(&self, language: Language) -> Result<(), SessionError> {
        Ok(self.store.write(|tx| settings::set(tx, settings::LANGUAGE, language.as_str()))?)
    }

    pub async fn account(&self) -> Result<AccountView, SessionError> {
        use crate::services::sales_actions::SalesActions;
        let account = self.client.account().await?;
        let teams = self.client.teams().await?;
        Ok(AccountView {
            seats_left: account.seats_left(),
            name: account.name,
            seats_total: account.seats_total,
            seats_used: account.seats_used,
            teams,
        })
    }

    /// Starts a sending run; only one at a time. The run ends when the guard drops, even if the caller's
    /// future is dropped half way (a window reload), so a stale run never blocks the next one.
    pub fn begin_run(&self) -> Result<(RunControl, RunGuard<'_>), SessionError> {
        let mut slot = self.run.lock().map_err(|_| SessionError::RunInProgress)?;
        if slot.is_some() {
            return Err(SessionError::RunInProgress);
        }
        let cancel = CancellationToken::new();
        let (pause, paused) = watch::channel(false);
        *slot = Some(ActiveRun { cancel: cancel.clone(), pause });
        Ok((RunControl { cancel, paused }, RunGuard { session: self }))
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
    pub async fn shutdown(mut self) {
        if let Some(running) = self.sandbox.take() {
            running.shutdown().await;
        }
    }
}
