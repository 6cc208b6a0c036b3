//! Every text the Rust side shows or writes in the user's language (the window's own texts live in
//! ui/src/lib/i18n), in one place and always in both languages: English and Spanish side by side, so a
//! change to one is seen next to the other. Modules call `texts::<area>::<NAME>.pick(language)`, and
//! `fill` for the ones with `{placeholders}`.

use crate::i18n::Language;

pub mod auth_page;
pub mod handoff;
pub mod import_export;
pub mod readiness;
pub mod startup;
pub mod steps;

/// A text in both languages the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Localized {
    pub en: &'static str,
    pub es: &'static str,
}

impl Localized {
    pub const fn new(en: &'static str, es: &'static str) -> Self {
        Self { en, es }
    }

    /// The text in `language`.
    pub fn pick(self, language: Language) -> &'static str {
        match language {
            Language::En => self.en,
            Language::Es => self.es,
        }
    }

    /// The text in `language` with its `{name}` placeholders replaced by `values`.
    pub fn fill(self, language: Language, values: &[(&str, &dyn std::fmt::Display)]) -> String {
        fill(self.pick(language), values)
    }
}

/// `template` with each `{name}` replaced by its value; a placeholder without a value stays as it is.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values.iter().find(|(key, _)| *key == name).map(|(_, value)| (close, value))
        });
        match value {
            Some((close, value)) => {
                out.push_str(&value.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Declares an area's texts as `Localized` constants, and (for the tests) the list of them all.
macro_rules! texts {
    ($( $(#[$doc:meta])* $name:ident = ($en:expr, $es:expr $(,)?); )*) => {
        $( $(#[$doc])* pub const $name: $crate::texts::Localized = $crate::texts::Localized::new($en, $es); )*
        #[cfg(test)]
        pub(crate) const ALL: &[(&str, $crate::texts::Localized)] = &[$((stringify!($name), $name)),*];
    };
}
pub(crate) use texts;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn every_text() -> Vec<(String, Localized)> {
        let areas: [(&str, &[(&str, Localized)]); 6] = [
            ("auth_page", auth_page::ALL),
            ("handoff", handoff::ALL),
            ("import_export", import_export::ALL),
            ("readiness", readiness::ALL),
            ("startup", startup::ALL),
            ("steps", steps::ALL),
        ];
        areas.iter().flat_map(|(area, all)| all.iter().map(move |(name, text)| (format!("{area}::{name}"), *text))).collect()
    }

    fn placeholders(text: &str) -> BTreeSet<&str> {
        let mut found = BTreeSet::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    found.insert(&after[..close]);
                    rest = &after[close + 1..];
                }
                None => break,
            }
        }
        found
    }

    #[test]
    fn every_text_has_both_languages() {
        let texts = every_text();
        assert!(texts.len() > 80, "only {} texts found", texts.len());
        for (name, text) in &texts {
            assert!(!text.en.trim().is_empty(), "{name} has no English");
            assert!(!text.es.trim().is_empty(), "{name} has no Spanish");
        }
    }

    #[test]
    fn placeholders_match_between_the_languages() {
        for (name, text) in every_text() {
            assert_eq!(placeholders(text.en), placeholders(text.es), "{name}: {:?} / {:?}", text.en, text.es);
        }
    }

    #[test]
    fn the_placeholder_check_sees_a_mismatch() {
        assert_ne!(placeholders("Row {row} of {total}"), placeholders("Fila {fila} de {total}"));
        assert_eq!(placeholders("{a} and {b}"), ["a", "b"].into_iter().collect());
    }

    #[test]
    fn pick_and_fill() {
        let text = Localized::new("Row {row}: {why}", "Fila {row}: {why}");
        assert_eq!(text.pick(Language::Es), "Fila {row}: {why}");
        assert_eq!(text.fill(Language::En, &[("row", &3), ("why", &"empty")]), "Row 3: empty");
        assert_eq!(fill("{a}{b} {unknown} {", &[("a", &1), ("b", &"x")]), "1x {unknown} {");
        assert_eq!(fill("«{column}»", &[("column", &"Correo")]), "«Correo»");
    }
}
