//! The Sales account (MSI Actions) as the app sees it. No public API exists for it, so the app speaks the
//! contract in `docs/sales-actions-api.md`; the sandbox implements it. A console hand-off route for real
//! accounts arrives with the connections work.

mod error;
mod http;
mod setup;
mod types;

pub use error::SalesActionsError;
pub use http::{HttpSalesActions, RetryPolicy};
pub use setup::{AdminInvitationResult, StartSync, SyncField, SyncJob, SyncStatus};
pub use types::{Account, AccountAdmin, CreateOutcome, NewInvitation, RemoteInvitation, RemoteUser, Team};

use std::future::Future;

/// Operations the invitation engine needs from the Sales account.
pub trait SalesActions: Send + Sync {
    fn account(&self) -> impl Future<Output = Result<Account, SalesActionsError>> + Send;
    fn teams(&self) -> impl Future<Output = Result<Vec<Team>, SalesActionsError>> + Send;
    /// Creates one invitation. The same `idempotency_key` never creates a second one.
    fn create_invitation(
        &self,
        invitation: &NewInvitation,
        idempotency_key: &str,
    ) -> impl Future<Output = Result<CreateOutcome, SalesActionsError>> + Send;
    /// Every invitation, optionally filtered by status and/or email (all pages).
    fn invitations(
        &self,
        status: Option<&str>,
        email: Option<&str>,
    ) -> impl Future<Output = Result<Vec<RemoteInvitation>, SalesActionsError>> + Send;
    /// Every active member, optionally filtered by email (all pages).
    fn users(&self, email: Option<&str>) -> impl Future<Output = Result<Vec<RemoteUser>, SalesActionsError>> + Send;
}
