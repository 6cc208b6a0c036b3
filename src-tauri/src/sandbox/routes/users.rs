//! `GET /users`: active members (an accepted invitation becomes one), filterable by email, paged.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::sandbox::error::ApiError;
use crate::sandbox::routes::extract::{normalize_email, paginate, parse_page, present, ApiQuery};
use crate::sandbox::state::users::{self, User};
use crate::sandbox::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pub email: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct UserPage {
    pub items: Vec<User>,
    pub next_cursor: Option<String>,
}

pub async fn list_users(
    State(app): State<AppState>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<UserPage>, ApiError> {
    let email = present(query.email).map(|e| normalize_email(&e));
    let page = parse_page(query.cursor, query.limit)?;
    app.state
        .run(move |tx, _now| {
            let rows = users::page(tx, email.as_deref(), page.after_seq, page.limit + 1)?;
            let (items, next_cursor) = paginate(rows, page);
            Ok(Json(UserPage { items, next_cursor }))
        })
        .await
}
