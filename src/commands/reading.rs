//! What the commands that read captures say about reading, beside the closing count
//! (`render::reading`): the records that failed, each of the first
//! [`SHOWN_PER_INPUT`] of an input in full (place, message, the line with a caret),
//! then one line for the rest of that input, so that a binary file or a
//! configuration given by mistake does not bury the screen under hundreds of copies
//! of one error (the counts, the closing tally and JSON's `errors`, still hold every
//! failure: only the printing stops); and whether anything could be read at all,
//! since when nothing could there is no report to print, only the errors.

use std::io::{self, Write};
use std::sync::Arc;

use colored::Colorize;

use crate::input::RecordError;
use crate::pipeline::Tally;
use crate::privacy::Privacy;
use crate::render::reading::write_record_error;
use crate::terminal::escape_control;

/// How many failed records of one input are shown in full.
pub const SHOWN_PER_INPUT: usize = 10;

/// Failed records seen, per input, in input order.
pub struct FailedRecords {
    privacy: Privacy,
    /// The input of the failures being counted, and how many it has had.
    file: Option<Arc<str>>,
    in_file: usize,
    /// The number of the last record seen, to notice a new input (numbers restart).
    last_number: usize,
}

impl FailedRecords {
    pub fn new(privacy: Privacy) -> Self {
        Self {
            privacy,
            file: None,
            in_file: 0,
            last_number: 0,
        }
    }

    /// Record `number` of its input failed: shown if it is one of the first few.
    pub fn failed(&mut self, err: &mut dyn Write, e: &RecordError, number: usize) -> io::Result<()> {
        if self.file.as_deref() != Some(&*e.source.file) || number <= self.last_number {
            self.finish_input(err)?;
            self.file = Some(Arc::clone(&e.source.file));
        }
        self.last_number = number;
        self.in_file += 1;
        if self.in_file <= SHOWN_PER_INPUT {
            write_record_error(err, e, number, self.privacy)?;
        }
        Ok(())
    }

    /// Record `number` of some input was read: a new input when numbering restarted.
    pub fn read(&mut self, err: &mut dyn Write, number: usize) -> io::Result<()> {
        if number <= self.last_number {
            self.finish_input(err)?;
        }
        self.last_number = number;
        Ok(())
    }

    /// The input being read ended (or could not be read further): say how many of
    /// its failures were not shown.
    pub fn finish_input(&mut self, err: &mut dyn Write) -> io::Result<()> {
        if let Some(file) = self.file.take() {
            let more = self.in_file.saturating_sub(SHOWN_PER_INPUT);
            if more > 0 {
                writeln!(
                    err,
                    "{}: {more} more record{} of {} failed ({} of {} shown): {}",
                    "error".red().bold(),
                    if more == 1 { "" } else { "s" },
                    escape_control(&file),
                    SHOWN_PER_INPUT,
                    self.in_file,
                    escape_control(&lists_every_failure(&file)),
                )?;
            }
        }
        self.in_file = 0;
        self.last_number = 0;
        Ok(())
    }
}

/// Whether no input could be read at all: each one named failed to open, and no
/// record was read.
pub fn nothing_read(tally: &Tally, inputs: usize) -> bool {
    tally.records() == 0 && tally.unreadable >= inputs
}

/// Where to see every failure of `file`: `callhook decode --format json FILE`.
fn lists_every_failure(file: &str) -> String {
    if file == "<stdin>" {
        "`callhook decode --format json` on the same input lists every one".to_owned()
    } else {
        format!("`callhook decode --format json {}` lists every one", shell_word(file))
    }
}

/// `file` as a shell reads it back in a command to paste: quoted when it has to be.
pub(crate) fn shell_word(file: &str) -> String {
    if file.is_empty() || file.contains(|c: char| c.is_whitespace() || "'\"\\$`;&|<>()*?#~".contains(c)) {
        format!("'{}'", file.replace('\'', r"'\''"))
    } else {
        file.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_quotes_a_file_name_a_shell_would_split() {
        assert_eq!(
            lists_every_failure("/bin/ls"),
            "`callhook decode --format json /bin/ls` lists every one"
        );
        assert!(lists_every_failure("<stdin>").contains("on the same input"));
        assert_eq!(
            lists_every_failure("my dump's.log"),
            r"`callhook decode --format json 'my dump'\''s.log'` lists every one"
        );
    }
}
