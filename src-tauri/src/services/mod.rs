//! HTTP clients of the remote services, each behind a trait so the engines can be tested and can run
//! against either the sandbox or the real service.

pub mod http;
pub mod marketo;
pub mod paging;
pub mod sales_actions;
pub mod salesforce;
