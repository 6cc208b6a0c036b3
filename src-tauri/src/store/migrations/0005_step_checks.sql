-- What the app found the last time it verified a step (issue 6): one row per environment and step, replaced
-- by each check; every check is also an event in the audit trail (entity 'step').

CREATE TABLE step_checks (
    environment_id TEXT NOT NULL REFERENCES environments (id),
    step_id        TEXT NOT NULL,
    outcome        TEXT NOT NULL CHECK (outcome IN ('ok', 'gaps', 'failed')),
    -- JSON array of findings: {code, level, params}. Never a secret.
    findings       TEXT NOT NULL DEFAULT '[]',
    checked_at     TEXT NOT NULL,
    actor          TEXT NOT NULL,
    PRIMARY KEY (environment_id, step_id)
) STRICT;
