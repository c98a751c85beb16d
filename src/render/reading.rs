//! What reading inputs reports on stderr: a record that could not be read, as a
//! compiler would say it (the place, what was wrong, the line with a caret under the
//! column); an input that could not be read; the closing count of records.

use std::io::{self, Write};

use colored::Colorize;

use super::message::write_error;
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
    let total = tally.records();
    let noun = if total == 1 { "record" } else { "records" };
    writeln!(
        err,
        "callhook: {total} {noun}: {} decoded, {} failed",
        tally.decoded, tally.failed
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
