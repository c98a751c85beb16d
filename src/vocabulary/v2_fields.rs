//! Every Webhook v2 path callhook knows: the 12-field envelope every event has, the
//! call payload (`call.end`, `call.summary`, with its legs) and the WhatsApp
//! message payload, each with its meaning and how it is known. `counterparts`
//! names v2 paths only from this table, and a test holds it to that.
//!
//! Paths are written as the v1 dictionary writes its patterns: `[]` stands for any
//! list index (`payload.legs[].agent.contact`). Where one path means different
//! things on call and WhatsApp events (`payload.id`, `payload.status`), one entry
//! says both.

use super::evidence::Evidence;

/// One v2 path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct V2Field {
    pub path: &'static str,
    /// One line, for tables.
    pub meaning: &'static str,
    pub provenance: Evidence,
    /// Where the documents and samples disagree, said plainly.
    pub note: &'static str,
}

const BASE: V2Field = V2Field {
    path: "",
    meaning: "",
    provenance: Evidence::SeenInSamples,
    note: "",
};

use Evidence::{Documented, Inferred};

// Every entry ends in `..BASE` so that a new column needs one default.
#[allow(clippy::needless_update)]
pub static V2_FIELDS: &[V2Field] = &[
    // The envelope: MyOperator's payload article lists all twelve.
    V2Field {
        path: "event_id",
        meaning: "id of the event; the same on every retry of it, the key to de-duplicate on",
        provenance: Documented,
        ..BASE
    },
    V2Field {
        path: "company_id",
        meaning: "your MyOperator account id",
        provenance: Documented,
        note: "16 hex digits; the first 8 are the account's creation time.",
        ..BASE
    },
    V2Field {
        path: "event_type",
        meaning: "what happened (`call.end`, `message.received`, ...)",
        provenance: Documented,
        ..BASE
    },
    V2Field {
        path: "event_sequence",
        meaning: "order of the event within its session",
        provenance: Documented,
        note: "Absent on the disposition event. Samples show 3001 and 1, so it is not a 1, 2, 3 counter.",
        ..BASE
    },
    V2Field {
        path: "event_version",
        meaning: "schema version of the event (1)",
        provenance: Documented,
        note: "Documented as an integer; the samples send the string \"1\".",
        ..BASE
    },
    V2Field {
        path: "timestamp",
        meaning: "when MyOperator sent the event (ISO-8601, UTC)",
        provenance: Documented,
        note: "Send time, not event time; 0 to 9 fraction digits.",
        ..BASE
    },
    V2Field {
        path: "channel",
        meaning: "`call` or WhatsApp",
        provenance: Documented,
        note: "The WhatsApp value's exact spelling is not known.",
        ..BASE
    },
    V2Field {
        path: "direction",
        meaning: "`incoming` or `outgoing`; empty on conversation events",
        provenance: Documented,
        ..BASE
    },
    V2Field {
        path: "session_id",
        meaning: "the call or chat every event of it shares",
        provenance: Documented,
        note: "On calls `<host>.<epoch>.<seq>`, the shape of a v1 uid, its epoch the call's start; a UUID on WhatsApp.",
        ..BASE
    },
    V2Field {
        path: "system_identifier",
        meaning: "the DID of a call, the phone_number_id of a WhatsApp number",
        provenance: Documented,
        note: "Documented as null on `call.summary`; the sample sends \"\". Use `payload.did` there.",
        ..BASE
    },
    V2Field {
        path: "customer_identifier",
        meaning: "the customer's number",
        note: "Its row is cut off in MyOperator's article. `+91...` on calls, `91...` without `+` on WhatsApp.",
        ..BASE
    },
    V2Field {
        path: "payload",
        meaning: "the event's own fields",
        provenance: Documented,
        ..BASE
    },
    // The call payload, from the Postman samples of `call.end` and `call.summary`
    // and the production account of real ones.
    V2Field {
        path: "payload.id",
        meaning: "the call's id (= `session_id`) on call events; the message id on WhatsApp ones",
        ..BASE
    },
    V2Field {
        path: "payload.did",
        meaning: "the number the call came in on or went out from",
        note: "Absent in the `call.summary` sample.",
        ..BASE
    },
    V2Field {
        path: "payload.direction",
        meaning: "`incoming` or `outgoing`",
        ..BASE
    },
    V2Field {
        path: "payload.customer_number",
        meaning: "the customer's number, E.164 with `+`",
        ..BASE
    },
    V2Field {
        path: "payload.status",
        meaning: "`bridged`, `missed` or `voicemail` on call events; `received` on `message.received`",
        ..BASE
    },
    V2Field {
        path: "payload.started_at",
        meaning: "when the call started (ISO-8601)",
        ..BASE
    },
    V2Field {
        path: "payload.ended_at",
        meaning: "when the call ended (ISO-8601)",
        ..BASE
    },
    V2Field {
        path: "payload.category",
        meaning: "`incoming`, `oneway`, `callback`, `webcall`, `obd` or `otp`",
        ..BASE
    },
    V2Field {
        path: "payload.duration",
        meaning: "whole call, in seconds, ring time included",
        note: "Talk time is on the answering leg (`payload.legs[].talk_duration`).",
        ..BASE
    },
    V2Field {
        path: "payload.location",
        meaning: "the caller's state and country (`KO, IN`)",
        ..BASE
    },
    V2Field {
        path: "payload.recording_filename",
        meaning: "the recording's file name (`<16 hex>-v2.mp3`)",
        note: "A file name, not a URL: exchange it for a link (valid 24 h) with the recordings API.",
        ..BASE
    },
    V2Field {
        path: "payload.billable",
        meaning: "whether the call is billed",
        ..BASE
    },
    V2Field {
        path: "payload.ref_id",
        meaning: "MyOperator's own UUID for an OBD call; empty on incoming calls",
        note: "Not your OBD `reference_id`: that comes back as `payload.client_ref_id`.",
        ..BASE
    },
    V2Field {
        path: "payload.client_ref_id",
        meaning: "the `reference_id` you passed when placing an OBD call",
        ..BASE
    },
    V2Field {
        path: "payload.obd_campaign",
        meaning: "the OBD campaign of the call, or null",
        ..BASE
    },
    V2Field {
        path: "payload.obd_campaign.id",
        meaning: "OBD campaign id",
        ..BASE
    },
    V2Field {
        path: "payload.obd_campaign.job_id",
        meaning: "OBD job id",
        ..BASE
    },
    V2Field {
        path: "payload.comments",
        meaning: "comments added during the call (`call.summary`)",
        note: "The fields of a comment are not known.",
        ..BASE
    },
    V2Field {
        path: "payload.legs",
        meaning: "one leg per party: the customer first, then each agent tried",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].leg_index",
        meaning: "the leg's number, from 1 (the customer)",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].uid",
        meaning: "the leg's id: the customer's is `session_id`, an agent's the next sequence number",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].type",
        meaning: "`customer` or `agent`",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].phone_number",
        meaning: "the number dialled on this leg",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].result",
        meaning: "`connected` (customer), `answered` or `not_answered`",
        note: "`connected` with no `answered_at` means reached, not picked up.",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].dial_status",
        meaning: "`ANSWER`, `BUSY`, `NOANSWER`, `CANCEL`...; empty on the customer leg",
        note: "Sources spell no-answer both `NOANSWER` and `NO ANSWER`.",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].ring_duration",
        meaning: "seconds the leg rang; null on the customer leg",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].talk_duration",
        meaning: "seconds talked on the leg; null if not answered",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].started_at",
        meaning: "when the leg started ringing (ISO-8601)",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].ended_at",
        meaning: "when the leg ended (ISO-8601)",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].answered_at",
        meaning: "when the leg was answered (ISO-8601), or null",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].pickup_device",
        meaning: "the device the agent answered on (`phone`)",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].dept_id",
        meaning: "the department of the leg",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].agent",
        meaning: "the agent of the leg (`call.summary`), null on the customer leg",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].agent.uuid",
        meaning: "agent id (16 hex digits, the first 8 a creation time)",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].agent.name",
        meaning: "agent's name",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].agent.email",
        meaning: "agent's e-mail, or null",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].agent.contact",
        meaning: "agent's number, E.164 with `+`",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].agent.extension",
        meaning: "agent's extension (a string)",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].department",
        meaning: "the department of the leg, or null",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].department.id",
        meaning: "department id",
        ..BASE
    },
    V2Field {
        path: "payload.legs[].department.name",
        meaning: "department name",
        ..BASE
    },
    // The WhatsApp message payload, from one field-verified `message.received`.
    V2Field {
        path: "payload.data",
        meaning: "the message",
        ..BASE
    },
    V2Field {
        path: "payload.data.type",
        meaning: "the message's kind (`text`, `image`, ...)",
        ..BASE
    },
    V2Field {
        path: "payload.data.context",
        meaning: "the message's content",
        ..BASE
    },
    V2Field {
        path: "payload.data.context.body",
        meaning: "the text of a text message",
        ..BASE
    },
    V2Field {
        path: "payload.data.context.link",
        meaning: "the media's link; blank on the first of two deliveries",
        provenance: Inferred,
        note: "Media context mirrors the send API's `{link, filename, caption, mime_type}`.",
        ..BASE
    },
    V2Field {
        path: "payload.data.context.filename",
        meaning: "the media's file name",
        provenance: Inferred,
        ..BASE
    },
    V2Field {
        path: "payload.data.context.caption",
        meaning: "the media's caption",
        provenance: Inferred,
        ..BASE
    },
    V2Field {
        path: "payload.data.context.mime_type",
        meaning: "the media's MIME type",
        provenance: Inferred,
        ..BASE
    },
];

/// The entry for an exact v2 path.
pub fn v2_field(path: &str) -> Option<&'static V2Field> {
    V2_FIELDS.iter().find(|f| f.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn paths_are_unique_and_every_parent_is_known() {
        let mut seen = HashSet::new();
        for f in V2_FIELDS {
            assert!(seen.insert(f.path), "{} twice", f.path);
            assert!(!f.meaning.is_empty(), "{}", f.path);
            if let Some((parent, _)) = f.path.rsplit_once('.') {
                let parent = parent.trim_end_matches("[]");
                assert!(v2_field(parent).is_some(), "{} has no parent {parent}", f.path);
            }
        }
    }

    #[test]
    fn the_envelope_has_twelve_documented_fields() {
        let root: Vec<_> = V2_FIELDS.iter().filter(|f| !f.path.contains('.')).collect();
        assert_eq!(root.len(), 12);
        assert_eq!(root.iter().filter(|f| f.provenance == Documented).count(), 11);
    }
}
