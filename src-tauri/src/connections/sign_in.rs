//! The one Salesforce sign-in that may be waiting for its browser redirect, so the window can cancel it
//! or complete it with a pasted redirect URL while `sign_in` awaits.

use super::context::ConnectionContext;
use super::error::ConnectionError;
use super::salesforce;
use super::SalesforceDetails;
use crate::auth::PasteChannel;
use crate::i18n::Language;
use serde::Serialize;
use std::sync::Mutex;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

/// A sign-in waiting for its redirect, as the window shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PendingSignInView {
    pub authorize_url: String,
    pub redirect_uri: String,
    /// False when the port could not be used: the admin must paste the address the browser ends on.
    pub listening: bool,
    /// Why there is no listener (the port, and the program holding it when the OS says).
    pub port_problem: Option<String>,
}

struct Waiting {
    cancel: CancellationToken,
    paste: PasteChannel,
    view: PendingSignInView,
}

#[derive(Default)]
pub struct SignInSlot {
    waiting: Mutex<Option<Waiting>>,
}

struct SlotGuard<'a>(&'a SignInSlot);

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        if let Ok(mut waiting) = self.0.waiting.lock() {
            *waiting = None;
        }
    }
}

impl SignInSlot {
    pub fn pending(&self) -> Option<PendingSignInView> {
        self.waiting.lock().ok().and_then(|w| w.as_ref().map(|w| w.view.clone()))
    }

    /// Completes the waiting sign-in with the address the browser ended on.
    pub fn paste(&self, url: &str) -> Result<(), ConnectionError> {
        let waiting = self.waiting.lock().map_err(|_| ConnectionError::NoPendingSignIn)?;
        let waiting = waiting.as_ref().ok_or(ConnectionError::NoPendingSignIn)?;
        Ok(waiting.paste.submit(url)?)
    }

    pub fn cancel(&self) -> bool {
        self.waiting.lock().ok().and_then(|w| w.as_ref().map(|w| w.cancel.cancel())).is_some()
    }

    /// The whole sign-in: listener, browser, redirect (or paste), token exchange, identity, keyring,
    /// Sales account, step 2. `open_browser` gets the authorize URL (see `crate::browser::open`).
    pub async fn sign_in(
        &self,
        ctx: &ConnectionContext<'_>,
        language: Language,
        open_browser: impl FnOnce(&str) -> Result<(), String>,
    ) -> Result<SalesforceDetails, ConnectionError> {
        let (pending, port_problem) = salesforce::begin(ctx, language).await?;
        let cancel = CancellationToken::new();
        let view = PendingSignInView {
            authorize_url: pending.authorize_url().to_owned(),
            redirect_uri: pending.redirect_uri().to_owned(),
            listening: port_problem.is_none(),
            port_problem: port_problem.map(|problem| problem.to_string()),
        };
        {
            let mut waiting = self.waiting.lock().map_err(|_| ConnectionError::SignInInProgress)?;
            if waiting.is_some() {
                return Err(ConnectionError::SignInInProgress);
            }
            *waiting = Some(Waiting { cancel: cancel.clone(), paste: pending.paste_channel(), view: view.clone() });
        }
        let _guard = SlotGuard(self);
        if let Err(error) = open_browser(&view.authorize_url) {
            // The admin can still open the link shown in the window, or paste the redirect.
            tracing::warn!(%error, "could not open the browser for sign-in");
        }
        let tokens = pending.complete(cancel).await?;
        salesforce::finish(ctx, tokens).await
    }
}
