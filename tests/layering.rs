//! Rules about where things live, checked on the sources themselves: the session is the top of the core
//! (nothing below it names it), and the Rust-side English/Spanish texts live in one place (`texts/`).

use std::path::{Path, PathBuf};

fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let relative = path.strip_prefix(root).expect("under the root").to_string_lossy().replace('\\', "/");
                let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                out.push((relative, text));
            }
        }
    }
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/src");
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    assert!(out.len() > 50, "the sources were not found under {}", root.display());
    out
}

/// The hosts that may start and hold a session: the window (app, commands), the CLI and the crate roots.
fn may_name_the_session(file: &str) -> bool {
    matches!(file, "session.rs" | "app.rs" | "lib.rs" | "main.rs") || file.starts_with("commands/") || file.starts_with("cli/")
}

fn files_naming_the_session(sources: &[(String, String)]) -> Vec<String> {
    sources
        .iter()
        .filter(|(file, _)| !may_name_the_session(file))
        .filter(|(_, text)| text.contains("crate::session"))
        .map(|(file, _)| file.clone())
        .collect()
}

/// Where a Spanish text is chosen in place, with its literal beside it: a `Language::Es` match arm whose
/// value is a string literal, or a branch on `== Language::Es`. Test modules are not looked at.
fn spanish_texts_outside_texts(sources: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (file, text) in sources {
        if file.starts_with("texts/") || file == "i18n.rs" {
            continue;
        }
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let lines: Vec<&str> = code.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            let Some(at) = line.find("Language::Es") else { continue };
            let branches = line.contains("== Language::Es") || line.contains("!= Language::Es");
            let arm = line[at..].find("=>").map(|arrow| {
                // The arm's value: the rest of this line and the next ones, up to the next arm.
                let mut value = line[at + arrow + 2..].to_owned();
                for next in lines.iter().skip(index + 1).take(4) {
                    if next.contains("=>") {
                        break;
                    }
                    value.push_str(next);
                }
                value
            });
            if branches || arm.is_some_and(|value| value.contains('"')) {
                found.push(format!("{file}:{}: {}", index + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn spanish_texts_live_in_the_texts_module() {
    let offenders = spanish_texts_outside_texts(&sources());
    assert!(offenders.is_empty(), "move these texts to src-tauri/src/texts/ (a `Localized` and `pick`):\n{}", offenders.join("\n"));
}

#[test]
fn the_texts_rule_catches_a_spanish_literal() {
    let sample = |file: &str, code: &str| vec![(file.to_owned(), code.to_owned())];
    let arm = "match language {\n    Language::En => \"Row\",\n    Language::Es => \"Fila\",\n}";
    assert_eq!(spanish_texts_outside_texts(&sample("csv_import/export.rs", arm)).len(), 1);
    let multi_line = "match language {\n    Language::Es => (\n        \"Título\",\n    ),\n}";
    assert_eq!(spanish_texts_outside_texts(&sample("auth/page.rs", multi_line)).len(), 1);
    let branch = "let es = language == Language::Es;";
    assert_eq!(spanish_texts_outside_texts(&sample("handoff.rs", branch)).len(), 1);
    // Picking a field, the texts module itself and tests are fine.
    assert!(spanish_texts_outside_texts(&sample("handoff.rs", "    Language::Es => &text.es,")).is_empty());
    assert!(spanish_texts_outside_texts(&sample("texts/mod.rs", arm)).is_empty());
    assert!(spanish_texts_outside_texts(&sample("csv_import/export.rs", &format!("#[cfg(test)]\n{arm}"))).is_empty());
}

#[test]
fn no_core_module_imports_the_session() {
    let offenders = files_naming_the_session(&sources());
    assert!(offenders.is_empty(), "these modules import `crate::session` (name `crate::environment` instead): {offenders:?}");
}

#[test]
fn the_session_rule_catches_an_upward_import() {
    let sample = vec![
        ("connections/view.rs".to_owned(), "use crate::session::Session;".to_owned()),
        ("commands/mod.rs".to_owned(), "use crate::session::Session;".to_owned()),
        ("setup/mod.rs".to_owned(), "use crate::environment::SalesRouteKind;".to_owned()),
    ];
    assert_eq!(files_naming_the_session(&sample), vec!["connections/view.rs".to_owned()]);
}
