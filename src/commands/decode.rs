//! `callhook decode [FILE...]`: every record of every input, decoded and rendered.
//!
//! Streams: one record is held at a time, and output is flushed after each record
//! read from standard input, so `tail -f | callhook decode` prints as records arrive.

use std::io::{self, Write};

use colored::Colorize;

use std::path::Path;

use crate::Status;
use crate::cli::{DecodeArgs, DecodeFormat};
use crate::commands::validate::{check_text, read_config};
use crate::decode::DecodedRecord;
use crate::findings::Severity;
use crate::input::RecordError;
use crate::records::{Input, Item, Tally, read_records};
use crate::render::SCHEMA_VERSION;
use crate::render::decode_json::{ErrorView, RecordView};
use crate::render::decode_text;
use crate::render::diagnostics::{quotable_source, write_text};
use crate::render::record_error::write_record_error;
use crate::settings::Settings;
use crate::validate::Webhook;

pub fn run(args: &DecodeArgs, settings: &Settings, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    let inputs = match Input::from_args(&args.files, "decode") {
        Ok(inputs) => inputs,
        Err(message) => {
            writeln!(err, "{}: {message}", "error".red().bold())?;
            return Ok(Status::CouldNotRun);
        }
    };
    let webhooks = match &args.config {
        None => None,
        Some(path) => match load_config(path, settings, err)? {
            Some(webhooks) => Some(webhooks),
            None => return Ok(Status::CouldNotRun),
        },
    };
    let mut sink = Sink::new(args.format, settings);
    sink.begin(out)?;
    let tally = read_records(
        &inputs,
        args.input_format,
        webhooks.as_deref(),
        settings.tz,
        |item| match item {
            Item::Decoded(record, number) => sink.record(out, record, number),
            // Output is flushed before an error, so that where both go to one terminal
            // the error stands after the record before it.
            Item::Failed(e, number) => {
                out.flush()?;
                write_record_error(err, e, number, settings.privacy)?;
                sink.failure(e, number);
                Ok(())
            }
            Item::Unreadable(name, e) => {
                out.flush()?;
                Item::write_unreadable(err, name, e)
            }
            Item::Idle => out.flush(),
        },
    )?;
    sink.end(out, &tally)?;
    out.flush()?;
    tally.write_summary(err)?;
    Ok(tally.status())
}

/// The webhooks of a configuration, or `None` after saying on `err` why it cannot
/// be used: unreadable, or with errors `validate` reports.
fn load_config(path: &Path, settings: &Settings, err: &mut dyn Write) -> io::Result<Option<Vec<Webhook>>> {
    let (name, text) = match read_config(path) {
        Ok(read) => read,
        Err(message) => {
            writeln!(err, "{}: {message}", "error".red().bold())?;
            return Ok(None);
        }
    };
    let checked = check_text(&text);
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.rule.severity() == Severity::Error)
        .cloned()
        .collect();
    if errors.is_empty() {
        return Ok(Some(checked.webhooks));
    }
    let source = quotable_source(&text, &checked.secrets, settings.privacy.show_secrets);
    write_text(err, &name, &source, &errors, settings.color)?;
    writeln!(
        err,
        "{}: the configuration {name} has errors; fix them first (`callhook validate {name}`)",
        "error".red().bold()
    )?;
    Ok(None)
}

/// Writes records in the chosen format as they come; `json` is one document whose
/// `errors` and `summary` follow the records.
struct Sink<'s> {
    format: DecodeFormat,
    settings: &'s Settings,
    written: usize,
    errors: Vec<(RecordError, usize)>,
    buffer: Vec<u8>,
}

impl<'s> Sink<'s> {
    fn new(format: DecodeFormat, settings: &'s Settings) -> Self {
        Self {
            format,
            settings,
            written: 0,
            errors: Vec::new(),
            buffer: Vec::with_capacity(1 << 14),
        }
    }

    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.format == DecodeFormat::Json {
            write!(out, "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"records\": [")?;
        }
        Ok(())
    }

    fn record(&mut self, out: &mut dyn Write, r: &DecodedRecord, record: usize) -> io::Result<()> {
        let privacy = self.settings.privacy;
        match self.format {
            DecodeFormat::Text => decode_text::write_record(out, r, record, self.written > 0, self.settings)?,
            DecodeFormat::Ndjson => {
                // One write per record: serde_json's many small writes are slow
                // through a `dyn Write`.
                self.buffer.clear();
                serde_json::to_writer(&mut self.buffer, &RecordView::new(r, record, privacy, self.settings.tz))?;
                self.buffer.push(b'\n');
                out.write_all(&self.buffer)?;
            }
            DecodeFormat::Json => {
                out.write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
                write_indented(
                    out,
                    &RecordView::new(r, record, privacy, self.settings.tz),
                    "    ",
                    true,
                )?;
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Kept for the `errors` list of `--format json`.
    fn failure(&mut self, e: &RecordError, record: usize) {
        if self.format == DecodeFormat::Json {
            self.errors.push((e.clone(), record));
        }
    }

    fn end(&mut self, out: &mut dyn Write, tally: &Tally) -> io::Result<()> {
        if self.format != DecodeFormat::Json {
            return Ok(());
        }
        let privacy = self.settings.privacy;
        let errors: Vec<ErrorView> = self
            .errors
            .iter()
            .map(|(e, n)| ErrorView::new(e, *n, privacy))
            .collect();
        out.write_all(if self.written == 0 {
            b"],\n  \"errors\": "
        } else {
            b"\n  ],\n  \"errors\": "
        })?;
        write_indented(out, &errors, "  ", false)?;
        let summary = serde_json::json!({
            "records": tally.decoded + tally.failed,
            "decoded": tally.decoded,
            "failed": tally.failed,
        });
        out.write_all(b",\n  \"summary\": ")?;
        write_indented(out, &summary, "  ", false)?;
        out.write_all(b"\n}\n")
    }
}

/// Pretty JSON nested inside the document: every line after the first indented by
/// `indent`, the first too when it starts a line of its own.
fn write_indented(out: &mut dyn Write, value: &impl serde::Serialize, indent: &str, own_line: bool) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        if i > 0 || own_line {
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}
