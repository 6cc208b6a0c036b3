//! Keyboard only: what has the focus, whether a person can see it, and Tab until a control is reached.

use crate::webdriver::{Result, Session, TAB};
use serde_json::{json, Value};

/// The focused element as the page sees it, and whether its focus is drawn.
#[derive(Debug)]
pub struct Focus {
    pub testid: Option<String>,
    pub description: String,
    pub visible: bool,
    pub in_dialog: bool,
    pub style: String,
}

const FOCUSED: &str = r##"
const el = document.activeElement;
if (!el || el === document.body || el === document.documentElement) {
  return { testid: null, description: "the page itself (nothing focused)", visible: false, in_dialog: false, style: "" };
}
const style = getComputedStyle(el);
const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
const ring = style.boxShadow !== "" && style.boxShadow !== "none";
const name = (el.getAttribute("aria-label") || el.innerText || el.value || el.placeholder || "").trim().slice(0, 40);
return {
  testid: el.getAttribute("data-testid"),
  description: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (name ? " \"" + name + "\"" : ""),
  visible: outline || ring,
  in_dialog: el.closest("dialog[open], [role=dialog], [role=alertdialog]") !== null,
  style: "outline " + style.outlineStyle + " " + style.outlineWidth + " " + style.outlineColor + "; box-shadow " + style.boxShadow,
};
"##;

pub async fn focused(session: &Session) -> Result<Focus> {
    let value = session.execute(FOCUSED, json!([])).await?;
    let text = |key: &str| value[key].as_str().unwrap_or_default().to_owned();
    Ok(Focus {
        testid: value["testid"].as_str().map(str::to_owned),
        description: text("description"),
        visible: value["visible"].as_bool() == Some(true),
        in_dialog: value["in_dialog"].as_bool() == Some(true),
        style: text("style"),
    })
}

/// The focus must be drawn: an outline of some width, or a box-shadow ring.
pub fn assert_visible(focus: &Focus) -> Result<()> {
    if focus.visible {
        Ok(())
    } else {
        Err(format!("the focus on {} is not visible ({})", focus.description, focus.style))
    }
}

/// Presses Tab until the control `testid` has the focus, checking at every stop that the focus is on
/// something and drawn; returns the test ids passed on the way (in order). Fails after `most` presses.
pub async fn tab_to(session: &Session, testid: &str, most: usize) -> Result<Vec<String>> {
    let mut passed = Vec::new();
    for _ in 0..most {
        session.press(&[TAB]).await?;
        let focus = focused(session).await?;
        if focus.testid.is_none() && focus.description.starts_with("the page itself") {
            return Err(format!("Tab left the controls (after {passed:?}) before reaching {testid}"));
        }
        assert_visible(&focus)?;
        if focus.testid.as_deref() == Some(testid) {
            return Ok(passed);
        }
        passed.push(focus.testid.unwrap_or(focus.description));
    }
    Err(format!("{testid} not reached in {most} Tabs; passed {passed:?}"))
}

/// A screenshot of the focus state: the focused control brought into view (a Tab below the fold scrolls
/// the page only as far as the browser likes) and given a frame to paint its ring.
pub async fn screenshot_focus(session: &Session, name: &str) -> Result<()> {
    session.execute("document.activeElement?.scrollIntoView({ block: 'center' }); return true;", json!([])).await?;
    let done = "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";
    session.execute_async(done, json!([])).await?;
    session.screenshot(name).await?;
    Ok(())
}

/// Waits until `script` (returning a boolean) holds, for focus that moves after a render.
pub async fn wait_until(session: &Session, script: &str, what: &str) -> Result<()> {
    let deadline = std::time::Instant::now() + crate::webdriver::WAIT;
    loop {
        if session.execute(script, json!([])).await? == Value::Bool(true) {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("{what} within {:?}", crate::webdriver::WAIT));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The visibility check must catch a focus that is not drawn: with the focused control's outline and ring
/// taken away for a moment, it has to say so.
pub async fn proves_hidden_focus_is_caught(session: &Session) -> Result<()> {
    let hide = "const style = document.createElement('style'); style.id = 'hide-focus';
        style.textContent = '*:focus, *:focus-visible { outline: none !important; box-shadow: none !important; }';
        document.head.appendChild(style);";
    session.execute(hide, json!([])).await?;
    let hidden = focused(session).await;
    session.execute("document.getElementById('hide-focus')?.remove();", json!([])).await?;
    let hidden = hidden?;
    if assert_visible(&hidden).is_ok() {
        return Err(format!("a focus without outline or ring passed as visible: {} ({})", hidden.description, hidden.style));
    }
    assert_visible(&focused(session).await?)
}
