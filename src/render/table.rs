//! The one table style of text output.

use colored::Colorize;
use comfy_table::{ContentArrangement, Table, presets};

/// A table with bold headers; styled only when colour is on.
pub fn new_table(headers: &[&str], color: bool) -> Table {
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
    table
}
