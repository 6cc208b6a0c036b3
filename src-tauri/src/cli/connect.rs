//! `msi-actions-setup connect salesforce [--login-host URL] [--client-id KEY] [--port N] [--no-browser]`:
//! the same sign-in as the window, from a terminal. Prints the authorize URL, opens the browser unless
//! told not to, and exits 0 once the redirect arrived and the connection is verified — or non-zero with
//! the reason and what to do. With `--login-host` it signs in to that host in the Real environment.

use crate::connections::salesforce::{self, SalesforceSettings};
use crate::connections::ConnectionError;
use crate::paths;
use crate::environment::EnvironmentKind;
use crate::session::{Session, StartOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ConnectArgs {
    #[command(subcommand)]
    pub service: ConnectService,
}

#[derive(Debug, clap::Subcommand)]
pub enum ConnectService {
    /// Sign in to Salesforce (web server flow with PKCE, redirect to http://localhost:PORT/OauthRedirect).
    Salesforce(SalesforceArgs),
}

#[derive(Debug, clap::Args)]
pub struct SalesforceArgs {
    /// `production`, `sandbox` or a My Domain URL; signs in within the Real environment (plain http only
    /// on loopback, for testing).
    #[arg(long)]
    pub login_host: Option<String>,
    /// Consumer key of your External Client App (saved for next time).
    #[arg(long)]
    pub client_id: Option<String>,
    /// Loopback port of the callback URL registered in the app (default 1717).
    #[arg(long)]
    pub port: Option<u16>,
    /// Only print the address to open; do not start a browser.
    #[arg(long)]
    pub no_browser: bool,
}

fn fail(message: &str, what_to_do: Option<&str>) -> ExitCode {
    eprintln!("msi-actions-setup connect salesforce: {message}");
    if let Some(hint) = what_to_do {
        eprintln!("What to do: {hint}");
    }
    ExitCode::FAILURE
}

const INSTALL_KEYRING: &str = "install and start the OS keyring (GNOME Keyring or KWallet on Linux), then try again";

fn explain(error: &ConnectionError) -> Option<&'static str> {
    match error {
        ConnectionError::Auth(inner) => Some(inner.what_to_do()),
        ConnectionError::Salesforce(inner) => Some(inner.what_to_do()),
        ConnectionError::Secrets(_) => Some(INSTALL_KEYRING),
        ConnectionError::MissingConsumerKey => Some("pass --client-id KEY (the consumer key of your External Client App)"),
        _ => None,
    }
}

async fn connect(args: SalesforceArgs, data_dir: PathBuf) -> ExitCode {
    // No recovery pass here: signing in sends nothing, and the sandbox is reused when another process runs it.
    let session = match Session::start_with(&data_dir, StartOptions::new(crate::lock::program::CLI_CONNECT)).await {
        Ok(session) => session,
        Err(error) => return fail(&error.to_string(), None),
    };
    if let Some(moved) = session.store.moved_aside() {
        super::output::warn(format_args!("msi-actions-setup connect: warning: {moved}"));
    }
    if args.login_host.is_some() {
        if let Err(error) = session.switch_environment(EnvironmentKind::Real).await {
            return fail(&error.to_string(), None);
        }
        println!("Active environment: Real");
    }
    let env = session.active();
    let ctx = match session.connections(&env) {
        Ok(ctx) => ctx,
        // The only refusal here: no secure store for the secrets.
        Err(error) => return fail(&error.to_string(), Some(INSTALL_KEYRING)),
    };
    let current = match salesforce::settings_view(&ctx) {
        Ok(view) => view.settings,
        Err(error) => return fail(&error.to_string(), explain(&error)),
    };
    let wanted = SalesforceSettings {
        client_id: args.client_id.or(current.client_id),
        login_host: args.login_host.unwrap_or(current.login_host),
        port: args.port.unwrap_or(current.port),
    };
    if let Err(error) = salesforce::save_settings(&ctx, &wanted) {
        return fail(&error.to_string(), explain(&error));
    }
    let no_browser = args.no_browser;
    let open_browser = move |url: &str| {
        println!("Open this address to sign in to Salesforce:\n{url}");
        if no_browser {
            return Ok(());
        }
        crate::browser::open(url, |url| open::that_detached(url).map_err(|e| e.to_string())).map_err(|e| e.to_string())
    };
    let sign_in = session.sign_in.sign_in(&ctx, session.language(), open_browser);
    let outcome = tokio::select! {
        outcome = sign_in => outcome,
        _ = tokio::signal::ctrl_c() => {
            session.sign_in.cancel();
            return fail("sign-in cancelled", None);
        }
    };
    match outcome {
        Ok(details) => {
            println!(
                "Connected as {} to {} ({}) on {}",
                details.username.as_deref().unwrap_or("?"),
                details.org_name.as_deref().unwrap_or("?"),
                details.org_id.as_deref().unwrap_or("?"),
                details.instance_url.as_deref().unwrap_or("?"),
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error.to_string(), explain(&error)),
    }
}

pub fn run(args: ConnectArgs, data_dir: Option<PathBuf>) -> ExitCode {
    let data_dir = match paths::data_dir(data_dir) {
        Ok(dir) => dir,
        Err(error) => return fail(&error.to_string(), None),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error.to_string(), None),
    };
    match args.service {
        ConnectService::Salesforce(salesforce) => runtime.block_on(connect(salesforce, data_dir)),
    }
}
