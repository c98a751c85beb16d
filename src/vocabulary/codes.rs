//! Code labels: v1's integer codes (`call_state`, `event`/`_ev`, `status`/`_su`, the
//! only coded values its documents define) and v2's code words (`status` `bridged`,
//! `dial_status` `NOANSWER`, ...), each word with its other spellings and how it is
//! known.
//!
//! The flow model that the timeline uses (phases, call types) lives beside them in
//! `call_states.rs`, keyed by the same state codes, so a label is written once.

use super::provenance::Provenance::{self, Inferred, SeenInSamples};

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

/// One known value of a v2 code word field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// As the samples send it.
    pub value: &'static str,
    /// Other spellings sources give the same value (`NO ANSWER` for `NOANSWER`).
    pub other_spellings: &'static [&'static str],
    pub label: &'static str,
    /// Where it is seen or said, and what it implies; or empty.
    pub detail: &'static str,
    pub provenance: Provenance,
}

impl Word {
    /// Every spelling it is sent under, its value first.
    pub fn spellings(&self) -> impl Iterator<Item = &'static str> + '_ {
        std::iter::once(self.value).chain(self.other_spellings.iter().copied())
    }
}

const fn word(value: &'static str, label: &'static str, detail: &'static str, provenance: Provenance) -> Word {
    Word {
        value,
        other_spellings: &[],
        label,
        detail,
        provenance,
    }
}

/// The word `text` spells among `words`, exactly as sent under one of its spellings.
pub fn word_of<'w>(words: &'w [Word], text: &str) -> Option<&'w Word> {
    words.iter().find(|w| w.spellings().any(|s| s == text))
}

/// `payload.status`: a call's outcome on call events, a message's on WhatsApp ones.
pub static V2_STATUS_WORDS: &[Word] = &[
    word(
        "bridged",
        "connected to an agent",
        "v1 `_su` 1; in both Postman samples",
        SeenInSamples,
    ),
    word(
        "missed",
        "no agent answered",
        "v1 `_su` 2; in a schema table consumers copied from MyOperator",
        SeenInSamples,
    ),
    word(
        "voicemail",
        "the call went to voicemail",
        "v1 `_su` 3; in a schema table consumers copied from MyOperator",
        SeenInSamples,
    ),
    word(
        "received",
        "the WhatsApp message arrived",
        "on `message.received`",
        SeenInSamples,
    ),
];

/// `direction` and `payload.direction`.
pub static V2_DIRECTION_WORDS: &[Word] = &[
    word("incoming", "the customer called in", "v1 `_ev` 1", SeenInSamples),
    word(
        "outgoing",
        "the call went out to the customer",
        "v1 `_ev` 2",
        SeenInSamples,
    ),
];

/// `channel`.
pub static V2_CHANNEL_WORDS: &[Word] = &[
    word("call", "a call event", "", SeenInSamples),
    Word {
        value: "whatsapp",
        other_spellings: &["WhatsApp", "WHATSAPP"],
        label: "a WhatsApp event",
        detail: "MyOperator writes \"WhatsApp\"; how it is spelt on the wire is not known",
        provenance: Inferred,
    },
];

/// `payload.category`: how the call came about.
pub static V2_CATEGORY_WORDS: &[Word] = &[
    word("incoming", "an incoming call", "in both Postman samples", SeenInSamples),
    word(
        "obd",
        "an OBD (outbound dialler) call",
        "in production bodies; your `reference_id` is in `payload.client_ref_id`",
        SeenInSamples,
    ),
    word(
        "oneway",
        "a one-way call",
        "in a schema table consumers copied from MyOperator",
        Inferred,
    ),
    word(
        "callback",
        "a callback",
        "in a schema table consumers copied from MyOperator",
        Inferred,
    ),
    word(
        "webcall",
        "a call from the web",
        "in a schema table consumers copied from MyOperator",
        Inferred,
    ),
    word(
        "otp",
        "an OTP call",
        "in a schema table consumers copied from MyOperator",
        Inferred,
    ),
];

/// `payload.legs[].type`.
pub static V2_LEG_TYPE_WORDS: &[Word] = &[
    word(
        "customer",
        "the customer's leg",
        "the first leg in the samples",
        SeenInSamples,
    ),
    word("agent", "an agent's leg", "one per agent tried", SeenInSamples),
];

/// `payload.legs[].result`.
pub static V2_LEG_RESULT_WORDS: &[Word] = &[
    word(
        "connected",
        "reached",
        "the customer's leg; with `answered_at` null, reached but not picked up",
        SeenInSamples,
    ),
    word("answered", "picked up", "the answering agent's leg", SeenInSamples),
    word(
        "not_answered",
        "not picked up",
        "an agent who did not answer",
        SeenInSamples,
    ),
    word(
        "dialing",
        "being dialled",
        "assumed on `call.dial_begin` by consumer code; no sample",
        Inferred,
    ),
    word(
        "ringing",
        "ringing",
        "assumed on `call.dial_begin` by consumer code; no sample",
        Inferred,
    ),
];

/// `payload.legs[].dial_status`: how dialling the leg ended, in the telephony
/// switch's words.
pub static V2_DIAL_STATUS_WORDS: &[Word] = &[
    word("ANSWER", "answered", "", SeenInSamples),
    word("BUSY", "busy", "", SeenInSamples),
    Word {
        value: "NOANSWER",
        other_spellings: &["NO ANSWER"],
        label: "no answer",
        detail: "production notes write `NOANSWER`, a research note `NO ANSWER`: match both",
        provenance: SeenInSamples,
    },
    word("NO CARRIER", "no carrier", "in one research note only", Inferred),
    word("CANCEL", "cancelled", "v1 sends it in `_ld[]._ds`", Inferred),
];

/// `payload.source` of WhatsApp events: where a message came from.
pub static V2_SOURCE_WORDS: &[Word] = &[
    word("lc", "live chat (the panel's inbox)", "", Inferred),
    word("cmp", "a campaign", "", Inferred),
    word("api", "the send API", "`myop_ref_id` is null for these", Inferred),
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
