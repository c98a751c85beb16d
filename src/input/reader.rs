//! Splitting a stream into records, and telling each record's format.
//!
//! Line-oriented where the format allows: a URL, form body or access-log line is one
//! line; a JSON call log is one line (NDJSON) or, when a line holds only `{` or `[`,
//! every line up to the one that closes it (a pretty-printed document or a HAR
//! archive). A raw HTTP request runs to the end of the body its headers frame; a curl
//! command to the end of its continuations and quotes. Memory holds one record at a
//! time, so a multi-gigabyte capture streams and output can start before input ends;
//! a JSON array of call logs is handed out an element at a time, each a record.

use std::io::{self, BufRead};
use std::sync::Arc;

use super::curl::{CurlFraming, is_curl};
use super::http::{is_request_line, read_request};
use super::json_array::object_elements;
use super::json_depth::JsonDepth;
use super::listen_log::is_listen_log;
use super::{InputFormat, RawRecord, RecordError, Source, access_log::is_access_log};

/// The longest record read; longer ones are reported and skipped, so memory stays
/// bounded on any input.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// Why the reader could not produce a record.
#[derive(Debug)]
pub enum ReadError {
    /// The input itself failed: stop reading this file.
    Io(io::Error),
    /// One record is unreadable; the next one may be fine.
    Record(RecordError),
}

/// A `BufRead` that can be handed back bytes it gave out too early: what a request
/// with a wrong Content-Length read of the next one.
struct Rewind<R> {
    again: Vec<u8>,
    at: usize,
    inner: R,
}

impl<R: BufRead> io::Read for Rewind<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Rewind<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.at < self.again.len() {
            return Ok(&self.again[self.at..]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if self.at < self.again.len() {
            self.at += amount;
            if self.at >= self.again.len() {
                self.again.clear();
                self.at = 0;
            }
        } else {
            self.inner.consume(amount);
        }
    }
}

/// Appends to `buf` up to and including the next line feed, or to the end of the
/// input, or `room` bytes, whichever comes first; how many bytes it appended.
/// `BufRead::read_until` does the same, but looks for the line feed a byte at a
/// time where `memchr` looks at a vector's width: on a timeline of v2 events it was
/// the reader thread's main cost, 1.4 instructions a byte.
fn read_until_newline(input: &mut impl BufRead, room: usize, buf: &mut Vec<u8>) -> io::Result<usize> {
    let mut read = 0;
    while read < room {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let window = &available[..available.len().min(room - read)];
        let (taken, ended) = match memchr::memchr(b'\n', window) {
            Some(at) => (at + 1, true),
            None => (window.len(), false),
        };
        buf.extend_from_slice(&window[..taken]);
        input.consume(taken);
        read += taken;
        if ended {
            break;
        }
    }
    Ok(read)
}

pub struct RecordReader<R> {
    input: Rewind<R>,
    file: Arc<str>,
    /// Line endings consumed so far.
    line: usize,
    forced: Option<InputFormat>,
    buf: Vec<u8>,
    /// A record outgrew [`MAX_RECORD_BYTES`] and was reported: the rest of its line
    /// is skipped before the next one is read.
    skipping: bool,
    /// A JSON array of call logs being handed out an element at a time.
    array: Option<ArrayElements>,
}

/// The elements of a JSON array record still to hand out, each a record.
struct ArrayElements {
    text: Vec<u8>,
    elements: std::vec::IntoIter<std::ops::Range<usize>>,
    /// The line of `text[at]`.
    line: usize,
    at: usize,
}

impl ArrayElements {
    fn next(&mut self, file: &Arc<str>) -> Option<RawRecord> {
        let range = self.elements.next()?;
        self.line += memchr::memchr_iter(b'\n', &self.text[self.at..range.start]).count();
        self.at = range.start;
        Some(RawRecord {
            source: Source {
                file: file.clone(),
                line: self.line,
            },
            format: InputFormat::Json,
            text: self.text[range].to_vec(),
        })
    }
}

impl<R: BufRead> RecordReader<R> {
    pub fn new(input: R, file: Arc<str>, forced: Option<InputFormat>) -> Self {
        Self {
            input: Rewind {
                again: Vec::new(),
                at: 0,
                inner: input,
            },
            file,
            line: 0,
            forced,
            buf: Vec::new(),
            skipping: false,
            array: None,
        }
    }

    /// Counts lines from `line` (1-based) rather than 1: for input that starts inside
    /// a file.
    #[must_use]
    pub fn counting_from(mut self, line: usize) -> Self {
        self.line = line.saturating_sub(1);
        self
    }

    /// The input being read, to ask it how much it has buffered.
    pub fn input(&self) -> &R {
        &self.input.inner
    }

    /// Whether bytes given back by a short request are waiting to be read again.
    pub fn has_rewound_bytes(&self) -> bool {
        self.input.at < self.input.again.len()
    }

    /// Reads one line into `self.buf` (appending when `append`). `Ok(None)` at the end
    /// of input, `Ok(Some(false))` as soon as the record outgrows [`MAX_RECORD_BYTES`]
    /// (so that it is reported then, not when an endless line ends); the rest of that
    /// line is skipped at the next call.
    fn read_line(&mut self, append: bool) -> io::Result<Option<bool>> {
        if !append {
            self.buf.clear();
        }
        let room = (MAX_RECORD_BYTES + 1).saturating_sub(self.buf.len());
        if read_until_newline(&mut self.input, room, &mut self.buf)? == 0 {
            return Ok(None);
        }
        if self.buf.ends_with(b"\n") {
            self.line += 1;
        }
        if self.buf.len() > MAX_RECORD_BYTES {
            self.skipping = !self.buf.ends_with(b"\n");
            self.buf.clear();
            return Ok(Some(false));
        }
        Ok(Some(true))
    }

    fn skip_rest_of_line(&mut self) -> io::Result<()> {
        loop {
            let available = self.input.fill_buf()?;
            if available.is_empty() {
                return Ok(());
            }
            if let Some(p) = memchr::memchr(b'\n', available) {
                self.input.consume(p + 1);
                self.line += 1;
                return Ok(());
            }
            let len = available.len();
            self.input.consume(len);
        }
    }

    fn too_long(&self, start_line: usize) -> ReadError {
        ReadError::Record(RecordError {
            source: self.source(start_line),
            line: start_line,
            column: 1,
            message: format!(
                "record is longer than {} MiB; it is skipped to the end of its line (is this file a webhook capture?)",
                MAX_RECORD_BYTES >> 20
            ),
            excerpt: String::new(),
        })
    }

    fn source(&self, line: usize) -> Source {
        Source {
            file: self.file.clone(),
            line,
        }
    }

    /// Reads further lines into the record until `depth` closes.
    fn read_rest_of_json(&mut self, mut depth: JsonDepth, start_line: usize) -> Result<(), ReadError> {
        while !depth.closed() {
            let before = self.buf.len();
            match self.read_line(true).map_err(ReadError::Io)? {
                None => return Ok(()),
                Some(false) => return Err(self.too_long(start_line)),
                Some(true) => depth.feed(&self.buf[before..]),
            }
        }
        Ok(())
    }

    /// Reads continuation lines until the curl command's quotes and `\` close.
    fn read_rest_of_curl(&mut self, start_line: usize) -> Result<(), ReadError> {
        let mut framing = CurlFraming::default();
        framing.feed(&self.buf);
        while !framing.complete() {
            let before = self.buf.len();
            match self.read_line(true).map_err(ReadError::Io)? {
                None => return Ok(()),
                Some(false) => return Err(self.too_long(start_line)),
                Some(true) => framing.feed(&self.buf[before..]),
            }
        }
        Ok(())
    }

    /// Whether the next line starts with `indent`, or is blank when `blank` allows
    /// it; looked at, not read.
    fn next_line_is(&mut self, indent: &[u8], blank: bool) -> io::Result<bool> {
        let next = self.input.fill_buf()?;
        if next.is_empty() {
            return Ok(false);
        }
        let line = &next[..next.iter().position(|&b| b == b'\n').map_or(next.len(), |p| p + 1)];
        if line.trim_ascii().is_empty() {
            return Ok(blank);
        }
        Ok(line.starts_with(&indent[..indent.len().min(line.len())]))
    }

    /// A request pasted indented (from chat, an email or docs): its lines with the
    /// first line's indent taken off, the head up to its blank line, then the body's
    /// lines up to a blank line, a line not so indented, or the end. Read as lines,
    /// not by Content-Length, which counts the body without its indent.
    fn read_indented_http(&mut self, indent: &[u8], start_line: usize) -> Result<(), ReadError> {
        self.buf.drain(..indent.len());
        let mut in_body = false;
        while self.next_line_is(indent, !in_body).map_err(ReadError::Io)? {
            let before = self.buf.len();
            match self.read_line(true).map_err(ReadError::Io)? {
                None => break,
                Some(false) => return Err(self.too_long(start_line)),
                Some(true) => {}
            }
            if self.buf[before..].starts_with(indent) {
                self.buf.drain(before..before + indent.len());
            }
            if self.buf[before..].trim_ascii().is_empty() {
                self.buf.truncate(before);
                self.buf.push(b'\n');
                in_body = true;
            }
        }
        Ok(())
    }

    /// Reads the headers and body of a raw HTTP request.
    fn read_rest_of_http(&mut self) -> Result<(), ReadError> {
        let before = self.buf.len();
        let again = read_request(&mut self.input, &mut self.buf, MAX_RECORD_BYTES).map_err(ReadError::Io)?;
        self.line += memchr::memchr_iter(b'\n', &self.buf[before..]).count();
        if !again.is_empty() {
            let mut rest = std::mem::take(&mut self.input.again);
            rest.drain(..self.input.at.min(rest.len()));
            self.input.again = again;
            self.input.again.extend(rest);
            self.input.at = 0;
        }
        Ok(())
    }
}

impl<R: BufRead> Iterator for RecordReader<R> {
    type Item = Result<RawRecord, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(array) = &mut self.array {
            match array.next(&self.file) {
                Some(record) => return Some(Ok(record)),
                None => self.array = None,
            }
        }
        loop {
            if self.skipping {
                self.skipping = false;
                if let Err(e) = self.skip_rest_of_line() {
                    return Some(Err(ReadError::Io(e)));
                }
            }
            let start_line = self.line + 1;
            match self.read_line(false) {
                Err(e) => return Some(Err(ReadError::Io(e))),
                Ok(None) => return None,
                Ok(Some(false)) => return Some(Err(self.too_long(start_line))),
                Ok(Some(true)) => {}
            }
            if start_line == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.buf.drain(..3);
            }
            let trimmed = self.buf.trim_ascii();
            if trimmed.is_empty() {
                continue;
            }
            // A paste from chat or docs may be indented: the indent is not the record's.
            let indent = self.buf.len() - self.buf.trim_ascii_start().len();
            let Some(format) = self.forced.or_else(|| detect(trimmed)) else {
                let text = std::mem::take(&mut self.buf);
                let leading = text.len() - text.trim_ascii_start().len();
                return Some(Err(ReadError::Record(RecordError::at(
                    &self.source(start_line),
                    &text,
                    leading,
                    "cannot tell what this record is: expected an HTTP request (`POST /path HTTP/1.1`), a curl command, a URL or request target (`https://host/path?a=b`, `/path?a=b`), a form body (`myoperator=...`), a JSON call log or HAR archive (`{...}`), or an access-log line".into(),
                ))));
            };
            let framed = match format {
                InputFormat::Json | InputFormat::Har if matches!(trimmed, b"{" | b"[") => {
                    let mut depth = JsonDepth::default();
                    depth.feed(&self.buf);
                    self.read_rest_of_json(depth, start_line)
                }
                InputFormat::Form if unencoded_json_value(trimmed) => {
                    let mut depth = JsonDepth::default();
                    depth.feed(&self.buf);
                    self.read_rest_of_json(depth, start_line)
                }
                InputFormat::Curl => self.read_rest_of_curl(start_line),
                InputFormat::Http if indent > 0 => {
                    let indent = self.buf[..indent].to_vec();
                    self.read_indented_http(&indent, start_line)
                }
                InputFormat::Http => self.read_rest_of_http(),
                _ => Ok(()),
            };
            if let Err(e) = framed {
                return Some(Err(e));
            }
            // Copied out at its size, so the line buffer keeps its capacity.
            let end = if matches!(format, InputFormat::Json | InputFormat::Har)
                || (format == InputFormat::Http && indent == 0)
            {
                self.buf.len()
            } else {
                self.buf.trim_ascii_end().len()
            };
            // A one-line record (a URL, an access-log line) is read from its first
            // character; an indented request has had its indent taken off already.
            let start = if matches!(format, InputFormat::Url | InputFormat::AccessLog) {
                indent.min(end)
            } else {
                0
            };
            if format == InputFormat::Json
                && let Some(elements) = object_elements(&self.buf[..end])
            {
                let mut array = ArrayElements {
                    text: std::mem::take(&mut self.buf),
                    elements: elements.into_iter(),
                    line: start_line,
                    at: 0,
                };
                match array.next(&self.file) {
                    Some(record) => {
                        self.array = Some(array);
                        return Some(Ok(record));
                    }
                    // `[]`: no record.
                    None => continue,
                }
            }
            let text = self.buf[start..end].to_vec();
            return Some(Ok(RawRecord {
                source: self.source(start_line),
                format,
                text,
            }));
        }
    }
}

/// The format a record looks like, from its first line (trimmed).
pub fn detect(line: &[u8]) -> Option<InputFormat> {
    let starts = |prefix: &[u8]| line.len() >= prefix.len() && line[..prefix.len()].eq_ignore_ascii_case(prefix);
    // JSON first: it is the bulk of large captures, and one byte tells; the listen
    // log's lines are JSON that name themselves first.
    if matches!(line.first(), Some(b'{' | b'[')) {
        return Some(if is_listen_log(line) {
            InputFormat::ListenLog
        } else {
            InputFormat::Json
        });
    }
    if is_request_line(line) {
        return Some(InputFormat::Http);
    }
    if is_curl(line) {
        return Some(InputFormat::Curl);
    }
    match line.first()? {
        _ if is_access_log(line) => Some(InputFormat::AccessLog),
        b'/' => Some(InputFormat::Url),
        _ if starts(b"http://") || starts(b"https://") => Some(InputFormat::Url),
        _ => {
            let eq = line.iter().position(|&b| b == b'=')?;
            let name = &line[..eq];
            (!name.is_empty() && !name.iter().any(u8::is_ascii_whitespace)).then_some(InputFormat::Form)
        }
    }
}

/// `myoperator={` with the JSON not percent-encoded and not closed on this line, as
/// people paste the documents' `-d myoperator=<call log>`.
fn unencoded_json_value(line: &[u8]) -> bool {
    let Some(eq) = line.iter().position(|&b| b == b'=') else {
        return false;
    };
    let value = &line[eq + 1..];
    if !value.starts_with(b"{") {
        return false;
    }
    let mut depth = JsonDepth::default();
    depth.feed(value);
    !depth.closed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The line read is `BufRead::read_until`'s under a limit, whatever the
        /// buffer's size, where the line feeds fall and how much room is left.
        #[test]
        fn reading_a_line_is_read_until_under_a_limit(
            text in proptest::collection::vec(prop_oneof![Just(b'\n'), Just(b'a'), any::<u8>()], 0..300),
            capacity in 1usize..40,
            room in 0usize..320,
        ) {
            let mut ours = io::BufReader::with_capacity(capacity, &text[..]);
            let mut std = io::BufReader::with_capacity(capacity, &text[..]);
            loop {
                let (mut a, mut b) = (b"kept".to_vec(), b"kept".to_vec());
                let n = read_until_newline(&mut ours, room, &mut a).unwrap();
                let m = io::Read::take(&mut std, room as u64).read_until(b'\n', &mut b).unwrap();
                prop_assert_eq!((n, &a), (m, &b));
                if n == 0 {
                    break;
                }
            }
        }
    }

    fn read(text: &str) -> Vec<Result<(usize, InputFormat, String), String>> {
        RecordReader::new(text.as_bytes(), Arc::from("t"), None)
            .map(|r| match r {
                Ok(r) => Ok((r.source.line, r.format, String::from_utf8(r.text).unwrap())),
                Err(ReadError::Record(e)) => Err(format!("{}:{} {}", e.line, e.column, e.message)),
                Err(ReadError::Io(e)) => Err(e.to_string()),
            })
            .collect()
    }

    #[test]
    fn mixes_formats_line_by_line_and_keeps_lines() {
        let got = read("\u{feff}/h?a=1\r\n\n{\"uid\":\"x\"}\nmyoperator=%7B%7D\nhttps://x/y?z=1\n");
        let formats: Vec<_> = got
            .iter()
            .map(|r| r.as_ref().map(|(l, f, _)| (*l, *f)).unwrap())
            .collect();
        assert_eq!(
            formats,
            [
                (1, InputFormat::Url),
                (3, InputFormat::Json),
                (4, InputFormat::Form),
                (5, InputFormat::Url)
            ]
        );
        assert_eq!(got[0].as_ref().unwrap().2, "/h?a=1");
    }

    #[test]
    fn a_pretty_document_is_one_record_even_with_brackets_in_strings() {
        let got = read("{\n  \"a\": \"}]\\\"\",\n  \"b\": {}\n}\n{\"b\":1}\n");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].as_ref().unwrap().2, "{\n  \"a\": \"}]\\\"\",\n  \"b\": {}\n}\n");
        assert_eq!(got[1].as_ref().unwrap().0, 5);
    }

    /// An array of call logs is a record per element, each at its own line; an
    /// array that is not (a stray comma) stays one record, for the parser to report.
    #[test]
    fn an_array_of_call_logs_is_a_record_per_element() {
        let got = read("[\n  {\"a\": \"}]\\\"\"},\n  {}\n]\n[{},]\n{\"b\":1}\n");
        let records: Vec<(usize, String)> = got
            .iter()
            .map(|r| {
                let (line, _, text) = r.as_ref().unwrap();
                (*line, text.clone())
            })
            .collect();
        assert_eq!(
            records,
            [
                (2, "{\"a\": \"}]\\\"\"}".to_owned()),
                (3, "{}".to_owned()),
                (5, "[{},]\n".to_owned()),
                (6, "{\"b\":1}\n".to_owned()),
            ]
        );
    }

    #[test]
    fn an_unencoded_form_value_runs_to_its_closing_brace() {
        let got = read("myoperator={\n\"id\": \"1\"\n}\n/next?a=1\n");
        assert_eq!(got[0].as_ref().unwrap().2, "myoperator={\n\"id\": \"1\"\n}");
        assert_eq!(got[1].as_ref().unwrap().0, 4);
    }

    #[test]
    fn a_broken_ndjson_line_does_not_swallow_the_next() {
        let got = read("{\"a\": 1\n{\"b\": 2}\n");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].as_ref().unwrap().0, 2);
    }

    #[test]
    fn unrecognised_lines_are_positioned_errors_and_reading_goes_on() {
        let got = read("  hello world\n/h?a=1\n");
        assert!(got[0].as_ref().unwrap_err().starts_with("1:3 cannot tell"));
        assert!(got[1].is_ok());
    }

    #[test]
    fn http_requests_and_curl_commands_span_lines_and_keep_line_numbers() {
        let text = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc\ncurl -X POST \\\n  'http://x/\nh'\n/after?x=1\nPOST /b HTTP/1.1\nContent-Length: 50\n\nshort\nGET /c HTTP/1.1\n\n";
        let got = read(text);
        let summary: Vec<_> = got
            .iter()
            .map(|r| r.as_ref().map(|(l, f, _)| (*l, *f)).unwrap())
            .collect();
        assert_eq!(
            summary,
            [
                (1, InputFormat::Http),
                (5, InputFormat::Curl),
                (8, InputFormat::Url),
                (9, InputFormat::Http),
                (13, InputFormat::Http)
            ]
        );
        assert_eq!(got[1].as_ref().unwrap().2, "curl -X POST \\\n  'http://x/\nh'");
        assert_eq!(
            got[3].as_ref().unwrap().2,
            "POST /b HTTP/1.1\nContent-Length: 50\n\nshort\n"
        );
    }
}
