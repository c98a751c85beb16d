//! Reading captures for `browse`, off the thread that draws: once, or, under
//! `--follow`, again whenever the files grow. Records go through the reading
//! pipeline and the timeline's own reader (`crate::timeline::sightings`), exactly as
//! `timeline` reads them; each new state of the timeline is sent whole, as a
//! [`Snapshot`], and the view swaps it in.
//!
//! A followed file is read a whole line at a time: bytes after the last newline are
//! a request `listen` is still writing, and wait for the next look. A file that
//! shrinks (replaced, truncated) is read again from its start.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::time::{Duration, Instant};

use chrono::FixedOffset;

use super::records::{Place, Places};
use crate::input::{InputFormat, RawRecord, RecordError};
use crate::pipeline::{Input, Item, Processed, Tally, read_records};
use crate::timeline::event::Sighting;
use crate::timeline::{Collector, Timeline, sightings};

/// How often a followed file is looked at.
pub const FOLLOW_INTERVAL: Duration = Duration::from_millis(200);

/// How many record errors a snapshot keeps the text of; the tally counts them all.
const PROBLEMS_KEPT: usize = 50;

/// The timeline as read so far, and where each of its events' records is.
#[derive(Debug)]
pub struct Snapshot {
    pub timeline: Timeline,
    pub places: Places,
    pub tally: Tally,
    /// The first record errors, `file:line:column: message`.
    pub problems: Vec<String>,
    /// Inputs that could not be read, with why.
    pub unreadable: Vec<String>,
    /// Whether the files are still watched for more.
    pub following: bool,
}

/// What the reading thread sends.
#[derive(Debug)]
pub enum Update {
    Snapshot(Box<Snapshot>),
}

/// What to read and how.
#[derive(Debug, Clone)]
pub struct Reading {
    pub inputs: Vec<Input>,
    pub forced: Option<InputFormat>,
    pub tz: FixedOffset,
    pub follow: bool,
}

/// Starts reading on a thread of its own; its snapshots arrive on the receiver, and
/// it stops once the receiver is dropped.
pub fn start(reading: Reading) -> Receiver<Update> {
    // One snapshot waiting at most: a newer one replaces a state nobody drew.
    let (tx, rx) = sync_channel(1);
    std::thread::spawn(move || run(&reading, &tx));
    rx
}

/// Reads everything once and builds the timeline, on this thread: what `start` does
/// first, for tests and the startup benchmark.
#[cfg(test)]
pub fn read_once(reading: &Reading) -> Snapshot {
    let mut state = State::new(reading);
    state.read_all(reading);
    state.snapshot(false)
}

fn run(reading: &Reading, tx: &SyncSender<Update>) {
    let mut state = State::new(reading);
    state.read_all(reading);
    if !send(tx, state.snapshot(reading.follow)) || !reading.follow {
        return;
    }
    loop {
        let started = Instant::now();
        let grew = state.read_more(reading);
        if grew && !send(tx, state.snapshot(true)) {
            return;
        }
        // Rebuilding costs in proportion to the whole timeline: never more than a
        // third of the time.
        std::thread::sleep(FOLLOW_INTERVAL.max(started.elapsed() * 2));
    }
}

/// Sends a snapshot, waiting while the one before is not yet taken; false once the
/// view is gone.
fn send(tx: &SyncSender<Update>, snapshot: Snapshot) -> bool {
    let mut update = Update::Snapshot(Box::new(snapshot));
    loop {
        match tx.try_send(update) {
            Ok(()) => return true,
            Err(TrySendError::Disconnected(_)) => return false,
            Err(TrySendError::Full(back)) => {
                update = back;
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// A followed file: how far it has been read.
#[derive(Debug)]
struct Followed {
    path: PathBuf,
    /// Bytes read, up to the end of a line.
    end: u64,
    /// Lines in those bytes.
    lines: usize,
    /// Records read from it, to number the next ones.
    records: usize,
}

/// Everything read so far.
#[derive(Debug)]
pub(super) struct State {
    /// Input names, to place a sighting (which names its file) by input.
    names: HashMap<Arc<str>, u16>,
    /// Under `--follow`, each sighting, to build the timeline again as more come.
    sightings: Vec<(Sighting, usize)>,
    /// Without `--follow`, the one collector.
    collector: Option<Collector>,
    places: Places,
    tally: Tally,
    problems: Vec<String>,
    unreadable: Vec<String>,
    followed: Vec<Followed>,
}

impl State {
    pub(super) fn new(reading: &Reading) -> Self {
        let mut names = HashMap::new();
        for (i, input) in reading.inputs.iter().enumerate() {
            names
                .entry(input.name())
                .or_insert_with(|| u16::try_from(i).unwrap_or(u16::MAX));
        }
        State {
            names,
            sightings: Vec::new(),
            collector: (!reading.follow).then(Collector::default),
            places: Places::default(),
            tally: Tally::default(),
            problems: Vec::new(),
            unreadable: Vec::new(),
            followed: Vec::new(),
        }
    }

    /// The first reading of every input: whole, or under `--follow` up to the last
    /// whole line of each file.
    pub(super) fn read_all(&mut self, reading: &Reading) {
        if !reading.follow {
            let inputs = reading.inputs.clone();
            self.read(&inputs, reading, &mut vec![0; inputs.len()]);
            return;
        }
        let mut parts = Vec::new();
        for input in &reading.inputs {
            let Input::File(path) = input else {
                continue;
            };
            match whole_lines(path, 0) {
                Ok((end, lines)) => {
                    parts.push(Input::Part {
                        path: path.clone(),
                        start: 0,
                        end,
                        first_line: 1,
                    });
                    self.followed.push(Followed {
                        path: path.clone(),
                        end,
                        lines,
                        records: 0,
                    });
                }
                Err(e) => self.unreadable.push(format!("{}: {e}", path.display())),
            }
        }
        let mut numbers = vec![0; parts.len()];
        self.read(&parts, reading, &mut numbers);
        for (followed, records) in self.followed.iter_mut().zip(numbers) {
            followed.records = records;
        }
    }

    /// Reads what the followed files gained; whether anything changed.
    pub(super) fn read_more(&mut self, reading: &Reading) -> bool {
        let mut parts = Vec::new();
        let mut which = Vec::new();
        for (i, f) in self.followed.iter_mut().enumerate() {
            let len = match std::fs::metadata(&f.path) {
                Ok(meta) => meta.len(),
                Err(_) => continue,
            };
            if len < f.end {
                // Replaced or truncated: what was read of it no longer stands.
                return self.restart(reading);
            }
            if len == f.end {
                continue;
            }
            let Ok((end, lines)) = whole_lines(&f.path, f.end) else {
                continue;
            };
            if end == f.end {
                continue;
            }
            parts.push(Input::Part {
                path: f.path.clone(),
                start: f.end,
                end,
                first_line: f.lines + 1,
            });
            which.push(i);
            f.end = end;
            f.lines += lines;
        }
        if parts.is_empty() {
            return false;
        }
        let mut numbers: Vec<usize> = which.iter().map(|&i| self.followed[i].records).collect();
        self.read(&parts, reading, &mut numbers);
        for (&i, records) in which.iter().zip(numbers) {
            self.followed[i].records = records;
        }
        true
    }

    fn restart(&mut self, reading: &Reading) -> bool {
        *self = State::new(reading);
        self.read_all(reading);
        true
    }

    /// Reads `inputs` through the pipeline; `numbers[i]` is how many records input
    /// `i` had before this read, and is counted on.
    fn read(&mut self, inputs: &[Input], reading: &Reading, numbers: &mut [usize]) {
        let tz = reading.tz;
        let memory = inputs.iter().any(|i| matches!(i, Input::Stdin));
        let names: Vec<Arc<str>> = inputs.iter().map(Input::name).collect();
        let part_of = |name: &str| names.iter().position(|n| **n == *name).unwrap_or(0);
        // The pipeline numbers each input's records from 1: the highest number seen.
        let mut seen = vec![0; inputs.len()];
        let result = read_records(
            inputs,
            reading.forced,
            |raw| located(raw, tz, memory),
            |item| {
                match item {
                    Item::Decoded((sighting, element, kept), number) => {
                        let at = part_of(&sighting.file);
                        seen[at] = seen[at].max(number);
                        let number = numbers.get(at).copied().unwrap_or(0) + number;
                        self.add(sighting, number, element, kept);
                    }
                    Item::Failed(e, number) => {
                        let at = part_of(&e.source.file);
                        seen[at] = seen[at].max(number);
                        self.problem(e);
                    }
                    Item::Unreadable(name, e) => self.unreadable.push(format!("{name}: {e}")),
                    Item::Idle | Item::Ended => {}
                }
                Ok(())
            },
        );
        match result {
            Ok(tally) => {
                self.tally.decoded += tally.decoded;
                self.tally.failed += tally.failed;
                self.tally.with_errors += tally.with_errors;
                self.tally.unreadable += tally.unreadable;
            }
            Err(e) => self.unreadable.push(format!("reading: {e}")),
        }
        for (count, seen) in numbers.iter_mut().zip(seen) {
            *count += seen;
        }
    }

    fn add(&mut self, sighting: Sighting, number: usize, element: u32, kept: Option<Arc<RawRecord>>) {
        let input = self.names.get(&sighting.file).copied().unwrap_or(0);
        self.places.push(
            Place {
                input,
                line: u32::try_from(sighting.line).unwrap_or(u32::MAX),
                element,
            },
            kept,
        );
        match &mut self.collector {
            Some(collector) => collector.add(&sighting, number),
            None => self.sightings.push((sighting, number)),
        }
    }

    fn problem(&mut self, e: &RecordError) {
        if self.problems.len() < PROBLEMS_KEPT {
            self.problems
                .push(format!("{}:{}:{}: {}", e.source.file, e.line, e.column, e.message));
        }
    }

    pub(super) fn snapshot(&mut self, following: bool) -> Snapshot {
        let timeline = if let Some(collector) = self.collector.take() {
            collector.finish()
        } else {
            let mut collector = Collector::default();
            for (sighting, number) in &self.sightings {
                collector.add(sighting, *number);
            }
            collector.finish()
        };
        Snapshot {
            timeline,
            places: self.places.clone(),
            tally: self.tally,
            problems: self.problems.clone(),
            unreadable: self.unreadable.clone(),
            following,
        }
    }
}

/// A sighting, its place among its record's elements, and the record itself where
/// it cannot be read again (standard input).
type Located = (Sighting, u32, Option<Arc<RawRecord>>);

/// What a worker makes of a raw record: its [`Located`] sightings.
fn located(raw: &RawRecord, tz: FixedOffset, memory: bool) -> Vec<Result<Processed<Located>, RecordError>> {
    let kept = memory.then(|| Arc::new(raw.clone()));
    sightings(raw, tz)
        .into_iter()
        .enumerate()
        .map(|(element, result)| {
            result.map(|p| Processed {
                value: (p.value, u32::try_from(element).unwrap_or(u32::MAX), kept.clone()),
                has_error: p.has_error,
            })
        })
        .collect()
}

/// Where the last whole line of `path` after byte `from` ends, and how many lines
/// there are from `from` to there.
fn whole_lines(path: &PathBuf, from: u64) -> io::Result<(u64, usize)> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(from))?;
    let mut buf = vec![0; 1 << 16];
    let (mut at, mut end, mut lines) = (from, from, 0);
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok((end, lines));
        }
        for p in memchr::memchr_iter(b'\n', &buf[..n]) {
            lines += 1;
            end = at + p as u64 + 1;
        }
        at += n as u64;
    }
}
