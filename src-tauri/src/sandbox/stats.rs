//! Request counts by route and status for `GET /_sandbox/stats`, kept in memory (a restart or
//! `POST /_sandbox/reset` starts them from zero). The invitation counters live in the state database
//! instead (see `state::counters`), because they must agree with the invitations they count.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use serde::Serialize;

/// One line of `requests`: how many `/api/v1` answers had this route and status.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RouteCount {
    /// `METHOD /template`, e.g. `POST /invitations` or `GET /invitations/{id}`; `GET (unknown)` when no
    /// route matched.
    pub route: String,
    pub status: u16,
    pub count: u64,
}

#[derive(Debug, Default)]
pub struct Stats {
    counts: Mutex<BTreeMap<(String, u16), u64>>,
}

impl Stats {
    pub fn record(&self, route: String, status: u16) {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        *counts.entry((route, status)).or_default() += 1;
    }

    /// Sorted by route, then status.
    pub fn requests(&self) -> Vec<RouteCount> {
        let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        counts
            .iter()
            .map(|((route, status), count)| RouteCount { route: route.clone(), status: *status, count: *count })
            .collect()
    }

    pub fn clear(&self) {
        self.counts.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_route_and_status() {
        let stats = Stats::default();
        stats.record("POST /invitations".into(), 201);
        stats.record("POST /invitations".into(), 201);
        stats.record("GET /account".into(), 200);
        assert_eq!(
            stats.requests(),
            vec![
                RouteCount { route: "GET /account".into(), status: 200, count: 1 },
                RouteCount { route: "POST /invitations".into(), status: 201, count: 2 },
            ]
        );
    }
}
