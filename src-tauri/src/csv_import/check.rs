//! The verdict on each row: valid, invalid (with every problem found), a repeat of an earlier valid row,
//! already invited or a member, or beyond the seats left. Pure and streaming: `RowChecker` keeps only the
//! normalised emails seen so far. Problems carry a snake_case code and a message in the caller's language
//! that says what to do.

use super::mapping::{fold_accents, normalize_label, Mapping, Target};
use crate::i18n::Language;
use crate::invites::address::{normalize_email, validate_email, EmailProblem, EmailValidator};
use crate::invites::check::KnownPeople;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Longest first name, last name or role accepted.
pub const MAX_NAME_CHARS: usize = 80;
/// Longest email accepted (RFC 5321 path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// How much of a cell a problem quotes back.
const MAX_QUOTED_CHARS: usize = 200;
/// Names by which people call the Sales account's default team.
const DEFAULT_TEAM_NAMES: [&str; 5] = ["everyone", "all", "todos", "todoelmundo", "default"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowStatus {
    Valid,
    Invalid,
    Duplicate,
    /// Valid, but already invited or a member (locally or on the service).
    Already,
    /// Valid, but beyond the seats left.
    OverSeats,
}

impl RowStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Invalid => "invalid",
            Self::Duplicate => "duplicate",
            Self::Already => "already",
            Self::OverSeats => "over_seats",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [Self::Valid, Self::Invalid, Self::Duplicate, Self::Already, Self::OverSeats].into_iter().find(|s| s.as_str() == value)
    }
}

/// What is wrong with a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProblemCode {
    EmailMissing,
    EmailInvalid,
    EmailTooLong,
    NameTooLong,
    RoleTooLong,
    TeamUnknown,
}

impl ProblemCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EmailMissing => "email_missing",
            Self::EmailInvalid => "email_invalid",
            Self::EmailTooLong => "email_too_long",
            Self::NameTooLong => "name_too_long",
            Self::RoleTooLong => "role_too_long",
            Self::TeamUnknown => "team_unknown",
        }
    }
}

/// One problem of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Row as a spreadsheet shows it (header = 1).
    pub row: u64,
    /// Header of the column.
    pub column: String,
    /// The cell (trimmed, cut to 200 characters).
    pub value: String,
    pub code: ProblemCode,
    /// What is wrong and what to do, in the caller's language.
    pub message: String,
    /// Why an email is invalid, so the message can be said again in another language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<EmailProblem>,
}

impl Problem {
    /// The message in `language` (staged problems keep the language they were checked in).
    pub fn message_in(&self, language: Language) -> String {
        // Problems staged before `detail` was kept: the reason is found again from the value.
        let detail = self.detail.or_else(|| (self.code == ProblemCode::EmailInvalid).then(|| validate_email(&self.value).err()).flatten());
        problem_message(self.code, &self.column, &self.value, detail, language)
    }
}

/// The mapped values of a row, trimmed; `team` is the team the person will join.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowFields {
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub team: Option<String>,
    pub role: Option<String>,
}

/// One checked row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedRow {
    pub row: u64,
    /// Every cell as read (original columns).
    pub raw: Vec<String>,
    /// Normalised email when the email is valid.
    pub email_normalized: Option<String>,
    pub fields: RowFields,
    pub status: RowStatus,
    pub problems: Vec<Problem>,
    /// For a duplicate: the row it repeats.
    pub duplicate_of: Option<u64>,
}

/// Counts of an import. `valid` includes `already` and `over_seats`; rows = valid + invalid + duplicates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ImportCountsView")]
pub struct Counts {
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub valid: u64,
    #[ts(type = "number")]
    pub invalid: u64,
    #[ts(type = "number")]
    pub duplicates: u64,
    #[ts(type = "number")]
    pub already: u64,
    #[ts(type = "number")]
    pub over_seats: u64,
}

impl Counts {
    pub fn add(&mut self, status: RowStatus) {
        self.rows += 1;
        match status {
            RowStatus::Valid => self.valid += 1,
            RowStatus::Invalid => self.invalid += 1,
            RowStatus::Duplicate => self.duplicates += 1,
            RowStatus::Already => {
                self.valid += 1;
                self.already += 1;
            }
            RowStatus::OverSeats => {
                self.valid += 1;
                self.over_seats += 1;
            }
        }
    }
}

/// The teams rows may name. The default team is also recognised as Everyone, All or Todos.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Teams {
    /// The Sales account's default team ("Everyone").
    pub default: String,
    /// Every team of the account (the default included or not); `None` = not checked.
    pub known: Option<Vec<String>>,
}

impl Default for Teams {
    fn default() -> Self {
        Self { default: "Everyone".into(), known: None }
    }
}

/// What rows are checked against; gathered by the caller (local record, service, seats).
#[derive(Debug, Clone)]
pub struct CheckContext {
    pub known: KnownPeople,
    pub teams: Teams,
    /// Team for rows whose team cell is empty (or with no team column); `None` = the default team.
    pub fallback_team: Option<String>,
    /// Seats left at the Sales account; `None` = not checked.
    pub seats_left: Option<u64>,
    pub language: Language,
}

impl Default for CheckContext {
    fn default() -> Self {
        Self { known: KnownPeople::default(), teams: Teams::default(), fallback_team: None, seats_left: None, language: Language::En }
    }
}

fn quote(value: &str) -> String {
    if value.chars().count() <= MAX_QUOTED_CHARS {
        value.to_owned()
    } else {
        let mut cut: String = value.chars().take(MAX_QUOTED_CHARS).collect();
        cut.push('…');
        cut
    }
}

fn email_reason(problem: EmailProblem, language: Language) -> &'static str {
    use EmailProblem::*;
    match (language, problem) {
        (Language::En, Empty) => "it is empty",
        (Language::En, MissingAt) => "it has no @",
        (Language::En, SeveralAt) => "it has more than one @",
        (Language::En, EmptyLocalPart) => "nothing comes before the @",
        (Language::En, LocalPartTooLong) => "the part before the @ is longer than 64 characters",
        (Language::En, InvalidLocalPart) => "the part before the @ has a character that is not allowed (spaces, commas, two dots…)",
        (Language::En, EmptyDomain) => "nothing comes after the @",
        (Language::En, InvalidDomain) => "the domain after the @ is not valid",
        (Language::En, TooLong) => "it is longer than 254 characters",
        (Language::Es, Empty) => "está vacía",
        (Language::Es, MissingAt) => "no tiene @",
        (Language::Es, SeveralAt) => "tiene más de una @",
        (Language::Es, EmptyLocalPart) => "no hay nada antes de la @",
        (Language::Es, LocalPartTooLong) => "la parte antes de la @ tiene más de 64 caracteres",
        (Language::Es, InvalidLocalPart) => "la parte antes de la @ tiene un carácter no permitido (espacios, comas, dos puntos seguidos…)",
        (Language::Es, EmptyDomain) => "no hay nada después de la @",
        (Language::Es, InvalidDomain) => "el dominio después de la @ no es válido",
        (Language::Es, TooLong) => "tiene más de 254 caracteres",
    }
}

/// The message of a problem, saying what to do.
pub fn problem_message(code: ProblemCode, column: &str, value: &str, detail: Option<EmailProblem>, language: Language) -> String {
    let value = quote(value);
    match (language, code) {
        (Language::En, ProblemCode::EmailMissing) => format!("The email in column \"{column}\" is empty: type the person's email address, or delete the row."),
        (Language::Es, ProblemCode::EmailMissing) => format!("El correo de la columna «{column}» está vacío: escriba el correo de la persona o borre la fila."),
        (Language::En, ProblemCode::EmailInvalid) => format!(
            "\"{value}\" in column \"{column}\" is not a valid email address ({}): correct it, for example name@company.com.",
            email_reason(detail.unwrap_or(EmailProblem::InvalidDomain), language)
        ),
        (Language::Es, ProblemCode::EmailInvalid) => format!(
            "«{value}» en la columna «{column}» no es un correo válido ({}): corríjalo, por ejemplo nombre@empresa.com.",
            email_reason(detail.unwrap_or(EmailProblem::InvalidDomain), language)
        ),
        (Language::En, ProblemCode::EmailTooLong) => format!("The email in column \"{column}\" is longer than {MAX_EMAIL_CHARS} characters: check that the cell holds only one address."),
        (Language::Es, ProblemCode::EmailTooLong) => format!("El correo de la columna «{column}» tiene más de {MAX_EMAIL_CHARS} caracteres: compruebe que la celda tenga una sola dirección."),
        (Language::En, ProblemCode::NameTooLong) => format!("The name in column \"{column}\" is longer than {MAX_NAME_CHARS} characters: shorten it."),
        (Language::Es, ProblemCode::NameTooLong) => format!("El nombre de la columna «{column}» tiene más de {MAX_NAME_CHARS} caracteres: acórtelo."),
        (Language::En, ProblemCode::RoleTooLong) => format!("The role in column \"{column}\" is longer than {MAX_NAME_CHARS} characters: shorten it."),
        (Language::Es, ProblemCode::RoleTooLong) => format!("El rol de la columna «{column}» tiene más de {MAX_NAME_CHARS} caracteres: acórtelo."),
        (Language::En, ProblemCode::TeamUnknown) => format!("The team \"{value}\" in column \"{column}\" does not exist in the Sales account: use an existing team's name, leave it empty for the default team, or create the team first."),
        (Language::Es, ProblemCode::TeamUnknown) => format!("El equipo «{value}» de la columna «{column}» no existe en la cuenta de Sales: use el nombre de un equipo existente, déjelo vacío para el equipo por defecto o cree antes el equipo."),
    }
}

/// The reason shown for a row's final state in the results file, in `language` (problems are re-worded).
pub fn row_reason(row: &CheckedRow, language: Language) -> String {
    match (row.status, language) {
        (RowStatus::Invalid, _) => row.problems.iter().map(|p| p.message_in(language)).collect::<Vec<_>>().join(" "),
        (RowStatus::Duplicate, Language::En) => format!("Repeats row {}: only the first one is invited.", row.duplicate_of.unwrap_or_default()),
        (RowStatus::Duplicate, Language::Es) => format!("Repite la fila {}: solo se invita la primera.", row.duplicate_of.unwrap_or_default()),
        (RowStatus::Already, Language::En) => "Already invited or a member: nothing to send.".into(),
        (RowStatus::Already, Language::Es) => "Ya invitado o ya es miembro: no hay nada que enviar.".into(),
        (RowStatus::OverSeats, Language::En) => "No seat left in the Sales account: free a seat or buy more, then import again.".into(),
        (RowStatus::OverSeats, Language::Es) => "No quedan licencias en la cuenta de Sales: libere o compre licencias y vuelva a importar.".into(),
        (RowStatus::Valid, Language::En) => "Ready to invite.".into(),
        (RowStatus::Valid, Language::Es) => "Lista para invitar.".into(),
    }
}

fn team_label(name: &str) -> String {
    normalize_label(&name.chars().map(fold_accents).collect::<String>())
}

/// Checks rows in file order, remembering the first valid row of each email.
pub struct RowChecker<'a> {
    context: &'a CheckContext,
    headers: &'a [String],
    mapping: &'a Mapping,
    first_seen: HashMap<String, u64>,
    seats_left: Option<u64>,
    teams: HashMap<String, String>,
    /// Team cells already resolved (teams repeat on most rows): cell → known team, if any.
    team_cache: HashMap<String, Option<String>>,
    default_team: String,
    /// Email syntax, remembering the verdict on each domain.
    emails: EmailValidator,
}

impl<'a> RowChecker<'a> {
    pub fn new(context: &'a CheckContext, headers: &'a [String], mapping: &'a Mapping) -> Self {
        let default_team = context.teams.default.clone();
        let mut teams: HashMap<String, String> = context
            .teams
            .known
            .iter()
            .flatten()
            .map(|name| (team_label(name), name.clone()))
            .collect();
        for alias in DEFAULT_TEAM_NAMES.iter().map(|s| s.to_string()).chain([team_label(&default_team)]) {
            teams.insert(alias, default_team.clone());
        }
        Self {
            context,
            headers,
            mapping,
            first_seen: HashMap::new(),
            seats_left: context.seats_left,
            teams,
            team_cache: HashMap::new(),
            default_team,
            emails: EmailValidator::default(),
        }
    }

    /// Makes room for about `rows` distinct emails up front (growing the map as it fills costs more).
    pub fn reserve(&mut self, rows: usize) {
        self.first_seen.reserve(rows);
    }

    fn cell(&self, raw: &[String], target: Target) -> Option<(usize, String)> {
        let index = self.mapping.get(target)?;
        Some((index, raw.get(index).map(|c| c.trim().to_owned()).unwrap_or_default()))
    }

    fn column(&self, index: usize) -> String {
        self.headers.get(index).cloned().unwrap_or_else(|| format!("#{}", index + 1))
    }

    fn problem(&self, row: u64, index: usize, value: &str, code: ProblemCode, detail: Option<EmailProblem>) -> Problem {
        let column = self.column(index);
        let message = problem_message(code, &column, value, detail, self.context.language);
        Problem { row, column, value: quote(value), code, message, detail }
    }

    fn resolve_team(&mut self, value: &str) -> Option<String> {
        if let Some(known) = self.team_cache.get(value) {
            return known.clone();
        }
        let known = self.teams.get(&team_label(value)).cloned();
        if self.team_cache.len() < 10_000 {
            self.team_cache.insert(value.to_owned(), known.clone());
        }
        known
    }

    /// Checks one row (the caller has skipped rows whose cells are all empty).
    pub fn check(&mut self, row: u64, raw: Vec<String>) -> CheckedRow {
        let mut problems = Vec::new();
        let mut fields = RowFields::default();
        let mut email_normalized = None;
        match self.cell(&raw, Target::Email) {
            None => {}
            Some((index, email)) if email.is_empty() => problems.push(self.problem(row, index, &email, ProblemCode::EmailMissing, None)),
            Some((index, email)) if too_long(&email, MAX_EMAIL_CHARS) => {
                problems.push(self.problem(row, index, &email, ProblemCode::EmailTooLong, None))
            }
            Some((index, email)) => match self.emails.validate(&email) {
                Ok(()) => {
                    email_normalized = Some(normalize_email(&email));
                    fields.email = email;
                }
                Err(detail) => problems.push(self.problem(row, index, &email, ProblemCode::EmailInvalid, Some(detail))),
            },
        }
        for (target, code) in [(Target::FirstName, ProblemCode::NameTooLong), (Target::LastName, ProblemCode::NameTooLong), (Target::Role, ProblemCode::RoleTooLong)] {
            if let Some((index, value)) = self.cell(&raw, target) {
                if too_long(&value, MAX_NAME_CHARS) {
                    problems.push(self.problem(row, index, &value, code, None));
                }
                let value = (!value.is_empty()).then_some(value);
                match target {
                    Target::FirstName => fields.first_name = value,
                    Target::LastName => fields.last_name = value,
                    _ => fields.role = value,
                }
            }
        }
        let team_cell = self.cell(&raw, Target::Team).filter(|(_, v)| !v.is_empty());
        fields.team = match team_cell {
            None => Some(self.context.fallback_team.clone().unwrap_or_else(|| self.default_team.clone())),
            Some((index, value)) => match self.resolve_team(&value) {
                Some(name) => Some(name),
                None if self.context.teams.known.is_none() => Some(value),
                None => {
                    problems.push(self.problem(row, index, &value, ProblemCode::TeamUnknown, None));
                    Some(value)
                }
            },
        };
        let mut duplicate_of = None;
        let status = if !problems.is_empty() || email_normalized.is_none() {
            RowStatus::Invalid
        } else {
            let normalized = email_normalized.clone().unwrap_or_default();
            if let Some(&first) = self.first_seen.get(&normalized) {
                duplicate_of = Some(first);
                RowStatus::Duplicate
            } else {
                let already = is_known(&self.context.known, &normalized);
                self.first_seen.insert(normalized, row);
                if already {
                    RowStatus::Already
                } else {
                    match &mut self.seats_left {
                        Some(0) => RowStatus::OverSeats,
                        Some(seats) => {
                            *seats -= 1;
                            RowStatus::Valid
                        }
                        None => RowStatus::Valid,
                    }
                }
            }
        };
        CheckedRow { row, raw, email_normalized, fields, status, problems, duplicate_of }
    }
}

/// More than `max` characters (a length in bytes ≤ `max` cannot be: only longer cells are counted).
fn too_long(value: &str, max: usize) -> bool {
    value.len() > max && value.chars().count() > max
}

/// Already invited (a local invitation that holds one, or pending on the service) or a member.
pub fn is_known(known: &KnownPeople, normalized: &str) -> bool {
    known.members.contains(normalized)
        || known.pending_remote.contains(normalized)
        || known.local.get(normalized).is_some_and(|state| state.holds_invitation())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::invites::InvitationState;

    fn headers() -> Vec<String> {
        ["Correo", "Nombre", "Equipo"].iter().map(|s| s.to_string()).collect()
    }

    fn raw(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn statuses_follow_the_rules() {
        let mut context = CheckContext { language: Language::Es, seats_left: Some(2), ..Default::default() };
        context.teams.known = Some(vec!["Everyone".into(), "Sales EMEA".into()]);
        context.known.local.insert("sent@x.com".into(), InvitationState::Sent);
        let headers = headers();
        let mapping = Mapping { email: Some(0), first_name: Some(1), team: Some(2), ..Default::default() };
        let mut checker = RowChecker::new(&context, &headers, &mapping);
        let a = checker.check(2, raw(&["Ana@X.com ", "Ana", "todos"]));
        assert_eq!(a.status, RowStatus::Valid);
        assert_eq!(a.fields.team.as_deref(), Some("Everyone"));
        let dup = checker.check(3, raw(&[" ana@x.COM", "Ana", ""]));
        assert_eq!((dup.status, dup.duplicate_of), (RowStatus::Duplicate, Some(2)));
        let bad = checker.check(4, raw(&["ana(at)x.com", &"n".repeat(81), "Marketing"]));
        assert_eq!(bad.status, RowStatus::Invalid);
        let codes: Vec<_> = bad.problems.iter().map(|p| p.code).collect();
        assert_eq!(codes, [ProblemCode::EmailInvalid, ProblemCode::NameTooLong, ProblemCode::TeamUnknown]);
        assert!(bad.problems[0].message.contains("no es un correo válido"), "{}", bad.problems[0].message);
        assert_eq!(checker.check(5, raw(&["sent@x.com", "", "sales emea"])).status, RowStatus::Already);
        assert_eq!(checker.check(6, raw(&["b@x.com", "", ""])).status, RowStatus::Valid);
        assert_eq!(checker.check(7, raw(&["c@x.com", "", ""])).status, RowStatus::OverSeats);
        assert_eq!(checker.check(8, raw(&["", "Solo", ""])).problems[0].code, ProblemCode::EmailMissing);
    }
}
