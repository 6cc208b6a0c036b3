//! Switchable faults (`POST /_sandbox/faults`): latency, forced error answers, random error ratios,
//! token expiry and connection resets, so clients can be tested against a service having a bad day.
//! Forced answers are decided before a request acts, so a faulted write never creates anything.
//! In memory only: a restart (or `POST /_sandbox/reset`) clears them.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::sandbox::error::ApiError;

/// The body of `POST /_sandbox/faults` (and of `GET`). Every field is optional; a POST replaces the
/// whole fault set, so what it leaves out is off.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultConfig {
    /// Added before every `/api/v1` answer.
    #[serde(default)]
    pub latency_ms: u64,
    /// Forced answers for the next `/api/v1` requests, in order.
    #[serde(default)]
    pub next: Vec<ForcedFault>,
    /// Random failures on every `/api/v1` request once `next` is used up.
    #[serde(default)]
    pub error_ratio: Vec<RatioFault>,
    /// The next `/api/v1` request answers `401 token_expired` (once; the retry goes through).
    #[serde(default)]
    pub token_expired: bool,
    /// The next N `/api/v1` requests have their connection reset without an answer.
    #[serde(default)]
    pub reset_connections: u32,
    /// Share (0.0 to 1.0) of `/api/v1` writes that act and then lose their answer: the status line goes
    /// out, the body breaks off. What a client sees when the service did the work but the network failed,
    /// the case that must never become a second send.
    #[serde(default)]
    pub lost_answers: f64,
    /// The next N `/api/v1` writes act and then answer only after `slow_answer_ms`: longer than a client's
    /// timeout, a timeout after the service did the work.
    #[serde(default)]
    pub slow_answers: u32,
    #[serde(default = "default_slow_answer_ms")]
    pub slow_answer_ms: u64,
    /// Forced faults send `Retry-After` as an HTTP-date that many seconds ahead instead of delta-seconds
    /// (both forms are the standard's; a client must read either).
    #[serde(default)]
    pub retry_after_as_date: bool,
}

/// Longer than the app's 30-s request timeout.
fn default_slow_answer_ms() -> u64 {
    35_000
}

/// `count` requests in a row answer `status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForcedFault {
    pub status: u16,
    #[serde(default = "one")]
    pub count: u32,
    /// `Retry-After` seconds (429 default 1; sent on 5xx only when given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// Overrides the error code (default from the status: see [`fault_error`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Each request fails with `status` with probability `ratio` (0.0 to 1.0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatioFault {
    pub status: u16,
    pub ratio: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

fn one() -> u32 {
    1
}

impl FaultConfig {
    /// Refuses statuses that are not errors, empty counts and ratios outside 0..=1 (or summing above 1).
    pub fn validate(&self) -> Result<(), ApiError> {
        let bad = |message: String| ApiError::bad_request("invalid_faults", message);
        for fault in &self.next {
            if !(400..=599).contains(&fault.status) {
                return Err(bad(format!("next: status {} is not an error status (400-599)", fault.status)));
            }
            if fault.count == 0 {
                return Err(bad("next: count must be at least 1".into()));
            }
        }
        let mut total = 0.0;
        for fault in &self.error_ratio {
            if !(400..=599).contains(&fault.status) {
                return Err(bad(format!("error_ratio: status {} is not an error status (400-599)", fault.status)));
            }
            if !(0.0..=1.0).contains(&fault.ratio) {
                return Err(bad(format!("error_ratio: ratio {} is not between 0 and 1", fault.ratio)));
            }
            total += fault.ratio;
        }
        if total > 1.0 {
            return Err(bad("error_ratio: the ratios add up to more than 1".into()));
        }
        if !(0.0..=1.0).contains(&self.lost_answers) {
            return Err(bad(format!("lost_answers: {} is not between 0 and 1", self.lost_answers)));
        }
        Ok(())
    }
}

/// The live fault set. Connection resets sit in an atomic because the socket layer checks them on
/// every read.
#[derive(Debug, Default)]
pub struct Faults {
    config: Mutex<FaultConfig>,
    resets_pending: AtomicU32,
    resets_done: AtomicU64,
}

impl Faults {
    fn config(&self) -> std::sync::MutexGuard<'_, FaultConfig> {
        self.config.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces the whole fault set (call [`FaultConfig::validate`] first).
    pub fn set(&self, mut config: FaultConfig) {
        self.resets_pending.store(config.reset_connections, Ordering::SeqCst);
        config.reset_connections = 0;
        *self.config() = config;
    }

    pub fn clear(&self) {
        self.set(FaultConfig::default());
    }

    /// What is still armed (counts already used are gone).
    pub fn snapshot(&self) -> FaultConfig {
        let mut config = self.config().clone();
        config.reset_connections = self.resets_pending.load(Ordering::SeqCst);
        config
    }

    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.config().latency_ms)
    }

    /// True once after `token_expired` was set.
    pub fn take_token_expired(&self) -> bool {
        std::mem::take(&mut self.config().token_expired)
    }

    /// The forced answer for this request, if any: the head of `next`, else a roll of `error_ratio`.
    pub fn take_forced(&self) -> Option<ApiError> {
        let mut config = self.config();
        let as_date = config.retry_after_as_date;
        if let Some(head) = config.next.first_mut() {
            let mut error = fault_error(head.status, head.retry_after, head.code.as_deref(), head.message.as_deref());
            error.retry_after_as_date = as_date;
            head.count = head.count.saturating_sub(1);
            if head.count == 0 {
                config.next.remove(0);
            }
            return Some(error);
        }
        if config.error_ratio.is_empty() {
            return None;
        }
        let mut roll = random_unit();
        for fault in &config.error_ratio {
            if roll < fault.ratio {
                let mut error = fault_error(fault.status, fault.retry_after, fault.code.as_deref(), fault.message.as_deref());
                error.retry_after_as_date = as_date;
                return Some(error);
            }
            roll -= fault.ratio;
        }
        None
    }

    /// How long to hold this write's answer after it acted, when a `slow_answers` fault is armed (one fewer).
    pub fn take_slow_answer(&self) -> Option<Duration> {
        let mut config = self.config();
        if config.slow_answers == 0 {
            return None;
        }
        config.slow_answers -= 1;
        Some(Duration::from_millis(config.slow_answer_ms))
    }

    /// True when this write's answer is to be lost (a roll of `lost_answers`).
    pub fn take_lost_answer(&self) -> bool {
        let ratio = self.config().lost_answers;
        ratio > 0.0 && random_unit() < ratio
    }

    /// True (and one fewer pending) if this connection must be reset.
    pub fn take_reset(&self) -> bool {
        let taken = self
            .resets_pending
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| left.checked_sub(1))
            .is_ok();
        if taken {
            self.resets_done.fetch_add(1, Ordering::SeqCst);
        }
        taken
    }

    pub fn resets_done(&self) -> u64 {
        self.resets_done.load(Ordering::SeqCst)
    }

    pub fn reset_counts(&self) {
        self.resets_done.store(0, Ordering::SeqCst);
    }
}

/// The error body a forced `status` answers with: 401 `token_expired`, 429 `rate_limited` (Retry-After
/// 1 s unless given), 5xx `server_error` (retryable), other 4xx a non-retryable `forced_error`; `code`
/// and `message` override.
pub fn fault_error(status: u16, retry_after: Option<u64>, code: Option<&str>, message: Option<&str>) -> ApiError {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut error = match status {
        StatusCode::UNAUTHORIZED => ApiError::token_expired(),
        StatusCode::TOO_MANY_REQUESTS => {
            ApiError::rate_limited(retry_after.unwrap_or(1), "Too many requests (sandbox fault).")
        }
        s if s.is_server_error() => {
            let mut error = ApiError::server_error();
            error.status = s;
            error.message = Cow::Borrowed("The service is having trouble (sandbox fault); try again later.");
            error
        }
        s => ApiError::new(s, "forced_error", "Forced error (sandbox fault)."),
    };
    if let Some(seconds) = retry_after {
        error.retry_after = Some(seconds);
    }
    if let Some(code) = code {
        error.code = Cow::Owned(code.to_owned());
    }
    if let Some(message) = message {
        error.message = Cow::Owned(message.to_owned());
    }
    error
}

/// A uniform number in [0, 1) from the OS random source (via a v4 UUID; no extra dependency).
fn random_unit() -> f64 {
    let bits = uuid::Uuid::new_v4().as_u128() >> 75; // 53 random bits
    bits as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_faults_are_used_in_order_then_gone() {
        let faults = Faults::default();
        faults.set(FaultConfig {
            next: vec![
                ForcedFault { status: 429, count: 2, retry_after: Some(3), code: None, message: None },
                ForcedFault { status: 503, count: 1, retry_after: None, code: None, message: None },
            ],
            ..FaultConfig::default()
        });
        let first = faults.take_forced().unwrap();
        assert_eq!((first.status.as_u16(), first.code.as_ref(), first.retry_after), (429, "rate_limited", Some(3)));
        assert!(!first.retry_after_as_date);
        assert_eq!(faults.take_forced().unwrap().status.as_u16(), 429);
        let third = faults.take_forced().unwrap();
        assert_eq!((third.status.as_u16(), third.code.as_ref(), third.retryable), (503, "server_error", true));
        assert!(faults.take_forced().is_none());
    }

    #[test]
    fn retry_after_can_be_sent_as_an_http_date() {
        let faults = Faults::default();
        let config: FaultConfig = serde_json::from_str(r#"{"next":[{"status":429,"retry_after":2}],"retry_after_as_date":true}"#).unwrap();
        faults.set(config);
        let forced = faults.take_forced().unwrap();
        assert_eq!((forced.retry_after, forced.retry_after_as_date), (Some(2), true));
        let before = std::time::SystemTime::now();
        let response = axum::response::IntoResponse::into_response(forced);
        let sent = response.headers()[axum::http::header::RETRY_AFTER].to_str().unwrap().to_owned();
        assert!(sent.ends_with(" GMT"), "{sent}");
        let wait = crate::services::http::retry_after(response.headers(), before).unwrap();
        assert!(wait >= Duration::from_secs(1) && wait <= Duration::from_secs(3), "{sent} = {wait:?}");
    }

    #[test]
    fn lost_answers_follow_their_ratio_and_bad_ratios_are_refused() {
        let faults = Faults::default();
        assert!(!faults.take_lost_answer());
        faults.set(FaultConfig { lost_answers: 1.0, ..FaultConfig::default() });
        assert!(faults.take_lost_answer());
        assert!(FaultConfig { lost_answers: 1.5, ..FaultConfig::default() }.validate().is_err());
        assert!(FaultConfig { lost_answers: 0.25, ..FaultConfig::default() }.validate().is_ok());
    }

    #[test]
    fn slow_answers_are_counted_down() {
        let faults = Faults::default();
        faults.set(FaultConfig { slow_answers: 2, slow_answer_ms: 10, ..FaultConfig::default() });
        assert_eq!(faults.take_slow_answer(), Some(Duration::from_millis(10)));
        assert_eq!(faults.take_slow_answer(), Some(Duration::from_millis(10)));
        assert_eq!(faults.take_slow_answer(), None);
        let parsed: FaultConfig = serde_json::from_str(r#"{"slow_answers":1}"#).unwrap();
        assert_eq!(parsed.slow_answer_ms, 35_000);
    }

    #[test]
    fn token_expiry_and_resets_are_one_shot() {
        let faults = Faults::default();
        faults.set(FaultConfig { token_expired: true, reset_connections: 1, ..FaultConfig::default() });
        assert!(faults.take_token_expired());
        assert!(!faults.take_token_expired());
        assert!(faults.take_reset());
        assert!(!faults.take_reset());
        assert_eq!(faults.resets_done(), 1);
    }

    #[test]
    fn ratio_one_always_fails_and_bad_configs_are_refused() {
        let faults = Faults::default();
        let config = FaultConfig {
            error_ratio: vec![RatioFault { status: 500, ratio: 1.0, retry_after: None, code: None, message: None }],
            ..FaultConfig::default()
        };
        config.validate().unwrap();
        faults.set(config);
        assert!((0..20).all(|_| faults.take_forced().is_some()));
        let unit = random_unit();
        assert!((0.0..1.0).contains(&unit));

        let bad = FaultConfig {
            next: vec![ForcedFault { status: 200, count: 1, retry_after: None, code: None, message: None }],
            ..FaultConfig::default()
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(serde_json::from_str::<FaultConfig>(r#"{"latency":5}"#).is_err());
        let parsed: FaultConfig = serde_json::from_str(r#"{"next":[{"status":503}]}"#).unwrap();
        assert_eq!(parsed.next[0].count, 1);
    }
}
