//! Where the step checks and the readiness table read Salesforce and Marketo: the signed-in clients of the
//! active environment, the right check per step, and "not connected" said as such (never as a gap).

use super::{CommandError, Result};
use crate::checks::readiness::SalesforcePerson;
use crate::checks::{self, marketo::LeadSample, Finding};
use crate::connections::{self, ConnectionContext};
use crate::services::marketo::MarketoClient;
use crate::services::salesforce::SalesforceClient;
use crate::session::{ActiveEnvironment, Session};
use crate::store::invitations::{self, InvitationRecord};
use std::collections::{HashMap, HashSet};

/// Calls a check may have in flight at once (Marketo allows 10 for the whole instance; leave room for the
/// admin's other integrations).
const MARKETO_IN_FLIGHT: u32 = 5;

fn not_connected(service: &str) -> CommandError {
    CommandError {
        code: format!("{service}_not_connected"),
        message: format!("{service} is not connected in this environment: connect it first (steps 2 and 3)"),
        detail: None,
    }
}

pub(super) async fn salesforce(ctx: &ConnectionContext<'_>) -> Result<SalesforceClient> {
    connections::salesforce::client(ctx).await.map_err(|error| match error {
        connections::ConnectionError::MissingSecret => not_connected("salesforce"),
        other => other.into(),
    })
}

async fn marketo(ctx: &ConnectionContext<'_>) -> Result<Option<MarketoClient>> {
    Ok(connections::marketo::saved_client(ctx, MARKETO_IN_FLIGHT).await?)
}

fn invited_emails(record: &[InvitationRecord]) -> Vec<String> {
    record.iter().filter(|i| i.state.holds_invitation()).map(|i| i.email_normalized.clone()).collect()
}

/// What a check of `step_id` finds now.
pub(super) async fn check(session: &Session, env: &ActiveEnvironment, step_id: &str) -> Result<Vec<Finding>> {
    let ctx = session.connections(env)?;
    match step_id {
        "p1" | "1" => Ok(super::steps_marketo::findings_for(session, env, step_id).await?.unwrap_or_default()),
        "p2" => {
            // The sync needs both halves: the Salesforce user it runs as — the one the admin named, not the
            // one signed into this app — and leads in Marketo that carry Salesforce ids (looked up among
            // Salesforce's own people when it can list them).
            let sf = salesforce(&ctx).await?;
            let sync_user = checks::salesforce::saved_sync_user(&session.store, env.id())?;
            let mut findings = checks::salesforce::check_sync_user(&sf, sync_user.as_deref()).await;
            let marketo = marketo(&ctx).await?.ok_or_else(|| not_connected("marketo"))?;
            let sample = match checks::salesforce::people_with_owner(&sf).await {
                Ok(mut emails) if !emails.is_empty() => {
                    emails.truncate(checks::marketo::P2_SAMPLE);
                    Some(LeadSample::Emails(emails))
                }
                _ => None,
            };
            match sample {
                Some(sample) => findings.extend(checks::marketo::check_p2_marketo(&marketo, &sample).await),
                None => findings.extend(super::steps_marketo::findings_for(session, env, "p2").await?.unwrap_or_default()),
            }
            Ok(findings)
        }
        "6" => Ok(checks::salesforce::check_package(&salesforce(&ctx).await?).await),
        "7" => {
            let sf = salesforce(&ctx).await?;
            let record = session.store.read(|conn| invitations::list(conn, env.id()))?;
            Ok(checks::salesforce::check_configuration(&sf, &invited_emails(&record)).await)
        }
        other => Err(CommandError {
            code: "not_checkable".into(),
            message: format!("step {other} has nothing the app can read: confirm it by hand"),
            detail: Some(other.to_owned()),
        }),
    }
}

/// Salesforce users and Marketo presence of the invited people; `None` for a system not connected or not
/// readable (the table says "not checked").
pub(super) async fn readiness_sources(
    session: &Session,
    env: &ActiveEnvironment,
    record: &[InvitationRecord],
) -> (Option<HashMap<String, SalesforcePerson>>, Option<HashSet<String>>) {
    let Ok(ctx) = session.connections(env) else { return (None, None) };
    let emails = invited_emails(record);
    let salesforce = match connections::salesforce::client(&ctx).await {
        Err(_) => None,
        Ok(sf) => checks::salesforce::readiness(&sf, &emails)
            .await
            .ok()
            .map(|people| people.iter().map(|p| (p.email.to_lowercase(), SalesforcePerson::from(p))).collect()),
    };
    let marketo = if emails.is_empty() { None } else { super::steps_marketo::marketo_presence(session, env, &emails).await };
    (salesforce, marketo)
}
