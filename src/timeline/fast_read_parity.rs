//! The timeline's fast reader (`Sighting::from_json`, which reads only the fields the
//! timeline uses) gives the facts the full decode gives (`Sighting::from_record`), on
//! generated call logs of every family and shape: long keys, short keys, strangers,
//! keys twice, nested `_pm` and `_ld` lists (keyed or not, well formed or not), and
//! values of every JSON type where the dictionary expects another; and on generated
//! Webhook v2 envelopes (every envelope and payload key, legs with agents, WhatsApp
//! media), which both read through `timeline::v2`.

use std::sync::Arc;

use chrono::FixedOffset;
use proptest::prelude::*;
use serde_json::{Value, json};

use super::event::{Facts, Sighting};
use super::v2::V2Facts;
use crate::decode::decode_record;
use crate::input::{InputFormat, RawRecord, Source};
use crate::vocabulary::lookup::pattern_entry;
use crate::vocabulary::{FIELDS, ValueType};

/// Top-level keys: every key of the dictionary that is not a path, and strangers.
fn top_level_key() -> impl Strategy<Value = String> {
    let known: Vec<&'static str> = FIELDS
        .iter()
        .flat_map(crate::vocabulary::Field::all_keys)
        .filter(|k| !k.contains(['[', '.']))
        .collect();
    prop_oneof![
        8 => proptest::sample::select(known).prop_map(str::to_owned),
        1 => prop_oneof![Just("_zz"), Just("stranger"), Just("log"), Just("")].prop_map(str::to_owned),
    ]
}

/// A value of any JSON type, favouring the shapes call logs send: digits, times,
/// durations, phone numbers, uids, padded and empty text.
fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-3i64..12).prop_map(Value::from),
        (1_500_000_000i64..1_700_000_000).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (0.0f64..100.0).prop_map(Value::from),
        prop_oneof![
            Just("2020-08-01 08:35:56"),
            Just("2020-02-30 08:35:56"),
            Just("00:00:39"),
            Just("00:75:00"),
            Just("n2.1596270949.2175190"),
            Just("+919711636496"),
            Just(" 9711636496 "),
            Just("918586848544, 8586848544"),
            Just("unknown"),
            Just(""),
            Just(" "),
        ]
        .prop_map(Value::from),
        "[0-9]{1,12}".prop_map(Value::from),
        "[a-z0-9 :+,._-]{0,16}".prop_map(Value::from),
    ]
}

/// A value nested one or two levels: lists and objects of scalars.
fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::vec(("[a-z_]{1,4}", inner), 0..3)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// `_pm`: `{"ky", "vl"}` entries (known and unknown `ky`, extra members), or not.
fn pm() -> impl Strategy<Value = Value> {
    let entry = (
        prop_oneof![
            Just(json!("ui")),
            Just(json!("is")),
            Just(json!("vt")),
            Just(json!("ic")),
            Just(json!("zz")),
            Just(json!(5)),
        ],
        scalar(),
        proptest::option::of(scalar()),
    )
        .prop_map(|(ky, vl, extra)| {
            let mut entry = serde_json::Map::new();
            entry.insert("ky".into(), ky);
            entry.insert("vl".into(), vl);
            if let Some(extra) = extra {
                entry.insert("xx".into(), extra);
            }
            Value::Object(entry)
        });
    prop_oneof![
        4 => proptest::collection::vec(entry, 0..4).prop_map(Value::from),
        1 => value(),
    ]
}

/// `_ld`: legs with their `_rr` rings of agents, or something else.
fn ld() -> impl Strategy<Value = Value> {
    let agent = proptest::collection::vec(
        (prop_oneof![Just("_ct"), Just("_id"), Just("_na"), Just("_q")], scalar()),
        0..4,
    )
    .prop_map(|entries| Value::Object(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()));
    let leg = (
        proptest::collection::vec(agent, 0..3),
        proptest::collection::vec(
            (prop_oneof![Just("_ds"), Just("_st"), Just("_su"), Just("_q")], scalar()),
            0..3,
        ),
    )
        .prop_map(|(rr, others)| {
            let mut leg: serde_json::Map<String, Value> = others.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            leg.insert("_rr".into(), Value::from(rr));
            Value::Object(leg)
        });
    prop_oneof![
        4 => proptest::collection::vec(leg, 0..3).prop_map(Value::from),
        1 => value(),
    ]
}

/// A call log's top-level entries, keys possibly repeated.
fn call_log() -> impl Strategy<Value = Vec<(String, Value)>> {
    let entry = prop_oneof![
        6 => (top_level_key(), value()),
        1 => pm().prop_map(|v| ("_pm".to_owned(), v)),
        1 => ld().prop_map(|v| ("_ld".to_owned(), v)),
    ];
    proptest::collection::vec(entry, 0..14)
}

/// The entries as JSON text, in order, duplicates kept.
fn text_of(entries: &[(String, Value)]) -> String {
    let members: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{}:{v}", Value::from(k.as_str())))
        .collect();
    format!("{{{}}}", members.join(","))
}

proptest! {
    #[test]
    fn the_fast_read_agrees_with_the_full_decode(entries in call_log(), offset in -720i32..=840) {
        let tz = FixedOffset::east_opt(offset * 60).unwrap();
        let raw = RawRecord {
            source: Source { file: Arc::from("generated"), line: 3 },
            format: InputFormat::Json,
            text: text_of(&entries).into_bytes(),
        };
        let archive = entries.iter().any(|(k, v)| crate::input::har::is_archive_root(k, v));
        // A record that names `event_type` but is no v2 envelope the fast reader
        // knows is left to the full decode.
        let v2_like = entries.iter().any(|(k, _)| k == "event_type");
        match Sighting::from_json(&raw, tz) {
            None => prop_assert!(archive || v2_like, "a call log the fast reader refused: {}", String::from_utf8_lossy(&raw.text)),
            Some(fast) => {
                prop_assert!(!archive);
                let mut decoded = decode_record(&raw, tz);
                prop_assert_eq!(decoded.len(), 1);
                let full = decoded.remove(0).unwrap();
                prop_assert_eq!(fast, Sighting::from_record(&full), "{}", String::from_utf8_lossy(&raw.text));
            }
        }
    }
}

/// A value as v2 sends them, or of another type.
fn v2_scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => prop_oneof![
            Just("call.initiated"),
            Just("call.dial_begin"),
            Just("call.answered"),
            Just("call.end"),
            Just("call.summary"),
            Just("disposition"),
            Just("message.received"),
            Just("call.future"),
            Just("2026-01-03T08:00:00.412Z"),
            Just("2026-04-14T05:29:28.838594394Z"),
            Just("2026-04-14T05:28:04+00:00"),
            Just("2026-04-14 05:28:04"),
            Just("s7.1767427200.4411"),
            Just("+919811122233"),
            Just("919837114044"),
            Just("bridged"),
            Just("missed"),
            Just("ANSWER"),
            Just("BUSY"),
            Just("answered"),
            Just("agent"),
            Just("customer"),
            Just("incoming"),
            Just("obd"),
            Just(" 43 "),
            Just(""),
        ]
        .prop_map(Value::from),
        2 => (-2i64..200).prop_map(Value::from),
        1 => scalar(),
    ]
}

/// Keys from a list, each with a v2 value (or, now and then, a nested one).
fn v2_object(keys: &'static [&'static str], nested: BoxedStrategy<Value>) -> impl Strategy<Value = Value> {
    proptest::collection::vec(
        (
            proptest::sample::select(keys),
            prop_oneof![6 => v2_scalar(), 1 => nested, 1 => Just(Value::Null)],
        ),
        0..keys.len() + 2,
    )
    .prop_map(|entries| Value::Object(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()))
}

/// A v2 envelope: the envelope's keys, a payload with legs and agents, a message's
/// media context; the event type and payload always there.
fn v2_envelope() -> impl Strategy<Value = Value> {
    const ENVELOPE: &[&str] = &[
        "event_id",
        "company_id",
        "event_sequence",
        "event_version",
        "timestamp",
        "channel",
        "direction",
        "session_id",
        "system_identifier",
        "customer_identifier",
        "stranger",
    ];
    const PAYLOAD: &[&str] = &[
        "id",
        "did",
        "direction",
        "customer_number",
        "status",
        "started_at",
        "ended_at",
        "category",
        "duration",
        "recording_filename",
        "billable",
        "ref_id",
        "client_ref_id",
        "location",
        "stranger",
    ];
    const LEG: &[&str] = &[
        "leg_index",
        "uid",
        "type",
        "phone_number",
        "result",
        "dial_status",
        "ring_duration",
        "talk_duration",
        "started_at",
        "answered_at",
        "ended_at",
        "dept_id",
        "zz",
    ];
    const AGENT: &[&str] = &["uuid", "name", "email", "contact", "extension", "zz"];
    let agent = v2_object(AGENT, value().boxed());
    let leg = (v2_object(LEG, value().boxed()), proptest::option::of(agent)).prop_map(|(mut leg, agent)| {
        if let (Value::Object(leg), Some(agent)) = (&mut leg, agent) {
            leg.insert("agent".into(), agent);
        }
        leg
    });
    let legs = prop_oneof![4 => proptest::collection::vec(leg, 0..4).prop_map(Value::from), 1 => value()];
    let link = prop_oneof![Just(json!("")), Just(json!("https://example.in/a.jpg")), scalar()];
    (
        v2_object(ENVELOPE, value().boxed()),
        v2_scalar(),
        v2_object(PAYLOAD, value().boxed()),
        proptest::option::of(legs),
        proptest::option::of(link),
    )
        .prop_map(|(mut envelope, event_type, mut payload, legs, link)| {
            if let Value::Object(payload) = &mut payload {
                if let Some(legs) = legs {
                    payload.insert("legs".into(), legs);
                }
                if let Some(link) = link {
                    payload.insert("data".into(), json!({"type": "image", "context": {"link": link}}));
                }
            }
            if let Value::Object(envelope) = &mut envelope {
                envelope.insert("event_type".into(), event_type);
                envelope.insert("payload".into(), payload);
            }
            envelope
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_fast_read_of_v2_agrees_with_the_full_decode(envelope in v2_envelope()) {
        let tz = FixedOffset::east_opt(0).unwrap();
        let raw = RawRecord {
            source: Source { file: Arc::from("generated"), line: 1 },
            format: InputFormat::Json,
            text: envelope.to_string().into_bytes(),
        };
        let mut decoded = decode_record(&raw, tz);
        prop_assert_eq!(decoded.len(), 1);
        let full = Sighting::from_record(&decoded.remove(0).unwrap());
        match Sighting::from_json(&raw, tz) {
            // Only an event type that is not text leaves it to the full decode.
            None => prop_assert!(!envelope["event_type"].is_string(), "{}", envelope),
            Some(fast) => prop_assert_eq!(fast, full, "{}", envelope),
        }
    }
}

/// JSON text of `value` with what a parsed value hides: now and then a key sent
/// twice (the second time with another value), a key or text with an escape, and
/// spaces; `seed` chooses where.
fn text_with_twins(value: &Value, seed: &mut u64) -> String {
    text_written(value, seed, true)
}

/// The generator behind [`text_with_twins`]; `escapes` says whether it writes any.
fn text_written(value: &Value, seed: &mut u64, escapes: bool) -> String {
    let mut roll = |n: u64| {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (*seed >> 33) % n
    };
    let mut out = String::new();
    write_with_twins(value, &mut roll, escapes, &mut out);
    out
}

fn write_with_twins(value: &Value, roll: &mut impl FnMut(u64) -> u64, escapes: bool, out: &mut String) {
    let text = |s: &str, roll: &mut dyn FnMut(u64) -> u64| {
        let plain = Value::from(s).to_string();
        match plain.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
            Some((at, c)) if escapes && roll(4) == 0 => {
                format!("{}\\u{:04x}{}", &plain[..at], c as u32, &plain[at + 1..])
            }
            _ => plain,
        }
    };
    match value {
        Value::Object(entries) => {
            out.push('{');
            let mut members: Vec<(String, Value)> = entries.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            if !members.is_empty() && roll(3) == 0 {
                let twin = members[roll(members.len() as u64) as usize].clone();
                let other = [Value::Null, json!(""), json!("bridged"), json!(7), json!({})][roll(5) as usize].clone();
                members.push((twin.0, if roll(2) == 0 { twin.1 } else { other }));
            }
            for (i, (k, v)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&text(k, roll));
                out.push_str(if roll(6) == 0 { " : " } else { ":" });
                write_with_twins(v, roll, escapes, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_with_twins(v, roll, escapes, out);
            }
            out.push(']');
        }
        Value::String(s) => out.push_str(&text(s, roll)),
        other => out.push_str(&other.to_string()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// The v2 reader that skips what the timeline does not use reads what the
    /// parsed value gives, keys twice, escapes and invalid text included.
    #[test]
    fn the_v2_reader_agrees_with_the_parsed_value(envelope in v2_envelope(), mut seed in any::<u64>(), cut in 0usize..64) {
        let mut text = text_with_twins(&envelope, &mut seed);
        if cut == 0 {
            text.truncate(text.len() / 2);
        }
        let parsed = serde_json::from_str::<Value>(&text).ok();
        let by_value = parsed.as_ref().and_then(V2Facts::from_value);
        prop_assert_eq!(V2Facts::from_json(&text), by_value, "{}", text);
    }
}

/// Bits of text that make JSON invalid, or valid in ways a parsed value hides:
/// numbers serde reads in its own way or refuses, stray structure, a control
/// character, a literal cut short.
const SPLICES: &[&str] = &[
    ",",
    "}",
    "]",
    "{",
    "[",
    ":",
    "\"",
    " ",
    "\t",
    "\u{1}",
    "\u{7f}",
    "é",
    "0",
    "-",
    ".",
    "e",
    "+",
    "01",
    "-0",
    "1.5",
    "1e400",
    "1e",
    ".5",
    "123456789012345678901234567890",
    "18446744073709551616",
    "tru",
    "null",
    "nul",
    "true,",
];

/// `text` with `splice`'s bit put in at its place (on a character boundary), and cut
/// to about half when `cut`.
fn spliced(text: &mut String, splice: Option<(&str, proptest::sample::Index)>, cut: bool) {
    if let Some((bit, at)) = splice {
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        text.insert_str(boundaries[at.index(boundaries.len())], bit);
    }
    if cut {
        let mut end = text.len() / 2;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// The scan, which reads escape-free text itself and gives up on anything else,
    /// gives the serde reader's facts whenever it gives any, on envelopes with keys
    /// twice and with text spliced in or cut off; and reads every clean envelope.
    #[test]
    fn the_v2_scan_agrees_with_the_serde_reader(
        envelope in v2_envelope(),
        mut seed in any::<u64>(),
        splice in proptest::option::of((proptest::sample::select(SPLICES), any::<proptest::sample::Index>())),
        cut in 0usize..48,
    ) {
        // Written as serde writes it (no escapes in these values, no key twice): the
        // scan reads it all.
        let plain = envelope.to_string();
        prop_assert_eq!(V2Facts::from_json_by_scan(&plain), V2Facts::from_json_by_serde(&plain), "{}", plain);
        let mut text = text_written(&envelope, &mut seed, false);
        spliced(&mut text, splice, cut == 0);
        let by_serde = V2Facts::from_json_by_serde(&text);
        if let Some(scanned) = V2Facts::from_json_by_scan(&text) {
            prop_assert_eq!(Some(scanned), by_serde.clone(), "{}", text);
        }
        prop_assert_eq!(V2Facts::from_json(&text), by_serde, "{}", text);
    }
}

/// A flat call log, as In-Call webhooks send them: top-level keys to scalars and
/// lists of scalars, no key twice, none of the lists the decoder walks (`_pm`,
/// `_ld`), no archive or wrapper: what the v1 scan reads itself.
fn flat_call_log() -> impl Strategy<Value = Value> {
    let walked = |key: &str| {
        pattern_entry(key).is_some_and(|e| matches!(e.field.value_type, ValueType::List | ValueType::KeyedList))
    };
    let value = prop_oneof![
        4 => scalar(),
        1 => proptest::collection::vec(scalar(), 0..3).prop_map(Value::from),
    ];
    proptest::collection::vec((top_level_key(), value), 0..14).prop_map(move |entries| {
        Value::Object(
            entries
                .into_iter()
                .filter(|(k, _)| !walked(k) && k != crate::input::har::ROOT_KEY && k != "myoperator")
                .collect(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// The v1 scan, which reads flat escape-free call logs itself and gives up on
    /// anything else, gives the serde reader's facts whenever it gives any, on call
    /// logs flat and nested, with keys twice and with text spliced in or cut off; and
    /// reads every clean flat log.
    #[test]
    fn the_v1_scan_agrees_with_the_serde_reader(
        flat in flat_call_log(),
        nested in proptest::option::of(call_log()),
        mut seed in any::<u64>(),
        splice in proptest::option::of((proptest::sample::select(SPLICES), any::<proptest::sample::Index>())),
        cut in 0usize..48,
        offset in -720i32..=840,
    ) {
        let tz = FixedOffset::east_opt(offset * 60).unwrap();
        // Written as serde writes it (no escapes in these values, no key twice): the
        // scan reads it all.
        let plain = flat.to_string();
        let scanned = Facts::from_json_by_scan(&plain);
        prop_assert!(scanned.is_some(), "a clean call log the scan refused: {}", plain);
        prop_assert_eq!(scanned, Facts::from_json_by_serde(&plain, tz), "{}", plain);
        let mut text = match &nested {
            Some(entries) if seed % 2 == 0 => text_of(entries),
            Some(entries) => text_written(&Value::Object(entries.iter().cloned().collect()), &mut seed, false),
            None => text_written(&flat, &mut seed, false),
        };
        spliced(&mut text, splice, cut == 0);
        if let Some(scanned) = Facts::from_json_by_scan(&text) {
            prop_assert_eq!(Some(scanned), Facts::from_json_by_serde(&text, tz), "{}", text);
        }
    }
}

/// A HAR archive is left to the full decode, which reads its entries.
#[test]
fn archives_are_left_to_the_full_decode() {
    let raw = RawRecord {
        source: Source {
            file: Arc::from("h"),
            line: 1,
        },
        format: InputFormat::Json,
        text: br#"{"log": {"entries": []}}"#.to_vec(),
    };
    assert!(Sighting::from_json(&raw, FixedOffset::east_opt(0).unwrap()).is_none());
}
