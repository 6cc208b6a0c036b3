//! Secrets (tokens, client secrets) live only in the OS keyring. This module must never write a secret
//! anywhere else (the one exception, a copy to the clipboard the admin asks for, is
//! cleared again by `clipboard.rs`), and refuses to work (with instructions) when no persistent secure store exists.
//!
//! - `store.rs`: [`SecretStore`], the one door to the keyring (open-time checks, get/set/delete);
//! - `chunks.rs`: the layout of values too large for one entry (Windows caps an entry at 2,560 bytes);
//! - `key.rs`: [`SecretKey`], the name of one secret (`<environment>/<connection>/<item>`);
//! - `error.rs`: [`SecretsError`], with stable codes and per-OS fixes, never holding a value;
//! - `secret.rs`: [`SecretString`], a value that never prints itself;
//! - `clipboard.rs`: a secret copied to the clipboard is cleared after 30 s if it is still there.

pub mod clipboard;
mod chunks;
mod error;
mod key;
mod secret;
mod store;

pub use error::SecretsError;
pub use key::SecretKey;
pub use secret::SecretString;
pub use store::{ensure_persistent, SecretStore};
