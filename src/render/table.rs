//! The one table of text output. Every cell of captured text goes through it, so
//! what tables show is decided here once: control characters escaped
//! (`terminal::escape_control`), a long value cut with a note that gives its length
//! and how to see it whole (so that a 4 MB value costs what a short one does, and the
//! first line comes at once), and columns at least as wide as their longest word, so
//! that on a narrow terminal a table wraps between words, never inside a uid, a
//! date or a phone number.

use std::borrow::Cow;
use std::fmt;

use colored::Colorize;
use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};

use crate::terminal::escape_control;

/// The most characters of one value a table shows; the rest is cut, with a note.
pub const CELL_SHOWN_CHARS: usize = 1000;

/// The widest a column is kept from wrapping: a longer word may still be split.
const WIDEST_WORD: usize = 64;

/// One cell: captured text, or callhook's own words.
pub enum Cell<'a> {
    /// Text from the input: escaped, and cut when long.
    Captured(Cow<'a, str>),
    /// callhook's words (a meaning, a count), perhaps styled: shown as they are.
    Own(String),
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(text: &'a str) -> Self {
        Cell::Captured(Cow::Borrowed(text))
    }
}

impl From<String> for Cell<'_> {
    fn from(text: String) -> Self {
        Cell::Captured(Cow::Owned(text))
    }
}

impl<'a> From<Cow<'a, str>> for Cell<'a> {
    fn from(text: Cow<'a, str>) -> Self {
        Cell::Captured(text)
    }
}

/// A table with bold headers (styled only when colour is on) whose rows are cells.
pub struct TextTable {
    table: Table,
    /// The longest word of each column so far, in characters.
    words: Vec<usize>,
}

impl TextTable {
    pub fn new(headers: &[&str], color: bool) -> Self {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(
                headers
                    .iter()
                    .map(|h| if color { h.bold().to_string() } else { (*h).to_owned() }),
            );
        if color {
            table.enforce_styling();
        }
        TextTable {
            table,
            words: headers.iter().map(|h| longest_word(h)).collect(),
        }
    }

    /// Draws with ASCII only.
    pub fn ascii(&mut self) {
        self.table.load_style(presets::ASCII_FULL_CONDENSED);
    }

    /// Wraps at this width, as on a terminal that wide (tests; a terminal's width is
    /// found by itself).
    #[cfg(test)]
    pub fn width(&mut self, columns: u16) {
        self.table.set_width(columns);
    }

    pub fn row<'a, C: Into<Cell<'a>>>(&mut self, cells: impl IntoIterator<Item = C>) {
        let shown: Vec<String> = cells
            .into_iter()
            .map(|cell| match cell.into() {
                Cell::Captured(text) => shown_cell(&text),
                Cell::Own(text) => text,
            })
            .collect();
        for (i, text) in shown.iter().enumerate() {
            let word = longest_word(text);
            match self.words.get_mut(i) {
                Some(w) => *w = (*w).max(word),
                None => self.words.push(word),
            }
        }
        self.table.add_row(shown);
    }
}

impl fmt::Display for TextTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Constraints set on a copy at drawing time, from every row's words.
        let mut table = self.table.clone();
        for (i, &word) in self.words.iter().enumerate() {
            if let Some(column) = table.column_mut(i) {
                // The width comfy-table counts includes a space of padding each side.
                let width = u16::try_from(word.min(WIDEST_WORD) + 2).unwrap_or(u16::MAX);
                column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(width)));
            }
        }
        write!(f, "{table}")
    }
}

/// How many rows a streamed table draws at a time.
const STREAM_CHUNK: usize = 1024;

/// A table of any number of rows in bounded memory: `rows` is called twice, once
/// to measure every column and once to draw, a chunk of rows at a time, each chunk
/// with the columns fixed at the widest cell of the whole table so that the chunks
/// join into one table, the same as [`TextTable`] draws when it need not wrap. No
/// row is held past its chunk (a `timeline --summary` of a million calls costs what
/// one of a thousand does).
pub fn write_streamed<I>(
    out: &mut dyn std::io::Write,
    headers: &[&str],
    color: bool,
    ascii: bool,
    rows: impl Fn() -> I,
) -> std::io::Result<()>
where
    I: Iterator<Item = Vec<String>>,
{
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows() {
        for (i, cell) in row.iter().enumerate() {
            let width = shown_cell(cell).lines().map(|l| l.chars().count()).max().unwrap_or(0);
            match widths.get_mut(i) {
                Some(w) => *w = (*w).max(width),
                None => widths.push(width),
            }
        }
    }
    let fixed = |table: &mut Table| {
        for (i, &width) in widths.iter().enumerate() {
            if let Some(column) = table.column_mut(i) {
                let width = u16::try_from(width + 2).unwrap_or(u16::MAX);
                column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(width)));
            }
        }
    };
    let mut rows = rows().peekable();
    let mut first = true;
    while first || rows.peek().is_some() {
        let mut chunk = if first {
            TextTable::new(headers, color)
        } else {
            TextTable::headless(color)
        };
        if ascii {
            chunk.ascii();
        }
        chunk.table.set_content_arrangement(ContentArrangement::Disabled);
        for row in rows.by_ref().take(STREAM_CHUNK) {
            chunk.row(row);
        }
        fixed(&mut chunk.table);
        let drawn = chunk.table.to_string();
        let lines: Vec<&str> = drawn.lines().collect();
        let last = rows.peek().is_none();
        // The first chunk keeps its top border, the last its bottom one.
        let from = usize::from(!first);
        let to = if last {
            lines.len()
        } else {
            lines.len().saturating_sub(1)
        };
        for line in lines.get(from..to).unwrap_or_default() {
            writeln!(out, "{line}")?;
        }
        first = false;
    }
    Ok(())
}

impl TextTable {
    /// A table without a header row: a chunk after the first of a streamed table.
    fn headless(color: bool) -> Self {
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners())
            .set_content_arrangement(ContentArrangement::Dynamic);
        if color {
            table.enforce_styling();
        }
        TextTable {
            table,
            words: Vec::new(),
        }
    }
}

/// Captured text as a cell shows it: escaped, and past [`CELL_SHOWN_CHARS`] cut with
/// a note of its whole length.
#[must_use]
pub fn shown_cell(text: &str) -> String {
    match text.char_indices().nth(CELL_SHOWN_CHARS) {
        None => escape_control(text).into_owned(),
        Some((cut, _)) => format!(
            "{}... ({} characters in all; --format json shows it whole)",
            escape_control(&text[..cut]),
            text.chars().count()
        ),
    }
}

/// The longest run of characters without white space, in characters, ignoring
/// colour escapes.
fn longest_word(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    let mut in_escape = false;
    for c in text.chars() {
        if in_escape {
            in_escape = !c.is_ascii_alphabetic();
        } else if c == '\x1b' {
            in_escape = true;
        } else if c.is_whitespace() {
            run = 0;
        } else {
            run += 1;
            longest = longest.max(run);
        }
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_with_their_length() {
        let long = "x".repeat(CELL_SHOWN_CHARS + 5);
        let cell = shown_cell(&long);
        assert!(cell.starts_with(&"x".repeat(CELL_SHOWN_CHARS)));
        assert!(cell.ends_with(&format!(
            "... ({} characters in all; --format json shows it whole)",
            CELL_SHOWN_CHARS + 5
        )));
        assert_eq!(shown_cell("a\x1b[2Jb"), "a\\x1b[2Jb");
    }

    /// At 80 columns, a table wraps between words: every uid, date and phone number
    /// is whole on one line.
    #[test]
    fn narrow_tables_wrap_between_words_never_inside_one() {
        let mut table = TextTable::new(&["uid", "type", "start", "caller", "path", "note"], false);
        table.width(80);
        let tokens = ["n2.1596270949.2175190", "2020-08-01T08:35:49+00:00", "+919711636496"];
        table.row([
            tokens[0],
            "incoming",
            tokens[1],
            tokens[2],
            "1 > 5 > 6 > 2",
            "a long note that may wrap anywhere between its words, as notes do",
        ]);
        let drawn = table.to_string();
        for token in tokens.iter().chain(&["anywhere", "between"]) {
            assert!(drawn.contains(token), "{token} is split in\n{drawn}");
        }
    }

    /// A streamed table is the table drawn whole, chunk after chunk.
    #[test]
    fn a_streamed_table_draws_as_the_whole_table_does() {
        let rows = || (0..STREAM_CHUNK * 2 + 7).map(|i| vec![format!("n2.{i}"), "x".repeat(i % 13)]);
        let mut whole = TextTable::new(&["uid", "note"], false);
        for row in rows() {
            whole.row(row);
        }
        let mut streamed = Vec::new();
        write_streamed(&mut streamed, &["uid", "note"], false, false, rows).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), format!("{whole}\n"));
        let mut empty = Vec::new();
        write_streamed(&mut empty, &["uid"], false, false, std::iter::empty).unwrap();
        assert!(String::from_utf8(empty).unwrap().contains("uid"));
    }

    #[test]
    fn words_are_counted_without_colour() {
        assert_eq!(longest_word("\x1b[1mbold\x1b[0m two"), 4);
        assert_eq!(longest_word("a bb  ccc"), 3);
    }
}
