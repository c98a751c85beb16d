//! Events: the few facts the timeline needs from each decoded record, held compactly
//! (strings interned), so a million events fit in well under a gigabyte.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use serde_json::Value;

use crate::decode::interpret::{integer, parse_date_time_utc};
use crate::decode::{DecodedRecord, Family};

/// No value: the interned-string and time sentinels.
pub const NONE: u32 = u32::MAX;
pub const NO_TIME: i64 = i64::MIN;

/// Strings stored once, referred to by number.
#[derive(Debug, Default)]
pub struct Interner {
    map: FxHashMap<Arc<str>, u32>,
    strings: Vec<Arc<str>>,
}

impl Interner {
    pub fn intern(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.map.get(text) {
            return id;
        }
        let id = u32::try_from(self.strings.len()).unwrap_or(NONE - 1);
        let text: Arc<str> = Arc::from(text);
        self.strings.push(text.clone());
        self.map.insert(text, id);
        id
    }

    pub fn get(&self, id: u32) -> Option<&str> {
        self.strings.get(id as usize).map(|s| &**s)
    }
}

/// What kind of record an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// An In-Call event (or a GET webhook) carrying a call state, or missing one.
    State,
    /// An After-Call log: the call's closing summary.
    Summary,
}

/// One event of a call. Field order keeps the struct small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// When it happened, epoch seconds; [`NO_TIME`] when the record does not say.
    pub time: i64,
    /// When the capture says it arrived, epoch milliseconds; [`NO_TIME`] if not said.
    pub received_ms: i64,
    /// For a summary: the call's start and end (epoch seconds) and duration (seconds).
    pub start: i64,
    pub end: i64,
    pub duration: i64,
    /// Position among all records read, from 0: the arrival order.
    pub ordinal: u32,
    pub record: u32,
    pub line: u32,
    pub uid: u32,
    pub caller: u32,
    pub company: u32,
    pub agents: u32,
    pub file: u32,
    /// The `call_state`; -1 when the record has none.
    pub state: i16,
    /// `event`/`_ev`: 1 incoming, 2 outgoing, 0 not said.
    pub direction: u8,
    /// `status`/`_su`: 1 connected, 2 missed, 3 voicemail, 0 not said.
    pub status: u8,
    pub kind: EventKind,
}

/// The facts of one record, by dictionary id, from its call log or its query.
#[derive(Default)]
struct Facts {
    uid: Option<String>,
    state: Option<Value>,
    call_time: Option<String>,
    created: Option<String>,
    caller: Option<String>,
    company: Option<String>,
    agents: Vec<String>,
    direction: Option<Value>,
    status: Option<Value>,
    start: Option<Value>,
    end: Option<Value>,
    log_time: Option<Value>,
    duration: Option<String>,
}

impl Facts {
    fn take(&mut self, id: &str, value: &Value) {
        let text = || match value {
            Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        match id {
            "uid" => self.uid = self.uid.take().or_else(text),
            "call_state" => self.state = self.state.take().or_else(|| Some(value.clone())),
            "call_time" => self.call_time = self.call_time.take().or_else(text),
            "created" => self.created = self.created.take().or_else(text),
            // The number with country code is the most telling; the others stand in.
            "caller_number" => self.caller = text().or(self.caller.take()),
            "clid_raw" | "clid" => self.caller = self.caller.take().or_else(text),
            "company_id" => self.company = self.company.take().or_else(text),
            "users" => match value {
                Value::Array(items) => self.agents.extend(items.iter().filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })),
                Value::String(s) => self.agents.extend(s.split(',').map(|p| p.trim().to_owned())),
                _ => {}
            },
            "agent_number" => self.agents.extend(text()),
            "event" => self.direction = self.direction.take().or_else(|| Some(value.clone())),
            "status" => self.status = self.status.take().or_else(|| Some(value.clone())),
            "start_time" => self.start = Some(value.clone()),
            "end_time" => self.end = Some(value.clone()),
            "log_time" => self.log_time = Some(value.clone()),
            "duration" => self.duration = text(),
            _ => {}
        }
    }
}

/// Where a record came from, for events and for records that join no call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<str>,
    pub record: usize,
    pub line: usize,
}

/// The event a decoded record stands for, or `None` when it names no call uid.
pub fn event_of(r: &DecodedRecord, record: usize, ordinal: u32, file: u32, strings: &mut Interner) -> Option<Event> {
    let mut facts = Facts::default();
    if let Some(p) = &r.payload {
        for row in &p.fields {
            if let Some(f) = row.field {
                facts.take(f.id, &row.value);
            }
        }
    }
    if let Some(q) = &r.request {
        for p in q.query.iter().chain(&q.form) {
            if let Some(f) = p.field {
                facts.take(f.id, &Value::String(p.value.clone()));
            }
        }
    }
    let uid = facts.uid.as_deref()?;
    let summary = r.payload.as_ref().is_some_and(|p| p.family == Family::AfterCall) && facts.state.is_none();
    let epoch = |v: &Option<Value>| v.as_ref().and_then(integer).unwrap_or(NO_TIME);
    let time_of = |t: &Option<String>| t.as_deref().and_then(parse_date_time_utc).map(|t| t.timestamp());
    let (start, end) = (epoch(&facts.start), epoch(&facts.end));
    let time = if summary {
        [end, epoch(&facts.log_time), start]
            .into_iter()
            .find(|&t| t != NO_TIME)
            .unwrap_or(NO_TIME)
    } else {
        time_of(&facts.call_time)
            .or_else(|| time_of(&facts.created))
            .unwrap_or(NO_TIME)
    };
    let duration = facts
        .duration
        .as_deref()
        .and_then(hms_seconds)
        .or_else(|| (start != NO_TIME && end != NO_TIME).then_some(end - start))
        .unwrap_or(NO_TIME);
    let mut agents: Vec<String> = Vec::new();
    for a in facts.agents.into_iter().filter(|a| !a.is_empty()) {
        if !agents.contains(&a) {
            agents.push(a);
        }
    }
    let small = |v: &Option<Value>| {
        v.as_ref()
            .and_then(integer)
            .and_then(|n| u8::try_from(n).ok())
            .unwrap_or(0)
    };
    Some(Event {
        time,
        received_ms: r
            .request
            .as_ref()
            .and_then(|q| q.received)
            .map_or(NO_TIME, |t| t.timestamp_millis()),
        start,
        end,
        duration,
        ordinal,
        record: u32::try_from(record).unwrap_or(u32::MAX),
        line: u32::try_from(r.source.line).unwrap_or(u32::MAX),
        uid: strings.intern(uid),
        caller: facts.caller.as_deref().map_or(NONE, |c| strings.intern(c)),
        company: facts.company.as_deref().map_or(NONE, |c| strings.intern(c)),
        agents: if agents.is_empty() {
            NONE
        } else {
            strings.intern(&agents.join(", "))
        },
        file,
        state: match &facts.state {
            None => -1,
            Some(v) => integer(v).and_then(|n| i16::try_from(n).ok()).unwrap_or(i16::MAX),
        },
        direction: small(&facts.direction),
        status: small(&facts.status),
        kind: if summary { EventKind::Summary } else { EventKind::State },
    })
}

fn hms_seconds(text: &str) -> Option<i64> {
    let mut parts = text.split(':').map(|p| p.parse::<i64>().ok());
    match (parts.next()?, parts.next()?, parts.next()?, parts.next()) {
        (Some(h), Some(m), Some(s), None) => Some(h * 3600 + m * 60 + s),
        _ => None,
    }
}

/// The last ten digits of a phone number, so `+919711636496` and `9711636496` match.
pub fn phone_key(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(10)..].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_is_small() {
        assert!(size_of::<Event>() <= 88, "{}", size_of::<Event>());
    }

    #[test]
    fn phone_keys_ignore_the_country_code() {
        assert_eq!(phone_key("+919711636496"), phone_key("9711636496"));
        assert_eq!(phone_key("919711636496"), "9711636496");
        assert_eq!(phone_key("12"), "12");
    }

    #[test]
    fn interning_returns_the_same_id() {
        let mut strings = Interner::default();
        let a = strings.intern("n2.1");
        assert_eq!(strings.intern("n2.1"), a);
        assert_ne!(strings.intern("n2.2"), a);
        assert_eq!(strings.get(a), Some("n2.1"));
    }
}
