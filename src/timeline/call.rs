//! A call: its events in the order they happened, the order they arrived, and what
//! can be said of the whole (type, outcome, duration, time to answer).

use super::anomaly::{Anomaly, detect};
use super::event::{Event, EventKind, Interner, NO_TIME, phone_key};
use crate::vocabulary::call_states::{CallType, FLOW, StateFlow, documented_rank, flow_of};

/// What the states and `event` field say about the kind of call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    Known(CallType),
    /// States 1, 2, 5 and 6 belong to both, and no `event` field told them apart.
    ObdOrIncoming,
    /// States of different call types (see the `mixed-call-types` anomaly).
    Mixed,
    /// No documented state at all.
    Unknown,
}

impl CallKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Known(t) => t.as_str(),
            Self::ObdOrIncoming => "OBD or incoming",
            Self::Mixed => "mixed",
            Self::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Answered,
    Missed,
    Voicemail,
    /// No end state and no After-Call log yet.
    Unfinished,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answered => "answered",
            Self::Missed => "missed",
            Self::Voicemail => "voicemail",
            Self::Unfinished => "unfinished",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Call {
    pub uid: u32,
    /// In the order they happened.
    pub events: Vec<Event>,
    /// For each event (same index), its 1-based place in arrival order.
    pub arrival: Vec<u32>,
    /// For each event, the time used to order it: its own, or, when it has none, that
    /// of the event that arrived before it.
    pub order_time: Vec<i64>,
    pub kind: CallKind,
    pub outcome: Outcome,
    pub start: Option<i64>,
    pub end: Option<i64>,
    pub duration: Option<i64>,
    pub time_to_answer: Option<i64>,
    pub anomalies: Vec<Anomaly>,
}

impl Call {
    /// Orders one call's events (all of one uid, in arrival order) and judges it.
    pub fn new(mut events: Vec<Event>, strings: &Interner) -> Self {
        let uid = events.first().map_or(0, |e| e.uid);
        // Arrival: the capture's received times where every event has one, else the
        // order of the records in the input.
        if events.iter().all(|e| e.received_ms != NO_TIME) {
            events.sort_by_key(|e| (e.received_ms, e.ordinal));
        } else {
            events.sort_by_key(|e| e.ordinal);
        }
        let mut carried = events.iter().map(|e| e.time).find(|&t| t != NO_TIME).unwrap_or(NO_TIME);
        let mut tagged: Vec<(i64, usize, u32, Event)> = events
            .into_iter()
            .enumerate()
            .map(|(i, e)| {
                if e.time != NO_TIME {
                    carried = e.time;
                }
                let rank = match e.kind {
                    EventKind::State => documented_rank(i64::from(e.state)),
                    EventKind::Summary => FLOW.len() + 1,
                };
                (carried, rank, i as u32 + 1, e)
            })
            .collect();
        tagged.sort_by_key(|&(time, rank, arrival, _)| (time, rank, arrival));
        let order_time = tagged.iter().map(|t| t.0).collect();
        let arrival = tagged.iter().map(|t| t.2).collect();
        let events: Vec<Event> = tagged.into_iter().map(|t| t.3).collect();
        let mut call = Call {
            uid,
            kind: kind_of(&events),
            outcome: Outcome::Unfinished,
            start: None,
            end: None,
            duration: None,
            time_to_answer: None,
            anomalies: Vec::new(),
            events,
            arrival,
            order_time,
        };
        call.judge();
        call.anomalies = detect(&call, strings);
        call
    }

    fn judge(&mut self) {
        let summary = self.events.iter().find(|e| e.kind == EventKind::Summary);
        let known = |t: i64| (t != NO_TIME).then_some(t);
        let first = self.events.iter().map(|e| e.time).find(|&t| t != NO_TIME);
        self.start = match (summary.and_then(|s| known(s.start)), first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let end_state = self
            .events
            .iter()
            .find(|e| e.kind == EventKind::State && flow_of(i64::from(e.state)).is_some_and(StateFlow::ends_call));
        self.end = summary
            .and_then(|s| known(s.end))
            .or_else(|| end_state.and_then(|e| known(e.time)));
        self.duration = summary
            .and_then(|s| known(s.duration))
            .or_else(|| Some(self.end? - self.start?));
        let answer = self.events.iter().find(|e| e.kind == EventKind::State && e.state == 6);
        self.time_to_answer = answer.and_then(|a| Some(known(a.time)? - self.start?));
        let status = summary
            .map(|s| s.status)
            .or_else(|| self.events.iter().rev().map(|e| e.status).find(|&s| s != 0));
        self.outcome = if answer.is_some() || status == Some(1) {
            Outcome::Answered
        } else if status == Some(3) {
            Outcome::Voicemail
        } else if end_state.is_some() || summary.is_some() {
            Outcome::Missed
        } else {
            Outcome::Unfinished
        };
    }

    /// Seconds from the call's first event to event `i`, when both times are known.
    pub fn offset(&self, i: usize) -> Option<i64> {
        let t = self.events.get(i)?.time;
        (t != NO_TIME).then(|| t - self.events.iter().map(|e| e.time).find(|&t| t != NO_TIME).unwrap_or(t))
    }

    /// `1 > 5 > 6 > 2`: the states in the order they happened.
    pub fn path(&self) -> String {
        self.events
            .iter()
            .filter(|e| e.kind == EventKind::State)
            .map(|e| {
                if e.state < 0 {
                    "?".to_owned()
                } else {
                    e.state.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" > ")
    }

    /// Every agent any event names, in the order first named; one agent sent as
    /// `918586848544` and as `8586848544` is named once.
    pub fn agents<'s>(&self, strings: &'s Interner) -> Vec<&'s str> {
        let mut agents: Vec<&str> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for e in &self.events {
            for agent in strings.get(e.agents).into_iter().flat_map(|a| a.split(", ")) {
                let key = phone_key(agent);
                if !keys.contains(&key) {
                    keys.push(key);
                    agents.push(agent);
                }
            }
        }
        agents
    }

    /// The first caller or company an event names.
    pub fn first<'s>(&self, strings: &'s Interner, pick: impl Fn(&Event) -> u32) -> Option<&'s str> {
        self.events.iter().find_map(|e| strings.get(pick(e)))
    }
}

/// Call type: the types every documented state allows, narrowed by `event`.
fn kind_of(events: &[Event]) -> CallKind {
    let mut common: Option<Vec<CallType>> = None;
    for e in events.iter().filter(|e| e.kind == EventKind::State) {
        if let Some(flow) = flow_of(i64::from(e.state)) {
            let types = common.get_or_insert_with(|| flow.call_types.to_vec());
            types.retain(|t| flow.call_types.contains(t));
            if types.is_empty() {
                return CallKind::Mixed;
            }
        }
    }
    let direction = events.iter().map(|e| e.direction).find(|&d| d != 0);
    match common.as_deref() {
        None => CallKind::Unknown,
        Some([only]) => CallKind::Known(*only),
        Some(both) if both.contains(&CallType::Incoming) && both.contains(&CallType::Obd) => match direction {
            Some(1) => CallKind::Known(CallType::Incoming),
            Some(2) => CallKind::Known(CallType::Obd),
            _ => CallKind::ObdOrIncoming,
        },
        Some(_) => CallKind::Mixed,
    }
}
