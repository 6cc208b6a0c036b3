//! Per-person readiness (issue 6): one row per invited person across the systems — the invitation, the
//! Salesforce user (found by email, active, API Enabled, permission set, read access), presence in Marketo,
//! activation — with the gaps as finding codes the window explains and fixes. Plain Rust: the caller reads
//! Salesforce and Marketo and passes what it found (`None` = not checked).

use crate::invites::InvitationState;
use crate::store::invitations::InvitationRecord;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

/// What Salesforce says of one person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SalesforcePerson {
    pub found: bool,
    pub active: bool,
    pub api_enabled: bool,
    pub permission_set: bool,
    pub object_read: bool,
}

/// One invited person across the systems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PersonReadiness {
    pub email: String,
    pub name: Option<String>,
    pub invitation_state: Option<InvitationState>,
    pub salesforce_checked: bool,
    pub sf_found: bool,
    pub sf_active: bool,
    pub sf_api_enabled: bool,
    pub sf_permission_set: bool,
    pub sf_object_read: bool,
    pub marketo_checked: bool,
    pub in_marketo: bool,
    /// The person accepted the invitation.
    pub activated: bool,
    /// Finding codes of what is missing, in the order to fix them.
    pub gaps: Vec<String>,
}

/// The readiness of every invited person, in the record's order. `salesforce` and `marketo` are keyed by
/// normalised email; `None` = that system was not checked.
pub fn assemble(
    invitations: &[InvitationRecord],
    salesforce: Option<&HashMap<String, SalesforcePerson>>,
    marketo: Option<&HashSet<String>>,
) -> Vec<PersonReadiness> {
    invitations
        .iter()
        .filter(|invitation| invitation.state.holds_invitation() || invitation.state == InvitationState::Failed)
        .map(|invitation| {
            let email = &invitation.email_normalized;
            let sf = salesforce.map(|people| people.get(email).cloned().unwrap_or_default());
            let in_marketo = marketo.is_some_and(|found| found.contains(email));
            let activated = invitation.state == InvitationState::Accepted;
            let mut gaps = Vec::new();
            match invitation.state {
                InvitationState::Failed => gaps.push("person_invitation_failed".to_owned()),
                InvitationState::Accepted => {}
                _ => gaps.push("person_not_activated".to_owned()),
            }
            if let Some(sf) = &sf {
                if !sf.found {
                    gaps.push("person_no_salesforce_user".to_owned());
                } else {
                    for (ok, code) in [
                        (sf.active, "person_salesforce_inactive"),
                        (sf.api_enabled, "person_api_disabled"),
                        (sf.permission_set, "person_permission_set_missing"),
                        (sf.object_read, "person_object_read_missing"),
                    ] {
                        if !ok {
                            gaps.push(code.to_owned());
                        }
                    }
                }
            }
            if marketo.is_some() && !in_marketo {
                gaps.push("person_not_in_marketo".to_owned());
            }
            let sf = sf.unwrap_or_default();
            PersonReadiness {
                email: invitation.email.clone(),
                name: invitation.display_name.clone(),
                invitation_state: Some(invitation.state),
                salesforce_checked: salesforce.is_some(),
                sf_found: sf.found,
                sf_active: sf.active,
                sf_api_enabled: sf.api_enabled,
                sf_permission_set: sf.permission_set,
                sf_object_read: sf.object_read,
                marketo_checked: marketo.is_some(),
                in_marketo,
                activated,
                gaps,
            }
        })
        .collect()
}

/// Column headers of the readiness export.
pub fn csv_header(language: crate::i18n::Language) -> [&'static str; 11] {
    crate::texts::readiness::HEADER.map(|column| column.pick(language))
}

/// Writes the readiness table as UTF-8 CSV with formula-like cells neutralised. Returns the rows written.
pub fn write_csv(people: &[PersonReadiness], dest: &std::path::Path, language: crate::i18n::Language) -> std::io::Result<u64> {
    use crate::texts::readiness::{NO, NOT_CHECKED, YES};
    let yes_no = |checked: bool, value: bool| match (checked, value) {
        (false, _) => NOT_CHECKED,
        (true, true) => YES,
        (true, false) => NO,
    }
    .pick(language);
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_path(dest).map_err(std::io::Error::other)?;
    writer.write_record(csv_header(language)).map_err(std::io::Error::other)?;
    for person in people {
        let state = person.invitation_state.map(|s| s.as_str().to_owned()).unwrap_or_default();
        let cells = [
            person.email.clone(),
            person.name.clone().unwrap_or_default(),
            state,
            yes_no(person.salesforce_checked, person.sf_found).to_owned(),
            yes_no(person.salesforce_checked, person.sf_active).to_owned(),
            yes_no(person.salesforce_checked, person.sf_api_enabled).to_owned(),
            yes_no(person.salesforce_checked, person.sf_permission_set).to_owned(),
            yes_no(person.salesforce_checked, person.sf_object_read).to_owned(),
            yes_no(person.marketo_checked, person.in_marketo).to_owned(),
            yes_no(true, person.activated).to_owned(),
            person.gaps.join(" "),
        ];
        writer
            .write_record(cells.iter().map(|c| crate::csv_import::export::neutralize(c).into_owned()))
            .map_err(std::io::Error::other)?;
    }
    writer.flush()?;
    Ok(people.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invitation(email: &str, state: InvitationState) -> InvitationRecord {
        InvitationRecord {
            id: email.into(),
            environment_id: "sandbox".into(),
            email: email.into(),
            email_normalized: email.to_lowercase(),
            display_name: None,
            team_id: None,
            team_name: None,
            state,
            reason_code: None,
            reason_message: None,
            retryable: false,
            remote_id: None,
            idempotency_key: "k".into(),
            created_by: "ana".into(),
            created_at: "t".into(),
            updated_at: "t".into(),
        }
    }

    #[test]
    fn gaps_name_what_is_missing_and_unchecked_systems_add_none() {
        let invitations = vec![invitation("ana@x.com", InvitationState::Accepted), invitation("luis@x.com", InvitationState::Sent), invitation("gone@x.com", InvitationState::Revoked)];
        let ready = SalesforcePerson { found: true, active: true, api_enabled: true, permission_set: true, object_read: true };
        let salesforce = HashMap::from([("ana@x.com".to_owned(), ready.clone()), ("luis@x.com".to_owned(), SalesforcePerson { api_enabled: false, ..ready })]);
        let marketo = HashSet::from(["ana@x.com".to_owned()]);
        let people = assemble(&invitations, Some(&salesforce), Some(&marketo));
        assert_eq!(people.len(), 2, "a revoked invitation is not a person to get ready");
        assert!(people[0].gaps.is_empty() && people[0].activated);
        assert_eq!(people[1].gaps, ["person_not_activated", "person_api_disabled", "person_not_in_marketo"]);
        let unchecked = assemble(&invitations, None, None);
        assert_eq!(unchecked[1].gaps, ["person_not_activated"]);
        assert!(!unchecked[1].salesforce_checked);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        assert_eq!(write_csv(&people, &path, crate::i18n::Language::Es).unwrap(), 2);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("Correo electrónico,Nombre,Invitación"));
        assert!(text.contains("luis@x.com,,sent,sí,sí,no,sí,sí,no,no,person_not_activated person_api_disabled person_not_in_marketo"), "{text}");
    }
}
