//! Decoding: from a record's bytes to every field with its meaning, and findings.
//!
//! `decode_record` is the one entry point; `decode`, `timeline` (for what its fast
//! reader leaves) and the fuzz targets call it. It reads the record by its format
//! (`crate::input`), names query parameters and call-log fields from the dictionary
//! (`crate::vocabulary`), finds the call log or v2 event in whichever shape it arrived
//! (a form field, a JSON body bare or wrapped in `myoperator`, a v2 envelope, a
//! query string), detects its family there, and returns values; it never prints.
//! `walk` flattens a call log into rows, `interpret` reads a value by its field's
//! type, `v2_event` reads a v2 event across its fields, `document` parses a JSON
//! document keeping key order.

pub(crate) mod document;
pub(crate) mod interpret;
pub(crate) mod v2_event;
pub(crate) mod walk;

pub use walk::FieldRow;

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use crate::findings::{Finding, FindingId, Severity};
use crate::input::form::{FormContext, FormPair, parse_form};
use crate::input::json_array;
use crate::input::target::parse_target;
use crate::input::url::UrlParts;
use crate::input::{
    Body, Capture, Credentials, InputFormat, ParseError, RawRecord, RecordError, Source, access_log, basic, curl, har,
    http, listen_log,
};
use crate::privacy::{exposed_secrets, is_secret_name};
use crate::vocabulary::family::FamilyDetector;
use crate::vocabulary::lookup::resolve;
use crate::vocabulary::{Family, Field, ValueType};
use document::{Document, Key, Node};
use interpret::interpret;
use walk::Walker;

/// A query parameter or form field, named from the dictionary where it can be.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub(crate) raw: String,
    pub value: String,
    pub(crate) field: Option<&'static Field>,
    /// Named by its name alone, without a configuration mapping it.
    pub(crate) inferred: bool,
    pub(crate) display: Option<Cow<'static, str>>,
    pub(crate) secret: bool,
}

/// A header as captured, with what output may show of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeaderField {
    pub(crate) name: String,
    pub(crate) value: String,
    pub(crate) secret: bool,
    /// The `$_SERVER` key PHP reads this header under.
    pub(crate) php_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub(crate) method: Option<String>,
    pub(crate) url: Option<String>,
    pub query: Vec<Param>,
    pub(crate) headers: Vec<HeaderField>,
    pub(crate) credentials: Option<Credentials>,
    /// When the capture says the request arrived.
    pub(crate) received: Option<DateTime<FixedOffset>>,
    /// The response status an access log recorded.
    pub(crate) status: Option<u16>,
    pub(crate) content_type: Option<String>,
    pub(crate) form: Vec<Param>,
    /// A body that is neither a form nor a call log, as text.
    pub(crate) body_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    pub(crate) family: Family,
    pub fields: Vec<FieldRow>,
}

/// How the call log or event arrived: where in the record it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Query parameters named as fields, with no call log in a body (a GET webhook).
    Query,
    /// The JSON text of a `myoperator` form field, in a body declared as a form.
    Form,
    /// A `myoperator=` form in a body declared as something else, or not at all.
    FormAsText,
    /// A JSON object whose keys are the call log's (v1 short or long keys).
    Json,
    /// A JSON object with the call log as the object in its `myoperator` key.
    JsonInMyoperator,
    /// A JSON object with the call log as JSON text in its `myoperator` key.
    JsonTextInMyoperator,
    /// A Webhook v2 envelope: `event_type`, `payload` and the rest.
    V2Envelope,
}

impl Shape {
    /// As JSON output names it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Query => "query",
            Self::Form => "form",
            Self::FormAsText => "form-as-text",
            Self::Json => "json",
            Self::JsonInMyoperator => "json-in-myoperator",
            Self::JsonTextInMyoperator => "json-text-in-myoperator",
            Self::V2Envelope => "v2-envelope",
        }
    }
}

/// One decoded record.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedRecord {
    pub(crate) source: Source,
    pub(crate) format: InputFormat,
    /// How its call log or event arrived; `None` when it carried none.
    pub(crate) shape: Option<Shape>,
    pub request: Option<Request>,
    pub payload: Option<Payload>,
    pub(crate) findings: Vec<Finding>,
}

impl DecodedRecord {
    /// Whether a finding of error severity makes this record a problem.
    pub(crate) fn has_error(&self) -> bool {
        self.findings.iter().any(|f| f.severity() == Severity::Error)
    }

    /// A Webhook v2 event's `event_type` as sent (`call.initiated`), which says what
    /// the event is as a v1 log's state does.
    pub(crate) fn v2_event_type(&self) -> Option<&str> {
        let payload = self.payload.as_ref().filter(|p| p.family.is_v2())?;
        payload.fields.iter().find(|r| r.path() == "event_type")?.value.as_str()
    }
}

/// Decodes one record. A JSON array or a HAR archive yields one result per element.
#[must_use]
pub fn decode_record(raw: &RawRecord, tz: FixedOffset) -> Vec<Result<DecodedRecord, RecordError>> {
    let positioned = |text: &[u8], e: ParseError| RecordError::at(&raw.source, text, e.offset, e.message);
    match raw.format {
        InputFormat::Json | InputFormat::Har => json_document(raw, tz),
        InputFormat::Http => vec![
            http::parse_request(&raw.text)
                .map(|capture| from_capture(capture, raw, tz))
                .map_err(|e| positioned(&raw.text, e)),
        ],
        InputFormat::Url | InputFormat::Curl | InputFormat::AccessLog => {
            let (text, findings) = text_of(raw);
            let parsed = match raw.format {
                InputFormat::Url => parse_target(&text),
                InputFormat::Curl => curl::parse_curl(&text),
                _ => access_log::parse_access_log(&text),
            };
            vec![match parsed {
                Ok(mut capture) => {
                    capture.findings.splice(0..0, findings);
                    Ok(from_capture(capture, raw, tz))
                }
                Err(e) => Err(positioned(text.as_bytes(), e)),
            }]
        }
        InputFormat::ListenLog => match listen_log::parse_line(&raw.text) {
            Ok(listen_log::LogLine::Request(request)) => vec![Ok(from_capture(request.into_capture(), raw, tz))],
            // Forward attempts and notes are not requests.
            Ok(_) => Vec::new(),
            Err(e) => vec![Err(positioned(&raw.text, e))],
        },
        InputFormat::Form => vec![Ok(from_capture(
            Capture {
                method: Some("POST".into()),
                body: Some(Body {
                    bytes: raw.text.clone(),
                    content_type: Some(FORM_TYPE.into()),
                }),
                ..Capture::default()
            },
            raw,
            tz,
        ))],
    }
}

const FORM_TYPE: &str = "application/x-www-form-urlencoded";

/// A JSON record: a call log, an array of them, or a HAR archive.
fn json_document(raw: &RawRecord, tz: FixedOffset) -> Vec<Result<DecodedRecord, RecordError>> {
    // Trailing white space trimmed, so that a truncated document is reported at its
    // last character, not on the line after it.
    let text = raw.text.trim_ascii_end();
    // One UTF-8 check for the record, so `serde_json` need not check each string; bytes
    // that are not UTF-8 go to the byte parser, which says where they are.
    let parsed = match std::str::from_utf8(text) {
        Ok(text) => serde_json::from_str::<Document>(text),
        Err(_) => serde_json::from_slice::<Document>(text),
    };
    let doc = match parsed {
        Ok(doc) => doc,
        Err(e) => return vec![Err(json_error(&raw.source, &raw.text, &e))],
    };
    let at_start = |message: String| {
        let leading = raw.text.len() - raw.text.trim_ascii_start().len();
        RecordError::at(&raw.source, &raw.text, leading, message)
    };
    let looks_har = matches!(&doc, Document::Object(entries) if entries.iter().any(|(k, v)| k.text == har::ROOT_KEY && v.get("entries").is_some()));
    if looks_har || raw.format == InputFormat::Har {
        let mut har_record = RawRecord {
            format: InputFormat::Har,
            ..raw.clone()
        };
        return match har::parse_har(&doc.into_value()) {
            Ok(entries) => {
                // Each entry is placed at its own line (the record's, where it cannot
                // be found), counted on from the one before.
                let starts = json_array::har_entry_offsets(&raw.text);
                let (mut counted, mut line) = (0, raw.source.line);
                let mut decoded = Vec::with_capacity(entries.len());
                for (i, entry) in entries.into_iter().enumerate() {
                    let start = starts.get(i).copied();
                    if let Some(start) = start {
                        line += memchr::memchr_iter(b'\n', &raw.text[counted..start]).count();
                        counted = start;
                    }
                    har_record.source.line = line;
                    decoded.push(
                        entry
                            .map(|capture| from_capture(capture, &har_record, tz))
                            .map_err(|message| match start {
                                Some(start) => {
                                    RecordError::at(&raw.source, &raw.text, start, format!("HAR archive: {message}"))
                                }
                                None => at_start(format!("HAR archive: {message}")),
                            }),
                    );
                }
                decoded
            }
            Err(message) => vec![Err(at_start(format!("HAR archive: {message}")))],
        };
    }
    match doc {
        Document::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match item {
                Node::Object(map) => Ok(bare_call_log(keyed(map), raw, tz)),
                other => Err(at_start(format!(
                    "expected a call log (a JSON object) as element {} of the array, found {}",
                    i + 1,
                    other.kind()
                ))),
            })
            .collect(),
        Document::Object(entries) => vec![Ok(bare_call_log(entries, raw, tz))],
        scalar @ Document::Scalar(_) => vec![Err(at_start(format!(
            "expected a call log (a JSON object), found {}",
            scalar.kind()
        )))],
    }
}

/// The record as text; bytes that are not UTF-8 are replaced and reported.
fn text_of(raw: &RawRecord) -> (String, Vec<Finding>) {
    match std::str::from_utf8(&raw.text) {
        Ok(text) => (text.to_owned(), Vec::new()),
        Err(e) => (
            String::from_utf8_lossy(&raw.text).into_owned(),
            vec![Finding::new(
                FindingId::InvalidUtf8,
                None,
                format!(
                    "the record has bytes that are not UTF-8 (first at byte {}); they are shown as U+FFFD",
                    e.valid_up_to() + 1
                ),
            )],
        ),
    }
}

fn json_error(source: &Source, text: &[u8], e: &serde_json::Error) -> RecordError {
    RecordError::at_line_column(
        source,
        text,
        e.line(),
        e.column(),
        format!("invalid JSON: {}", json_message(e)),
    )
}

/// `serde_json`'s message without its " at line X column Y" tail: we say where ourselves.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// An object's entries, each key looked up in the dictionary as a top-level one.
fn keyed(entries: Vec<(Cow<'static, str>, Node)>) -> Vec<(Key, Node)> {
    entries.into_iter().map(|(k, v)| (Key::from(k.as_ref()), v)).collect()
}

fn bare_call_log(entries: Vec<(Key, Node)>, raw: &RawRecord, tz: FixedOffset) -> DecodedRecord {
    let mut findings = Vec::new();
    let (shape, payload) = json_call_log(entries, tz, &mut findings);
    DecodedRecord {
        source: raw.source.clone(),
        format: raw.format,
        shape: Some(shape),
        request: None,
        payload: Some(payload),
        findings,
    }
}

/// The call log or event of a JSON object, in whichever of its shapes: a v2
/// envelope, a v1 log bare, or a v1 log wrapped in `myoperator` (an object, or JSON
/// text). Keys beside `myoperator` are shown after the log's, as sent.
fn json_call_log(entries: Vec<(Key, Node)>, tz: FixedOffset, findings: &mut Vec<Finding>) -> (Shape, Payload) {
    let wrapped = entries
        .iter()
        .position(|(k, v)| k.text == "myoperator" && (matches!(v, Node::Object(_)) || v.as_str().is_some()));
    let Some(at) = wrapped else {
        return read_call_log(entries, Vec::new(), tz, findings);
    };
    let mut others = entries;
    let (key, value) = others.remove(at);
    let (shape, inner) = match value {
        Node::Object(map) => (Shape::JsonInMyoperator, keyed(map)),
        Node::Scalar(Value::String(text)) => match serde_json::from_str::<Document>(&text) {
            Ok(Document::Object(entries)) => (Shape::JsonTextInMyoperator, entries),
            parsed => {
                findings.push(myoperator_not_json(parsed.map(Document::into_value)));
                others.insert(at, (key, Node::Scalar(Value::String(text))));
                return read_call_log(others, Vec::new(), tz, findings);
            }
        },
        other => {
            others.insert(at, (key, other));
            return read_call_log(others, Vec::new(), tz, findings);
        }
    };
    let (_, payload) = read_call_log(inner, others, tz, findings);
    (shape, payload)
}

/// Why the text of `myoperator` is no call log: not JSON, or JSON but not an object.
fn myoperator_not_json(parsed: Result<Value, serde_json::Error>) -> Finding {
    let message = match parsed {
        Ok(other) => format!("`myoperator` is JSON but not an object: {}", interpret::compact(&other)),
        Err(e) => format!(
            "`myoperator` is not JSON: {} at character {} of its value",
            json_message(&e),
            e.column()
        ),
    };
    Finding::new(FindingId::MyoperatorNotJson, Some("myoperator"), message)
}

/// A call log's top-level entries, and `others` (keys sent beside it) after them:
/// its family detected, a v2 event read across its fields, then every field walked.
fn read_call_log(
    entries: Vec<(Key, Node)>,
    others: Vec<(Key, Node)>,
    tz: FixedOffset,
    findings: &mut Vec<Finding>,
) -> (Shape, Payload) {
    let mut detector = FamilyDetector::default();
    for (key, value) in &entries {
        detector.key(&key.text, key.families);
        if let Some(text) = value.as_str()
            && FamilyDetector::reads_value(&key.text)
        {
            detector.value(&key.text, text);
        }
    }
    let family = detector.family();
    let shape = if detector.is_v2_envelope() {
        v2_event::check(&entries, family, tz, findings);
        Shape::V2Envelope
    } else {
        Shape::Json
    };
    let mut walker = Walker::new(tz, findings);
    // A v2 event's rows are mostly its payload's and its legs': up to seven times
    // its envelope's (a summary of four legs), and growing into them costs more
    // than counting them or reserving room to spare.
    let rows = entries.len() + others.len();
    walker
        .rows
        .reserve(if shape == Shape::V2Envelope { rows * 8 } else { rows });
    walker.top_level(entries);
    walker.top_level(others);
    (
        shape,
        Payload {
            family,
            fields: walker.rows,
        },
    )
}

fn from_capture(capture: Capture, raw: &RawRecord, tz: FixedOffset) -> DecodedRecord {
    let Capture {
        method,
        url,
        query,
        headers,
        credentials,
        body,
        received,
        status,
        mut findings,
    } = capture;
    let query = params(query, true, tz, &mut findings);
    let mut credentials = credentials;
    for h in headers.iter().filter(|h| h.name.eq_ignore_ascii_case("authorization")) {
        if let Some(Ok(basic)) = basic::parse_basic(&h.value) {
            credentials.get_or_insert(basic);
        }
    }
    let headers: Vec<HeaderField> = headers
        .into_iter()
        .map(|h| HeaderField {
            secret: is_secret_name(&h.name),
            php_name: php_server_key(&h.name),
            name: h.name,
            value: h.value,
        })
        .collect();
    header_findings(&headers, url.as_deref(), credentials.is_some(), &mut findings);
    let content_type = body.as_ref().and_then(|b| b.content_type.clone());
    let BodyRead {
        form,
        text: body_text,
        call_log,
    } = match body {
        Some(body) => read_body(&body, tz, &mut findings),
        None => BodyRead::default(),
    };
    let (shape, payload) = match call_log {
        Some((shape, payload)) => (Some(shape), Some(payload)),
        None => (query.iter().any(|p| p.field.is_some()).then_some(Shape::Query), None),
    };
    DecodedRecord {
        source: raw.source.clone(),
        format: raw.format,
        shape,
        request: Some(Request {
            method,
            url,
            query,
            headers,
            credentials,
            received,
            status,
            content_type,
            form,
            body_text,
        }),
        payload,
        findings,
    }
}

/// What a body held: form fields, text that is neither form nor JSON, and the call
/// log or event found in it with the shape it arrived in.
#[derive(Default)]
struct BodyRead {
    form: Vec<Param>,
    text: Option<String>,
    call_log: Option<(Shape, Payload)>,
}

impl BodyRead {
    fn text(text: &str) -> Self {
        Self {
            text: Some(text.to_owned()),
            ..Self::default()
        }
    }
}

/// What a body holds: a form (with the call log in `myoperator`), JSON (a v2 event,
/// or a v1 call log in any of its shapes), or text, as its shape says and its
/// Content-Type confirms. A form or JSON sent under another Content-Type is read by
/// its shape and reported, since frameworks that go by the Content-Type see nothing.
fn read_body(body: &Body, tz: FixedOffset, findings: &mut Vec<Finding>) -> BodyRead {
    let Ok(text) = std::str::from_utf8(&body.bytes) else {
        findings.push(Finding::new(
            FindingId::BodyNotForm,
            None,
            format!(
                "the body is {} bytes of binary data, not a form or JSON",
                body.bytes.len()
            ),
        ));
        return BodyRead {
            text: Some(String::from_utf8_lossy(&body.bytes).into_owned()),
            ..BodyRead::default()
        };
    };
    let declared = body.content_type.as_deref().unwrap_or_default().to_ascii_lowercase();
    let looks_json = matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['));
    let looks_form = !looks_json && looks_like_form(text);
    let declared_form = declared.contains("x-www-form-urlencoded");
    let declared_json = declared.contains("json");
    let myoperator_form = looks_form && has_myoperator_field(text);
    if declared_form {
        if looks_form {
            return form_body(text, Shape::Form, tz, findings);
        }
        let what = if looks_json { "JSON" } else { "not a form" };
        findings.push(Finding::new(
            FindingId::BodyNotForm,
            None,
            format!("Content-Type says form but the body is {what}: PHP's $_POST['myoperator'] stays unset"),
        ));
        return BodyRead::text(text);
    }
    if looks_form && (declared.is_empty() || myoperator_form) {
        let sent_as = body
            .content_type
            .as_deref()
            .map_or_else(|| "with no Content-Type".to_owned(), |t| format!("as `{t}`"));
        findings.push(Finding::new(
            FindingId::FormSentAsText,
            None,
            format!(
                "the body is a form, sent {sent_as}: PHP's $_POST stays empty, and frameworks that read forms by Content-Type see nothing; read the raw body (php://input) and parse it as a form, or send `Content-Type: application/x-www-form-urlencoded`"
            ),
        ));
        return form_body(text, Shape::FormAsText, tz, findings);
    }
    if declared_json || (looks_json && declared.is_empty()) {
        return json_body(text, tz, findings);
    }
    if looks_json {
        let declared = body.content_type.as_deref().unwrap_or_default();
        findings.push(Finding::new(
            FindingId::JsonSentAsText,
            None,
            format!(
                "the body is JSON, sent as `{declared}`: frameworks that parse JSON by Content-Type (Express's json(), Flask's get_json()) see nothing; send `Content-Type: application/json`"
            ),
        ));
        return json_body(text, tz, findings);
    }
    findings.push(Finding::new(
        FindingId::BodyNotForm,
        None,
        match body.content_type.as_deref() {
            Some(t) => format!("the body is `{t}`, neither a form nor JSON; it is shown as text"),
            None => "the body is neither a form nor JSON; it is shown as text".into(),
        },
    ));
    BodyRead::text(text)
}

/// A JSON body: the call log or event, or the text with why it is none.
fn json_body(text: &str, tz: FixedOffset, findings: &mut Vec<Finding>) -> BodyRead {
    match serde_json::from_str::<Document>(text) {
        Ok(Document::Object(entries)) => BodyRead {
            call_log: Some(json_call_log(entries, tz, findings)),
            ..BodyRead::default()
        },
        Ok(other) => {
            findings.push(Finding::new(
                FindingId::BodyNotJson,
                None,
                format!("the JSON body is {}, not a call log object", other.kind()),
            ));
            BodyRead::text(text)
        }
        Err(e) => {
            findings.push(Finding::new(
                FindingId::BodyNotJson,
                None,
                format!(
                    "the body is declared as JSON but is not: {} at line {} column {} of the body",
                    json_message(&e),
                    e.line(),
                    e.column()
                ),
            ));
            BodyRead::text(text)
        }
    }
}

/// A form body: its fields, and the call log in `myoperator`.
fn form_body(text: &str, shape: Shape, tz: FixedOffset, findings: &mut Vec<Finding>) -> BodyRead {
    let (pairs, form_findings) = parse_form(text, FormContext::Body);
    findings.extend(form_findings);
    let call_log = match pairs.iter().find(|p| p.name == "myoperator") {
        None => {
            findings.push(Finding::new(
                FindingId::MyoperatorMissing,
                None,
                "the form body has no `myoperator` field, where MyOperator sends the call log".into(),
            ));
            None
        }
        Some(pair) => match serde_json::from_str::<Document>(&pair.value) {
            Ok(Document::Object(entries)) => {
                let (_, payload) = read_call_log(entries, Vec::new(), tz, findings);
                Some((shape, payload))
            }
            parsed => {
                findings.push(myoperator_not_json(parsed.map(Document::into_value)));
                None
            }
        },
    };
    BodyRead {
        form: params(pairs, false, tz, findings),
        text: None,
        call_log,
    }
}

/// Whether a form's text has a `myoperator` field, the one MyOperator sends.
// Both look through the whole body of every form: the pairs and names are found
// with `memchr`, which `str::split` on a `char` does not use.
fn has_myoperator_field(text: &str) -> bool {
    let bytes = text.trim().as_bytes();
    let mut start = 0;
    for end in memchr::memchr_iter(b'&', bytes).chain([bytes.len()]) {
        let pair = &bytes[start..end];
        if memchr::memchr(b'=', pair).map_or(pair, |eq| &pair[..eq]) == b"myoperator" {
            return true;
        }
        start = end + 1;
    }
    false
}

/// `name=value&...`: a name of token characters before the first `=`.
fn looks_like_form(text: &str) -> bool {
    let text = text.trim();
    // The first pair's name: before the first `=`, if no `&` comes first.
    memchr::memchr(b'=', text.as_bytes())
        .and_then(|eq| text.get(..eq))
        .is_some_and(|name| {
            !name.is_empty() && !name.contains(|c: char| c.is_whitespace() || matches!(c, '{' | '"' | '&'))
        })
}

/// The key PHP's `$_SERVER` gives a request header: `HTTP_` and the name upper-cased
/// with `-` as `_`. Content-Type and Content-Length lose the prefix.
pub(crate) fn php_server_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len() + 5);
    key.push_str("HTTP_");
    key.extend(
        name.chars()
            .map(|c| if c == '-' { '_' } else { c.to_ascii_uppercase() }),
    );
    if matches!(&key[5..], "CONTENT_TYPE" | "CONTENT_LENGTH") {
        key.drain(..5);
    }
    key
}

/// Headers every HTTP client sends, whose `$_SERVER` key nobody needs told.
const STANDARD_HEADERS: &[&str] = &[
    "accept",
    "accept-encoding",
    "accept-language",
    "authorization",
    "cache-control",
    "connection",
    "content-length",
    "content-type",
    "cookie",
    "expect",
    "host",
    "origin",
    "pragma",
    "referer",
    "te",
    "transfer-encoding",
    "upgrade",
    "user-agent",
];

fn header_findings(headers: &[HeaderField], url: Option<&str>, has_credentials: bool, findings: &mut Vec<Finding>) {
    for h in headers {
        let lower = h.name.to_ascii_lowercase();
        if lower.contains("signature") {
            findings.push(Finding::new(
                FindingId::SignatureHeader,
                Some(&h.name),
                format!(
                    "`{}` looks like a signature, but MyOperator signs nothing: it is a static header set in the panel, which proves only that the sender knows its value; compare it with the value you configured (in constant time), since an HMAC of the body will never match",
                    h.name
                ),
            ));
        }
        if STANDARD_HEADERS.contains(&lower.as_str())
            || lower.starts_with("sec-")
            || lower.starts_with("x-forwarded-")
            || lower.starts_with(':')
        {
            continue;
        }
        let mut message = format!("PHP reads `{}` as $_SERVER['{}']", h.name, h.php_name);
        if h.name.contains('_') {
            message.push_str("; nginx drops header names with `_` unless `underscores_in_headers on`");
        }
        findings.push(Finding::new(FindingId::PhpHeaderName, Some(&h.name), message));
    }
    if url.is_some_and(|u| UrlParts::split(u).is_plain_http())
        && let Some(what) = exposed_secrets(has_credentials, headers.iter().map(|h| h.name.as_str()))
    {
        findings.push(Finding::new(
            FindingId::SecretOverHttp,
            None,
            format!("{what} are sent over plain http, readable by anyone on the path; use https"),
        ));
    }
}

/// Names query parameters (and form fields) from the dictionary: a parameter called
/// like a key, id or dropdown label is taken as that field, marked as inferred.
fn params(pairs: Vec<FormPair>, query: bool, tz: FixedOffset, findings: &mut Vec<Finding>) -> Vec<Param> {
    let mut out: Vec<Param> = Vec::with_capacity(pairs.len());
    // How often each name was seen so far: one look-up a parameter, however many.
    let mut seen: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    for pair in pairs {
        let count = if query {
            let count = seen.entry(pair.name.clone()).or_default();
            *count += 1;
            *count
        } else {
            0
        };
        // Reported once, at the second occurrence.
        if count == 2 {
            findings.push(Finding::new(
                FindingId::DuplicateQueryParam,
                Some(&pair.name),
                format!(
                    "`{}` is given more than once: PHP's $_GET keeps the last value, most other frameworks the first",
                    pair.name
                ),
            ));
        }
        let field = (query || pair.name != "myoperator")
            .then(|| resolve(&pair.name))
            .flatten()
            .filter(|f| !matches!(f.value_type, ValueType::List | ValueType::KeyedList | ValueType::Opaque));
        let display = field.and_then(|f| {
            let shown = interpret(f, &Value::String(pair.value.clone()), tz);
            if let Some((id, message)) = shown.problem {
                findings.push(Finding::new(id, Some(&pair.name), message));
            }
            shown.display
        });
        let secret = is_secret_name(&pair.name);
        if query && secret && !pair.value.is_empty() {
            findings.push(Finding::new(
                FindingId::ApiKeyInQuery,
                Some(&pair.name),
                format!(
                    "`{}` carries a secret in the query string: URLs land in access logs, proxy logs and monitoring, and the key with them; send it in a header instead (Webhook v2: auth `api_key` with `\"in\": \"header\"`)",
                    pair.name
                ),
            ));
        }
        out.push(Param {
            name: pair.name,
            raw: pair.raw_value,
            value: pair.value,
            field,
            inferred: field.is_some(),
            display,
            secret,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_keys() {
        assert_eq!(php_server_key("my-super-secret-token"), "HTTP_MY_SUPER_SECRET_TOKEN");
        assert_eq!(php_server_key("Content-Type"), "CONTENT_TYPE");
        assert_eq!(php_server_key("X_Api_Key"), "HTTP_X_API_KEY");
    }

    /// Every leaf of a JSON value with its path, `a.b[0].c`, in order.
    fn leaf_paths(value: &Value, path: &str, out: &mut Vec<String>) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                for (key, v) in map {
                    let child = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    leaf_paths(v, &child, out);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                for (i, v) in items.iter().enumerate() {
                    leaf_paths(v, &format!("{path}[{i}]"), out);
                }
            }
            _ => out.push(path.to_owned()),
        }
    }

    /// The rows of a v2 event are its leaves, each at its own path, however many
    /// legs it has (the first few legs' paths are made once, the others built),
    /// whatever is nested in a leg, and whatever keys it has that are not v2's.
    #[test]
    fn v2_rows_are_at_their_leaves_paths() {
        let mut legs = Vec::new();
        for i in 0..11 {
            legs.push(serde_json::json!({
                "leg_index": i + 1,
                "uid": format!("s8.1767427202.{}", 1000 + i),
                "type": if i == 0 { "customer" } else { "agent" },
                "agent": {"name": "A", "contact": "+919711636496", "mine": {"deep": [1, {"x[]": 2}]}},
                "calls": [{"uid": "a"}, [3, 4]],
                "legs[].uid": "literal",
                "": {"": 5},
            }));
        }
        let event = serde_json::json!({
            "event_type": "call.dial_begin",
            "event_version": 1,
            "channel": "call",
            "session_id": "s8.1767427202.1000",
            "payload": {"id": "s8.1767427202.1000", "did": "+911206544510", "legs": legs, "legs[]": [{"uid": 1}], "x.y": 1},
        });
        let raw = RawRecord {
            source: Source {
                file: std::sync::Arc::from("t"),
                line: 1,
            },
            format: InputFormat::Json,
            text: serde_json::to_vec(&event).unwrap(),
        };
        let decoded = decode_record(&raw, FixedOffset::east_opt(0).unwrap())
            .remove(0)
            .unwrap();
        let payload = decoded.payload.unwrap();
        assert!(payload.family.is_v2());
        let paths: Vec<&str> = payload.fields.iter().map(FieldRow::path).collect();
        let mut expected = Vec::new();
        leaf_paths(&event, "", &mut expected);
        assert_eq!(paths, expected);
        assert!(paths.contains(&"payload.legs[10].agent.mine.deep[1].x[]"));
        assert_eq!(
            payload
                .fields
                .iter()
                .find(|r| r.path() == "payload.legs[9].uid")
                .unwrap()
                .first_index(),
            Some(9)
        );
    }

    #[test]
    fn form_shapes() {
        assert!(looks_like_form("myoperator=%7B%7D&a=b"));
        assert!(looks_like_form("a="));
        assert!(!looks_like_form("{\"a\": 1}"));
        assert!(!looks_like_form("hello world"));
        assert!(!looks_like_form("a b=c"));
        assert!(!looks_like_form("a&b=c"));
        assert!(has_myoperator_field(" a=1&myoperator=%7B%7D "));
        assert!(has_myoperator_field("a=1&myoperator"));
        assert!(!has_myoperator_field("a=myoperator&myoperators=1&xmyoperator=2"));
    }

    proptest::proptest! {
        /// The two looks at a body say what splitting it on `&` and `=` says.
        #[test]
        fn form_looks_are_the_split_ones(text in "[a&= {\"\u{a0}é]{0,12}(myoperator)?[a&= \t]{0,6}") {
            let split_form = text.trim().split('&').next().and_then(|first| first.split_once('=')).is_some_and(
                |(name, _)| !name.is_empty() && !name.contains(|c: char| c.is_whitespace() || c == '{' || c == '"'),
            );
            let split_field = text.trim().split('&').any(|pair| pair.split('=').next() == Some("myoperator"));
            proptest::prop_assert_eq!(looks_like_form(&text), split_form, "{:?}", text);
            proptest::prop_assert_eq!(has_myoperator_field(&text), split_field, "{:?}", text);
        }
    }
}
