//! A staged CSV import invited through the same engine as the address box: only the valid rows are sent,
//! each row records its invitation, and people the record already holds are never sent twice.

mod common;

use msi_actions_setup::csv_import::check::{CheckContext, RowStatus};
use msi_actions_setup::csv_import::{self, ImportOptions, StageTarget};
use msi_actions_setup::invites::engine::{self, InviteContext, PersonToInvite, RunControl};
use msi_actions_setup::invites::InvitationState;
use msi_actions_setup::services::sales_actions::SalesActions;
use msi_actions_setup::store::invitations;
use std::path::Path;

const ENV: &str = "sandbox";

#[tokio::test]
async fn the_valid_rows_of_a_spanish_excel_file_are_invited_once_and_recorded_per_row() {
    let world = common::world().await;
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv/spanish_semicolons_bom.csv");
    let sniffed = csv_import::sniff_path(&file, &ImportOptions::default()).unwrap();
    let context = CheckContext::default();
    let target = StageTarget { environment_id: Some(ENV), file_name: "spanish_semicolons_bom.csv", actor: "tester" };
    let staged = csv_import::stage(&world.store, &file, &sniffed, &context, &target).unwrap();
    let valid = csv_import::preview_page(&world.store, staged.import_id, &[RowStatus::Valid], 0, 1000).unwrap();
    assert!(!valid.is_empty());

    let teams = world.client.teams().await.unwrap();
    let people: Vec<PersonToInvite> = valid
        .iter()
        .map(|row| PersonToInvite {
            email: row.fields.email.clone(),
            display_name: match (&row.fields.first_name, &row.fields.last_name) {
                (Some(first), Some(last)) => Some(format!("{first} {last}")),
                (first, last) => first.clone().or_else(|| last.clone()),
            },
            team: teams.iter().find(|t| Some(&t.name) == row.fields.team.as_ref()).or_else(|| teams.iter().find(|t| t.default)).cloned(),
        })
        .collect();
    let ctx = InviteContext { store: &world.store, environment_id: ENV, client: &world.client, actor: "tester" };
    let (outcome, ids) = engine::invite_people(&ctx, &people, RunControl::unattended(), |_| {}).await.unwrap();
    assert_eq!(outcome.sent as usize, valid.len());
    assert_eq!(world.stats().await["invitations_created"], valid.len());
    for (row, id) in valid.iter().zip(&ids) {
        let id = id.as_deref().expect("each row got an invitation");
        world.store.write(|tx| msi_actions_setup::store::imports::set_invitation(tx, staged.import_id, row.row, id)).unwrap();
        let record = world.store.read(|c| invitations::get(c, id)).unwrap();
        assert_eq!(record.state, InvitationState::Sent);
        assert_eq!(record.email_normalized, row.email_normalized.clone().unwrap_or_default());
        assert_eq!(record.team_name.as_deref(), Some("Everyone"), "Todos is the default team");
    }

    // The same people again: nothing is queued or sent twice.
    let (again, ids_again) = engine::invite_people(&ctx, &people, RunControl::unattended(), |_| {}).await.unwrap();
    assert_eq!((again.sent, again.checked.already as usize), (0, people.len()));
    assert!(ids_again.iter().all(Option::is_none));
    assert_eq!(world.stats().await["invitations_created"], valid.len());
}
