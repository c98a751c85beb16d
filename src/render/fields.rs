//! `fields`: the dictionary as a table, JSON or CSV, and one entry explained.

use std::io::{self, Write};

use colored::Colorize;
use serde::Serialize;

use super::csv::write_row;
use super::json_document::JsonDocument;
use super::table::TextTable;
use crate::vocabulary::Field;
use crate::vocabulary::lookup::{after_call_keys, in_call_key};

#[derive(Serialize)]
struct FieldView {
    id: &'static str,
    in_call: Option<&'static str>,
    after_call: &'static [&'static str],
    dropdown: Option<&'static str>,
    meaning: &'static str,
    #[serde(rename = "type")]
    value_type: &'static str,
    codes: Vec<CodeView>,
    example: &'static str,
    provenance: &'static str,
    note: &'static str,
}

#[derive(Serialize)]
struct CodeView {
    value: i64,
    label: &'static str,
    detail: &'static str,
}

impl From<&Field> for FieldView {
    fn from(f: &Field) -> Self {
        Self {
            id: f.id,
            in_call: in_call_key(f),
            after_call: after_call_keys(f),
            dropdown: f.dropdown,
            meaning: f.meaning_shown(),
            value_type: f.value_type.as_str(),
            codes: f
                .value_type
                .codes()
                .iter()
                .map(|c| CodeView {
                    value: c.value,
                    label: c.label,
                    detail: c.detail,
                })
                .collect(),
            example: f.example,
            provenance: f.provenance.as_str(),
            note: f.note,
        }
    }
}

fn keys(f: &Field) -> String {
    f.all_keys().collect::<Vec<_>>().join(", ")
}

pub fn write_table(out: &mut dyn Write, fields: &[Field], color: bool) -> io::Result<()> {
    let mut table = TextTable::new(
        &["id", "keys", "dropdown label", "type", "provenance", "meaning"],
        color,
    );
    for f in fields {
        table.row([
            f.id.to_owned(),
            keys(f),
            f.dropdown.unwrap_or_default().to_owned(),
            f.value_type.as_str().to_owned(),
            f.provenance.as_str().to_owned(),
            f.meaning_shown().to_owned(),
        ]);
    }
    writeln!(out, "{table}")
}

pub fn write_json(out: &mut dyn Write, fields: &[Field]) -> io::Result<()> {
    let views: Vec<FieldView> = fields.iter().map(FieldView::from).collect();
    JsonDocument::open(out)?.serde_list("fields", &views)?.close()
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
                &codes.join("; "),
            ],
        )?;
    }
    Ok(())
}

/// One entry, explained.
pub fn write_explanation(out: &mut dyn Write, f: &Field) -> io::Result<()> {
    writeln!(out, "{}: {}", f.id.bold(), f.meaning_shown())?;
    let line = |out: &mut dyn Write, label: &str, value: &str| -> io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        writeln!(out, "  {:<15} {value}", label.dimmed())
    };
    line(out, "In-Call key", in_call_key(f).unwrap_or_default())?;
    line(out, "After-Call key", &after_call_keys(f).join(", "))?;
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
    line(out, "note", f.note)
}

pub fn write_explanation_json(out: &mut dyn Write, f: &Field) -> io::Result<()> {
    JsonDocument::open(out)?.member("field", &FieldView::from(f))?.close()
}
