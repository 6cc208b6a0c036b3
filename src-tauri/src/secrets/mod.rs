//! Secrets (tokens, client secrets) live only in the OS keyring. This module must never write a secret
//! anywhere else, and refuses to work (with instructions) when no persistent secure store exists.

mod secret;

pub use secret::SecretString;
