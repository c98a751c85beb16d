//! One-line messages on stderr: `error: ...`, and the `help: ...` under it that
//! offers the nearest name. Every command says them the same way.

use std::fmt::Display;
use std::io::{self, Write};

use colored::Colorize;

pub fn write_error(err: &mut dyn Write, message: impl Display) -> io::Result<()> {
    writeln!(err, "{}: {message}", "error".red().bold())
}

/// `help: did you mean `near`? <where to look>`, or just where to look.
pub fn write_suggestion(err: &mut dyn Write, near: Option<&str>, look: &str) -> io::Result<()> {
    match near {
        Some(near) => writeln!(err, "  {}: did you mean `{near}`? {look}", "help".cyan().bold()),
        None => writeln!(err, "  {}: {look}", "help".cyan().bold()),
    }
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
