//! The performance machinery of `decode`'s output, behind [`DecodeReport`]: records
//! are rendered on the reading workers into pooled buffers, then written here in
//! input order, numbered, in large vectored writes straight from those buffers.
//!
//! A record's number within its file is known only once the records are back in
//! order (a JSON array is many records), so a format leaves its place
//! ([`RecordNumber::Later`]) and [`RecordWriter`] writes the number there.

use std::cell::Cell;
use std::io::{self, IoSlice, Write};
use std::sync::Mutex;

use super::{DecodeReport, Ending};
use crate::decode::DecodedRecord;
use crate::input::RecordError;
use crate::pipeline::Tally;
use crate::render::json_writer::RecordNumber;

/// A record rendered on a worker, with the place its number goes.
pub struct Rendered {
    bytes: Vec<u8>,
    number_at: Option<usize>,
}

/// Render buffers handed back by the writer for the workers to fill again: a
/// buffer per record would be allocated on one thread and freed on another,
/// and the allocator would keep fetching fresh pages from the system for them.
#[derive(Default)]
struct BufferPool(Mutex<Vec<Vec<u8>>>);

impl BufferPool {
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

/// A format and its buffers: shared by the workers, which render records, and the
/// writer, which writes them.
pub struct DecodeOutput<'r> {
    report: Box<dyn DecodeReport + 'r>,
    pool: BufferPool,
}

impl<'r> DecodeOutput<'r> {
    pub fn new(report: Box<dyn DecodeReport + 'r>) -> Self {
        DecodeOutput {
            report,
            pool: BufferPool::default(),
        }
    }

    /// One record in the format, its number left for the writer.
    pub fn render(&self, record: &DecodedRecord) -> Rendered {
        let mut bytes = self.pool.take();
        let place = Cell::new(None);
        self.report.record(record, RecordNumber::Later(&place), &mut bytes);
        Rendered {
            bytes,
            number_at: place.get(),
        }
    }

    /// The one writer of the rendered records.
    pub fn writer(&self) -> RecordWriter<'_> {
        RecordWriter {
            report: &*self.report,
            pool: &self.pool,
            written: 0,
            failures: 0,
            kept: Vec::new(),
            pending: Vec::new(),
            pending_bytes: 0,
        }
    }
}

/// Writes records as they come, in the order given, each with its number.
///
/// Records wait in `pending` until about [`RecordWriter::WRITE_AT`] bytes have come,
/// then go out in one vectored write, straight from the workers' buffers: copying
/// each into a write buffer would cost the one thread that writes as much as the
/// output.
pub struct RecordWriter<'o> {
    report: &'o dyn DecodeReport,
    pool: &'o BufferPool,
    written: usize,
    failures: usize,
    /// What the format keeps of failed records for its end.
    kept: Vec<u8>,
    pending: Vec<(Rendered, usize)>,
    pending_bytes: usize,
}

impl RecordWriter<'_> {
    const WRITE_AT: usize = 1 << 18;

    pub fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.report.begin(out)
    }

    /// Takes record number `number`, to be written in order.
    pub fn record(&mut self, out: &mut dyn Write, rendered: Rendered, number: usize) -> io::Result<()> {
        self.pending_bytes += rendered.bytes.len();
        self.pending.push((rendered, number));
        if self.pending_bytes >= Self::WRITE_AT {
            self.write_pending(out)?;
        }
        Ok(())
    }

    /// A record that failed, for the formats that list failures at the end.
    pub fn failure(&mut self, e: &RecordError, number: usize) {
        self.report.failure(e, number, &mut self.kept, self.failures);
        self.failures += 1;
    }

    /// Writes the records taken so far and flushes `out`.
    pub fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.write_pending(out)?;
        out.flush()
    }

    pub fn end(&mut self, out: &mut dyn Write, tally: &Tally) -> io::Result<()> {
        self.write_pending(out)?;
        let ending = Ending {
            written: self.written,
            failures: self.failures,
            kept: &self.kept,
            tally,
        };
        self.report.end(out, &ending)
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
            let separator = self.report.separator(self.written);
            self.written += 1;
            let bytes = &rendered.bytes;
            match rendered.number_at {
                Some(at) => slices.extend([
                    IoSlice::new(separator),
                    IoSlice::new(&bytes[..at]),
                    IoSlice::new(&digits[number_start..number_end]),
                    IoSlice::new(&bytes[at..]),
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
            self.pool.give(rendered.bytes);
        }
        self.pending_bytes = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    /// A format whose records are `{"record":N,"pad":"xx..."}` lines.
    struct Padded;

    impl DecodeReport for Padded {
        fn record(&self, record: &DecodedRecord, number: RecordNumber<'_>, out: &mut Vec<u8>) {
            out.extend_from_slice(b"{\"record\":");
            number.write(out);
            let pad = "x".repeat(record.source.line * 1000);
            out.extend_from_slice(format!(",\"pad\":\"{pad}\"}}\n").as_bytes());
        }

        fn separator(&self, _written: usize) -> &'static [u8] {
            b""
        }
    }

    fn record(line: usize) -> DecodedRecord {
        DecodedRecord {
            source: crate::input::Source {
                file: std::sync::Arc::from("t"),
                line,
            },
            format: crate::input::InputFormat::Json,
            shape: None,
            request: None,
            payload: None,
            findings: Vec::new(),
        }
    }

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
        let output = DecodeOutput::new(Box::new(Padded));
        let mut writer = output.writer();
        let mut out = Trickle(Vec::new());
        let mut expected = String::new();
        for number in 1..=40 {
            let rendered = output.render(&record(number));
            assert!(rendered.number_at.is_some());
            writer.record(&mut out, rendered, number).unwrap();
            let _ = writeln!(
                expected,
                "{{\"record\":{number},\"pad\":\"{}\"}}",
                "x".repeat(number * 1000)
            );
        }
        writer.flush(&mut out).unwrap();
        assert_eq!(String::from_utf8(out.0).unwrap(), expected);
        assert!(writer.pending.is_empty());
        // Written buffers came back empty, and were taken again: fewer than 40.
        let free = output.pool.0.lock().unwrap();
        assert!((1..40).contains(&free.len()), "{}", free.len());
        assert!(free.iter().all(Vec::is_empty));
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
        for takes_nothing in [false, true] {
            let output = DecodeOutput::new(Box::new(Padded));
            let mut writer = output.writer();
            let mut out = Stubborn {
                interrupted: false,
                takes_nothing,
                out: Vec::new(),
            };
            writer.record(&mut out, output.render(&record(0)), 1).unwrap();
            let result = writer.flush(&mut out);
            if takes_nothing {
                let e = result.unwrap_err();
                assert_eq!(e.kind(), io::ErrorKind::WriteZero);
                assert!(e.to_string().contains("incomplete"), "{e}");
            } else {
                result.unwrap();
                assert_eq!(out.out, b"{\"record\":1,\"pad\":\"\"}\n");
            }
        }
    }
}
