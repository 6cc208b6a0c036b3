//! The verdict on each row: valid, invalid (with every problem found), a repeat of an earlier valid row,
//! already invited or a member, or beyond the seats left. Pure and streaming: `RowChecker` keeps only the
//! normalised emails seen so far. Problems carry a snake_case code and a message in the caller's language
//! that says what to do.

use super::mapping::{fold_accents, normalize_label, Mapping, Target};
use crate::i18n::Language;
use crate::texts::import_export as text;
use crate::invites::address::{normalize_email, validate_email, EmailProblem, EmailValidator};
use crate::invites::check::KnownPeople;
use hashbrown::hash_table::Entry;
use hashbrown::{DefaultHashBuilder, HashMap, HashTable};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::hash::BuildHasher;
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

impl CheckedRow {
    /// The row's verdict with its cells and the mapped fields read from them (trimmed, empty = none; the
    /// email only when it is valid).
    pub fn from_verdict(row: u64, raw: Vec<String>, verdict: Verdict<'_>, mapping: &Mapping) -> Self {
        let owned = |target: Target| {
            mapping.get(target).and_then(|index| raw.get(index)).map(|cell| cell.trim()).filter(|cell| !cell.is_empty()).map(str::to_owned)
        };
        let fields = RowFields {
            email: if verdict.email_normalized.is_some() { owned(Target::Email).unwrap_or_default() } else { String::new() },
            first_name: owned(Target::FirstName),
            last_name: owned(Target::LastName),
            team: verdict.team.map(Cow::into_owned),
            role: owned(Target::Role),
        };
        let email_normalized = verdict.email_normalized.map(Cow::into_owned);
        Self { row, raw, email_normalized, fields, status: verdict.status, problems: verdict.problems, duplicate_of: verdict.duplicate_of }
    }
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
    match problem {
        Empty => text::EMAIL_EMPTY,
        MissingAt => text::EMAIL_MISSING_AT,
        SeveralAt => text::EMAIL_SEVERAL_AT,
        EmptyLocalPart => text::EMAIL_EMPTY_LOCAL_PART,
        LocalPartTooLong => text::EMAIL_LOCAL_PART_TOO_LONG,
        InvalidLocalPart => text::EMAIL_INVALID_LOCAL_PART,
        EmptyDomain => text::EMAIL_EMPTY_DOMAIN,
        InvalidDomain => text::EMAIL_INVALID_DOMAIN,
        TooLong => text::EMAIL_TOO_LONG_TOTAL,
    }
    .pick(language)
}

/// The message of a problem, saying what to do.
pub fn problem_message(code: ProblemCode, column: &str, value: &str, detail: Option<EmailProblem>, language: Language) -> String {
    let value = quote(value);
    let reason = email_reason(detail.unwrap_or(EmailProblem::InvalidDomain), language);
    let (template, max) = match code {
        ProblemCode::EmailMissing => (text::PROBLEM_EMAIL_MISSING, 0),
        ProblemCode::EmailInvalid => (text::PROBLEM_EMAIL_INVALID, 0),
        ProblemCode::EmailTooLong => (text::PROBLEM_EMAIL_TOO_LONG, MAX_EMAIL_CHARS),
        ProblemCode::NameTooLong => (text::PROBLEM_NAME_TOO_LONG, MAX_NAME_CHARS),
        ProblemCode::RoleTooLong => (text::PROBLEM_ROLE_TOO_LONG, MAX_NAME_CHARS),
        ProblemCode::TeamUnknown => (text::PROBLEM_TEAM_UNKNOWN, 0),
    };
    template.fill(language, &[("column", &column), ("value", &value), ("reason", &reason), ("max", &max)])
}

/// The reason shown for a row's final state in the results file, in `language` (problems are re-worded).
pub fn row_reason(row: &CheckedRow, language: Language) -> String {
    match row.status {
        RowStatus::Invalid => row.problems.iter().map(|p| p.message_in(language)).collect::<Vec<_>>().join(" "),
        RowStatus::Duplicate => text::ROW_DUPLICATE.fill(language, &[("row", &row.duplicate_of.unwrap_or_default())]),
        RowStatus::Already => text::ROW_ALREADY.pick(language).to_owned(),
        RowStatus::OverSeats => text::ROW_OVER_SEATS.pick(language).to_owned(),
        RowStatus::Valid => text::ROW_VALID.pick(language).to_owned(),
    }
}

fn team_label(name: &str) -> String {
    normalize_label(&name.chars().map(fold_accents).collect::<String>())
}

/// Checks rows in file order, remembering the first valid row of each email. Nothing is allocated per row
/// in the usual case (100,000 rows add up): a verdict borrows its email and team from the row's cells or
/// from the context, and the emails seen are kept one after the other in one text.
pub struct RowChecker<'a> {
    context: &'a CheckContext,
    headers: &'a [String],
    mapping: &'a Mapping,
    first_seen: EmailsSeen,
    seats_left: Option<u64>,
    /// Team label (accents folded, case and spaces ignored) → the team as the account names it.
    teams: HashMap<String, &'a str>,
    /// Team cells already resolved (teams repeat on most rows): cell → known team, if any.
    team_cache: HashMap<String, Option<&'a str>>,
    /// The team of a row without one.
    fallback_team: &'a str,
    /// Email syntax, remembering the verdict on each domain.
    emails: EmailValidator,
}

impl<'a> RowChecker<'a> {
    pub fn new(context: &'a CheckContext, headers: &'a [String], mapping: &'a Mapping) -> Self {
        let default_team = context.teams.default.as_str();
        let mut teams: HashMap<String, &'a str> =
            context.teams.known.iter().flatten().map(|name| (team_label(name), name.as_str())).collect();
        for alias in DEFAULT_TEAM_NAMES.iter().map(|s| s.to_string()).chain([team_label(default_team)]) {
            teams.insert(alias, default_team);
        }
        Self {
            context,
            headers,
            mapping,
            first_seen: EmailsSeen::default(),
            seats_left: context.seats_left,
            teams,
            team_cache: HashMap::new(),
            fallback_team: context.fallback_team.as_deref().unwrap_or(default_team),
            emails: EmailValidator::default(),
        }
    }

    /// Makes room for about `rows` distinct emails up front (growing the map as it fills costs more).
    pub fn reserve(&mut self, rows: usize) {
        self.first_seen.reserve(rows);
    }

    /// The trimmed cell mapped to `target` (empty when the row is shorter than the header).
    fn cell<'r, S: AsRef<str>>(&self, raw: &'r [S], target: Target) -> Option<(usize, &'r str)> {
        let index = self.mapping.get(target)?;
        Some((index, raw.get(index).map(|c| c.as_ref().trim()).unwrap_or_default()))
    }

    fn column(&self, index: usize) -> String {
        self.headers.get(index).cloned().unwrap_or_else(|| format!("#{}", index + 1))
    }

    fn problem(&self, row: u64, index: usize, value: &str, code: ProblemCode, detail: Option<EmailProblem>) -> Problem {
        let column = self.column(index);
        let message = problem_message(code, &column, value, detail, self.context.language);
        Problem { row, column, value: quote(value), code, message, detail }
    }

    fn resolve_team(&mut self, value: &str) -> Option<&'a str> {
        if let Some(&known) = self.team_cache.get(value) {
            return known;
        }
        let known = self.teams.get(&team_label(value)).copied();
        if self.team_cache.len() < 10_000 {
            self.team_cache.insert(value.to_owned(), known);
        }
        known
    }

    /// Checks one row (the caller has skipped rows whose cells are all empty).
    pub fn check(&mut self, row: u64, raw: Vec<String>) -> CheckedRow {
        let verdict = self.verdict(row, &raw).into_owned();
        CheckedRow::from_verdict(row, raw, verdict, self.mapping)
    }

    /// [`RowChecker::check`] without copying the cells: what a dry run and staging keep of a row.
    pub fn verdict<'r, S: AsRef<str>>(&mut self, row: u64, raw: &'r [S]) -> Verdict<'r>
    where
        'a: 'r,
    {
        let mut problems = Vec::new();
        let mut email_normalized = None;
        match self.cell(raw, Target::Email) {
            None => {}
            Some((index, email)) if email.is_empty() => problems.push(self.problem(row, index, email, ProblemCode::EmailMissing, None)),
            Some((index, email)) if too_long(email, MAX_EMAIL_CHARS) => {
                problems.push(self.problem(row, index, email, ProblemCode::EmailTooLong, None))
            }
            Some((index, email)) => match self.emails.validate(email) {
                Ok(()) => email_normalized = Some(normalized(email)),
                Err(detail) => problems.push(self.problem(row, index, email, ProblemCode::EmailInvalid, Some(detail))),
            },
        }
        for (target, code) in [(Target::FirstName, ProblemCode::NameTooLong), (Target::LastName, ProblemCode::NameTooLong), (Target::Role, ProblemCode::RoleTooLong)] {
            if let Some((index, value)) = self.cell(raw, target) {
                if too_long(value, MAX_NAME_CHARS) {
                    problems.push(self.problem(row, index, value, code, None));
                }
            }
        }
        let team_cell = self.cell(raw, Target::Team).filter(|(_, v)| !v.is_empty());
        let team: &'r str = match team_cell {
            None => self.fallback_team,
            Some((index, value)) => match self.resolve_team(value) {
                Some(name) => name,
                None if self.context.teams.known.is_none() => value,
                None => {
                    problems.push(self.problem(row, index, value, ProblemCode::TeamUnknown, None));
                    value
                }
            },
        };
        let mut duplicate_of = None;
        let status = match &email_normalized {
            Some(normalized) if problems.is_empty() => {
                if let Some(first) = self.first_seen.first_or_insert(normalized, row) {
                    duplicate_of = Some(first);
                    RowStatus::Duplicate
                } else {
                    let already = is_known(&self.context.known, normalized);
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
            }
            _ => RowStatus::Invalid,
        };
        Verdict { status, email_normalized, team: Some(Cow::Borrowed(team)), problems, duplicate_of }
    }
}

/// The verdict on one row, without its cells: a dry run counts it, staging stores it beside the cells.
/// It borrows from the row's cells (`'r`) what it can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict<'r> {
    pub status: RowStatus,
    /// Normalised email when the email is valid.
    pub email_normalized: Option<Cow<'r, str>>,
    /// The team the person will join.
    pub team: Option<Cow<'r, str>>,
    pub problems: Vec<Problem>,
    /// For a duplicate: the row it repeats.
    pub duplicate_of: Option<u64>,
}

impl Verdict<'_> {
    /// The same verdict owning everything (to outlive the row's cells).
    pub fn into_owned(self) -> Verdict<'static> {
        let owned = |text: Option<Cow<'_, str>>| text.map(|t| Cow::Owned(t.into_owned()));
        Verdict { status: self.status, email_normalized: owned(self.email_normalized), team: owned(self.team), problems: self.problems, duplicate_of: self.duplicate_of }
    }
}

/// The normalised emails seen, each with the first row that had it: one text holding them one after the
/// other and a table of where each is, instead of a `String` per email.
#[derive(Default)]
struct EmailsSeen {
    text: String,
    table: HashTable<SeenEmail>,
    hasher: DefaultHashBuilder,
}

struct SeenEmail {
    hash: u64,
    start: usize,
    end: usize,
    row: u64,
}

impl EmailsSeen {
    /// Room for about `emails` (a guess: growing costs more than a little extra room).
    fn reserve(&mut self, emails: usize) {
        self.table.reserve(emails, |seen| seen.hash);
        self.text.reserve(emails.saturating_mul(24));
    }

    /// The row that had `email` first, or `None` after remembering `row` as that row.
    fn first_or_insert(&mut self, email: &str, row: u64) -> Option<u64> {
        let Self { text, table, hasher } = self;
        let hash = hasher.hash_one(email);
        let same = |seen: &SeenEmail| seen.hash == hash && text.get(seen.start..seen.end) == Some(email);
        match table.entry(hash, same, |seen| seen.hash) {
            Entry::Occupied(first) => Some(first.get().row),
            Entry::Vacant(slot) => {
                let start = text.len();
                text.push_str(email);
                slot.insert(SeenEmail { hash, start, end: text.len(), row });
                None
            }
        }
    }
}

/// [`normalize_email`] of a trimmed cell, borrowing the cell when it is already normalised (the usual
/// all-ASCII lowercase address); other ASCII is lowercased without the Unicode tables (same result).
fn normalized(email: &str) -> Cow<'_, str> {
    let trimmed = email.trim();
    if !trimmed.is_ascii() {
        Cow::Owned(normalize_email(trimmed))
    } else if trimmed.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(trimmed.to_ascii_lowercase())
    } else {
        Cow::Borrowed(trimmed)
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

    #[test]
    fn the_ascii_shortcut_normalises_as_normalize_email_does() {
        for email in [" Ana@X.COM ", "josé.ÑÚÑEZ@Ejemplo.ES", "\tİ@x.com", "a@b.c", "ẞ@x.de"] {
            assert_eq!(normalized(email), normalize_email(email), "{email:?}");
        }
    }
}
