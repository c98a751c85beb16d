//! Anomalies: what is wrong with a call's sequence of states, each with a stable id.
//! Detection reads the flow model (`vocabulary::call_states`) and nothing else.

use super::event::{Event, EventKind, StringId, Strings};
use crate::decode::interpret::phone_key;
use crate::stable_ids::stable_ids;
use crate::vocabulary::call_states::{CallType, Phase, StateFlow, flow_of};

stable_ids! {
    /// Every anomaly `timeline` can report.
    pub enum AnomalyId {
        OutOfOrderDelivery = "out-of-order-delivery",
            "A state arrived after a state that happened later: the listener saw them in the wrong order.";
        AfterEnd = "after-end",
            "A state after the call had ended (after 2, 4, 7 or 9).";
        PhaseRegression = "phase-regression",
            "The call went backwards: ringing after answered, or a start after ringing.";
        DuplicateDelivery = "duplicate-delivery",
            "The same state at the same time twice: a retried delivery.";
        MissingStart = "missing-start",
            "No start state (1 or 3): the first webhook was lost or never sent.";
        MissingEnd = "missing-end",
            "No end state (2, 4, 7 or 9) and no After-Call log: the call is unfinished or its end was lost.";
        AnsweredWithoutDialing = "answered-without-dialing",
            "User answered (6) with no dialing users (5) before it.";
        MixedCallTypes = "mixed-call-types",
            "States of different call types in one call, such as click-to-call 3 with incoming 1.";
        UnknownState = "unknown-state",
            "A call state the documents do not define (8, or anything else), or none at all.";
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

/// Every anomaly of a call, in event order, call-wide ones last; on one event, in the
/// order of the checks below.
pub(crate) fn detect(events: &[Event], strings: &Strings) -> Vec<Anomaly> {
    let call = CallStates::of(events);
    let mut found: Vec<Anomaly> = [
        duplicate_deliveries(&call),
        out_of_order_deliveries(&call),
        changed_fields(&call, strings),
        unknown_states(&call),
        mixed_call_types(&call),
        states_after_end(&call),
        phase_regressions(&call),
        answers_without_dialing(&call),
        missing_start(&call),
        missing_end(&call),
    ]
    .concat();
    // Stable: the order of the checks stays within an event.
    found.sort_by_key(|a| a.event.unwrap_or(usize::MAX));
    found
}

/// A call's events as the checks read them: which are retries, and the documented
/// states among the others.
struct CallStates<'e> {
    events: &'e [Event],
    /// A retry: the same kind and state at the same time as an earlier event. Retries
    /// are reported once and kept out of every other check.
    retry: Vec<bool>,
    /// The documented states of the events that are not retries, by event index.
    states: Vec<(usize, &'static StateFlow)>,
    /// Where `states` has the first that ends the call.
    end: Option<usize>,
}

impl<'e> CallStates<'e> {
    fn of(events: &'e [Event]) -> Self {
        // Seen once each, by kind, state and time: a call of any length is one pass.
        let mut seen = rustc_hash::FxHashSet::default();
        let retry: Vec<bool> = events
            .iter()
            .map(|e| e.time().is_some() && !seen.insert((e.kind(), e.state(), e.time())))
            .collect();
        let states: Vec<(usize, &'static StateFlow)> = events
            .iter()
            .enumerate()
            .filter(|&(i, e)| !retry[i] && e.kind() == EventKind::State)
            .filter_map(|(i, e)| Some((i, flow_of(i64::from(e.state()?))?)))
            .collect();
        let end = states.iter().position(|(_, flow)| flow.ends_call());
        CallStates {
            events,
            retry,
            states,
            end,
        }
    }

    /// The events that are not retries, with their index.
    fn kept(&self) -> impl DoubleEndedIterator<Item = (usize, &'e Event)> + '_ {
        self.events.iter().enumerate().filter(|&(i, _)| !self.retry[i])
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
    call.events
        .iter()
        .enumerate()
        .filter(|&(i, _)| call.retry[i])
        .map(|(i, e)| {
            anomaly(
                AnomalyId::DuplicateDelivery,
                Some(i),
                format!("{} was delivered again for the same time: a retry", event_label(e)),
            )
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
                    event_label(e),
                    e.arrival(),
                    event_label(&events[j]),
                    events[j].arrival()
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

/// A state the documents do not define, or none.
fn unknown_states(call: &CallStates<'_>) -> Vec<Anomaly> {
    call.kept()
        .filter(|(_, e)| e.kind() == EventKind::State && e.state().and_then(|s| flow_of(i64::from(s))).is_none())
        .map(|(i, e)| {
            anomaly(
                AnomalyId::UnknownState,
                Some(i),
                match e.state() {
                    None => "the record has no call_state".into(),
                    Some(state) => format!("call state {state} is not documented (the states are 1-7 and 9)"),
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
                    event_label(&call.events[i]),
                    names(flow.call_types),
                    names(&before)
                ),
            ));
        }
    }
    found
}

/// Every state after the one that ended the call.
fn states_after_end(call: &CallStates<'_>) -> Vec<Anomaly> {
    let Some(end) = call.end else {
        return Vec::new();
    };
    let ended_by = &call.events[call.states[end].0];
    call.states[end + 1..]
        .iter()
        .map(|&(i, _)| {
            anomaly(
                AnomalyId::AfterEnd,
                Some(i),
                format!(
                    "{} came after the call ended with {}",
                    event_label(&call.events[i]),
                    event_label(ended_by)
                ),
            )
        })
        .collect()
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
                    event_label(&call.events[i]),
                    flow.phase.as_str(),
                    event_label(&call.events[at]),
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

fn missing_end(call: &CallStates<'_>) -> Vec<Anomaly> {
    if !has_states(call) || call.end.is_some() || call.events.iter().any(|e| e.kind() == EventKind::Summary) {
        return Vec::new();
    }
    vec![anomaly(
        AnomalyId::MissingEnd,
        None,
        "no end state (2, 4, 7 or 9) and no After-Call log: the call is unfinished, or its end was lost".into(),
    )]
}

fn names(types: &[CallType]) -> String {
    types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(" or ")
}

/// `state 6 (user answered)`, for messages.
pub(crate) fn event_label(e: &Event) -> String {
    match (e.kind(), e.state()) {
        (EventKind::Summary, _) => "the After-Call log".into(),
        (_, None) => "an event with no call_state".into(),
        (_, Some(state)) => match flow_of(i64::from(state)) {
            Some(flow) => format!("state {state} ({})", flow.label()),
            None => format!("state {state}"),
        },
    }
}
