//! `decode` as text: a heading per record, a table of query parameters, form fields
//! and call-log fields, and the findings under them; a blank line between records.

use std::io::{self, Write};

use colored::Colorize;

use super::DecodeReport;
use crate::decode::interpret::format_time;
use crate::decode::{DecodedRecord, Param, Payload, Request, Shape};
use crate::findings::{Finding, Severity};
use crate::render::entry_text::meaning;
use crate::render::json_writer::RecordNumber;
use crate::render::table::{Cell, TextTable, shown_cell};
use crate::render::visible;
use crate::settings::Settings;
use crate::terminal::escape_control;

/// How much of a body that is neither form nor JSON the text output shows.
const BODY_SHOWN_CHARS: usize = 2000;

/// `--format text`, for people.
pub struct DecodeText {
    settings: Settings,
    /// `--ascii`: tables and separators without Unicode.
    ascii: bool,
    /// What bold text is wrapped in (nothing without colour): the heading is bold
    /// around the record number, which is written apart from it.
    bold: (String, String),
}

impl DecodeText {
    pub fn new(settings: Settings, ascii: bool) -> Self {
        let probe = "|".bold().to_string();
        let (on, off) = probe.split_once('|').unwrap_or_default();
        DecodeText {
            settings,
            ascii,
            bold: (on.to_owned(), off.to_owned()),
        }
    }
}

impl DecodeReport for DecodeText {
    fn record(&self, record: &DecodedRecord, number: RecordNumber<'_>, out: &mut Vec<u8>) {
        // Writing to a Vec cannot fail.
        let _ = self.write_record(out, record, number);
    }

    fn separator(&self, written: usize) -> &'static [u8] {
        if written == 0 { b"" } else { b"\n" }
    }
}

impl DecodeText {
    /// Writes one record: its heading, then its request, call log and findings.
    pub fn write_record(&self, out: &mut Vec<u8>, r: &DecodedRecord, number: RecordNumber<'_>) -> io::Result<()> {
        let (bold, unbold) = &self.bold;
        out.extend_from_slice(bold.as_bytes());
        out.extend_from_slice(b"# record ");
        number.write(out);
        let dot = self.dot();
        writeln!(
            out,
            " {dot} {}:{} {dot} {}{unbold}",
            clean(&r.source.file),
            r.source.line,
            r.format.describe()
        )?;
        if let Some(shape) = r.shape {
            let content_type = r.request.as_ref().and_then(|q| q.content_type.as_deref());
            writeln!(out, "{:<12}{}", "arrived as", arrived_as(shape, content_type))?;
        }
        if let Some(q) = &r.request {
            self.write_request(out, q, r.payload.is_some())?;
        }
        if let Some(p) = &r.payload {
            self.write_call_log(out, p)?;
        }
        if !r.findings.is_empty() {
            writeln!(out, "\nfindings")?;
            for f in &r.findings {
                write_finding(out, f, self.settings)?;
            }
        }
        Ok(())
    }

    /// What the request carried, but the call log (`has_call_log`: the `myoperator`
    /// form field was read as one).
    fn write_request(&self, out: &mut Vec<u8>, q: &Request, has_call_log: bool) -> io::Result<()> {
        let settings = self.settings;
        let privacy = settings.privacy;
        let line = |out: &mut Vec<u8>, label: &str, value: &str| writeln!(out, "{label:<12}{}", shown_cell(value));
        if let Some(method) = &q.method {
            line(out, "method", method)?;
        }
        if let Some(url) = &q.url {
            line(out, "url", &visible::url(url, &q.query, privacy))?;
        }
        if let Some(received) = q.received {
            line(out, "received", &format_time(received.to_utc(), settings.tz))?;
        }
        if let Some(status) = q.status {
            line(out, "status", &status.to_string())?;
        }
        if let Some(c) = &q.credentials {
            line(out, "credentials", &visible::credentials(c, privacy))?;
        }
        if !q.headers.is_empty() {
            writeln!(out, "\nheaders")?;
            let mut table = self.table(&["name", "value", "PHP reads it as"]);
            for h in &q.headers {
                table.row([
                    privacy.name(&h.name),
                    visible::header_value(h, privacy),
                    privacy.name(&h.php_name),
                ]);
            }
            writeln!(out, "{table}")?;
        }
        if !q.query.is_empty() {
            writeln!(out, "\nquery parameters")?;
            self.write_params(out, &q.query)?;
            if q.query.iter().any(|p| p.inferred) {
                writeln!(out, "{}", "meanings inferred from the parameter names".dimmed())?;
            }
        }
        let form: Vec<&Param> = q
            .form
            .iter()
            .filter(|p| p.name != "myoperator" || !has_call_log)
            .collect();
        if !form.is_empty() {
            writeln!(out, "\nform fields")?;
            self.write_params(out, form)?;
        }
        if let Some(body) = &q.body_text {
            let kind = q.content_type.as_deref().unwrap_or("no Content-Type");
            writeln!(out, "\nbody ({}, {} bytes)", clean(&privacy.text(kind)), body.len())?;
            let shown: String = body.chars().take(BODY_SHOWN_CHARS).collect();
            writeln!(out, "{}", clean(&privacy.text(&shown)))?;
            if body.chars().count() > BODY_SHOWN_CHARS {
                writeln!(out, "{}", "... (cut; --format json has it whole)".dimmed())?;
            }
        }
        Ok(())
    }

    /// The call log's family and a table of its fields.
    fn write_call_log(&self, out: &mut Vec<u8>, p: &Payload) -> io::Result<()> {
        let settings = self.settings;
        let noun = if p.fields.len() == 1 { "field" } else { "fields" };
        let what = if p.family.is_v2() { "event" } else { "call log" };
        let dot = self.dot();
        writeln!(
            out,
            "\n{what} {dot} {} {dot} {} {noun}",
            p.family.as_str(),
            p.fields.len()
        )?;
        let mut table = self.table(&["field", "meaning", "value", "interpreted"]);
        for row in &p.fields {
            let meaning = meaning(row.field);
            let meaning = if row.field.is_none_or(|f| f.meaning.is_empty()) && settings.color {
                meaning.dimmed().to_string()
            } else {
                meaning.to_owned()
            };
            table.row([
                Cell::from(settings.privacy.name(row.path())),
                Cell::Own(meaning),
                Cell::from(visible::value(row, settings.privacy).to_string()),
                Cell::from(visible::display(row, settings.privacy).unwrap_or_default()),
            ]);
        }
        writeln!(out, "{table}")
    }
}

/// How a record's call log or event arrived, as a line of text says it.
fn arrived_as(shape: Shape, content_type: Option<&str>) -> String {
    match shape {
        Shape::Query => "query parameters, named by their names (a GET webhook)".into(),
        Shape::Form => "a form, the call log as JSON in its `myoperator` field".into(),
        Shape::FormAsText => match content_type {
            Some(t) => format!(
                "a form sent as `{}`, the call log as JSON in its `myoperator` field",
                clean(t)
            ),
            None => "a form with no Content-Type, the call log as JSON in its `myoperator` field".into(),
        },
        Shape::Json => "JSON, the call log's keys at the top".into(),
        Shape::JsonInMyoperator => "JSON, the call log as an object in `myoperator`".into(),
        Shape::JsonTextInMyoperator => "JSON, the call log as JSON text in `myoperator`".into(),
        Shape::V2Envelope => "JSON, a Webhook v2 envelope".into(),
    }
}

/// Captured text, safe for a terminal.
fn clean(s: &str) -> String {
    escape_control(s).into_owned()
}

impl DecodeText {
    /// The separator of a heading's parts.
    fn dot(&self) -> &'static str {
        if self.ascii { "-" } else { "·" }
    }

    fn table(&self, headers: &[&str]) -> TextTable {
        let mut table = TextTable::new(headers, self.settings.color);
        if self.ascii {
            table.ascii();
        }
        table
    }

    fn write_params<'a>(&self, out: &mut dyn Write, params: impl IntoIterator<Item = &'a Param>) -> io::Result<()> {
        let mut table = self.table(&["name", "as sent", "decoded", "meaning", "interpreted"]);
        for p in params {
            let s = visible::param(p, self.settings.privacy);
            table.row([
                Cell::from(s.name),
                Cell::from(s.raw),
                Cell::from(format!("{:?}", s.value.as_ref())),
                Cell::Own(p.field.map(|f| meaning(Some(f)).to_owned()).unwrap_or_default()),
                Cell::from(s.display.unwrap_or_default()),
            ]);
        }
        writeln!(out, "{table}")
    }
}

pub fn write_finding(out: &mut dyn Write, f: &Finding, settings: Settings) -> io::Result<()> {
    let label = format!("{}[{}]", f.severity().as_str(), f.id.as_str());
    let label = match f.severity() {
        Severity::Error => label.red().bold(),
        Severity::Warning => label.yellow().bold(),
        Severity::Info => label.cyan(),
    };
    let at = f
        .path
        .as_deref()
        .map(|p| format!(" {}:", escape_control(&settings.privacy.text(p))))
        .unwrap_or_default();
    writeln!(
        out,
        "{label}{at} {}",
        escape_control(&settings.privacy.message(&f.message))
    )
}
