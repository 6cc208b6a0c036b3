//! The window host: Tauri plugins, the managed `Session`, and the command list. Nothing else.

use crate::file_choice::ChosenFiles;
use crate::{commands, paths, session::Session};
use std::path::PathBuf;
use std::process::ExitCode;
use tauri::Manager;

/// Linux and the BSDs need an X11 or Wayland display for a window.
fn display_missing() -> bool {
    cfg!(all(unix, not(target_os = "macos")))
        && std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty())
        && std::env::var_os("WAYLAND_DISPLAY").is_none_or(|d| d.is_empty())
}

pub fn run(data_dir: Option<PathBuf>) -> ExitCode {
    if display_missing() {
        eprintln!(
            "msi-actions-setup: no display (neither DISPLAY nor WAYLAND_DISPLAY is set).\n\
             Run it from a desktop session, or headless under Xvfb: `make run HEADLESS=1`\n\
             (or `xvfb-run -a msi-actions-setup`). The CLI commands need no display: see --help."
        );
        return ExitCode::from(2);
    }
    // Kept as a result: a folder that cannot be used is said in a window too, not only on a terminal the
    // user launching from a desktop menu never sees.
    let data_dir = paths::data_dir(data_dir);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_log::Builder::new().level(log::LevelFilter::Info).build())
        // Files dropped on the window become readable by the import commands (`file_choice::ChosenFiles`).
        // The page hears of a drop from the same native event, after this handler has run.
        .manage(ChosenFiles::default())
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                if let Some(chosen) = window.try_state::<ChosenFiles>() {
                    chosen.allow(paths.iter().map(PathBuf::as_path));
                }
            }
        })
        .on_webview_event(|webview, event| {
            if let tauri::WebviewEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                if let Some(chosen) = webview.try_state::<ChosenFiles>() {
                    chosen.allow(paths.iter().map(PathBuf::as_path));
                }
            }
        })
        .setup(move |app| {
            let started = match &data_dir {
                Ok(dir) => tauri::async_runtime::block_on(Session::start(dir)).map_err(|e| e.to_string()),
                Err(error) => Err(error.to_string()),
            };
            let session = match started {
                Ok(session) => session,
                Err(message) => {
                    refuse_to_start(app, &message);
                    return Ok(());
                }
            };
            if let Some(moved) = session.store.moved_aside() {
                eprintln!("msi-actions-setup: warning: {moved}");
            }
            log::info!("data folder {}; environment {}", session.data_dir().display(), session.active().id());
            app.manage(session);
            // The window opens now; interrupted invitations are looked up meanwhile, with progress on screen.
            commands::spawn_recovery(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::about,
            commands::set_language,
            commands::switch_environment,
            commands::recovery_status,
            commands::sales_route,
            commands::configure_sales_route,
            commands::setup_plan,
            commands::change_step_status,
            commands::sales_account,
            commands::check_addresses,
            commands::invite_addresses,
            commands::send_queued,
            commands::pause_sending,
            commands::cancel_sending,
            commands::list_invitations,
            commands::connections,
            commands::salesforce_settings,
            commands::save_salesforce_settings,
            commands::salesforce_sign_in,
            commands::salesforce_pending_sign_in,
            commands::salesforce_paste_redirect,
            commands::salesforce_cancel_sign_in,
            commands::salesforce_verify,
            commands::salesforce_disconnect,
            commands::marketo_prefill,
            commands::marketo_connect,
            commands::marketo_disconnect,
            commands::copy_marketo_secret,
            commands::import_pick_file,
            commands::import_open,
            commands::import_stage,
            commands::import_view,
            commands::import_latest,
            commands::import_rows,
            commands::import_invite,
            commands::import_export,
            commands::import_handoff_file,
            commands::import_mark_handed_off,
            commands::check_step,
            commands::sandbox_install_package,
            commands::marketo_admins,
            commands::invite_marketo_admins,
            commands::marketo_actions_config,
            commands::marketo_actions_connect,
            commands::marketo_actions_forget,
            commands::p2_sync_user,
            commands::save_p2_sync_user,
            commands::sync_fields,
            commands::count_overlap,
            commands::start_sync,
            commands::sync_progress,
            commands::plan_salesforce_remote_sites,
            commands::create_salesforce_remote_sites,
            commands::remove_salesforce_remote_site,
            commands::plan_salesforce_permission_set,
            commands::assign_salesforce_permission_set,
            commands::unassign_salesforce_permission_set,
            commands::export_handoff,
            commands::readiness,
            commands::export_readiness,
        ])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("msi-actions-setup: the window could not start: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The app cannot run (its data folder cannot be written, the disk is full, …): says why and what to do in a
/// native dialog, since the page needs a session to show anything, and on stderr, then exits 1 once the
/// dialog is closed. The main window is hidden meanwhile: without a session it could only show errors.
fn refuse_to_start(app: &tauri::App, message: &str) {
    use tauri_plugin_dialog::{DialogExt, MessageDialogKind};
    eprintln!("msi-actions-setup: {message}");
    log::error!("cannot start: {message}");
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.hide();
    }
    let title = crate::texts::startup::CANNOT_START.pick(crate::i18n::Language::of_os());
    // Core errors read as clauses ("the data folder … cannot be written"); a dialog reads as a sentence.
    let mut chars = message.chars();
    let sentence: String = chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default();
    let handle = app.handle().clone();
    app.dialog().message(sentence).title(title).kind(MessageDialogKind::Error).show(move |_| handle.exit(1));
}
