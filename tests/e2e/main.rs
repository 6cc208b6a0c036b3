//! End to end: the real app binary in its real WebView, driven over WebDriver like an admin would.
//! Needs Xvfb and tauri-driver, so it is ignored by a plain `cargo test`; `make test` runs it
//! (`make test-e2e`). Screenshots of every screen visited go to target/e2e/.

#[path = "../common/mod.rs"]
mod common;
mod axe;
mod keyboard;
mod webdriver;

use std::path::PathBuf;
use webdriver::{Driver, Result, Session, ENTER, ESCAPE, TAB};

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
    axe::audit(session, &format!("step-{step}"), "en").await?;
    let expected = match skip_reason {
        None => {
            session.click("[data-testid=mark-done]").await?;
            "done"
        }
        Some(reason) => {
            session.click("[data-testid=skip-step]").await?;
            session.type_into("[data-testid=skip-reason]", reason).await?;
            axe::audit(session, &format!("step-{step}-skip-reason"), "en").await?;
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

/// The keyring entry the app wrote, read back with secret-tool (the service name is per data folder).
fn keyring_lookup(data_dir: &str, account: &str) -> Option<String> {
    let service = format!("{}.dev", msi_actions_setup::session::keyring_service(std::path::Path::new(data_dir)));
    let output = std::process::Command::new("secret-tool").args(["lookup", "service", &service, "username", account]).output().ok()?;
    let value = String::from_utf8(output.stdout).ok()?;
    (!value.is_empty()).then_some(value)
}


/// Steps 2 and 3 through the window: Salesforce sign-in (the browser played by tests/e2e/fake-browser.sh
/// through MSI_SETUP_BROWSER) and Marketo credentials; both end verified by the app.
async fn connect_salesforce_and_marketo(session: &Session) -> Result<()> {
    session.click("[data-testid=rail-step-2]").await?;
    session.wait_for("[data-testid=salesforce-panel]").await?;
    session.screenshot("step-2").await?;
    axe::audit(session, "step-2", "en").await?;
    session.click("[data-testid=salesforce-sign-in]").await?;
    session.wait_for("[data-testid=salesforce-status][data-status=connected]").await?;
    session.wait_for_text("[data-testid=salesforce-status]", "admin@acme.test").await?;
    session.wait_for("[data-testid=rail-step-2][data-state=done]").await?;
    session.wait_for("[data-testid=salesforce-panel] [data-testid=sales-account-sees][data-connected=true]").await?;
    session.screenshot("step-2-connected").await?;
    axe::audit(session, "step-2-connected", "en").await?;

    session.click("[data-testid=rail-step-3]").await?;
    session.wait_for("[data-testid=marketo-panel]").await?;
    // A wrong secret is refused with what to do, and nothing is saved.
    session.type_into("[data-testid=marketo-secret]", "not-the-secret").await?;
    session.click("[data-testid=marketo-connect]").await?;
    let refusal = session.wait_for_text("[data-testid=marketo-error]", "Client").await?;
    println!("wrong secret says: {refusal}");
    let code = session.wait_for("[data-testid=marketo-error] [data-code]").await?;
    assert_eq!(session.attribute(&code, "data-code").await?.as_deref(), Some("invalid_client"));
    session.screenshot("step-3-wrong-secret").await?;
    axe::audit(session, "step-3-wrong-secret", "en").await?;
    assert_eq!(rail_state(session, "3").await?.as_deref(), Some("not_started"));
    session.clear("[data-testid=marketo-secret]").await?;
    session.type_into("[data-testid=marketo-secret]", "sandbox-marketo-secret").await?;
    session.click("[data-testid=marketo-connect]").await?;
    session.wait_for("[data-testid=marketo-status][data-status=connected]").await?;
    session.wait_for_text("[data-testid=marketo-status]", "123-ABC-456").await?;
    // The app's own LaunchPoint access does not connect the Sales account: the Actions Config set does.
    assert_eq!(rail_state(session, "3").await?.as_deref(), Some("not_started"));
    session.type_into("[data-testid=actions-config-secret]", "sandbox-actions-secret").await?;
    session.click("[data-testid=actions-config-connect]").await?;
    session.wait_for("[data-testid=actions-config-accepted]").await?;
    session.wait_for("[data-testid=rail-step-3][data-state=done]").await?;
    session.wait_for("[data-testid=marketo-panel] [data-testid=sales-account-sees][data-connected=true]").await?;
    session.screenshot("step-3-connected").await?;
    axe::audit(session, "step-3-connected", "en").await?;
    // One screenshot per step under its plain name (step-p1 … step-7), as for the other steps.
    session.screenshot("step-3").await?;
    Ok(())
}

async fn counted(session: &Session, css: &str) -> Result<String> {
    let element = session.wait_for(css).await?;
    Ok(session.attribute(&element, "data-count").await?.unwrap_or_default())
}

/// Step 5 from a CSV file: a Spanish Excel export (semicolons, BOM) opened through the file dialog (answered
/// by MSI_SETUP_PICK_FILE), checked without fixing anything, its valid rows invited, its failed rows exported.
async fn import_spanish_csv(session: &Session, save_dir: &std::path::Path) -> Result<()> {
    session.click("[data-testid=invite-tab-csv]").await?;
    session.click("[data-testid=import-choose]").await?;
    let detected = session.wait_for_text("[data-testid=import-detected]", "spanish_semicolons_bom.csv").await?;
    println!("detected: {detected}");
    let encoding = session.wait_for("[data-testid=import-encoding]").await?;
    assert_eq!(session.attribute(&encoding, "value").await?.as_deref(), Some("utf-8"), "UTF-8 with BOM detected");
    let delimiter = session.wait_for("[data-testid=import-delimiter]").await?;
    assert_eq!(session.attribute(&delimiter, "value").await?.as_deref(), Some(";"), "semicolons detected");
    let email_column = session.wait_for("[data-testid=import-map-email]").await?;
    assert_eq!(session.attribute(&email_column, "value").await?.as_deref(), Some("2"), "'Correo electrónico' mapped to the email");
    session.scroll_to("[data-testid=import-mapping]").await?;
    session.screenshot("step-5-csv-mapping").await?;
    axe::audit(session, "step-5-csv-mapping", "en").await?;

    session.click("[data-testid=import-check]").await?;
    session.wait_for("[data-testid=import-preview]").await?;
    assert_eq!(counted(session, "[data-testid=import-count-rows]").await?, "5");
    assert_eq!(counted(session, "[data-testid=import-count-invalid]").await?, "1");
    assert_eq!(counted(session, "[data-testid=import-count-duplicate]").await?, "1");
    session.wait_for_count("[data-testid=import-row]", 5).await?;
    session.scroll_to("[data-testid=import-preview]").await?;
    session.screenshot("step-5-csv-preview").await?;
    axe::audit(session, "step-5-csv-preview", "en").await?;
    let invalid = session.wait_for("[data-testid=import-row][data-status=invalid]").await?;
    assert_eq!(session.attribute(&invalid, "data-row").await?.as_deref(), Some("4"), "row numbers as a spreadsheet shows them");
    let invalid_text = session.text_content("[data-testid=import-row][data-status=invalid]").await?;
    assert!(invalid_text.contains("marta(arroba)example.es") && invalid_text.contains("has no @"), "the invalid row says what is wrong: {invalid_text}");
    let duplicate = session.text_content("[data-testid=import-row][data-status=duplicate]").await?;
    assert!(duplicate.contains("Repeats row 2"), "the repeat names the row it repeats: {duplicate}");

    // Filter by the problem, then back to every row.
    session.click("[data-testid=import-count-invalid]").await?;
    session.wait_for_count("[data-testid=import-row]", 1).await?;
    session.click("[data-testid=import-count-rows]").await?;
    session.wait_for_count("[data-testid=import-row]", 5).await?;

    session.click("[data-testid=import-invite]").await?;
    session.wait_for_text("[data-testid=import-invite-question]", "3").await?;
    axe::audit(session, "step-5-csv-invite-question", "en").await?;
    session.click("[data-testid=import-invite-confirm]").await?;
    let counts = session.wait_for("[data-testid=import-outcome-counts]").await?;
    assert_eq!(session.attribute(&counts, "data-sent").await?.as_deref(), Some("3"));
    assert_eq!(session.attribute(&counts, "data-failed").await?.as_deref(), Some("0"));
    session.wait_for_count("[data-testid=import-row][data-invitation=sent]", 3).await?;
    session.wait_for("[data-testid=import-nothing]").await?;

    session.click("[data-testid=import-export-failed]").await?;
    let done = session.wait_for("[data-testid=import-export-done] [data-rows]").await?;
    assert_eq!(session.attribute(&done, "data-rows").await?.as_deref(), Some("1"));
    let failed = save_dir.join("spanish_semicolons_bom-failed.csv");
    let bytes = std::fs::read(&failed).map_err(|e| format!("{}: {e}", failed.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    assert!(text.starts_with('\u{feff}'), "the input's BOM is kept");
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("Nombre;Apellidos;Correo electrónico;Equipo;Reason"), "original columns, input's delimiter");
    let marta = lines.next().ok_or("no failed row")?;
    assert!(marta.starts_with("Marta;Ruiz;marta(arroba)example.es;;"), "{marta}");
    assert_eq!(lines.next(), None, "only the invalid row");
    session.scroll_to("[data-testid=import-preview]").await?;
    session.screenshot("step-5-csv-result").await?;
    axe::audit(session, "step-5-csv-result", "en").await?;
    Ok(())
}

/// Opens a step and has the app check it; returns the outcome it recorded.
async fn check_step(session: &Session, step: &str) -> Result<String> {
    session.click(&format!("[data-testid=rail-step-{step}]")).await?;
    session.wait_for(&format!("[data-testid=check-panel][data-step='{step}']")).await?;
    session.click("[data-testid=check-step]").await?;
    let outcome = session.wait_for("[data-testid=check-outcome]").await?;
    session.wait_for("[data-testid=check-when]").await?;
    let value = session.attribute(&outcome, "data-outcome").await?.unwrap_or_default();
    session.scroll_to("[data-testid=check-outcome]").await?;
    session.screenshot(&format!("step-{step}")).await?;
    axe::audit(session, &format!("step-{step}-checked"), "en").await?;
    Ok(value)
}

/// The rest of the guide in the sandbox: P1 and P2 checked, step 1's Marketo admins invited, step 4's
/// fields, people in both systems and the sync, step 6's package upgraded (the sandbox plays AppExchange)
/// and step 7's remote sites and permission set made by the app, then the readiness of every person.
async fn remaining_steps_and_readiness(session: &Session, save_dir: &std::path::Path) -> Result<()> {
    for step in ["p1", "p2"] {
        let outcome = check_step(session, step).await?;
        println!("check {step}: {outcome}");
        assert!(["ok", "gaps"].contains(&outcome.as_str()), "step {step} could be read: {outcome}");
    }

    // Step 1: the Marketo admins, the first one invited to the Sales account.
    session.click("[data-testid=rail-step-1]").await?;
    session.click("[data-testid=step1-load]").await?;
    let admins = session.wait_for("[data-testid=step1-admin]").await?;
    let first = session.attribute(&admins, "data-email").await?.unwrap_or_default();
    session.wait_for("[data-testid=step1-warning]").await?;
    session.click("[data-testid=step1-admin]").await?;
    session.click("[data-testid=step1-invite]").await?;
    session.click("[data-testid=step1-invite-confirm]").await?;
    session.wait_for("[data-testid=step1-invited]").await?;
    println!("step 1 invited {first}");
    session.scroll_to("[data-testid=step1-admins]").await?;
    session.screenshot("step-1").await?;
    axe::audit(session, "step-1-admins-invited", "en").await?;

    // Step 4: the 13 fields, the people in both systems, the sync started.
    session.click("[data-testid=rail-step-4]").await?;
    session.click("[data-testid=step4-fields]").await?;
    session.wait_for_count("[data-testid=step4-field]", 13).await?;
    session.click("[data-testid=step4-count]").await?;
    let overlap = session.wait_for("[data-testid=step4-overlap]").await?;
    let found: u64 = session.attribute(&overlap, "data-found").await?.unwrap_or_default().parse().unwrap_or(0);
    assert!(found > 0, "the sandbox shares people between Salesforce and Marketo");
    session.click("[data-testid=step4-start]").await?;
    session.click("[data-testid=step4-start-confirm]").await?;
    let job = session.wait_for("[data-testid=step4-job]").await?;
    let status = session.attribute(&job, "data-status").await?.unwrap_or_default();
    assert!(["queued", "running", "done"].contains(&status.as_str()), "the sync job is followed: {status}");
    session.scroll_to("[data-testid=step4-sync]").await?;
    session.screenshot("step-4").await?;
    axe::audit(session, "step-4-sync", "en").await?;

    // Step 6: the sandbox org has the package at an old version; the sandbox plays the AppExchange upgrade.
    check_step(session, "6").await?;
    session.wait_for("[data-testid=finding][data-code=package_old]").await?;
    session.click("[data-testid=step6-sandbox-install]").await?;
    session.wait_for("[data-testid=finding][data-code=package_current]").await?;
    let outcome = session.wait_for("[data-testid=check-outcome]").await?;
    assert_eq!(session.attribute(&outcome, "data-outcome").await?.as_deref(), Some("ok"));
    // Everything step 6 asks for was read and is in place: the app marks it done, saying so.
    session.wait_for("[data-testid=rail-step-6][data-state=done]").await?;
    session.scroll_to("[data-testid=check-outcome]").await?;
    session.screenshot("step-6").await?;
    axe::audit(session, "step-6", "en").await?;

    // Step 7: the app creates the two remote sites and assigns the permission set, each previewed first.
    session.click("[data-testid=rail-step-7]").await?;
    session.click("[data-testid=step7-sites-plan]").await?;
    session.wait_for("[data-testid=step7-site][data-action=create]").await?;
    session.click("[data-testid=step7-sites-apply]").await?;
    session.wait_for("[data-testid=step7-sites-apply-confirm]").await?;
    axe::audit(session, "step-7-confirm", "en").await?;
    session.click("[data-testid=step7-sites-apply-confirm]").await?;
    session.wait_for("[data-testid=step7-site-undo]").await?;
    session.click("[data-testid=step7-perm-plan]").await?;
    session.wait_for("[data-testid=step7-perm-person][data-action=assign]").await?;
    session.click("[data-testid=step7-perm-apply]").await?;
    session.click("[data-testid=step7-perm-apply-confirm]").await?;
    session.wait_for("[data-testid=step7-perm-undo]").await?;
    session.wait_for("[data-testid=finding][data-code=remote_site_present]").await?;
    session.scroll_to("[data-testid=step7-salesforce]").await?;
    session.screenshot("step-7").await?;
    axe::audit(session, "step-7", "en").await?;

    session.click("[data-testid=rail-readiness]").await?;
    session.wait_for("[data-testid=readiness-table]").await?;
    let rows = session.find_all("[data-testid=readiness-row]").await?;
    assert!(rows.len() >= 5, "every invited person has a row: {}", rows.len());
    session.screenshot("readiness").await?;
    axe::audit(session, "readiness", "en").await?;
    session.click("[data-testid=readiness-export]").await?;
    session.wait_for("[data-testid=readiness-export-done]").await?;
    let readiness = std::fs::read_to_string(save_dir.join("msi-actions-readiness.csv")).map_err(|e| e.to_string())?;
    assert!(readiness.starts_with("Email,Name,Invitation,Salesforce user"), "{readiness}");
    assert!(readiness.contains("iker@example.es") && readiness.contains("person_no_salesforce_user"));

    // The Salesforce admin's steps handed over as Markdown: console paths, values, what the app verified.
    session.click("[data-testid=handoff-export]").await?;
    session.click("[data-testid=handoff-persona-salesforce_admin]").await?;
    session.click("[data-testid=handoff-format-markdown]").await?;
    // The window is in English; the Salesforce admin reads Spanish.
    session.click("[data-testid=handoff-language-es]").await?;
    session.click("[data-testid=handoff-save]").await?;
    session.wait_for("[data-testid=handoff-saved]").await?;
    let handoff = std::fs::read_to_string(save_dir.join("msi-actions-steps-salesforce-admin.md")).map_err(|e| e.to_string())?;
    assert!(handoff.starts_with("# Configuración de MSI Actions: pasos para el administrador de Salesforce"), "{handoff}");
    assert!(handoff.contains("## 6 —") && handoff.contains("## 7 —") && !handoff.contains("## 5 —"));
    assert!(handoff.contains("package_current") && handoff.contains("https://mkto-sales-connect.adobe.io"));
    assert!(!handoff.contains("sandbox-marketo-secret"), "no secret in the hand-off");
    session.scroll_to("[data-testid=handoff-saved]").await?;
    session.screenshot("handoff").await?;
    axe::audit(session, "handoff", "en").await?;
    Ok(())
}

/// Every step again from the rail, then readiness and the hand-off form, audited in Spanish (longer texts,
/// other contrast and clipping than in English).
async fn audit_every_screen_in_spanish(session: &Session) -> Result<()> {
    for step in ["p1", "p2", "1", "2", "3", "4", "5", "6", "7"] {
        session.click(&format!("[data-testid=rail-step-{step}]")).await?;
        session.wait_for(&format!("[data-testid=rail-step-{step}][aria-current=step]")).await?;
        session.wait_for("[data-testid=step-title]").await?;
        axe::audit(session, &format!("step-{step}"), "es").await?;
    }
    session.click("[data-testid=rail-readiness]").await?;
    session.wait_for("[data-testid=readiness-table]").await?;
    axe::audit(session, "readiness", "es").await?;
    let toggle = session.wait_for("[data-testid=handoff-export]").await?;
    if session.attribute(&toggle, "aria-expanded").await?.as_deref() != Some("true") {
        session.click("[data-testid=handoff-export]").await?;
    }
    session.wait_for("[data-testid=handoff-save]").await?;
    axe::audit(session, "handoff", "es").await?;
    Ok(())
}

async fn admin_walks_to_step_5_and_invites(data_dir: &str, app_log: &std::path::Path) -> Result<()> {
    let shots = screenshots_dir();
    let browser = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/fake-browser.sh");
    let browser = browser.to_string_lossy().to_string();
    let log = app_log.to_string_lossy().to_string();
    let csv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv/spanish_semicolons_bom.csv");
    let csv = csv.to_string_lossy().to_string();
    let save_dir = app_log.parent().ok_or("no log folder")?.join("exports");
    std::fs::create_dir_all(&save_dir).map_err(|e| e.to_string())?;
    let save = save_dir.to_string_lossy().to_string();
    let envs = [
        ("MSI_SETUP_DATA_DIR", data_dir),
        ("LANG", "en_US.UTF-8"),
        ("LANGUAGE", "en"),
        ("MSI_SETUP_BROWSER", browser.as_str()),
        ("MSI_E2E_APP_LOG", log.as_str()),
        ("MSI_SETUP_PICK_FILE", csv.as_str()),
        ("MSI_SETUP_SAVE_DIR", save.as_str()),
    ];
    let driver = Driver::start(&envs).await?;

    // First start: the wizard on the sandbox, in the OS language (English).
    let session = Session::launch(&driver, &app_binary(), &shots).await?;
    session.wait_for_text("[data-testid=env-badge]", "Sandbox").await?;
    session.wait_for("[data-testid=rail-step-p1]").await?;
    assert_eq!(rail_state(&session, "5").await?.as_deref(), Some("not_started"));
    session.screenshot("01-first-start").await?;
    axe::audit(&session, "first-start", "en").await?;

    // About: this build's version, the data folder, and the licences shipped (searchable).
    session.click("[data-testid=about-open]").await?;
    session.wait_for_text("[data-testid=about-version]", env!("CARGO_PKG_VERSION")).await?;
    session.wait_for_text("[data-testid=about-data-dir]", data_dir).await?;
    session.type_into("[data-testid=about-search]", "rusqlite_migration").await?;
    session.wait_for_text("[data-testid=about-shown]", "1 of").await?;
    session.wait_for_text("[data-testid=about-licences] tbody", "rusqlite_migration").await?;
    session.screenshot("about").await?;
    axe::audit(&session, "about", "en").await?;
    session.click("[data-testid=about-close]").await?;
    session.wait_gone("[data-testid=about-version]").await.map_err(|e| format!("the About dialog did not close: {e}"))?;

    for (step, skip) in [("p1", None), ("p2", None), ("1", Some("Done by the Marketo admin last week"))] {
        settle_step(&session, step, skip).await?;
    }
    assert_eq!(rail_state(&session, "1").await?.as_deref(), Some("skipped"));
    connect_salesforce_and_marketo(&session).await?;
    settle_step(&session, "4", None).await?;

    // Secrets only in the keyring: never in the data folder, the app's log folder or its output.
    let access = keyring_lookup(data_dir, "sandbox/salesforce/access_token").ok_or("no Salesforce token in the keyring")?;
    let marketo = keyring_lookup(data_dir, "sandbox/marketo/client_secret").ok_or("no Marketo secret in the keyring")?;
    assert_eq!(marketo, "sandbox-marketo-secret");
    let xdg_data = std::env::var("XDG_DATA_HOME").map(PathBuf::from).ok();
    for secret in [access.as_str(), marketo.as_str()] {
        let mut places = common::files_containing(std::path::Path::new(data_dir), secret);
        places.retain(|p| !p.contains("/sandbox/"));
        if let Some(xdg) = &xdg_data {
            places.extend(common::files_containing(&xdg.join("com.msiactions.setup"), secret));
        }
        places.extend(common::files_containing(app_log.parent().unwrap_or(app_log), secret));
        assert!(places.is_empty(), "a secret was written to {places:?}");
    }

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
    axe::audit(&session, "step-5-checked", "en").await?;

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
    axe::audit(&session, "step-5-invited", "en").await?;
    import_spanish_csv(&session, &save_dir).await?;
    session.scroll_to("[data-testid=step-title]").await?;
    session.screenshot("step-5").await?;
    remaining_steps_and_readiness(&session, &save_dir).await?;
    session.quit().await?;

    // As if the app had died in the middle of a request: one invitation left in `sending`.
    let store = msi_actions_setup::store::Store::open(&msi_actions_setup::paths::database_path(std::path::Path::new(data_dir)))
        .map_err(|e| e.to_string())?;
    common::crash_while_sending(&store, "sandbox", "crashed@example.com");
    drop(store);

    // Restart: the window opens at once, recovery runs with progress and says what it found (not on the
    // service: queued again with its key); the record and the step status survive.
    let session = Session::launch(&driver, &app_binary(), &shots).await?;
    session.wait_for("[data-testid=rail-step-p1]").await?;
    let recovered = session.wait_for("[data-testid=recovery-done]").await?;
    let recovered = session.text(&recovered).await?;
    assert!(
        recovered.contains("Recovered 1 interrupted invitation") && recovered.contains("1 queued again"),
        "recovery says what it looked up and found: {recovered}"
    );
    session.screenshot("recovery").await?;
    axe::audit(&session, "recovery", "en").await?;
    assert_eq!(rail_state(&session, "1").await?.as_deref(), Some("skipped"));
    assert_eq!(rail_state(&session, "2").await?.as_deref(), Some("done"));
    assert_eq!(rail_state(&session, "3").await?.as_deref(), Some("done"));
    assert_eq!(rail_state(&session, "5").await?.as_deref(), Some("in_progress"));
    session.click("[data-testid=rail-step-5]").await?;
    // The record holds the two typed invitations, the three from the CSV file and the recovered one.
    session.wait_for_count("[data-testid=invitation-row]", 6).await?;
    let mut recorded = invitation_states(&session).await?;
    recorded.sort();
    let mut all = expected.clone();
    all.extend(["ana@example.es", "iker@example.es", "luis@example.es"].map(|e| (e.to_owned(), "sent".to_owned())));
    all.push(("crashed@example.com".to_owned(), "queued".to_owned()));
    all.sort();
    assert_eq!(recorded, all);
    session.scroll_to("[data-testid=invitations-table]").await?;
    session.screenshot("step-5-after-restart").await?;
    axe::audit(&session, "step-5-after-restart", "en").await?;
    // The last import is shown again, with its rows' invitations.
    session.click("[data-testid=invite-tab-csv]").await?;
    session.wait_for_count("[data-testid=import-row][data-invitation=sent]", 3).await?;
    session.click("[data-testid=invite-tab-addresses]").await?;

    // Switch to Spanish: the step title and the rail are translated at once.
    session.click("[data-testid=lang-es]").await?;
    session.wait_for_text("[data-testid=step-title]", "Invitar usuarios a MSI Actions").await?;
    let send_button = session.wait_for("[data-testid=invite-send]").await?;
    let label = session.text(&send_button).await?;
    assert!(label.contains("Invitar"), "the invite button is translated: {label}");
    session.screenshot("step-5-spanish").await?;
    axe::audit(&session, "step-5-spanish", "es").await?;
    // The CSV import in Spanish: counts and problem messages are said again in Spanish.
    session.click("[data-testid=invite-tab-csv]").await?;
    session.wait_for_text("[data-testid=import-count-invalid]", "No válidas").await?;
    let marta = session.text_content("[data-testid=import-row][data-status=invalid]").await?;
    assert!(marta.contains("no tiene @"), "the problem is said in Spanish: {marta}");
    session.scroll_to("[data-testid=import-preview]").await?;
    session.screenshot("step-5-csv-spanish").await?;
    axe::audit(&session, "step-5-csv-spanish", "es").await?;
    session.click("[data-testid=invite-tab-addresses]").await?;
    audit_every_screen_in_spanish(&session).await?;
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
    let logs = tempfile::tempdir().expect("temp dir");
    let app_log = logs.path().join("app-output.log");
    let walked = admin_walks_to_step_5_and_invites(&data_dir_str, &app_log).await;
    // Accessibility fails the test only at the end, so one run lists every screen's violations.
    let accessible = axe::verdict();
    if let Err(error) = walked {
        // The app's own output says why a window did not open; its temp folder goes away with the test.
        let kept = screenshots_dir().join("app-output.log");
        let _ = std::fs::copy(&app_log, &kept);
        panic!("end-to-end failed: {error}\nscreenshots so far in {}, the app's output in {}", screenshots_dir().display(), kept.display());
    }
    if let Err(violations) = accessible {
        panic!("{violations}");
    }
}

/// Step 5 with the keyboard alone, on a fresh data folder: the About dialog opened, cycled and closed
/// (focus stays inside, then returns to its button), then Tab to the rail's step 5, Enter, Tab to the
/// address box, type, Tab to Invite, Enter. At every stop the focus is on the expected control and drawn;
/// focus states are saved as target/e2e/focus-*.png.
async fn admin_invites_by_keyboard_only(data_dir: &str) -> Result<()> {
    let envs = [("MSI_SETUP_DATA_DIR", data_dir), ("LANG", "en_US.UTF-8"), ("LANGUAGE", "en")];
    let driver = Driver::start(&envs).await?;
    let session = Session::launch(&driver, &app_binary(), &screenshots_dir()).await?;
    let walked = keyboard_walk(&session).await;
    // Closed even after a failure, so no window is left behind for the next test's launch (after a failed
    // assertion, dropping the driver ends the app).
    let closed = session.quit().await;
    walked.and(closed)
}

async fn keyboard_walk(session: &Session) -> Result<()> {
    session.wait_for_text("[data-testid=env-badge]", "Sandbox").await?;
    session.wait_for("[data-testid=rail-step-p1]").await?;
    axe::proves_it_can_fail(session).await?;

    // The About dialog: focus moves in, Tab and Shift+Tab wrap inside it, Escape closes it and the focus
    // goes back to the button that opened it.
    let passed = keyboard::tab_to(session, "about-open", 30).await?;
    println!("keyboard: Tab to About passed {passed:?}");
    assert_eq!(passed, ["skip-to-main", "env-switch"], "the header in its visual order, after the skip link");
    session.press(&[ENTER]).await?;
    session.wait_for("[data-testid=about-version]").await?;
    keyboard::wait_until(session, "return document.activeElement?.closest('dialog[open]') != null;", "no focus in the About dialog").await?;
    let first = keyboard::focused(session).await?;
    keyboard::assert_visible(&first)?;
    keyboard::screenshot_focus(session, "focus-dialog-control").await?;
    session.press_with_shift(TAB).await?;
    let last = keyboard::focused(session).await?;
    assert!(last.in_dialog, "Shift+Tab from the dialog's first control left it: {}", last.description);
    keyboard::assert_visible(&last)?;
    session.press(&[TAB]).await?;
    let wrapped = keyboard::focused(session).await?;
    assert_eq!(wrapped.description, first.description, "Tab from the dialog's last control goes back to its first");
    for _ in 0..4 {
        session.press(&[TAB]).await?;
        let inside = keyboard::focused(session).await?;
        assert!(inside.in_dialog, "Tab left the About dialog for {}", inside.description);
        keyboard::assert_visible(&inside)?;
    }
    session.press(&[ESCAPE]).await?;
    keyboard::wait_until(session, "return document.querySelector('dialog[open]') == null;", "Escape did not close the About dialog").await?;
    let back = keyboard::focused(session).await?;
    assert_eq!(back.testid.as_deref(), Some("about-open"), "focus returns to the About button, not {}", back.description);
    keyboard::assert_visible(&back)?;

    // The rail in order, step 5 opened with Enter.
    let passed = keyboard::tab_to(session, "rail-step-5", 40).await?;
    println!("keyboard: Tab to the rail's step 5 passed {passed:?}");
    let rail = ["rail-step-p1", "rail-step-p2", "rail-step-1", "rail-step-2", "rail-step-3", "rail-step-4"];
    assert_eq!(passed, [&["lang-en", "lang-es"][..], &rail[..]].concat(), "the languages, then the rail in its visual order");
    keyboard::screenshot_focus(session, "focus-rail-item").await?;
    session.press(&[ENTER]).await?;
    session.wait_for_text("[data-testid=step-title]", "Invite users").await?;
    session.wait_for("[data-testid=invite-panel]").await?;

    let opened = keyboard::focused(session).await?;
    println!("keyboard: focus after opening step 5: {}", opened.description);
    assert_eq!(opened.testid.as_deref(), Some("step-title"), "opening a step moves the focus to its heading, so it is announced");
    let passed = keyboard::tab_to(session, "invite-addresses", 40).await?;
    println!("keyboard: Tab to the address box passed {passed:?}");
    let step_controls = ["mark-done", "mark-in-progress", "skip-step", "block-step", "copy-path", "invite-tab-addresses"];
    assert_eq!(passed, step_controls, "from the step's heading: its status buttons, the console path, the tabs");
    keyboard::proves_hidden_focus_is_caught(session).await?;
    session.type_keys("ana.kb@acme-e2e.test, Bo Keys <bo.kb@acme-e2e.test>").await?;
    session.wait_for_count("[data-testid=check-row][data-verdict=ready]", 2).await?;
    keyboard::screenshot_focus(session, "focus-address-box").await?;
    // The addresses are checked as they are typed (no separate Check button): Tab goes on to the team,
    // then to Invite, enabled by the check.
    let passed = keyboard::tab_to(session, "invite-send", 10).await?;
    println!("keyboard: Tab to Invite passed {passed:?}");
    assert_eq!(passed, ["invite-team"], "from the addresses, Tab goes to the team and then to Invite");
    keyboard::screenshot_focus(session, "focus-invite-button").await?;
    session.press(&[ENTER]).await?;
    session.wait_for("[data-testid=invite-confirmation-counts][data-sent='2']").await?;
    session.wait_for_count("[data-testid=invitation-row][data-state=sent]", 2).await?;
    let mut invited = Vec::new();
    for row in session.find_all("[data-testid=invitation-row]").await? {
        invited.push(session.attribute(&row, "data-email").await?.unwrap_or_default());
    }
    invited.sort();
    assert_eq!(invited, ["ana.kb@acme-e2e.test", "bo.kb@acme-e2e.test"]);
    session.screenshot("focus-invited").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb and tauri-driver: run by `make test` (make test-e2e)"]
async fn step_5_by_keyboard_only_with_visible_focus() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let data_dir_str = data_dir.path().to_string_lossy().to_string();
    if let Err(error) = admin_invites_by_keyboard_only(&data_dir_str).await {
        panic!("keyboard walk failed: {error}\nscreenshots so far in {}", screenshots_dir().display());
    }
}
