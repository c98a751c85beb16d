//! The facts of one Webhook v2 event that the timeline reads: which event, its id
//! and sequence, when it happened, and for the call record (`call.end`,
//! `call.summary`) its status, duration, recording and legs; for a WhatsApp message
//! its id and media link.
//!
//! One reader for both ways a record reaches the timeline: fields taken by their
//! dictionary id, from the fully decoded rows (`from_rows`), from the JSON value
//! (`from_value`), or straight from the JSON text (`from_json`, the timeline's:
//! borrowed text, only the fields it reads, the rest skipped unparsed; a key sent
//! twice goes to `from_value`), so they cannot disagree (`fast_read_parity` checks).
//! `from_json` first tries `scan`, a reader of its own for the common case (no
//! escapes, no key twice), which hands the same fields to the same `take`.

use std::borrow::Cow;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};

use rustc_hash::FxBuildHasher;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

mod scan;

use super::event::Key;
use crate::decode::interpret::parse_iso_time;
use crate::decode::walk::FieldRow;

/// One leg of a v2 call: the customer, or an agent dialled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Leg {
    /// `leg_index`, 1 for the customer in every sample.
    pub index: Option<i64>,
    /// `type`: `customer` or `agent`, as sent.
    pub kind: Option<String>,
    /// `phone_number`, else the agent's `contact`.
    pub number: Option<String>,
    /// `agent.name`: only `call.summary` carries it.
    pub name: Option<String>,
    /// `dial_status`: `ANSWER`, `BUSY`, `NOANSWER`...; blank on the customer leg.
    pub dial_status: Option<String>,
    /// `result`: `connected`, `answered`, `not_answered`...
    pub result: Option<String>,
    /// Seconds.
    pub ring: Option<i64>,
    /// Seconds.
    pub talk: Option<i64>,
    /// `answered_at`, epoch milliseconds.
    answered_ms: Option<i64>,
    /// `started_at`, epoch milliseconds.
    started_ms: Option<i64>,
    /// `agent.contact`, when it is all the leg says of the number.
    contact: Option<String>,
}

impl Leg {
    pub fn is_agent(&self) -> bool {
        self.kind.as_deref() == Some("agent")
    }

    /// The agent who took the call: `dial_status` `ANSWER` or `result` `answered`.
    pub fn answered(&self) -> bool {
        self.is_agent() && (self.dial_status.as_deref() == Some("ANSWER") || self.result.as_deref() == Some("answered"))
    }

    /// The number dialled: `phone_number`, else the agent's `contact`.
    pub fn number(&self) -> Option<&str> {
        self.number.as_deref().or(self.contact.as_deref())
    }

    /// When the agent answered, epoch milliseconds: `answered_at`, else the leg's
    /// start plus its ring time.
    pub fn answered_ms(&self) -> Option<i64> {
        self.answered_ms
            .or_else(|| self.started_ms?.checked_add(self.ring?.checked_mul(1000)?))
    }
}

/// What the timeline reads of one v2 event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct V2Facts {
    pub event_type: String,
    pub event_id: Option<String>,
    pub sequence: Option<i64>,
    pub session: Option<String>,
    pub customer: Option<String>,
    /// `direction`, envelope first: `incoming`, `outgoing`, or blank.
    pub direction: Option<String>,
    pub company: Option<String>,
    /// `timestamp`: when MyOperator sent it, epoch milliseconds.
    sent_ms: Option<i64>,
    /// `payload.started_at` and `payload.ended_at`, epoch milliseconds.
    pub started_ms: Option<i64>,
    pub ended_ms: Option<i64>,
    /// `payload.status`: `bridged`, `missed`, `voicemail`, as sent.
    pub status: Option<String>,
    /// `payload.category`: `incoming`, `obd`...
    pub category: Option<String>,
    /// `payload.duration`, seconds.
    pub duration: Option<i64>,
    pub recording: Option<String>,
    pub legs: Vec<Leg>,
    /// A WhatsApp event's `payload.id`: the message.
    pub message_id: Option<String>,
    /// A WhatsApp media message's `payload.data.context.link`; `Some("")` when sent blank.
    pub media_link: Option<String>,
    /// [`V2Facts::time_ms`] and [`V2Facts::content`], worked out once, on the
    /// reading workers, by [`V2Facts::sealed`].
    time: Option<i64>,
    digest: u64,
}

impl V2Facts {
    /// When the event happened, epoch milliseconds: the moment its payload names
    /// (the start of `call.initiated`, the answer of `call.answered`, the end of
    /// `call.end`), else when it was sent.
    pub fn time_ms(&self) -> Option<i64> {
        self.time
    }

    /// A digest of everything but `event_id` and `timestamp`, which a retry may send
    /// anew: two events with the same digest are one event delivered twice.
    pub fn content(&self) -> u64 {
        self.digest
    }

    /// The facts as read, with their time and digest worked out.
    fn sealed(mut self) -> Self {
        self.time = self.own_time();
        self.digest = self.digest_of();
        self
    }

    fn own_time(&self) -> Option<i64> {
        let own = match self.event_type.as_str() {
            "call.initiated" => self.started_ms,
            "call.answered" => self.legs.iter().find(|l| l.answered()).and_then(Leg::answered_ms),
            "call.end" => self.ended_ms,
            _ => None,
        };
        own.or(self.sent_ms)
    }

    fn digest_of(&self) -> u64 {
        let mut h = FxBuildHasher.build_hasher();
        let V2Facts {
            event_type,
            event_id: _,
            sequence,
            session,
            customer,
            direction,
            company,
            sent_ms: _,
            started_ms,
            ended_ms,
            status,
            category,
            duration,
            recording,
            legs,
            message_id,
            media_link,
            time: _,
            digest: _,
        } = self;
        (event_type, sequence, session, customer, direction, company).hash(&mut h);
        (started_ms, ended_ms, status, category, duration, recording, legs).hash(&mut h);
        (message_id, media_link).hash(&mut h);
        h.finish()
    }

    /// Whether this WhatsApp message fills in the media link an earlier delivery of
    /// the same message sent blank: an update, not a duplicate.
    pub fn fills_link_of(&self, earlier: &V2Facts) -> bool {
        self.message_id.is_some()
            && self.message_id == earlier.message_id
            && self.event_type == earlier.event_type
            && earlier.media_link.as_deref().is_none_or(str::is_empty)
            && self.media_link.as_deref().is_some_and(|l| !l.is_empty())
    }

    /// From a fully decoded v2 event's rows.
    pub fn from_rows(rows: &[FieldRow]) -> Self {
        let mut facts = V2Facts::default();
        for row in rows {
            // A field's own value, not one found inside it (`legs[0].type.a`).
            if let Some(field) = row.field
                && canonical(row.path()) == field.id
            {
                facts.take(field.id, leg_of(row.path()), &Scalar::of(&row.value));
            }
        }
        facts.sealed()
    }

    /// From a v2 envelope as parsed JSON; `None` when it is not one (no
    /// `event_type` text, or no `payload` object).
    pub fn from_value(root: &Value) -> Option<Self> {
        let object = root.as_object()?;
        object.get("event_type")?.as_str()?;
        object.get("payload")?.as_object()?;
        let mut facts = V2Facts::default();
        for (key, value) in object {
            if key != "payload" {
                facts.take(key, None, &Scalar::of(value));
                continue;
            }
            let Some(payload) = value.as_object() else { continue };
            for (key, value) in payload {
                match (key.as_str(), value) {
                    ("legs", Value::Array(legs)) => {
                        for (i, leg) in legs.iter().enumerate() {
                            let Some(leg) = leg.as_object() else { continue };
                            for (key, value) in leg {
                                if key == "agent"
                                    && let Value::Object(agent) = value
                                {
                                    for (key, value) in agent {
                                        facts.take(&format!("payload.legs[].agent.{key}"), Some(i), &Scalar::of(value));
                                    }
                                } else {
                                    facts.take(&format!("payload.legs[].{key}"), Some(i), &Scalar::of(value));
                                }
                            }
                        }
                    }
                    ("data", Value::Object(data)) => {
                        if let Some(Value::Object(context)) = data.get("context")
                            && let Some(link) = context.get("link")
                        {
                            facts.take("payload.data.context.link", None, &Scalar::of(link));
                        }
                    }
                    _ => {
                        facts.take(&format!("payload.{key}"), None, &Scalar::of(value));
                    }
                }
            }
        }
        Some(facts.sealed())
    }

    /// Keeps what field `id` says, of leg number `leg` (from 0) where it is a leg's;
    /// whether the timeline reads that field (whatever the value).
    fn take(&mut self, id: &str, leg: Option<usize>, value: &Scalar<'_>) -> bool {
        let text = || match value {
            Scalar::Text(s) => Some(s.trim().to_owned()),
            Scalar::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let filled = || text().filter(|s| !s.is_empty());
        let ms = || match value {
            Scalar::Text(s) => parse_iso_time(s).and_then(iso_ms),
            _ => None,
        };
        let integer = || match value {
            Scalar::Number(n) => n.as_i64(),
            Scalar::Text(s) => s.trim().parse().ok(),
            _ => None,
        };
        // A list or object says nothing, but the field is still one the timeline reads.
        if matches!(value, Scalar::Compound) {
            return match leg {
                Some(_) => id
                    .strip_prefix("payload.legs[].")
                    .is_some_and(|f| LEG_FIELDS.contains(&f)),
                None => FIELDS.contains(&id),
            };
        }
        if let Some(i) = leg {
            let Some(field) = id.strip_prefix("payload.legs[].") else {
                return false;
            };
            // Known leg fields only: a leg is made by what the dictionary knows of it.
            match field {
                "leg_index" => leg_at(&mut self.legs, i).index = integer(),
                "type" => leg_at(&mut self.legs, i).kind = filled(),
                "phone_number" => leg_at(&mut self.legs, i).number = filled(),
                "agent.contact" => leg_at(&mut self.legs, i).contact = filled(),
                "agent.name" => leg_at(&mut self.legs, i).name = filled(),
                "dial_status" => leg_at(&mut self.legs, i).dial_status = filled(),
                "result" => leg_at(&mut self.legs, i).result = filled(),
                "ring_duration" => leg_at(&mut self.legs, i).ring = integer(),
                "talk_duration" => leg_at(&mut self.legs, i).talk = integer(),
                "answered_at" => leg_at(&mut self.legs, i).answered_ms = ms(),
                "started_at" => leg_at(&mut self.legs, i).started_ms = ms(),
                _ => return false,
            }
            return true;
        }
        let first = |slot: &mut Option<String>| {
            if slot.is_none() {
                *slot = filled();
            }
        };
        match id {
            "event_type" => self.event_type = text().unwrap_or_default(),
            "event_id" => self.event_id = filled(),
            "event_sequence" => self.sequence = integer(),
            "session_id" => self.session = filled(),
            "customer_identifier" => self.customer = filled(),
            "payload.customer_number" => first(&mut self.customer),
            "direction" => self.direction = filled(),
            "payload.direction" => first(&mut self.direction),
            "company_id" => self.company = filled(),
            "timestamp" => self.sent_ms = ms(),
            "payload.started_at" => self.started_ms = ms(),
            "payload.ended_at" => self.ended_ms = ms(),
            "payload.status" => self.status = filled(),
            "payload.category" => self.category = filled(),
            "payload.duration" => self.duration = integer(),
            "payload.recording_filename" => self.recording = filled(),
            "payload.id" => self.message_id = filled(),
            "payload.data.context.link" => self.media_link = text(),
            _ => return false,
        }
        true
    }
}

/// A value as [`V2Facts::take`] reads it: text (borrowed from the input where it
/// has no escapes), a number, another scalar, or a list or object.
enum Scalar<'a> {
    Text(Cow<'a, str>),
    Number(Number),
    Other,
    Compound,
}

impl<'a> Scalar<'a> {
    fn of(value: &'a Value) -> Self {
        match value {
            Value::String(s) => Scalar::Text(Cow::Borrowed(s)),
            Value::Number(n) => Scalar::Number(n.clone()),
            Value::Object(_) | Value::Array(_) => Scalar::Compound,
            Value::Null | Value::Bool(_) => Scalar::Other,
        }
    }
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(Cow::Owned(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(v.into()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Scalar<'de>, E> {
        // serde_json reads no infinite or NaN number, so this is always one.
        Ok(Number::from_f64(v).map_or(Scalar::Other, Scalar::Number))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Other)
    }

    fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Compound)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Compound)
    }
}

impl V2Facts {
    /// From a v2 envelope's JSON text, as [`V2Facts::from_value`] reads its parsed
    /// value, but reading only the fields the timeline uses, the rest skipped
    /// unparsed; `None` when it is not a v2 envelope or not JSON.
    pub fn from_json(text: &str) -> Option<Self> {
        if let Some(facts) = scan::envelope(text) {
            return Some(facts);
        }
        Self::from_json_by_serde(text)
    }

    /// [`V2Facts::from_json`] by the scan alone: `None` where it gives up.
    #[cfg(test)]
    pub(super) fn from_json_by_scan(text: &str) -> Option<Self> {
        scan::envelope(text)
    }

    /// [`V2Facts::from_json`] through serde: for what the scan leaves (escapes, a
    /// key twice, invalid JSON).
    pub(super) fn from_json_by_serde(text: &str) -> Option<Self> {
        let mut reader = EnvelopeReader {
            facts: V2Facts::default(),
            typed: false,
            payload: false,
        };
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let read = Level::Envelope(&mut reader)
            .deserialize(&mut deserializer)
            .and_then(|()| deserializer.end());
        match read {
            Ok(()) => (reader.typed && reader.payload).then(|| reader.facts.sealed()),
            // A key twice: the parsed value keeps its last value where it came first,
            // which only the value reproduces; and invalid JSON, to fail as before.
            Err(_) => V2Facts::from_value(&serde_json::from_str(text).ok()?),
        }
    }
}

/// What reading an envelope found besides its facts: whether it has an
/// `event_type` text and a `payload` object, as [`V2Facts::from_value`] asks.
struct EnvelopeReader {
    facts: V2Facts,
    typed: bool,
    payload: bool,
}

/// The object being read, and which leg it is of.
enum Level<'r> {
    Envelope(&'r mut EnvelopeReader),
    Payload(&'r mut EnvelopeReader),
    Legs(&'r mut V2Facts),
    Leg(&'r mut V2Facts, usize),
    Agent(&'r mut V2Facts, usize),
    Data(&'r mut V2Facts),
    Context(&'r mut V2Facts),
}

/// The keys an object had that the timeline reads, by hash: a key twice sends the
/// record to the parsed value (a hash met twice by chance only costs that).
#[derive(Default)]
struct Seen {
    hashes: [u64; 24],
    len: usize,
}

impl Seen {
    /// Notes `key`; an error when it came before.
    fn note<E: de::Error>(&mut self, key: &str) -> Result<(), E> {
        let hash = FxBuildHasher.hash_one(key);
        if self.hashes[..self.len].contains(&hash) || self.len == self.hashes.len() {
            return Err(E::custom("a key twice"));
        }
        self.hashes[self.len] = hash;
        self.len += 1;
        Ok(())
    }
}

/// Reads the value of `key` into `facts` as the field `prefix` and `key` (of leg
/// `leg`), noting the key in `seen` when it is a field the timeline reads; whether
/// the value is text. A key too long for any such field is skipped unread.
fn read_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    facts: &mut V2Facts,
    seen: &mut Seen,
    (prefix, key): (&str, &str),
    leg: Option<usize>,
) -> Result<bool, A::Error> {
    let mut buffer = [0u8; 48];
    let id = buffer.get_mut(..prefix.len() + key.len()).and_then(|out| {
        out[..prefix.len()].copy_from_slice(prefix.as_bytes());
        out[prefix.len()..].copy_from_slice(key.as_bytes());
        std::str::from_utf8(out).ok()
    });
    let Some(id) = id else {
        map.next_value::<IgnoredAny>()?;
        return Ok(false);
    };
    let value: Scalar = map.next_value()?;
    if facts.take(id, leg, &value) {
        seen.note(key)?;
    }
    Ok(matches!(value, Scalar::Text(_)))
}

impl<'de> DeserializeSeed<'de> for Level<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Level<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a v2 envelope")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = Seen::default();
        match self {
            Level::Envelope(reader) => {
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let key = key.as_str();
                    if key == "payload" {
                        seen.note(key)?;
                        reader.payload = false;
                        map.next_value_seed(Level::Payload(reader))?;
                        continue;
                    }
                    let text = read_field(&mut map, &mut reader.facts, &mut seen, ("", key), None)?;
                    if key == "event_type" {
                        reader.typed = text;
                    }
                }
            }
            Level::Payload(reader) => {
                reader.payload = true;
                let facts = &mut reader.facts;
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let key = key.as_str();
                    match key {
                        "legs" => {
                            seen.note(key)?;
                            map.next_value_seed(Level::Legs(facts))?;
                        }
                        "data" => {
                            seen.note(key)?;
                            map.next_value_seed(Level::Data(facts))?;
                        }
                        _ => {
                            read_field(&mut map, facts, &mut seen, ("payload.", key), None)?;
                        }
                    }
                }
            }
            Level::Leg(facts, leg) => {
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let key = key.as_str();
                    if key == "agent" {
                        seen.note(key)?;
                        map.next_value_seed(Level::Agent(facts, leg))?;
                        continue;
                    }
                    read_field(&mut map, facts, &mut seen, ("payload.legs[].", key), Some(leg))?;
                }
            }
            Level::Agent(facts, leg) => {
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let key = key.as_str();
                    read_field(&mut map, facts, &mut seen, ("payload.legs[].agent.", key), Some(leg))?;
                }
            }
            Level::Data(facts) => {
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    if key.as_str() == "context" {
                        seen.note(key.as_str())?;
                        map.next_value_seed(Level::Context(facts))?;
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Level::Context(facts) => {
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    if key.as_str() == "link" {
                        seen.note(key.as_str())?;
                        let value: Scalar = map.next_value()?;
                        facts.take("payload.data.context.link", None, &value);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Level::Legs(_) => while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {},
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if let Level::Legs(facts) = self {
            let mut leg = 0;
            while seq.next_element_seed(Level::Leg(facts, leg))?.is_some() {
                leg += 1;
            }
        } else {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
        }
        Ok(())
    }

    // Anything but an object (a list for the legs) is not read.
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// The fields of an event the timeline reads, but for its legs', as
/// [`V2Facts::take`] knows them: for a field sent as a list or object.
const FIELDS: &[&str] = &[
    "event_type",
    "event_id",
    "event_sequence",
    "session_id",
    "customer_identifier",
    "payload.customer_number",
    "direction",
    "payload.direction",
    "company_id",
    "timestamp",
    "payload.started_at",
    "payload.ended_at",
    "payload.status",
    "payload.category",
    "payload.duration",
    "payload.recording_filename",
    "payload.id",
    "payload.data.context.link",
];

/// The leg fields the timeline reads, after `payload.legs[].`, as [`V2Facts::take`]
/// knows them.
const LEG_FIELDS: &[&str] = &[
    "leg_index",
    "type",
    "phone_number",
    "agent.contact",
    "agent.name",
    "dial_status",
    "result",
    "ring_duration",
    "talk_duration",
    "answered_at",
    "started_at",
];

/// Leg `i` (from 0), made (with any before it) if new.
fn leg_at(legs: &mut Vec<Leg>, i: usize) -> &mut Leg {
    if legs.len() <= i {
        legs.resize_with(i + 1, Leg::default);
    }
    &mut legs[i]
}

/// Epoch milliseconds of an ISO time, the fraction cut to milliseconds.
fn iso_ms(t: crate::decode::interpret::IsoTime<'_>) -> Option<i64> {
    let mut ms = 0;
    for d in t.fraction.bytes().chain(*b"000").take(3) {
        if !d.is_ascii_digit() {
            return None;
        }
        ms = ms * 10 + i64::from(d - b'0');
    }
    t.seconds.checked_mul(1000)?.checked_add(ms)
}

/// A concrete path as the dictionary writes it: `payload.legs[2].result` is
/// `payload.legs[].result`.
fn canonical(path: &str) -> Cow<'_, str> {
    if !path.contains('[') {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '[' => {
                inside = true;
                out.push(c);
            }
            ']' => {
                inside = false;
                out.push(c);
            }
            _ if inside => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The leg a row's path is in: `payload.legs[2].result` is leg 2.
fn leg_of(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("payload.legs[")?;
    rest[..rest.find(']')?].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_cut_to_milliseconds_and_legs_by_path() {
        let t = parse_iso_time("2026-04-14T05:29:28.838594394Z").unwrap();
        assert_eq!(iso_ms(t), Some(1_776_144_568_838));
        assert_eq!(
            iso_ms(parse_iso_time("2026-04-14T05:28:04+00:00").unwrap()),
            Some(1_776_144_484_000)
        );
        assert_eq!(leg_of("payload.legs[12].agent.name"), Some(12));
        assert_eq!(leg_of("payload.status"), None);
    }

    /// The field lists are the fields `take` reads: a value sent as a list or object
    /// counts as the same fields as one sent as text.
    #[test]
    fn the_field_lists_are_what_take_reads() {
        let mut facts = V2Facts::default();
        let leg_ids = LEG_FIELDS.iter().map(|f| (format!("payload.legs[].{f}"), Some(0)));
        let ids = FIELDS.iter().map(|f| ((*f).to_owned(), None));
        for (id, leg) in ids.chain(leg_ids).chain([
            ("stranger".to_owned(), None),
            ("payload.legs[].uid".to_owned(), Some(0)),
        ]) {
            let known = facts.take(&id, leg, &Scalar::Other);
            assert_eq!(facts.take(&id, leg, &Scalar::Compound), known, "{id}");
            assert_eq!(known, id != "stranger" && id != "payload.legs[].uid", "{id}");
        }
    }

    #[test]
    fn a_blank_link_then_filled_is_an_update() {
        let message = |link: &str| {
            V2Facts::from_value(&serde_json::json!({
                "event_type": "message.received",
                "session_id": "dd60b513",
                "payload": {"id": "9fcb92ab", "data": {"type": "image", "context": {"link": link}}}
            }))
            .unwrap()
        };
        let (blank, filled) = (message(""), message("https://example.in/a.jpg"));
        assert!(filled.fills_link_of(&blank));
        assert!(!blank.fills_link_of(&filled));
        assert!(!filled.fills_link_of(&filled));
        assert_ne!(blank.content(), filled.content());
    }
}
