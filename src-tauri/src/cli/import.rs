//! `msi-actions-setup import FILE [--dry-run] [--team NAME] [--json] [--encoding E] [--delimiter D]`:
//! reads a CSV of people to invite the same way the window does. `--dry-run` only checks; without it the
//! rows are staged as an import in the app database (nothing is sent: invitations go out from the window).
//! Never starts the sandbox nor calls a service: "already" means already in this data folder's record.
//!
//! Contract (kept stable, see docs/csv-import.md): `--json` prints exactly one JSON object on stdout;
//! exit 0 = no invalid row, 1 = some rows invalid, 2 = the file cannot be used (message on stderr).

use super::output::{warn, Output};
use crate::csv_import::check::{CheckContext, Counts, Teams};
use crate::csv_import::sniff::FileEncoding;
use crate::csv_import::{self, ImportError, ImportOptions, Problem, RowStatus, StageTarget};
use crate::i18n::Language;
use crate::invites::check::KnownPeople;
use crate::paths;
use crate::session::Session;
use crate::store::{invitations, Store};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The CSV file (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252; `,` `;` tab or `|`).
    pub file: PathBuf,
    /// Only check the file; stage nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Team for rows whose team cell is empty or that have no team column (default: Everyone).
    #[arg(long, value_name = "NAME")]
    pub team: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Force the encoding: utf-8, utf-16le, utf-16be or windows-1252 (default: detected).
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<String>,
    /// Force the delimiter: `,` `;` `|` or `tab` (default: detected).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
}

/// One problem as the JSON contract shows it.
#[derive(Debug, Serialize)]
struct JsonError {
    row: u64,
    column: String,
    code: &'static str,
    message: String,
}

#[derive(Debug, Serialize)]
struct JsonReport {
    rows: u64,
    valid: u64,
    invalid: u64,
    duplicates: u64,
    already: u64,
    encoding: &'static str,
    delimiter: String,
    errors: Vec<JsonError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    import_id: Option<i64>,
}

/// Exit code 2 with a message: the file cannot be used.
struct Unusable(String);

impl From<ImportError> for Unusable {
    fn from(error: ImportError) -> Self {
        Self(error.to_string())
    }
}

fn options(args: &ImportArgs) -> Result<ImportOptions, Unusable> {
    let encoding = match &args.encoding {
        None => None,
        Some(name) => Some(FileEncoding::parse(name).ok_or_else(|| Unusable(format!("unknown encoding {name:?}: use utf-8, utf-16le, utf-16be or windows-1252")))?),
    };
    let delimiter = match args.delimiter.as_deref() {
        None => None,
        Some("tab" | "\\t" | "\t") => Some(b'\t'),
        Some(d) if d.len() == 1 && [",", ";", "|"].contains(&d) => Some(d.as_bytes()[0]),
        Some(d) => return Err(Unusable(format!("unknown delimiter {d:?}: use , ; | or tab"))),
    };
    Ok(ImportOptions { encoding, delimiter, ..Default::default() })
}

fn run_inner(args: &ImportArgs, data_dir: Option<PathBuf>) -> Result<(Counts, JsonReport), Unusable> {
    let options = options(args)?;
    let dir = paths::data_dir(data_dir).map_err(|e| Unusable(e.to_string()))?;
    let store = Store::open(&paths::database_path(&dir)).map_err(|e| Unusable(e.to_string()))?;
    if let Some(moved) = store.moved_aside() {
        super::output::warn(format_args!("msi-actions-setup import: warning: {moved}"));
    }
    let environment = Session::saved_environment(&store).map_err(|e| Unusable(e.to_string()))?;
    let local = store.read(|conn| invitations::states_by_email(conn, &environment.id)).map_err(|e| Unusable(e.to_string()))?;
    let context = CheckContext {
        known: KnownPeople { local, ..Default::default() },
        teams: Teams::default(),
        fallback_team: args.team.clone(),
        seats_left: None,
        language: Language::En,
    };
    let sniffed = csv_import::sniff_with_memory(&store, &args.file, &options)?;
    let mut errors: Vec<JsonError> = Vec::new();
    let (counts, import_id) = if args.dry_run {
        // Checks only: nothing of the file goes into the database.
        let counts = csv_import::check_file(&args.file, &sniffed, &context, |verdict| {
            if verdict.status == RowStatus::Invalid {
                errors.extend(verdict.problems.into_iter().map(json_error));
            }
            Ok(())
        })?;
        (counts, None)
    } else {
        let file_name = args.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let actor = crate::actor::current();
        let target = StageTarget { environment_id: Some(&environment.id), file_name: &file_name, actor: &actor };
        let staged = csv_import::stage(&store, &args.file, &sniffed, &context, &target)?;
        let mut offset = 0;
        loop {
            let page = csv_import::preview_page(&store, staged.import_id, &[RowStatus::Invalid], offset, 1000)?;
            let len = page.len() as u64;
            errors.extend(page.into_iter().flat_map(|row| row.problems).map(json_error));
            if len < 1000 {
                break;
            }
            offset += len;
        }
        (staged.summary.counts, Some(staged.import_id))
    };
    if counts.rows == 0 {
        return Err(Unusable("the file has a header but no data rows".into()));
    }
    let delimiter = (sniffed.dialect.delimiter as char).to_string();
    let report = JsonReport {
        rows: counts.rows,
        valid: counts.valid,
        invalid: counts.invalid,
        duplicates: counts.duplicates,
        already: counts.already,
        encoding: sniffed.dialect.encoding.as_str(),
        delimiter,
        errors,
        import_id,
    };
    Ok((counts, report))
}

fn json_error(problem: Problem) -> JsonError {
    JsonError { row: problem.row, column: problem.column, code: problem.code.as_str(), message: problem.message }
}

fn print_text(out: &mut Output, report: &JsonReport, dry_run: bool) {
    let delimiter = if report.delimiter == "\t" { "tab".to_owned() } else { format!("\"{}\"", report.delimiter) };
    out.line(format_args!("Read as {} with delimiter {delimiter}.", report.encoding));
    out.line(format_args!(
        "{} rows: {} valid ({} already invited or members), {} invalid, {} repeated.",
        report.rows, report.valid, report.already, report.invalid, report.duplicates
    ));
    for error in &report.errors {
        out.line(format_args!("  row {}, column \"{}\": {} [{}]", error.row, error.column, error.message, error.code));
    }
    match report.import_id {
        Some(id) if !dry_run => out.line(format_args!("Nothing sent: staged {} rows as import #{id}; invite them from the window.", report.rows)),
        _ => out.line(format_args!("Dry run: nothing was staged or sent.")),
    }
}

/// Runs the command; see the module header for the exit codes.
pub fn run(args: ImportArgs, data_dir: Option<PathBuf>) -> ExitCode {
    match run_inner(&args, data_dir) {
        Ok((counts, report)) => {
            let mut out = Output::stdout();
            if args.json {
                match serde_json::to_string(&report) {
                    Ok(json) => out.line(format_args!("{json}")),
                    Err(error) => {
                        warn(format_args!("msi-actions-setup import: {error}"));
                        return ExitCode::from(2);
                    }
                }
            } else {
                print_text(&mut out, &report, args.dry_run);
            }
            // A reader that went away (`| head`) took what it wanted: that is not a failure to report.
            if let Err(error) = out.finish() {
                warn(format_args!("msi-actions-setup import: cannot write the report: {error}"));
                return ExitCode::from(2);
            }
            if counts.invalid == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(Unusable(message)) => {
            warn(format_args!("msi-actions-setup import: {}: {message}", args.file.display()));
            ExitCode::from(2)
        }
    }
}
