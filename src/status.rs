//! How a command ended. The exit status is a documented contract: scripts branch on it.

use std::process::ExitCode;

/// How a command ended, from best to worst: combine two with `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 0: all good.
    Clean,
    /// 1: the input was read and has problems.
    Problems,
    /// 2: the command could not run.
    CouldNotRun,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(status as u8)
    }
}
