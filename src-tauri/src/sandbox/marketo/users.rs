//! User Management reads: `users/roles.json`, `users/allusers.json?pageSize=&pageOffset=` and
//! `users/{userid}/roles.json`. Plain JSON arrays on success (no envelope, no `success` flag), an HTTP
//! status with `errors[]` otherwise, as the real API.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::guard::user_management_error;
use super::sim::MarketoSim;

/// Marketo's User Management datetime format: `yyyyMMdd'T'HH:mm:ss.SSS't'+|-hhmm`.
const SEEDED_AT: &str = "20250115T09:30:00.000t+0000";

pub async fn roles(State(sim): State<Arc<MarketoSim>>) -> Response {
    let roles: Vec<Value> = sim
        .roles
        .iter()
        .map(|role| {
            json!({
                "id": role.id,
                "name": role.name,
                "description": role.description,
                "type": if role.system { "system" } else { "custom" },
                "hidden": false,
                "onlyAllZones": role.id == 1,
                "createdAt": SEEDED_AT,
                "updatedAt": SEEDED_AT,
            })
        })
        .collect();
    Json(roles).into_response()
}

pub async fn all_users(State(sim): State<Arc<MarketoSim>>, Query(query): Query<HashMap<String, String>>) -> Response {
    let number = |name: &str, default: usize| query.get(name).map_or(Ok(default), |v| v.trim().parse::<usize>());
    let (Ok(page_size), Ok(page_offset)) = (number("pageSize", 20), number("pageOffset", 0)) else {
        return user_management_error("1003", "pageSize and pageOffset must be whole numbers");
    };
    if !(1..=200).contains(&page_size) {
        return user_management_error("1003", "pageSize must be between 1 and 200");
    }
    let users: Vec<Value> = sim
        .users
        .iter()
        .skip(page_offset)
        .take(page_size)
        .map(|user| {
            json!({
                "userid": user.userid,
                "firstName": user.first_name,
                "lastName": user.last_name,
                "emailAddress": user.email,
                "id": user.id,
                "apiOnly": user.api_only,
            })
        })
        .collect();
    Json(users).into_response()
}

pub async fn user_roles(State(sim): State<Arc<MarketoSim>>, Path(userid): Path<String>) -> Response {
    let Some(user) = sim.users.iter().find(|u| u.userid.eq_ignore_ascii_case(&userid)) else {
        return user_management_error("1013", "User not found");
    };
    let pairs: Vec<Value> = user
        .roles
        .iter()
        .map(|(role_id, workspace_id)| {
            let role_name = sim.roles.iter().find(|r| r.id == *role_id).map_or("", |r| r.name);
            let workspace_name = if *workspace_id == 0 { "All Workspaces" } else { "EMEA" };
            json!({
                "accessRoleId": role_id,
                "accessRoleName": role_name,
                "workspaceId": workspace_id,
                "workspaceName": workspace_name,
            })
        })
        .collect();
    Json(pairs).into_response()
}
