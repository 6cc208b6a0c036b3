//! The hand-off between the two admins (issue 6): the steps that belong to one persona, exported as
//! Markdown or a printable HTML page in the chosen language, with each step's console path, the values the
//! other admin needs (never a secret: the caller passes only non-secret values) and what the app already
//! verified. Plain Rust; the window saves the text where the admin chooses.

use crate::auth::page::escape;
use crate::checks::CheckOutcome;
use crate::i18n::Language;
use crate::setup::catalog::{HowDone, Persona};
use crate::setup::{LocalizedText, StepState, StepView, VerifiedBy};
use crate::texts::handoff as text;
use crate::texts::Localized;
use serde::Deserialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HandoffFormat {
    Markdown,
    Html,
}

impl HandoffFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Html => "html",
        }
    }
}

/// What the document is made of.
#[derive(Debug, Clone)]
pub struct HandoffInput<'a> {
    pub plan: &'a [StepView],
    pub persona: Persona,
    pub language: Language,
    /// "Sandbox" or "Real", and the Sales account's name when known.
    pub environment: &'a str,
    /// Non-secret values the other admin needs (label, value).
    pub values: &'a [(String, String)],
    pub generated_at: &'a str,
    pub actor: &'a str,
}

fn pick(text: &LocalizedText, language: Language) -> &str {
    match language {
        Language::En => &text.en,
        Language::Es => &text.es,
    }
}

fn belongs(step: &StepView, persona: Persona) -> bool {
    step.persona == persona || step.persona == Persona::MarketoOrSalesforceAdmin
}

struct Words {
    title: &'static str,
    values: &'static str,
    no_values: &'static str,
    status: &'static str,
    how: &'static str,
    where_: &'static str,
    what: &'static str,
    why: &'static str,
    checked: &'static str,
    secrets: &'static str,
}

fn words(language: Language) -> Words {
    Words {
        title: text::TITLE.pick(language),
        values: text::VALUES.pick(language),
        no_values: text::NO_VALUES.pick(language),
        status: text::STATUS.pick(language),
        how: text::HOW.pick(language),
        where_: text::WHERE.pick(language),
        what: text::WHAT.pick(language),
        why: text::WHY.pick(language),
        checked: text::CHECKED.pick(language),
        secrets: text::NO_SECRETS.pick(language),
    }
}

fn persona_name(persona: Persona, language: Language) -> &'static str {
    match persona {
        Persona::MarketoAdmin => text::MARKETO_ADMIN,
        Persona::SalesforceAdmin => text::SALESFORCE_ADMIN,
        Persona::MarketoOrSalesforceAdmin => text::EITHER_ADMIN,
    }
    .pick(language)
}

fn state_name(state: StepState, language: Language) -> &'static str {
    match state {
        StepState::NotStarted => text::NOT_STARTED,
        StepState::InProgress => text::IN_PROGRESS,
        StepState::Done => text::DONE,
        StepState::Blocked => text::BLOCKED,
        StepState::Skipped => text::SKIPPED,
    }
    .pick(language)
}

fn verified_by_name(by: VerifiedBy, language: Language) -> &'static str {
    match by {
        VerifiedBy::App => text::VERIFIED_BY_APP,
        VerifiedBy::Admin => text::VERIFIED_BY_ADMIN,
        VerifiedBy::SalesConsole => text::VERIFIED_BY_SALES_CONSOLE,
    }
    .pick(language)
}

fn how_name(how: HowDone, language: Language) -> &'static str {
    match how {
        HowDone::App => text::BY_THE_APP,
        HowDone::Verified => text::VERIFIED,
        HowDone::Manual => text::MANUAL,
        HowDone::Confirmed => text::CONFIRMED,
    }
    .pick(language)
}

fn outcome_name(outcome: CheckOutcome, language: Language) -> &'static str {
    match outcome {
        CheckOutcome::Ok => text::CHECK_OK,
        CheckOutcome::Gaps => text::CHECK_GAPS,
        CheckOutcome::Failed => text::CHECK_FAILED,
    }
    .pick(language)
}

/// Where MSI Actions' Salesforce package needs remote sites (step 7).
pub const REMOTE_SITES: [&str; 2] = ["https://ims-na1.adobelogin.com", "https://mkto-sales-connect.adobe.io"];
/// The MSI package's AppExchange listing (step 6).
pub const APPEXCHANGE_URL: &str = "https://appexchange.salesforce.com/appxListingDetail?listingId=a0N30000001SVZmEAO";

/// The non-secret values the other admin needs, from the environment's connections.
pub fn values_from(connections: &crate::connections::ConnectionsView, language: Language) -> Vec<(String, String)> {
    let label = |text: Localized| text.pick(language).to_owned();
    let mut values = Vec::new();
    let sf = &connections.salesforce.details;
    for (value, name) in [
        (&sf.org_name, text::ORG),
        (&sf.org_id, text::ORG_ID),
        (&sf.instance_url, text::INSTANCE_URL),
        (&sf.username, text::CONNECTED_USER),
        (&connections.marketo.details.munchkin_id, text::MUNCHKIN_ID),
    ] {
        if let Some(value) = value {
            values.push((label(name), value.clone()));
        }
    }
    for (i, site) in REMOTE_SITES.iter().enumerate() {
        values.push((text::REMOTE_SITE.fill(language, &[("n", &(i + 1))]), (*site).to_owned()));
    }
    values.push((label(text::APPEXCHANGE), APPEXCHANGE_URL.to_owned()));
    // Step 7's items no API reads or changes, named so the Salesforce admin finds them in Setup.
    values.push((label(text::PERMISSION_SET), crate::checks::salesforce::PERMISSION_SET_LABEL.to_owned()));
    values.push((label(text::CONNECTED_APP), "Sales Insight Actions".to_owned()));
    values.push((label(text::SALES_CONSOLE), crate::environment::SALES_CONSOLE_URL.to_owned()));
    values
}

/// The values of step 3 and P2 the other admin needs beyond the connections: the Actions Config tab's
/// Munchkin ID and Client ID (what the Sales account is connected with — never the app's LaunchPoint
/// service, never a secret) and the Salesforce user Marketo's sync runs as, as the admin named it.
pub fn setup_values(
    actions_config: Option<&crate::connections::actions_config::ActionsConfigView>,
    sync_user: Option<&str>,
    language: Language,
) -> Vec<(String, String)> {
    let label = |text: Localized| text.pick(language).to_owned();
    let mut values = Vec::new();
    if let Some(view) = actions_config {
        if let Some(munchkin) = &view.munchkin_id {
            values.push((label(text::ACTIONS_MUNCHKIN_ID), munchkin.clone()));
        }
        if let Some(client_id) = &view.client_id {
            values.push((label(text::ACTIONS_CLIENT_ID), client_id.clone()));
        }
    }
    if let Some(user) = sync_user {
        values.push((label(text::SYNC_USER), user.to_owned()));
    }
    values
}

/// One step as plain facts, shared by both formats.
struct StepFacts {
    heading: String,
    lines: Vec<(&'static str, String)>,
    findings: Vec<String>,
}

fn facts(step: &StepView, language: Language) -> StepFacts {
    let w = words(language);
    let mut status = state_name(step.status.state, language).to_owned();
    if let (Some(actor), Some(at)) = (&step.status.actor, &step.status.updated_at) {
        status.push_str(&format!(" ({actor}, {at})"));
    }
    if let Some(by) = step.status.verified_by {
        status.push_str(&format!(" — {}", verified_by_name(by, language)));
    }
    if let Some(reason) = &step.status.reason {
        status.push_str(&format!(" — {reason}"));
    }
    let mut lines = vec![
        (w.status, status),
        (w.how, how_name(step.how, language).to_owned()),
        (w.where_, pick(&step.console_path, language).to_owned()),
        (w.what, pick(&step.what, language).to_owned()),
        (w.why, pick(&step.why, language).to_owned()),
    ];
    let mut findings = Vec::new();
    if let Some(check) = &step.last_check {
        lines.push((w.checked, format!("{} — {} ({})", check.checked_at, outcome_name(check.outcome, language), check.actor)));
        findings = check
            .findings
            .iter()
            .map(|f| {
                let params: Vec<String> = f.params.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                let level = serde_json::to_value(f.level).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
                if params.is_empty() { format!("[{level}] {}", f.code) } else { format!("[{level}] {} ({})", f.code, params.join(", ")) }
            })
            .collect();
    }
    StepFacts { heading: format!("{} — {}", step.id.as_str().to_uppercase(), pick(&step.title, language)), lines, findings }
}

/// The document in `format`.
pub fn render(input: &HandoffInput<'_>, format: HandoffFormat) -> String {
    match format {
        HandoffFormat::Markdown => markdown(input),
        HandoffFormat::Html => html(input),
    }
}

fn intro(input: &HandoffInput<'_>) -> String {
    text::INTRO.fill(input.language, &[("actor", &input.actor), ("at", &input.generated_at), ("env", &input.environment)])
}

fn markdown(input: &HandoffInput<'_>) -> String {
    let w = words(input.language);
    let mut out = format!("# {} {}\n\n{}\n\n## {}\n\n", w.title, persona_name(input.persona, input.language), intro(input), w.values);
    if input.values.is_empty() {
        out.push_str(&format!("{}\n", w.no_values));
    }
    for (label, value) in input.values {
        out.push_str(&format!("- **{label}**: `{value}`\n"));
    }
    out.push_str(&format!("\n> {}\n", w.secrets));
    for step in input.plan.iter().filter(|s| belongs(s, input.persona)) {
        let facts = facts(step, input.language);
        out.push_str(&format!("\n## {}\n\n", facts.heading));
        for (label, value) in &facts.lines {
            out.push_str(&format!("- **{label}**: {value}\n"));
        }
        for finding in &facts.findings {
            out.push_str(&format!("  - {finding}\n"));
        }
    }
    out
}

fn html(input: &HandoffInput<'_>) -> String {
    let w = words(input.language);
    let lang = input.language.as_str();
    let title = format!("{} {}", w.title, persona_name(input.persona, input.language));
    let mut out = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\
         body{{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1c2430;line-height:1.45}}\
         h2{{border-bottom:1px solid #d5dbe3;padding-bottom:.2rem;margin-top:2rem;break-after:avoid}}\
         dt{{font-weight:600;margin-top:.4rem}}dd{{margin:0 0 0 1rem}}code{{background:#f2f4f7;padding:0 .25rem}}\
         .note{{background:#fff8e1;padding:.5rem .75rem;border-left:3px solid #e0a800}}section{{break-inside:avoid}}\
         @media print{{body{{margin:0}}}}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>{}</p>\n<h2>{}</h2>\n",
        escape(&title),
        escape(&title),
        escape(&intro(input)),
        escape(w.values)
    );
    if input.values.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", escape(w.no_values)));
    } else {
        out.push_str("<dl>\n");
        for (label, value) in input.values {
            out.push_str(&format!("<dt>{}</dt><dd><code>{}</code></dd>\n", escape(label), escape(value)));
        }
        out.push_str("</dl>\n");
    }
    out.push_str(&format!("<p class=\"note\">{}</p>\n", escape(w.secrets)));
    for step in input.plan.iter().filter(|s| belongs(s, input.persona)) {
        let facts = facts(step, input.language);
        out.push_str(&format!("<section>\n<h2>{}</h2>\n<dl>\n", escape(&facts.heading)));
        for (label, value) in &facts.lines {
            out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(label), escape(value)));
        }
        out.push_str("</dl>\n");
        if !facts.findings.is_empty() {
            out.push_str("<ul>\n");
            for finding in &facts.findings {
                out.push_str(&format!("<li><code>{}</code></li>\n", escape(finding)));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Finding;
    use crate::setup::StepStatus;

    fn plan() -> Vec<StepView> {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(&dir.path().join("app.db")).unwrap();
        crate::checks::record(&store, "sandbox", crate::setup::StepId::Step6, vec![Finding::gap("package_old").with("version", "1.7900")], "ana").unwrap();
        crate::setup::plan(&store, "sandbox").unwrap()
    }

    #[test]
    fn step_3_values_are_the_actions_config_ones_and_p2_names_the_sync_user() {
        let view = crate::connections::actions_config::ActionsConfigView {
            munchkin_id: Some("123-ABC-456".into()),
            client_id: Some("actions-client".into()),
            secret_saved: true,
            ..Default::default()
        };
        let values = setup_values(Some(&view), Some("sync@acme.com"), Language::En);
        let find = |label: &str| values.iter().find(|(l, _)| l.contains(label)).map(|(_, v)| v.as_str());
        assert_eq!(find("Client ID for the Sales account (Actions Config)"), Some("actions-client"));
        assert_eq!(find("Munchkin ID for the Sales account"), Some("123-ABC-456"));
        assert_eq!(find("Marketo's sync"), Some("sync@acme.com"));
        assert!(setup_values(None, None, Language::Es).is_empty());
    }

    #[test]
    fn only_the_personas_steps_with_values_and_checks_and_no_markup_injection() {
        let plan = plan();
        let values = vec![("Munchkin ID".to_owned(), "123-ABC-456".to_owned()), ("Org <name>".to_owned(), "Acme & Co".to_owned())];
        let input = HandoffInput {
            plan: &plan,
            persona: Persona::SalesforceAdmin,
            language: Language::Es,
            environment: "Sandbox",
            values: &values,
            generated_at: "2026-11-26T16:00:00Z",
            actor: "ana",
        };
        let md = render(&input, HandoffFormat::Markdown);
        assert!(md.starts_with("# Configuración de MSI Actions: pasos para el administrador de Salesforce"));
        assert!(md.contains("## 6 — Instalar o actualizar el paquete MSI") || md.contains("## 6 —"), "{md}");
        assert!(md.contains("package_old (version: 1.7900)"));
        assert!(md.contains("## 2 —"), "step 2 belongs to either admin");
        assert!(!md.contains("## 5 —"), "step 5 is the Marketo admin's");
        assert!(md.contains("`123-ABC-456`"));
        let html = render(&input, HandoffFormat::Html);
        assert!(html.contains("<html lang=\"es\">"));
        assert!(html.contains("Org &lt;name&gt;") && html.contains("Acme &amp; Co"));
        assert!(!html.contains("<name>"));
    }

    #[test]
    fn statuses_are_said_in_the_language() {
        let mut plan = plan();
        plan[0].status = StepStatus { state: StepState::Skipped, reason: Some("hecho la semana pasada".into()), actor: Some("luis".into()), updated_at: Some("2026-11-20".into()), verified_by: None };
        let input = HandoffInput { plan: &plan, persona: Persona::MarketoAdmin, language: Language::Es, environment: "Real", values: &[], generated_at: "x", actor: "ana" };
        let md = render(&input, HandoffFormat::Markdown);
        assert!(md.contains("omitido (luis, 2026-11-20) — hecho la semana pasada"), "{md}");
        assert!(md.contains("Todavía no hay ninguna conexión configurada."));
    }

    #[test]
    fn who_verified_a_done_step_is_said_in_the_language() {
        let mut plan = plan();
        plan[0].status = StepStatus {
            state: StepState::Done,
            reason: None,
            actor: Some("luis".into()),
            updated_at: Some("2026-11-20".into()),
            verified_by: Some(VerifiedBy::SalesConsole),
        };
        let input = HandoffInput { plan: &plan, persona: Persona::MarketoAdmin, language: Language::Es, environment: "Real", values: &[], generated_at: "x", actor: "ana" };
        let md = render(&input, HandoffFormat::Markdown);
        assert!(md.contains("hecho (luis, 2026-11-20) — confirmado como hecho en la consola de la cuenta de ventas"), "{md}");
        assert!(!md.contains("Confirmed by"), "no English sentence in a Spanish document: {md}");
    }
}
