//! What the window's page may call (src-tauri/capabilities/default.json): exactly the permissions the UI
//! needs. The opener opens https pages (and the embedded sandbox's sign-in page) only; no permission to
//! open or reveal files, read the clipboard or use the file system.

use serde_json::Value;

fn capability() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src-tauri/capabilities/default.json");
    let text = std::fs::read_to_string(path).expect("the capability file is readable");
    serde_json::from_str(&text).expect("the capability file is JSON")
}

fn identifier(permission: &Value) -> &str {
    permission.as_str().or_else(|| permission["identifier"].as_str()).expect("a permission has an identifier")
}

#[test]
fn the_window_gets_exactly_the_permissions_it_uses() {
    let capability = capability();
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    let permissions = capability["permissions"].as_array().expect("a permission list");
    let mut identifiers: Vec<&str> = permissions.iter().map(identifier).collect();
    identifiers.sort_unstable();
    assert_eq!(
        identifiers,
        ["clipboard-manager:allow-write-text", "core:default", "core:window:allow-set-title", "opener:allow-open-url"],
        "opener:default would also allow http, mailto, tel and revealing any file"
    );
    for forbidden in ["opener:default", "opener:allow-open-path", "opener:allow-reveal-item-in-dir", "opener:allow-default-urls"] {
        assert!(!identifiers.contains(&forbidden), "{forbidden}");
    }
    assert!(!identifiers.iter().any(|id| id.starts_with("fs:") || id.contains("read-text")), "{identifiers:?}");
}

#[test]
fn urls_are_opened_only_over_https_or_on_the_sandbox_sign_in_page() {
    let capability = capability();
    let opener = capability["permissions"]
        .as_array()
        .and_then(|all| all.iter().find(|p| identifier(p) == "opener:allow-open-url"))
        .expect("opener:allow-open-url is granted with a scope");
    let allowed: Vec<&str> = opener["allow"]
        .as_array()
        .expect("a scope, not the bare permission (which allows nothing, or everything with allow-default-urls)")
        .iter()
        .map(|entry| entry["url"].as_str().expect("url scopes only"))
        .collect();
    assert_eq!(allowed, ["https://*", "http://127.0.0.1:*/services/oauth2/authorize?*"]);
    assert!(opener.get("deny").is_none_or(|deny| deny.as_array().is_some()));
}
