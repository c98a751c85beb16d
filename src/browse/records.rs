//! Where each event's record is, and reading it again: the timeline keeps a few
//! facts an event, not its record, so the event view reads the record back from its
//! file when it opens, and decodes it with `decode_record`, as `decode` would.
//!
//! A place is the input, the line the record starts on and its element among the
//! results of that record (an array or a HAR archive gives several): twelve bytes an
//! event. A file is indexed by line the first time one of its records is read again
//! (one pass, newlines only), and the index grows with a followed file. Standard
//! input cannot be read twice, so its records are kept whole.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::sync::Arc;

use chrono::FixedOffset;

use crate::decode::{DecodedRecord, decode_record};
use crate::input::reader::{ReadError, RecordReader};
use crate::input::{InputFormat, RawRecord};
use crate::pipeline::Input;
use crate::timeline::event::Event;

/// Where one event's record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub input: u16,
    pub line: u32,
    pub element: u32,
}

/// The places of a timeline's events, by event ordinal (input order).
#[derive(Debug, Clone, Default)]
pub struct Places {
    places: Vec<Place>,
    /// Records of standard input, by ordinal.
    kept: HashMap<u32, Arc<RawRecord>>,
}

impl Places {
    pub fn push(&mut self, place: Place, kept: Option<Arc<RawRecord>>) {
        if let Some(raw) = kept {
            self.kept
                .insert(u32::try_from(self.places.len()).unwrap_or(u32::MAX), raw);
        }
        self.places.push(place);
    }
}

/// An event's record read again and decoded.
#[derive(Debug, Clone)]
pub struct Reread {
    pub raw: RawRecord,
    pub record: DecodedRecord,
}

/// Reads records again from the inputs they were read from.
#[derive(Debug)]
pub struct Records {
    inputs: Vec<Input>,
    forced: Option<InputFormat>,
    tz: FixedOffset,
    /// Per input, where each line starts, as far as indexed.
    lines: HashMap<u16, Vec<u64>>,
}

impl Records {
    pub fn new(inputs: Vec<Input>, forced: Option<InputFormat>, tz: FixedOffset) -> Self {
        Records {
            inputs,
            forced,
            tz,
            lines: HashMap::new(),
        }
    }

    /// The record of `event`, decoded; why not, said for the view.
    pub fn read(&mut self, places: &Places, event: &Event) -> Result<Reread, String> {
        let ordinal = event.ordinal();
        let place = *places
            .places
            .get(ordinal as usize)
            .ok_or_else(|| format!("event {ordinal} has no known place"))?;
        let raw = match places.kept.get(&ordinal) {
            Some(raw) => RawRecord::clone(raw),
            None => self.raw_at(place)?,
        };
        let record = decode_record(&raw, self.tz)
            .into_iter()
            .nth(place.element as usize)
            .ok_or_else(|| {
                format!(
                    "{}:{}: the record no longer holds this event",
                    raw.source.file, place.line
                )
            })?
            .map_err(|e| format!("{}:{}:{}: {}", e.source.file, e.line, e.column, e.message))?;
        Ok(Reread { raw, record })
    }

    /// The raw record that starts on the place's line of its file.
    fn raw_at(&mut self, place: Place) -> Result<RawRecord, String> {
        let input = self
            .inputs
            .get(usize::from(place.input))
            .ok_or_else(|| "the record's input is gone".to_owned())?;
        let name = input.name();
        let path = match input {
            Input::File(path) | Input::Part { path, .. } => path.clone(),
            Input::Stdin => return Err("standard input cannot be read again".into()),
        };
        let cannot = |e: io::Error| format!("{name}: cannot read the record again: {e}");
        let line = place.line as usize;
        let starts = self.lines.entry(place.input).or_insert_with(|| vec![0]);
        if starts.len() < line {
            index_lines(&path, starts).map_err(cannot)?;
        }
        let start = *starts
            .get(line.wrapping_sub(1))
            .ok_or_else(|| format!("{name} has no line {line} any more"))?;
        let mut file = File::open(&path).map_err(cannot)?;
        file.seek(SeekFrom::Start(start)).map_err(cannot)?;
        let reader = BufReader::new(file);
        match RecordReader::new(reader, name.clone(), self.forced)
            .counting_from(line)
            .next()
        {
            Some(Ok(raw)) if raw.source.line == line => Ok(raw),
            Some(Ok(_)) | None => Err(format!("{name}:{line}: the record is no longer there")),
            Some(Err(ReadError::Io(e))) => Err(cannot(e)),
            Some(Err(ReadError::Record(e))) => Err(format!("{}:{}:{}: {}", e.source.file, e.line, e.column, e.message)),
        }
    }
}

/// Extends `starts` (where each line starts; the first is 0) to the end of the file.
fn index_lines(path: &std::path::Path, starts: &mut Vec<u64>) -> io::Result<()> {
    let from = starts.last().copied().unwrap_or(0);
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(from))?;
    let mut buf = vec![0; 1 << 18];
    let mut at = from;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        starts.extend(memchr::memchr_iter(b'\n', &buf[..n]).map(|p| at + p as u64 + 1));
        at += n as u64;
    }
}
