//! Where each v1 field went in Webhook v2: for every entry of the field dictionary
//! (every In-Call key, After-Call key and query-parameter dropdown entry), the v2
//! paths that now carry its value, how v1 codes read in v2, and how that is known;
//! or that v2 has no counterpart. `migrate` prints it for a user's handler code;
//! `fields` reads it both ways.
//!
//! No MyOperator page maps v1 to v2. A counterpart is `documented` where both
//! sides' documented meanings are the same, `seen in samples` where samples or a
//! production account show the same value on both sides, and `inferred` otherwise.

use super::provenance::Provenance;

/// The v2 side of one v1 field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counterpart {
    /// The v1 field's dictionary id.
    pub field: &'static str,
    /// The v2 paths (dictionary entries of [`super::FIELDS`]) that carry it, best first;
    /// empty when v2 has no counterpart.
    pub v2: &'static [&'static str],
    /// How v1 codes read in v2: `("1", "bridged")`.
    pub values: &'static [(&'static str, &'static str)],
    pub provenance: Provenance,
    /// What changes on the way (format, units, where to look instead).
    pub note: &'static str,
}

const BASE: Counterpart = Counterpart {
    field: "",
    v2: &[],
    values: &[],
    provenance: Provenance::Inferred,
    note: "",
};

use Provenance::{Documented, SeenInSamples};

const UNKNOWN_V1: &str = "Its v1 meaning is not documented, so no counterpart can be named.";
const COMMENT_PARTS: &str = "The fields of a v2 comment (`payload.comments[]`) are not known.";

// Every entry ends in `..BASE` so that a new column needs one default.
#[allow(clippy::needless_update)]
pub static COUNTERPARTS: &[Counterpart] = &[
    Counterpart {
        field: "id",
        v2: &["event_id"],
        note: "Both name one delivered log or event; v1's id embeds the log's time, v2's `event-<16 hex>` does not.",
        ..BASE
    },
    Counterpart {
        field: "uid",
        v2: &["session_id", "payload.id"],
        provenance: Documented,
        note: "The same `<host>.<epoch>.<seq>` shape: a v1 uid and a v2 session id of one call join.",
        ..BASE
    },
    Counterpart {
        field: "reference_id",
        v2: &["payload.ref_id"],
        provenance: SeenInSamples,
        note: "MyOperator's own id for an OBD call in both; not the reference you passed (that is `payload.client_ref_id`).",
        ..BASE
    },
    Counterpart {
        field: "company_id",
        v2: &["company_id"],
        provenance: Documented,
        ..BASE
    },
    Counterpart {
        field: "clid_raw",
        v2: &["payload.customer_number", "customer_identifier"],
        note: "v2 sends E.164 with `+` (`+91...`), not the country code without it (`91...`).",
        ..BASE
    },
    Counterpart {
        field: "clid",
        v2: &["payload.customer_number", "customer_identifier"],
        note: "v2 sends E.164 with `+` and country code; strip `+91` for the national number.",
        ..BASE
    },
    Counterpart {
        field: "caller_number",
        v2: &["payload.customer_number", "customer_identifier"],
        provenance: SeenInSamples,
        note: "The same E.164 form on calls; `customer_identifier` has no `+` on WhatsApp events.",
        ..BASE
    },
    Counterpart {
        field: "rdnis",
        v2: &["payload.did", "system_identifier"],
        provenance: Documented,
        note: "`system_identifier` is empty or null on `call.summary`: read `payload.did` there.",
        ..BASE
    },
    Counterpart {
        field: "call_state",
        v2: &["event_type"],
        values: &[
            ("1", "call.initiated"),
            ("2", "call.end"),
            ("3", "call.initiated"),
            ("4", "call.end"),
            ("5", "call.dial_begin"),
            ("6", "call.answered"),
            ("7", "call.end"),
            ("9", "call.end"),
        ],
        note: "Each state is its own event type; the outcomes 4, 7 and 9 arrive as `call.end` with `payload.status` `missed`.",
        ..BASE
    },
    Counterpart {
        field: "event",
        v2: &["direction", "payload.direction"],
        values: &[("1", "incoming"), ("2", "outgoing")],
        note: "Words instead of codes.",
        ..BASE
    },
    Counterpart {
        field: "status",
        v2: &["payload.status"],
        values: &[("1", "bridged"), ("2", "missed"), ("3", "voicemail")],
        note: "Words instead of codes; only on `call.end` and `call.summary`.",
        ..BASE
    },
    Counterpart {
        field: "users",
        v2: &["payload.legs[].phone_number", "payload.legs[].agent.contact"],
        note: "One leg per agent tried, after the customer's leg (`payload.legs[].type` `agent`).",
        ..BASE
    },
    Counterpart {
        field: "created",
        v2: &["timestamp"],
        note: "ISO-8601 with `Z` instead of `YYYY-MM-DD HH:MM:SS` or an epoch; the time the event was sent.",
        ..BASE
    },
    Counterpart {
        field: "call_time",
        v2: &["timestamp"],
        note: "ISO-8601 with `Z`; v2 has no separate event time.",
        ..BASE
    },
    Counterpart {
        field: "public_ivr_id",
        note: "No v2 sample carries the IVR.",
        ..BASE
    },
    Counterpart {
        field: "client_ref_id",
        v2: &["payload.client_ref_id"],
        provenance: SeenInSamples,
        note: "Your OBD `reference_id`, returned as is, in both.",
        ..BASE
    },
    Counterpart {
        field: "job_id",
        v2: &["payload.obd_campaign.job_id"],
        provenance: SeenInSamples,
        ..BASE
    },
    Counterpart {
        field: "agent_number",
        v2: &["payload.legs[].agent.contact", "payload.legs[].phone_number"],
        note: "v2 sends E.164 with `+91`, v1 ten digits. In `_cn[]` (comments) there is no v2 counterpart known.",
        ..BASE
    },
    Counterpart {
        field: "custom",
        note: "v2 maps nothing into the query: keep a fixed value in the URL's query, or send it as a custom header.",
        ..BASE
    },
    Counterpart {
        field: "log_source",
        note: "v2 carries no log source.",
        ..BASE
    },
    Counterpart {
        field: "_cm",
        note: UNKNOWN_V1,
        ..BASE
    },
    Counterpart {
        field: "country_code",
        v2: &["payload.customer_number"],
        note: "No field of its own: the country code is the start of the E.164 number.",
        ..BASE
    },
    Counterpart {
        field: "circle",
        v2: &["payload.location"],
        provenance: SeenInSamples,
        note: "The same `State, Country` form (`DL, IN`, `KO, IN`); on `call.summary`.",
        ..BASE
    },
    Counterpart {
        field: "log_time",
        v2: &["timestamp"],
        note: "ISO-8601 with `Z` instead of an epoch.",
        ..BASE
    },
    Counterpart {
        field: "start_time",
        v2: &["payload.started_at"],
        note: "ISO-8601 instead of an epoch; the call's `session_id` embeds the same second.",
        ..BASE
    },
    Counterpart {
        field: "start_time_ms",
        v2: &["payload.started_at"],
        note: "ISO-8601 with milliseconds instead of an epoch in milliseconds.",
        ..BASE
    },
    Counterpart {
        field: "start_second_of_day",
        v2: &["payload.started_at"],
        note: "No field of its own: compute it from `payload.started_at`.",
        ..BASE
    },
    Counterpart {
        field: "end_time",
        v2: &["payload.ended_at"],
        note: "ISO-8601 instead of an epoch.",
        ..BASE
    },
    Counterpart {
        field: "duration",
        v2: &["payload.duration"],
        note: "Seconds instead of `HH:MM:SS`; both include ring time. Talk time is on the answering leg.",
        ..BASE
    },
    Counterpart {
        field: "duration_minutes",
        v2: &["payload.duration"],
        note: "Seconds instead of minutes.",
        ..BASE
    },
    Counterpart {
        field: "log_type",
        v2: &["channel"],
        note: "v1 `1` is a call; v2's `channel` is `call` or WhatsApp, and has no SMS.",
        ..BASE
    },
    Counterpart {
        field: "recording_file",
        v2: &["payload.recording_filename"],
        note: "A new form: `<16 hex>-v2.mp3`.",
        ..BASE
    },
    Counterpart {
        field: "recording_url",
        note: "v2 sends the file name only (`payload.recording_filename`); exchange it for a link with the recordings API.",
        ..BASE
    },
    Counterpart {
        field: "_ns",
        note: UNKNOWN_V1,
        ..BASE
    },
    Counterpart {
        field: "department_name",
        v2: &["payload.legs[].department.name"],
        note: "Per leg in v2, on `call.summary`.",
        ..BASE
    },
    Counterpart {
        field: "department_id",
        v2: &["payload.legs[].department.id", "payload.legs[].dept_id"],
        note: "Per leg in v2.",
        ..BASE
    },
    Counterpart {
        field: "call_parameters",
        note: "v2 has no keyed parameter list; the uid it held is `session_id`.",
        ..BASE
    },
    Counterpart {
        field: "_pm[is]",
        note: UNKNOWN_V1,
        ..BASE
    },
    Counterpart {
        field: "_pm[vt]",
        note: UNKNOWN_V1,
        ..BASE
    },
    Counterpart {
        field: "_pm[ic]",
        note: UNKNOWN_V1,
        ..BASE
    },
    Counterpart {
        field: "_pm[ia]",
        note: UNKNOWN_V1,
        ..BASE
    },
    Counterpart {
        field: "_pm[ib]",
        note: UNKNOWN_V1,
        ..BASE
    },
    Counterpart {
        field: "comments",
        v2: &["payload.comments"],
        note: "On `call.summary`.",
        ..BASE
    },
    Counterpart {
        field: "comment_text",
        note: COMMENT_PARTS,
        ..BASE
    },
    Counterpart {
        field: "comment_id",
        note: COMMENT_PARTS,
        ..BASE
    },
    Counterpart {
        field: "comment_time",
        note: COMMENT_PARTS,
        ..BASE
    },
    Counterpart {
        field: "dial_legs",
        v2: &["payload.legs"],
        note: "v2's first leg is the customer's; agents' legs follow, one per agent tried.",
        ..BASE
    },
    Counterpart {
        field: "leg_ring_start",
        v2: &["payload.legs[].started_at"],
        note: "ISO-8601 instead of `YYYY-MM-DD HH:MM:SS`.",
        ..BASE
    },
    Counterpart {
        field: "leg_dial_status",
        v2: &["payload.legs[].dial_status"],
        provenance: SeenInSamples,
        note: "The same values (`ANSWER`, `NOANSWER`, `BUSY`, `CANCEL`); empty on the customer leg.",
        ..BASE
    },
    Counterpart {
        field: "_ld[]._did",
        note: UNKNOWN_V1,
        ..BASE
    },
    Counterpart {
        field: "leg_users",
        v2: &["payload.legs[].agent"],
        note: "One agent per leg in v2, instead of a list of users.",
        ..BASE
    },
    Counterpart {
        field: "_ld[]._tt",
        note: UNKNOWN_V1,
        ..BASE
    },
    Counterpart {
        field: "leg_status",
        v2: &["payload.legs[].result"],
        note: "Words (`answered`, `not_answered`, `connected`) instead of codes.",
        ..BASE
    },
    Counterpart {
        field: "leg_answer_time",
        v2: &["payload.legs[].answered_at"],
        note: "ISO-8601 instead of an epoch; null when the leg was not answered.",
        ..BASE
    },
    Counterpart {
        field: "leg_end_time",
        v2: &["payload.legs[].ended_at"],
        note: "ISO-8601 instead of an epoch.",
        ..BASE
    },
    Counterpart {
        field: "leg_duration",
        v2: &["payload.legs[].talk_duration"],
        note: "Seconds instead of `HH:MM:SS`; null when not answered.",
        ..BASE
    },
    Counterpart {
        field: "leg_outcome",
        v2: &["payload.legs[].result"],
        values: &[("received", "answered"), ("missed", "not_answered")],
        note: "v2 has no `transferred`.",
        ..BASE
    },
    Counterpart {
        field: "user_id",
        v2: &["payload.legs[].agent.uuid"],
        note: "Both 16 hex digits whose first 8 are a creation time. In `_cn[]` (comments) there is no v2 counterpart known.",
        ..BASE
    },
    Counterpart {
        field: "user_name",
        v2: &["payload.legs[].agent.name"],
        note: "On `call.summary` only. In `_cn[]` (comments) there is no v2 counterpart known.",
        ..BASE
    },
    Counterpart {
        field: "user_email",
        v2: &["payload.legs[].agent.email"],
        note: "On `call.summary` only; may be null. In `_cn[]` (comments) there is no v2 counterpart known.",
        ..BASE
    },
    Counterpart {
        field: "user_extension",
        v2: &["payload.legs[].agent.extension"],
        note: "On `call.summary` only, as a string. In `_cn[]` (comments) there is no v2 counterpart known.",
        ..BASE
    },
    Counterpart {
        field: "user_number",
        v2: &["payload.legs[].agent.contact", "payload.legs[].phone_number"],
        note: "The same E.164 form. In `_cn[]` (comments) there is no v2 counterpart known.",
        ..BASE
    },
    Counterpart {
        field: "_an",
        note: UNKNOWN_V1,
        ..BASE
    },
    Counterpart {
        field: "_bp",
        note: UNKNOWN_V1,
        ..BASE
    },
    Counterpart {
        field: "user_outcomes",
        v2: &["payload.legs[].result"],
        note: "Per agent leg in v2 instead of a keyed list.",
        ..BASE
    },
    Counterpart {
        field: "user_outcome_user",
        v2: &["payload.legs[].agent.uuid"],
        ..BASE
    },
    Counterpart {
        field: "user_outcome",
        v2: &["payload.legs[].result"],
        values: &[("received", "answered"), ("missed", "not_answered")],
        ..BASE
    },
    Counterpart {
        field: "talk_times",
        v2: &["payload.legs[].talk_duration"],
        note: "Per agent leg in v2 instead of a keyed list.",
        ..BASE
    },
    Counterpart {
        field: "talk_time_user",
        v2: &["payload.legs[].agent.uuid"],
        ..BASE
    },
    Counterpart {
        field: "talk_time",
        v2: &["payload.legs[].talk_duration"],
        ..BASE
    },
    Counterpart {
        field: "dispositions",
        note: "v2 sends a `disposition` event instead; no sample of its payload is known.",
        ..BASE
    },
];

/// Where the v1 field with dictionary id `field` went.
pub fn counterpart(field: &str) -> Option<&'static Counterpart> {
    COUNTERPARTS.iter().find(|c| c.field == field)
}

/// The v1 fields whose value a v2 path now carries: the reverse direction.
pub fn v1_fields_for(path: &str) -> impl Iterator<Item = &'static Counterpart> + '_ {
    COUNTERPARTS.iter().filter(move |c| c.v2.contains(&path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::FIELDS;
    use crate::vocabulary::lookup::by_pattern;
    use crate::vocabulary::v2_events::event;
    use std::collections::HashSet;

    #[test]
    fn every_v1_dictionary_entry_is_covered_once() {
        let mut seen = HashSet::new();
        for c in COUNTERPARTS {
            assert!(seen.insert(c.field), "{} twice", c.field);
            assert!(
                FIELDS.iter().any(|f| f.id == c.field),
                "{} is not a dictionary id",
                c.field
            );
        }
        for f in FIELDS.iter().filter(|f| f.is_v1()) {
            assert!(counterpart(f.id).is_some(), "{} has no v2 counterpart entry", f.id);
        }
        for c in COUNTERPARTS {
            assert!(
                FIELDS.iter().any(|f| f.id == c.field && f.is_v1()),
                "{} is not a v1 field",
                c.field
            );
        }
    }

    #[test]
    fn every_v2_path_named_is_known() {
        for c in COUNTERPARTS {
            for path in c.v2 {
                assert!(
                    by_pattern(path).is_some_and(|f| f.v2_paths().contains(path)),
                    "{}: unknown v2 path {path}",
                    c.field
                );
            }
            if c.v2.is_empty() {
                assert!(
                    !c.note.is_empty(),
                    "{} says nothing about having no counterpart",
                    c.field
                );
                assert!(c.values.is_empty(), "{}", c.field);
            }
        }
    }

    #[test]
    fn every_documented_code_has_its_v2_value() {
        for c in COUNTERPARTS.iter().filter(|c| !c.values.is_empty()) {
            let field = FIELDS.iter().find(|f| f.id == c.field).unwrap();
            for code in field.value_type.codes() {
                assert!(
                    c.values.iter().any(|(v1, _)| *v1 == code.value.to_string()),
                    "{} code {} has no v2 value",
                    c.field,
                    code.value
                );
            }
        }
        for (_, v2) in counterpart("call_state").unwrap().values {
            assert!(event(v2).is_some(), "{v2} is not an event type");
        }
    }

    #[test]
    fn the_issue_s_examples_read_both_ways() {
        assert_eq!(counterpart("clid").unwrap().v2[0], "payload.customer_number");
        assert_eq!(
            counterpart("agent_number").unwrap().v2[0],
            "payload.legs[].agent.contact"
        );
        let status = counterpart("status").unwrap();
        assert_eq!(status.values, [("1", "bridged"), ("2", "missed"), ("3", "voicemail")]);
        let back: Vec<_> = v1_fields_for("payload.customer_number").map(|c| c.field).collect();
        assert!(back.contains(&"clid") && back.contains(&"caller_number"), "{back:?}");
        assert_eq!(counterpart("public_ivr_id").unwrap().v2, [] as [&str; 0]);
    }
}
