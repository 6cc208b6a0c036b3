//! `/services/oauth2/authorize`, `token`, `revoke` and the error page, as a Salesforce org with an External
//! Client App that requires PKCE and no secret. `auto=allow|deny` on the authorize URL answers at once
//! (sandbox only), so tests and the app's e2e can play the browser without reading HTML.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};
use url::Url;

use super::{
    bad_host, identity_url, random_part, root_url, AccessGrant, CodeGrant, Inner, OAuthErrorSpec, RefreshGrant,
    SfState, CODE_LIFETIME_MS, ORG_ID, ORG_NAME, SANDBOX_CALLBACK_PATH, SANDBOX_CONSUMER_KEY, USERNAME,
};
use crate::sandbox::clock::now_ms;

/// Where an authorize request that cannot be redirected back ends (as on Salesforce).
pub(super) const ERROR_PAGE_PATH: &str = "/setup/secur/RemoteAccessErrorPage.apexp";

/// Scopes an External Client App can allow; the sandbox's app allows all of these.
const KNOWN_SCOPES: [&str; 9] =
    ["api", "refresh_token", "offline_access", "openid", "id", "profile", "email", "web", "full"];

fn params(query: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()).into_owned().collect()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str()).filter(|v| !v.is_empty())
}

/// A loopback `http` callback with the path `/OauthRedirect`, any port.
fn allowed_callback(redirect_uri: &str) -> Option<Url> {
    let url = Url::parse(redirect_uri).ok()?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    (url.scheme() == "http" && loopback && url.path() == SANDBOX_CALLBACK_PATH && url.fragment().is_none())
        .then_some(url)
}

fn found(location: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn error_page_redirect(error: &str, description: &str) -> Response {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("error", error)
        .append_pair("error_description", description)
        .finish();
    found(&format!("{ERROR_PAGE_PATH}?{query}"))
}

/// Back to the callback with `pairs` and the request's `state`.
fn back_to(mut callback: Url, pairs: &[(&str, &str)], state: Option<&str>) -> Response {
    {
        let mut query = callback.query_pairs_mut();
        for (key, value) in pairs {
            query.append_pair(key, value);
        }
        if let Some(state) = state {
            query.append_pair("state", state);
        }
    }
    found(callback.as_str())
}

/// `GET /services/oauth2/authorize`: checks the request like Salesforce would, then shows the consent
/// page, or with `auto=allow` / `auto=deny` answers at once.
pub(super) async fn authorize(State(sf): State<SfState>, RawQuery(query): RawQuery) -> Response {
    let params = params(query.as_deref());
    let state = param(&params, "state");

    if param(&params, "client_id") != Some(SANDBOX_CONSUMER_KEY) {
        return error_page_redirect("invalid_client_id", "client identifier invalid");
    }
    let Some(callback) = param(&params, "redirect_uri").and_then(allowed_callback) else {
        return error_page_redirect("redirect_uri_mismatch", "redirect_uri must match configuration");
    };
    let forced = sf.lock().settings.next_authorize_error.take();
    if let Some(OAuthErrorSpec { error, error_description }) = forced {
        let description = error_description.unwrap_or_else(|| "forced by the sandbox".to_owned());
        if error.eq_ignore_ascii_case("OAUTH_APPROVAL_ERROR_GENERIC") {
            return error_page_redirect(&error, &description);
        }
        return back_to(callback, &[("error", &error), ("error_description", &description)], state);
    }
    if param(&params, "response_type") != Some("code") {
        let pairs = [("error", "unsupported_response_type"), ("error_description", "response type not supported")];
        return back_to(callback, &pairs, state);
    }
    let challenge = param(&params, "code_challenge").unwrap_or_default();
    let challenge_ok =
        challenge.len() == 43 && challenge.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !challenge_ok {
        let pairs = [("error", "invalid_request"), ("error_description", "missing or invalid code challenge")];
        return back_to(callback, &pairs, state);
    }
    if param(&params, "code_challenge_method").is_some_and(|method| method != "S256") {
        let pairs =
            [("error", "invalid_request"), ("error_description", "only the S256 code challenge method is allowed")];
        return back_to(callback, &pairs, state);
    }
    let scope = param(&params, "scope").unwrap_or("api");
    if scope.split_whitespace().any(|s| !KNOWN_SCOPES.contains(&s)) {
        let pairs = [("error", "invalid_scope"), ("error_description", "the requested scope is not allowed")];
        return back_to(callback, &pairs, state);
    }

    match param(&params, "auto") {
        Some("allow") => {
            let code = format!("aPrx{}", random_part());
            let grant = CodeGrant {
                client_id: SANDBOX_CONSUMER_KEY.to_owned(),
                redirect_uri: param(&params, "redirect_uri").unwrap_or_default().to_owned(),
                code_challenge: challenge.to_owned(),
                scope: scope.split_whitespace().collect::<Vec<_>>().join(" "),
                issued_ms: now_ms(),
            };
            sf.lock().codes.insert(code.clone(), grant);
            back_to(callback, &[("code", &code)], state)
        }
        Some("deny") => {
            let pairs = [("error", "access_denied"), ("error_description", "end-user denied authorization")];
            back_to(callback, &pairs, state)
        }
        _ => consent_page(&params, scope),
    }
}

/// The consent page: org, user, scopes, and Allow / Deny links (the same request with `auto=…`).
fn consent_page(params: &[(String, String)], scope: &str) -> Response {
    let link = |decision: &str| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in params.iter().filter(|(key, _)| key != "auto") {
            query.append_pair(key, value);
        }
        query.append_pair("auto", decision);
        escape(&format!("/services/oauth2/authorize?{}", query.finish()))
    };
    let scopes: String = scope.split_whitespace().map(|s| format!("<li><code>{}</code></li>", escape(s))).collect();
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Allow Access? | Salesforce (Sandbox)</title></head>\
         <body style=\"font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto\">\
         <p>Sandbox simulator: this is not Salesforce.</p>\
         <h1>Allow Access?</h1>\
         <p>Org: <strong id=\"org\">{org}</strong><br>User: <strong id=\"user\">{user}</strong></p>\
         <p>MSI Actions Setup is asking to:</p><ul>{scopes}</ul>\
         <p><a id=\"allow\" href=\"{allow}\">Allow</a> &nbsp; <a id=\"deny\" href=\"{deny}\">Deny</a></p>\
         </body></html>",
        org = escape(ORG_NAME),
        user = escape(USERNAME),
        allow = link("allow"),
        deny = link("deny"),
    );
    let mut response = (StatusCode::OK, html).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    response
}

/// `GET /setup/secur/RemoteAccessErrorPage.apexp?error=…&error_description=…`.
pub(super) async fn error_page(RawQuery(query): RawQuery) -> Response {
    let params = params(query.as_deref());
    let error = param(&params, "error").unwrap_or("unknown_error");
    let description = param(&params, "error_description").unwrap_or_default();
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Remote Access Error</title></head>\
         <body style=\"font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto\">\
         <h1>Remote Access Error</h1><p>error=<code id=\"error\">{}</code></p><p>{}</p></body></html>",
        escape(error),
        escape(description),
    );
    let mut response = (StatusCode::BAD_REQUEST, html).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    response
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (status, Json(json!({ "error": error, "error_description": description }))).into_response()
}

fn invalid_grant(description: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description)
}

/// `POST /services/oauth2/token` (form): `authorization_code` with PKCE, or `refresh_token`.
pub(super) async fn token(State(sf): State<SfState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(root) = root_url(&headers) else { return bad_host() };
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| param(&form, name);
    let mut inner = sf.lock();
    let grant_type = field("grant_type").unwrap_or_default();
    match grant_type {
        "authorization_code" => inner.counters.authorization_code += 1,
        "refresh_token" => inner.counters.refresh_token += 1,
        _ => return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", "grant type not supported"),
    }
    if field("client_id") != Some(SANDBOX_CONSUMER_KEY) {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_client_id", "client identifier invalid");
    }
    if let Some(OAuthErrorSpec { error, error_description }) = inner.settings.next_token_error.take() {
        let description = error_description.unwrap_or_else(|| "forced by the sandbox".to_owned());
        return oauth_error(StatusCode::BAD_REQUEST, &error, &description);
    }
    let now = now_ms();
    // (granted scope, a new refresh token, the refresh token the access token belongs to)
    let (scope, refresh_token, belongs_to) = if grant_type == "authorization_code" {
        // A code is spent by any attempt, good or bad.
        let Some(grant) = field("code").and_then(|code| inner.codes.remove(code)) else {
            return invalid_grant("invalid authorization code");
        };
        if now - grant.issued_ms > CODE_LIFETIME_MS {
            return invalid_grant("expired authorization code");
        }
        if grant.client_id != SANDBOX_CONSUMER_KEY {
            return invalid_grant("invalid authorization code");
        }
        if field("redirect_uri") != Some(grant.redirect_uri.as_str()) {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "redirect_uri_mismatch",
                "redirect_uri must match configuration",
            );
        }
        let verifier = field("code_verifier").unwrap_or_default();
        let verifier_ok = (43..=128).contains(&verifier.len())
            && verifier.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
            && URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == grant.code_challenge;
        if !verifier_ok {
            return invalid_grant("invalid code verifier");
        }
        let wants_refresh = grant.scope.split_whitespace().any(|s| s == "refresh_token" || s == "offline_access");
        let refresh_token = wants_refresh.then(|| {
            let token = format!("5Aep861{}", random_part());
            inner.refresh_tokens.insert(token.clone(), RefreshGrant { scope: grant.scope.clone() });
            token
        });
        (grant.scope, refresh_token.clone(), refresh_token)
    } else {
        let Some(presented) = field("refresh_token") else {
            return invalid_grant("expired access/refresh token");
        };
        let Some(grant) = inner.refresh_tokens.get(presented) else {
            return invalid_grant("expired access/refresh token");
        };
        (grant.scope.clone(), None, Some(presented.to_owned()))
    };

    let access_token = issue_access_token(&mut inner, now, belongs_to);
    drop(inner);
    let id = identity_url(&root);
    let issued_at = now.to_string();
    let mut answer = json!({
        "access_token": access_token,
        "signature": STANDARD.encode(Sha256::digest(format!("{id}{issued_at}").as_bytes())),
        "scope": scope,
        "instance_url": root,
        "id": id,
        "token_type": "Bearer",
        "issued_at": issued_at,
    });
    if let Some(refresh_token) = refresh_token {
        answer["refresh_token"] = json!(refresh_token);
    }
    let mut response = (StatusCode::OK, Json(answer)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn issue_access_token(inner: &mut Inner, now: i64, refresh_token: Option<String>) -> String {
    let token = format!("{ORG_ID}!AQ{}", random_part());
    let lifetime_ms = i64::try_from(inner.settings.access_token_lifetime_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    inner
        .access_tokens
        .insert(token.clone(), AccessGrant { refresh_token, expires_ms: now.saturating_add(lifetime_ms) });
    token
}

/// `POST /services/oauth2/revoke` (form `token=`): a refresh token goes with its access tokens.
pub(super) async fn revoke(State(sf): State<SfState>, body: Bytes) -> Response {
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let Some(token) = param(&form, "token") else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "token is required");
    };
    let mut inner = sf.lock();
    if inner.refresh_tokens.remove(token).is_some() {
        inner.access_tokens.retain(|_, grant| grant.refresh_token.as_deref() != Some(token));
    } else if inner.access_tokens.remove(token).is_none() {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_token", "invalid token");
    }
    inner.counters.revocations += 1;
    StatusCode::OK.into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callbacks_must_be_loopback_oauth_redirect() {
        assert!(allowed_callback("http://localhost:1717/OauthRedirect").is_some());
        assert!(allowed_callback("http://127.0.0.1:50123/OauthRedirect").is_some());
        assert!(allowed_callback("http://[::1]:1718/OauthRedirect").is_some());
        for bad in [
            "https://localhost:1717/OauthRedirect",
            "http://evil.example:1717/OauthRedirect",
            "http://localhost:1717/other",
            "http://localhost:1717/OauthRedirect#x",
            "not a url",
        ] {
            assert!(allowed_callback(bad).is_none(), "{bad}");
        }
    }
}
