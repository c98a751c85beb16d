//! `decode`'s output: one [`DecodeReport`] per `--format` (`text`, `json`, `ndjson`, `csv`),
//! and the writer that puts the records the reading workers rendered in input
//! order, numbered ([`output`]).

pub mod csv;
pub mod json;
pub mod output;
pub mod text;

use std::io::{self, Write};

use crate::decode::DecodedRecord;
use crate::input::RecordError;
use crate::pipeline::Tally;
use crate::render::json_writer::RecordNumber;

pub use csv::DecodeCsv;
pub use json::{DecodeJson, DecodeNdjson};
pub use output::DecodeOutput;
pub use text::DecodeText;

/// One `decode --format`: how its output begins and ends, how each record is written
/// and what goes between records. Records are written on the reading workers, before
/// their number within their file is known: a format writes the number through
/// [`RecordNumber`], and [`output::RecordWriter`] puts it in its place.
pub trait DecodeReport: Sync {
    /// Before the first record.
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        let _ = out;
        Ok(())
    }

    /// One record, into `out`.
    fn record(&self, record: &DecodedRecord, number: RecordNumber<'_>, out: &mut Vec<u8>);

    /// What goes before a record that follows `written` others.
    fn separator(&self, written: usize) -> &'static [u8];

    /// A record that could not be read, number `number`, after `failures` others:
    /// what the format keeps of it for [`DecodeReport::end`], into `kept`. Reported
    /// on stderr in any case.
    fn failure(&self, e: &RecordError, number: usize, kept: &mut Vec<u8>, failures: usize) {
        let _ = (e, number, kept, failures);
    }

    /// After the last record.
    fn end(&self, out: &mut dyn Write, ending: &Ending<'_>) -> io::Result<()> {
        let _ = (out, ending);
        Ok(())
    }
}

/// What the end of the output may need: how many records and failures were written,
/// what was kept of the failures, and the counts of the whole run.
pub struct Ending<'a> {
    pub written: usize,
    pub failures: usize,
    pub kept: &'a [u8],
    pub tally: &'a Tally,
}
