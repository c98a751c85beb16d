//! `timeline --format json|ndjson`: per call its events and anomalies (or, with
//! `--summary`, its summary row), versioned; as one document with the records that
//! joined no call and the totals, or one call a line.

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::TimelineReport;
use super::legs;
use crate::privacy::Privacy;
use crate::render::SCHEMA_VERSION;
use crate::render::json_document::{self, JsonDocument};
use crate::render::json_writer::{WriteJson, json_view};
use crate::render::ndjson::write_line;
use crate::render::ordered;
use crate::render::visible;
use crate::timeline::call::{Call, Outcome};
use crate::timeline::event::{Event, EventKind};
use crate::timeline::{Timeline, Totals};
use crate::vocabulary::call_states::{StateFlow, flow_of};

/// An epoch in seconds as RFC 3339 at `tz`; `None` outside the years chrono holds.
pub fn time(t: i64, tz: FixedOffset) -> Option<String> {
    DateTime::from_timestamp(t, 0).map(|t| t.with_timezone(&tz).to_rfc3339())
}

/// How a call is written: whole, or as its `--summary` row.
#[derive(Debug, Clone, Copy)]
pub struct CallsAs {
    pub summary: bool,
    pub privacy: Privacy,
    pub tz: FixedOffset,
    /// Threads that render the calls, each call on its own; they are written in
    /// order whatever the count (`render::ordered`).
    pub threads: usize,
}

impl CallsAs {
    /// One call, as an item of the document (`pretty`) or as an NDJSON line.
    fn write(self, out: &mut Vec<u8>, timeline: &Timeline, call: &Call, pretty: bool) {
        let emit = |out: &mut Vec<u8>, view: &dyn WriteJson| {
            if pretty {
                json_document::write_item(out, &view);
            } else {
                write_line(out, &view);
            }
        };
        if self.summary {
            emit(out, &SummaryView::new(timeline, call, self.privacy, self.tz));
        } else {
            emit(out, &CallView::new(timeline, call, self.privacy, self.tz));
        }
    }
}

/// `--format json`: one document, `calls`, `unassigned` and `totals`.
pub struct TimelineJson(pub CallsAs);

impl TimelineReport for TimelineJson {
    fn write(&self, out: &mut dyn Write, timeline: &Timeline, calls: &[&Call]) -> io::Result<()> {
        JsonDocument::open(out)?
            .list("calls", calls, self.0.threads, |item, call| {
                self.0.write(item, timeline, call, true);
            })?
            .member("unassigned", &unassigned(timeline))?
            .member("totals", &TotalsView::from(&Totals::of(calls)))?
            .close()
    }
}

/// `--format ndjson`: one call a line.
pub struct TimelineNdjson(pub CallsAs);

impl TimelineReport for TimelineNdjson {
    fn write(&self, out: &mut dyn Write, timeline: &Timeline, calls: &[&Call]) -> io::Result<()> {
        ordered::write_in_order(out, calls, self.0.threads, |line, _, call| {
            self.0.write(line, timeline, call, false);
        })
    }
}

json_view! {
    pub struct CallView {
        schema_version: u32,
        uid: String,
        kind as "type": &'static str,
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
        anomalies: Vec<AnomalyView>;
        time_to_answer_note: Option<&'static str>,
        answered_by: Option<String>,
        recording: Option<String>,
        legs: Option<Vec<LegView>>,
    }
}

json_view! {
    /// One leg of a v2 call record.
    struct LegView {
        index: Option<i64>,
        kind as "type": Option<String>,
        number: Option<String>,
        name: Option<String>,
        dial_status: Option<String>,
        result: Option<String>,
        answered: bool,
        ring_seconds: Option<i64>,
        talk_seconds: Option<i64>,
    }
}

json_view! {
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
        anomalies: Vec<&'static str>;
        call_state_sent: Option<String>,
        event_type: Option<String>,
        event_id: Option<String>,
        event_sequence: Option<i64>,
    }
}

json_view! {
    struct SourceView {
        file: String,
        record: u32,
        line: u32,
    }
}

json_view! {
    /// `event` is the 1-based index into `events`, or null for the whole call.
    struct AnomalyView {
        id: &'static str,
        event: Option<usize>,
        message: String,
    }
}

/// The state of a state event (an After-Call log has none).
fn state_of(e: &Event) -> Option<i16> {
    e.state().filter(|_| e.kind() == EventKind::State)
}

impl CallView {
    pub fn new(timeline: &Timeline, call: &Call, privacy: Privacy, tz: FixedOffset) -> Self {
        let strings = &timeline.strings;
        let all = timeline.events(call);
        let phone = |s: &str| privacy.phone(s).into_owned();
        let events = all
            .iter()
            .enumerate()
            .zip(Call::offsets(all))
            .map(|((i, e), offset_seconds)| EventView {
                kind: match e.kind() {
                    EventKind::State => "state",
                    EventKind::Summary => "after-call",
                    EventKind::V2 => "v2",
                },
                state: state_of(e),
                meaning: state_of(e).and_then(|s| flow_of(i64::from(s))).map(StateFlow::label),
                time: e.time().and_then(|t| time(t, tz)),
                offset_seconds,
                arrival: e.arrival(),
                received: timeline
                    .extras
                    .received_ms(e)
                    .and_then(DateTime::from_timestamp_millis)
                    .map(|t| t.with_timezone(&tz).to_rfc3339()),
                source: SourceView {
                    file: timeline
                        .files
                        .get(e.file())
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                    record: timeline.record(e),
                    line: e.line(),
                },
                agents: strings
                    .of(e.agents())
                    .map(|a| a.split(", ").map(phone).collect())
                    .unwrap_or_default(),
                anomalies: call.anomalies_at(i).iter().map(|a| a.id.as_str()).collect(),
                call_state_sent: timeline.extras.state_sent(e).map(str::to_owned),
                event_type: timeline.extras.v2(e).map(|f| f.event_type().to_owned()),
                event_id: timeline.extras.v2(e).and_then(|f| f.event_id().map(str::to_owned)),
                event_sequence: timeline.extras.v2(e).and_then(|f| f.sequence()),
            })
            .collect();
        let record = legs::record(timeline, call);
        CallView {
            schema_version: SCHEMA_VERSION,
            uid: visible::call_uid(timeline, call, privacy).into_owned(),
            kind: call.kind.as_str(),
            caller: Call::first(all, strings, Event::caller).map(phone),
            company: Call::first(all, strings, Event::company).map(str::to_owned),
            agents: Call::agents(all, strings).into_iter().map(phone).collect(),
            outcome: call.outcome.as_str(),
            answered: call.outcome == Outcome::Answered,
            start: call.start().and_then(|t| time(t, tz)),
            end: call.end().and_then(|t| time(t, tz)),
            duration_seconds: call.duration(),
            time_to_answer_seconds: call.time_to_answer(),
            path: Call::path(all, &timeline.extras),
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
            time_to_answer_note: call.time_to_answer_missing(all, &timeline.extras, strings),
            answered_by: record.and_then(|r| legs::answered_by(&r, privacy)),
            recording: record.and_then(|r| r.recording().map(str::to_owned)),
            legs: record.map(|r| {
                r.legs()
                    .map(|l| LegView {
                        index: l.index(),
                        kind: l.kind().map(str::to_owned),
                        number: l.number().map(phone),
                        name: l.name().map(str::to_owned),
                        dial_status: l.dial_status().map(str::to_owned),
                        result: l.result().map(str::to_owned),
                        answered: l.answered(),
                        ring_seconds: l.ring(),
                        talk_seconds: l.talk(),
                    })
                    .collect()
            }),
        }
    }
}

json_view! {
    /// A `--summary` row.
    pub struct SummaryView {
        schema_version: u32,
        uid: String,
        kind as "type": &'static str,
        start: Option<String>,
        duration_seconds: Option<i64>,
        answered: bool,
        time_to_answer_seconds: Option<i64>,
        path: String,
        anomalies: Vec<&'static str>;
        answered_by: Option<String>,
        agents_tried: Option<String>,
        recording: Option<String>,
    }
}

impl SummaryView {
    pub fn new(timeline: &Timeline, call: &Call, privacy: Privacy, tz: FixedOffset) -> Self {
        let record = legs::record(timeline, call);
        SummaryView {
            schema_version: SCHEMA_VERSION,
            uid: visible::call_uid(timeline, call, privacy).into_owned(),
            kind: call.kind.as_str(),
            start: call.start().and_then(|t| time(t, tz)),
            duration_seconds: call.duration(),
            answered: call.outcome == Outcome::Answered,
            time_to_answer_seconds: call.time_to_answer(),
            path: Call::path(timeline.events(call), &timeline.extras),
            anomalies: call.anomalies.iter().map(|a| a.id.as_str()).collect(),
            answered_by: record.and_then(|r| legs::answered_by(&r, privacy)),
            agents_tried: record.map(|r| legs::agents_tried(&r, privacy)),
            recording: record.and_then(|r| r.recording().map(str::to_owned)),
        }
    }
}

#[derive(Serialize)]
pub struct TotalsView {
    calls: usize,
    conversations: usize,
    answered: usize,
    answered_share: f64,
    median_time_to_answer_seconds: Option<i64>,
    anomalies: BTreeMap<&'static str, usize>,
}

impl From<&Totals> for TotalsView {
    fn from(t: &Totals) -> Self {
        TotalsView {
            calls: t.calls,
            conversations: t.conversations,
            answered: t.answered,
            #[allow(clippy::cast_precision_loss, reason = "counts of calls, far below 2^52")]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::reader::RecordReader;
    use crate::timeline::Collector;
    use crate::timeline::event::Sighting;

    fn check(view: &(impl WriteJson + Serialize)) {
        let mut compact = Vec::new();
        view.write_json(&mut compact);
        assert_eq!(
            String::from_utf8(compact).unwrap(),
            serde_json::to_string(view).unwrap()
        );
        let mut pretty = Vec::new();
        view.write_pretty(&mut pretty, 0);
        assert_eq!(
            String::from_utf8(pretty).unwrap(),
            serde_json::to_string_pretty(view).unwrap()
        );
    }

    /// Calls and summary rows write what `serde_json` writes, compact and pretty, for
    /// every call of the shipped examples, masked or not.
    #[test]
    fn the_writers_match_serde_json_on_every_example_call() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let tz = FixedOffset::east_opt(19800).unwrap();
        let mut collector = Collector::default();
        for entry in std::fs::read_dir(root).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let name: std::sync::Arc<str> = std::sync::Arc::from(path.display().to_string());
            for (i, raw) in RecordReader::new(&bytes[..], name, None).flatten().enumerate() {
                for decoded in crate::decode::decode_record(&raw, tz).into_iter().flatten() {
                    collector.add(&Sighting::from_record(&decoded), i + 1);
                }
            }
        }
        let timeline = collector.finish();
        assert!(timeline.calls.len() > 3, "{}", timeline.calls.len());
        for call in &timeline.calls {
            for mask_pii in [false, true] {
                let privacy = Privacy {
                    mask_pii,
                    show_secrets: false,
                    ..Privacy::default()
                };
                check(&CallView::new(&timeline, call, privacy, tz));
                check(&SummaryView::new(&timeline, call, privacy, tz));
            }
        }
    }
}
