//! P2's Salesforce half: the user Marketo's native sync runs as — named by the admin, since the Salesforce
//! user signed into this app is someone else (usually an admin), and checking them would prove nothing
//! about the sync.
//!
//! Marketo does not tell: its public APIs are Identity, Lead Database, Asset and User Management
//! (developer.adobe.com/marketo-apis, "API References"; AdobeDocs/marketo-developer.en), and none of them
//! exposes the CRM sync settings or the sync user — those live only in Marketo's console (Admin ›
//! Salesforce / CRM › Sync with Salesforce; experienceleague.adobe.com …/crm-sync/salesforce-sync/
//! log-in-using-oauth-2-0). So the admin types the username once per environment (saved in settings,
//! audited) and the check reads exactly that user: found, active, API Enabled, read on Lead and Contact.
//! Every finding names the username it read, so nothing is claimed about a user the app did not read.

use super::people;
use super::{unreadable, SYNC_OBJECTS};
use crate::checks::Finding;
use crate::services::salesforce::{SalesforceClient, SalesforceError};
use crate::store::{events, settings, Store, StoreError};

/// Where the admin finds the sync user's username (Marketo's console), for the texts.
pub const SYNC_USER_CONSOLE_PATH: &str = "Marketo › Admin › Salesforce (CRM) › Sync with Salesforce › Credentials";
/// Salesforce usernames are at most 80 characters.
const MAX_USERNAME: usize = 80;

/// Why a typed sync-user name was refused.
#[derive(Debug, thiserror::Error)]
pub enum SyncUserError {
    #[error("a Salesforce username looks like name@company.com (no spaces, at most 80 characters)")]
    InvalidUsername,
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn setting_key(environment_id: &str) -> String {
    format!("{environment_id}.p2.sync_user")
}

/// The sync user's username saved for this environment, if the admin named one.
pub fn saved_sync_user(store: &Store, environment_id: &str) -> Result<Option<String>, StoreError> {
    let value = store.read(|conn| settings::get(conn, &setting_key(environment_id)))?;
    Ok(value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()))
}

/// Trimmed; `None` for an empty value (clears the setting).
fn parse_username(typed: &str) -> Result<Option<String>, SyncUserError> {
    let username = typed.trim();
    if username.is_empty() {
        return Ok(None);
    }
    let well_formed = username.len() <= MAX_USERNAME
        && !username.contains(char::is_whitespace)
        && username.split_once('@').is_some_and(|(name, domain)| !name.is_empty() && !domain.is_empty());
    if well_formed {
        Ok(Some(username.to_owned()))
    } else {
        Err(SyncUserError::InvalidUsername)
    }
}

/// Saves (or, when empty, clears) the sync user's username for this environment, with an audit event on
/// P2 in the same transaction. Returns what is saved now.
pub fn save_sync_user(store: &Store, environment_id: &str, typed: &str, actor: &str) -> Result<Option<String>, SyncUserError> {
    let username = parse_username(typed)?;
    store.write(|tx| {
        settings::set(tx, &setting_key(environment_id), username.as_deref().unwrap_or_default())?;
        events::append(
            tx,
            &events::NewEvent {
                actor,
                environment_id: Some(environment_id),
                entity: events::EventEntity::Step,
                entity_id: crate::setup::StepId::P2.as_str(),
                from_state: None,
                to_state: None,
                detail: Some(serde_json::json!({ "sync_user": username })),
            },
        )?;
        Ok(())
    })?;
    Ok(username)
}

/// P2, Salesforce half: reads the named sync user. No name = a gap asking for it (nothing else is
/// claimed); a name with no such user = a gap; otherwise one finding per fact that is not as the sync
/// needs, or one `ok` listing what was read.
pub async fn check_sync_user(client: &SalesforceClient, username: Option<&str>) -> Vec<Finding> {
    let Some(username) = username else {
        return vec![Finding::gap("p2_sync_user_not_named").with("path", SYNC_USER_CONSOLE_PATH)];
    };
    match findings(client, username).await {
        Ok(findings) => findings,
        Err(error) => vec![unreadable("p2_sync_user_unreadable", &error).with("username", username)],
    }
}

async fn findings(client: &SalesforceClient, username: &str) -> Result<Vec<Finding>, SalesforceError> {
    let Some(user) = client.user_by_username(username).await? else {
        return Ok(vec![Finding::gap("p2_sync_user_not_found").with("username", username).with("path", SYNC_USER_CONSOLE_PATH)]);
    };
    let username = user.username.clone();
    let profile = user.profile_name.clone().unwrap_or_default();
    let facts = people::facts(client, vec![user], None, &SYNC_OBJECTS).await?;
    let Some(f) = facts.into_iter().next() else {
        return Err(SalesforceError::BadResponse("no facts for the named sync user".into()));
    };
    let mut findings = Vec::new();
    if !f.user.active {
        findings.push(Finding::gap("p2_sync_user_inactive").with("username", &username));
    }
    if !f.api_enabled {
        findings.push(Finding::gap("p2_sync_user_api_disabled").with("username", &username).with("profile", &profile));
    }
    if !f.missing_objects.is_empty() {
        findings.push(
            Finding::gap("p2_sync_user_object_read_missing").with("username", &username).with("objects", f.missing_objects.join(", ")),
        );
    }
    if findings.is_empty() {
        findings.push(
            Finding::ok("p2_sync_user_ready").with("username", &username).with("profile", &profile).with("objects", SYNC_OBJECTS.join(", ")),
        );
    }
    Ok(findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_trimmed_and_checked_for_shape() {
        assert_eq!(parse_username("  sync@acme.com.prod ").unwrap().as_deref(), Some("sync@acme.com.prod"));
        assert_eq!(parse_username("   ").unwrap(), None);
        for bad in ["sync", "@acme.com", "sync@", "sy nc@acme.com", &format!("{}@x.com", "a".repeat(80))] {
            assert!(matches!(parse_username(bad), Err(SyncUserError::InvalidUsername)), "{bad}");
        }
    }

    #[test]
    fn the_sync_user_is_saved_per_environment_and_audited() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("app.db")).unwrap();
        assert_eq!(saved_sync_user(&store, "sandbox").unwrap(), None);
        save_sync_user(&store, "sandbox", " sync@acme.test ", "ana").unwrap();
        assert_eq!(saved_sync_user(&store, "sandbox").unwrap().as_deref(), Some("sync@acme.test"));
        assert_eq!(saved_sync_user(&store, "real").unwrap(), None, "another environment names its own");
        save_sync_user(&store, "sandbox", "", "ana").unwrap();
        assert_eq!(saved_sync_user(&store, "sandbox").unwrap(), None);
        let trail = store.read(|c| events::for_entity(c, events::EventEntity::Step, "p2")).unwrap();
        assert_eq!(trail.len(), 2);
    }
}
