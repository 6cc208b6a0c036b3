//! The account's request limits, as the contract states them: a token bucket (`requests` per `per`,
//! refilled continuously) plus a cap on requests in flight. It also writes the `X-RateLimit-*` headers
//! every `/api/v1` answer carries. The simulator serves one account, so there is one bucket.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::http::{HeaderMap, HeaderValue};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::sandbox::RateLimit;

/// What the `X-RateLimit-*` headers say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snapshot {
    /// `X-RateLimit-Limit`: the bucket size (requests per window).
    pub limit: u32,
    /// `X-RateLimit-Remaining`: whole requests left right now.
    pub remaining: u32,
    /// `X-RateLimit-Reset`: seconds until the bucket is full again.
    pub reset_secs: u64,
}

impl Snapshot {
    pub fn write(&self, headers: &mut HeaderMap) {
        headers.insert("x-ratelimit-limit", HeaderValue::from(self.limit));
        headers.insert("x-ratelimit-remaining", HeaderValue::from(self.remaining));
        headers.insert("x-ratelimit-reset", HeaderValue::from(self.reset_secs));
    }
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    refreshed: Instant,
}

#[derive(Debug)]
pub struct Limiter {
    capacity: f64,
    /// Seconds one token takes to come back.
    secs_per_token: f64,
    limit: u32,
    bucket: Mutex<Bucket>,
    in_flight: Arc<Semaphore>,
}

impl Limiter {
    pub fn new(config: &RateLimit) -> Self {
        let capacity = f64::from(config.requests.max(1));
        Self {
            capacity,
            secs_per_token: config.per.as_secs_f64() / capacity,
            limit: config.requests,
            bucket: Mutex::new(Bucket { tokens: capacity, refreshed: Instant::now() }),
            in_flight: Arc::new(Semaphore::new(config.in_flight as usize)),
        }
    }

    /// A slot among the requests in flight, held until the answer is built; `None` when all are taken.
    pub fn enter(&self) -> Option<OwnedSemaphorePermit> {
        self.in_flight.clone().try_acquire_owned().ok()
    }

    /// Takes one token. `Err` carries the snapshot and the seconds until a token is back (`Retry-After`).
    pub fn take(&self) -> Result<Snapshot, (Snapshot, u64)> {
        let mut bucket = self.refilled();
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(self.snapshot(&bucket))
        } else {
            let wait = ((1.0 - bucket.tokens) * self.secs_per_token).ceil().max(1.0) as u64;
            Err((self.snapshot(&bucket), wait))
        }
    }

    /// The current state without taking anything.
    pub fn peek(&self) -> Snapshot {
        let bucket = self.refilled();
        self.snapshot(&bucket)
    }

    /// A full bucket again (`POST /_sandbox/reset`).
    pub fn reset(&self) {
        let mut bucket = self.bucket.lock().unwrap_or_else(PoisonError::into_inner);
        *bucket = Bucket { tokens: self.capacity, refreshed: Instant::now() };
    }

    fn refilled(&self) -> std::sync::MutexGuard<'_, Bucket> {
        let mut bucket = self.bucket.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let elapsed = now.duration_since(bucket.refreshed).as_secs_f64();
        if self.secs_per_token > 0.0 {
            bucket.tokens = (bucket.tokens + elapsed / self.secs_per_token).min(self.capacity);
        }
        bucket.refreshed = now;
        bucket
    }

    fn snapshot(&self, bucket: &Bucket) -> Snapshot {
        let missing = (self.capacity - bucket.tokens).max(0.0);
        Snapshot {
            limit: self.limit,
            remaining: bucket.tokens.floor() as u32,
            reset_secs: (missing * self.secs_per_token).ceil() as u64,
        }
    }
}

/// The snapshot sent with a forced `429`: nothing left until `Retry-After`.
pub fn exhausted(limit: u32, retry_after: u64) -> Snapshot {
    Snapshot { limit, remaining: 0, reset_secs: retry_after }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn limiter(requests: u32, per_secs: u64, in_flight: u32) -> Limiter {
        Limiter::new(&RateLimit { requests, per: Duration::from_secs(per_secs), in_flight })
    }

    #[test]
    fn bucket_empties_then_says_when_to_retry() {
        let limiter = limiter(3, 20, 10);
        assert_eq!(limiter.take().unwrap().remaining, 2);
        assert_eq!(limiter.take().unwrap().remaining, 1);
        let last = limiter.take().unwrap();
        assert_eq!((last.limit, last.remaining), (3, 0));
        assert!(last.reset_secs > 0 && last.reset_secs <= 20);
        let (snapshot, retry_after) = limiter.take().unwrap_err();
        assert_eq!(snapshot.remaining, 0);
        assert!((6..=7).contains(&retry_after), "one token every 6.7 s, got {retry_after}");
        limiter.reset();
        assert_eq!(limiter.peek().remaining, 3);
    }

    #[test]
    fn in_flight_cap_holds_until_the_permit_drops() {
        let limiter = limiter(100, 20, 2);
        let first = limiter.enter().unwrap();
        let _second = limiter.enter().unwrap();
        assert!(limiter.enter().is_none());
        drop(first);
        assert!(limiter.enter().is_some());
    }

    #[test]
    fn headers_are_written() {
        let mut headers = HeaderMap::new();
        Snapshot { limit: 100, remaining: 99, reset_secs: 1 }.write(&mut headers);
        assert_eq!(headers["x-ratelimit-remaining"], "99");
    }
}
