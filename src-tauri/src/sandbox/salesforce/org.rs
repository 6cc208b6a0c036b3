//! The simulated org's setup data for steps 6 and 7: installed packages, Remote Site Settings, profiles,
//! users, permission sets and their assignments, object permissions, and generated leads and contacts.
//! Deterministic (tests rely on it) and reset by `/_sandbox/salesforce/reset`.
//!
//! Default seed, with the gaps an admin meets in a real org:
//! - "Marketo Sales Insight" (`mkto_si`) installed at 1.7900 — older than 1.8000, so step 6 shows the
//!   upgrade, and the "Marketo App Access" permission set (shipped by 1.8000+) does not exist yet;
//! - one unrelated remote site (the classic MSI SOAP host), none of the two Adobe hosts;
//! - invited people: `ana.lopez@acme-e2e.test` ready, `luis.garcia@acme-e2e.test` without the permission
//!   set, `ana@example.es` on a profile without API Enabled, `luis@example.es` inactive,
//!   `iker@example.es` not a Salesforce user, `pending.user@acme.test` without read on Opportunity;
//! - 300 leads and 120 contacts (a few without email, some owned by a queue);
//! - the package's six custom objects, all Deployed (control `undeployed_objects` leaves some In
//!   Development), and the "Standard User" profile still granting read on them — the profile-level access
//!   Adobe says to remove before using the permission set (control `profile_msi_access`). System
//!   Administrator reads them too, but through "Modify All Data", which the check leaves out.

use serde_json::{json, Value};

use super::soql::{Row, Table};
use super::{ORG_ID, ORG_NAME, USERNAME, USER_ID};

/// Namespace of the Marketo Sales Insight managed package.
pub const MSI_NAMESPACE: &str = "mkto_si";
/// Label of the package's permission set (package 1.8000+).
pub const MSI_PERMISSION_SET_LABEL: &str = "Marketo App Access";
pub const MSI_PERMISSION_SET_NAME: &str = "Marketo_App_Access";
/// The first minor version (with major 1) that ships the permission set.
const PERMISSION_SET_MINOR: u32 = 8000;
/// The objects whose read access MSI users need.
pub const STANDARD_OBJECTS: [&str; 4] = ["Lead", "Contact", "Account", "Opportunity"];
pub const DEFAULT_LEADS: usize = 300;
pub const DEFAULT_CONTACTS: usize = 120;
/// Most rows a sandbox list may have (memory bound for benches).
pub const MAX_PEOPLE: usize = 100_000;
/// The package's custom objects (API name, label), as Adobe lists them for the permission set.
pub const PACKAGE_OBJECTS: [(&str, &str); 6] = [
    ("mkto_si__Marketo_Sales_Insight_Config__c", "Marketo Sales Insight Config"),
    ("mkto_si__BestBetsCache__c", "Best Bets Cache"),
    ("mkto_si__EmailActivityCache__c", "Email Activity Cache"),
    ("mkto_si__InterestingMomentsCache__c", "Interesting Moments Cache"),
    ("mkto_si__ScoringCache__c", "Scoring Cache"),
    ("mkto_si__WebActivityCache__c", "Web Activity Cache"),
];
/// The profile that keeps MSI object access when `profile_msi_access` is on ("Standard User").
const PROFILE_WITH_MSI_ACCESS: u64 = 2;

/// An 18-character Salesforce id: key prefix, `SB`, ten digits, `AAA`.
pub fn sf_id(prefix: &str, n: u64) -> String {
    format!("{prefix}SB{n:010}AAA")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackageVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl PackageVersion {
    /// `1.7900` or `1.7900.2`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        let patch = match parts.next() {
            Some(p) => p.parse().ok()?,
            None => 0,
        };
        parts.next().is_none().then_some(Self { major, minor, patch })
    }

    pub fn label(&self) -> String {
        format!("{}.{}", self.major, self.minor)
    }
}

struct Profile {
    n: u64,
    name: &'static str,
    api_enabled: bool,
    /// "Modify All Data" (System Administrator).
    modify_all: bool,
    /// Read on Lead, Contact, Account, Opportunity.
    reads: [bool; 4],
}

impl Profile {
    fn id(&self) -> String {
        sf_id("00e", self.n)
    }
    /// The permission set the profile owns (profiles' permissions live in one).
    fn owned_set_id(&self) -> String {
        sf_id("0PS", 100 + self.n)
    }
}

pub struct User {
    pub id: String,
    pub username: String,
    pub email: String,
    pub first: &'static str,
    pub last: &'static str,
    pub active: bool,
    profile: u64,
}

pub struct Assignment {
    pub id: String,
    pub assignee_id: String,
    pub permission_set_id: String,
}

pub struct RemoteSite {
    pub id: String,
    pub name: String,
    pub url: String,
    pub active: bool,
    pub description: String,
    pub disable_protocol_security: bool,
}

/// The org's setup state.
pub struct Org {
    /// The MSI package, when installed.
    pub package: Option<PackageVersion>,
    profiles: Vec<Profile>,
    pub users: Vec<User>,
    /// Assignments of non-profile permission sets (profile ones are derived).
    pub assignments: Vec<Assignment>,
    pub remote_sites: Vec<RemoteSite>,
    pub lead_count: usize,
    pub contact_count: usize,
    /// Package objects In Development (by API name); the others are Deployed.
    pub undeployed_objects: Vec<String>,
    /// "Standard User" still grants read on the package's objects.
    pub profile_msi_access: bool,
    next_id: u64,
}

const FIRST: [&str; 8] = ["Olivia", "Noah", "Emma", "Liam", "Sofia", "Mateo", "Lucia", "Hugo"];
const LAST: [&str; 6] = ["Brown", "Garcia", "Martin", "Schmidt", "Rossi", "Dubois"];
const DOMAINS: [&str; 4] = ["globex.test", "initech.test", "umbrella.test", "acme.test"];
/// Owners of generated leads and contacts (active sales users), and a lead queue.
const OWNERS: [u64; 4] = [2, 3, 5, 6];
const QUEUE_ID_N: u64 = 1;

impl Default for Org {
    fn default() -> Self {
        let profile = |n, name, api_enabled, reads| Profile { n, name, api_enabled, modify_all: n == 1, reads };
        let profiles = vec![
            profile(1, "System Administrator", true, [true; 4]),
            profile(2, "Standard User", true, [true; 4]),
            profile(3, "Marketing User", true, [true, true, true, false]),
            profile(4, "Sales User - No API", false, [true; 4]),
        ];
        let user = |n: u64, email: &str, first, last, active, profile| User {
            id: sf_id("005", n),
            username: if n == 1 { USERNAME.to_owned() } else { format!("{email}.acmesb") },
            email: email.to_owned(),
            first,
            last,
            active,
            profile,
        };
        let users = vec![
            user(1, USERNAME, "Ada", "Admin", true, 1),
            user(2, "sam.seller@acme.test", "Sam", "Seller", true, 2),
            user(3, "maria.garcia@acme.test", "María", "García", true, 2),
            user(4, "pending.user@acme.test", "Pat", "Pending", true, 3),
            user(5, "ana.lopez@acme-e2e.test", "Ana", "López", true, 2),
            user(6, "luis.garcia@acme-e2e.test", "Luis", "García", true, 2),
            user(7, "ana@example.es", "Ana", "Ruiz", true, 4),
            user(8, "luis@example.es", "Luis", "Martín", false, 2),
        ];
        debug_assert_eq!(users[0].id, USER_ID);
        let msi = sf_id("0PS", 1);
        let assignments = [1u64, 3, 5, 7, 8]
            .iter()
            .enumerate()
            .map(|(i, n)| Assignment {
                id: sf_id("0Pa", i as u64 + 1),
                assignee_id: sf_id("005", *n),
                permission_set_id: msi.clone(),
            })
            .collect();
        let remote_sites = vec![RemoteSite {
            id: sf_id("0rp", 1),
            name: "Marketo_SOAP".into(),
            url: "https://na-sj02.marketo.com".into(),
            active: true,
            description: "Classic Marketo Sales Insight SOAP API".into(),
            disable_protocol_security: false,
        }];
        Self {
            package: Some(PackageVersion { major: 1, minor: 7900, patch: 0 }),
            profiles,
            users,
            assignments,
            remote_sites,
            lead_count: DEFAULT_LEADS,
            contact_count: DEFAULT_CONTACTS,
            undeployed_objects: Vec::new(),
            profile_msi_access: true,
            next_id: 100,
        }
    }
}

impl Org {
    /// A new id with `prefix`, never used before in this org.
    pub fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        sf_id(prefix, self.next_id)
    }

    /// Whether the installed package ships the permission set.
    pub fn has_permission_set(&self) -> bool {
        self.package.is_some_and(|v| v.major > 1 || (v.major == 1 && v.minor >= PERMISSION_SET_MINOR))
    }

    pub fn msi_permission_set_id(&self) -> Option<String> {
        self.has_permission_set().then(|| sf_id("0PS", 1))
    }

    /// The package's objects, when it is installed.
    pub fn package_objects(&self) -> &'static [(&'static str, &'static str)] {
        if self.package.is_some() { &PACKAGE_OBJECTS } else { &[] }
    }

    fn profile(&self, n: u64) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.n == n)
    }

    /// A standard-API table, by object name (case-insensitive).
    pub(super) fn table(&self, object: &str) -> Option<Table> {
        let name = ["Organization", "User", "Profile", "PermissionSet", "PermissionSetAssignment", "ObjectPermissions", "Lead", "Contact"]
            .into_iter()
            .find(|n| n.eq_ignore_ascii_case(object))?;
        Some(match name {
            "Organization" => Table::new(name, &ORGANIZATION_FIELDS, vec![organization()]),
            "User" => Table::new(name, &USER_FIELDS, self.users.iter().map(|u| self.user_row(u)).collect()),
            "Profile" => Table::new(name, &PROFILE_FIELDS, self.profiles.iter().map(profile_row).collect()),
            "PermissionSet" => Table::new(name, &PERMISSION_SET_FIELDS, self.permission_set_rows()),
            "PermissionSetAssignment" => Table::new(name, &ASSIGNMENT_FIELDS, self.assignment_rows()),
            "ObjectPermissions" => Table::new(name, &OBJECT_PERMISSION_FIELDS, self.object_permission_rows()),
            "Lead" => Table::new(name, &PERSON_FIELDS, (1..=self.lead_count).map(|i| person_row("00Q", i, false)).collect()),
            _ => Table::new(name, &PERSON_FIELDS, (1..=self.contact_count).map(|i| person_row("003", i, true)).collect()),
        })
    }

    /// A Tooling API table.
    pub(super) fn tooling_table(&self, object: &str) -> Option<Table> {
        if object.eq_ignore_ascii_case("InstalledSubscriberPackage") {
            let mut rows = vec![package_row(2, "sf_com_apps", "Salesforce Connected Apps", "Winter '16", (1, 7, 0))];
            if let Some(v) = self.package {
                rows.insert(0, package_row(1, MSI_NAMESPACE, "Marketo Sales Insight", &format!("Marketo Sales Insight {}", v.label()), (v.major, v.minor, v.patch)));
            }
            return Some(Table::new("InstalledSubscriberPackage", &PACKAGE_FIELDS, rows));
        }
        if object.eq_ignore_ascii_case("EntityDefinition") {
            return Some(Table::new("EntityDefinition", &ENTITY_DEFINITION_FIELDS, self.entity_rows()));
        }
        if object.eq_ignore_ascii_case("RemoteProxy") {
            let rows = self
                .remote_sites
                .iter()
                .map(|s| {
                    vec![
                        ("Id", json!(s.id)),
                        ("SiteName", json!(s.name)),
                        ("EndpointUrl", json!(s.url)),
                        ("IsActive", json!(s.active)),
                        ("Description", json!(s.description)),
                        ("DisableProtocolSecurity", json!(s.disable_protocol_security)),
                    ]
                })
                .collect();
            return Some(Table::new("RemoteProxy", &REMOTE_PROXY_FIELDS, rows));
        }
        None
    }

    /// A few standard and unpackaged objects, then the package's (standard objects have no
    /// DeploymentStatus).
    fn entity_rows(&self) -> Vec<Row> {
        let row = |name: &str, label: &str, ns: Option<&str>, status: Option<&str>| {
            vec![
                ("DurableId", json!(name)),
                ("QualifiedApiName", json!(name)),
                ("Label", json!(label)),
                ("NamespacePrefix", json!(ns)),
                ("DeploymentStatus", json!(status)),
                ("IsCustomSetting", json!(false)),
            ]
        };
        let mut rows = vec![
            row("Account", "Account", None, None),
            row("Lead", "Lead", None, None),
            row("Invoice__c", "Invoice", None, Some("InDevelopment")),
        ];
        for (name, label) in self.package_objects() {
            let status = if self.undeployed_objects.iter().any(|o| o.eq_ignore_ascii_case(name)) { "InDevelopment" } else { "Deployed" };
            rows.push(row(name, label, Some(MSI_NAMESPACE), Some(status)));
        }
        rows
    }

    fn user_row(&self, u: &User) -> Row {
        let profile = self.profile(u.profile);
        vec![
            ("Id", json!(u.id)),
            ("Username", json!(u.username)),
            ("Email", json!(u.email)),
            ("FirstName", json!(u.first)),
            ("LastName", json!(u.last)),
            ("Name", json!(format!("{} {}", u.first, u.last))),
            ("IsActive", json!(u.active)),
            ("UserType", json!("Standard")),
            ("ProfileId", json!(profile.map(Profile::id))),
            ("Profile.Name", json!(profile.map(|p| p.name))),
            ("Profile.PermissionsApiEnabled", json!(profile.map(|p| p.api_enabled))),
        ]
    }

    fn permission_set_rows(&self) -> Vec<Row> {
        let set = |id: String, name: String, label: String, owned: bool, profile_id: Option<String>, api: bool, ns: Option<&str>| {
            vec![
                ("Id", json!(id)),
                ("Name", json!(name)),
                ("Label", json!(label)),
                ("IsOwnedByProfile", json!(owned)),
                ("ProfileId", json!(profile_id)),
                ("PermissionsApiEnabled", json!(api)),
                ("NamespacePrefix", json!(ns)),
            ]
        };
        let mut rows: Vec<Row> = self
            .profiles
            .iter()
            .map(|p| set(p.owned_set_id(), format!("X{}", p.id()), p.id(), true, Some(p.id()), p.api_enabled, None))
            .collect();
        rows.push(set(sf_id("0PS", 2), "Sales_Cloud_User".into(), "Sales Cloud User".into(), false, None, false, None));
        if let Some(id) = self.msi_permission_set_id() {
            rows.push(set(id, MSI_PERMISSION_SET_NAME.into(), MSI_PERMISSION_SET_LABEL.into(), false, None, false, Some(MSI_NAMESPACE)));
        }
        rows
    }

    /// Every assignment, including each user's profile-owned set, as Salesforce lists them.
    fn assignment_rows(&self) -> Vec<Row> {
        let row = |id: String, assignee: &str, set_id: String, label: String, name: String, owned: bool, api: bool| {
            vec![
                ("Id", json!(id)),
                ("AssigneeId", json!(assignee)),
                ("PermissionSetId", json!(set_id)),
                ("PermissionSet.Label", json!(label)),
                ("PermissionSet.Name", json!(name)),
                ("PermissionSet.IsOwnedByProfile", json!(owned)),
                ("PermissionSet.PermissionsApiEnabled", json!(api)),
            ]
        };
        let mut rows = Vec::new();
        for (i, user) in self.users.iter().enumerate() {
            if let Some(p) = self.profile(user.profile) {
                rows.push(row(sf_id("0Pa", 5_000_000 + i as u64), &user.id, p.owned_set_id(), p.id(), format!("X{}", p.id()), true, p.api_enabled));
            }
        }
        let msi = self.msi_permission_set_id();
        for a in &self.assignments {
            let (label, name) = if Some(&a.permission_set_id) == msi.as_ref() {
                (MSI_PERMISSION_SET_LABEL, MSI_PERMISSION_SET_NAME)
            } else if a.permission_set_id == sf_id("0PS", 2) {
                ("Sales Cloud User", "Sales_Cloud_User")
            } else {
                // The permission set is gone (package older or removed): so is its assignment.
                continue;
            };
            rows.push(row(a.id.clone(), &a.assignee_id, a.permission_set_id.clone(), label.into(), name.into(), false, false));
        }
        rows
    }

    fn object_permission_rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut n = 0;
        let mut push = |parent: String, profile: Option<&Profile>, object: &str, read: bool, edit: bool| {
            n += 1;
            rows.push(vec![
                ("Id", json!(sf_id("110", n))),
                ("ParentId", json!(parent)),
                ("SobjectType", json!(object)),
                ("PermissionsRead", json!(read)),
                ("PermissionsCreate", json!(edit)),
                ("PermissionsEdit", json!(edit)),
                ("Parent.IsOwnedByProfile", json!(profile.is_some())),
                ("Parent.ProfileId", json!(profile.map(Profile::id))),
                ("Parent.PermissionsModifyAllData", json!(profile.is_some_and(|p| p.modify_all))),
            ]);
        };
        for p in &self.profiles {
            for (object, read) in STANDARD_OBJECTS.iter().zip(p.reads) {
                if read {
                    push(p.owned_set_id(), Some(p), object, true, p.name != "Marketing User" || *object != "Account");
                }
            }
            let keeps_msi_access = p.modify_all || (self.profile_msi_access && p.n == PROFILE_WITH_MSI_ACCESS);
            if keeps_msi_access {
                for (object, _) in self.package_objects() {
                    push(p.owned_set_id(), Some(p), object, true, p.modify_all);
                }
            }
        }
        if let Some(id) = self.msi_permission_set_id() {
            for (object, _) in self.package_objects() {
                push(id.clone(), None, object, true, true);
            }
        }
        rows
    }
}

const ORGANIZATION_FIELDS: [&str; 7] =
    ["Id", "Name", "OrganizationType", "IsSandbox", "InstanceName", "NamespacePrefix", "LanguageLocaleKey"];
const USER_FIELDS: [&str; 11] = [
    "Id", "Username", "Email", "FirstName", "LastName", "Name", "IsActive", "UserType", "ProfileId", "Profile.Name",
    "Profile.PermissionsApiEnabled",
];
const PROFILE_FIELDS: [&str; 3] = ["Id", "Name", "PermissionsApiEnabled"];
const PERMISSION_SET_FIELDS: [&str; 7] =
    ["Id", "Name", "Label", "IsOwnedByProfile", "ProfileId", "PermissionsApiEnabled", "NamespacePrefix"];
const ASSIGNMENT_FIELDS: [&str; 7] = [
    "Id", "AssigneeId", "PermissionSetId", "PermissionSet.Label", "PermissionSet.Name", "PermissionSet.IsOwnedByProfile",
    "PermissionSet.PermissionsApiEnabled",
];
const OBJECT_PERMISSION_FIELDS: [&str; 9] = [
    "Id", "ParentId", "SobjectType", "PermissionsRead", "PermissionsCreate", "PermissionsEdit", "Parent.IsOwnedByProfile",
    "Parent.ProfileId", "Parent.PermissionsModifyAllData",
];
const ENTITY_DEFINITION_FIELDS: [&str; 6] =
    ["DurableId", "QualifiedApiName", "Label", "NamespacePrefix", "DeploymentStatus", "IsCustomSetting"];
const PERSON_FIELDS: [&str; 6] = ["Id", "FirstName", "LastName", "Email", "OwnerId", "Company"];
const PACKAGE_FIELDS: [&str; 10] = [
    "Id", "SubscriberPackageId", "SubscriberPackage.NamespacePrefix", "SubscriberPackage.Name",
    "SubscriberPackageVersion.Id", "SubscriberPackageVersion.Name", "SubscriberPackageVersion.MajorVersion",
    "SubscriberPackageVersion.MinorVersion", "SubscriberPackageVersion.PatchVersion", "SubscriberPackageVersion.BuildNumber",
];
const REMOTE_PROXY_FIELDS: [&str; 6] = ["Id", "SiteName", "EndpointUrl", "IsActive", "Description", "DisableProtocolSecurity"];

fn organization() -> Row {
    vec![
        ("Id", json!(ORG_ID)),
        ("Name", json!(ORG_NAME)),
        ("OrganizationType", json!("Enterprise Edition")),
        ("IsSandbox", json!(true)),
        ("InstanceName", json!("SB1")),
        ("NamespacePrefix", Value::Null),
        ("LanguageLocaleKey", json!("en_US")),
    ]
}

fn profile_row(p: &Profile) -> Row {
    vec![("Id", json!(p.id())), ("Name", json!(p.name)), ("PermissionsApiEnabled", json!(p.api_enabled))]
}

fn package_row(n: u64, namespace: &str, name: &str, version_name: &str, (major, minor, patch): (u32, u32, u32)) -> Row {
    vec![
        ("Id", json!(sf_id("0A3", n))),
        ("SubscriberPackageId", json!(sf_id("033", n))),
        ("SubscriberPackage.NamespacePrefix", json!(namespace)),
        ("SubscriberPackage.Name", json!(name)),
        ("SubscriberPackageVersion.Id", json!(sf_id("04t", n * 10_000 + u64::from(minor)))),
        ("SubscriberPackageVersion.Name", json!(version_name)),
        ("SubscriberPackageVersion.MajorVersion", json!(major)),
        ("SubscriberPackageVersion.MinorVersion", json!(minor)),
        ("SubscriberPackageVersion.PatchVersion", json!(patch)),
        ("SubscriberPackageVersion.BuildNumber", json!(1)),
    ]
}

/// Lead or contact `i` (1-based). Every 10th has no email; every 9th lead belongs to the lead queue; the
/// first fifth of the contacts are converted leads (same person, same email).
fn person_email(i: usize, contact: bool) -> Option<String> {
    let (first, last) = (FIRST[i % FIRST.len()], LAST[(i * 5) % LAST.len()]);
    let domain = DOMAINS[i % DOMAINS.len()];
    let email = (i % 10 != 0).then(|| {
        if contact {
            format!("{}.{}.c{i}@{domain}", first.to_lowercase(), last.to_lowercase())
        } else {
            format!("{}.{}{i}@{domain}", first.to_lowercase(), last.to_lowercase())
        }
    });
    if contact && i % 5 == 0 { Some(format!("{}.{}{i}@{domain}", first.to_lowercase(), last.to_lowercase())) } else { email }
}

/// Salesforce lead `i` as the Marketo sandbox also holds it (synced by the native sync): its email, name and
/// Salesforce id, when it has an email and a user (not the queue) owns it.
pub(crate) fn synced_lead(i: usize) -> Option<(String, String, String, String)> {
    if i % 9 == 0 {
        return None;
    }
    let email = person_email(i, false)?;
    Some((email, FIRST[i % FIRST.len()].to_owned(), LAST[(i * 5) % LAST.len()].to_owned(), sf_id("00Q", i as u64)))
}

fn person_row(prefix: &str, i: usize, contact: bool) -> Row {
    let n = i as u64;
    let (first, last) = (FIRST[i % FIRST.len()], LAST[(i * 5) % LAST.len()]);
    let domain = DOMAINS[i % DOMAINS.len()];
    let email = person_email(i, contact);
    let owner = if !contact && i % 9 == 0 { sf_id("00G", QUEUE_ID_N) } else { sf_id("005", OWNERS[i % OWNERS.len()]) };
    vec![
        ("Id", json!(sf_id(prefix, n))),
        ("FirstName", json!(first)),
        ("LastName", json!(last)),
        ("Email", json!(email)),
        ("OwnerId", json!(owner)),
        ("Company", json!(domain.split('.').next().unwrap_or_default())),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_gate_the_permission_set() {
        assert_eq!(PackageVersion::parse("1.7900"), Some(PackageVersion { major: 1, minor: 7900, patch: 0 }));
        assert_eq!(PackageVersion::parse("1.8100.2").map(|v| v.patch), Some(2));
        assert_eq!(PackageVersion::parse("x"), None);
        let mut org = Org::default();
        assert!(!org.has_permission_set(), "the default package is too old");
        org.package = PackageVersion::parse("1.8000");
        assert!(org.has_permission_set());
        org.package = None;
        assert!(org.msi_permission_set_id().is_none());
    }

    #[test]
    fn package_objects_follow_the_package_and_the_controls() {
        let field = |row: &Row, name: &str| row.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()).unwrap_or(Value::Null);
        let mut org = Org::default();
        let status = |org: &Org, name: &str| {
            org.entity_rows().iter().find(|r| field(r, "QualifiedApiName") == json!(name)).map(|r| field(r, "DeploymentStatus"))
        };
        assert_eq!(status(&org, "mkto_si__BestBetsCache__c"), Some(json!("Deployed")));
        org.undeployed_objects = vec!["MKTO_SI__BESTBETSCACHE__C".into()];
        assert_eq!(status(&org, "mkto_si__BestBetsCache__c"), Some(json!("InDevelopment")), "names compare case-insensitively");
        let profile_grants = |org: &Org| {
            org.object_permission_rows()
                .iter()
                .filter(|r| field(r, "Parent.IsOwnedByProfile") == json!(true) && field(r, "SobjectType") == json!("mkto_si__ScoringCache__c"))
                .map(|r| field(r, "Parent.PermissionsModifyAllData"))
                .collect::<Vec<_>>()
        };
        assert_eq!(profile_grants(&org), [json!(true), json!(false)], "System Administrator (Modify All Data) and Standard User");
        org.profile_msi_access = false;
        assert_eq!(profile_grants(&org), [json!(true)]);
        org.package = None;
        assert!(status(&org, "mkto_si__BestBetsCache__c").is_none() && profile_grants(&org).is_empty());
    }

    #[test]
    fn ids_are_18_characters_and_the_admin_is_the_signed_in_user() {
        assert_eq!(sf_id("005", 1), USER_ID);
        assert_eq!(sf_id("00Q", 30_000).len(), 18);
    }
}
