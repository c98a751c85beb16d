//! NDJSON: one compact JSON value per line, for `jq`, scripts and DuckDB. Both
//! `decode --format ndjson` (a record a line) and `timeline --format ndjson` (a call a
//! line) write their lines here.

use super::json_writer::WriteJson;

/// One value and its line ending.
pub fn write_line(out: &mut Vec<u8>, value: &impl WriteJson) {
    value.write_json(out);
    out.push(b'\n');
}
