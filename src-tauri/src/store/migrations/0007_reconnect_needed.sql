-- Issue 10: a connection can need a reconnect. When Salesforce's refreshed sign-in cannot be saved to the
-- OS keyring, the current call still works but what the keyring holds may not: the connection says
-- `reconnect_needed` (with why in `details.problem`) until the admin signs in again. SQLite cannot alter a
-- CHECK, so the table is rebuilt with the same columns and rows.

CREATE TABLE connections_v7 (
    environment_id TEXT NOT NULL REFERENCES environments (id),
    service        TEXT NOT NULL CHECK (service IN ('salesforce', 'marketo', 'sales_account')),
    status         TEXT NOT NULL CHECK (status IN ('connected', 'disconnected', 'failed', 'reconnect_needed')),
    -- JSON object of non-secret facts (username, org id and name, instance URL, Munchkin ID, client id, route…).
    details        TEXT NOT NULL DEFAULT '{}',
    verified_how   TEXT,
    verified_at    TEXT,
    actor          TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (environment_id, service)
) STRICT;

INSERT INTO connections_v7 (environment_id, service, status, details, verified_how, verified_at, actor, updated_at)
SELECT environment_id, service, status, details, verified_how, verified_at, actor, updated_at FROM connections;

DROP TABLE connections;
ALTER TABLE connections_v7 RENAME TO connections;
