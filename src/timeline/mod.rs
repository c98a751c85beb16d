//! The timeline: records grouped into calls by uid, each call's states ordered by
//! when they happened and by when they arrived, and every anomaly found.
//!
//! `event` extracts compact events from records (a JSON call log read directly, the
//! rest through the full decode; `fast_read_parity` holds the two to the same
//! facts); `scan` is the JSON scanner the fast readers of v1 call logs and v2
//! envelopes share; `texts` carries a record's texts in one string; `chunked` keeps
//! what is kept of every event without moving it;
//! `call` orders and judges one call; `anomaly` names what is wrong.
//! Rendering is in `crate::render::timeline`.

pub mod anomaly;
pub(crate) mod call;
mod chunked;
pub(crate) mod event;
#[cfg(test)]
mod fast_read_parity;
mod scan;
mod texts;
pub(crate) mod v2;

use std::sync::Arc;

use chrono::FixedOffset;

use crate::decode::decode_record;
use crate::input::{RawRecord, RecordError};
use crate::pipeline::Processed;
use anomaly::{Cite, Judging};
use call::Call;
use event::{Event, EventBuilder, Extras, RecordNumbers, Sighting, Strings};

/// What a reading worker makes of one raw record for the timeline: a one-object JSON
/// call log read directly, anything else through the full decode (one result per
/// element of an array or archive). `timeline` and `browse` read captures through it.
pub(crate) fn sightings(raw: &RawRecord, tz: FixedOffset) -> Vec<Result<Processed<Sighting>, RecordError>> {
    match Sighting::from_json(raw, tz) {
        Some(sighting) => vec![Ok(Processed {
            value: sighting,
            has_error: false,
        })],
        None => decode_record(raw, tz)
            .into_iter()
            .map(|decoded| {
                decoded.map(|record| Processed {
                    has_error: record.has_error(),
                    value: Sighting::from_record(&record),
                })
            })
            .collect(),
    }
}

/// Where a record came from, for records that join no call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    pub file: Arc<str>,
    pub record: usize,
    pub line: usize,
}

/// Everything the timeline knows after reading its inputs.
#[derive(Debug, Default)]
pub(crate) struct Timeline {
    /// Every event, grouped by call in pieces; each call is a range of one piece.
    pieces: Vec<Vec<Event>>,
    pub calls: Vec<Call>,
    /// Records that name no call uid, and so join no call.
    pub unassigned: Vec<Origin>,
    pub strings: Strings,
    pub extras: Extras,
    records: RecordNumbers,
    pub files: Vec<Arc<str>>,
}

impl Timeline {
    /// A call's events, in the order they happened.
    pub fn events(&self, call: &Call) -> &[Event] {
        &self.pieces[call.piece()][call.range()]
    }

    /// The number of an event's record within its file.
    pub fn record(&self, e: &Event) -> u32 {
        self.records.of(e.ordinal())
    }
}

/// Events are gathered in chunks of this many, so that growing never copies them all
/// (a doubling vector briefly holds its old and new buffers at once), and grouped
/// into pieces of about as many.
const CHUNK: usize = 1 << 16;

/// Collects events while records are read, then builds the calls.
#[derive(Debug)]
pub(crate) struct Collector {
    /// Events a chunk holds, [`CHUNK`] but in tests.
    chunk: usize,
    chunks: Vec<Vec<Event>>,
    unassigned: Vec<Origin>,
    builder: EventBuilder,
    records: RecordNumbers,
    ordinal: u32,
    /// Whether anomalies cite events by their record's number, not their arrival.
    cites_records: bool,
    /// Whether a `call.dial_begin` was added, or seen elsewhere (`listen`).
    dial_begins: bool,
}

impl Default for Collector {
    fn default() -> Self {
        Self::with_chunk(CHUNK)
    }
}

impl Collector {
    /// A collector that gathers events `chunk` at a time: small for one call
    /// judged again and again (`listen`), [`CHUNK`] for whole captures.
    pub fn with_chunk(chunk: usize) -> Self {
        Collector {
            chunk,
            chunks: Vec::new(),
            unassigned: Vec::new(),
            builder: EventBuilder::default(),
            records: RecordNumbers::default(),
            ordinal: 0,
            cites_records: false,
            dial_begins: false,
        }
    }

    /// Anomalies will cite events by their record's number (`listen`, whose records
    /// are its log's requests), not by their arrival within the call.
    pub fn citing_records(mut self) -> Self {
        self.cites_records = true;
        self
    }

    /// Judge as though a `call.dial_begin` had been added when `seen` (`listen`,
    /// which judges each call on its own, has seen one in another call).
    pub fn knowing_dial_begins(mut self, seen: bool) -> Self {
        self.dial_begins |= seen;
        self
    }

    /// Adds the event of record `number` (within its file).
    pub fn add(&mut self, sighting: &Sighting, number: usize) {
        self.add_with(sighting, sighting.detail.clone(), number);
    }

    /// [`Collector::add`], for a sighting no longer needed: its detail is moved.
    pub fn add_owned(&mut self, mut sighting: Sighting, number: usize) {
        let detail = sighting.detail.take();
        self.add_with(&sighting, detail, number);
    }

    fn add_with(&mut self, sighting: &Sighting, detail: Option<event::Detail>, number: usize) {
        self.dial_begins |= detail.as_ref().is_some_and(|d| d.is_v2_event("call.dial_begin"));
        let (file, line) = (sighting.file.clone(), sighting.line);
        self.records
            .note(self.ordinal, u32::try_from(number).unwrap_or(u32::MAX));
        match self.builder.event(sighting, detail, self.ordinal) {
            Some(e) => {
                if self.chunks.last().is_none_or(|c| c.len() == self.chunk) {
                    self.chunks.push(Vec::with_capacity(self.chunk));
                }
                if let Some(chunk) = self.chunks.last_mut() {
                    chunk.push(e);
                }
            }
            None => self.unassigned.push(Origin {
                file,
                record: number,
                line,
            }),
        }
        self.ordinal = self.ordinal.saturating_add(1);
    }

    /// Groups the events by uid, keeping input order within each, and orders the
    /// calls by start, then first arrival.
    ///
    /// A counting sort, from the chunks the events were gathered in to pieces of
    /// about the same size that no call straddles. Calls are laid out in order of
    /// their uid's first sighting, so each piece fills from about the chunk of the
    /// same number: read chunks are freed as pieces are made, and the allocator
    /// hands the one's memory to the other, where one vector of all the events
    /// would hold every event twice for a moment.
    pub fn finish(self) -> Timeline {
        self.finish_on(1)
    }

    /// [`Collector::finish`], the calls judged on `threads` threads: for a whole
    /// capture read at once (`timeline`, as many as read it).
    pub fn finish_on(self, threads: usize) -> Timeline {
        let Collector {
            chunk,
            chunks,
            unassigned,
            builder,
            records,
            cites_records,
            dial_begins,
            ..
        } = self;
        let EventBuilder {
            strings,
            mut extras,
            files,
        } = builder;
        let strings = strings.into_strings();
        extras.seal();
        // Events by uid, then where each uid's next event goes. A uid is a string
        // id; the last slot stands for a uid the arena had no room for.
        let slot = |e: &Event| e.uid().map_or(strings.len(), |id| id.index().min(strings.len()));
        let mut next = vec![0u32; strings.len() + 1];
        for e in chunks.iter().flatten() {
            next[slot(e)] += 1;
        }
        // Pieces as (first position, length); positions run on across pieces.
        let mut pieces: Vec<(u32, u32)> = Vec::new();
        let (mut position, mut calls_count) = (0u32, 0);
        for count in next.iter_mut().filter(|n| **n > 0) {
            match pieces.last_mut() {
                Some((_, len)) if len.saturating_add(*count) as usize <= chunk => *len += *count,
                _ => pieces.push((position, *count)),
            }
            (*count, position) = (position, position.saturating_add(*count));
            calls_count += 1;
        }
        let mut placed: Vec<Vec<Event>> = pieces.iter().map(|_| Vec::new()).collect();
        for chunk in chunks {
            for e in &chunk {
                let at = next[slot(e)];
                next[slot(e)] += 1;
                let p = pieces.partition_point(|&(first, _)| first <= at) - 1;
                let (first, len) = pieces[p];
                let piece = &mut placed[p];
                if piece.is_empty() {
                    *piece = vec![*e; len as usize];
                }
                piece[(at - first) as usize] = *e;
            }
        }
        drop(next);
        let judging = Judging {
            cite: if cites_records {
                Cite::Record(&records)
            } else {
                Cite::Arrival
            },
            dial_begins_delivered: dial_begins,
        };
        // Each call of `events`, which are piece number `p` from `offset` on, judged, to `out`.
        let judge = |(p, offset, events): (usize, usize, &mut [Event]), out: &mut dyn FnMut(Call)| {
            let mut start = 0;
            while start < events.len() {
                let uid = events[start].uid();
                let end = events[start..]
                    .iter()
                    .position(|e| e.uid() != uid)
                    .map_or(events.len(), |n| start + n);
                let range = offset + start..offset + end;
                out(Call::new(p, range, &mut events[start..end], &extras, &strings, judging));
                start = end;
            }
        };
        let mut calls = Vec::with_capacity(calls_count);
        // On more than one thread, the events are cut into parts of whole calls,
        // about [`JUDGED_TOGETHER`] events each, that the threads take in turn:
        // the calling thread keeps the calls it judges, each other thread hands its
        // calls over as it makes them, a few at a time, so that none piles up where
        // it was made (a thread's allocator keeps what it held). The order they come
        // in is undone by the sort below.
        let parts: Vec<(usize, usize, &mut [Event])> = if threads > 1 {
            placed
                .iter_mut()
                .enumerate()
                .flat_map(|(p, piece)| parts_of(piece).map(move |(offset, events)| (p, offset, events)))
                .collect()
        } else {
            placed
                .iter_mut()
                .enumerate()
                .map(|(p, piece)| (p, 0, piece.as_mut_slice()))
                .collect()
        };
        let others = threads.min(parts.len()).saturating_sub(1);
        let queue = std::sync::Mutex::new(parts.into_iter());
        let next = || queue.lock().ok().and_then(|mut parts| parts.next());
        std::thread::scope(|scope| {
            let (handed, taken) = std::sync::mpsc::sync_channel::<Call>(1024);
            for _ in 0..others {
                let handed = handed.clone();
                scope.spawn(move || {
                    while let Some(part) = next() {
                        judge(part, &mut |call| {
                            // The calling thread takes them all until every thread ends.
                            let _ = handed.send(call);
                        });
                    }
                });
            }
            drop(handed);
            while let Some(part) = next() {
                judge(part, &mut |call| {
                    calls.push(call);
                    if others > 0 {
                        calls.extend(taken.try_iter());
                    }
                });
            }
            calls.extend(taken.iter());
        });
        // No two calls share a first record, so an unstable sort gives the one order,
        // without the stable sort's buffer of half the calls.
        calls.sort_unstable_by_key(|c| (c.start().unwrap_or(i64::MAX), c.first_ordinal));
        Timeline {
            pieces: placed,
            calls,
            unassigned,
            strings,
            extras,
            records,
            files,
        }
    }
}

/// Events judged as one part when calls are judged on threads: enough that taking
/// a part costs nothing beside judging it, few enough that the threads end about
/// together.
const JUDGED_TOGETHER: usize = 1 << 13;

/// A piece's events cut into parts of whole calls of about [`JUDGED_TOGETHER`]
/// events, each with where it starts in the piece.
fn parts_of(piece: &mut [Event]) -> impl Iterator<Item = (usize, &mut [Event])> {
    let mut rest = piece;
    let mut offset = 0;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        // The part ends where the call at the mark ends, or with the piece.
        let mark = JUDGED_TOGETHER.min(rest.len() - 1);
        let uid = rest[mark].uid();
        let len = rest[mark..]
            .iter()
            .position(|e| e.uid() != uid)
            .map_or(rest.len(), |n| mark + n);
        let (part, after) = std::mem::take(&mut rest).split_at_mut(len);
        rest = after;
        offset += len;
        Some((offset - len, part))
    })
}

/// The closing figures of a set of calls.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Totals {
    /// Calls, WhatsApp conversations left out: they have no call outcome.
    pub calls: usize,
    pub conversations: usize,
    pub answered: usize,
    pub median_time_to_answer: Option<i64>,
    /// Anomaly counts by id, in id order.
    pub anomalies: Vec<(anomaly::AnomalyId, usize)>,
}

impl Totals {
    pub fn of(calls: &[&Call]) -> Self {
        let mut waits: Vec<i64> = calls.iter().filter_map(|c| c.time_to_answer()).collect();
        waits.sort_unstable();
        let median = match waits.len() {
            0 => None,
            n if n % 2 == 1 => Some(waits[n / 2]),
            n => Some(waits[n / 2 - 1].midpoint(waits[n / 2])),
        };
        let mut anomalies: Vec<(anomaly::AnomalyId, usize)> = Vec::new();
        for a in calls.iter().flat_map(|c| &c.anomalies) {
            match anomalies.iter_mut().find(|(id, _)| *id == a.id) {
                Some((_, n)) => *n += 1,
                None => anomalies.push((a.id, 1)),
            }
        }
        anomalies.sort();
        let conversations = calls.iter().filter(|c| c.outcome == call::Outcome::None).count();
        Totals {
            calls: calls.len() - conversations,
            conversations,
            answered: calls.iter().filter(|c| c.outcome == call::Outcome::Answered).count(),
            median_time_to_answer: median,
            anomalies,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::reader::RecordReader;
    use chrono::FixedOffset;

    /// Each call with its events as built, in call order, whatever the layout.
    fn calls_of(timeline: &Timeline) -> Vec<String> {
        timeline
            .calls
            .iter()
            .map(|c| {
                format!(
                    "{:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                    timeline.strings.of(c.uid()),
                    c.kind,
                    c.outcome,
                    c.start(),
                    c.end(),
                    c.anomalies,
                    timeline
                        .events(c)
                        .iter()
                        .map(|e| (e.ordinal(), e.arrival(), e.state(), e.time(), timeline.record(e)))
                        .collect::<Vec<_>>()
                )
            })
            .collect()
    }

    /// Calls of 1 to 7 events, interleaved as live calls are, about 12 000 events:
    /// cut into parts, every part is whole calls, the parts cover the piece in order,
    /// and each but the last has at least [`JUDGED_TOGETHER`] events; judged on one
    /// thread or more, the calls are the same.
    #[test]
    fn parts_are_whole_calls_and_the_threads_judge_them_alike() {
        let tz = FixedOffset::east_opt(0).unwrap();
        let mut text = String::new();
        for round in 0..7 {
            for call in 0..3000 {
                if round <= call % 7 {
                    let time = 1_596_270_000 + call * 10 + round;
                    text.push_str(&format!(
                        "{{\"uid\":\"n2.1596270000.{call}\",\"call_state\":\"{}\",\"call_time\":\"{time}\"}}\n",
                        round + 1
                    ));
                }
            }
        }
        let collect = || {
            let mut collector = Collector::default();
            for (i, raw) in RecordReader::new(text.as_bytes(), Arc::from("calls"), None)
                .flatten()
                .enumerate()
            {
                collector.add(&Sighting::from_json(&raw, tz).unwrap(), i + 1);
            }
            collector
        };
        let one = collect().finish_on(1);
        assert_eq!(one.calls.len(), 3000);
        let events: usize = one.pieces.iter().map(Vec::len).sum();
        assert!(events > JUDGED_TOGETHER, "{events}");
        let mut piece = one.pieces[0].clone();
        let whole = piece.clone();
        let parts: Vec<(usize, Vec<Event>)> = parts_of(&mut piece).map(|(at, p)| (at, p.to_vec())).collect();
        assert!(parts.len() > 1, "{}", parts.len());
        let mut at = 0;
        for (i, (offset, part)) in parts.iter().enumerate() {
            assert_eq!(*offset, at);
            assert_eq!(part.as_slice(), &whole[at..at + part.len()]);
            if i + 1 < parts.len() {
                assert!(part.len() >= JUDGED_TOGETHER);
                assert_ne!(part.last().map(Event::uid), whole.get(at + part.len()).map(Event::uid));
            }
            at += part.len();
        }
        assert_eq!(at, whole.len());
        for threads in [2, 3, 8] {
            assert_eq!(
                calls_of(&collect().finish_on(threads)),
                calls_of(&one),
                "{threads} threads"
            );
        }
    }

    /// Chunks and pieces of one event, of a few, and of all, judged on one thread or
    /// more: the same calls, the same events in the same order, calls that straddle
    /// chunks included.
    #[test]
    fn the_layout_of_events_and_the_judging_threads_change_nothing() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let tz = FixedOffset::east_opt(0).unwrap();
        let collect = |chunk: usize| {
            let mut collector = Collector::with_chunk(chunk);
            for name in [
                "examples/calls.ndjson",
                "examples/in-call-events.ndjson",
                "examples/after-call.json",
            ] {
                let bytes = std::fs::read(root.join(name)).unwrap();
                for (i, raw) in RecordReader::new(&bytes[..], Arc::from(name), None)
                    .flatten()
                    .enumerate()
                {
                    collector.add(&Sighting::from_json(&raw, tz).unwrap(), i + 1);
                }
            }
            collector
        };
        let whole = calls_of(&collect(CHUNK).finish());
        assert!(whole.len() > 3, "{whole:?}");
        for chunk in [1, 2, 3, 5] {
            for threads in [1, 2, 3, 8] {
                let laid_out = collect(chunk).finish_on(threads);
                assert!(laid_out.pieces.len() > 1);
                assert_eq!(calls_of(&laid_out), whole, "chunks of {chunk} on {threads} threads");
            }
        }
    }
}
