//! Sending a staged import: gather what rows are checked against, invite the valid rows through the same
//! engine as the address box (one invitation per person, never twice), or hand them to the console admin
//! in a clean file and mark them when the admin confirms. Plain Rust; the window and tests call it.

use super::check::{CheckContext, Teams};
use super::{checked_from_staged, import_mapping, ImportError};
use crate::i18n::Language;
use crate::invites::check::KnownPeople;
use crate::invites::engine::{self, InviteContext, PersonToInvite, RunControl};
use crate::invites::{InviteOutcome, SendProgress};
use crate::services::sales_actions::{SalesActions, Team};
use crate::store::{imports, invitations, Store};

/// What rows are checked against: the local record always; the service's members, pending invitations,
/// teams and seats when the Sales account is reachable (`client`), else only the record.
pub async fn check_context<C: SalesActions>(
    store: &Store,
    environment_id: &str,
    client: Option<&C>,
    fallback_team: Option<String>,
    language: Language,
) -> Result<CheckContext, ImportError> {
    let Some(client) = client else {
        let local = store.read(|conn| invitations::states_by_email(conn, environment_id))?;
        return Ok(CheckContext { known: KnownPeople { local, ..Default::default() }, fallback_team, language, ..Default::default() });
    };
    let known = engine::known_people(store, environment_id, client).await?;
    let account = client.account().await?;
    let teams = client.teams().await?;
    let default = teams.iter().find(|t| t.default).map(|t| t.name.clone()).unwrap_or_else(|| Teams::default().default);
    Ok(CheckContext {
        known,
        teams: Teams { default, known: Some(teams.into_iter().map(|t| t.name).collect()) },
        fallback_team,
        seats_left: Some(u64::from(account.seats_left())),
        language,
    })
}

/// "Last, First" keeps the split exact when the engine hands first and last names to the service.
fn display_name(first: Option<&str>, last: Option<&str>) -> Option<String> {
    match (first, last) {
        (Some(first), Some(last)) => Some(format!("{last}, {first}")),
        (first, last) => first.or(last).map(str::to_owned),
    }
}

fn team_named<'t>(teams: &'t [Team], name: Option<&str>) -> Option<&'t Team> {
    name.and_then(|name| teams.iter().find(|t| t.name.eq_ignore_ascii_case(name))).or_else(|| teams.iter().find(|t| t.default))
}

/// Invites every valid row not yet invited nor handed off, in file order, and links each row to its
/// invitation (rows whose address the record already held are linked to that invitation, not sent again).
pub async fn invite_rows<C: SalesActions>(
    ctx: &InviteContext<'_, C>,
    import_id: i64,
    control: RunControl,
    progress: impl FnMut(&SendProgress),
) -> Result<InviteOutcome, ImportError> {
    let store = ctx.store;
    let mapping = import_mapping(store, import_id)?;
    let rows = store.read(|conn| imports::rows_to_send(conn, import_id))?;
    if rows.is_empty() {
        return Err(ImportError::NothingToInvite);
    }
    let teams = ctx.client.teams().await?;
    let people = rows
        .iter()
        .map(|staged| {
            let row = checked_from_staged(staged, &mapping)?;
            Ok(PersonToInvite {
                display_name: display_name(row.fields.first_name.as_deref(), row.fields.last_name.as_deref()),
                team: team_named(&teams, row.fields.team.as_deref()).cloned(),
                email: row.fields.email,
            })
        })
        .collect::<Result<Vec<_>, ImportError>>()?;
    let (outcome, ids) = engine::invite_people(ctx, &people, control, progress).await?;
    store.write(|tx| {
        for (staged, id) in rows.iter().zip(ids) {
            let id = match (id, staged.email_normalized.as_deref()) {
                (Some(id), _) => Some(id),
                (None, Some(email)) => invitations::find_by_email(tx, ctx.environment_id, email)?.map(|record| record.id),
                (None, None) => None,
            };
            if let Some(id) = id {
                imports::set_invitation(tx, import_id, staged.row, &id)?;
            }
        }
        Ok(())
    })?;
    Ok(outcome)
}

/// Marks the rows of the console file handed off (the admin confirmed the console import), with an audit
/// event. Returns how many rows were marked.
pub fn mark_handed_off(store: &Store, import_id: i64, environment_id: Option<&str>, actor: &str) -> Result<u64, ImportError> {
    Ok(store.write(|tx| {
        let rows: Vec<u64> = imports::rows_to_send(tx, import_id)?.iter().map(|r| r.row).collect();
        if rows.is_empty() {
            return Ok(0);
        }
        imports::mark_handed_off(tx, import_id, &rows, environment_id, actor)
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_split_and_teams_fall_back_to_the_default() {
        assert_eq!(display_name(Some("María José"), Some("García López")).as_deref(), Some("García López, María José"));
        assert_eq!(display_name(None, Some("Núñez")).as_deref(), Some("Núñez"));
        assert_eq!(display_name(None, None), None);
        let teams = vec![
            Team { id: "t1".into(), name: "Everyone".into(), default: true },
            Team { id: "t2".into(), name: "Ventas".into(), default: false },
        ];
        assert_eq!(team_named(&teams, Some("ventas")).map(|t| t.id.as_str()), Some("t2"));
        assert_eq!(team_named(&teams, Some("Gone")).map(|t| t.id.as_str()), Some("t1"));
        assert_eq!(team_named(&teams, None).map(|t| t.id.as_str()), Some("t1"));
    }
}
