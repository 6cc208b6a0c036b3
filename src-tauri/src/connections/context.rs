//! What connecting needs from the running app, so the window, the CLI and the tests share one path.

use super::error::ConnectionError;
use crate::secrets::{SecretKey, SecretStore, SecretString};
use crate::environment::ActiveEnvironment;
use crate::setup::{self, StepChange, StepId};
use crate::store::connections::{self as rows, ConnectionChange};
use crate::store::Store;

pub struct ConnectionContext<'a> {
    pub store: &'a Store,
    pub secrets: &'a SecretStore,
    pub env: &'a ActiveEnvironment,
    pub http: &'a reqwest::Client,
    pub actor: &'a str,
    /// The embedded sandbox's root URL (the three simulated services live there).
    pub sandbox_url: &'a str,
}

impl ConnectionContext<'_> {
    pub fn key(&self, connection: &str, item: &str) -> SecretKey {
        SecretKey::new(self.env.id(), connection, item)
    }

    /// Keyring calls block (D-Bus, OS prompts): run them off the async threads.
    pub async fn put_secret(&self, key: SecretKey, value: SecretString) -> Result<(), ConnectionError> {
        let store = self.secrets.clone();
        tokio::task::spawn_blocking(move || store.set(&key, &value))
            .await
            .map_err(|e| ConnectionError::KeyringTask(e.to_string()))??;
        Ok(())
    }

    pub async fn get_secret(&self, key: SecretKey) -> Result<Option<SecretString>, ConnectionError> {
        let store = self.secrets.clone();
        Ok(tokio::task::spawn_blocking(move || store.get(&key))
            .await
            .map_err(|e| ConnectionError::KeyringTask(e.to_string()))??)
    }

    pub async fn delete_secret(&self, key: SecretKey) -> Result<(), ConnectionError> {
        let store = self.secrets.clone();
        tokio::task::spawn_blocking(move || store.delete(&key))
            .await
            .map_err(|e| ConnectionError::KeyringTask(e.to_string()))??;
        Ok(())
    }

    /// Records a connection's state; `details` are its non-secret facts (any serialisable value).
    pub fn record(&self, service: &str, status: &str, details: &impl serde::Serialize, verified_how: Option<&str>) -> Result<(), ConnectionError> {
        let details = serde_json::to_value(details).map_err(|e| ConnectionError::Internal(e.to_string()))?;
        let change = ConnectionChange { environment_id: self.env.id(), service, status, details, verified_how };
        self.store.write(|tx| rows::record(tx, &change, self.actor))?;
        Ok(())
    }

    /// Marks a step done because the app verified it (the window says how, per step).
    pub fn step_verified(&self, step_id: StepId) -> Result<(), ConnectionError> {
        setup::change_status(self.store, self.env.id(), step_id, &StepChange::verified_by_app(), self.actor)?;
        Ok(())
    }
}
