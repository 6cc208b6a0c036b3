//! `GET /account` (who we are connected to: seats, admins, connections) and
//! `POST /account/admin-invitations` (step 1: the Marketo admins become admins of the Sales account).

use std::collections::BTreeSet;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::sandbox::error::ApiError;
use crate::sandbox::routes::connections::Connections;
use crate::sandbox::routes::extract::{is_valid_email, normalize_email, ApiJson, IdempotencyKey};
use crate::sandbox::routes::invitations::ensure_seats_left;
use crate::sandbox::routes::reply::{idempotent, Reply};
use crate::sandbox::state::invitations::{self, Invitation, Origin};
use crate::sandbox::state::{account, counters, teams, users, StateError};
use crate::sandbox::AppState;

/// At most this many emails per admin-invitation call.
const MAX_ADMIN_EMAILS: usize = 50;

#[derive(Debug, Serialize)]
pub struct AccountView {
    pub id: String,
    pub name: String,
    pub seats_total: i64,
    /// Members plus pending invitations.
    pub seats_used: i64,
    pub admins: Vec<Admin>,
    pub connections: Connections,
}

#[derive(Debug, Serialize)]
pub struct Admin {
    pub email: String,
}

pub async fn get_account(State(app): State<AppState>) -> Result<Json<AccountView>, ApiError> {
    app.state
        .run(|tx, _now| {
            let account = account::get(tx)?.ok_or_else(|| StateError::Corrupt("no account".into()))?;
            let seats_used = users::count(tx)? + invitations::count_pending(tx)?;
            let admins = users::admin_emails(tx)?.into_iter().map(|email| Admin { email }).collect();
            Ok(Json(AccountView {
                id: account.id.clone(),
                name: account.name.clone(),
                seats_total: account.seats_total,
                seats_used,
                admins,
                connections: Connections::of(&account),
            }))
        })
        .await
}

#[derive(Debug, Default, Deserialize)]
pub struct AdminInvitations {
    pub emails: Option<Vec<String>>,
}

#[derive(Debug, Serialize)]
pub struct AdminInvitationResult {
    /// Newly invited as admins, or members promoted to admin.
    pub invited: Vec<String>,
    /// Already admins, or already holding a pending invitation.
    pub already: Vec<String>,
}

/// All or nothing: an invalid email or too few seats refuses the whole call.
pub async fn invite_admins(
    State(app): State<AppState>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<AdminInvitations>,
) -> Result<Reply, ApiError> {
    let emails: Vec<String> = body.emails.unwrap_or_default().iter().map(|e| normalize_email(e)).collect();
    let fingerprint = emails.join("\n");
    app.state
        .run(move |tx, now| {
            idempotent(tx, now, key.as_deref(), "POST /account/admin-invitations".into(), fingerprint, || {
                if emails.is_empty() {
                    return Err(ApiError::unprocessable("invalid_email", "emails", "emails is required."));
                }
                if emails.len() > MAX_ADMIN_EMAILS {
                    return Err(ApiError::unprocessable(
                        "too_many_emails",
                        "emails",
                        format!("At most {MAX_ADMIN_EMAILS} emails per call."),
                    ));
                }
                if let Some((index, email)) = emails.iter().enumerate().find(|(_, e)| !is_valid_email(e)) {
                    return Err(ApiError::unprocessable(
                        "invalid_email",
                        "emails",
                        format!("emails[{index}] ({email:?}) is not a valid email address."),
                    ));
                }
                // Decide everything first, act after the seat check: a refusal must leave nothing done.
                let mut result = AdminInvitationResult { invited: Vec::new(), already: Vec::new() };
                let mut to_promote = Vec::new();
                let mut to_invite = Vec::new();
                let mut seen = BTreeSet::new();
                for email in emails.iter().filter(|e| seen.insert(e.as_str())) {
                    match users::find_by_email(tx, email)? {
                        Some(user) if user.role == "admin" => result.already.push(email.clone()),
                        Some(_) => to_promote.push(email.clone()),
                        None if invitations::find_pending_by_email(tx, email)?.is_some() => {
                            result.already.push(email.clone())
                        }
                        None => to_invite.push(email.clone()),
                    }
                }
                if !to_invite.is_empty() {
                    ensure_seats_left(tx, i64::try_from(to_invite.len()).unwrap_or(i64::MAX))?;
                }
                for email in to_promote {
                    users::make_admin(tx, &email)?;
                    result.invited.push(email);
                }
                if !to_invite.is_empty() {
                    let team = teams::default_team(tx)?.ok_or_else(|| StateError::Corrupt("no default team".into()))?;
                    for email in to_invite {
                        let invitation =
                            Invitation::new_pending(email.clone(), None, None, team.id.clone(), "admin".into(), now);
                        invitations::insert(tx, &invitation, Origin::Api, None)?;
                        counters::bump(tx, counters::INVITATIONS_CREATED)?;
                        result.invited.push(email);
                    }
                }
                Reply::json(StatusCode::CREATED, &result)
            })
        })
        .await
}
