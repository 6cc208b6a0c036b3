//! A small W3C WebDriver client over the app's own reqwest, talking to tauri-driver (which drives
//! WebKitWebDriver, which drives the real WebView of the real app binary).

use base64::Engine as _;
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";
pub const WAIT: Duration = Duration::from_secs(15);

/// WebDriver key codes (W3C WebDriver, "Keyboard actions").
pub const TAB: &str = "\u{E004}";
pub const ENTER: &str = "\u{E007}";
pub const ESCAPE: &str = "\u{E00C}";
pub const SHIFT: &str = "\u{E008}";
/// Set once the driver refused the Actions API, so that is said once, not at every key.
static ACTIONS_REFUSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// Releases the modifiers held by element send keys.
const NULL_KEY: &str = "\u{E000}";

pub type Result<T> = std::result::Result<T, String>;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(4444)
}

/// tauri-driver on free ports, killed on drop. Its environment (data dir, language) reaches the app.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Driver {
    /// Starts tauri-driver; with `MSI_E2E_APP_LOG` among `envs`, the app's output (it inherits the driver's)
    /// goes to that file, so the test can check what it printed.
    pub async fn start(envs: &[(&str, &str)]) -> Result<Self> {
        let port = free_port();
        let native_port = free_port();
        let mut command = Command::new("tauri-driver");
        command
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        if let Some((_, path)) = envs.iter().find(|(key, _)| *key == "MSI_E2E_APP_LOG") {
            let log = std::fs::File::create(path).map_err(|e| format!("cannot create {path}: {e}"))?;
            let log_err = log.try_clone().map_err(|e| e.to_string())?;
            command.stdout(log).stderr(log_err);
        }
        for (key, value) in envs {
            command.env(key, value);
        }
        let child = command.spawn().map_err(|e| format!("cannot start tauri-driver (make deps-driver installs it): {e}"))?;
        let driver = Self { child, url: format!("http://127.0.0.1:{port}") };
        let deadline = Instant::now() + WAIT;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("tauri-driver did not listen within 15 s".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(driver)
    }
}

impl Drop for Driver {
    /// Ends the driver's whole process tree (WebKitWebDriver and an app a failed test left open), so the
    /// next test's app is not taken for a second instance.
    fn drop(&mut self) {
        for pid in descendants(self.child.id()) {
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).stderr(Stdio::null()).status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The processes started, directly or not, by `root` (Linux: the parent pid in /proc/*/stat).
fn descendants(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // "pid (command) state ppid …": the command may hold spaces, so read after its last ')'.
            let ppid: u32 = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, ppid))
        })
        .collect();
    let mut found = vec![root];
    let mut index = 0;
    while index < found.len() {
        let parent = found[index];
        found.extend(parents.iter().filter(|(_, ppid)| *ppid == parent).map(|(pid, _)| *pid));
        index += 1;
    }
    found.split_off(1)
}

pub struct Session {
    http: reqwest::Client,
    base: String,
    shots: PathBuf,
    application: PathBuf,
}

/// Whether a process runs `application` (Linux: /proc/*/exe).
fn app_running(application: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else { return false };
    entries.flatten().any(|entry| std::fs::read_link(entry.path().join("exe")).is_ok_and(|exe| runs(&exe, application)))
}

/// Whether a process whose /proc/*/exe reads `exe` runs `application`. A binary rebuilt while the app runs
/// (another build in parallel) reads "<path> (deleted)": that app is still the one to wait for, or the next
/// launch would be handed to it as a second instance.
fn runs(exe: &Path, application: &Path) -> bool {
    exe == application || exe.to_str().and_then(|text| text.strip_suffix(" (deleted)")).is_some_and(|text| Path::new(text) == application)
}

pub struct Element(String);

impl Session {
    /// Launches the app binary in a new WebDriver session.
    pub async fn launch(driver: &Driver, application: &Path, shots: &Path) -> Result<Self> {
        let http = reqwest::Client::new();
        let caps = json!({ "capabilities": { "alwaysMatch": { "tauri:options": { "application": application } } } });
        // An app that exits at start (e.g. it found another instance) leaves WebKitWebDriver waiting forever.
        let answer = tokio::time::timeout(Duration::from_secs(90), post(&http, &format!("{}/session", driver.url), &caps))
            .await
            .map_err(|_| "the app did not open a window within 90 s (see the app's output)".to_owned())??;
        let id = answer["sessionId"].as_str().ok_or(format!("no session id in {answer}"))?.to_owned();
        std::fs::create_dir_all(shots).map_err(|e| e.to_string())?;
        Ok(Self { http, base: format!("{}/session/{id}", driver.url), shots: shots.to_path_buf(), application: application.to_path_buf() })
    }

    /// Closes the window and waits until the app has exited, so the next launch is not taken for a
    /// second instance (the single-instance plugin hands it to the one still closing).
    pub async fn quit(self) -> Result<()> {
        self.http.delete(&self.base).send().await.map_err(|e| e.to_string())?;
        let deadline = Instant::now() + WAIT;
        while app_running(&self.application) {
            if Instant::now() > deadline {
                return Err(format!("the app was still running {WAIT:?} after its window closed"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    async fn cmd(&self, path: &str, body: Value) -> Result<Value> {
        post(&self.http, &format!("{}{path}", self.base), &body).await
    }

    async fn get(&self, path: &str) -> Result<Value> {
        let response = self.http.get(format!("{}{path}", self.base)).send().await.map_err(|e| e.to_string())?;
        let value: Value = response.json().await.map_err(|e| e.to_string())?;
        if value["value"].get("error").is_some() {
            return Err(format!("GET {path}: {}", value["value"]));
        }
        Ok(value["value"].clone())
    }

    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let found = self.cmd("/elements", json!({ "using": "css selector", "value": css })).await?;
        Ok(found
            .as_array()
            .map(|items| items.iter().filter_map(|e| e[ELEMENT_KEY].as_str().map(|id| Element(id.to_owned()))).collect())
            .unwrap_or_default())
    }

    /// Waits until `css` matches at least one element and returns the first.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(element) = self.find_all(css).await?.into_iter().next() {
                return Ok(element);
            }
            if Instant::now() > deadline {
                return Err(format!("nothing matched {css} within {WAIT:?}"));
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Waits until nothing matches `css` (a dialog closed, a notice gone).
    pub async fn wait_gone(&self, css: &str) -> Result<()> {
        let deadline = Instant::now() + WAIT;
        while !self.find_all(css).await?.is_empty() {
            if Instant::now() > deadline {
                return Err(format!("{css} was still there after {WAIT:?}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Ok(())
    }

    /// Waits until `css` matches exactly `count` elements.
    pub async fn wait_for_count(&self, css: &str, count: usize) -> Result<Vec<Element>> {
        let deadline = Instant::now() + WAIT;
        loop {
            let found = self.find_all(css).await?;
            if found.len() == count {
                return Ok(found);
            }
            if Instant::now() > deadline {
                return Err(format!("{css} matched {} elements, expected {count}", found.len()));
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    pub async fn click(&self, css: &str) -> Result<()> {
        let element = self.wait_for(css).await?;
        self.cmd(&format!("/element/{}/click", element.0), json!({})).await.map(|_| ())
    }

    pub async fn clear(&self, css: &str) -> Result<()> {
        let element = self.wait_for(css).await?;
        self.cmd(&format!("/element/{}/clear", element.0), json!({})).await.map(|_| ())
    }

    pub async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        let element = self.wait_for(css).await?;
        self.cmd(&format!("/element/{}/value", element.0), json!({ "text": text })).await.map(|_| ())
    }

    pub async fn text(&self, element: &Element) -> Result<String> {
        Ok(self.get(&format!("/element/{}/text", element.0)).await?.as_str().unwrap_or_default().to_owned())
    }

    pub async fn attribute(&self, element: &Element, name: &str) -> Result<Option<String>> {
        Ok(self.get(&format!("/element/{}/attribute/{name}", element.0)).await?.as_str().map(str::to_owned))
    }

    /// Waits until the first match of `css` has a text containing `needle` (ignoring case, since CSS may
    /// transform it); returns that text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> Result<String> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(element) = self.find_all(css).await?.into_iter().next() {
                let text = self.text(&element).await?;
                if text.to_lowercase().contains(&needle.to_lowercase()) {
                    return Ok(text);
                }
                if Instant::now() > deadline {
                    return Err(format!("{css} says {text:?}, expected it to contain {needle:?}"));
                }
            } else if Instant::now() > deadline {
                return Err(format!("nothing matched {css}"));
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// The whole text of the first match of `css`, including parts scrolled or clipped out of view (which
    /// WebDriver's element text leaves out).
    pub async fn text_content(&self, css: &str) -> Result<String> {
        self.wait_for(css).await?;
        let script = "return document.querySelector(arguments[0]).textContent;";
        Ok(self.cmd("/execute/sync", json!({ "script": script, "args": [css] })).await?.as_str().unwrap_or_default().to_owned())
    }

    /// Scrolls the first match of `css` into view, so a screenshot shows it.
    pub async fn scroll_to(&self, css: &str) -> Result<()> {
        self.wait_for(css).await?;
        let script = "document.querySelector(arguments[0]).scrollIntoView({block: 'start'});";
        self.cmd("/execute/sync", json!({ "script": script, "args": [css] })).await.map(|_| ())
    }

    /// Runs `script` as a function body in the page (`arguments` = `args`) and returns its value.
    pub async fn execute(&self, script: &str, args: Value) -> Result<Value> {
        self.cmd("/execute/sync", json!({ "script": script, "args": args })).await
    }

    /// Runs `script` in the page; it ends by calling its last argument with the value to return.
    pub async fn execute_async(&self, script: &str, args: Value) -> Result<Value> {
        self.cmd("/execute/async", json!({ "script": script, "args": args })).await
    }

    /// Presses `keys` (WebDriver key codes such as [`TAB`], or plain characters) one after the other, as a
    /// person on the keyboard would: each goes down and up before the next. Through the Actions API
    /// (`POST /actions`); where the driver refuses it, each key is sent to the focused element instead.
    pub async fn press(&self, keys: &[&str]) -> Result<()> {
        let steps: Vec<Value> =
            keys.iter().flat_map(|key| [json!({ "type": "keyDown", "value": key }), json!({ "type": "keyUp", "value": key })]).collect();
        self.key_actions(steps, keys.concat()).await
    }

    /// Presses `key` while Shift is held (Shift+Tab).
    pub async fn press_with_shift(&self, key: &str) -> Result<()> {
        let steps = vec![
            json!({ "type": "keyDown", "value": SHIFT }),
            json!({ "type": "keyDown", "value": key }),
            json!({ "type": "keyUp", "value": key }),
            json!({ "type": "keyUp", "value": SHIFT }),
        ];
        self.key_actions(steps, format!("{SHIFT}{key}{NULL_KEY}")).await
    }

    /// Types `text` into whatever has the focus, one key per character.
    pub async fn type_keys(&self, text: &str) -> Result<()> {
        let keys: Vec<String> = text.chars().map(String::from).collect();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        self.press(&keys).await
    }

    async fn key_actions(&self, steps: Vec<Value>, fallback_text: String) -> Result<()> {
        let body = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": steps }] });
        match self.cmd("/actions", body).await {
            Ok(_) => Ok(()),
            Err(actions_error) => {
                if !ACTIONS_REFUSED.swap(true, std::sync::atomic::Ordering::Relaxed) {
                    println!("keyboard: the Actions API was refused ({actions_error}); keys go to the focused element");
                }
                let active = self.get("/element/active").await?;
                let id = active[ELEMENT_KEY].as_str().ok_or(format!("no focused element, and actions failed: {actions_error}"))?;
                self.cmd(&format!("/element/{id}/value"), json!({ "text": fallback_text }))
                    .await
                    .map(|_| ())
                    .map_err(|e| format!("{e} (the actions API said: {actions_error})"))
            }
        }
    }

    /// Saves a PNG of the window and prints where.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let data = self.get("/screenshot").await?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap_or_default())
            .map_err(|e| e.to_string())?;
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, bytes).map_err(|e| e.to_string())?;
        println!("screenshot: {}", path.display());
        Ok(path)
    }
}

async fn post(http: &reqwest::Client, url: &str, body: &Value) -> Result<Value> {
    let response = http.post(url).json(body).send().await.map_err(|e| format!("POST {url}: {e}"))?;
    let value: Value = response.json().await.map_err(|e| format!("POST {url}: {e}"))?;
    if value["value"].get("error").is_some() {
        return Err(format!("POST {url}: {}", value["value"]));
    }
    Ok(value["value"].clone())
}

#[cfg(test)]
mod tests {
    use super::runs;
    use std::path::Path;

    #[test]
    fn an_app_whose_binary_was_rebuilt_still_counts_as_running_it() {
        let app = Path::new("/repo/target/debug/msi-actions-setup");
        assert!(runs(app, app));
        assert!(runs(Path::new("/repo/target/debug/msi-actions-setup (deleted)"), app));
        assert!(!runs(Path::new("/repo/target/release/msi-actions-setup"), app));
        assert!(!runs(Path::new("/repo/target/debug/msi-actions-setup-cli (deleted)"), app));
    }
}
