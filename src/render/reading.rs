//! What reading inputs reports on stderr: a record that could not be read, as a
//! compiler would say it (the place, what was wrong, the line with a caret under the
//! column); an input that could not be read; the closing count of records.
//!
//! Failed records are shown through [`FailedRecords`]: each of the first
//! [`SHOWN_PER_INPUT`] of an input in full, then one line for the rest of that input,
//! so that a binary file or a configuration given by mistake does not bury the screen
//! under hundreds of copies of one error. The counts, the closing tally and JSON's
//! `errors` still hold every failure: only the printing stops.

use std::io::{self, Write};
use std::sync::Arc;

use colored::Colorize;

use super::message::{plural, write_error};
use crate::input::RecordError;
use crate::pipeline::Tally;
use crate::privacy::Privacy;
use crate::terminal::escape_control;

/// `error: cannot read FILE: why`.
pub fn write_unreadable(err: &mut dyn Write, name: &str, e: &io::Error) -> io::Result<()> {
    write_error(err, format_args!("cannot read {}: {e}", escape_control(name)))
}

/// `callhook: 3 records: 2 decoded, 1 failed`.
pub fn write_tally(err: &mut dyn Write, tally: &Tally) -> io::Result<()> {
    writeln!(
        err,
        "callhook: {}: {} decoded, {} failed",
        plural(tally.records(), "record"),
        tally.decoded,
        tally.failed
    )
}

pub fn write_record_error(err: &mut dyn Write, e: &RecordError, record: usize, privacy: Privacy) -> io::Result<()> {
    writeln!(
        err,
        "{}: {}:{}:{}: record {record}: {}",
        "error".red().bold(),
        escape_control(&e.source.file),
        e.line,
        e.column,
        escape_control(&privacy.text(&e.message))
    )?;
    if e.excerpt.is_empty() {
        return Ok(());
    }
    let number = e.line.to_string();
    let pad = " ".repeat(number.len());
    // Redacted and masked whole, as wide as it was, before it is cut: the name of a
    // secret may stand outside what is shown of its value.
    let excerpt = privacy.quoted(&e.excerpt);
    // Long lines are cut around the column so the caret stays on screen.
    let chars: Vec<char> = excerpt.chars().collect();
    let column = e.column.saturating_sub(1).min(chars.len());
    let start = column.saturating_sub(60);
    let end = (column + 40).min(chars.len());
    let shown: String = chars[start..end].iter().collect();
    let shown = escape_control(&shown).into_owned();
    let prefix = if start > 0 { "..." } else { "" };
    let suffix = if end < chars.len() { "..." } else { "" };
    let before: String = chars[start..column].iter().collect();
    let caret_at = prefix.len() + escape_control(&before).chars().count();
    writeln!(err, "{pad} {}", "|".blue())?;
    writeln!(err, "{} {} {prefix}{shown}{suffix}", number.blue(), "|".blue())?;
    writeln!(err, "{pad} {} {}{}", "|".blue(), " ".repeat(caret_at), "^".red().bold())
}

/// How many failed records of one input are shown in full.
pub const SHOWN_PER_INPUT: usize = 10;

/// Failed records of the input being read, shown while few.
pub struct FailedRecords {
    privacy: Privacy,
    /// The input of the failures being counted, and how many it has had.
    file: Option<Arc<str>>,
    in_file: usize,
}

impl FailedRecords {
    pub fn new(privacy: Privacy) -> Self {
        Self {
            privacy,
            file: None,
            in_file: 0,
        }
    }

    /// Record `number` failed: shown if it is one of its input's first few. A failure
    /// from another file than the last one's ends that input's count.
    pub fn failed(&mut self, err: &mut dyn Write, e: &RecordError, number: usize) -> io::Result<()> {
        if self.file.as_deref() != Some(&*e.source.file) {
            self.ended(err)?;
            self.file = Some(Arc::clone(&e.source.file));
        }
        self.in_file += 1;
        if self.in_file <= SHOWN_PER_INPUT {
            write_record_error(err, e, number, self.privacy)?;
        }
        Ok(())
    }

    /// The input being read ended (or could not be read further): say how many of
    /// its failures were not shown.
    pub fn ended(&mut self, err: &mut dyn Write) -> io::Result<()> {
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
        Ok(())
    }
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
pub fn shell_word(file: &str) -> String {
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
