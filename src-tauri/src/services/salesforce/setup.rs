//! The typed calls steps 4, 6 and 7 make: installed packages, Remote Site Settings and the package's objects
//! (Tooling API), users, permission sets, their assignments and object permissions (SOQL), leads and
//! contacts with an owner, and the writes (a `RemoteProxy` created or deactivated, a
//! `PermissionSetAssignment`). Every value that goes into a SOQL string is
//! quoted here ([`soql_text`]); lists go in chunks so no URL grows past what Salesforce accepts.

use serde::Deserialize;
use serde_json::json;

use super::{SalesforceClient, SalesforceError};

/// Values per `IN (…)` list.
const CHUNK: usize = 100;

/// A SOQL string literal: `'…'` with `\` and `'` escaped.
pub fn soql_text(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    for c in value.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '\'' => quoted.push_str("\\'"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            other => quoted.push(other),
        }
    }
    quoted.push('\'');
    quoted
}

fn in_list(values: &[String]) -> String {
    values.iter().map(|v| soql_text(v)).collect::<Vec<_>>().join(", ")
}

/// One installed managed package (`InstalledSubscriberPackage`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledPackage {
    pub namespace: Option<String>,
    pub name: String,
    pub version_id: String,
    pub version_name: String,
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl InstalledPackage {
    /// `1.7900`, as Adobe writes MSI versions.
    pub fn version(&self) -> String {
        format!("{}.{}", self.major, self.minor)
    }
}

/// One Remote Site Setting (`RemoteProxy`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RemoteSite {
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(rename = "SiteName")]
    pub name: String,
    #[serde(rename = "EndpointUrl")]
    pub url: String,
    #[serde(rename = "IsActive")]
    pub active: bool,
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    #[serde(rename = "DisableProtocolSecurity", default)]
    pub disable_protocol_security: bool,
}

/// One custom object (or custom setting) of a package, from Tooling `EntityDefinition`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PackageObject {
    /// `mkto_si__BestBetsCache__c`.
    #[serde(rename = "QualifiedApiName")]
    pub api_name: String,
    #[serde(rename = "Label", default)]
    pub label: String,
    /// `Deployed` or `InDevelopment` (`EntityDefinition.DeploymentStatus`, API 33.0+); absent on objects
    /// that have none.
    #[serde(rename = "DeploymentStatus", default)]
    pub deployment_status: Option<String>,
}

impl PackageObject {
    pub fn deployed(&self) -> bool {
        self.deployment_status.as_deref().is_none_or(|status| status.eq_ignore_ascii_case("Deployed"))
    }
}

/// Read access a profile grants on one object (`ObjectPermissions` of a profile's own permission set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileObjectAccess {
    pub profile_id: String,
    pub object: String,
}

/// A profile's id and name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProfileRecord {
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(rename = "Name")]
    pub name: String,
}

/// A Salesforce user with the profile facts the checks need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SfUser {
    pub id: String,
    pub username: String,
    pub email: String,
    pub name: String,
    pub active: bool,
    pub profile_name: Option<String>,
    pub profile_api_enabled: bool,
}

/// A permission set (`PermissionSet`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PermissionSetRecord {
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(rename = "Name")]
    pub name: String,
    #[serde(rename = "Label")]
    pub label: String,
}

/// One assignment of a permission set to a user (profiles' own sets included, as Salesforce lists them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub id: String,
    pub assignee_id: String,
    pub permission_set_id: String,
    pub label: String,
    pub owned_by_profile: bool,
    pub api_enabled: bool,
}

/// Read access of one permission set (or profile) on one object.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ObjectPermission {
    #[serde(rename = "ParentId")]
    pub parent_id: String,
    #[serde(rename = "SobjectType")]
    pub object: String,
    #[serde(rename = "PermissionsRead")]
    pub read: bool,
}

/// A lead or contact: id, email, owner.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PersonRecord {
    #[serde(rename = "Id")]
    pub id: String,
    #[serde(rename = "Email", default)]
    pub email: Option<String>,
    #[serde(rename = "OwnerId", default)]
    pub owner_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawPackage {
    subscriber_package: RawPackageRef,
    subscriber_package_version: RawVersion,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawPackageRef {
    #[serde(default)]
    namespace_prefix: Option<String>,
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawVersion {
    id: String,
    #[serde(default)]
    name: String,
    major_version: u32,
    minor_version: u32,
    #[serde(default)]
    patch_version: u32,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawUser {
    id: String,
    username: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    is_active: bool,
    #[serde(default)]
    profile: Option<RawProfile>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawProfile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    permissions_api_enabled: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawAssignment {
    id: String,
    assignee_id: String,
    permission_set_id: String,
    #[serde(default)]
    permission_set: Option<RawAssignedSet>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawAssignedSet {
    #[serde(default)]
    label: String,
    #[serde(default)]
    is_owned_by_profile: bool,
    #[serde(default)]
    permissions_api_enabled: Option<bool>,
}

const USER_FIELDS: &str = "Id, Username, Email, Name, IsActive, Profile.Name, Profile.PermissionsApiEnabled";

impl From<RawUser> for SfUser {
    fn from(raw: RawUser) -> Self {
        let (profile_name, api) = raw.profile.map(|p| (p.name, p.permissions_api_enabled.unwrap_or(false))).unwrap_or((None, false));
        Self { id: raw.id, username: raw.username, email: raw.email, name: raw.name, active: raw.is_active, profile_name, profile_api_enabled: api }
    }
}

impl SalesforceClient {
    /// Every installed managed package (Tooling `InstalledSubscriberPackage`, API 41.0+).
    pub async fn installed_packages(&self) -> Result<Vec<InstalledPackage>, SalesforceError> {
        let soql = "SELECT Id, SubscriberPackageId, SubscriberPackage.NamespacePrefix, SubscriberPackage.Name, \
                    SubscriberPackageVersion.Id, SubscriberPackageVersion.Name, SubscriberPackageVersion.MajorVersion, \
                    SubscriberPackageVersion.MinorVersion, SubscriberPackageVersion.PatchVersion FROM InstalledSubscriberPackage";
        let rows = self.tooling_query::<RawPackage>(soql).await?.records;
        Ok(rows
            .into_iter()
            .map(|raw| InstalledPackage {
                namespace: raw.subscriber_package.namespace_prefix,
                name: raw.subscriber_package.name,
                version_id: raw.subscriber_package_version.id,
                version_name: raw.subscriber_package_version.name,
                major: raw.subscriber_package_version.major_version,
                minor: raw.subscriber_package_version.minor_version,
                patch: raw.subscriber_package_version.patch_version,
            })
            .collect())
    }

    /// Every Remote Site Setting (Tooling `RemoteProxy`).
    pub async fn remote_sites(&self) -> Result<Vec<RemoteSite>, SalesforceError> {
        let soql = "SELECT Id, SiteName, EndpointUrl, IsActive, Description, DisableProtocolSecurity FROM RemoteProxy";
        Ok(self.tooling_query(soql).await?.records)
    }

    /// Creates an active Remote Site Setting; returns its id.
    pub async fn create_remote_site(&self, name: &str, url: &str, description: &str) -> Result<String, SalesforceError> {
        let body = json!({
            "FullName": name,
            "Metadata": { "url": url, "isActive": true, "disableProtocolSecurity": false, "description": description },
        });
        self.tooling_create("RemoteProxy", &body).await
    }

    /// Turns a Remote Site Setting off, keeping the record: a Tooling `PATCH` of its `Metadata` with
    /// `isActive: false`. `DELETE` on `RemoteProxy` is not a documented call, while the Tooling API's REST
    /// resources document PATCH on `/tooling/sobjects/{SObjectName}/{id}`; the Metadata block is
    /// `RemoteSiteSetting`'s (Metadata API Developer Guide: `url`, `isActive`, `disableProtocolSecurity`
    /// required, `description`), sent whole with the site's current values so nothing else changes.
    pub async fn deactivate_remote_site(&self, site: &RemoteSite) -> Result<(), SalesforceError> {
        let body = json!({
            "Metadata": {
                "url": site.url,
                "isActive": false,
                "disableProtocolSecurity": site.disable_protocol_security,
                "description": site.description.clone().unwrap_or_default(),
            },
        });
        self.tooling_update("RemoteProxy", &site.id, &body).await
    }

    /// The custom objects and settings of the package with this namespace (Tooling `EntityDefinition`,
    /// whose `DeploymentStatus` says whether each is Deployed).
    pub async fn package_objects(&self, namespace: &str) -> Result<Vec<PackageObject>, SalesforceError> {
        let soql = format!(
            "SELECT QualifiedApiName, Label, DeploymentStatus FROM EntityDefinition WHERE NamespacePrefix = {}",
            soql_text(namespace)
        );
        Ok(self.tooling_query(&soql).await?.records)
    }

    /// Read access on `objects` granted by profiles (a profile's own permission set, `IsOwnedByProfile`),
    /// leaving out profiles with "Modify All Data": those reach every object anyway, whatever their
    /// object settings say, so removing an object permission there changes nothing.
    pub async fn profile_object_access(&self, objects: &[String]) -> Result<Vec<ProfileObjectAccess>, SalesforceError> {
        #[derive(Deserialize)]
        struct Raw {
            #[serde(rename = "SobjectType")]
            object: String,
            #[serde(rename = "Parent")]
            parent: Option<RawParent>,
        }
        #[derive(Deserialize)]
        struct RawParent {
            #[serde(rename = "ProfileId")]
            profile_id: Option<String>,
        }
        let mut all = Vec::new();
        for chunk in objects.chunks(CHUNK) {
            let soql = format!(
                "SELECT SobjectType, Parent.ProfileId FROM ObjectPermissions WHERE SobjectType IN ({}) \
                 AND PermissionsRead = true AND Parent.IsOwnedByProfile = true AND Parent.PermissionsModifyAllData = false",
                in_list(chunk)
            );
            all.extend(self.query::<Raw>(&soql).await?.records.into_iter().filter_map(|raw| {
                let profile_id = raw.parent.and_then(|p| p.profile_id)?;
                Some(ProfileObjectAccess { profile_id, object: raw.object })
            }));
        }
        Ok(all)
    }

    /// Profiles by id.
    pub async fn profiles_by_id(&self, ids: &[String]) -> Result<Vec<ProfileRecord>, SalesforceError> {
        let mut all = Vec::new();
        for chunk in ids.chunks(CHUNK) {
            let soql = format!("SELECT Id, Name FROM Profile WHERE Id IN ({})", in_list(chunk));
            all.extend(self.query::<ProfileRecord>(&soql).await?.records);
        }
        Ok(all)
    }

    /// Users whose Email is one of `emails` (case-insensitive on Salesforce's side).
    pub async fn users_by_email(&self, emails: &[String]) -> Result<Vec<SfUser>, SalesforceError> {
        let mut users = Vec::new();
        for chunk in emails.chunks(CHUNK) {
            let soql = format!("SELECT {USER_FIELDS} FROM User WHERE Email IN ({})", in_list(chunk));
            users.extend(self.query::<RawUser>(&soql).await?.records.into_iter().map(SfUser::from));
        }
        Ok(users)
    }

    pub async fn user_by_id(&self, id: &str) -> Result<Option<SfUser>, SalesforceError> {
        let soql = format!("SELECT {USER_FIELDS} FROM User WHERE Id = {}", soql_text(id));
        Ok(self.query::<RawUser>(&soql).await?.records.into_iter().next().map(SfUser::from))
    }

    /// The user with this exact username (P2's sync user, named by the admin).
    pub async fn user_by_username(&self, username: &str) -> Result<Option<SfUser>, SalesforceError> {
        let soql = format!("SELECT {USER_FIELDS} FROM User WHERE Username = {}", soql_text(username));
        Ok(self.query::<RawUser>(&soql).await?.records.into_iter().next().map(SfUser::from))
    }

    /// The permission set with this label (labels are what Adobe documents; API names vary).
    pub async fn permission_set_by_label(&self, label: &str) -> Result<Option<PermissionSetRecord>, SalesforceError> {
        let soql = format!("SELECT Id, Name, Label FROM PermissionSet WHERE Label = {}", soql_text(label));
        Ok(self.query(&soql).await?.records.into_iter().next())
    }

    /// Every assignment of these users, profile-owned sets included.
    pub async fn assignments_of(&self, user_ids: &[String]) -> Result<Vec<Assignment>, SalesforceError> {
        let mut all = Vec::new();
        for chunk in user_ids.chunks(CHUNK) {
            let soql = format!(
                "SELECT Id, AssigneeId, PermissionSetId, PermissionSet.Label, PermissionSet.IsOwnedByProfile, \
                 PermissionSet.PermissionsApiEnabled FROM PermissionSetAssignment WHERE AssigneeId IN ({})",
                in_list(chunk)
            );
            all.extend(self.query::<RawAssignment>(&soql).await?.records.into_iter().map(|raw| {
                let set = raw.permission_set.unwrap_or(RawAssignedSet { label: String::new(), is_owned_by_profile: false, permissions_api_enabled: None });
                Assignment {
                    id: raw.id,
                    assignee_id: raw.assignee_id,
                    permission_set_id: raw.permission_set_id,
                    label: set.label,
                    owned_by_profile: set.is_owned_by_profile,
                    api_enabled: set.permissions_api_enabled.unwrap_or(false),
                }
            }));
        }
        Ok(all)
    }

    /// Read permissions of these permission sets (profiles' own included) on `objects`.
    pub async fn object_permissions(&self, set_ids: &[String], objects: &[&str]) -> Result<Vec<ObjectPermission>, SalesforceError> {
        let objects: Vec<String> = objects.iter().map(|o| (*o).to_owned()).collect();
        let mut all = Vec::new();
        for chunk in set_ids.chunks(CHUNK) {
            let soql = format!(
                "SELECT ParentId, SobjectType, PermissionsRead FROM ObjectPermissions WHERE ParentId IN ({}) AND SobjectType IN ({})",
                in_list(chunk),
                in_list(&objects)
            );
            all.extend(self.query::<ObjectPermission>(&soql).await?.records);
        }
        Ok(all)
    }

    /// Assigns a permission set; returns the assignment's id.
    pub async fn assign_permission_set(&self, user_id: &str, permission_set_id: &str) -> Result<String, SalesforceError> {
        self.create("PermissionSetAssignment", &json!({ "AssigneeId": user_id, "PermissionSetId": permission_set_id })).await
    }

    pub async fn delete_permission_set_assignment(&self, id: &str) -> Result<(), SalesforceError> {
        self.delete("PermissionSetAssignment", id).await
    }

    /// Leads (`Lead`) or contacts (`Contact`) with an email and an owner, every page.
    pub async fn people_with_owner(&self, object: PersonObject) -> Result<Vec<PersonRecord>, SalesforceError> {
        let soql = format!("SELECT Id, Email, OwnerId FROM {} WHERE Email != null AND OwnerId != null", object.name());
        Ok(self.query(&soql).await?.records)
    }
}

/// Where people live in Salesforce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonObject {
    Lead,
    Contact,
}

impl PersonObject {
    pub fn name(self) -> &'static str {
        match self {
            Self::Lead => "Lead",
            Self::Contact => "Contact",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soql_text_is_escaped() {
        assert_eq!(soql_text("o'brien@x.com"), r"'o\'brien@x.com'");
        assert_eq!(soql_text(r"a\b"), r"'a\\b'");
        assert_eq!(in_list(&["a".into(), "b".into()]), "'a', 'b'");
    }
}
