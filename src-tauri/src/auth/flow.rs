//! One sign-in from start to tokens: the authorize URL (PKCE S256, random `state`), then exactly one
//! answer, from the loopback listener or from an address the admin pasted, exchanged for tokens with the
//! verifier. The verifier is taken out once, so two answers can never both be exchanged.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use oauth2::{CsrfToken, PkceCodeChallenge, Scope};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::listener::{LoopbackListener, Served};
use super::redirect::{RedirectParams, Source};
use super::token::{self, oauth_client};
use super::{AuthError, LoginHost, SalesforceTokens};
use crate::i18n::Language;
use crate::secrets::SecretString;

/// The callback port the Salesforce CLI made familiar, and the app's default.
pub const DEFAULT_PORT: u16 = 1717;
/// Ports the app offers when the default is busy. Each needs its own Callback URL on the app
/// (`http://localhost:{port}/OauthRedirect`): Salesforce matches callback URLs exactly.
pub const ALTERNATIVE_PORTS: [u16; 3] = [1717, 1718, 1719];
pub const CALLBACK_PATH: &str = "/OauthRedirect";
/// Requested scopes: REST API, a refresh token, and the OpenID identity.
pub const SCOPES: [&str; 3] = ["api", "refresh_token", "openid"];
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// How to run a sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInConfig {
    /// The External Client App's consumer key (public: it is in every authorize URL).
    pub client_id: String,
    pub login_host: LoginHost,
    /// Loopback port of the callback; 0 = any free port (only for servers that accept any loopback port,
    /// like the sandbox).
    pub port: u16,
    pub callback_path: String,
    /// How long to wait for the browser's answer.
    pub timeout: Duration,
    /// Language of the page the browser tab shows at the end.
    pub language: Language,
}

impl SignInConfig {
    /// Port 1717, `/OauthRedirect`, 5 minutes, English.
    pub fn new(client_id: impl Into<String>, login_host: LoginHost) -> Self {
        Self {
            client_id: client_id.into(),
            login_host,
            port: DEFAULT_PORT,
            callback_path: CALLBACK_PATH.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            language: Language::En,
        }
    }

    /// `http://localhost:{port}{callback_path}`: the exact string the admin registers.
    pub fn redirect_uri(&self) -> String {
        redirect_uri_for(self.port, &self.callback_path)
    }

    fn validate(&self) -> Result<(), AuthError> {
        if self.client_id.trim().is_empty() {
            return Err(AuthError::InvalidClient { description: "no consumer key was entered".into() });
        }
        let path_ok = self.callback_path.starts_with('/')
            && self.callback_path.len() > 1
            && self.callback_path.bytes().all(|b| b.is_ascii_alphanumeric() || b"/-._~".contains(&b));
        if !path_ok {
            return Err(AuthError::InvalidRedirect("the callback path must look like /OauthRedirect".into()));
        }
        Ok(())
    }
}

/// `http://localhost:{port}{callback_path}`.
pub fn redirect_uri_for(port: u16, callback_path: &str) -> String {
    format!("http://localhost:{port}{callback_path}")
}

/// The Callback URLs to register on the app for these ports, one per line in Salesforce's field.
pub fn callback_urls_to_register(ports: &[u16]) -> Vec<String> {
    ports.iter().map(|port| redirect_uri_for(*port, CALLBACK_PATH)).collect()
}

/// Starts a sign-in: binds the loopback listener on `127.0.0.1:{config.port}` and prepares the authorize
/// URL. Open [`PendingSignIn::authorize_url`] in the browser, then call [`PendingSignIn::complete`].
pub async fn start(config: SignInConfig) -> Result<PendingSignIn, AuthError> {
    config.validate()?;
    let listener = LoopbackListener::bind(config.port).await?;
    let port = listener.local_addr().port();
    let redirect_uri = redirect_uri_for(port, &config.callback_path);
    let mut pending = PendingSignIn::prepare(&config, redirect_uri)?;
    pending.listener =
        Some(listener.serve(config.callback_path.clone(), config.language, config.timeout, pending.exchange.clone()));
    Ok(pending)
}

/// Starts a sign-in without a listener, for when none can be opened: the admin pastes the address the
/// browser ends on into [`PendingSignIn::complete_with_pasted_url`] (or a [`PasteChannel`]).
pub fn start_without_listener(config: SignInConfig) -> Result<PendingSignIn, AuthError> {
    config.validate()?;
    let redirect_uri = config.redirect_uri();
    PendingSignIn::prepare(&config, redirect_uri)
}

/// What finishing a sign-in needs, shared by the listener and the paste path.
pub(crate) struct Exchange {
    login_host: LoginHost,
    client_id: String,
    redirect_uri: String,
    state: String,
    /// Taken by the one answer that is exchanged.
    verifier: Mutex<Option<SecretString>>,
}

impl Exchange {
    /// Whether `params` answers this sign-in (its state is ours): anything else must not end it.
    pub fn is_ours(&self, params: &RedirectParams) -> bool {
        params.has_state(&self.state)
    }

    /// Checks the answer (state, error) and, if it carries a code, exchanges it with the verifier.
    pub async fn finish(&self, params: RedirectParams, source: Source) -> Result<SalesforceTokens, AuthError> {
        let code = params.into_code(&self.state, source)?;
        let verifier = self.verifier.lock().unwrap_or_else(PoisonError::into_inner).take();
        let verifier = verifier.ok_or(AuthError::AlreadyFinished)?;
        let tokens =
            token::exchange_code(&self.login_host, &self.client_id, &self.redirect_uri, &code, &verifier).await;
        if tokens.is_ok() {
            tracing::info!(host = %self.login_host, "Salesforce sign-in: tokens received");
        }
        tokens
    }
}

/// A started sign-in. Dropping it closes its listener.
pub struct PendingSignIn {
    authorize_url: String,
    redirect_uri: String,
    exchange: Arc<Exchange>,
    listener: Option<Served>,
    paste_tx: mpsc::UnboundedSender<RedirectParams>,
    paste_rx: mpsc::UnboundedReceiver<RedirectParams>,
    deadline: tokio::time::Instant,
}

impl std::fmt::Debug for PendingSignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingSignIn")
            .field("redirect_uri", &self.redirect_uri)
            .field("listening_on", &self.listening_on())
            .finish_non_exhaustive()
    }
}

impl PendingSignIn {
    fn prepare(config: &SignInConfig, redirect_uri: String) -> Result<Self, AuthError> {
        let client = oauth_client(&config.login_host, &config.client_id, Some(&redirect_uri))?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state) = client
            .authorize_url(CsrfToken::new_random)
            .add_scopes(SCOPES.iter().map(|scope| Scope::new((*scope).to_owned())))
            .set_pkce_challenge(challenge)
            .url();
        let (paste_tx, paste_rx) = mpsc::unbounded_channel();
        let exchange = Exchange {
            login_host: config.login_host.clone(),
            client_id: config.client_id.trim().to_owned(),
            // The code exchange must send the very redirect_uri of the authorize request.
            redirect_uri: redirect_uri.clone(),
            state: state.secret().clone(),
            verifier: Mutex::new(Some(SecretString::new(verifier.secret().as_str()))),
        };
        Ok(Self {
            authorize_url: url.to_string(),
            redirect_uri,
            exchange: Arc::new(exchange),
            listener: None,
            paste_tx,
            paste_rx,
            deadline: tokio::time::Instant::now() + config.timeout,
        })
    }

    /// The address to open in the browser.
    pub fn authorize_url(&self) -> &str {
        &self.authorize_url
    }

    /// The callback this sign-in uses (sent in the authorize request and again in the code exchange).
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Where the listener is bound (always 127.0.0.1), or `None` for a paste-only sign-in.
    pub fn listening_on(&self) -> Option<SocketAddr> {
        self.listener.as_ref().map(|served| served.addr)
    }

    /// A handle for the window to pass in a pasted address while [`PendingSignIn::complete`] waits.
    pub fn paste_channel(&self) -> PasteChannel {
        PasteChannel { tx: self.paste_tx.clone(), state: self.exchange.state.clone() }
    }

    /// Waits for the one answer (the browser reaching the listener, or a pasted address through a
    /// [`PasteChannel`]), exchanges its code and returns the tokens. Ends with
    /// [`AuthError::TimedOut`] after the configured timeout and [`AuthError::Cancelled`] when `cancel`
    /// fires. The listener is closed (its port released) when this returns.
    pub async fn complete(mut self, cancel: CancellationToken) -> Result<SalesforceTokens, AuthError> {
        let exchange = self.exchange.clone();
        let deadline = self.deadline;
        let has_listener = self.listener.is_some();
        let result = loop {
            tokio::select! {
                biased;
                () = cancel.cancelled() => break Err(AuthError::Cancelled),
                outcome = listener_outcome(&mut self.listener) => break outcome,
                Some(params) = self.paste_rx.recv() => {
                    let finished = tokio::select! {
                        () = cancel.cancelled() => Err(AuthError::Cancelled),
                        finished = exchange.finish(params, Source::Pasted) => finished,
                    };
                    match finished {
                        // The browser's answer got there first and is being exchanged: wait for it.
                        Err(AuthError::AlreadyFinished) if has_listener => continue,
                        other => break other,
                    }
                }
                () = tokio::time::sleep_until(deadline), if !has_listener => break Err(AuthError::TimedOut),
            }
        };
        if let Some(served) = self.listener.as_mut() {
            served.close().await;
        }
        result
    }

    /// The fallback when the browser could not reach the listener: the whole address from the browser's
    /// address bar after Salesforce redirected (`http://localhost:1717/OauthRedirect?code=…&state=…`, or
    /// a Salesforce error page's address). Same checks as the listener; closes the listener.
    pub async fn complete_with_pasted_url(mut self, pasted: &str) -> Result<SalesforceTokens, AuthError> {
        if let Some(served) = self.listener.as_mut() {
            served.close().await;
        }
        let params = RedirectParams::from_pasted(pasted)?;
        self.exchange.finish(params, Source::Pasted).await
    }
}

async fn listener_outcome(listener: &mut Option<Served>) -> Result<SalesforceTokens, AuthError> {
    match listener.as_mut() {
        Some(served) => match (&mut served.outcome).await {
            Ok(outcome) => outcome,
            Err(_) => Err(AuthError::BadResponse("the sign-in listener stopped".into())),
        },
        None => std::future::pending().await,
    }
}

/// Passes a pasted address to a running [`PendingSignIn::complete`]. Cheap to clone.
#[derive(Clone)]
pub struct PasteChannel {
    tx: mpsc::UnboundedSender<RedirectParams>,
    state: String,
}

impl std::fmt::Debug for PasteChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasteChannel")
    }
}

impl PasteChannel {
    /// Checks the pasted address at once: not an answer → [`AuthError::InvalidRedirect`]; an answer to
    /// another sign-in → [`AuthError::StateMismatch`] (nothing is consumed, the person may paste again);
    /// the sign-in already over → [`AuthError::AlreadyFinished`]. Otherwise hands it to `complete`,
    /// which returns the outcome.
    pub fn submit(&self, pasted: &str) -> Result<(), AuthError> {
        let params = RedirectParams::from_pasted(pasted)?;
        if params.state.is_some() && !params.has_state(&self.state) {
            return Err(AuthError::StateMismatch);
        }
        if params.code.is_some() && params.state.is_none() {
            return Err(AuthError::StateMismatch);
        }
        self.tx.send(params).map_err(|_| AuthError::AlreadyFinished)
    }
}
