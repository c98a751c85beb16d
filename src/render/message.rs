//! One-line messages on stderr: `error: ...`, and the `help: ...` under it that
//! offers the nearest name. Every command says them the same way, and they quote
//! what the user gave (file names, names, values), so they are escaped here
//! (`terminal::escape_control`), once for every message.

use std::fmt::Display;
use std::io::{self, Write};

use colored::Colorize;

use crate::terminal::escape_control;

pub fn write_error(err: &mut dyn Write, message: impl Display) -> io::Result<()> {
    writeln!(
        err,
        "{}: {}",
        "error".red().bold(),
        escape_control(&message.to_string())
    )
}

/// `help: did you mean `near`? <where to look>`, or just where to look.
pub fn write_suggestion(err: &mut dyn Write, near: Option<&str>, look: &str) -> io::Result<()> {
    let look = escape_control(look);
    match near {
        Some(near) => writeln!(
            err,
            "  {}: did you mean `{}`? {look}",
            "help".cyan().bold(),
            escape_control(near)
        ),
        None => writeln!(err, "  {}: {look}", "help".cyan().bold()),
    }
}

/// `1 error`, `2 errors`: [`count`] of a noun whose plural adds an `s`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `1 anomaly`, `2 anomalies`: a number and the noun in the form it takes.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
