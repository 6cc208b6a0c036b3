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

fn spanish_file() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv/spanish_semicolons_bom.csv")
}

fn read_export(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new().has_headers(false).delimiter(b';').from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

#[tokio::test]
async fn the_window_flow_checks_against_the_service_invites_once_and_exports_final_states() {
    use msi_actions_setup::csv_import::check::ProblemCode;
    use msi_actions_setup::csv_import::view::{self, RowFilter};
    use msi_actions_setup::csv_import::{export, send, ImportError};
    use msi_actions_setup::i18n::Language;
    use msi_actions_setup::environment::SalesRouteKind;

    let world = common::world().await;
    // Luis is already invited through the address box: his row must not be sent again.
    let ctx = InviteContext { store: &world.store, environment_id: ENV, client: &world.client, actor: "tester" };
    engine::invite(&ctx, "luis@example.es", None, RunControl::unattended(), |_| {}).await.unwrap();

    let context = send::check_context(&world.store, ENV, Some(&world.client), None, Language::En).await.unwrap();
    let account = world.client.account().await.unwrap();
    assert_eq!(context.seats_left, Some(u64::from(account.seats_left())), "seats come from the account");
    assert!(account.seats_left() > 0 && account.seats_left() < account.seats_total, "Luis holds a seat");
    let file = spanish_file();
    let sniffed = csv_import::sniff_path(&file, &ImportOptions::default()).unwrap();
    let target = StageTarget { environment_id: Some(ENV), file_name: "spanish_semicolons_bom.csv", actor: "tester" };
    let staged = csv_import::stage(&world.store, &file, &sniffed, &context, &target).unwrap();

    let shown = view::import_view(&world.store, staged.import_id, SalesRouteKind::Http).unwrap();
    assert_eq!((shown.counts.rows, shown.counts.valid, shown.counts.invalid, shown.counts.duplicates, shown.counts.already), (5, 3, 1, 1, 1));
    assert_eq!((shown.to_invite, shown.invited), (2, 0), "Ana and Íker; Luis is already invited");
    assert_eq!(shown.problems.len(), 1);
    assert_eq!((shown.problems[0].code, shown.problems[0].rows), (ProblemCode::EmailInvalid, 1));

    let invalid = view::rows_page(&world.store, staged.import_id, RowFilter { status: Some(RowStatus::Invalid), problem: None }, 0, 50, Language::Es).unwrap();
    assert_eq!(invalid.total, 1);
    let marta = &invalid.rows[0];
    assert_eq!((marta.row, marta.email.as_str()), (4, "marta(arroba)example.es"), "the email as typed is shown");
    assert!(marta.problems[0].message.contains("no tiene @"), "said in Spanish: {}", marta.problems[0].message);
    let by_problem = view::rows_page(&world.store, staged.import_id, RowFilter { status: None, problem: Some(ProblemCode::EmailInvalid) }, 0, 50, Language::En).unwrap();
    assert_eq!((by_problem.total, by_problem.rows[0].row), (1, 4));
    assert!(by_problem.rows[0].problems[0].message.contains("has no @"), "{}", by_problem.rows[0].problems[0].message);
    let all = view::rows_page(&world.store, staged.import_id, RowFilter::default(), 1, 2, Language::En).unwrap();
    assert_eq!((all.total, all.offset, all.rows.iter().map(|r| r.row).collect::<Vec<_>>()), (5, 1, vec![3, 4]));

    let created_before = world.stats().await["invitations_created"].as_u64().unwrap();
    let outcome = send::invite_rows(&ctx, staged.import_id, RunControl::unattended(), |_| {}).await.unwrap();
    assert_eq!(outcome.sent, 2);
    assert_eq!(world.stats().await["invitations_created"].as_u64().unwrap(), created_before + 2);
    let shown = view::import_view(&world.store, staged.import_id, SalesRouteKind::Http).unwrap();
    assert_eq!((shown.to_invite, shown.invited), (0, 2));
    let ana = world.store.read(|c| invitations::find_by_email(c, ENV, "ana@example.es")).unwrap().expect("Ana recorded");
    assert_eq!(ana.display_name.as_deref(), Some("López, García, Ana"), "first and last name stay apart");
    assert_eq!(ana.team_name.as_deref(), Some("Everyone"));
    let valid = view::rows_page(&world.store, staged.import_id, RowFilter { status: Some(RowStatus::Valid), problem: None }, 0, 50, Language::En).unwrap();
    assert!(valid.rows.iter().all(|r| r.invitation_state == Some(InvitationState::Sent)), "{:?}", valid.rows);

    // Nothing is sent twice.
    assert!(matches!(send::invite_rows(&ctx, staged.import_id, RunControl::unattended(), |_| {}).await, Err(ImportError::NothingToInvite)));
    assert_eq!(world.stats().await["invitations_created"].as_u64().unwrap(), created_before + 2);

    let results = world.dir.path().join("results.csv");
    assert_eq!(export::export_results(&world.store, staged.import_id, &results, None, Language::En).unwrap(), 5);
    let lines = read_export(&results);
    assert_eq!(lines[0], ["Row", "Nombre", "Apellidos", "Correo electrónico", "Equipo", "Status", "Reason"]);
    let status_of = |row: &str| lines.iter().find(|l| l[0] == row).map(|l| l[5].clone()).unwrap();
    assert_eq!([status_of("2"), status_of("3"), status_of("4"), status_of("5"), status_of("6")], ["sent", "already", "invalid", "duplicate", "sent"]);
    let failed = world.dir.path().join("failed.csv");
    assert_eq!(export::export_failed(&world.store, staged.import_id, &failed, None, Language::Es).unwrap(), 1);
    assert_eq!(read_export(&failed)[1][2], "marta(arroba)example.es");
}

#[tokio::test]
async fn on_the_console_route_the_clean_file_is_written_and_its_rows_marked_handed_off_once() {
    use msi_actions_setup::csv_import::view::{self, RowFilter};
    use msi_actions_setup::csv_import::{export, send};
    use msi_actions_setup::i18n::Language;
    use msi_actions_setup::services::sales_actions::HttpSalesActions;
    use msi_actions_setup::environment::SalesRouteKind;
    use msi_actions_setup::store::events::{self, EventEntity};

    let world = common::world().await;
    let context = send::check_context::<HttpSalesActions>(&world.store, ENV, None, None, Language::Es).await.unwrap();
    assert_eq!(context.seats_left, None, "no service: only the local record is checked");
    let file = spanish_file();
    let sniffed = csv_import::sniff_path(&file, &ImportOptions::default()).unwrap();
    let target = StageTarget { environment_id: Some(ENV), file_name: "spanish_semicolons_bom.csv", actor: "tester" };
    let staged = csv_import::stage(&world.store, &file, &sniffed, &context, &target).unwrap();

    let console = world.dir.path().join("console.csv");
    assert_eq!(export::write_console_file(&world.store, staged.import_id, &console).unwrap(), 3);
    let bytes = std::fs::read(&console).unwrap();
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 without BOM");
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "Email,First Name,Last Name,Team\r\nana@example.es,Ana,\"López, García\",Everyone\r\nluis@example.es,Luis,Pérez,Everyone\r\niker@example.es,Íker,Sáez,Everyone\r\n"
    );

    assert_eq!(send::mark_handed_off(&world.store, staged.import_id, Some(ENV), "tester").unwrap(), 3);
    let shown = view::import_view(&world.store, staged.import_id, SalesRouteKind::Handoff).unwrap();
    assert_eq!((shown.to_invite, shown.handed_off, shown.invited), (0, 3, 0));
    assert_eq!(send::mark_handed_off(&world.store, staged.import_id, Some(ENV), "tester").unwrap(), 0, "marking again changes nothing");
    let trail = world.store.read(|c| events::for_entity(c, EventEntity::Import, &staged.import_id.to_string())).unwrap();
    assert_eq!(trail.len(), 1, "one audit event, none for the no-op");
    assert_eq!((trail[0].to_state.as_deref(), trail[0].actor.as_str()), (Some("handed_off"), "tester"));
    let valid = view::rows_page(&world.store, staged.import_id, RowFilter { status: Some(RowStatus::Valid), problem: None }, 0, 10, Language::Es).unwrap();
    assert!(valid.rows.iter().all(|r| r.handed_off));
    let results = world.dir.path().join("results.csv");
    export::export_results(&world.store, staged.import_id, &results, None, Language::Es).unwrap();
    let lines = read_export(&results);
    assert_eq!(lines[0][5], "Estado");
    assert_eq!(lines.iter().filter(|l| l[5] == "handed_off").count(), 3);
    assert!(lines[1][6].starts_with("Entregada a la consola de Sales"), "{}", lines[1][6]);
}
