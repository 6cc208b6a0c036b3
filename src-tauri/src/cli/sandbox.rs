//! `msi-actions-setup sandbox`: runs the Sales-account simulator alone on 127.0.0.1 until Ctrl-C, with
//! its state in `<data dir>/sandbox/sandbox.db`, for demos and for clients under development. It records
//! its address in `<data dir>/sandbox/endpoint.json`, so the window and `invite` on the same data folder use
//! it instead of starting a second sandbox on the same file; refused when one already serves the folder.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::sandbox::{endpoint, SandboxConfig, SANDBOX_TOKEN};

#[derive(Debug, clap::Args)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1 (0 picks a free one; the line printed at start says which).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Seats of the simulated account when its state is first created.
    #[arg(long, default_value_t = 100)]
    pub seats: u32,
    /// Pending invitations are accepted after this many seconds (default: only on POST /_sandbox/accept/{id}).
    #[arg(long)]
    pub accept_after_secs: Option<u64>,
}

pub fn run(args: SandboxArgs, data_dir: Option<PathBuf>) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: could not start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(args, data_dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Errors come back as the sentence to print.
async fn serve(args: SandboxArgs, data_dir: Option<PathBuf>) -> Result<(), String> {
    let data_dir = crate::paths::data_dir(data_dir).map_err(|err| format!("no data folder for the sandbox: {err}"))?;
    let state_path = crate::paths::sandbox_state_path(&data_dir);
    if let Some(parent) = state_path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|err| format!("could not create the sandbox folder {}: {err}", parent.display()))?;
    }

    let mut config = SandboxConfig::new(state_path);
    config.port = args.port;
    config.seats_total = args.seats;
    config.accept_after = args.accept_after_secs.map(Duration::from_secs);
    let running = endpoint::start_owned(&data_dir, config).await.map_err(|err| err.to_string())?;

    println!("Sandbox listening on {} (bearer token: {SANDBOX_TOKEN})", running.root_url());
    let stopped = stop_signal().await;
    running.shutdown().await;
    stopped
}

/// Ctrl-C anywhere, and SIGTERM on Unix.
async fn stop_signal() -> Result<(), String> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut terminate =
            signal(SignalKind::terminate()).map_err(|err| format!("could not listen for SIGTERM: {err}"))?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result.map_err(|err| format!("could not listen for Ctrl-C: {err}")),
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.map_err(|err| format!("could not listen for Ctrl-C: {err}"))
    }
}
