//! `msi-actions-setup status [--json]`: the active environment, each connection (who, org, since when,
//! how it was verified — never a secret) and each step's status. Reads the database only.

use super::output::{warn, Output};
use crate::connections::{connections_view, ConnectionStatus, ConnectionsView};
use crate::paths;
use crate::environment::EnvironmentView;
use crate::session::Session;
use crate::setup::{self, StepView, VerifiedBy};
use crate::store::Store;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct StatusReport {
    environment: EnvironmentView,
    connections: ConnectionsView,
    steps: Vec<StepView>,
}

fn gather(data_dir: Option<PathBuf>) -> Result<StatusReport, String> {
    let dir = paths::data_dir(data_dir).map_err(|e| e.to_string())?;
    let store = Store::open(&paths::database_path(&dir)).map_err(|e| e.to_string())?;
    if let Some(moved) = store.moved_aside() {
        warn(format_args!("msi-actions-setup status: warning: {moved}"));
    }
    let environment = Session::saved_environment(&store).map_err(|e| e.to_string())?;
    let connections = connections_view(&store, &environment).map_err(|e| e.to_string())?;
    let steps = setup::on_route(setup::plan(&store, &environment.id).map_err(|e| e.to_string())?, environment.sales_route);
    Ok(StatusReport { environment, connections, steps })
}

fn status_word(status: ConnectionStatus) -> &'static str {
    match status {
        ConnectionStatus::NotConnected => "not connected",
        ConnectionStatus::Connected => "connected",
        ConnectionStatus::Disconnected => "disconnected",
        ConnectionStatus::Failed => "failed",
        ConnectionStatus::ReconnectNeeded => "reconnect needed: the new sign-in could not be saved",
    }
}

fn since(verified_how: &Option<String>, verified_at: &Option<String>, actor: &Option<String>) -> String {
    match (verified_how, verified_at) {
        (Some(how), Some(at)) => format!(" — verified by {how}, {at}{}", actor.as_ref().map(|a| format!(", by {a}")).unwrap_or_default()),
        _ => String::new(),
    }
}

fn print_text(out: &mut Output, report: &StatusReport) {
    let c = &report.connections;
    out.line(format_args!("Environment: {:?} (Sales account route: {:?})", report.environment.kind, report.environment.sales_route));
    let sf = &c.salesforce;
    out.line(format_args!(
        "Salesforce:    {}{}{}",
        status_word(sf.status),
        match (&sf.details.username, &sf.details.org_name, &sf.details.org_id) {
            (Some(user), org, id) => format!(
                " as {user} to {} ({})",
                org.as_deref().unwrap_or("?"),
                id.as_deref().unwrap_or("?")
            ),
            _ => String::new(),
        },
        since(&sf.verified_how, &sf.verified_at, &sf.actor)
    ));
    let mk = &c.marketo;
    out.line(format_args!(
        "Marketo:       {}{}{}",
        status_word(mk.status),
        mk.details.munchkin_id.as_ref().map(|m| format!(" to {m}")).unwrap_or_default(),
        since(&mk.verified_how, &mk.verified_at, &mk.actor)
    ));
    out.line(format_args!("Sales account: {} ({:?} route)", status_word(c.sales_account.status), c.sales_account.route));
    out.line(format_args!("Steps:"));
    for step in &report.steps {
        let status = &step.status;
        let who = match (&status.actor, &status.updated_at) {
            (Some(actor), Some(at)) => format!(" — {actor}, {at}"),
            _ => String::new(),
        };
        let by = match status.verified_by {
            Some(VerifiedBy::App) => " [verified by the app]",
            Some(VerifiedBy::Admin) => " [confirmed by an admin]",
            Some(VerifiedBy::SalesConsole) => " [confirmed in the Sales-account console]",
            None => "",
        };
        let reason = status.reason.as_ref().map(|r| format!(" ({r})")).unwrap_or_default();
        out.line(format_args!("  {:>3}  {:<12} {}{by}{reason}{who}", step.id.as_str().to_uppercase(), status.state.as_str(), step.title.en));
    }
}

pub fn run(args: StatusArgs, data_dir: Option<PathBuf>) -> ExitCode {
    let report = match gather(data_dir) {
        Ok(report) => report,
        Err(error) => {
            warn(format_args!("msi-actions-setup status: {error}"));
            return ExitCode::FAILURE;
        }
    };
    let mut out = Output::stdout();
    if args.json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => out.line(format_args!("{json}")),
            Err(error) => {
                warn(format_args!("msi-actions-setup status: {error}"));
                return ExitCode::FAILURE;
            }
        }
    } else {
        print_text(&mut out, &report);
    }
    // A reader that went away (`| head`) took what it wanted: not a failure (cli/output.rs).
    match out.finish() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            warn(format_args!("msi-actions-setup status: cannot write: {error}"));
            ExitCode::FAILURE
        }
    }
}
