//! Step 7's reads of the Marketo Sales Insight package itself, the two items of Adobe's guide the first
//! version left out: every custom object of the package is **Deployed** (Tooling `EntityDefinition`,
//! `DeploymentStatus`), and no profile still grants MSI access — Adobe: using the "Marketo App Access"
//! permission set requires removing the earlier profile-level access first. The second is read as
//! `ObjectPermissions` of profiles' own permission sets on the package's objects (profiles with "Modify
//! All Data" are left out: they reach every object whatever their settings). Profile access to the
//! package's Apex classes and Visualforce pages (`SetupEntityAccess`) is not read: object access is the
//! part users feel, and the fix text names the whole profile.

use std::collections::BTreeMap;

use super::{unreadable, MSI_NAMESPACE, PERMISSION_SET_LABEL};
use crate::checks::Finding;
use crate::services::salesforce::{PackageObject, SalesforceClient};

/// Most object names quoted in one finding (the rest are counted).
const NAMES_SHOWN: usize = 5;

/// `a, b, c and 4 more` (the count is a param too, so the texts can say it in either language).
fn short_list(names: &[String]) -> String {
    let shown = names.iter().take(NAMES_SHOWN).cloned().collect::<Vec<_>>().join(", ");
    match names.len().saturating_sub(NAMES_SHOWN) {
        0 => shown,
        more => format!("{shown} (+{more})"),
    }
}

/// The package's objects, and the findings about them and about profile access.
pub(super) async fn findings(client: &SalesforceClient, permission_set_exists: bool) -> Vec<Finding> {
    let objects = match client.package_objects(MSI_NAMESPACE).await {
        Ok(objects) => objects,
        Err(error) => return vec![unreadable("package_objects_unreadable", &error)],
    };
    if objects.is_empty() {
        // No package, no objects: step 6 says what to install.
        return vec![Finding::info("package_objects_none").with("namespace", MSI_NAMESPACE)];
    }
    let mut findings = deployment_findings(&objects);
    findings.extend(profile_findings(client, &objects, permission_set_exists).await);
    findings
}

/// One gap per object not Deployed, else one ok.
fn deployment_findings(objects: &[PackageObject]) -> Vec<Finding> {
    let undeployed: Vec<Finding> = objects
        .iter()
        .filter(|o| !o.deployed())
        .map(|o| {
            let label = if o.label.is_empty() { o.api_name.clone() } else { o.label.clone() };
            Finding::gap("package_object_not_deployed")
                .with("object", &o.api_name)
                .with("label", label)
                .with("status", o.deployment_status.as_deref().unwrap_or_default())
        })
        .collect();
    if undeployed.is_empty() {
        vec![Finding::ok("package_objects_deployed").with("count", objects.len())]
    } else {
        undeployed
    }
}

/// One finding per profile that still grants read on a package object: a gap once the permission set
/// exists (it is to be removed before assigning the set), information before (the old model still in use).
async fn profile_findings(client: &SalesforceClient, objects: &[PackageObject], permission_set_exists: bool) -> Vec<Finding> {
    let names: Vec<String> = objects.iter().map(|o| o.api_name.clone()).collect();
    let access = match client.profile_object_access(&names).await {
        Ok(access) => access,
        Err(error) => return vec![unreadable("profile_access_unreadable", &error)],
    };
    let mut by_profile: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for grant in access {
        let key = grant.profile_id.get(..15).unwrap_or(&grant.profile_id).to_owned();
        let objects = by_profile.entry(key).or_default();
        if !objects.contains(&grant.object) {
            objects.push(grant.object);
        }
    }
    if by_profile.is_empty() {
        return vec![Finding::ok("profile_msi_access_none")];
    }
    let ids: Vec<String> = by_profile.keys().cloned().collect();
    let profiles = match client.profiles_by_id(&ids).await {
        Ok(profiles) => profiles,
        Err(error) => return vec![unreadable("profile_access_unreadable", &error)],
    };
    let code = if permission_set_exists { "profile_msi_access" } else { "profile_msi_access_legacy" };
    let mut findings: Vec<Finding> = by_profile
        .into_iter()
        .map(|(id, mut objects)| {
            objects.sort();
            let name = profiles.iter().find(|p| p.id.get(..15) == Some(id.as_str())).map_or(id.clone(), |p| p.name.clone());
            let finding = if permission_set_exists { Finding::gap(code) } else { Finding::info(code) };
            finding.with("profile", name).with("objects", short_list(&objects)).with("count", objects.len()).with("label", PERMISSION_SET_LABEL)
        })
        .collect();
    findings.sort_by(|a, b| a.params["profile"].cmp(&b.params["profile"]));
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::FindingLevel;

    fn object(name: &str, status: Option<&str>) -> PackageObject {
        PackageObject { api_name: name.into(), label: String::new(), deployment_status: status.map(str::to_owned) }
    }

    #[test]
    fn each_object_not_deployed_is_a_gap_else_one_ok() {
        let all = [object("mkto_si__A__c", Some("Deployed")), object("mkto_si__B__c", None)];
        let ok = deployment_findings(&all);
        assert_eq!((ok.len(), ok[0].code.as_str(), ok[0].params["count"].as_str()), (1, "package_objects_deployed", "2"));

        let some = [object("mkto_si__A__c", Some("InDevelopment")), object("mkto_si__B__c", Some("deployed")), object("mkto_si__C__c", Some("InDevelopment"))];
        let gaps = deployment_findings(&some);
        assert_eq!(gaps.iter().map(|f| f.params["object"].as_str()).collect::<Vec<_>>(), ["mkto_si__A__c", "mkto_si__C__c"]);
        assert!(gaps.iter().all(|f| f.level == FindingLevel::Gap && f.code == "package_object_not_deployed"));
        assert_eq!(gaps[0].params["label"], "mkto_si__A__c", "no label: the API name is quoted");
        assert_eq!(gaps[0].params["status"], "InDevelopment");
    }

    #[test]
    fn long_object_lists_are_shortened() {
        let names: Vec<String> = (1..=7).map(|i| format!("o{i}")).collect();
        assert_eq!(short_list(&names[..2]), "o1, o2");
        assert_eq!(short_list(&names), "o1, o2, o3, o4, o5 (+2)");
    }
}
