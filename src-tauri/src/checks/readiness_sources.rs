//! Where the people-readiness table reads Salesforce and Marketo: the invited people's Salesforce users and
//! their presence in Marketo. A system not connected, or not readable now, is left out (`None`: the table
//! says "not checked") instead of failing the whole table.

use super::readiness::{self, PersonReadiness, SalesforcePerson};
use super::salesforce as sf;
use super::ConnectedSystems;
use crate::store::invitations::{self, InvitationRecord};
use crate::store::{Store, StoreError};
use std::collections::{HashMap, HashSet};

/// Every invited person of `environment_id` across the systems `systems` can read (none when the
/// connections could not even be opened, e.g. no keyring).
pub async fn people(
    store: &Store,
    environment_id: &str,
    systems: Option<&ConnectedSystems<'_>>,
) -> Result<Vec<PersonReadiness>, StoreError> {
    let record = store.read(|conn| invitations::list(conn, environment_id))?;
    let (salesforce, marketo) = match systems {
        Some(systems) => sources(systems, &record).await,
        None => (None, None),
    };
    Ok(readiness::assemble(&record, salesforce.as_ref(), marketo.as_ref()))
}

/// Salesforce users (by lower-cased email) and the lower-cased emails Marketo holds, of the invited people.
async fn sources(
    systems: &ConnectedSystems<'_>,
    record: &[InvitationRecord],
) -> (Option<HashMap<String, SalesforcePerson>>, Option<HashSet<String>>) {
    let emails: Vec<String> =
        record.iter().filter(|i| i.state.holds_invitation()).map(|i| i.email_normalized.clone()).collect();
    let salesforce = match systems.salesforce().await {
        Err(_) => None,
        Ok(client) => sf::readiness(client, &emails)
            .await
            .ok()
            .map(|people| people.iter().map(|p| (p.email.to_lowercase(), SalesforcePerson::from(p))).collect()),
    };
    let marketo = if emails.is_empty() { None } else { marketo_presence(systems, &emails).await };
    (salesforce, marketo)
}

async fn marketo_presence(systems: &ConnectedSystems<'_>, emails: &[String]) -> Option<HashSet<String>> {
    let client = systems.marketo_if_connected().await.ok()??;
    let leads = client.leads_by_email(emails).await.ok()?;
    Some(leads.into_iter().filter_map(|lead| lead.email).map(|email| email.trim().to_lowercase()).collect())
}
