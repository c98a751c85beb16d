//! The `callhook listen` capture log: NDJSON, one record a line, written by `listen`
//! and read back here by `decode`, `timeline` and `listen` itself after a restart.
//! The shape is a documented, versioned interface (`docs/listen.md`); it is written
//! and read in this one file so that the two cannot drift apart.
//!
//! Every line is an object whose first member is `"callhook":"listen/1"` (the
//! format and its version) and whose second is `"kind"`:
//!
//! - `request`: one received request, numbered `n` from 1 across restarts: receive
//!   time, peer, method, target, version, headers in the order hyper gives them,
//!   the body's `length` and `sha256`, and the body itself, as `body` (UTF-8 text)
//!   or `body_base64` (anything else), always last;
//! - `attempt`: one try at forwarding request `request` to the app, and its outcome;
//! - `recovery`: a note that a torn last line was found at start and set aside.
//!
//! Readers tell them apart by `kind`, and skip kinds they do not know.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::form::parse_query_of;
use super::{Body, Capture, Header, ParseError, header};

/// The format and version every line names first.
pub const FORMAT: &str = "listen/1";

/// How every line of the log starts, whatever its version.
const MARKER: &[u8] = br#"{"callhook":"listen/"#;

/// How a request line starts, up to its number.
pub const REQUEST_PREFIX: &[u8] = br#"{"callhook":"listen/1","kind":"request","n":"#;

/// Whether a (trimmed) line is a line of the listen log.
pub fn is_listen_log(line: &[u8]) -> bool {
    line.starts_with(MARKER)
}

/// `2026-05-01T10:00:03.412345Z`: the times the log writes.
pub fn log_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut text = String::with_capacity(64);
    for b in digest.iter() {
        text.push(HEX[usize::from(b >> 4)] as char);
        text.push(HEX[usize::from(b & 15)] as char);
    }
    text
}

/// A header as the log keeps it: its value as text, or as base64 where it is not
/// UTF-8.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedHeader {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_base64: Option<String>,
}

impl LoggedHeader {
    pub fn new(name: &str, value: &[u8]) -> Self {
        match std::str::from_utf8(value) {
            Ok(text) => Self {
                name: name.to_owned(),
                value: Some(text.to_owned()),
                value_base64: None,
            },
            Err(_) => Self {
                name: name.to_owned(),
                value: None,
                value_base64: Some(BASE64.encode(value)),
            },
        }
    }

    /// The value's bytes as received.
    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        match (&self.value, &self.value_base64) {
            (Some(text), _) => Ok(text.clone().into_bytes()),
            (None, Some(b64)) => BASE64
                .decode(b64)
                .map_err(|e| format!("header `{}`: `value_base64` is not base64: {e}", self.name)),
            (None, None) => Err(format!("header `{}` has neither `value` nor `value_base64`", self.name)),
        }
    }
}

/// What `listen` writes of a request, after its number.
#[derive(Debug, Serialize)]
pub struct RequestRecord<'a> {
    pub received: String,
    pub peer: String,
    pub method: &'a str,
    pub target: &'a str,
    pub version: &'a str,
    pub headers: Vec<LoggedHeader>,
    /// The app it is to be forwarded to (ack mode); it is pending until an attempt
    /// record with `"final": true` names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forward: Option<&'a str>,
    /// The status `listen` answered with, where it was not the usual answer (401
    /// under `--enforce-auth`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<u16>,
}

impl RequestRecord<'_> {
    /// The line after `"n":<n>`: its other members, the body last, and the newline.
    pub fn rest_of_line(&self, body: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(body.len() + 512);
        // A struct of strings and numbers always serialises.
        let _ = serde_json::to_writer(&mut out, self);
        // `{...}` becomes `,...`: the members continue those of the prefix.
        out[0] = b',';
        out.pop();
        out.extend_from_slice(b",\"length\":");
        out.extend_from_slice(itoa::Buffer::new().format(body.len()).as_bytes());
        out.extend_from_slice(b",\"sha256\":\"");
        out.extend_from_slice(sha256_hex(body).as_bytes());
        out.push(b'"');
        match std::str::from_utf8(body) {
            Ok(text) => {
                out.extend_from_slice(b",\"body\":");
                let _ = serde_json::to_writer(&mut out, text);
            }
            Err(_) => {
                out.extend_from_slice(b",\"body_base64\":\"");
                out.extend_from_slice(BASE64.encode(body).as_bytes());
                out.push(b'"');
            }
        }
        out.extend_from_slice(b"}\n");
        out
    }
}

/// What became of one try at forwarding a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The app answered 2xx.
    Delivered,
    /// The app answered a status that retrying will not change (4xx but 408, 429).
    Rejected,
    /// It failed (no connection, a timeout, 5xx, 408, 429) and will be tried again.
    Retry,
    /// It failed, and the request has waited longer than `--give-up-after`.
    GaveUp,
    /// `--mode proxy`: the app's answer, whatever it was, went back to the sender.
    Proxied,
}

impl Outcome {
    /// Whether no further attempt follows: the request is no longer pending.
    pub fn is_final(self) -> bool {
        self != Outcome::Retry
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Delivered => "delivered",
            Self::Rejected => "rejected",
            Self::Retry => "retry",
            Self::GaveUp => "gave-up",
            Self::Proxied => "proxied",
        }
    }
}

/// One forward attempt, as the log keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttemptRecord {
    pub callhook: String,
    pub kind: String,
    /// The `n` of the request.
    pub request: u64,
    /// 1 for the first try.
    pub attempt: u32,
    pub at: String,
    pub url: String,
    pub outcome: Outcome,
    #[serde(rename = "final")]
    pub is_final: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub latency_ms: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_in_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response_headers: Vec<LoggedHeader>,
    #[serde(default)]
    pub response_length: u64,
    /// The start of the app's answer (at most [`RESPONSE_KEPT`] bytes), as text or
    /// base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_body_base64: Option<String>,
}

/// How much of the app's answer an attempt record keeps.
pub const RESPONSE_KEPT: usize = 4096;

impl AttemptRecord {
    /// Attempt `attempt` at request `request`, ended now with `outcome`; what the
    /// app said is filled in after.
    pub fn new(request: u64, attempt: u32, url: String, outcome: Outcome) -> Self {
        Self {
            callhook: FORMAT.into(),
            kind: "attempt".into(),
            request,
            attempt,
            at: log_time(Utc::now()),
            url,
            outcome,
            is_final: outcome.is_final(),
            status: None,
            latency_ms: 0.0,
            error: None,
            retry_in_ms: None,
            response_headers: Vec::new(),
            response_length: 0,
            response_body: None,
            response_body_base64: None,
        }
    }

    /// The start of a response body, as the record keeps it.
    pub fn keep_response(&mut self, body: &[u8]) {
        self.response_length = body.len() as u64;
        let mut kept = &body[..body.len().min(RESPONSE_KEPT)];
        // Cut at a character boundary, so that text stays text.
        if let Err(e) = std::str::from_utf8(kept)
            && e.error_len().is_none()
        {
            kept = &kept[..e.valid_up_to()];
        }
        match std::str::from_utf8(kept) {
            Ok(text) => self.response_body = Some(text.to_owned()),
            Err(_) => self.response_body_base64 = Some(BASE64.encode(kept)),
        }
    }

    /// The record as one line, with its newline.
    pub fn line(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        let _ = serde_json::to_writer(&mut out, self);
        out.push(b'\n');
        out
    }
}

/// The note `listen` leaves where it set a torn last line aside.
#[derive(Debug, Serialize)]
pub struct RecoveryRecord<'a> {
    pub callhook: &'a str,
    pub kind: &'a str,
    pub at: String,
    /// Where in the log the torn line started.
    pub offset: u64,
    pub bytes: u64,
    /// The file that holds the torn bytes now.
    pub set_aside: &'a str,
}

impl RecoveryRecord<'_> {
    pub fn line(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        let _ = serde_json::to_writer(&mut out, self);
        out.push(b'\n');
        out
    }
}

/// A request line as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedRequest {
    pub n: u64,
    pub received: DateTime<Utc>,
    pub peer: String,
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, Vec<u8>)>,
    pub forward: Option<String>,
    pub answer: Option<u16>,
    pub body: Vec<u8>,
}

/// One line of the log, read back.
#[derive(Debug, Clone, PartialEq)]
pub enum LogLine {
    Request(LoggedRequest),
    Attempt(AttemptRecord),
    /// A `recovery` note, or a kind this version does not know.
    Other,
}

#[derive(Deserialize)]
struct Head<'a> {
    #[serde(borrow)]
    callhook: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    kind: std::borrow::Cow<'a, str>,
}

/// What a request line says besides its headers and body, read without them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RequestHead {
    pub n: u64,
    pub received: String,
    #[serde(default)]
    pub peer: String,
    pub method: String,
    pub target: String,
    #[serde(default)]
    pub forward: Option<String>,
    #[serde(default)]
    pub answer: Option<u16>,
}

/// The head of a request line (the body skipped, not checked): for `listen`'s own
/// lines, just written; `None` for anything else.
pub fn request_head(text: &[u8]) -> Option<RequestHead> {
    if !text.starts_with(REQUEST_PREFIX) {
        return None;
    }
    serde_json::from_slice(text.trim_ascii_end()).ok()
}

#[derive(Deserialize)]
struct RequestFields {
    n: u64,
    received: String,
    #[serde(default)]
    peer: String,
    method: String,
    target: String,
    #[serde(default)]
    headers: Vec<LoggedHeader>,
    #[serde(default)]
    forward: Option<String>,
    #[serde(default)]
    answer: Option<u16>,
    length: u64,
    sha256: String,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    body_base64: Option<String>,
}

/// Reads one line: the byte offset and message of what is wrong, where it is wrong.
pub fn parse_line(text: &[u8]) -> Result<LogLine, ParseError> {
    let text = text.trim_ascii_end();
    let json_error = |e: serde_json::Error| {
        let column = e.column().saturating_sub(1).min(text.len());
        let message = e.to_string();
        let message = message.rfind(" at line ").map_or(message.as_str(), |at| &message[..at]);
        ParseError::new(column, format!("invalid listen log line: {message}"))
    };
    let head: Head = serde_json::from_slice(text).map_err(json_error)?;
    if head.callhook != FORMAT {
        return Err(ParseError::new(
            0,
            format!(
                "this listen log line is `{}`, and this callhook reads `{FORMAT}`: read it with the callhook that wrote it",
                head.callhook
            ),
        ));
    }
    match head.kind.as_ref() {
        "request" => {
            let fields: RequestFields = serde_json::from_slice(text).map_err(json_error)?;
            request(fields, text).map(LogLine::Request)
        }
        "attempt" => serde_json::from_slice(text).map(LogLine::Attempt).map_err(json_error),
        _ => Ok(LogLine::Other),
    }
}

fn request(f: RequestFields, text: &[u8]) -> Result<LoggedRequest, ParseError> {
    let at = |member: &str| {
        let needle = format!("\"{member}\":");
        memchr::memmem::find(text, needle.as_bytes()).map_or(0, |p| p + needle.len())
    };
    let received = DateTime::parse_from_rfc3339(&f.received)
        .map_err(|e| ParseError::new(at("received"), format!("`received` is not an RFC 3339 time: {e}")))?
        .to_utc();
    let body = match (f.body, f.body_base64) {
        (Some(text), None) => text.into_bytes(),
        (None, Some(b64)) => BASE64
            .decode(b64)
            .map_err(|e| ParseError::new(at("body_base64"), format!("`body_base64` is not base64: {e}")))?,
        (None, None) => {
            return Err(ParseError::new(
                text.len(),
                "the request has neither `body` nor `body_base64`",
            ));
        }
        (Some(_), Some(_)) => {
            return Err(ParseError::new(
                at("body_base64"),
                "the request has both `body` and `body_base64`",
            ));
        }
    };
    if body.len() as u64 != f.length {
        return Err(ParseError::new(
            at("length"),
            format!(
                "the body is {} bytes, but `length` says {}: the line was damaged or edited",
                body.len(),
                f.length
            ),
        ));
    }
    if sha256_hex(&body) != f.sha256 {
        return Err(ParseError::new(
            at("sha256"),
            "the body does not match its `sha256`: the line was damaged or edited",
        ));
    }
    let headers = f
        .headers
        .iter()
        .map(|h| h.bytes().map(|v| (h.name.clone(), v)))
        .collect::<Result<_, _>>()
        .map_err(|message| ParseError::new(at("headers"), message))?;
    Ok(LoggedRequest {
        n: f.n,
        received,
        peer: f.peer,
        method: f.method,
        target: f.target,
        headers,
        forward: f.forward,
        answer: f.answer,
        body,
    })
}

impl LoggedRequest {
    /// The request as every other capture format gives it, with its receive time.
    pub fn into_capture(self) -> Capture {
        let headers: Vec<Header> = self
            .headers
            .into_iter()
            .map(|(name, value)| Header {
                name,
                value: String::from_utf8_lossy(&value).into_owned(),
                offset: 0,
                has_colon: true,
            })
            .collect();
        let content_type = header(&headers, "content-type").map(|h| h.value.clone());
        let (query, findings) = parse_query_of(&self.target);
        Capture {
            method: Some(self.method),
            url: Some(self.target),
            query,
            body: (!self.body.is_empty()).then_some(Body {
                bytes: self.body,
                content_type,
            }),
            headers,
            received: Some(self.received.fixed_offset()),
            findings,
            ..Capture::default()
        }
    }

    /// The value of the first header of that name, in any case.
    #[cfg(test)]
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(body: &[u8]) -> Vec<u8> {
        let record = RequestRecord {
            received: "2026-05-01T10:00:03.412345Z".into(),
            peer: "127.0.0.1:5000".into(),
            method: "POST",
            target: "/hook?a=%2B91&b=+1",
            version: "HTTP/1.1",
            headers: vec![
                LoggedHeader::new("content-type", b"application/x-www-form-urlencoded"),
                LoggedHeader::new("x-odd", b"\xff\xfe"),
            ],
            forward: Some("http://127.0.0.1:3000/"),
            answer: None,
        };
        let mut out = REQUEST_PREFIX.to_vec();
        out.extend_from_slice(b"7");
        out.extend(record.rest_of_line(body));
        out
    }

    #[test]
    fn a_request_reads_back_as_written() {
        for body in [&b"myoperator=%7B%7D&a=+&a=%2B"[..], b"\xff\x00bin", b""] {
            let text = line(body);
            assert!(is_listen_log(&text));
            assert!(text.ends_with(b"}\n"));
            assert_eq!(memchr::memchr_iter(b'\n', &text).count(), 1);
            let LogLine::Request(r) = parse_line(&text).unwrap() else {
                panic!("not a request")
            };
            assert_eq!(r.n, 7);
            assert_eq!(r.body, body);
            assert_eq!(r.target, "/hook?a=%2B91&b=+1");
            assert_eq!(r.header("X-Odd"), Some(&b"\xff\xfe"[..]));
            assert_eq!(r.forward.as_deref(), Some("http://127.0.0.1:3000/"));
            let capture = r.into_capture();
            assert_eq!(capture.query.len(), 2);
            assert_eq!(capture.received.unwrap().timestamp_micros() % 1_000_000, 412_345);
        }
        let binary = String::from_utf8_lossy(&line(b"\xff")).into_owned();
        assert!(binary.contains("\"body_base64\":\"/w==\""), "{binary}");
    }

    #[test]
    fn damage_is_reported_where_it_is() {
        let text = String::from_utf8(line(b"abc")).unwrap();
        let edited = text.replace("\"body\":\"abc\"", "\"body\":\"abd\"");
        let ParseError { offset: at, message } = parse_line(edited.as_bytes()).unwrap_err();
        assert!(message.contains("sha256"), "{message}");
        assert!(edited[at..].starts_with('"'), "{}", &edited[at..]);
        let message = parse_line(&text.as_bytes()[..text.len() - 5]).unwrap_err().message;
        assert!(message.starts_with("invalid listen log line"), "{message}");
        let newer = text.replace("listen/1", "listen/2");
        assert!(parse_line(newer.as_bytes()).unwrap_err().message.contains("listen/2"));
        let other = br#"{"callhook":"listen/1","kind":"recovery","at":"x"}"#;
        assert_eq!(parse_line(other).unwrap(), LogLine::Other);
    }

    #[test]
    fn attempts_keep_the_start_of_the_answer_as_text() {
        let mut a = AttemptRecord {
            status: Some(200),
            latency_ms: 1.5,
            ..AttemptRecord::new(3, 1, "http://x/".into(), Outcome::Delivered)
        };
        assert!(a.is_final);
        let mut body = "é".repeat(RESPONSE_KEPT);
        body.push('x');
        a.keep_response(body.as_bytes());
        assert_eq!(a.response_length, body.len() as u64);
        assert_eq!(a.response_body.as_ref().unwrap().len(), RESPONSE_KEPT);
        assert_eq!(parse_line(&a.line()).unwrap(), LogLine::Attempt(a));
    }
}
