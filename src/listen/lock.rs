//! One listener per log: an advisory lock on `<log>.lock`, held for the whole run,
//! which names its holder inside so that a second listener can say who has it. The
//! kernel drops the lock when its holder dies, SIGKILL included, so a lock file
//! left behind never blocks the next start.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::ListenError;

/// The held lock; dropping it releases it.
#[derive(Debug)]
pub struct LogLock {
    file: File,
}

/// The lock file of a log: `<log>.lock`.
pub fn lock_path(log: &Path) -> PathBuf {
    let mut name = log.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Takes the lock of `log`, or says who holds it.
pub fn lock(log: &Path) -> Result<LogLock, ListenError> {
    let path = lock_path(log);
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| ListenError(format!("cannot open the lock file {}: {e}", path.display())))?;
    match fs4::FileExt::try_lock(&file) {
        Ok(()) => Ok(LogLock { file }),
        Err(fs4::TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = (&file).read_to_string(&mut holder);
            let holder = holder.trim();
            let holder = if holder.is_empty() {
                "another process (it has not said who it is yet)".to_owned()
            } else {
                holder.to_owned()
            };
            Err(ListenError(format!(
                "{} is already being written by {holder}; stop that listener first, or give this one another --log",
                log.display()
            )))
        }
        Err(fs4::TryLockError::Error(e)) => Err(ListenError(format!("cannot lock {}: {e}", path.display()))),
    }
}

impl LogLock {
    /// Writes who holds the lock, for a second listener to quote.
    pub fn describe(&mut self, holder: &str) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.rewind()?;
        self.file.write_all(holder.as_bytes())?;
        self.file.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_names_the_holder() {
        let dir = std::env::temp_dir().join(format!("callhook-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join("calls.ndjson");
        let mut first = lock(&log).unwrap();
        first.describe("callhook listen (pid 42) on 127.0.0.1:8787").unwrap();
        let e = lock(&log).unwrap_err().0;
        assert!(e.contains("pid 42"), "{e}");
        assert!(e.contains("calls.ndjson is already being written"), "{e}");
        drop(first);
        lock(&log).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
