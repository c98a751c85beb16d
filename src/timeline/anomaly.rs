//! Anomalies: what is wrong with a call's sequence of states and events, each with a
//! stable id. Detection reads the flow model (`vocabulary::call_states`) and the v2
//! events' documented order (`vocabulary::v2_events`) and nothing else.

use std::fmt::Write as _;

use rustc_hash::{FxHashMap, FxHashSet};

use super::event::{Event, EventKind, Extras, RecordNumbers, StringId, Strings};
use super::v2::{Leg, V2};
use crate::decode::interpret::{human_duration, phone_key};
use crate::stable_ids::stable_ids;
use crate::vocabulary::call_states::{CallType, Phase, StateFlow, flow_of};
use crate::vocabulary::v2_events::{Channel, channel_of, event as v2_event};

stable_ids! {
    /// Every anomaly `timeline` can report.
    pub enum AnomalyId {
        OutOfOrderDelivery = "out-of-order-delivery",
            "A state arrived after a state that happened later: the listener saw them in the wrong order.";
        AfterEnd = "after-end",
            "A state after the call had ended: anything after call finished (2), or anything but call finished after an outcome (4, 7 or 9).";
        PhaseRegression = "phase-regression",
            "The call went backwards: ringing after answered, or a start after ringing.";
        DuplicateDelivery = "duplicate-delivery",
            "The same state at the same time twice, or a v2 event with the event_id or the content of one before it: a retried delivery.";
        MissingStart = "missing-start",
            "No start state (1 or 3): the first webhook was lost or never sent.";
        MissingEnd = "missing-end",
            "No end state (2, 4, 7 or 9) and no After-Call log: the call is unfinished or its end was lost.";
        MissingCallEnd = "missing-call-end",
            "A v2 call with no call.end and no call.summary: the call is unfinished, or its end was lost.";
        AnsweredWithoutDialBegin = "answered-without-dial-begin",
            "A v2 call.answered with no call.dial_begin before it, in a capture where some call has one: the dial event was lost. Where no call has one, the webhook does not subscribe to call.dial_begin, and none is expected.";
        AfterCallEnd = "after-call-end",
            "A v2 event that comes before call.end in a call's life (call.initiated, call.ivr_started, call.dial_begin, call.answered), or a second call.end, after the call.end.";
        SummaryDisagrees = "summary-disagrees-with-end",
            "A v2 call.summary that gives another status, duration or legs than the call.end of the same call.";
        AnsweredWithoutDialing = "answered-without-dialing",
            "User answered (6) with no dialing users (5) before it.";
        MixedCallTypes = "mixed-call-types",
            "States of different call types in one call, such as click-to-call 3 with incoming 1.";
        UnknownState = "unknown-state",
            "A call state the documents do not define (8, or anything else), a call_state that is not a state at all (text, a negative or huge number, an object), or none at all.";
        FieldChanged = "field-changed",
            "The caller or company changed within one call.";
    }
}

/// One anomaly, and the event (index in event order) it concerns, if one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Anomaly {
    pub id: AnomalyId,
    pub event: Option<usize>,
    pub message: String,
}

/// How a message cites an event (`#3`): by its arrival within its call, as
/// `timeline` does for files, or by its record's number in the input, as `listen`
/// does, whose records are the requests of its log.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cite<'a> {
    Arrival,
    Record(&'a RecordNumbers),
}

/// What judging one call needs to know of the capture as a whole.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Judging<'a> {
    pub cite: Cite<'a>,
    /// Some call of the capture has a `call.dial_begin`: the webhook is subscribed to
    /// it, so a call answered without one lost it. A webhook that does not subscribe
    /// to it (the example configuration's does not) sends none for any call.
    pub dial_begins_delivered: bool,
}

impl Cite<'_> {
    fn number(self, e: &Event) -> u32 {
        match self {
            Cite::Arrival => e.arrival(),
            Cite::Record(records) => records.of(e.ordinal()),
        }
    }
}

/// Every anomaly of a call, in event order, call-wide ones last; on one event, in the
/// order of the checks below.
pub(crate) fn detect(events: &[Event], extras: &Extras, strings: &Strings, judging: Judging<'_>) -> Vec<Anomaly> {
    let call = CallStates::of(events, extras, judging);
    let mut found: Vec<Anomaly> = [
        duplicate_deliveries(&call),
        out_of_order_deliveries(&call),
        changed_fields(&call, strings),
        unknown_states(&call),
        mixed_call_types(&call),
        states_after_end(&call),
        phase_regressions(&call),
        answers_without_dialing(&call),
        answers_without_dial_begin(&call),
        events_after_call_end(&call),
        summary_disagreements(&call),
        missing_start(&call),
        missing_end(&call),
        missing_call_end(&call),
    ]
    .concat();
    // Stable: the order of the checks stays within an event.
    found.sort_by_key(|a| a.event.unwrap_or(usize::MAX));
    found
}

/// Why an event is a retry of an earlier one (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retry {
    /// The same kind and state at the same time.
    AtTheSameTime,
    /// A v2 event with an earlier one's `event_id`.
    ByEventId(usize),
    /// A v2 event with an earlier one's content, under another `event_id`.
    ByContent(usize),
}

/// A call's events as the checks read them: which are retries, and the documented
/// states among the others.
struct CallStates<'e> {
    events: &'e [Event],
    extras: &'e Extras,
    judging: Judging<'e>,
    /// A retry of an earlier event. Retries are reported once and kept out of every
    /// other check.
    retry: Vec<Option<Retry>>,
    /// The documented states of the events that are not retries, by event index.
    states: Vec<(usize, &'static StateFlow)>,
    /// Where `states` has the first that ends the call.
    end: Option<usize>,
}

impl<'e> CallStates<'e> {
    fn of(events: &'e [Event], extras: &'e Extras, judging: Judging<'e>) -> Self {
        // v2 events by `event_id` and by content, the first of each.
        let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
        let mut contents: FxHashMap<u64, usize> = FxHashMap::default();
        let mut seen = FxHashSet::default();
        let retry: Vec<Option<Retry>> = (0..events.len())
            .map(|i| {
                let e = &events[i];
                let Some(facts) = extras.v2(e) else {
                    // Seen once each, by kind, state and time: a call of any length
                    // is one pass.
                    let key = (e.kind(), e.state(), e.time());
                    let again = e.time().is_some() && seen.contains(&key);
                    if !e.has_odd_state() {
                        seen.insert(key);
                    }
                    return again.then_some(Retry::AtTheSameTime);
                };
                // A media message whose link was blank is filled by its second delivery.
                let update = |j: usize| {
                    extras
                        .v2(&events[j])
                        .is_some_and(|earlier| facts.fills_link_of(&earlier))
                };
                let by_id = facts.event_id().and_then(|id| ids.get(id).copied());
                let content = facts.content();
                let by_content = contents.get(&content).copied();
                if let Some(id) = facts.event_id() {
                    ids.entry(id).or_insert(i);
                }
                contents.entry(content).or_insert(i);
                match (by_id, by_content) {
                    (Some(j), _) if !update(j) => Some(Retry::ByEventId(j)),
                    (_, Some(j)) => Some(Retry::ByContent(j)),
                    _ => None,
                }
            })
            .collect();
        let states: Vec<(usize, &'static StateFlow)> = events
            .iter()
            .enumerate()
            .filter(|&(i, e)| retry[i].is_none() && e.kind() == EventKind::State)
            .filter_map(|(i, e)| Some((i, flow_of(i64::from(e.state()?))?)))
            .collect();
        let end = states.iter().position(|(_, flow)| flow.ends_call());
        CallStates {
            events,
            extras,
            judging,
            retry,
            states,
            end,
        }
    }

    /// The events that are not retries, with their index.
    fn kept(&self) -> impl DoubleEndedIterator<Item = (usize, &'e Event)> + '_ {
        self.events.iter().enumerate().filter(|&(i, _)| self.retry[i].is_none())
    }

    /// The v2 events that are not retries, with their index and facts.
    fn kept_v2(&self) -> impl DoubleEndedIterator<Item = (usize, V2<'e>)> + '_ {
        let extras = self.extras;
        self.kept().filter_map(move |(i, e)| Some((i, extras.v2(e)?)))
    }

    /// `state 6 (user answered)`, `call.end`.
    fn label(&self, i: usize) -> String {
        event_label(&self.events[i], self.extras)
    }

    /// The documented states up to the one that ends the call, that one included.
    fn until_end(&self) -> &[(usize, &'static StateFlow)] {
        &self.states[..self.end.map_or(self.states.len(), |end| end + 1)]
    }
}

fn anomaly(id: AnomalyId, event: Option<usize>, message: String) -> Anomaly {
    Anomaly { id, event, message }
}

fn duplicate_deliveries(call: &CallStates<'_>) -> Vec<Anomaly> {
    call.retry
        .iter()
        .enumerate()
        .filter_map(|(i, retry)| Some((i, (*retry)?)))
        .map(|(i, retry)| {
            let label = call.label(i);
            let message = match retry {
                Retry::AtTheSameTime => format!("{label} was delivered again for the same time: a retry"),
                Retry::ByEventId(j) => format!(
                    "{label} has the event_id of event {} ({}): a retried delivery; de-duplicate on event_id",
                    j + 1,
                    call.label(j)
                ),
                Retry::ByContent(j) => format!(
                    "{label} repeats event {} ({}) under another event_id: a retried delivery; de-duplicate on its content as well as event_id",
                    j + 1,
                    call.label(j)
                ),
            };
            anomaly(AnomalyId::DuplicateDelivery, Some(i), message)
        })
        .collect()
}

/// An event that arrived after one that happened later.
fn out_of_order_deliveries(call: &CallStates<'_>) -> Vec<Anomaly> {
    let events = call.events;
    let mut found = Vec::new();
    let mut earliest_later: Option<usize> = None;
    for (i, e) in call.kept().rev() {
        if let Some(j) = earliest_later
            && events[j].arrival() < e.arrival()
        {
            found.push(anomaly(
                AnomalyId::OutOfOrderDelivery,
                Some(i),
                format!(
                    "{} arrived #{}, after {} (#{}), which happened later",
                    call.label(i),
                    call.judging.cite.number(e),
                    call.label(j),
                    call.judging.cite.number(&events[j])
                ),
            ));
        }
        if earliest_later.is_none_or(|j| e.arrival() < events[j].arrival()) {
            earliest_later = Some(i);
        }
    }
    found.reverse();
    found
}

/// The caller (told apart by the last ten digits) or the company changing.
fn changed_fields(call: &CallStates<'_>, strings: &Strings) -> Vec<Anomaly> {
    let mut found = Vec::new();
    // The first caller: its id, its phone key, its event.
    let mut caller: Option<(StringId, String, usize)> = None;
    let mut company: Option<(StringId, usize)> = None;
    for (i, e) in call.kept() {
        if let Some(id) = e.caller()
            && let Some(number) = strings.get(id)
        {
            match &caller {
                None => caller = Some((id, phone_key(number), i)),
                Some((first, _, _)) if *first == id => {}
                Some((first, key, at)) if *key != phone_key(number) => found.push(anomaly(
                    AnomalyId::FieldChanged,
                    Some(i),
                    format!(
                        "the caller changed from {} (event {}) to {}",
                        strings.get(*first).unwrap_or_default(),
                        at + 1,
                        number
                    ),
                )),
                Some(_) => {}
            }
        }
        if let Some(id) = e.company() {
            match company {
                None => company = Some((id, i)),
                Some((first, at)) if first != id => found.push(anomaly(
                    AnomalyId::FieldChanged,
                    Some(i),
                    format!(
                        "the company changed from {} (event {}) to {}",
                        strings.get(first).unwrap_or_default(),
                        at + 1,
                        strings.get(id).unwrap_or_default()
                    ),
                )),
                Some(_) => {}
            }
        }
    }
    found
}

/// A state the documents do not define, a `call_state` that is no state, or none.
fn unknown_states(call: &CallStates<'_>) -> Vec<Anomaly> {
    call.kept()
        .filter(|(_, e)| e.kind() == EventKind::State && e.state().and_then(|s| flow_of(i64::from(s))).is_none())
        .map(|(i, e)| {
            anomaly(
                AnomalyId::UnknownState,
                Some(i),
                match (e.state(), call.extras.state_sent(e)) {
                    (_, Some(sent)) => format!(
                        "call_state {sent} is not a state: states are small numbers (the documented ones are 1-7 and 9)"
                    ),
                    (None, None) => "the record has no call_state".into(),
                    (Some(state), None) => format!("call state {state} is not documented (the states are 1-7 and 9)"),
                },
            )
        })
        .collect()
}

/// A state of no call type the earlier states share.
fn mixed_call_types(call: &CallStates<'_>) -> Vec<Anomaly> {
    let mut found = Vec::new();
    let mut common: Option<Vec<CallType>> = None;
    for &(i, flow) in &call.states {
        let Some(common) = &mut common else {
            common = Some(flow.call_types.to_vec());
            continue;
        };
        let before = common.clone();
        common.retain(|t| flow.call_types.contains(t));
        if common.is_empty() && !before.is_empty() {
            found.push(anomaly(
                AnomalyId::MixedCallTypes,
                Some(i),
                format!(
                    "{} belongs to {} calls, but earlier states belong to {} calls",
                    call.label(i),
                    names(flow.call_types),
                    names(&before)
                ),
            ));
        }
    }
    found
}

/// Every state after the one that ended the call, but call finished (2) once after
/// an outcome (4, 7, 9).
fn states_after_end(call: &CallStates<'_>) -> Vec<Anomaly> {
    let Some(end) = call.end else {
        return Vec::new();
    };
    let (mut ended_at, mut ended_by) = call.states[end];
    let mut found = Vec::new();
    for &(i, flow) in &call.states[end + 1..] {
        if flow.may_follow_end(ended_by) {
            (ended_at, ended_by) = (i, flow);
            continue;
        }
        found.push(anomaly(
            AnomalyId::AfterEnd,
            Some(i),
            format!(
                "{} came after the call ended with {}",
                call.label(i),
                call.label(ended_at)
            ),
        ));
    }
    found
}

/// A phase lower than the highest reached before it.
fn phase_regressions(call: &CallStates<'_>) -> Vec<Anomaly> {
    let mut found = Vec::new();
    let mut highest: Option<(Phase, usize)> = None;
    for &(i, flow) in call.until_end() {
        if let Some((phase, at)) = highest
            && flow.phase < phase
        {
            found.push(anomaly(
                AnomalyId::PhaseRegression,
                Some(i),
                format!(
                    "{} ({}) came after {} ({}): the call went backwards",
                    call.label(i),
                    flow.phase.as_str(),
                    call.label(at),
                    phase.as_str()
                ),
            ));
        }
        if highest.is_none_or(|(phase, _)| flow.phase > phase) {
            highest = Some((flow.phase, i));
        }
    }
    found
}

/// User answered (6) with no dialing users (5) before it.
fn answers_without_dialing(call: &CallStates<'_>) -> Vec<Anomaly> {
    let mut dialed = false;
    let mut found = Vec::new();
    for &(i, flow) in call.until_end() {
        dialed |= flow.code == 5;
        if flow.code == 6 && !dialed {
            found.push(anomaly(
                AnomalyId::AnsweredWithoutDialing,
                Some(i),
                "user answered (6) with no dialing users (5) before it".into(),
            ));
        }
    }
    found
}

/// `call.answered` with no `call.dial_begin` before it, where the capture shows that
/// dial events are sent.
fn answers_without_dial_begin(call: &CallStates<'_>) -> Vec<Anomaly> {
    if !call.judging.dial_begins_delivered {
        return Vec::new();
    }
    let mut dialled = false;
    let mut found = Vec::new();
    for (i, facts) in call.kept_v2() {
        dialled |= facts.is("call.dial_begin");
        if facts.is("call.answered") && !dialled {
            found.push(anomaly(
                AnomalyId::AnsweredWithoutDialBegin,
                Some(i),
                "call.answered with no call.dial_begin before it, though other calls' dial events came: this one was lost".into(),
            ));
        }
    }
    found
}

/// An event of the call's life before `call.end`, or a second `call.end`, after it.
fn events_after_call_end(call: &CallStates<'_>) -> Vec<Anomaly> {
    let end_order = v2_event("call.end").and_then(|e| e.order);
    let Some(end) = call.kept_v2().find(|(_, f)| f.is("call.end")).map(|(i, _)| i) else {
        return Vec::new();
    };
    call.kept_v2()
        .filter(|&(i, f)| i > end && channel_of(f.event_type()) == Some(Channel::Call))
        .filter(|(_, f)| {
            f.event()
                .and_then(|e| e.order)
                .is_some_and(|order| Some(order) <= end_order)
        })
        .map(|(i, _)| {
            anomaly(
                AnomalyId::AfterCallEnd,
                Some(i),
                format!(
                    "{} came after the call.end (event {}), which comes last but for call.summary and the disposition",
                    call.label(i),
                    end + 1
                ),
            )
        })
        .collect()
}

/// The last `call.summary` against the last `call.end`: status, duration, legs.
fn summary_disagreements(call: &CallStates<'_>) -> Vec<Anomaly> {
    let last = |name: &str| call.kept_v2().rfind(|(_, f)| f.is(name));
    let (Some((_, end)), Some((at, summary))) = (last("call.end"), last("call.summary")) else {
        return Vec::new();
    };
    let mut differences: Vec<String> = Vec::new();
    let said = |v: Option<&str>| v.map_or_else(|| "nothing".to_owned(), |v| format!("{v:?}"));
    let seconds = |v: Option<i64>| v.map_or_else(|| "nothing".to_owned(), human_duration);
    if summary.status() != end.status() {
        differences.push(format!(
            "status {} against {}",
            said(summary.status()),
            said(end.status())
        ));
    }
    if summary.duration() != end.duration() {
        differences.push(format!(
            "duration {} against {}",
            seconds(summary.duration()),
            seconds(end.duration())
        ));
    }
    if summary.legs().len() == end.legs().len() {
        for (n, (s, e)) in summary.legs().zip(end.legs()).enumerate() {
            // Compared as values and written only where they differ: most legs agree.
            let mut leg = String::new();
            let mut differ = |what: &str, differs: bool, [a, b]: [&dyn Fn() -> String; 2]| {
                if differs {
                    let _ = write!(
                        leg,
                        "{}{what} {} against {}",
                        if leg.is_empty() { "" } else { ", " },
                        a(),
                        b()
                    );
                }
            };
            differ(
                "number",
                s.number() != e.number(),
                [&|| said(s.number()), &|| said(e.number())],
            );
            differ(
                "dial status",
                s.dial_status() != e.dial_status(),
                [&|| said(s.dial_status()), &|| said(e.dial_status())],
            );
            differ(
                "result",
                s.result() != e.result(),
                [&|| said(s.result()), &|| said(e.result())],
            );
            differ(
                "ring",
                s.ring() != e.ring(),
                [&|| seconds(s.ring()), &|| seconds(e.ring())],
            );
            differ(
                "talk",
                s.talk() != e.talk(),
                [&|| seconds(s.talk()), &|| seconds(e.talk())],
            );
            if !leg.is_empty() {
                differences.push(format!("leg {}: {leg}", s.index().unwrap_or(n as i64 + 1)));
            }
        }
    } else {
        let agents = |facts: &V2<'_>| facts.legs().filter(Leg::is_agent).count();
        differences.push(format!(
            "{} legs ({} agents) against {} ({} agents)",
            summary.legs().len(),
            agents(&summary),
            end.legs().len(),
            agents(&end)
        ));
    }
    if differences.is_empty() {
        return Vec::new();
    }
    vec![anomaly(
        AnomalyId::SummaryDisagrees,
        Some(at),
        format!(
            "call.summary disagrees with call.end: {}; the call record is one of them, and which is not known",
            differences.join("; ")
        ),
    )]
}

fn has_states(call: &CallStates<'_>) -> bool {
    call.events.iter().any(|e| e.kind() == EventKind::State)
}

fn missing_start(call: &CallStates<'_>) -> Vec<Anomaly> {
    if !has_states(call) || call.states.iter().any(|(_, flow)| flow.phase == Phase::Start) {
        return Vec::new();
    }
    vec![anomaly(
        AnomalyId::MissingStart,
        None,
        "no start state (1 or 3): the first webhook of the call was lost or never sent".into(),
    )]
}

/// Whether a v2 `call.end` or `call.summary` closes the call.
fn has_call_record(call: &CallStates<'_>) -> bool {
    call.kept_v2()
        .any(|(_, f)| matches!(f.event_type(), "call.end" | "call.summary"))
}

fn missing_end(call: &CallStates<'_>) -> Vec<Anomaly> {
    if !has_states(call)
        || call.end.is_some()
        || call.events.iter().any(|e| e.kind() == EventKind::Summary)
        || has_call_record(call)
    {
        return Vec::new();
    }
    vec![anomaly(
        AnomalyId::MissingEnd,
        None,
        "no end state (2, 4, 7 or 9) and no After-Call log: the call is unfinished, or its end was lost".into(),
    )]
}

/// A v2 call (call events, not WhatsApp's) that neither v2 nor v1 says has ended.
fn missing_call_end(call: &CallStates<'_>) -> Vec<Anomaly> {
    let v2_call = call
        .kept_v2()
        .any(|(_, f)| channel_of(f.event_type()) == Some(Channel::Call));
    let v1_ended = call.end.is_some() || call.events.iter().any(|e| e.kind() == EventKind::Summary);
    if !v2_call || has_call_record(call) || v1_ended {
        return Vec::new();
    }
    vec![anomaly(
        AnomalyId::MissingCallEnd,
        None,
        "no call.end and no call.summary: the call is unfinished, or its end was lost (subscribe the webhook to both)"
            .into(),
    )]
}

fn names(types: &[CallType]) -> String {
    types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(" or ")
}

/// `state 6 (user answered)`, `call.end`, for messages.
pub(crate) fn event_label(e: &Event, extras: &Extras) -> String {
    if let Some(facts) = extras.v2(e) {
        return if facts.event_type().is_empty() {
            "a v2 event with no event_type".into()
        } else {
            facts.event_type().to_owned()
        };
    }
    if let Some(sent) = extras.state_sent(e) {
        return format!("call_state {sent} (not a state)");
    }
    match (e.kind(), e.state()) {
        (EventKind::Summary, _) => "the After-Call log".into(),
        (_, None) => "an event with no call_state".into(),
        (_, Some(state)) => match flow_of(i64::from(state)) {
            Some(flow) => format!("state {state} ({})", flow.label()),
            None => format!("state {state}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::FixedOffset;

    use crate::input::reader::RecordReader;
    use crate::timeline::event::Sighting;
    use crate::timeline::{Collector, Timeline};

    /// The timeline of NDJSON lines, read by the fast reader and, to be sure of the
    /// same answer, the full decode.
    fn timeline(lines: &[String]) -> Timeline {
        let text = lines.join("\n");
        let tz = FixedOffset::east_opt(0).unwrap();
        let mut fast = Collector::default();
        let mut full = Collector::default();
        for (i, raw) in RecordReader::new(text.as_bytes(), Arc::from("t"), None)
            .flatten()
            .enumerate()
        {
            fast.add(&Sighting::from_json(&raw, tz).unwrap(), i + 1);
            for decoded in crate::decode::decode_record(&raw, tz).into_iter().flatten() {
                full.add(&Sighting::from_record(&decoded), i + 1);
            }
        }
        let (fast, full) = (fast.finish(), full.finish());
        let ids = |t: &Timeline| t.calls.iter().map(|c| c.anomalies.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&fast), ids(&full));
        fast
    }

    /// The anomaly ids of each call.
    fn anomalies(lines: &[String]) -> Vec<Vec<&'static str>> {
        timeline(lines)
            .calls
            .iter()
            .map(|c| c.anomalies.iter().map(|a| a.id.as_str()).collect())
            .collect()
    }

    fn state(state: &str, at: &str) -> String {
        format!(r#"{{"uid":"n1.1596270949.1","call_state":{state},"call_time":"2020-08-01 08:{at}"}}"#)
    }

    /// A v2 event of session `s7.1767427200.4411`; `payload` is the payload's members.
    fn v2(event_type: &str, id: &str, sequence: u32, sent: &str, payload: &str) -> String {
        format!(
            r#"{{"event_id":"{id}","event_type":"{event_type}","event_sequence":{sequence},"timestamp":"2026-01-03T08:{sent}Z","channel":"call","direction":"incoming","session_id":"s7.1767427200.4411","customer_identifier":"+919811122233","payload":{{"id":"s7.1767427200.4411"{payload}}}}}"#
        )
    }

    const END: &str = r#","status":"bridged","duration":62,"started_at":"2026-01-03T08:00:00.120Z","ended_at":"2026-01-03T08:01:02.500Z","legs":[{"leg_index":1,"type":"customer","phone_number":"+919811122233","result":"connected","talk_duration":51},{"leg_index":2,"type":"agent","phone_number":"+919873641288","dial_status":"ANSWER","result":"answered","ring_duration":7,"talk_duration":51}]"#;

    fn whole_call() -> Vec<String> {
        vec![
            v2(
                "call.initiated",
                "e1",
                1001,
                "00:00.412",
                r#","started_at":"2026-01-03T08:00:00.120Z""#,
            ),
            v2("call.dial_begin", "e2", 2001, "00:04.027", ""),
            v2(
                "call.answered",
                "e3",
                2002,
                "00:11.305",
                r#","legs":[{"type":"agent","phone_number":"+919873641288","result":"answered","answered_at":"2026-01-03T08:00:11.210Z"}]"#,
            ),
            v2("call.end", "e4", 3001, "01:02.640", END),
            v2("call.summary", "e5", 1, "01:05.000", END),
        ]
    }

    #[test]
    fn a_whole_v2_call_has_no_anomaly_and_is_answered_after_11s() {
        let t = timeline(&whole_call());
        assert_eq!(t.calls.len(), 1);
        let call = &t.calls[0];
        assert!(call.anomalies.is_empty(), "{:?}", call.anomalies);
        assert_eq!(call.time_to_answer(), Some(11));
        assert_eq!(call.duration(), Some(62));
        assert_eq!(call.outcome, crate::timeline::call::Outcome::Answered);
    }

    #[test]
    fn v2_events_order_by_time_then_sequence_whatever_the_arrival() {
        let mut lines = whole_call();
        lines.swap(1, 3);
        let t = timeline(&lines);
        let events = t.events(&t.calls[0]);
        let order: Vec<&str> = events.iter().map(|e| t.extras.v2(e).unwrap().event_type()).collect();
        assert_eq!(
            order,
            [
                "call.initiated",
                "call.dial_begin",
                "call.answered",
                "call.end",
                "call.summary"
            ]
        );
        assert!(anomalies(&lines)[0].contains(&"out-of-order-delivery"));
        // The same second and time: `event_sequence` decides.
        let tie = vec![
            v2("call.dial_begin", "e2", 2001, "00:04.000", ""),
            v2("call.initiated", "e1", 1001, "00:04.000", ""),
        ];
        let t = timeline(&tie);
        let first = t.extras.v2(&t.events(&t.calls[0])[0]).unwrap();
        assert_eq!(first.event_type(), "call.initiated");
    }

    #[test]
    fn a_retry_is_found_by_event_id_and_by_content() {
        let mut lines = whole_call();
        lines.push(v2("call.end", "e4", 3001, "01:09.000", END));
        assert_eq!(anomalies(&lines), [vec!["duplicate-delivery"]]);
        let mut lines = whole_call();
        lines.push(v2("call.end", "e9", 3001, "01:09.000", END));
        assert_eq!(anomalies(&lines), [vec!["duplicate-delivery"]]);
        let message = &timeline(&lines).calls[0].anomalies[0].message;
        assert!(message.contains("under another event_id"), "{message}");
    }

    #[test]
    fn a_media_message_filled_in_is_an_update_not_a_duplicate() {
        let message = |link: &str| {
            format!(
                r#"{{"event_id":"w1","event_type":"message.received","timestamp":"2026-06-26T02:10:5{}Z","channel":"whatsapp","session_id":"dd60b513","payload":{{"id":"9fcb92ab","data":{{"type":"image","context":{{"link":"{link}"}}}}}}}}"#,
                if link.is_empty() { 1 } else { 6 }
            )
        };
        let lines = vec![message(""), message("https://example.in/a.jpg")];
        assert_eq!(anomalies(&lines), [Vec::<&str>::new()]);
        let again = vec![message(""), message("")];
        assert_eq!(anomalies(&again), [vec!["duplicate-delivery"]]);
        assert_eq!(timeline(&lines).calls[0].kind.as_str(), "WhatsApp conversation");
    }

    #[test]
    fn a_v2_call_without_its_end_or_dial_begin() {
        let lines: Vec<String> = whole_call().into_iter().take(3).collect();
        assert_eq!(anomalies(&lines), [vec!["missing-call-end"]]);
        let without_dial: Vec<String> = whole_call()
            .into_iter()
            .enumerate()
            .filter(|(i, _)| *i != 1)
            .map(|(_, l)| l)
            .collect();
        // Some other call's dial event came: the webhook sends them, this one was lost.
        let other: Vec<String> = whole_call()
            .into_iter()
            .map(|l| l.replace("s7.1767427200.4411", "s7.1767427100.4400"))
            .collect();
        let both: Vec<String> = other.iter().chain(&without_dial).cloned().collect();
        let found = anomalies(&both);
        assert_eq!(found.len(), 2);
        assert!(found.contains(&vec!["answered-without-dial-begin"]), "{found:?}");
        assert!(found.contains(&vec![]), "{found:?}");
        // No call.dial_begin in the whole capture: a webhook not subscribed to it.
        assert_eq!(anomalies(&without_dial), [Vec::<&str>::new()]);
    }

    #[test]
    fn an_event_of_the_call_after_its_end() {
        let mut lines = whole_call();
        lines.push(v2("call.answered", "e7", 2003, "01:30.000", ""));
        assert_eq!(anomalies(&lines), [vec!["after-call-end"]]);
    }

    #[test]
    fn a_summary_that_disagrees_with_its_end() {
        let mut lines = whole_call();
        lines[4] = v2(
            "call.summary",
            "e5",
            1,
            "01:05.000",
            &END.replace("\"bridged\"", "\"missed\"")
                .replace("\"ring_duration\":7", "\"ring_duration\":9"),
        );
        let t = timeline(&lines);
        let a = &t.calls[0].anomalies;
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].id.as_str(), "summary-disagrees-with-end");
        assert!(
            a[0].message.contains("status \"missed\" against \"bridged\""),
            "{}",
            a[0].message
        );
        assert!(a[0].message.contains("leg 2: ring 9s against 7s"), "{}", a[0].message);
    }

    #[test]
    fn v1_and_v2_events_of_one_call_join() {
        let mut lines = whole_call();
        lines.push(r#"{"uid":"s7.1767427200.4411","call_state":1,"call_time":"2026-01-03 08:00:00"}"#.to_owned());
        let t = timeline(&lines);
        assert_eq!(t.calls.len(), 1);
        assert_eq!(t.events(&t.calls[0]).len(), 6);
    }

    /// Point 5 of issue 12: outcomes, then call finished.
    #[test]
    fn call_finished_after_an_outcome_is_normal_and_nothing_follows_it() {
        assert_eq!(
            anomalies(&[state("1", "35:00"), state("4", "35:30"), state("2", "35:31")]),
            [Vec::<&str>::new()]
        );
        assert_eq!(
            anomalies(&[
                state("1", "35:00"),
                state("5", "35:02"),
                state("2", "35:30"),
                state("4", "35:31")
            ]),
            [vec!["after-end"]]
        );
        assert_eq!(
            anomalies(&[state("1", "35:00"), state("2", "35:30"), state("2", "35:31")]),
            [vec!["after-end"]]
        );
        let t = timeline(&[state("1", "35:00"), state("4", "35:30"), state("2", "35:40")]);
        assert_eq!(t.calls[0].duration(), Some(40), "the call ends at call finished");
    }

    /// Point 8 of issue 13: no 32767, no "no call_state" for a negative one.
    #[test]
    fn a_call_state_that_is_no_state_is_shown_as_sent() {
        for (sent, shown) in [(r#""abc""#, r#""abc""#), ("70000", "70000"), ("-3", "-3")] {
            let t = timeline(&[state("1", "35:00"), state(sent, "35:01"), state("2", "35:02")]);
            let a = &t.calls[0].anomalies;
            let unknown = a.iter().find(|a| a.id.as_str() == "unknown-state").unwrap();
            assert!(
                unknown.message.contains(&format!("call_state {shown} is not a state")),
                "{}",
                unknown.message
            );
            assert!(!unknown.message.contains("32767"));
        }
    }

    /// Point 10 of issue 13: no 0 s without a start.
    #[test]
    fn time_to_answer_counts_from_a_start_or_the_uids_time() {
        let lone = |uid: &str| format!(r#"{{"uid":"{uid}","call_state":6,"call_time":"2020-08-01 08:35:59"}}"#);
        let t = timeline(&[lone("n1.1596270949.1")]);
        assert_eq!(t.calls[0].time_to_answer(), Some(10));
        let t = timeline(&[lone("abc")]);
        let call = &t.calls[0];
        assert_eq!(call.time_to_answer(), None);
        let why = call.time_to_answer_missing(t.events(call), &t.extras, &t.strings);
        assert!(why.unwrap().contains("uid embeds no time"));
        assert_eq!(crate::timeline::Totals::of(&[call]).median_time_to_answer, None);
    }

    /// Point 11 of issue 13: `_ev` gives the call type, as decode reads it.
    #[test]
    fn an_after_call_logs_direction_gives_its_type() {
        let log = |ev: u8| {
            format!(
                r#"{{"_pm":[{{"ky":"ui","vl":"n1.1596270949.1"}}],"_ev":{ev},"_st":1596270956,"_et":1596270995,"_su":1}}"#
            )
        };
        assert_eq!(timeline(&[log(1)]).calls[0].kind.as_str(), "incoming");
        assert_eq!(timeline(&[log(2)]).calls[0].kind.as_str(), "outgoing");
    }
}
