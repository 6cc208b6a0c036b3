//! Command-line host: the same core and database as the window, for work that needs no display.
//! With no subcommand the wizard window starts.
//! `invite` exits 0 sent or skipped, 1 some failed, 2 usage/input, 3 data folder busy, 4 Sales account
//! unreachable/unauthorized, 5 hand-off route, 130 interrupted (see `invite --help`).

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

mod connect;
mod import;
mod invite;
mod output;
mod sandbox;
mod status;

#[derive(Debug, Parser)]
#[command(name = "msi-actions-setup", version, about = "Guided MSI Actions setup for Marketo and Salesforce admins")]
pub struct Cli {
    /// Where the app keeps its database (default: the OS app-data folder; env MSI_SETUP_DATA_DIR).
    #[arg(long, global = true)]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the Sales-account simulator alone on 127.0.0.1.
    Sandbox(sandbox::SandboxArgs),
    /// Connect a service of the active environment (Salesforce today).
    Connect(connect::ConnectArgs),
    /// Show the active environment, its connections and every step's status.
    Status(status::StatusArgs),
    /// Check a CSV of people to invite (--dry-run) or stage it as an import; sends nothing.
    Import(import::ImportArgs),
    /// Send invitations (a staged import's rows, or a list of addresses) through the same engine as the
    /// window; resumable after a kill. Exit codes: see `invite --help`.
    Invite(invite::InviteArgs),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => crate::app::run(cli.data_dir),
        Some(Command::Sandbox(args)) => sandbox::run(args, cli.data_dir),
        Some(Command::Status(args)) => status::run(args, cli.data_dir),
        Some(Command::Connect(args)) => connect::run(args, cli.data_dir),
        Some(Command::Import(args)) => import::run(args, cli.data_dir),
        Some(Command::Invite(args)) => invite::run(args, cli.data_dir),
    }
}
