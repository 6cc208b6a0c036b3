//! What the window shows of an import: the file as sniffed (with a few sample rows for the mapping
//! editor), an import's counts and where its valid rows stand, and pages of rows filtered by status or
//! problem with every problem said in the user's language. The types are exported to TypeScript (ts-rs).

use super::check::Counts;
use super::mapping::Mapping;
use super::{checked_from_staged, import_mapping, ImportError, ProblemCode, RowStatus, Sniffed};
use crate::i18n::Language;
use crate::invites::InvitationState;
use crate::environment::SalesRouteKind;
use crate::store::{imports, Store};
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// Most rows one page may ask for.
pub const MAX_PAGE_ROWS: u64 = 1_000;

/// A file as sniffed, before its rows are checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportFileView {
    pub path: String,
    pub file_name: String,
    #[ts(type = "number")]
    pub file_size: u64,
    pub encoding: String,
    pub bom: bool,
    pub delimiter: String,
    pub has_header: bool,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    /// The mapping came from the last import of this header layout (or from the admin).
    pub mapping_remembered: bool,
    /// The first data rows, for the mapping editor.
    pub sample: Vec<Vec<String>>,
}

/// Invalid rows having one problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ProblemCount {
    pub code: ProblemCode,
    #[ts(type = "number")]
    pub rows: u64,
}

/// An import as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportView {
    #[ts(type = "number")]
    pub import_id: i64,
    pub file_name: String,
    pub encoding: String,
    pub delimiter: String,
    pub created_at: String,
    pub counts: Counts,
    pub problems: Vec<ProblemCount>,
    /// Valid rows neither invited nor handed off yet.
    #[ts(type = "number")]
    pub to_invite: u64,
    #[ts(type = "number")]
    pub invited: u64,
    #[ts(type = "number")]
    pub handed_off: u64,
    /// `http`: the app sends; `handoff`: the admin imports the clean file in the console.
    pub route: SalesRouteKind,
}

/// One problem of a row, in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportRowProblem {
    pub code: ProblemCode,
    pub column: String,
    pub value: String,
    pub message: String,
}

/// One row of the preview table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportRowView {
    #[ts(type = "number")]
    pub row: u64,
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub team: Option<String>,
    pub status: RowStatus,
    pub problems: Vec<ImportRowProblem>,
    #[ts(type = "number | null")]
    pub duplicate_of: Option<u64>,
    pub invitation_state: Option<InvitationState>,
    pub handed_off: bool,
}

/// Which rows the table shows: a status, a problem, or (both `None`) every row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowFilter {
    pub status: Option<RowStatus>,
    pub problem: Option<ProblemCode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportRowsPage {
    /// Rows matching the filter.
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number")]
    pub offset: u64,
    pub rows: Vec<ImportRowView>,
}

/// The sniffed file with its first `sample_rows` data rows.
pub fn file_view(path: &Path, sniffed: &Sniffed, sample_rows: usize) -> Result<ImportFileView, ImportError> {
    Ok(ImportFileView {
        path: path.to_string_lossy().into_owned(),
        file_name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        file_size: sniffed.file_size,
        encoding: sniffed.dialect.encoding.as_str().to_owned(),
        bom: sniffed.dialect.bom,
        delimiter: (sniffed.dialect.delimiter as char).to_string(),
        has_header: sniffed.dialect.has_header,
        headers: sniffed.headers.clone(),
        mapping: sniffed.mapping.clone(),
        mapping_remembered: sniffed.mapping_remembered,
        sample: super::sample_rows(path, sniffed, sample_rows)?,
    })
}

/// The import `import_id` with its counts, problems and send progress.
pub fn import_view(store: &Store, import_id: i64, route: SalesRouteKind) -> Result<ImportView, ImportError> {
    let (record, problems, sent) = store.read(|conn| {
        Ok((imports::get(conn, import_id)?, imports::problem_counts(conn, import_id)?, imports::send_counts(conn, import_id)?))
    })?;
    let problems = problems
        .into_iter()
        .filter_map(|(code, rows)| serde_json::from_value::<ProblemCode>(serde_json::Value::String(code)).ok().map(|code| ProblemCount { code, rows }))
        .collect();
    let counts = record.counts;
    Ok(ImportView {
        import_id: record.id,
        file_name: record.file_name,
        encoding: record.encoding,
        delimiter: record.delimiter,
        created_at: record.created_at,
        counts: Counts {
            rows: counts.rows,
            valid: counts.valid,
            invalid: counts.invalid,
            duplicates: counts.duplicates,
            already: counts.already,
            over_seats: counts.over_seats,
        },
        problems,
        to_invite: sent.to_invite,
        invited: sent.invited,
        handed_off: sent.handed_off,
        route,
    })
}

/// The newest import of an environment, if any.
pub fn latest_import(store: &Store, environment_id: &str, route: SalesRouteKind) -> Result<Option<ImportView>, ImportError> {
    match store.read(|conn| imports::latest(conn, environment_id))? {
        None => Ok(None),
        Some(record) => import_view(store, record.id, route).map(Some),
    }
}

/// A page of rows in file order matching `filter`, problems said in `language`.
pub fn rows_page(store: &Store, import_id: i64, filter: RowFilter, offset: u64, limit: u64, language: Language) -> Result<ImportRowsPage, ImportError> {
    let limit = limit.min(MAX_PAGE_ROWS);
    let mapping = import_mapping(store, import_id)?;
    let (total, staged) = store.read(|conn| match (filter.problem, filter.status) {
        (Some(code), _) => Ok((
            imports::count_with_problem(conn, import_id, code.as_str())?,
            imports::rows_with_problem(conn, import_id, code.as_str(), offset, limit)?,
        )),
        (None, status) => {
            let statuses: Vec<&str> = status.iter().map(|s| s.as_str()).collect();
            Ok((imports::count_rows(conn, import_id, &statuses)?, imports::rows_page(conn, import_id, &statuses, offset, limit)?))
        }
    })?;
    let rows = staged
        .iter()
        .map(|staged| {
            let row = checked_from_staged(staged, &mapping)?;
            Ok(ImportRowView {
                row: row.row,
                email: if row.fields.email.is_empty() { email_cell(&row.raw, &mapping) } else { row.fields.email },
                first_name: row.fields.first_name,
                last_name: row.fields.last_name,
                team: row.fields.team,
                status: row.status,
                problems: row
                    .problems
                    .iter()
                    .map(|p| ImportRowProblem { code: p.code, column: p.column.clone(), value: p.value.clone(), message: p.message_in(language) })
                    .collect(),
                duplicate_of: row.duplicate_of,
                invitation_state: staged.invitation_state.as_deref().and_then(InvitationState::parse),
                handed_off: staged.handed_off_at.is_some(),
            })
        })
        .collect::<Result<Vec<_>, ImportError>>()?;
    Ok(ImportRowsPage { total, offset, rows })
}

/// The email cell as typed, for rows whose email is not valid (so the table shows what is wrong).
fn email_cell(raw: &[String], mapping: &Mapping) -> String {
    mapping.email.and_then(|i| raw.get(i)).map(|c| c.trim().to_owned()).unwrap_or_default()
}
