//! `timeline --format json|ndjson`: per call its events and anomalies, versioned.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::SCHEMA_VERSION;
use crate::privacy::Privacy;
use crate::timeline::call::{Call, Outcome};
use crate::timeline::event::{EventKind, NO_TIME};
use crate::timeline::{Timeline, Totals};
use crate::vocabulary::call_states::{StateFlow, flow_of};

/// An epoch in seconds as RFC 3339 at `tz`; `None` for [`NO_TIME`].
pub fn time(t: i64, tz: FixedOffset) -> Option<String> {
    (t != NO_TIME)
        .then(|| DateTime::from_timestamp(t, 0))
        .flatten()
        .map(|t| t.with_timezone(&tz).to_rfc3339())
}

#[derive(Serialize)]
pub struct CallView {
    schema_version: u32,
    uid: String,
    #[serde(rename = "type")]
    kind: &'static str,
    caller: Option<String>,
    company: Option<String>,
    agents: Vec<String>,
    outcome: &'static str,
    answered: bool,
    start: Option<String>,
    end: Option<String>,
    duration_seconds: Option<i64>,
    time_to_answer_seconds: Option<i64>,
    path: String,
    events: Vec<EventView>,
    anomalies: Vec<AnomalyView>,
}

#[derive(Serialize)]
struct EventView {
    kind: &'static str,
    state: Option<i16>,
    meaning: Option<&'static str>,
    time: Option<String>,
    offset_seconds: Option<i64>,
    arrival: u32,
    received: Option<String>,
    source: SourceView,
    agents: Vec<String>,
    anomalies: Vec<&'static str>,
}

#[derive(Serialize)]
struct SourceView {
    file: String,
    record: u32,
    line: u32,
}

#[derive(Serialize)]
struct AnomalyView {
    id: &'static str,
    /// 1-based index into `events`, or null for the whole call.
    event: Option<usize>,
    message: String,
}

impl CallView {
    pub fn new(timeline: &Timeline, call: &Call, privacy: Privacy, tz: FixedOffset) -> Self {
        let strings = &timeline.strings;
        let all = timeline.events(call);
        let phone = |s: &str| privacy.phone(s).into_owned();
        let events = all
            .iter()
            .enumerate()
            .map(|(i, e)| EventView {
                kind: match e.kind {
                    EventKind::State => "state",
                    EventKind::Summary => "after-call",
                },
                state: (e.kind == EventKind::State && e.state >= 0).then_some(e.state),
                meaning: flow_of(i64::from(e.state))
                    .filter(|_| e.kind == EventKind::State)
                    .map(StateFlow::label),
                time: time(e.time, tz),
                offset_seconds: Call::offset(all, i),
                arrival: e.arrival,
                received: Some(timeline.extras.received_ms(e))
                    .filter(|&ms| ms != NO_TIME)
                    .and_then(DateTime::from_timestamp_millis)
                    .map(|t| t.with_timezone(&tz).to_rfc3339()),
                source: SourceView {
                    file: timeline
                        .files
                        .get(e.file as usize)
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    record: timeline.record(e),
                    line: e.line,
                },
                agents: strings
                    .get(e.agents)
                    .map(|a| a.split(", ").map(phone).collect())
                    .unwrap_or_default(),
                anomalies: call
                    .anomalies
                    .iter()
                    .filter(|a| a.event == Some(i))
                    .map(|a| a.id.as_str())
                    .collect(),
            })
            .collect();
        CallView {
            schema_version: SCHEMA_VERSION,
            uid: strings.get(call.uid).unwrap_or_default().to_owned(),
            kind: call.kind.as_str(),
            caller: Call::first(all, strings, |e| e.caller).map(phone),
            company: Call::first(all, strings, |e| e.company).map(str::to_owned),
            agents: Call::agents(all, strings).into_iter().map(phone).collect(),
            outcome: call.outcome.as_str(),
            answered: call.outcome == Outcome::Answered,
            start: call.start().and_then(|t| time(t, tz)),
            end: call.end().and_then(|t| time(t, tz)),
            duration_seconds: call.duration(),
            time_to_answer_seconds: call.time_to_answer(),
            path: Call::path(all),
            events,
            anomalies: call
                .anomalies
                .iter()
                .map(|a| AnomalyView {
                    id: a.id.as_str(),
                    event: a.event.map(|i| i + 1),
                    message: privacy.text(&a.message).into_owned(),
                })
                .collect(),
        }
    }
}

/// A `--summary` row.
#[derive(Serialize)]
pub struct SummaryView {
    schema_version: u32,
    uid: String,
    #[serde(rename = "type")]
    kind: &'static str,
    start: Option<String>,
    duration_seconds: Option<i64>,
    answered: bool,
    time_to_answer_seconds: Option<i64>,
    path: String,
    anomalies: Vec<&'static str>,
}

impl SummaryView {
    pub fn new(timeline: &Timeline, call: &Call, tz: FixedOffset) -> Self {
        SummaryView {
            schema_version: SCHEMA_VERSION,
            uid: timeline.strings.get(call.uid).unwrap_or_default().to_owned(),
            kind: call.kind.as_str(),
            start: call.start().and_then(|t| time(t, tz)),
            duration_seconds: call.duration(),
            answered: call.outcome == Outcome::Answered,
            time_to_answer_seconds: call.time_to_answer(),
            path: Call::path(timeline.events(call)),
            anomalies: call.anomalies.iter().map(|a| a.id.as_str()).collect(),
        }
    }
}

#[derive(Serialize)]
pub struct TotalsView {
    calls: usize,
    answered: usize,
    answered_share: f64,
    median_time_to_answer_seconds: Option<i64>,
    anomalies: BTreeMap<&'static str, usize>,
}

impl From<&Totals> for TotalsView {
    fn from(t: &Totals) -> Self {
        TotalsView {
            calls: t.calls,
            answered: t.answered,
            answered_share: if t.calls == 0 {
                0.0
            } else {
                t.answered as f64 / t.calls as f64
            },
            median_time_to_answer_seconds: t.median_time_to_answer,
            anomalies: t.anomalies.iter().map(|(id, n)| (id.as_str(), *n)).collect(),
        }
    }
}

#[derive(Serialize)]
pub struct UnassignedView {
    file: String,
    record: usize,
    line: usize,
}

pub fn unassigned(timeline: &Timeline) -> Vec<UnassignedView> {
    timeline
        .unassigned
        .iter()
        .map(|o| UnassignedView {
            file: o.file.to_string(),
            record: o.record,
            line: o.line,
        })
        .collect()
}
