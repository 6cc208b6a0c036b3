//! The app database on a real temp file: migrations, WAL, the append-only audit trail, and state
//! transitions that are checked and recorded together with their event.

use msi_actions_setup::invites::InvitationState;
use msi_actions_setup::setup::{self, StepChange, StepState};
use msi_actions_setup::store::events::{self, EventEntity};
use msi_actions_setup::store::invitations::{self, NewQueued, Outcome};
use msi_actions_setup::store::{imports, Store, StoreError};

fn open_temp() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("app.db")).unwrap();
    (dir, store)
}

#[test]
fn migrations_create_the_schema_in_wal_mode_and_reopen_cleanly() {
    let (dir, store) = open_temp();
    assert_eq!(store.schema_version().unwrap(), 9);
    let tables: Vec<String> = store
        .read(|conn| {
            let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?;
            let names = stmt.query_map([], |r| r.get(0))?.collect::<Result<Vec<_>, _>>()?;
            Ok(names)
        })
        .unwrap();
    assert_eq!(tables, ["connections", "environments", "events", "import_chunks", "import_handoffs", "import_mappings", "import_row_links", "imports", "invitations", "settings", "setup_steps", "step_checks"]);
    let mode: String = store.read(|c| Ok(c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?)).unwrap();
    assert_eq!(mode, "wal");
    let environments: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM environments", [], |r| r.get(0))?)).unwrap();
    assert_eq!(environments, 2, "sandbox and real");
    drop(store);
    let again = Store::open(&dir.path().join("app.db")).unwrap();
    assert_eq!(again.schema_version().unwrap(), 9, "reopening applies nothing twice");
}

#[test]
fn events_are_append_only() {
    let (_dir, store) = open_temp();
    setup::change_status(&store, "sandbox", msi_actions_setup::setup::StepId::P1, &StepChange::to(StepState::Done, None), "ana").unwrap();
    let update = store.write(|tx| Ok(tx.execute("UPDATE events SET actor = 'mallory'", [])?));
    assert!(matches!(update, Err(StoreError::Sqlite(_))), "update refused: {update:?}");
    let delete = store.write(|tx| Ok(tx.execute("DELETE FROM events", [])?));
    assert!(matches!(delete, Err(StoreError::Sqlite(_))), "delete refused: {delete:?}");
    let trail = store.read(|c| events::for_entity(c, EventEntity::Step, "p1")).unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].actor, "ana");
}

#[test]
fn step_status_persists_with_who_and_an_event_and_skips_need_a_reason() {
    let (dir, store) = open_temp();
    let refused = setup::change_status(&store, "sandbox", msi_actions_setup::setup::StepId::Step2, &StepChange::to(StepState::Skipped, Some("  ".into())), "ana");
    assert!(matches!(refused, Err(setup::SetupError::ReasonRequired(StepState::Skipped))));
    setup::change_status(&store, "sandbox", msi_actions_setup::setup::StepId::Step2, &StepChange::to(StepState::Skipped, Some("Done by Luis".into())), "ana").unwrap();
    drop(store);
    let store = Store::open(&dir.path().join("app.db")).unwrap();
    let plan = setup::plan(&store, "sandbox").unwrap();
    let step2 = plan.iter().find(|s| s.id == msi_actions_setup::setup::StepId::Step2).unwrap();
    assert_eq!(step2.status.state, StepState::Skipped);
    assert_eq!(step2.status.reason.as_deref(), Some("Done by Luis"));
    assert_eq!(step2.status.actor.as_deref(), Some("ana"));
    assert!(step2.status.updated_at.is_some());
    let step4 = plan.iter().find(|s| s.id == msi_actions_setup::setup::StepId::Step4).unwrap();
    assert_eq!(step4.waiting_on, [msi_actions_setup::setup::StepId::Step3], "a skipped dependency no longer holds a step up");
    let trail = store.read(|c| events::for_entity(c, EventEntity::Step, "2")).unwrap();
    assert_eq!((trail[0].from_state.as_deref(), trail[0].to_state.as_deref()), (Some("not_started"), Some("skipped")));
}

#[test]
fn invitation_transitions_are_checked_and_each_writes_one_event() {
    let (_dir, store) = open_temp();
    let queued = store
        .write(|tx| {
            invitations::queue(
                tx,
                &NewQueued {
                    environment_id: "sandbox",
                    email: "Ana@X.com",
                    email_normalized: "ana@x.com",
                    display_name: Some("Ana"),
                    team_id: None,
                    team_name: None,
                },
                "ana",
            )
        })
        .unwrap();
    assert_eq!(queued.state, InvitationState::Queued);
    let skipping_sending = store.write(|tx| {
        invitations::transition(tx, &queued.id, InvitationState::Queued, InvitationState::Sent, &Outcome::default(), "ana")
    });
    assert!(matches!(skipping_sending, Err(StoreError::StaleState { .. })), "queued → sent must pass through sending");
    store
        .write(|tx| invitations::transition(tx, &queued.id, InvitationState::Queued, InvitationState::Sending, &Outcome::default(), "ana"))
        .unwrap();
    let sent = store
        .write(|tx| {
            invitations::transition(tx, &queued.id, InvitationState::Sending, InvitationState::Sent, &Outcome {
                remote_id: Some("inv_1"),
                ..Outcome::default()
            }, "ana")
        })
        .unwrap();
    assert_eq!(sent.remote_id.as_deref(), Some("inv_1"));
    let trail = store.read(|c| events::for_entity(c, EventEntity::Invitation, &queued.id)).unwrap();
    let steps: Vec<_> = trail.iter().map(|e| (e.from_state.clone(), e.to_state.clone())).collect();
    assert_eq!(
        steps,
        [
            (None, Some("queued".into())),
            (Some("queued".into()), Some("sending".into())),
            (Some("sending".into()), Some("sent".into())),
        ]
    );
    let again = store.write(|tx| {
        invitations::queue(tx, &NewQueued {
            environment_id: "sandbox",
            email: "ana@x.com",
            email_normalized: "ana@x.com",
            display_name: None,
            team_id: None,
            team_name: None,
        }, "ana")
    });
    assert!(matches!(again, Err(StoreError::StaleState { .. })), "a sent invitation is never queued twice");
}

#[test]
fn upgrading_from_version_1_keeps_the_audit_trail_and_its_protection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let v1 = rusqlite_migration::Migrations::new(vec![rusqlite_migration::M::up(include_str!(
            "../src-tauri/src/store/migrations/0001_initial.sql"
        ))]);
        v1.to_latest(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO events (at, actor, environment_id, entity, entity_id, from_state, to_state)
             VALUES ('2026-01-01T00:00:00Z', 'ana', 'sandbox', 'step', 'p1', 'not_started', 'done')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 9);
    let trail = store.read(|c| events::for_entity(c, EventEntity::Step, "p1")).unwrap();
    assert_eq!(trail.len(), 1, "the v1 event survived");
    assert_eq!(trail[0].actor, "ana");
    let delete = store.write(|tx| Ok(tx.execute("DELETE FROM events", [])?));
    assert!(delete.is_err(), "still append-only after the upgrade");
}

#[test]
fn upgrading_from_version_5_keeps_invitations_and_their_import_rows_and_allows_unconfirmed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let v5 = rusqlite_migration::Migrations::new(
            [
                include_str!("../src-tauri/src/store/migrations/0001_initial.sql"),
                include_str!("../src-tauri/src/store/migrations/0002_connections.sql"),
                include_str!("../src-tauri/src/store/migrations/0003_imports.sql"),
                include_str!("../src-tauri/src/store/migrations/0004_import_handoff.sql"),
                include_str!("../src-tauri/src/store/migrations/0005_step_checks.sql"),
            ]
            .into_iter()
            .map(rusqlite_migration::M::up)
            .collect(),
        );
        v5.to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO invitations (id, environment_id, email, email_normalized, state, idempotency_key, created_by, created_at, updated_at)
                 VALUES ('inv-1', 'sandbox', 'ana@x.com', 'ana@x.com', 'sending', 'key-1', 'ana', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO imports (file_name, sha256, size, encoding, delimiter, headers, mapping, created_at, actor)
                 VALUES ('a.csv', 'x', 1, 'utf-8', ',', '[]', '{}', '2026-01-01T00:00:00Z', 'ana');
             INSERT INTO import_rows (import_id, row, raw, status, invitation_id) VALUES (1, 2, 'ana@x.com', 'valid', 'inv-1');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 9);
    let kept = store.read(|c| invitations::get(c, "inv-1")).unwrap();
    assert_eq!((kept.state, kept.idempotency_key.as_str()), (InvitationState::Sending, "key-1"));
    let unconfirmed = store.write(|tx| {
        invitations::transition(tx, "inv-1", InvitationState::Sending, InvitationState::Unconfirmed, &Outcome::default(), "ana")
    });
    assert_eq!(unconfirmed.unwrap().state, InvitationState::Unconfirmed, "the new state passes the table's CHECK");
    let linked = store.read(|c| imports::rows_page(c, 1, &[], 0, 10)).unwrap();
    assert_eq!(linked.len(), 1);
    assert_eq!((linked[0].row, linked[0].invitation_id.as_deref(), linked[0].raw.as_slice()), (2, Some("inv-1"), ["ana@x.com".to_owned()].as_slice()));
    let dangling = store.write(|tx| imports::set_invitation(tx, 1, 3, "nope"));
    assert!(dangling.is_err(), "foreign keys are still enforced after the rebuild");
}

/// A database as version 7 left it (migrations 0001–0007 applied by hand, `user_version` 7).
fn version_7_database(path: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    for sql in [
        include_str!("../src-tauri/src/store/migrations/0001_initial.sql"),
        include_str!("../src-tauri/src/store/migrations/0002_connections.sql"),
        include_str!("../src-tauri/src/store/migrations/0003_imports.sql"),
        include_str!("../src-tauri/src/store/migrations/0004_import_handoff.sql"),
        include_str!("../src-tauri/src/store/migrations/0005_step_checks.sql"),
        include_str!("../src-tauri/src/store/migrations/0006_unconfirmed.sql"),
        include_str!("../src-tauri/src/store/migrations/0007_reconnect_needed.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 7).unwrap();
    conn
}

#[test]
fn verified_by_is_backfilled_from_the_sentences_version_7_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let old = version_7_database(&path);
    let rows = [
        ("2", "done", Some("Verified by the app: signed in to Salesforce and the Sales account reports the org connected")),
        ("6", "done", Some("Verified by the app: every fact of this step was read and is in place")),
        ("3", "done", Some("Confirmed by ana in the Sales-account console")),
        ("p1", "done", None),
        ("p2", "done", Some("Luis did it on Monday")),
        ("7", "skipped", Some("Verified by the app is what Luis typed")),
    ];
    for (step, state, reason) in rows {
        old.execute(
            "INSERT INTO setup_steps (environment_id, step_id, state, reason, actor, updated_at) VALUES ('real', ?1, ?2, ?3, 'ana', '2026-11-26T14:03:00Z')",
            rusqlite::params![step, state, reason],
        )
        .unwrap();
    }
    drop(old);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 9);
    let plan = setup::plan(&store, "real").unwrap();
    let status = |id: msi_actions_setup::setup::StepId| plan.iter().find(|s| s.id == id).unwrap().status.clone();
    use msi_actions_setup::setup::{StepId, VerifiedBy};
    assert_eq!((status(StepId::Step2).verified_by, status(StepId::Step2).reason), (Some(VerifiedBy::App), None));
    assert_eq!((status(StepId::Step6).verified_by, status(StepId::Step6).reason), (Some(VerifiedBy::App), None));
    assert_eq!((status(StepId::Step3).verified_by, status(StepId::Step3).reason), (Some(VerifiedBy::SalesConsole), None));
    assert_eq!(status(StepId::Step3).actor.as_deref(), Some("ana"), "who confirmed it stays the row's actor");
    assert_eq!((status(StepId::P1).verified_by, status(StepId::P1).reason), (Some(VerifiedBy::Admin), None));
    assert_eq!(
        (status(StepId::P2).verified_by, status(StepId::P2).reason.as_deref()),
        (Some(VerifiedBy::Admin), Some("Luis did it on Monday")),
        "a person's own words stay"
    );
    assert_eq!(
        (status(StepId::Step7).state, status(StepId::Step7).verified_by, status(StepId::Step7).reason.as_deref()),
        (StepState::Skipped, None, Some("Verified by the app is what Luis typed")),
        "only a done step has a verifier"
    );
}

#[test]
fn a_done_step_records_who_verified_it_and_an_admin_cannot_claim_the_app() {
    use msi_actions_setup::setup::{StepId, VerifiedBy};
    let (_dir, store) = open_temp();
    let console = StepChange { verified_by: Some(VerifiedBy::SalesConsole), ..StepChange::to(StepState::Done, None) };
    let plan = setup::change_status(&store, "real", StepId::Step3, &console.from_admin(), "ana").unwrap();
    let step3 = plan.iter().find(|s| s.id == StepId::Step3).unwrap();
    assert_eq!((step3.status.verified_by, step3.status.actor.as_deref()), (Some(VerifiedBy::SalesConsole), Some("ana")));
    let trail = store.read(|c| events::for_entity(c, EventEntity::Step, "3")).unwrap();
    assert!(trail.iter().any(|e| e.detail.as_deref().unwrap_or_default().contains("sales_console")), "{trail:?}");

    let claim = StepChange { verified_by: Some(VerifiedBy::App), ..StepChange::to(StepState::Done, None) };
    let plan = setup::change_status(&store, "real", StepId::Step6, &claim.from_admin(), "ana").unwrap();
    assert_eq!(plan.iter().find(|s| s.id == StepId::Step6).unwrap().status.verified_by, Some(VerifiedBy::Admin));

    let reopened = setup::change_status(&store, "real", StepId::Step3, &StepChange::to(StepState::InProgress, None), "ana").unwrap();
    assert_eq!(reopened.iter().find(|s| s.id == StepId::Step3).unwrap().status.verified_by, None, "not done: no verifier");
}

/// Rows of import 1 in the version-8 database below: row `n` (2..=2_601) is invalid when n % 50 == 0, a
/// repeat of row 2 when n % 7 == 0, else valid.
fn old_status(row: u64) -> &'static str {
    if row % 50 == 0 {
        "invalid"
    } else if row % 7 == 0 {
        "duplicate"
    } else {
        "valid"
    }
}

#[test]
fn upgrading_from_version_8_converts_staged_imports_into_chunks_with_links_and_hand_offs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    {
        let conn = version_7_database(&path);
        conn.execute_batch(include_str!("../src-tauri/src/store/migrations/0008_verified_by.sql")).unwrap();
        conn.pragma_update(None, "user_version", 8).unwrap();
        conn.execute_batch(
            r#"INSERT INTO invitations (id, environment_id, email, email_normalized, state, idempotency_key, created_by, created_at, updated_at)
                 VALUES ('inv-1', 'sandbox', 'Ana@x.com', 'ana@x.com', 'sent', 'key-1', 'ana', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
             INSERT INTO imports (environment_id, file_name, sha256, size, encoding, delimiter, headers, mapping, rows, valid, state, created_at, actor)
                 VALUES ('sandbox', 'big.csv', 'x', 1, 'utf-8', ',', '["Email","Team"]', '{}', 2600, 2500, 'staged', '2026-01-01T00:00:00Z', 'ana');
             INSERT INTO imports (environment_id, file_name, sha256, size, encoding, delimiter, headers, mapping, rows, valid, state, created_at, actor)
                 VALUES ('sandbox', 'small.csv', 'y', 1, 'utf-8', ';', '["Email"]', '{}', 1, 1, 'staged', '2026-01-02T00:00:00Z', 'ana');
             WITH RECURSIVE n(row) AS (SELECT 2 UNION ALL SELECT row + 1 FROM n WHERE row < 2601)
             INSERT INTO import_rows (import_id, row, raw, team, email_normalized, status, problems, duplicate_of)
                 SELECT 1, row, json_array('User.' || row || '@X.com', 'Ventas ñ'), 'Ventas ñ',
                        CASE WHEN row % 50 = 0 THEN NULL ELSE 'user.' || row || '@x.com' END,
                        CASE WHEN row % 50 = 0 THEN 'invalid' WHEN row % 7 = 0 THEN 'duplicate' ELSE 'valid' END,
                        CASE WHEN row % 50 = 0 THEN json_array(json_object('row', row, 'column', 'Email', 'value', 'x', 'code', 'email_invalid', 'message', 'm')) ELSE '[]' END,
                        CASE WHEN row % 50 <> 0 AND row % 7 = 0 THEN 2 ELSE NULL END
                 FROM n;
             UPDATE import_rows SET invitation_id = 'inv-1' WHERE import_id = 1 AND row = 3;
             UPDATE import_rows SET handed_off_at = '2026-01-03T00:00:00Z' WHERE import_id = 1 AND row = 4;
             INSERT INTO import_rows (import_id, row, raw, email_normalized, status) VALUES (2, 5, '["só@x.com",""]', 'só@x.com', 'valid');"#,
        )
        .unwrap();
    }

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 9);
    let old_table: i64 =
        store.read(|c| Ok(c.query_row("SELECT count(*) FROM sqlite_master WHERE name = 'import_rows'", [], |r| r.get(0))?)).unwrap();
    assert_eq!(old_table, 0, "the per-line table is gone");
    let chunks: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM import_chunks WHERE import_id = 1", [], |r| r.get(0))?)).unwrap();
    assert_eq!(chunks, 2, "2,600 rows fit two chunks");

    let all = store.read(|c| imports::rows_page(c, 1, &[], 0, 10_000)).unwrap();
    assert_eq!(all.len(), 2_600);
    assert!(all.iter().zip(2u64..).all(|(row, n)| row.row == n && row.status == old_status(n)), "same rows, same order, same verdicts");
    let row_50 = &all[48];
    assert_eq!((row_50.row, row_50.email_normalized.as_deref(), row_50.duplicate_of), (50, None, None));
    assert!(row_50.problems.contains("email_invalid"), "{}", row_50.problems);
    assert_eq!(all[5].duplicate_of, Some(2), "row 7 repeats row 2");
    assert_eq!(all[0].raw, ["User.2@X.com", "Ventas ñ"]);
    assert_eq!((all[0].team.as_deref(), all[0].problems.as_str()), (Some("Ventas ñ"), "[]"));

    let linked = &all[1];
    assert_eq!((linked.invitation_id.as_deref(), linked.invitation_state.as_deref()), (Some("inv-1"), Some("sent")), "the invitation link survives");
    assert_eq!(all[2].handed_off_at.as_deref(), Some("2026-01-03T00:00:00Z"), "the hand-off survives");
    let valid = (2..=2_601).filter(|n| old_status(*n) == "valid").count() as u64;
    let sent = store.read(|c| imports::send_counts(c, 1)).unwrap();
    assert_eq!((sent.to_invite, sent.invited, sent.handed_off), (valid - 2, 1, 1));
    assert_eq!(store.read(|c| imports::count_rows(c, 1, &["invalid"])).unwrap(), 52);
    assert_eq!(store.read(|c| imports::problem_counts(c, 1)).unwrap(), [("email_invalid".to_owned(), 52)]);
    let page = store.read(|c| imports::rows_page(c, 1, &["duplicate"], 300, 3)).unwrap();
    let expected: Vec<u64> = (2..=2_601).filter(|n| old_status(*n) == "duplicate").skip(300).take(3).collect();
    assert_eq!(page.iter().map(|r| r.row).collect::<Vec<_>>(), expected, "a filtered page past the first chunk");

    let small = store.read(|c| imports::rows_page(c, 2, &[], 0, 10)).unwrap();
    assert_eq!((small.len(), small[0].row, small[0].raw.as_slice()), (1, 5, ["só@x.com".to_owned(), String::new()].as_slice()), "each import keeps its own rows");
    let record = store.read(|c| imports::latest(c, "sandbox")).unwrap().unwrap();
    assert_eq!((record.id, record.counts.rows), (2, 1));
}
