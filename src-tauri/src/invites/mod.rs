//! Inviting people to MSI Actions (step 5): reading and checking addresses, the invitation state machine,
//! and the engine that sends, reconciles and follows invitations until they are accepted.

pub mod address;
pub mod check;
pub mod engine;
mod state;
mod view;

pub use engine::{InviteError, InviteOutcome, ReconcileFailure, ReconcileReport, RunControl, SendProgress};
pub use state::InvitationState;
pub use view::InvitationView;
