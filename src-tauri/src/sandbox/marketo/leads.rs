//! `GET /rest/v1/leads/describe.json` and `GET /rest/v1/leads.json?filterType=…&filterValues=…` over the
//! seeded leads (also as `POST /rest/v1/leads.json?_method=GET` with the parameters in a form body, as
//! Marketo accepts for long queries). Paging with `batchSize` and an opaque `nextPageToken`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::guard::{rest_error, rest_ok};
use super::seed::SeedLead;
use super::sim::MarketoSim;

/// (REST name, display name, data type, read-only) of every field the sandbox knows.
const FIELDS: [(&str, &str, &str, bool); 9] = [
    ("id", "Id", "integer", true),
    ("email", "Email Address", "email", false),
    ("firstName", "First Name", "string", false),
    ("lastName", "Last Name", "string", false),
    ("company", "Company Name", "string", false),
    ("sfdcLeadId", "SFDC Lead ID", "string", true),
    ("sfdcContactId", "SFDC Contact ID", "string", true),
    ("createdAt", "Created At", "datetime", true),
    ("updatedAt", "Updated At", "datetime", true),
];
const DEFAULT_FIELDS: [&str; 6] = ["id", "email", "firstName", "lastName", "updatedAt", "createdAt"];
const SEEDED_AT: &str = "2025-01-15T09:30:00Z";
const PAGE_TOKEN_PREFIX: &str = "SBPAGE";

pub async fn describe() -> Response {
    let result: Vec<Value> = FIELDS
        .iter()
        .enumerate()
        .map(|(i, (name, display, data_type, read_only))| {
            let mut field = json!({
                "id": i + 1,
                "displayName": display,
                "dataType": data_type,
                "rest": {"name": name, "readOnly": read_only},
                "soap": {"name": name, "readOnly": read_only},
            });
            if *data_type == "string" || *data_type == "email" {
                field["length"] = json!(255);
            }
            field
        })
        .collect();
    rest_ok(json!({ "result": result }))
}

pub async fn by_filter(State(sim): State<Arc<MarketoSim>>, RawQuery(query): RawQuery) -> Response {
    search(&sim, &params(query.as_deref().unwrap_or_default().as_bytes()))
}

/// Only `_method=GET` (in the query or the form) is served: creating leads is not simulated.
pub async fn by_filter_post(State(sim): State<Arc<MarketoSim>>, RawQuery(query): RawQuery, body: Bytes) -> Response {
    let mut all = params(query.as_deref().unwrap_or_default().as_bytes());
    all.extend(params(&body));
    if all.get("_method").map(String::as_str) != Some("GET") {
        return rest_error("605", "Only POST with _method=GET is simulated on leads.json");
    }
    search(&sim, &all)
}

fn params(text: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(text).into_owned().collect()
}

fn search(sim: &MarketoSim, params: &HashMap<String, String>) -> Response {
    let text = |name: &str| params.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let Some(filter_type) = text("filterType") else {
        return rest_error("701", "filterType cannot be blank");
    };
    let Some(filter_values) = text("filterValues") else {
        return rest_error("701", "filterValues cannot be blank");
    };
    let values: Vec<String> = filter_values.split(',').map(|v| v.trim().to_lowercase()).filter(|v| !v.is_empty()).collect();
    if values.len() > 300 {
        return rest_error("1003", "Invalid filterValues: more than 300 values");
    }
    let fields: Vec<&str> = match text("fields") {
        Some(fields) => fields.split(',').map(str::trim).filter(|f| !f.is_empty()).collect(),
        None => DEFAULT_FIELDS.to_vec(),
    };
    if let Some(unknown) = fields.iter().find(|f| !FIELDS.iter().any(|(name, ..)| name == *f)) {
        return rest_error("1006", &format!("Field '{unknown}' not found"));
    }
    let batch_size = match text("batchSize").map(str::parse::<usize>) {
        None => 300,
        Some(Ok(size)) if (1..=300).contains(&size) => size,
        Some(_) => return rest_error("1003", "Invalid batchSize: must be between 1 and 300"),
    };
    let offset = match text("nextPageToken") {
        None => 0,
        Some(token) => match token.strip_prefix(PAGE_TOKEN_PREFIX).and_then(|n| n.parse::<usize>().ok()) {
            Some(offset) => offset,
            None => return rest_error("1003", "Invalid nextPageToken"),
        },
    };
    let book = sim.leads();
    let matches: Vec<&SeedLead> = match filter_type {
        "email" => book.by_emails(&values),
        "id" => book.leads.iter().filter(|l| values.contains(&l.id.to_string())).collect(),
        other => return rest_error("1003", &format!("Invalid filterType '{other}': the sandbox filters on email or id")),
    };
    if matches.len() > 1000 {
        return rest_error("1003", "Too many results match the filter");
    }
    let page: Vec<Value> = matches.iter().skip(offset).take(batch_size).map(|lead| project(lead, &fields)).collect();
    // The token comes back from the client: a made-up one near usize::MAX must not overflow.
    let Some(next) = offset.checked_add(batch_size) else {
        return rest_error("1003", "Invalid nextPageToken");
    };
    if next < matches.len() {
        rest_ok(json!({ "result": page, "moreResult": true, "nextPageToken": format!("{PAGE_TOKEN_PREFIX}{next}") }))
    } else {
        rest_ok(json!({ "result": page }))
    }
}

/// The requested fields of a lead (`id` always), `null` where the lead has no value.
fn project(lead: &SeedLead, fields: &[&str]) -> Value {
    let mut record = Map::new();
    record.insert("id".into(), json!(lead.id));
    for field in fields {
        let value = match *field {
            "id" => continue,
            "email" => json!(lead.email),
            "firstName" => json!(lead.first_name),
            "lastName" => json!(lead.last_name),
            "company" => json!(lead.company),
            "sfdcLeadId" => json!(lead.sfdc_lead_id),
            "sfdcContactId" => json!(lead.sfdc_contact_id),
            "createdAt" | "updatedAt" => json!(SEEDED_AT),
            _ => Value::Null,
        };
        record.insert((*field).to_owned(), value);
    }
    Value::Object(record)
}
