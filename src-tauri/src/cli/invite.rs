//! `msi-actions-setup invite (--import ID | --addresses FILE|-) [--team ID] [--json]`: sends invitations
//! from a terminal through the same engine, database and rules as the window (its address box and its
//! import's "Invite"), so a script, a soak test or an admin without a display gets the same guarantees.
//!
//! Resumable: a run killed at any point is run again as is. The rerun holds the data folder's sending lock,
//! first settles what the killed run left with no known outcome (looked up on the service, resent only
//! with the same idempotency key), sends what is still queued, then queues and sends only the people the
//! record does not hold yet (`--addresses`) or the rows not yet linked to an invitation (`--import`). Nobody
//! is invited twice: the record refuses a second invitation for the same person.
//!
//! Output: `--json` prints one JSON line per change on stdout (`{"event":"progress",…}`) and a final
//! `{"event":"summary",…}`; without it, progress lines go to stderr and the summary to stdout. A closed
//! stdout (`| head`) stops the output, never the run. Exit codes: see [`EXIT_CODES`].

use crate::csv_import::{self, ImportError};
use crate::invites::engine::{self, InviteContext};
use crate::invites::{InviteError, InviteOutcome, ReconcileReport, RunControl, SendProgress};
use crate::lock::{self, Holder};
use crate::paths;
use crate::services::sales_actions::{HttpSalesActions, SalesActionsError};
use crate::session::{Session, SessionError, StartOptions};
use crate::store::{imports, StoreError};
use serde::Serialize;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Shown by `invite --help` and documented in the README.
pub const EXIT_CODES: &str = "Exit codes:
  0    everything was sent, or skipped (already a member)
  1    some invitations failed, or their outcome is still unknown (run the same command again)
  2    usage or input error (unreadable file, no valid address, unknown import or team)
  3    the data folder is busy: another process is sending or recovering (it says which)
  4    the Sales account is unreachable or refused the token
  5    this environment reaches the Sales account through its console (hand-off): nothing can be sent from here
  130  interrupted (Ctrl-C stops after the invitation in flight; run again to resume)";

const SOME_FAILED: u8 = 1;
const USAGE: u8 = 2;
const BUSY: u8 = 3;
const UNREACHABLE: u8 = 4;
const HANDOFF: u8 = 5;
const INTERRUPTED: u8 = 130;

/// A pasted list bigger than this is not a list of people to invite.
const MAX_ADDRESSES_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["import", "addresses"])), after_help = EXIT_CODES)]
pub struct InviteArgs {
    /// Invite the valid rows of an import staged with `import FILE` (rows already invited are skipped).
    #[arg(long, value_name = "ID")]
    pub import: Option<i64>,
    /// Invite the addresses in FILE (`-` = standard input): one per line, or any mix of commas, semicolons,
    /// spaces and `Name <email>`, as in the window's address box.
    #[arg(long, value_name = "FILE")]
    pub addresses: Option<PathBuf>,
    /// Team id for the addresses (default: the account's default team); import rows keep their own team.
    #[arg(long, value_name = "ID", conflicts_with = "import")]
    pub team: Option<String>,
    /// One JSON line per change on stdout, then a summary line.
    #[arg(long)]
    pub json: bool,
}

/// Why the command stopped early, with its exit code.
struct Failure {
    exit: u8,
    code: &'static str,
    message: String,
    holder: Option<Holder>,
}

impl Failure {
    fn new(exit: u8, code: &'static str, message: impl Into<String>) -> Self {
        Self { exit, code, message: message.into(), holder: None }
    }
}

fn from_service(error: &SalesActionsError) -> Failure {
    let message = match error {
        SalesActionsError::Unauthorized { .. } => format!("{error}: check the Sales account's token"),
        _ => error.to_string(),
    };
    Failure::new(UNREACHABLE, "sales_account", message)
}

impl From<SessionError> for Failure {
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::DataFolderBusy { holder } => {
                Self { exit: BUSY, code: "data_folder_busy", message: lock::busy_message(holder.as_ref()), holder }
            }
            SessionError::HandoffRoute => Self::new(
                HANDOFF,
                "handoff_route",
                format!("{error}. Export the console file from the window (step 5) or configure the HTTP route"),
            ),
            SessionError::Service(inner) => from_service(&inner),
            other => Self::new(UNREACHABLE, "startup", other.to_string()),
        }
    }
}

impl From<InviteError> for Failure {
    fn from(error: InviteError) -> Self {
        match error {
            InviteError::Service(inner) => from_service(&inner),
            InviteError::UnknownTeam(team) => Self::new(USAGE, "unknown_team", format!("there is no team {team:?} in the Sales account")),
            InviteError::NothingToInvite => Self::new(USAGE, "nothing_to_invite", error.to_string()),
            InviteError::Store(inner) => Self::new(UNREACHABLE, "database", inner.to_string()),
        }
    }
}

impl From<ImportError> for Failure {
    fn from(error: ImportError) -> Self {
        match error {
            ImportError::Invite(inner) => inner.into(),
            ImportError::Service(inner) => from_service(&inner),
            ImportError::Store(StoreError::NotFound { id, .. }) => {
                Self::new(USAGE, "import_not_found", format!("there is no import #{id} in this data folder (stage one with `import FILE`)"))
            }
            other => Self::new(USAGE, other.code().as_str(), other.to_string()),
        }
    }
}

/// Counters as the progress lines and the summary show them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
struct Tally {
    done: u32,
    total: u32,
    sent: u32,
    failed: u32,
    skipped: u32,
    /// Sent with no known outcome (timeout, lost answer): looked up by the next run before any resend.
    unconfirmed: u32,
}

impl Tally {
    fn of(progress: &SendProgress) -> Self {
        let known = progress.sent + progress.failed + progress.skipped;
        Self {
            done: progress.done,
            total: progress.total,
            sent: progress.sent,
            failed: progress.failed,
            skipped: progress.skipped,
            unconfirmed: progress.done.saturating_sub(known),
        }
    }

    fn plus(self, other: Self) -> Self {
        Self {
            done: self.done + other.done,
            total: self.total + other.total,
            sent: self.sent + other.sent,
            failed: self.failed + other.failed,
            skipped: self.skipped + other.skipped,
            unconfirmed: self.unconfirmed + other.unconfirmed,
        }
    }
}

#[derive(Serialize)]
struct ProgressLine {
    event: &'static str,
    #[serde(flatten)]
    tally: Tally,
    per_second: f64,
    eta_seconds: Option<f64>,
}

#[derive(Debug, Default, Serialize)]
struct Summary {
    event: &'static str,
    sent: u32,
    failed: u32,
    skipped: u32,
    unconfirmed: u32,
    /// People the record or the service already held (not sent again).
    already: u32,
    invalid: u32,
    duplicates: u32,
    /// Left queued by Ctrl-C: the next run sends them.
    left_queued: u32,
    cancelled: bool,
    /// What the run found left by an interrupted one, and settled before sending.
    recovered: RecoveredLine,
    exit_code: u8,
}

#[derive(Debug, Default, Serialize)]
struct RecoveredLine {
    checked: u32,
    confirmed: u32,
    requeued: u32,
    still_unknown: u32,
}

/// Writes what the run says. stdout may be closed under us (`| head`): then it goes quiet, the run goes on.
struct Reporter {
    json: bool,
    started: Instant,
    /// What the finished phases counted.
    base: Tally,
    /// The phase in progress.
    phase: Tally,
    last: Option<Tally>,
    stdout_closed: bool,
}

impl Reporter {
    fn new(json: bool) -> Self {
        Self { json, started: Instant::now(), base: Tally::default(), phase: Tally::default(), last: None, stdout_closed: false }
    }

    fn stdout(&mut self, line: &str) {
        if self.stdout_closed {
            return;
        }
        let mut out = std::io::stdout().lock();
        if writeln!(out, "{line}").and_then(|()| out.flush()).is_err() {
            self.stdout_closed = true;
        }
    }

    fn progress(&mut self, progress: &SendProgress) {
        self.phase = Tally::of(progress);
        let tally = self.base.plus(self.phase);
        if self.last == Some(tally) {
            return;
        }
        self.last = Some(tally);
        let elapsed = self.started.elapsed().as_secs_f64();
        let per_second = if elapsed > 0.0 { f64::from(tally.done) / elapsed } else { 0.0 };
        let eta_seconds = (per_second > 0.0).then(|| f64::from(tally.total.saturating_sub(tally.done)) / per_second);
        if self.json {
            let line = ProgressLine { event: "progress", tally, per_second, eta_seconds };
            if let Ok(json) = serde_json::to_string(&line) {
                self.stdout(&json);
            }
        } else {
            let eta = eta_seconds.map(|s| format!(", about {} s left", s.ceil())).unwrap_or_default();
            let unconfirmed = if tally.unconfirmed > 0 { format!(", {} unconfirmed", tally.unconfirmed) } else { String::new() };
            eprintln_quiet(&format!(
                "{}/{}: {} sent, {} failed, {} skipped{unconfirmed} ({per_second:.1}/s{eta})",
                tally.done, tally.total, tally.sent, tally.failed, tally.skipped
            ));
        }
    }

    fn end_phase(&mut self) {
        self.base = self.base.plus(self.phase);
        self.phase = Tally::default();
    }

    fn failure(&mut self, failure: &Failure) {
        eprintln_quiet(&format!("msi-actions-setup invite: {}", failure.message));
        if self.json {
            let line = serde_json::json!({
                "event": "error",
                "code": failure.code,
                "message": failure.message,
                "holder": failure.holder,
                "exit_code": failure.exit,
            });
            self.stdout(&line.to_string());
        }
    }

    fn summary(&mut self, summary: &Summary) {
        if self.json {
            if let Ok(json) = serde_json::to_string(summary) {
                self.stdout(&json);
            }
            return;
        }
        let r = &summary.recovered;
        if r.checked > 0 {
            eprintln_quiet(&format!(
                "Recovered an interrupted run: {} looked up on the Sales account ({} had gone through, {} queued again, {} still unknown).",
                r.checked, r.confirmed, r.requeued, r.still_unknown
            ));
        }
        let mut line = format!("Sent {}, failed {}, skipped {}", summary.sent, summary.failed, summary.skipped);
        if summary.unconfirmed > 0 {
            line.push_str(&format!(", unconfirmed {} (run again to look them up)", summary.unconfirmed));
        }
        line.push_str(&format!("; already invited or members: {}", summary.already));
        if summary.invalid > 0 || summary.duplicates > 0 {
            line.push_str(&format!("; invalid: {}, repeated: {}", summary.invalid, summary.duplicates));
        }
        if summary.cancelled {
            line.push_str(&format!("; interrupted, {} left queued (run again to send them)", summary.left_queued));
        }
        line.push('.');
        self.stdout(&line);
    }
}

/// stderr may be closed too; never panic over a message.
fn eprintln_quiet(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

enum Source {
    Addresses(String),
    Import(i64),
}

fn read_addresses(path: &Path) -> Result<String, Failure> {
    let unreadable = |error: std::io::Error| Failure::new(USAGE, "unreadable", format!("cannot read {}: {error}", path.display()));
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin().lock().take(MAX_ADDRESSES_BYTES + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    } else {
        std::fs::File::open(path).and_then(|file| file.take(MAX_ADDRESSES_BYTES + 1).read_to_end(&mut bytes)).map_err(unreadable)?;
    }
    if bytes.len() as u64 > MAX_ADDRESSES_BYTES {
        return Err(Failure::new(USAGE, "too_large", format!("{} is over 16 MB: that is not a list of addresses", path.display())));
    }
    String::from_utf8(bytes).map_err(|_| Failure::new(USAGE, "not_utf8", format!("{} is not UTF-8 text (for a CSV from Excel use `import FILE`)", path.display())))
}

fn recovered(report: &ReconcileReport) -> RecoveredLine {
    RecoveredLine { checked: report.checked, confirmed: report.confirmed, requeued: report.requeued, still_unknown: report.still_unknown }
}

fn add_outcome(summary: &mut Summary, outcome: &InviteOutcome) {
    summary.sent += outcome.sent;
    summary.failed += outcome.failed;
    summary.skipped += outcome.skipped;
    summary.unconfirmed += outcome.unconfirmed;
    summary.left_queued += outcome.left_queued;
    summary.cancelled |= outcome.cancelled;
}

/// Sends, under the data folder's lock: what an interrupted run left, then the new people.
async fn invite(source: Source, args: &InviteArgs, data_dir: &Path, reporter: &mut Reporter) -> Result<Summary, Failure> {
    let session = Session::start_with(data_dir, StartOptions::new(lock::program::CLI_INVITE)).await?;
    if let Some(moved) = session.store.moved_aside() {
        super::output::warn(format_args!("msi-actions-setup invite: warning: {moved}"));
    }
    let env = session.active();
    let context: InviteContext<'_, HttpSalesActions> = session.invites(&env)?;
    if let Source::Import(id) = source {
        session.store.read(|conn| imports::get(conn, id)).map_err(ImportError::from)?;
    }
    let (control, _run) = session.begin_run()?;
    watch_interrupts(&control);
    crate::setup::note_started(&session.store, env.id(), crate::setup::StepId::Step5, &session.actor)
        .map_err(|error| Failure::new(UNREACHABLE, "database", error.to_string()))?;

    let mut summary = Summary { event: "summary", ..Summary::default() };
    // What the killed run left: settled first (found on the service → sent; not found → queued again with
    // its key), then everything queued goes out before anyone new is queued.
    let report = engine::reconcile_sending(&context, |_, _| {}).await?;
    summary.recovered = recovered(&report);
    let leftover = engine::send_queued(&context, control.clone(), |p| reporter.progress(p)).await?;
    reporter.end_phase();
    add_outcome(&mut summary, &leftover);
    if leftover.cancelled {
        return Ok(summary);
    }

    let fresh = match source {
        Source::Addresses(text) => {
            let checked = engine::check(&context, &text).await?;
            // Who this run already sent from the leftover queue is in the record now: not "already" known.
            summary.already = checked.counts.already.saturating_sub(leftover.sent + leftover.skipped + leftover.unconfirmed);
            summary.invalid = checked.counts.invalid;
            summary.duplicates = checked.counts.duplicates;
            if checked.counts.ready == 0 {
                if checked.counts.already == 0 && leftover.queued == 0 {
                    return Err(Failure::new(USAGE, "nothing_to_invite", "no address in the input can be invited (all invalid or beyond the seats left)"));
                }
                None
            } else {
                match engine::invite(&context, &text, args.team.as_deref(), control, |p| reporter.progress(p)).await {
                    Ok(outcome) => Some(outcome),
                    // Someone else invited them between the check and now.
                    Err(InviteError::NothingToInvite) => None,
                    Err(other) => return Err(other.into()),
                }
            }
        }
        Source::Import(id) => match csv_import::send::invite_rows(&context, id, control, |p| reporter.progress(p)).await {
            Ok(outcome) => {
                summary.already += outcome.checked.already;
                Some(outcome)
            }
            // Every valid row is already linked to its invitation: a rerun after a complete run.
            Err(ImportError::NothingToInvite) => None,
            Err(other) => return Err(other.into()),
        },
    };
    reporter.end_phase();
    if let Some(outcome) = fresh {
        add_outcome(&mut summary, &outcome);
    }
    Ok(summary)
}

/// Ctrl-C cancels after the invitation in flight (the run ends cleanly, the rest stays queued); a second
/// Ctrl-C stops at once, like a kill, which the next run recovers from.
fn watch_interrupts(control: &RunControl) {
    let cancel = control.cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln_quiet("Interrupted: stopping after the invitation in flight (Ctrl-C again to stop at once).");
            cancel.cancel();
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(i32::from(INTERRUPTED));
            }
        }
    });
}

fn exit_code(summary: &Summary) -> u8 {
    if summary.cancelled {
        INTERRUPTED
    } else if summary.failed > 0 || summary.unconfirmed > 0 {
        SOME_FAILED
    } else {
        0
    }
}

pub fn run(args: InviteArgs, data_dir: Option<PathBuf>) -> ExitCode {
    let mut reporter = Reporter::new(args.json);
    let outcome = (|| {
        let source = match (&args.addresses, args.import) {
            (Some(path), _) => Source::Addresses(read_addresses(path)?),
            (None, Some(id)) => Source::Import(id),
            (None, None) => return Err(Failure::new(USAGE, "usage", "pass --import ID or --addresses FILE")),
        };
        let data_dir = paths::data_dir(data_dir).map_err(|e| Failure::new(USAGE, "data_dir", e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| Failure::new(UNREACHABLE, "startup", format!("could not start the async runtime: {e}")))?;
        runtime.block_on(invite(source, &args, &data_dir, &mut reporter))
    })();
    match outcome {
        Ok(mut summary) => {
            summary.exit_code = exit_code(&summary);
            reporter.summary(&summary);
            ExitCode::from(summary.exit_code)
        }
        Err(failure) => {
            reporter.failure(&failure);
            ExitCode::from(failure.exit)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_of_two_phases_adds_up_and_unchanged_lines_are_not_repeated() {
        let mut reporter = Reporter::new(true);
        reporter.stdout_closed = true; // nothing printed from a unit test
        let p = |done, total, sent, failed| SendProgress {
            done,
            total,
            sent,
            failed,
            skipped: 0,
            per_second: 0.0,
            eta_seconds: None,
            current: None,
            paused: false,
        };
        reporter.progress(&p(2, 2, 1, 0));
        assert_eq!(reporter.last.map(|t| t.unconfirmed), Some(1), "done but neither sent, failed nor skipped = unconfirmed");
        reporter.end_phase();
        reporter.progress(&p(1, 3, 1, 0));
        assert_eq!(reporter.last, Some(Tally { done: 3, total: 5, sent: 2, failed: 0, skipped: 0, unconfirmed: 1 }));
        let before = reporter.last;
        reporter.progress(&p(1, 3, 1, 0));
        assert_eq!(reporter.last, before);
    }

    #[test]
    fn exit_codes_follow_the_outcome() {
        let mut summary = Summary::default();
        assert_eq!(exit_code(&summary), 0);
        summary.unconfirmed = 1;
        assert_eq!(exit_code(&summary), 1);
        summary.cancelled = true;
        assert_eq!(exit_code(&summary), 130);
        let busy: Failure = SessionError::DataFolderBusy { holder: None }.into();
        assert_eq!((busy.exit, busy.code), (3, "data_folder_busy"));
        assert_eq!(Failure::from(SessionError::HandoffRoute).exit, 5);
        assert_eq!(Failure::from(InviteError::Service(SalesActionsError::Network("down".into()))).exit, 4);
        assert_eq!(Failure::from(InviteError::UnknownTeam("t9".into())).exit, 2);
    }
}
