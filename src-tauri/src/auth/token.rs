//! The token endpoint legs (code exchange, refresh) through the `oauth2` crate, and revoke. Every request
//! goes through one reqwest client with redirects disabled, so a token, code or verifier is only ever sent
//! to the exact token URL of the chosen login host.

use std::sync::OnceLock;

use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, EndpointNotSet, EndpointSet, ExtraTokenFields, HttpClientError,
    PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, StandardRevocableToken, StandardTokenResponse,
    TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};

use super::error::{network, Leg};
use super::host::check_token_destination;
use super::{AuthError, LoginHost};
use crate::secrets::SecretString;
use crate::services::http::ClientSettings;

/// What a successful sign-in or refresh gives. `Debug` never shows the tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SalesforceTokens {
    pub access_token: SecretString,
    /// Present after a sign-in when the app allows `refresh_token`. After [`refresh`], the rotated one if
    /// Salesforce sent one, else the one that was used: store whatever is here.
    pub refresh_token: Option<SecretString>,
    /// Base URL of the org for every REST call (never the login host).
    pub instance_url: String,
    /// Identity URL, `https://login.salesforce.com/id/{orgId}/{userId}`.
    pub id_url: String,
    /// Epoch milliseconds, as Salesforce sends it.
    pub issued_at: Option<String>,
    /// Granted scopes, space-separated.
    pub scope: Option<String>,
}

impl SalesforceTokens {
    /// `(org_id, user_id)`: the last two path segments of the identity URL.
    pub fn org_and_user_ids(&self) -> Option<(String, String)> {
        let url = url::Url::parse(&self.id_url).ok()?;
        let mut segments: Vec<&str> = url.path_segments()?.filter(|s| !s.is_empty()).collect();
        let user = segments.pop()?;
        let org = segments.pop()?;
        Some((org.to_owned(), user.to_owned()))
    }
}

/// Salesforce's fields beyond RFC 6749 in a token answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SalesforceFields {
    instance_url: String,
    id: String,
    #[serde(default)]
    issued_at: Option<String>,
    #[serde(default)]
    signature: Option<String>,
}

impl ExtraTokenFields for SalesforceFields {}

type SalesforceTokenResponse = StandardTokenResponse<SalesforceFields, BasicTokenType>;

/// `oauth2`'s client specialised for Salesforce's token answer, before any endpoint is set.
type BareClient = oauth2::Client<
    BasicErrorResponse,
    SalesforceTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
>;

/// With the authorize and token endpoints set.
pub(crate) type OAuthClient = oauth2::Client<
    BasicErrorResponse,
    SalesforceTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// The client for one login host and consumer key; `redirect_uri` is set for the authorize and code legs.
pub(crate) fn oauth_client(
    host: &LoginHost,
    client_id: &str,
    redirect_uri: Option<&str>,
) -> Result<OAuthClient, AuthError> {
    let auth_url =
        AuthUrl::new(host.authorize_url()).map_err(|_| AuthError::InvalidLoginHost("bad authorize URL".into()))?;
    let token_url = TokenUrl::new(host.token_url()).map_err(|_| AuthError::InvalidLoginHost("bad token URL".into()))?;
    let mut client =
        BareClient::new(ClientId::new(client_id.trim().to_owned())).set_auth_uri(auth_url).set_token_uri(token_url);
    if let Some(redirect_uri) = redirect_uri {
        let redirect = RedirectUrl::new(redirect_uri.to_owned())
            .map_err(|_| AuthError::InvalidRedirect("the callback URL is not valid".into()))?;
        client = client.set_redirect_uri(redirect);
    }
    Ok(client)
}

/// The one HTTP client of the OAuth legs: no redirects, short timeouts, and no idle connections kept
/// (the legs are rare, and a pooled connection must not outlive the runtime that opened it).
pub(crate) fn http_client() -> Result<&'static reqwest::Client, AuthError> {
    static CLIENT: OnceLock<Result<reqwest::Client, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            let settings = ClientSettings { keep_idle_connections: false, ..ClientSettings::default() };
            crate::services::http::client(settings).map_err(|err| err.to_string())
        })
        .as_ref()
        .map_err(|err| AuthError::Network(format!("no HTTP client: {err}")))
}

/// The lower-level code exchange: `grant_type=authorization_code` with `code`, the PKCE `verifier` and
/// the same `redirect_uri` the authorize request used. [`super::PendingSignIn`] calls it with its own
/// verifier; it is public for hosts that run their own redirect handling (and for tests).
pub async fn exchange_code(
    host: &LoginHost,
    client_id: &str,
    redirect_uri: &str,
    code: &SecretString,
    verifier: &SecretString,
) -> Result<SalesforceTokens, AuthError> {
    let client = oauth_client(host, client_id, Some(redirect_uri))?;
    let response = client
        .exchange_code(AuthorizationCode::new(code.expose().to_owned()))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier.expose().to_owned()))
        .request_async(http_client()?)
        .await
        .map_err(|err| token_error(err, Leg::CodeExchange))?;
    tokens_from(response, None)
}

/// Gets a new access token with a refresh token. The answer's `refresh_token` is the rotated one if
/// Salesforce sent one, else `refresh_token` itself. An expired or revoked one is
/// [`AuthError::RefreshRejected`]: the person must sign in again.
pub async fn refresh(
    host: &LoginHost,
    client_id: &str,
    refresh_token: &SecretString,
) -> Result<SalesforceTokens, AuthError> {
    let client = oauth_client(host, client_id, None)?;
    let response = client
        .exchange_refresh_token(&RefreshToken::new(refresh_token.expose().to_owned()))
        .request_async(http_client()?)
        .await
        .map_err(|err| token_error(err, Leg::Refresh))?;
    tokens_from(response, Some(refresh_token))
}

/// Revokes an access or refresh token (a refresh token takes its access tokens with it). A token
/// Salesforce no longer knows (`400 invalid_token`) counts as revoked. Prefer the org's My Domain
/// (`LoginHost::my_domain(&tokens.instance_url)`): the generic login hosts may answer with a redirect,
/// which is not followed.
pub async fn revoke(host: &LoginHost, token: &SecretString) -> Result<(), AuthError> {
    let response = http_client()?
        .post(host.revoke_url())
        .form(&[("token", token.expose())])
        .send()
        .await
        .map_err(|err| network(&err))?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    if status.is_redirection() {
        return Err(AuthError::BadResponse(format!(
            "the revoke endpoint answered with a redirect ({}); revoke at the org's My Domain instead",
            status.as_u16()
        )));
    }
    #[derive(Deserialize)]
    struct OAuthErrorBody {
        error: String,
        #[serde(default)]
        error_description: Option<String>,
    }
    match response.json::<OAuthErrorBody>().await {
        Ok(body) if body.error == "invalid_token" => {
            tracing::info!("revoke: Salesforce no longer knows the token; treating it as revoked");
            Ok(())
        }
        Ok(body) => Err(AuthError::from_oauth(&body.error, body.error_description.as_deref(), Leg::Revoke)),
        Err(_) => Err(AuthError::BadResponse(format!("the revoke endpoint answered {}", status.as_u16()))),
    }
}

fn token_error(error: RequestTokenError<HttpClientError<reqwest::Error>, BasicErrorResponse>, leg: Leg) -> AuthError {
    match error {
        RequestTokenError::ServerResponse(response) => {
            AuthError::from_oauth(response.error().as_ref(), response.error_description().map(String::as_str), leg)
        }
        RequestTokenError::Request(HttpClientError::Reqwest(err)) => network(&err),
        RequestTokenError::Request(_) => AuthError::Network("request failed".into()),
        // The body may hold a token: never repeat it.
        RequestTokenError::Parse(_, _) => AuthError::BadResponse("the token endpoint's answer is not readable".into()),
        RequestTokenError::Other(message) => {
            AuthError::BadResponse(format!("the token endpoint did not answer as expected ({message})"))
        }
    }
}

fn tokens_from(
    response: SalesforceTokenResponse,
    used_refresh_token: Option<&SecretString>,
) -> Result<SalesforceTokens, AuthError> {
    let fields = response.extra_fields();
    check_token_destination(&fields.instance_url, "instance_url")?;
    check_token_destination(&fields.id, "the identity URL")?;
    let access_token = SecretString::new(response.access_token().secret().as_str());
    if access_token.is_empty() {
        return Err(AuthError::BadResponse("the token answer has no access token".into()));
    }
    let refresh_token = response
        .refresh_token()
        .map(|token| SecretString::new(token.secret().as_str()))
        .or_else(|| used_refresh_token.cloned());
    let scope = response.scopes().map(|scopes| scopes.iter().map(|scope| scope.as_str()).collect::<Vec<_>>().join(" "));
    Ok(SalesforceTokens {
        access_token,
        refresh_token,
        instance_url: fields.instance_url.trim_end_matches('/').to_owned(),
        id_url: fields.id.clone(),
        issued_at: fields.issued_at.clone(),
        scope,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SalesforceTokens {
        SalesforceTokens {
            access_token: SecretString::new("00Dxx!AQ4AQH-access"),
            refresh_token: Some(SecretString::new("5Aep861-refresh")),
            instance_url: "https://acme.my.salesforce.com".into(),
            id_url: "https://login.salesforce.com/id/00Dxx0000001gPL/005xx000001Sv6A".into(),
            issued_at: Some("1700000000000".into()),
            scope: Some("api refresh_token openid".into()),
        }
    }

    #[test]
    fn debug_never_shows_the_tokens() {
        let printed = format!("{:?}", sample());
        assert!(!printed.contains("AQ4AQH"), "{printed}");
        assert!(!printed.contains("5Aep861"), "{printed}");
        assert!(printed.contains("[redacted]"));
        assert!(printed.contains("acme.my.salesforce.com"));
    }

    #[test]
    fn ids_come_from_the_identity_url() {
        assert_eq!(sample().org_and_user_ids(), Some(("00Dxx0000001gPL".to_owned(), "005xx000001Sv6A".to_owned())));
    }

    #[test]
    fn salesforce_token_answers_parse() {
        let body = r#"{"access_token":"00D!abc","refresh_token":"5Aep","signature":"sig","scope":"refresh_token openid api",
            "id_token":"x.y.z","instance_url":"https://acme.my.salesforce.com/","id":"https://login.salesforce.com/id/00D/005",
            "token_type":"Bearer","issued_at":"1700000000000"}"#;
        let response: SalesforceTokenResponse = serde_json::from_str(body).unwrap();
        let tokens = tokens_from(response, None).unwrap();
        assert_eq!(tokens.instance_url, "https://acme.my.salesforce.com");
        assert_eq!(tokens.scope.as_deref(), Some("refresh_token openid api"));
        assert_eq!(tokens.refresh_token.unwrap().expose(), "5Aep");
    }

    #[test]
    fn a_refresh_without_a_new_refresh_token_keeps_the_old_one() {
        let body = r#"{"access_token":"00D!new","instance_url":"https://acme.my.salesforce.com","id":"https://login.salesforce.com/id/00D/005","token_type":"Bearer"}"#;
        let response: SalesforceTokenResponse = serde_json::from_str(body).unwrap();
        let old = SecretString::new("5Aep-old");
        let tokens = tokens_from(response, Some(&old)).unwrap();
        assert_eq!(tokens.refresh_token, Some(old));
    }

    #[test]
    fn an_http_instance_url_is_refused() {
        let body = r#"{"access_token":"00D!new","instance_url":"http://acme.example","id":"https://login.salesforce.com/id/00D/005","token_type":"Bearer"}"#;
        let response: SalesforceTokenResponse = serde_json::from_str(body).unwrap();
        assert_eq!(tokens_from(response, None).unwrap_err().code(), "bad_response");
    }
}
