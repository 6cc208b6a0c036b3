//! The three connections of an environment (Salesforce, Marketo, the Sales account): connecting,
//! verifying, disconnecting, and what the window and `status` show about them. Non-secret facts go to the
//! store, secrets to the keyring; steps 2 and 3 are marked done here when the app verified them.

pub mod actions_config;
mod context;
mod error;
pub mod marketo;
pub mod salesforce;
mod sign_in;
mod view;

pub use context::ConnectionContext;
pub use error::ConnectionError;
pub use sign_in::{PendingSignInView, SignInSlot};

pub use view::{
    connections_view, ConnectionProblem, ConnectionStatus, ConnectionsView, MarketoConnectionView, MarketoDetails, SalesAccountConnectionView,
    SalesforceConnectionView, SalesforceDetails,
};

/// Service names as stored in `connections.service` and used in keyring entry names.
pub const SALESFORCE: &str = "salesforce";
pub const MARKETO: &str = "marketo";
pub const SALES_ACCOUNT: &str = "sales_account";
/// The Actions Config credential set (step 3, for the Sales account); keyring entry name and settings key.
pub const MARKETO_ACTIONS: &str = "marketo_actions";
