//! `fields`: the dictionary as a table, JSON or CSV, v1 fields then v2 paths and
//! events; and one entry explained (a field with its counterpart in the other
//! version, a v2 event type, a v2 code word).

use std::io::{self, Write};

use colored::Colorize;
use serde::Serialize;
use serde_json::Value;

use super::csv::write_row;
use super::json_document::JsonDocument;
use super::table::TextTable;
use crate::vocabulary::codes::{Code, Word, label_of};
use crate::vocabulary::counterparts::{Counterpart, counterpart, v1_fields_for};
use crate::vocabulary::family::Family;
use crate::vocabulary::lookup::{after_call_keys, in_call_key};
use crate::vocabulary::v2_events::{V2_EVENTS, V2Event};
use crate::vocabulary::{FIELDS, Field};

#[derive(Serialize)]
struct FieldView {
    id: &'static str,
    in_call: Option<&'static str>,
    after_call: &'static [&'static str],
    disposition: &'static [&'static str],
    v2: Vec<&'static str>,
    /// `call`, `WhatsApp`: the v2 events a v2 path is sent on.
    v2_channels: Vec<&'static str>,
    dropdown: Option<&'static str>,
    meaning: &'static str,
    #[serde(rename = "type")]
    value_type: &'static str,
    codes: Vec<CodeView>,
    example: &'static str,
    provenance: &'static str,
    note: &'static str,
    /// For a v1 field: where it went in v2.
    v2_counterpart: Option<CounterpartView>,
    /// For a v2 path: the v1 fields whose value it now carries.
    v1_counterparts: Vec<V1CounterpartView>,
}

#[derive(Serialize)]
struct CodeView {
    /// An integer for v1 codes, a string for v2 words.
    value: Value,
    label: &'static str,
    detail: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    other_spellings: Option<&'static [&'static str]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<&'static str>,
}

#[derive(Serialize)]
struct CounterpartView {
    /// The v2 paths that carry it; empty when v2 has no counterpart.
    v2: &'static [&'static str],
    values: Vec<ValueView>,
    provenance: &'static str,
    note: &'static str,
}

#[derive(Serialize)]
struct V1CounterpartView {
    field: &'static str,
    keys: Vec<&'static str>,
    values: Vec<ValueView>,
    provenance: &'static str,
    note: &'static str,
}

/// A v1 code and the v2 word that carries it, as `fields` and `migrate` write them.
#[derive(Serialize)]
pub(super) struct ValueView {
    v1: &'static str,
    v2: &'static str,
}

pub(super) fn values(c: &Counterpart) -> Vec<ValueView> {
    c.values.iter().map(|&(v1, v2)| ValueView { v1, v2 }).collect()
}

/// The v1 counterparts of a v2 entry: the v1 fields whose counterparts name one of
/// its paths (none for an entry that is v1 itself, which has its own).
fn v1_counterparts(f: &Field) -> Vec<&'static Counterpart> {
    if f.is_v1() {
        return Vec::new();
    }
    let mut found: Vec<&'static Counterpart> = Vec::new();
    for path in f.v2_paths() {
        for c in v1_fields_for(path) {
            if !found.iter().any(|seen| seen.field == c.field) {
                found.push(c);
            }
        }
    }
    found
}

fn v1_field(id: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.id == id)
}

fn channels(f: &Field) -> Vec<&'static str> {
    f.v2_families()
        .map(|family| match family {
            Family::V2WhatsApp => "WhatsApp",
            _ => "call",
        })
        .collect()
}

impl From<&Field> for FieldView {
    fn from(f: &Field) -> Self {
        let codes = f.value_type.codes().iter().map(|c| CodeView {
            value: Value::from(c.value),
            label: c.label,
            detail: c.detail,
            other_spellings: None,
            provenance: None,
        });
        let words = f.value_type.words().iter().map(|w| CodeView {
            value: Value::from(w.value),
            label: w.label,
            detail: w.detail,
            other_spellings: Some(w.other_spellings),
            provenance: Some(w.provenance.as_str()),
        });
        Self {
            id: f.id,
            in_call: in_call_key(f),
            after_call: after_call_keys(f),
            disposition: f.keys_in(Family::Disposition),
            v2: f.v2_paths(),
            v2_channels: channels(f),
            dropdown: f.dropdown,
            meaning: f.meaning_shown(),
            value_type: f.value_type.as_str(),
            codes: codes.chain(words).collect(),
            example: f.example,
            provenance: f.provenance.as_str(),
            note: f.note,
            v2_counterpart: counterpart(f.id).map(|c| CounterpartView {
                v2: c.v2,
                values: values(c),
                provenance: c.provenance.as_str(),
                note: c.note,
            }),
            v1_counterparts: v1_counterparts(f)
                .into_iter()
                .map(|c| V1CounterpartView {
                    field: c.field,
                    keys: v1_field(c.field).map(|f| f.v1_keys().collect()).unwrap_or_default(),
                    values: values(c),
                    provenance: c.provenance.as_str(),
                    note: c.note,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct EventView {
    name: &'static str,
    other_spellings: &'static [&'static str],
    channel: &'static str,
    meaning: &'static str,
    panel_label: Option<&'static str>,
    order: Option<u8>,
    sequenced: bool,
    provenance: &'static str,
    /// The v1 webhooks whose job it does.
    replaces: Vec<&'static str>,
    /// The v1 call states it stands for.
    v1_states: Vec<StateView>,
    note: &'static str,
}

#[derive(Serialize)]
struct StateView {
    value: &'static str,
    label: &'static str,
}

/// The v1 call states whose counterpart is `event`.
fn v1_states(event: &V2Event) -> Vec<StateView> {
    let codes = v1_field("call_state").map_or(&[][..], |f| f.value_type.codes());
    counterpart("call_state")
        .map(|c| c.values)
        .unwrap_or_default()
        .iter()
        .filter(|(_, v2)| event.spellings().any(|s| s == *v2))
        .map(|&(value, _)| StateView {
            value,
            label: value
                .parse()
                .ok()
                .and_then(|n| label_of(codes, n))
                .map_or("", |c| c.label),
        })
        .collect()
}

impl From<&V2Event> for EventView {
    fn from(e: &V2Event) -> Self {
        Self {
            name: e.name,
            other_spellings: e.other_spellings,
            channel: e.channel.as_str(),
            meaning: e.meaning,
            panel_label: e.panel_label,
            order: e.order,
            sequenced: e.sequenced,
            provenance: e.provenance.as_str(),
            replaces: e.replaces.iter().map(|t| t.label()).collect(),
            v1_states: v1_states(e),
            note: e.note,
        }
    }
}

#[derive(Serialize)]
struct WordView {
    field: &'static str,
    value: &'static str,
    other_spellings: &'static [&'static str],
    label: &'static str,
    detail: &'static str,
    provenance: &'static str,
    /// The v1 codes it stands for.
    v1: Vec<V1CodeView>,
}

#[derive(Serialize)]
struct V1CodeView {
    field: &'static str,
    keys: Vec<&'static str>,
    value: &'static str,
    label: &'static str,
}

/// The v1 codes a v2 word of `field` stands for, by the counterparts that map one
/// to the other.
fn v1_codes(field: &Field, word: &Word) -> Vec<V1CodeView> {
    let paths = field.v2_paths();
    crate::vocabulary::counterparts::COUNTERPARTS
        .iter()
        .filter(|c| c.v2.iter().any(|p| paths.contains(p)))
        .flat_map(|c| {
            c.values
                .iter()
                .filter(|(_, v2)| word.spellings().any(|s| s == *v2))
                .map(move |&(value, _)| (c, value))
        })
        .map(|(c, value)| {
            let v1 = v1_field(c.field);
            V1CodeView {
                field: c.field,
                keys: v1.map(|f| f.v1_keys().collect()).unwrap_or_default(),
                value,
                label: v1
                    .and_then(|f| label_of(f.value_type.codes(), value.parse().ok()?))
                    .map_or("", |code| code.label),
            }
        })
        .collect()
}

fn word_view(field: &'static Field, word: &'static Word) -> WordView {
    WordView {
        field: field.id,
        value: word.value,
        other_spellings: word.other_spellings,
        label: word.label,
        detail: word.detail,
        provenance: word.provenance.as_str(),
        v1: v1_codes(field, word),
    }
}

fn joined(items: impl IntoIterator<Item = impl AsRef<str>>, by: &str) -> String {
    items
        .into_iter()
        .map(|s| s.as_ref().to_owned())
        .collect::<Vec<_>>()
        .join(by)
}

/// The whole dictionary: the v1 fields, then the v2 paths, then the v2 events.
pub fn write_table(out: &mut dyn Write, fields: &[Field], color: bool) -> io::Result<()> {
    let mut table = TextTable::new(
        &["id", "keys", "dropdown label", "type", "provenance", "meaning"],
        color,
    );
    for f in fields.iter().filter(|f| f.is_v1() || !f.is_v2()) {
        table.row([
            f.id.to_owned(),
            joined(f.v1_keys(), ", "),
            f.dropdown.unwrap_or_default().to_owned(),
            f.value_type.as_str().to_owned(),
            f.provenance.as_str().to_owned(),
            f.meaning_shown().to_owned(),
        ]);
    }
    writeln!(out, "{table}")?;
    writeln!(out, "\nWebhook v2 paths")?;
    let mut table = TextTable::new(
        &["path", "on", "type", "provenance", "v1 counterpart", "meaning"],
        color,
    );
    for f in fields.iter().filter(|f| f.is_v2()) {
        let v1: Vec<&str> = if f.is_v1() {
            f.v1_keys().collect()
        } else {
            v1_counterparts(f)
                .iter()
                .filter_map(|c| v1_field(c.field))
                .flat_map(Field::v1_keys)
                .collect()
        };
        table.row([
            joined(f.v2_paths(), ", "),
            joined(channels(f), ", "),
            f.value_type.as_str().to_owned(),
            f.provenance.as_str().to_owned(),
            if v1.is_empty() {
                "none".to_owned()
            } else {
                joined(v1, ", ")
            },
            f.meaning_shown().to_owned(),
        ]);
    }
    writeln!(out, "{table}")?;
    writeln!(out, "\nWebhook v2 events")?;
    let mut table = TextTable::new(&["event", "channel", "provenance", "replaces in v1", "meaning"], color);
    for e in V2_EVENTS {
        let states = v1_states(e);
        let mut replaces = joined(e.replaces.iter().map(|t| t.label()), ", ");
        if !states.is_empty() {
            replaces.push_str(&format!(" (state {})", joined(states.iter().map(|s| s.value), ", ")));
        }
        table.row([
            joined(e.spellings(), ", "),
            e.channel.as_str().to_owned(),
            e.provenance.as_str().to_owned(),
            replaces,
            e.meaning.to_owned(),
        ]);
    }
    writeln!(out, "{table}")
}

pub fn write_json(out: &mut dyn Write, fields: &[Field]) -> io::Result<()> {
    let views: Vec<FieldView> = fields.iter().map(FieldView::from).collect();
    let events: Vec<EventView> = V2_EVENTS.iter().map(EventView::from).collect();
    JsonDocument::open(out)?
        .serde_list("fields", &views)?
        .serde_list("events", &events)?
        .close()
}

pub fn write_csv(out: &mut dyn Write, fields: &[Field]) -> io::Result<()> {
    write_row(
        out,
        &[
            "id",
            "in_call",
            "after_call",
            "dropdown",
            "type",
            "provenance",
            "meaning",
            "example",
            "note",
            "disposition",
            "v2",
            "counterparts",
            "counterpart_provenance",
            "counterpart_note",
            "codes",
        ],
    )?;
    for f in fields {
        // `1=call started; 2=call ended`: one cell, so a spreadsheet keeps a row a field.
        let codes: Vec<String> = f
            .value_type
            .codes()
            .iter()
            .map(|c| format!("{}={}", c.value, c.label))
            .collect();
        // A v1 field's counterpart is v2 paths ("none" when it has none); a v2
        // path's is the v1 fields it now carries.
        let (counterparts, provenance, note) = match counterpart(f.id) {
            Some(c) if c.v2.is_empty() => ("none".to_owned(), c.provenance.as_str().to_owned(), c.note.to_owned()),
            Some(c) => (c.v2.join(" "), c.provenance.as_str().to_owned(), c.note.to_owned()),
            None => {
                let v1 = v1_counterparts(f);
                (
                    joined(v1.iter().map(|c| c.field), " "),
                    joined(v1.iter().map(|c| c.provenance.as_str()), " "),
                    String::new(),
                )
            }
        };
        write_row(
            out,
            &[
                f.id,
                in_call_key(f).unwrap_or_default(),
                &after_call_keys(f).join(" "),
                f.dropdown.unwrap_or_default(),
                f.value_type.as_str(),
                f.provenance.as_str(),
                f.meaning_shown(),
                f.example,
                f.note,
                &f.keys_in(Family::Disposition).join(" "),
                &f.v2_paths().join(" "),
                &counterparts,
                &provenance,
                &note,
                &codes.join("; "),
            ],
        )?;
    }
    Ok(())
}

/// A labelled line of an explanation, left out when it has nothing to say.
fn line(out: &mut dyn Write, label: &str, value: &str) -> io::Result<()> {
    if value.is_empty() {
        return Ok(());
    }
    writeln!(out, "  {:<15} {value}", label.dimmed())
}

/// One entry, explained.
pub fn write_explanation(out: &mut dyn Write, f: &Field) -> io::Result<()> {
    writeln!(out, "{}: {}", f.id.bold(), f.meaning_shown())?;
    line(out, "In-Call key", in_call_key(f).unwrap_or_default())?;
    line(out, "After-Call key", &after_call_keys(f).join(", "))?;
    line(out, "Disposition key", &f.keys_in(Family::Disposition).join(", "))?;
    line(out, "v2 path", &f.v2_paths().join(", "))?;
    if f.is_v2() {
        line(out, "v2 events", &format!("{} events", joined(channels(f), " and ")))?;
    }
    line(out, "dropdown label", f.dropdown.unwrap_or_default())?;
    line(out, "type", f.value_type.as_str())?;
    line(out, "provenance", f.provenance.as_str())?;
    line(out, "example", f.example)?;
    let codes = f.value_type.codes();
    if !codes.is_empty() {
        writeln!(out, "  {}", "codes".dimmed())?;
        for c in codes {
            let detail = if c.detail.is_empty() {
                String::new()
            } else {
                format!(" ({})", c.detail)
            };
            writeln!(out, "    {:<3} {}{detail}", c.value, c.label)?;
        }
    }
    let words = f.value_type.words();
    if !words.is_empty() {
        writeln!(out, "  {}", "codes".dimmed())?;
        let width = words.iter().map(|w| w.value.len()).max().unwrap_or(0);
        for w in words {
            writeln!(out, "    {:<width$} {}", w.value, word_text(w))?;
        }
    }
    line(out, "note", f.note)?;
    if let Some(c) = counterpart(f.id) {
        write_v2_counterpart(out, c)?;
    }
    let v1 = v1_counterparts(f);
    if v1.is_empty() && !f.is_v1() {
        line(out, "v1 counterpart", "none: no v1 field carried it")?;
    }
    for c in v1 {
        let keys = v1_field(c.field).map(|f| joined(f.v1_keys(), ", ")).unwrap_or_default();
        let mut said = format!("{} ({keys}), {}", c.field, c.provenance.as_str());
        if !c.values.is_empty() {
            said.push_str(&format!("; {}", value_pairs(c)));
        }
        if !c.note.is_empty() {
            said.push_str(&format!(": {}", c.note));
        }
        line(out, "v1 counterpart", &said)?;
    }
    Ok(())
}

/// `1 = bridged, 2 = missed`.
fn value_pairs(c: &Counterpart) -> String {
    joined(c.values.iter().map(|(v1, v2)| format!("{v1} = {v2}")), ", ")
}

fn write_v2_counterpart(out: &mut dyn Write, c: &Counterpart) -> io::Result<()> {
    if c.v2.is_empty() {
        return line(out, "v2 counterpart", &format!("none: {}", c.note));
    }
    line(
        out,
        "v2 counterpart",
        &format!("{} ({})", c.v2.join(", "), c.provenance.as_str()),
    )?;
    if !c.values.is_empty() {
        line(out, "v2 values", &value_pairs(c))?;
    }
    line(out, "v2 note", c.note)
}

/// `no answer; also spelt "NO ANSWER" (seen in samples): detail`.
fn word_text(w: &Word) -> String {
    let mut text = w.label.to_owned();
    for other in w.other_spellings {
        text.push_str(&format!("; also spelt {other:?}"));
    }
    text.push_str(&format!(" ({})", w.provenance.as_str()));
    if !w.detail.is_empty() {
        text.push_str(&format!(": {}", w.detail));
    }
    text
}

pub fn write_explanation_json(out: &mut dyn Write, f: &Field) -> io::Result<()> {
    JsonDocument::open(out)?.member("field", &FieldView::from(f))?.close()
}

/// A v2 event type, explained.
pub fn write_event(out: &mut dyn Write, e: &V2Event) -> io::Result<()> {
    writeln!(out, "{}: {}", e.name.bold(), e.meaning)?;
    line(out, "other spelling", &e.other_spellings.join(", "))?;
    line(out, "channel", e.channel.as_str())?;
    line(out, "panel label", e.panel_label.unwrap_or_default())?;
    if let Some(order) = e.order {
        let calls = V2_EVENTS.iter().filter(|e| e.order.is_some()).count();
        line(
            out,
            "order",
            &format!("{order} of a call's {calls} events, when times tie"),
        )?;
    }
    line(
        out,
        "event_sequence",
        if e.sequenced { "carried" } else { "absent on this event" },
    )?;
    line(out, "provenance", e.provenance.as_str())?;
    line(
        out,
        "replaces in v1",
        &joined(e.replaces.iter().map(|t| t.label()), ", "),
    )?;
    line(
        out,
        "v1 call states",
        &joined(v1_states(e).iter().map(|s| format!("{} ({})", s.value, s.label)), ", "),
    )?;
    line(out, "note", e.note)
}

pub fn write_event_json(out: &mut dyn Write, e: &V2Event) -> io::Result<()> {
    JsonDocument::open(out)?.member("event", &EventView::from(e))?.close()
}

pub fn write_event_csv(out: &mut dyn Write, e: &V2Event) -> io::Result<()> {
    let view = EventView::from(e);
    write_row(
        out,
        &[
            "name",
            "other_spellings",
            "channel",
            "meaning",
            "panel_label",
            "order",
            "sequenced",
            "provenance",
            "replaces",
            "v1_states",
            "note",
        ],
    )?;
    write_row(
        out,
        &[
            view.name,
            &view.other_spellings.join(" "),
            view.channel,
            view.meaning,
            view.panel_label.unwrap_or_default(),
            &view.order.map(|o| o.to_string()).unwrap_or_default(),
            if view.sequenced { "true" } else { "false" },
            view.provenance,
            &view.replaces.join(" "),
            &joined(view.v1_states.iter().map(|s| s.value), " "),
            view.note,
        ],
    )
}

/// A v2 code word, explained for every field that has it.
pub fn write_word(out: &mut dyn Write, words: &[(&'static Field, &'static Word)]) -> io::Result<()> {
    for (i, &(field, word)) in words.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}: a code of {}: {}", word.value.bold(), field.id, word.label)?;
        line(
            out,
            "other spelling",
            &joined(word.other_spellings.iter().map(|s| format!("{s:?}")), ", "),
        )?;
        line(out, "provenance", word.provenance.as_str())?;
        line(out, "detail", word.detail)?;
        for v1 in v1_codes(field, word) {
            let label = if v1.label.is_empty() {
                String::new()
            } else {
                format!(" ({})", v1.label)
            };
            line(
                out,
                "v1 counterpart",
                &format!("{} ({}) {}{label}", v1.field, v1.keys.join(", "), v1.value),
            )?;
        }
    }
    Ok(())
}

pub fn write_word_json(out: &mut dyn Write, words: &[(&'static Field, &'static Word)]) -> io::Result<()> {
    let views: Vec<WordView> = words.iter().map(|&(f, w)| word_view(f, w)).collect();
    JsonDocument::open(out)?.serde_list("codes", &views)?.close()
}

pub fn write_word_csv(out: &mut dyn Write, words: &[(&'static Field, &'static Word)]) -> io::Result<()> {
    write_row(
        out,
        &[
            "field",
            "value",
            "other_spellings",
            "label",
            "detail",
            "provenance",
            "v1",
        ],
    )?;
    for &(field, word) in words {
        let view = word_view(field, word);
        write_row(
            out,
            &[
                view.field,
                view.value,
                &view.other_spellings.join(" "),
                view.label,
                view.detail,
                view.provenance,
                &joined(view.v1.iter().map(|v| format!("{}={}", v.field, v.value)), " "),
            ],
        )?;
    }
    Ok(())
}

/// One v1 code of a field, with the v2 value that carries it.
#[derive(Serialize)]
struct CodeOfFieldView {
    field: &'static str,
    keys: Vec<&'static str>,
    value: i64,
    label: &'static str,
    detail: &'static str,
    /// The v2 value it reads as, with the paths that carry it.
    v2: Option<V2ValueView>,
}

#[derive(Serialize)]
struct V2ValueView {
    paths: &'static [&'static str],
    value: &'static str,
    provenance: &'static str,
}

fn code_view(field: &'static Field, code: &'static Code) -> CodeOfFieldView {
    let value = code.value.to_string();
    CodeOfFieldView {
        field: field.id,
        keys: field.v1_keys().collect(),
        value: code.value,
        label: code.label,
        detail: code.detail,
        v2: counterpart(field.id).and_then(|c| {
            let (_, v2) = c.values.iter().find(|(v1, _)| *v1 == value)?;
            Some(V2ValueView {
                paths: c.v2,
                value: v2,
                provenance: c.provenance.as_str(),
            })
        }),
    }
}

/// One v1 code of a field, explained: `fields call_state 9`.
pub fn write_code(out: &mut dyn Write, field: &'static Field, code: &'static Code) -> io::Result<()> {
    let view = code_view(field, code);
    writeln!(
        out,
        "{}: a code of {} ({}): {}",
        view.value.to_string().bold(),
        field.id,
        field.meaning_shown(),
        view.label
    )?;
    line(out, "v1 keys", &view.keys.join(", "))?;
    line(out, "detail", view.detail)?;
    if let Some(v2) = &view.v2 {
        line(
            out,
            "v2 counterpart",
            &format!("{} {} ({})", v2.paths.join(", "), v2.value, v2.provenance),
        )?;
    }
    Ok(())
}

pub fn write_code_json(out: &mut dyn Write, field: &'static Field, code: &'static Code) -> io::Result<()> {
    JsonDocument::open(out)?
        .serde_list("codes", &[code_view(field, code)])?
        .close()
}

pub fn write_code_csv(out: &mut dyn Write, field: &'static Field, code: &'static Code) -> io::Result<()> {
    let view = code_view(field, code);
    write_row(out, &["field", "value", "label", "detail", "v2"])?;
    let v2 = view
        .v2
        .as_ref()
        .map(|v| joined(v.paths.iter().map(|p| format!("{p}={}", v.value)), " "))
        .unwrap_or_default();
    write_row(
        out,
        &[view.field, &view.value.to_string(), view.label, view.detail, &v2],
    )
}
