-- Issue 10: an invitation whose send may or may not have reached the service (timeout, lost connection,
-- unreadable answer) is `unconfirmed`, not `failed`: it keeps its idempotency key and is looked up on the
-- service before it is sent again. SQLite cannot alter a CHECK, so the table is rebuilt; the store runs
-- migrations before it turns foreign keys on (import_rows refers to invitations) and checks them after.

CREATE TABLE invitations_v6 (
    id               TEXT PRIMARY KEY,
    environment_id   TEXT NOT NULL REFERENCES environments (id),
    email            TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    display_name     TEXT,
    team_id          TEXT,
    team_name        TEXT,
    state            TEXT NOT NULL CHECK (state IN ('draft', 'queued', 'sending', 'unconfirmed', 'sent', 'accepted',
                                                    'failed', 'skipped', 'expired', 'revoked')),
    reason_code      TEXT,
    reason_message   TEXT,
    retryable        INTEGER NOT NULL DEFAULT 0 CHECK (retryable IN (0, 1)),
    remote_id        TEXT,
    -- Sent with every attempt, so a resend after a crash can never create a second invitation.
    idempotency_key  TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (environment_id, email_normalized)
) STRICT;

INSERT INTO invitations_v6 (rowid, id, environment_id, email, email_normalized, display_name, team_id, team_name, state,
                            reason_code, reason_message, retryable, remote_id, idempotency_key, created_by,
                            created_at, updated_at)
    SELECT rowid, id, environment_id, email, email_normalized, display_name, team_id, team_name, state,
           reason_code, reason_message, retryable, remote_id, idempotency_key, created_by, created_at, updated_at
    FROM invitations;

DROP INDEX invitations_by_state;
DROP TABLE invitations;
ALTER TABLE invitations_v6 RENAME TO invitations;

CREATE INDEX invitations_by_state ON invitations (environment_id, state);
