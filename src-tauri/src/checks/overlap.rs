//! Step 4's preview count: of the Salesforce people with an owner and an email (the caller brings the
//! emails), how many Marketo also holds — looked up by email, 300 per call, within Marketo's shared limits
//! (100 calls / 20 s, 10 in flight; the app keeps to 5 of those) which the client keeps on its side so 606/615 do not reach the admin;
//! any that happen anyway are retried after a back-off and counted. Shows progress (done, rate, ETA), can
//! be paused (calls in flight finish, no new one starts) and cancelled (a partial report).
//!
//! Reads only: it never writes to Marketo.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
use std::time::{Duration, Instant};

use serde::Serialize;
use ts_rs::TS;

use super::Finding;
use crate::invites::engine::RunControl;
use crate::services::marketo::{Lead, MarketoClient, MarketoError, MAX_BATCH};

/// A batch that ends in 606/615 after the client's own retries is tried again this many times.
const BATCH_RETRIES: u32 = 5;
/// Wait before such a batch retry (Marketo counts calls over 20 s).
const BATCH_RETRY_WAIT: Duration = Duration::from_secs(5);
/// Emails not found in Marketo kept in the report as examples.
const MISSING_SAMPLE: usize = 20;

/// Where the count is.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OverlapProgress {
    /// Emails looked up so far.
    pub done: u64,
    /// Distinct emails to look up.
    pub total: u64,
    /// Of those done, found in Marketo.
    pub found: u64,
    /// Lookup calls made so far (retries included).
    pub calls: u64,
    /// Emails per second since the start (pauses included).
    pub rate: f64,
    /// Seconds left at that rate, when known.
    pub eta_secs: Option<u64>,
    pub paused: bool,
}

/// What the count found.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OverlapReport {
    /// Distinct, well-formed emails looked up (all of them unless cancelled).
    pub checked: u64,
    /// Distinct emails given.
    pub total: u64,
    /// Of those checked, present in Marketo (one email may be several leads: counted once).
    pub found_in_both: u64,
    /// Of those found, with a Salesforce lead or contact id on a Marketo lead.
    pub with_sfdc_ids: u64,
    /// Lookup calls sent (retries included).
    pub calls: u64,
    /// 606 (rate) answers met and retried.
    pub retried_606: u64,
    /// 615 (concurrency) answers met and retried.
    pub retried_615: u64,
    pub elapsed_ms: u64,
    pub cancelled: bool,
    /// A few emails Marketo does not hold, as examples.
    pub missing_sample: Vec<String>,
}

/// Distinct emails (trimmed, lower-cased), empty and comma-holding ones dropped (Marketo's filter splits
/// on commas).
fn distinct(emails: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    emails
        .iter()
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty() && !e.contains(',') && e.contains('@'))
        .filter(|e| seen.insert(e.clone()))
        .collect()
}

type Lookup<'a> = Pin<Box<dyn Future<Output = (usize, Result<(Vec<Lead>, u32), MarketoError>)> + Send + 'a>>;

/// Looks one batch up; 606/615 that outlast the client's retries are retried here after a wait.
async fn lookup(marketo: &MarketoClient, batch: &[String], retry_wait: Duration) -> Result<(Vec<Lead>, u32), MarketoError> {
    let mut retries = 0;
    loop {
        match marketo.leads_by_email(batch).await {
            Err(MarketoError::RateLimited { code, message }) => {
                if retries >= BATCH_RETRIES {
                    return Err(MarketoError::RateLimited { code, message });
                }
                retries += 1;
                tracing::warn!(code = %code, retries, "overlap lookup still rate limited; waiting");
                tokio::time::sleep(retry_wait).await;
            }
            other => return other.map(|leads| (leads, retries)),
        }
    }
}

/// The first lookup to finish among `running`, removed from it.
async fn next_done<'a>(running: &mut Vec<Lookup<'a>>) -> (usize, Result<(Vec<Lead>, u32), MarketoError>) {
    std::future::poll_fn(|cx| {
        for i in 0..running.len() {
            if let Poll::Ready(out) = running[i].as_mut().poll(cx) {
                drop(running.swap_remove(i));
                return Poll::Ready(out);
            }
        }
        Poll::Pending
    })
    .await
}

/// Waits while paused; false when cancelled.
async fn proceed(control: &mut RunControl) -> bool {
    loop {
        if control.cancel.is_cancelled() {
            return false;
        }
        if !*control.paused.borrow_and_update() {
            return true;
        }
        tokio::select! {
            _ = control.cancel.cancelled() => return false,
            changed = control.paused.changed() => if changed.is_err() { return true },
        }
    }
}

/// Counts the people of `emails` Marketo also holds. Errors other than the rate limits (603, a lost
/// connection…) end the count with that error.
pub async fn count(
    marketo: &MarketoClient,
    emails: &[String],
    control: RunControl,
    progress: impl FnMut(&OverlapProgress),
) -> Result<OverlapReport, MarketoError> {
    count_with(marketo, emails, control, progress, BATCH_RETRY_WAIT).await
}

/// [`count`] with the wait before a batch retry chosen (tests).
pub async fn count_with(
    marketo: &MarketoClient,
    emails: &[String],
    mut control: RunControl,
    mut progress: impl FnMut(&OverlapProgress),
    retry_wait: Duration,
) -> Result<OverlapReport, MarketoError> {
    let started = Instant::now();
    let before = marketo.stats();
    let wanted = distinct(emails);
    let batches: Vec<&[String]> = wanted.chunks(MAX_BATCH).collect();
    let parallel = (marketo.limits().in_flight as usize).max(1);
    let total = wanted.len() as u64;
    let mut next = 0;
    let mut running: Vec<Lookup<'_>> = Vec::new();
    let mut done = 0u64;
    let mut found: HashSet<String> = HashSet::new();
    let mut with_ids: HashSet<String> = HashSet::new();
    let mut missing_sample = Vec::new();
    let mut batch_retries = 0u64;
    let mut cancelled = false;
    let report_progress = |done: u64, found: u64, paused: bool, progress: &mut dyn FnMut(&OverlapProgress)| {
        let secs = started.elapsed().as_secs_f64();
        let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
        let eta_secs = (rate > 0.0).then(|| ((total - done) as f64 / rate).ceil() as u64);
        let calls = marketo.stats().calls.saturating_sub(before.calls);
        progress(&OverlapProgress { done, total, found, calls, rate, eta_secs, paused });
    };
    report_progress(0, 0, false, &mut progress);
    loop {
        if control.cancel.is_cancelled() {
            cancelled = next < batches.len() || !running.is_empty();
            break;
        }
        let paused = *control.paused.borrow();
        while !paused && running.len() < parallel && next < batches.len() {
            let index = next;
            let batch = batches[index];
            running.push(Box::pin(async move { (index, lookup(marketo, batch, retry_wait).await) }));
            next += 1;
        }
        if running.is_empty() {
            if next >= batches.len() {
                break;
            }
            report_progress(done, found.len() as u64, true, &mut progress);
            if !proceed(&mut control).await {
                cancelled = true;
                break;
            }
            continue;
        }
        let (index, outcome) = tokio::select! {
            _ = control.cancel.cancelled() => { cancelled = true; break; }
            finished = next_done(&mut running) => finished,
        };
        let (leads, retries) = outcome?;
        batch_retries += u64::from(retries);
        let batch = batches[index];
        let mut hit: HashSet<String> = HashSet::new();
        for lead in &leads {
            let Some(email) = lead.email.as_deref().map(|e| e.trim().to_lowercase()) else { continue };
            let synced = lead.sfdc_lead_id.as_deref().is_some_and(|v| !v.is_empty())
                || lead.sfdc_contact_id.as_deref().is_some_and(|v| !v.is_empty());
            if synced {
                with_ids.insert(email.clone());
            }
            hit.insert(email);
        }
        for email in batch {
            if hit.contains(email) {
                found.insert(email.clone());
            } else if missing_sample.len() < MISSING_SAMPLE {
                missing_sample.push(email.clone());
            }
        }
        done += batch.len() as u64;
        report_progress(done, found.len() as u64, *control.paused.borrow(), &mut progress);
    }
    drop(running);
    let after = marketo.stats();
    let rate_retries = (after.retried_606 - before.retried_606, after.retried_615 - before.retried_615);
    Ok(OverlapReport {
        checked: done,
        total,
        found_in_both: found.len() as u64,
        with_sfdc_ids: with_ids.iter().filter(|e| found.contains(*e)).count() as u64,
        calls: after.calls.saturating_sub(before.calls),
        // A batch retried here met a 606 or 615 the client gave up on: count it with the 606s.
        retried_606: rate_retries.0 + batch_retries,
        retried_615: rate_retries.1,
        elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        cancelled,
        missing_sample,
    })
}

/// What the count means for step 4.
pub fn findings(report: &OverlapReport) -> Vec<Finding> {
    let mut findings = Vec::new();
    if report.cancelled {
        findings.push(Finding::info("overlap_cancelled").with("checked", report.checked).with("total", report.total));
    }
    if report.checked > 0 && report.found_in_both == 0 {
        findings.push(Finding::gap("overlap_none").with("checked", report.checked));
    } else {
        findings.push(
            Finding::info("overlap_count")
                .with("found", report.found_in_both)
                .with("checked", report.checked)
                .with("with_sfdc_ids", report.with_sfdc_ids),
        );
    }
    let retries = report.retried_606 + report.retried_615;
    if retries > 0 {
        findings.push(Finding::info("overlap_rate_limited").with("retries", retries));
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_deduplicated_and_cleaned() {
        let given: Vec<String> = [" A@x.test", "a@x.test", "", "no-at", "b,c@x.test", "b@x.test"].iter().map(|s| s.to_string()).collect();
        assert_eq!(distinct(&given), ["a@x.test", "b@x.test"]);
    }

    #[test]
    fn findings_say_what_was_found() {
        let mut report = OverlapReport {
            checked: 10,
            total: 10,
            found_in_both: 0,
            with_sfdc_ids: 0,
            calls: 1,
            retried_606: 0,
            retried_615: 0,
            elapsed_ms: 5,
            cancelled: false,
            missing_sample: vec![],
        };
        assert_eq!(findings(&report)[0].code, "overlap_none");
        report.found_in_both = 4;
        report.retried_615 = 2;
        let f = findings(&report);
        assert_eq!((f[0].code.as_str(), f[0].params["found"].as_str()), ("overlap_count", "4"));
        assert_eq!(f[1].params["retries"], "2");
    }
}
