//! The one door to the OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on
//! Windows). It refuses to open unless the store is persistent and answers a real write/read/delete, so a
//! machine without a keyring gets a clear error with what to install — never a plaintext file, never
//! keyring's in-memory mock (which keyring 3 silently uses when built without a platform feature).
//!
//! Calls block on the platform store (a D-Bus round trip on Linux, possibly a prompt on macOS): call them
//! from `spawn_blocking` in async code. All keyring calls of the process are serialised here, because a
//! chunked value spans several entries and the Secret Service copes badly with concurrent sessions.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use keyring::credential::{CredentialBuilder, CredentialPersistence};
use keyring::Entry;
use zeroize::Zeroizing;

use super::chunks::{self, Layout, Stored, MAX_CHUNKS};
use super::error::{from_keyring, no_store_fix, SecretsError, Stage};
use super::key::SecretKey;
use super::secret::SecretString;

/// Serialises every keyring call of the process (see the module header).
static KEYRING_LOCK: Mutex<()> = Mutex::new(());

fn keyring_lock() -> MutexGuard<'static, ()> {
    KEYRING_LOCK.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The longest service name accepted (well below every platform's attribute limit).
const MAX_SERVICE_LEN: usize = 200;

/// The app's secrets in the OS keyring, under one service name. Cheap to clone; safe to share.
#[derive(Clone)]
pub struct SecretStore {
    service: Arc<str>,
    builder: Arc<CredentialBuilder>,
}

impl std::fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretStore").field("service", &self.service).finish_non_exhaustive()
    }
}

impl SecretStore {
    /// Opens the OS store for `service` (e.g. `"com.msiactions.setup"`). Debug builds append `".dev"`, so a
    /// developer's test runs never touch an installed app's secrets (namespaced per build kind).
    ///
    /// Refuses with [`SecretsError::NoSecureStore`] when the platform credential builder is not persistent
    /// (keyring's mock) or the store cannot be reached (no session bus, no Secret Service provider), and
    /// with [`SecretsError::Locked`] when it is locked; both say how to fix it. It proves the store works by
    /// writing, reading back and deleting a throwaway entry.
    pub fn open(service: &str) -> Result<Self, SecretsError> {
        Self::open_with(service, keyring::default::default_credential_builder())
    }

    /// [`open`](Self::open) over another credential builder: one that wraps the platform store (to
    /// observe or fail some writes in tests) or a platform store keyring does not pick by default. The
    /// same checks apply: a builder that does not persist, or a store that fails the probe, is refused.
    pub fn open_with(service: &str, builder: Box<CredentialBuilder>) -> Result<Self, SecretsError> {
        ensure_persistent(builder.as_ref())?;
        let store = Self { service: namespaced(service)?.into(), builder: builder.into() };
        store.probe()?;
        tracing::debug!(service = %store.service, "OS keyring opened");
        Ok(store)
    }

    /// The service name the secrets are stored under (with `.dev` in debug builds).
    pub fn service(&self) -> &str {
        &self.service
    }

    /// The secret named `key`, or `Ok(None)` when there is none. A chunked value whose parts are missing or
    /// do not match their checksum is [`SecretsError::Corrupt`].
    pub fn get(&self, key: &SecretKey) -> Result<Option<SecretString>, SecretsError> {
        let account = key.checked_account()?;
        let _serial = keyring_lock();
        let Some(mut main) = self.read(&account)? else {
            return Ok(None);
        };
        let header = match chunks::parse(&main).map_err(|reason| corrupt(&account, &reason))? {
            Stored::Plain => return Ok(Some(SecretString::from(std::mem::take(&mut *main)))),
            Stored::Chunked(header) => header,
        };
        let mut parts = Vec::with_capacity(header.count);
        for index in 1..=header.count {
            let chunk = chunks::chunk_account(&account, index);
            match self.read(&chunk)? {
                Some(part) => parts.push(part),
                None => return Err(corrupt(&account, &format!("chunk {index} of {} is missing", header.count))),
            }
        }
        let parts: Vec<&str> = parts.iter().map(|part| part.as_str()).collect();
        let value = chunks::join(&header, &parts).map_err(|reason| corrupt(&account, &reason))?;
        Ok(Some(SecretString::from(value)))
    }

    /// Stores `value` under `key`, replacing what was there. Values over 2,500 bytes are split into chunks
    /// (see `chunks.rs`); chunks left over from a longer previous value are removed.
    pub fn set(&self, key: &SecretKey, value: &SecretString) -> Result<(), SecretsError> {
        let account = key.checked_account()?;
        let layout =
            chunks::plan(value.expose()).map_err(|limit| SecretsError::TooLarge { account: account.clone(), limit })?;
        let _serial = keyring_lock();
        let previous = self.chunk_count(&account)?;
        let written = match layout {
            Layout::Single(text) => {
                self.write(&account, text)?;
                0
            }
            Layout::Chunked { header, chunks } => {
                // Chunks first, header last: a write torn half-way reads back as corrupt, never as wrong.
                for (index, part) in chunks.iter().enumerate() {
                    self.write(&chunks::chunk_account(&account, index + 1), part)?;
                }
                self.write(&account, &header)?;
                chunks.len()
            }
        };
        self.sweep_chunks(&account, written + 1, previous)?;
        tracing::debug!(service = %self.service, account, chunks = written, "secret stored");
        Ok(())
    }

    /// Removes the secret named `key` and all its chunks. Removing a secret that does not exist is `Ok`.
    pub fn delete(&self, key: &SecretKey) -> Result<(), SecretsError> {
        let account = key.checked_account()?;
        let _serial = keyring_lock();
        let previous = self.chunk_count(&account)?;
        self.remove(&account)?;
        self.sweep_chunks(&account, 1, previous)?;
        tracing::debug!(service = %self.service, account, "secret deleted");
        Ok(())
    }

    /// Writes, reads back and deletes a throwaway entry: the only proof that the store really keeps secrets.
    fn probe(&self) -> Result<(), SecretsError> {
        let account = format!("probe/{}", uuid::Uuid::new_v4().simple());
        let value = Zeroizing::new(uuid::Uuid::new_v4().simple().to_string());
        let at_open = |error| from_keyring(error, &account, Stage::Open);
        let _serial = keyring_lock();
        let entry = self.entry(&account, Stage::Open)?;
        entry.set_secret(value.as_bytes()).map_err(at_open)?;
        let read_back = entry.get_secret().map(Zeroizing::new);
        let deleted = entry.delete_credential();
        let unusable =
            |reason: &str| SecretsError::NoSecureStore { reason: reason.to_owned(), fix: no_store_fix().to_owned() };
        match read_back {
            Ok(bytes) if bytes.as_slice() == value.as_bytes() => {}
            Ok(_) => return Err(unusable("the OS keyring returned something other than what was just stored in it")),
            Err(keyring::Error::NoEntry) => return Err(unusable("the OS keyring lost a value right after storing it")),
            Err(error) => return Err(at_open(error)),
        }
        deleted.map_err(at_open)
    }

    fn entry(&self, account: &str, stage: Stage) -> Result<Entry, SecretsError> {
        let credential =
            self.builder.build(None, &self.service, account).map_err(|error| from_keyring(error, account, stage))?;
        Ok(Entry::new_with_credential(credential))
    }

    /// The text of one entry, `None` when it does not exist. Stored as raw UTF-8 bytes (`set_secret`), not
    /// `set_password`, which Windows would store as UTF-16 and so halve the room.
    fn read(&self, account: &str) -> Result<Option<Zeroizing<String>>, SecretsError> {
        match self.entry(account, Stage::Use)?.get_secret() {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Ok(Some(Zeroizing::new(text))),
                Err(error) => {
                    drop(Zeroizing::new(error.into_bytes()));
                    Err(corrupt(account, "it is not UTF-8 text"))
                }
            },
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(error) => Err(from_keyring(error, account, Stage::Use)),
        }
    }

    fn write(&self, account: &str, text: &str) -> Result<(), SecretsError> {
        self.entry(account, Stage::Use)?
            .set_secret(text.as_bytes())
            .map_err(|error| from_keyring(error, account, Stage::Use))
    }

    /// Deletes one entry; `false` when there was none.
    fn remove(&self, account: &str) -> Result<bool, SecretsError> {
        match self.entry(account, Stage::Use)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(error) => Err(from_keyring(error, account, Stage::Use)),
        }
    }

    /// How many chunks the current header of `account` announces (0 when plain, absent or unreadable).
    fn chunk_count(&self, account: &str) -> Result<usize, SecretsError> {
        match self.read(account) {
            Ok(Some(main)) => Ok(match chunks::parse(&main) {
                Ok(Stored::Chunked(header)) => header.count,
                Ok(Stored::Plain) | Err(_) => 0,
            }),
            Ok(None) | Err(SecretsError::Corrupt(_)) => Ok(0),
            Err(error) => Err(error),
        }
    }

    /// Removes chunks `from`, `from + 1`, … of `account`: at least up to `known` (what the old header
    /// announced), and past it until the first one missing, so leftovers of a torn write go too.
    fn sweep_chunks(&self, account: &str, from: usize, known: usize) -> Result<(), SecretsError> {
        for index in from..=MAX_CHUNKS {
            let removed = self.remove(&chunks::chunk_account(account, index))?;
            if !removed && index > known {
                break;
            }
        }
        Ok(())
    }
}

/// Refuses a credential builder whose secrets do not survive until deleted: keyring's mock keeps them in
/// the entry object, keyutils until reboot. The platform stores (Secret Service, Keychain, Credential
/// Manager) report `UntilDelete`.
pub fn ensure_persistent(builder: &CredentialBuilder) -> Result<(), SecretsError> {
    let lifetime = match builder.persistence() {
        CredentialPersistence::UntilDelete => return Ok(()),
        CredentialPersistence::EntryOnly => "in memory and loses them at once (keyring's mock store)",
        CredentialPersistence::ProcessOnly => "in memory until the app exits",
        CredentialPersistence::UntilReboot => "only until the computer restarts",
        _ => "for a limited time",
    };
    Err(SecretsError::NoSecureStore {
        reason: format!("the credential store of this build keeps secrets {lifetime}"),
        fix: "this build has no OS keyring support: rebuild the app with keyring's feature for this OS \
              (sync-secret-service on Linux, apple-native on macOS, windows-native on Windows)"
            .to_owned(),
    })
}

/// The service name for this build kind: debug builds get a `.dev` suffix.
fn namespaced(service: &str) -> Result<String, SecretsError> {
    if service.trim().is_empty() || service.len() > MAX_SERVICE_LEN || service.chars().any(char::is_control) {
        return Err(SecretsError::InvalidKey(format!(
            "the service name must be 1 to {MAX_SERVICE_LEN} printable characters"
        )));
    }
    Ok(if cfg!(debug_assertions) { format!("{service}.dev") } else { service.to_owned() })
}

fn corrupt(account: &str, reason: &str) -> SecretsError {
    SecretsError::Corrupt(format!("{account}: {reason}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_can_be_shared_across_threads() {
        fn shared<T: Clone + Send + Sync + 'static>() {}
        shared::<SecretStore>();
    }

    #[test]
    fn debug_builds_use_their_own_service_name() {
        let name = namespaced("com.msiactions.setup").unwrap();
        if cfg!(debug_assertions) {
            assert_eq!(name, "com.msiactions.setup.dev");
        } else {
            assert_eq!(name, "com.msiactions.setup");
        }
        for bad in ["", "  ", "a\nb"] {
            assert_eq!(namespaced(bad).unwrap_err().code(), "invalid_secret_key");
        }
        assert!(namespaced(&"s".repeat(MAX_SERVICE_LEN + 1)).is_err());
    }

    #[test]
    fn the_mock_credential_builder_is_refused_as_no_secure_store() {
        let error = ensure_persistent(keyring::mock::default_credential_builder().as_ref()).unwrap_err();
        assert_eq!(error.code(), "no_secure_store");
        assert!(error.to_string().contains("mock"), "{error}");
        assert!(error.to_string().contains("rebuild"), "{error}");
    }

    #[test]
    fn the_platform_credential_builder_is_persistent() {
        ensure_persistent(keyring::default::default_credential_builder().as_ref()).unwrap();
    }

    #[test]
    fn invalid_keys_are_refused_before_the_keyring_is_touched() {
        // A store over the mock builder: if a call reached it, it would succeed; it must fail first.
        let store = SecretStore { service: "test".into(), builder: keyring::mock::default_credential_builder().into() };
        let bad = SecretKey::new("sandbox", "sales/force", "token");
        assert_eq!(store.get(&bad).unwrap_err().code(), "invalid_secret_key");
        assert_eq!(store.set(&bad, &SecretString::new("v")).unwrap_err().code(), "invalid_secret_key");
        assert_eq!(store.delete(&bad).unwrap_err().code(), "invalid_secret_key");
    }

    #[test]
    fn values_beyond_the_chunk_budget_are_too_large_without_touching_the_keyring() {
        let store = SecretStore { service: "test".into(), builder: keyring::mock::default_credential_builder().into() };
        let huge = SecretString::new("q".repeat(chunks::CHUNK_LIMIT * MAX_CHUNKS + 1));
        let error = store.set(&SecretKey::new("real", "salesforce", "access_token"), &huge).unwrap_err();
        assert!(matches!(error, SecretsError::TooLarge { limit, .. } if limit == chunks::CHUNK_LIMIT * MAX_CHUNKS));
        assert!(!format!("{error} {error:?}").contains("qqqq"));
    }
}
