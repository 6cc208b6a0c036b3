//! The browser leg's answer, `redirect_uri?code=…&state=…` or `?error=…&error_description=…&state=…`,
//! read from the loopback listener's request or from an address the admin pasted, and checked the same
//! way for both: the `state` must be the one this sign-in sent.

use url::Url;

use super::error::Leg;
use super::AuthError;
use crate::secrets::SecretString;

/// The parameters of a redirect. `code` is a secret (it buys tokens with the verifier).
#[derive(Debug, Default)]
pub(crate) struct RedirectParams {
    pub code: Option<SecretString>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// Where the redirect came from: a pasted Salesforce error page has no `state`, the listener must.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Listener,
    Pasted,
}

impl RedirectParams {
    /// From a query string (without the `?`); empty values count as absent.
    pub fn from_query(query: &str) -> Self {
        let mut params = Self::default();
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            if value.trim().is_empty() {
                continue;
            }
            match key.as_ref() {
                "code" => params.code = Some(SecretString::new(value.into_owned())),
                "state" => params.state = Some(value.into_owned()),
                "error" => params.error = Some(value.into_owned()),
                "error_description" => params.error_description = Some(value.into_owned()),
                _ => {}
            }
        }
        params
    }

    /// From what the admin pasted: the whole address (`http://localhost:1717/OauthRedirect?code=…`), or
    /// just its query part. Refuses text that carries neither a code nor an error.
    pub fn from_pasted(pasted: &str) -> Result<Self, AuthError> {
        let pasted = pasted.trim();
        if pasted.is_empty() {
            return Err(AuthError::InvalidRedirect("nothing was pasted".into()));
        }
        let query = match Url::parse(pasted) {
            Ok(url) => url.query().unwrap_or_default().to_owned(),
            Err(_) => pasted.split_once('?').map_or(pasted, |(_, query)| query).to_owned(),
        };
        let params = Self::from_query(&query);
        if !params.carries_an_answer() {
            return Err(AuthError::InvalidRedirect("it has no code= or error= in it".into()));
        }
        Ok(params)
    }

    /// Whether this is an answer at all (a request without code, error or state consumes nothing).
    pub fn carries_an_answer(&self) -> bool {
        self.code.is_some() || self.error.is_some() || self.state.is_some()
    }

    /// Whether this answer carries exactly `expected_state`: only such an answer may end the sign-in.
    pub fn has_state(&self, expected_state: &str) -> bool {
        is_same_state(self.state.as_deref(), expected_state)
    }

    /// The code to exchange, once the state matches and no error came back.
    pub fn into_code(self, expected_state: &str, source: Source) -> Result<SecretString, AuthError> {
        let state_matches = self.has_state(expected_state);
        if self.state.is_some() && !state_matches {
            return Err(AuthError::StateMismatch);
        }
        if let Some(error) = self.error.as_deref() {
            // A Salesforce error page (pasted) has no state; the listener must always get one.
            if !state_matches && source == Source::Listener {
                return Err(AuthError::StateMismatch);
            }
            return Err(AuthError::from_oauth(error, self.error_description.as_deref(), Leg::Authorize));
        }
        if !state_matches {
            return Err(AuthError::StateMismatch);
        }
        self.code.ok_or_else(|| AuthError::InvalidRedirect("it has no code= in it".into()))
    }
}

/// Compares a presented state with this sign-in's in constant time, so a page probing the listener
/// learns nothing from how long a wrong guess takes. An absent or empty state never matches.
pub(crate) fn is_same_state(presented: Option<&str>, expected: &str) -> bool {
    use subtle::ConstantTimeEq;
    match presented {
        Some(presented) if !expected.is_empty() => bool::from(presented.as_bytes().ct_eq(expected.as_bytes())),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_match_only_exactly() {
        assert!(is_same_state(Some("s1"), "s1"));
        for presented in [None, Some(""), Some("s"), Some("s12"), Some("S1"), Some("x1")] {
            assert!(!is_same_state(presented, "s1"), "{presented:?}");
        }
        assert!(!is_same_state(Some(""), ""), "an empty expected state matches nothing");
        assert!(RedirectParams::from_query("code=c&state=s1").has_state("s1"));
        assert!(!RedirectParams::from_query("code=c&state=s2").has_state("s1"));
    }

    #[test]
    fn a_matching_state_gives_the_code() {
        let params = RedirectParams::from_query("code=aPrx%3D%3D&state=s1");
        assert_eq!(params.into_code("s1", Source::Listener).unwrap().expose(), "aPrx==");
    }

    #[test]
    fn a_wrong_or_missing_state_is_refused() {
        let wrong = RedirectParams::from_query("code=abc&state=other");
        assert_eq!(wrong.into_code("s1", Source::Listener).unwrap_err(), AuthError::StateMismatch);
        let missing = RedirectParams::from_query("code=abc");
        assert_eq!(missing.into_code("s1", Source::Pasted).unwrap_err(), AuthError::StateMismatch);
        let error_without_state = RedirectParams::from_query("error=access_denied");
        assert_eq!(error_without_state.into_code("s1", Source::Listener).unwrap_err(), AuthError::StateMismatch);
    }

    #[test]
    fn errors_map_to_auth_errors() {
        let denied = RedirectParams::from_query("error=access_denied&error_description=end-user+denied&state=s1");
        let err = denied.into_code("s1", Source::Listener).unwrap_err();
        assert_eq!(err.code(), "access_denied");
        assert!(err.to_string().contains("end-user denied"));
        let page = RedirectParams::from_pasted(
            "https://login.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp?error=OAUTH_APPROVAL_ERROR_GENERIC&error_description=blocked",
        )
        .unwrap();
        assert_eq!(page.into_code("s1", Source::Pasted).unwrap_err().code(), "oauth_approval_error_generic");
    }

    #[test]
    fn pasted_text_is_read_tolerantly() {
        let full = RedirectParams::from_pasted("  http://localhost:1717/OauthRedirect?code=c1&state=s1\n").unwrap();
        assert_eq!(full.into_code("s1", Source::Pasted).unwrap().expose(), "c1");
        let query_only = RedirectParams::from_pasted("?code=c2&state=s1").unwrap();
        assert_eq!(query_only.into_code("s1", Source::Pasted).unwrap().expose(), "c2");
        for bad in ["", "hello", "http://localhost:1717/OauthRedirect"] {
            assert_eq!(RedirectParams::from_pasted(bad).unwrap_err().code(), "invalid_redirect", "{bad:?}");
        }
    }

    #[test]
    fn debug_never_shows_the_code() {
        let params = RedirectParams::from_query("code=secret-code&state=s1");
        assert!(!format!("{params:?}").contains("secret-code"));
    }
}
