//! The two languages the app speaks. The window translates by message code; the core only decides which
//! language is in force (saved choice, else the OS locale, else English).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Language {
    En,
    Es,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "en" => Some(Self::En),
            "es" => Some(Self::Es),
            _ => None,
        }
    }

    /// Spanish for any `es*` locale (es-ES, es_MX.UTF-8, …), English otherwise.
    pub fn from_locale(locale: &str) -> Self {
        if locale.trim().to_ascii_lowercase().starts_with("es") {
            Self::Es
        } else {
            Self::En
        }
    }

    /// The OS user's language.
    pub fn of_os() -> Self {
        sys_locale::get_locale().map(|locale| Self::from_locale(&locale)).unwrap_or(Self::En)
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn locales_map_to_languages() {
        assert_eq!(Language::from_locale("es-ES"), Language::Es);
        assert_eq!(Language::from_locale("es_MX.UTF-8"), Language::Es);
        assert_eq!(Language::from_locale("en-US"), Language::En);
        assert_eq!(Language::from_locale("fr-FR"), Language::En);
        assert_eq!(Language::parse("es"), Some(Language::Es));
        assert_eq!(Language::parse("de"), None);
    }
}
