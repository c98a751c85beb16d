//! `migrate`: the v2 configuration as the JSON `validate` reads; the notes and the
//! table of where each v1 field went, for the handler code; or all of it as one
//! JSON document. Secret values are redacted unless `--show-secrets`.

use std::io::{self, Write};

use colored::Colorize;
use serde::Serialize;
use serde_json::{Map, Value, json};

use super::SCHEMA_VERSION;
use super::diagnostics::DiagnosticView;
use super::fields::{ValueView, values};
use super::table::{Cell, TextTable};
use crate::privacy::{Privacy, is_secret_name};
use crate::terminal::{escape_control, escape_control_in_json};
use crate::validate::migration::{FieldRow, Migration, Read};
use crate::validate::v2::{Auth, Webhook};
use crate::validate::{Checked, Webhook as V1Webhook};

/// The v2 configuration: one webhook object, or an array when `array`.
pub fn configuration(migrations: &[Migration], array: bool, privacy: Privacy) -> Value {
    let webhooks: Vec<Value> = migrations.iter().map(|m| webhook(&m.webhook, privacy)).collect();
    match (array, webhooks.len()) {
        (false, 1) => webhooks.into_iter().next().unwrap_or_default(),
        _ => Value::Array(webhooks),
    }
}

fn webhook(w: &Webhook, privacy: Privacy) -> Value {
    let mut out = Map::new();
    out.insert("version".into(), json!(2));
    if let Some(name) = &w.name {
        out.insert("name".into(), json!(name));
    }
    if let Some(url) = &w.url {
        out.insert("url".into(), json!(redact_query(url, privacy)));
    }
    out.insert("events".into(), w.events.iter().map(|e| e.name).collect());
    let auth = match &w.auth {
        Auth::None => json!({"type": "none"}),
        Auth::Basic { username, password } => {
            json!({"type": "basic", "username": privacy.text(username), "password": privacy.secret(password)})
        }
        Auth::ApiKey { location, name, value } => json!({
            "type": "api_key", "in": location.as_str(), "name": name, "value": privacy.secret(value)
        }),
    };
    out.insert("auth".into(), auth);
    if !w.headers.is_empty() {
        let headers = w
            .headers
            .iter()
            .map(|h| json!({"name": h.name, "value": privacy.secret(&h.value)}))
            .collect();
        out.insert("headers".into(), headers);
    }
    Value::Object(out)
}

/// The URL with the values of secret-looking query parameters redacted.
fn redact_query(url: &str, privacy: Privacy) -> String {
    let Some((base, query)) = url.split_once('?') else {
        return privacy.text(url).into_owned();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) if is_secret_name(name) => format!("{name}={}", privacy.secret(value)),
            _ => pair.to_owned(),
        })
        .collect();
    privacy.text(&format!("{base}?{}", pairs.join("&"))).into_owned()
}

/// The v1 side of a row: the key as the handler read it, or `?name` for a query parameter.
fn read_as(row: &FieldRow, from: &V1Webhook) -> String {
    match row.read_as {
        Read::Key(key) => key.to_owned(),
        Read::Keys(keys) => keys.join(", "),
        Read::QueryParameter(i) => format!("?{}", from.query_params.get(i).map_or("", |p| p.name.as_str())),
    }
}

fn v2_side(row: &FieldRow) -> String {
    let c = row.counterpart;
    if c.v2.is_empty() {
        return "no v2 counterpart".into();
    }
    let paths = c.v2.join(", ");
    if c.values.is_empty() {
        return paths;
    }
    // One line per v2 value, with every v1 code that reads as it.
    let mut lines: Vec<(Vec<&str>, &str)> = Vec::new();
    for &(v1, v2) in c.values {
        match lines.iter_mut().find(|(_, seen)| *seen == v2) {
            Some((codes, _)) => codes.push(v1),
            None => lines.push((vec![v1], v2)),
        }
    }
    let lines: Vec<String> = lines
        .iter()
        .map(|(codes, v2)| format!("{} → {v2}", codes.join(", ")))
        .collect();
    format!("{paths}\n{}", lines.join("\n"))
}

/// The notes and the table of each migrated webhook, for standard error.
pub fn write_notes(
    err: &mut dyn Write,
    file: &str,
    migrations: &[Migration],
    sources: &[V1Webhook],
    color: bool,
) -> io::Result<()> {
    for (i, (m, from)) in migrations.iter().zip(sources).enumerate() {
        let which = if migrations.len() == 1 {
            "the webhook".to_owned()
        } else {
            format!("webhook {} of {}", i + 1, migrations.len())
        };
        writeln!(err, "callhook: {which} in {file} is a v1 {} webhook", m.kind.label())?;
        for note in &m.notes {
            writeln!(err, "  {}: {}", "note".cyan().bold(), escape_control(note))?;
        }
        writeln!(err, "where its v1 fields are in v2:")?;
        let mut table = TextTable::new(&["v1", "v2", "how known", "note"], color);
        for row in &m.fields {
            table.row([
                Cell::from(read_as(row, from)),
                Cell::Own(v2_side(row)),
                Cell::Own(row.counterpart.provenance.as_str().to_owned()),
                Cell::Own(row.counterpart.note.to_owned()),
            ]);
        }
        writeln!(err, "{table}\n")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct Doc<'a> {
    schema_version: u32,
    configuration: &'a Value,
    webhooks: Vec<WebhookView>,
    /// What `validate` says of the configuration written: empty when it passes.
    diagnostics: Vec<DiagnosticView<'a>>,
}

#[derive(Serialize)]
struct WebhookView {
    index: usize,
    #[serde(rename = "type")]
    kind: &'static str,
    notes: Vec<String>,
    fields: Vec<RowView>,
}

#[derive(Serialize)]
struct RowView {
    field: &'static str,
    /// The keys the handler read, for a field of the call log.
    v1: Vec<&'static str>,
    /// The parameter's name, for a mapped query parameter.
    query_parameter: Option<String>,
    /// Empty when v2 has no counterpart.
    v2: &'static [&'static str],
    values: Vec<ValueView>,
    provenance: &'static str,
    note: &'static str,
}

/// Everything as one JSON document: the configuration, each webhook's notes and
/// table, and what `validate` says of the configuration (`check` of `text`).
pub fn write_json(
    out: &mut dyn Write,
    configuration: &Value,
    migrations: &[Migration],
    sources: &[V1Webhook],
    check: (&str, &str, &Checked),
) -> io::Result<()> {
    let (name, text, checked) = check;
    let webhooks = migrations
        .iter()
        .zip(sources)
        .enumerate()
        .map(|(index, (m, from))| WebhookView {
            index,
            kind: m.kind.as_str(),
            notes: m.notes.clone(),
            fields: m
                .fields
                .iter()
                .map(|row| {
                    let (v1, query_parameter) = match row.read_as {
                        Read::Key(key) => (vec![key], None),
                        Read::Keys(keys) => (keys.to_vec(), None),
                        Read::QueryParameter(i) => (Vec::new(), from.query_params.get(i).map(|p| p.name.clone())),
                    };
                    RowView {
                        field: row.field.id,
                        v1,
                        query_parameter,
                        v2: row.counterpart.v2,
                        values: values(row.counterpart),
                        provenance: row.counterpart.provenance.as_str(),
                        note: row.counterpart.note,
                    }
                })
                .collect(),
        })
        .collect();
    let doc = Doc {
        schema_version: SCHEMA_VERSION,
        configuration,
        webhooks,
        diagnostics: checked
            .diagnostics
            .iter()
            .map(|d| DiagnosticView::new(d, name, text))
            .collect(),
    };
    out.write_all(escape_control_in_json(&serde_json::to_string_pretty(&doc)?).as_bytes())?;
    writeln!(out)
}
