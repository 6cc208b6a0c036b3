//! The Munchkin ID: the Marketo subscription's account id, `AAA-BBB-CCC` (Admin > Integration > Web
//! Services shows it inside the REST endpoint). It names the instance's host, so it is checked before any
//! URL is built from it. It is not a secret.

use std::fmt;

use super::MarketoError;

/// A well-formed Munchkin ID, upper case (e.g. `284-RPR-133`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MunchkinId(String);

impl MunchkinId {
    /// Accepts three dash-separated groups of three digits or letters; trims, and upper-cases letters.
    pub fn parse(text: &str) -> Result<Self, MarketoError> {
        let normalised = text.trim().to_ascii_uppercase();
        let groups: Vec<&str> = normalised.split('-').collect();
        let well_formed = groups.len() == 3
            && groups.iter().all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
        if well_formed {
            Ok(Self(normalised))
        } else {
            Err(MarketoError::InvalidMunchkin)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MunchkinId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids_are_kept_upper_case() {
        assert_eq!(MunchkinId::parse("284-RPR-133").unwrap().as_str(), "284-RPR-133");
        assert_eq!(MunchkinId::parse("  123-abc-456\n").unwrap().as_str(), "123-ABC-456");
        assert_eq!(MunchkinId::parse("ABC-123-X9Z").unwrap().to_string(), "ABC-123-X9Z");
    }

    #[test]
    fn malformed_ids_are_refused_with_the_expected_format() {
        for bad in ["", "12-ABC-456", "123-ABC-4567", "123ABC456", "123_ABC_456", "123 ABC 456", "123-ABC", "123-ABC-456-789", "123-AB!-456", "１２３-ABC-456"] {
            let err = MunchkinId::parse(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_munchkin", "{bad:?}");
            let message = err.to_string();
            assert!(message.contains("AAA-BBB-CCC") && message.contains("284-RPR-133"), "{message}");
        }
    }
}
