//! `/invitations`: invite a sales user (step 5), list and reconcile, read one, resend, revoke.
//! The rules a client must cope with live here: one pending invitation per email, members cannot be
//! invited, seats are finite, and a retried write with its `Idempotency-Key` never acts twice.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use rusqlite::Transaction;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::sandbox::error::ApiError;
use crate::sandbox::routes::extract::{
    is_valid_email, normalize_email, paginate, parse_page, present, ApiJson, ApiQuery, IdempotencyKey,
};
use crate::sandbox::routes::reply::{idempotent, Reply};
use crate::sandbox::state::invitations::{self, Invitation, Origin, Status};
use crate::sandbox::state::{account, counters, teams, users, StateError};
use crate::sandbox::AppState;

pub const ROLES: [&str; 2] = ["member", "admin"];
const NAME_MAX: usize = 100;

/// Body of `POST /invitations`. Every field is optional in JSON so a missing email is a `422`, not a
/// parse error.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct CreateInvitation {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub team_id: Option<String>,
    pub role: Option<String>,
}

impl CreateInvitation {
    /// Trimmed, email lower-cased, empty strings as absent: what is compared for idempotency.
    fn normalized(self) -> Self {
        let clean = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        Self {
            email: self.email.map(|e| normalize_email(&e)),
            first_name: clean(self.first_name),
            last_name: clean(self.last_name),
            team_id: clean(self.team_id),
            role: clean(self.role).map(|r| r.to_lowercase()),
        }
    }
}

pub async fn create_invitation(
    State(app): State<AppState>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<CreateInvitation>,
) -> Result<Reply, ApiError> {
    let input = body.normalized();
    let fingerprint = serde_json::to_string(&input).map_err(|err| StateError::Corrupt(err.to_string()))?;
    app.state
        .run(move |tx, now| {
            idempotent(tx, now, key.as_deref(), "POST /invitations".into(), fingerprint, || {
                create(tx, now, key.as_deref(), input)
            })
        })
        .await
}

fn create(tx: &Transaction<'_>, now: i64, key: Option<&str>, input: CreateInvitation) -> Result<Reply, ApiError> {
    let email = input.email.unwrap_or_default();
    if email.is_empty() {
        return Err(ApiError::unprocessable("invalid_email", "email", "email is required."));
    }
    if !is_valid_email(&email) {
        return Err(ApiError::unprocessable("invalid_email", "email", "This is not a valid email address."));
    }
    for (field, value) in [("first_name", &input.first_name), ("last_name", &input.last_name)] {
        if value.as_ref().is_some_and(|v| v.chars().count() > NAME_MAX) {
            return Err(ApiError::unprocessable("invalid_name", field, "Names are at most 100 characters."));
        }
    }
    let role = input.role.unwrap_or_else(|| "member".to_owned());
    if !ROLES.contains(&role.as_str()) {
        return Err(ApiError::unprocessable("invalid_role", "role", "role is \"member\" or \"admin\"."));
    }
    let team_id = match input.team_id {
        Some(id) => match teams::find(tx, &id)? {
            Some(team) => team.id,
            None => return Err(ApiError::unprocessable("unknown_team", "team_id", "There is no team with this id.")),
        },
        None => teams::default_team(tx)?.ok_or_else(|| StateError::Corrupt("no default team".into()))?.id,
    };

    if let Some(user) = users::find_by_email(tx, &email)? {
        count_duplicate(tx, &email, key)?;
        return Err(conflict("already_member", "This person is already a member of the account.", json!(user)));
    }
    if let Some(pending) = invitations::find_pending_by_email(tx, &email)? {
        count_duplicate(tx, &email, key)?;
        return Err(conflict("already_invited", "This person already has a pending invitation.", json!(pending)));
    }
    ensure_seat_left(tx)?;

    let invitation = Invitation::new_pending(email, input.first_name, input.last_name, team_id, role, now);
    invitations::insert(tx, &invitation, Origin::Api, key)?;
    counters::bump(tx, counters::INVITATIONS_CREATED)?;
    Reply::json(StatusCode::CREATED, &invitation)
}

/// A second send for an email a client already invited through the API (not a replay of its key).
fn count_duplicate(tx: &Transaction<'_>, email: &str, key: Option<&str>) -> Result<(), ApiError> {
    if invitations::sent_before_by_client(tx, email, key)? {
        counters::bump(tx, counters::DUPLICATE_SENDS)?;
    }
    Ok(())
}

fn conflict(code: &'static str, message: &'static str, existing: serde_json::Value) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, code, message).existing(existing)
}

/// Members plus pending invitations must stay below the seats; `402 no_seats_left` otherwise.
pub fn ensure_seat_left(tx: &Transaction<'_>) -> Result<(), ApiError> {
    ensure_seats_left(tx, 1)
}

pub fn ensure_seats_left(tx: &Transaction<'_>, wanted: i64) -> Result<(), ApiError> {
    let account = account::get(tx)?.ok_or_else(|| StateError::Corrupt("no account".into()))?;
    let used = users::count(tx)? + invitations::count_pending(tx)?;
    if used.checked_add(wanted).is_none_or(|needed| needed > account.seats_total) {
        return Err(ApiError::new(
            StatusCode::PAYMENT_REQUIRED,
            "no_seats_left",
            format!("All {} seats are used ({used} members and pending invitations).", account.seats_total),
        ));
    }
    Ok(())
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub status: Option<String>,
    pub email: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct InvitationPage {
    pub items: Vec<Invitation>,
    pub next_cursor: Option<String>,
}

pub async fn list_invitations(
    State(app): State<AppState>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<InvitationPage>, ApiError> {
    let status = match present(query.status) {
        None => None,
        Some(text) => Some(Status::parse(&text.to_lowercase()).ok_or_else(|| {
            ApiError::bad_request("invalid_status", "status is one of pending, accepted, expired, revoked, bounced.")
                .field("status")
        })?),
    };
    let email = present(query.email).map(|e| normalize_email(&e));
    let page = parse_page(query.cursor, query.limit)?;
    app.state
        .run(move |tx, _now| {
            let rows = invitations::page(tx, status, email.as_deref(), page.after_seq, page.limit + 1)?;
            let (items, next_cursor) = paginate(rows, page);
            Ok(Json(InvitationPage { items, next_cursor }))
        })
        .await
}

pub async fn get_invitation(State(app): State<AppState>, Path(id): Path<String>) -> Result<Json<Invitation>, ApiError> {
    app.state.run(move |tx, _now| Ok(Json(find_or_404(tx, &id)?))).await
}

pub fn find_or_404(tx: &Transaction<'_>, id: &str) -> Result<Invitation, ApiError> {
    invitations::find(tx, id)?.ok_or_else(|| ApiError::not_found("There is no invitation with this id."))
}

/// Pending: sent again with a new expiry. Expired: pending again (needs a seat). Accepted: `409
/// already_member`. Revoked or bounced: `409 invitation_closed` (create a new one).
pub async fn resend_invitation(
    State(app): State<AppState>,
    IdempotencyKey(key): IdempotencyKey,
    Path(id): Path<String>,
) -> Result<Reply, ApiError> {
    let request = format!("POST /invitations/{id}/resend");
    app.state
        .run(move |tx, now| {
            idempotent(tx, now, key.as_deref(), request, String::new(), || {
                let invitation = find_or_404(tx, &id)?;
                match invitation.status {
                    Status::Pending => {}
                    Status::Expired => {
                        if let Some(user) = users::find_by_email(tx, &invitation.email)? {
                            return Err(conflict("already_member", "This person is already a member.", json!(user)));
                        }
                        if let Some(other) = invitations::find_pending_by_email(tx, &invitation.email)? {
                            return Err(conflict("already_invited", "A newer invitation is pending.", json!(other)));
                        }
                        ensure_seat_left(tx)?;
                    }
                    Status::Accepted => {
                        let mut error = ApiError::new(StatusCode::CONFLICT, "already_member", "It was accepted.");
                        if let Some(user) = users::find_by_email(tx, &invitation.email)? {
                            error = error.existing(json!(user));
                        }
                        return Err(error);
                    }
                    Status::Revoked | Status::Bounced => return Err(closed(&invitation)),
                }
                invitations::resend(tx, &invitation.id, now)?;
                Reply::json(StatusCode::OK, &find_or_404(tx, &invitation.id)?)
            })
        })
        .await
}

/// Pending → revoked, `204`; already revoked → `204` again; otherwise `409 invitation_closed`.
pub async fn revoke_invitation(
    State(app): State<AppState>,
    IdempotencyKey(key): IdempotencyKey,
    Path(id): Path<String>,
) -> Result<Reply, ApiError> {
    let request = format!("DELETE /invitations/{id}");
    app.state
        .run(move |tx, now| {
            idempotent(tx, now, key.as_deref(), request, String::new(), || {
                let invitation = find_or_404(tx, &id)?;
                match invitation.status {
                    Status::Pending => invitations::set_status(tx, &invitation.id, Status::Revoked, now)?,
                    Status::Revoked => {}
                    _ => return Err(closed(&invitation)),
                }
                Ok(Reply::no_content())
            })
        })
        .await
}

fn closed(invitation: &Invitation) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "invitation_closed",
        format!("This invitation is {}; it cannot be changed.", invitation.status.as_str()),
    )
    .existing(json!(invitation))
}
