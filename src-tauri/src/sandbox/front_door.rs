//! What every request to the sandbox passes before any route, `/api/v1`, the simulated Salesforce and
//! Marketo, and the `/_sandbox/*` controls alike.
//!
//! The sandbox listens on loopback, but any web page the person opens can still reach it through their
//! browser: by DNS rebinding (a page's own name re-pointed at 127.0.0.1, so the request carries that name
//! in `Host`) or by a cross-site "simple" request (a form or `fetch` posting `text/plain`, which no CORS
//! preflight stops). So:
//! - `Host` must name the sandbox itself: `127.0.0.1`, `localhost` or `[::1]` with the bound port, else
//!   `421 host_not_allowed`;
//! - a request that can change something (any method but GET, HEAD, OPTIONS) coming from another origin
//!   (an `Origin` that is not the sandbox's own, or `Sec-Fetch-Site: cross-site`) is
//!   `403 cross_origin_refused`. The app's own clients send no `Origin`, and the simulated consent page's
//!   links stay on the sandbox's origin;
//! - a control under `/_sandbox` that gets a body takes only `application/json` (`415 json_required`),
//!   the one type a cross-site page cannot send without a preflight.
//!
//! It refuses in the contract's error shape and never reads the body.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::sandbox::error::ApiError;

/// The loopback names the sandbox answers to (with its port).
const LOOPBACK_NAMES: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// The bound port, which every accepted `Host` and `Origin` must carry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OwnPort(pub u16);

pub(crate) async fn front_door(State(port): State<OwnPort>, request: Request, next: Next) -> Response {
    let uri = request.uri();
    match check(port, request.method(), uri.path(), uri.authority().map(|a| a.as_str()), request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refusal) => {
            let (method, path) = (request.method(), request.uri().path());
            tracing::warn!(code = %refusal.code, %method, path, "sandbox: request refused at the front door");
            refusal.into_response()
        }
    }
}

/// The refusal for this request, if any. `authority` is the request target's, which HTTP/2 sends instead
/// of a `Host` header.
fn check(port: OwnPort, method: &Method, path: &str, authority: Option<&str>, headers: &HeaderMap) -> Result<(), ApiError> {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).or(authority).unwrap_or_default();
    if !is_own_host(port, host) {
        return Err(ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "host_not_allowed",
            "The sandbox answers only to 127.0.0.1, localhost or [::1] on its own port.",
        ));
    }
    if changes_something(method) && from_another_origin(port, headers) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "cross_origin_refused",
            "The sandbox refuses changes sent from another web origin.",
        ));
    }
    if is_control(path) && changes_something(method) && !json_or_no_body(headers) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "json_required",
            "Sandbox controls take a JSON body (Content-Type: application/json).",
        ));
    }
    Ok(())
}

/// `name:port` with one of the loopback names and the bound port (a bare name only when that port is 80,
/// where browsers leave it out).
fn is_own_host(OwnPort(port): OwnPort, host: &str) -> bool {
    let host = host.trim().to_ascii_lowercase();
    let (name, host_port) = match host.rsplit_once(':') {
        Some((name, tail)) if !tail.contains(']') => (name, tail.parse::<u16>().ok()),
        _ => (host.as_str(), None),
    };
    let port_ok = match host_port {
        Some(given) => given == port,
        None => port == 80 && !host.ends_with(':'),
    };
    port_ok && LOOPBACK_NAMES.contains(&name)
}

fn changes_something(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// An `Origin` other than the sandbox's own (`null` included), or a browser saying the request is
/// cross-site. No `Origin` at all is a program, not a page: allowed.
fn from_another_origin(port: OwnPort, headers: &HeaderMap) -> bool {
    let cross_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|site| site.trim().eq_ignore_ascii_case("cross-site"));
    let foreign_origin = headers.get(header::ORIGIN).is_some_and(|origin| {
        let origin = origin.to_str().unwrap_or_default().trim();
        let own = origin.get(..7).is_some_and(|scheme| scheme.eq_ignore_ascii_case("http://"))
            && origin.get(7..).is_some_and(|host| !host.contains('/') && is_own_host(port, host));
        !own
    });
    cross_site || foreign_origin
}

fn is_control(path: &str) -> bool {
    path == "/_sandbox" || path.starts_with("/_sandbox/")
}

/// `Content-Type: application/json` (any parameters), or no body at all.
fn json_or_no_body(headers: &HeaderMap) -> bool {
    match headers.get(header::CONTENT_TYPE) {
        Some(value) => {
            let media_type = value.to_str().unwrap_or_default().split(';').next().unwrap_or_default().trim();
            media_type.eq_ignore_ascii_case("application/json")
        }
        None => {
            let length = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).map(str::trim);
            headers.get(header::TRANSFER_ENCODING).is_none() && length.is_none_or(|n| n == "0")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const PORT: OwnPort = OwnPort(8787);

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn code(method: Method, path: &str, pairs: &[(&'static str, &'static str)]) -> Option<String> {
        check(PORT, &method, path, None, &headers(pairs)).err().map(|e| e.code.into_owned())
    }

    #[test]
    fn only_the_sandbox_own_host_and_port_pass() {
        for host in ["127.0.0.1:8787", "localhost:8787", "LOCALHOST:8787", "[::1]:8787", " 127.0.0.1:8787 "] {
            assert!(is_own_host(PORT, host), "{host}");
        }
        for host in ["", "127.0.0.1", "127.0.0.1:80", "127.0.0.1:8788", "evil.test:8787", "localhost.evil.test:8787", "[::1]", "127.0.0.1:", "0.0.0.0:8787", "127.0.0.1:99999"] {
            assert!(!is_own_host(PORT, host), "{host}");
        }
        assert!(is_own_host(OwnPort(80), "localhost") && is_own_host(OwnPort(80), "[::1]:80"));
        assert_eq!(code(Method::GET, "/api/v1/account", &[("host", "rebound.evil.test:8787")]).as_deref(), Some("host_not_allowed"));
        assert_eq!(code(Method::GET, "/api/v1/account", &[]).as_deref(), Some("host_not_allowed"));
        assert_eq!(check(PORT, &Method::GET, "/api/v1/account", Some("localhost:8787"), &HeaderMap::new()).err().map(|e| e.code), None);
    }

    #[test]
    fn changes_from_another_origin_are_refused() {
        let host = ("host", "127.0.0.1:8787");
        assert_eq!(code(Method::POST, "/api/v1/invitations", &[host, ("origin", "https://evil.test")]).as_deref(), Some("cross_origin_refused"));
        assert_eq!(code(Method::DELETE, "/_sandbox/faults", &[host, ("origin", "null")]).as_deref(), Some("cross_origin_refused"));
        assert_eq!(code(Method::POST, "/_sandbox/reset", &[host, ("origin", "http://127.0.0.1:1420")]).as_deref(), Some("cross_origin_refused"));
        assert_eq!(code(Method::PUT, "/api/v1/connections/marketo", &[host, ("sec-fetch-site", "cross-site")]).as_deref(), Some("cross_origin_refused"));
        // The sandbox's own pages, the app's clients (no Origin) and reads pass.
        assert_eq!(code(Method::POST, "/services/oauth2/token", &[host, ("origin", "http://localhost:8787"), ("content-type", "application/x-www-form-urlencoded")]), None);
        assert_eq!(code(Method::POST, "/services/oauth2/token", &[host, ("content-type", "application/x-www-form-urlencoded")]), None);
        assert_eq!(code(Method::GET, "/services/oauth2/authorize", &[host, ("origin", "https://evil.test"), ("sec-fetch-site", "cross-site")]), None);
        assert_eq!(code(Method::POST, "/_sandbox/reset", &[host, ("sec-fetch-site", "same-origin")]), None);
    }

    #[test]
    fn controls_take_json_or_nothing() {
        let host = ("host", "127.0.0.1:8787");
        assert_eq!(code(Method::POST, "/_sandbox/faults", &[host, ("content-type", "text/plain"), ("content-length", "12")]).as_deref(), Some("json_required"));
        assert_eq!(code(Method::POST, "/_sandbox/marketo", &[host, ("content-type", "application/x-www-form-urlencoded")]).as_deref(), Some("json_required"));
        assert_eq!(code(Method::POST, "/_sandbox/salesforce", &[host, ("content-length", "2")]).as_deref(), Some("json_required"));
        assert_eq!(code(Method::POST, "/_sandbox/sync", &[host, ("transfer-encoding", "chunked")]).as_deref(), Some("json_required"));
        assert_eq!(code(Method::POST, "/_sandbox/faults", &[host, ("content-type", "Application/JSON; charset=utf-8")]), None);
        assert_eq!(code(Method::POST, "/_sandbox/reset", &[host, ("content-length", "0")]), None);
        assert_eq!(code(Method::POST, "/_sandbox/reset", &[host]), None);
        // Outside the controls, bodies keep their own types (Marketo's form posts, OAuth's token form).
        assert_eq!(code(Method::POST, "/rest/v1/leads.json", &[host, ("content-type", "application/x-www-form-urlencoded")]), None);
    }
}
