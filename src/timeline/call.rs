//! A call: its events in the order they happened, the order they arrived, and what
//! can be said of the whole (type, outcome, duration, time to answer). A call is a
//! range of the timeline's one event vector, ordered in place.

use std::fmt::Write as _;
use std::ops::Range;

use super::anomaly::{Anomaly, Judging, detect};
use super::event::{Event, EventKind, Extras, NO_TIME, StringId, Strings, known_time};
use super::v2::{Leg, V2};
use crate::decode::interpret::{call_uid_parts, phone_key};
use crate::vocabulary::call_states::{CallType, FLOW, Phase, documented_rank, flow_of};
use crate::vocabulary::v2_events::{Channel, channel_of};

/// What the states and `event` field say about the kind of call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    Known(CallType),
    /// States 1, 2, 5 and 6 belong to both, and no `event` field told them apart.
    ObdOrIncoming,
    /// States of different call types (see the `mixed-call-types` anomaly).
    Mixed,
    /// An outgoing call the states do not place (an After-Call log's `_ev` 2, a v2
    /// `direction` `outgoing` outside a campaign).
    Outgoing,
    /// A WhatsApp conversation (a v2 session of WhatsApp events).
    WhatsApp,
    /// No documented state at all.
    Unknown,
}

impl CallKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Known(t) => t.as_str(),
            Self::ObdOrIncoming => "OBD or incoming",
            Self::Mixed => "mixed",
            Self::Outgoing => "outgoing",
            Self::WhatsApp => "WhatsApp conversation",
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
    /// A WhatsApp conversation: no call, so no call outcome.
    None,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Answered => "answered",
            Self::Missed => "missed",
            Self::Voicemail => "voicemail",
            Self::Unfinished => "unfinished",
            Self::None => "none",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Call {
    /// Its uid, packed; see [`Call::uid`].
    uid: u32,
    /// Its events in the timeline's pieces: see [`Call::range`].
    piece: u32,
    first: u32,
    len: u32,
    pub kind: CallKind,
    pub outcome: Outcome,
    // Times and durations as plain integers, [`NO_TIME`] for none: half the size of
    // options, and a timeline holds a call per few events. Read them through the
    // methods of the same names.
    start: i64,
    end: i64,
    duration: i64,
    time_to_answer: i64,
    pub anomalies: Box<[Anomaly]>,
    /// The input position of its first record, to order calls that start together.
    pub first_ordinal: u32,
}

impl Call {
    /// Orders one call's events (all of one uid) in place and judges the call.
    /// `events` are `range` of piece number `piece`.
    pub fn new(
        piece: usize,
        range: Range<usize>,
        events: &mut [Event],
        extras: &Extras,
        strings: &Strings,
        judging: Judging<'_>,
    ) -> Self {
        // Arrival: the capture's received times where every event has one, else the
        // order of the records in the input.
        if events.iter().all(|e| extras.received_ms(e).is_some()) {
            events.sort_unstable_by_key(|e| (extras.received_ms(e), e.ordinal()));
        } else {
            events.sort_unstable_by_key(Event::ordinal);
        }
        // An event without a time is ordered at the time of the one that arrived
        // before it; one that arrived before any time, at the first time.
        // Times to the millisecond (v2 sends them); then a v2 event's
        // `event_sequence`, then the documented order of states and events.
        let mut carried = events.iter().find_map(|e| extras.time_ms(e));
        let mut keyed: Vec<(Option<i64>, Option<i64>, usize, Event)> = Vec::with_capacity(events.len());
        for (i, e) in events.iter_mut().enumerate() {
            carried = extras.time_ms(e).or(carried);
            e.set_arrival(u32::try_from(i + 1).unwrap_or(u32::MAX));
            let v2 = extras.v2(e);
            let rank = match e.kind() {
                EventKind::State => e.state().map_or(FLOW.len(), |s| documented_rank(i64::from(s))),
                EventKind::Summary => FLOW.len() + 1,
                EventKind::V2 => v2
                    .and_then(|f| f.event()?.order)
                    .map_or(FLOW.len() + 10, |order| FLOW.len() + usize::from(order)),
            };
            keyed.push((carried, v2.and_then(|f| f.sequence()), rank, *e));
        }
        keyed.sort_unstable_by_key(|(time, sequence, rank, e)| (*time, *sequence, *rank, e.arrival()));
        for (slot, (.., e)) in events.iter_mut().zip(keyed) {
            *slot = e;
        }
        let mut call = Call {
            uid: StringId::pack(events.first().and_then(Event::uid)),
            piece: u32::try_from(piece).unwrap_or(u32::MAX),
            first: u32::try_from(range.start).unwrap_or(u32::MAX),
            len: u32::try_from(range.len()).unwrap_or(0),
            kind: kind_of(events, extras),
            outcome: Outcome::Unfinished,
            start: NO_TIME,
            end: NO_TIME,
            duration: NO_TIME,
            time_to_answer: NO_TIME,
            anomalies: Box::default(),
            first_ordinal: events.iter().map(Event::ordinal).min().unwrap_or(u32::MAX),
        };
        call.judge(events, extras, strings);
        call.anomalies = detect(events, extras, strings, judging).into_boxed_slice();
        call
    }

    /// Its uid; `None` only for the events whose uid the string arena had no room for.
    pub fn uid(&self) -> Option<StringId> {
        StringId::packed(self.uid)
    }

    /// Which of the timeline's pieces holds its events.
    pub fn piece(&self) -> usize {
        self.piece as usize
    }

    /// Where its events stand in their piece, in the order they happened; each
    /// event's `arrival` is its place in arrival order.
    pub fn range(&self) -> Range<usize> {
        let first = self.first as usize;
        first..first + self.len as usize
    }

    fn judge(&mut self, events: &[Event], extras: &Extras, strings: &Strings) {
        let summary = events
            .iter()
            .find(|e| e.kind() == EventKind::Summary)
            .and_then(|e| extras.summary(e).map(|s| (e, s)));
        let record = Call::record(events, extras);
        let first = events.iter().find_map(Event::time);
        let v2_start = record
            .and_then(|r| r.started_ms())
            .or_else(|| {
                Call::v2_events(events, extras)
                    .find(|f| f.is("call.initiated"))?
                    .started_ms()
            })
            .map(|ms| ms.div_euclid(1000));
        let start = [summary.and_then(|(_, s)| s.start()), v2_start, first]
            .into_iter()
            .flatten()
            .min();
        let flows = || {
            events.iter().filter(|e| e.kind() == EventKind::State).filter_map(|e| {
                let flow = flow_of(i64::from(e.state()?))?;
                Some((e, flow))
            })
        };
        // The call is over at "call finished" (2), else at its outcome (4, 7, 9).
        let end_state = flows()
            .find(|(_, flow)| flow.phase == Phase::Finished)
            .or_else(|| flows().find(|(_, flow)| flow.ends_call()))
            .map(|(e, _)| e);
        let end = summary
            .and_then(|(_, s)| s.end())
            .or_else(|| record?.ended_ms().map(|ms| ms.div_euclid(1000)))
            .or_else(|| end_state.and_then(Event::time));
        let duration = summary
            .and_then(|(_, s)| s.duration())
            .or_else(|| record?.duration())
            .or_else(|| end?.checked_sub(start?));
        let answer = events.iter().find(|e| e.is_state(6));
        let v2_answer = Call::v2_answer_ms(events, extras).map(|ms| ms.div_euclid(1000));
        let answered_at = answer.and_then(Event::time).or(v2_answer);
        let time_to_answer = answered_at.and_then(|a| a.checked_sub(Call::answer_reference(events, extras, strings)?));
        let unknown = |t: Option<i64>| t.unwrap_or(NO_TIME);
        (self.start, self.end, self.duration, self.time_to_answer) =
            (unknown(start), unknown(end), unknown(duration), unknown(time_to_answer));
        // The summary's status, even when it does not say (0), else the last one said.
        let status = summary.map_or_else(|| events.iter().rev().find_map(Event::status), |(e, _)| e.status());
        let answered =
            answer.is_some() || v2_answer.is_some() || record.is_some_and(|r| r.legs().any(|l| l.answered()));
        self.outcome = if self.kind == CallKind::WhatsApp {
            Outcome::None
        } else if answered || status == Some(1) {
            Outcome::Answered
        } else if status == Some(3) {
            Outcome::Voicemail
        } else if end_state.is_some() || summary.is_some() || record.is_some() {
            Outcome::Missed
        } else {
            Outcome::Unfinished
        };
    }

    /// When the call started, as a time to answer is counted from: a start state
    /// (1 or 3), an After-Call log's or a v2 call record's start, `call.initiated`,
    /// else the time the uid embeds (`n2.1596270949.2175190`); `None` when there is
    /// none of these.
    fn answer_reference(events: &[Event], extras: &Extras, strings: &Strings) -> Option<i64> {
        let start_state = events
            .iter()
            .filter(|e| e.kind() == EventKind::State)
            .find(|e| {
                e.state()
                    .and_then(|s| flow_of(i64::from(s)))
                    .is_some_and(|f| f.phase == Phase::Start)
            })
            .and_then(Event::time);
        let summary = events.iter().find_map(|e| extras.summary(e)?.start());
        let v2 = Call::v2_events(events, extras)
            .find_map(|f| match f.event_type() {
                "call.initiated" | "call.end" | "call.summary" => f.started_ms(),
                _ => None,
            })
            .map(|ms| ms.div_euclid(1000));
        [start_state, summary, v2].into_iter().flatten().min().or_else(|| {
            events
                .iter()
                .find_map(|e| Some(call_uid_parts(strings.of(e.uid())?)?.1))
        })
    }

    /// Why an answered call has no time to answer, when it has none.
    pub fn time_to_answer_missing(&self, events: &[Event], extras: &Extras, strings: &Strings) -> Option<&'static str> {
        if self.outcome != Outcome::Answered || self.time_to_answer().is_some() {
            return None;
        }
        Some(if Call::answer_reference(events, extras, strings).is_none() {
            "no start event (1 or 3, an After-Call start, call.initiated) and the uid embeds no time"
        } else {
            "no record gives the time of the answer (a state 6, call.answered, a leg's answered_at)"
        })
    }

    /// When an agent answered a v2 call, epoch milliseconds: `call.answered`, else
    /// the answering leg of the call record.
    fn v2_answer_ms(events: &[Event], extras: &Extras) -> Option<i64> {
        events
            .iter()
            .filter_map(|e| Some((e, extras.v2(e)?)))
            .find(|(_, f)| f.is("call.answered"))
            .and_then(|(e, _)| extras.time_ms(e))
            .or_else(|| Call::record(events, extras)?.legs().find(Leg::answered)?.answered_ms())
    }

    /// The facts of a call's v2 events, in the order they happened.
    pub fn v2_events<'x>(events: &'x [Event], extras: &'x Extras) -> impl Iterator<Item = V2<'x>> + 'x {
        events.iter().filter_map(|e| extras.v2(e))
    }

    /// A v2 call's record: its `call.summary` (the one with agent names), else its
    /// `call.end`, else the last event with legs.
    pub fn record<'x>(events: &'x [Event], extras: &'x Extras) -> Option<V2<'x>> {
        let last = |name: &str| Call::v2_events(events, extras).filter(|f| f.is(name)).last();
        last("call.summary")
            .or_else(|| last("call.end"))
            .or_else(|| Call::v2_events(events, extras).filter(|f| f.legs().len() > 0).last())
    }

    /// When the call started, epoch seconds.
    pub fn start(&self) -> Option<i64> {
        known_time(self.start)
    }

    /// When it ended, epoch seconds.
    pub fn end(&self) -> Option<i64> {
        known_time(self.end)
    }

    /// How long it lasted, seconds.
    pub fn duration(&self) -> Option<i64> {
        known_time(self.duration)
    }

    /// Seconds from its start to the first answer.
    pub fn time_to_answer(&self) -> Option<i64> {
        known_time(self.time_to_answer)
    }

    /// Seconds from the call's first event to each event, when both times are known:
    /// one pass, for a call of any length.
    pub fn offsets(events: &[Event]) -> impl Iterator<Item = Option<i64>> + '_ {
        let first = events.iter().find_map(Event::time);
        events.iter().map(move |e| e.time()?.checked_sub(first?))
    }

    /// The anomalies marked on event `i`. They are kept in event order, so this is
    /// a search, not a scan: drawing a call of any length stays linear.
    pub fn anomalies_at(&self, i: usize) -> &[Anomaly] {
        let key = |a: &Anomaly| a.event.unwrap_or(usize::MAX);
        let start = self.anomalies.partition_point(|a| key(a) < i);
        let end = self.anomalies.partition_point(|a| key(a) <= i);
        &self.anomalies[start..end.max(start)]
    }

    /// The anomalies of the whole call, marked on no event.
    pub fn anomalies_of_the_call(&self) -> &[Anomaly] {
        let start = self.anomalies.partition_point(|a| a.event.is_some());
        &self.anomalies[start..]
    }

    /// `1 > 5 > 6 > 2`: the states in the order they happened; a v2 event by its
    /// type (`call.initiated > call.end`).
    pub fn path(events: &[Event], extras: &Extras) -> String {
        let mut path = String::with_capacity(events.len() * 12);
        for (i, e) in events.iter().filter(|e| e.kind() != EventKind::Summary).enumerate() {
            if i > 0 {
                path.push_str(" > ");
            }
            match (extras.v2(e), e.state()) {
                (Some(facts), _) => path.push_str(facts.event_type()),
                (None, Some(state)) => {
                    let _ = write!(path, "{state}");
                }
                (None, None) => path.push('?'),
            }
        }
        path
    }

    /// Every agent any event names, in the order first named; one agent sent as
    /// `918586848544` and as `8586848544` is named once.
    pub fn agents<'s>(events: &[Event], strings: &'s Strings) -> Vec<&'s str> {
        let mut agents: Vec<&str> = Vec::new();
        let mut keys: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
        for e in events {
            for agent in strings.of(e.agents()).into_iter().flat_map(|a| a.split(", ")) {
                if keys.insert(phone_key(agent)) {
                    agents.push(agent);
                }
            }
        }
        agents
    }

    /// The first caller or company an event names.
    pub fn first<'s>(
        events: &[Event],
        strings: &'s Strings,
        pick: impl Fn(&Event) -> Option<StringId>,
    ) -> Option<&'s str> {
        events.iter().find_map(|e| strings.of(pick(e)))
    }
}

/// Call type: the types every documented state allows, narrowed by `event`; with
/// no state, what the direction (`_ev`, v2's `direction`) and a v2 campaign or
/// channel say.
fn kind_of(events: &[Event], extras: &Extras) -> CallKind {
    let mut common: Option<Vec<CallType>> = None;
    for e in events.iter().filter(|e| e.kind() == EventKind::State) {
        if let Some(flow) = e.state().and_then(|s| flow_of(i64::from(s))) {
            let types = common.get_or_insert_with(|| flow.call_types.to_vec());
            types.retain(|t| flow.call_types.contains(t));
            if types.is_empty() {
                return CallKind::Mixed;
            }
        }
    }
    let direction = events.iter().find_map(Event::direction);
    let v2 = || Call::v2_events(events, extras);
    match common.as_deref() {
        None if v2().any(|f| channel_of(f.event_type()) == Some(Channel::WhatsApp)) => CallKind::WhatsApp,
        None if v2().any(|f| f.category() == Some("obd")) => CallKind::Known(CallType::Obd),
        None => match direction {
            Some(1) => CallKind::Known(CallType::Incoming),
            Some(2) => CallKind::Outgoing,
            _ => CallKind::Unknown,
        },
        Some([only]) => CallKind::Known(*only),
        Some(both) if both.contains(&CallType::Incoming) && both.contains(&CallType::Obd) => match direction {
            Some(1) => CallKind::Known(CallType::Incoming),
            Some(2) => CallKind::Known(CallType::Obd),
            _ => CallKind::ObdOrIncoming,
        },
        Some(_) => CallKind::Mixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_small() {
        assert!(size_of::<Call>() <= 72, "{}", size_of::<Call>());
    }
}
