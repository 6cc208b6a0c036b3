-- CSV imports on the console hand-off route (issue 5): a row handed to the admin in the clean console file
-- is marked when the admin confirms the console import, and that marking is audited like any other change.

ALTER TABLE import_rows ADD COLUMN handed_off_at TEXT NULL;

ALTER TABLE events RENAME TO events_v2;

-- Same audit table, now also recording imports (handed off to the console).
CREATE TABLE events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    environment_id TEXT,
    entity         TEXT NOT NULL CHECK (entity IN ('step', 'invitation', 'app', 'connection', 'import')),
    entity_id      TEXT NOT NULL,
    from_state     TEXT,
    to_state       TEXT,
    detail         TEXT
) STRICT;

INSERT INTO events (id, at, actor, environment_id, entity, entity_id, from_state, to_state, detail)
    SELECT id, at, actor, environment_id, entity, entity_id, from_state, to_state, detail FROM events_v2;

DROP TRIGGER events_are_append_only_update;
DROP TRIGGER events_are_append_only_delete;
DROP INDEX events_by_entity;
DROP TABLE events_v2;

CREATE INDEX events_by_entity ON events (entity, entity_id);

CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
