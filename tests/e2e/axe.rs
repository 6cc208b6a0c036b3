//! Accessibility audit in the real WebView: axe-core (ui/node_modules/axe-core, pinned in ui/package.json)
//! injected into the page and run on the screen as it is, against WCAG 2.0/2.1 A and AA. Serious and
//! critical violations are gathered across the whole run — so one run shows them all — written to
//! target/e2e/axe-report.json (and axe-report.txt, one line per failing node, copied where `MSI_E2E_AXE_TEXT`
//! says), and turned into a failure by [`verdict`] at the end of the test.
//! `MSI_E2E_AXE_REPORT_ONLY=1` logs without failing.

use crate::webdriver::{Result, Session};
use serde::Serialize;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

pub const WCAG_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const FAILING_IMPACTS: [&str; 2] = ["serious", "critical"];

#[derive(Serialize, Clone, Debug)]
pub struct Violation {
    pub screen: String,
    pub language: String,
    pub rule: String,
    pub impact: String,
    pub help: String,
    pub help_url: String,
    pub nodes: Vec<Node>,
}

#[derive(Serialize, Clone, Debug)]
pub struct Node {
    pub target: String,
    pub html: String,
    pub failure_summary: String,
}

#[derive(Serialize, Clone, Debug)]
struct Audited {
    screen: String,
    language: String,
    violations: usize,
    millis: u128,
}

#[derive(Default)]
struct Findings {
    audited: Vec<Audited>,
    violations: Vec<Violation>,
}

/// Everything found since the test binary started: the report is rewritten whole after each audit.
static FINDINGS: Mutex<Findings> = Mutex::new(Findings { audited: Vec::new(), violations: Vec::new() });

fn report_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("e2e").join("axe-report.json")
}

/// Where the plain-text copy goes (one line per failing node): beside the JSON, and where
/// `MSI_E2E_AXE_TEXT` says, if set.
fn text_copy_paths() -> Vec<PathBuf> {
    let mut paths = vec![report_path().with_extension("txt")];
    paths.extend(std::env::var_os("MSI_E2E_AXE_TEXT").map(PathBuf::from));
    paths
}

pub fn report_only() -> bool {
    std::env::var("MSI_E2E_AXE_REPORT_ONLY").is_ok_and(|v| v == "1")
}

/// Loads axe-core into the page unless it is there already (it stays until the window reloads).
async fn inject(session: &Session) -> Result<()> {
    if session.execute("return typeof window.axe === 'object';", json!([])).await?.as_bool() == Some(true) {
        return Ok(());
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e} (npm ci --prefix ui installs axe-core)", path.display()))?;
    session.execute(&source, json!([])).await?;
    if session.execute("return typeof window.axe === 'object';", json!([])).await?.as_bool() != Some(true) {
        return Err("axe-core did not load in the page".into());
    }
    Ok(())
}

const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
const options = { runOnly: { type: "tag", values: arguments[0] }, resultTypes: ["violations"] };
window.axe.run(document, options).then(
  (result) => done(JSON.stringify({ violations: result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ impact: n.impact, target: n.target, html: n.html, failureSummary: n.failureSummary })),
  })) })),
  (error) => done(JSON.stringify({ error: String((error && error.message) || error) })),
);
"#;

/// A target is a list of selectors (one per frame or shadow root), each a string or a list again.
fn selector(target: &Value) -> String {
    match target {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts.iter().map(selector).collect::<Vec<_>>().join(" >>> "),
        other => other.to_string(),
    }
}

fn failing(impact: &Value) -> bool {
    impact.as_str().is_some_and(|i| FAILING_IMPACTS.contains(&i))
}

/// Runs axe on the page as it is and returns its serious and critical violations, recording nothing.
pub async fn run(session: &Session, screen: &str, language: &str) -> Result<Vec<Violation>> {
    inject(session).await?;
    let answer = session.execute_async(RUN_AXE, json!([WCAG_TAGS])).await?;
    let answer: Value = serde_json::from_str(answer.as_str().ok_or(format!("axe answered {answer}"))?).map_err(|e| e.to_string())?;
    if let Some(error) = answer.get("error") {
        return Err(format!("axe failed on {screen}: {error}"));
    }
    let empty = Vec::new();
    let found = answer["violations"].as_array().unwrap_or(&empty);
    Ok(found
        .iter()
        .filter(|v| failing(&v["impact"]))
        .map(|v| Violation {
            screen: screen.to_owned(),
            language: language.to_owned(),
            rule: v["id"].as_str().unwrap_or_default().to_owned(),
            impact: v["impact"].as_str().unwrap_or_default().to_owned(),
            help: v["help"].as_str().unwrap_or_default().to_owned(),
            help_url: v["helpUrl"].as_str().unwrap_or_default().to_owned(),
            nodes: v["nodes"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .filter(|n| n["impact"].is_null() || failing(&n["impact"]))
                .map(|n| Node {
                    target: selector(&n["target"]),
                    html: n["html"].as_str().unwrap_or_default().to_owned(),
                    failure_summary: n["failureSummary"].as_str().unwrap_or_default().to_owned(),
                })
                .collect(),
        })
        .collect())
}

/// Audits the screen as it is now, adds what it found to the report and prints a short summary;
/// returns how many serious or critical violations this screen has. Fails only if axe cannot run.
pub async fn audit(session: &Session, screen: &str, language: &str) -> Result<usize> {
    let started = Instant::now();
    let found = run(session, screen, language).await?;
    let millis = started.elapsed().as_millis();
    println!("axe {screen} [{language}]: {} serious/critical ({millis} ms)", found.len());
    for violation in &found {
        let targets: Vec<&str> = violation.nodes.iter().map(|n| n.target.as_str()).take(3).collect();
        println!("  {} ({}): {} — {}", violation.rule, violation.impact, violation.help, targets.join(", "));
    }
    let count = found.len();
    let mut findings = FINDINGS.lock().map_err(|_| "axe findings poisoned")?;
    findings.audited.push(Audited { screen: screen.to_owned(), language: language.to_owned(), violations: count, millis });
    findings.violations.extend(found);
    write_report(&findings)?;
    Ok(count)
}

fn write_report(findings: &Findings) -> Result<()> {
    let path = report_path();
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
    }
    let report = json!({
        "tags": WCAG_TAGS,
        "impacts": FAILING_IMPACTS,
        "total": findings.violations.len(),
        "audited": findings.audited,
        "violations": findings.violations,
    });
    let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    for copy in text_copy_paths() {
        std::fs::write(&copy, plain_text(findings)).map_err(|e| format!("{}: {e}", copy.display()))?;
    }
    Ok(())
}

/// One line per failing node: screen, language, rule, impact, target — and the first line of the reason.
fn plain_text(findings: &Findings) -> String {
    let screens = findings.audited.len();
    let mut text = format!("# {} serious/critical violations on {screens} screens audited\n", findings.violations.len());
    for v in &findings.violations {
        for node in &v.nodes {
            let reason = node.failure_summary.lines().nth(1).unwrap_or_default().trim();
            text.push_str(&format!("{}\t{}\t{}\t{}\t{}\t{}\n", v.screen, v.language, v.rule, v.impact, node.target, reason));
        }
    }
    text
}

/// The end of the test: every serious or critical violation found, listed, as a failure (unless
/// MSI_E2E_AXE_REPORT_ONLY=1, which only prints them).
pub fn verdict() -> Result<()> {
    let findings = FINDINGS.lock().map_err(|_| "axe findings poisoned")?;
    let total_ms: u128 = findings.audited.iter().map(|a| a.millis).sum();
    println!("axe: {} screens audited in {total_ms} ms, {} serious/critical violations", findings.audited.len(), findings.violations.len());
    if findings.violations.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = findings
        .violations
        .iter()
        .map(|v| {
            let targets: Vec<&str> = v.nodes.iter().map(|n| n.target.as_str()).collect();
            format!("{} [{}] {} ({}): {} — {}", v.screen, v.language, v.rule, v.impact, v.help, targets.join(", "))
        })
        .collect();
    let message =
        format!("{} serious/critical accessibility violations (report: {}):\n{}", list.len(), report_path().display(), list.join("\n"));
    if report_only() {
        println!("MSI_E2E_AXE_REPORT_ONLY=1, not failing on:\n{message}");
        return Ok(());
    }
    Err(message)
}

/// axe itself must see a violation when there is one: a text field without a label and an empty button,
/// added to the page for a moment, are found as critical (and not recorded in the report).
pub async fn proves_it_can_fail(session: &Session) -> Result<()> {
    let add = "const probe = document.createElement('div'); probe.id = 'axe-probe';
        probe.innerHTML = '<input type=\"text\" data-axe-probe><button type=\"button\" data-axe-probe></button>';
        document.body.appendChild(probe);";
    session.execute(add, json!([])).await?;
    let found = run(session, "probe", "en").await;
    session.execute("document.getElementById('axe-probe')?.remove();", json!([])).await?;
    let found = found?;
    let rules: Vec<&str> =
        found.iter().filter(|v| v.nodes.iter().any(|n| n.html.contains("data-axe-probe"))).map(|v| v.rule.as_str()).collect();
    if !(rules.contains(&"label") && rules.contains(&"button-name")) {
        return Err(format!("axe did not report the planted violations (label, button-name): {rules:?}"));
    }
    println!("axe sees planted violations: {rules:?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_across_frames_and_shadow_roots_read_as_one_selector() {
        assert_eq!(selector(&json!(["#a"])), "#a");
        assert_eq!(selector(&json!(["iframe", ["host", ".inner"]])), "iframe >>> host >>> .inner");
    }

    #[test]
    fn the_text_copy_has_one_line_per_failing_node_with_its_reason() {
        let node = |target: &str| Node {
            target: target.to_owned(),
            html: "<button></button>".to_owned(),
            failure_summary: "Fix any of the following:\n  Element does not have inner text\n".to_owned(),
        };
        let findings = Findings {
            audited: Vec::new(),
            violations: vec![Violation {
                screen: "step-5".to_owned(),
                language: "es".to_owned(),
                rule: "button-name".to_owned(),
                impact: "critical".to_owned(),
                help: "Buttons must have discernible text".to_owned(),
                help_url: String::new(),
                nodes: vec![node("#a"), node(".b")],
            }],
        };
        let lines: Vec<String> = plain_text(&findings).lines().skip(1).map(str::to_owned).collect();
        assert_eq!(
            lines,
            [
                "step-5\tes\tbutton-name\tcritical\t#a\tElement does not have inner text",
                "step-5\tes\tbutton-name\tcritical\t.b\tElement does not have inner text",
            ]
        );
    }

    #[test]
    fn only_serious_and_critical_count() {
        assert!(failing(&json!("critical")) && failing(&json!("serious")));
        assert!(!failing(&json!("moderate")) && !failing(&json!("minor")) && !failing(&Value::Null));
    }
}
