-- Issue 12: staging writes only what it needs. An import's rows are kept in chunks of a few thousand
-- (compact encoding, src-tauri/src/store/import_chunks.rs) with their counts per status, instead of one
-- SQLite row per CSV line; what changes on a row after staging (its invitation, its hand-off) goes in
-- small tables written only when it happens. The rows of `import_rows` are converted by the Rust step
-- that runs with this migration (`store::import_rows_upgrade`), which then drops `import_rows`.

CREATE TABLE import_chunks (
    import_id  INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    chunk_no   INTEGER NOT NULL,
    first_row  INTEGER NOT NULL,
    last_row   INTEGER NOT NULL,
    row_count  INTEGER NOT NULL,
    valid      INTEGER NOT NULL,
    invalid    INTEGER NOT NULL,
    duplicate  INTEGER NOT NULL,
    already    INTEGER NOT NULL,
    over_seats INTEGER NOT NULL,
    data       BLOB NOT NULL,
    PRIMARY KEY (import_id, chunk_no)
);

CREATE TABLE import_row_links (
    import_id     INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    row           INTEGER NOT NULL,
    invitation_id TEXT NOT NULL REFERENCES invitations(id),
    PRIMARY KEY (import_id, row)
) WITHOUT ROWID;

CREATE TABLE import_handoffs (
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    row       INTEGER NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (import_id, row)
) WITHOUT ROWID;
