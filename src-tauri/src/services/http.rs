//! The HTTP foundation the four clients share (Sales account, Salesforce REST, Marketo, the Salesforce
//! OAuth token endpoint): how a client is built, how long to wait between attempts, and what a
//! `Retry-After` header asks for. WHAT to retry stays with each client, which knows its service's rules
//! (Marketo's 606/615 and never 1003, the Sales account's 429/5xx, never a write whose outcome is unknown).

use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::{Duration, SystemTime};
use time::format_description::FormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// Sent on every call, so a service's logs can tell the app's traffic from a browser's.
pub const USER_AGENT: &str = concat!("msi-actions-setup/", env!("CARGO_PKG_VERSION"));

/// The longest `Retry-After` [`retry_after`] reports, whatever the service says: beyond it the answer is
/// treated as "much later", and each client's policy decides to give up.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3_600);

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("no HTTP client: {0}")]
    Build(String),
}

/// How a client is built. Every client refuses redirects: a redirect would carry a bearer token, an
/// authorization code or Marketo's Identity query (with its secret) to another host.
#[derive(Debug, Clone, Copy)]
pub struct ClientSettings {
    pub connect_timeout: Duration,
    /// The whole call, answer included.
    pub timeout: Duration,
    /// Whether idle connections are pooled; the OAuth legs keep none, since they are rare and a pooled
    /// connection must not outlive the runtime that opened it.
    pub keep_idle_connections: bool,
}

impl Default for ClientSettings {
    fn default() -> Self {
        Self { connect_timeout: Duration::from_secs(10), timeout: Duration::from_secs(30), keep_idle_connections: true }
    }
}

/// A reqwest client with rustls, no redirects and the given timeouts. System proxy settings
/// (`HTTPS_PROXY`, `NO_PROXY`) are honoured as before: corporate networks need them.
pub fn client(settings: ClientSettings) -> Result<reqwest::Client, HttpError> {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(settings.connect_timeout)
        .timeout(settings.timeout);
    if !settings.keep_idle_connections {
        builder = builder.pool_max_idle_per_host(0);
    }
    builder.build().map_err(|e| HttpError::Build(e.without_url().to_string()))
}

/// How many times a failing call is tried and how long to wait in between: exponential backoff with full
/// jitter (a random wait between zero and the exponential ceiling, so clients that failed together do
/// not retry together), the ceiling capped at `max_backoff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    /// Ceiling of the first wait; it doubles on each attempt.
    pub first_backoff: Duration,
    /// The ceiling never grows past this.
    pub max_backoff: Duration,
    /// Longest `Retry-After` a client honours before giving up and reporting the rate limit.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            first_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Whether another attempt is allowed after `attempt` (1-based) failed.
    pub fn allows_another(&self, attempt: u32) -> bool {
        attempt < self.max_attempts
    }

    /// The exponential ceiling of the wait after failed attempt `attempt` (1-based), capped.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(31));
        self.first_backoff.saturating_mul(factor).min(self.max_backoff)
    }

    /// The wait after failed attempt `attempt`: uniform in `[0, ceiling]`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        self.backoff_at(attempt, random_unit())
    }

    /// [`RetryPolicy::backoff`] for a given draw `unit` in `[0, 1)`, so the bounds can be tested exactly.
    pub fn backoff_at(&self, attempt: u32, unit: f64) -> Duration {
        self.ceiling(attempt).mul_f64(unit.clamp(0.0, 1.0))
    }

    /// How long to wait for a `Retry-After` the service sent: None when it asks for longer than this
    /// policy waits (the client gives up and reports the rate limit).
    pub fn honoured(&self, retry_after: Duration) -> Option<Duration> {
        (retry_after <= self.max_retry_after).then_some(retry_after)
    }
}

/// A draw in `[0, 1)` from the OS's randomness (a v4 UUID's random bits): no seed to share between
/// clients, so two of them never jitter in step.
fn random_unit() -> f64 {
    let bits = uuid::Uuid::new_v4().as_u128() >> 75; // 53 random bits
    bits as f64 / (1u64 << 53) as f64
}

/// RFC 9110's preferred HTTP-date form: `Sun, 06 Nov 1994 08:49:37 GMT`.
const IMF_FIXDATE: &[FormatItem<'static>] =
    format_description!("[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT");

/// What a `Retry-After` header asks for, seen at `now`: delta-seconds (`120`) or an HTTP-date
/// (IMF-fixdate). A date already past means "now" (zero). None when absent or unreadable; at most
/// [`MAX_RETRY_AFTER`].
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let wait = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Digits only: a number too large for u64 is still "a very long time".
        Duration::from_secs(value.parse::<u64>().unwrap_or(u64::MAX))
    } else {
        let date = PrimitiveDateTime::parse(value, IMF_FIXDATE).ok()?.assume_utc();
        let now = OffsetDateTime::from(now);
        let ahead = date - now;
        if ahead.is_negative() {
            Duration::ZERO
        } else {
            Duration::try_from(ahead).ok()?
        }
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

/// `at` as an IMF-fixdate, for `Retry-After` (and `Date`) headers.
pub fn http_date(at: SystemTime) -> String {
    // IMF_FIXDATE has only numeric and fixed parts: formatting a valid date cannot fail.
    OffsetDateTime::from(at).format(IMF_FIXDATE).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        headers
    }

    /// 2026-12-04 12:00:00 UTC.
    fn noon() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_385_600)
    }

    #[test]
    fn retry_after_reads_delta_seconds() {
        assert_eq!(retry_after(&headers("120"), noon()), Some(Duration::from_secs(120)));
        assert_eq!(retry_after(&headers(" 0 "), noon()), Some(Duration::ZERO));
        assert_eq!(retry_after(&HeaderMap::new(), noon()), None);
    }

    #[test]
    fn retry_after_reads_an_http_date_in_the_future() {
        assert_eq!(http_date(noon()), "Fri, 04 Dec 2026 12:00:00 GMT");
        assert_eq!(retry_after(&headers("Fri, 04 Dec 2026 12:01:30 GMT"), noon()), Some(Duration::from_secs(90)));
        // Seen half a second later, half a second less.
        let later = noon() + Duration::from_millis(500);
        assert_eq!(retry_after(&headers("Fri, 04 Dec 2026 12:00:02 GMT"), later), Some(Duration::from_millis(1_500)));
    }

    #[test]
    fn an_http_date_already_past_means_now() {
        assert_eq!(retry_after(&headers("Fri, 04 Dec 2026 11:59:00 GMT"), noon()), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("Sun, 06 Nov 1994 08:49:37 GMT"), noon()), Some(Duration::ZERO));
    }

    #[test]
    fn garbage_is_no_retry_after() {
        for value in ["soon", "-5", "1.5", "Fri, 04 Dec 2026 12:01:30", "Friday, 04-Dec-26 12:01:30 GMT", "Fri, 31 Feb 2026 12:00:00 GMT", ""] {
            assert_eq!(retry_after(&headers(value), noon()), None, "{value:?}");
        }
    }

    #[test]
    fn retry_after_is_capped() {
        assert_eq!(retry_after(&headers("86400"), noon()), Some(MAX_RETRY_AFTER));
        assert_eq!(retry_after(&headers("99999999999999999999999"), noon()), Some(MAX_RETRY_AFTER));
        assert_eq!(retry_after(&headers("Fri, 01 Jan 2100 00:00:00 GMT"), noon()), Some(MAX_RETRY_AFTER));
    }

    #[test]
    fn the_backoff_ceiling_doubles_up_to_its_cap() {
        let policy = RetryPolicy { first_backoff: Duration::from_millis(100), max_backoff: Duration::from_millis(700), ..RetryPolicy::default() };
        let ceilings: Vec<u128> = (1..=5).map(|attempt| policy.ceiling(attempt).as_millis()).collect();
        assert_eq!(ceilings, vec![100, 200, 400, 700, 700]);
        assert_eq!(policy.ceiling(u32::MAX), Duration::from_millis(700));
        assert_eq!(policy.backoff_at(3, 0.0), Duration::ZERO);
        assert_eq!(policy.backoff_at(3, 0.5), Duration::from_millis(200));
        assert_eq!(policy.backoff_at(3, 7.0), Duration::from_millis(400));
    }

    #[test]
    fn jitter_stays_within_bounds_and_varies() {
        let policy = RetryPolicy { first_backoff: Duration::from_millis(100), ..RetryPolicy::default() };
        let waits: Vec<Duration> = (0..200).map(|_| policy.backoff(3)).collect();
        assert!(waits.iter().all(|wait| *wait <= Duration::from_millis(400)), "{waits:?}");
        let distinct: std::collections::HashSet<_> = waits.iter().collect();
        assert!(distinct.len() > 150, "only {} distinct waits of 200", distinct.len());
        // Spread over the range, not bunched at one end: the mean of a uniform draw is half the ceiling.
        let mean = waits.iter().sum::<Duration>() / 200;
        assert!(mean > Duration::from_millis(140) && mean < Duration::from_millis(260), "mean {mean:?}");
    }

    #[test]
    fn attempts_and_retry_after_follow_the_policy() {
        let policy = RetryPolicy { max_attempts: 3, max_retry_after: Duration::from_secs(5), ..RetryPolicy::default() };
        assert!(policy.allows_another(2));
        assert!(!policy.allows_another(3));
        assert_eq!(policy.honoured(Duration::from_secs(5)), Some(Duration::from_secs(5)));
        assert_eq!(policy.honoured(Duration::from_secs(6)), None);
    }
}
