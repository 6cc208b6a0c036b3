//! A secret value (token, client secret) that never prints itself: `Debug` and `Display` say
//! `[redacted]`, and the memory is wiped on drop. Read it only where it is sent, with `expose()`.
//!
//! It can be deserialized, so a secret typed in the window crosses IPC straight into this type (input
//! structs may then derive `Debug` safely); it is never serialized, so it can never go back out. In ts-rs
//! bindings mark such fields `#[ts(type = "string")]`.

use zeroize::Zeroize;

#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for the one place that must send or store it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl std::fmt::Display for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Drop for SecretString {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl<'de> serde::Deserialize<'de> for SecretString {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The String serde builds moves into the wrapper: no second copy is left behind unzeroized.
        String::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::SecretString;

    #[test]
    fn never_prints_its_value() {
        let secret = SecretString::new("00Dxx!AQ4AQH-very-secret");
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert_eq!(format!("{secret}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(&secret)), "Some([redacted])");
        assert_eq!(secret.expose(), "00Dxx!AQ4AQH-very-secret");
    }

    #[test]
    fn deserializes_from_a_plain_string_and_still_never_prints() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Input {
            token: Option<SecretString>,
        }
        let input: Input = serde_json::from_str(r#"{"token":"tok-7Hq-secret"}"#).unwrap();
        assert_eq!(input.token.as_ref().map(SecretString::expose), Some("tok-7Hq-secret"));
        let printed = format!("{input:?}");
        assert!(!printed.contains("7Hq"), "{printed}");
        assert!(printed.contains("[redacted]"), "{printed}");
    }
}
