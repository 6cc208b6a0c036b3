//! Where the admin signs in: Production, Sandbox or a My Domain. Only `https` is accepted, except plain
//! `http` on a loopback host (the local simulator and tests); nothing here ever sends a token over plain
//! HTTP to another machine.

use url::{Host, Url};

use super::AuthError;

const PRODUCTION: &str = "https://login.salesforce.com";
const SANDBOX: &str = "https://test.salesforce.com";

/// The Salesforce login host every OAuth endpoint (`/services/oauth2/...`) lives under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginHost {
    /// `https://login.salesforce.com` (production and Developer Edition orgs).
    Production,
    /// `https://test.salesforce.com` (sandbox orgs).
    Sandbox,
    /// A My Domain (`https://acme.my.salesforce.com`, `https://acme--uat.sandbox.my.salesforce.com`), or a
    /// loopback `http://127.0.0.1:PORT` simulator. Always normalised: scheme, host and port only.
    MyDomain(Url),
}

impl LoginHost {
    /// A My Domain typed by a person: `acme.my.salesforce.com`, `https://acme.my.salesforce.com/`, or a
    /// whole address copied from the browser (its path and query are dropped). `https` is added when no
    /// scheme is given; `http` is refused unless the host is 127.0.0.1, localhost or [::1].
    pub fn my_domain(input: &str) -> Result<Self, AuthError> {
        let url = normalise(input)?;
        Ok(match url.as_str().trim_end_matches('/') {
            PRODUCTION => Self::Production,
            SANDBOX => Self::Sandbox,
            _ => Self::MyDomain(url),
        })
    }

    /// `production`, `sandbox`, or a My Domain address (see [`LoginHost::my_domain`]). The inverse of
    /// [`LoginHost::as_setting`], for keeping the choice in the app's settings.
    pub fn parse(value: &str) -> Result<Self, AuthError> {
        match value.trim().to_ascii_lowercase().as_str() {
            "production" | "login" => Ok(Self::Production),
            "sandbox" | "test" => Ok(Self::Sandbox),
            _ => Self::my_domain(value),
        }
    }

    /// `production`, `sandbox` or the My Domain base URL.
    pub fn as_setting(&self) -> String {
        match self {
            Self::Production => "production".to_owned(),
            Self::Sandbox => "sandbox".to_owned(),
            Self::MyDomain(_) => self.base_url(),
        }
    }

    /// Scheme, host and port, without a trailing slash: `https://login.salesforce.com`.
    pub fn base_url(&self) -> String {
        match self {
            Self::Production => PRODUCTION.to_owned(),
            Self::Sandbox => SANDBOX.to_owned(),
            Self::MyDomain(url) => url.as_str().trim_end_matches('/').to_owned(),
        }
    }

    pub fn authorize_url(&self) -> String {
        format!("{}/services/oauth2/authorize", self.base_url())
    }

    pub fn token_url(&self) -> String {
        format!("{}/services/oauth2/token", self.base_url())
    }

    pub fn revoke_url(&self) -> String {
        format!("{}/services/oauth2/revoke", self.base_url())
    }

    pub fn userinfo_url(&self) -> String {
        format!("{}/services/oauth2/userinfo", self.base_url())
    }
}

impl std::fmt::Display for LoginHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.base_url())
    }
}

/// True for 127.0.0.1 (any 127/8), ::1 and `localhost`.
pub(crate) fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
        Host::Domain(name) => name.eq_ignore_ascii_case("localhost"),
    }
}

/// Checks that a URL Salesforce gave us (instance_url, id) may receive a bearer token: https, or http
/// on loopback only; no user-info part.
pub(crate) fn check_token_destination(value: &str, what: &str) -> Result<Url, AuthError> {
    let url = Url::parse(value).map_err(|_| AuthError::BadResponse(format!("{what} is not a URL")))?;
    let host = url.host().ok_or_else(|| AuthError::BadResponse(format!("{what} has no host")))?;
    let allowed = match url.scheme() {
        "https" => true,
        "http" => is_loopback(&host),
        _ => false,
    };
    if !allowed || !url.username().is_empty() || url.password().is_some() {
        return Err(AuthError::BadResponse(format!("{what} is not an https address")));
    }
    Ok(url)
}

fn normalise(input: &str) -> Result<Url, AuthError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(AuthError::InvalidLoginHost("the address is empty".into()));
    }
    let with_scheme = if input.contains("://") { input.to_owned() } else { format!("https://{input}") };
    let parsed =
        Url::parse(&with_scheme).map_err(|_| AuthError::InvalidLoginHost("this is not a web address".into()))?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(AuthError::InvalidLoginHost("the address must not contain a user name or password".into()));
    }
    let host = parsed.host().ok_or_else(|| AuthError::InvalidLoginHost("the address has no host".into()))?;
    match parsed.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => return Err(AuthError::InvalidLoginHost("Salesforce addresses must start with https://".into())),
        _ => return Err(AuthError::InvalidLoginHost("only https:// addresses are accepted".into())),
    }
    if let Host::Domain(name) = &host {
        if !name.contains('.') && !name.eq_ignore_ascii_case("localhost") {
            return Err(AuthError::InvalidLoginHost(
                "enter the whole domain, like yourcompany.my.salesforce.com".into(),
            ));
        }
    }
    let mut base = parsed.clone();
    base.set_path("/");
    base.set_query(None);
    base.set_fragment(None);
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn my_domain_is_normalised() {
        for input in [
            "acme.my.salesforce.com",
            "https://acme.my.salesforce.com",
            "https://acme.my.salesforce.com/",
            "  https://ACME.my.salesforce.com/lightning/page/home?x=1#top ",
        ] {
            let host = LoginHost::my_domain(input).unwrap();
            assert_eq!(host.base_url(), "https://acme.my.salesforce.com", "{input}");
        }
        let sandbox = LoginHost::my_domain("acme--uat.sandbox.my.salesforce.com").unwrap();
        assert_eq!(sandbox.token_url(), "https://acme--uat.sandbox.my.salesforce.com/services/oauth2/token");
    }

    #[test]
    fn the_well_known_hosts_are_recognised() {
        assert_eq!(LoginHost::my_domain("https://login.salesforce.com/").unwrap(), LoginHost::Production);
        assert_eq!(LoginHost::parse("sandbox").unwrap(), LoginHost::Sandbox);
        assert_eq!(LoginHost::Production.authorize_url(), "https://login.salesforce.com/services/oauth2/authorize");
        assert_eq!(LoginHost::Sandbox.revoke_url(), "https://test.salesforce.com/services/oauth2/revoke");
        for host in [LoginHost::Production, LoginHost::Sandbox, LoginHost::my_domain("acme.my.salesforce.com").unwrap()]
        {
            assert_eq!(LoginHost::parse(&host.as_setting()).unwrap(), host);
        }
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for ok in ["http://127.0.0.1:8787", "http://localhost:8787/", "http://[::1]:9000"] {
            let host = LoginHost::my_domain(ok).unwrap();
            assert!(host.base_url().starts_with("http://"), "{ok}");
        }
        assert_eq!(LoginHost::my_domain("http://127.0.0.1:8787/x").unwrap().base_url(), "http://127.0.0.1:8787");
        for bad in [
            "http://acme.my.salesforce.com",
            "ftp://acme.my.salesforce.com",
            "",
            "acme",
            "https://user:pw@acme.my.salesforce.com",
            "javascript:alert(1)",
        ] {
            let err = LoginHost::my_domain(bad).unwrap_err();
            assert_eq!(err.code(), "invalid_login_host", "{bad}");
        }
    }

    #[test]
    fn token_destinations_must_be_https_or_loopback() {
        assert!(check_token_destination("https://acme.my.salesforce.com", "instance_url").is_ok());
        assert!(check_token_destination("http://127.0.0.1:1234", "instance_url").is_ok());
        assert!(check_token_destination("http://evil.example", "instance_url").is_err());
        assert!(check_token_destination("not a url", "id").is_err());
    }
}
