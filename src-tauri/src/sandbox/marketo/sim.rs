//! The instance's live state, in memory: settings set through `/_sandbox/marketo`, the access tokens
//! Identity has issued, the request limiter and the counters tests read.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::seed::{self, SeedLead, SeedRole, SeedUser};
use super::DEFAULT_TOKEN_LIFETIME_SECS;
use crate::sandbox::rate_limit::Limiter;
use crate::sandbox::RateLimit;

/// Marketo's per-instance limits: 100 calls per 20 s (606) and 10 in flight (615).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarketoLimits {
    pub calls: u32,
    pub per_secs: u64,
    pub in_flight: u32,
}

impl Default for MarketoLimits {
    fn default() -> Self {
        Self { calls: 100, per_secs: 20, in_flight: 10 }
    }
}

impl MarketoLimits {
    fn limiter(&self) -> Limiter {
        Limiter::new(&RateLimit { requests: self.calls, per: Duration::from_secs(self.per_secs), in_flight: self.in_flight })
    }
}

/// `count` API calls in a row answer Marketo error `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForcedCode {
    pub code: String,
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub token_lifetime_secs: u64,
    pub deny_603: bool,
    pub rate_limit: MarketoLimits,
    pub fail_next: VecDeque<ForcedCode>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            token_lifetime_secs: DEFAULT_TOKEN_LIFETIME_SECS,
            deny_603: false,
            rate_limit: MarketoLimits::default(),
            fail_next: VecDeque::new(),
        }
    }
}

/// What `GET /_sandbox/marketo` reports besides the settings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counters {
    /// Identity requests, whatever their answer.
    pub identity_calls: u64,
    /// New tokens issued (a repeated Identity call before expiry gets the same token, not counted here).
    pub tokens_issued: u64,
    /// Identity requests refused (bad credentials or parameters).
    pub identity_refused: u64,
    /// REST and User Management requests, whatever their answer.
    pub api_calls: u64,
    /// API answers by Marketo error code (`"601"`, `"606"`...).
    pub api_errors: BTreeMap<String, u64>,
}

#[derive(Debug, Default)]
struct Tokens {
    /// The token Identity hands out until it expires.
    current: Option<String>,
    /// Every token issued, with when it stops working.
    expiry: HashMap<String, Instant>,
}

/// Whether a presented token works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCheck {
    Valid,
    /// 601: never issued here (or issued before a restart).
    Invalid,
    /// 602.
    Expired,
}

/// The most leads one `add_leads` control makes, and the most the instance holds in all (seed included):
/// enough for the benchmarks, small enough that a control cannot fill the memory.
pub const MAX_ADD_LEADS_PER_CALL: usize = 100_000;
pub const MAX_LEADS_TOTAL: usize = 500_000;
/// The longest token life a control may set (a year; Marketo's own is 3,600 s).
pub const MAX_TOKEN_LIFETIME_SECS: u64 = 365 * 24 * 60 * 60;

/// Why `add_leads` made nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddLeadsError {
    #[error("add_leads takes at most {MAX_ADD_LEADS_PER_CALL} leads per call")]
    PerCall,
    #[error("the instance holds {held} leads; {MAX_LEADS_TOTAL} is the most it takes in all")]
    Total { held: usize },
    #[error("add_leads.start plus count is too large")]
    Numbering,
}

/// Leads made up in bulk through `POST /_sandbox/marketo {"add_leads": …}` (benchmarks, big tests):
/// `person{start + i}@{domain}` for `i < count`; every `sfdc_every`-th one (0 = none) carries a
/// Salesforce lead id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkLeads {
    pub count: usize,
    #[serde(default = "bulk_domain")]
    pub domain: String,
    #[serde(default)]
    pub start: usize,
    #[serde(default = "two")]
    pub sfdc_every: usize,
}

fn bulk_domain() -> String {
    "bulk.test".into()
}

fn two() -> usize {
    2
}

/// The leads and an index by lower-cased email (a bulk lookup must not scan 30,000 leads 300 times).
#[derive(Debug, Default)]
pub struct LeadBook {
    pub leads: Vec<SeedLead>,
    by_email: HashMap<String, Vec<usize>>,
}

impl LeadBook {
    fn new(leads: Vec<SeedLead>) -> Self {
        let mut book = Self::default();
        book.extend(leads);
        book
    }

    fn extend(&mut self, leads: Vec<SeedLead>) {
        for lead in leads {
            self.by_email.entry(lead.email.to_lowercase()).or_default().push(self.leads.len());
            self.leads.push(lead);
        }
    }

    /// The leads with one of these (lower-cased) emails, in lead order.
    pub fn by_emails(&self, emails: &[String]) -> Vec<&SeedLead> {
        let mut positions: Vec<usize> = emails.iter().filter_map(|e| self.by_email.get(e)).flatten().copied().collect();
        positions.sort_unstable();
        positions.dedup();
        positions.into_iter().filter_map(|i| self.leads.get(i)).collect()
    }
}

pub struct MarketoSim {
    settings: Mutex<Settings>,
    tokens: Mutex<Tokens>,
    limiter: RwLock<Arc<Limiter>>,
    counters: Mutex<Counters>,
    leads: RwLock<LeadBook>,
    pub users: Vec<SeedUser>,
    pub roles: Vec<SeedRole>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl MarketoSim {
    pub fn new() -> Self {
        Self {
            settings: Mutex::new(Settings::default()),
            tokens: Mutex::new(Tokens::default()),
            limiter: RwLock::new(Arc::new(MarketoLimits::default().limiter())),
            counters: Mutex::new(Counters::default()),
            leads: RwLock::new(LeadBook::new(seed::leads())),
            users: seed::users(),
            roles: seed::roles(),
        }
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    pub fn counters(&self) -> Counters {
        lock(&self.counters).clone()
    }

    pub fn limiter(&self) -> Arc<Limiter> {
        self.limiter.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Back to the start: default settings, no token, counters at zero, a full bucket.
    pub fn reset(&self) {
        *lock(&self.settings) = Settings::default();
        *lock(&self.tokens) = Tokens::default();
        *lock(&self.counters) = Counters::default();
        *self.leads.write().unwrap_or_else(PoisonError::into_inner) = LeadBook::new(seed::leads());
        self.set_limits(MarketoLimits::default());
    }

    /// The leads, for reading.
    pub fn leads(&self) -> std::sync::RwLockReadGuard<'_, LeadBook> {
        self.leads.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds made-up leads after the seed's (ids continue from the last one). Answers how many leads exist;
    /// over a cap, or numbers that would overflow, it adds nothing. Checked under the write lock, so two
    /// controls at once cannot pass the total cap together.
    pub fn add_leads(&self, bulk: &BulkLeads) -> Result<usize, AddLeadsError> {
        self.add_leads_up_to(bulk, MAX_LEADS_TOTAL)
    }

    fn add_leads_up_to(&self, bulk: &BulkLeads, total_cap: usize) -> Result<usize, AddLeadsError> {
        if bulk.count > MAX_ADD_LEADS_PER_CALL {
            return Err(AddLeadsError::PerCall);
        }
        bulk.start.checked_add(bulk.count).ok_or(AddLeadsError::Numbering)?;
        let mut book = self.leads.write().unwrap_or_else(PoisonError::into_inner);
        let held = book.leads.len();
        if held.checked_add(bulk.count).is_none_or(|total| total > total_cap) {
            return Err(AddLeadsError::Total { held });
        }
        let first_id = book.leads.iter().map(|l| l.id).max().unwrap_or(1000).saturating_add(1);
        let made: Vec<SeedLead> = (0..bulk.count)
            .map(|i| {
                let n = bulk.start + i;
                let synced = bulk.sfdc_every > 0 && i % bulk.sfdc_every == 0;
                SeedLead {
                    id: first_id.saturating_add(i64::try_from(i).unwrap_or(i64::MAX)),
                    email: format!("person{n}@{}", bulk.domain),
                    first_name: "Person".into(),
                    last_name: format!("{n}"),
                    company: "Bulk Co".into(),
                    sfdc_lead_id: synced.then(|| format!("00Q5g{n:013}")),
                    sfdc_contact_id: None,
                }
            })
            .collect();
        book.extend(made);
        Ok(book.leads.len())
    }

    /// New tokens live this long; the current one is no longer handed out (it keeps working until its own
    /// expiry), so the next Identity call issues a token with the new life.
    pub fn set_token_lifetime(&self, secs: u64) {
        lock(&self.settings).token_lifetime_secs = secs;
        lock(&self.tokens).current = None;
    }

    pub fn set_deny_603(&self, deny: bool) {
        lock(&self.settings).deny_603 = deny;
    }

    pub fn set_limits(&self, limits: MarketoLimits) {
        lock(&self.settings).rate_limit = limits;
        *self.limiter.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(limits.limiter());
    }

    pub fn set_fail_next(&self, codes: Vec<ForcedCode>) {
        lock(&self.settings).fail_next = codes.into_iter().filter(|c| c.count > 0).collect();
    }

    /// Every token issued so far stops working now (answers 602); the next Identity call issues a new one.
    pub fn expire_tokens_now(&self) {
        let now = Instant::now();
        let mut tokens = lock(&self.tokens);
        tokens.current = None;
        for expiry in tokens.expiry.values_mut() {
            *expiry = (*expiry).min(now);
        }
    }

    /// The token Identity answers with and its remaining whole seconds: the current one while it has at
    /// least a second left, else a new one (`<uuid>:sb`). The flag says whether it is new.
    pub fn token_for_identity(&self) -> (String, u64, bool) {
        let lifetime = lock(&self.settings).token_lifetime_secs;
        let now = Instant::now();
        let mut tokens = lock(&self.tokens);
        if let Some(current) = tokens.current.clone() {
            let left = tokens.expiry.get(&current).map_or(Duration::ZERO, |at| at.saturating_duration_since(now));
            if left >= Duration::from_secs(1) {
                return (current, left.as_secs(), false);
            }
        }
        let token = format!("{}:sb", uuid::Uuid::new_v4());
        let life = Duration::from_secs(lifetime.min(MAX_TOKEN_LIFETIME_SECS));
        tokens.expiry.insert(token.clone(), now.checked_add(life).unwrap_or(now));
        tokens.current = Some(token.clone());
        drop(tokens);
        lock(&self.counters).tokens_issued += 1;
        (token, lifetime, true)
    }

    pub fn check_token(&self, token: &str) -> TokenCheck {
        match lock(&self.tokens).expiry.get(token) {
            None => TokenCheck::Invalid,
            Some(at) if Instant::now() >= *at => TokenCheck::Expired,
            Some(_) => TokenCheck::Valid,
        }
    }

    pub fn deny_603(&self) -> bool {
        lock(&self.settings).deny_603
    }

    /// The forced code for this call, if one is armed.
    pub fn take_forced(&self) -> Option<String> {
        let mut settings = lock(&self.settings);
        let head = settings.fail_next.front_mut()?;
        let code = head.code.clone();
        head.count -= 1;
        if head.count == 0 {
            settings.fail_next.pop_front();
        }
        Some(code)
    }

    pub fn count_identity(&self, refused: bool) {
        let mut counters = lock(&self.counters);
        counters.identity_calls += 1;
        if refused {
            counters.identity_refused += 1;
        }
    }

    pub fn count_api(&self, error_code: Option<&str>) {
        let mut counters = lock(&self.counters);
        counters.api_calls += 1;
        if let Some(code) = error_code {
            *counters.api_errors.entry(code.to_owned()).or_default() += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_reuses_the_token_until_it_expires() {
        let sim = MarketoSim::new();
        let (first, life, new) = sim.token_for_identity();
        assert!(new && first.ends_with(":sb") && life == DEFAULT_TOKEN_LIFETIME_SECS);
        let (again, left, new) = sim.token_for_identity();
        assert_eq!((again.as_str(), new), (first.as_str(), false));
        assert!(left <= life);
        assert_eq!(sim.check_token(&first), TokenCheck::Valid);
        assert_eq!(sim.check_token("nope:sb"), TokenCheck::Invalid);
        sim.expire_tokens_now();
        assert_eq!(sim.check_token(&first), TokenCheck::Expired);
        let (fresh, _, new) = sim.token_for_identity();
        assert!(new && fresh != first);
        assert_eq!(sim.counters().tokens_issued, 2);
    }

    #[test]
    fn add_leads_is_capped_and_never_overflows() {
        let sim = MarketoSim::new();
        let seeded = sim.leads().leads.len();
        let bulk = |count, start| BulkLeads { count, domain: "bulk.test".into(), start, sfdc_every: 2 };
        assert_eq!(sim.add_leads(&bulk(MAX_ADD_LEADS_PER_CALL + 1, 0)), Err(AddLeadsError::PerCall));
        assert_eq!(sim.add_leads(&bulk(10, usize::MAX)), Err(AddLeadsError::Numbering));
        assert_eq!(sim.leads().leads.len(), seeded, "a refused control adds nothing");
        let cap = seeded + 150;
        assert_eq!(sim.add_leads_up_to(&bulk(100, 0), cap), Ok(seeded + 100));
        assert_eq!(sim.add_leads_up_to(&bulk(51, 100), cap), Err(AddLeadsError::Total { held: seeded + 100 }));
        assert_eq!(sim.add_leads_up_to(&bulk(50, 100), cap), Ok(cap));
    }

    #[test]
    fn forced_codes_are_used_in_order() {
        let sim = MarketoSim::new();
        sim.set_fail_next(vec![ForcedCode { code: "606".into(), count: 2 }, ForcedCode { code: "611".into(), count: 1 }]);
        let taken: Vec<_> = std::iter::from_fn(|| sim.take_forced()).collect();
        assert_eq!(taken, ["606", "606", "611"]);
    }
}
