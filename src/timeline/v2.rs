//! The facts of one Webhook v2 event that the timeline reads: which event, its id
//! and sequence, when it happened, and for the call record (`call.end`,
//! `call.summary`) its status, duration, recording and legs; for a WhatsApp message
//! its id and media link.
//!
//! One reader for both ways a record reaches the timeline: fields taken as a
//! `Target` (found by dictionary id in rows, by key at each level in JSON, which a
//! test holds to one table), from the fully decoded rows (`from_rows`), from the
//! JSON value (`from_value`), or straight from the JSON text (`from_json`, the timeline's:
//! borrowed text, only the fields it reads, the rest skipped unparsed; a key sent
//! twice goes to `from_value`), so they cannot disagree (`fast_read_parity` checks).
//! `from_json` first tries `scan`, a reader of its own for the common case (no
//! escapes, no key twice), which hands the same fields to the same `take`.
//!
//! The facts as read (`V2Facts`, made on the reading workers, code words already
//! numbered among the vocabulary's spellings) are kept by the timeline in a
//! `V2Store`: code words as numbers, text interned, every event's legs in one
//! vector (88 bytes an event and 56 a leg, and their text); `V2` and `Leg` read
//! them back.

use std::borrow::Cow;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};

use std::sync::LazyLock;

use rustc_hash::FxBuildHasher;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

mod scan;

use super::chunked::Chunked;
use super::event::{Interner, Key, StringId, Strings};
use super::texts::{Span, Texts};
use crate::decode::interpret::parse_iso_time;
use crate::decode::walk::FieldRow;
use crate::vocabulary::codes::{
    V2_CATEGORY_WORDS, V2_DIAL_STATUS_WORDS, V2_DIRECTION_WORDS, V2_LEG_RESULT_WORDS, V2_LEG_TYPE_WORDS,
    V2_STATUS_WORDS, Word as CodeWord,
};
use crate::vocabulary::v2_events::{V2_EVENTS, V2Event, event as v2_event};

/// One leg of a v2 call as read: the customer, or an agent dialled. Its text is in
/// its event's [`V2Facts::text`].
#[derive(Debug, Clone, Default)]
pub struct LegFacts {
    /// `leg_index`, 1 for the customer in every sample.
    index: Option<i64>,
    /// `type`: `customer` or `agent`, as sent.
    kind: Word,
    /// `phone_number`, else the agent's `contact`.
    number: Option<Span>,
    /// `agent.name`: only `call.summary` carries it.
    name: Option<Span>,
    /// `dial_status`: `ANSWER`, `BUSY`, `NOANSWER`...; blank on the customer leg.
    dial_status: Word,
    /// `result`: `connected`, `answered`, `not_answered`...
    result: Word,
    /// Seconds.
    ring: Option<i64>,
    /// Seconds.
    talk: Option<i64>,
    /// `answered_at`, epoch milliseconds.
    answered_ms: Option<i64>,
    /// `started_at`, epoch milliseconds.
    started_ms: Option<i64>,
    /// `agent.contact`, when it is all the leg says of the number.
    contact: Option<Span>,
}

impl LegFacts {
    fn is_agent(&self) -> bool {
        self.kind.text(&LEG_TYPES) == Some("agent")
    }

    /// The agent who took the call: `dial_status` `ANSWER` or `result` `answered`.
    fn answered(&self) -> bool {
        self.is_agent()
            && (self.dial_status.text(&DIAL_STATUSES) == Some("ANSWER")
                || self.result.text(&LEG_RESULTS) == Some("answered"))
    }

    /// The number dialled: `phone_number`, else the agent's `contact`.
    fn number(&self) -> Option<Span> {
        self.number.or(self.contact)
    }

    /// What a digest or a comparison of two events reads of the leg: its facts, text
    /// and all.
    fn content<'a>(&'a self, text: &'a Texts) -> impl Hash + PartialEq + 'a {
        let of = move |span: Option<Span>| text.of(span);
        let LegFacts {
            index,
            kind,
            number,
            name,
            dial_status,
            result,
            ring,
            talk,
            answered_ms,
            started_ms,
            contact,
        } = self;
        (
            (index, kind, of(*number), of(*name), dial_status, result),
            (ring, talk, answered_ms, started_ms, of(*contact)),
        )
    }

    /// When the agent answered, epoch milliseconds: `answered_at`, else the leg's
    /// start plus its ring time.
    fn answered_ms(&self) -> Option<i64> {
        self.answered_ms
            .or_else(|| self.started_ms?.checked_add(self.ring?.checked_mul(1000)?))
    }
}

/// The spellings of a v2 code word field, from the vocabulary: a word sent under
/// one of them is kept as its number in the list, not as text.
pub(crate) struct Spellings(LazyLock<Vec<&'static str>>);

impl Spellings {
    fn code(&self, text: &str) -> Option<u8> {
        self.0
            .iter()
            .position(|s| *s == text)
            .and_then(|i| u8::try_from(i).ok())
    }

    fn text(&self, code: u8) -> Option<&'static str> {
        self.0.get(usize::from(code)).copied()
    }
}

fn spellings_of(words: &'static [CodeWord]) -> Vec<&'static str> {
    words.iter().flat_map(CodeWord::spellings).collect()
}

pub(crate) static EVENT_TYPES: Spellings = Spellings(LazyLock::new(|| {
    V2_EVENTS.iter().flat_map(V2Event::spellings).collect()
}));
pub(crate) static STATUSES: Spellings = Spellings(LazyLock::new(|| spellings_of(V2_STATUS_WORDS)));
pub(crate) static CATEGORIES: Spellings = Spellings(LazyLock::new(|| spellings_of(V2_CATEGORY_WORDS)));
pub(crate) static DIRECTIONS: Spellings = Spellings(LazyLock::new(|| spellings_of(V2_DIRECTION_WORDS)));
pub(crate) static LEG_TYPES: Spellings = Spellings(LazyLock::new(|| spellings_of(V2_LEG_TYPE_WORDS)));
pub(crate) static LEG_RESULTS: Spellings = Spellings(LazyLock::new(|| spellings_of(V2_LEG_RESULT_WORDS)));
pub(crate) static DIAL_STATUSES: Spellings = Spellings(LazyLock::new(|| spellings_of(V2_DIAL_STATUS_WORDS)));

/// A code word as read: absent, one of its field's [`Spellings`] by number (no
/// allocation for what MyOperator sends), or any other text, kept as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) enum Word {
    #[default]
    Absent,
    Known(u8),
    Other(Box<str>),
}

impl Word {
    /// `text` among `spellings`; absent when blank.
    fn of(spellings: &Spellings, text: Option<&str>) -> Self {
        match text {
            None | Some("") => Word::Absent,
            Some(text) => spellings
                .code(text)
                .map_or_else(|| Word::Other(text.into()), Word::Known),
        }
    }

    pub(crate) fn text<'a>(&'a self, spellings: &Spellings) -> Option<&'a str> {
        match self {
            Word::Absent => None,
            Word::Known(code) => spellings.text(*code),
            Word::Other(text) => Some(text),
        }
    }
}

impl PartialEq for V2Facts {
    fn eq(&self, other: &Self) -> bool {
        self.content() == other.content()
            && self.legs.len() == other.legs.len()
            && self
                .legs
                .iter()
                .zip(&other.legs)
                .all(|(a, b)| a.content(&self.text) == b.content(&other.text))
            && self.of(self.event_id) == other.of(other.event_id)
            && (self.sent_ms, self.time, self.digest) == (other.sent_ms, other.time, other.digest)
    }
}

impl Eq for V2Facts {}

/// What the timeline reads of one v2 event, as a reading worker finds it; the
/// timeline keeps it compactly as a [`V2Store`] entry. Its text, its legs' too, is
/// in one [`Texts`].
#[derive(Debug, Clone, Default)]
pub struct V2Facts {
    text: Texts,
    /// `event_type`; absent when not text or blank.
    event_type: Word,
    event_id: Option<Span>,
    sequence: Option<i64>,
    session: Option<Span>,
    customer: Option<Span>,
    /// `direction`, envelope first: `incoming`, `outgoing`, or blank.
    direction: Word,
    company: Option<Span>,
    /// `timestamp`: when MyOperator sent it, epoch milliseconds.
    sent_ms: Option<i64>,
    /// `payload.started_at` and `payload.ended_at`, epoch milliseconds.
    started_ms: Option<i64>,
    ended_ms: Option<i64>,
    /// `payload.status`: `bridged`, `missed`, `voicemail`, as sent.
    status: Word,
    /// `payload.category`: `incoming`, `obd`...
    category: Word,
    /// `payload.duration`, seconds.
    duration: Option<i64>,
    recording: Option<Span>,
    legs: Vec<LegFacts>,
    /// A WhatsApp event's `payload.id`: the message.
    message_id: Option<Span>,
    /// A WhatsApp media message's `payload.data.context.link`; `Some("")` when sent blank.
    media_link: Option<Span>,
    /// When the event happened and a digest of its content, worked out once, on
    /// the reading workers, by [`V2Facts::sealed`].
    time: Option<i64>,
    digest: u64,
}

impl V2Facts {
    /// Whether it is the event `name`, spelt so.
    pub(super) fn is(&self, name: &str) -> bool {
        self.event_type.text(&EVENT_TYPES) == Some(name)
    }

    /// `direction` and `status` as v1's `event` and `status` number them (0 when
    /// not said), and each agent's number once, in leg order.
    pub(super) fn v1_codes(&self) -> (u8, u8, Vec<&str>) {
        let mut agents: Vec<&str> = Vec::new();
        for number in self
            .legs
            .iter()
            .filter(|l| l.is_agent())
            .filter_map(|l| self.of(l.number()))
        {
            if !agents.contains(&number) {
                agents.push(number);
            }
        }
        let code = |value: Option<&str>, words: &[&str]| {
            value
                .and_then(|v| words.iter().position(|w| *w == v))
                .and_then(|i| u8::try_from(i + 1).ok())
                .unwrap_or(0)
        };
        (
            code(self.direction.text(&DIRECTIONS), &["incoming", "outgoing"]),
            code(self.status.text(&STATUSES), &["bridged", "missed", "voicemail"]),
            agents,
        )
    }

    /// When the event happened, epoch milliseconds.
    pub(super) fn time_ms(&self) -> Option<i64> {
        self.time
    }

    /// The facts as read, with their time and digest worked out.
    fn sealed(mut self) -> Self {
        self.time = self.own_time();
        self.digest = self.digest_of();
        self
    }

    fn own_time(&self) -> Option<i64> {
        let own = match self.event_type.text(&EVENT_TYPES).unwrap_or_default() {
            "call.initiated" => self.started_ms,
            "call.answered" => self.legs.iter().find(|l| l.answered()).and_then(LegFacts::answered_ms),
            "call.end" => self.ended_ms,
            _ => None,
        };
        own.or(self.sent_ms)
    }

    fn digest_of(&self) -> u64 {
        let mut h = FxBuildHasher.build_hasher();
        self.content().hash(&mut h);
        self.legs.len().hash(&mut h);
        for leg in &self.legs {
            leg.content(&self.text).hash(&mut h);
        }
        h.finish()
    }

    /// What the digest reads, and two facts compare, but for the legs: every fact
    /// but the event's id, when it was sent, and what is worked out from the rest.
    fn content(&self) -> impl Hash + PartialEq + '_ {
        let V2Facts {
            text,
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
            legs: _,
            message_id,
            media_link,
            time: _,
            digest: _,
        } = self;
        let of = |span: &Option<Span>| text.of(*span);
        (
            (event_type, sequence, of(session), of(customer), direction, of(company)),
            (started_ms, ended_ms, status, category, duration, of(recording)),
            (of(message_id), of(media_link)),
        )
    }

    /// Facts yet to be read, with room for the text most events have, so that
    /// it is one allocation.
    fn new() -> Self {
        V2Facts {
            text: Texts::with_capacity(256),
            ..V2Facts::default()
        }
    }

    /// The text at `span`.
    fn of(&self, span: Option<Span>) -> Option<&str> {
        self.text.of(span)
    }

    /// `session_id`: the call.
    pub(super) fn session(&self) -> Option<&str> {
        self.of(self.session)
    }

    /// Who called: `customer_identifier`, else `payload.customer_number`.
    pub(super) fn customer(&self) -> Option<&str> {
        self.of(self.customer)
    }

    /// From a fully decoded v2 event's rows.
    pub fn from_rows(rows: &[FieldRow]) -> Self {
        let mut facts = V2Facts::new();
        for row in rows {
            // A field's own value, not one found inside it (`legs[0].type.a`).
            if let Some(field) = row.field
                && canonical(row.path()) == field.id
                && let Some(target) = Target::of_id(field.id, leg_of(row.path()))
            {
                facts.take(target, &Scalar::of(&row.value));
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
        let mut facts = V2Facts::new();
        for (key, value) in object {
            if key != "payload" {
                if let Some(target) = Target::of_envelope_key(key) {
                    facts.take(target, &Scalar::of(value));
                }
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
                                        if let Some(target) = Target::of_agent_key(key, i) {
                                            facts.take(target, &Scalar::of(value));
                                        }
                                    }
                                } else if let Some(target) = Target::of_leg_key(key, i) {
                                    facts.take(target, &Scalar::of(value));
                                }
                            }
                        }
                    }
                    ("data", Value::Object(data)) => {
                        if let Some(Value::Object(context)) = data.get("context")
                            && let Some(link) = context.get("link")
                        {
                            facts.take(Target::Event(Field::MediaLink), &Scalar::of(link));
                        }
                    }
                    _ => {
                        if let Some(target) = Target::of_payload_key(key) {
                            facts.take(target, &Scalar::of(value));
                        }
                    }
                }
            }
        }
        Some(facts.sealed())
    }

    /// Keeps what `value` says of `target`; a list or object says nothing.
    fn take(&mut self, target: Target, value: &Scalar<'_>) {
        // A code word, trimmed, without making a string of it.
        let word = |spellings: &Spellings| match value {
            Scalar::Text(s) => Word::of(spellings, Some(trimmed(s))),
            Scalar::Number(n) => Word::of(spellings, Some(&n.to_string())),
            _ => Word::Absent,
        };
        let ms = || match value {
            Scalar::Text(s) => parse_iso_time(s).and_then(iso_ms),
            _ => None,
        };
        let integer = || match value {
            Scalar::Number(n) => n.as_i64(),
            Scalar::Text(s) => trimmed(s).parse().ok(),
            _ => None,
        };
        if matches!(value, Scalar::Compound) {
            return;
        }
        let field = match target {
            Target::Leg(i, field) => {
                let text = match field {
                    LegField::Number | LegField::Contact | LegField::Name => self.kept(value, false),
                    _ => None,
                };
                let leg = leg_at(&mut self.legs, i);
                match field {
                    LegField::Index => leg.index = integer(),
                    LegField::Type => leg.kind = word(&LEG_TYPES),
                    LegField::Number => leg.number = text,
                    LegField::Contact => leg.contact = text,
                    LegField::Name => leg.name = text,
                    LegField::DialStatus => leg.dial_status = word(&DIAL_STATUSES),
                    LegField::Result => leg.result = word(&LEG_RESULTS),
                    LegField::Ring => leg.ring = integer(),
                    LegField::Talk => leg.talk = integer(),
                    LegField::Answered => leg.answered_ms = ms(),
                    LegField::Started => leg.started_ms = ms(),
                }
                return;
            }
            Target::Event(field) => field,
        };
        match field {
            Field::EventType => self.event_type = word(&EVENT_TYPES),
            Field::EventId => self.event_id = self.kept(value, false),
            Field::Sequence => self.sequence = integer(),
            Field::Session => self.session = self.kept(value, false),
            Field::Customer => self.customer = self.kept(value, false),
            Field::CustomerNumber => {
                if self.customer.is_none() {
                    self.customer = self.kept(value, false);
                }
            }
            Field::Direction => self.direction = word(&DIRECTIONS),
            Field::PayloadDirection => {
                if self.direction == Word::Absent {
                    self.direction = word(&DIRECTIONS);
                }
            }
            Field::Company => self.company = self.kept(value, false),
            Field::Sent => self.sent_ms = ms(),
            Field::Started => self.started_ms = ms(),
            Field::Ended => self.ended_ms = ms(),
            Field::Status => self.status = word(&STATUSES),
            Field::Category => self.category = word(&CATEGORIES),
            Field::Duration => self.duration = integer(),
            Field::Recording => self.recording = self.kept(value, false),
            Field::MessageId => self.message_id = self.kept(value, false),
            Field::MediaLink => self.media_link = self.kept(value, true),
        }
    }

    /// The text of `value` (a number's as written), trimmed, kept in the facts'
    /// text; none for anything else, or when blank unless `blank` is wanted.
    fn kept(&mut self, value: &Scalar<'_>, blank: bool) -> Option<Span> {
        match value {
            Scalar::Text(s) => Some(trimmed(s))
                .filter(|t| blank || !t.is_empty())
                .and_then(|t| self.text.keep(t)),
            Scalar::Number(n) => self.text.keep_shown(n),
            _ => None,
        }
    }
}

/// `text` with white space trimmed as `str::trim` does, without its look at each
/// end when neither end is ASCII white space or outside ASCII (most values).
fn trimmed(text: &str) -> &str {
    let plain = |b: u8| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ');
    match text.as_bytes() {
        [first, .., last] if plain(*first) && plain(*last) => text,
        [only] if plain(*only) => text,
        _ => text.trim(),
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
            facts: V2Facts::new(),
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

/// Reads the value of `key` into `facts` as `target`, noting the key in `seen` when
/// it is a field the timeline reads (`target` is some); whether the value is text.
fn read_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    facts: &mut V2Facts,
    seen: &mut Seen,
    key: &str,
    target: Option<Target>,
) -> Result<bool, A::Error> {
    let value: Scalar = map.next_value()?;
    if let Some(target) = target {
        facts.take(target, &value);
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
                    let text = read_field(
                        &mut map,
                        &mut reader.facts,
                        &mut seen,
                        key,
                        Target::of_envelope_key(key),
                    )?;
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
                            read_field(&mut map, facts, &mut seen, key, Target::of_payload_key(key))?;
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
                    read_field(&mut map, facts, &mut seen, key, Target::of_leg_key(key, leg))?;
                }
            }
            Level::Agent(facts, leg) => {
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    let key = key.as_str();
                    read_field(&mut map, facts, &mut seen, key, Target::of_agent_key(key, leg))?;
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
                        facts.take(Target::Event(Field::MediaLink), &value);
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
/// A field the timeline reads of a v2 event's envelope or payload (a leg's are
/// [`LegField`]s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    EventType,
    EventId,
    Sequence,
    Session,
    Customer,
    CustomerNumber,
    Direction,
    PayloadDirection,
    Company,
    Sent,
    Started,
    Ended,
    Status,
    Category,
    Duration,
    Recording,
    MessageId,
    MediaLink,
}

/// A field the timeline reads of one of a v2 event's legs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LegField {
    Index,
    Type,
    Number,
    Contact,
    Name,
    DialStatus,
    Result,
    Ring,
    Talk,
    Answered,
    Started,
}

/// The fields the timeline reads, by dictionary id: what the decoded rows give.
const FIELDS: &[(&str, Field)] = &[
    ("event_type", Field::EventType),
    ("event_id", Field::EventId),
    ("event_sequence", Field::Sequence),
    ("session_id", Field::Session),
    ("customer_identifier", Field::Customer),
    ("payload.customer_number", Field::CustomerNumber),
    ("direction", Field::Direction),
    ("payload.direction", Field::PayloadDirection),
    ("company_id", Field::Company),
    ("timestamp", Field::Sent),
    ("payload.started_at", Field::Started),
    ("payload.ended_at", Field::Ended),
    ("payload.status", Field::Status),
    ("payload.category", Field::Category),
    ("payload.duration", Field::Duration),
    ("payload.recording_filename", Field::Recording),
    ("payload.id", Field::MessageId),
    ("payload.data.context.link", Field::MediaLink),
];

/// A leg's fields the timeline reads, by dictionary id within `payload.legs[]`.
const LEG_FIELDS: &[(&str, LegField)] = &[
    ("leg_index", LegField::Index),
    ("type", LegField::Type),
    ("phone_number", LegField::Number),
    ("agent.contact", LegField::Contact),
    ("agent.name", LegField::Name),
    ("dial_status", LegField::DialStatus),
    ("result", LegField::Result),
    ("ring_duration", LegField::Ring),
    ("talk_duration", LegField::Talk),
    ("answered_at", LegField::Answered),
    ("started_at", LegField::Started),
];

/// Where a read value goes: a field of the event, or of its leg number `.0` (from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Event(Field),
    Leg(usize, LegField),
}

impl Target {
    /// The field of dictionary id `id` (a leg's, of leg `leg`), if the timeline reads it.
    fn of_id(id: &str, leg: Option<usize>) -> Option<Self> {
        match leg {
            Some(i) => {
                let id = id.strip_prefix("payload.legs[].")?;
                LEG_FIELDS
                    .iter()
                    .find(|(f, _)| *f == id)
                    .map(|&(_, f)| Target::Leg(i, f))
            }
            None => FIELDS.iter().find(|(f, _)| *f == id).map(|&(_, f)| Target::Event(f)),
        }
    }

    /// The id the scan knows this field's key by, distinct within its object (an
    /// event's field by its variant, a leg's by its own).
    fn key_id(self) -> usize {
        match self {
            Target::Event(field) => field as usize,
            Target::Leg(_, field) => field as usize,
        }
    }

    /// Key `key` of the envelope, by name: what a reader of the JSON asks, without
    /// making the field's id. [`FIELDS`] must agree (a test checks).
    fn of_envelope_key(key: &str) -> Option<Self> {
        Some(Target::Event(match key {
            "event_type" => Field::EventType,
            "event_id" => Field::EventId,
            "event_sequence" => Field::Sequence,
            "session_id" => Field::Session,
            "customer_identifier" => Field::Customer,
            "direction" => Field::Direction,
            "company_id" => Field::Company,
            "timestamp" => Field::Sent,
            _ => return None,
        }))
    }

    /// Key `key` of the payload (not `legs` or `data`, which are read within).
    fn of_payload_key(key: &str) -> Option<Self> {
        Some(Target::Event(match key {
            "customer_number" => Field::CustomerNumber,
            "direction" => Field::PayloadDirection,
            "started_at" => Field::Started,
            "ended_at" => Field::Ended,
            "status" => Field::Status,
            "category" => Field::Category,
            "duration" => Field::Duration,
            "recording_filename" => Field::Recording,
            "id" => Field::MessageId,
            _ => return None,
        }))
    }

    /// Key `key` of leg `leg` (not `agent`, which is read within).
    fn of_leg_key(key: &str, leg: usize) -> Option<Self> {
        let field = match key {
            "leg_index" => LegField::Index,
            "type" => LegField::Type,
            "phone_number" => LegField::Number,
            "dial_status" => LegField::DialStatus,
            "result" => LegField::Result,
            "ring_duration" => LegField::Ring,
            "talk_duration" => LegField::Talk,
            "answered_at" => LegField::Answered,
            "started_at" => LegField::Started,
            _ => return None,
        };
        Some(Target::Leg(leg, field))
    }

    /// Key `key` of leg `leg`'s agent.
    fn of_agent_key(key: &str, leg: usize) -> Option<Self> {
        let field = match key {
            "contact" => LegField::Contact,
            "name" => LegField::Name,
            _ => return None,
        };
        Some(Target::Leg(leg, field))
    }
}

fn leg_at(legs: &mut Vec<LegFacts>, i: usize) -> &mut LegFacts {
    if legs.len() <= i {
        legs.resize_with(i + 1, LegFacts::default);
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

/// A code word as the timeline keeps it, in four bytes: absent, one of its field's
/// [`Spellings`] by number, or text among the [`V2Store`]'s strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Term(u32);

impl Term {
    const ABSENT: Term = Term(u32::MAX);
    /// Set on a known spelling's number; clear on a string's id.
    const KNOWN: u32 = 1 << 31;

    fn text<'s>(self, spellings: &Spellings, strings: &'s Strings) -> Option<&'s str> {
        match self.0 {
            u32::MAX => None,
            code if code & Term::KNOWN != 0 => spellings.text(u8::try_from(code & !Term::KNOWN).ok()?),
            id => strings.of(StringId::packed(id)),
        }
    }
}

/// Bits of [`StoredLeg::said`] and [`StoredV2::said`]: which of the numbers it
/// holds were sent, and a leg's two findings.
const INDEX: u8 = 1;
const RING: u8 = 1 << 1;
const TALK: u8 = 1 << 2;
const ANSWERED_MS: u8 = 1 << 3;
const AGENT: u8 = 1 << 4;
const ANSWERED: u8 = 1 << 5;
const SEQUENCE: u8 = 1;
const DURATION: u8 = 1 << 1;
const STARTED: u8 = 1 << 2;
const ENDED: u8 = 1 << 3;
const TIME: u8 = 1 << 4;

/// `Some(value)` when `said` has `bit`.
fn said_as(said: u8, bit: u8, value: i64) -> Option<i64> {
    (said & bit != 0).then_some(value)
}

/// `value` and `bit` when it is said, for packing.
fn packed(value: Option<i64>, bit: u8) -> (i64, u8) {
    value.map_or((0, 0), |v| (v, bit))
}

/// The id of `t` among `text`'s strings, [`u32::MAX`] for none.
fn id(text: &mut Interner, t: Option<&str>) -> u32 {
    t.map_or(u32::MAX, |t| text.intern(t))
}

/// The id of a copy of `t` among `text`'s strings, [`u32::MAX`] for none: for
/// text each event has its own of.
fn own(text: &mut Interner, t: Option<&str>) -> u32 {
    t.map_or(u32::MAX, |t| text.push(t))
}

/// `word` packed, text that is no known spelling interned in `text`.
fn term(text: &mut Interner, word: &Word) -> Term {
    match word {
        Word::Absent => Term::ABSENT,
        Word::Known(code) => Term(Term::KNOWN | u32::from(*code)),
        // Past 2^31 strings, a word reads as absent, as any string past the arena's room does.
        Word::Other(t) => Some(text.intern(t))
            .filter(|id| id & Term::KNOWN == 0)
            .map_or(Term::ABSENT, Term),
    }
}

/// One leg as the timeline keeps it: 56 bytes, its text among the store's strings.
#[derive(Debug, Clone, Copy)]
struct StoredLeg {
    index: i64,
    ring: i64,
    talk: i64,
    answered_ms: i64,
    kind: Term,
    dial_status: Term,
    result: Term,
    number: u32,
    name: u32,
    said: u8,
}

/// One v2 event as the timeline keeps it: 88 bytes, its legs a range of the
/// store's, its text among the store's strings.
#[derive(Debug, Clone, Copy)]
struct StoredV2 {
    sequence: i64,
    duration: i64,
    started_ms: i64,
    ended_ms: i64,
    time: i64,
    digest: u64,
    event_type: Term,
    status: Term,
    category: Term,
    event_id: u32,
    recording: u32,
    message_id: u32,
    media_link: u32,
    legs: u32,
    leg_count: u32,
    said: u8,
}

/// A timeline's v2 events, compactly: code words as numbers, text interned once
/// (in strings of their own, so that a uid's place among the timeline's strings
/// still counts calls), every event's legs in one vector. Read through [`V2`].
#[derive(Debug, Default)]
pub struct V2Store {
    events: Chunked<StoredV2>,
    legs: Chunked<StoredLeg>,
    text: Interner,
}

impl V2Store {
    /// Keeps `facts`; its index, or `None` once the store holds 2^32 events.
    pub(super) fn add(&mut self, facts: &V2Facts) -> Option<u32> {
        let text = &mut self.text;
        let legs = self.legs.push_run(facts.legs.iter().map(|leg| {
            let (index, i) = packed(leg.index, INDEX);
            let (ring, r) = packed(leg.ring, RING);
            let (talk, t) = packed(leg.talk, TALK);
            let (answered_ms, a) = packed(leg.answered_ms(), ANSWERED_MS);
            let agent = if leg.is_agent() { AGENT } else { 0 };
            let answered = if leg.answered() { ANSWERED } else { 0 };
            StoredLeg {
                index,
                ring,
                talk,
                answered_ms,
                kind: term(text, &leg.kind),
                dial_status: term(text, &leg.dial_status),
                result: term(text, &leg.result),
                number: id(text, facts.of(leg.number())),
                name: id(text, facts.of(leg.name)),
                said: i | r | t | a | agent | answered,
            }
        }));
        let legs = u32::try_from(legs).ok()?;
        let (sequence, q) = packed(facts.sequence, SEQUENCE);
        let (duration, d) = packed(facts.duration, DURATION);
        let (started_ms, s) = packed(facts.started_ms, STARTED);
        let (ended_ms, e) = packed(facts.ended_ms, ENDED);
        let (time, t) = packed(facts.time, TIME);
        let index = self.events.push(StoredV2 {
            sequence,
            duration,
            started_ms,
            ended_ms,
            time,
            digest: facts.digest,
            event_type: term(text, &facts.event_type),
            status: term(text, &facts.status),
            category: term(text, &facts.category),
            event_id: own(text, facts.of(facts.event_id)),
            recording: own(text, facts.of(facts.recording)),
            message_id: own(text, facts.of(facts.message_id)),
            media_link: own(text, facts.of(facts.media_link)),
            legs,
            leg_count: u32::try_from(facts.legs.len()).unwrap_or(u32::MAX),
            said: q | d | s | e | t,
        });
        u32::try_from(index).ok()
    }

    /// Drops what finds strings again, once every event is kept.
    pub(super) fn seal(&mut self) {
        self.text.forget_table();
    }

    /// The event at `index`.
    pub(super) fn get(&self, index: u32) -> Option<V2<'_>> {
        Some(V2 {
            facts: self.events.get(index as usize)?,
            store: self,
        })
    }

    fn text(&self, id: u32) -> Option<&str> {
        self.text.strings().of(StringId::packed(id))
    }
}

/// A v2 event of the timeline, read through its facts' accessors.
#[derive(Debug, Clone, Copy)]
pub struct V2<'x> {
    facts: &'x StoredV2,
    store: &'x V2Store,
}

impl<'x> V2<'x> {
    /// The `event_type` as sent; empty when it sent none.
    pub fn event_type(&self) -> &'x str {
        self.facts
            .event_type
            .text(&EVENT_TYPES, self.store.text.strings())
            .unwrap_or_default()
    }

    /// Whether it is the event `name`, spelt so.
    pub fn is(&self, name: &str) -> bool {
        self.event_type() == name
    }

    /// What the vocabulary knows of its event type.
    pub fn event(&self) -> Option<&'static V2Event> {
        v2_event(self.event_type())
    }

    pub fn event_id(&self) -> Option<&'x str> {
        self.store.text(self.facts.event_id)
    }

    pub fn sequence(&self) -> Option<i64> {
        said_as(self.facts.said, SEQUENCE, self.facts.sequence)
    }

    /// `payload.started_at`, epoch milliseconds.
    pub fn started_ms(&self) -> Option<i64> {
        said_as(self.facts.said, STARTED, self.facts.started_ms)
    }

    /// `payload.ended_at`, epoch milliseconds.
    pub fn ended_ms(&self) -> Option<i64> {
        said_as(self.facts.said, ENDED, self.facts.ended_ms)
    }

    /// `payload.status`: `bridged`, `missed`, `voicemail`, as sent.
    pub fn status(&self) -> Option<&'x str> {
        self.facts.status.text(&STATUSES, self.store.text.strings())
    }

    /// `payload.category`: `incoming`, `obd`...
    pub fn category(&self) -> Option<&'x str> {
        self.facts.category.text(&CATEGORIES, self.store.text.strings())
    }

    /// `payload.duration`, seconds.
    pub fn duration(&self) -> Option<i64> {
        said_as(self.facts.said, DURATION, self.facts.duration)
    }

    pub fn recording(&self) -> Option<&'x str> {
        self.store.text(self.facts.recording)
    }

    /// A WhatsApp media message's link; `Some("")` when sent blank.
    pub fn media_link(&self) -> Option<&'x str> {
        self.store.text(self.facts.media_link)
    }

    /// Its legs, in the order sent.
    pub fn legs(&self) -> impl ExactSizeIterator<Item = Leg<'x>> + Clone + use<'x> {
        let store = self.store;
        store
            .legs
            .run(self.facts.legs as usize, self.facts.leg_count as usize)
            .iter()
            .map(move |leg| Leg { leg, store })
    }

    /// When the event happened, epoch milliseconds: the moment its payload names
    /// (the start of `call.initiated`, the answer of `call.answered`, the end of
    /// `call.end`), else when it was sent.
    pub fn time_ms(&self) -> Option<i64> {
        said_as(self.facts.said, TIME, self.facts.time)
    }

    /// A digest of everything but `event_id` and `timestamp`, which a retry may send
    /// anew: two events with the same digest are one event delivered twice.
    pub fn content(&self) -> u64 {
        self.facts.digest
    }

    /// Whether this WhatsApp message fills in the media link an earlier delivery of
    /// the same message sent blank: an update, not a duplicate.
    pub fn fills_link_of(&self, earlier: &V2<'_>) -> bool {
        let message = self.store.text(self.facts.message_id);
        message.is_some()
            && message == earlier.store.text(earlier.facts.message_id)
            && self.event_type() == earlier.event_type()
            && earlier.media_link().is_none_or(str::is_empty)
            && self.media_link().is_some_and(|l| !l.is_empty())
    }
}

/// One leg of a v2 call: the customer, or an agent dialled.
#[derive(Debug, Clone, Copy)]
pub struct Leg<'x> {
    leg: &'x StoredLeg,
    store: &'x V2Store,
}

impl<'x> Leg<'x> {
    /// `leg_index`, 1 for the customer in every sample.
    pub fn index(&self) -> Option<i64> {
        said_as(self.leg.said, INDEX, self.leg.index)
    }

    /// `type`: `customer` or `agent`, as sent.
    pub fn kind(&self) -> Option<&'x str> {
        self.leg.kind.text(&LEG_TYPES, self.store.text.strings())
    }

    /// The number dialled: `phone_number`, else the agent's `contact`.
    pub fn number(&self) -> Option<&'x str> {
        self.store.text(self.leg.number)
    }

    /// `agent.name`: only `call.summary` carries it.
    pub fn name(&self) -> Option<&'x str> {
        self.store.text(self.leg.name)
    }

    /// `dial_status`: `ANSWER`, `BUSY`, `NOANSWER`...; blank on the customer leg.
    pub fn dial_status(&self) -> Option<&'x str> {
        self.leg.dial_status.text(&DIAL_STATUSES, self.store.text.strings())
    }

    /// `result`: `connected`, `answered`, `not_answered`...
    pub fn result(&self) -> Option<&'x str> {
        self.leg.result.text(&LEG_RESULTS, self.store.text.strings())
    }

    /// Ring time, seconds.
    pub fn ring(&self) -> Option<i64> {
        said_as(self.leg.said, RING, self.leg.ring)
    }

    /// Talk time, seconds.
    pub fn talk(&self) -> Option<i64> {
        said_as(self.leg.said, TALK, self.leg.talk)
    }

    pub fn is_agent(&self) -> bool {
        self.leg.said & AGENT != 0
    }

    /// The agent who took the call: `dial_status` `ANSWER` or `result` `answered`.
    pub fn answered(&self) -> bool {
        self.leg.said & ANSWERED != 0
    }

    /// When the agent answered, epoch milliseconds: `answered_at`, else the leg's
    /// start plus its ring time.
    pub fn answered_ms(&self) -> Option<i64> {
        said_as(self.leg.said, ANSWERED_MS, self.leg.answered_ms)
    }
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

    /// A key read by name at its level is the field of its dictionary id, for every
    /// field of the dictionary: the readers of JSON and of decoded rows read the same
    /// fields as the same.
    #[test]
    fn keys_by_level_are_the_fields_by_id() {
        let by_key = |id: &str| -> Option<Target> {
            if let Some(field) = id.strip_prefix("payload.legs[].") {
                return match field.strip_prefix("agent.") {
                    Some(key) => Target::of_agent_key(key, 0),
                    None => Target::of_leg_key(field, 0),
                };
            }
            if id == "payload.data.context.link" {
                return Some(Target::Event(Field::MediaLink));
            }
            match id.strip_prefix("payload.") {
                Some(key) => Target::of_payload_key(key),
                None => Target::of_envelope_key(id),
            }
        };
        let mut read = 0;
        for field in crate::vocabulary::FIELDS {
            let leg = field.id.starts_with("payload.legs[].").then_some(0);
            let target = Target::of_id(field.id, leg);
            assert_eq!(by_key(field.id), target, "{}", field.id);
            read += usize::from(target.is_some());
        }
        // Every field the timeline reads is one of the dictionary's.
        assert_eq!(read, FIELDS.len() + LEG_FIELDS.len());
        assert_eq!(Target::of_id("payload.legs[].uid", Some(0)), None);
        assert_eq!(Target::of_id("stranger", None), None);
    }

    /// `trimmed` is `str::trim`, whatever is at either end.
    #[test]
    fn trimmed_is_trim() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "é",
            " é",
            "é\u{a0}",
            "\u{a0}",
            "\u{3000}x",
            "x\u{2029}",
            "\u{1f}",
            "\u{b}x",
            "ab",
        ] {
            assert_eq!(trimmed(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn a_kept_event_is_small() {
        assert!(size_of::<StoredV2>() <= 88, "{}", size_of::<StoredV2>());
        assert!(size_of::<StoredLeg>() <= 56, "{}", size_of::<StoredLeg>());
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
        let mut store = V2Store::default();
        let blank = store.add(&message("")).unwrap();
        let filled = store.add(&message("https://example.in/a.jpg")).unwrap();
        let (blank, filled) = (store.get(blank).unwrap(), store.get(filled).unwrap());
        assert!(filled.fills_link_of(&blank));
        assert!(!blank.fills_link_of(&filled));
        assert!(!filled.fills_link_of(&filled));
        assert_ne!(blank.content(), filled.content());
    }

    /// What the store keeps reads back as it was sent: words the vocabulary spells
    /// (under any of their spellings) and words it does not, text, numbers, and
    /// what was not said.
    #[test]
    fn the_store_gives_back_what_was_read() {
        let event = |event_type: &str, status: &str, dial_status: &str| {
            V2Facts::from_value(&serde_json::json!({
                "event_type": event_type,
                "event_id": "e-1",
                "event_sequence": 7,
                "session_id": "s1",
                "payload": {
                    "status": status,
                    "category": "obd",
                    "duration": 43,
                    "recording_filename": "r.mp3",
                    "started_at": "2026-01-03T08:00:00Z",
                    "ended_at": "2026-01-03T08:00:43.5Z",
                    "legs": [
                        {"leg_index": 1, "type": "customer", "phone_number": "+919811122233", "result": "connected"},
                        {"type": "agent", "agent": {"contact": "+919873641288", "name": "Priya"},
                         "dial_status": dial_status, "result": "answered", "ring_duration": 8,
                         "talk_duration": 0, "started_at": "2026-01-03T08:00:02Z"},
                        {"type": "supervisor", "dial_status": " ", "result": "held"}
                    ]
                }
            }))
            .unwrap()
        };
        let mut store = V2Store::default();
        let sent = [
            ("call.end", "bridged", "ANSWER"),
            ("call.disposition", "missed", "NO ANSWER"),
            ("disposition", "queued", "NOANSWER"),
            ("call.odd", "bridged", "RINGING"),
        ];
        let ids: Vec<u32> = sent
            .iter()
            .map(|&(t, s, d)| store.add(&event(t, s, d)).unwrap())
            .collect();
        store.seal();
        for (&(event_type, status, dial_status), id) in sent.iter().zip(ids) {
            let f = store.get(id).unwrap();
            assert_eq!(f.event_type(), event_type);
            assert_eq!(f.status(), Some(status));
            assert_eq!(f.category(), Some("obd"));
            assert_eq!(
                (f.event_id(), f.sequence(), f.duration()),
                (Some("e-1"), Some(7), Some(43))
            );
            assert_eq!((f.recording(), f.media_link()), (Some("r.mp3"), None));
            assert_eq!(
                (f.started_ms(), f.ended_ms()),
                (Some(1_767_427_200_000), Some(1_767_427_243_500))
            );
            assert_eq!(f.time_ms(), f.ended_ms().filter(|_| event_type == "call.end"));
            let legs: Vec<_> = f
                .legs()
                .map(|l| {
                    let texts = [l.kind(), l.number(), l.name(), l.dial_status(), l.result()];
                    (
                        l.index(),
                        texts,
                        l.ring(),
                        l.talk(),
                        l.is_agent(),
                        l.answered(),
                        l.answered_ms(),
                    )
                })
                .collect();
            assert_eq!(
                legs,
                [
                    (
                        Some(1),
                        [Some("customer"), Some("+919811122233"), None, None, Some("connected")],
                        None,
                        None,
                        false,
                        false,
                        None
                    ),
                    (
                        None,
                        [
                            Some("agent"),
                            Some("+919873641288"),
                            Some("Priya"),
                            Some(dial_status),
                            Some("answered")
                        ],
                        Some(8),
                        Some(0),
                        true,
                        true,
                        Some(1_767_427_210_000)
                    ),
                    (
                        None,
                        [Some("supervisor"), None, None, None, Some("held")],
                        None,
                        None,
                        false,
                        false,
                        None
                    ),
                ],
                "{event_type}"
            );
        }
        // Words the vocabulary spells are kept as numbers, not text; others once each.
        let strings = store.text.strings();
        let kept: Vec<&str> = (0..strings.len() as u32)
            .filter_map(|id| strings.of(StringId::packed(id)))
            .collect();
        let words = ["supervisor", "held", "queued", "call.odd", "RINGING"];
        for word in words {
            assert_eq!(kept.iter().filter(|k| **k == word).count(), 1, "{word}: {kept:?}");
        }
        let vocabulary = [
            "call.end",
            "call.disposition",
            "disposition",
            "bridged",
            "missed",
            "obd",
        ];
        let vocabulary = vocabulary
            .into_iter()
            .chain(["ANSWER", "NO ANSWER", "NOANSWER", "agent", "customer"]);
        for word in vocabulary.chain(["connected", "answered"]) {
            assert!(!kept.contains(&word), "{word}: {kept:?}");
        }
    }
}
