//! `callhook decode [FILE...]`: every record of every input, decoded and rendered.
//!
//! Records are rendered on the workers of `records::read_records` and written here
//! in input order. A record's number within its file is known only in order (a JSON
//! array is many records), so workers render a placeholder number that the writer
//! replaces.

use std::io::{self, IoSlice, Write};

use std::path::Path;
use std::sync::Mutex;

use crate::Status;
use crate::cli::{DecodeArgs, DecodeFormat};
use crate::commands::validate::{Loaded, load};
use crate::decode::DecodedRecord;
use crate::input::RecordError;
use crate::records::{Input, Item, Reading, Tally, read_records, write_unreadable};
use crate::render::SCHEMA_VERSION;
use crate::render::decode_json::{ErrorView, RecordView};
use crate::render::decode_text;
use crate::render::json_writer::WriteJson;
use crate::render::message::write_error;
use crate::render::pretty::write_indented;
use crate::render::record_error::write_record_error;
use crate::settings::Settings;
use crate::validate::Webhook;

pub fn run(args: &DecodeArgs, settings: &Settings, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    let inputs = match Input::from_args(&args.files, "decode") {
        Ok(inputs) => inputs,
        Err(message) => {
            write_error(err, message)?;
            return Ok(Status::CouldNotRun);
        }
    };
    let webhooks = match &args.config {
        None => None,
        Some(path) => match load_config(path, "decode --config", settings, err)? {
            Some(webhooks) => Some(webhooks),
            None => return Ok(Status::CouldNotRun),
        },
    };
    let buffers = Buffers::default();
    let mut sink = Sink::new(args.format, settings, &buffers);
    sink.begin(out)?;
    let reading = Reading {
        config: webhooks.as_deref(),
        tz: settings.tz,
    };
    let format = args.format;
    let tally = read_records(
        &inputs,
        args.input_format,
        |raw| reading.decode(raw, |record| render(format, settings, &record, buffers.take())),
        |item| match item {
            Item::Decoded(rendered, number) => sink.record(out, rendered, number),
            // Output is flushed before an error, so that where both go to one terminal
            // the error stands after the record before it.
            Item::Failed(e, number) => {
                sink.flush(out)?;
                write_record_error(err, e, number, settings.privacy)?;
                sink.failure(e, number);
                Ok(())
            }
            Item::Unreadable(name, e) => {
                sink.flush(out)?;
                write_unreadable(err, name, e)
            }
            Item::Idle => sink.flush(out),
        },
    )?;
    sink.end(out, &tally)?;
    out.flush()?;
    tally.write_summary(err)?;
    Ok(tally.status())
}

/// The webhooks of a configuration, or `None` after saying on `err` why it cannot
/// be used: unreadable, or with errors `validate` reports. `option` is how the
/// command that reads it names it (`decode --config`, `listen --config`).
pub(crate) fn load_config(
    path: &Path,
    option: &str,
    settings: &Settings,
    err: &mut dyn Write,
) -> io::Result<Option<Vec<Webhook>>> {
    match load(path, settings, err)? {
        Loaded::Checked { name, checked, .. } if !checked.v2_webhooks.is_empty() => {
            write_error(
                err,
                format_args!("{name} configures Webhook v2, and `{option}` checks requests against v1 webhooks only"),
            )?;
            Ok(None)
        }
        Loaded::Checked { checked, .. } => Ok(Some(checked.webhooks)),
        Loaded::Unreadable | Loaded::HasErrors => Ok(None),
    }
}

/// The record number workers render, replaced by the real one when written.
const UNNUMBERED: usize = usize::MAX;

/// A record rendered on a worker, numbered [`UNNUMBERED`] at `number_at`.
struct Rendered {
    bytes: Vec<u8>,
    number_at: Option<usize>,
}

/// Render buffers handed back by the writer for the workers to fill again: a
/// buffer per record would be allocated on one thread and freed on another,
/// and the allocator would keep fetching fresh pages from the system for them.
#[derive(Default)]
struct Buffers(Mutex<Vec<Vec<u8>>>);

impl Buffers {
    /// Buffers larger than this (a huge record) go back to the allocator.
    const KEPT_CAPACITY: usize = 1 << 16;

    fn take(&self) -> Vec<u8> {
        self.0
            .lock()
            .ok()
            .and_then(|mut free| free.pop())
            .unwrap_or_else(|| Vec::with_capacity(4096))
    }

    fn give(&self, mut buffer: Vec<u8>) {
        if buffer.capacity() <= Self::KEPT_CAPACITY
            && let Ok(mut free) = self.0.lock()
        {
            buffer.clear();
            free.push(buffer);
        }
    }
}

/// One record in the chosen format, numbered [`UNNUMBERED`], into `buffer`.
fn render(format: DecodeFormat, settings: &Settings, r: &DecodedRecord, mut buffer: Vec<u8>) -> Rendered {
    let view = || RecordView::new(r, UNNUMBERED, settings.privacy, settings.tz);
    match format {
        DecodeFormat::Text => {
            // Writing to a Vec cannot fail.
            let _ = decode_text::write_record(&mut buffer, r, UNNUMBERED, false, settings);
        }
        DecodeFormat::Ndjson => {
            view().write_json(&mut buffer);
            buffer.push(b'\n');
        }
        DecodeFormat::Json => {
            let _ = write_indented(&mut buffer, &view(), "    ", true);
        }
    }
    let needle = numbered_at(format).as_bytes();
    // The first byte filters, so that whole comparisons are rare.
    let number_at = buffer
        .windows(needle.len())
        .position(|w| w[0] == needle[0] && w == needle)
        .map(|at| at + needle.len() - UNNUMBERED_DIGITS);
    Rendered {
        bytes: buffer,
        number_at,
    }
}

/// `UNNUMBERED.to_string().len()`.
const UNNUMBERED_DIGITS: usize = 20;

/// Where the placeholder number stands in each format: the first place it can.
fn numbered_at(format: DecodeFormat) -> &'static str {
    match format {
        DecodeFormat::Text => "# record 18446744073709551615",
        DecodeFormat::Ndjson => "\"record\":18446744073709551615",
        DecodeFormat::Json => "\"record\": 18446744073709551615",
    }
}

/// Writes records in the chosen format as they come; `json` is one document whose
/// `errors` and `summary` follow the records.
///
/// Records wait in `pending` until about [`Sink::WRITE_AT`] bytes have come, then
/// go out in one vectored write, straight from the workers' buffers: copying each
/// into a write buffer would cost the one thread that writes as much as the output.
struct Sink<'s> {
    format: DecodeFormat,
    settings: &'s Settings,
    buffers: &'s Buffers,
    written: usize,
    errors: Vec<(RecordError, usize)>,
    pending: Vec<(Rendered, usize)>,
    pending_bytes: usize,
}

impl<'s> Sink<'s> {
    const WRITE_AT: usize = 1 << 18;

    fn new(format: DecodeFormat, settings: &'s Settings, buffers: &'s Buffers) -> Self {
        Self {
            format,
            settings,
            buffers,
            written: 0,
            errors: Vec::new(),
            pending: Vec::new(),
            pending_bytes: 0,
        }
    }

    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.format == DecodeFormat::Json {
            write!(out, "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"records\": [")?;
        }
        Ok(())
    }

    /// Takes a rendered record, to be written with its number in place of the
    /// placeholder.
    fn record(&mut self, out: &mut dyn Write, rendered: Rendered, number: usize) -> io::Result<()> {
        self.pending_bytes += rendered.bytes.len();
        self.pending.push((rendered, number));
        if self.pending_bytes >= Self::WRITE_AT {
            self.write_pending(out)?;
        }
        Ok(())
    }

    /// Writes the records taken so far and flushes `out`.
    fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.write_pending(out)?;
        out.flush()
    }

    fn write_pending(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut digits = Vec::with_capacity(self.pending.len() * 8);
        let mut number_ends = Vec::with_capacity(self.pending.len());
        let mut itoa = itoa::Buffer::new();
        for (_, number) in &self.pending {
            digits.extend_from_slice(itoa.format(*number).as_bytes());
            number_ends.push(digits.len());
        }
        let mut slices = Vec::with_capacity(self.pending.len() * 4);
        let mut number_start = 0;
        for ((rendered, _), &number_end) in self.pending.iter().zip(&number_ends) {
            let separator: &[u8] = match (self.format, self.written) {
                (DecodeFormat::Text, 0) | (DecodeFormat::Ndjson, _) => b"",
                (DecodeFormat::Text, _) => b"\n",
                (DecodeFormat::Json, 0) => b"\n",
                (DecodeFormat::Json, _) => b",\n",
            };
            self.written += 1;
            let bytes = &rendered.bytes;
            match rendered.number_at {
                Some(at) => slices.extend([
                    IoSlice::new(separator),
                    IoSlice::new(&bytes[..at]),
                    IoSlice::new(&digits[number_start..number_end]),
                    IoSlice::new(&bytes[at + UNNUMBERED_DIGITS..]),
                ]),
                None => slices.extend([IoSlice::new(separator), IoSlice::new(bytes)]),
            }
            number_start = number_end;
        }
        slices.retain(|s| !s.is_empty());
        let mut slices = &mut slices[..];
        while !slices.is_empty() {
            match out.write_vectored(slices) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WriteZero,
                        "the output took no more bytes, so what was written is incomplete",
                    ));
                }
                Ok(n) => IoSlice::advance_slices(&mut slices, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        for (rendered, _) in self.pending.drain(..) {
            self.buffers.give(rendered.bytes);
        }
        self.pending_bytes = 0;
        Ok(())
    }

    /// Kept for the `errors` list of `--format json`.
    fn failure(&mut self, e: &RecordError, record: usize) {
        if self.format == DecodeFormat::Json {
            self.errors.push((e.clone(), record));
        }
    }

    fn end(&mut self, out: &mut dyn Write, tally: &Tally) -> io::Result<()> {
        self.write_pending(out)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that takes at most a few bytes a call, as a pipe may.
    struct Trickle(Vec<u8>);

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(7);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
            // Only the first slice, and only part of it.
            bufs.iter().find(|b| !b.is_empty()).map_or(Ok(0), |b| self.write(b))
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Records written in short, partial writes come out whole, numbered and in
    /// order, and their buffers go back for the workers to fill again.
    #[test]
    fn partial_writes_lose_nothing() {
        let settings = Settings {
            color: false,
            privacy: crate::privacy::Privacy::default(),
            tz: chrono::FixedOffset::east_opt(0).unwrap(),
        };
        let buffers = Buffers::default();
        let mut sink = Sink::new(DecodeFormat::Ndjson, &settings, &buffers);
        let mut out = Trickle(Vec::new());
        let mut expected = String::new();
        for number in 1..=40 {
            let mut bytes = buffers.take();
            let text = format!(
                "{{\"record\":{UNNUMBERED},\"pad\":\"{}\"}}\n",
                "x".repeat(number * 1000)
            );
            bytes.extend_from_slice(text.as_bytes());
            let number_at = Some(text.find(&UNNUMBERED.to_string()).unwrap());
            sink.record(&mut out, Rendered { bytes, number_at }, number).unwrap();
            expected.push_str(&text.replace(&UNNUMBERED.to_string(), &number.to_string()));
        }
        sink.flush(&mut out).unwrap();
        assert_eq!(String::from_utf8(out.0).unwrap(), expected);
        assert!(sink.pending.is_empty());
        // Written buffers came back empty, and were taken again: fewer than 40.
        let free = buffers.0.lock().unwrap();
        assert!((1..40).contains(&free.len()), "{}", free.len());
        assert!(free.iter().all(Vec::is_empty));
        assert_eq!(UNNUMBERED.to_string().len(), UNNUMBERED_DIGITS);
    }

    /// A writer that is interrupted once, then takes everything, or that takes
    /// nothing at all.
    struct Stubborn {
        interrupted: bool,
        takes_nothing: bool,
        out: Vec<u8>,
    }

    impl Write for Stubborn {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if !self.interrupted {
                self.interrupted = true;
                return Err(io::ErrorKind::Interrupted.into());
            }
            if self.takes_nothing {
                return Ok(0);
            }
            self.out.extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// An interrupted write is tried again; an output that takes nothing is an
    /// error, not a loop.
    #[test]
    fn interrupted_writes_are_retried_and_a_stuck_output_fails() {
        let settings = Settings {
            color: false,
            privacy: crate::privacy::Privacy::default(),
            tz: chrono::FixedOffset::east_opt(0).unwrap(),
        };
        for takes_nothing in [false, true] {
            let buffers = Buffers::default();
            let mut sink = Sink::new(DecodeFormat::Ndjson, &settings, &buffers);
            let mut out = Stubborn {
                interrupted: false,
                takes_nothing,
                out: Vec::new(),
            };
            let rendered = Rendered {
                bytes: b"{\"a\":1}\n".to_vec(),
                number_at: None,
            };
            sink.record(&mut out, rendered, 1).unwrap();
            let result = sink.flush(&mut out);
            if takes_nothing {
                let e = result.unwrap_err();
                assert_eq!(e.kind(), io::ErrorKind::WriteZero);
                assert!(e.to_string().contains("incomplete"), "{e}");
            } else {
                result.unwrap();
                assert_eq!(out.out, b"{\"a\":1}\n");
            }
        }
    }
}
