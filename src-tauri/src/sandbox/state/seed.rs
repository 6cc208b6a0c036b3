//! What a new (or reset) sandbox account looks like: a named account, the default team "Everyone" plus
//! two more, an admin, one member and one pending invitation, nothing connected. Tests rely on it.

use rusqlite::Transaction;
use uuid::Uuid;

use crate::sandbox::state::{account, invitations, teams, users};

/// Seed settings taken from the sandbox configuration.
#[derive(Debug, Clone)]
pub struct Seed {
    pub seats_total: u32,
}

pub const ACCOUNT_NAME: &str = "Acme Corp (Sandbox)";
pub const ADMIN_EMAIL: &str = "admin@acme.test";
pub const MEMBER_EMAIL: &str = "maria.garcia@acme.test";
pub const PENDING_EMAIL: &str = "pending.user@acme.test";

pub fn seed(tx: &Transaction<'_>, seed: &Seed, now: i64) -> Result<(), rusqlite::Error> {
    account::insert(tx, &Uuid::new_v4().to_string(), ACCOUNT_NAME, i64::from(seed.seats_total), now)?;

    let everyone = teams::Team { id: Uuid::new_v4().to_string(), name: "Everyone".into(), default: true };
    teams::insert(tx, &everyone)?;
    let emea = teams::Team { id: Uuid::new_v4().to_string(), name: "Sales EMEA".into(), default: false };
    teams::insert(tx, &emea)?;
    teams::insert(tx, &teams::Team { id: Uuid::new_v4().to_string(), name: "SDR".into(), default: false })?;

    let admin = users::User {
        id: Uuid::new_v4().to_string(),
        email: ADMIN_EMAIL.into(),
        first_name: Some("Alex".into()),
        last_name: Some("Admin".into()),
        team_id: everyone.id.clone(),
        role: "admin".into(),
        created_at: now,
    };
    users::insert(tx, &admin, None)?;
    let member = users::User {
        id: Uuid::new_v4().to_string(),
        email: MEMBER_EMAIL.into(),
        first_name: Some("María".into()),
        last_name: Some("García".into()),
        team_id: emea.id.clone(),
        role: "member".into(),
        created_at: now,
    };
    users::insert(tx, &member, None)?;

    let pending = invitations::Invitation::new_pending(
        PENDING_EMAIL.into(),
        Some("Pat".into()),
        Some("Pending".into()),
        everyone.id,
        "member".into(),
        now,
    );
    invitations::insert(tx, &pending, invitations::Origin::Seed, None)?;
    Ok(())
}
