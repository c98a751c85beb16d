//! Raw HTTP/1.x requests, as a listener (`nc -l`, `socat`) or devtools capture them:
//! request line, headers, blank line, body by Content-Length or chunked. CRLF or bare
//! LF; `HTTP/2` as devtools label it; several requests back to back.
//!
//! Two jobs: framing (`read_request`, for the record reader: where does this request
//! end in the stream?) and parsing (`parse_request`: what does it say?). Both read
//! chunked bodies through the one `read_chunked`.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};
use std::ops::Range;

use super::form::parse_query_of;
use super::{Body, Capture, Header, ParseError, header};
use crate::findings::{Finding, FindingId};

/// `METHOD target HTTP/x[.y]`, with or without its line ending.
pub fn is_request_line(line: &[u8]) -> bool {
    if !line.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut parts = line.split(|&b| b == b' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    (1..=20).contains(&method.len())
        && method.iter().all(|b| b.is_ascii_uppercase() || *b == b'-')
        && !target.is_empty()
        && version.strip_prefix(b"HTTP/").is_some_and(|v| {
            !v.is_empty() && v.iter().all(|b| b.is_ascii_digit() || *b == b'.') && v[0].is_ascii_digit()
        })
}

/// How a request's headers say its body is framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Framing {
    None,
    Length(u64),
    Chunked,
    /// A Content-Length that is not a number of bytes (negative, past 2^64, text):
    /// the body runs to the next request, as a broken chunked body does.
    Invalid,
}

fn framing(headers: &[Header]) -> Framing {
    let chunked = headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("transfer-encoding") && h.value.to_ascii_lowercase().contains("chunked"));
    if chunked {
        return Framing::Chunked;
    }
    header(headers, "content-length").map_or(Framing::None, |h| {
        h.value.trim().parse().map_or(Framing::Invalid, Framing::Length)
    })
}

/// A problem inside a chunked body, at a byte offset of the bytes read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkProblem {
    pub offset: usize,
    pub message: String,
}

/// Reads a chunked body from `src`, appending the raw bytes to `raw` and the data to
/// `body`; stops at the zero-size chunk and its trailers, or at the first problem.
pub fn read_chunked<R: BufRead + ?Sized>(
    src: &mut R,
    raw: &mut Vec<u8>,
    body: &mut Vec<u8>,
    limit: usize,
) -> Result<(), ChunkProblem> {
    let io_problem = |raw: &Vec<u8>, e: io::Error| ChunkProblem {
        offset: raw.len(),
        message: format!("reading the chunked body failed: {e}"),
    };
    loop {
        let line_start = raw.len();
        let n = (&mut *src)
            .take(1024)
            .read_until(b'\n', raw)
            .map_err(|e| io_problem(raw, e))?;
        if n == 0 {
            return Err(ChunkProblem {
                offset: raw.len(),
                message: "the chunked body ends before its last (zero-size) chunk".into(),
            });
        }
        let line = trim_line_end(&raw[line_start..]);
        let size_text = line.split(|&b| b == b';').next().unwrap_or_default().trim_ascii();
        let size = std::str::from_utf8(size_text)
            .ok()
            .filter(|t| !t.is_empty() && t.len() <= 15)
            .and_then(|t| u64::from_str_radix(t, 16).ok())
            .ok_or_else(|| ChunkProblem {
                offset: line_start,
                message: format!(
                    "expected a chunk size in hex, found {:?}",
                    String::from_utf8_lossy(&line[..line.len().min(40)])
                ),
            })?;
        if size == 0 {
            loop {
                let start = raw.len();
                let n = (&mut *src)
                    .take(8192)
                    .read_until(b'\n', raw)
                    .map_err(|e| io_problem(raw, e))?;
                if n == 0 || trim_line_end(&raw[start..]).is_empty() {
                    return Ok(());
                }
            }
        }
        if body.len() as u64 + size > limit as u64 {
            return Err(ChunkProblem {
                offset: line_start,
                message: format!("chunk of {size} bytes makes the body longer than {} MiB", limit >> 20),
            });
        }
        let data_start = raw.len();
        (&mut *src)
            .take(size)
            .read_to_end(raw)
            .map_err(|e| io_problem(raw, e))?;
        body.extend_from_slice(&raw[data_start..]);
        if ((raw.len() - data_start) as u64) < size {
            return Err(ChunkProblem {
                offset: raw.len(),
                message: format!(
                    "a chunk of {size} bytes ends after {} bytes, with the input",
                    raw.len() - data_start
                ),
            });
        }
        let end_start = raw.len();
        (&mut *src)
            .take(2)
            .read_until(b'\n', raw)
            .map_err(|e| io_problem(raw, e))?;
        if !matches!(&raw[end_start..], b"\r\n" | b"\n") {
            return Err(ChunkProblem {
                offset: end_start,
                message: "expected a line ending after the chunk's data; the chunk size is wrong".into(),
            });
        }
    }
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Reads the rest of a request whose request line is already in `record`: the
/// headers, then the body as they frame it. Returns bytes read past the end of a
/// body that was shorter than its Content-Length (the next request), to be read again.
pub fn read_request<R: BufRead + ?Sized>(src: &mut R, record: &mut Vec<u8>, limit: usize) -> io::Result<Vec<u8>> {
    loop {
        let start = record.len();
        let n = (&mut *src).take(64 * 1024).read_until(b'\n', record)?;
        if n == 0 || trim_line_end(&record[start..]).is_empty() || record.len() > limit {
            break;
        }
    }
    // Only the headers that frame the body are built: the rest are read on a worker.
    let (headers, _) = parse_headers(record, |name| {
        name.eq_ignore_ascii_case("content-length") || name.eq_ignore_ascii_case("transfer-encoding")
    });
    match framing(&headers) {
        Framing::None => Ok(Vec::new()),
        Framing::Chunked if read_chunked(src, record, &mut Vec::new(), limit).is_ok() => Ok(Vec::new()),
        // A broken chunked body, or one whose length cannot be read, runs to the next
        // request, which is given back.
        Framing::Chunked | Framing::Invalid => loop {
            let start = record.len();
            let n = (&mut *src).take(64 * 1024).read_until(b'\n', record)?;
            if n == 0 || record.len() > limit {
                return Ok(Vec::new());
            }
            if is_request_line(&record[start..]) {
                return Ok(record.split_off(start));
            }
        },
        Framing::Length(length) => {
            let body_start = record.len();
            let room = (limit.saturating_sub(body_start)) as u64;
            src.take(length.min(room)).read_to_end(record)?;
            // A body shorter than its Content-Length runs into the next request.
            let next = memchr::memchr_iter(b'\n', &record[body_start..])
                .map(|i| body_start + i + 1)
                .filter(|&at| at < record.len())
                .find(|&at| {
                    let end = record[at..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(record.len(), |p| at + p);
                    is_request_line(&record[at..end])
                });
            Ok(match next {
                Some(at) => record.split_off(at),
                None => Vec::new(),
            })
        }
    }
}

/// The headers named as `keep` wants, from the line after the request line up to
/// the blank line; the offset where the body starts, if the head ended.
fn parse_headers(text: &[u8], keep: impl Fn(&str) -> bool) -> (Vec<Header>, Option<usize>) {
    let mut headers: Vec<Header> = Vec::new();
    let mut offset = 0;
    let mut first = true;
    // Whether a header came before, and whether it was kept: a folded line continues it.
    let (mut any, mut last_kept) = (false, false);
    // The head is checked as UTF-8 once (captured requests nearly always are): a
    // name or value in it is a slice of it, any other is decoded on its own.
    let head = std::str::from_utf8(&text[..head_len(text)]).unwrap_or_default();
    let text_at = |range: Range<usize>| {
        head.get(range.clone())
            .map_or_else(|| text_of(&text[range]), Cow::Borrowed)
    };
    while offset < text.len() {
        let end = memchr::memchr(b'\n', &text[offset..]).map_or(text.len(), |p| offset + p + 1);
        let line = trim_line_end(&text[offset..end]);
        if first {
            first = false;
        } else if line.is_empty() {
            return (headers, Some(end));
        } else if matches!(line[0], b' ' | b'\t') && any {
            // An obsolete folded continuation of the previous header.
            if let Some(last) = headers.last_mut().filter(|_| last_kept) {
                last.value.push(' ');
                last.value.push_str(text_at(offset..offset + line.len()).trim());
            }
        } else {
            // Split before decoding: a `:` ends any broken UTF-8 sequence before it,
            // so each side decodes as it would within the whole line.
            let colon = memchr::memchr(b':', line);
            let line_end = offset + line.len();
            let (name, value) = colon.map_or((offset..line_end, line_end..line_end), |at| {
                (offset..offset + at, offset + at + 1..line_end)
            });
            let name = text_at(name);
            let name = name.trim_end();
            any = true;
            last_kept = keep(name);
            if last_kept {
                headers.push(Header {
                    name: name.to_owned(),
                    value: text_at(value).trim().to_owned(),
                    offset,
                    has_colon: colon.is_some(),
                });
            }
        }
        offset = end;
    }
    (headers, None)
}

/// Where the head ends, after its blank line (the text's length without one): the
/// first line, after the request line, that is empty but for its line ending.
fn head_len(text: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', text)
        .find_map(|p| match text.get(p + 1..) {
            Some([b'\n', ..]) => Some(p + 2),
            Some([b'\r', b'\n', ..]) => Some(p + 3),
            _ => None,
        })
        .unwrap_or(text.len())
}

/// Bytes as text, U+FFFD for what is not UTF-8: checked first, since captured
/// requests nearly always are, and a lossy pass costs more than a check.
fn text_of(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Parses one framed request.
#[allow(clippy::too_many_lines, reason = "request line, headers, body: read in order, once")]
pub fn parse_request(text: &[u8]) -> Result<Capture, ParseError> {
    let line_end = memchr::memchr(b'\n', text).map_or(text.len(), |p| p + 1);
    let request_line = text_of(trim_line_end(&text[..line_end]));
    // The method, the target, and a version after them: two spaces at least.
    let space = |from: usize| memchr::memchr(b' ', &request_line.as_bytes()[from..]).map(|p| from + p);
    let Some((method_end, target_end)) = space(0).and_then(|m| Some((m, space(m + 1)?))) else {
        return Err(ParseError::new(0, "expected a request line `METHOD /target HTTP/1.1`"));
    };
    let (method, target) = (&request_line[..method_end], &request_line[method_end + 1..target_end]);
    let (headers, body_start) = parse_headers(text, |_| true);
    if let Some(bad) = headers.iter().find(|h| !h.has_colon) {
        return Err(ParseError::new(
            bad.offset,
            "expected a header `Name: value` (or a blank line before the body)",
        ));
    }
    if let Some(bad) = headers
        .iter()
        .find(|h| h.name.is_empty() || h.name.contains([' ', '\t']))
    {
        return Err(ParseError::new(bad.offset, "expected a header name before the `:`"));
    }
    let mut findings = Vec::new();
    let head = &text[..body_start.unwrap_or(text.len()).min(text.len())];
    if let Err(e) = std::str::from_utf8(head) {
        findings.push(Finding::new(
            FindingId::InvalidUtf8,
            None,
            format!(
                "the request line or headers have bytes that are not UTF-8 (first at byte {}); they are shown as U+FFFD",
                e.valid_up_to() + 1
            ),
        ));
    }
    let raw_body = body_start.map_or(&[][..], |start| &text[start.min(text.len())..]);
    let framed = framing(&headers);
    let body = match framed {
        Framing::Chunked => {
            let mut body = Vec::new();
            if let Err(problem) = read_chunked(&mut &raw_body[..], &mut Vec::new(), &mut body, usize::MAX) {
                let line = 1 + memchr::memchr_iter(
                    b'\n',
                    &text[..body_start.unwrap_or(0) + problem.offset.min(raw_body.len())],
                )
                .count();
                findings.push(Finding::new(
                    FindingId::ChunkedInvalid,
                    None,
                    format!(
                        "line {line} of the request: {}; the body is decoded as far as it goes",
                        problem.message
                    ),
                ));
            }
            body
        }
        Framing::Length(length) => {
            if (raw_body.len() as u64) < length {
                findings.push(Finding::new(
                    FindingId::ContentLengthMismatch,
                    None,
                    format!(
                        "Content-Length is {length} but the body has {} bytes; it is decoded as far as it goes",
                        raw_body.len()
                    ),
                ));
            }
            raw_body.to_vec()
        }
        // Nothing says where such a body ends but the next request: the line ends
        // that separate it from the next record in a capture file are not its own.
        Framing::Invalid => {
            let end = raw_body
                .iter()
                .rposition(|b| !matches!(b, b'\r' | b'\n'))
                .map_or(0, |at| at + 1);
            raw_body[..end].to_vec()
        }
        Framing::None => {
            if !raw_body.trim_ascii().is_empty() {
                findings.push(Finding::new(
                    FindingId::ContentLengthMismatch,
                    None,
                    "the request has a body but neither Content-Length nor chunked Transfer-Encoding; a server ignores it".into(),
                ));
            }
            raw_body.to_vec()
        }
    };
    if framed == Framing::Invalid
        && let Some(h) = header(&headers, "content-length")
    {
        findings.push(Finding::new(
            FindingId::ContentLengthMismatch,
            Some("Content-Length"),
            format!(
                "the value {:?} is not a number of bytes; the body is read up to the next request line",
                h.value
            ),
        ));
    }
    let (query, query_findings) = parse_query_of(target);
    findings.extend(query_findings);
    let content_type = header(&headers, "content-type").map(|h| h.value.clone());
    Ok(Capture {
        method: Some(method.to_owned()),
        url: Some(target.to_owned()),
        query,
        headers,
        body: (!body.is_empty()).then_some(Body {
            bytes: body,
            content_type,
        }),
        findings,
        ..Capture::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines() {
        assert!(is_request_line(b"POST /webhook.php?a=1 HTTP/1.1\r\n"));
        assert!(is_request_line(b"GET / HTTP/2"));
        assert!(is_request_line(b"M-SEARCH * HTTP/1.0"));
        assert!(!is_request_line(b"post / HTTP/1.1"));
        assert!(!is_request_line(b"GET /a b HTTP/1.1"));
        assert!(!is_request_line(b"GET / HTTPS/1.1"));
        assert!(!is_request_line(b"GET /"));
    }

    #[test]
    fn frames_two_requests_back_to_back_the_second_chunked() {
        let capture = b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloPOST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /c HTTP/1.1\r\n\r\n";
        let mut src = &capture[..];
        let mut first = Vec::new();
        src.read_until(b'\n', &mut first).unwrap();
        assert!(read_request(&mut src, &mut first, 1 << 20).unwrap().is_empty());
        assert!(first.ends_with(b"hello"));
        let mut second = Vec::new();
        src.read_until(b'\n', &mut second).unwrap();
        read_request(&mut src, &mut second, 1 << 20).unwrap();
        assert!(second.ends_with(b"0\r\n\r\n"));
        let parsed = parse_request(&second).unwrap();
        assert_eq!(parsed.body.unwrap().bytes, b"abc");
        assert_eq!(src, b"GET /c HTTP/1.1\r\n\r\n");
    }

    #[test]
    fn a_short_body_gives_back_the_next_request() {
        let capture = b"POST /a HTTP/1.1\nContent-Length: 100\n\nabc\nGET /next HTTP/1.1\n\n";
        let mut src = &capture[..];
        let mut record = Vec::new();
        src.read_until(b'\n', &mut record).unwrap();
        let rest = read_request(&mut src, &mut record, 1 << 20).unwrap();
        assert_eq!(rest, b"GET /next HTTP/1.1\n\n");
        let parsed = parse_request(&record).unwrap();
        assert_eq!(parsed.findings[0].id, FindingId::ContentLengthMismatch);
        assert_eq!(parsed.body.unwrap().bytes, b"abc\n");
    }

    #[test]
    fn a_broken_chunked_body_runs_to_the_next_request() {
        let capture =
            b"POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\nGET /b HTTP/1.1\r\n\r\n";
        let mut src = &capture[..];
        let mut record = Vec::new();
        src.read_until(b'\n', &mut record).unwrap();
        let again = read_request(&mut src, &mut record, 1 << 20).unwrap();
        assert!(record.ends_with(b"0\r\n\r\n"));
        assert_eq!(again, b"GET /b HTTP/1.1\r\n");
    }

    #[test]
    fn bad_chunks_are_findings_and_bad_headers_errors() {
        let parsed = parse_request(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabc\r\nzz\r\n").unwrap();
        assert_eq!(parsed.findings[0].id, FindingId::ChunkedInvalid);
        let parsed = parse_request(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nqq\r\n").unwrap();
        assert!(
            parsed.findings[0].message.contains("expected a chunk size in hex"),
            "{:?}",
            parsed.findings
        );
        let err = parse_request(b"POST / HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n").unwrap_err();
        assert_eq!(err.offset, 26);
    }

    #[test]
    fn headers_keep_order_case_duplicates_and_folds() {
        let parsed = parse_request(b"GET /?a=1 HTTP/1.1\nX-A: 1\nx-a: 2\nX-Long: one\n  two\n\n").unwrap();
        let headers: Vec<_> = parsed.headers.iter().map(|h| (&*h.name, &*h.value)).collect();
        assert_eq!(headers, [("X-A", "1"), ("x-a", "2"), ("X-Long", "one two")]);
        assert_eq!(parsed.query[0].name, "a");
    }

    proptest::proptest! {
        /// Names and values read from the head checked once are what each line's
        /// pieces decode to on their own, with bytes that are not UTF-8 before or
        /// after the blank line, or none.
        #[test]
        fn header_text_is_each_piece_decoded(
            lines in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![&b"X-A"[..], b":", b" ", b"\r", b"\xff", b"\xc3", b"\xc3\xa9", b"\xe2\x9c\x93", b"v", b"\t"]),
                    0..8,
                ),
                0..6,
            ),
            body in proptest::sample::select(vec![&b""[..], b"ok", b"\xff\xfe", b"\n\nX: y"]),
        ) {
            let mut text = b"POST / HTTP/1.1\n".to_vec();
            let mut expected = Vec::new();
            for line in &lines {
                let line = line.concat();
                let trimmed = trim_line_end(&line);
                if trimmed.is_empty() || matches!(trimmed[0], b' ' | b'\t') || line.contains(&b'\n') {
                    continue;
                }
                let (name, value) = match memchr::memchr(b':', trimmed) {
                    Some(at) => (&trimmed[..at], &trimmed[at + 1..]),
                    None => (trimmed, &b""[..]),
                };
                expected.push((
                    String::from_utf8_lossy(name).trim_end().to_owned(),
                    String::from_utf8_lossy(value).trim().to_owned(),
                ));
                text.extend_from_slice(&line);
                text.push(b'\n');
            }
            text.extend_from_slice(b"\n");
            text.extend_from_slice(body);
            let (headers, _) = parse_headers(&text, |_| true);
            let read: Vec<_> = headers.into_iter().map(|h| (h.name, h.value)).collect();
            proptest::prop_assert_eq!(read, expected);
        }
    }
}
