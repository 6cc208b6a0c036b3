//! The changes the app makes in Salesforce for step 7, always in three moves: a plan (what would change,
//! read-only), the change (each record created is one audit event on step 7 naming its Salesforce id,
//! written as soon as Salesforce answered), and its undo — which only touches what the app itself created
//! (the audit trail says so), never a record an admin made by hand.
//!
//! Remote Site Settings for the two Adobe hosts go through the Tooling API (`RemoteProxy`). Their undo
//! *deactivates* the site (a documented Tooling PATCH with `isActive: false`) rather than deleting it:
//! no documented call deletes a `RemoteProxy`, so the record stays, inactive, until an admin deletes it in
//! Setup. The "Marketo App Access" permission set is assigned with `PermissionSetAssignment` to invited
//! people who have an active Salesforce user; its undo deletes the assignment (a documented REST delete).

use serde::Serialize;
use serde_json::{json, Value};
use ts_rs::TS;

use super::people::{self, same_id};
use super::{origin, ADOBE_REMOTE_SITES, PERMISSION_SET_LABEL};
use crate::services::salesforce::{SalesforceClient, SalesforceError};
use crate::store::events::{self, EventEntity, NewEvent};
use crate::store::{Store, StoreError};

/// The step the changes belong to.
const STEP: &str = crate::setup::StepId::Step7.as_str();
const SITE_CREATED: &str = "remote_site_created";
const SITE_DEACTIVATED: &str = "remote_site_deactivated";
/// What older versions logged when their undo deleted a site: still ends the app's ownership.
const SITE_REMOVED_BEFORE: &str = "remote_site_removed";
const SET_ASSIGNED: &str = "permission_set_assigned";
const SET_UNASSIGNED: &str = "permission_set_unassigned";

/// Why a change could not be made (a failure on one record of many is a [`ChangeFailure`] instead).
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error(transparent)]
    Salesforce(#[from] SalesforceError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the \"Marketo App Access\" permission set does not exist in this org: install or upgrade the Marketo Sales Insight package to 1.8000 or later (step 6)")]
    NoPermissionSet,
    #[error("the app did not create Salesforce record {0}, so it does not remove it; change it in Salesforce Setup")]
    NotMadeByApp(String),
}

impl ChangeError {
    pub fn code(&self) -> crate::error_code::ErrorCode {
        match self {
            Self::Salesforce(inner) => inner.code(),
            Self::Store(_) => crate::error_code::ErrorCode::Database,
            Self::NoPermissionSet => crate::error_code::ErrorCode::PermissionSetMissing,
            Self::NotMadeByApp(_) => crate::error_code::ErrorCode::NotMadeByApp,
        }
    }
}

/// One remote site in a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RemoteSiteChange {
    pub name: String,
    pub url: String,
    /// The existing record, when there is one.
    pub salesforce_id: Option<String>,
}

/// What creating the remote sites would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RemoteSitePlan {
    pub to_create: Vec<RemoteSiteChange>,
    pub already_present: Vec<RemoteSiteChange>,
    /// Present but inactive: the admin ticks "Active" in Setup › Remote Site Settings (the app does not edit
    /// a record it did not make).
    pub inactive: Vec<RemoteSiteChange>,
}

/// A person in a permission set plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PersonChange {
    pub email: String,
    pub user_id: String,
    pub username: String,
    /// The existing assignment, when there is one.
    pub assignment_id: Option<String>,
}

/// A person the plan leaves out, and why (`user_not_found`, `user_inactive`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PersonSkip {
    pub email: String,
    pub reason: String,
}

/// What assigning "Marketo App Access" would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PermissionSetPlan {
    pub label: String,
    /// `None`: the permission set does not exist (package missing or older than 1.8000).
    pub permission_set_id: Option<String>,
    pub to_assign: Vec<PersonChange>,
    pub already_assigned: Vec<PersonChange>,
    pub skipped: Vec<PersonSkip>,
}

/// One change made (or undone), as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AppliedChange {
    /// `remote_site_created`, `remote_site_deactivated`, `permission_set_assigned`, `permission_set_unassigned`.
    pub kind: String,
    pub salesforce_id: String,
    /// The site's URL or the person's email.
    pub target: String,
}

/// A change Salesforce refused, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChangeFailure {
    pub target: String,
    pub error_code: crate::error_code::ErrorCode,
    /// English, for the technical details only.
    pub message: String,
}

/// What a run of changes did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ChangeReport {
    pub applied: Vec<AppliedChange>,
    pub failed: Vec<ChangeFailure>,
}

/// Appends one audit event on step 7 (in its own transaction, right after Salesforce answered).
fn audit(store: &Store, environment_id: &str, actor: &str, kind: &str, detail: Value) -> Result<(), StoreError> {
    store.write(|tx| {
        let event = NewEvent {
            actor,
            environment_id: Some(environment_id),
            entity: EventEntity::Step,
            entity_id: STEP,
            from_state: None,
            to_state: Some(kind),
            detail: Some(detail),
        };
        events::append(tx, &event).map(|_| ())
    })
}

/// Whether the app created `salesforce_id` (event `created`) and has not undone it since (any of `undone`).
fn made_by_app(store: &Store, environment_id: &str, created: &str, undone: &[&str], salesforce_id: &str) -> Result<bool, StoreError> {
    let trail = store.read(|conn| events::for_entity(conn, EventEntity::Step, STEP))?;
    let mut live = false;
    for event in trail.iter().filter(|e| e.environment_id.as_deref() == Some(environment_id)) {
        let detail: Value = event.detail.as_deref().and_then(|d| serde_json::from_str(d).ok()).unwrap_or(Value::Null);
        if detail["salesforce_id"].as_str().is_some_and(|id| same_id(id, salesforce_id)) {
            match event.to_state.as_deref() {
                Some(kind) if kind == created => live = true,
                Some(kind) if undone.contains(&kind) => live = false,
                _ => {}
            }
        }
    }
    Ok(live)
}

/// Records a change made in Salesforce; if recording fails, the report says what exists unrecorded.
fn record(store: &Store, environment_id: &str, actor: &str, report: &mut ChangeReport, change: AppliedChange, detail: Value) {
    match audit(store, environment_id, actor, &change.kind, detail) {
        Ok(()) => report.applied.push(change),
        Err(error) => {
            tracing::error!(kind = %change.kind, id = %change.salesforce_id, %error, "a Salesforce change was made but not recorded");
            report.failed.push(ChangeFailure {
                target: change.target,
                error_code: crate::error_code::ErrorCode::Database,
                message: format!("done in Salesforce (record {}) but not recorded: {error}", change.salesforce_id),
            });
        }
    }
}

fn failure(target: &str, error: &SalesforceError) -> ChangeFailure {
    ChangeFailure { target: target.to_owned(), error_code: error.code(), message: error.to_string() }
}

/// A free site name: `base`, else `base_2`, `base_3`…
fn free_name(base: &str, taken: &[String]) -> String {
    let used = |name: &str| taken.iter().any(|t| t.eq_ignore_ascii_case(name));
    if !used(base) {
        return base.to_owned();
    }
    (2..).map(|n| format!("{base}_{n}")).find(|name| !used(name)).unwrap_or_else(|| base.to_owned())
}

/// What [`create_remote_sites`] would do, read-only.
pub async fn plan_remote_sites(client: &SalesforceClient) -> Result<RemoteSitePlan, SalesforceError> {
    let sites = client.remote_sites().await?;
    let mut taken: Vec<String> = sites.iter().map(|s| s.name.clone()).collect();
    let mut plan = RemoteSitePlan { to_create: Vec::new(), already_present: Vec::new(), inactive: Vec::new() };
    for (name, url) in ADOBE_REMOTE_SITES {
        let matching: Vec<_> = sites.iter().filter(|s| origin(&s.url).is_some() && origin(&s.url) == origin(url)).collect();
        match matching.iter().find(|s| s.active).or(matching.first()) {
            Some(site) => {
                let change = RemoteSiteChange { name: site.name.clone(), url: url.to_owned(), salesforce_id: Some(site.id.clone()) };
                if site.active {
                    plan.already_present.push(change);
                } else {
                    plan.inactive.push(change);
                }
            }
            None => {
                let name = free_name(name, &taken);
                taken.push(name.clone());
                plan.to_create.push(RemoteSiteChange { name, url: url.to_owned(), salesforce_id: None });
            }
        }
    }
    Ok(plan)
}

/// Creates the missing Adobe remote sites (as planned now), one audit event each.
pub async fn create_remote_sites(store: &Store, environment_id: &str, actor: &str, client: &SalesforceClient) -> Result<ChangeReport, ChangeError> {
    let plan = plan_remote_sites(client).await?;
    let mut report = ChangeReport::default();
    for site in plan.to_create {
        match client.create_remote_site(&site.name, &site.url, "Marketo Sales Insight Actions (added by MSI Actions Setup)").await {
            Ok(id) => {
                let detail = json!({ "change": SITE_CREATED, "salesforce_id": id, "name": site.name, "url": site.url });
                let change = AppliedChange { kind: SITE_CREATED.into(), salesforce_id: id, target: site.url };
                record(store, environment_id, actor, &mut report, change, detail);
            }
            Err(error) => report.failed.push(failure(&site.url, &error)),
        }
    }
    Ok(report)
}

/// Deactivates a remote site the app created (undo), keeping the record: Salesforce documents no delete of
/// a `RemoteProxy`, so an admin deletes it in Setup › Security › Remote Site Settings if it must go.
/// Already inactive counts as done; already gone in Salesforce counts as undone (`already_gone`).
pub async fn deactivate_remote_site(
    store: &Store,
    environment_id: &str,
    actor: &str,
    client: &SalesforceClient,
    salesforce_id: &str,
) -> Result<AppliedChange, ChangeError> {
    if !made_by_app(store, environment_id, SITE_CREATED, &[SITE_DEACTIVATED, SITE_REMOVED_BEFORE], salesforce_id)? {
        return Err(ChangeError::NotMadeByApp(salesforce_id.to_owned()));
    }
    let site = client.remote_sites().await?.into_iter().find(|s| same_id(&s.id, salesforce_id));
    let (already_gone, was_active) = match &site {
        None => (true, false),
        Some(site) if !site.active => (false, false),
        Some(site) => match client.deactivate_remote_site(site).await {
            Ok(()) => (false, true),
            Err(SalesforceError::NotFound { .. }) => (true, false),
            Err(error) => return Err(error.into()),
        },
    };
    let target = site.map(|s| s.url).unwrap_or_default();
    let detail = json!({
        "change": SITE_DEACTIVATED, "salesforce_id": salesforce_id, "url": target,
        "already_gone": already_gone, "was_active": was_active,
    });
    audit(store, environment_id, actor, SITE_DEACTIVATED, detail)?;
    Ok(AppliedChange { kind: SITE_DEACTIVATED.into(), salesforce_id: salesforce_id.to_owned(), target })
}

/// What [`assign_permission_set`] would do for `emails`, read-only.
pub async fn plan_permission_set(client: &SalesforceClient, emails: &[String]) -> Result<PermissionSetPlan, SalesforceError> {
    let survey = people::survey(client, emails).await?;
    let mut plan = PermissionSetPlan {
        label: PERMISSION_SET_LABEL.to_owned(),
        permission_set_id: survey.permission_set.as_ref().map(|s| s.id.clone()),
        to_assign: Vec::new(),
        already_assigned: Vec::new(),
        skipped: Vec::new(),
    };
    for (email, facts) in survey.people {
        let Some(f) = facts else {
            plan.skipped.push(PersonSkip { email, reason: "user_not_found".into() });
            continue;
        };
        if !f.user.active {
            plan.skipped.push(PersonSkip { email, reason: "user_inactive".into() });
            continue;
        }
        let person = PersonChange { email, user_id: f.user.id, username: f.user.username, assignment_id: f.assignment_id };
        if person.assignment_id.is_some() {
            plan.already_assigned.push(person);
        } else {
            plan.to_assign.push(person);
        }
    }
    Ok(plan)
}

/// Assigns "Marketo App Access" to the active users of `emails` who lack it (as planned now), one audit
/// event each.
pub async fn assign_permission_set(
    store: &Store,
    environment_id: &str,
    actor: &str,
    client: &SalesforceClient,
    emails: &[String],
) -> Result<ChangeReport, ChangeError> {
    let plan = plan_permission_set(client, emails).await?;
    let set_id = plan.permission_set_id.ok_or(ChangeError::NoPermissionSet)?;
    let mut report = ChangeReport::default();
    for person in plan.to_assign {
        match client.assign_permission_set(&person.user_id, &set_id).await {
            Ok(id) => {
                let detail = json!({
                    "change": SET_ASSIGNED, "salesforce_id": id, "email": person.email, "user_id": person.user_id,
                    "permission_set_id": set_id, "label": PERMISSION_SET_LABEL,
                });
                let change = AppliedChange { kind: SET_ASSIGNED.into(), salesforce_id: id, target: person.email };
                record(store, environment_id, actor, &mut report, change, detail);
            }
            Err(error) => report.failed.push(failure(&person.email, &error)),
        }
    }
    Ok(report)
}

/// Removes an assignment the app made (undo). Already gone in Salesforce counts as removed.
pub async fn unassign_permission_set(
    store: &Store,
    environment_id: &str,
    actor: &str,
    client: &SalesforceClient,
    assignment_id: &str,
) -> Result<AppliedChange, ChangeError> {
    if !made_by_app(store, environment_id, SET_ASSIGNED, &[SET_UNASSIGNED], assignment_id)? {
        return Err(ChangeError::NotMadeByApp(assignment_id.to_owned()));
    }
    let email = assigned_email(store, assignment_id)?;
    let already_gone = match client.delete_permission_set_assignment(assignment_id).await {
        Ok(()) => false,
        Err(SalesforceError::NotFound { .. }) => true,
        Err(error) => return Err(error.into()),
    };
    let detail = json!({ "change": SET_UNASSIGNED, "salesforce_id": assignment_id, "email": email, "already_gone": already_gone });
    audit(store, environment_id, actor, SET_UNASSIGNED, detail)?;
    Ok(AppliedChange { kind: SET_UNASSIGNED.into(), salesforce_id: assignment_id.to_owned(), target: email })
}

/// The email the assignment was made for, from its audit event.
fn assigned_email(store: &Store, assignment_id: &str) -> Result<String, StoreError> {
    let trail = store.read(|conn| events::for_entity(conn, EventEntity::Step, STEP))?;
    Ok(trail
        .iter()
        .filter_map(|e| e.detail.as_deref().and_then(|d| serde_json::from_str::<Value>(d).ok()))
        .find(|d| d["change"] == SET_ASSIGNED && d["salesforce_id"].as_str().is_some_and(|id| same_id(id, assignment_id)))
        .and_then(|d| d["email"].as_str().map(str::to_owned))
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_avoid_taken_ones() {
        assert_eq!(free_name("MarketoSalesInsight1", &[]), "MarketoSalesInsight1");
        let taken = vec!["marketosalesinsight1".to_owned(), "MarketoSalesInsight1_2".to_owned()];
        assert_eq!(free_name("MarketoSalesInsight1", &taken), "MarketoSalesInsight1_3");
    }

    #[test]
    fn only_what_the_app_created_and_did_not_remove_is_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("app.db")).unwrap();
        let id = "0rpSB0000000101AAA";
        let undone = [SITE_DEACTIVATED, SITE_REMOVED_BEFORE];
        assert!(!made_by_app(&store, "sandbox", SITE_CREATED, &undone, id).unwrap());
        audit(&store, "sandbox", "ana", SITE_CREATED, json!({ "salesforce_id": id })).unwrap();
        assert!(made_by_app(&store, "sandbox", SITE_CREATED, &undone, id).unwrap());
        assert!(!made_by_app(&store, "real", SITE_CREATED, &undone, id).unwrap(), "per environment");
        audit(&store, "sandbox", "ana", SITE_DEACTIVATED, json!({ "salesforce_id": id })).unwrap();
        assert!(!made_by_app(&store, "sandbox", SITE_CREATED, &undone, id).unwrap());
    }

    #[test]
    fn a_site_deleted_by_an_older_version_is_no_longer_the_apps() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("app.db")).unwrap();
        let id = "0rpSB0000000102AAA";
        audit(&store, "sandbox", "ana", SITE_CREATED, json!({ "salesforce_id": id })).unwrap();
        audit(&store, "sandbox", "ana", SITE_REMOVED_BEFORE, json!({ "salesforce_id": id })).unwrap();
        assert!(!made_by_app(&store, "sandbox", SITE_CREATED, &[SITE_DEACTIVATED, SITE_REMOVED_BEFORE], id).unwrap());
    }
}
