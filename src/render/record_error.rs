//! A record that could not be read, as a compiler would say it: the place, what was
//! wrong, and the line with a caret under the column.

use std::io::{self, Write};

use colored::Colorize;

use crate::input::RecordError;
use crate::privacy::Privacy;
use crate::terminal::escape_control;

pub fn write_record_error(err: &mut dyn Write, e: &RecordError, record: usize, privacy: Privacy) -> io::Result<()> {
    writeln!(
        err,
        "{}: {}:{}:{}: record {record}: {}",
        "error".red().bold(),
        e.source.file,
        e.line,
        e.column,
        escape_control(&privacy.text(&e.message))
    )?;
    if e.excerpt.is_empty() {
        return Ok(());
    }
    let number = e.line.to_string();
    let pad = " ".repeat(number.len());
    // Long lines are cut around the column so the caret stays on screen.
    let chars: Vec<char> = e.excerpt.chars().collect();
    let column = e.column.saturating_sub(1).min(chars.len());
    let start = column.saturating_sub(60);
    let end = (column + 40).min(chars.len());
    let shown: String = chars[start..end].iter().collect();
    let shown = escape_control(&privacy.text(&shown)).into_owned();
    let prefix = if start > 0 { "..." } else { "" };
    let suffix = if end < chars.len() { "..." } else { "" };
    let before: String = chars[start..column].iter().collect();
    let caret_at = prefix.len() + escape_control(&before).chars().count();
    writeln!(err, "{pad} {}", "|".blue())?;
    writeln!(err, "{} {} {prefix}{shown}{suffix}", number.blue(), "|".blue())?;
    writeln!(err, "{pad} {} {}{}", "|".blue(), " ".repeat(caret_at), "^".red().bold())
}
