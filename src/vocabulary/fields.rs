//! The field dictionary: every call-log field, query-parameter dropdown entry,
//! After-Call short key and Webhook v2 path that callhook knows, as one table of data.
//!
//! Every command reads this table (`fields` prints it, `decode` names fields with it,
//! `timeline` and `validate` resolve names through it). Meanings are never written in
//! match arms elsewhere.
//!
//! Sources: MyOperator's In-Call webhook documentation, which gives the call-log
//! fields, the query-parameter dropdown, the call states and the POST sample
//! (<https://support.myoperator.com/portal/en/kb/articles/what-is-an-in-call-webhook>,
//! <https://support.myoperator.com/portal/en/kb/articles/how-do-i-set-up-and-manage-myoperator-calling-webhooks>),
//! and its published After-Call sample. No public page defines every After-Call short
//! key: each entry's `provenance` says whether its meaning is documented, derived
//! from the sample's values (checked by arithmetic) or unknown.
//!
//! Webhook v2 entries follow, one per path, their id the path itself: the 12-field
//! envelope every event has, the call payload (`call.end`, `call.summary`, with its
//! legs) and the WhatsApp message payload. Sources: MyOperator's payload article
//! (<https://support.myoperator.com/portal/en/kb/articles/what-is-the-exact-payload-structure-for-every-myoperator-webhook-v2-event>),
//! its Postman collection's samples as public consumer code quotes them, and the
//! production bodies that code describes; each entry's `provenance` says which.
//! Where one path means different things on call and WhatsApp events (`payload.id`,
//! `payload.status`), one entry says both. `company_id` is one entry for v1 and v2.
//!
//! Keys are kept per payload family (`vocabulary::family`). After-Call keys and v2
//! paths are patterns: `[]` stands for any list index (`_ld[]._rr[]._ct`,
//! `payload.legs[].agent.contact`), and `[ky]` for the element of a `{"ky","vl"}` list
//! whose `ky` is that word (`_pm[ui]`). A pattern names one entry.

use super::codes::{
    CALL_STATE_CODES, Code, EVENT_CODES, STATUS_CODES, V2_CATEGORY_WORDS, V2_CHANNEL_WORDS, V2_DIAL_STATUS_WORDS,
    V2_DIRECTION_WORDS, V2_LEG_RESULT_WORDS, V2_LEG_TYPE_WORDS, V2_SOURCE_WORDS, V2_STATUS_WORDS, Word,
};
use super::family::{Family, FamilyKeys, after_call, disposition, in_call, v2_call, v2_every, v2_whatsapp};
use super::provenance::Provenance;

/// What a field's value is, which decides how `decode` interprets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Text,
    /// An integer code, sent as `1` or `"1"`, with documented labels.
    Code(&'static [Code]),
    /// A v2 code word (`bridged`, `NOANSWER`), with its labels and other spellings.
    Words(&'static [Word]),
    /// A v2 `event_type`, read against the events `vocabulary::v2_events` knows.
    EventType,
    /// Seconds since 1970-01-01 UTC.
    Epoch,
    /// Milliseconds since 1970-01-01 UTC.
    EpochMillis,
    /// `YYYY-MM-DD HH:MM:SS`, naive but UTC; an epoch is read as one too, because the
    /// query-parameter form of `created` is an epoch.
    DateTime,
    /// Seconds since midnight UTC.
    SecondsOfDay,
    /// ISO-8601 with `Z` or an offset and 0 to 9 fraction digits, as v2 sends times.
    IsoTime,
    /// `HH:MM:SS`.
    Duration,
    /// A whole number of seconds.
    Seconds,
    /// A (possibly fractional) number of minutes.
    Minutes,
    PhoneNumber,
    /// `users`: an array, a single string or a comma-separated string of agents.
    AgentList,
    /// 16 hex digits whose first 8 are an epoch in seconds.
    HexId,
    /// `<host>.<epoch seconds>.<sequence>`.
    CallUid,
    Url,
    /// A list of `{"ky": ..., "vl": ...}` pairs, addressed as `key[ky]`.
    KeyedList,
    /// A list or object whose parts are described by their own entries.
    List,
    /// A value of unknown structure, shown whole as compact JSON.
    Opaque,
}

impl ValueType {
    /// Whether a value of this type is one JSON scalar (a string or a number), not
    /// a list or an object.
    #[must_use]
    pub fn is_scalar(self) -> bool {
        !matches!(self, Self::AgentList | Self::KeyedList | Self::List | Self::Opaque)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Code(_) | Self::Words(_) => "code",
            Self::EventType => "event-type",
            Self::Epoch => "epoch",
            Self::EpochMillis => "epoch-ms",
            Self::DateTime => "date-time",
            Self::SecondsOfDay => "seconds-of-day",
            Self::IsoTime => "iso-8601",
            Self::Duration => "duration",
            Self::Seconds => "seconds",
            Self::Minutes => "minutes",
            Self::PhoneNumber => "phone-number",
            Self::AgentList => "agent-list",
            Self::HexId => "hex-id",
            Self::CallUid => "call-uid",
            Self::Url => "url",
            Self::KeyedList => "keyed-list",
            Self::List => "list",
            Self::Opaque => "opaque",
        }
    }

    pub fn codes(self) -> &'static [Code] {
        match self {
            Self::Code(codes) => codes,
            _ => &[],
        }
    }

    pub fn words(self) -> &'static [Word] {
        match self {
            Self::Words(words) => words,
            _ => &[],
        }
    }
}

/// One entry of the dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Stable id; the In-Call long key where there is one.
    pub id: &'static str,
    /// The keys it is sent under, per payload family, In-Call first; a v2 entry's
    /// id is its path.
    pub keys: &'static [FamilyKeys],
    /// The query-parameter dropdown label, as the panel shows it.
    pub dropdown: Option<&'static str>,
    /// One line, for tables.
    pub meaning: &'static str,
    pub value_type: ValueType,
    pub example: &'static str,
    pub provenance: Provenance,
    /// Where the documents disagree or mislead, said plainly.
    pub note: &'static str,
    /// Ids of fields that carry the same value in another form (the caller's number
    /// with and without country code), for checking one against another.
    pub same_as: &'static [&'static str],
    /// Where the entry stands in [`FIELDS`], set by the table itself: tables that keep
    /// something per entry index by it.
    pub position: usize,
}

const BASE: Field = Field {
    id: "",
    keys: &[],
    dropdown: None,
    meaning: "",
    value_type: ValueType::Text,
    example: "",
    provenance: Provenance::Derived,
    note: "",
    same_as: &[],
    position: 0,
};

/// The entries, each told its place.
const fn numbered<const N: usize>(mut fields: [Field; N]) -> [Field; N] {
    let mut i = 0;
    while i < N {
        fields[i].position = i;
        i += 1;
    }
    fields
}

use Provenance::{Documented, Inferred, SeenInSamples, Unknown};
use ValueType as T;

/// The dictionary. Order is the order `callhook fields` prints: In-Call fields and the
/// dropdown first, then the After-Call keys as the reference lists them, Disposition's,
/// and the v2 paths, the envelope first.
// Every entry ends in `..BASE`, even when it sets every field, so that adding a
// column to `Field` needs one default, not an edit of every entry.
#[allow(clippy::needless_update)]
pub static FIELDS: &[Field] = &numbered([
    Field {
        id: "id",
        keys: &[in_call(&["id"]), after_call(&["_ai"])],
        meaning: "call log id; its first 8 hex digits are the log's time",
        value_type: T::HexId,
        example: "5f25296c4122c135",
        note: "In the POST sample but not in the field table; `_ai` is named in the PHP sample.",
        ..BASE
    },
    Field {
        id: "uid",
        keys: &[in_call(&["uid"]), after_call(&["_pm[ui]"])],
        dropdown: Some("UID"),
        meaning: "call unique id, the same on every event of one call",
        value_type: T::CallUid,
        example: "n2.1596270949.2175190",
        provenance: Documented,
        note: "`_pm.ui` means the `_pm` entry whose `ky` is `ui`, not position 0.",
        ..BASE
    },
    Field {
        id: "reference_id",
        keys: &[in_call(&["reference_id"]), after_call(&["_ri"])],
        dropdown: Some("Reference ID"),
        meaning: "reference id generated when an OBD campaign starts",
        example: "fd771ed0-d3d1-11ea-935a-9a5b7644c4f0",
        provenance: Documented,
        ..BASE
    },
    Field {
        id: "company_id",
        keys: &[
            in_call(&["company_id"]),
            after_call(&["_ci"]),
            v2_call(&["company_id"]),
            v2_whatsapp(&["company_id"]),
        ],
        dropdown: Some("Company ID"),
        meaning: "company in which the call took place",
        value_type: T::HexId,
        example: "5cd40f6554442586",
        provenance: Documented,
        note: "The same key at the top of a v2 envelope: your MyOperator account id, 16 hex digits whose first 8 are its creation time.",
        ..BASE
    },
    Field {
        id: "clid_raw",
        keys: &[in_call(&["clid_raw"])],
        meaning: "caller's number (raw)",
        value_type: T::PhoneNumber,
        example: "919711636496",
        provenance: Documented,
        note: "Documented as raw `919999999999`; the sample sends the country code without `+`.",
        same_as: &["clid", "caller_number"],
        ..BASE
    },
    Field {
        id: "clid",
        keys: &[in_call(&["clid"]), after_call(&["_cr"])],
        dropdown: Some("Caller number without country code"),
        meaning: "caller's number without country code",
        value_type: T::PhoneNumber,
        example: "9711636496",
        provenance: Documented,
        note: "The field table says `clid` is formatted `+919999999999`, but the sample sends `9711636496`; the dropdown's \"without country code\" is `_cr`.",
        same_as: &["clid_raw", "caller_number"],
        ..BASE
    },
    Field {
        id: "caller_number",
        keys: &[after_call(&["_cl"])],
        dropdown: Some("Caller number with country code"),
        meaning: "caller's number with `+` and country code",
        value_type: T::PhoneNumber,
        example: "+919876543210",
        provenance: Documented,
        note: "Sent in a query string as `+91...` without percent-encoding, a `+` that form decoding turns into a space.",
        same_as: &["clid_raw", "clid"],
        ..BASE
    },
    Field {
        id: "rdnis",
        keys: &[in_call(&["rdnis"])],
        dropdown: Some("Service number"),
        meaning: "company's service number the call came in on or went out from",
        value_type: T::PhoneNumber,
        example: "919999999999",
        provenance: Documented,
        note: "`unknown` when absent, as in the POST sample.",
        ..BASE
    },
    Field {
        id: "call_state",
        keys: &[in_call(&["call_state"])],
        dropdown: Some("Call state"),
        meaning: "state of the call when this event was sent",
        value_type: T::Code(CALL_STATE_CODES),
        example: "1",
        provenance: Documented,
        note: "There is no call state 8.",
        ..BASE
    },
    Field {
        id: "event",
        keys: &[in_call(&["event"]), after_call(&["_ev"])],
        dropdown: Some("Event of log"),
        meaning: "call direction (type of call record)",
        value_type: T::Code(EVENT_CODES),
        example: "1",
        provenance: Documented,
        ..BASE
    },
    Field {
        id: "status",
        keys: &[in_call(&["status"]), after_call(&["_su"])],
        dropdown: Some("Status of log"),
        meaning: "overall call status",
        value_type: T::Code(STATUS_CODES),
        example: "1",
        provenance: Documented,
        note: "Null on In-Call events sent before the call ends.",
        ..BASE
    },
    Field {
        id: "users",
        keys: &[in_call(&["users"])],
        meaning: "agents of the call",
        value_type: T::AgentList,
        example: "[\"918586848544\"]",
        provenance: Documented,
        note: "Documented as \"comma separated agent ids\"; the sample sends an array of phone numbers. Both are read.",
        ..BASE
    },
    Field {
        id: "created",
        keys: &[in_call(&["created"])],
        dropdown: Some("Creation date of log (epoch)"),
        meaning: "call log creation time",
        value_type: T::DateTime,
        example: "2020-08-01 08:35:56",
        provenance: Documented,
        note: "A naive date-time in UTC in the POST body, an epoch in the query parameter.",
        ..BASE
    },
    Field {
        id: "call_time",
        keys: &[in_call(&["call_time"])],
        meaning: "time of this call event",
        value_type: T::DateTime,
        example: "2020-08-01 08:35:56",
        note: "In the POST sample but not in the field table.",
        ..BASE
    },
    Field {
        id: "public_ivr_id",
        keys: &[in_call(&["public_ivr_id"]), after_call(&["_ivid"])],
        dropdown: Some("IVR ID"),
        meaning: "IVR the call landed on",
        value_type: T::HexId,
        example: "5ee9a795b318a786",
        provenance: Documented,
        ..BASE
    },
    Field {
        id: "client_ref_id",
        keys: &[in_call(&["client_ref_id"]), after_call(&["_cri"])],
        dropdown: Some("Client reference ID"),
        meaning: "reference id passed by the client, returned as is",
        example: "fdfdfdf",
        provenance: Documented,
        ..BASE
    },
    Field {
        id: "job_id",
        keys: &[in_call(&["job_id"]), after_call(&["_ji"])],
        meaning: "job id",
        example: "",
        note: "In the POST sample (null) but not in the field table.",
        ..BASE
    },
    Field {
        id: "agent_number",
        keys: &[after_call(&["_ld[]._rr[]._ct", "_cn[]._ct"])],
        dropdown: Some("User's phone number"),
        meaning: "agent's contact number, 10 digits, no country code",
        value_type: T::PhoneNumber,
        example: "9999999999",
        provenance: Documented,
        ..BASE
    },
    Field {
        id: "custom",
        dropdown: Some("Custom"),
        meaning: "a custom key-value pair set in the configuration",
        provenance: Documented,
        ..BASE
    },
    // After-Call, top level.
    Field {
        id: "log_source",
        keys: &[after_call(&["_so"])],
        meaning: "source of the log (call log or another source)",
        example: "1",
        ..BASE
    },
    Field {
        id: "_cm",
        keys: &[after_call(&["_cm"])],
        provenance: Unknown,
        ..BASE
    },
    Field {
        id: "country_code",
        keys: &[after_call(&["_cy"])],
        meaning: "caller's country calling code",
        example: "91",
        ..BASE
    },
    Field {
        id: "circle",
        keys: &[after_call(&["_se"])],
        meaning: "caller's telecom circle (state) and country",
        example: "DL, IN",
        ..BASE
    },
    Field {
        id: "log_time",
        keys: &[after_call(&["_ts"])],
        meaning: "log timestamp",
        value_type: T::Epoch,
        example: "1596270988",
        ..BASE
    },
    Field {
        id: "start_time",
        keys: &[after_call(&["_st"])],
        meaning: "call start",
        value_type: T::Epoch,
        example: "1596270949",
        ..BASE
    },
    Field {
        id: "start_time_ms",
        keys: &[after_call(&["_ms"])],
        meaning: "call start in milliseconds (`_st` x 1000)",
        value_type: T::EpochMillis,
        example: "1596270949000",
        ..BASE
    },
    Field {
        id: "start_second_of_day",
        keys: &[after_call(&["_ss"])],
        meaning: "seconds since midnight UTC of the call start (`_st` mod 86400)",
        value_type: T::SecondsOfDay,
        example: "30949",
        ..BASE
    },
    Field {
        id: "end_time",
        keys: &[after_call(&["_et"])],
        meaning: "call end",
        value_type: T::Epoch,
        example: "1596270988",
        ..BASE
    },
    Field {
        id: "duration",
        keys: &[after_call(&["_dr"])],
        meaning: "call duration (`_et` - `_st`)",
        value_type: T::Duration,
        example: "00:00:39",
        ..BASE
    },
    Field {
        id: "duration_minutes",
        keys: &[after_call(&["_drm"])],
        meaning: "call duration in minutes",
        value_type: T::Minutes,
        example: "0.65",
        ..BASE
    },
    Field {
        id: "log_type",
        keys: &[after_call(&["_ty"])],
        meaning: "type of log (call, SMS, ...)",
        example: "1",
        ..BASE
    },
    Field {
        id: "recording_file",
        keys: &[after_call(&["_fn"])],
        meaning: "recording file name",
        example: "5f2529...mp3",
        ..BASE
    },
    Field {
        id: "recording_url",
        keys: &[after_call(&["_fu"])],
        meaning: "recording URL",
        value_type: T::Url,
        ..BASE
    },
    Field {
        id: "_ns",
        keys: &[after_call(&["_ns"])],
        provenance: Unknown,
        ..BASE
    },
    Field {
        id: "department_name",
        keys: &[after_call(&["_dn"])],
        meaning: "department name",
        example: "Sales",
        ..BASE
    },
    Field {
        id: "department_id",
        keys: &[after_call(&["_di"])],
        meaning: "department id",
        value_type: T::HexId,
        ..BASE
    },
    Field {
        id: "call_parameters",
        keys: &[after_call(&["_pm"])],
        meaning: "call parameters, a list of `{\"ky\",\"vl\"}` pairs",
        value_type: T::KeyedList,
        provenance: Documented,
        note: "Addressed by `ky`: `_pm[ui]` is the call's uid.",
        ..BASE
    },
    Field {
        id: "_pm[is]",
        keys: &[after_call(&["_pm[is]"])],
        provenance: Unknown,
        ..BASE
    },
    Field {
        id: "_pm[vt]",
        keys: &[after_call(&["_pm[vt]"])],
        provenance: Unknown,
        ..BASE
    },
    Field {
        id: "_pm[ic]",
        keys: &[after_call(&["_pm[ic]"])],
        provenance: Unknown,
        ..BASE
    },
    Field {
        id: "_pm[ia]",
        keys: &[after_call(&["_pm[ia]"])],
        provenance: Unknown,
        ..BASE
    },
    Field {
        id: "_pm[ib]",
        keys: &[after_call(&["_pm[ib]"])],
        provenance: Unknown,
        ..BASE
    },
    Field {
        id: "comments",
        keys: &[after_call(&["_cn"])],
        meaning: "comments left on the call",
        value_type: T::List,
        ..BASE
    },
    Field {
        id: "comment_text",
        keys: &[after_call(&["_cn[]._tx"])],
        meaning: "comment text",
        ..BASE
    },
    Field {
        id: "comment_id",
        keys: &[after_call(&["_cn[]._cd"])],
        meaning: "comment id",
        value_type: T::HexId,
        ..BASE
    },
    Field {
        id: "comment_time",
        keys: &[after_call(&["_cn[]._ce"])],
        meaning: "comment time",
        value_type: T::Epoch,
        ..BASE
    },
    Field {
        id: "dial_legs",
        keys: &[after_call(&["_ld"])],
        meaning: "dial legs, one per attempt to reach users",
        value_type: T::List,
        provenance: Documented,
        ..BASE
    },
    Field {
        id: "leg_ring_start",
        keys: &[after_call(&["_ld[]._rst"])],
        meaning: "ring start of the leg",
        value_type: T::DateTime,
        example: "2020-08-01 08:35:51",
        ..BASE
    },
    Field {
        id: "leg_dial_status",
        keys: &[after_call(&["_ld[]._ds"])],
        meaning: "dial status (ANSWER, NOANSWER, BUSY, ...)",
        example: "ANSWER",
        ..BASE
    },
    Field {
        id: "_ld[]._did",
        keys: &[after_call(&["_ld[]._did"])],
        provenance: Unknown,
        ..BASE
    },
    Field {
        id: "leg_users",
        keys: &[after_call(&["_ld[]._rr"])],
        meaning: "users that were rung on the leg",
        value_type: T::List,
        provenance: Documented,
        ..BASE
    },
    Field {
        id: "_ld[]._tt",
        keys: &[after_call(&["_ld[]._tt"])],
        value_type: T::Opaque,
        provenance: Unknown,
        ..BASE
    },
    Field {
        id: "leg_status",
        keys: &[after_call(&["_ld[]._su"])],
        meaning: "leg status",
        example: "1",
        note: "A string here, an integer at top level.",
        ..BASE
    },
    Field {
        id: "leg_answer_time",
        keys: &[after_call(&["_ld[]._st"])],
        meaning: "leg answered",
        value_type: T::Epoch,
        ..BASE
    },
    Field {
        id: "leg_end_time",
        keys: &[after_call(&["_ld[]._et"])],
        meaning: "leg end",
        value_type: T::Epoch,
        ..BASE
    },
    Field {
        id: "leg_duration",
        keys: &[after_call(&["_ld[]._dr"])],
        meaning: "leg duration",
        value_type: T::Duration,
        ..BASE
    },
    Field {
        id: "leg_outcome",
        keys: &[after_call(&["_ld[]._ac"])],
        meaning: "leg outcome",
        example: "received",
        ..BASE
    },
    Field {
        id: "user_id",
        keys: &[after_call(&["_ld[]._rr[]._id", "_cn[]._id"])],
        meaning: "user (agent) id",
        value_type: T::HexId,
        ..BASE
    },
    Field {
        id: "user_name",
        keys: &[after_call(&["_ld[]._rr[]._na", "_cn[]._na"])],
        meaning: "user's name",
        ..BASE
    },
    Field {
        id: "user_email",
        keys: &[after_call(&["_ld[]._rr[]._em", "_cn[]._em"])],
        meaning: "user's e-mail",
        ..BASE
    },
    Field {
        id: "user_extension",
        keys: &[after_call(&["_ld[]._rr[]._ex", "_cn[]._ex"])],
        meaning: "user's extension",
        ..BASE
    },
    Field {
        id: "user_number",
        keys: &[after_call(&["_ld[]._rr[]._nr", "_cn[]._nr"])],
        meaning: "user's number with `+` and country code",
        value_type: T::PhoneNumber,
        ..BASE
    },
    Field {
        id: "_an",
        keys: &[after_call(&["_an"])],
        provenance: Unknown,
        ..BASE
    },
    Field {
        id: "_bp",
        keys: &[after_call(&["_bp"])],
        value_type: T::Opaque,
        provenance: Unknown,
        note: "Looks like billing or pulse usage: `_tm`, `_ti`, `_ta`, `_tr`, each a list of `{\"type\",\"use\"}`.",
        ..BASE
    },
    Field {
        id: "user_outcomes",
        keys: &[after_call(&["_us"])],
        meaning: "per-user outcome, a list of `{\"ky\": user id, \"vl\": outcome}`",
        value_type: T::List,
        ..BASE
    },
    Field {
        id: "user_outcome_user",
        keys: &[after_call(&["_us[].ky"])],
        meaning: "user (agent) id of the outcome",
        value_type: T::HexId,
        ..BASE
    },
    Field {
        id: "user_outcome",
        keys: &[after_call(&["_us[].vl"])],
        meaning: "the user's outcome",
        example: "received",
        ..BASE
    },
    Field {
        id: "talk_times",
        keys: &[after_call(&["_tc"])],
        meaning: "per-user talk time, a list of `{\"ye\": user id, \"yf\": seconds}`",
        value_type: T::List,
        ..BASE
    },
    Field {
        id: "talk_time_user",
        keys: &[after_call(&["_tc[].ye"])],
        meaning: "user (agent) id of the talk time",
        value_type: T::HexId,
        ..BASE
    },
    Field {
        id: "talk_time",
        keys: &[after_call(&["_tc[].yf"])],
        meaning: "the user's talk time",
        value_type: T::Seconds,
        ..BASE
    },
    // Disposition.
    Field {
        id: "dispositions",
        keys: &[disposition(&["_dsp"])],
        meaning: "the dispositions agents submitted for the call, one entry each",
        value_type: T::List,
        provenance: Documented,
        note: "The fields of an entry are not documented; they are shown as sent.",
        ..BASE
    },
    // Webhook v2: the envelope. MyOperator's payload article lists all twelve.
    Field {
        id: "event_id",
        keys: &v2_every(&["event_id"]),
        meaning: "the event's id, to de-duplicate on",
        example: "event-6576745f8fafabe9",
        provenance: Documented,
        note: "The same on every retry of the event, MyOperator's article says. `event-` and 16 hex digits; unlike `company_id`, the hex is not a time. One public adapter takes it for an id per delivery, against the article.",
        ..BASE
    },
    Field {
        id: "event_type",
        keys: &v2_every(&["event_type"]),
        meaning: "what happened",
        value_type: T::EventType,
        example: "call.end",
        provenance: Documented,
        note: "`callhook fields EVENT` explains each. The disposition event is `disposition` in the Postman collection and `call.disposition` in the article.",
        ..BASE
    },
    Field {
        id: "event_sequence",
        keys: &v2_every(&["event_sequence"]),
        meaning: "order of the event in its session",
        example: "3001",
        provenance: Documented,
        note: "Absent on the disposition event. Samples show 3001 and 1, so it is not a 1, 2, 3 counter.",
        ..BASE
    },
    Field {
        id: "event_version",
        keys: &v2_every(&["event_version"]),
        meaning: "schema version of the event",
        example: "1",
        provenance: Documented,
        note: "Documented as an integer; the samples send the string \"1\".",
        ..BASE
    },
    Field {
        id: "timestamp",
        keys: &v2_every(&["timestamp"]),
        meaning: "when MyOperator sent the event",
        value_type: T::IsoTime,
        example: "2025-12-23T12:21:48.962Z",
        provenance: Documented,
        note: "Send time, not event time; 3 or 9 fraction digits in the samples.",
        ..BASE
    },
    Field {
        id: "channel",
        keys: &v2_every(&["channel"]),
        meaning: "`call` or WhatsApp",
        value_type: T::Words(V2_CHANNEL_WORDS),
        example: "call",
        provenance: Documented,
        note: "The WhatsApp value's exact spelling is not known; absent in some samples.",
        ..BASE
    },
    Field {
        id: "direction",
        keys: &v2_every(&["direction"]),
        meaning: "`incoming` or `outgoing`",
        value_type: T::Words(V2_DIRECTION_WORDS),
        example: "incoming",
        provenance: Documented,
        note: "Empty on conversation events.",
        ..BASE
    },
    Field {
        id: "session_id",
        keys: &v2_every(&["session_id"]),
        meaning: "the call or chat it belongs to",
        value_type: T::CallUid,
        example: "s4.1766492465.1359",
        provenance: Documented,
        note: "On calls `<host>.<epoch>.<seq>`, the shape of a v1 uid, its epoch the call's start; a UUID on WhatsApp.",
        ..BASE
    },
    Field {
        id: "system_identifier",
        keys: &v2_every(&["system_identifier"]),
        meaning: "the DID, or WhatsApp's phone_number_id",
        value_type: T::PhoneNumber,
        example: "+911206544510",
        provenance: Documented,
        note: "Documented as null on `call.summary`; the sample sends \"\". Use `payload.did` there.",
        ..BASE
    },
    Field {
        id: "customer_identifier",
        keys: &v2_every(&["customer_identifier"]),
        meaning: "the customer's number",
        value_type: T::PhoneNumber,
        example: "+917906225789",
        provenance: SeenInSamples,
        note: "Its row is cut off in MyOperator's article. `+91...` on calls, `91...` without `+` on WhatsApp.",
        ..BASE
    },
    Field {
        id: "payload",
        keys: &v2_every(&["payload"]),
        meaning: "the event's own fields",
        value_type: T::List,
        provenance: Documented,
        ..BASE
    },
    // The call payload, from the Postman samples of `call.end` and `call.summary`
    // and the production account of real ones.
    Field {
        id: "payload.id",
        keys: &v2_every(&["payload.id"]),
        meaning: "the call's id, or the message's",
        value_type: T::CallUid,
        example: "s4.1766492465.1359",
        provenance: SeenInSamples,
        note: "`session_id` on call events. On WhatsApp, the key to de-duplicate messages on: inbound media arrives twice under one id.",
        ..BASE
    },
    Field {
        id: "payload.did",
        keys: &[v2_call(&["payload.did"])],
        meaning: "the company number of the call",
        value_type: T::PhoneNumber,
        example: "+911206544510",
        provenance: SeenInSamples,
        note: "Absent in the `call.summary` sample.",
        ..BASE
    },
    Field {
        id: "payload.direction",
        keys: &[v2_call(&["payload.direction"])],
        meaning: "`incoming` or `outgoing`",
        value_type: T::Words(V2_DIRECTION_WORDS),
        example: "incoming",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.customer_number",
        keys: &[v2_call(&["payload.customer_number"])],
        meaning: "the customer's number",
        value_type: T::PhoneNumber,
        example: "+917906225789",
        provenance: SeenInSamples,
        note: "E.164, with `+`.",
        ..BASE
    },
    Field {
        id: "payload.status",
        keys: &v2_every(&["payload.status"]),
        meaning: "the call's or message's outcome",
        value_type: T::Words(V2_STATUS_WORDS),
        example: "bridged",
        provenance: SeenInSamples,
        note: "`bridged`, `missed` or `voicemail` on call events; `received` on `message.received`.",
        ..BASE
    },
    Field {
        id: "payload.started_at",
        keys: &[v2_call(&["payload.started_at"])],
        meaning: "when the call started",
        value_type: T::IsoTime,
        example: "2025-12-23T12:21:05.779Z",
        provenance: SeenInSamples,
        note: "Sent with `Z` or `+00:00`; the call's `session_id` embeds the same second.",
        ..BASE
    },
    Field {
        id: "payload.ended_at",
        keys: &[v2_call(&["payload.ended_at"])],
        meaning: "when the call ended",
        value_type: T::IsoTime,
        example: "2025-12-23T12:21:48.962Z",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.category",
        keys: &[v2_call(&["payload.category"])],
        meaning: "how the call came about",
        value_type: T::Words(V2_CATEGORY_WORDS),
        example: "incoming",
        provenance: SeenInSamples,
        note: "`incoming`, `oneway`, `callback`, `webcall`, `obd` or `otp`.",
        ..BASE
    },
    Field {
        id: "payload.duration",
        keys: &[v2_call(&["payload.duration"])],
        meaning: "seconds, ring time included",
        value_type: T::Seconds,
        example: "43",
        provenance: SeenInSamples,
        note: "Talk time is on the answering leg (`payload.legs[].talk_duration`).",
        ..BASE
    },
    Field {
        id: "payload.location",
        keys: &[v2_call(&["payload.location"])],
        meaning: "the caller's state and country",
        example: "KO, IN",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.recording_filename",
        keys: &[v2_call(&["payload.recording_filename"])],
        meaning: "the recording's file name (`<16 hex>-v2.mp3`)",
        example: "5228226174b1fbe7-v2.mp3",
        provenance: SeenInSamples,
        note: "A file name, not a URL: exchange it for a link (valid 24 h) with the recordings API.",
        ..BASE
    },
    Field {
        id: "payload.billable",
        keys: &[v2_call(&["payload.billable"])],
        meaning: "whether the call is billed",
        example: "true",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.ref_id",
        keys: &[v2_call(&["payload.ref_id"])],
        meaning: "MyOperator's id for an OBD call",
        example: "3b4014a4-76cd-11f1-...",
        provenance: SeenInSamples,
        note: "Empty on incoming calls. Not your OBD `reference_id`: that comes back as `payload.client_ref_id`.",
        ..BASE
    },
    Field {
        id: "payload.client_ref_id",
        keys: &[v2_call(&["payload.client_ref_id"])],
        meaning: "your OBD `reference_id`, returned",
        example: "abd9238dh21ss",
        provenance: SeenInSamples,
        note: "Empty on incoming calls; absent in the `call.summary` sample.",
        ..BASE
    },
    Field {
        id: "payload.obd_campaign",
        keys: &[v2_call(&["payload.obd_campaign"])],
        meaning: "the OBD campaign of the call, or null",
        value_type: T::List,
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.obd_campaign.id",
        keys: &[v2_call(&["payload.obd_campaign.id"])],
        meaning: "OBD campaign id",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.obd_campaign.job_id",
        keys: &[v2_call(&["payload.obd_campaign.job_id"])],
        meaning: "OBD job id",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.comments",
        keys: &[v2_call(&["payload.comments"])],
        meaning: "comments on the call",
        value_type: T::List,
        provenance: SeenInSamples,
        note: "The fields of a comment are not known; they are shown as sent.",
        ..BASE
    },
    Field {
        id: "payload.legs",
        keys: &[v2_call(&["payload.legs"])],
        meaning: "one leg per party, customer first",
        value_type: T::List,
        provenance: SeenInSamples,
        note: "The first leg is the customer's, not an agent's.",
        ..BASE
    },
    Field {
        id: "payload.legs[].leg_index",
        keys: &[v2_call(&["payload.legs[].leg_index"])],
        meaning: "the leg's number, from 1",
        example: "1",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.legs[].uid",
        keys: &[v2_call(&["payload.legs[].uid"])],
        meaning: "the leg's id",
        value_type: T::CallUid,
        example: "s4.1766492465.1360",
        provenance: SeenInSamples,
        note: "The customer's is `session_id`, an agent's the next sequence number.",
        ..BASE
    },
    Field {
        id: "payload.legs[].type",
        keys: &[v2_call(&["payload.legs[].type"])],
        meaning: "`customer` or `agent`",
        value_type: T::Words(V2_LEG_TYPE_WORDS),
        example: "agent",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.legs[].phone_number",
        keys: &[v2_call(&["payload.legs[].phone_number"])],
        meaning: "the number dialled on the leg",
        value_type: T::PhoneNumber,
        example: "+919873641288",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.legs[].result",
        keys: &[v2_call(&["payload.legs[].result"])],
        meaning: "what became of the leg",
        value_type: T::Words(V2_LEG_RESULT_WORDS),
        example: "answered",
        provenance: SeenInSamples,
        note: "`connected` (the customer), `answered` or `not_answered`. `connected` with no `answered_at` means reached, not picked up.",
        ..BASE
    },
    Field {
        id: "payload.legs[].dial_status",
        keys: &[v2_call(&["payload.legs[].dial_status"])],
        meaning: "how dialling the leg ended",
        value_type: T::Words(V2_DIAL_STATUS_WORDS),
        example: "ANSWER",
        provenance: SeenInSamples,
        note: "`ANSWER`, `BUSY`, `NOANSWER`, `CANCEL`...; empty on the customer leg. Sources spell no-answer both `NOANSWER` and `NO ANSWER`.",
        ..BASE
    },
    Field {
        id: "payload.legs[].ring_duration",
        keys: &[v2_call(&["payload.legs[].ring_duration"])],
        meaning: "seconds the leg rang",
        value_type: T::Seconds,
        example: "9",
        provenance: SeenInSamples,
        note: "Null on the customer leg.",
        ..BASE
    },
    Field {
        id: "payload.legs[].talk_duration",
        keys: &[v2_call(&["payload.legs[].talk_duration"])],
        meaning: "seconds talked on the leg",
        value_type: T::Seconds,
        example: "6",
        provenance: SeenInSamples,
        note: "Null when the leg was not answered.",
        ..BASE
    },
    Field {
        id: "payload.legs[].started_at",
        keys: &[v2_call(&["payload.legs[].started_at"])],
        meaning: "when the leg began ringing",
        value_type: T::IsoTime,
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.legs[].ended_at",
        keys: &[v2_call(&["payload.legs[].ended_at"])],
        meaning: "when the leg ended",
        value_type: T::IsoTime,
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.legs[].answered_at",
        keys: &[v2_call(&["payload.legs[].answered_at"])],
        meaning: "when the leg was answered",
        value_type: T::IsoTime,
        example: "2026-04-14T05:28:59+00:00",
        provenance: SeenInSamples,
        note: "Null when it was not.",
        ..BASE
    },
    Field {
        id: "payload.legs[].pickup_device",
        keys: &[v2_call(&["payload.legs[].pickup_device"])],
        meaning: "the device that answered",
        example: "phone",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.legs[].dept_id",
        keys: &[v2_call(&["payload.legs[].dept_id"])],
        meaning: "the department of the leg",
        example: "dept123",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.legs[].agent",
        keys: &[v2_call(&["payload.legs[].agent"])],
        meaning: "the agent of the leg",
        value_type: T::List,
        provenance: SeenInSamples,
        note: "Null on the customer leg. Absent on `call.end`, which carries no agent names.",
        ..BASE
    },
    Field {
        id: "payload.legs[].agent.uuid",
        keys: &[v2_call(&["payload.legs[].agent.uuid"])],
        meaning: "agent id",
        value_type: T::HexId,
        example: "6836cad947bcc605",
        provenance: SeenInSamples,
        note: "16 hex digits, the first 8 a creation time.",
        ..BASE
    },
    Field {
        id: "payload.legs[].agent.name",
        keys: &[v2_call(&["payload.legs[].agent.name"])],
        meaning: "agent's name",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.legs[].agent.email",
        keys: &[v2_call(&["payload.legs[].agent.email"])],
        meaning: "agent's e-mail",
        provenance: SeenInSamples,
        note: "May be null.",
        ..BASE
    },
    Field {
        id: "payload.legs[].agent.contact",
        keys: &[v2_call(&["payload.legs[].agent.contact"])],
        meaning: "agent's number",
        value_type: T::PhoneNumber,
        example: "+911234567890",
        provenance: SeenInSamples,
        note: "E.164, with `+`.",
        ..BASE
    },
    Field {
        id: "payload.legs[].agent.extension",
        keys: &[v2_call(&["payload.legs[].agent.extension"])],
        meaning: "agent's extension",
        example: "10",
        provenance: SeenInSamples,
        note: "Sent as a string.",
        ..BASE
    },
    Field {
        id: "payload.legs[].department",
        keys: &[v2_call(&["payload.legs[].department"])],
        meaning: "the leg's department",
        value_type: T::List,
        provenance: SeenInSamples,
        note: "May be null.",
        ..BASE
    },
    Field {
        id: "payload.legs[].department.id",
        keys: &[v2_call(&["payload.legs[].department.id"])],
        meaning: "department id",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.legs[].department.name",
        keys: &[v2_call(&["payload.legs[].department.name"])],
        meaning: "department name",
        provenance: SeenInSamples,
        ..BASE
    },
    // The WhatsApp message payload, from one field-verified `message.received`.
    Field {
        id: "payload.data",
        keys: &[v2_whatsapp(&["payload.data"])],
        meaning: "the message",
        value_type: T::List,
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.data.type",
        keys: &[v2_whatsapp(&["payload.data.type"])],
        meaning: "the message's kind",
        example: "text",
        provenance: SeenInSamples,
        note: "`text`, `image`, ...",
        ..BASE
    },
    Field {
        id: "payload.data.context",
        keys: &[v2_whatsapp(&["payload.data.context"])],
        meaning: "the message's content",
        value_type: T::List,
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.data.context.body",
        keys: &[v2_whatsapp(&["payload.data.context.body"])],
        meaning: "the text of a text message",
        example: "Test 1",
        provenance: SeenInSamples,
        ..BASE
    },
    Field {
        id: "payload.data.context.link",
        keys: &[v2_whatsapp(&["payload.data.context.link"])],
        meaning: "the media's link",
        value_type: T::Url,
        provenance: Inferred,
        note: "Blank on the first of two deliveries. Media context mirrors the send API's `{link, filename, caption, mime_type}`.",
        ..BASE
    },
    Field {
        id: "payload.data.context.filename",
        keys: &[v2_whatsapp(&["payload.data.context.filename"])],
        meaning: "the media's file name",
        provenance: Inferred,
        ..BASE
    },
    Field {
        id: "payload.data.context.caption",
        keys: &[v2_whatsapp(&["payload.data.context.caption"])],
        meaning: "the media's caption",
        provenance: Inferred,
        ..BASE
    },
    Field {
        id: "payload.data.context.mime_type",
        keys: &[v2_whatsapp(&["payload.data.context.mime_type"])],
        meaning: "the media's MIME type",
        provenance: Inferred,
        ..BASE
    },
    Field {
        id: "payload.source",
        keys: &[v2_whatsapp(&["payload.source"])],
        meaning: "where a message came from",
        value_type: T::Words(V2_SOURCE_WORDS),
        provenance: Inferred,
        note: "`lc`, `cmp` or `api`. MyOperator's article says to tell a message's origin by `source`, not `myop_ref_id`; which events carry it, and where, is not known.",
        ..BASE
    },
    Field {
        id: "payload.myop_ref_id",
        keys: &[v2_whatsapp(&["payload.myop_ref_id"])],
        meaning: "client reference of an API message",
        provenance: Inferred,
        note: "Null for messages sent through the API: join status events on the message id instead.",
        ..BASE
    },
    Field {
        id: "payload.conversation_id",
        keys: &[v2_whatsapp(&["payload.conversation_id"])],
        meaning: "the conversation of a message",
        provenance: Inferred,
        note: "MyOperator also sends it misspelt, `conversaton_id`.",
        ..BASE
    },
    Field {
        id: "payload.conversaton_id",
        keys: &[v2_whatsapp(&["payload.conversaton_id"])],
        meaning: "`conversation_id`, misspelt",
        provenance: Inferred,
        note: "Read it as `conversation_id`: handlers should accept both.",
        ..BASE
    },
]);

impl Field {
    /// The meaning to show: unknown keys say so rather than staying blank.
    #[must_use]
    pub fn meaning_shown(&self) -> &'static str {
        if self.provenance == Unknown {
            "meaning not documented"
        } else {
            self.meaning
        }
    }

    /// Every key and path this field appears under, In-Call first.
    pub fn all_keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.keys.iter().flat_map(|family| family.keys.iter().copied())
    }

    /// Its keys in `family`; none when it is not sent there.
    #[must_use]
    pub fn keys_in(&self, family: Family) -> &'static [&'static str] {
        self.keys.iter().find(|k| k.family == family).map_or(&[], |k| k.keys)
    }

    /// Its v1 keys (In-Call, After-Call, Disposition), In-Call first.
    pub fn v1_keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.keys
            .iter()
            .filter(|k| !k.family.is_v2())
            .flat_map(|k| k.keys.iter().copied())
    }

    /// Its v2 paths, each once, whichever channels they are sent on.
    #[must_use]
    pub fn v2_paths(&self) -> Vec<&'static str> {
        let mut paths: Vec<&'static str> = Vec::new();
        for key in self.keys.iter().filter(|k| k.family.is_v2()).flat_map(|k| k.keys) {
            if !paths.contains(key) {
                paths.push(key);
            }
        }
        paths
    }

    /// The v2 families it is sent in: call events, WhatsApp events, or both.
    pub fn v2_families(&self) -> impl Iterator<Item = Family> + '_ {
        self.keys.iter().map(|k| k.family).filter(|f| f.is_v2())
    }

    /// Whether it is a v1 field: sent under a v1 key, or chosen from the dropdown.
    #[must_use]
    pub fn is_v1(&self) -> bool {
        self.v1_keys().next().is_some() || self.dropdown.is_some()
    }

    /// Whether it is a Webhook v2 path.
    #[must_use]
    pub fn is_v2(&self) -> bool {
        self.v2_families().next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// No key of the dictionary is taken for a secret's name (the privacy layer,
    /// which cannot read the dictionary, lists those a secret word stands in as
    /// public), and that list names only such keys.
    #[test]
    fn no_dictionary_key_is_taken_for_a_secret_and_the_public_names_are_its_keys() {
        let keys: Vec<&str> = FIELDS.iter().flat_map(Field::all_keys).collect();
        for key in &keys {
            assert!(!crate::privacy::is_secret_name(key), "{key} would be redacted");
        }
        for name in crate::privacy::PUBLIC_NAMES {
            assert!(keys.contains(name), "{name} is no key of the dictionary");
            let lower = name.to_ascii_lowercase();
            assert!(crate::privacy::SECRET_WORDS.iter().any(|w| lower.contains(w)), "{name}");
            assert!(crate::privacy::is_secret_name(&format!("{name}_token")), "{name}");
        }
    }

    #[test]
    fn every_entry_knows_its_position() {
        for (i, field) in FIELDS.iter().enumerate() {
            assert_eq!(field.position, i, "{}", field.id);
        }
    }

    #[test]
    fn ids_keys_and_dropdown_labels_are_unique() {
        let mut ids = HashSet::new();
        let mut keys = HashSet::new();
        let mut labels = HashSet::new();
        for f in FIELDS {
            assert!(ids.insert(f.id), "duplicate id {}", f.id);
            // A key may stand in several families of one entry (`company_id`), but a
            // pattern names one entry.
            let own: HashSet<&str> = f.all_keys().collect();
            for k in own {
                assert!(keys.insert(k), "duplicate key {k}");
            }
            for family in f.keys {
                let once: HashSet<&str> = family.keys.iter().copied().collect();
                assert_eq!(once.len(), family.keys.len(), "{}: a key twice", f.id);
            }
            if let Some(l) = f.dropdown {
                assert!(labels.insert(l.to_lowercase()), "duplicate label {l}");
            }
        }
    }

    #[test]
    fn every_known_field_has_a_meaning_and_unknown_ones_do_not_pretend() {
        for f in FIELDS {
            match f.provenance {
                Unknown => assert!(f.meaning.is_empty(), "{}", f.id),
                _ => assert!(!f.meaning.is_empty(), "{} has no meaning", f.id),
            }
        }
    }

    #[test]
    fn covers_every_seed_field_and_dropdown_entry() {
        let in_call: HashSet<_> = FIELDS.iter().flat_map(|f| f.keys_in(Family::InCall)).copied().collect();
        for key in [
            "id",
            "uid",
            "reference_id",
            "company_id",
            "clid_raw",
            "clid",
            "rdnis",
            "call_state",
            "event",
            "status",
            "users",
            "created",
            "call_time",
            "public_ivr_id",
            "client_ref_id",
            "job_id",
        ] {
            assert!(in_call.contains(key), "missing In-Call key {key}");
        }
        let labels: HashSet<_> = FIELDS.iter().filter_map(|f| f.dropdown).collect();
        for label in [
            "Caller number with country code",
            "Caller number without country code",
            "Creation date of log (epoch)",
            "Event of log",
            "Status of log",
            "Call state",
            "UID",
            "Company ID",
            "Service number",
            "User's phone number",
            "Custom",
            "Reference ID",
            "Client reference ID",
            "IVR ID",
        ] {
            assert!(labels.contains(label), "missing dropdown entry {label}");
        }
    }

    #[test]
    fn v2_entries_are_named_by_their_path_and_every_parent_is_known() {
        let v2: Vec<&Field> = FIELDS.iter().filter(|f| f.is_v2()).collect();
        for f in &v2 {
            assert!(!f.meaning.is_empty(), "{}", f.id);
            if f.id != "company_id" {
                assert_eq!(f.v2_paths(), [f.id], "a v2 entry's id is its path");
                assert!(!f.is_v1(), "{}", f.id);
            }
            if let Some((parent, _)) = f.id.rsplit_once('.') {
                let parent = parent.trim_end_matches("[]");
                assert!(
                    v2.iter().any(|p| p.v2_paths().contains(&parent)),
                    "{} has no parent {parent}",
                    f.id
                );
            }
        }
    }

    #[test]
    fn the_envelope_has_twelve_fields_eleven_documented() {
        let root: Vec<&Field> = FIELDS
            .iter()
            .filter(|f| f.is_v2() && f.v2_paths().iter().all(|p| !p.contains('.')))
            .collect();
        assert_eq!(root.len(), 12);
        assert_eq!(root.iter().filter(|f| f.provenance == Documented).count(), 11);
        for f in root {
            let families: Vec<Family> = f.v2_families().collect();
            assert_eq!(families, [Family::V2Call, Family::V2WhatsApp], "{}", f.id);
        }
    }

    #[test]
    fn dropdown_links_match_the_seed() {
        let by_label = |l: &str| FIELDS.iter().find(|f| f.dropdown == Some(l)).unwrap();
        assert_eq!(
            by_label("Caller number with country code").keys_in(Family::AfterCall),
            ["_cl"]
        );
        assert_eq!(
            by_label("Caller number without country code").keys_in(Family::AfterCall),
            ["_cr"]
        );
        assert_eq!(by_label("UID").keys_in(Family::AfterCall), ["_pm[ui]"]);
        assert_eq!(by_label("Company ID").keys_in(Family::AfterCall), ["_ci"]);
        assert_eq!(
            by_label("User's phone number").keys_in(Family::AfterCall)[0],
            "_ld[]._rr[]._ct"
        );
        assert_eq!(by_label("Reference ID").keys_in(Family::AfterCall), ["_ri"]);
        assert_eq!(by_label("Client reference ID").keys_in(Family::AfterCall), ["_cri"]);
        assert_eq!(by_label("IVR ID").keys_in(Family::AfterCall), ["_ivid"]);
    }
}
