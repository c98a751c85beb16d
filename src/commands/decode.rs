//! `callhook decode [FILE...]`: every record of every input, decoded and rendered.
//!
//! Streams: one record is held at a time, and output is flushed after each record
//! read from standard input, so `tail -f | callhook decode` prints as records arrive.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use colored::Colorize;

use crate::Status;
use crate::cli::{DecodeArgs, DecodeFormat};
use crate::decode::{DecodedRecord, decode_record};
use crate::findings::Severity;
use crate::input::RecordError;
use crate::input::reader::{ReadError, RecordReader};
use crate::render::SCHEMA_VERSION;
use crate::render::decode_json::{ErrorView, RecordView};
use crate::render::decode_text;
use crate::render::record_error::write_record_error;
use crate::settings::Settings;

/// Where records come from: a named file or standard input.
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The inputs of a command: its FILE arguments, or stdin when it is not a terminal.
    pub fn from_args(files: &[PathBuf]) -> Result<Vec<Input>, String> {
        if files.is_empty() {
            if io::stdin().is_terminal() {
                return Err(
                    "no input: name capture files, or pipe a capture into standard input (`pbpaste | callhook decode`)"
                        .into(),
                );
            }
            return Ok(vec![Input::Stdin]);
        }
        Ok(files
            .iter()
            .map(|f| {
                if f.as_os_str() == "-" {
                    Input::Stdin
                } else {
                    Input::File(f.clone())
                }
            })
            .collect())
    }

    pub fn name(&self) -> Arc<str> {
        match self {
            Input::Stdin => Arc::from("<stdin>"),
            Input::File(path) => Arc::from(path.display().to_string()),
        }
    }

    pub fn open(&self) -> io::Result<Box<dyn BufRead>> {
        Ok(match self {
            Input::Stdin => Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
            Input::File(path) => Box::new(BufReader::with_capacity(1 << 18, File::open(path)?)),
        })
    }
}

/// Counts for the closing summary.
#[derive(Debug, Default)]
struct Tally {
    decoded: usize,
    failed: usize,
    with_errors: usize,
    unreadable: usize,
}

pub fn run(args: &DecodeArgs, settings: &Settings, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    let inputs = match Input::from_args(&args.files) {
        Ok(inputs) => inputs,
        Err(message) => {
            writeln!(err, "{}: {message}", "error".red().bold())?;
            return Ok(Status::CouldNotRun);
        }
    };
    let mut sink = Sink::new(args.format, settings);
    sink.begin(out)?;
    let mut tally = Tally::default();
    for input in &inputs {
        let name = input.name();
        let stream = match input.open() {
            Ok(stream) => stream,
            Err(e) => {
                out.flush()?;
                writeln!(err, "{}: cannot read {name}: {e}", "error".red().bold())?;
                tally.unreadable += 1;
                continue;
            }
        };
        let flush_each = matches!(input, Input::Stdin);
        let mut record = 0;
        for item in RecordReader::new(stream, name.clone(), args.input_format) {
            match item {
                Ok(raw) => {
                    for result in decode_record(&raw, settings.tz) {
                        record += 1;
                        match result {
                            Ok(decoded) => {
                                tally.decoded += 1;
                                if decoded.findings.iter().any(|f| f.severity() == Severity::Error) {
                                    tally.with_errors += 1;
                                }
                                sink.record(out, &decoded, record)?;
                            }
                            Err(e) => {
                                tally.failed += 1;
                                sink.failure(out, err, &e, record)?;
                            }
                        }
                    }
                }
                Err(ReadError::Record(e)) => {
                    record += 1;
                    tally.failed += 1;
                    sink.failure(out, err, &e, record)?;
                }
                Err(ReadError::Io(e)) => {
                    writeln!(err, "{}: cannot read {name}: {e}", "error".red().bold())?;
                    tally.unreadable += 1;
                    break;
                }
            }
            if flush_each {
                out.flush()?;
            }
        }
    }
    sink.end(out, &tally)?;
    out.flush()?;
    let total = tally.decoded + tally.failed;
    let noun = if total == 1 { "record" } else { "records" };
    writeln!(
        err,
        "callhook: {total} {noun}: {} decoded, {} failed",
        tally.decoded, tally.failed
    )?;
    Ok(if tally.unreadable > 0 {
        Status::CouldNotRun
    } else if tally.failed > 0 || tally.with_errors > 0 {
        Status::Problems
    } else {
        Status::Clean
    })
}

/// Writes records in the chosen format as they come; `json` is one document whose
/// `errors` and `summary` follow the records.
struct Sink<'s> {
    format: DecodeFormat,
    settings: &'s Settings,
    written: usize,
    errors: Vec<(RecordError, usize)>,
}

impl<'s> Sink<'s> {
    fn new(format: DecodeFormat, settings: &'s Settings) -> Self {
        Self {
            format,
            settings,
            written: 0,
            errors: Vec::new(),
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
                serde_json::to_writer(&mut *out, &RecordView::new(r, record, privacy, self.settings.tz))?;
                out.write_all(b"\n")?;
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

    /// Output is flushed first, so that where both go to one terminal the error
    /// stands after the record before it.
    fn failure(&mut self, out: &mut dyn Write, err: &mut dyn Write, e: &RecordError, record: usize) -> io::Result<()> {
        out.flush()?;
        write_record_error(err, e, record, self.settings.privacy)?;
        if self.format == DecodeFormat::Json {
            self.errors.push((e.clone(), record));
        }
        Ok(())
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
