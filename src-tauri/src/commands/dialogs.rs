//! The native open / save dialogs (tauri-plugin-dialog), answered by `file_choice` in tests.

use crate::file_choice;
use std::path::PathBuf;
use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

pub(super) async fn pick_file(app: &AppHandle) -> Option<PathBuf> {
    if let Some(path) = file_choice::preset_pick() {
        return Some(path);
    }
    let (sender, receiver) = tokio::sync::oneshot::channel();
    app.dialog().file().add_filter("CSV", &["csv", "txt", "tsv"]).pick_file(move |chosen| {
        let _ = sender.send(chosen.and_then(|p| p.into_path().ok()));
    });
    receiver.await.ok().flatten()
}

pub(super) async fn save_path(app: &AppHandle, suggested: String) -> Option<PathBuf> {
    if let Some(path) = file_choice::preset_save(&suggested) {
        return Some(path);
    }
    let (sender, receiver) = tokio::sync::oneshot::channel();
    app.dialog().file().add_filter(filter_name(&suggested), &[extension(&suggested)]).set_file_name(&suggested).save_file(move |chosen| {
        let _ = sender.send(chosen.and_then(|p| p.into_path().ok()));
    });
    receiver.await.ok().flatten()
}


fn extension(name: &str) -> &str {
    name.rsplit_once('.').map(|(_, ext)| ext).unwrap_or("csv")
}

fn filter_name(name: &str) -> String {
    extension(name).to_uppercase()
}
