//! The documented code labels: `call_state`, `event` (`_ev`) and `status` (`_su`).
//!
//! These are the only coded values the documents define. The flow model that the
//! timeline uses (phases, call types) lives beside them in `call_states.rs`, keyed by
//! the same state codes, so a label is written once.

/// One documented value of a coded field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub value: i64,
    pub label: &'static str,
    /// What the documents add about the code, or empty.
    pub detail: &'static str,
}

const fn code(value: i64, label: &'static str, detail: &'static str) -> Code {
    Code { value, label, detail }
}

/// The call states of the In-Call document. There is no state 8.
pub static CALL_STATE_CODES: &[Code] = &[
    code(1, "incoming call on server", "OBD, incoming"),
    code(2, "call finished", "OBD, incoming"),
    code(3, "call initiated by user to customer", "click to call"),
    code(4, "first party no answer", "OBD"),
    code(5, "dialing users", "OBD, incoming"),
    code(6, "user answered", "OBD, incoming"),
    code(7, "client rejected the call", "click to call"),
    code(9, "no user picked the call (no answer)", "click to call"),
];

/// `event` (In-Call) and `_ev` (After-Call).
pub static EVENT_CODES: &[Code] = &[code(1, "incoming", ""), code(2, "outgoing", "")];

/// `status` (In-Call) and `_su` (After-Call, top level).
pub static STATUS_CODES: &[Code] = &[
    code(
        1,
        "connected",
        "call was picked by at least one agent and for some non-zero duration",
    ),
    code(2, "missed", "call was dialed but never picked by any of the agents"),
    code(3, "voicemail", "call landed on voicemail"),
];

/// The label of `value` among `codes`, if documented.
pub fn label_of(codes: &[Code], value: i64) -> Option<&Code> {
    codes.iter().find(|c| c.value == value)
}

/// "1-7, 9" style list of the documented values, for messages.
pub fn documented_values(codes: &[Code]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < codes.len() {
        let start = codes[i].value;
        let mut end = start;
        while i + 1 < codes.len() && codes[i + 1].value == end + 1 {
            i += 1;
            end = codes[i].value;
        }
        out.push(match end.cmp(&(start + 1)) {
            std::cmp::Ordering::Greater => format!("{start}-{end}"),
            std::cmp::Ordering::Equal => format!("{start}, {end}"),
            std::cmp::Ordering::Less => start.to_string(),
        });
        i += 1;
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_values_compresses_runs_and_shows_the_gap_at_8() {
        assert_eq!(documented_values(CALL_STATE_CODES), "1-7, 9");
        assert_eq!(documented_values(EVENT_CODES), "1, 2");
        assert_eq!(documented_values(STATUS_CODES), "1-3");
    }

    #[test]
    fn state_8_is_not_documented() {
        assert!(label_of(CALL_STATE_CODES, 8).is_none());
        assert_eq!(label_of(CALL_STATE_CODES, 6).map(|c| c.label), Some("user answered"));
    }
}
