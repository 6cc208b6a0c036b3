//! Who is doing things, for the "who" of every status and audit event: the OS account name.

/// The signed-in OS user, or "unknown" when the system does not say.
pub fn current() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}
