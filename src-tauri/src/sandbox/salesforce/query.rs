//! SOQL over REST and the Tooling API, in pages: `GET …/query?q=` and `GET …/tooling/query?q=` answer
//! `{totalSize, done, records, nextRecordsUrl?}` with at most `query_batch_size` records; the rest waits
//! behind a query locator (`…/query/01gSB…-2000`), as on Salesforce. At most 10 locators stay open (the
//! oldest is dropped, like Salesforce's open-cursor limit); an unknown one is `INVALID_QUERY_LOCATOR`.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::rest::{authorize, known_version, not_found, session_refused};
use super::{rest_error, soql, Inner, SfState};

const OPEN_CURSORS: usize = 10;

/// Open query locators: id → every record of the query.
#[derive(Default)]
pub(super) struct Cursors {
    open: HashMap<String, Arc<Vec<Value>>>,
    order: VecDeque<String>,
    next: u64,
}

impl Cursors {
    fn open(&mut self, records: Arc<Vec<Value>>) -> String {
        self.next += 1;
        let id = format!("01gSB{:010}AAA", self.next);
        self.open.insert(id.clone(), records);
        self.order.push_back(id.clone());
        while self.order.len() > OPEN_CURSORS {
            if let Some(oldest) = self.order.pop_front() {
                self.open.remove(&oldest);
            }
        }
        id
    }

    fn close(&mut self, id: &str) {
        self.open.remove(id);
        self.order.retain(|open| open != id);
    }
}

/// Which API a call is on: paths and forced faults differ.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Api {
    Rest,
    Tooling,
}

impl Api {
    fn query_path(self, version: &str) -> String {
        match self {
            Self::Rest => format!("/services/data/{version}/query"),
            Self::Tooling => format!("/services/data/{version}/tooling/query"),
        }
    }
}

/// A forced Tooling error (control `next_tooling_errors`), if one is due.
pub(super) fn forced_tooling_error(inner: &mut Inner) -> Option<Response> {
    let spec = inner.settings.next_tooling_errors.first_mut()?;
    spec.count = spec.count.saturating_sub(1);
    let status = StatusCode::from_u16(spec.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let message = spec.message.clone().unwrap_or_else(|| "Forced by the sandbox.".to_owned());
    let code = spec.error_code.clone();
    if spec.count == 0 {
        inner.settings.next_tooling_errors.remove(0);
    }
    Some(rest_error(status, &code, &message))
}

/// The refusal to give, if any: unknown version, invalid token, or a forced fault.
pub(super) fn refusal(sf: &SfState, headers: &HeaderMap, version: &str, api: Api) -> Option<Response> {
    if !known_version(version) {
        return Some(not_found());
    }
    match authorize(sf, headers) {
        Err(_) => return Some(session_refused()),
        Ok(Some(forced)) => return Some(forced),
        Ok(None) => {}
    }
    if api == Api::Tooling {
        return forced_tooling_error(&mut sf.lock());
    }
    None
}

fn page(inner: &mut Inner, api: Api, version: &str, cursor: Option<&str>, records: Arc<Vec<Value>>, offset: usize) -> Value {
    let batch = inner.settings.query_batch_size.max(1);
    let end = offset.saturating_add(batch).min(records.len());
    let slice: Vec<Value> = records.get(offset..end).unwrap_or_default().to_vec();
    let done = end >= records.len();
    let mut answer = json!({ "totalSize": records.len(), "done": done, "records": slice });
    if done {
        if let Some(id) = cursor {
            inner.cursors.close(id);
        }
    } else {
        let id = match cursor {
            Some(id) => id.to_owned(),
            None => inner.cursors.open(records.clone()),
        };
        answer["nextRecordsUrl"] = json!(format!("{}/{id}-{end}", api.query_path(version)));
    }
    answer
}

fn run(sf: SfState, headers: HeaderMap, version: String, raw: Option<String>, api: Api) -> Response {
    if let Some(refused) = refusal(&sf, &headers, &version, api) {
        return refused;
    }
    let q = url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .find(|(key, _)| key == "q")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    if q.trim().is_empty() {
        return rest_error(StatusCode::BAD_REQUEST, "MALFORMED_QUERY", "A query string has to be specified");
    }
    let mut inner = sf.lock();
    match api {
        Api::Rest => inner.counters.queries += 1,
        Api::Tooling => inner.counters.tooling_queries += 1,
    }
    let answer = match api {
        Api::Rest => soql::run(&q, |object| inner.org.table(object)),
        Api::Tooling => soql::run(&q, |object| inner.org.tooling_table(object)),
    };
    match answer {
        Ok((_, records)) => Json(page(&mut inner, api, &version, None, Arc::new(records), 0)).into_response(),
        Err(err) => rest_error(StatusCode::BAD_REQUEST, err.code, &err.message),
    }
}

fn more(sf: SfState, headers: HeaderMap, version: String, locator: String, api: Api) -> Response {
    if let Some(refused) = refusal(&sf, &headers, &version, api) {
        return refused;
    }
    let invalid = || rest_error(StatusCode::BAD_REQUEST, "INVALID_QUERY_LOCATOR", "invalid query locator");
    let Some((id, offset)) = locator.rsplit_once('-') else { return invalid() };
    let Ok(offset) = offset.parse::<usize>() else { return invalid() };
    let mut inner = sf.lock();
    let Some(records) = inner.cursors.open.get(id).cloned() else { return invalid() };
    inner.counters.query_more += 1;
    Json(page(&mut inner, api, &version, Some(id), records, offset)).into_response()
}

/// `GET /services/data/vXX.X/query?q=…`.
pub(super) async fn query(State(sf): State<SfState>, headers: HeaderMap, Path(version): Path<String>, RawQuery(raw): RawQuery) -> Response {
    run(sf, headers, version, raw, Api::Rest)
}

/// `GET /services/data/vXX.X/tooling/query?q=…`.
pub(super) async fn tooling_query(
    State(sf): State<SfState>,
    headers: HeaderMap,
    Path(version): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    run(sf, headers, version, raw, Api::Tooling)
}

/// `GET /services/data/vXX.X/query/{locator}`: the next page.
pub(super) async fn query_more(State(sf): State<SfState>, headers: HeaderMap, Path((version, locator)): Path<(String, String)>) -> Response {
    more(sf, headers, version, locator, Api::Rest)
}

/// `GET /services/data/vXX.X/tooling/query/{locator}`.
pub(super) async fn tooling_query_more(
    State(sf): State<SfState>,
    headers: HeaderMap,
    Path((version, locator)): Path<(String, String)>,
) -> Response {
    more(sf, headers, version, locator, Api::Tooling)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ten_locators_stay_open() {
        let mut cursors = Cursors::default();
        let first = cursors.open(Arc::new(Vec::new()));
        for _ in 0..OPEN_CURSORS {
            cursors.open(Arc::new(Vec::new()));
        }
        assert!(!cursors.open.contains_key(&first));
        assert_eq!(cursors.open.len(), OPEN_CURSORS);
    }
}
