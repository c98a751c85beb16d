//! The flow model of a call: each documented state's phase, whether it ends the
//! call, and the call types it belongs to. An outcome (4, 7, 9: nobody answered, the
//! client rejected) says how the call ended; "call finished" (2) closes it, for OBD
//! and incoming calls alike, after an outcome or without one: `1 > 4 > 2` is a
//! whole call, and nothing comes after 2. Labels live in `codes.rs`, keyed by the
//! same codes; the timeline reads both and nothing else.

use super::codes::{CALL_STATE_CODES, Code, label_of};

/// Where in a call a state stands. Calls move forward through these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Start,
    Ringing,
    Answered,
    /// How the call ended (4, 7, 9); only "call finished" may follow.
    Outcome,
    /// The call is over (2); nothing follows.
    Finished,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Ringing => "ringing",
            Self::Answered => "answered",
            Self::Outcome => "outcome",
            Self::Finished => "finished",
        }
    }
}

/// The kinds of call the documents name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CallType {
    Incoming,
    /// Outbound dialing (campaigns).
    Obd,
    ClickToCall,
}

impl CallType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Incoming => "incoming",
            Self::Obd => "OBD",
            Self::ClickToCall => "click to call",
        }
    }
}

/// One state of the flow model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateFlow {
    pub code: i64,
    pub phase: Phase,
    pub call_types: &'static [CallType],
}

impl StateFlow {
    /// Whether the call is over once this state is reached: an outcome or
    /// "call finished".
    pub fn ends_call(&self) -> bool {
        self.phase >= Phase::Outcome
    }

    /// Whether this state may follow `end`, the state that ended the call: only
    /// "call finished" after an outcome.
    pub fn may_follow_end(&self, end: &StateFlow) -> bool {
        end.phase == Phase::Outcome && self.phase == Phase::Finished
    }

    /// The documented label, from the code table.
    pub fn label(&self) -> &'static str {
        label_of(CALL_STATE_CODES, self.code).map_or("", |c: &Code| c.label)
    }
}

use CallType::{ClickToCall, Incoming, Obd};

const OBD_INCOMING: &[CallType] = &[Obd, Incoming];

/// The documented states, in the order a call moves through them.
pub static FLOW: &[StateFlow] = &[
    StateFlow {
        code: 1,
        phase: Phase::Start,
        call_types: OBD_INCOMING,
    },
    StateFlow {
        code: 3,
        phase: Phase::Start,
        call_types: &[ClickToCall],
    },
    StateFlow {
        code: 5,
        phase: Phase::Ringing,
        call_types: OBD_INCOMING,
    },
    StateFlow {
        code: 6,
        phase: Phase::Answered,
        call_types: OBD_INCOMING,
    },
    StateFlow {
        code: 4,
        phase: Phase::Outcome,
        call_types: &[Obd],
    },
    StateFlow {
        code: 7,
        phase: Phase::Outcome,
        call_types: &[ClickToCall],
    },
    StateFlow {
        code: 9,
        phase: Phase::Outcome,
        call_types: &[ClickToCall],
    },
    StateFlow {
        code: 2,
        phase: Phase::Finished,
        call_types: OBD_INCOMING,
    },
];

/// The flow entry of a documented state.
pub fn flow_of(code: i64) -> Option<&'static StateFlow> {
    FLOW.iter().find(|s| s.code == code)
}

/// A state's place in the documented order, for breaking ties between events of the
/// same second: by phase, then as listed in [`FLOW`]. Undocumented states sort last.
pub fn documented_rank(code: i64) -> usize {
    FLOW.iter().position(|s| s.code == code).unwrap_or(FLOW.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_state_is_in_the_flow_once_and_phases_only_rise() {
        for code in CALL_STATE_CODES {
            assert_eq!(
                FLOW.iter().filter(|s| s.code == code.value).count(),
                1,
                "{}",
                code.value
            );
        }
        assert_eq!(FLOW.len(), CALL_STATE_CODES.len());
        assert!(FLOW.windows(2).all(|w| w[0].phase <= w[1].phase));
        assert!(flow_of(8).is_none());
        assert_eq!(flow_of(6).unwrap().label(), "user answered");
    }

    #[test]
    fn outcomes_end_the_call_and_only_call_finished_follows_them() {
        let (two, four, seven, six) = (
            flow_of(2).unwrap(),
            flow_of(4).unwrap(),
            flow_of(7).unwrap(),
            flow_of(6).unwrap(),
        );
        assert!(four.ends_call() && seven.ends_call() && two.ends_call() && !six.ends_call());
        assert!(two.may_follow_end(four));
        assert!(two.may_follow_end(seven));
        assert!(!two.may_follow_end(two));
        assert!(!four.may_follow_end(two));
        assert!(!six.may_follow_end(four));
        assert!(four.phase < two.phase);
    }

    #[test]
    fn ties_break_by_phase() {
        assert!(documented_rank(1) < documented_rank(5));
        assert!(documented_rank(6) < documented_rank(2));
        assert_eq!(documented_rank(8), FLOW.len());
    }
}
