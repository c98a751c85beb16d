//! Pretty JSON written a piece at a time, so a document of a million records is
//! streamed rather than built whole, with the bytes serde_json's pretty printer
//! would write for the whole document.

use std::io::{self, Write};

/// Pretty JSON nested inside the document: every line after the first indented by
/// `indent`, the first too when it starts a line of its own.
pub fn write_indented(
    out: &mut (impl Write + ?Sized),
    value: &impl serde::Serialize,
    indent: &str,
    own_line: bool,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        if i > 0 || own_line {
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}
