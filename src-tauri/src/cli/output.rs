//! Standard output for the commands that print reports. Rust ignores SIGPIPE, so once the reader has gone
//! (`msi-actions-setup import … | head`) every write fails with `BrokenPipe` and `println!` panics. Here
//! the first failed write stops the printing; a closed pipe then ends the command quietly with its own
//! exit code, and any other write failure is reported once.

use std::fmt;
use std::io::{self, BufWriter, StdoutLock, Write};

pub struct Output {
    out: BufWriter<StdoutLock<'static>>,
    failed: Option<io::Error>,
}

impl Output {
    pub fn stdout() -> Self {
        Self { out: BufWriter::new(io::stdout().lock()), failed: None }
    }

    /// Writes one line, unless an earlier write failed.
    pub fn line(&mut self, text: fmt::Arguments<'_>) {
        if self.failed.is_none() {
            if let Err(error) = writeln!(self.out, "{text}") {
                self.failed = Some(error);
            }
        }
    }

    /// Flushes. `Ok` when everything was written or the reader closed the pipe (nothing left to tell
    /// anyone); the error otherwise.
    pub fn finish(mut self) -> io::Result<()> {
        let result = match self.failed.take() {
            Some(error) => Err(error),
            None => self.out.flush(),
        };
        match result {
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

/// A message on stderr that cannot panic (stderr may be closed too).
pub fn warn(text: fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr(), "{text}");
}
