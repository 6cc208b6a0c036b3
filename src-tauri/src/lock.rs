//! Exclusive locks on the data folder, so two processes (the window and the CLI, or two CLIs) never send
//! or reconcile the same invitations at once, and never run two sandboxes on one `sandbox.db`.
//!
//! OS advisory locks (flock on Unix, LockFileEx on Windows, through `fs4`): the OS drops them when the
//! holder dies, even on SIGKILL, so a stale lock cannot outlive its process. Always taken with try-lock:
//! a refused process says who holds the lock instead of waiting behind it. Scope is per sending run or
//! per recovery, never per process lifetime: the window and a CLI may both be open.
//!
//! Who holds the lock goes into a sibling file (`sending.lock.json`), written after locking: Windows locks
//! are mandatory, so the lock file itself cannot be read by the process being refused.

use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use ts_rs::TS;

/// The lock taken by anything that sends invitations or reconciles them.
pub const SENDING_LOCK: &str = "sending.lock";

/// Program names recorded as holders (rendered by [`Holder::describe`]).
pub mod program {
    pub const WINDOW: &str = "window";
    pub const CLI_INVITE: &str = "cli invite";
    pub const CLI_CONNECT: &str = "cli connect";
    pub const CLI_SANDBOX: &str = "cli sandbox";
}

/// Why the sending lock is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LockPurpose {
    /// A run sending invitations.
    Sending,
    /// Settling what a previous run left in `sending`.
    Recovery,
}

impl LockPurpose {
    fn doing(self) -> &'static str {
        match self {
            Self::Sending => "sending invitations",
            Self::Recovery => "recovering interrupted invitations",
        }
    }
}

/// Who holds a lock, as the holder wrote it after locking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Holder {
    pub pid: u32,
    /// `window`, `cli invite`, … (see [`program`]).
    pub program: String,
    pub purpose: LockPurpose,
    /// RFC 3339, UTC.
    pub started_at: String,
}

impl Holder {
    /// Who holds it, as the values the window's "data folder busy" text quotes.
    pub fn params(&self) -> std::collections::BTreeMap<String, String> {
        let purpose = match self.purpose {
            LockPurpose::Sending => "sending",
            LockPurpose::Recovery => "recovery",
        };
        [("pid", self.pid.to_string()), ("program", self.program.clone()), ("purpose", purpose.to_owned()), ("started_at", self.started_at.clone())]
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect()
    }

    /// "msi-actions-setup invite (pid 1234) has been sending invitations since 14:02 UTC".
    pub fn describe(&self) -> String {
        let who = match self.program.as_str() {
            program::WINDOW => "the MSI Actions Setup window".to_owned(),
            other => match other.strip_prefix("cli ") {
                Some(command) => format!("msi-actions-setup {command}"),
                None => other.to_owned(),
            },
        };
        let since = OffsetDateTime::parse(&self.started_at, &Rfc3339)
            .map(|at| format!("{:02}:{:02} UTC", at.hour(), at.minute()))
            .unwrap_or_else(|_| self.started_at.clone());
        format!("{who} (pid {}) has been {} since {since}", self.pid, self.purpose.doing())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process (or another run of this one) holds the lock; `holder` is None when it has not
    /// written who it is yet.
    #[error("{}", busy_message(.holder.as_ref()))]
    Busy { holder: Option<Holder> },
    #[error("cannot use the lock file {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// What a refused process says: who holds the folder and what to do.
pub fn busy_message(holder: Option<&Holder>) -> String {
    match holder {
        Some(holder) => format!("the data folder is busy: {} — wait for it to finish or stop it", holder.describe()),
        None => "the data folder is busy: another process is sending or recovering invitations — wait for it to finish or stop it".to_owned(),
    }
}

/// An exclusive OS lock on a file, held until dropped (closing the file releases it).
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

impl FileLock {
    /// Takes the lock without waiting; `Ok(None)` when someone else holds it. Creates the file.
    pub fn try_acquire(path: &Path) -> Result<Option<Self>, LockError> {
        let io = |source| LockError::Io { path: path.to_path_buf(), source };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        // Never truncate: the file is shared with whoever holds it.
        let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path).map_err(io)?;
        // Called through the trait: Rust 1.89+ has an inherent `File::try_lock` with another error type.
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => Ok(Some(Self { file, path: path.to_path_buf() })),
            Err(fs4::TryLockError::WouldBlock) => Ok(None),
            Err(fs4::TryLockError::Error(source)) => Err(io(source)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Closing releases it too; unlocking first makes the release immediate on every OS.
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

/// The sending lock of a data folder, held by one run or one recovery. Dropping it releases the folder.
#[derive(Debug)]
pub struct SendLock {
    holder_path: PathBuf,
    holder: Holder,
    // Declared last so it is released after the holder file is gone.
    _lock: FileLock,
}

impl SendLock {
    pub fn holder(&self) -> &Holder {
        &self.holder
    }
}

impl Drop for SendLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.holder_path);
    }
}

fn holder_path(data_dir: &Path) -> PathBuf {
    data_dir.join(format!("{SENDING_LOCK}.json"))
}

/// Takes the data folder's sending lock for `program` and `purpose`, or says who holds it.
pub fn lock_sending(data_dir: &Path, program: &str, purpose: LockPurpose) -> Result<SendLock, LockError> {
    let Some(lock) = FileLock::try_acquire(&data_dir.join(SENDING_LOCK))? else {
        return Err(LockError::Busy { holder: holder(data_dir) });
    };
    let started_at = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| OffsetDateTime::now_utc());
    let holder = Holder {
        pid: std::process::id(),
        program: program.to_owned(),
        purpose,
        started_at: started_at.format(&Rfc3339).unwrap_or_default(),
    };
    let path = holder_path(data_dir);
    write_atomically(&path, &holder).map_err(|source| LockError::Io { path: path.clone(), source })?;
    Ok(SendLock { holder_path: path, holder, _lock: lock })
}

/// Who holds the sending lock, as written by its holder. Only meaningful while the lock is held.
pub fn holder(data_dir: &Path) -> Option<Holder> {
    let text = std::fs::read_to_string(holder_path(data_dir)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Writes beside and renames, so a refused process never reads half a file.
pub(crate) fn write_atomically<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let json = serde_json::to_vec(value).map_err(std::io::Error::other)?;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, json)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_is_refused_with_the_holder_and_gets_it_once_released() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock_sending(dir.path(), program::CLI_INVITE, LockPurpose::Sending).unwrap();
        let Err(LockError::Busy { holder: Some(holder) }) = lock_sending(dir.path(), program::WINDOW, LockPurpose::Recovery) else {
            panic!("the second taker must be refused with who holds the lock");
        };
        assert_eq!(holder.pid, std::process::id());
        assert_eq!(holder.program, "cli invite");
        assert_eq!(holder.purpose, LockPurpose::Sending);
        assert!(OffsetDateTime::parse(&holder.started_at, &Rfc3339).is_ok(), "{}", holder.started_at);
        let message = LockError::Busy { holder: Some(holder) }.to_string();
        assert!(message.contains("msi-actions-setup invite (pid "), "{message}");
        assert!(message.contains("has been sending invitations since"), "{message}");
        drop(first);
        assert!(holder_path(dir.path()).metadata().is_err(), "the holder file goes with the lock");
        let again = lock_sending(dir.path(), program::WINDOW, LockPurpose::Recovery).unwrap();
        assert_eq!(again.holder().program, "window");
    }

    #[test]
    fn a_stale_holder_file_without_a_lock_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let stale = Holder { pid: 1, program: "cli invite".into(), purpose: LockPurpose::Sending, started_at: "2020-01-01T00:00:00Z".into() };
        write_atomically(&holder_path(dir.path()), &stale).unwrap();
        std::fs::write(dir.path().join(SENDING_LOCK), b"").unwrap();
        let lock = lock_sending(dir.path(), program::WINDOW, LockPurpose::Sending).unwrap();
        assert_eq!(holder(dir.path()).as_ref(), Some(lock.holder()), "the new holder replaces the stale one");
    }

    #[test]
    fn describes_the_window_and_unknown_holders() {
        let holder = Holder { pid: 7, program: "window".into(), purpose: LockPurpose::Recovery, started_at: "2024-05-01T14:02:09Z".into() };
        assert_eq!(holder.describe(), "the MSI Actions Setup window (pid 7) has been recovering interrupted invitations since 14:02 UTC");
        let unknown = LockError::Busy { holder: None }.to_string();
        assert!(unknown.contains("another process"), "{unknown}");
    }
}
