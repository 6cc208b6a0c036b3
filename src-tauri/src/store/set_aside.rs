//! A database file SQLite cannot read is still the only copy of the record: it is moved aside, never
//! overwritten nor deleted, with a note beside it saying what happened and what to do, and the app starts
//! on a fresh database. The moved files keep SQLite's pairing (`<name>-wal`, `<name>-shm`), so a recovery
//! tool opening the moved database finds its log.

use super::StoreError;
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// A damaged database the app moved aside at start, for the hosts to tell the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MovedAside {
    /// Where the damaged file is now.
    pub path: String,
    /// The note written beside it.
    pub note: String,
    /// What SQLite said about the file.
    pub reason: String,
}

impl std::fmt::Display for MovedAside {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the database could not be read ({}); it was moved aside to {} (nothing deleted, see {}) and the app started with a new one",
            self.reason, self.path, self.note
        )
    }
}

/// Whether an SQLite error means the file itself is not a readable database (as opposed to busy, full,
/// read-only…).
pub(super) fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// Looks at an existing database before the app's own connection opens it, so a damaged file is left
/// exactly as found: SQLite deletes a `-wal` it cannot pair with its database when a writing connection
/// closes, and checkpoints a log into the file. Hence the header read by hand, then a read-only
/// connection, which does neither.
pub(super) fn check_existing(db: &Path) -> Result<(), StoreError> {
    use std::io::Read;
    let damaged = |reason: String| Err(StoreError::Damaged { path: db.to_path_buf(), reason });
    let mut header = Vec::with_capacity(16);
    let read = match std::fs::File::open(db) {
        Ok(file) => file.take(16).read_to_end(&mut header),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => Err(error),
    };
    match read {
        // An empty file is what SQLite makes of a database created and never written.
        Ok(0) => return Ok(()),
        Ok(_) if header == b"SQLite format 3\0" => {}
        Ok(_) => return damaged("file is not a database (it does not start with SQLite's header)".into()),
        // Unreadable is not damaged: the app's connection reports it as what it is (permissions, …).
        Err(_) => return Ok(()),
    }
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let check = rusqlite::Connection::open_with_flags(db, flags).and_then(|conn| {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // The first problem is enough to know.
        conn.query_row("PRAGMA quick_check(1)", [], |row| row.get::<_, String>(0))
    });
    match check {
        Ok(verdict) if verdict == "ok" => Ok(()),
        Ok(verdict) => damaged(verdict),
        Err(error) if is_damage(&error) => damaged(error.to_string()),
        Err(error) => Err(super::classify(db, error)),
    }
}

/// Moves `db` (and its `-wal`/`-shm`) to `<db>.corrupt-<UTC time>` under a name nothing has yet, and writes
/// the note.
pub(super) fn set_aside(db: &Path, reason: &str) -> Result<MovedAside, StoreError> {
    let failed = |source| StoreError::SetAside { path: db.to_path_buf(), reason: reason.to_owned(), source };
    let now = time::OffsetDateTime::now_utc();
    let stamp = now
        .format(time::macros::format_description!("[year][month][day]T[hour][minute][second]Z"))
        .unwrap_or_default();
    let target = free_name(db, &stamp);
    move_new(db, &target).map_err(failed)?;
    for suffix in ["-wal", "-shm"] {
        let companion = with_suffix(db, suffix);
        if companion.exists() {
            move_new(&companion, &with_suffix(&target, suffix)).map_err(failed)?;
        }
    }
    let note = with_suffix(&target, ".README.txt");
    std::fs::write(&note, note_text(db, &target, reason, &super::now_rfc3339())).map_err(failed)?;
    Ok(MovedAside { path: target.display().to_string(), note: note.display().to_string(), reason: reason.to_owned() })
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// `<db>.corrupt-<stamp>`, or `…-2`, `…-3` when an earlier start the same second took it.
fn free_name(db: &Path, stamp: &str) -> PathBuf {
    let base = with_suffix(db, &format!(".corrupt-{stamp}"));
    let mut candidate = base.clone();
    let mut n = 1;
    while candidate.exists() || with_suffix(&candidate, ".README.txt").exists() {
        n += 1;
        candidate = with_suffix(&base, &format!("-{n}"));
    }
    candidate
}

/// A rename that refuses to replace an existing file (a plain rename would, on Unix).
fn move_new(from: &Path, to: &Path) -> std::io::Result<()> {
    if to.exists() {
        return Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, format!("{} already exists", to.display())));
    }
    std::fs::rename(from, to)
}

/// The note beside the moved file, English then Spanish: nothing says yet which language its reader uses.
fn note_text(original: &Path, moved: &Path, reason: &str, when: &str) -> String {
    let (original, moved) = (original.display(), moved.display());
    let values: [(&str, &dyn std::fmt::Display); 4] = [("when", &when), ("reason", &reason), ("moved", &moved), ("original", &original)];
    let note = crate::texts::startup::SET_ASIDE_NOTE;
    format!("{}\n---\n\n{}", crate::texts::fill(note.en, &values), crate::texts::fill(note.es, &values))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_replaces_an_earlier_moved_file() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("app.db");
        std::fs::write(&db, b"first").unwrap();
        std::fs::write(with_suffix(&db, "-wal"), b"first wal").unwrap();
        let first = set_aside(&db, "file is not a database").unwrap();
        std::fs::write(&db, b"second").unwrap();
        let second = set_aside(&db, "file is not a database").unwrap();
        assert_ne!(first.path, second.path);
        assert_eq!(std::fs::read(&first.path).unwrap(), b"first");
        assert_eq!(std::fs::read(with_suffix(Path::new(&first.path), "-wal")).unwrap(), b"first wal");
        assert_eq!(std::fs::read(&second.path).unwrap(), b"second");
        assert!(!db.exists() && !with_suffix(&db, "-wal").exists());
        let note = std::fs::read_to_string(&second.note).unwrap();
        assert!(note.contains(&second.path) && note.contains("file is not a database") && note.contains(".recover"), "{note}");
    }

    #[test]
    fn a_refused_move_reports_and_keeps_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("gone.db");
        let error = set_aside(&missing, "malformed").unwrap_err();
        assert!(matches!(error, StoreError::SetAside { .. }), "{error:?}");
        assert!(error.to_string().contains("move it out of the folder yourself"), "{error}");
    }
}
