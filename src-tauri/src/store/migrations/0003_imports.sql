-- CSV imports (issue 5): one row per file read, its rows staged with their verdict before anything is sent.

CREATE TABLE imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    environment_id TEXT NULL REFERENCES environments(id),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    encoding TEXT NOT NULL,
    bom INTEGER NOT NULL DEFAULT 0,
    delimiter TEXT NOT NULL,
    headers TEXT NOT NULL,
    mapping TEXT NOT NULL,
    rows INTEGER NOT NULL DEFAULT 0,
    valid INTEGER NOT NULL DEFAULT 0,
    invalid INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    already INTEGER NOT NULL DEFAULT 0,
    over_seats INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'staging' CHECK (state IN ('staging', 'staged')),
    created_at TEXT NOT NULL,
    actor TEXT NOT NULL
);

CREATE TABLE import_rows (
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    row INTEGER NOT NULL,
    raw TEXT NOT NULL,
    team TEXT NULL,
    email_normalized TEXT NULL,
    status TEXT NOT NULL CHECK (status IN ('valid', 'invalid', 'duplicate', 'already', 'over_seats')),
    problems TEXT NOT NULL DEFAULT '[]',
    duplicate_of INTEGER NULL,
    invitation_id TEXT NULL REFERENCES invitations(id),
    PRIMARY KEY (import_id, row)
);

CREATE TABLE import_mappings (
    header_key TEXT PRIMARY KEY,
    mapping TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    actor TEXT NOT NULL
);
