//! Which column holds which field. Auto-mapped from header synonyms in English and Spanish, compared
//! case-, space-, punctuation- and accent-insensitively; the caller may edit the result, and the edited
//! mapping is remembered per header set (keyed by `header_key`, stored by `store::imports`).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// The fields an import can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Email,
    FirstName,
    LastName,
    Team,
    Role,
}

impl Target {
    pub const ALL: [Target; 5] = [Target::Email, Target::FirstName, Target::LastName, Target::Team, Target::Role];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::FirstName => "first_name",
            Self::LastName => "last_name",
            Self::Team => "team",
            Self::Role => "role",
        }
    }
}

/// Column index (0-based) of each field; `None` = not in the file. Email is required to import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ImportMapping")]
pub struct Mapping {
    pub email: Option<usize>,
    pub first_name: Option<usize>,
    pub last_name: Option<usize>,
    pub team: Option<usize>,
    pub role: Option<usize>,
}

impl Mapping {
    pub fn get(&self, target: Target) -> Option<usize> {
        match target {
            Target::Email => self.email,
            Target::FirstName => self.first_name,
            Target::LastName => self.last_name,
            Target::Team => self.team,
            Target::Role => self.role,
        }
    }

    pub fn set(&mut self, target: Target, column: Option<usize>) {
        let slot = match target {
            Target::Email => &mut self.email,
            Target::FirstName => &mut self.first_name,
            Target::LastName => &mut self.last_name,
            Target::Team => &mut self.team,
            Target::Role => &mut self.role,
        };
        *slot = column;
    }

    /// Whether every mapped column exists in a header of `columns` cells.
    pub fn fits(&self, columns: usize) -> bool {
        Target::ALL.iter().all(|&t| self.get(t).is_none_or(|c| c < columns))
    }
}

/// Folds the accents of Latin letters (á → a, ñ → n, ü → u, ç → c…); other characters unchanged.
pub fn fold_accents(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        c => c,
    }
}

/// Lower-case, accents folded, only letters and digits kept: "Correo electrónico" → "correoelectronico".
pub fn normalize_label(label: &str) -> String {
    label.chars().map(fold_accents).flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

const SYNONYMS: [(Target, &[&str]); 5] = [
    (
        Target::Email,
        &[
            "email", "emailaddress", "mail", "emails", "workemail", "businessemail", "primaryemail", "correo",
            "correoelectronico", "direcciondecorreo", "direcciondecorreoelectronico", "emailcorporativo",
            "correocorporativo", "direccionemail", "direcciondeemail",
        ],
    ),
    (Target::FirstName, &["firstname", "first", "givenname", "forename", "name", "nombre", "nombres", "nombredepila"]),
    (
        Target::LastName,
        &["lastname", "last", "surname", "familyname", "surnames", "apellido", "apellidos", "primerapellido"],
    ),
    (Target::Team, &["team", "teamname", "equipo", "nombredelequipo", "group", "grupo"]),
    (Target::Role, &["role", "rol", "userrole", "roldeusuario", "perfil", "profile"]),
];

/// The field a header names, if it is one of the synonyms.
pub fn target_for_header(header: &str) -> Option<Target> {
    let label = normalize_label(header);
    SYNONYMS.iter().find(|(_, names)| names.contains(&label.as_str())).map(|(target, _)| *target)
}

/// Maps each field to the first column whose header is one of its synonyms.
pub fn auto_map(headers: &[String]) -> Mapping {
    let mut mapping = Mapping::default();
    for (index, header) in headers.iter().enumerate() {
        if let Some(target) = target_for_header(header) {
            if mapping.get(target).is_none() {
                mapping.set(target, Some(index));
            }
        }
    }
    mapping
}

/// Key of a header set for remembering its mapping: sha256 (hex) of the normalised headers in order.
pub fn header_key(headers: &[String]) -> String {
    let mut hasher = Sha256::new();
    for header in headers {
        hasher.update(normalize_label(header).as_bytes());
        hasher.update([0x1f]);
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn english_and_spanish_headers_map() {
        for (header, target) in [
            ("Email", Target::Email),
            ("E-mail", Target::Email),
            ("Email Address", Target::Email),
            ("CORREO", Target::Email),
            ("Correo electrónico", Target::Email),
            (" correo_electronico ", Target::Email),
            ("Nombre", Target::FirstName),
            ("First Name", Target::FirstName),
            ("Apellido", Target::LastName),
            ("Apellidos", Target::LastName),
            ("Last Name", Target::LastName),
            ("Surname", Target::LastName),
            ("Equipo", Target::Team),
            ("Team", Target::Team),
            ("Rol", Target::Role),
            ("Role", Target::Role),
        ] {
            assert_eq!(target_for_header(header), Some(target), "{header}");
        }
        assert_eq!(target_for_header("Notes"), None);
    }

    #[test]
    fn auto_map_takes_the_first_matching_column() {
        let mapping = auto_map(&headers(&["Nombre", "Apellidos", "Correo electrónico", "Email", "Equipo"]));
        assert_eq!(mapping, Mapping { email: Some(2), first_name: Some(0), last_name: Some(1), team: Some(4), role: None });
    }

    #[test]
    fn header_key_ignores_case_accents_and_spaces() {
        assert_eq!(header_key(&headers(&["Correo Electrónico", "Nombre"])), header_key(&headers(&["correo electronico", "NOMBRE "])));
        assert_ne!(header_key(&headers(&["Email", "Nombre"])), header_key(&headers(&["Nombre", "Email"])));
    }
}
