//! The stream of decoded records over every input of a command: files in argument
//! order, or standard input. `decode` renders each record as it comes; `timeline`
//! collects events from them. Counting and the closing summary live here, once.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::FixedOffset;
use colored::Colorize;

use crate::Status;
use crate::decode::config_check::check_against;
use crate::decode::{DecodedRecord, decode_record};
use crate::findings::Severity;
use crate::input::reader::{ReadError, RecordReader};
use crate::input::{InputFormat, RecordError};
use crate::validate::Webhook;

/// Where records come from: a named file or standard input.
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The inputs of a command: its FILE arguments, or stdin when it is not a terminal.
    pub fn from_args(files: &[PathBuf], command: &str) -> Result<Vec<Input>, String> {
        if files.is_empty() {
            if io::stdin().is_terminal() {
                return Err(format!(
                    "no input: name capture files, or pipe a capture into standard input (`pbpaste | callhook {command}`)"
                ));
            }
            return Ok(vec![Input::Stdin]);
        }
        Ok(files
            .iter()
            .map(|f| {
                if f.as_os_str() == "-" {
                    Input::Stdin
                } else {
                    Input::File(f.clone())
                }
            })
            .collect())
    }

    pub fn name(&self) -> Arc<str> {
        match self {
            Input::Stdin => Arc::from("<stdin>"),
            Input::File(path) => Arc::from(path.display().to_string()),
        }
    }

    pub fn open(&self) -> io::Result<Box<dyn BufRead>> {
        Ok(match self {
            Input::Stdin => Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
            Input::File(path) => Box::new(BufReader::with_capacity(1 << 18, File::open(path)?)),
        })
    }
}

/// One outcome of reading a record, with its 1-based number within its file.
pub enum Item<'a> {
    Decoded(&'a DecodedRecord, usize),
    Failed(&'a RecordError, usize),
    /// An input that could not be opened or read further.
    Unreadable(&'a str, &'a io::Error),
    /// A record from standard input was handled: a moment to flush output.
    Idle,
}

impl Item<'_> {
    /// The standard report of an unreadable input, for visitors that have no other.
    pub fn write_unreadable(err: &mut dyn Write, name: &str, e: &io::Error) -> io::Result<()> {
        writeln!(err, "{}: cannot read {name}: {e}", "error".red().bold())
    }
}

/// Counts for the closing summary and the exit status.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub decoded: usize,
    pub failed: usize,
    pub with_errors: usize,
    pub unreadable: usize,
}

impl Tally {
    /// `callhook: 3 records: 2 decoded, 1 failed`.
    pub fn write_summary(&self, err: &mut dyn Write) -> io::Result<()> {
        let total = self.decoded + self.failed;
        let noun = if total == 1 { "record" } else { "records" };
        writeln!(
            err,
            "callhook: {total} {noun}: {} decoded, {} failed",
            self.decoded, self.failed
        )
    }

    /// 2 when an input could not be read, 1 when a record failed or has an error
    /// finding, else 0.
    pub fn status(&self) -> Status {
        if self.unreadable > 0 {
            Status::CouldNotRun
        } else if self.failed > 0 || self.with_errors > 0 {
            Status::Problems
        } else {
            Status::Clean
        }
    }
}

/// Decodes every record of every input, handing each outcome to `visit`. An input
/// that cannot be read is handed over and counted; the others are still read.
pub fn read_records(
    inputs: &[Input],
    forced: Option<InputFormat>,
    config: Option<&[Webhook]>,
    tz: FixedOffset,
    mut visit: impl FnMut(Item<'_>) -> io::Result<()>,
) -> io::Result<Tally> {
    let mut tally = Tally::default();
    for input in inputs {
        let name = input.name();
        let stream = match input.open() {
            Ok(stream) => stream,
            Err(e) => {
                visit(Item::Unreadable(&name, &e))?;
                tally.unreadable += 1;
                continue;
            }
        };
        let stdin = matches!(input, Input::Stdin);
        let mut record = 0;
        for item in RecordReader::new(stream, name.clone(), forced) {
            match item {
                Ok(raw) => {
                    for result in decode_record(&raw, tz) {
                        record += 1;
                        match result {
                            Ok(mut decoded) => {
                                if let Some(webhooks) = config {
                                    check_against(&mut decoded, webhooks, tz);
                                }
                                tally.decoded += 1;
                                if decoded.findings.iter().any(|f| f.severity() == Severity::Error) {
                                    tally.with_errors += 1;
                                }
                                visit(Item::Decoded(&decoded, record))?;
                            }
                            Err(e) => {
                                tally.failed += 1;
                                visit(Item::Failed(&e, record))?;
                            }
                        }
                    }
                }
                Err(ReadError::Record(e)) => {
                    record += 1;
                    tally.failed += 1;
                    visit(Item::Failed(&e, record))?;
                }
                Err(ReadError::Io(e)) => {
                    visit(Item::Unreadable(&name, &e))?;
                    tally.unreadable += 1;
                    break;
                }
            }
            if stdin {
                visit(Item::Idle)?;
            }
        }
    }
    Ok(tally)
}
