//! RFC 4180 CSV, for commands that print a table. CSV is read on terminals and in
//! spreadsheets as often as by programs, so a cell is written as text output shows
//! it: control characters, bidirectional and zero-width characters escaped
//! (`\x1b`, `\n`, `\u{202e}`), which also keeps every row on one line.

use std::io::{self, Write};

use crate::terminal::escape_control;

pub fn write_row<S: AsRef<str>>(out: &mut dyn Write, cells: &[S]) -> io::Result<()> {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let cell = escape_control(cell.as_ref());
        let cell = cell.as_ref();
        if cell.contains([',', '"', '\n', '\r']) {
            write!(out, "\"{}\"", cell.replace('"', "\"\""))?;
        } else {
            out.write_all(cell.as_bytes())?;
        }
    }
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_only_what_needs_it() {
        let mut out = Vec::new();
        super::write_row(&mut out, &["a", "b,c", "say \"hi\"", ""]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a,\"b,c\",\"say \"\"hi\"\"\",\n");
    }

    #[test]
    fn controls_are_escaped_and_rows_stay_on_one_line() {
        let mut out = Vec::new();
        super::write_row(&mut out, &["a\x1b]0;t\x07", "two\nlines", "\u{9b}2J\u{202e}\u{7f}"]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a\\x1b]0;t\\x07,two\\nlines,\\x9b2J\\u{202e}\\x7f\n"
        );
    }
}
