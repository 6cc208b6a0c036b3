//! `GET|POST /_sandbox/marketo`: the simulator's knobs for its Marketo instance (no auth; sandbox only).
//!
//! A POST changes only the fields it names, in this order: `reset`, then the settings, then
//! `expire_tokens_now`:
//! - `reset` (bool): default settings, every token forgotten, counters at zero;
//! - `token_lifetime_secs` (≥ 1): life of the tokens issued from now on; the current token stops being
//!   handed out (it works until its own expiry), so the next Identity call issues one with this life;
//! - `deny_603` (bool): every API call answers 603 Access denied while on;
//! - `expire_tokens_now` (bool): every token issued so far answers 602 from now on;
//! - `rate_limit` (`{calls, per_secs, in_flight}`): the 606/615 limits (default 100 / 20 s, 10);
//! - `fail_next` (`[{code, count}]`): the next API calls answer these Marketo codes, in order (replaces
//!   what was armed);
//! - `add_leads` (`{count, domain?, start?, sfdc_every?}`): adds made-up leads `person{n}@{domain}`
//!   (default `bulk.test`, n from `start`), every `sfdc_every`-th (default 2; 0 = none) synced from a
//!   Salesforce lead; at most 100,000 per call and 500,000 leads in all, else `422 too_many_leads`
//!   (`start + count` beyond the numbers: `422 out_of_range`). `reset` removes them.
//!
//! A `token_lifetime_secs` above a year is `422 out_of_range` (a token's expiry must stay computable).
//!
//! Both answer the settings and the counters (identity calls, tokens issued, API calls, API errors by
//! code). Request counts by route and HTTP status are also in `GET /_sandbox/stats`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

use super::sim::{
    AddLeadsError, BulkLeads, Counters, ForcedCode, MarketoLimits, MarketoSim, Settings, MAX_ADD_LEADS_PER_CALL,
    MAX_TOKEN_LIFETIME_SECS,
};
use crate::sandbox::error::ApiError;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    #[serde(default)]
    pub reset: bool,
    pub token_lifetime_secs: Option<u64>,
    pub deny_603: Option<bool>,
    #[serde(default)]
    pub expire_tokens_now: bool,
    pub rate_limit: Option<MarketoLimits>,
    pub fail_next: Option<Vec<ForcedCode>>,
    pub add_leads: Option<BulkLeads>,
}

fn add_leads_refused(err: AddLeadsError) -> ApiError {
    match err {
        AddLeadsError::Numbering => ApiError::unprocessable("out_of_range", "add_leads.start", err.to_string()),
        AddLeadsError::PerCall | AddLeadsError::Total { .. } => {
            ApiError::unprocessable("too_many_leads", "add_leads.count", err.to_string())
        }
    }
}

#[derive(Debug, Serialize)]
pub struct View {
    pub settings: Settings,
    pub counters: Counters,
    /// Leads the instance holds (seed and added).
    pub leads: usize,
}

fn view_of(sim: &MarketoSim) -> Json<View> {
    Json(View { settings: sim.settings(), counters: sim.counters(), leads: sim.leads().leads.len() })
}

pub async fn view(State(sim): State<Arc<MarketoSim>>) -> Json<View> {
    view_of(&sim)
}

/// An empty body changes nothing (and answers the view).
pub async fn set(State(sim): State<Arc<MarketoSim>>, body: Bytes) -> Result<Json<View>, ApiError> {
    let bad = |message: &'static str| ApiError::bad_request("invalid_marketo_control", message);
    let control: Control = if body.iter().all(u8::is_ascii_whitespace) {
        Control::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|err| ApiError::bad_request("invalid_marketo_control", format!("unreadable control: {err}")))?
    };
    if control.token_lifetime_secs == Some(0) {
        return Err(bad("token_lifetime_secs must be at least 1"));
    }
    if control.token_lifetime_secs.is_some_and(|secs| secs > MAX_TOKEN_LIFETIME_SECS) {
        return Err(ApiError::unprocessable(
            "out_of_range",
            "token_lifetime_secs",
            format!("token_lifetime_secs is at most {MAX_TOKEN_LIFETIME_SECS} (a year)"),
        ));
    }
    if control.rate_limit.is_some_and(|l| l.calls == 0 || l.per_secs == 0 || l.in_flight == 0) {
        return Err(bad("rate_limit needs calls, per_secs and in_flight above 0"));
    }
    let valid_code = |c: &ForcedCode| c.code.len() >= 3 && c.code.bytes().all(|b| b.is_ascii_digit());
    if control.fail_next.as_ref().is_some_and(|codes| !codes.iter().all(valid_code)) {
        return Err(bad("fail_next codes are Marketo error codes such as \"606\""));
    }
    if control.add_leads.as_ref().is_some_and(|b| b.domain.trim().is_empty() || b.domain.contains(['@', ','])) {
        return Err(bad("add_leads takes a plain domain"));
    }
    // What can be known before anything changes is refused first, so such a control leaves all as it was.
    if let Some(bulk) = &control.add_leads {
        if bulk.count > MAX_ADD_LEADS_PER_CALL {
            return Err(add_leads_refused(AddLeadsError::PerCall));
        }
        if bulk.start.checked_add(bulk.count).is_none() {
            return Err(add_leads_refused(AddLeadsError::Numbering));
        }
    }
    if control.reset {
        sim.reset();
    }
    if let Some(bulk) = &control.add_leads {
        sim.add_leads(bulk).map_err(add_leads_refused)?;
    }
    if let Some(secs) = control.token_lifetime_secs {
        sim.set_token_lifetime(secs);
    }
    if let Some(deny) = control.deny_603 {
        sim.set_deny_603(deny);
    }
    if let Some(limits) = control.rate_limit {
        sim.set_limits(limits);
    }
    if let Some(codes) = control.fail_next {
        sim.set_fail_next(codes);
    }
    if control.expire_tokens_now {
        sim.expire_tokens_now();
    }
    tracing::info!("sandbox Marketo controls changed");
    Ok(view_of(&sim))
}
