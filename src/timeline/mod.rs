//! The timeline: records grouped into calls by uid, each call's states ordered by
//! when they happened and by when they arrived, and every anomaly found.
//!
//! `event` extracts compact events from decoded records; `call` orders and judges one
//! call; `anomaly` names what is wrong. Rendering is in `crate::render::timeline_*`.

pub mod anomaly;
pub mod call;
pub mod event;

use std::sync::Arc;

use call::Call;
use event::{Event, EventBuilder, Extras, Interner, RecordNumbers, Sighting};

/// Where a record came from, for records that join no call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<str>,
    pub record: usize,
    pub line: usize,
}

/// Everything the timeline knows after reading its inputs.
#[derive(Debug, Default)]
pub struct Timeline {
    /// Every event, grouped by call; each call is a range of it.
    pub events: Vec<Event>,
    pub calls: Vec<Call>,
    /// Records that name no call uid, and so join no call.
    pub unassigned: Vec<Origin>,
    pub strings: Interner,
    pub extras: Extras,
    pub records: RecordNumbers,
    pub files: Vec<Arc<str>>,
}

impl Timeline {
    /// A call's events, in the order they happened.
    pub fn events(&self, call: &Call) -> &[Event] {
        &self.events[call.range.clone()]
    }

    /// The number of an event's record within its file.
    pub fn record(&self, e: &Event) -> u32 {
        self.records.of(e.ordinal)
    }
}

/// Events are gathered in chunks of this many, so that growing never copies them all
/// (a doubling vector briefly holds its old and new buffers at once).
const CHUNK: usize = 1 << 16;

/// Collects events while records are read, then builds the calls.
#[derive(Debug, Default)]
pub struct Collector {
    chunks: Vec<Vec<Event>>,
    unassigned: Vec<Origin>,
    builder: EventBuilder,
    records: RecordNumbers,
    ordinal: u32,
}

impl Collector {
    pub fn add(&mut self, sighting: Sighting, number: usize) {
        let (file, line) = (sighting.file.clone(), sighting.line);
        self.records
            .note(self.ordinal, u32::try_from(number).unwrap_or(u32::MAX));
        match self.builder.event(sighting, self.ordinal) {
            Some(e) => {
                if self.chunks.last().is_none_or(|c| c.len() == CHUNK) {
                    self.chunks.push(Vec::with_capacity(CHUNK));
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

    /// Groups the events by uid (sorting in place, no copy) and orders the calls by
    /// start, then first arrival.
    pub fn finish(self) -> Timeline {
        let Collector {
            chunks,
            unassigned,
            builder,
            records,
            ..
        } = self;
        // One vector of exactly the right size, each chunk freed as it is copied in.
        let mut events = Vec::with_capacity(chunks.iter().map(Vec::len).sum());
        for chunk in chunks {
            events.extend_from_slice(&chunk);
        }
        events.sort_unstable_by_key(|e| (e.uid, e.ordinal));
        let calls_count = 1 + events.windows(2).filter(|w| w[0].uid != w[1].uid).count();
        let mut calls = Vec::with_capacity(if events.is_empty() { 0 } else { calls_count });
        let mut start = 0;
        while start < events.len() {
            let uid = events[start].uid;
            let end = events[start..]
                .iter()
                .position(|e| e.uid != uid)
                .map_or(events.len(), |n| start + n);
            calls.push(Call::new(
                start..end,
                &mut events[start..end],
                &builder.extras,
                &builder.strings,
            ));
            start = end;
        }
        calls.sort_by_key(|c| (c.start().unwrap_or(i64::MAX), c.first_ordinal));
        Timeline {
            events,
            calls,
            unassigned,
            strings: builder.strings,
            extras: builder.extras,
            records,
            files: builder.files,
        }
    }
}

/// The closing figures of a set of calls.
#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    pub calls: usize,
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
            n => Some((waits[n / 2 - 1] + waits[n / 2]) / 2),
        };
        let mut anomalies: Vec<(anomaly::AnomalyId, usize)> = Vec::new();
        for a in calls.iter().flat_map(|c| &c.anomalies) {
            match anomalies.iter_mut().find(|(id, _)| *id == a.id) {
                Some((_, n)) => *n += 1,
                None => anomalies.push((a.id, 1)),
            }
        }
        anomalies.sort();
        Totals {
            calls: calls.len(),
            answered: calls.iter().filter(|c| c.outcome == call::Outcome::Answered).count(),
            median_time_to_answer: median,
            anomalies,
        }
    }
}
