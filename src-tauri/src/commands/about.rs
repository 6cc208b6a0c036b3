//! The About view: the core answers, this adapter only adds the log folder Tauri's log plugin writes to.

use super::Result;
use crate::about::{self, About};
use crate::session::Session;
use tauri::{AppHandle, Manager, State};

#[tauri::command]
pub fn about(app: AppHandle, session: State<'_, Session>) -> Result<About> {
    // tauri-plugin-log's `LogDir` target writes here; an OS without one simply shows none.
    let log_dir = app.path().app_log_dir().ok();
    Ok(about::about(session.data_dir(), log_dir.as_deref())?)
}
