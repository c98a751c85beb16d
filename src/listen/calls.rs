//! Calls as they happen: each request's facts joined to its call, and the call
//! judged again by the timeline's own logic (`crate::timeline`) each time one
//! arrives, so that an anomaly is told with the request that revealed it. There is
//! no second detector here: what `timeline` would say of the call so far, minus
//! what was already said.
//!
//! "No end yet" is not an anomaly while a call may still be going on, so
//! `missing-end` is never told live, and `missing-start` only once the call ended.
//! The most recent [`KEPT_CALLS`] calls are kept; `timeline` on the log sees all.

use std::collections::{HashMap, VecDeque};

use crate::timeline::Collector;
use crate::timeline::anomaly::AnomalyId;
use crate::timeline::call::Outcome;
use crate::timeline::event::{Event, Sighting};

use super::LiveAnomaly;

/// How many calls are remembered for live anomalies; older ones are forgotten
/// first, so memory stays flat however long `listen` runs.
pub const KEPT_CALLS: usize = 4096;

/// How many events of one call are judged live. A real call has a handful; a
/// call past this (a load test, a loop) is no longer judged live, so that judging
/// it again on every arrival never costs more than this.
pub const JUDGED_EVENTS: usize = 64;

#[derive(Debug, Default)]
struct LiveCall {
    /// Each request's facts, with its request number (`n` in the log).
    sightings: Vec<(Sighting, u64)>,
    /// Anomalies told: the id and the arrival number of the event concerned.
    told: Vec<(AnomalyId, Option<u32>)>,
}

/// The calls seen so far.
#[derive(Debug, Default)]
pub struct LiveCalls {
    calls: HashMap<String, LiveCall>,
    /// Uids in the order first seen, to forget the oldest.
    order: VecDeque<String>,
    /// A `call.dial_begin` has come, in any call: the webhook sends them.
    dial_begins: bool,
}

impl LiveCalls {
    /// Joins the facts of request `n` (its number in the log) to its call; the
    /// call's anomalies that this request made known. They cite requests by that
    /// number (`#43`), as every other line of `listen` does.
    pub fn see(&mut self, sighting: Sighting, n: u64) -> Vec<LiveAnomaly> {
        let Some(uid) = sighting.uid().map(str::to_owned) else {
            return Vec::new();
        };
        self.dial_begins |= sighting.is_v2_event("call.dial_begin");
        if !self.calls.contains_key(&uid) {
            if self.order.len() >= KEPT_CALLS
                && let Some(oldest) = self.order.pop_front()
            {
                self.calls.remove(&oldest);
            }
            self.order.push_back(uid.clone());
        }
        let call = self.calls.entry(uid).or_default();
        if call.sightings.len() >= JUDGED_EVENTS {
            return Vec::new();
        }
        call.sightings.push((sighting, n));
        let mut collector = Collector::with_chunk(call.sightings.len())
            .citing_records()
            .knowing_dial_begins(self.dial_begins);
        for (s, n) in &call.sightings {
            collector.add(s, usize::try_from(*n).unwrap_or(usize::MAX));
        }
        let timeline = collector.finish();
        let Some(judged) = timeline.calls.first() else {
            return Vec::new();
        };
        let events = timeline.events(judged);
        let mut new = Vec::new();
        for a in judged.anomalies.iter() {
            let tellable = match a.id {
                AnomalyId::MissingEnd => false,
                AnomalyId::MissingStart => judged.outcome != Outcome::Unfinished,
                _ => true,
            };
            let key = (a.id, a.event.and_then(|i| events.get(i)).map(Event::arrival));
            if tellable && !call.told.contains(&key) {
                call.told.push(key);
                new.push(LiveAnomaly {
                    id: a.id,
                    message: a.message.clone(),
                });
            }
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::decode_record;
    use crate::input::reader::RecordReader;
    use std::sync::Arc;

    fn sightings(text: &str) -> Vec<Sighting> {
        let tz = chrono::FixedOffset::east_opt(0).unwrap();
        RecordReader::new(text.as_bytes(), Arc::from("t"), None)
            .map(|raw| Sighting::from_record(&decode_record(&raw.unwrap(), tz).remove(0).unwrap()))
            .collect()
    }

    #[test]
    fn anomalies_are_told_once_with_the_request_that_revealed_them() {
        let text = "\
{\"uid\":\"c1\",\"call_state\":1,\"call_time\":\"2020-08-01 08:35:49\"}
{\"uid\":\"c1\",\"call_state\":6,\"call_time\":\"2020-08-01 08:35:55\"}
{\"uid\":\"c1\",\"call_state\":5,\"call_time\":\"2020-08-01 08:35:52\"}
{\"uid\":\"c1\",\"call_state\":2,\"call_time\":\"2020-08-01 08:36:30\"}
{\"uid\":\"c1\",\"call_state\":2,\"call_time\":\"2020-08-01 08:36:30\"}
{\"uid\":\"c1\",\"call_state\":5,\"call_time\":\"2020-08-01 08:36:40\"}
";
        let mut calls = LiveCalls::default();
        let told: Vec<Vec<AnomalyId>> = sightings(text)
            .into_iter()
            .zip(1..)
            .map(|(s, n)| calls.see(s, n).into_iter().map(|a| a.id).collect())
            .collect();
        assert_eq!(
            told,
            [
                vec![],
                vec![AnomalyId::AnsweredWithoutDialing],
                vec![AnomalyId::OutOfOrderDelivery],
                vec![],
                vec![AnomalyId::DuplicateDelivery],
                vec![AnomalyId::AfterEnd],
            ]
        );
    }

    #[test]
    fn anomalies_cite_requests_by_their_number_in_the_log() {
        let text = "\
{\"uid\":\"c3\",\"call_state\":1,\"call_time\":\"2020-08-01 08:35:49\"}
{\"uid\":\"c3\",\"call_state\":6,\"call_time\":\"2020-08-01 08:35:55\"}
{\"uid\":\"c3\",\"call_state\":5,\"call_time\":\"2020-08-01 08:35:52\"}
";
        let mut calls = LiveCalls::default();
        let told: Vec<LiveAnomaly> = sightings(text)
            .into_iter()
            .zip([24, 31, 43])
            .flat_map(|(s, n)| calls.see(s, n))
            .collect();
        let late = told.iter().find(|a| a.id == AnomalyId::OutOfOrderDelivery).unwrap();
        assert!(
            late.message.contains("arrived #43") && late.message.contains("(#31)"),
            "{}",
            late.message
        );
    }

    /// The numbers are the anomaly's own: text the capture sent (an unknown event
    /// type with a `#` and digits in it) is cited as sent.
    #[test]
    fn a_number_in_captured_text_is_not_taken_for_an_arrival() {
        let event = |event_type: &str, at: &str| {
            format!(
                r#"{{"event_id":"{event_type}","event_type":"{event_type}","timestamp":"2026-01-03T08:00:{at}Z","channel":"call","session_id":"s7.1767427200.4411","payload":{{"id":"s7.1767427200.4411"}}}}"#
            )
        };
        let text = format!("{}\n{}\n", event("call.x#1", "30"), event("call.initiated", "00"));
        let mut calls = LiveCalls::default();
        let told: Vec<LiveAnomaly> = sightings(&text)
            .into_iter()
            .zip([7, 9])
            .flat_map(|(s, n)| calls.see(s, n))
            .collect();
        let late = told.iter().find(|a| a.id == AnomalyId::OutOfOrderDelivery).unwrap();
        assert!(
            late.message.contains("arrived #9") && late.message.contains("x#1") && late.message.contains("(#7)"),
            "{}",
            late.message
        );
    }

    /// A call answered without its dial event is told once some call's dial event
    /// has come (the webhook sends them), and not while none has.
    #[test]
    fn answered_without_dial_begin_waits_for_a_dial_event_anywhere() {
        let event = |session: &str, event_type: &str, at: &str| {
            format!(
                r#"{{"event_id":"{session}-{event_type}","event_type":"{event_type}","timestamp":"2026-01-03T08:00:{at}Z","channel":"call","session_id":"{session}","payload":{{"id":"{session}"}}}}"#
            )
        };
        let told = |lines: &[String]| -> Vec<AnomalyId> {
            let mut calls = LiveCalls::default();
            sightings(&lines.join("\n"))
                .into_iter()
                .zip(1..)
                .flat_map(|(s, n)| calls.see(s, n))
                .map(|a| a.id)
                .collect()
        };
        let (a, b) = ("s7.1767427200.1", "s7.1767427300.2");
        let lonely = [event(b, "call.initiated", "00"), event(b, "call.answered", "05")];
        assert!(!told(&lonely).contains(&AnomalyId::AnsweredWithoutDialBegin));
        let mut after_a_dial = vec![event(a, "call.initiated", "00"), event(a, "call.dial_begin", "01")];
        after_a_dial.extend(lonely);
        assert!(told(&after_a_dial).contains(&AnomalyId::AnsweredWithoutDialBegin));
    }

    #[test]
    fn a_call_that_ends_without_a_start_says_so_then() {
        let text = "\
{\"uid\":\"c2\",\"call_state\":5,\"call_time\":\"2020-08-01 08:35:52\"}
{\"uid\":\"c2\",\"call_state\":2,\"call_time\":\"2020-08-01 08:36:30\"}
";
        let mut calls = LiveCalls::default();
        let told: Vec<Vec<AnomalyId>> = sightings(text)
            .into_iter()
            .zip(1..)
            .map(|(s, n)| calls.see(s, n).into_iter().map(|a| a.id).collect())
            .collect();
        assert_eq!(told, [vec![], vec![AnomalyId::MissingStart]]);
    }

    #[test]
    fn a_call_is_judged_for_its_first_events_only() {
        let mut calls = LiveCalls::default();
        let one = sightings("{\"uid\":\"busy\",\"call_state\":1,\"call_time\":\"2020-08-01 08:35:49\"}\n").remove(0);
        let told: usize = (0..JUDGED_EVENTS + 5)
            .map(|n| calls.see(one.clone(), n as u64).len())
            .sum();
        assert_eq!(told, JUDGED_EVENTS - 1, "each a duplicate, told while judged");
        assert_eq!(calls.calls["busy"].sightings.len(), JUDGED_EVENTS);
    }

    #[test]
    fn old_calls_are_forgotten() {
        let mut calls = LiveCalls::default();
        for i in 0..KEPT_CALLS + 10 {
            let text = format!("{{\"uid\":\"c{i}\",\"call_state\":1}}\n");
            for s in sightings(&text) {
                calls.see(s, i as u64);
            }
        }
        assert_eq!(calls.calls.len(), KEPT_CALLS);
        assert!(!calls.calls.contains_key("c0"));
    }
}
