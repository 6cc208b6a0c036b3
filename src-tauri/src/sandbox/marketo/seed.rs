//! The sandbox instance's fixed data: 40 leads (some synced from Salesforce leads or contacts, one email
//! on two leads, as Marketo allows), a few users with their roles, and the system roles. Deterministic:
//! tests rely on it.

/// One lead; `id` starts at 1001.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedLead {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub sfdc_lead_id: Option<String>,
    pub sfdc_contact_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SeedUser {
    pub id: i64,
    pub userid: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub api_only: bool,
    /// `(role id, workspace id)` pairs; workspace 0 is "All Workspaces".
    pub roles: Vec<(i64, i64)>,
}

#[derive(Debug, Clone)]
pub struct SeedRole {
    pub id: i64,
    pub name: &'static str,
    pub description: &'static str,
    pub system: bool,
}

const FIRST: [&str; 10] = ["Ana", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Irene", "Jon"];
const LAST: [&str; 8] = ["Lopez", "Smith", "Nakamura", "Okafor", "Rossi", "Schmidt", "Dubois", "Silva"];
const COMPANIES: [(&str, &str); 4] =
    [("acme.test", "Acme Corp"), ("globex.test", "Globex"), ("initech.test", "Initech"), ("umbrella.test", "Umbrella")];

/// Lead 1001 is the Sales-account member `maria.garcia@acme.test` (a Salesforce contact); lead 1040 shares
/// its email with lead 1002. By position: every 4th from 1004 is a Salesforce lead, every 4th from 1001 a
/// contact, every 4th from 1003 both (a converted lead), the rest are Marketo-only.
pub fn leads() -> Vec<SeedLead> {
    let mut leads: Vec<SeedLead> = (1..=40usize)
        .map(|n| {
            let (first, last) = (FIRST[n % FIRST.len()], LAST[(n * 3) % LAST.len()]);
            let (domain, company) = COMPANIES[n % COMPANIES.len()];
            let sf_lead = format!("00Q5g00000{n:08}");
            let sf_contact = format!("0035g00000{n:08}");
            let (sfdc_lead_id, sfdc_contact_id) = match n % 4 {
                0 => (Some(sf_lead), None),
                1 => (None, Some(sf_contact)),
                3 => (Some(sf_lead), Some(sf_contact)),
                _ => (None, None),
            };
            SeedLead {
                id: 1000 + n as i64,
                email: format!("{}.{}{n}@{domain}", first.to_lowercase(), last.to_lowercase()),
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                company: company.to_owned(),
                sfdc_lead_id,
                sfdc_contact_id,
            }
        })
        .collect();
    let maria = &mut leads[0];
    maria.email = "maria.garcia@acme.test".into();
    maria.first_name = "María".into();
    maria.last_name = "García".into();
    maria.company = "Acme Corp".into();
    leads[39].email = leads[1].email.clone();
    // A third of the Salesforce org's leads are in Marketo too, as the native sync leaves them: step 4's
    // overlap count finds them (ids from 2001).
    leads.extend((1..=crate::sandbox::salesforce::DEFAULT_SHARED_LEADS).filter(|i| i % 3 == 0).filter_map(|i| {
        let (email, first_name, last_name, sf_id) = crate::sandbox::salesforce::synced_lead(i)?;
        Some(SeedLead { id: 2000 + i as i64, email, first_name, last_name, company: "Acme Corp".into(), sfdc_lead_id: Some(sf_id), sfdc_contact_id: None })
    }));
    leads
}

/// Marketo users: two admins (role 1), a standard user who is also admin of one workspace, a standard
/// user, a web designer, an analytics user, and two API-only users — the sandbox custom service's, and
/// one holding the Admin role (API-only users cannot sign in, so they are never offered as Sales-account
/// admins).
pub fn users() -> Vec<SeedUser> {
    let user = |id, email: &str, first: &str, last: &str, roles: &[(i64, i64)], api_only| SeedUser {
        id,
        userid: email.to_owned(),
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        email: email.to_owned(),
        api_only,
        roles: roles.to_vec(),
    };
    vec![
        user(1, "admin@acme.test", "Alex", "Admin", &[(1, 0)], false),
        user(2, "marketing.ops@acme.test", "Morgan", "Ops", &[(1, 0)], false),
        user(3, "maria.garcia@acme.test", "María", "García", &[(2, 0)], false),
        user(4, "web.designer@acme.test", "Wes", "Designer", &[(3, 0)], false),
        user(5, super::SANDBOX_SCOPE, "API", "MSI Setup", &[(101, 0)], true),
        user(6, "emea.lead@acme.test", "Elena", "Rossi", &[(2, 0), (1, 2)], false),
        user(7, "reporting@acme.test", "Ravi", "Patel", &[(4, 0)], false),
        user(8, "sync.api@acme.test", "Sync", "Service", &[(1, 0)], true),
    ]
}

pub fn roles() -> Vec<SeedRole> {
    let role = |id, name, description, system| SeedRole { id, name, description, system };
    vec![
        role(1, "Admin", "Full access to all Marketo features and admin settings", true),
        role(2, "Standard User", "Access to all Marketo features except admin settings", true),
        role(3, "Web Designer", "Landing pages, forms and images", true),
        role(4, "Analytics User", "Reports and analytics", true),
        role(101, "API - MSI Setup", "API-only role of the MSI Actions setup service", false),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn forty_own_leads_with_one_shared_email_plus_the_synced_salesforce_leads() {
        let leads = leads();
        assert_eq!(leads.len(), 100, "40 Marketo leads and 60 synced from Salesforce");
        assert!(leads[40..].iter().all(|l| l.id > 2000 && l.sfdc_lead_id.is_some()));
        assert_eq!(leads[0].email, "maria.garcia@acme.test");
        assert_eq!(leads[39].email, leads[1].email);
        let distinct: HashSet<_> = leads.iter().map(|l| l.email.as_str()).collect();
        assert_eq!(distinct.len(), 99);
        assert!(leads.iter().any(|l| l.sfdc_lead_id.is_some() && l.sfdc_contact_id.is_none()));
        assert!(leads.iter().any(|l| l.sfdc_lead_id.is_none() && l.sfdc_contact_id.is_some()));
        assert!(leads.iter().any(|l| l.sfdc_lead_id.is_none() && l.sfdc_contact_id.is_none()));
        assert!(leads.iter().all(|l| l.sfdc_lead_id.as_ref().is_none_or(|id| id.len() == 18 && id.starts_with("00Q"))));
        assert_eq!(super::leads(), super::leads(), "deterministic");
    }
}
