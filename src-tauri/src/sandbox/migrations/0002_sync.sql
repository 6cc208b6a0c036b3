-- Step 4's Action Field Sync, simulated. A job's progress is not stored: it is computed from its start
-- and the settings it was created with, so it moves on by itself, across restarts, like a remote job.
CREATE TABLE sync_jobs (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    total      INTEGER NOT NULL CHECK (total >= 0),
    per_sec    REAL NOT NULL CHECK (per_sec > 0),
    queued_ms  INTEGER NOT NULL CHECK (queued_ms >= 0),
    -- The job fails once this many people are synced (a fault set through /_sandbox/sync); NULL = never.
    fail_after INTEGER
) STRICT;

-- How the next sync job behaves (one row; absent = the defaults in state/sync.rs).
CREATE TABLE sync_settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    total      INTEGER NOT NULL,
    per_sec    REAL NOT NULL,
    queued_ms  INTEGER NOT NULL,
    fail_after INTEGER
) STRICT;
