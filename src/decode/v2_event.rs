//! A Webhook v2 event read across its fields, before it is walked into rows: what
//! no single field shows but the documents, the samples and the mistakes of public
//! consumer code make worth saying. Each finding says what to do.
//!
//! The facts behind them: MyOperator's payload article (`event_version` an integer,
//! `system_identifier` null on `call.summary`), the Postman samples and the
//! production account public code gives (`payload.duration` includes ring time, the
//! first leg is the customer's, your OBD reference comes back in `client_ref_id`,
//! the session id's epoch is the call's start), and what that code gets wrong.

use chrono::FixedOffset;
use serde_json::{Map, Value};

use super::document::Key;
use super::interpret::{call_uid_parts, format_time, integer, parse_iso_time, phone_key};
use crate::findings::{Finding, FindingId};
use crate::vocabulary::Family;

/// Checks a v2 event's top-level entries, pushing what they show to `findings`.
pub fn check(entries: &[(Key, Value)], family: Family, tz: FixedOffset, findings: &mut Vec<Finding>) {
    let top = |name: &str| entries.iter().find(|(k, _)| k.text == name).map(|(_, v)| v);
    if let Some(Value::String(version)) = top("event_version") {
        findings.push(Finding::new(
            FindingId::V2EventVersionString,
            Some("event_version"),
            format!(
                "`event_version` is the string {version:?}, where MyOperator documents an integer: compare it as a number (`int(v) == 1`, `Number(v) === 1`), not with `=== 1`"
            ),
        ));
    }
    if family != Family::V2Call {
        return;
    }
    let event_type = top("event_type").and_then(Value::as_str).unwrap_or_default();
    let payload = top("payload").and_then(Value::as_object);
    system_identifier(top("system_identifier"), event_type, payload, findings);
    let Some(payload) = payload else {
        return;
    };
    envelope_and_payload(&top, payload, findings);
    references(payload, findings);
    session_time(top("session_id"), payload, tz, findings);
    let legs = Legs::of(payload);
    if let Some(legs) = &legs {
        legs.first_is_customer(findings);
        legs.status(payload, findings);
        legs.duration(payload, findings);
        legs.talk_times(payload, findings);
    }
}

/// Whether a value is missing as v2 leaves values out: absent, null or `""`.
fn blank(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(_) => false,
    }
}

/// `system_identifier` empty, null or absent: where the DID is instead.
fn system_identifier(
    value: Option<&Value>,
    event_type: &str,
    payload: Option<&Map<String, Value>>,
    findings: &mut Vec<Finding>,
) {
    if !blank(value) {
        return;
    }
    let how = match value {
        None => "absent",
        Some(Value::Null) => "null",
        _ => "empty",
    };
    let documented = if event_type == "call.summary" {
        ", as MyOperator documents it on `call.summary`"
    } else {
        ""
    };
    let instead = match payload.and_then(|p| p.get("did")).and_then(Value::as_str) {
        Some(did) if !did.is_empty() => format!("take the DID from `payload.did` ({did})"),
        _ => "`payload.did` is absent too: take the DID from this call's `call.initiated` or `call.end`".to_owned(),
    };
    findings.push(Finding::new(
        FindingId::V2SystemIdentifierEmpty,
        Some("system_identifier"),
        format!("`system_identifier` is {how}{documented}; {instead}"),
    ));
}

/// The envelope's `direction`, `session_id` and `customer_identifier` against the
/// payload's `direction`, `id` and `customer_number`.
fn envelope_and_payload<'a>(
    top: &impl Fn(&str) -> Option<&'a Value>,
    payload: &'a Map<String, Value>,
    findings: &mut Vec<Finding>,
) {
    let text = |v: Option<&'a Value>| v.and_then(Value::as_str).filter(|s| !s.is_empty());
    type Same = fn(&str, &str) -> bool;
    let pairs: [(&str, &str, Same); 3] = [
        ("direction", "direction", |a, b| a == b),
        ("session_id", "id", |a, b| a == b),
        ("customer_identifier", "customer_number", |a, b| {
            phone_key(a) == phone_key(b)
        }),
    ];
    for (outer, inner, same) in pairs {
        if let (Some(a), Some(b)) = (text(top(outer)), text(payload.get(inner)))
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
fn references(payload: &Map<String, Value>, findings: &mut Vec<Finding>) {
    let Some(ref_id) = payload.get("ref_id").and_then(Value::as_str).filter(|s| !s.is_empty()) else {
        return;
    };
    if !blank(payload.get("client_ref_id")) {
        return;
    }
    let yours = if payload.contains_key("client_ref_id") {
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
fn session_time(session: Option<&Value>, payload: &Map<String, Value>, tz: FixedOffset, findings: &mut Vec<Finding>) {
    let Some((_, embedded, _)) = session.and_then(Value::as_str).and_then(call_uid_parts) else {
        return;
    };
    let Some(started) = payload
        .get("started_at")
        .and_then(Value::as_str)
        .and_then(parse_iso_time)
    else {
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

/// One leg of `payload.legs`, as the checks read it.
struct Leg<'a> {
    index: usize,
    object: &'a Map<String, Value>,
}

impl<'a> Leg<'a> {
    fn text(&self, key: &str) -> Option<&'a str> {
        self.object.get(key).and_then(Value::as_str)
    }

    fn seconds(&self, key: &str) -> Option<i64> {
        self.object.get(key).and_then(integer)
    }

    fn is_customer(&self) -> bool {
        self.text("type") == Some("customer")
    }

    fn is_agent(&self) -> bool {
        self.text("type") == Some("agent")
    }

    /// An agent's leg that was picked up: `result` `answered` or `dial_status`
    /// `ANSWER` (both hold on every sample).
    fn answered(&self) -> bool {
        !self.is_customer() && (self.text("result") == Some("answered") || self.text("dial_status") == Some("ANSWER"))
    }

    fn path(&self, key: &str) -> String {
        format!("payload.legs[{}].{key}", self.index)
    }
}

struct Legs<'a> {
    legs: Vec<Leg<'a>>,
}

impl<'a> Legs<'a> {
    fn of(payload: &'a Map<String, Value>) -> Option<Self> {
        let legs = payload.get("legs")?.as_array()?;
        Some(Legs {
            legs: legs
                .iter()
                .enumerate()
                .filter_map(|(index, leg)| leg.as_object().map(|object| Leg { index, object }))
                .collect(),
        })
    }

    fn answering(&self) -> Option<&Leg<'a>> {
        self.legs.iter().find(|l| l.answered())
    }

    /// The customer's leg first, where code that takes `legs[0]` for the agent
    /// reads the customer.
    fn first_is_customer(&self, findings: &mut Vec<Finding>) {
        let Some(first) = self.legs.first().filter(|l| l.index == 0 && l.is_customer()) else {
            return;
        };
        let agents: Vec<String> = self
            .legs
            .iter()
            .filter(|l| l.is_agent())
            .map(|l| format!("`payload.legs[{}]`", l.index))
            .collect();
        let tried = match agents.as_slice() {
            [] => return,
            [one] => format!("the agent tried is {one}"),
            [first @ .., last] => format!("the agents tried are {} and {last}", first.join(", ")),
        };
        let answered = self.answering().map_or_else(
            || "none answered".to_owned(),
            |l| format!("`payload.legs[{}]` answered", l.index),
        );
        findings.push(Finding::new(
            FindingId::V2FirstLegIsCustomer,
            Some(&first.path("type")),
            format!(
                "`payload.legs[0]` is the customer's leg, not an agent's: {tried}, and {answered}; code that takes the agent from `legs[0]` reads the customer"
            ),
        ));
    }

    /// `payload.status` against whether an agent answered.
    fn status(&self, payload: &Map<String, Value>, findings: &mut Vec<Finding>) {
        let Some(status) = payload.get("status").and_then(Value::as_str) else {
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
    fn duration(&self, payload: &Map<String, Value>, findings: &mut Vec<Finding>) {
        let (Some(duration), Some(leg)) = (payload.get("duration").and_then(integer), self.answering()) else {
            return;
        };
        let Some(talk) = leg.seconds("talk_duration") else {
            return;
        };
        if talk == duration {
            return;
        }
        findings.push(Finding::new(
            FindingId::V2DurationIncludesRing,
            Some("payload.duration"),
            format!(
                "`payload.duration` ({duration}s) is the whole call, ringing and pickup included; the agent who answered talked {talk}s (`{}`): bill and report talk time from the answering leg",
                leg.path("talk_duration")
            ),
        ));
    }

    /// An answered leg's talk time against the time from its `answered_at` to its
    /// end (its own `ended_at`, else the call's).
    fn talk_times(&self, payload: &Map<String, Value>, findings: &mut Vec<Finding>) {
        let call_end = payload.get("ended_at").and_then(Value::as_str);
        for leg in &self.legs {
            let (Some(talk), Some(answered)) = (
                leg.seconds("talk_duration"),
                leg.text("answered_at").and_then(parse_iso_time),
            ) else {
                continue;
            };
            let Some(end) = leg.text("ended_at").or(call_end).and_then(parse_iso_time) else {
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
