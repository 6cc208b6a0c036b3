//! Salesforce sign-in for a desktop app: the OAuth 2.0 web server flow with PKCE (S256), the answer
//! received on a loopback listener (`http://localhost:1717/OauthRedirect`, bound to 127.0.0.1 only) or
//! pasted by the admin, then refresh and revoke. See `docs/salesforce-sign-in.md`.
//!
//! Plain Rust, no Tauri types. It never stores anything: the caller keeps the tokens (in the OS keyring,
//! through `crate::secrets`). Every token, code and verifier is a [`SecretString`](crate::secrets::SecretString);
//! none appears in an error, a log line or a browser page. Token requests never follow redirects.
//!
//! ```no_run
//! # async fn demo() -> Result<(), msi_actions_setup::auth::AuthError> {
//! use msi_actions_setup::auth::{self, LoginHost, SignInConfig};
//! let config = SignInConfig::new("3MVG9...consumer-key", LoginHost::Production);
//! let pending = auth::start(config).await?;
//! // open pending.authorize_url() in the browser, then:
//! let tokens = pending.complete(tokio_util::sync::CancellationToken::new()).await?;
//! # let _ = tokens; Ok(()) }
//! ```

mod error;
mod flow;
mod host;
mod listener;
pub mod page;
mod redirect;
mod token;

pub use error::AuthError;
pub use flow::{
    callback_urls_to_register, redirect_uri_for, start, start_without_listener, PasteChannel, PendingSignIn,
    SignInConfig, ALTERNATIVE_PORTS, CALLBACK_PATH, DEFAULT_PORT, DEFAULT_TIMEOUT, SCOPES,
};
pub use host::LoginHost;
pub use listener::{port_holder, LoopbackListener};
pub use token::{exchange_code, refresh, revoke, SalesforceTokens};
