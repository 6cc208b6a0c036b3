//! Queries on `sync_jobs` and `sync_settings`: the simulated Action Field Sync (step 4). A job stores when
//! it was created and how it runs (people to sync, speed, time queued, an optional failure point); what it
//! reads like at any instant — queued, running with a synced count, done or failed — is computed from
//! those, so progress moves on by itself without a background task.

use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

/// How new sync jobs behave (`GET|POST /_sandbox/sync`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncSettings {
    /// People the job syncs (Marketo people with a Salesforce owner).
    pub total: i64,
    /// People synced per second once running (Adobe: about 1,000 per 1–2 minutes on a real instance).
    pub per_sec: f64,
    /// How long a job stays `queued` before it runs, in milliseconds.
    pub queued_ms: i64,
    /// The job fails once this many people are synced; `None` = it never fails.
    pub fail_after: Option<i64>,
}

impl Default for SyncSettings {
    /// 1,200 people at 20 a second after 2 s queued: a job that runs for about a minute.
    fn default() -> Self {
        Self { total: 1200, per_sec: 20.0, queued_ms: 2000, fail_after: None }
    }
}

impl SyncSettings {
    pub fn is_valid(&self) -> bool {
        self.total >= 0
            && self.per_sec.is_finite()
            && self.per_sec > 0.0
            && self.queued_ms >= 0
            && self.fail_after.is_none_or(|n| n >= 0)
    }
}

/// A stored job.
#[derive(Debug, Clone, PartialEq)]
pub struct SyncJobRow {
    pub id: String,
    pub created_at: i64,
    pub settings: SyncSettings,
}

/// A job as it reads at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncJobState {
    pub status: &'static str,
    pub synced: i64,
    pub failed: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub error: Option<String>,
}

impl SyncJobRow {
    /// What the job reads like at `now` (ms).
    pub fn at(&self, now: i64) -> SyncJobState {
        let s = &self.settings;
        // Jobs keep the settings they were started with, whatever they were: saturate rather than overflow.
        let started_at = self.created_at.saturating_add(s.queued_ms);
        if now < started_at {
            return SyncJobState { status: "queued", synced: 0, failed: 0, started_at: None, finished_at: None, error: None };
        }
        let finish_time = |people: i64| started_at.saturating_add((people as f64 * 1000.0 / s.per_sec).ceil() as i64);
        let synced_by_now = (now.saturating_sub(started_at) as f64 * s.per_sec / 1000.0).floor() as i64;
        if let Some(fail_after) = s.fail_after.filter(|n| *n < s.total) {
            if synced_by_now >= fail_after {
                return SyncJobState {
                    status: "failed",
                    synced: fail_after,
                    failed: s.total.saturating_sub(fail_after),
                    started_at: Some(started_at),
                    finished_at: Some(finish_time(fail_after)),
                    error: Some("The Marketo connection was lost during the sync (sandbox fault).".into()),
                };
            }
        }
        if synced_by_now >= s.total {
            return SyncJobState {
                status: "done",
                synced: s.total,
                failed: 0,
                started_at: Some(started_at),
                finished_at: Some(finish_time(s.total)),
                error: None,
            };
        }
        SyncJobState { status: "running", synced: synced_by_now, failed: 0, started_at: Some(started_at), finished_at: None, error: None }
    }
}

pub fn settings(tx: &Transaction<'_>) -> rusqlite::Result<SyncSettings> {
    let stored = tx
        .query_row("SELECT total, per_sec, queued_ms, fail_after FROM sync_settings WHERE id = 1", [], |row| {
            Ok(SyncSettings { total: row.get(0)?, per_sec: row.get(1)?, queued_ms: row.get(2)?, fail_after: row.get(3)? })
        })
        .optional()?;
    Ok(stored.unwrap_or_default())
}

pub fn set_settings(tx: &Transaction<'_>, s: &SyncSettings) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO sync_settings (id, total, per_sec, queued_ms, fail_after) VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET total = ?1, per_sec = ?2, queued_ms = ?3, fail_after = ?4",
        params![s.total, s.per_sec, s.queued_ms, s.fail_after],
    )?;
    Ok(())
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<SyncJobRow> {
    Ok(SyncJobRow {
        id: row.get(0)?,
        created_at: row.get(1)?,
        settings: SyncSettings { total: row.get(2)?, per_sec: row.get(3)?, queued_ms: row.get(4)?, fail_after: row.get(5)? },
    })
}

const COLUMNS: &str = "id, created_at, total, per_sec, queued_ms, fail_after";

pub fn insert(tx: &Transaction<'_>, job: &SyncJobRow) -> rusqlite::Result<()> {
    let s = &job.settings;
    tx.execute(
        "INSERT INTO sync_jobs (id, created_at, total, per_sec, queued_ms, fail_after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![job.id, job.created_at, s.total, s.per_sec, s.queued_ms, s.fail_after],
    )?;
    Ok(())
}

pub fn find(tx: &Transaction<'_>, id: &str) -> rusqlite::Result<Option<SyncJobRow>> {
    tx.query_row(&format!("SELECT {COLUMNS} FROM sync_jobs WHERE id = ?1"), [id], from_row).optional()
}

/// The newest job, if any (only the newest can still be running: a new one is refused while it runs).
pub fn latest(tx: &Transaction<'_>) -> rusqlite::Result<Option<SyncJobRow>> {
    tx.query_row(&format!("SELECT {COLUMNS} FROM sync_jobs ORDER BY seq DESC LIMIT 1"), [], from_row).optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(settings: SyncSettings) -> SyncJobRow {
        SyncJobRow { id: "j".into(), created_at: 1_000, settings }
    }

    #[test]
    fn a_job_is_queued_then_runs_then_is_done() {
        let job = job(SyncSettings { total: 100, per_sec: 10.0, queued_ms: 500, fail_after: None });
        assert_eq!(job.at(1_200).status, "queued");
        let running = job.at(1_500 + 2_000);
        assert_eq!((running.status, running.synced, running.started_at), ("running", 20, Some(1_500)));
        let done = job.at(1_500 + 10_000);
        assert_eq!((done.status, done.synced, done.finished_at), ("done", 100, Some(11_500)));
        assert_eq!(job.at(99_999), done);
    }

    #[test]
    fn a_faulted_job_fails_part_way() {
        let job = job(SyncSettings { total: 100, per_sec: 10.0, queued_ms: 0, fail_after: Some(30) });
        assert_eq!(job.at(1_000 + 2_000).status, "running");
        let failed = job.at(1_000 + 3_000);
        assert_eq!((failed.status, failed.synced, failed.failed), ("failed", 30, 70));
        assert!(failed.error.is_some());
        assert!(SyncSettings::default().is_valid());
        assert!(!SyncSettings { per_sec: 0.0, ..SyncSettings::default() }.is_valid());
    }

    #[test]
    fn extreme_settings_saturate_instead_of_overflowing() {
        let forever = job(SyncSettings { total: i64::MAX, per_sec: 1e-9, queued_ms: i64::MAX, fail_after: None });
        assert_eq!(forever.at(i64::MAX - 1).status, "queued");
        let instant = job(SyncSettings { total: i64::MAX, per_sec: f64::MAX, queued_ms: 0, fail_after: Some(i64::MAX - 1) });
        let failed = instant.at(i64::MAX);
        assert_eq!((failed.status, failed.failed), ("failed", 1));
        let slow = job(SyncSettings { total: i64::MAX, per_sec: 1e-9, queued_ms: 0, fail_after: None });
        assert_eq!(slow.at(i64::MAX).status, "running");
    }
}
