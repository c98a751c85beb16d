//! Anomalies: what is wrong with a call's sequence of states, each with a stable id.
//! Detection reads the flow model (`vocabulary::call_states`) and nothing else.

use super::event::{Event, EventKind, NO_TIME, NONE, Strings};
use crate::decode::interpret::phone_key;
use crate::stable_ids::stable_ids;
use crate::vocabulary::call_states::{CallType, Phase, flow_of};

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
pub struct Anomaly {
    pub id: AnomalyId,
    pub event: Option<usize>,
    pub message: String,
}

/// Every anomaly of a call, in event order, call-wide ones last.
pub fn detect(events: &[Event], strings: &Strings) -> Vec<Anomaly> {
    let mut found = Vec::new();
    let mut push = |id, event, message: String| found.push(Anomaly { id, event, message });
    // A retry: the same kind and state at the same time as an earlier event. Retries
    // are reported once and kept out of every other check.
    let duplicate: Vec<bool> = (0..events.len())
        .map(|i| {
            let e = &events[i];
            e.time != NO_TIME
                && events[..i]
                    .iter()
                    .any(|p| p.kind == e.kind && p.state == e.state && p.time == e.time)
        })
        .collect();
    let kept: Vec<usize> = (0..events.len()).filter(|&i| !duplicate[i]).collect();

    // Delivered out of order: an event that arrived after one that happened later.
    let mut overtaken_by: Vec<Option<usize>> = vec![None; events.len()];
    let mut earliest_later: Option<usize> = None;
    for &i in kept.iter().rev() {
        if let Some(j) = earliest_later
            && events[j].arrival < events[i].arrival
        {
            overtaken_by[i] = Some(j);
        }
        if earliest_later.is_none_or(|j| events[i].arrival < events[j].arrival) {
            earliest_later = Some(i);
        }
    }

    let mut ended: Option<usize> = None;
    let mut highest: Option<(Phase, usize)> = None;
    let mut dialed = false;
    let mut types: Option<Vec<CallType>> = None;
    // The first caller: its interned id, its phone key, its event.
    let mut caller: Option<(u32, String, usize)> = None;
    let mut company: Option<(u32, usize)> = None;
    let mut has_start = false;

    for (i, e) in events.iter().enumerate() {
        // Labels are built only for what is reported: most events report nothing.
        let label = || event_label(e);
        if duplicate[i] {
            push(
                AnomalyId::DuplicateDelivery,
                Some(i),
                format!("{} was delivered again for the same time: a retry", label()),
            );
            continue;
        }
        if let Some(j) = overtaken_by[i] {
            push(
                AnomalyId::OutOfOrderDelivery,
                Some(i),
                format!(
                    "{} arrived #{}, after {} (#{}), which happened later",
                    label(),
                    events[i].arrival,
                    event_label(&events[j]),
                    events[j].arrival
                ),
            );
        }
        if let Some(number) = strings.get(e.caller) {
            match &caller {
                None => caller = Some((e.caller, phone_key(number), i)),
                Some((id, _, _)) if *id == e.caller => {}
                Some((_, first, at)) if *first != phone_key(number) => push(
                    AnomalyId::FieldChanged,
                    Some(i),
                    format!(
                        "the caller changed from {} (event {}) to {}",
                        strings.get(events[*at].caller).unwrap_or_default(),
                        at + 1,
                        number
                    ),
                ),
                Some(_) => {}
            }
        }
        if e.company != NONE {
            match company {
                None => company = Some((e.company, i)),
                Some((first, at)) if first != e.company => push(
                    AnomalyId::FieldChanged,
                    Some(i),
                    format!(
                        "the company changed from {} (event {}) to {}",
                        strings.get(first).unwrap_or_default(),
                        at + 1,
                        strings.get(e.company).unwrap_or_default()
                    ),
                ),
                Some(_) => {}
            }
        }
        if e.kind != EventKind::State {
            continue;
        }
        let Some(flow) = flow_of(i64::from(e.state)) else {
            push(
                AnomalyId::UnknownState,
                Some(i),
                if e.state < 0 {
                    "the record has no call_state".into()
                } else {
                    format!("call state {} is not documented (the states are 1-7 and 9)", e.state)
                },
            );
            continue;
        };
        has_start |= flow.phase == Phase::Start;
        match &mut types {
            None => types = Some(flow.call_types.to_vec()),
            Some(common) => {
                let before = common.clone();
                common.retain(|t| flow.call_types.contains(t));
                if common.is_empty() && !before.is_empty() {
                    push(
                        AnomalyId::MixedCallTypes,
                        Some(i),
                        format!(
                            "{} belongs to {} calls, but earlier states belong to {} calls",
                            label(),
                            names(flow.call_types),
                            names(&before)
                        ),
                    );
                }
            }
        }
        if let Some(end) = ended {
            push(
                AnomalyId::AfterEnd,
                Some(i),
                format!(
                    "{} came after the call ended with {}",
                    label(),
                    event_label(&events[end])
                ),
            );
            continue;
        }
        if let Some((phase, at)) = highest
            && flow.phase < phase
        {
            push(
                AnomalyId::PhaseRegression,
                Some(i),
                format!(
                    "{} ({}) came after {} ({}): the call went backwards",
                    label(),
                    flow.phase.as_str(),
                    event_label(&events[at]),
                    phase.as_str()
                ),
            );
        }
        if highest.is_none_or(|(phase, _)| flow.phase > phase) {
            highest = Some((flow.phase, i));
        }
        dialed |= flow.code == 5;
        if flow.code == 6 && !dialed {
            push(
                AnomalyId::AnsweredWithoutDialing,
                Some(i),
                "user answered (6) with no dialing users (5) before it".into(),
            );
        }
        if flow.ends_call() {
            ended = Some(i);
        }
    }
    let has_states = events.iter().any(|e| e.kind == EventKind::State);
    if has_states && !has_start {
        push(
            AnomalyId::MissingStart,
            None,
            "no start state (1 or 3): the first webhook of the call was lost or never sent".into(),
        );
    }
    if has_states && ended.is_none() && !events.iter().any(|e| e.kind == EventKind::Summary) {
        push(
            AnomalyId::MissingEnd,
            None,
            "no end state (2, 4, 7 or 9) and no After-Call log: the call is unfinished, or its end was lost".into(),
        );
    }
    found
}

fn names(types: &[CallType]) -> String {
    types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(" or ")
}

/// `state 6 (user answered)`, for messages.
pub fn event_label(e: &Event) -> String {
    match (e.kind, flow_of(i64::from(e.state))) {
        (EventKind::Summary, _) => "the After-Call log".into(),
        (_, Some(flow)) => format!("state {} ({})", e.state, flow.label()),
        _ if e.state < 0 => "an event with no call_state".into(),
        _ => format!("state {}", e.state),
    }
}
