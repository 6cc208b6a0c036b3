//! What can go wrong with the OS keyring, in words an admin can act on. Every variant carries names
//! (service, account) and the platform's own diagnostics, never a secret value: keyring's `BadEncoding`
//! holds the stored bytes, so it is mapped without them, and `Ambiguous` is reduced to a count.

/// A failure of the secrets module. [`code`](Self::code) is the stable, machine-readable name the window
/// branches and translates on; `Display` is an English message that says how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    /// There is no persistent secure store: no session bus, no Secret Service provider, no Keychain or
    /// Credential Manager, or a build whose keyring is only an in-memory mock. The app refuses to run
    /// its connections rather than keep secrets in plain text.
    #[error("No secure credential store is available ({reason}). To fix: {fix}. Secrets are never kept in plain text instead.")]
    NoSecureStore {
        /// What was found missing, with the platform's diagnostic.
        reason: String,
        /// What to install or start, for this OS.
        fix: String,
    },
    /// The store exists but is locked, or the user refused access when asked.
    #[error("The OS keyring is locked or refused access. To fix: {fix}.")]
    Locked {
        /// How to unlock it on this OS.
        fix: String,
    },
    /// The value (or one of its parts) is larger than the store accepts.
    #[error("The secret {account} is larger than the OS keyring accepts ({limit} bytes at most).")]
    TooLarge {
        /// The keyring account of the secret.
        account: String,
        /// The limit that was exceeded, in bytes.
        limit: usize,
    },
    /// The store failed in some other way; the text is the platform's diagnostic.
    #[error("The OS keyring failed: {0}.")]
    Platform(String),
    /// A stored secret cannot be read back whole (a chunk is missing, its checksum does not match, it is
    /// not text). Signing in again replaces it.
    #[error("A stored secret is damaged: {0}. Sign in again to replace it.")]
    Corrupt(String),
    /// A [`SecretKey`](super::SecretKey) or service name that cannot be used as a keyring name.
    #[error("Invalid secret name: {0}.")]
    InvalidKey(String),
}

impl SecretsError {
    /// The stable code of this error for the window and the logs.
    pub fn code(&self) -> crate::error_code::ErrorCode {
        match self {
            Self::NoSecureStore { .. } => crate::error_code::ErrorCode::NoSecureStore,
            Self::Locked { .. } => crate::error_code::ErrorCode::KeyringLocked,
            Self::TooLarge { .. } => crate::error_code::ErrorCode::SecretTooLarge,
            Self::Platform(_) => crate::error_code::ErrorCode::KeyringFailure,
            Self::Corrupt(_) => crate::error_code::ErrorCode::SecretCorrupt,
            Self::InvalidKey(_) => crate::error_code::ErrorCode::InvalidSecretKey,
        }
    }

    /// What the user should do, when the fix is on their side (no store, locked store).
    pub fn fix(&self) -> Option<&str> {
        match self {
            Self::NoSecureStore { fix, .. } | Self::Locked { fix } => Some(fix),
            _ => None,
        }
    }
}

/// What to install or start when there is no secure store on this OS.
pub(crate) fn no_store_fix() -> &'static str {
    if cfg!(target_os = "macos") {
        "the macOS Keychain is unavailable: sign in to a normal user session whose login keychain exists, then start the app again"
    } else if cfg!(target_os = "windows") {
        "the Windows Credential Manager is unavailable: sign in with a normal (not temporary) user profile and make sure the Credential Manager service (VaultSvc) is running, then start the app again"
    } else {
        "install and start a Secret Service provider such as gnome-keyring (apt install gnome-keyring) or KWallet, in a desktop session with D-Bus"
    }
}

/// How to unlock the store on this OS.
pub(crate) fn locked_fix() -> &'static str {
    if cfg!(target_os = "macos") {
        "unlock the login keychain (Keychain Access) and choose Allow when macOS asks, then try again"
    } else if cfg!(target_os = "windows") {
        "sign in to Windows with your own account so the Credential Manager is open to this app, then try again"
    } else {
        "unlock the default keyring (for example in \"Passwords and Keys\" / Seahorse, or KWallet) and allow access when asked, then try again"
    }
}

/// When a keyring call was made: while opening the store (where a platform failure means there is no
/// usable store at all) or while using an opened one (where it is a failure of that call).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    Open,
    Use,
}

/// Maps a keyring error about `account` to a [`SecretsError`] without ever copying a stored value.
/// `NoEntry` only reaches this function when an entry that must exist is gone (a chunk), so it is `Corrupt`.
pub(crate) fn from_keyring(error: keyring::Error, account: &str, stage: Stage) -> SecretsError {
    use keyring::Error as K;
    match error {
        K::PlatformFailure(inner) => match stage {
            Stage::Open => SecretsError::NoSecureStore { reason: inner.to_string(), fix: no_store_fix().to_owned() },
            Stage::Use => SecretsError::Platform(format!("{account}: {inner}")),
        },
        K::NoStorageAccess(_) => SecretsError::Locked { fix: locked_fix().to_owned() },
        K::NoEntry => SecretsError::Corrupt(format!("the keyring entry {account} is missing")),
        K::BadEncoding(mut bytes) => {
            zeroize::Zeroize::zeroize(&mut bytes);
            SecretsError::Corrupt(format!("the keyring entry {account} is not UTF-8 text"))
        }
        K::TooLong(attribute, limit) if attribute == "secret" || attribute.starts_with("password") => {
            SecretsError::TooLarge { account: account.to_owned(), limit: limit as usize }
        }
        K::TooLong(attribute, limit) => {
            SecretsError::InvalidKey(format!("{account}: the keyring's {attribute} is limited to {limit} characters"))
        }
        K::Invalid(attribute, reason) => SecretsError::InvalidKey(format!("{account}: {attribute} {reason}")),
        K::Ambiguous(found) => {
            SecretsError::Platform(format!("{} keyring entries match {account}; remove the extra ones", found.len()))
        }
        other => SecretsError::Platform(format!("{account}: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUE: &str = "00Dxx0000001gPL!AQ4AQFakeRefreshTokenValue";

    fn io_error(text: &str) -> Box<dyn std::error::Error + Send + Sync> {
        Box::new(std::io::Error::other(text.to_owned()))
    }

    #[test]
    fn platform_failure_at_open_means_no_secure_store_with_the_fix() {
        let error = from_keyring(
            keyring::Error::PlatformFailure(io_error("D-Bus error: Unable to autolaunch a dbus-daemon")),
            "probe/x",
            Stage::Open,
        );
        assert_eq!(error.code(), "no_secure_store");
        let text = error.to_string();
        assert!(text.contains("Unable to autolaunch a dbus-daemon"), "{text}");
        assert!(text.contains(no_store_fix()), "{text}");
        #[cfg(target_os = "linux")]
        assert!(text.contains("apt install gnome-keyring"), "{text}");
        assert_eq!(error.fix(), Some(no_store_fix()));
    }

    #[test]
    fn platform_failure_in_use_is_a_keyring_failure_naming_the_account() {
        let error = from_keyring(
            keyring::Error::PlatformFailure(io_error("connection reset")),
            "sandbox/marketo/client_secret",
            Stage::Use,
        );
        assert_eq!(error.code(), "keyring_failure");
        assert_eq!(error.to_string(), "The OS keyring failed: sandbox/marketo/client_secret: connection reset.");
        assert_eq!(error.fix(), None);
    }

    #[test]
    fn no_storage_access_is_locked_at_any_stage() {
        for stage in [Stage::Open, Stage::Use] {
            let error = from_keyring(keyring::Error::NoStorageAccess(io_error("collection is locked")), "a/b/c", stage);
            assert_eq!(error.code(), "keyring_locked");
            assert!(error.to_string().contains(locked_fix()));
        }
    }

    #[test]
    fn every_other_variant_has_its_code() {
        let cases = [
            (keyring::Error::NoEntry, "secret_corrupt"),
            (keyring::Error::BadEncoding(VALUE.as_bytes().to_vec()), "secret_corrupt"),
            (keyring::Error::TooLong("secret".into(), 2560), "secret_too_large"),
            (keyring::Error::TooLong("password encoded as UTF-16".into(), 2560), "secret_too_large"),
            (keyring::Error::TooLong("username".into(), 513), "invalid_secret_key"),
            (keyring::Error::Invalid("service".into(), "cannot be empty".into()), "invalid_secret_key"),
            (keyring::Error::Ambiguous(Vec::new()), "keyring_failure"),
        ];
        for (error, code) in cases {
            let described = format!("{error:?}");
            let mapped = from_keyring(error, "real/salesforce/access_token", Stage::Use);
            assert_eq!(mapped.code(), code, "{described}");
            assert!(mapped.to_string().contains("real/salesforce/access_token"), "{mapped}");
        }
        let too_large = from_keyring(keyring::Error::TooLong("secret".into(), 2560), "a/b/c", Stage::Use);
        assert!(matches!(too_large, SecretsError::TooLarge { limit: 2560, .. }));
    }

    #[test]
    fn display_and_debug_never_contain_the_value() {
        let errors = [
            from_keyring(
                keyring::Error::BadEncoding(VALUE.as_bytes().to_vec()),
                "real/salesforce/refresh_token",
                Stage::Use,
            ),
            from_keyring(keyring::Error::NoEntry, "real/salesforce/refresh_token#2", Stage::Use),
            from_keyring(keyring::Error::TooLong("secret".into(), 2560), "real/salesforce/refresh_token", Stage::Use),
            from_keyring(
                keyring::Error::NoStorageAccess(io_error("locked")),
                "real/salesforce/refresh_token",
                Stage::Use,
            ),
        ];
        for error in errors {
            for text in [error.to_string(), format!("{error:?}")] {
                assert!(!text.contains(VALUE), "{text}");
                assert!(!text.contains("AQ4AQ"), "{text}");
            }
        }
    }

    #[test]
    fn codes_are_distinct() {
        let all = [
            SecretsError::NoSecureStore { reason: String::new(), fix: String::new() },
            SecretsError::Locked { fix: String::new() },
            SecretsError::TooLarge { account: String::new(), limit: 0 },
            SecretsError::Platform(String::new()),
            SecretsError::Corrupt(String::new()),
            SecretsError::InvalidKey(String::new()),
        ];
        let mut codes: Vec<_> = all.iter().map(SecretsError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }
}
