//! Who is doing things, for the "who" of every status and audit event: the OS account name.

/// The signed-in OS user. The environment is asked first (it is what the user sees in their shell), then
/// the OS account database, since a process started by another (a launcher, a test driver) may have no
/// USER variable.
pub fn current() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .or_else(|| whoami::username().ok().filter(|name| !name.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_someone() {
        let actor = super::current();
        assert!(!actor.trim().is_empty());
        assert_ne!(actor, "unknown", "this machine has a user account");
    }
}
