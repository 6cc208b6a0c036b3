//! What Salesforce says of people: each invited email's user (found by email, active), whether API Enabled
//! comes from the profile or an assigned permission set, whether "Marketo App Access" is assigned, and
//! read access on the standard objects MSI needs — from four SOQL reads whatever the number of people
//! (users, the permission set, assignments, object permissions; lists go in chunks).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use ts_rs::TS;

use super::{PERMISSION_SET_LABEL, STANDARD_OBJECTS};
use crate::checks::readiness::SalesforcePerson;
use crate::services::salesforce::{PermissionSetRecord, SalesforceClient, SalesforceError, SfUser};

/// One invited person as Salesforce sees them (the Salesforce half of per-person readiness).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SalesforcePersonReadiness {
    /// Normalised (trimmed, lower case).
    pub email: String,
    /// A Salesforce user has this email.
    pub found: bool,
    pub user_id: Option<String>,
    pub username: Option<String>,
    pub active: bool,
    /// From the profile or an assigned permission set.
    pub api_enabled: bool,
    /// "Marketo App Access" is assigned.
    pub has_permission_set: bool,
    /// Read on Lead, Contact, Account and Opportunity.
    pub object_read_ok: bool,
    /// The objects without read access.
    pub missing_objects: Vec<String>,
}

impl From<&SalesforcePersonReadiness> for SalesforcePerson {
    fn from(person: &SalesforcePersonReadiness) -> Self {
        Self {
            found: person.found,
            active: person.active,
            api_enabled: person.api_enabled,
            permission_set: person.has_permission_set,
            object_read: person.object_read_ok,
        }
    }
}

/// The facts of one user.
#[derive(Debug, Clone)]
pub(super) struct UserFacts {
    pub user: SfUser,
    pub api_enabled: bool,
    /// The id of the user's "Marketo App Access" assignment.
    pub assignment_id: Option<String>,
    pub missing_objects: Vec<String>,
}

/// People and the permission set, as one read found them.
pub(super) struct Survey {
    pub permission_set: Option<PermissionSetRecord>,
    /// In the order of the emails asked (normalised, each once); `None` = no Salesforce user.
    pub people: Vec<(String, Option<UserFacts>)>,
}

/// Trimmed, lower case, each once, in order.
pub(super) fn normalise(emails: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    emails
        .iter()
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty() && seen.insert(e.clone()))
        .collect()
}

/// Ids compare on their first 15 characters.
pub(super) fn same_id(a: &str, b: &str) -> bool {
    a.get(..15).is_some_and(|left| Some(left) == b.get(..15))
}

/// The facts of `users` on `objects`: API Enabled and read from the profile or any assigned set.
pub(super) async fn facts(
    client: &SalesforceClient,
    users: Vec<SfUser>,
    permission_set: Option<&PermissionSetRecord>,
    objects: &[&str],
) -> Result<Vec<UserFacts>, SalesforceError> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
    let assignments = client.assignments_of(&ids).await?;
    let mut set_ids: Vec<String> = assignments.iter().map(|a| a.permission_set_id.clone()).collect();
    set_ids.sort();
    set_ids.dedup();
    let readable: HashSet<(String, String)> = client
        .object_permissions(&set_ids, objects)
        .await?
        .into_iter()
        .filter(|p| p.read)
        .map(|p| (p.parent_id.get(..15).unwrap_or(&p.parent_id).to_owned(), p.object.to_lowercase()))
        .collect();
    Ok(users
        .into_iter()
        .map(|user| {
            let mine: Vec<_> = assignments.iter().filter(|a| same_id(&a.assignee_id, &user.id)).collect();
            let api_enabled = user.profile_api_enabled || mine.iter().any(|a| a.api_enabled);
            let assignment_id = permission_set
                .and_then(|set| mine.iter().find(|a| same_id(&a.permission_set_id, &set.id)))
                .map(|a| a.id.clone());
            let missing_objects = objects
                .iter()
                .filter(|object| {
                    !mine.iter().any(|a| {
                        let key = (a.permission_set_id.get(..15).unwrap_or(&a.permission_set_id).to_owned(), object.to_lowercase());
                        readable.contains(&key)
                    })
                })
                .map(|o| (*o).to_owned())
                .collect();
            UserFacts { user, api_enabled, assignment_id, missing_objects }
        })
        .collect())
}

/// Reads the invited people and the permission set.
pub(super) async fn survey(client: &SalesforceClient, emails: &[String]) -> Result<Survey, SalesforceError> {
    let emails = normalise(emails);
    let permission_set = client.permission_set_by_label(PERMISSION_SET_LABEL).await?;
    if emails.is_empty() {
        return Ok(Survey { permission_set, people: Vec::new() });
    }
    // One user per email: an active one first (an email may be on several users).
    let mut by_email: HashMap<String, SfUser> = HashMap::new();
    for user in client.users_by_email(&emails).await? {
        let key = user.email.trim().to_lowercase();
        let better = by_email.get(&key).is_none_or(|kept| !kept.active && user.active);
        if better {
            by_email.insert(key, user);
        }
    }
    let users: Vec<SfUser> = emails.iter().filter_map(|e| by_email.get(e).cloned()).collect();
    let mut facts_by_email: HashMap<String, UserFacts> = facts(client, users, permission_set.as_ref(), &STANDARD_OBJECTS)
        .await?
        .into_iter()
        .map(|f| (f.user.email.trim().to_lowercase(), f))
        .collect();
    let people = emails.into_iter().map(|email| {
        let facts = facts_by_email.remove(&email);
        (email, facts)
    });
    Ok(Survey { permission_set, people: people.collect() })
}

/// Per-person readiness, Salesforce half, in the order of `invited_emails` (normalised, each once).
pub async fn readiness(client: &SalesforceClient, invited_emails: &[String]) -> Result<Vec<SalesforcePersonReadiness>, SalesforceError> {
    let survey = survey(client, invited_emails).await?;
    Ok(survey
        .people
        .into_iter()
        .map(|(email, facts)| match facts {
            None => SalesforcePersonReadiness {
                email,
                found: false,
                user_id: None,
                username: None,
                active: false,
                api_enabled: false,
                has_permission_set: false,
                object_read_ok: false,
                missing_objects: Vec::new(),
            },
            Some(f) => SalesforcePersonReadiness {
                email,
                found: true,
                user_id: Some(f.user.id),
                username: Some(f.user.username),
                active: f.user.active,
                api_enabled: f.api_enabled,
                has_permission_set: f.assignment_id.is_some(),
                object_read_ok: f.missing_objects.is_empty(),
                missing_objects: f.missing_objects,
            },
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_once_in_order() {
        let emails = vec![" Ana@X.com".to_owned(), "luis@x.com".into(), "ana@x.com".into(), " ".into()];
        assert_eq!(normalise(&emails), vec!["ana@x.com", "luis@x.com"]);
    }

    #[test]
    fn ids_compare_on_15_characters() {
        assert!(same_id("005SB0000000001AAA", "005SB0000000001"));
        assert!(!same_id("005SB0000000001AAA", "005SB0000000002AAA"));
        assert!(!same_id("short", "short"));
    }
}
