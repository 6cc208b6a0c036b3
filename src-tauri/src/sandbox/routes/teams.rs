//! `GET /teams`: the account's teams; new members go to the default one ("Everyone") unless told.

use axum::extract::State;
use axum::Json;
use serde::Serialize;

use crate::sandbox::error::ApiError;
use crate::sandbox::state::teams::{self, Team};
use crate::sandbox::AppState;

#[derive(Debug, Serialize)]
pub struct TeamList {
    pub teams: Vec<Team>,
}

pub async fn list_teams(State(app): State<AppState>) -> Result<Json<TeamList>, ApiError> {
    app.state.run(|tx, _now| Ok(Json(TeamList { teams: teams::list(tx)? }))).await
}
