//! Why a step check (or a step's own work: step 1's admins, step 4's count and sync) could not run. A system
//! that is not connected is said as such — never as a gap of the step — so the window can send the admin to
//! the step that connects it. `commands::error` gives each its code.

use super::marketo::StepError;
use super::salesforce::ChangeError;
use crate::connections::ConnectionError;
use crate::services::marketo::MarketoError;
use crate::services::salesforce::SalesforceError;
use crate::setup::{SetupError, StepId};
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("Salesforce is not connected in this environment: connect it first (step 2)")]
    SalesforceNotConnected,
    #[error("Marketo is not connected in this environment: connect it first (step 3)")]
    MarketoNotConnected,
    #[error("step {0} has nothing the app can read: confirm it by hand")]
    NotCheckable(StepId),
    #[error("only the sandbox org can be changed by the app")]
    SandboxOnly,
    #[error("the sandbox did not answer: {0}")]
    SandboxUnreachable(String),
    #[error(transparent)]
    Connection(#[from] ConnectionError),
    #[error(transparent)]
    Salesforce(#[from] SalesforceError),
    #[error(transparent)]
    Marketo(#[from] MarketoError),
    #[error(transparent)]
    Step(#[from] StepError),
    #[error(transparent)]
    Change(#[from] ChangeError),
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_with_nothing_to_read_is_named() {
        assert_eq!(CheckError::NotCheckable(StepId::Step5).to_string(), "step 5 has nothing the app can read: confirm it by hand");
    }
}
