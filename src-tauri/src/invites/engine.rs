//! Sends invitations and keeps the local record true.
//!
//! Never sends twice: each invitation carries its own idempotency key, every state change is written
//! (with its event) before and after the call, and a send whose outcome is unknown — left in `sending` by a
//! crash, or `unconfirmed` after a timeout, a lost connection or an unreadable answer — is looked up on the
//! service before it is sent again, and then only with the same key (the service replays the first answer
//! of a known key). Every run settles those first. Work is cancelled or paused only between two
//! invitations, so a request is never abandoned half way.

use super::address::{normalize_email, parse_addresses};
use super::check::{check_addresses, CheckCounts, CheckReport, KnownPeople, Verdict};
use super::InvitationState;
use crate::services::sales_actions::{CreateOutcome, NewInvitation, RemoteInvitation, SalesActions, SalesActionsError, Team};
use crate::store::invitations::{self as rows, InvitationRecord, NewQueued, Outcome};
use crate::store::{Store, StoreError};
use serde::Serialize;
use std::time::Instant;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum InviteError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Service(#[from] SalesActionsError),
    #[error("there is no team {0} in the Sales account")]
    UnknownTeam(String),
    #[error("no address is ready to invite")]
    NothingToInvite,
}

impl InviteError {
    pub fn code(&self) -> crate::error_code::ErrorCode {
        use crate::error_code::ErrorCode;
        match self {
            Self::Store(_) => ErrorCode::Database,
            Self::Service(inner) => inner.error_code(),
            Self::UnknownTeam(_) => ErrorCode::UnknownTeam,
            Self::NothingToInvite => ErrorCode::NothingToInvite,
        }
    }
}

/// Progress of a sending run, for the UI's counter, rate and ETA.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SendProgress {
    pub done: u32,
    pub total: u32,
    pub sent: u32,
    pub failed: u32,
    pub skipped: u32,
    pub per_second: f64,
    pub eta_seconds: Option<f64>,
    pub current: Option<String>,
    pub paused: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct InviteOutcome {
    pub checked: CheckCounts,
    pub queued: u32,
    pub sent: u32,
    pub failed: u32,
    pub skipped: u32,
    /// Sends whose outcome is unknown (timeout, lost connection, unreadable answer): kept with their key and
    /// looked up before the next run sends anything.
    pub unconfirmed: u32,
    /// Invitations left queued because the run was cancelled.
    pub left_queued: u32,
    pub cancelled: bool,
}

/// What settling the sends with no known outcome found, invitation by invitation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReconcileReport {
    pub checked: u32,
    /// Found on the service: the interrupted send had gone through.
    pub confirmed: u32,
    /// Not found on the service: queued again, with the same idempotency key, to be sent.
    pub requeued: u32,
    /// Could not be looked up (the service failed): left `unconfirmed`, looked up again before any send.
    pub still_unknown: u32,
    /// One per invitation that could not be settled; the others were settled anyway.
    pub errors: Vec<ReconcileFailure>,
    /// The invitations queued again, for the run that sends them first.
    #[serde(skip)]
    #[ts(skip)]
    pub requeued_ids: Vec<String>,
}

/// An invitation the lookup could not settle, said as the window says any error: a code and the values its
/// text quotes (the English message goes to the log only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReconcileFailure {
    pub email: String,
    pub code: crate::error_code::ErrorCode,
    #[ts(type = "Partial<Record<string, string>>")]
    pub params: std::collections::BTreeMap<String, String>,
}

/// What every engine operation works on: one environment's record, its Sales account, and who acts.
pub struct InviteContext<'a, C> {
    pub store: &'a Store,
    pub environment_id: &'a str,
    pub client: &'a C,
    pub actor: &'a str,
}

impl<C> Clone for InviteContext<'_, C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for InviteContext<'_, C> {}

/// Pause and cancel for a run, owned by whoever started it.
#[derive(Debug, Clone)]
pub struct RunControl {
    pub cancel: CancellationToken,
    pub paused: watch::Receiver<bool>,
}

impl RunControl {
    /// A control nobody pauses or cancels.
    pub fn unattended() -> Self {
        let (_tx, paused) = watch::channel(false);
        Self { cancel: CancellationToken::new(), paused }
    }

    /// Waits while paused; false when cancelled.
    async fn proceed(&mut self) -> bool {
        loop {
            if self.cancel.is_cancelled() {
                return false;
            }
            if !*self.paused.borrow_and_update() {
                return true;
            }
            tokio::select! {
                _ = self.cancel.cancelled() => return false,
                changed = self.paused.changed() => if changed.is_err() { return true },
            }
        }
    }
}

/// Everything known about people in this environment: the local record and the service's members and
/// pending invitations.
pub async fn known_people<C: SalesActions>(store: &Store, environment_id: &str, client: &C) -> Result<KnownPeople, InviteError> {
    let local = store.read(|conn| rows::states_by_email(conn, environment_id))?;
    let members = client.users(None).await?.into_iter().map(|u| normalize_email(&u.email)).collect();
    let pending_remote =
        client.invitations(Some("pending"), None).await?.into_iter().map(|i| normalize_email(&i.email)).collect();
    Ok(KnownPeople { local, members, pending_remote })
}

/// Checks pasted addresses against the record, the service and the seats left. Sends nothing.
pub async fn check<C: SalesActions>(ctx: &InviteContext<'_, C>, text: &str) -> Result<CheckReport, InviteError> {
    let entries = parse_addresses(text);
    let seats_left = ctx.client.account().await?.seats_left();
    let known = known_people(ctx.store, ctx.environment_id, ctx.client).await?;
    Ok(check_addresses(&entries, &known, seats_left))
}

fn resolve_team(teams: &[Team], team_id: Option<&str>) -> Result<Option<Team>, InviteError> {
    match team_id {
        Some(id) => teams.iter().find(|t| t.id == id).cloned().map(Some).ok_or_else(|| InviteError::UnknownTeam(id.to_owned())),
        None => Ok(teams.iter().find(|t| t.default).cloned()),
    }
}

/// Checks the addresses again (the service may have changed since the preview), queues the ready ones and
/// sends them.
pub async fn invite<C: SalesActions>(
    ctx: &InviteContext<'_, C>,
    text: &str,
    team_id: Option<&str>,
    control: RunControl,
    progress: impl FnMut(&SendProgress),
) -> Result<InviteOutcome, InviteError> {
    let team = resolve_team(&ctx.client.teams().await?, team_id)?;
    let report = check(ctx, text).await?;
    if report.counts.ready == 0 {
        return Err(InviteError::NothingToInvite);
    }
    let people: Vec<PersonToInvite> = report
        .items
        .iter()
        .filter(|item| item.verdict == Verdict::Ready)
        .map(|item| PersonToInvite {
            email: item.email.clone(),
            display_name: item.display_name.clone(),
            team: team.clone(),
        })
        .collect();
    let (mut outcome, _) = invite_people(ctx, &people, control, progress).await?;
    outcome.checked = report.counts;
    Ok(outcome)
}

/// Someone already checked (an address from the box, a valid CSV row) to be invited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonToInvite {
    pub email: String,
    pub display_name: Option<String>,
    pub team: Option<Team>,
}

/// Queues and sends already-checked people, in order, through the same path as the address box. Returns
/// the outcome and, per person, the invitation id recorded for them (`None` when the record already held an
/// invitation for that address, which is then left alone rather than sent twice).
pub async fn invite_people<C: SalesActions>(
    ctx: &InviteContext<'_, C>,
    people: &[PersonToInvite],
    control: RunControl,
    progress: impl FnMut(&SendProgress),
) -> Result<(InviteOutcome, Vec<Option<String>>), InviteError> {
    let InviteContext { store, environment_id, client, actor } = *ctx;
    let mut queued = Vec::new();
    let mut ids = Vec::with_capacity(people.len());
    let mut already = 0;
    for person in people {
        let normalized = normalize_email(&person.email);
        let record = store.write(|tx| {
            rows::queue(
                tx,
                &NewQueued {
                    environment_id,
                    email: person.email.trim(),
                    email_normalized: &normalized,
                    display_name: person.display_name.as_deref(),
                    team_id: person.team.as_ref().map(|t| t.id.as_str()),
                    team_name: person.team.as_ref().map(|t| t.name.as_str()),
                },
                actor,
            )
        });
        match record {
            Ok(record) => {
                ids.push(Some(record.id.clone()));
                queued.push(record);
            }
            // The record already holds an invitation for this person (queued, sent, accepted…).
            Err(StoreError::StaleState { .. }) => {
                already += 1;
                ids.push(None);
            }
            Err(other) => return Err(other.into()),
        }
    }
    let resolved = reconcile_sending(ctx, |_, _| {}).await?;
    let mut first = Vec::with_capacity(resolved.requeued_ids.len() + queued.len());
    for id in &resolved.requeued_ids {
        first.push(store.read(|conn| rows::get(conn, id))?);
    }
    first.extend(queued);
    let mut outcome = send(store, client, first, actor, control, progress).await?;
    outcome.checked.already = already;
    Ok((outcome, ids))
}

/// Sends every invitation of the environment still queued (after a cancel, a crash or a reconcile), once
/// the sends with no known outcome are settled.
pub async fn send_queued<C: SalesActions>(
    ctx: &InviteContext<'_, C>,
    control: RunControl,
    progress: impl FnMut(&SendProgress),
) -> Result<InviteOutcome, InviteError> {
    let InviteContext { store, environment_id, client, actor } = *ctx;
    reconcile_sending(ctx, |_, _| {}).await?;
    let queued = store.read(|conn| rows::in_state(conn, environment_id, InvitationState::Queued))?;
    send(store, client, queued, actor, control, progress).await
}

fn split_name(display_name: Option<&str>) -> (Option<String>, Option<String>) {
    match display_name.map(str::trim).filter(|n| !n.is_empty()) {
        None => (None, None),
        // "Last, First" as mail clients and CSV imports write it; the last comma, since surnames may hold one.
        Some(name) => match name.rsplit_once(", ") {
            Some((last, first)) => (Some(first.to_owned()), Some(last.to_owned())),
            None => match name.rsplit_once(' ') {
                Some((first, last)) => (Some(first.to_owned()), Some(last.to_owned())),
                None => (Some(name.to_owned()), None),
            },
        },
    }
}

async fn send<C: SalesActions>(
    store: &Store,
    client: &C,
    queued: Vec<InvitationRecord>,
    actor: &str,
    mut control: RunControl,
    mut progress: impl FnMut(&SendProgress),
) -> Result<InviteOutcome, InviteError> {
    let total = u32::try_from(queued.len()).unwrap_or(u32::MAX);
    let mut outcome = InviteOutcome { queued: total, ..InviteOutcome::default() };
    let started = Instant::now();
    let report = |outcome: &InviteOutcome, current: Option<&str>, paused: bool| {
        let done = outcome.sent + outcome.failed + outcome.skipped + outcome.unconfirmed;
        let elapsed = started.elapsed().as_secs_f64();
        let per_second = if elapsed > 0.0 { f64::from(done) / elapsed } else { 0.0 };
        SendProgress {
            done,
            total,
            sent: outcome.sent,
            failed: outcome.failed,
            skipped: outcome.skipped,
            per_second,
            eta_seconds: (per_second > 0.0).then(|| f64::from(total - done) / per_second),
            current: current.map(str::to_owned),
            paused,
        }
    };
    progress(&report(&outcome, None, false));
    for (index, record) in queued.iter().enumerate() {
        if *control.paused.borrow() {
            progress(&report(&outcome, None, true));
        }
        if !control.proceed().await {
            outcome.cancelled = true;
            outcome.left_queued = u32::try_from(queued.len() - index).unwrap_or(u32::MAX);
            break;
        }
        progress(&report(&outcome, Some(&record.email), false));
        let sending = store.write(|tx| {
            rows::transition(tx, &record.id, InvitationState::Queued, InvitationState::Sending, &Outcome::default(), actor)
        })?;
        let (first_name, last_name) = split_name(sending.display_name.as_deref());
        let request = NewInvitation { email: sending.email.clone(), first_name, last_name, team_id: sending.team_id.clone() };
        let result = client.create_invitation(&request, &sending.idempotency_key).await;
        let result = match result {
            Err(error @ SalesActionsError::Unauthorized { .. }) => {
                // Nothing was created: put it back and stop, the whole run would fail the same way.
                store.write(|tx| {
                    rows::transition(tx, &sending.id, InvitationState::Sending, InvitationState::Queued, &Outcome {
                        reason_code: Some("unauthorized"),
                        ..Outcome::default()
                    }, actor)
                })?;
                return Err(error.into());
            }
            other => other,
        };
        let (to, reason_code, message, retryable, remote_id) = match &result {
            Ok(CreateOutcome::Created(remote)) => (InvitationState::Sent, None, None, false, Some(remote.id.clone())),
            Ok(CreateOutcome::AlreadyInvited(existing)) => (
                InvitationState::Sent,
                Some("already_invited".to_owned()),
                None,
                false,
                existing.as_ref().map(|e| e.id.clone()),
            ),
            Ok(CreateOutcome::AlreadyMember) => (InvitationState::Skipped, Some("already_member".to_owned()), None, false, None),
            Err(error @ SalesActionsError::UnknownOutcome(_)) => {
                (InvitationState::Unconfirmed, Some(error.code().to_owned()), Some(error.to_string()), false, None)
            }
            Err(error) => (InvitationState::Failed, Some(error.code().to_owned()), Some(error.to_string()), error.is_retryable(), None),
        };
        store.write(|tx| {
            rows::transition(tx, &sending.id, InvitationState::Sending, to, &Outcome {
                reason_code: reason_code.as_deref(),
                reason_message: message.as_deref(),
                retryable,
                remote_id: remote_id.as_deref(),
            }, actor)
        })?;
        match to {
            InvitationState::Sent => outcome.sent += 1,
            InvitationState::Skipped => outcome.skipped += 1,
            InvitationState::Unconfirmed => outcome.unconfirmed += 1,
            _ => outcome.failed += 1,
        }
    }
    progress(&report(&outcome, None, false));
    Ok(outcome)
}

/// Settles every send with no known outcome (left in `sending` by a crash, or `unconfirmed`) by asking the
/// service before anything is sent again: found → sent (or accepted, or skipped as a member); not found →
/// queued again with the same idempotency key. One failing lookup does not stop the others: it is recorded,
/// the invitation stays (or becomes) `unconfirmed`, and the next run looks it up again. `progress` gets
/// (checked, total) after each invitation. Errs only when the record itself cannot be read.
pub async fn reconcile_sending<C: SalesActions>(
    ctx: &InviteContext<'_, C>,
    mut progress: impl FnMut(u32, u32),
) -> Result<ReconcileReport, InviteError> {
    let InviteContext { store, environment_id, .. } = *ctx;
    let stuck = store.read(|conn| rows::unsettled(conn, environment_id))?;
    let total = u32::try_from(stuck.len()).unwrap_or(u32::MAX);
    let mut report = ReconcileReport::default();
    progress(0, total);
    for record in stuck {
        report.checked += 1;
        match settle_one(ctx, &record).await {
            Ok(InvitationState::Queued) => {
                report.requeued += 1;
                report.requeued_ids.push(record.id.clone());
            }
            Ok(_) => report.confirmed += 1,
            Err(error) => {
                tracing::warn!(invitation = %record.id, %error, "could not settle an invitation with no known outcome");
                let message = error.to_string();
                let params = match &error {
                    InviteError::Service(inner) => inner.error_params(),
                    _ => std::collections::BTreeMap::new(),
                };
                let failure = ReconcileFailure { email: record.email.clone(), code: error.code(), params };
                // Recorded as unconfirmed so every later run looks it up before sending; a row already
                // unconfirmed stays as it is (no event for a lookup that changed nothing).
                if record.state == InvitationState::Sending {
                    let marked = store.write(|tx| {
                        rows::transition(tx, &record.id, InvitationState::Sending, InvitationState::Unconfirmed, &Outcome {
                            reason_code: Some("unknown_outcome"),
                            reason_message: Some(&message),
                            ..Outcome::default()
                        }, ctx.actor)
                    });
                    if let Err(store_error) = marked {
                        tracing::warn!(invitation = %record.id, %store_error, "could not mark an invitation unconfirmed");
                    }
                }
                report.still_unknown += 1;
                report.errors.push(failure);
            }
        }
        progress(report.checked, total);
    }
    Ok(report)
}

/// Looks one invitation up on the service and records what it found; returns the state it moved to.
async fn settle_one<C: SalesActions>(ctx: &InviteContext<'_, C>, record: &InvitationRecord) -> Result<InvitationState, InviteError> {
    let InviteContext { store, client, actor, .. } = *ctx;
    let remote = client.invitations(None, Some(&record.email_normalized)).await?;
    // The service lists oldest first: the newest is the one a resend would have made or replayed.
    let newest = remote.iter().rfind(|r| normalize_email(&r.email) == record.email_normalized);
    let (to, code, remote_id) = match newest.map(|r| r.status.as_str()) {
        Some("pending") => (InvitationState::Sent, "reconciled", newest.map(|r| r.id.clone())),
        Some("accepted") => (InvitationState::Accepted, "reconciled", newest.map(|r| r.id.clone())),
        _ if !client.users(Some(&record.email_normalized)).await?.is_empty() => (InvitationState::Skipped, "already_member", None),
        _ => (InvitationState::Queued, "not_found_on_service", None),
    };
    store.write(|tx| {
        rows::transition(tx, &record.id, record.state, to, &Outcome {
            reason_code: Some(code),
            remote_id: remote_id.as_deref(),
            ..Outcome::default()
        }, actor)
    })?;
    Ok(to)
}

/// The service's invitation a local one stands for: the one with its remote id; without a remote id, the
/// newest for its email (`remote` is oldest first), since an older one is a previous, ended invitation of a
/// person invited again.
pub fn matching_remote<'r>(record: &InvitationRecord, remote: &'r [RemoteInvitation]) -> Option<&'r RemoteInvitation> {
    match record.remote_id.as_deref() {
        Some(id) => remote.iter().find(|r| r.id == id),
        None => remote.iter().rfind(|r| normalize_email(&r.email) == record.email_normalized),
    }
}

/// Brings sent invitations up to date with the service (accepted, expired, revoked, bounced).
pub async fn refresh_statuses<C: SalesActions>(ctx: &InviteContext<'_, C>) -> Result<u32, InviteError> {
    let InviteContext { store, environment_id, client, actor } = *ctx;
    let sent = store.read(|conn| rows::in_state(conn, environment_id, InvitationState::Sent))?;
    if sent.is_empty() {
        return Ok(0);
    }
    let remote = client.invitations(None, None).await?;
    let mut changed = 0;
    for record in sent {
        let Some(status) = matching_remote(&record, &remote).map(|r| r.status.as_str()) else {
            continue;
        };
        let (to, code) = match status {
            "accepted" => (InvitationState::Accepted, None),
            "expired" => (InvitationState::Expired, None),
            "revoked" => (InvitationState::Revoked, None),
            "bounced" => (InvitationState::Failed, Some("bounced")),
            _ => continue,
        };
        store.write(|tx| {
            rows::transition(tx, &record.id, InvitationState::Sent, to, &Outcome { reason_code: code, ..Outcome::default() }, actor)
        })?;
        changed += 1;
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::{matching_remote, split_name};
    use crate::invites::InvitationState;
    use crate::services::sales_actions::RemoteInvitation;
    use crate::store::invitations::InvitationRecord;

    fn local(remote_id: Option<&str>) -> InvitationRecord {
        InvitationRecord {
            id: "local".into(),
            environment_id: "sandbox".into(),
            email: "Ana@X.com".into(),
            email_normalized: "ana@x.com".into(),
            display_name: None,
            team_id: None,
            team_name: None,
            state: InvitationState::Sent,
            reason_code: None,
            reason_message: None,
            retryable: false,
            remote_id: remote_id.map(str::to_owned),
            idempotency_key: "k".into(),
            created_by: "t".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
            updated_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    fn remote(id: &str, status: &str) -> RemoteInvitation {
        RemoteInvitation { id: id.into(), email: "ana@x.com".into(), status: status.into(), team_id: None, created_at: None, expires_at: None }
    }

    #[test]
    fn a_reinvited_person_matches_the_current_invitation_not_the_old_expired_one() {
        let service = [remote("old", "expired"), remote("new", "pending")];
        assert_eq!(matching_remote(&local(Some("new")), &service).map(|r| r.id.as_str()), Some("new"));
        assert_eq!(matching_remote(&local(None), &service).map(|r| r.id.as_str()), Some("new"), "newest by email");
        assert_eq!(matching_remote(&local(Some("gone")), &service), None, "a remote id never falls back to the email");
    }

    #[test]
    fn names_split_into_first_and_last() {
        assert_eq!(split_name(Some("Ana López")), (Some("Ana".into()), Some("López".into())));
        assert_eq!(split_name(Some("García, Luis")), (Some("Luis".into()), Some("García".into())));
        assert_eq!(split_name(Some("López, García, Ana")), (Some("Ana".into()), Some("López, García".into())));
        assert_eq!(split_name(Some("Cher")), (Some("Cher".into()), None));
        assert_eq!(split_name(Some("  ")), (None, None));
    }
}
