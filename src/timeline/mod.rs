//! The timeline: records grouped into calls by uid, each call's states ordered by
//! when they happened and by when they arrived, and every anomaly found.
//!
//! `event` extracts compact events from decoded records; `call` orders and judges one
//! call; `anomaly` names what is wrong. Rendering is in `crate::render::timeline_*`.

pub mod anomaly;
pub mod call;
pub mod event;

use std::collections::HashMap;
use std::sync::Arc;

use call::Call;
use event::{Event, Interner, Origin};

/// Everything the timeline knows after reading its inputs.
#[derive(Debug, Default)]
pub struct Timeline {
    pub calls: Vec<Call>,
    /// Records that name no call uid, and so join no call.
    pub unassigned: Vec<Origin>,
    pub strings: Interner,
    pub files: Vec<Arc<str>>,
}

/// Collects events while records are read, then builds the calls.
#[derive(Debug, Default)]
pub struct Collector {
    events: Vec<Event>,
    unassigned: Vec<Origin>,
    strings: Interner,
    files: Vec<Arc<str>>,
    ordinal: u32,
}

impl Collector {
    pub fn add(&mut self, record: &crate::decode::DecodedRecord, number: usize) {
        if self.files.last() != Some(&record.source.file) {
            self.files.push(record.source.file.clone());
        }
        let file = u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX);
        match event::event_of(record, number, self.ordinal, file, &mut self.strings) {
            Some(e) => self.events.push(e),
            None => self.unassigned.push(Origin {
                file: record.source.file.clone(),
                record: number,
                line: record.source.line,
            }),
        }
        self.ordinal = self.ordinal.saturating_add(1);
    }

    /// Groups the events by uid and orders the calls by start, then first arrival.
    pub fn finish(self) -> Timeline {
        let Collector {
            events,
            unassigned,
            strings,
            files,
            ..
        } = self;
        let mut by_uid: HashMap<u32, Vec<Event>> = HashMap::new();
        for e in events {
            by_uid.entry(e.uid).or_default().push(e);
        }
        let mut calls: Vec<Call> = by_uid.into_values().map(|events| Call::new(events, &strings)).collect();
        calls.sort_by_key(|c| {
            (
                c.start.unwrap_or(i64::MAX),
                c.events.iter().map(|e| e.ordinal).min().unwrap_or(u32::MAX),
            )
        });
        Timeline {
            calls,
            unassigned,
            strings,
            files,
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
        let mut waits: Vec<i64> = calls.iter().filter_map(|c| c.time_to_answer).collect();
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
