//! A Webhook v2 event read across its fields, before it is walked into rows: what
//! no single field shows but the documents, the samples and the mistakes of public
//! consumer code make worth saying. Each finding says what to do.
//!
//! The facts behind them: MyOperator's payload article (`event_version` an integer,
//! `system_identifier` null on `call.summary`), the Postman samples and the
//! production account public code gives (`payload.duration` includes ring time, the
//! first leg is the customer's, your OBD reference comes back in `client_ref_id`,
//! the session id's epoch is the call's start), and what that code gets wrong.

use std::fmt::Write as _;

use chrono::FixedOffset;

use super::document::{Key, Node};
use super::interpret::{call_uid_parts, format_time, integer, parse_iso_time, same_phone};
use crate::findings::{Finding, FindingId};
use crate::vocabulary::Family;

/// Checks a v2 event's top-level entries, pushing what they show to `findings`.
pub fn check(entries: &[(Key, Node)], family: Family, tz: FixedOffset, findings: &mut Vec<Finding>) {
    let top = Picked::of(entries.iter().map(|(k, v)| (k.text.as_ref(), v)), top_slot);
    if let Some(version) = top.text(EVENT_VERSION) {
        // Written in place: this is said of every event of most senders.
        let mut message = String::with_capacity(180);
        message.push_str("`event_version` is the string ");
        push_debug(&mut message, version);
        message.push_str(
            ", where MyOperator documents an integer: compare it as a number (`int(v) == 1`, `Number(v) === 1`), not with `=== 1`",
        );
        findings.push(Finding::new(
            FindingId::V2EventVersionString,
            Some("event_version"),
            message,
        ));
    }
    if family != Family::V2Call {
        return;
    }
    let event_type = top.text(EVENT_TYPE).unwrap_or_default();
    let payload = top.get(PAYLOAD).and_then(Payload::of);
    system_identifier(top.get(SYSTEM_IDENTIFIER), event_type, payload.as_ref(), findings);
    let Some(payload) = payload else {
        return;
    };
    envelope_and_payload(&top, &payload, findings);
    references(&payload, findings);
    session_time(top.get(SESSION_ID), &payload, tz, findings);
    if let Some(legs) = Legs::of(&payload) {
        legs.first_is_customer(findings);
        legs.status(&payload, findings);
        legs.duration(&payload, findings);
        legs.talk_times(&payload, findings);
    }
}

/// An object's values under the keys the checks read, found in one pass over the
/// object (the first of a repeated key, as a search finds it) rather than by a
/// search of the object for each key the checks ask for.
struct Picked<'a, const N: usize>([Option<&'a Node>; N]);

impl<'a, const N: usize> Picked<'a, N> {
    /// `slot` says where in the `N` a key is kept; `None` for a key no check reads.
    fn of(entries: impl Iterator<Item = (&'a str, &'a Node)>, slot: fn(&str) -> Option<usize>) -> Self {
        let mut picked = [None; N];
        for (key, value) in entries {
            if let Some(i) = slot(key)
                && let Some(place) = picked.get_mut(i)
                && place.is_none()
            {
                *place = Some(value);
            }
        }
        Picked(picked)
    }

    fn get(&self, slot: usize) -> Option<&'a Node> {
        self.0.get(slot).copied().flatten()
    }

    fn text(&self, slot: usize) -> Option<&'a str> {
        self.get(slot).and_then(Node::as_str)
    }

    fn integer(&self, slot: usize) -> Option<i64> {
        self.get(slot).and_then(Node::as_scalar).and_then(integer)
    }
}

/// The keys a check reads of one kind of object, from one list: a constant for
/// each key's place, their count, the function from a key to its place (a
/// `match`, so a key is told by its length and bytes), and, for the tests, the
/// names in order.
macro_rules! keys {
    ($count:ident, $slot:ident, $names:ident: $($place:ident = $name:literal),+ $(,)?) => {
        keys!(@places 0; $($place)+);
        const $count: usize = [$($name),+].len();
        #[cfg(test)]
        const $names: [&str; $count] = [$($name),+];
        fn $slot(key: &str) -> Option<usize> {
            match key {
                $($name => Some($place),)+
                _ => None,
            }
        }
    };
    (@places $n:expr; $first:ident $($rest:ident)*) => {
        const $first: usize = $n;
        keys!(@places $n + 1; $($rest)*);
    };
    (@places $n:expr;) => {};
}

// The envelope's.
keys!(TOP_COUNT, top_slot, TOP_KEYS:
    EVENT_VERSION = "event_version",
    EVENT_TYPE = "event_type",
    PAYLOAD = "payload",
    SYSTEM_IDENTIFIER = "system_identifier",
    DIRECTION = "direction",
    SESSION_ID = "session_id",
    CUSTOMER_IDENTIFIER = "customer_identifier",
);

// The payload's.
keys!(PAYLOAD_COUNT, payload_slot, PAYLOAD_KEYS:
    DID = "did",
    PAYLOAD_DIRECTION = "direction",
    ID = "id",
    CUSTOMER_NUMBER = "customer_number",
    REF_ID = "ref_id",
    CLIENT_REF_ID = "client_ref_id",
    STARTED_AT = "started_at",
    LEGS = "legs",
    STATUS = "status",
    DURATION = "duration",
    ENDED_AT = "ended_at",
);

// A leg's.
keys!(LEG_COUNT, leg_slot, LEG_KEYS:
    TYPE = "type",
    RESULT = "result",
    DIAL_STATUS = "dial_status",
    TALK_DURATION = "talk_duration",
    ANSWERED_AT = "answered_at",
    LEG_ENDED_AT = "ended_at",
);

/// The entries of an object node, as [`Picked::of`] reads them.
fn object_entries(node: &Node) -> Option<impl Iterator<Item = (&str, &Node)>> {
    match node {
        Node::Object(entries) => Some(entries.iter().map(|(k, v)| (k.as_ref(), v))),
        _ => None,
    }
}

/// A v2 event's payload object, read by key.
struct Payload<'a>(Picked<'a, PAYLOAD_COUNT>);

impl<'a> Payload<'a> {
    fn of(node: &'a Node) -> Option<Self> {
        object_entries(node).map(|entries| Payload(Picked::of(entries, payload_slot)))
    }

    fn get(&self, slot: usize) -> Option<&'a Node> {
        self.0.get(slot)
    }

    fn text(&self, slot: usize) -> Option<&'a str> {
        self.0.text(slot)
    }

    fn integer(&self, slot: usize) -> Option<i64> {
        self.0.integer(slot)
    }
}

/// Whether a value is missing as v2 leaves values out: absent, null or `""`.
fn blank(value: Option<&Node>) -> bool {
    match value {
        None => true,
        Some(node) => node.is_null() || node.as_str() == Some(""),
    }
}

/// `system_identifier` empty, null or absent: where the DID is instead.
fn system_identifier(
    value: Option<&Node>,
    event_type: &str,
    payload: Option<&Payload<'_>>,
    findings: &mut Vec<Finding>,
) {
    if !blank(value) {
        return;
    }
    let how = match value {
        None => "absent",
        Some(node) if node.is_null() => "null",
        _ => "empty",
    };
    let documented = if event_type == "call.summary" {
        ", as MyOperator documents it on `call.summary`"
    } else {
        ""
    };
    // Written in place: this is said of every `call.summary`.
    let mut message = String::with_capacity(160);
    message.push_str("`system_identifier` is ");
    message.push_str(how);
    message.push_str(documented);
    message.push_str("; ");
    match payload.and_then(|p| p.text(DID)) {
        Some(did) if !did.is_empty() => {
            message.push_str("take the DID from `payload.did` (");
            message.push_str(did);
            message.push(')');
        }
        _ => message
            .push_str("`payload.did` is absent too: take the DID from this call's `call.initiated` or `call.end`"),
    }
    findings.push(Finding::new(
        FindingId::V2SystemIdentifierEmpty,
        Some("system_identifier"),
        message,
    ));
}

/// The envelope's `direction`, `session_id` and `customer_identifier` against the
/// payload's `direction`, `id` and `customer_number`.
fn envelope_and_payload<'a>(top: &Picked<'a, TOP_COUNT>, payload: &Payload<'a>, findings: &mut Vec<Finding>) {
    let text = |v: Option<&'a Node>| v.and_then(Node::as_str).filter(|s| !s.is_empty());
    type Same = fn(&str, &str) -> bool;
    let pairs: [(&str, usize, &str, usize, Same); 3] = [
        ("direction", DIRECTION, "direction", PAYLOAD_DIRECTION, |a, b| a == b),
        ("session_id", SESSION_ID, "id", ID, |a, b| a == b),
        (
            "customer_identifier",
            CUSTOMER_IDENTIFIER,
            "customer_number",
            CUSTOMER_NUMBER,
            |a, b| same_phone(a, b),
        ),
    ];
    for (outer, outer_slot, inner, inner_slot, same) in pairs {
        if let (Some(a), Some(b)) = (text(top.get(outer_slot)), text(payload.get(inner_slot)))
            && !same(a, b)
        {
            findings.push(Finding::new(
                FindingId::V2EnvelopePayloadMismatch,
                Some(&format!("payload.{inner}")),
                format!(
                    "the envelope's `{outer}` is {a:?} but `payload.{inner}` is {b:?}: code that merges the payload over the envelope (`{{...event, ...event.payload}}`) keeps the payload's without a word; read each from where you mean it"
                ),
            ));
        }
    }
}

/// `ref_id` with no `client_ref_id`: the id that is MyOperator's, read as yours.
fn references(payload: &Payload<'_>, findings: &mut Vec<Finding>) {
    let Some(ref_id) = payload.text(REF_ID).filter(|s| !s.is_empty()) else {
        return;
    };
    if !blank(payload.get(CLIENT_REF_ID)) {
        return;
    }
    let yours = if payload.get(CLIENT_REF_ID).is_some() {
        "which is empty here"
    } else {
        "which this event does not carry"
    };
    findings.push(Finding::new(
        FindingId::V2RefIdNotYours,
        Some("payload.ref_id"),
        format!(
            "`payload.ref_id` ({ref_id:?}) is MyOperator's own id for this call, not the `reference_id` you passed when placing it: yours comes back in `payload.client_ref_id`, {yours}; join OBD calls to your records on `client_ref_id`"
        ),
    ));
}

/// The epoch in a `<host>.<epoch>.<seq>` session id against `payload.started_at`.
fn session_time(session: Option<&Node>, payload: &Payload<'_>, tz: FixedOffset, findings: &mut Vec<Finding>) {
    // The payload's time first: most events carry none, and then the id is not read.
    let Some(started) = payload.text(STARTED_AT).and_then(parse_iso_time) else {
        return;
    };
    let Some((_, embedded, _)) = session.and_then(Node::as_str).and_then(call_uid_parts) else {
        return;
    };
    // The samples agree to the second; a second either way is rounding.
    if (embedded - started.seconds).abs() <= 1 {
        return;
    }
    let at = |seconds| {
        chrono::DateTime::from_timestamp(seconds, 0)
            .map(|t| format_time(t, tz))
            .unwrap_or_default()
    };
    findings.push(Finding::new(
        FindingId::V2SessionTimeMismatch,
        Some("session_id"),
        format!(
            "`session_id` embeds {}, but `payload.started_at` is {}: on every known sample they are the same second, so one of them is not this call's",
            at(embedded),
            at(started.seconds)
        ),
    ));
}

/// `` `payload.legs[N]` ``, written without `format!`.
fn push_leg(out: &mut String, index: usize) {
    out.push_str("`payload.legs[");
    out.push_str(itoa::Buffer::new().format(index));
    out.push_str("]`");
}

/// `text` as `{text:?}` writes it: in quotes, and where it has a quote, a
/// backslash or anything but printable ASCII, escaped as Rust's `Debug` escapes it.
fn push_debug(out: &mut String, text: &str) {
    if text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    {
        out.push('"');
        out.push_str(text);
        out.push('"');
    } else {
        let _ = write!(out, "{text:?}");
    }
}

/// One leg of `payload.legs`, as the checks read it.
struct Leg<'a> {
    index: usize,
    object: Picked<'a, LEG_COUNT>,
}

impl<'a> Leg<'a> {
    fn text(&self, slot: usize) -> Option<&'a str> {
        self.object.text(slot)
    }

    fn seconds(&self, slot: usize) -> Option<i64> {
        self.object.integer(slot)
    }

    fn is_customer(&self) -> bool {
        self.text(TYPE) == Some("customer")
    }

    fn is_agent(&self) -> bool {
        self.text(TYPE) == Some("agent")
    }

    /// An agent's leg that was picked up: `result` `answered` or `dial_status`
    /// `ANSWER` (both hold on every sample).
    fn answered(&self) -> bool {
        !self.is_customer() && (self.text(RESULT) == Some("answered") || self.text(DIAL_STATUS) == Some("ANSWER"))
    }

    fn path(&self, key: &str) -> String {
        format!("payload.legs[{}].{key}", self.index)
    }
}

struct Legs<'a> {
    legs: Vec<Leg<'a>>,
    /// Where in `legs` the first answered agent's leg is: several checks ask.
    answering: Option<usize>,
}

impl<'a> Legs<'a> {
    fn of(payload: &Payload<'a>) -> Option<Self> {
        let Some(Node::Array(legs)) = payload.get(LEGS) else {
            return None;
        };
        let legs: Vec<Leg<'a>> = legs
            .iter()
            .enumerate()
            .filter_map(|(index, leg)| {
                object_entries(leg).map(|entries| Leg {
                    index,
                    object: Picked::of(entries, leg_slot),
                })
            })
            .collect();
        let answering = legs.iter().position(Leg::answered);
        Some(Legs { legs, answering })
    }

    fn answering(&self) -> Option<&Leg<'a>> {
        self.legs.get(self.answering?)
    }

    /// The customer's leg first, where code that takes `legs[0]` for the agent
    /// reads the customer.
    fn first_is_customer(&self, findings: &mut Vec<Finding>) {
        let Some(first) = self.legs.first().filter(|l| l.index == 0 && l.is_customer()) else {
            return;
        };
        // One message, written in place: this is said of most call events.
        let agents = || self.legs.iter().filter(|l| l.is_agent()).map(|l| l.index);
        let count = agents().count();
        if count == 0 {
            return;
        }
        let mut message = String::with_capacity(200);
        message.push_str("`payload.legs[0]` is the customer's leg, not an agent's: ");
        message.push_str(if count == 1 {
            "the agent tried is "
        } else {
            "the agents tried are "
        });
        for (i, index) in agents().enumerate() {
            if i + 1 == count && i > 0 {
                message.push_str(" and ");
            } else if i > 0 {
                message.push_str(", ");
            }
            push_leg(&mut message, index);
        }
        message.push_str(", and ");
        match self.answering() {
            Some(leg) => {
                push_leg(&mut message, leg.index);
                message.push_str(" answered");
            }
            None => message.push_str("none answered"),
        }
        message.push_str("; code that takes the agent from `legs[0]` reads the customer");
        debug_assert_eq!(first.path("type"), "payload.legs[0].type");
        findings.push(Finding::new(
            FindingId::V2FirstLegIsCustomer,
            Some("payload.legs[0].type"),
            message,
        ));
    }

    /// `payload.status` against whether an agent answered.
    fn status(&self, payload: &Payload<'_>, findings: &mut Vec<Finding>) {
        let Some(status) = payload.text(STATUS) else {
            return;
        };
        let message = match (status, self.answering()) {
            ("bridged", None) => {
                "`payload.status` is \"bridged\", but no agent leg was answered (`result` `answered` or `dial_status` `ANSWER`): one of them is wrong, so do not count the call as answered on `status` alone".to_owned()
            }
            ("missed" | "voicemail", Some(leg)) => format!(
                "`payload.status` is {status:?}, but `payload.legs[{}]` was answered: one of them is wrong, so do not count the call as missed on `status` alone",
                leg.index
            ),
            _ => return,
        };
        findings.push(Finding::new(
            FindingId::V2StatusLegsMismatch,
            Some("payload.status"),
            message,
        ));
    }

    /// `payload.duration` against the talk time of the answering leg.
    fn duration(&self, payload: &Payload<'_>, findings: &mut Vec<Finding>) {
        let (Some(duration), Some(leg)) = (payload.integer(DURATION), self.answering()) else {
            return;
        };
        let Some(talk) = leg.seconds(TALK_DURATION) else {
            return;
        };
        if talk == duration {
            return;
        }
        // Written in place: this is said of most answered calls' summaries.
        let mut numbers = itoa::Buffer::new();
        let mut message = String::with_capacity(220);
        message.push_str("`payload.duration` (");
        message.push_str(numbers.format(duration));
        message.push_str("s) is the whole call, ringing and pickup included; the agent who answered talked ");
        message.push_str(numbers.format(talk));
        message.push_str("s (`payload.legs[");
        message.push_str(numbers.format(leg.index));
        message.push_str("].talk_duration`): bill and report talk time from the answering leg");
        debug_assert!(message.contains(&leg.path("talk_duration")));
        findings.push(Finding::new(
            FindingId::V2DurationIncludesRing,
            Some("payload.duration"),
            message,
        ));
    }

    /// An answered leg's talk time against the time from its `answered_at` to its
    /// end (its own `ended_at`, else the call's).
    fn talk_times(&self, payload: &Payload<'_>, findings: &mut Vec<Finding>) {
        let call_end = payload.text(ENDED_AT);
        for leg in &self.legs {
            let (Some(talk), Some(answered)) = (
                leg.seconds(TALK_DURATION),
                leg.text(ANSWERED_AT).and_then(parse_iso_time),
            ) else {
                continue;
            };
            let Some(end) = leg.text(LEG_ENDED_AT).or(call_end).and_then(parse_iso_time) else {
                continue;
            };
            let available = end.seconds - answered.seconds;
            // A second for rounding: the times are sent to the millisecond or not.
            if talk <= available + 1 {
                continue;
            }
            findings.push(Finding::new(
                FindingId::V2TalkExceedsLeg,
                Some(&leg.path("talk_duration")),
                format!(
                    "`{}` is {talk}s, but only {available}s passed from its `answered_at` to the end: one of the two is wrong; prefer the times",
                    leg.path("talk_duration")
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// An object with every key of `names` (some twice, the first a string, the
    /// second a number), keys no check reads, and near misses.
    fn object(names: &[&str]) -> Vec<(String, Node)> {
        let mut entries = vec![("x".to_owned(), Node::Scalar(Value::Null))];
        for (i, name) in names.iter().enumerate() {
            entries.push(((*name).to_owned(), Node::Scalar(Value::String(format!("first {i}")))));
            entries.push((format!("{name}_"), Node::Scalar(Value::Null)));
            entries.push((name.to_uppercase(), Node::Scalar(Value::Null)));
            if i % 2 == 0 {
                entries.push(((*name).to_owned(), Node::Scalar(Value::from(i))));
            }
        }
        entries
    }

    /// What one pass picks is what a search for each key finds, repeated keys
    /// included; a key no check reads is not picked.
    fn picks_as_a_search_finds<const N: usize>(names: [&str; N], slot: fn(&str) -> Option<usize>) {
        for keep in 0..=names.len() {
            let entries = object(&names[..keep]);
            let picked: Picked<'_, N> = Picked::of(entries.iter().map(|(k, v)| (k.as_str(), v)), slot);
            for (i, name) in names.iter().enumerate() {
                assert_eq!(slot(name), Some(i), "{name}");
                let found = entries.iter().find(|(k, _)| k == name).map(|(_, v)| v);
                assert_eq!(
                    picked.get(i).map(std::ptr::from_ref),
                    found.map(std::ptr::from_ref),
                    "{name}"
                );
                assert_eq!(slot(&format!("{name}_")), None);
                assert_eq!(slot(&name.to_uppercase()), None);
            }
        }
    }

    #[test]
    fn one_pass_finds_what_a_search_finds() {
        picks_as_a_search_finds(TOP_KEYS, top_slot);
        picks_as_a_search_finds(PAYLOAD_KEYS, payload_slot);
        picks_as_a_search_finds(LEG_KEYS, leg_slot);
    }

    /// What is written in place says what `format!` says.
    #[test]
    fn messages_written_in_place_are_format_s() {
        for text in [
            "1",
            "",
            "1.0 beta",
            "a\"b",
            "back\\slash",
            "tab\there",
            "é",
            "\u{7f}",
            "\u{200b}x",
            "~ ok",
        ] {
            let mut ours = String::new();
            push_debug(&mut ours, text);
            assert_eq!(ours, format!("{text:?}"), "{text}");
        }
        for index in [0, 7, 10, 12_345] {
            let mut ours = String::new();
            push_leg(&mut ours, index);
            assert_eq!(ours, format!("`payload.legs[{index}]`"));
        }
    }
}
