//! The per-address check shown before anything is sent: invalid, repeated in the input, already invited
//! or a member, or beyond the seats left. Pure: the caller gathers what is known locally and remotely.

use super::address::{normalize_email, validate_email, EmailProblem, ParsedAddress};
use super::state::InvitationState;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Verdict {
    /// Will be invited.
    Ready,
    Invalid,
    DuplicateInInput,
    /// The local record or the service already holds an invitation for this person.
    AlreadyInvited,
    AlreadyMember,
    /// Valid, but the account has no seat left for it.
    OverSeats,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AddressCheck {
    /// 1-based position in the input.
    pub position: u32,
    pub input: String,
    pub email: String,
    pub display_name: Option<String>,
    pub verdict: Verdict,
    pub problem: Option<EmailProblem>,
    /// For a repeat: the position of the first occurrence.
    pub duplicate_of: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CheckCounts {
    pub total: u32,
    pub ready: u32,
    pub invalid: u32,
    pub duplicates: u32,
    pub already: u32,
    pub over_seats: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CheckReport {
    pub items: Vec<AddressCheck>,
    pub counts: CheckCounts,
    pub seats_left: u32,
}

/// What is already known about people, by normalised email.
#[derive(Debug, Default, Clone)]
pub struct KnownPeople {
    pub local: HashMap<String, InvitationState>,
    pub members: HashSet<String>,
    pub pending_remote: HashSet<String>,
}

impl KnownPeople {
    fn verdict_for(&self, normalized: &str) -> Option<Verdict> {
        if self.members.contains(normalized) || self.local.get(normalized) == Some(&InvitationState::Accepted) {
            Some(Verdict::AlreadyMember)
        } else if self.pending_remote.contains(normalized)
            || self.local.get(normalized).is_some_and(|state| state.holds_invitation())
        {
            Some(Verdict::AlreadyInvited)
        } else {
            None
        }
    }
}

/// Checks every entry in order; the first valid occurrence of an address wins, and seats are given in
/// input order.
pub fn check_addresses(entries: &[ParsedAddress], known: &KnownPeople, seats_left: u32) -> CheckReport {
    let mut first_seen: HashMap<String, u32> = HashMap::new();
    let mut seats = seats_left;
    let mut counts = CheckCounts::default();
    let items = entries
        .iter()
        .zip(1u32..)
        .map(|(entry, position)| {
            let normalized = normalize_email(&entry.email);
            let mut check = AddressCheck {
                position,
                input: entry.input.clone(),
                email: entry.email.trim().to_owned(),
                display_name: entry.display_name.clone(),
                verdict: Verdict::Ready,
                problem: None,
                duplicate_of: None,
            };
            if let Err(problem) = validate_email(&entry.email) {
                check.verdict = Verdict::Invalid;
                check.problem = Some(problem);
            } else if let Some(&first) = first_seen.get(&normalized) {
                check.verdict = Verdict::DuplicateInInput;
                check.duplicate_of = Some(first);
            } else {
                first_seen.insert(normalized.clone(), position);
                if let Some(verdict) = known.verdict_for(&normalized) {
                    check.verdict = verdict;
                } else if seats == 0 {
                    check.verdict = Verdict::OverSeats;
                } else {
                    seats -= 1;
                }
            }
            match check.verdict {
                Verdict::Ready => counts.ready += 1,
                Verdict::Invalid => counts.invalid += 1,
                Verdict::DuplicateInInput => counts.duplicates += 1,
                Verdict::AlreadyInvited | Verdict::AlreadyMember => counts.already += 1,
                Verdict::OverSeats => counts.over_seats += 1,
            }
            counts.total += 1;
            check
        })
        .collect();
    CheckReport { items, counts, seats_left }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invites::address::parse_addresses;

    fn verdicts(report: &CheckReport) -> Vec<Verdict> {
        report.items.iter().map(|i| i.verdict).collect()
    }

    #[test]
    fn flags_invalid_duplicates_known_and_over_seats() {
        let mut known = KnownPeople::default();
        known.members.insert("member@x.com".into());
        known.pending_remote.insert("pending@x.com".into());
        known.local.insert("local@x.com".into(), InvitationState::Sent);
        known.local.insert("failed@x.com".into(), InvitationState::Failed);
        let entries = parse_addresses(
            "a@x.com, not-an-email, A@X.com , member@x.com, pending@x.com, local@x.com, failed@x.com, b@x.com, c@x.com",
        );
        let report = check_addresses(&entries, &known, 3);
        assert_eq!(
            verdicts(&report),
            [
                Verdict::Ready,
                Verdict::Invalid,
                Verdict::DuplicateInInput,
                Verdict::AlreadyMember,
                Verdict::AlreadyInvited,
                Verdict::AlreadyInvited,
                Verdict::Ready,
                Verdict::Ready,
                Verdict::OverSeats,
            ]
        );
        assert_eq!(report.items[2].duplicate_of, Some(1));
        assert_eq!(report.items[1].problem, Some(EmailProblem::MissingAt));
        assert_eq!(
            report.counts,
            CheckCounts { total: 9, ready: 3, invalid: 1, duplicates: 1, already: 3, over_seats: 1 }
        );
    }

    #[test]
    fn an_invalid_first_occurrence_does_not_shadow_a_later_valid_one() {
        let entries = parse_addresses("bad@@x.com good@x.com");
        let report = check_addresses(&entries, &KnownPeople::default(), 10);
        assert_eq!(verdicts(&report), [Verdict::Invalid, Verdict::Ready]);
    }
}
