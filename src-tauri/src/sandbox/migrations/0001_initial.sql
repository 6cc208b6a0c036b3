-- The simulated Sales account. One row: the sandbox serves a single account.
CREATE TABLE account (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    seats_total     INTEGER NOT NULL CHECK (seats_total >= 0),
    created_at      INTEGER NOT NULL,
    sf_connected    INTEGER NOT NULL DEFAULT 0,
    sf_instance_url TEXT,
    sf_org_id       TEXT,
    sf_username     TEXT,
    sf_connected_at INTEGER,
    mk_connected    INTEGER NOT NULL DEFAULT 0,
    mk_munchkin_id  TEXT,
    mk_connected_at INTEGER
) STRICT;

CREATE TABLE teams (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL UNIQUE,
    is_default INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Active members. An accepted invitation becomes a row here.
CREATE TABLE users (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    email         TEXT NOT NULL UNIQUE,
    first_name    TEXT,
    last_name     TEXT,
    team_id       TEXT NOT NULL REFERENCES teams (id),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    invitation_id TEXT,
    created_at    INTEGER NOT NULL
) STRICT;

-- Every invitation ever made; at most one pending per email. Times are ms since the Unix epoch.
CREATE TABLE invitations (
    seq             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    email           TEXT NOT NULL,
    first_name      TEXT,
    last_name       TEXT,
    team_id         TEXT NOT NULL REFERENCES teams (id),
    role            TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'expired', 'revoked', 'bounced')),
    -- 'seed' rows do not count as a client's duplicate send.
    origin          TEXT NOT NULL CHECK (origin IN ('seed', 'api')),
    idempotency_key TEXT,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    accepted_at     INTEGER,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX invitations_one_pending_per_email ON invitations (email) WHERE status = 'pending';
CREATE INDEX invitations_by_email ON invitations (email, seq);
CREATE INDEX invitations_by_status ON invitations (status, seq);

-- First answers of writes sent with an Idempotency-Key, replayed for 24 h.
CREATE TABLE idempotency_keys (
    key         TEXT PRIMARY KEY,
    request     TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status      INTEGER NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

-- Counters the reliability tests read through GET /_sandbox/stats (kept with the state they count).
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;
