//! The secrets module against the real OS keyring: on Linux a Secret Service (gnome-keyring) reached over
//! D-Bus, as `make test` provides through `scripts/with-keyring`. What was stored is checked from outside
//! the app with `secret-tool`, a separate process, and the refusal without a session bus is checked in a
//! child process of this very test binary started without one.
//!
//! Every test uses its own service name, so they run in parallel without seeing each other.

use std::process::Command;

use msi_actions_setup::secrets::{ensure_persistent, SecretKey, SecretStore, SecretString, SecretsError};

/// The most bytes one keyring entry may hold (Windows' 2,560-byte blob limit, with a margin).
const CHUNK_LIMIT: usize = 2_500;

/// Set in the child process that must try to open the store without a session bus.
const CHILD_ENV: &str = "MSI_SECRETS_CHILD";
const CHILD_TEST: &str = "child_open_prints_its_error_code";

/// A store with a service name no other test uses.
fn open_unique() -> SecretStore {
    let service = format!("com.msiactions.test.{}", uuid::Uuid::new_v4().simple());
    match SecretStore::open(&service) {
        Ok(store) => store,
        Err(error) => panic!("no usable Secret Service (run under scripts/with-keyring): {error}"),
    }
}

fn refresh_token() -> SecretKey {
    SecretKey::new("sandbox", "salesforce", "refresh_token")
}

fn get(store: &SecretStore, key: &SecretKey) -> Option<String> {
    store.get(key).unwrap().map(|secret| secret.expose().to_owned())
}

/// What `secret-tool` (libsecret, another process) finds for `username` under `service`; `None` when
/// nothing matches.
fn lookup(service: &str, username: &str) -> Option<Vec<u8>> {
    let output = Command::new("secret-tool")
        .args(["lookup", "service", service, "username", username])
        .output()
        .expect("secret-tool runs (apt install libsecret-tools)");
    output.status.success().then_some(output.stdout)
}

/// Everything `secret-tool search --all` lists for these attributes (it prints attributes on stderr and
/// labels and secrets on stdout).
fn search(attributes: &[&str]) -> String {
    let output = Command::new("secret-tool").args(["search", "--all"]).args(attributes).output().unwrap();
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn lookup_text(service: &str, username: &str) -> Option<String> {
    lookup(service, username).map(|bytes| String::from_utf8(bytes).expect("every entry is UTF-8 text"))
}

/// A text of exactly `len` ASCII bytes that does not repeat in chunk-sized periods.
fn ascii_value(len: usize) -> String {
    (0..len).map(|i| char::from(b'!' + ((i * 7 + i / 97) % 90) as u8)).collect()
}

#[test]
fn open_namespaces_debug_builds_and_leaves_no_probe_behind() {
    let store = open_unique();
    assert!(store.service().starts_with("com.msiactions.test."));
    assert_eq!(store.service().ends_with(".dev"), cfg!(debug_assertions), "{}", store.service());
    store.set(&refresh_token(), &SecretString::new("listed")).unwrap();
    let listing = search(&["service", store.service()]);
    assert!(listing.contains("attribute.username = sandbox/salesforce/refresh_token"), "{listing}");
    assert!(!listing.contains("probe/"), "the start-up probe was left in the keyring:\n{listing}");
}

#[test]
fn a_secret_round_trips_and_is_readable_by_other_keyring_clients() {
    let store = open_unique();
    let key = refresh_token();
    store.set(&key, &SecretString::new("5Aep861-refresh")).unwrap();
    assert_eq!(get(&store, &key).as_deref(), Some("5Aep861-refresh"));
    assert_eq!(lookup_text(store.service(), "sandbox/salesforce/refresh_token").as_deref(), Some("5Aep861-refresh"));
}

#[test]
fn a_missing_secret_is_none() {
    let store = open_unique();
    assert!(store.get(&refresh_token()).unwrap().is_none());
    assert!(store.get(&SecretKey::new("real", "marketo", "client_secret")).unwrap().is_none());
}

#[test]
fn deleting_a_missing_secret_is_ok_and_deleting_twice_too() {
    let store = open_unique();
    let key = SecretKey::new("real", "sales_account", "token");
    store.delete(&key).unwrap();
    store.set(&key, &SecretString::new("tok")).unwrap();
    store.delete(&key).unwrap();
    assert!(store.get(&key).unwrap().is_none());
    assert!(lookup(store.service(), "real/sales_account/token").is_none());
    store.delete(&key).unwrap();
}

#[test]
fn setting_again_overwrites_and_keys_are_independent() {
    let store = open_unique();
    let access = SecretKey::new("sandbox", "salesforce", "access_token");
    let refresh = refresh_token();
    store.set(&access, &SecretString::new("first")).unwrap();
    store.set(&refresh, &SecretString::new("refresh")).unwrap();
    store.set(&access, &SecretString::new("second")).unwrap();
    assert_eq!(get(&store, &access).as_deref(), Some("second"));
    assert_eq!(get(&store, &refresh).as_deref(), Some("refresh"));
    let listing = search(&["service", store.service(), "username", "sandbox/salesforce/access_token"]);
    assert_eq!(listing.matches("attribute.username = sandbox/salesforce/access_token").count(), 1, "{listing}");
}

#[test]
fn an_empty_value_round_trips() {
    let store = open_unique();
    store.set(&refresh_token(), &SecretString::new("")).unwrap();
    assert_eq!(get(&store, &refresh_token()).as_deref(), Some(""));
}

#[test]
fn a_large_value_is_stored_in_chunks_within_the_limit_and_a_short_one_removes_them() {
    let store = open_unique();
    let key = SecretKey::new("real", "salesforce", "access_token");
    let account = key.account();
    let large = ascii_value(10_000);
    store.set(&key, &SecretString::new(large.clone())).unwrap();
    assert_eq!(get(&store, &key).as_deref(), Some(large.as_str()));

    let header = lookup_text(store.service(), &account).expect("the main entry exists");
    assert!(header.starts_with("chunked:v1:4:"), "{header}");
    assert!(!header.contains(&large[..20]), "the header holds no part of the value");
    let chunks: Vec<Vec<u8>> = (1..=4)
        .map(|n| lookup(store.service(), &format!("{account}#{n}")).unwrap_or_else(|| panic!("chunk {n} exists")))
        .collect();
    for (n, chunk) in chunks.iter().enumerate() {
        assert!(!chunk.is_empty() && chunk.len() <= CHUNK_LIMIT, "chunk {} holds {} bytes", n + 1, chunk.len());
    }
    assert!(header.len() <= CHUNK_LIMIT);
    assert_eq!(chunks.concat(), large.as_bytes());
    assert!(lookup(store.service(), &format!("{account}#5")).is_none());

    store.set(&key, &SecretString::new("short")).unwrap();
    assert_eq!(get(&store, &key).as_deref(), Some("short"));
    assert_eq!(lookup_text(store.service(), &account).as_deref(), Some("short"));
    for n in 1..=4 {
        assert!(lookup(store.service(), &format!("{account}#{n}")).is_none(), "stale chunk {n} was left");
    }
}

#[test]
fn a_shorter_chunked_value_removes_the_chunks_it_no_longer_needs() {
    let store = open_unique();
    let key = refresh_token();
    let account = key.account();
    store.set(&key, &SecretString::new(ascii_value(9_000))).unwrap();
    let shorter = ascii_value(3_000);
    store.set(&key, &SecretString::new(shorter.clone())).unwrap();
    assert_eq!(get(&store, &key).as_deref(), Some(shorter.as_str()));
    assert!(lookup(store.service(), &format!("{account}#2")).is_some());
    assert!(lookup(store.service(), &format!("{account}#3")).is_none());
    assert!(lookup(store.service(), &format!("{account}#4")).is_none());
}

#[test]
fn delete_removes_the_value_and_every_chunk() {
    let store = open_unique();
    let key = refresh_token();
    let account = key.account();
    store.set(&key, &SecretString::new(ascii_value(6_000))).unwrap();
    assert!(lookup(store.service(), &format!("{account}#3")).is_some());
    store.delete(&key).unwrap();
    assert!(store.get(&key).unwrap().is_none());
    assert!(lookup(store.service(), &account).is_none());
    for n in 1..=3 {
        assert!(lookup(store.service(), &format!("{account}#{n}")).is_none(), "chunk {n} was left");
    }
}

#[test]
fn a_missing_chunk_reads_as_corrupt_without_revealing_the_value_and_delete_still_cleans_up() {
    let store = open_unique();
    let key = SecretKey::new("sandbox", "marketo", "client_secret");
    let account = key.account();
    let value = format!("TOPSECRET{}", ascii_value(8_000));
    store.set(&key, &SecretString::new(value.clone())).unwrap();
    let cleared = Command::new("secret-tool")
        .args(["clear", "service", store.service(), "username", &format!("{account}#2")])
        .status()
        .unwrap();
    assert!(cleared.success());

    let error = store.get(&key).unwrap_err();
    assert_eq!(error.code(), "secret_corrupt");
    assert!(matches!(error, SecretsError::Corrupt(_)));
    let text = format!("{error} {error:?}");
    assert!(text.contains("chunk 2 of 4 is missing") && text.contains(&account), "{text}");
    assert!(!text.contains("TOPSECRET") && !text.contains(&value[20..60]), "{text}");

    store.delete(&key).unwrap();
    for n in 1..=4 {
        assert!(lookup(store.service(), &format!("{account}#{n}")).is_none(), "chunk {n} was left");
    }
    assert!(lookup(store.service(), &account).is_none());
}

#[test]
fn a_value_that_looks_like_a_chunk_header_round_trips_as_itself() {
    let store = open_unique();
    let lookalike = format!("chunked:v1:1:{}", "0".repeat(64));
    store.set(&refresh_token(), &SecretString::new(lookalike.clone())).unwrap();
    assert_eq!(get(&store, &refresh_token()).as_deref(), Some(lookalike.as_str()));
}

#[test]
fn unicode_values_round_trip_and_chunks_stay_whole_characters() {
    let store = open_unique();
    let small = SecretKey::new("sandbox", "marketo", "client_secret");
    let text = "ñandú — 東京 — 😀 — مرحبا — Ωmega";
    store.set(&small, &SecretString::new(text)).unwrap();
    assert_eq!(get(&store, &small).as_deref(), Some(text));

    let large_key = SecretKey::new("real", "salesforce", "refresh_token");
    let large = "ñ東😀a".repeat(1_200); // 10 bytes a repetition: 12,000 bytes of 1- to 4-byte characters
    store.set(&large_key, &SecretString::new(large.clone())).unwrap();
    assert_eq!(get(&store, &large_key).as_deref(), Some(large.as_str()));
    let account = large_key.account();
    let mut joined = String::new();
    for n in 1..=5 {
        let chunk = lookup_text(store.service(), &format!("{account}#{n}")).unwrap_or_else(|| panic!("chunk {n}"));
        assert!(chunk.len() <= CHUNK_LIMIT, "chunk {n} holds {} bytes", chunk.len());
        joined.push_str(&chunk);
    }
    assert_eq!(joined, large);
}

#[test]
fn stores_with_different_services_do_not_see_each_other() {
    let first = open_unique();
    let second = open_unique();
    assert_ne!(first.service(), second.service());
    let key = refresh_token();
    first.set(&key, &SecretString::new("first-token")).unwrap();
    assert!(second.get(&key).unwrap().is_none());
    second.set(&key, &SecretString::new("second-token")).unwrap();
    second.delete(&key).unwrap();
    assert_eq!(get(&first, &key).as_deref(), Some("first-token"));
    let clone = first.clone();
    assert_eq!(get(&clone, &key).as_deref(), Some("first-token"));
}

#[test]
fn the_mock_credential_builder_is_refused() {
    let error = ensure_persistent(keyring::mock::default_credential_builder().as_ref()).unwrap_err();
    assert_eq!(error.code(), "no_secure_store");
    assert!(matches!(error, SecretsError::NoSecureStore { .. }));
    ensure_persistent(keyring::default::default_credential_builder().as_ref()).unwrap();
}

/// Runs only in the child started by `open_refuses_without_a_session_bus` (and passes trivially otherwise):
/// tries to open the store and prints the outcome for the parent to check.
#[test]
fn child_open_prints_its_error_code() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    match SecretStore::open("com.msiactions.test.child") {
        Ok(store) => println!("\nCHILD_RESULT opened {}", store.service()),
        Err(error) => println!("\nCHILD_RESULT code={}\nCHILD_MESSAGE {error}", error.code()),
    }
}

/// Runs [`child_open_prints_its_error_code`] in a child of this test binary, started by `launcher` (nothing,
/// or a `dbus-run-session` with its arguments), without the parent's session bus or display and with a
/// fresh runtime and data folder. Returns the child's error code and message.
fn open_in_child(launcher: &[&str]) -> (String, String) {
    let scratch = tempfile::tempdir().unwrap();
    let (runtime, data) = (scratch.path().join("run"), scratch.path().join("data"));
    std::fs::create_dir(&runtime).unwrap();
    std::fs::create_dir(&data).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut command = match launcher.split_first() {
        None => Command::new(&exe),
        Some((program, args)) => {
            let mut command = Command::new(program);
            command.args(args).arg("--").arg(&exe);
            command
        }
    };
    let output = command
        .args(["--exact", CHILD_TEST, "--nocapture", "--test-threads=1"])
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("XDG_DATA_HOME", &data)
        .env(CHILD_ENV, "1")
        .output()
        .unwrap_or_else(|error| panic!("cannot start {launcher:?} {}: {error}", exe.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "child failed:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let code = stdout.lines().find_map(|line| line.strip_prefix("CHILD_RESULT code=")).map(str::to_owned);
    let message = stdout.lines().find_map(|line| line.strip_prefix("CHILD_MESSAGE ")).map(str::to_owned);
    match (code, message) {
        (Some(code), Some(message)) => (code, message),
        _ => panic!("the child did not report a refusal:\n{stdout}"),
    }
}

#[test]
fn open_refuses_without_a_session_bus() {
    // No bus address, no display to auto-launch one from, an empty runtime dir (no `$XDG_RUNTIME_DIR/bus`).
    let (code, message) = open_in_child(&[]);
    eprintln!("open without a session bus: {message}");
    assert_eq!(code, "no_secure_store", "{message}");
    assert!(message.starts_with("No secure credential store is available (DBus error: "), "{message}");
    if cfg!(target_os = "linux") {
        assert!(message.contains("apt install gnome-keyring"), "{message}");
    }
}

#[test]
fn open_refuses_on_a_session_bus_without_a_secret_service() {
    // A private bus that knows no services at all, so nothing can provide org.freedesktop.secrets.
    let scratch = tempfile::tempdir().unwrap();
    let config = scratch.path().join("bus.conf");
    std::fs::write(
        &config,
        format!(
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir={}</listen>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>"#,
            scratch.path().display()
        ),
    )
    .unwrap();
    let config_arg = format!("--config-file={}", config.display());
    let (code, message) = open_in_child(&["dbus-run-session", &config_arg]);
    eprintln!("open on a bus without a Secret Service: {message}");
    assert_eq!(code, "no_secure_store", "{message}");
    assert!(message.contains("org.freedesktop.secrets"), "{message}");
}

#[test]
fn open_reports_a_keyring_it_cannot_unlock_as_locked() {
    // A fresh bus where gnome-keyring is started on demand with no keyring yet and no way to prompt.
    let (code, message) = open_in_child(&["dbus-run-session"]);
    eprintln!("open on a keyring that cannot be unlocked: {message}");
    assert_eq!(code, "keyring_locked", "{message}");
    assert!(message.contains("unlock"), "{message}");
}
