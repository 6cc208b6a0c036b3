//! The Salesforce side of the setup as findings: step 6 (the Marketo Sales Insight package, Tooling API),
//! step 7 (Remote Site Settings for the two Adobe hosts, "Marketo App Access" per invited person, each
//! invited person's user: found by email, active, API Enabled, read on Lead/Contact/Account/Opportunity;
//! the package's objects Deployed and no profile-level MSI access left (`package`); the package's Config
//! tab, the connected app's OAuth usage and the Sales account's login setting as guided confirmations),
//! P2's Salesforce half (the sync user the admin names), the people step 4 counts, and per-person
//! readiness (`people`). The changes the app makes — remote sites and permission set assignments — are
//! planned, applied with an audit event each, and undone in `changes`.
//!
//! A check never fails and never panics: what could not be read becomes an `Error` finding carrying
//! Salesforce's code and message, so the reason is never lost.

mod changes;
mod package;
mod people;
mod sync_user;

pub use changes::{
    assign_permission_set, create_remote_sites, deactivate_remote_site, plan_permission_set, plan_remote_sites,
    unassign_permission_set, AppliedChange, ChangeError, ChangeFailure, ChangeReport, PermissionSetPlan, PersonChange,
    PersonSkip, RemoteSiteChange, RemoteSitePlan,
};
pub use people::{readiness, SalesforcePersonReadiness};
pub use sync_user::{check_sync_user, save_sync_user, saved_sync_user, SyncUserError, SYNC_USER_CONSOLE_PATH};

use super::Finding;
use crate::services::salesforce::{InstalledPackage, PersonObject, SalesforceClient, SalesforceError};
use crate::store::{invitations, Store, StoreError};
use std::collections::HashSet;

/// Namespace of the Marketo Sales Insight managed package.
pub const MSI_NAMESPACE: &str = "mkto_si";
/// The AppExchange listing of "Marketo Sales Insight" (install and upgrade).
pub const LISTING_URL: &str = "https://appexchange.salesforce.com/appxListingDetail?listingId=a0N30000001SVZmEAO";
/// The oldest version with the permission set, as Adobe writes it (major 1, minor 8000).
pub const MINIMUM_VERSION: &str = "1.8000";
const MINIMUM: (u32, u32) = (1, 8000);
/// Adobe's recommended install option.
pub const INSTALL_FOR: &str = "admins_only";
pub const PERMISSION_SET_LABEL: &str = "Marketo App Access";
/// The Remote Site Settings MSI Actions needs, with the names the app gives them (Adobe's example names).
pub const ADOBE_REMOTE_SITES: [(&str, &str); 2] =
    [("MarketoSalesInsight1", "https://ims-na1.adobelogin.com"), ("MarketoSalesInsight2", "https://mkto-sales-connect.adobe.io")];
/// Objects MSI users must read.
pub const STANDARD_OBJECTS: [&str; 4] = ["Lead", "Contact", "Account", "Opportunity"];
/// Objects the sync user must read.
pub const SYNC_OBJECTS: [&str; 2] = ["Lead", "Contact"];

/// An `Error` finding that keeps Salesforce's reason as a code the window translates (`error.<code>`); the
/// English message goes to the log only.
fn unreadable(code: &str, error: &SalesforceError) -> Finding {
    tracing::warn!(finding = code, error_code = error.code().as_str(), %error, "a Salesforce check could not read");
    Finding::error(code).with("error_code", error.code())
}

fn is_current(package: &InstalledPackage) -> bool {
    (package.major, package.minor) >= MINIMUM
}

/// Step 6: the package installed, and at least 1.8000.
pub async fn check_package(client: &SalesforceClient) -> Vec<Finding> {
    let packages = match client.installed_packages().await {
        Ok(packages) => packages,
        Err(error) => return vec![unreadable("package_unreadable", &error)],
    };
    let msi = packages.iter().find(|p| p.namespace.as_deref().is_some_and(|ns| ns.eq_ignore_ascii_case(MSI_NAMESPACE)));
    let finding = match msi {
        Some(package) if is_current(package) => Finding::ok("package_current").with("version", package.version()),
        Some(package) => Finding::gap("package_old")
            .with("version", package.version())
            .with("minimum", MINIMUM_VERSION)
            .with("url", LISTING_URL)
            .with("install_for", INSTALL_FOR),
        None => Finding::gap("package_missing").with("minimum", MINIMUM_VERSION).with("url", LISTING_URL).with("install_for", INSTALL_FOR),
    };
    vec![finding]
}

/// Scheme, host and port of a URL, for comparing remote sites.
pub(crate) fn origin(url: &str) -> Option<(String, String, u16)> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    Some((parsed.scheme().to_owned(), parsed.host_str()?.to_ascii_lowercase(), parsed.port_or_known_default()?))
}

/// What step 7 leaves for the admin to confirm, because no documented API reads it: the package's Config
/// tab (a package UI), the connected app's "OAuth Usage" block (Adobe's fix for "We were unable to
/// authenticate your request"), the Sales account's Login Management, and the Config tab's governance
/// switches (Sales Campaigns, Tasks tab), which are the admin's choice.
pub const STEP_7_CONFIRMATIONS: [&str; 5] =
    ["enable_msi_actions_confirm", "api_secret_key_confirm", "oauth_app_not_blocked_confirm", "login_management_confirm", "governance_confirm"];

/// Step 7: remote sites, the permission set and the invited people's users, the package's objects and
/// profile access, then the settings to confirm.
pub async fn check_configuration(client: &SalesforceClient, invited_emails: &[String]) -> Vec<Finding> {
    let mut findings = remote_site_findings(client).await;
    let (people, permission_set_exists) = people_findings(client, invited_emails).await;
    findings.extend(package::findings(client, permission_set_exists).await);
    findings.extend(people);
    findings.extend(STEP_7_CONFIRMATIONS.iter().map(|code| Finding::info(code)));
    findings
}

async fn remote_site_findings(client: &SalesforceClient) -> Vec<Finding> {
    let sites = match client.remote_sites().await {
        Ok(sites) => sites,
        Err(error) => return vec![unreadable("remote_sites_unreadable", &error)],
    };
    ADOBE_REMOTE_SITES
        .iter()
        .map(|(name, url)| {
            let matching: Vec<_> = sites.iter().filter(|s| origin(&s.url).is_some() && origin(&s.url) == origin(url)).collect();
            match matching.iter().find(|s| s.active).or(matching.first()) {
                Some(site) if site.active => Finding::ok("remote_site_present").with("url", url).with("name", &site.name),
                Some(site) => Finding::gap("remote_site_inactive").with("url", url).with("name", &site.name),
                None => Finding::gap("remote_site_missing").with("url", url).with("name", name),
            }
        })
        .collect()
}

/// The people's findings, and whether the permission set exists (unknown = no).
async fn people_findings(client: &SalesforceClient, invited_emails: &[String]) -> (Vec<Finding>, bool) {
    let survey = match people::survey(client, invited_emails).await {
        Ok(survey) => survey,
        Err(error) => return (vec![unreadable("people_unreadable", &error)], false),
    };
    let mut findings = Vec::new();
    if survey.permission_set.is_none() {
        findings.push(
            Finding::gap("permission_set_missing").with("label", PERMISSION_SET_LABEL).with("minimum", MINIMUM_VERSION).with("url", LISTING_URL),
        );
    }
    if survey.people.is_empty() {
        findings.push(Finding::info("no_invited_people"));
    }
    for (email, facts) in survey.people {
        let Some(f) = facts else {
            findings.push(Finding::gap("user_not_found").with("email", &email));
            continue;
        };
        let profile = f.user.profile_name.clone().unwrap_or_default();
        let about = |code: &str| Finding::gap(code).with("email", &email).with("username", &f.user.username);
        let before = findings.len();
        if !f.user.active {
            findings.push(about("user_inactive"));
        }
        if !f.api_enabled {
            findings.push(about("user_api_disabled").with("profile", &profile));
        }
        if !f.missing_objects.is_empty() {
            findings.push(about("user_object_read_missing").with("profile", &profile).with("objects", f.missing_objects.join(", ")));
        }
        if let (Some(_), None) = (&survey.permission_set, &f.assignment_id) {
            findings.push(about("permission_set_not_assigned").with("label", PERMISSION_SET_LABEL));
        }
        if findings.len() == before {
            let code = if survey.permission_set.is_some() { "user_ready" } else { "user_awaiting_permission_set" };
            let level = if survey.permission_set.is_some() { super::FindingLevel::Ok } else { super::FindingLevel::Info };
            findings.push(Finding::new(code, level).with("email", &email).with("username", &f.user.username));
        }
    }
    (findings, survey.permission_set.is_some())
}

/// The people step 7 checks: every invitation of the environment that still holds one (queued, sent,
/// accepted…), by normalised email.
pub fn invited_emails(store: &Store, environment_id: &str) -> Result<Vec<String>, StoreError> {
    let record = store.read(|conn| invitations::list(conn, environment_id))?;
    Ok(people::normalise(
        &record.into_iter().filter(|i| i.state.holds_invitation()).map(|i| i.email_normalized).collect::<Vec<_>>(),
    ))
}

/// Emails (lower case, each once) of the leads and contacts that have an owner and an email, every page:
/// the Salesforce people step 4 looks up in Marketo.
pub async fn people_with_owner(client: &SalesforceClient) -> Result<Vec<String>, SalesforceError> {
    let mut seen = HashSet::new();
    let mut emails = Vec::new();
    for object in [PersonObject::Lead, PersonObject::Contact] {
        for person in client.people_with_owner(object).await? {
            let Some(email) = person.email.map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty()) else { continue };
            if person.owner_id.is_some() && seen.insert(email.clone()) {
                emails.push(email);
            }
        }
    }
    Ok(emails)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_ignore_case_slash_and_default_port() {
        assert_eq!(origin("https://IMS-NA1.adobelogin.com/"), origin("https://ims-na1.adobelogin.com:443"));
        assert_ne!(origin("http://ims-na1.adobelogin.com"), origin("https://ims-na1.adobelogin.com"));
        assert_eq!(origin("not a url"), None);
    }

    #[test]
    fn the_minimum_is_major_1_minor_8000() {
        let package = |major, minor| InstalledPackage {
            namespace: Some(MSI_NAMESPACE.into()),
            name: "Marketo Sales Insight".into(),
            version_id: "04t".into(),
            version_name: String::new(),
            major,
            minor,
            patch: 0,
        };
        assert!(!is_current(&package(1, 7900)));
        assert!(is_current(&package(1, 8000)));
        assert!(is_current(&package(2, 0)));
        assert_eq!(package(1, 7900).version(), "1.7900");
    }
}
