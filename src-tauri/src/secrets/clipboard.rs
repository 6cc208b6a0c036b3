//! A secret copied to the clipboard (the Marketo client secret, for the console hand-off) is cleared
//! after [`CLEAR_AFTER`], but only if the clipboard still holds it: what the admin copied since is theirs
//! and must never be wiped. To tell, the copy keeps a salted SHA-256 fingerprint of the value, never the
//! value; the text read back to compare is zeroized at once.
//!
//! Plain Rust: the window's clipboard plugin is reached through [`Clipboard`], implemented in `commands/`.

use std::time::Duration;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use super::SecretString;

/// How long a copied secret may stay on the clipboard.
pub const CLEAR_AFTER: Duration = Duration::from_secs(30);

/// The system clipboard as the clearing task needs it. Both calls may block (an X11 or Wayland round
/// trip): they are made from a blocking thread.
pub trait Clipboard: Send + Sync + 'static {
    /// The text on the clipboard, `None` when it holds none (or an image, or cannot be read).
    fn read_text(&self) -> Option<Zeroizing<String>>;
    /// Empties the clipboard.
    fn clear(&self) -> Result<(), String>;
}

/// Which value was copied, without the value: a SHA-256 over a random salt and the text, so even the
/// fingerprint cannot be looked up or compared across copies.
pub struct Fingerprint {
    salt: [u8; 16],
    digest: [u8; 32],
}

impl Fingerprint {
    pub fn of(secret: &SecretString) -> Self {
        let salt = *uuid::Uuid::new_v4().as_bytes();
        let digest = digest(&salt, secret.expose());
        Self { salt, digest }
    }

    fn matches(&self, text: &str) -> bool {
        bool::from(digest(&self.salt, text).ct_eq(&self.digest))
    }
}

impl std::fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fingerprint([redacted])")
    }
}

fn digest(salt: &[u8; 16], text: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(text.as_bytes());
    hasher.finalize().into()
}

/// What the clearing task found when its time came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClearOutcome {
    /// The secret was still there and is gone.
    Cleared,
    /// The clipboard holds something else now: left alone.
    LeftAlone,
    /// The clipboard could not be cleared (the reason, never the value).
    Failed(String),
}

/// Waits `after`, then clears the clipboard if it still holds the value `copied` was taken of.
pub async fn clear_later(clipboard: impl Clipboard, copied: Fingerprint, after: Duration) -> ClearOutcome {
    tokio::time::sleep(after).await;
    let outcome = tokio::task::spawn_blocking(move || clear_if_unchanged(&clipboard, &copied)).await;
    let outcome = outcome.unwrap_or_else(|error| ClearOutcome::Failed(format!("the clearing task stopped: {error}")));
    match &outcome {
        ClearOutcome::Cleared => tracing::info!("the copied secret was cleared from the clipboard"),
        ClearOutcome::LeftAlone => tracing::debug!("the clipboard changed since the secret was copied; left alone"),
        ClearOutcome::Failed(reason) => tracing::warn!(%reason, "could not clear the copied secret from the clipboard"),
    }
    outcome
}

fn clear_if_unchanged(clipboard: &impl Clipboard, copied: &Fingerprint) -> ClearOutcome {
    let still_there = clipboard.read_text().is_some_and(|text| copied.matches(&text));
    if !still_there {
        return ClearOutcome::LeftAlone;
    }
    match clipboard.clear() {
        Ok(()) => ClearOutcome::Cleared,
        Err(reason) => ClearOutcome::Failed(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A clipboard in memory, shared with the test so it can change it while the task waits.
    #[derive(Clone, Default)]
    struct Memory(Arc<Mutex<Option<String>>>);

    impl Memory {
        fn holding(text: &str) -> Self {
            Self(Arc::new(Mutex::new(Some(text.to_owned()))))
        }
        fn now(&self) -> Option<String> {
            self.0.lock().unwrap().clone()
        }
        fn set(&self, text: &str) {
            *self.0.lock().unwrap() = Some(text.to_owned());
        }
    }

    impl Clipboard for Memory {
        fn read_text(&self) -> Option<Zeroizing<String>> {
            self.0.lock().unwrap().clone().map(Zeroizing::new)
        }
        fn clear(&self) -> Result<(), String> {
            *self.0.lock().unwrap() = None;
            Ok(())
        }
    }

    const SECRET: &str = "mkto-7f3Qx-client-secret";

    #[tokio::test]
    async fn a_secret_still_on_the_clipboard_is_cleared_after_the_delay() {
        let clipboard = Memory::holding(SECRET);
        let task = tokio::spawn(clear_later(clipboard.clone(), Fingerprint::of(&SecretString::new(SECRET)), Duration::from_millis(50)));
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert_eq!(clipboard.now().as_deref(), Some(SECRET), "not before the delay");
        assert_eq!(task.await.unwrap(), ClearOutcome::Cleared);
        assert_eq!(clipboard.now(), None);
    }

    #[tokio::test]
    async fn what_the_admin_copied_since_is_left_alone() {
        let clipboard = Memory::holding(SECRET);
        let task = tokio::spawn(clear_later(clipboard.clone(), Fingerprint::of(&SecretString::new(SECRET)), Duration::from_millis(50)));
        clipboard.set("something the admin copied later");
        assert_eq!(task.await.unwrap(), ClearOutcome::LeftAlone);
        assert_eq!(clipboard.now().as_deref(), Some("something the admin copied later"));
    }

    #[tokio::test]
    async fn an_empty_clipboard_is_left_alone() {
        let clipboard = Memory::default();
        let outcome = clear_later(clipboard.clone(), Fingerprint::of(&SecretString::new(SECRET)), Duration::ZERO).await;
        assert_eq!(outcome, ClearOutcome::LeftAlone);
    }

    #[test]
    fn the_fingerprint_holds_neither_the_value_nor_a_plain_hash_of_it() {
        let secret = SecretString::new(SECRET);
        let first = Fingerprint::of(&secret);
        let second = Fingerprint::of(&secret);
        assert!(first.matches(SECRET) && !first.matches("mkto-7f3Qx-client-secreT"));
        assert_ne!(first.digest, second.digest, "salted: two copies of one value do not look alike");
        let plain: [u8; 32] = Sha256::digest(SECRET.as_bytes()).into();
        assert_ne!(first.digest, plain);
        assert_eq!(format!("{first:?}"), "Fingerprint([redacted])");
    }
}
