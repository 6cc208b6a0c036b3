// Hide the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    #[cfg(windows)]
    attach_parent_console();
    msi_actions_setup::cli::main()
}

/// A GUI-subsystem program started from a terminal gets no console, so `status`, `import`, `invite` … would
/// print nothing. With a subcommand, write to the console of the terminal that started us, when there is
/// one (output redirected to a file or pipe already works and is left alone). Without a subcommand the
/// window opens and no console is wanted.
#[cfg(windows)]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{AttachConsole, ATTACH_PARENT_PROCESS};
    if std::env::args_os().nth(1).is_some() {
        // SAFETY: AttachConsole takes a process id by value and only fails (returns 0) when there is no
        // parent console or one is attached already; either way the program goes on as it would have.
        unsafe {
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }
}
