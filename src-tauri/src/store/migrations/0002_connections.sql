-- Connections per environment (Salesforce, Marketo, the Sales account). Only non-secret facts live here:
-- who is connected, to which org/instance, since when and how it was verified. Tokens and client secrets
-- are in the OS keyring.

CREATE TABLE connections (
    environment_id TEXT NOT NULL REFERENCES environments (id),
    service        TEXT NOT NULL CHECK (service IN ('salesforce', 'marketo', 'sales_account')),
    status         TEXT NOT NULL CHECK (status IN ('connected', 'disconnected', 'failed')),
    -- JSON object of non-secret facts (username, org id and name, instance URL, Munchkin ID, client id, route…).
    details        TEXT NOT NULL DEFAULT '{}',
    verified_how   TEXT,
    verified_at    TEXT,
    actor          TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (environment_id, service)
) STRICT;

ALTER TABLE events RENAME TO events_v1;

-- Same audit table, now also recording connection changes.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    environment_id TEXT,
    entity         TEXT NOT NULL CHECK (entity IN ('step', 'invitation', 'app', 'connection')),
    entity_id      TEXT NOT NULL,
    from_state     TEXT,
    to_state       TEXT,
    detail         TEXT
) STRICT;

INSERT INTO events (id, at, actor, environment_id, entity, entity_id, from_state, to_state, detail)
    SELECT id, at, actor, environment_id, entity, entity_id, from_state, to_state, detail FROM events_v1;

DROP TRIGGER events_are_append_only_update;
DROP TRIGGER events_are_append_only_delete;
DROP TABLE events_v1;

CREATE INDEX events_by_entity ON events (entity, entity_id);

CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
