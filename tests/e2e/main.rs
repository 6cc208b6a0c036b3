//! End to end: the real app binary in its real WebView, driven over WebDriver like an admin would.
//! Needs Xvfb and tauri-driver, so it is ignored by a plain `cargo test`; `make test` runs it
//! (`make test-e2e`). Screenshots of every screen visited go to target/e2e/.

mod webdriver;

use std::path::PathBuf;
use webdriver::{Driver, Result, Session};

fn app_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_msi-actions-setup"))
}

fn screenshots_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("e2e")
}

async fn rail_state(session: &Session, step: &str) -> Result<Option<String>> {
    let item = session.wait_for(&format!("[data-testid=rail-step-{step}]")).await?;
    session.attribute(&item, "data-state").await
}

/// Opens a step from the rail and marks it done (or skips it with a reason).
async fn settle_step(session: &Session, step: &str, skip_reason: Option<&str>) -> Result<()> {
    session.click(&format!("[data-testid=rail-step-{step}]")).await?;
    session.wait_for("[data-testid=step-title]").await?;
    session.screenshot(&format!("step-{step}")).await?;
    let expected = match skip_reason {
        None => {
            session.click("[data-testid=mark-done]").await?;
            "done"
        }
        Some(reason) => {
            session.click("[data-testid=skip-step]").await?;
            session.type_into("[data-testid=skip-reason]", reason).await?;
            session.click("[data-testid=skip-confirm]").await?;
            "skipped"
        }
    };
    session.wait_for(&format!("[data-testid=rail-step-{step}][data-state={expected}]")).await?;
    Ok(())
}

async fn verdicts(session: &Session) -> Result<Vec<String>> {
    let mut verdicts = Vec::new();
    for row in session.find_all("[data-testid=check-row]").await? {
        verdicts.push(session.attribute(&row, "data-verdict").await?.unwrap_or_default());
    }
    Ok(verdicts)
}

async fn invitation_states(session: &Session) -> Result<Vec<(String, String)>> {
    let mut rows = Vec::new();
    for row in session.find_all("[data-testid=invitation-row]").await? {
        let email = session.attribute(&row, "data-email").await?.unwrap_or_default();
        let state = session.attribute(&row, "data-state").await?.unwrap_or_default();
        rows.push((email, state));
    }
    rows.sort();
    Ok(rows)
}

async fn admin_walks_to_step_5_and_invites(data_dir: &str) -> Result<()> {
    let shots = screenshots_dir();
    let envs = [("MSI_SETUP_DATA_DIR", data_dir), ("LANG", "en_US.UTF-8"), ("LANGUAGE", "en")];
    let driver = Driver::start(&envs).await?;

    // First start: the wizard on the sandbox, in the OS language (English).
    let session = Session::launch(&driver, &app_binary(), &shots).await?;
    session.wait_for_text("[data-testid=env-badge]", "Sandbox").await?;
    session.wait_for("[data-testid=rail-step-p1]").await?;
    assert_eq!(rail_state(&session, "5").await?.as_deref(), Some("not_started"));
    session.screenshot("01-first-start").await?;

    for (step, skip) in [("p1", None), ("p2", None), ("1", None), ("2", Some("Connected by the Salesforce admin")), ("3", None), ("4", None)] {
        settle_step(&session, step, skip).await?;
    }
    assert_eq!(rail_state(&session, "2").await?.as_deref(), Some("skipped"));

    // Step 5: two valid addresses, one invalid, one repeating the first in another case.
    session.click("[data-testid=rail-step-5]").await?;
    session.wait_for_text("[data-testid=step-title]", "Invite users").await?;
    session.wait_for("[data-testid=invite-panel]").await?;
    session
        .type_into(
            "[data-testid=invite-addresses]",
            "ana.lopez@acme-e2e.test, Luis García <luis.garcia@acme-e2e.test>; not-an-email\n ANA.LOPEZ@acme-e2e.test",
        )
        .await?;
    session.wait_for_count("[data-testid=check-row]", 4).await?;
    assert_eq!(verdicts(&session).await?, ["ready", "ready", "invalid", "duplicate_in_input"]);
    let invalid_row = session.wait_for("[data-testid=check-row][data-verdict=invalid]").await?;
    let invalid_text = session.text(&invalid_row).await?;
    assert!(invalid_text.contains("not-an-email") && invalid_text.contains('@'), "invalid row says: {invalid_text}");
    let duplicate_row = session.wait_for("[data-testid=check-row][data-verdict=duplicate_in_input]").await?;
    assert!(session.text(&duplicate_row).await?.contains('1'), "the repeat names the entry it repeats");
    session.scroll_to("[data-testid=invite-panel]").await?;
    session.screenshot("step-5-checked").await?;

    session.click("[data-testid=invite-send]").await?;
    let confirmation = session.wait_for_text("[data-testid=invite-confirmation]", "2").await?;
    println!("confirmation: {confirmation}");
    let confirmation_el = session.wait_for("[data-testid=invite-confirmation-counts]").await?;
    assert_eq!(session.attribute(&confirmation_el, "data-sent").await?.as_deref(), Some("2"));
    assert_eq!(session.attribute(&confirmation_el, "data-invalid").await?.as_deref(), Some("1"));
    assert_eq!(session.attribute(&confirmation_el, "data-duplicates").await?.as_deref(), Some("1"));
    session.wait_for_count("[data-testid=invitation-row]", 2).await?;
    let expected = vec![
        ("ana.lopez@acme-e2e.test".to_owned(), "sent".to_owned()),
        ("luis.garcia@acme-e2e.test".to_owned(), "sent".to_owned()),
    ];
    assert_eq!(invitation_states(&session).await?, expected);
    let first_row = session.wait_for("[data-testid=invitation-row]").await?;
    let row_text = session.text(&first_row).await?;
    assert!(!row_text.contains("unknown"), "the row names who invited: {row_text}");
    session.scroll_to("[data-testid=invite-confirmation]").await?;
    session.screenshot("step-5-invited").await?;
    session.quit().await?;

    // Restart: the record and the step status survive.
    let session = Session::launch(&driver, &app_binary(), &shots).await?;
    session.wait_for("[data-testid=rail-step-p1]").await?;
    assert_eq!(rail_state(&session, "2").await?.as_deref(), Some("skipped"));
    assert_eq!(rail_state(&session, "5").await?.as_deref(), Some("in_progress"));
    session.click("[data-testid=rail-step-5]").await?;
    session.wait_for_count("[data-testid=invitation-row]", 2).await?;
    assert_eq!(invitation_states(&session).await?, expected);
    session.scroll_to("[data-testid=invitations-table]").await?;
    session.screenshot("step-5-after-restart").await?;

    // Switch to Spanish: the step title and the rail are translated at once.
    session.click("[data-testid=lang-es]").await?;
    session.wait_for_text("[data-testid=step-title]", "Invitar usuarios a MSI Actions").await?;
    let send_button = session.wait_for("[data-testid=invite-send]").await?;
    let label = session.text(&send_button).await?;
    assert!(label.contains("Invitar"), "the invite button is translated: {label}");
    session.screenshot("step-5-spanish").await?;
    session.quit().await?;

    // The language choice is remembered across restarts.
    let session = Session::launch(&driver, &app_binary(), &shots).await?;
    session.click("[data-testid=rail-step-5]").await?;
    session.wait_for_text("[data-testid=step-title]", "Invitar usuarios a MSI Actions").await?;
    session.quit().await?;
    println!("screenshots in {}", shots.display());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb and tauri-driver: run by `make test` (make test-e2e)"]
async fn admin_walks_to_step_5_invites_restarts_and_switches_language() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let data_dir_str = data_dir.path().to_string_lossy().to_string();
    if let Err(error) = admin_walks_to_step_5_and_invites(&data_dir_str).await {
        panic!("end-to-end failed: {error}\nscreenshots so far in {}", screenshots_dir().display());
    }
}
