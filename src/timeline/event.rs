//! Events: the few facts the timeline needs from each record, held compactly (strings
//! interned in one arena), so a million events take well under 150 bytes each.
//!
//! Facts are gathered on the reading workers: from a JSON call log directly, reading
//! only the fields the timeline uses (keys resolved through the dictionary, the rest
//! skipped unparsed: by the timeline's own scanner, `scan`, for a flat log without
//! escapes, else by serde, `FactsReader`); from any other record through the full
//! decode.

use std::borrow::Cow;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::{Arc, LazyLock};

use chrono::FixedOffset;
use hashbrown::HashTable;
use memchr::memmem;
use rustc_hash::FxBuildHasher;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use super::chunked::Chunked;
use super::texts::{Span, Texts};
use super::v2::{V2, V2Facts, V2Store};
use crate::decode::document::Node;
use crate::decode::interpret::{duration_seconds, integer, parse_epoch};
use crate::decode::walk::{Walk, Walker};
use crate::decode::{DecodedRecord, Shape};
use crate::input::{InputFormat, RawRecord, har};
use crate::vocabulary::ValueType;
use crate::vocabulary::family::{Families, Family, FamilyDetector};
use crate::vocabulary::lookup::pattern_entry;

mod scan;

/// No value, in the packed storage of events: the interned-string and time sentinels,
/// which the accessors turn into `None`.
const NONE: u32 = u32::MAX;
pub(super) const NO_TIME: i64 = i64::MIN;
/// `state` of an event without a `call_state`.
const NO_STATE: i16 = -1;
/// `state` of an event whose `call_state` is not a state (not a number from 0 to
/// 32767); the value as sent is in its [`Detail`].
const NOT_A_STATE: i16 = -2;

/// `Some(t)` unless `t` is [`NO_TIME`].
pub(super) fn known_time(t: i64) -> Option<i64> {
    (t != NO_TIME).then_some(t)
}

/// A string of a timeline's [`Strings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StringId(u32);

impl StringId {
    /// From the packed storage, where [`NONE`] is no string.
    pub(super) fn packed(id: u32) -> Option<Self> {
        (id != NONE).then_some(StringId(id))
    }

    /// For the packed storage.
    pub(super) fn pack(id: Option<Self>) -> u32 {
        id.map_or(NONE, |StringId(id)| id)
    }

    /// Its place among the strings, from 0.
    pub(super) fn index(self) -> usize {
        self.0 as usize
    }
}

/// Strings stored once in one arena, referred to by number: a timeline's uids,
/// numbers and agents.
#[derive(Debug, Default)]
pub struct Strings {
    text: String,
    /// Where each string starts in `text`; it ends where the next one starts.
    starts: Vec<u32>,
}

impl Strings {
    /// How many strings there are; ids run from 0 to one less.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn get(&self, id: StringId) -> Option<&str> {
        let start = *self.starts.get(id.index())? as usize;
        let end = self.starts.get(id.index() + 1).map_or(self.text.len(), |&e| e as usize);
        self.text.get(start..end)
    }

    /// The text of a string an event may name.
    pub fn of(&self, id: Option<StringId>) -> Option<&str> {
        self.get(id?)
    }
}

/// Builds [`Strings`], giving the same text the same id.
#[derive(Debug)]
pub struct Interner {
    strings: Strings,
    /// Ids with half their string's hash, found by that hash: eight bytes a string.
    /// The hash kept means growing the table never reads the strings again (a
    /// sixth of the calling thread's time while reading, in cache misses), and a
    /// string is compared only when the halves match.
    table: HashTable<(u32, u32)>,
    /// The last id found or made for each of [`RECENT`] slots of the half hash, with
    /// its half: a call's events name the same uid, caller and agents, and a recent
    /// string is found here without the table's look in memory far away.
    recent: Box<[(u32, u32); RECENT]>,
}

/// Slots of [`Interner::recent`].
const RECENT: usize = 256;

impl Default for Interner {
    fn default() -> Self {
        Interner {
            strings: Strings::default(),
            table: HashTable::default(),
            recent: Box::new([(0, NONE); RECENT]),
        }
    }
}

/// Half of a string's hash, as the table keeps it.
fn half_hash(text: &str) -> u32 {
    (FxBuildHasher.hash_one(text) >> 32) as u32
}

/// The table's hash of a kept half: spread over all 64 bits, for the table's use
/// of both ends.
fn spread(half: u32) -> u64 {
    u64::from(half).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Interner {
    /// The id of `text`, as events store it; [`NONE`] once the arena holds 4 GiB,
    /// after which further strings read as absent.
    pub(super) fn intern(&mut self, text: &str) -> u32 {
        let Interner { strings, table, recent } = self;
        let half = half_hash(text);
        let slot = half as usize % RECENT;
        let (h, id) = recent[slot];
        if id != NONE && h == half && strings.get(StringId(id)) == Some(text) {
            return id;
        }
        let found = table.find(spread(half), |&(id, h)| {
            h == half && strings.get(StringId(id)) == Some(text)
        });
        let id = match found {
            Some(&(id, _)) => id,
            None => {
                let id = self.push(text);
                if id != NONE {
                    self.table.insert_unique(spread(half), (id, half), |&(_, h)| spread(h));
                }
                id
            }
        };
        self.recent[slot] = (half, id);
        id
    }

    /// The strings, without the table that finds them: it is dropped before a
    /// timeline reaches its peak memory.
    pub fn into_strings(self) -> Strings {
        self.strings
    }

    /// The id of a new copy of `text`, not looked for among those kept: for text
    /// seldom sent twice (an event's id), where looking costs more than it saves.
    /// [`NONE`] once the arena holds 4 GiB.
    pub(super) fn push(&mut self, text: &str) -> u32 {
        let strings = &mut self.strings;
        let (Ok(start), Ok(id)) = (u32::try_from(strings.text.len()), u32::try_from(strings.starts.len())) else {
            return NONE;
        };
        if id == NONE || u32::try_from(strings.text.len() + text.len()).is_err() {
            return NONE;
        }
        strings.starts.push(start);
        strings.text.push_str(text);
        id
    }

    /// The strings so far.
    pub(super) fn strings(&self) -> &Strings {
        &self.strings
    }

    /// Frees the table, for strings that are all in: none can be added after.
    pub(super) fn forget_table(&mut self) {
        self.table = HashTable::new();
    }
}

/// What kind of record an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// An In-Call event (or a GET webhook) carrying a call state, or missing one.
    State,
    /// An After-Call log: the call's closing summary.
    Summary,
    /// A Webhook v2 event; its facts are in the timeline's [`Extras`].
    V2,
}

/// One event of a call, packed in 48 bytes and read through its accessors: what few
/// events have (a received time, an After-Call summary) is kept aside in [`Extras`],
/// and the record number is read off the input order through [`RecordNumbers`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    /// Epoch seconds, or [`NO_TIME`].
    time: i64,
    ordinal: u32,
    arrival: u32,
    line: u32,
    // Strings, or [`NONE`].
    uid: u32,
    caller: u32,
    company: u32,
    agents: u32,
    /// Index into the timeline's [`Extras`], or [`NONE`].
    extra: u32,
    file: u16,
    /// -1 when the record has none.
    state: i16,
    // 0 when not said.
    direction: u8,
    status: u8,
    kind: EventKind,
}

impl Event {
    /// When it happened, epoch seconds, when the record says.
    pub fn time(&self) -> Option<i64> {
        known_time(self.time)
    }

    /// Position among all records read, from 0: the input order.
    pub fn ordinal(&self) -> u32 {
        self.ordinal
    }

    /// Place in the call's arrival order, from 1; set when the call is built.
    pub fn arrival(&self) -> u32 {
        self.arrival
    }

    pub(super) fn set_arrival(&mut self, arrival: u32) {
        self.arrival = arrival;
    }

    /// The line of its record in its file.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// Which of the timeline's files it came from.
    pub fn file(&self) -> usize {
        usize::from(self.file)
    }

    pub fn uid(&self) -> Option<StringId> {
        StringId::packed(self.uid)
    }

    pub fn caller(&self) -> Option<StringId> {
        StringId::packed(self.caller)
    }

    pub fn company(&self) -> Option<StringId> {
        StringId::packed(self.company)
    }

    /// Its agents, each once, joined by `, `.
    pub fn agents(&self) -> Option<StringId> {
        StringId::packed(self.agents)
    }

    /// The `call_state`, when the record has one that is a number from 0 to 32767;
    /// see [`Extras::state_sent`] for one that is not.
    pub fn state(&self) -> Option<i16> {
        (self.state >= 0).then_some(self.state)
    }

    /// Whether the record has a `call_state` that is not a state at all (`"abc"`,
    /// `70000`, `-3`, an object).
    pub fn has_odd_state(&self) -> bool {
        self.state == NOT_A_STATE
    }

    /// `event`/`_ev`: 1 incoming, 2 outgoing; `None` when not said.
    pub fn direction(&self) -> Option<u8> {
        (self.direction != 0).then_some(self.direction)
    }

    /// `status`/`_su`: 1 connected, 2 missed, 3 voicemail; `None` when not said.
    pub fn status(&self) -> Option<u8> {
        (self.status != 0).then_some(self.status)
    }

    pub fn kind(&self) -> EventKind {
        self.kind
    }

    /// Whether it is a state event with this `call_state`.
    pub fn is_state(&self, state: i16) -> bool {
        self.kind == EventKind::State && self.state == state
    }
}

/// The start, end and duration an After-Call log gives its call, each when it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryTimes {
    start: i64,
    end: i64,
    duration: i64,
}

impl SummaryTimes {
    pub fn start(&self) -> Option<i64> {
        known_time(self.start)
    }

    pub fn end(&self) -> Option<i64> {
        known_time(self.end)
    }

    /// Seconds.
    pub fn duration(&self) -> Option<i64> {
        known_time(self.duration)
    }
}

/// What only some events have: when the capture says the request arrived (a HAR
/// archive, an access log), an After-Call log's summary, and a [`Detail`]. Sixteen
/// bytes, so that an event of an access log still takes 64 in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Extra {
    received_ms: i64,
    /// Index into [`Extras::summaries`], or [`NONE`].
    summary: u32,
    /// Index into [`Extras::details`], or [`NONE`].
    detail: u32,
}

/// What few events carry, as a worker reads it: a v2 event's facts, or a
/// `call_state` that is not a state, as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    V2(Box<V2Facts>),
    StateSent(Box<str>),
}

impl Detail {
    /// Whether it is the v2 event `name` (`call.dial_begin`).
    pub fn is_v2_event(&self, name: &str) -> bool {
        matches!(self, Detail::V2(facts) if facts.is(name))
    }
}

/// Set on an [`Extra::detail`] that is an index into [`Extras::v2`].
const V2_DETAIL: u32 = 1 << 31;

/// The [`Extra`]s of a timeline's events, by [`Event::extra`].
#[derive(Debug, Default)]
pub struct Extras {
    extras: Chunked<Extra>,
    summaries: Vec<SummaryTimes>,
    /// `call_state`s that are not states, as sent.
    states_sent: Vec<Box<str>>,
    v2: V2Store,
}

impl Extras {
    /// When the capture says the event's request arrived, epoch milliseconds.
    pub fn received_ms(&self, e: &Event) -> Option<i64> {
        known_time(self.extras.get(e.extra as usize)?.received_ms)
    }

    /// The summary of an After-Call event.
    pub fn summary(&self, e: &Event) -> Option<&SummaryTimes> {
        let index = self.extras.get(e.extra as usize)?.summary;
        self.summaries.get(index as usize)
    }

    fn detail(&self, e: &Event) -> Option<u32> {
        Some(self.extras.get(e.extra as usize)?.detail).filter(|&d| d != NONE)
    }

    /// The facts of a v2 event.
    pub fn v2(&self, e: &Event) -> Option<V2<'_>> {
        let detail = self.detail(e)?;
        if detail & V2_DETAIL == 0 {
            return None;
        }
        self.v2.get(detail & !V2_DETAIL)
    }

    /// A `call_state` that is not a state, as sent (JSON text: `"abc"`, `70000`).
    pub fn state_sent(&self, e: &Event) -> Option<&str> {
        let detail = self.detail(e)?;
        if detail & V2_DETAIL != 0 {
            return None;
        }
        self.states_sent.get(detail as usize).map(|t| &**t)
    }

    /// When the event happened, epoch milliseconds: a v2 event's own time, else
    /// its time in seconds.
    pub fn time_ms(&self, e: &Event) -> Option<i64> {
        self.v2(e)
            .and_then(|f| f.time_ms())
            .or_else(|| e.time()?.checked_mul(1000))
    }

    /// Frees what is needed only while events are added.
    pub(super) fn seal(&mut self) {
        self.v2.seal();
    }

    /// The index of a new extra, or [`NONE`] when there is nothing to keep.
    fn add(&mut self, received_ms: i64, summary: Option<SummaryTimes>, detail: Option<Detail>) -> u32 {
        if received_ms == NO_TIME && summary.is_none() && detail.is_none() {
            return NONE;
        }
        let summary = summary.map_or(NONE, |times| {
            self.summaries.push(times);
            u32::try_from(self.summaries.len() - 1).unwrap_or(NONE)
        });
        let detail = match detail {
            None => NONE,
            Some(Detail::V2(facts)) => self
                .v2
                .add(&facts)
                .filter(|i| i & V2_DETAIL == 0)
                .map_or(NONE, |i| i | V2_DETAIL),
            Some(Detail::StateSent(text)) => {
                self.states_sent.push(text);
                u32::try_from(self.states_sent.len() - 1)
                    .ok()
                    .filter(|i| i & V2_DETAIL == 0)
                    .unwrap_or(NONE)
            }
        };
        let index = self.extras.push(Extra {
            received_ms,
            summary,
            detail,
        });
        u32::try_from(index).unwrap_or(NONE)
    }
}

/// Record numbers (within their file) by input order: runs of consecutive records
/// each kept as one pair, so an event need not carry its number. A run breaks where
/// a file starts or a record failed.
#[derive(Debug, Default)]
pub struct RecordNumbers {
    /// (ordinal, record) where each run starts, ordinals ascending.
    runs: Vec<(u32, u32)>,
}

impl RecordNumbers {
    /// Records that the record at `ordinal` is number `record`; ordinals ascend.
    pub fn note(&mut self, ordinal: u32, record: u32) {
        let continues = self
            .runs
            .last()
            .is_some_and(|&(o, r)| u64::from(ordinal - o) == u64::from(record).wrapping_sub(u64::from(r)));
        if !continues {
            self.runs.push((ordinal, record));
        }
    }

    /// The record number of the record at `ordinal`.
    pub fn of(&self, ordinal: u32) -> u32 {
        let at = self.runs.partition_point(|&(o, _)| o <= ordinal);
        self.runs
            .get(at.wrapping_sub(1))
            .map_or(0, |&(o, r)| r.saturating_add(ordinal - o))
    }
}

/// The facts of one record, by dictionary id, from its call log or its query.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Facts {
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
    duration: Option<Value>,
    /// Short keys outnumber the In-Call keys: an After-Call log.
    after_call: bool,
}

/// A fact the timeline reads, by the dictionary id that gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fact {
    Uid,
    State,
    CallTime,
    Created,
    /// `caller_number`: the number with country code, the most telling.
    CallerNumber,
    /// `clid_raw` or `clid`, which stand in for it.
    Caller,
    Company,
    Users,
    AgentNumber,
    Direction,
    Status,
    Start,
    End,
    LogTime,
    Duration,
}

impl Fact {
    /// The fact field `id` gives, if the timeline reads it.
    fn of(id: &str) -> Option<Fact> {
        Some(match id {
            "uid" => Fact::Uid,
            "call_state" => Fact::State,
            "call_time" => Fact::CallTime,
            "created" => Fact::Created,
            "caller_number" => Fact::CallerNumber,
            "clid_raw" | "clid" => Fact::Caller,
            "company_id" => Fact::Company,
            "users" => Fact::Users,
            "agent_number" => Fact::AgentNumber,
            "event" => Fact::Direction,
            "status" => Fact::Status,
            "start_time" => Fact::Start,
            "end_time" => Fact::End,
            "log_time" => Fact::LogTime,
            "duration" => Fact::Duration,
            _ => return None,
        })
    }
}

impl Facts {
    /// Keeps what `value` says of `fact`; taken by value so strings move.
    fn take(&mut self, fact: Fact, value: Value) {
        let text = |value: Value| match value {
            Value::String(s) if s.trim().len() == s.len() => Some(s).filter(|s| !s.is_empty()),
            Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let first = |slot: &mut Option<String>, value: Value| {
            if slot.is_none() {
                *slot = text(value);
            }
        };
        let first_value = |slot: &mut Option<Value>, value: Value| {
            if slot.is_none() {
                *slot = Some(value);
            }
        };
        match fact {
            Fact::Uid => first(&mut self.uid, value),
            Fact::State => first_value(&mut self.state, value),
            Fact::CallTime => first(&mut self.call_time, value),
            Fact::Created => first(&mut self.created, value),
            Fact::CallerNumber => {
                if let Some(number) = text(value) {
                    self.caller = Some(number);
                }
            }
            Fact::Caller => first(&mut self.caller, value),
            Fact::Company => first(&mut self.company, value),
            Fact::Users => match value {
                Value::Array(items) => self.agents.extend(items.into_iter().filter_map(|v| match v {
                    Value::String(s) => Some(s),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })),
                Value::String(s) => self.agents.extend(s.split(',').map(|p| p.trim().to_owned())),
                _ => {}
            },
            Fact::AgentNumber => self.agents.extend(text(value)),
            Fact::Direction => first_value(&mut self.direction, value),
            Fact::Status => first_value(&mut self.status, value),
            Fact::Start => self.start = Some(value),
            Fact::End => self.end = Some(value),
            Fact::LogTime => self.log_time = Some(value),
            Fact::Duration => self.duration = Some(value),
        }
    }
}

/// One record's facts as an event keeps them, and where it came from: worked out
/// on a worker, so that the thread that gathers events only interns its strings.
#[derive(Debug, Clone)]
pub struct Sighting {
    /// Its uid, caller, company and agents.
    texts: Texts,
    uid: Option<Span>,
    caller: Option<Span>,
    company: Option<Span>,
    /// Each agent once, joined by `, `.
    agents: Option<Span>,
    time: i64,
    state: i16,
    direction: u8,
    status: u8,
    /// The start, end and duration of an After-Call log.
    summary: Option<SummaryTimes>,
    /// A v2 event's facts, or a `call_state` that is not a state.
    pub(super) detail: Option<Detail>,
    pub file: Arc<str>,
    pub line: usize,
    received_ms: i64,
}

impl PartialEq for Sighting {
    fn eq(&self, other: &Self) -> bool {
        let Sighting {
            texts: _,
            uid: _,
            caller: _,
            company: _,
            agents: _,
            time,
            state,
            direction,
            status,
            summary,
            detail,
            file,
            line,
            received_ms,
        } = self;
        self.texts() == other.texts()
            && (time, state, direction, status, summary, detail)
                == (
                    &other.time,
                    &other.state,
                    &other.direction,
                    &other.status,
                    &other.summary,
                    &other.detail,
                )
            && (file, line, received_ms) == (&other.file, &other.line, &other.received_ms)
    }
}

impl Sighting {
    /// `uid`, `caller` and `company`, and `agents` joined by `, ` (none when there
    /// are none), in one string: its texts and where each is.
    fn texts_of(named: [Option<&str>; 3], agents: &[&str]) -> (Texts, [Option<Span>; 4]) {
        let bytes = named.iter().flatten().map(|t| t.len()).sum::<usize>();
        let mut texts = Texts::with_capacity(bytes + agents.iter().map(|a| a.len() + 2).sum::<usize>());
        let [uid, caller, company] = named.map(|t| t.and_then(|t| texts.keep(t)));
        let agents = (!agents.is_empty())
            .then(|| texts.keep_joined(agents.iter().copied(), ", "))
            .flatten();
        (texts, [uid, caller, company, agents])
    }

    /// Its uid, caller, company and agents.
    fn texts(&self) -> [Option<&str>; 4] {
        [self.uid, self.caller, self.company, self.agents].map(|t| self.texts.of(t))
    }

    /// The call it belongs to.
    pub fn uid(&self) -> Option<&str> {
        self.texts.of(self.uid)
    }

    /// Who called, as the record gives it.
    pub fn caller(&self) -> Option<&str> {
        self.texts.of(self.caller)
    }

    /// Whether it is the v2 event `name` (`call.dial_begin`).
    pub fn is_v2_event(&self, name: &str) -> bool {
        self.detail.as_ref().is_some_and(|d| d.is_v2_event(name))
    }

    fn new(facts: Facts, file: Arc<str>, line: usize, received_ms: i64) -> Self {
        let summary = facts.after_call && facts.state.is_none();
        let epoch = |v: &Option<Value>| v.as_ref().and_then(integer).unwrap_or(NO_TIME);
        let time_of = |t: &Option<String>| t.as_deref().and_then(parse_epoch);
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
        let summary = summary.then(|| {
            let duration = facts
                .duration
                .as_ref()
                .and_then(duration_seconds)
                .or_else(|| {
                    (start != NO_TIME && end != NO_TIME)
                        .then(|| end.checked_sub(start))
                        .flatten()
                })
                .unwrap_or(NO_TIME);
            SummaryTimes { start, end, duration }
        });
        let mut agents: Vec<&str> = Vec::new();
        for a in facts.agents.iter().filter(|a| !a.is_empty()) {
            if !agents.contains(&a.as_str()) {
                agents.push(a);
            }
        }
        let small = |v: &Option<Value>| {
            v.as_ref()
                .and_then(integer)
                .and_then(|n| u8::try_from(n).ok())
                .unwrap_or(0)
        };
        let (state, detail) = match &facts.state {
            None => (NO_STATE, None),
            Some(v) => match integer(v).and_then(|n| i16::try_from(n).ok()).filter(|&n| n >= 0) {
                Some(n) => (n, None),
                None => (NOT_A_STATE, Some(Detail::StateSent(v.to_string().into()))),
            },
        };
        let (texts, [uid, caller, company, agents]) = Sighting::texts_of(
            [&facts.uid, &facts.caller, &facts.company].map(|t| t.as_deref()),
            &agents,
        );
        Sighting {
            texts,
            uid,
            caller,
            company,
            agents,
            time,
            state,
            direction: small(&facts.direction),
            status: small(&facts.status),
            summary,
            detail,
            file,
            line,
            received_ms,
        }
    }

    /// The sighting of a v2 event: its session is the call.
    fn of_v2(facts: V2Facts, file: Arc<str>, line: usize, received_ms: i64) -> Self {
        let (direction, status, agents) = facts.v1_codes();
        let (texts, [uid, caller, company, agents]) =
            Sighting::texts_of([facts.session(), facts.customer(), None], &agents);
        Sighting {
            texts,
            agents,
            uid,
            caller,
            company,
            time: facts.time_ms().map_or(NO_TIME, |ms| ms.div_euclid(1000)),
            state: NO_STATE,
            direction,
            status,
            summary: None,
            detail: Some(Detail::V2(Box::new(facts))),
            file,
            line,
            received_ms,
        }
    }

    /// The facts of a fully decoded record.
    pub fn from_record(r: &DecodedRecord) -> Self {
        let received_ms = r
            .request
            .as_ref()
            .and_then(|q| q.received)
            .map_or(NO_TIME, |t| t.timestamp_millis());
        if r.shape == Some(Shape::V2Envelope)
            && let Some(p) = &r.payload
        {
            let facts = V2Facts::from_rows(&p.fields);
            return Sighting::of_v2(facts, r.source.file.clone(), r.source.line, received_ms);
        }
        let mut facts = Facts::default();
        if let Some(p) = &r.payload {
            facts.after_call = p.family == Family::AfterCall;
            for row in &p.fields {
                if let Some(fact) = row.field.and_then(|f| Fact::of(f.id)) {
                    facts.take(fact, row.value.clone());
                }
            }
        }
        if let Some(q) = &r.request {
            for p in q.query.iter().chain(&q.form) {
                if let Some(fact) = p.field.and_then(|f| Fact::of(f.id)) {
                    facts.take(fact, Value::String(p.value.clone()));
                }
            }
        }
        Sighting::new(facts, r.source.file.clone(), r.source.line, received_ms)
    }

    /// The facts of a one-object JSON record, reading only the fields the timeline
    /// uses; `None` for anything else (an array, a HAR archive, invalid JSON), which
    /// the full decode then handles and reports.
    pub fn from_json(raw: &RawRecord, tz: FixedOffset) -> Option<Self> {
        if raw.format != InputFormat::Json {
            return None;
        }
        // One UTF-8 check for the record, so neither reader need check each string;
        // `simdutf8`'s, in a fraction of the standard library's instructions.
        let text = simdutf8::basic::from_utf8(&raw.text).ok()?;
        // One searcher for every record: building it costs more than the search.
        static EVENT_TYPE: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"\"event_type\""));
        if EVENT_TYPE.find(&raw.text).is_some() {
            // Likely a v2 envelope, read for what the timeline uses. Anything else that names the key goes
            // to the full decode, which tells envelopes from the rest.
            let facts = V2Facts::from_json(text)?;
            return Some(Sighting::of_v2(
                facts,
                raw.source.file.clone(),
                raw.source.line,
                NO_TIME,
            ));
        }
        let facts = Facts::from_json(text, tz)?;
        Some(Sighting::new(facts, raw.source.file.clone(), raw.source.line, NO_TIME))
    }
}

impl Facts {
    /// The facts of a call log's JSON text: by the scan where it reads the record,
    /// else by serde; `None` for what is left to the full decode.
    fn from_json(text: &str, tz: FixedOffset) -> Option<Self> {
        scan::call_log(text).or_else(|| Self::from_json_by_serde(text, tz))
    }

    /// [`Facts::from_json`] by the scan alone: `None` where it gives up.
    #[cfg(test)]
    pub(super) fn from_json_by_scan(text: &str) -> Option<Self> {
        scan::call_log(text)
    }

    /// [`Facts::from_json`] through serde: for what the scan leaves (escapes, a key
    /// twice, nested lists, invalid JSON); `None` for an archive, a wrapped log or
    /// anything that is not one JSON object.
    pub(super) fn from_json_by_serde(text: &str, tz: FixedOffset) -> Option<Self> {
        let mut reader = FactsReader {
            facts: Facts::default(),
            tz,
            family: FamilyDetector::default(),
            har: false,
            wrapped: false,
        };
        let mut deserializer = serde_json::Deserializer::from_str(text);
        (&mut reader).deserialize(&mut deserializer).ok()?;
        deserializer.end().ok()?;
        if reader.har || reader.wrapped {
            return None;
        }
        reader.facts.after_call = reader.family.family() == Family::AfterCall;
        Some(reader.facts)
    }
}

/// Reads a call log's top-level object, keeping only what [`Facts`] wants.
struct FactsReader {
    facts: Facts,
    tz: FixedOffset,
    family: FamilyDetector,
    har: bool,
    /// The log is wrapped in `myoperator`: the full decode unwraps it.
    wrapped: bool,
}

impl<'de> DeserializeSeed<'de> for &mut FactsReader {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut FactsReader {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a call log object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.as_str();
            if key == har::ROOT_KEY {
                // Rare in a call log, so read whole: the full decode reads archives.
                let value: Value = map.next_value()?;
                self.har |= har::is_archive_root(key, &value);
                continue;
            }
            if key == "myoperator" {
                // Rare in a call log file: the full decode reads the log inside.
                map.next_value::<IgnoredAny>()?;
                self.wrapped = true;
                continue;
            }
            let entry = pattern_entry(key);
            let field = entry.map(|e| e.field);
            self.family
                .key(key, entry.map_or_else(Families::default, |e| e.families));
            let reads_value = FamilyDetector::reads_value(key);
            let fact = field.and_then(|f| Fact::of(f.id));
            let walked = field.is_some_and(|f| matches!(f.value_type, ValueType::List | ValueType::KeyedList));
            if !reads_value && fact.is_none() && !walked {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let value: Node = map.next_value()?;
            if reads_value && let Some(text) = value.as_str() {
                self.family.value(key, text);
            }
            let Some(field) = field.filter(|_| fact.is_some() || walked) else {
                continue;
            };
            match fact {
                Some(fact) if Walk::of(Some(field.value_type), &value) == Walk::Whole => {
                    self.facts.take(fact, value.into_value());
                }
                // Nested fields (the uid in `_pm`, agents in `_ld`), and a fact sent as
                // a list or object, are found as the decoder finds them.
                _ => {
                    let mut findings = Vec::new();
                    let mut walker = Walker::new(self.tz, &mut findings);
                    walker.top_level_entry(Cow::Owned(key.to_owned()), value);
                    for row in walker.rows {
                        if let Some(fact) = row.field.and_then(|f| Fact::of(f.id)) {
                            self.facts.take(fact, row.value);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// An object key, borrowed from the input where it has no escapes.
pub(super) enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    pub(super) fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Builds events from sightings on the calling thread, interning their strings.
#[derive(Debug, Default)]
pub struct EventBuilder {
    pub strings: Interner,
    pub extras: Extras,
    pub files: Vec<Arc<str>>,
}

impl EventBuilder {
    /// The event a sighting stands for, with the sighting's detail (taken from it
    /// by the caller, so that it need not be copied), or `None` when it names no
    /// call uid.
    pub fn event(&mut self, s: &Sighting, detail: Option<Detail>, ordinal: u32) -> Option<Event> {
        s.uid?;
        if self.files.last() != Some(&s.file) {
            self.files.push(s.file.clone());
        }
        let strings = &mut self.strings;
        let mut intern = |text: &Option<Span>| s.texts.of(*text).map_or(NONE, |t| strings.intern(t));
        Some(Event {
            time: s.time,
            ordinal,
            arrival: 0,
            line: u32::try_from(s.line).unwrap_or(u32::MAX),
            uid: intern(&s.uid),
            caller: intern(&s.caller),
            company: intern(&s.company),
            agents: intern(&s.agents),
            kind: if s.summary.is_some() {
                EventKind::Summary
            } else if matches!(detail, Some(Detail::V2(_))) {
                EventKind::V2
            } else {
                EventKind::State
            },
            extra: self.extras.add(s.received_ms, s.summary, detail),
            file: u16::try_from(self.files.len() - 1).unwrap_or(u16::MAX),
            state: s.state,
            direction: s.direction,
            status: s.status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::decode_record;

    #[test]
    fn an_event_is_small() {
        assert!(size_of::<Event>() <= 48, "{}", size_of::<Event>());
        assert!(size_of::<Extra>() <= 16, "{}", size_of::<Extra>());
    }

    #[test]
    fn record_numbers_follow_runs_and_restart() {
        let mut numbers = RecordNumbers::default();
        // Records 1 to 3 of one file, record 4 failed, 5 and 6; then a second file.
        for (ordinal, record) in [(0, 1), (1, 2), (2, 3), (3, 5), (4, 6), (5, 1), (6, 2)] {
            numbers.note(ordinal, record);
        }
        let read: Vec<u32> = (0..7).map(|o| numbers.of(o)).collect();
        assert_eq!(read, [1, 2, 3, 5, 6, 1, 2]);
        assert_eq!(numbers.runs.len(), 3);
    }

    #[test]
    fn interning_returns_the_same_id() {
        let mut strings = Interner::default();
        let a = strings.intern("n2.1");
        assert_eq!(strings.intern("n2.1"), a);
        assert_ne!(strings.intern("n2.2"), a);
        let strings = strings.into_strings();
        assert_eq!(strings.of(StringId::packed(a)), Some("n2.1"));
        assert_eq!(StringId::packed(NONE), None);
        assert_eq!(strings.get(StringId(7)), None);
    }

    /// Many more strings than the recent slots, met again in another order and
    /// mixed with strings pushed unlooked-for: each keeps its one id, and two
    /// strings never share one.
    #[test]
    fn interning_many_strings_keeps_one_id_each() {
        let mut strings = Interner::default();
        let texts: Vec<String> = (0..5 * RECENT).map(|i| format!("s{}.{}", i % 97, i)).collect();
        let ids: Vec<u32> = texts.iter().map(|t| strings.intern(t)).collect();
        for (i, t) in texts.iter().enumerate().rev() {
            strings.push(t);
            assert_eq!(strings.intern(t), ids[i], "{t}");
            assert_eq!(strings.intern(&texts[i / 2]), ids[i / 2]);
        }
        let mut distinct = ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), texts.len());
        let strings = strings.into_strings();
        for (t, &id) in texts.iter().zip(&ids) {
            assert_eq!(strings.of(StringId::packed(id)), Some(t.as_str()));
        }
    }

    /// Two strings of one half hash (so of one recent slot, and one the table
    /// compares) are told apart by their text.
    #[test]
    fn strings_of_one_half_hash_keep_their_own_ids() {
        let mut seen = std::collections::HashMap::new();
        let (a, b) = (0..1_000_000u32)
            .map(|i| format!("c{i}"))
            .find_map(|t| seen.insert(half_hash(&t), t.clone()).map(|other| (other, t)))
            .expect("a collision of 32 bits among a million strings");
        let mut strings = Interner::default();
        let (ia, ib) = (strings.intern(&a), strings.intern(&b));
        assert_ne!(ia, ib);
        assert_eq!((strings.intern(&a), strings.intern(&b)), (ia, ib));
    }

    /// The timeline reads an After-Call duration as `decode` does: `"00:75:00"` is a
    /// type mismatch there, so here it gives no duration and the call's `_et - _st`
    /// stands in.
    #[test]
    fn durations_are_read_as_decode_reads_them() {
        let tz = FixedOffset::east_opt(0).unwrap();
        for (dr, seconds, mismatch) in [
            ("\"00:01:15\"", 75, false),
            ("\"00:75:00\"", 39, true),
            ("75", 75, false),
        ] {
            let raw = RawRecord {
                source: crate::input::Source {
                    file: Arc::from("t"),
                    line: 1,
                },
                format: InputFormat::Json,
                text: format!(
                    r#"{{"_pm":[{{"ky":"ui","vl":"n1.1.1"}}],"_st":1596270956,"_et":1596270995,"_dr":{dr}}}"#
                )
                .into_bytes(),
            };
            let fast = Sighting::from_json(&raw, tz).unwrap();
            assert_eq!(fast.summary.map(|s| s.duration), Some(seconds), "{dr}");
            let full = decode_record(&raw, tz).remove(0).unwrap();
            assert_eq!(Sighting::from_record(&full), fast);
            let reported = full.findings.iter().any(|f| f.path.as_deref() == Some("_dr"));
            assert_eq!(reported, mismatch, "{dr}: {:?}", full.findings);
        }
    }
}
