//! Marketo's shared limits kept on our side, so 606 (over 100 calls in 20 s) and 615 (over 10 in flight)
//! are not how we find them: a cap on calls in flight and a sliding window of the instants calls were
//! sent. Every attempt, retries included, passes here first. A small margin is added to the window for
//! the network's jitter (a call sent 20.0 s after another may arrive 19.9 s after it).
//!
//! The limits are shared by every integration of the instance; this only keeps *our* share within them:
//! the app's own clients never have more than [`APP_MAX_IN_FLIGHT`] (5) calls in flight, half of the
//! instance's 10, so the sync and other integrations keep room.
//! 606/615 caused by others are still retried by the client and counted in [`CallStats`].

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Added to the window so calls spaced exactly by it cannot land inside one window on Marketo's side.
const JITTER_MARGIN: Duration = Duration::from_millis(100);

/// Most calls in flight the app's own Marketo clients allow themselves (Adobe suggests starting at 5:
/// the instance's 10 are shared with every integration of it).
pub const APP_MAX_IN_FLIGHT: u32 = 5;

/// How many calls the client allows itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallLimits {
    /// Calls in any window of `per`.
    pub calls: u32,
    pub per: Duration,
    /// Calls waiting for an answer at once.
    pub in_flight: u32,
}

impl CallLimits {
    /// Marketo's documented limits: 100 calls / 20 s and 10 in flight per instance.
    pub const fn marketo() -> Self {
        Self { calls: 100, per: Duration::from_secs(20), in_flight: 10 }
    }
}

impl CallLimits {
    /// The app's own share: Marketo's rate with `in_flight` kept within 1..=[`APP_MAX_IN_FLIGHT`].
    pub fn for_app(in_flight: u32) -> Self {
        Self { in_flight: in_flight.clamp(1, APP_MAX_IN_FLIGHT), ..Self::default() }
    }
}

impl Default for CallLimits {
    /// Marketo's rate, and 5 in flight as Adobe suggests to start with (the 10 are shared by every
    /// integration of the instance).
    fn default() -> Self {
        Self { calls: 100, per: Duration::from_secs(20), in_flight: APP_MAX_IN_FLIGHT }
    }
}

/// What the client has sent and met, since it was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CallStats {
    /// API attempts sent (retries included; Identity not counted).
    pub calls: u64,
    /// 606 answers met and retried.
    pub retried_606: u64,
    /// 615 answers met and retried.
    pub retried_615: u64,
}

/// The in-flight cap and the call window.
#[derive(Debug)]
pub struct CallLimiter {
    limits: CallLimits,
    window: Mutex<VecDeque<Instant>>,
    in_flight: Arc<Semaphore>,
    calls: AtomicU64,
    retried_606: AtomicU64,
    retried_615: AtomicU64,
}

impl CallLimiter {
    pub fn new(limits: CallLimits) -> Self {
        let limits = CallLimits { calls: limits.calls.max(1), per: limits.per, in_flight: limits.in_flight.max(1) };
        Self {
            limits,
            window: Mutex::new(VecDeque::with_capacity(limits.calls as usize)),
            in_flight: Arc::new(Semaphore::new(limits.in_flight as usize)),
            calls: AtomicU64::new(0),
            retried_606: AtomicU64::new(0),
            retried_615: AtomicU64::new(0),
        }
    }

    pub fn limits(&self) -> CallLimits {
        self.limits
    }

    /// Waits for a free slot in flight, then for room in the window; the permit is held until the answer
    /// is read.
    pub async fn acquire(&self) -> Option<OwnedSemaphorePermit> {
        let permit = self.in_flight.clone().acquire_owned().await.ok()?;
        let span = self.limits.per + JITTER_MARGIN;
        loop {
            let wait = {
                let mut window = self.window.lock().unwrap_or_else(PoisonError::into_inner);
                let now = Instant::now();
                while window.front().is_some_and(|sent| now.duration_since(*sent) >= span) {
                    window.pop_front();
                }
                if window.len() < self.limits.calls as usize {
                    window.push_back(now);
                    None
                } else {
                    window.front().map(|oldest| (*oldest + span).saturating_duration_since(now))
                }
            };
            match wait {
                None => break,
                Some(wait) => tokio::time::sleep(wait.max(Duration::from_millis(1))).await,
            }
        }
        self.calls.fetch_add(1, Ordering::Relaxed);
        Some(permit)
    }

    /// Counts a 606 or 615 that is about to be retried.
    pub fn count_retry(&self, code: &str) {
        match code {
            "606" => self.retried_606.fetch_add(1, Ordering::Relaxed),
            "615" => self.retried_615.fetch_add(1, Ordering::Relaxed),
            _ => 0,
        };
    }

    pub fn stats(&self) -> CallStats {
        CallStats {
            calls: self.calls.load(Ordering::Relaxed),
            retried_606: self.retried_606.load(Ordering::Relaxed),
            retried_615: self.retried_615.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_never_asks_for_more_than_five_in_flight() {
        assert_eq!(CallLimits::default().in_flight, 5);
        assert_eq!(CallLimits::for_app(10).in_flight, 5);
        assert_eq!(CallLimits::for_app(0).in_flight, 1);
        assert_eq!(CallLimits::for_app(3), CallLimits { in_flight: 3, ..CallLimits::default() });
    }

    #[tokio::test]
    async fn the_window_holds_calls_beyond_the_allowance() {
        let limiter = CallLimiter::new(CallLimits { calls: 3, per: Duration::from_millis(300), in_flight: 10 });
        let start = Instant::now();
        for _ in 0..3 {
            drop(limiter.acquire().await);
        }
        assert!(start.elapsed() < Duration::from_millis(100));
        drop(limiter.acquire().await);
        assert!(start.elapsed() >= Duration::from_millis(300), "{:?}", start.elapsed());
        assert_eq!(limiter.stats().calls, 4);
    }

    #[tokio::test]
    async fn the_in_flight_cap_waits_for_a_permit() {
        let limiter = CallLimiter::new(CallLimits { calls: 100, per: Duration::from_secs(20), in_flight: 1 });
        let first = limiter.acquire().await;
        let second = tokio::time::timeout(Duration::from_millis(50), limiter.acquire()).await;
        assert!(second.is_err(), "a second call waits while one is in flight");
        drop(first);
        assert!(limiter.acquire().await.is_some());
        limiter.count_retry("606");
        limiter.count_retry("615");
        limiter.count_retry("611");
        assert_eq!((limiter.stats().retried_606, limiter.stats().retried_615), (1, 1));
    }
}
