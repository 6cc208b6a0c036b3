//! The loopback listener that receives the browser's redirect: bound to 127.0.0.1 only, serving only
//! `GET {callback_path}` (anything else is a 404 and consumes nothing), taking exactly one answer, then
//! closing; it also closes when its time is up or when it is told to stop. It must never serve a second
//! answer, never listen beyond loopback, and never show a code or token in its pages or logs.
//!
//! Any web page the person has open can send their browser to `http://localhost:1717/OauthRedirect?…`,
//! so only an answer carrying this sign-in's `state` (compared in constant time) may end it — a code or
//! a provider `error=`. Anything else gets a 400 page and the listener keeps waiting for the real one.

use std::collections::HashSet;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::flow::Exchange;
use super::page;
use super::redirect::{RedirectParams, Source};
use super::{AuthError, SalesforceTokens};
use crate::i18n::Language;

/// How long closing waits for the browser's open connections before it drops them.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// A TCP listener on `127.0.0.1:{port}`, not yet serving.
#[derive(Debug)]
pub struct LoopbackListener {
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
}

impl LoopbackListener {
    /// Binds `127.0.0.1:{port}` (0 = any free port). A taken port is [`AuthError::PortBusy`], naming the
    /// process that holds it when the OS tells (Linux). The same port on `[::1]` must be free too:
    /// browsers may try `localhost` there first, and another program must not get the redirect.
    pub async fn bind(port: u16) -> Result<Self, AuthError> {
        let listener = match tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await {
            Ok(listener) => listener,
            Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => return Err(busy(port).await),
            Err(err) => return Err(AuthError::Listener { port, reason: err.kind().to_string() }),
        };
        let addr = listener.local_addr().map_err(|err| AuthError::Listener { port, reason: err.kind().to_string() })?;
        if let Err(err) = std::net::TcpListener::bind((Ipv6Addr::LOCALHOST, addr.port())) {
            if err.kind() == std::io::ErrorKind::AddrInUse {
                return Err(busy(addr.port()).await);
            }
            // No IPv6 loopback on this machine: nothing can listen there either.
        }
        Ok(Self { listener, addr })
    }

    /// Always `127.0.0.1:{port}`.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until one answer was handled, `timeout` passed, or `stop` is cancelled. The outcome (tokens
    /// or why not) arrives on [`Served::outcome`]; the browser tab gets a page saying the same.
    pub(crate) fn serve(
        self,
        callback_path: String,
        language: Language,
        timeout: Duration,
        exchange: Arc<Exchange>,
    ) -> Served {
        let Self { listener, addr } = self;
        let (outcome_tx, outcome) = oneshot::channel();
        let stop = CancellationToken::new();
        let ctx = Arc::new(Ctx {
            callback_path,
            language,
            exchange,
            consumed: AtomicBool::new(false),
            outcome: Mutex::new(Some(outcome_tx)),
            stop: stop.clone(),
        });

        let watchdog = ctx.clone();
        tokio::spawn(async move {
            tokio::select! {
                () = tokio::time::sleep(timeout) => {
                    if !watchdog.consumed.swap(true, Ordering::SeqCst) {
                        tracing::info!("Salesforce sign-in: no answer in time; closing the listener");
                        watchdog.send(Err(AuthError::TimedOut));
                    }
                    watchdog.stop.cancel();
                }
                () = watchdog.stop.cancelled() => {}
            }
        });

        let router = Router::new().fallback(handle).with_state(ctx);
        let signal = stop.clone();
        let task = tokio::spawn(async move {
            let server = axum::serve(listener, router).with_graceful_shutdown(signal.cancelled_owned());
            if let Err(err) = server.await {
                tracing::warn!(%err, "Salesforce sign-in listener stopped with an error");
            }
        });
        tracing::info!(%addr, "Salesforce sign-in: waiting for the browser on loopback");
        Served { addr, outcome, stop, task: Some(task) }
    }
}

/// A listener being served.
pub(crate) struct Served {
    pub addr: SocketAddr,
    pub outcome: oneshot::Receiver<Result<SalesforceTokens, AuthError>>,
    pub stop: CancellationToken,
    task: Option<JoinHandle<()>>,
}

impl Served {
    /// Stops accepting (the port is released), gives open connections a moment, then drops them.
    pub async fn close(&mut self) {
        self.stop.cancel();
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(CLOSE_GRACE, &mut task).await.is_err() {
                task.abort();
                let _ = task.await;
            }
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

struct Ctx {
    callback_path: String,
    language: Language,
    exchange: Arc<Exchange>,
    /// Set by the first answer (or by the timeout): everything after it is refused.
    consumed: AtomicBool,
    outcome: Mutex<Option<oneshot::Sender<Result<SalesforceTokens, AuthError>>>>,
    stop: CancellationToken,
}

impl Ctx {
    fn send(&self, outcome: Result<SalesforceTokens, AuthError>) {
        if let Some(sender) = self.outcome.lock().unwrap_or_else(PoisonError::into_inner).take() {
            let _ = sender.send(outcome);
        }
    }
}

async fn handle(State(ctx): State<Arc<Ctx>>, method: Method, uri: Uri) -> Response {
    if uri.path() != ctx.callback_path {
        return page::not_found();
    }
    if method != Method::GET {
        return (StatusCode::METHOD_NOT_ALLOWED, "Method not allowed").into_response();
    }
    let params = RedirectParams::from_query(uri.query().unwrap_or_default());
    if !params.carries_an_answer() {
        return page::waiting_page(ctx.language);
    }
    if !ctx.exchange.is_ours(&params) {
        tracing::warn!("Salesforce sign-in: a request without this sign-in's state reached the listener; refused");
        return page::foreign_request_page(ctx.language);
    }
    if ctx.consumed.swap(true, Ordering::SeqCst) {
        tracing::warn!("Salesforce sign-in: a second answer reached the listener; refused");
        return page::outcome_page(ctx.language, &Err(AuthError::AlreadyFinished));
    }
    // The exchange runs in its own task, so a browser that closes the tab cannot cancel it halfway.
    let job_ctx = ctx.clone();
    let job = tokio::spawn(async move {
        let result = job_ctx.exchange.finish(params, Source::Listener).await;
        let shown = result.as_ref().map(|_| ()).map_err(Clone::clone);
        if let Err(err) = &result {
            tracing::info!(code = err.code().as_str(), "Salesforce sign-in: the browser's answer did not sign in");
        }
        if !matches!(result, Err(AuthError::AlreadyFinished)) {
            job_ctx.send(result);
        }
        job_ctx.stop.cancel();
        shown
    });
    let shown = match job.await {
        Ok(shown) => shown,
        Err(_) => {
            let err = AuthError::BadResponse("the sign-in stopped unexpectedly".into());
            ctx.send(Err(err.clone()));
            ctx.stop.cancel();
            Err(err)
        }
    };
    page::outcome_page(ctx.language, &shown)
}

async fn busy(port: u16) -> AuthError {
    let holder = tokio::task::spawn_blocking(move || port_holder(port)).await.ok().flatten();
    AuthError::PortBusy { port, holder }
}

/// The process listening on TCP `port` (any local address), as `name (pid N)`, when the OS tells.
/// Linux: the socket's inode from `/proc/net/tcp{,6}`, then the process whose `/proc/*/fd` links to it
/// (only processes of the same user are visible). Elsewhere: `None`.
#[cfg(target_os = "linux")]
pub fn port_holder(port: u16) -> Option<String> {
    let mut inodes = HashSet::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        if let Ok(text) = std::fs::read_to_string(table) {
            inodes.extend(listening_inodes(&text, port));
        }
    }
    if inodes.is_empty() {
        return None;
    }
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else { continue };
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else { continue };
        for fd in fds.flatten() {
            let Ok(target) = std::fs::read_link(fd.path()) else { continue };
            let inode = target.to_str().and_then(|t| t.strip_prefix("socket:[")).and_then(|t| t.strip_suffix(']'));
            if inode.is_some_and(|inode| inodes.contains(inode)) {
                return Some(describe_process(pid));
            }
        }
    }
    None
}

#[cfg(not(target_os = "linux"))]
pub fn port_holder(_port: u16) -> Option<String> {
    None
}

/// Inodes of sockets in LISTEN state (`0A`) on `port`, from the text of `/proc/net/tcp` or `tcp6`.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn listening_inodes(table: &str, port: u16) -> HashSet<String> {
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            let local = columns.get(1)?;
            let state = columns.get(3)?;
            let inode = columns.get(9)?;
            let local_port = u16::from_str_radix(local.rsplit_once(':')?.1, 16).ok()?;
            (local_port == port && *state == "0A" && *inode != "0").then(|| (*inode).to_owned())
        })
        .collect()
}

#[cfg(target_os = "linux")]
fn describe_process(pid: u32) -> String {
    let from_cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok().and_then(|raw| {
        let first = raw.split(|b| *b == 0).next()?;
        let text = String::from_utf8_lossy(first).into_owned();
        let name = text.rsplit('/').next()?.trim().to_owned();
        (!name.is_empty()).then_some(name)
    });
    let name = from_cmdline
        .or_else(|| std::fs::read_to_string(format!("/proc/{pid}/comm")).ok().map(|s| s.trim().to_owned()))
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "a program".to_owned());
    format!("{name} (pid {pid})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listening_sockets_are_found_by_port() {
        let table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:06B5 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0
   1: 0100007F:06B5 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0000000000000000 20 4 30 10 -1
   2: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4444 1 0000000000000000 100 0 0 10 0";
        assert_eq!(listening_inodes(table, 1717), HashSet::from(["4242".to_owned()]));
        assert_eq!(listening_inodes(table, 8080), HashSet::from(["4444".to_owned()]));
        assert!(listening_inodes(table, 1718).is_empty());
    }

    /// The listener over real loopback HTTP, with the sandbox's simulated org playing Salesforce and the
    /// test playing the browser (no redirects followed).
    mod loopback {
        use crate::auth::{self as flow, AuthError, LoginHost, PendingSignIn, SignInConfig};
        use crate::sandbox::salesforce::SANDBOX_CONSUMER_KEY;
        use crate::sandbox::{self, RunningSandbox, SandboxConfig};
        use std::time::Duration;
        use tokio_util::sync::CancellationToken;

        struct Browser {
            _dir: tempfile::TempDir,
            sandbox: RunningSandbox,
            http: reqwest::Client,
        }

        async fn browser() -> Browser {
            let dir = tempfile::tempdir().unwrap();
            let sandbox = sandbox::start(SandboxConfig::new(dir.path().join("sandbox.db"))).await.unwrap();
            let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
            Browser { _dir: dir, sandbox, http }
        }

        async fn start(browser: &Browser) -> PendingSignIn {
            let mut config =
                SignInConfig::new(SANDBOX_CONSUMER_KEY, LoginHost::my_domain(&browser.sandbox.root_url()).unwrap());
            config.port = 0;
            config.timeout = Duration::from_secs(20);
            flow::start(config).await.unwrap()
        }

        fn callback(pending: &PendingSignIn, query: &str) -> String {
            format!("http://127.0.0.1:{}/OauthRedirect?{query}", pending.listening_on().unwrap().port())
        }

        fn state_of(pending: &PendingSignIn) -> String {
            let url = url::Url::parse(pending.authorize_url()).unwrap();
            url.query_pairs().find(|(key, _)| key == "state").map(|(_, value)| value.into_owned()).unwrap()
        }

        async fn get(browser: &Browser, url: &str) -> (u16, String) {
            let response = browser.http.get(url).send().await.expect("the listener answers");
            (response.status().as_u16(), response.text().await.unwrap_or_default())
        }

        #[tokio::test]
        async fn forged_answers_are_refused_and_the_real_redirect_still_signs_in() {
            let browser = browser().await;
            let pending = start(&browser).await;
            for forged in ["code=forged&state=x", "code=forged", "state=x", "error=access_denied&state=x", "error=access_denied"] {
                let (status, page) = get(&browser, &callback(&pending, forged)).await;
                assert_eq!(status, 400, "{forged}");
                assert!(page.contains("This link is not from your sign-in"), "{forged}: {page}");
            }

            let authorize = browser.http.get(format!("{}&auto=allow", pending.authorize_url())).send().await.unwrap();
            let location = authorize.headers()["location"].to_str().unwrap().to_owned();
            let (status, page) = get(&browser, &location).await;
            assert_eq!(status, 200, "{page}");
            let tokens = pending.complete(CancellationToken::new()).await.expect("the real redirect signs in");
            assert!(tokens.refresh_token.is_some());
        }

        #[tokio::test]
        async fn a_provider_error_with_the_right_state_ends_the_sign_in() {
            let browser = browser().await;
            let pending = start(&browser).await;
            let state = state_of(&pending);
            let (status, _) = get(&browser, &callback(&pending, "error=access_denied&state=wrong")).await;
            assert_eq!(status, 400);

            let (_, page) = get(&browser, &callback(&pending, &format!("error=access_denied&state={state}"))).await;
            assert!(page.contains("access_denied"), "{page}");
            let err = pending.complete(CancellationToken::new()).await.unwrap_err();
            assert!(matches!(err, AuthError::AccessDenied { .. }), "{err:?}");
        }
    }
}
