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
}
