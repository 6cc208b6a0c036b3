-- The app's own record. Secrets never live here (they go to the OS keyring).

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Sandbox and Real side by side, each with its own steps and invitations.
CREATE TABLE environments (
    id             TEXT PRIMARY KEY CHECK (id IN ('sandbox', 'real')),
    name           TEXT NOT NULL,
    -- Base URL of a Sales-account endpoint speaking docs/sales-actions-api.md; NULL = console hand-off.
    sales_base_url TEXT,
    created_at     TEXT NOT NULL
) STRICT;

INSERT INTO environments (id, name, sales_base_url, created_at) VALUES
    ('sandbox', 'Sandbox', NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('real', 'Real', NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- One row per prerequisite / step once its status is first changed; absent = not started.
CREATE TABLE setup_steps (
    environment_id TEXT NOT NULL REFERENCES environments (id),
    step_id        TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('not_started', 'in_progress', 'done', 'blocked', 'skipped')),
    reason         TEXT,
    actor          TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (environment_id, step_id)
) STRICT;

CREATE TABLE invitations (
    id               TEXT PRIMARY KEY,
    environment_id   TEXT NOT NULL REFERENCES environments (id),
    email            TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    display_name     TEXT,
    team_id          TEXT,
    team_name        TEXT,
    state            TEXT NOT NULL CHECK (state IN ('draft', 'queued', 'sending', 'sent', 'accepted',
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

CREATE INDEX invitations_by_state ON invitations (environment_id, state);

-- Audit trail: every state change of a step or an invitation, written in the same transaction.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    environment_id TEXT,
    entity         TEXT NOT NULL CHECK (entity IN ('step', 'invitation', 'app')),
    entity_id      TEXT NOT NULL,
    from_state     TEXT,
    to_state       TEXT,
    detail         TEXT
) STRICT;

CREATE INDEX events_by_entity ON events (entity, entity_id);

CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
