//! Input: turning captured bytes into records, one file per format.
//!
//! `reader` splits a stream into records and detects each one's format; the format
//! parsers (`http`, `curl`, `target`, `form`, `har`, `access_log`, `listen_log`, and
//! the JSON call log read by `decode`) turn a record into a `Capture`. Parsers return
//! values and positions (a `ParseError` when they fail); they never print. Beside
//! them, what the formats share: `basic` credentials, `url` parts, `json_depth`,
//! `json_kind`, and `json_array`, which splits an array of call logs into records.

pub(crate) mod access_log;
pub(crate) mod basic;
pub(crate) mod curl;
pub(crate) mod form;
pub(crate) mod har;
pub(crate) mod http;
pub(crate) mod json_array;
pub(crate) mod json_depth;
pub(crate) mod json_kind;
pub(crate) mod listen_log;
pub(crate) mod reader;
pub(crate) mod target;
pub(crate) mod url;

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use crate::findings::Finding;
use form::FormPair;

/// The formats `decode` reads. Chosen per record; `--input-format` forces one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    /// Raw HTTP/1.x requests, one or many back to back.
    Http,
    /// curl command lines, one or many.
    Curl,
    /// A URL or request target with a query string (a GET webhook).
    Url,
    /// A form body: `myoperator=<percent-encoded JSON>&...`.
    Form,
    /// A bare call log: a JSON object, an array of them, or one per line.
    Json,
    /// A HAR 1.2 archive from browser devtools or a proxy.
    Har,
    /// nginx or Apache access-log lines ("combined" or "common").
    AccessLog,
    /// The capture log `callhook listen` writes: one request a line, with its
    /// receive time; its forward-attempt lines are passed over.
    ListenLog,
}

impl InputFormat {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Curl => "curl",
            Self::Url => "url",
            Self::Form => "form",
            Self::Json => "json",
            Self::Har => "har",
            Self::AccessLog => "access-log",
            Self::ListenLog => "listen-log",
        }
    }

    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Http => "HTTP request",
            Self::Curl => "curl command",
            Self::Url => "URL",
            Self::Form => "form body",
            Self::Json => "JSON call log",
            Self::Har => "HAR entry",
            Self::AccessLog => "access-log line",
            Self::ListenLog => "listen log request",
        }
    }
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file as the user named it, or `<stdin>`.
    pub file: Arc<str>,
    /// 1-based line of the record's first byte.
    pub line: usize,
}

/// The bytes of one record and the format it was detected as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRecord {
    pub source: Source,
    pub format: InputFormat,
    pub text: Vec<u8>,
}

/// Why a parser could not read a record: what was expected, at a byte offset into
/// the record's text. [`RecordError::at`] turns it into a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError {
    pub(crate) offset: usize,
    pub(crate) message: String,
}

impl ParseError {
    pub fn new(offset: usize, message: impl Into<String>) -> Self {
        Self {
            offset,
            message: message.into(),
        }
    }
}

/// A record that could not be read, with the place and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub source: Source,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The offending line, for the excerpt under the message.
    pub excerpt: String,
}

impl RecordError {
    /// An error at byte `offset` of `text`, the record that starts at `source`.
    #[must_use]
    pub fn at(source: &Source, text: &[u8], offset: usize, message: String) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
        let line_end = text[offset..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |p| offset + p);
        let excerpt = String::from_utf8_lossy(&text[line_start..line_end]);
        Self {
            line: source.line + memchr::memchr_iter(b'\n', before).count(),
            column: String::from_utf8_lossy(&text[line_start..offset]).chars().count() + 1,
            source: source.clone(),
            message,
            excerpt: excerpt.trim_end_matches('\r').to_owned(),
        }
    }

    /// An error at a line and column (1-based) inside the record, as `serde_json` gives.
    #[must_use]
    pub fn at_line_column(source: &Source, text: &[u8], line: usize, column: usize, message: String) -> Self {
        let mut offset = 0;
        for _ in 1..line {
            match text[offset..].iter().position(|&b| b == b'\n') {
                Some(p) => offset += p + 1,
                None => break,
            }
        }
        let line_len = text[offset..]
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(text.len() - offset);
        Self::at(source, text, offset + column.saturating_sub(1).min(line_len), message)
    }
}

/// One header line, in the order and case captured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    pub(crate) name: String,
    pub(crate) value: String,
    /// Byte offset of the header line in its record (0 where the format has none).
    pub(crate) offset: usize,
    /// Whether the captured line had a `:`; a parser reports lines without.
    pub(crate) has_colon: bool,
}

/// The first header of that name, in any case.
pub(crate) fn header<'h>(headers: &'h [Header], name: &str) -> Option<&'h Header> {
    headers.iter().find(|h| h.name.eq_ignore_ascii_case(name))
}

/// Basic credentials: from `Authorization: Basic`, `curl -u` or an access log's user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Credentials {
    pub(crate) username: String,
    pub(crate) password: Option<String>,
}

/// A request body and the type its headers declare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Body {
    pub(crate) bytes: Vec<u8>,
    pub(crate) content_type: Option<String>,
}

/// What a captured request carried, before any field is given a meaning.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Capture {
    pub(crate) method: Option<String>,
    /// The URL or request target as captured.
    pub(crate) url: Option<String>,
    pub(crate) query: Vec<FormPair>,
    pub(crate) headers: Vec<Header>,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) body: Option<Body>,
    /// When the capture says the request arrived (HAR, access logs).
    pub(crate) received: Option<DateTime<FixedOffset>>,
    /// The response status an access log recorded.
    pub(crate) status: Option<u16>,
    pub(crate) findings: Vec<Finding>,
}
