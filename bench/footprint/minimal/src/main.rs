//! The smallest window the app could be: the same Tauri plugins, set up the same way, and no state, no
//! commands, no embedded services. Only a baseline for bench/footprint/run.sh.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|_app, _args, _cwd| {}))
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_log::Builder::new().level(log::LevelFilter::Info).build())
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("footprint-minimal: {error}");
        std::process::exit(1);
    }
}
