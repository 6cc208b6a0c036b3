//! The invitation state machine. Only the transitions listed here are ever written.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum InvitationState {
    Draft,
    Queued,
    Sending,
    /// The send may or may not have reached the service (timeout, lost connection, unreadable answer). It
    /// keeps its idempotency key and is looked up on the service before it is ever sent again.
    Unconfirmed,
    Sent,
    Accepted,
    Failed,
    Skipped,
    Expired,
    Revoked,
}

impl InvitationState {
    pub const ALL: [Self; 10] = [
        Self::Draft,
        Self::Queued,
        Self::Sending,
        Self::Unconfirmed,
        Self::Sent,
        Self::Accepted,
        Self::Failed,
        Self::Skipped,
        Self::Expired,
        Self::Revoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Queued => "queued",
            Self::Sending => "sending",
            Self::Unconfirmed => "unconfirmed",
            Self::Sent => "sent",
            Self::Accepted => "accepted",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == value)
    }

    /// States in which the person holds (or is about to hold) an invitation: inviting them again would
    /// send a second email.
    pub fn holds_invitation(self) -> bool {
        matches!(self, Self::Queued | Self::Sending | Self::Unconfirmed | Self::Sent | Self::Accepted)
    }

    /// Whether `self → to` is a legal transition.
    pub fn can_become(self, to: Self) -> bool {
        use InvitationState::*;
        matches!(
            (self, to),
            (Draft, Queued | Skipped)
                | (Queued, Sending | Skipped)
                // Reconcile may find that a crashed send never reached the service: back to the queue (same key).
                | (Sending, Sent | Accepted | Failed | Skipped | Queued | Unconfirmed)
                // Settled only by a lookup on the service: found, or not found and queued again with its key.
                | (Unconfirmed, Sent | Accepted | Skipped | Queued)
                // A bounce is reported after the service took the invitation.
                | (Sent, Accepted | Expired | Revoked | Failed)
                // A retry or a new invitation of someone whose last one ended.
                | (Failed | Skipped | Expired | Revoked, Queued)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::InvitationState::{self, *};

    #[test]
    fn names_round_trip() {
        for state in InvitationState::ALL {
            assert_eq!(InvitationState::parse(state.as_str()), Some(state));
        }
        assert_eq!(InvitationState::parse("nope"), None);
    }

    #[test]
    fn the_happy_path_is_legal_and_shortcuts_are_not() {
        assert!(Queued.can_become(Sending));
        assert!(Sending.can_become(Sent));
        assert!(Sent.can_become(Accepted));
        assert!(!Queued.can_become(Sent), "a send must pass through sending");
        assert!(!Sent.can_become(Queued), "a sent invitation is never queued again");
        assert!(!Accepted.can_become(Queued));
        assert!(Failed.can_become(Queued));
    }

    #[test]
    fn an_unknown_outcome_is_settled_only_through_a_lookup() {
        assert!(Sending.can_become(Unconfirmed));
        assert!(Unconfirmed.can_become(Sent), "found on the service");
        assert!(Unconfirmed.can_become(Queued), "not found: queued again with its key");
        assert!(!Unconfirmed.can_become(Failed), "an unknown outcome is not a failure");
        assert!(!Unconfirmed.can_become(Sending), "never sent again without a lookup");
        assert!(Unconfirmed.holds_invitation(), "the person may hold an invitation: never invite them anew");
    }
}
