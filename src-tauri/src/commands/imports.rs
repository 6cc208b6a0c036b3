//! CSV import commands (step 5, "Invite users via CSV"): thin adapters over `csv_import`. The native
//! dialogs live here because they are the window's; `file_choice` lets tests answer them.
//!
//! Files are read only when the admin chose them (dialog or drop, [`ChosenFiles`]), and the reading and
//! the heavy SQLite work run on blocking threads: a sync Tauri command runs on the main thread, which
//! would freeze the window.

use super::{CommandError, Result};
use crate::error_code::ErrorCode;
use crate::csv_import::send;
use crate::csv_import::sniff::FileEncoding;
use crate::csv_import::view::{self, ImportFileView, ImportRowsPage, ImportView, RowFilter};
use crate::csv_import::{self, export, mapping::Mapping, ImportError, ImportOptions, StageTarget};
use crate::file_choice::{self, ChosenFiles};
use crate::store::Store;
use crate::invites::{InviteOutcome, SendProgress};
use crate::environment::SALES_CONSOLE_URL;
use crate::session::Session;
use crate::setup;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use super::dialogs::{pick_file, save_path};
use tauri_plugin_opener::OpenerExt;
use ts_rs::TS;

/// Rows shown in the mapping editor.
const SAMPLE_ROWS: usize = 5;

/// What the admin forced instead of the guesses (None = detect).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct ImportOptionsInput {
    /// utf-8, utf-16le, utf-16be or windows-1252.
    pub encoding: Option<String>,
    /// `,` `;` `|` or a tab.
    pub delimiter: Option<String>,
    pub has_header: Option<bool>,
    pub mapping: Option<Mapping>,
}

impl ImportOptionsInput {
    fn parse(self) -> Result<ImportOptions> {
        let bad = |what: &str, value: &str| {
            CommandError::new(ErrorCode::BadOption, format!("unknown {what} {value:?}")).with("value", value)
        };
        let encoding = match self.encoding {
            None => None,
            Some(name) => Some(FileEncoding::parse(&name).ok_or_else(|| bad("encoding", &name))?),
        };
        let delimiter = match self.delimiter.as_deref() {
            None => None,
            Some(d @ ("," | ";" | "|" | "\t")) => Some(d.as_bytes()[0]),
            Some(other) => return Err(bad("delimiter", other)),
        };
        Ok(ImportOptions { encoding, delimiter, quote: None, has_header: self.has_header, mapping: self.mapping })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportKind {
    Results,
    Failed,
}

/// A file the app wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SavedFile {
    pub path: String,
    #[ts(type = "number")]
    pub rows: u64,
}

/// The clean file for the Sales console and the page opened to import it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct HandoffFile {
    pub path: String,
    #[ts(type = "number")]
    pub rows: u64,
    pub console_url: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportInviteOutcome {
    pub outcome: InviteOutcome,
    pub view: ImportView,
}

/// Runs `work` on a blocking thread with the session, so file reading and SQLite never hold the main
/// thread or an async worker.
async fn blocking<T: Send + 'static>(app: &AppHandle, work: impl FnOnce(&Session) -> Result<T> + Send + 'static) -> Result<T> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || work(&app.state::<Session>()))
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("the import task stopped: {e}")))?
}

/// Opens the native file dialog; `None` = the admin cancelled. The file picked becomes readable.
#[tauri::command]
pub async fn import_pick_file(app: AppHandle, chosen: State<'_, ChosenFiles>) -> Result<Option<String>> {
    let picked = pick_file(&app).await;
    if let Some(path) = &picked {
        chosen.allow([path.as_path()]);
    }
    Ok(picked.map(|p| p.to_string_lossy().into_owned()))
}

/// The command layer's `import_open`, without a window: sniffs `path` (encoding, delimiter, header,
/// mapping) with the admin's overrides — only if the admin chose that file.
pub fn open_chosen(store: &Store, chosen: &ChosenFiles, path: &str, options: ImportOptionsInput) -> Result<ImportFileView> {
    let path = chosen.check(path)?;
    let sniffed = csv_import::sniff_with_memory(store, &path, &options.parse()?)?;
    Ok(view::file_view(&path, &sniffed, SAMPLE_ROWS)?)
}

/// Sniffs a file the admin chose (encoding, delimiter, header, mapping) with the admin's overrides.
#[tauri::command]
pub async fn import_open(app: AppHandle, chosen: State<'_, ChosenFiles>, path: String, options: ImportOptionsInput) -> Result<ImportFileView> {
    let path = chosen.check(&path)?;
    blocking(&app, move |session| {
        let sniffed = csv_import::sniff_with_memory(&session.store, &path, &options.parse()?)?;
        Ok(view::file_view(&path, &sniffed, SAMPLE_ROWS)?)
    })
    .await
}

/// Reads and checks every row of a file the admin chose against the record and (when reachable) the
/// Sales account; stages them.
#[tauri::command]
pub async fn import_stage(app: AppHandle, session: State<'_, Session>, chosen: State<'_, ChosenFiles>, path: String, options: ImportOptionsInput, team: Option<String>) -> Result<ImportView> {
    let path = chosen.check(&path)?;
    let env = session.active();
    let options = options.parse()?;
    let context = send::check_context(&session.store, env.id(), env.sales.as_ref(), team, session.language()).await?;
    let staging_env = std::sync::Arc::clone(&env);
    // Reading 200,000 rows takes about a second.
    let staged = blocking(&app, move |session| {
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let target = StageTarget { environment_id: Some(staging_env.id()), file_name: &file_name, actor: &session.actor };
        let sniffed = csv_import::sniff_with_memory(&session.store, &path, &options)?;
        Ok(csv_import::stage(&session.store, &path, &sniffed, &context, &target)?)
    })
    .await?;
    if staged.summary.counts.rows == 0 {
        return Err(CommandError::new(ErrorCode::NoDataRows, "the file has a header but no data rows"));
    }
    Ok(view::import_view(&session.store, staged.import_id, env.view.sales_route)?)
}

#[tauri::command(async)]
pub fn import_view(session: State<'_, Session>, import_id: i64) -> Result<ImportView> {
    Ok(view::import_view(&session.store, import_id, session.active().view.sales_route)?)
}

/// The newest import of the active environment (shown again after a restart).
#[tauri::command(async)]
pub fn import_latest(session: State<'_, Session>) -> Result<Option<ImportView>> {
    let env = session.active();
    Ok(view::latest_import(&session.store, env.id(), env.view.sales_route)?)
}

#[tauri::command(async)]
pub fn import_rows(session: State<'_, Session>, import_id: i64, filter: RowFilter, offset: u64, limit: u64) -> Result<ImportRowsPage> {
    Ok(view::rows_page(&session.store, import_id, filter, offset, limit, session.language())?)
}

/// Invites the import's valid rows; pause and cancel are the address box's `pause_sending`/`cancel_sending`.
#[tauri::command]
pub async fn import_invite(session: State<'_, Session>, import_id: i64, on_progress: Channel<SendProgress>) -> Result<ImportInviteOutcome> {
    let (control, _run) = session.begin_run()?;
    let env = session.active();
    let context = session.invites(&env)?;
    setup::note_started(&session.store, env.id(), setup::StepId::Step5, &session.actor)?;
    let outcome = send::invite_rows(&context, import_id, control, |progress| {
        // A closed window cannot take progress any more; the run goes on and is recorded.
        let _ = on_progress.send(progress.clone());
    })
    .await?;
    Ok(ImportInviteOutcome { outcome, view: view::import_view(&session.store, import_id, env.view.sales_route)? })
}

/// Writes the results or the failed rows where the admin chooses; `None` = cancelled.
#[tauri::command]
pub async fn import_export(app: AppHandle, session: State<'_, Session>, import_id: i64, kind: ExportKind) -> Result<Option<SavedFile>> {
    let record = session.store.read(|conn| crate::store::imports::get(conn, import_id)).map_err(ImportError::from)?;
    let suffix = match kind {
        ExportKind::Results => "results",
        ExportKind::Failed => "failed",
    };
    let Some(dest) = save_path(&app, file_choice::suggested_name(&record.file_name, suffix)).await else {
        return Ok(None);
    };
    let language = session.language();
    let rows = tokio::task::block_in_place(|| match kind {
        ExportKind::Results => export::export_results(&session.store, import_id, &dest, None, language),
        ExportKind::Failed => export::export_failed(&session.store, import_id, &dest, None, language),
    })?;
    Ok(Some(SavedFile { path: dest.to_string_lossy().into_owned(), rows }))
}

/// Console hand-off: writes the clean console file where the admin chooses and opens the console.
#[tauri::command]
pub async fn import_handoff_file(app: AppHandle, session: State<'_, Session>, import_id: i64) -> Result<Option<HandoffFile>> {
    let record = view::import_view(&session.store, import_id, session.active().view.sales_route)?;
    if record.to_invite == 0 {
        return Err(ImportError::NothingToInvite.into());
    }
    let Some(dest) = save_path(&app, file_choice::suggested_name(&record.file_name, "console")).await else {
        return Ok(None);
    };
    let rows = tokio::task::block_in_place(|| export::write_console_file(&session.store, import_id, &dest))?;
    let opened = crate::browser::open(SALES_CONSOLE_URL, |url| app.opener().open_url(url, None::<&str>).map_err(|e| e.to_string()));
    if let Err(error) = opened {
        log::warn!("could not open the Sales console: {error}");
    }
    Ok(Some(HandoffFile { path: dest.to_string_lossy().into_owned(), rows, console_url: SALES_CONSOLE_URL.to_owned() }))
}

/// The admin imported the console file: its rows are marked handed off (audited).
#[tauri::command(async)]
pub fn import_mark_handed_off(session: State<'_, Session>, import_id: i64) -> Result<ImportView> {
    let env = session.active();
    send::mark_handed_off(&session.store, import_id, Some(env.id()), &session.actor)?;
    Ok(view::import_view(&session.store, import_id, env.view.sales_route)?)
}
