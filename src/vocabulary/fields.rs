//! The field dictionary: every call-log field, query-parameter dropdown entry and
//! After-Call short key that callhook knows, as one table of data.
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
//! Keys are kept per payload family (`vocabulary::family`). After-Call keys are path
//! patterns: `[]` stands for any list index (`_ld[]._rr[]._ct`), and `[ky]` for the
//! element of a `{"ky","vl"}` list whose `ky` is that word (`_pm[ui]`).

use super::codes::{CALL_STATE_CODES, Code, EVENT_CODES, STATUS_CODES};
use super::family::{Family, FamilyKeys, after_call, in_call};

/// How a field's meaning is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provenance {
    /// Stated in MyOperator's own documents.
    Documented,
    /// Worked out from published sample values, checked by arithmetic.
    Derived,
    /// Seen in a published sample; nothing says what it is.
    Unknown,
}

impl Provenance {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Documented => "documented",
            Self::Derived => "derived",
            Self::Unknown => "unknown",
        }
    }
}

/// What a field's value is, which decides how `decode` interprets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Text,
    /// An integer code, sent as `1` or `"1"`, with documented labels.
    Code(&'static [Code]),
    /// Seconds since 1970-01-01 UTC.
    Epoch,
    /// Milliseconds since 1970-01-01 UTC.
    EpochMillis,
    /// `YYYY-MM-DD HH:MM:SS`, naive but UTC; an epoch is read as one too, because the
    /// query-parameter form of `created` is an epoch.
    DateTime,
    /// Seconds since midnight UTC.
    SecondsOfDay,
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
            Self::Code(_) => "code",
            Self::Epoch => "epoch",
            Self::EpochMillis => "epoch-ms",
            Self::DateTime => "date-time",
            Self::SecondsOfDay => "seconds-of-day",
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
}

/// One entry of the dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Stable id; the In-Call long key where there is one.
    pub id: &'static str,
    /// The keys it is sent under, per payload family, In-Call first.
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

use Provenance::{Documented, Unknown};
use ValueType as T;

/// The dictionary. Order is the order `callhook fields` prints: In-Call fields and the
/// dropdown first, then the After-Call keys as the reference lists them.
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
        keys: &[in_call(&["company_id"]), after_call(&["_ci"])],
        dropdown: Some("Company ID"),
        meaning: "company in which the call took place",
        value_type: T::HexId,
        example: "5cd40f6554442586",
        provenance: Documented,
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

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
            for k in f.all_keys() {
                assert!(keys.insert(k), "duplicate key {k}");
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
