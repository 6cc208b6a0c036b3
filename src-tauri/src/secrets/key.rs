//! The name of one secret in the keyring. Names are rendered as the keyring "user"
//! (`<environment>/<connection>/<item>`), so they must stay plain: the chunked layout appends `#<n>` and
//! the start-up probe uses `probe/<uuid>`, and neither may ever collide with a real name.

use super::error::SecretsError;

/// The longest part of a name we accept (keeps the rendered account far below every platform's limit).
const MAX_PART_LEN: usize = 64;

/// Names one secret: environment (`"sandbox"` | `"real"`) + connection (`"salesforce"` | `"marketo"` |
/// `"sales_account"`) + item (`"access_token"` | `"refresh_token"` | `"client_secret"` | `"token"`).
///
/// Each part must be 1–64 characters of `a-z`, `0-9`, `_` or `-`; a name that breaks this rule is
/// refused by [`SecretStore`](super::SecretStore) with [`SecretsError::InvalidKey`] before the keyring
/// is touched.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretKey {
    environment: String,
    connection: String,
    item: String,
}

impl SecretKey {
    /// A name for `item` of `connection` in `environment`, e.g. `("sandbox", "salesforce", "refresh_token")`.
    pub fn new(environment: &str, connection: &str, item: &str) -> Self {
        Self { environment: environment.to_owned(), connection: connection.to_owned(), item: item.to_owned() }
    }

    /// The keyring "user" of this secret, e.g. `sandbox/salesforce/refresh_token`.
    pub fn account(&self) -> String {
        format!("{}/{}/{}", self.environment, self.connection, self.item)
    }

    /// The environment part (`sandbox` or `real`).
    pub fn environment(&self) -> &str {
        &self.environment
    }

    /// The connection part (`salesforce`, `marketo`, `sales_account`).
    pub fn connection(&self) -> &str {
        &self.connection
    }

    /// The item part (`access_token`, `refresh_token`, `client_secret`, `token`).
    pub fn item(&self) -> &str {
        &self.item
    }

    /// The rendered account, or [`SecretsError::InvalidKey`] when a part is empty, too long or holds a
    /// character outside `a-z0-9_-`.
    pub(crate) fn checked_account(&self) -> Result<String, SecretsError> {
        for (what, part) in [("environment", &self.environment), ("connection", &self.connection), ("item", &self.item)]
        {
            let plain = part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
            if part.is_empty() || part.len() > MAX_PART_LEN || !plain {
                return Err(SecretsError::InvalidKey(format!(
                    "the {what} part {part:?} must be 1 to {MAX_PART_LEN} characters of a-z, 0-9, _ or -"
                )));
            }
        }
        Ok(self.account())
    }
}

impl std::fmt::Display for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}/{}", self.environment, self.connection, self.item)
    }
}

#[cfg(test)]
mod tests {
    use super::SecretKey;

    #[test]
    fn renders_as_environment_connection_item() {
        let key = SecretKey::new("sandbox", "salesforce", "refresh_token");
        assert_eq!(key.account(), "sandbox/salesforce/refresh_token");
        assert_eq!(key.to_string(), "sandbox/salesforce/refresh_token");
        assert_eq!(key.checked_account().unwrap(), "sandbox/salesforce/refresh_token");
        assert_eq!(SecretKey::new("real", "sales_account", "token").account(), "real/sales_account/token");
        assert_eq!(SecretKey::new("real", "marketo", "client_secret").connection(), "marketo");
    }

    #[test]
    fn refuses_names_that_could_collide_with_chunks_or_the_probe() {
        for (environment, connection, item) in [
            ("", "salesforce", "token"),
            ("sandbox", "sales/force", "token"),
            ("sandbox", "salesforce", "token#1"),
            ("Sandbox", "salesforce", "token"),
            ("sandbox", "salesforce", "to ken"),
            ("sandbox", "salesforce", "tökén"),
        ] {
            let error = SecretKey::new(environment, connection, item).checked_account().unwrap_err();
            assert_eq!(error.code(), "invalid_secret_key", "{environment}/{connection}/{item}");
        }
        let long = "a".repeat(65);
        assert!(SecretKey::new("sandbox", &long, "token").checked_account().is_err());
        assert!(SecretKey::new("sandbox", &"a".repeat(64), "token").checked_account().is_ok());
    }
}
