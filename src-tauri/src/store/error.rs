use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("the database refused write-ahead logging (journal mode {0})")]
    NoWal(String),
    #[error("cannot bring the database schema up to date: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("a previous database operation panicked; restart the app")]
    Poisoned,
    #[error("{entity} {id} not found")]
    NotFound { entity: &'static str, id: String },
    #[error("{entity} {id} is {actual}, expected {expected}")]
    StaleState { entity: &'static str, id: String, expected: String, actual: String },
    #[error("stored value is invalid: {0}")]
    Corrupt(String),
    #[error("the data folder {} cannot be written (the database {}: {source}). Make it writable for this user, or {}. Nothing in it was changed", folder(.path), .path.display(), crate::paths::CHOOSE_ANOTHER)]
    NotWritable { path: PathBuf, source: rusqlite::Error },
    #[error("the disk holding the data folder {} is full (the database {} could not grow). Free some space on it, or {}. Nothing recorded was lost", folder(.path), .path.display(), crate::paths::CHOOSE_ANOTHER)]
    Full { path: PathBuf },
    /// SQLite cannot read the file as a database: `open` sets it aside and starts afresh.
    #[error("the database {} is damaged: {reason}", .path.display())]
    Damaged { path: PathBuf, reason: String },
    #[error("the database {} is damaged ({reason}) and could not be moved aside: {source}. Nothing was changed; move it out of the folder yourself, or {}", .path.display(), crate::paths::CHOOSE_ANOTHER)]
    SetAside { path: PathBuf, reason: String, source: std::io::Error },
}

fn folder(path: &std::path::Path) -> String {
    path.parent().unwrap_or(path).display().to_string()
}
