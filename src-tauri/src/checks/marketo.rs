//! The Marketo and Sales-account side of the guide's checks (issue 6): P1 (what can be read of "MSI
//! Actions enabled"), the Marketo half of P2 (leads carrying Salesforce ids), step 1 (the Marketo admins
//! and their invitation to the Sales account, with the "never delete the first admin" warning) and
//! step 4's sync (fields, start, progress). Plain Rust: callers record the findings with
//! [`super::record`].
//!
//! Functions that need the Sales account's HTTP route take `Option<&HttpSalesActions>` and answer
//! [`StepError::Handoff`] (with the console path) when the environment reaches it by console hand-off.
//! Never reads or returns a secret.

use std::collections::BTreeSet;

use serde::Serialize;
use ts_rs::TS;

use super::Finding;
use crate::services::marketo::{Lead, MarketoClient, MarketoError, MarketoUser, UserRole};
use crate::services::sales_actions::{
    AdminInvitationResult, HttpSalesActions, SalesActions, SalesActionsError, StartSync, SyncField, SyncJob, SyncStatus,
};

/// Where step 1 is done by hand.
pub const STEP1_CONSOLE_PATH: &str = "Marketo › Admin › Sales Insight › Actions Config › (pick an admin) › Send Invite";
/// Where step 4's sync is started by hand.
pub const STEP4_CONSOLE_PATH: &str = "Marketo › Admin › Sales Insight › Actions Config › Action Field Sync › Sync › Start Sync";
/// Leads P2 looks at when it probes by id.
pub const P2_SAMPLE: usize = 300;
/// Most admins step 1 sets up in the Sales account, counting those already there. The guide has step 1
/// invite the first admin(s) from Marketo's Actions Config tab and says further users are never added
/// from Marketo: everyone else is invited in step 5 (the Sales account's User Management). A small cap
/// keeps step 1 from becoming a second, unrecorded way of inviting people.
pub const MAX_FIRST_ADMINS: usize = 3;

/// Why a step function could not run.
#[derive(Debug, thiserror::Error)]
pub enum StepError {
    #[error(transparent)]
    Marketo(#[from] MarketoError),
    #[error(transparent)]
    Sales(#[from] SalesActionsError),
    /// The Sales account is reached by console hand-off here: the admin does it at `console_path`.
    #[error("this environment reaches the Sales account through its console: {console_path}")]
    Handoff { console_path: &'static str },
    #[error("choose at least one admin to invite")]
    AdminCount,
    /// More than the first admins: the rest belong to step 5.
    #[error("step 1 sets up only the Sales account's first {max} admins ({existing} already there, {new} more chosen): invite everyone else in step 5 — the guide: further users are never added from Marketo")]
    FirstAdminsOnly { max: usize, existing: usize, new: usize },
}

impl StepError {
    pub fn code(&self) -> crate::error_code::ErrorCode {
        match self {
            Self::Marketo(e) => e.code(),
            Self::Sales(e) => e.error_code(),
            Self::Handoff { .. } => crate::error_code::ErrorCode::HandoffRoute,
            Self::AdminCount => crate::error_code::ErrorCode::AdminCount,
            Self::FirstAdminsOnly { .. } => crate::error_code::ErrorCode::FirstAdminsOnly,
        }
    }
}

fn http<'a>(sales: Option<&'a HttpSalesActions>, console_path: &'static str) -> Result<&'a HttpSalesActions, StepError> {
    sales.ok_or(StepError::Handoff { console_path })
}

/// A Marketo error as an Error finding: `marketo_access_denied` for 603 (role or IP allowlist), else
/// `marketo_unreadable` with the error's code.
pub fn marketo_error_finding(error: &MarketoError) -> Finding {
    match error {
        MarketoError::AccessDenied { .. } => Finding::error("marketo_access_denied").with("code", "603"),
        other => Finding::error("marketo_unreadable").with("code", other.marketo_code().unwrap_or(other.code().as_str())),
    }
}

fn sales_error_finding(error: &SalesActionsError) -> Finding {
    Finding::error("sales_account_unreachable").with("code", error.code())
}

/// P1: Marketo answers with the saved credentials, the Sales account answers `GET /account` (HTTP route),
/// and the rest — MSI Actions enabled on the subscription — is for the admin to confirm (no public API).
pub async fn check_p1(marketo: Option<&MarketoClient>, sales: Option<&HttpSalesActions>) -> Vec<Finding> {
    let mut findings = Vec::new();
    match marketo {
        None => findings.push(Finding::gap("marketo_not_connected")),
        Some(client) => match client.test_connection().await {
            Ok(check) => findings.push(Finding::ok("marketo_reachable").with("scope", check.scope)),
            Err(error) => findings.push(marketo_error_finding(&error)),
        },
    }
    match sales {
        None => findings.push(Finding::info("sales_account_handoff")),
        Some(sales) => match sales.account().await {
            Ok(account) => findings.push(
                Finding::ok("sales_account_reachable").with("name", &account.name).with("seats_total", account.seats_total),
            ),
            Err(error) => findings.push(sales_error_finding(&error)),
        },
    }
    findings.push(Finding::info("msi_actions_enabled_confirm"));
    findings
}

/// Which leads P2 looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadSample {
    /// These people (e.g. Salesforce leads and contacts with an owner), 300 per call.
    Emails(Vec<String>),
    /// `count` consecutive lead ids from `from` (one call per 300): the oldest leads of the instance.
    Ids { from: i64, count: usize },
}

/// P2, Marketo half: how many leads of a sample carry a Salesforce lead or contact id (the native sync
/// writes them). None at all is a gap; the sync's own status page is for the admin to confirm.
pub async fn check_p2_marketo(marketo: &MarketoClient, sample: &LeadSample) -> Vec<Finding> {
    let looked_up = match sample {
        LeadSample::Emails(emails) => marketo.leads_by_email(emails).await,
        LeadSample::Ids { from, count } => {
            let ids: Vec<i64> = (0..*count as i64).map(|i| from + i).collect();
            marketo.leads_by_id(&ids).await
        }
    };
    let mut findings = match looked_up {
        Err(error) => vec![marketo_error_finding(&error)],
        Ok(leads) => p2_findings(&leads),
    };
    findings.push(Finding::info("sync_status_confirm"));
    findings
}

fn carries_sfdc_id(lead: &Lead) -> bool {
    let set = |id: &Option<String>| id.as_deref().is_some_and(|v| !v.trim().is_empty());
    set(&lead.sfdc_lead_id) || set(&lead.sfdc_contact_id)
}

fn p2_findings(leads: &[Lead]) -> Vec<Finding> {
    if leads.is_empty() {
        return vec![Finding::info("sync_sample_empty")];
    }
    let count = leads.iter().filter(|l| carries_sfdc_id(l)).count();
    if count == 0 {
        vec![Finding::gap("sync_no_sfdc_ids").with("sample", leads.len())]
    } else {
        vec![Finding::ok("sync_leads_with_sfdc_ids").with("count", count).with("sample", leads.len())]
    }
}

/// A Marketo user who can be made the Sales account's first admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MarketoAdmin {
    pub id: i64,
    pub userid: String,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// The admin roles the user holds, e.g. `Admin` or `Admin (EMEA)` for one workspace.
    pub roles: Vec<String>,
}

/// Whether a role is an admin role: the system Admin role (id 1) or a role named as one ("Admin",
/// "Marketing Admin").
fn is_admin_role(role: &UserRole) -> bool {
    role.access_role_id == 1
        || role
            .access_role_name
            .as_deref()
            .is_some_and(|name| name.split(|c: char| !c.is_alphanumeric()).any(|word| word.eq_ignore_ascii_case("admin")))
}

fn admin_role_label(role: &UserRole) -> String {
    let name = role.access_role_name.clone().unwrap_or_else(|| format!("role {}", role.access_role_id));
    match (role.workspace_id, role.workspace_name.as_deref()) {
        (Some(id), Some(workspace)) if id != 0 => format!("{name} ({workspace})"),
        _ => name,
    }
}

/// Step 1: the Marketo users holding an admin role, API-only users left out (they cannot sign in).
pub async fn marketo_admins(marketo: &MarketoClient) -> Result<Vec<MarketoAdmin>, MarketoError> {
    let users: Vec<MarketoUser> = marketo.all_users().await?.into_iter().filter(|u| !u.api_only).collect();
    let mut admins = Vec::new();
    for user in users {
        let roles: Vec<String> = marketo.user_roles(&user.userid).await?.iter().filter(|r| is_admin_role(r)).map(admin_role_label).collect();
        if roles.is_empty() {
            continue;
        }
        let email = user.email_address.clone().filter(|e| !e.trim().is_empty()).unwrap_or_else(|| user.userid.clone());
        admins.push(MarketoAdmin {
            id: user.id,
            userid: user.userid,
            email: email.trim().to_lowercase(),
            first_name: user.first_name,
            last_name: user.last_name,
            roles,
        });
    }
    Ok(admins)
}

/// Step 1's check: Marketo admins to pick from, and (HTTP route) whether the Sales account has an admin.
/// Always warns that the first-invited admin must never be deleted once the sync has started.
pub async fn check_step1(marketo: &MarketoClient, sales: Option<&HttpSalesActions>) -> Vec<Finding> {
    let mut findings = Vec::new();
    match marketo_admins(marketo).await {
        Ok(admins) if admins.is_empty() => findings.push(Finding::gap("marketo_admins_none")),
        Ok(admins) => findings.push(Finding::ok("marketo_admins_found").with("count", admins.len())),
        Err(error) => findings.push(marketo_error_finding(&error)),
    }
    match sales {
        None => findings.push(Finding::info("sales_account_handoff")),
        Some(sales) => match sales.account().await {
            Ok(account) if account.admins.is_empty() => findings.push(Finding::gap("sales_admin_missing")),
            Ok(account) => {
                let emails: Vec<&str> = account.admins.iter().map(|a| a.email.as_str()).collect();
                findings.push(Finding::ok("sales_admins_present").with("count", emails.len()).with("emails", emails.join(", ")));
            }
            Err(error) => findings.push(sales_error_finding(&error)),
        },
    }
    findings.push(Finding::info("first_admin_never_delete"));
    findings.push(Finding::info("further_users_step5").with("max", MAX_FIRST_ADMINS));
    findings
}

/// What inviting the chosen admins did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AdminInviteOutcome {
    pub result: AdminInvitationResult,
    pub findings: Vec<Finding>,
}

/// Step 1 on the HTTP route: invites the chosen Marketo admins as Sales-account admins (addresses
/// trimmed, lower-cased, repeats dropped) — only the first ones: with those already there, at most
/// [`MAX_FIRST_ADMINS`]; anyone more is refused before anything is sent, and belongs to step 5. The
/// first-invited admin (the account's first, or the first chosen when it has none) is the one never to
/// delete, and the warning names them.
pub async fn invite_admins(sales: Option<&HttpSalesActions>, emails: &[String]) -> Result<AdminInviteOutcome, StepError> {
    let sales = http(sales, STEP1_CONSOLE_PATH)?;
    let mut seen = BTreeSet::new();
    let emails: Vec<String> =
        emails.iter().map(|e| e.trim().to_lowercase()).filter(|e| !e.is_empty()).filter(|e| seen.insert(e.clone())).collect();
    if emails.is_empty() {
        return Err(StepError::AdminCount);
    }
    if emails.len() > MAX_FIRST_ADMINS {
        return Err(StepError::FirstAdminsOnly { max: MAX_FIRST_ADMINS, existing: 0, new: emails.len() });
    }
    let existing: Vec<String> = sales.account().await?.admins.into_iter().map(|a| a.email.trim().to_lowercase()).collect();
    let new = emails.iter().filter(|e| !existing.contains(e)).count();
    if new > 0 && existing.len() + new > MAX_FIRST_ADMINS {
        return Err(StepError::FirstAdminsOnly { max: MAX_FIRST_ADMINS, existing: existing.len(), new });
    }
    let first_invited = existing.first().unwrap_or(&emails[0]).clone();
    let key = uuid::Uuid::new_v4().to_string();
    let result = sales.invite_admins(&emails, &key).await?;
    let mut findings = Vec::new();
    if !result.invited.is_empty() {
        findings.push(Finding::ok("admins_invited").with("count", result.invited.len()).with("emails", result.invited.join(", ")));
    }
    if !result.already.is_empty() {
        findings.push(Finding::info("admins_already").with("count", result.already.len()).with("emails", result.already.join(", ")));
    }
    findings.push(Finding::info("first_admin_never_delete").with("email", &first_invited));
    findings.push(Finding::info("further_users_step5").with("max", MAX_FIRST_ADMINS));
    Ok(AdminInviteOutcome { result, findings })
}

/// Step 4's preview: the fields the sync brings from Marketo (HTTP route).
pub async fn sync_fields(sales: Option<&HttpSalesActions>) -> Result<Vec<SyncField>, StepError> {
    Ok(http(sales, STEP4_CONSOLE_PATH)?.sync_fields().await?)
}

/// A sync job and what it means for step 4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SyncReport {
    pub job: SyncJob,
    pub findings: Vec<Finding>,
}

/// Step 4: starts the sync (or finds the one running). From now on the first admin must stay.
pub async fn start_sync(sales: Option<&HttpSalesActions>) -> Result<SyncReport, StepError> {
    let sales = http(sales, STEP4_CONSOLE_PATH)?;
    let key = uuid::Uuid::new_v4().to_string();
    let (job, started) = match sales.start_sync(&key).await? {
        StartSync::Started(job) => (job, true),
        StartSync::AlreadyRunning(Some(job)) => (job, false),
        // The service did not name the running job: nothing to follow.
        StartSync::AlreadyRunning(None) => {
            return Err(StepError::Sales(SalesActionsError::Rejected {
                status: 409,
                code: "sync_running".into(),
                message: "a sync job is already running".into(),
            }))
        }
    };
    let mut findings = vec![if started {
        Finding::info("sync_started").with("id", &job.id)
    } else {
        Finding::info("sync_already_running").with("id", &job.id)
    }];
    findings.push(Finding::info("first_admin_never_delete"));
    Ok(SyncReport { job, findings })
}

/// Step 4: one look at a sync job's progress; finished jobs say how it ended.
pub async fn sync_progress(sales: Option<&HttpSalesActions>, id: &str) -> Result<SyncReport, StepError> {
    let job = http(sales, STEP4_CONSOLE_PATH)?.sync_job(id).await?;
    let findings = sync_findings(&job);
    Ok(SyncReport { job, findings })
}

/// What a sync job's state means.
pub fn sync_findings(job: &SyncJob) -> Vec<Finding> {
    let total = job.total.map_or_else(|| "?".to_owned(), |t| t.to_string());
    let finding = match job.status {
        SyncStatus::Done => Finding::ok("sync_done").with("synced", job.synced).with("total", total),
        // The service's own words are quoted as they come (it says them in one language); a failure it
        // gives no reason for has its own text rather than an empty quote.
        SyncStatus::Failed => match job.error.as_deref().map(str::trim).filter(|error| !error.is_empty()) {
            Some(error) => Finding::gap("sync_failed").with("synced", job.synced).with("total", total).with("error", error),
            None => Finding::gap("sync_failed_no_reason").with("synced", job.synced).with("total", total),
        },
        // Each state has its text: a status word inside a sentence would stay English in Spanish.
        SyncStatus::Queued => Finding::info("sync_queued").with("id", &job.id),
        SyncStatus::Running => Finding::info("sync_in_progress").with("synced", job.synced).with("total", total),
    };
    vec![finding, Finding::info("first_admin_never_delete")]
}

/// Step 4 has two parts checked at different times (the overlap count, the sync): `fresh` findings plus
/// those of the step's last recorded check whose code starts with `keep_prefix`, so recording one part
/// does not erase the other. The "never delete" warning is kept once.
pub fn keep_previous(store: &crate::store::Store, environment_id: &str, step_id: crate::setup::StepId, fresh: Vec<Finding>, keep_prefix: &str) -> Vec<Finding> {
    let previous = super::latest(store, environment_id).ok().and_then(|mut runs| runs.remove(&step_id));
    let mut findings: Vec<Finding> =
        previous.map(|run| run.findings.into_iter().filter(|f| f.code.starts_with(keep_prefix)).collect()).unwrap_or_default();
    for finding in fresh {
        if finding.code != "first_admin_never_delete" || !findings.iter().any(|f| f.code == finding.code) {
            findings.push(finding);
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::FindingLevel;

    fn role(id: i64, name: &str, workspace: i64) -> UserRole {
        UserRole { access_role_id: id, access_role_name: Some(name.into()), workspace_id: Some(workspace), workspace_name: Some("EMEA".into()) }
    }

    #[test]
    fn admin_roles_are_the_system_admin_or_named_so() {
        assert!(is_admin_role(&role(1, "Admin", 0)));
        assert!(is_admin_role(&role(7, "Marketing Admin", 0)));
        assert!(!is_admin_role(&role(2, "Standard User", 0)));
        assert!(!is_admin_role(&role(9, "Administrative assistant", 0)));
        assert_eq!(admin_role_label(&role(1, "Admin", 2)), "Admin (EMEA)");
        assert_eq!(admin_role_label(&role(1, "Admin", 0)), "Admin");
    }

    fn lead(lead_id: Option<&str>, contact_id: Option<&str>) -> Lead {
        Lead {
            id: 1,
            email: None,
            first_name: None,
            last_name: None,
            sfdc_lead_id: lead_id.map(str::to_owned),
            sfdc_contact_id: contact_id.map(str::to_owned),
        }
    }

    #[test]
    fn p2_counts_leads_carrying_a_salesforce_id() {
        let found = p2_findings(&[lead(Some("00Q"), None), lead(None, Some("003")), lead(None, None), lead(Some(" "), None)]);
        assert_eq!((found[0].code.as_str(), found[0].params["count"].as_str(), found[0].params["sample"].as_str()), ("sync_leads_with_sfdc_ids", "2", "4"));
        let none = p2_findings(&[lead(None, None)]);
        assert_eq!((none[0].code.as_str(), none[0].level), ("sync_no_sfdc_ids", FindingLevel::Gap));
        assert_eq!(p2_findings(&[])[0].code, "sync_sample_empty");
    }

    #[test]
    fn a_failed_sync_is_a_gap_and_a_done_one_ok() {
        let mut job = SyncJob {
            id: "j".into(),
            status: SyncStatus::Failed,
            total: Some(10),
            synced: 3,
            failed: 7,
            started_at: None,
            finished_at: None,
            error: Some("lost".into()),
        };
        let failed = &sync_findings(&job)[0];
        assert_eq!((failed.code.as_str(), failed.level, failed.params["error"].as_str()), ("sync_failed", FindingLevel::Gap, "lost"));
        for silent in [None, Some("  ".to_owned())] {
            job.error = silent;
            let failed = &sync_findings(&job)[0];
            assert_eq!((failed.code.as_str(), failed.level), ("sync_failed_no_reason", FindingLevel::Gap));
            assert!(!failed.params.contains_key("error"));
        }
        job.status = SyncStatus::Queued;
        assert_eq!(sync_findings(&job)[0].code, "sync_queued");
        job.status = SyncStatus::Running;
        let running = &sync_findings(&job)[0];
        assert_eq!((running.code.as_str(), running.params["synced"].as_str()), ("sync_in_progress", "3"));
        assert!(!running.params.contains_key("status"), "no English status word for the window to quote");
        job.status = SyncStatus::Done;
        assert_eq!(sync_findings(&job)[0].code, "sync_done");
        assert_eq!(marketo_error_finding(&MarketoError::AccessDenied { message: "m".into() }).code, "marketo_access_denied");
        assert_eq!(
            marketo_error_finding(&MarketoError::RateLimited { code: "606".into(), message: "m".into() }).params["code"],
            "606"
        );
    }
}
