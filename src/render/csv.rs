//! RFC 4180 CSV, for commands that print a table.

use std::io::{self, Write};

pub fn write_row<S: AsRef<str>>(out: &mut dyn Write, cells: &[S]) -> io::Result<()> {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
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
}
