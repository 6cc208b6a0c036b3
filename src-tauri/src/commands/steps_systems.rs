//! Where the step checks and the readiness table read Salesforce and Marketo. Filled in as the services
//! gain the calls (issue 6); a system that cannot be read is reported as "not checked", never as a gap.

use crate::checks::readiness::SalesforcePerson;
use crate::session::{ActiveEnvironment, Session};
use crate::store::invitations::InvitationRecord;
use std::collections::{HashMap, HashSet};

/// Salesforce users and Marketo presence of the invited people; `None` for a system not read.
pub(super) async fn readiness_sources(
    _session: &Session,
    _env: &ActiveEnvironment,
    _record: &[InvitationRecord],
) -> (Option<HashMap<String, SalesforcePerson>>, Option<HashSet<String>>) {
    (None, None)
}
