//! Where a Marketo instance answers. For a real subscription the three bases are *derived* from the
//! Munchkin ID (`https://<munchkin>.mktorest.com/...`): Adobe shows the REST and Identity URLs in
//! Admin > Integration > Web Services and uses this pattern in every example, but does not state it as a
//! rule. The sandbox and tests serve all three under one root instead.
//!
//! Paths are joined here and only here, so no URL ever carries `//` after the host (Adobe has deprecated
//! double slashes in API paths).

use url::Url;

use super::MunchkinId;

/// The three API bases of one instance, without trailing slashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketoEndpoints {
    /// OAuth token endpoint base: `.../identity`.
    pub identity: Url,
    /// Lead database and asset APIs: `.../rest`.
    pub rest: Url,
    /// User Management API: `.../userservice/management/v1`.
    pub user_management: Url,
}

impl MarketoEndpoints {
    /// The derived public endpoints: `https://<munchkin>.mktorest.com/{identity, rest,
    /// userservice/management/v1}`.
    pub fn for_munchkin(munchkin: &MunchkinId) -> Self {
        Self::with_base(&format!("https://{}.mktorest.com", munchkin.as_str()))
            .expect("a validated Munchkin ID always makes a valid host")
    }

    /// All three under `root` (the sandbox's `root_url()`, or a test server): `{root}/identity`,
    /// `{root}/rest`, `{root}/userservice/management/v1`. A trailing slash on `root` is ignored.
    pub fn with_base(root: &str) -> Result<Self, url::ParseError> {
        let root = root.trim().trim_end_matches('/');
        Ok(Self {
            identity: Url::parse(&format!("{root}/identity"))?,
            rest: Url::parse(&format!("{root}/rest"))?,
            user_management: Url::parse(&format!("{root}/userservice/management/v1"))?,
        })
    }

    /// The host (and port, if any) the instance is reached at, for messages. Never a path or query.
    pub fn host(&self) -> String {
        let host = self.identity.host_str().unwrap_or("?");
        match self.identity.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        }
    }
}

/// `base` + `/` + `path`, with exactly one slash between them.
pub(crate) fn join(base: &Url, path: &str) -> String {
    format!("{}/{}", base.as_str().trim_end_matches('/'), path.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_double_slash(url: &str) -> bool {
        !url.split_once("://").map(|(_, rest)| rest).unwrap_or(url).contains("//")
    }

    #[test]
    fn derived_from_the_munchkin_id() {
        let endpoints = MarketoEndpoints::for_munchkin(&MunchkinId::parse("284-rpr-133").unwrap());
        assert_eq!(endpoints.identity.as_str(), "https://284-rpr-133.mktorest.com/identity");
        assert_eq!(endpoints.rest.as_str(), "https://284-rpr-133.mktorest.com/rest");
        assert_eq!(endpoints.user_management.as_str(), "https://284-rpr-133.mktorest.com/userservice/management/v1");
        assert_eq!(endpoints.host(), "284-rpr-133.mktorest.com");
    }

    #[test]
    fn under_a_root_without_double_slashes() {
        for root in ["http://127.0.0.1:8787", "http://127.0.0.1:8787/", " http://127.0.0.1:8787// "] {
            let endpoints = MarketoEndpoints::with_base(root).unwrap();
            assert_eq!(endpoints.identity.as_str(), "http://127.0.0.1:8787/identity");
            assert_eq!(endpoints.host(), "127.0.0.1:8787");
            for url in [
                join(&endpoints.identity, "/oauth/token"),
                join(&endpoints.rest, "v1/leads.json"),
                join(&endpoints.user_management, "/users/roles.json"),
            ] {
                assert!(no_double_slash(&url), "{url}");
            }
        }
        assert_eq!(join(&MarketoEndpoints::with_base("http://h").unwrap().rest, "/v1/leads/describe.json"), "http://h/rest/v1/leads/describe.json");
        assert!(MarketoEndpoints::with_base("not a url").is_err());
    }
}
