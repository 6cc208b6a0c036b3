//! Opening the system browser for sign-in. `MSI_SETUP_BROWSER` (a command that gets the URL as its only
//! argument) replaces the system browser — for tests that play the browser, and for admins who want a
//! particular browser profile. Otherwise the host's opener is used (the Tauri opener plugin in the
//! window, the `open` crate in the CLI: the same library the plugin uses).

/// Environment variable naming the browser command.
pub const BROWSER_ENV: &str = "MSI_SETUP_BROWSER";

#[derive(Debug, thiserror::Error)]
#[error("cannot open the browser ({command}): {reason}")]
pub struct BrowserError {
    pub command: String,
    pub reason: String,
}

/// Opens `url` with `MSI_SETUP_BROWSER` when set, else with `system`.
pub fn open(url: &str, system: impl FnOnce(&str) -> Result<(), String>) -> Result<(), BrowserError> {
    match std::env::var(BROWSER_ENV).ok().filter(|c| !c.trim().is_empty()) {
        Some(command) => std::process::Command::new(&command)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .spawn()
            .map(|_| ())
            .map_err(|e| BrowserError { command, reason: e.to_string() }),
        None => system(url).map_err(|reason| BrowserError { command: "system browser".into(), reason }),
    }
}
