//! What every `/api/v1` request goes through before its route runs, in this order: the in-flight cap,
//! the fault latency, the bearer token, forced faults (token expiry, `next`, `error_ratio`), then the
//! token bucket. Whatever answers, it carries the `X-RateLimit-*` headers and is counted in the stats.
//! Nothing here touches the state: a refused or faulted request never acts.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::sandbox::error::ApiError;
use crate::sandbox::rate_limit::{exhausted, Snapshot};
use crate::sandbox::AppState;

const API_PREFIX: &str = "/api/v1";

pub async fn api_pipeline(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let route = route_label(&request);
    let (mut response, snapshot) = guarded(&app, request, next).await;
    snapshot.write(response.headers_mut());
    app.stats.record(route, response.status().as_u16());
    response
}

async fn guarded(app: &AppState, request: Request, next: Next) -> (Response, Snapshot) {
    let Some(_permit) = app.limiter.enter() else {
        let error = ApiError::rate_limited(1, "Too many requests in flight; wait for some to finish.");
        return (error.into_response(), app.limiter.peek());
    };

    let latency = app.faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }

    if !authorized(&request, &app.token) {
        return (ApiError::unauthorized().into_response(), app.limiter.peek());
    }
    if app.faults.take_token_expired() {
        return (ApiError::token_expired().into_response(), app.limiter.peek());
    }
    if let Some(fault) = app.faults.take_forced() {
        tracing::debug!(status = %fault.status, code = %fault.code, "sandbox fault: forced answer");
        let snapshot = if fault.status == StatusCode::TOO_MANY_REQUESTS {
            exhausted(app.limiter.peek().limit, fault.retry_after.unwrap_or(1))
        } else {
            app.limiter.peek()
        };
        return (fault.into_response(), snapshot);
    }

    let write = request.method() != axum::http::Method::GET;
    match app.limiter.take() {
        Ok(snapshot) => {
            let response = next.run(request).await;
            if let Some(hold) = write.then(|| app.faults.take_slow_answer()).flatten() {
                tracing::debug!(?hold, "sandbox fault: slow answer after the call acted");
                tokio::time::sleep(hold).await;
            }
            if write && app.faults.take_lost_answer() {
                tracing::debug!("sandbox fault: answer lost after the call acted");
                return (lose_body(response), snapshot);
            }
            (response, snapshot)
        }
        Err((snapshot, retry_after)) => {
            let error = ApiError::rate_limited(retry_after, "Rate limit reached; retry after the given seconds.");
            (error.into_response(), snapshot)
        }
    }
}

/// Keeps the status line and headers and breaks the body off, as a network failure after the service
/// acted would.
fn lose_body(response: Response) -> Response {
    let (parts, _) = response.into_parts();
    let broken = tokio_util::io::ReaderStream::new(BrokenBody);
    Response::from_parts(parts, axum::body::Body::from_stream(broken))
}

/// A body source that fails on its first read.
struct BrokenBody;

impl tokio::io::AsyncRead for BrokenBody {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
        _buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "answer lost (sandbox fault)")))
    }
}

/// `Authorization: Bearer <token>` with exactly the configured token.
fn authorized(request: &Request, token: &str) -> bool {
    let Some(value) = request.headers().get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Some((scheme, presented)) = value.trim().split_once(' ') else { return false };
    scheme.eq_ignore_ascii_case("bearer") && presented.trim() == token
}

/// `METHOD /template` without the `/api/v1` prefix, e.g. `GET /invitations/{id}`.
fn route_label(request: &Request) -> String {
    let path = request.extensions().get::<MatchedPath>().map(MatchedPath::as_str).unwrap_or("(unknown)");
    let path = path.strip_prefix(API_PREFIX).filter(|rest| !rest.is_empty()).unwrap_or(path);
    format!("{} {}", request.method(), path)
}
